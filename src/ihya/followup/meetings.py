"""The committee's meetings: an agenda built from the state of the follow-up — tasks overdue,
files at risk, approvals pending, decisions past their deadline — live until the meeting is
held, then kept as it was; attendance and minutes; the decisions taken at it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.errors import Conflict, Invalid, NotFound, Problem, StaleEdit

SECTIONS = ("overdue_tasks", "at_risk", "pending_approvals", "overdue_decisions")
# a save on an older version of the meeting's record (optimistic locking)
STALE = _(
    "Somebody saved this meeting's record after you opened it (it is now at version "
    "%(version)s). Reload the page to see their changes, then make yours again."
)


def agenda(as_of: dt.date | None = None) -> dict:
    """What the committee must look at as of ``as_of`` (today by default), as plain data (it is
    kept with a meeting once held)."""
    from ihya.followup.models import Case, Decision
    from ihya.followup.progress import task_rows
    from ihya.followup.selectors import restarts
    from ihya.plan.models import Plan

    as_of = as_of or dt.date.today()
    plan = restarts()
    names = {}
    from ihya.registry.models import Factory

    wanted = set(plan.forecast) | set(Case.objects.values_list("factory__external_id", flat=True))
    for fid, ar, en in Factory.objects.filter(external_id__in=wanted).values_list(
        "external_id", "name_ar", "name_en"
    ):
        names[fid] = {"ar": ar or en, "en": en or ar}
    overdue_tasks = [
        {
            "key": r.task.key,
            "name_ar": r.task.name_ar,
            "name_en": r.task.name_en,
            "factory_id": r.task.factory_id,
            "requirement_id": r.task.requirement_id,
            "body": r.task.body,
            "due": r.due.isoformat(),
            "forecast": r.task.finish_date.isoformat() if r.task.finish_date else None,
            "days_late": r.overdue_days,
            "status": r.status,
        }
        for r in task_rows(as_of=as_of, overdue_only=True)
    ]
    overdue_tasks.sort(key=lambda t: (-t["days_late"], t["key"]))
    at_risk = [
        {
            "factory_id": fid,
            "name": names.get(fid, {"ar": fid, "en": fid}),
            "baseline": plan.baseline[fid].isoformat(),
            "forecast": plan.forecast[fid].isoformat(),
            "slip_days": plan.slip(fid),
        }
        for fid in sorted(plan.forecast, key=lambda f: -(plan.slip(f) or 0))
        if plan.at_risk(fid)
    ]
    pending = [
        {"kind": "case", "factory_id": fid, "name": names.get(fid, {"ar": fid, "en": fid})}
        for fid in Case.objects.filter(state="prioritised")
        .order_by("factory__external_id")
        .values_list("factory__external_id", flat=True)
    ]
    approved_names = set(
        Plan.objects.filter(state=Plan.State.APPROVED).values_list("name", flat=True)
    )
    for p in Plan.objects.filter(state=Plan.State.DRAFT, parent=None).order_by("name", "version"):
        if p.name not in approved_names:
            pending.append({"kind": "plan", "plan": p.name, "version": p.version})
    decisions = [
        {
            "number": d.number,
            "text_ar": d.text_ar or d.text_en,
            "text_en": d.text_en or d.text_ar,
            "deadline": d.deadline.isoformat(),
            "days_late": (as_of - d.deadline).days,
            "owner_body": d.owner_body.code if d.owner_body else "",
            "owner_person": d.owner_person,
        }
        for d in Decision.objects.filter(state="open", deadline__lt=as_of)
        .select_related("owner_body")
        .order_by("deadline", "number")
    ]
    return {
        "as_of": as_of.isoformat(),
        "overdue_tasks": overdue_tasks,
        "at_risk": at_risk,
        "pending_approvals": pending,
        "overdue_decisions": decisions,
    }


def meeting_agenda(meeting) -> dict:
    """A held meeting's agenda as it was; a planned one's as of today (or its date if past)."""
    if meeting.state == "held" and meeting.agenda:
        return meeting.agenda
    return agenda(min(meeting.date, dt.date.today()) if meeting.date else None)


def next_meeting():
    """The first planned meeting from today on (None if none is planned)."""
    from ihya.followup.models import Meeting

    return (
        Meeting.objects.filter(state="planned", date__gte=dt.date.today())
        .order_by("date", "id")
        .first()
    )


def meeting_list():
    from ihya.followup.models import Meeting

    return Meeting.objects.prefetch_related("attendees", "decisions")


def meeting_get(number: str):
    meeting = meeting_list().filter(number=number).first()
    if meeting is None:
        raise NotFound(Problem.of(None, "not_found", _("No meeting %(n)s."), n=number))
    return meeting


def meeting_plan(*, actor, number: str, date: dt.date, place: str = ""):
    """Plan a meeting of the committee (the secretariat). Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Meeting

    actor = Actor.of(actor)
    actor.require("followup.add_meeting")
    problems = []
    if not number.strip():
        problems.append(Problem.of("number", "number_required", _("Give the meeting a number.")))
    elif Meeting.objects.filter(number=number).exists():
        problems.append(
            Problem.of("number", "duplicate", _("Meeting %(number)s exists."), number=number)
        )
    if problems:
        raise Invalid(*problems)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            number=number.strip(), date=date, place=place, created_by=actor.user
        )
        audit_record(
            actor=actor,
            changes=[
                Change("create", "followup.meeting", meeting.number, None, {"date": str(date)})
            ],
        )
    return meeting


def meeting_record(
    *,
    actor,
    number: str,
    attendees: list[str] | None = None,
    guests: str | None = None,
    minutes_ar: str | None = None,
    minutes_en: str | None = None,
    held: bool = False,
    version: int | None = None,
):
    """Record a meeting's attendance (usernames) and minutes; ``held`` closes it, keeping its
    agenda as of its date. A held meeting's attendance and minutes may still be corrected (the
    audit log keeps each version). ``version``: the version of the record the caller read —
    ``StaleEdit`` (409, code ``stale``) when somebody saved it meanwhile, never overwriting
    their change; None (old scripts) saves without the check. A save that changes something
    bumps the version. Audited."""
    from django.contrib.auth import get_user_model

    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Meeting

    actor = Actor.of(actor)
    actor.require("followup.change_meeting")
    meeting = meeting_get(number)
    users = []
    if attendees is not None:
        found = {u.username: u for u in get_user_model().objects.filter(username__in=attendees)}
        unknown = [a for a in attendees if a not in found]
        if unknown:
            raise Invalid(
                Problem.of(
                    "attendees", "unknown_user", _("No user %(names)s."), names=", ".join(unknown)
                )
            )
        users = list(found.values())
    if held and meeting.date > dt.date.today():
        raise Conflict(
            Problem.of("held", "future_meeting", _("A meeting is held on its date, not before."))
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        StaleEdit.check(meeting.version, version, STALE)
        before = {
            "state": meeting.state,
            "attendees": sorted(meeting.attendees.values_list("username", flat=True)),
            "minutes_ar": meeting.minutes_ar,
            "minutes_en": meeting.minutes_en,
            "guests": meeting.guests,
        }
        if attendees is not None:
            meeting.attendees.set(users)
        for field, value in (
            ("guests", guests),
            ("minutes_ar", minutes_ar),
            ("minutes_en", minutes_en),
        ):
            if value is not None:
                setattr(meeting, field, value)
        if held and meeting.state != Meeting.State.HELD:
            meeting.agenda = agenda(meeting.date)
            meeting.state = Meeting.State.HELD
        after = {
            "state": meeting.state,
            "attendees": sorted(meeting.attendees.values_list("username", flat=True)),
            "minutes_ar": meeting.minutes_ar,
            "minutes_en": meeting.minutes_en,
            "guests": meeting.guests,
        }
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            meeting.version += 1
            meeting.save()
            audit_record(
                actor=actor,
                changes=[
                    Change(
                        "update",
                        "followup.meeting",
                        meeting.number,
                        {k: before[k] for k in sorted(changed)},
                        {k: after[k] for k in sorted(changed)},
                    )
                ],
            )
    return meeting
