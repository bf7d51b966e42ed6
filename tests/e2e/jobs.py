"""One finished background job of each kind, made in the served database before `ihya serve`
starts, so that the pages that follow a job (an import, a plan build, a report) are walked too
(tests/e2e/test_page_text.py). Each job is started by the service the page calls and run by the
product's database worker in batch mode (`db_worker --batch`: every queued task, then exit) —
the same task bodies `ihya worker` runs.

Run in the set-up's subprocess, after ``ihya.setup()``: ``finished_jobs(user)`` returns the
ids of the jobs, by the page that shows them."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

# the plan build: a scenario the demo solved other than the baseline's ("Balanced (demo)"), so
# the approved baseline and its versions stay as the demo left them; a short solver limit
PLAN_SCENARIO = "Jobs first (demo)"
PLAN_TIME_LIMIT = 2.0
IMPORT_ROWS = 3  # factories re-imported as the registry exports them: nothing changes


def _factories_file() -> bytes:
    """The first factories of the registry's own export (Arabic headers), as a CSV upload."""
    from ihya.registry.services import registry_export

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factories.csv"
        registry_export(path=path, entities=["factories"], language="ar")
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    out = io.StringIO()
    csv.writer(out).writerows(rows[: 1 + IMPORT_ROWS])
    return out.getvalue().encode("utf-8")


def finished_jobs(user) -> dict[str, int]:
    """Start an import, a plan build and a report as ``user`` (through their services), run the
    queue once and return each job's id; every job must have finished without error."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from ihya.plan.jobs import plan_build_start
    from ihya.plan.models import PlanBuild
    from ihya.portfolio.selectors import scenario_named
    from ihya.registry.jobs import import_job_start
    from ihya.registry.models import ImportJob
    from ihya.reports.jobs import report_start
    from ihya.reports.models import ReportJob

    upload = SimpleUploadedFile("factories.csv", _factories_file(), content_type="text/csv")
    imported = import_job_start(user=user, upload=upload, entity="factories", dry_run=False)
    built = plan_build_start(
        actor=user, scenario_id=scenario_named(PLAN_SCENARIO).pk, time_limit=PLAN_TIME_LIMIT
    )
    report = report_start(actor=user, kind="priority", params={}, lang="ar", fmt="pdf")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    imported = ImportJob.objects.get(pk=imported.pk)
    assert imported.state == ImportJob.State.DONE and imported.result["ok"], imported.result
    assert imported.result["written"] == {
        "factories": {"created": 0, "updated": 0, "unchanged": IMPORT_ROWS}
    }, imported.result
    built = PlanBuild.objects.get(pk=built.pk)
    assert built.state == PlanBuild.State.DONE and built.plan_id, built.errors
    report = ReportJob.objects.get(pk=report.pk)
    assert report.state == ReportJob.State.DONE and report.size > 0, report.errors
    return {
        "/factories/import/": imported.pk,
        "/plans/builds/": built.pk,
        "/reports/jobs/": report.pk,
    }
