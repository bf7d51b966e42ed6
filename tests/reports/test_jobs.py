"""Long reports as background jobs: started by the page or the API (checked before anything is
queued), run by the task the worker runs (queued → running → done, the progress written as it
goes), the file kept under IHYA_HOME/reports/ with its SHA-256 and given to the user who asked
only (or an administrator)."""

import hashlib

import pytest

from ihya.reports import services
from ihya.reports.models import ReportJob

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def home(tmp_path, settings):
    settings.IHYA_HOME = tmp_path
    return tmp_path


def test_a_plan_report_job_runs_through_the_worker_and_keeps_its_file(
    planned, home, api_for, monkeypatch
):
    from django_tasks.signals import task_enqueued

    seen = []  # the job's state as the queue and the report see it

    def on_enqueued(sender, task_result, **kwargs):
        seen.append(("enqueued", ReportJob.objects.get(pk=task_result.args[0]).state))

    render = services.report_plan
    steps = []

    def report_plan(**kwargs):
        seen.append(("rendering", ReportJob.objects.get().state))
        given = kwargs["progress"]

        def progress(step, done, total):
            given(step, done, total)
            job = ReportJob.objects.get()
            steps.append((job.step, job.done, job.total))

        return render(**{**kwargs, "progress": progress})

    monkeypatch.setattr(services, "report_plan", report_plan)
    task_enqueued.connect(on_enqueued)
    try:
        client = api_for("viewer")
        started = client.post(
            f"{API}/reports/jobs",
            {"kind": "plan", "params": {"plan_id": planned.pk}, "lang": "en"},
            content_type="application/json",
        )
    finally:
        task_enqueued.disconnect(on_enqueued)
    assert started.status_code == 202, started.content
    assert seen == [("enqueued", "queued"), ("rendering", "running")]
    assert steps[0] == ("Plan report", 0, 4) and steps[-1] == ("Plan report", 4, 4)

    job = client.get(f"{API}/reports/jobs/{started.json()['id']}").json()
    assert job["state"] == "done" and job["percent"] == 100
    assert (job["done"], job["total"]) == (4, 4)
    assert job["download"] == f"{API}/reports/jobs/{job['id']}/file"
    assert job["filename"] == f"plan-{planned.name.replace(' ', '-')}-v{planned.version}-en.pdf"
    kept = list((home / "reports").iterdir())
    assert [p.name for p in kept] == [f"{job['id']}-{job['filename']}"]  # no partial file left
    response = client.get(job["download"])
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-") and len(content) == job["size"]
    assert hashlib.sha256(content).hexdigest() == job["sha256"]

    # another user's job does not exist for them; an administrator sees every one
    other = api_for("member")
    assert other.get(f"{API}/reports/jobs/{job['id']}").status_code == 404
    assert other.get(job["download"]).status_code == 404
    assert api_for("admin").get(f"{API}/reports/jobs/{job['id']}").status_code == 200


def test_wrong_arguments_and_refused_kinds_are_answered_before_queueing(planned, home, api_for):
    from django.contrib.auth.models import User

    from ihya.accounts.services import token_create
    from ihya.errors import Forbidden
    from ihya.reports.jobs import report_start

    client = api_for("viewer")

    def start(payload):
        return client.post(f"{API}/reports/jobs", payload, content_type="application/json")

    for payload, code in (
        ({"kind": "novel", "params": {}}, "unknown_kind"),
        (
            {"kind": "plan", "params": {"plan_id": planned.pk}, "format": "doc"},
            "unsupported_format",
        ),
        ({"kind": "plan", "params": {"plan_id": planned.pk}, "lang": "fr"}, "unknown_language"),
        ({"kind": "plan", "params": {"plan": planned.pk}}, "unknown_argument"),
        ({"kind": "plan", "params": {"plan_id": "one"}}, "not_integer"),
        ({"kind": "meeting", "params": {}}, "required"),
    ):
        refused = start(payload)
        assert refused.status_code == 422, (payload, refused.content)
        assert refused["Content-Type"] == "application/problem+json"
        assert code in refused.content.decode(), (payload, refused.content)
    assert start({"kind": "plan", "params": {"plan_id": 999999}}).status_code == 404

    nobody = User.objects.create_user("nobody")  # signed in, without a role
    no_role = token_create(user=nobody, name="test")
    from django.test import Client

    forbidden = Client(HTTP_AUTHORIZATION=f"Bearer {no_role}").post(
        f"{API}/reports/jobs",
        {"kind": "plan", "params": {"plan_id": planned.pk}},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    with pytest.raises(Forbidden):
        report_start(actor=nobody, kind="meeting", params={"number": "3/2026"})
    assert not ReportJob.objects.exists()  # nothing queued


def test_the_page_starts_the_job_shows_its_progress_then_the_link(
    planned, home, actors, client_for
):
    viewer = client_for("viewer")
    page = viewer.get(f"/plans/{planned.pk}/").content.decode()
    assert 'action="/reports/jobs/"' in page and "csrfmiddlewaretoken" in page
    assert f"/api/v1/reports/plan/{planned.pk}?format=xlsx" in page  # the Excel stays direct

    # a job still queued: the page polls every second and shows no link yet
    job = ReportJob.objects.create(
        kind="plan", params={"plan_id": planned.pk}, requested_by=actors["viewer"]
    )
    waiting = viewer.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and 'data-state="queued"' in waiting
    assert 'id="job-download"' not in waiting

    response = viewer.post("/reports/jobs/", {"kind": "plan", "plan_id": planned.pk})
    started = ReportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{started.pk}/"
    assert started.lang == "ar" and started.format == "pdf"
    shown = viewer.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="done"' in shown and "every 1s" not in shown
    assert f'href="/reports/jobs/{started.pk}/download/"' in shown
    # the report's name in the page's language, whatever the report's own (Arabic here)
    assert '<span id="job-title">تقرير الخطة</span>' in shown and "step 4 of 4" not in shown
    viewer.cookies["django_language"] = "en"
    english = viewer.get(response["Location"]).content.decode()
    assert '<span id="job-title">Plan report</span>' in english and "تقرير" not in english
    assert f'translate="no">{started.filename}</bdi>' in english
    viewer.cookies["django_language"] = "ar"
    download = viewer.get(f"/reports/jobs/{started.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client_for("member").get(f"/reports/jobs/{started.pk}/download/").status_code == 404

    bad = viewer.post(
        "/reports/jobs/", {"kind": "plan", "plan_id": "999999"}, HTTP_REFERER="/plans/"
    )
    assert bad.status_code == 302 and bad["Location"] == "/plans/"
