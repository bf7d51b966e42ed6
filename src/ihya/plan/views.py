"""Executive-plan pages: the plans and their versions, building one in the background with its
progress, a version with its Gantt chart (right-to-left in Arabic), critical path, milestones
and quarterly targets, approving it, its files, and the comparison of two versions. Every view
checks its permission on the server."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import ServiceError
from ihya.generations import PerGeneration
from ihya.plan import selectors
from ihya.plan.gantt import GROUPS, gantt_data, targets_data
from ihya.reference.selectors import reference_generation
from ihya.registry.selectors import registry_generation
from ihya.web.context import digits_of


def _lang() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


HEAVY = ("limits", "sources", "scenario__result")  # what a plan's page never shows


def _plan(pk: int):
    plan = selectors.plan_by_id(pk)
    if plan is None:
        raise Http404
    return plan


def status_labels() -> dict[str, str]:
    return {
        "optimal": _("Optimal schedule"),
        "feasible": _("Schedule found"),
        "time_limit": _("Time limit reached: the best schedule found so far"),
    }


@login_required
@permission_required("plan.view_plan", raise_exception=True)
def plans_view(request):
    from ihya.portfolio.selectors import scenarios_with_portfolio

    # the list shows each version's summary, not its targets, limits or its scenario's result
    plans = list(selectors.plan_list().defer("targets", *HEAVY))
    scenarios = list(scenarios_with_portfolio())
    return render(
        request,
        "plan/plans.html",
        {"plans": plans, "scenarios": scenarios, "today": dt.date.today().isoformat()},
    )


@login_required
@permission_required("plan.build_plan", raise_exception=True)
@require_POST
def build_view(request):
    from ihya.core.ingest.normalize import ParseError, parse_date, parse_decimal
    from ihya.plan.jobs import plan_build_start

    try:
        start = parse_date(request.POST.get("start") or None)
        limit = float(parse_decimal(request.POST.get("time_limit") or "60") or 60)
        job = plan_build_start(
            actor=request.user,
            scenario_id=int(request.POST.get("scenario") or 0),
            name=request.POST.get("name", ""),
            start=start,
            objective=request.POST.get("objective", "weighted"),
            time_limit=limit,
        )
    except (ParseError, ValueError):
        messages.error(request, _("The start is a date and the time limit a number of seconds."))
        return redirect("plan:plans")
    except ServiceError as error:
        for problem in error.problems:
            messages.error(request, problem.text())
        return redirect("plan:plans")
    return redirect("plan:build", pk=job.pk)


@login_required
@permission_required("plan.view_plan", raise_exception=True)
def build_progress_view(request, pk: int):
    job = selectors.build_get(pk)
    if job is None:
        raise Http404
    template = "plan/partials/build_progress.html" if request.htmx else "plan/build.html"
    response = render(request, template, {"job": job})
    if request.htmx and job.state == job.State.DONE:
        response["HX-Redirect"] = reverse("plan:plan", args=[job.plan_id])
    return response


@login_required
@permission_required("plan.view_plan", raise_exception=True)
def plan_view(request, pk: int):
    # the page shows the summary and the targets: not the limits, sources or scenario's result
    plan = selectors.plan_list().defer(*HEAVY).filter(pk=pk).first()
    if plan is None:
        raise Http404
    lang = _lang()
    group = request.GET.get("group") if request.GET.get("group") in GROUPS else "body"
    schedule = _SCHEDULES.get(
        plan.pk, plan.version, plan.created_at, group, lang, digits_of(request.user)
    )
    versions = list(selectors.plan_versions(name=plan.name).defer("summary", "targets", *HEAVY))
    return render(
        request,
        "plan/plan.html",
        {
            "plan": plan,
            "summary": plan.summary,
            "status_label": status_labels().get(plan.summary.get("status"), ""),
            "targets": targets_data(plan),
            "group": group,
            "versions": versions,
            **schedule,
        },
    )


def _schedule(plan_id: int, version: int, created_at, group: str, lang: str, digits: str) -> dict:
    """A version's Gantt chart, milestones and critical count. Its tasks never change once
    built (a revision is a new version), so each process keeps the last few drawn until what
    names the chart's rows changes (the bodies, the factories): the plan page is read far more
    often than any plan is built, and its thousand tasks are most of its cost."""
    plan = _plan(plan_id)
    tasks = list(selectors.plan_tasks(plan=plan))
    milestones = sorted(
        (t for t in tasks if t.kind != "step"), key=lambda t: (t.start_day, t.kind, t.key)
    )
    milestones = [{"task": t, "name": t.name_ar if lang == "ar" else t.name_en} for t in milestones]
    # kept drawn: the chart's data as its <script> and the milestones' rows, in ``lang`` and
    # the user's ``digits``
    return {
        "gantt_script": json_script(gantt_data(tasks, group=group, lang=lang), "gantt-data"),
        "milestone_rows": render_to_string(
            "plan/partials/milestone_rows.html", {"milestones": milestones, "digits": digits}
        ),
        "critical": sum(t.critical for t in tasks),
    }


def _names_generation() -> tuple:
    return (reference_generation(), registry_generation())


_SCHEDULES = PerGeneration(_schedule, _names_generation, size=16)


@login_required
@permission_required("plan.approve_plan", raise_exception=True)
@require_POST
def approve_view(request, pk: int):
    from ihya.plan.services import plan_approve

    plan = _plan(pk)
    try:
        plan_approve(actor=request.user, name=plan.name, version=plan.version)
    except ServiceError as error:
        for problem in error.problems:
            messages.error(request, problem.text())
    else:
        messages.success(request, _("The plan is approved: it is the committee's baseline now."))
    return redirect("plan:plan", pk=pk)


EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar",
    "json": "application/json",
}


@login_required
@permission_required("plan.view_plan", raise_exception=True)
def export_view(request, pk: int, fmt: str):
    from ihya.plan.exporting import plan_export

    if fmt not in EXPORTS:
        raise Http404
    plan = _plan(pk)
    folder = Path(tempfile.mkdtemp(prefix="ihya-plan-"))
    path = plan_export(
        name=plan.name, version=plan.version, out=folder / f"plan.{fmt}", lang=_lang()
    )
    filename = f"plan-{plan.pk}-v{plan.version}.{fmt}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type=EXPORTS[fmt]
    )


@login_required
@permission_required("plan.view_plan", raise_exception=True)
def compare_view(request, pk: int):
    from ihya.plan.comparing import plan_compare

    plan = _plan(pk)
    versions = list(selectors.plan_versions(name=plan.name))
    numbers = [v.version for v in versions]
    try:
        a = int(request.GET.get("a") or (numbers[0] if numbers else 1))
        b = int(request.GET.get("b") or plan.version)
    except ValueError:
        raise Http404 from None
    if a not in numbers or b not in numbers:
        raise Http404
    comparison = plan_compare(name=plan.name, a=a, b=b)
    lang = _lang()
    return render(
        request,
        "plan/compare.html",
        {
            "plan": plan,
            "versions": versions,
            "a": a,
            "b": b,
            "comparison": comparison,
            "rows": [
                {
                    "move": m,
                    "name": m.name_ar if lang == "ar" else m.name_en,
                    "cause": m.cause_ar if lang == "ar" else m.cause_en,
                }
                for m in comparison.moved
            ],
        },
    )
