"""Report endpoints: a factory's profile and a version of the executive plan as a file (PDF or
XLSX, Arabic or English). Whoever may see the factory or the plan may have its report (the
service checks it); refusals are problem+json with the reasons in Arabic and English. Long
reports run as background jobs: ``POST /reports/jobs`` (202), then poll the job until it is
done and fetch its file; a caller sees only their own jobs (an administrator all)."""

from __future__ import annotations

from typing import Literal

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status

from ihya.reports import selectors, services

router = Router(tags=["reports"])
Lang = Literal["ar", "en"]
Format = Literal["pdf", "xlsx"]


def _file(report) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


def _lang(lang: str | None) -> str:
    return lang or ("en" if (get_language() or "ar").startswith("en") else "ar")


@router.get("/reports/factory/{factory_id}")
def factory_report(request, factory_id: str, lang: Lang | None = None, format: Format = "pdf"):
    """The factory's profile: registry, diagnosis, requirements, case file (the page's
    language unless ``lang``)."""
    report = services.report_factory(
        actor=request.user, factory_id=factory_id, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/plan/{plan_id}")
def plan_report(request, plan_id: int, lang: Lang | None = None, format: Format = "pdf"):
    """A version of the executive plan: summary, quarterly targets, Gantt chart, milestones,
    work by body, critical tasks."""
    report = services.report_plan(actor=request.user, plan_id=plan_id, lang=_lang(lang), fmt=format)
    return _file(report)


@router.get("/reports/priority")
def priority_report(
    request,
    scenario: str | None = None,
    method: str | None = None,
    lang: Lang | None = None,
    format: Format = "pdf",
):
    """The priority list of a saved scenario (id or name; the first by default) and method (the
    scenario's by default): weights, the ranked factories, stability, why the first rank there.
    Whoever may see the ranking may have it."""
    report = services.report_priority(
        actor=request.user, scenario=scenario, method=method, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/portfolio/{scenario_id}")
def portfolio_report(
    request,
    scenario_id: int,
    compare: int | None = None,
    lang: Lang | None = None,
    format: Format = "pdf",
):
    """A portfolio scenario's outcome (and, with ``compare``, its comparison with a second
    scenario). Whoever may see the scenarios may have it."""
    report = services.report_portfolio(
        actor=request.user, scenario_id=scenario_id, compare=compare, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/meeting/{path:number}")
def meeting_report(request, number: str, lang: Lang | None = None, format: Format = "pdf"):
    """A committee meeting's pack: agenda, open and overdue decisions; once held, attendance,
    minutes and the decisions taken (a number may hold a slash, as in 3/2026)."""
    report = services.report_meeting(
        actor=request.user, number=number, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/kpi")
def kpi_report(
    request,
    lang: Lang | None = None,
    format: Format = "pdf",
    quarter: str | None = None,
):
    """The quarterly KPI report: the followed plan's targets against the actuals with lights,
    trends, charts and the breakdowns by body and by municipality (``quarter``: 2027-Q1; the
    last with an actual by default)."""
    report = services.report_kpi(actor=request.user, quarter=quarter, lang=_lang(lang), fmt=format)
    return _file(report)


class JobIn(Schema):
    kind: str = Field(description="factory, plan, priority, portfolio, meeting or kpi")
    params: dict = Field(
        default_factory=dict,
        description="the report's arguments, as its GET endpoint takes them "
        "(plan_id; scenario, method, top; scenario_id, compare; number; quarter; factory_id)",
    )
    lang: str | None = Field(None, description="ar or en (the caller's language by default)")
    format: str = "pdf"


class JobOut(Schema):
    id: int
    kind: str
    params: dict
    lang: str
    format: str
    state: str
    done: int
    total: int | None
    step: str
    percent: int
    filename: str
    size: int | None
    sha256: str
    errors: list[dict]
    download: str | None = Field(None, description="the file's URL once the job is done")


def _job_out(job) -> dict:
    done = job.state == job.State.DONE
    return {
        **{k: getattr(job, k) for k in ("id", "kind", "params", "lang", "format", "state")},
        **{k: getattr(job, k) for k in ("done", "total", "step", "percent", "filename", "size")},
        "sha256": job.sha256,
        "errors": job.errors,
        "download": f"/api/v1/reports/jobs/{job.pk}/file" if done else None,
    }


def _job(request, job_id: int):
    job = selectors.report_job_get(pk=job_id, user=request.user)
    if job is None:
        raise Http404(f"No report job {job_id}.")
    return job


@router.post("/reports/jobs", response={202: JobOut})
def start_report_job(request, payload: JobIn):
    """Render a report in the background: the kind, its arguments, the language and format and
    the caller's right to see the kind are checked now (422, 404, 403); then poll
    ``/reports/jobs/{id}`` until its state is done (its ``download``) or failed (its errors)."""
    from ihya.reports.jobs import report_start

    job = report_start(
        actor=request.user,
        kind=payload.kind,
        params=payload.params,
        lang=_lang(payload.lang),
        fmt=payload.format,
    )
    return Status(202, _job_out(job))


@router.get("/reports/jobs/{job_id}", response=JobOut)
def get_report_job(request, job_id: int):
    """A report job of the caller's: its state, the step and how far it is, and once done its
    file's name, size, SHA-256 and URL."""
    return _job_out(_job(request, job_id))


@router.get("/reports/jobs/{job_id}/file")
def get_report_job_file(request, job_id: int):
    """The file of a done report job of the caller's (404 until it is done)."""
    job = _job(request, job_id)
    path = selectors.report_job_path(job)
    if path is None:
        raise Http404(f"Report job {job_id} has no file (yet).")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
