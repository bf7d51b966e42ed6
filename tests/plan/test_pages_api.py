"""The plan's pages and API over the same services: building in the background with its
progress, reading a version with every task, approving by the committee only, revising from
actuals (bad rows refused with their row, nothing written), comparing, and the files."""

import datetime as dt
import json
import re

import pytest

from ihya.plan.models import Plan, PlanBuild
from ihya.plan.services import plan_build
from tests.plan.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(solved, actors):
    return plan_build(actor=actors["secretary"], scenario_id=solved.pk, start=START, time_limit=2)


def test_the_api_builds_reads_approves_revises_and_compares(solved, api_for):
    api = api_for("secretary")
    started = api.post(
        "/api/v1/plans",
        {"scenario_id": solved.pk, "start": "2027-01-03", "time_limit": 2},
        content_type="application/json",
    )
    assert started.status_code == 202, started.content
    job = started.json()  # the tests' task backend runs the build at once
    polled = api.get(f"/api/v1/plans/builds/{job['id']}").json()
    assert polled["state"] == "done" and polled["percent"] == 100
    plan = Plan.objects.get(pk=polled["plan_id"])
    listed = api.get("/api/v1/plans").json()
    assert [(p["name"], p["version"], p["state"]) for p in listed] == [("Plan me", 1, "draft")]
    assert listed[0]["makespan"] == plan.summary["makespan"]
    got = api.get(f"/api/v1/plans/{plan.pk}").json()
    assert len(got["tasks"]) == plan.tasks.count() and got["targets"] == plan.targets
    first = min(got["tasks"], key=lambda t: t["start_day"])
    assert first["start"] == str(plan.tasks.get(key=first["task_id"]).start_date)

    refused = api.post(f"/api/v1/plans/{plan.pk}/approve")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    approved = api_for("member").post(f"/api/v1/plans/{plan.pk}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"

    step = plan.tasks.filter(kind="step").order_by("start_day", "id").first()
    bad = api.post(
        f"/api/v1/plans/{plan.pk}/revise",
        {
            "as_of": "2027-06-01",
            "actuals": [
                {"task_id": step.key, "actual_start": str(step.start_date)},
                {"task_id": "NOPE", "actual_start": "2027-01-05"},
            ],
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert [(i["code"], i["row"]) for i in bad.json()["issues"]] == [("unknown_task", 2)]
    assert Plan.objects.count() == 1
    late = str(step.finish_date + dt.timedelta(days=14))
    revised = api.post(
        f"/api/v1/plans/{plan.pk}/revise",
        {
            "as_of": late,
            "time_limit": 2,
            "actuals": [
                {"task_id": step.key, "actual_start": str(step.start_date), "actual_finish": late}
            ],
        },
        content_type="application/json",
    )
    assert revised.status_code == 201, revised.content
    body = revised.json()
    assert (body["version"], body["parent_version"], body["state"]) == (2, 1, "draft")
    compared = api.get(f"/api/v1/plans/{plan.pk}/compare/{body['id']}").json()
    moved = {m["task_id"]: m for m in compared["moved"]}
    assert moved[step.key]["late"] and moved[step.key]["cause"] == step.key

    assert (
        api_for("viewer")
        .post("/api/v1/plans", {"scenario_id": solved.pk}, content_type="application/json")
        .status_code
        == 403
    )
    unsolved = api.post("/api/v1/plans", {"scenario_id": 999}, content_type="application/json")
    assert unsolved.status_code == 404


def test_the_pages_build_with_progress_show_approve_export_and_compare(solved, client_for):
    secretary = client_for("secretary")
    page = secretary.get("/plans/")
    assert page.status_code == 200 and b'id="build-form"' in page.content
    response = secretary.post(
        "/plans/build/",
        {"scenario": solved.pk, "start": "03/01/2027", "time_limit": "٢", "objective": "makespan"},
    )
    job = PlanBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/builds/{job.pk}/"
    assert job.state == "done" and job.plan.objective == "makespan"
    assert job.plan.start_date.isoformat() == "2027-01-03"  # day first, as written in Libya
    progress = secretary.get(f"/plans/builds/{job.pk}/", HTTP_HX_REQUEST="true")
    assert progress["HX-Redirect"] == f"/plans/{job.plan_id}/"
    # the solver's figures in words: the makespan in working days, how far from the best possible
    page = secretary.get(f"/plans/builds/{job.pk}/").content.decode()
    assert job.best == job.plan.summary["makespan"]
    assert f"أفضل جدول حتى الآن: ينتهي العمل كله في {job.best:.0f} يوم عمل" in page
    assert job.gap == pytest.approx(max(0.0, (job.best - job.bound) / job.best))
    assert "من أفضل جدول ممكن" in page

    viewer = client_for("viewer")
    shown = viewer.get(f"/plans/{job.plan_id}/")
    assert shown.status_code == 200
    html = shown.content.decode()
    assert 'dir="rtl"' in html and 'id="approve-button"' not in html
    data = json.loads(
        html.split('id="gantt-data" type="application/json">')[1].split("</script>")[0]
    )
    assert len(data["rows"]) == job.plan.tasks.count()
    assert any(r["critical"] for r in data["rows"]) and data["links"]
    by_factory = viewer.get(f"/plans/{job.plan_id}/?group=factory")
    assert by_factory.status_code == 200
    assert viewer.post(f"/plans/{job.plan_id}/approve/").status_code == 403
    assert viewer.post("/plans/build/", {"scenario": solved.pk}).status_code == 403

    member = client_for("member")
    assert b'id="approve-button"' in member.get(f"/plans/{job.plan_id}/").content
    assert member.post(f"/plans/{job.plan_id}/approve/").status_code == 302
    assert Plan.objects.get(pk=job.plan_id).state == "approved"

    workbook = viewer.get(f"/plans/{job.plan_id}/export.xlsx")
    assert workbook.status_code == 200 and workbook["Content-Type"].endswith("sheet")
    assert b"".join(workbook.streaming_content)[:2] == b"PK"
    calendar = viewer.get(f"/plans/{job.plan_id}/export.ics")
    assert b"BEGIN:VCALENDAR" in b"".join(calendar.streaming_content)
    assert viewer.get(f"/plans/{job.plan_id}/export.pdf").status_code == 404
    compared = viewer.get(f"/plans/{job.plan_id}/compare/?a=1&b=1")
    assert compared.status_code == 200 and b'id="compare-table"' in compared.content

    failed = secretary.post("/plans/build/", {"scenario": 999, "time_limit": "2"})
    assert failed.status_code == 302 and failed["Location"] == "/plans/"


def test_the_plan_page_is_drawn_once_and_follows_a_renamed_factory(built, client_for):
    from ihya.accounts.actors import Actor
    from ihya.registry.editing import factory_update
    from ihya.registry.models import Factory

    viewer = client_for("viewer")
    url = f"/plans/{built.pk}/?group=factory"

    def chart() -> str:
        html = viewer.get(url).content.decode()
        return html.split('id="gantt-data" type="application/json">')[1].split("</script>")[0]

    first = chart()
    assert chart() == first  # drawn once, kept
    factory = Factory.objects.get(external_id=built.tasks.exclude(factory_id="")[0].factory_id)
    assert factory.name_ar in json.loads(first).__repr__()
    factory_update(
        actor=Actor.cli(),
        factory_id=factory.external_id,
        data={"name_ar": "مصنع أعيدت تسميته"},
        version=factory.version,
    )
    assert "مصنع أعيدت تسميته" in repr(json.loads(chart()))


def test_the_plan_milestones_are_kept_per_digits(built, client_for):
    latin, arabic = client_for("viewer"), client_for("member")
    assert arabic.post("/me/", {"digits": "arab"}).status_code == 302

    def milestones(client) -> str:
        html = client.get(f"/plans/{built.pk}/").content.decode()
        return html.split('id="milestones-table"')[1].split("</table>")[0].split("<tbody>")[1]

    first = milestones(latin)
    assert re.search(r"[0-9]", first) and not re.search(r"[٠-٩]", first)
    shown = milestones(arabic)
    assert re.search(r"[٠-٩]", shown) and not re.search(r"[0-9]", shown)
