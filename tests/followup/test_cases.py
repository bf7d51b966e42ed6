"""Case files: one factory walked from registered to exporting through the API, each move by a
role the workflow names, refused (403) for every other role, and refused (409, the precondition
named) until its proof exists; holds, resumes and the workflow table itself."""

import datetime as dt
import json

import pytest

from ihya.audit.models import AuditEntry
from ihya.followup import workflow
from ihya.followup.rules import RULES

pytestmark = pytest.mark.django_db

MOVERS = ["admin", "secretary", "ministry", "authority", "member"]


def _move(api, factory_id, to, note=""):
    return api.post(
        f"/api/v1/cases/{factory_id}/transitions",
        json.dumps({"to": to, "note": note}),
        content_type="application/json",
    )


def test_the_workflow_table_is_consistent():
    names = workflow.states()
    assert list(names) == [
        "registered",
        "diagnosed",
        "assessed",
        "prioritised",
        "approved",
        "in_revival",
        "restarted",
        "exporting",
        "on_hold",
        "rejected",
        "closed",
    ]
    for move in workflow.transitions():
        assert set(move.preconditions) <= set(RULES), move
        assert move.roles and move.roles <= {
            "admin",
            "secretariat",
            "ministry_analyst",
            "authority_analyst",
            "committee_member",
        }
    assert not workflow.moves_from("closed")  # closed for good


def test_one_factory_from_registered_to_exporting(chosen, api_for, actors):
    from ihya.registry.models import ExportRecord

    fid = chosen.external_id
    chosen.exports.all().delete()
    role_of = {"admin": None, "secretary": "secretariat", "ministry": "ministry_analyst"}
    role_of |= {"authority": "authority_analyst", "member": "committee_member"}

    def step(to, who, *, refused_until=None, prove=None):
        move = workflow.transition(
            api_for("viewer").get(f"/api/v1/cases/{fid}").json()["state"], to
        )
        wrong = [a for a in MOVERS if a != "admin" and role_of[a] not in move.roles]
        for other in ["viewer", *wrong]:
            response = _move(api_for(other), fid, to)
            assert response.status_code == 403, (to, other, response.content)
            assert response["Content-Type"].startswith("application/problem+json")
        if refused_until:
            response = _move(api_for(who), fid, to)
            assert response.status_code == 409, (to, response.content)
            codes = [p["code"] for p in response.json()["issues"]]
            assert codes == [refused_until]
            assert response.json()["issues"][0]["reason_ar"]
            assert to not in api_for(who).get(f"/api/v1/cases/{fid}").json()["allowed"]
            prove()
        assert to in api_for(who).get(f"/api/v1/cases/{fid}").json()["allowed"]
        response = _move(api_for(who), fid, to, note=f"{to} by {who}")
        assert response.status_code == 200, response.content
        assert response.json()["state"] == to

    step("diagnosed", "ministry")
    step("assessed", "authority")
    step("prioritised", "secretary")

    def decide():
        response = api_for("secretary").post(
            "/api/v1/decisions",
            json.dumps(
                {
                    "number": "2027/1",
                    "taken_on": "2027-01-10",
                    "text_ar": "اعتماد إحياء المصنع",
                    "factory_ids": [fid],
                    "approves": True,
                    "owner_body": "ministry-industry",
                    "deadline": "2027-03-31",
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content

    step("approved", "member", refused_until="committee_decision", prove=decide)
    step("in_revival", "secretary")

    def report():
        response = api_for("ministry").post(
            f"/api/v1/cases/{fid}/production-reports",
            json.dumps({"date": dt.date.today().isoformat(), "quantity": "120.5", "unit": "t"}),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content

    step("restarted", "ministry", refused_until="production_report", prove=report)

    def export():
        ExportRecord.objects.create(
            factory=chosen,
            year=dt.date.today().year,
            product=chosen.products.first().product,
            market="TUN",
            value_usd=250_000,
        )

    step("exporting", "authority", refused_until="export_record", prove=export)

    case = api_for("viewer").get(f"/api/v1/cases/{fid}").json()
    assert [(h["from"], h["to"]) for h in case["history"]] == [
        ("registered", "diagnosed"),
        ("diagnosed", "assessed"),
        ("assessed", "prioritised"),
        ("prioritised", "approved"),
        ("approved", "in_revival"),
        ("in_revival", "restarted"),
        ("restarted", "exporting"),
    ]
    assert case["history"][0]["by"] == "ministry" and case["allowed"] == []
    assert case["baseline_restart"] and case["forecast_restart"] == case["baseline_restart"]
    assert case["at_risk"] is False
    moves = AuditEntry.objects.filter(entity="followup.case", object_id=fid)
    assert moves.count() == 7 and moves.last().after == {"state": "exporting"}
    listed = api_for("viewer").get("/api/v1/cases", {"state": "exporting"}).json()
    assert [c["factory_id"] for c in listed] == [fid]
    assert api_for("viewer").get("/api/v1/cases", {"state": "approved"}).json() == []


def test_hold_resume_reject_and_refusals(chosen, api_for):
    fid = chosen.external_id
    api = api_for("admin")
    # not a state: 422; not a move from here: 409; a hold needs its reason
    assert _move(api, fid, "flying").status_code == 422
    response = _move(api, fid, "exporting")
    assert response.status_code == 409 and response.json()["issues"][0]["code"] == "no_transition"
    response = _move(api, fid, "on_hold")
    assert response.status_code == 409 and response.json()["issues"][0]["code"] == "note"
    assert _move(api_for("ministry"), fid, "diagnosed").status_code == 200
    held = _move(api_for("secretary"), fid, "on_hold", note="funding frozen").json()
    assert held["state"] == "on_hold" and held["held_from"] == "diagnosed"
    assert api_for("member").get(f"/api/v1/cases/{fid}").json()["allowed"] == [
        "diagnosed",
        "rejected",
        "closed",
    ]
    response = _move(api_for("member"), fid, "approved")
    assert response.status_code == 409  # not a move from on hold
    response = _move(api_for("member"), fid, "assessed", note="x")
    assert response.status_code == 409 and response.json()["issues"][0]["code"] == "resumes"
    assert _move(api_for("secretary"), fid, "diagnosed").status_code == 403  # members resume
    assert _move(api_for("member"), fid, "diagnosed").json()["state"] == "diagnosed"
    rejected = _move(api_for("member"), fid, "rejected", note="no market")
    assert rejected.json()["state"] == "rejected"
    assert _move(api, fid, "closed", note="archived").json()["allowed"] == []
    assert api_for("viewer").get("/api/v1/cases/NOPE").status_code == 404


def test_a_factory_without_a_file_is_registered_and_nothing_is_written_by_reading(chosen, api_for):
    from ihya.followup.models import Case

    case = api_for("ministry").get(f"/api/v1/cases/{chosen.external_id}").json()
    assert case["state"] == "registered" and case["history"] == []
    assert case["allowed"] == ["diagnosed"]  # the demo factory has its diagnosis
    assert api_for("secretary").get(f"/api/v1/cases/{chosen.external_id}").json()["allowed"] == [
        "on_hold"
    ]
    assert not Case.objects.exists()


def test_a_slipping_forecast_turns_the_file_at_risk(chosen, planned, settings, api_for):
    from ihya.plan.models import PlanTask
    from ihya.plan.revising import plan_revise

    fid = chosen.external_id
    assert _move(api_for("ministry"), fid, "diagnosed").status_code == 200
    restart = planned.tasks.get(factory_id=fid, kind=PlanTask.Kind.RESTART)
    # a revision in which a step of its chain finished 60 working days late
    step = (
        planned.tasks.filter(
            requirement_id__in=chosen.requirements.values_list("external_id", flat=True)
        )
        .order_by("-finish_day")
        .first()
    )
    late = step.finish_date + dt.timedelta(days=90)
    plan_revise(
        actor=None,
        name=planned.name,
        actuals=[
            {
                "task_id": step.key,
                "actual_start": step.start_date,
                "actual_finish": late,
                "percent": 100,
            }
        ],
        as_of=late,
        time_limit=2,
    )
    settings.RISK_SLIP_DAYS = 30
    case = api_for("viewer").get(f"/api/v1/cases/{fid}").json()
    assert case["baseline_restart"] == restart.finish_date.isoformat()
    assert case["slip_days"] > 30 and case["at_risk"] is True
    at_risk = api_for("viewer").get("/api/v1/cases", {"at_risk": "true"}).json()
    assert fid in [c["factory_id"] for c in at_risk]
    settings.RISK_SLIP_DAYS = 10_000
    assert api_for("viewer").get(f"/api/v1/cases/{fid}").json()["at_risk"] is False


def test_the_command_line_lists_shows_and_moves_files(chosen):
    from typer.testing import CliRunner

    from ihya.cli import app

    fid = chosen.external_id
    runner = CliRunner()
    moved = runner.invoke(app, ["case", "move", fid, "diagnosed"])
    assert moved.exit_code == 0, moved.output
    assert f"{fid}: Diagnosed" in moved.output
    refused = runner.invoke(app, ["case", "move", fid, "approved", "--lang", "ar"])
    assert refused.exit_code == 1 and "لا يمكن" in refused.output
    held = runner.invoke(app, ["case", "move", fid, "on_hold"])
    assert held.exit_code == 1 and "reason" in held.output
    shown = runner.invoke(app, ["case", "show", fid])
    assert "registered → diagnosed" in shown.output and "allowed: assessed" in shown.output
    listed = runner.invoke(app, ["case", "list", "--state", "diagnosed"], env={"COLUMNS": "200"})
    assert fid in listed.output and "Diagnosed" in listed.output
