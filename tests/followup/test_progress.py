"""Progress from a file: a late actual finish moves the forecast restart and turns the file at
risk; a bad file names each bad row and column and writes nothing (Arabic-Indic digits are
fine)."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.plan.models import Plan, PlanTask

pytestmark = pytest.mark.django_db


def _late_step(planned, factory):
    """The last step of the factory's chains in the approved plan."""
    return (
        planned.tasks.filter(
            requirement_id__in=factory.requirements.values_list("external_id", flat=True)
        )
        .order_by("-finish_day")
        .first()
    )


def _arabic(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def test_a_late_finish_moves_the_forecast_and_turns_the_file_at_risk(
    chosen, planned, tmp_path, settings, api_for
):
    settings.RISK_SLIP_DAYS = 30
    fid = chosen.external_id
    step = _late_step(planned, chosen)
    late = step.finish_date + dt.timedelta(days=90)
    file = tmp_path / "progress.csv"
    file.write_text(
        "task_id,actual_start,actual_finish,percent\n"
        f"{step.key},{_arabic(step.start_date.strftime('%d/%m/%Y'))},"
        f"{_arabic(late.strftime('%d/%m/%Y'))},١٠٠\n",
        encoding="utf-8",
    )
    assert api_for("viewer").get(f"/api/v1/cases/{fid}").json()["at_risk"] is False
    from ihya.followup.meetings import meeting_agenda, meeting_plan, next_meeting

    meeting_plan(actor=None, number="M-NEXT", date=dt.date.today() + dt.timedelta(days=7))
    assert fid not in [f["factory_id"] for f in meeting_agenda(next_meeting())["at_risk"]]
    result = CliRunner().invoke(
        app,
        ["progress", "import", str(file), "--as-of", late.isoformat(), "--time-limit", "2"],
    )
    assert result.exit_code == 0, result.output
    baseline = planned.tasks.get(factory_id=fid, kind=PlanTask.Kind.RESTART).finish_date
    case = api_for("viewer").get(f"/api/v1/cases/{fid}").json()
    assert case["baseline_restart"] == baseline.isoformat()
    assert case["forecast_restart"] > case["baseline_restart"] and case["at_risk"] is True
    assert f"restart of {fid}" in result.output and fid in result.output.split("at risk now:")[1]
    revised = Plan.objects.get(name=planned.name, version=2)
    assert revised.tasks.get(key=step.key).actual_finish == late
    # … and the file is on the next meeting's agenda, with its slip
    [item] = [f for f in meeting_agenda(next_meeting())["at_risk"] if f["factory_id"] == fid]
    assert item["slip_days"] == case["slip_days"] and item["forecast"] == case["forecast_restart"]
    agenda_page = api_for("viewer").get("/api/v1/meetings/M-NEXT").json()["agenda"]
    assert fid in [f["factory_id"] for f in agenda_page["at_risk"]]


def test_a_bad_progress_file_names_every_bad_row_and_writes_nothing(chosen, planned, tmp_path):
    step = _late_step(planned, chosen)
    file = tmp_path / "progress.csv"
    file.write_text(
        "task_id,actual_start,actual_finish,percent\n"
        f"{step.key},{_arabic('2027-02-01')},,٥٠\n"  # fine
        "NO-SUCH-TASK,2027-02-01,,10\n"
        f"{planned.tasks.all()[1].key},2026-12-01,,10\n"  # before the plan's first day
        f"{planned.tasks.all()[2].key},2027-02-01,,150\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        ["progress", "import", str(file), "--as-of", "2027-03-01", "--lang", "ar"],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 1, result.output
    for row, column in ((3, "task_id"), (4, "actual_start"), (5, "percent")):
        assert f"{row}" in result.output and column in result.output, (row, column)
    assert "2" not in [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert Plan.objects.filter(name=planned.name).count() == 1
