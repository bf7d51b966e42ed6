"""Follow-up pages for the work itself: task updates (on a case file's page and on "my tasks"),
the re-forecast, evidence (attached to a file, downloaded only by users who may see files), the
committee's meetings (the agenda built from the follow-up, attendance, minutes, decisions) and
following a decision up. Every view checks its permission on the server."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import ServiceError, StaleEdit
from ihya.followup import meetings as meeting_service
from ihya.followup import progress


def _problems(request, error: ServiceError) -> None:
    for problem in error.problems:
        messages.error(request, problem.text())


def _back(request, fallback: str, *args):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback, *args)


def _date(value: str | None):
    from ihya.core.ingest.normalize import parse_date

    return parse_date(value or None)


@login_required
@permission_required("followup.add_taskupdate", raise_exception=True)
@require_POST
def task_update_view(request):
    from ihya.core.ingest.normalize import ParseError, parse_decimal

    post = request.POST
    try:
        percent = parse_decimal(post.get("percent") or None)
        progress.task_update(
            actor=request.user,
            task_key=post.get("task_key", "")[:200],
            status=post.get("status", ""),
            percent=float(percent) if percent is not None else None,
            actual_start=_date(post.get("actual_start")),
            actual_finish=_date(post.get("actual_finish")),
            note=post.get("note", "")[:2000],
        )
    except ParseError:
        messages.error(request, _("The dates are dates such as 2027-01-31, the percent a number."))
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The task's progress is recorded."))
    return _back(request, "followup:my_tasks")


@login_required
@permission_required("plan.build_plan", raise_exception=True)
@require_POST
def reforecast_view(request):
    try:
        result = progress.progress_reforecast(actor=request.user, time_limit=20)
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(
            request,
            _(
                "The plan is re-forecast (version %(version)s): %(moved)s restarts moved, "
                "%(risk)s files turned at risk."
            )
            % {
                "version": result.plan.version,
                "moved": len(result.moved),
                "risk": len(result.turned_at_risk),
            },
        )
    return _back(request, "followup:cases")


@login_required
@permission_required("followup.view_taskupdate", raise_exception=True)
def my_tasks_view(request):
    """The steps of the plan owned by the user's body (all steps for a user without one),
    overdue first, and the open decisions their body or they own."""
    from ihya.accounts.actors import Actor
    from ihya.followup.selectors import decision_rows
    from ihya.reference.selectors import body_code

    actor = Actor.of(request.user)
    code = body_code(actor.body_id())
    show = request.GET.get("show") or "open"
    rows = progress.task_rows(body=code)
    if show == "open":
        rows = [r for r in rows if r.status != "done"]
    elif show == "overdue":
        rows = [r for r in rows if r.overdue_days]
    rows.sort(key=lambda r: (-r.overdue_days, r.due or dt.date.max))
    name = (request.user.get_full_name() or "").strip()
    decisions = [
        r
        for r in decision_rows(show="open")
        if (code and r["d"].owner_body and r["d"].owner_body.code == code)
        or (r["d"].owner_person and r["d"].owner_person in (request.user.username, name))
    ]
    return render(
        request,
        "followup/my_tasks.html",
        {
            "rows": rows[:150],
            "more": max(0, len(rows) - 150),
            "body": code,
            "show": show,
            "decisions": decisions,
            "statuses": progress.status_choices(),
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
@permission_required("followup.add_evidence", raise_exception=True)
@require_POST
def evidence_add_view(request, external_id: str):
    from django.conf import settings

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif upload.size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
        messages.error(
            request,
            _("The file is larger than %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_MB},
        )
    else:
        try:
            progress.evidence_add(
                actor=request.user,
                factory_id=external_id,
                name=upload.name,
                data=upload.read(),
                note=request.POST.get("note", "")[:2000],
            )
        except ServiceError as error:
            _problems(request, error)
        else:
            messages.success(request, _("The document is attached."))
    return redirect("followup:case", external_id=external_id)


@login_required
@permission_required("followup.view_evidence", raise_exception=True)
def evidence_view(request, evidence_id: int):
    try:
        evidence, path = progress.evidence_get(actor=request.user, evidence_id=evidence_id)
    except ServiceError:
        raise Http404 from None
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- meetings ------------------------------------------------------------------------------


@login_required
@permission_required("followup.view_meeting", raise_exception=True)
def meetings_view(request):
    upcoming = meeting_service.next_meeting()
    return render(
        request,
        "followup/meetings.html",
        {
            "meetings": meeting_service.meeting_list(),
            "upcoming": upcoming,
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
@permission_required("followup.add_meeting", raise_exception=True)
@require_POST
def meeting_add_view(request):
    from ihya.core.ingest.normalize import ParseError

    try:
        date = _date(request.POST.get("date"))
        if date is None:
            raise ParseError("date")
        meeting = meeting_service.meeting_plan(
            actor=request.user,
            number=request.POST.get("number", "")[:40],
            date=date,
            place=request.POST.get("place", "")[:200],
        )
    except ParseError:
        messages.error(request, _("The dates are dates such as 2027-01-31."))
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The meeting is planned."))
        return redirect("followup:meeting", number=meeting.number)
    return redirect("followup:meetings")


@login_required
@permission_required("followup.view_meeting", raise_exception=True)
def meeting_view(request, number: str):
    try:
        meeting = meeting_service.meeting_get(number)
    except ServiceError:
        raise Http404 from None
    return _meeting_page(request, meeting)


def _meeting_page(request, meeting, *, entered: dict | None = None, refused=None, status=200):
    """The meeting's page; its record's form holds ``entered`` (what was posted, when a save
    was refused: nothing typed is lost) or the record as saved, with the version it read."""
    from django.contrib.auth import get_user_model

    from ihya.reference.selectors import bodies

    items = meeting_service.meeting_agenda(meeting)
    if entered is None:
        entered = {
            "version": meeting.version,
            "attendees": set(meeting.attendees.values_list("username", flat=True)),
            "guests": meeting.guests,
            "minutes_ar": meeting.minutes_ar,
            "minutes_en": meeting.minutes_en,
            "held": False,
        }
    return render(
        request,
        "followup/meeting.html",
        {
            "meeting": meeting,
            "agenda": items,
            "entered": entered,
            "refused": refused,
            "users": get_user_model()
            .objects.filter(is_active=True)
            .order_by("username")
            .values_list("username", "first_name", "last_name"),
            "bodies": bodies(),
            "today": dt.date.today().isoformat(),
        },
        status=status,
    )


def _version(value: str | None) -> int | None:
    """The version a form read (None when the form did not say: no check; 0 when unreadable:
    refused as stale)."""
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) < 10 else 0


@login_required
@permission_required("followup.change_meeting", raise_exception=True)
@require_POST
def meeting_record_view(request, number: str):
    post = request.POST
    entered = {
        "version": _version(post.get("version")),
        "attendees": post.getlist("attendees"),
        "guests": post.get("guests", "")[:5000],
        "minutes_ar": post.get("minutes_ar", "")[:50_000],
        "minutes_en": post.get("minutes_en", "")[:50_000],
        "held": bool(post.get("held")),
    }
    try:
        meeting_service.meeting_record(actor=request.user, number=number, **entered)
    except StaleEdit as error:
        # the record changed since the page was read: the page again, what was typed kept and
        # the reason on the form; nothing saved
        try:
            meeting = meeting_service.meeting_get(number)
        except ServiceError:
            raise Http404 from None
        entered["attendees"] = set(entered["attendees"])
        return _meeting_page(request, meeting, entered=entered, refused=error, status=409)
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The meeting is recorded."))
    return redirect("followup:meeting", number=number)


@login_required
@permission_required("followup.change_decision", raise_exception=True)
@require_POST
def decision_state_view(request, number: str):
    from ihya.followup.services import decision_update

    try:
        decision_update(
            actor=request.user,
            number=number,
            state=request.POST.get("state", ""),
            expected_state=request.POST.get("expected_state") or None,
        )
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, _("The decision is updated."))
    return _back(request, "followup:decisions")
