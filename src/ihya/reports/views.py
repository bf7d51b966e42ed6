"""Report pages: a long report (the PDF of a plan, a priority list, a portfolio scenario, a
meeting's pack) is started by a POST from the page it is of, then its own page shows the
progress (HTMX, every second) and the download link; the file goes only to the user who asked
(or an administrator). The service checks the right to see the kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from ihya.errors import Forbidden, ServiceError
from ihya.reports import selectors
from ihya.reports.jobs import PARAMS, report_start


def _back(request):
    back = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("dashboard")


@login_required
@require_POST
def job_start_view(request):
    kind = request.POST.get("kind", "")
    names = PARAMS.get(kind, {})
    params = {name: request.POST[name] for name in names if request.POST.get(name)}
    lang = request.POST.get("lang") or ("en" if (get_language() or "ar").startswith("en") else "ar")
    try:
        job = report_start(
            actor=request.user,
            kind=kind,
            params=params,
            lang=lang,
            fmt=request.POST.get("format") or "pdf",
        )
    except Forbidden as error:
        raise PermissionDenied(error.problems[0].text()) from None
    except ServiceError as error:
        for problem in error.problems:
            messages.error(request, problem.text())
        return _back(request)
    return redirect("reports:job", pk=job.pk)


def _job(request, pk: int):
    job = selectors.report_job_get(pk=pk, user=request.user)
    if job is None:
        raise Http404
    return job


@login_required
def job_view(request, pk: int):
    job = _job(request, pk)
    template = "reports/partials/job_progress.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job})


@login_required
def job_download_view(request, pk: int):
    job = _job(request, pk)
    path = selectors.report_job_path(job)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
