"""Follow-up pages: the case files (filtered by state and risk), a case file's page (its place in
the workflow, the moves the user may make now, the plan's baseline and forecast restart, its
timeline of moves, decisions and production reports), and the committee's decision register.
Every view checks its permission on the server; the services check each move's role."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import ServiceError
from ihya.followup import selectors, workflow


def _lang() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


def _states() -> dict[str, str]:
    lang = _lang()
    return {code: s.name(lang) for code, s in workflow.states().items()}


def _problems(request, error: ServiceError) -> None:
    for problem in error.problems:
        messages.error(request, problem.text())


@login_required
@permission_required("followup.view_case", raise_exception=True)
def cases_view(request):
    state = request.GET.get("state") or None
    at_risk = True if request.GET.get("at_risk") else None
    names = _states()
    cases = selectors.case_list(state=state if state in names else None, at_risk=at_risk)
    counts = selectors.case_counts()
    return render(
        request,
        "followup/cases.html",
        {
            "cases": [
                (
                    c,
                    names[c.state],
                    (c.name_ar if _lang() == "ar" else c.name_en) or c.name_ar or c.name_en,
                )
                for c in cases
            ],
            "states": names,
            "counts": [(code, names[code], counts.get(code, 0)) for code in names],
            "state": state,
            "at_risk": at_risk,
        },
    )


@login_required
@permission_required("followup.view_case", raise_exception=True)
def case_view(request, external_id: str):
    from ihya.registry.selectors import factory_by_id

    try:
        factory = factory_by_id(external_id=external_id)
    except ServiceError:
        from django.http import Http404

        raise Http404 from None
    from ihya.followup.progress import evidence_list, status_choices, task_rows

    view = selectors.case_view(factory, actor=request.user)
    tasks = task_rows(factory_id=factory.external_id)
    names = _states()
    lang = _lang()
    moves = []
    for move in workflow.moves_from(view.state):
        if selectors.role_may(request.user, move):
            moves.append(
                {
                    "to": move.target,
                    "name": move.name(lang),
                    "ready": move.target in view.allowed,
                    "needs_note": "note" in move.preconditions,
                }
            )
    main = [c for c, s in workflow.states().items() if s.order <= 8]
    timeline = selectors.timeline(factory, view, names, [r.task.key for r in tasks])
    task_names = {r.task.key: r.task.name_en if lang == "en" else r.task.name_ar for r in tasks}
    for item in timeline:  # progress on a task is told by the task's name, not its key
        if item["kind"] == "task":
            item["task_name"] = task_names.get(item["update"].task_key, "")
    return render(
        request,
        "followup/case.html",
        {
            "factory": factory,
            "case": view,
            "state_name": names.get(view.state, view.state),
            "held_name": names.get(view.held_from) if view.state == "on_hold" else None,
            "path": [
                (
                    c,
                    names[c],
                    main.index(c) <= main.index(view.state) if view.state in main else False,
                )
                for c in main
            ],
            "moves": moves,
            "timeline": timeline,
            "tasks": tasks,
            "statuses": status_choices(),
            "evidence": evidence_list(factory_id=factory.external_id),
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
@permission_required("followup.move_case", raise_exception=True)
@require_POST
def move_view(request, external_id: str):
    from ihya.followup.services import case_transition

    try:
        view = case_transition(
            actor=request.user,
            factory_id=external_id,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(
            request, _("The file is now: %(state)s.") % {"state": _states()[view.state]}
        )
    return redirect("followup:case", external_id=external_id)


@login_required
@permission_required("followup.add_productionreport", raise_exception=True)
@require_POST
def report_view(request, external_id: str):
    from ihya.core.ingest.normalize import ParseError, parse_date, parse_decimal
    from ihya.followup.services import production_report_add

    try:
        date = parse_date(request.POST.get("date") or None)
        quantity = parse_decimal(request.POST.get("quantity") or None)
        utilisation = parse_decimal(request.POST.get("utilisation_pct") or None)
        if date is None:
            raise ParseError("date")
        production_report_add(
            actor=request.user,
            factory_id=external_id,
            date=date,
            quantity=quantity,
            unit=request.POST.get("unit", "")[:40],
            utilisation_pct=utilisation,
            note=request.POST.get("note", ""),
        )
    except ParseError:
        messages.error(request, _("The report needs a date, and numbers where numbers go."))
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The production report is recorded."))
    return redirect("followup:case", external_id=external_id)


@login_required
@permission_required("followup.view_decision", raise_exception=True)
def decisions_view(request):
    from ihya.reference.selectors import bodies

    show = request.GET.get("show") or ""
    rows = selectors.decision_rows(show=show)
    return render(
        request,
        "followup/decisions.html",
        {
            "rows": rows,
            "show": show,
            "bodies": bodies(),
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
@permission_required("followup.add_decision", raise_exception=True)
@require_POST
def decision_add_view(request):
    from ihya.core.ingest.normalize import ParseError, parse_date
    from ihya.followup.services import decision_record

    post = request.POST
    try:
        taken_on = parse_date(post.get("taken_on") or None) or dt.date.today()
        deadline = parse_date(post.get("deadline") or None)
        decision_record(
            actor=request.user,
            number=post.get("number", "")[:40],
            taken_on=taken_on,
            text_ar=post.get("text_ar", ""),
            text_en=post.get("text_en", ""),
            factory_ids=[f for f in post.get("factories", "").replace(",", " ").split() if f],
            approves=bool(post.get("approves")),
            owner_body=post.get("owner_body") or None,
            owner_person=post.get("owner_person", "")[:150],
            deadline=deadline,
            meeting=post.get("meeting") or None,
        )
    except ParseError:
        messages.error(request, _("The dates are dates such as 2027-01-31."))
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The decision is recorded."))
    if post.get("meeting"):
        return redirect("followup:meeting", number=post["meeting"][:40])
    return redirect("followup:decisions")
