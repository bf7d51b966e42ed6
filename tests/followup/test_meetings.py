"""The committee's agenda is built from the follow-up: a task reported late re-forecasts the
plan, turns its file at risk and puts it, with the overdue task, on the next meeting's agenda;
an overdue decision is there too. Attendance and minutes; a held meeting keeps its agenda."""

import datetime as dt

import pytest

from ihya.errors import Conflict, Forbidden, Invalid
from ihya.followup.meetings import (
    agenda,
    meeting_agenda,
    meeting_plan,
    meeting_record,
    next_meeting,
)
from ihya.followup.progress import progress_reforecast, task_rows, task_update
from ihya.followup.services import decision_record, decision_update
from tests.followup.conftest import first_step

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def factory(running, solved):
    from ihya.registry.models import Factory

    return Factory.objects.get(external_id=solved.outcome.selected_ids[0])


def test_a_late_task_reaches_the_next_meetings_agenda(running, factory, actors, settings):
    settings.RISK_SLIP_DAYS = 30
    fid = factory.external_id
    step = first_step(running, factory)
    meeting_plan(actor=actors["secretary"], number="M-07", date=TODAY + dt.timedelta(days=3))
    assert next_meeting().number == "M-07"
    assert fid not in [f["factory_id"] for f in meeting_agenda(next_meeting())["at_risk"]]
    # started on time, only a fifth done long after it was due
    task_update(
        actor=actors["ministry"],
        task_key=step.key,
        status="in_progress",
        percent=20,
        actual_start=step.start_date,
        note="the tender was re-issued",
    )
    [row] = [r for r in task_rows(factory_id=fid) if r.task.key == step.key]
    assert row.status == "in_progress" and row.update.note == "the tender was re-issued"
    result = progress_reforecast(actor=actors["secretary"], time_limit=2)
    assert fid in result.turned_at_risk and fid in result.moved
    before, after = result.moved[fid]
    assert after > before
    items = meeting_agenda(next_meeting())
    [risk] = [f for f in items["at_risk"] if f["factory_id"] == fid]
    assert (
        risk["slip_days"]
        == (after - running.tasks.get(factory_id=fid, kind="restart").finish_date).days
    )
    assert risk["slip_days"] > 30
    late = {t["key"]: t for t in items["overdue_tasks"]}
    assert late[step.key]["days_late"] == (TODAY - step.finish_date).days
    assert late[step.key]["status"] == "in_progress"


def test_overdue_decisions_and_pending_approvals_are_on_the_agenda(running, factory, actors):
    decision_record(
        actor=actors["secretary"],
        number="D-1",
        taken_on=TODAY - dt.timedelta(days=40),
        text_ar="تأمين خط ائتمان",
        text_en="Secure a credit line",
        owner_body="ministry-industry",
        owner_person="Director of finance",
        deadline=TODAY - dt.timedelta(days=10),
    )
    decision_record(
        actor=actors["secretary"], number="D-2", taken_on=TODAY, text_ar="زيارة",
        deadline=TODAY + dt.timedelta(days=10),
    )  # fmt: skip
    items = agenda()
    assert [(d["number"], d["days_late"]) for d in items["overdue_decisions"]] == [("D-1", 10)]
    decision_update(actor=actors["secretary"], number="D-1", state="done")
    assert agenda()["overdue_decisions"] == []
    with pytest.raises(Forbidden):
        decision_update(actor=actors["viewer"], number="D-2", state="done")


def test_attendance_minutes_and_a_held_meeting_keeps_its_agenda(running, actors):
    with pytest.raises(Forbidden):
        meeting_plan(actor=actors["member"], number="M-1", date=TODAY)
    meeting_plan(actor=actors["secretary"], number="M-1", date=TODAY - dt.timedelta(days=7))
    with pytest.raises(Invalid):
        meeting_plan(actor=actors["secretary"], number="M-1", date=TODAY)
    with pytest.raises(Invalid) as refused:
        meeting_record(actor=actors["secretary"], number="M-1", attendees=["member", "nobody"])
    assert "nobody" in refused.value.problems[0].en
    held = meeting_record(
        actor=actors["secretary"],
        number="M-1",
        attendees=["member", "ministry"],
        minutes_ar="ناقشت اللجنة الملفات المتأخرة.",
        held=True,
    )
    assert (
        held.state == "held" and held.agenda["as_of"] == (TODAY - dt.timedelta(days=7)).isoformat()
    )
    assert sorted(held.attendees.values_list("username", flat=True)) == ["member", "ministry"]
    decision_record(
        actor=actors["secretary"], number="D-9", taken_on=TODAY, text_ar="قرار",
        deadline=TODAY - dt.timedelta(days=0),
    )  # fmt: skip
    assert meeting_agenda(held) == held.agenda  # kept as it was
    meeting_plan(actor=actors["secretary"], number="M-2", date=TODAY + dt.timedelta(days=9))
    with pytest.raises(Conflict):
        meeting_record(actor=actors["secretary"], number="M-2", held=True)
    from ihya.audit.models import AuditEntry

    assert AuditEntry.objects.filter(entity="followup.meeting", object_id="M-1").count() == 2


def test_task_updates_are_checked_and_nothing_is_written(running, actors):
    from ihya.followup.models import TaskUpdate

    step = running.tasks.filter(kind="step").first()
    with pytest.raises(Invalid) as refused:
        task_update(
            actor=actors["ministry"],
            task_key=step.key,
            status="done",
            percent=140,
            actual_start=TODAY + dt.timedelta(days=2),
        )
    assert sorted(p.code for p in refused.value.problems) == [
        "bad_percent", "finish_required", "future_date"
    ]  # fmt: skip
    with pytest.raises(Forbidden):
        task_update(actor=actors["member"], task_key=step.key, status="not_started")
    assert TaskUpdate.objects.count() == 0
    update = task_update(
        actor=actors["authority"],
        task_key=step.key,
        status="done",
        actual_start=running.start_date,
        actual_finish=running.start_date + dt.timedelta(days=5),
    )
    assert update.percent == 100.0 and update.actor_name == "authority"


def test_the_agenda_from_the_command_line(running, actors):
    from typer.testing import CliRunner

    from ihya.cli import app

    decision_record(
        actor=actors["secretary"], number="D-3", taken_on=TODAY - dt.timedelta(days=9),
        text_en="Release the first tranche", deadline=TODAY - dt.timedelta(days=2),
        owner_body="ministry-industry",
    )  # fmt: skip
    meeting_plan(actor=actors["secretary"], number="M-9", date=TODAY + dt.timedelta(days=1))
    result = CliRunner().invoke(app, ["meeting", "agenda"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "M-9" in result.output and "D-3 Release the first tranche" in result.output
    assert "2 days late" in result.output
    result = CliRunner().invoke(app, ["meeting", "agenda", "NO-SUCH"])
    assert result.exit_code == 1


def test_a_decision_for_an_unknown_body_is_refused_not_a_server_error(small_demo, actors, api_for):
    """An owner body that does not exist is a 422 naming it (was a 500: the reason's ``code``
    placeholder clashed with the problem's own code)."""
    with pytest.raises(Invalid) as refused:
        decision_record(
            actor=actors["secretary"],
            number="D-9",
            taken_on=TODAY,
            text_ar="قرار",
            owner_body="no-such-body",
        )
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("owner_body", "unknown_body")
    assert problem.en == "No body no-such-body."
    assert problem.ar == "لا توجد جهة بالرمز no-such-body."
    response = api_for("secretary").post(
        "/api/v1/decisions",
        data={
            "number": "D-9",
            "taken_on": str(TODAY),
            "text_ar": "قرار",
            "owner_body": "no-such-body",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["issues"][0]["code"] == "unknown_body"
