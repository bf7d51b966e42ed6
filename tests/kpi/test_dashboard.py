"""The KPI dashboard over the demo's approved plan: its targets against actuals entered on the
page, by API and from the command line — the lights and trends as worked out from the plan's
own numbers, both languages, the roles, the breakdowns and the count of the case files."""

import json
from decimal import Decimal as D

import pytest
from typer.testing import CliRunner

from ihya.kpi.models import KpiActual

pytestmark = pytest.mark.django_db


def _page(client, lang="ar"):
    client.cookies["django_language"] = lang
    response = client.get("/kpis/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, indicator: str, quarter: str) -> str:
    card = page[page.index(f'data-indicator="{indicator}"') :]
    row = card[card.index(f'data-quarter="{quarter}"') :]
    return row[: row.index("</tr>")]


def test_the_dashboard_shows_the_plans_targets_against_its_actuals(planned, client_for):
    q1, q2 = planned.targets[0], planned.targets[1]  # the plan starts 2027-01-03: Q1, Q2
    restarted, jobs = q2["factories_restarted"], q2["jobs"]
    assert jobs > 0 and planned.targets[3]["spending"] > 0
    ministry = client_for("ministry")
    ministry.post(
        "/kpis/record/",
        {"quarter": "2027-Q2", "indicator": "factories_restarted", "value": str(restarted)},
    )
    ministry.post("/kpis/record/", {"quarter": "2027-Q1", "indicator": "jobs", "value": "0"})
    ministry.post(
        "/kpis/record/", {"quarter": "2027-Q2", "indicator": "jobs", "value": str(jobs // 2)}
    )
    spending = round(planned.targets[3]["spending"] * 1.2, 2)  # 120 %: over-spent, amber
    ministry.post(
        "/kpis/record/",
        {"quarter": "٢٠٢٧-Q٤", "indicator": "spending", "value": f"{spending}".replace(".", ",")},
    )
    assert KpiActual.objects.count() == 4
    page = _page(client_for("viewer"), "en")
    assert 'dir="ltr"' in page and "Jobs restored" in page and "Targets of the plan" in page
    assert 'data-light="green"' in _row(page, "factories_restarted", "2027-Q2")
    assert "On track" in _row(page, "factories_restarted", "2027-Q2")
    q2_jobs = _row(page, "jobs", "2027-Q2")
    light = "red" if jobs // 2 < 0.8 * jobs else "amber"
    assert f'data-light="{light}"' in q2_jobs and 'data-trend="up"' in q2_jobs
    assert ("green" if q1["jobs"] == 0 else "red") in _row(page, "jobs", "2027-Q1")
    q4 = _row(page, "spending", "2027-Q4")
    assert 'data-light="amber"' in q4 and "Watch" in q4 and ">120%<" in q4
    assert 'data-light="grey"' in _row(page, "jobs", "2027-Q3")  # a target, no actual
    assert 'id="kpi-form"' not in page  # a viewer enters nothing
    assert "kpi-chart-jobs" in page and "ihya/kpi.js" in page and 'id="kpi-data"' in page

    arabic = _page(client_for("secretary"))
    assert 'dir="rtl"' in arabic and 'id="kpi-form"' in arabic and 'id="kpi-import-form"' in arabic
    assert "على المسار" in arabic and "الوظائف المستعادة" in arabic

    data = client_for("viewer").get("/api/v1/kpis")
    assert data.status_code == 200
    body = data.json()
    assert body["plan"] == {"name": planned.name, "version": 1, "start_date": "2027-01-03"}
    by_code = {i["indicator"]: {q["quarter"]: q for q in i["quarters"]} for i in body["indicators"]}
    assert by_code["jobs"]["2027-Q2"]["target"] == jobs
    assert by_code["jobs"]["2027-Q2"]["actual"] == jobs // 2
    assert by_code["jobs"]["2027-Q2"]["change"] == jobs // 2
    assert by_code["jobs"]["2027-Q2"]["ratio"] == round((jobs // 2) / jobs, 4)
    assert by_code["spending"]["2027-Q4"]["ratio"] == pytest.approx(1.2, abs=1e-4)
    assert by_code["factories_restarted"]["2027-Q2"]["light"] == "green"
    assert len(by_code["spending"]) == len(planned.targets)


def test_actuals_by_body_and_municipality_and_the_case_files_count(planned, chosen, actors):
    from ihya.followup.models import Case, CaseEvent
    from ihya.kpi.selectors import dashboard_json, kpi_dashboard
    from ihya.kpi.services import kpi_record

    for municipality, value in (("misrata", 3), ("tripoli-centre", 2)):
        kpi_record(
            actor=actors["secretary"],
            period="2027-Q2",
            indicator="factories_restarted",
            value=value,
            municipality=municipality,
        )
    kpi_record(
        actor=actors["secretary"],
        period="2027-Q2",
        indicator="spending",
        value="1500.5",
        body="ministry-industry",
    )
    case = Case.objects.create(factory=chosen, state="restarted")
    CaseEvent.objects.create(
        case=case, state_from="in_revival", state_to="restarted", actor_name="t"
    )
    board = dashboard_json(kpi_dashboard())
    restarted = {q["quarter"]: q for q in board["indicators"][0]["quarters"]}
    assert restarted["2027-Q2"]["actual"] == 5.0  # no total entered: the municipalities' sum
    assert restarted["2027-Q2"]["recorded"] == 1  # restarted before the quarter's end
    assert board["by_municipality"] == [
        {"quarter": "2027-Q2", "municipality": "misrata", "factories_restarted": 3.0},
        {"quarter": "2027-Q2", "municipality": "tripoli-centre", "factories_restarted": 2.0},
    ]
    assert board["by_body"] == [
        {"quarter": "2027-Q2", "body": "ministry-industry", "spending": 1500.5}
    ]


def test_the_api_enters_an_actual_or_says_why_not(actors, api_for):
    ok = api_for("secretary").post(
        "/api/v1/kpis/actuals",
        {"quarter": "2027-Q3", "indicator": "exports", "value": "1250.75", "body": "EDA"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json() == {
        "quarter": "2027-Q3",
        "indicator": "exports",
        "value": "1250.75",
        "body": "export-authority",
        "municipality": None,
        "note": "",
    }
    refused = api_for("authority").post(
        "/api/v1/kpis/actuals",
        {"quarter": "2027-Q3", "indicator": "exports", "value": 1},
        content_type="application/json",
    )
    assert refused.status_code == 403
    bad = api_for("ministry").post(
        "/api/v1/kpis/actuals",
        {"quarter": "Q9", "indicator": "smiles", "value": -1},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    issues = {(i["field"], i["code"]) for i in bad.json()["issues"]}
    assert issues == {
        ("quarter", "bad_quarter"),
        ("indicator", "unknown_indicator"),
        ("value", "negative"),
    }
    assert all(i["reason_ar"] and i["reason_en"] for i in bad.json()["issues"])
    assert KpiActual.objects.get().value == D("1250.75")


def test_the_page_imports_a_file_and_shows_every_problem(actors, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = b"quarter,indicator,value\n2027-Q1,jobs,x\n2027-Q9,jobs,3\n"
    response = client_for("ministry").post(
        "/kpis/import/", {"file": SimpleUploadedFile("k.csv", bad)}, follow=True
    )
    text = response.content.decode()
    assert "الصف ٢" in text or "الصف 2" in text
    assert "upload.csv" in text and not KpiActual.objects.exists()
    good = "quarter,indicator,value\n2027-Q1,jobs,٣٠\n".encode()
    client_for("ministry").post("/kpis/import/", {"file": SimpleUploadedFile("k.csv", good)})
    assert KpiActual.objects.get().value == D(30)
    assert client_for("viewer").post("/kpis/import/", {}).status_code == 403


def test_the_command_line_imports_and_shows(actors, tmp_path):
    from ihya.cli import app

    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_text("quarter,indicator,value\n2027-Q1,jobs,-4\n2027-Q1,joy,4\n", encoding="utf-8")
    refused = runner.invoke(app, ["kpi", "import", str(bad)])
    assert refused.exit_code == 1
    assert "row 2 column value" in refused.output and "row 3 column indicator" in refused.output
    assert "nothing was written" in refused.output and not KpiActual.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("quarter,indicator,value\n2027-Q1,jobs,40\n2027-Q2,jobs,55\n", "utf-8")
    done = runner.invoke(app, ["kpi", "import", str(good)])
    assert done.exit_code == 0, done.output
    assert "2 rows: 2 actuals added, 0 replaced." in done.output
    shown = runner.invoke(app, ["kpi", "show"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "2027-Q2" in shown.output and "▲ 15" in shown.output
    assert "No data (grey)" in shown.output  # no approved plan: no targets
    arabic = runner.invoke(app, ["kpi", "show", "--lang", "ar"], env={"COLUMNS": "200"})
    assert arabic.exit_code == 0 and "لا بيانات" in arabic.output
    json.dumps(arabic.output)
