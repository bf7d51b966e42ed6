"""The REST API: tokens, the same permissions as the pages, problem+json errors, locking."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ihya.audit.models import AuditEntry
from ihya.registry.models import Factory

pytestmark = pytest.mark.django_db
API = "/api/v1"


NEW = {
    "factory_id": "API-1",
    "name_ar": "مصنع الواجهة",
    "municipality": "misrata",
    "isic": "2394",
    "ownership": "public",
    "status": "stalled",
    "stalled_since": "2020-05-01",
    "employees_before": 80,
}


def test_anonymous_callers_get_a_problem_document(small_demo):
    response = Client().get(f"{API}/factories")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer ihya_not_a_token").get(f"{API}/factories")
    assert bad.status_code == 401


def test_list_is_paginated_and_filtered(small_demo, api_for):
    client = api_for("viewer")
    body = client.get(f"{API}/factories", {"status": "stalled", "limit": 5}).json()
    expected = Factory.objects.filter(status="stalled").count()
    assert body["count"] == expected and len(body["items"]) == min(5, expected)
    assert {f["status"] for f in body["items"]} == {"stalled"}
    one = client.get(f"{API}/factories/DEMO-0001").json()
    assert one["factory_id"] == "DEMO-0001" and one["version"] == 1
    # found by schemathesis on PostgreSQL: a NUL in a filter must not reach the database (refused
    # by ihya.web.middleware.NulCharacterMiddleware; tests/security/test_injection.py)
    odd = client.get(f"{API}/factories", {"isic": "\x00", "q": "a\x00b"})
    nul = api_for("ministry").post(
        f"{API}/factories", dict(NEW, factory_id="\x00"), content_type="application/json"
    )
    assert nul.status_code == 422  # found by schemathesis on PostgreSQL: NUL never reaches the DB
    assert odd.status_code == 422
    assert client.get(f"{API}/factories/DEMO%00").status_code == 422
    missing = client.get(f"{API}/factories/NOPE")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_writes_follow_the_roles_and_are_audited(small_demo, api_for):
    refused = api_for("viewer").post(f"{API}/factories", NEW, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["title"] in ("Forbidden", "ممنوع")
    client = api_for("ministry")
    created = client.post(f"{API}/factories", NEW, content_type="application/json")
    assert created.status_code == 201, created.content
    assert AuditEntry.objects.filter(
        entity="registry.factory", object_id="API-1", actor_name="ministry"
    ).exists()
    again = client.post(f"{API}/factories", NEW, content_type="application/json")
    assert again.status_code == 409
    invalid = client.post(
        f"{API}/factories",
        dict(NEW, factory_id="API-2", municipality="x"),
        content_type="application/json",
    )
    assert invalid.status_code == 422 and invalid["Content-Type"] == "application/problem+json"


def test_a_stale_version_is_refused_with_409(small_demo, api_for):
    client = api_for("ministry")
    url = f"{API}/factories/DEMO-0001"
    ok = client.patch(url, {"version": 1, "employees_now": 5}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "employees_now": 9}, content_type="application/json")
    assert stale.status_code == 409
    assert Factory.objects.get(external_id="DEMO-0001").employees_now == 5


def test_import_through_the_api_reports_every_issue_and_writes_nothing(small_demo, api_for):
    body = b"factory_id,name_en,municipality,isic,ownership,status\nX1,Mill,Atlantis,1061,private,stalled\n"
    before = Factory.objects.count()
    response = api_for("secretary").post(
        f"{API}/imports", {"entity": "factories", "file": SimpleUploadedFile("f.csv", body)}
    )
    result = response.json()
    assert response.status_code == 200 and result["ok"] is False
    [issue] = result["issues"]
    assert (issue["row"], issue["column"], issue["code"]) == (2, "municipality", "unknown_code")
    assert issue["reason_ar"] and issue["reason_en"].startswith("Unknown municipality")
    assert Factory.objects.count() == before
    assert (
        api_for("authority")
        .post(f"{API}/imports", {"entity": "factories", "file": SimpleUploadedFile("f.csv", body)})
        .status_code
        == 403
    )


ENDPOINTS = [
    (
        "get",
        "/factories",
        None,
        {"admin", "secretary", "ministry", "authority", "member", "viewer"},
    ),
    (
        "get",
        "/factories/DEMO-0001",
        None,
        {"admin", "secretary", "ministry", "authority", "member", "viewer"},
    ),
    ("post", "/factories", "create", {"admin", "secretary", "ministry"}),
    ("patch", "/factories/DEMO-0001", "patch", {"admin", "secretary", "ministry"}),
    ("post", "/imports", "import", {"admin", "secretary", "ministry"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in (
            "/trade/runs",
            "/trade/runs/{run_id}",
            "/trade/runs/{run_id}/products",
            "/trade/runs/{run_id}/markets",
            "/trade/factories/DEMO-0001",
        )
    ],
    ("post", "/trade/complexity", "complexity", {"admin", "ministry", "authority"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in (
            "/linkages/tables",
            "/linkages/tables/{table_id}/sectors",
            "/linkages/factories/DEMO-0001",
        )
    ],
    ("post", "/linkages/analyse", "linkages", {"admin", "ministry", "authority"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in ("/priority/scenarios", "/priority/ranking")
    ],
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in ("/portfolio/scenarios", "/portfolio/scenarios/{scenario_id}")
    ],
    ("post", "/portfolio/scenarios", "portfolio", {"admin", "ministry", "authority"}),
    ("post", "/portfolio/scenarios/{scenario_id}/solve", None, {"admin", "ministry", "authority"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in (
            "/plans",
            "/plans/builds/{build_id}",
            "/plans/{plan_id}",
            "/plans/{plan_id}/compare/{other_id}",
        )
    ],
    ("post", "/plans", "plan_build", {"admin", "secretary", "ministry", "authority"}),
    ("post", "/plans/{plan_id}/approve", "approve", {"admin", "member"}),
    ("post", "/plans/{plan_id}/revise", "revise", {"admin", "secretary", "ministry", "authority"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in ("/cases", "/cases/DEMO-0001", "/decisions")
    ],
    # from registered, a hold: the workflow gives it to the secretariat and the committee
    ("post", "/cases/DEMO-0001/transitions", "case_move", {"admin", "secretary", "member"}),
    (
        "post",
        "/cases/DEMO-0001/production-reports",
        "production",
        {"admin", "secretary", "ministry"},
    ),
    ("post", "/decisions", "decision", {"admin", "secretary"}),
    ("post", "/decisions/{number}/state", "decision_state", {"admin", "secretary"}),
    *[
        ("get", path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in (
            "/tasks",
            "/agenda",
            "/meetings",
            "/meetings/{number}",
            "/cases/DEMO-0001/evidence",
        )
    ],
    ("post", "/task-updates", "task_update", {"admin", "secretary", "ministry", "authority"}),
    ("post", "/progress/reforecast", "reforecast", {"admin", "secretary", "ministry", "authority"}),
    (
        "post",
        "/cases/DEMO-0001/evidence",
        "evidence",
        {"admin", "secretary", "ministry", "authority"},
    ),
    ("post", "/meetings", "meeting", {"admin", "secretary"}),
    ("post", "/meetings/{number}/record", "meeting_record", {"admin", "secretary"}),
    # one's own notifications: every signed-in user
    *[
        (method, path, None, {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for method, path in (("get", "/notifications"), ("post", "/notifications/read"))
    ],
    ("get", "/kpis", None, {"admin", "secretary", "ministry", "authority", "member", "viewer"}),
    ("post", "/kpis/actuals", "kpi", {"admin", "secretary", "ministry"}),
    # whoever may see the factory or the plan may have its report (the Excel twin: fast)
    *[
        ("get", path, "report", {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in ("/reports/factory/DEMO-0001", "/reports/plan/{plan_id}")
    ],
    # whoever may see the ranking / the scenarios may have their reports
    *[
        ("get", path, "report", {"admin", "secretary", "ministry", "authority", "member", "viewer"})
        for path in ("/reports/priority", "/reports/portfolio/{scenario_id}")
    ],
    # whoever may see meetings may have a meeting's pack
    (
        "get",
        "/reports/meeting/{number}",
        "report",
        {"admin", "secretary", "ministry", "authority", "member", "viewer"},
    ),
    # KPIs: every role
    (
        "get",
        "/reports/kpi",
        "report",
        {"admin", "secretary", "ministry", "authority", "member", "viewer"},
    ),
    # report jobs: every signed-in role starts and reads its own (a kind the role may not see
    # is a 403: tests/reports/test_jobs.py, every role here may see the plan)
    (
        "post",
        "/reports/jobs",
        "report_job",
        {"admin", "secretary", "ministry", "authority", "member", "viewer"},
    ),
    *[
        (
            "get",
            path,
            "own_job",
            {"admin", "secretary", "ministry", "authority", "member", "viewer"},
        )
        for path in ("/reports/jobs/{job_id}", "/reports/jobs/{job_id}/file")
    ],
]


def test_every_endpoint_for_every_role(trade_run, io_table, api_for):
    from ihya.api import api
    from ihya.followup.models import Case
    from ihya.plan.jobs import plan_build_start
    from ihya.plan.services import plan_build
    from ihya.portfolio.services import portfolio_scenario_save as scenario_save
    from ihya.portfolio.services import portfolio_scenario_solve

    scenario = scenario_save(actor=None, name="matrix", budgets=[5e6, 5e6])
    solved = scenario_save(actor=None, name="matrix plan", budgets=[5e7, 5e7])
    portfolio_scenario_solve(actor=None, scenario_id=solved.pk, wait=True)
    job = plan_build_start(actor=None, scenario_id=solved.pk, time_limit=1)
    from ihya.followup.meetings import meeting_plan
    from ihya.followup.services import decision_record

    meeting_plan(actor=None, number="M-0", date=dt.date.today())
    decision_record(actor=None, number="D-0", taken_on=dt.date.today(), text_en="Visit")

    schema = api.get_openapi_schema()
    operations = {
        (m, p.removeprefix("/api/v1")) for p, item in schema["paths"].items() for m in item
    }
    assert operations == {(m, p.replace("DEMO-0001", "{factory_id}")) for m, p, _, _ in ENDPOINTS}
    for method, template, kind, allowed in ENDPOINTS:
        path = (
            template.replace("{run_id}", str(trade_run.pk))
            .replace("{table_id}", str(io_table.pk))
            .replace("{scenario_id}", str(scenario.pk))
            .replace("{build_id}", str(job.pk))
            .replace("{plan_id}", str(job.plan_id))
            .replace("{other_id}", str(job.plan_id))
            .replace("/meetings/{number}", "/meetings/M-0")
            .replace("/reports/meeting/{number}", "/reports/meeting/M-0")
            .replace("/decisions/{number}", "/decisions/D-0")
        )
        for actor in ("admin", "secretary", "ministry", "authority", "member", "viewer"):
            client = api_for(actor)
            if kind == "create":
                payload = dict(NEW, factory_id=f"M-{actor}")
                r = client.post(API + path, payload, content_type="application/json")
            elif kind == "patch":
                version = Factory.objects.get(external_id="DEMO-0001").version
                r = client.patch(
                    API + path,
                    {"version": version, "employees_now": 1},
                    content_type="application/json",
                )
            elif kind == "import":
                r = client.post(
                    API + path,
                    {
                        "entity": "factories",
                        "dry_run": "true",
                        "file": SimpleUploadedFile("f.csv", b"factory_id\n"),
                    },
                )
            elif kind == "complexity":
                r = client.post(
                    API + path,
                    {
                        "file": SimpleUploadedFile(
                            "e.csv",
                            b"year,country,product,value\n2020,LBY,2709,5\n2020,TUN,1509,3\n",
                        )
                    },
                )
            elif kind == "portfolio":
                r = client.post(
                    API + path,
                    {"name": f"API {actor}", "budgets": [1e6, 1e6]},
                    content_type="application/json",
                )
            elif kind == "plan_build":
                r = client.post(
                    API + path,
                    {"scenario_id": solved.pk, "time_limit": 1},
                    content_type="application/json",
                )
            elif kind == "approve":  # a fresh draft for each: an approved one is refused (409)
                draft = plan_build(actor=None, scenario_id=solved.pk, time_limit=1)
                r = client.post(f"{API}/plans/{draft.pk}/approve")
            elif kind == "revise":
                r = client.post(
                    API + path,
                    {"actuals": [], "time_limit": 1},
                    content_type="application/json",
                )
            elif kind == "case_move":  # each from a fresh file
                Case.objects.filter(factory__external_id="DEMO-0001").delete()
                r = client.post(
                    API + path,
                    {"to": "on_hold", "note": "waiting"},
                    content_type="application/json",
                )
            elif kind == "production":
                r = client.post(
                    API + path,
                    {"date": "2026-01-05", "quantity": 10, "unit": "t"},
                    content_type="application/json",
                )
            elif kind == "decision":
                r = client.post(
                    API + path,
                    {"number": f"D-{actor}", "taken_on": "2026-01-05", "text_en": "Go"},
                    content_type="application/json",
                )
            elif kind == "decision_state":
                r = client.post(API + path, {"state": "done"}, content_type="application/json")
            elif kind == "task_update":  # the plan followed: the last one approved above
                from ihya.followup.progress import followed_plan

                key = followed_plan()[1].tasks.filter(kind="step").first().key
                r = client.post(
                    API + path,
                    {"task_key": key, "status": "not_started", "note": actor},
                    content_type="application/json",
                )
            elif kind == "reforecast":
                r = client.post(API + path, {"time_limit": 1}, content_type="application/json")
            elif kind == "evidence":
                r = client.post(
                    API + path,
                    {"file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")},
                )
            elif kind == "meeting":
                r = client.post(
                    API + path,
                    {"number": f"M-{actor}", "date": "2026-01-05"},
                    content_type="application/json",
                )
            elif kind == "meeting_record":
                r = client.post(API + path, {"minutes_en": actor}, content_type="application/json")
            elif kind == "kpi":
                r = client.post(
                    API + path,
                    {"quarter": "2027-Q1", "indicator": "jobs", "value": 10},
                    content_type="application/json",
                )
            elif kind == "report":
                r = client.get(API + path, {"format": "xlsx"})
            elif kind == "report_job":
                r = client.post(
                    API + path,
                    {"kind": "plan", "params": {"plan_id": job.plan_id}, "format": "xlsx"},
                    content_type="application/json",
                )
            elif kind == "own_job":  # the actor's own job (another's is a 404)
                from django.contrib.auth.models import User

                from ihya.reports.jobs import report_start

                own = report_start(
                    actor=User.objects.get(username=actor),
                    kind="plan",
                    params={"plan_id": job.plan_id},
                    fmt="xlsx",
                )
                r = client.get(API + path.replace("{job_id}", str(own.pk)))
            elif kind == "linkages":
                table = b"code,name_en,name_ar,A,households\nA,Farm,,10,90\nvalue_added,,,90\n"
                r = client.post(API + path, {"file": SimpleUploadedFile("t.csv", table)})
            else:
                r = getattr(client, method)(API + path)
            ok = r.status_code < 400
            assert ok == (actor in allowed), (method, path, actor, r.status_code, r.content[:200])


def test_the_openapi_document_is_served(actors):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["info"]["title"] == "Ihya API" and "/api/v1/factories" in doc["paths"]


def test_only_the_api_description_is_public(small_demo):
    """Every API route is an operation of the matrix above, except the description of the API
    itself (the OpenAPI document, its page and the root), public by design: they hold no data."""
    import re

    from ihya.api import api

    documented = {p.removeprefix(f"{API}/") for p in api.get_openapi_schema()["paths"]}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(u.pattern)) for u in api.urls[0]}
    assert routes - documented == {"openapi.json", "docs", ""}
    for route in ("openapi.json", "docs", ""):
        response = Client().get(f"{API}/{route}")
        assert response.status_code in (200, 404), (route, response.status_code)
        assert b"DEMO-0001" not in response.content  # no registry data without a login


def test_a_file_that_is_not_a_table_is_a_client_error_not_a_crash(small_demo, api_for):
    # found by schemathesis: a stray carriage return and NUL byte once raised csv.Error (a 500)
    client = api_for("ministry")
    for body in (b"\r\x00", b"code,name_en,A\r\x00"):
        r = client.post(f"{API}/linkages/analyse", {"file": SimpleUploadedFile("t.csv", body)})
        assert 400 <= r.status_code < 500, (body, r.status_code, r.content[:300])
        assert r["Content-Type"] == "application/problem+json"
