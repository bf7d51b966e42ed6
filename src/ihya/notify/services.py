"""Writing notifications: ``notify_scan`` turns the state of the follow-up into notifications
(idempotent: each event has a key, and a user is notified of a key once), reading them, and the
user's digest preference. The digest itself is ``notify.digest``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.errors import Invalid, Problem
from ihya.notify import selectors
from ihya.notify.models import Notification, Preference

Kind = Notification.Kind


@dataclass
class ScanResult:
    today: dt.date
    created: Counter = field(default_factory=Counter)  # kind -> new notifications

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _decision_events(today: dt.date, people: selectors.Directory):
    """(users, kind, key, params, link) for every open decision."""
    soon = today + dt.timedelta(days=settings.NOTIFY_SOON_DAYS)
    register = reverse("followup:decisions")
    for d in selectors.open_decisions():
        users = set(people.by_body.get(d.owner_body_id, ())) if d.owner_body_id else set()
        users |= people.named(d.owner_person)
        if not users:
            continue
        params = {
            "about": "decision",
            "number": d.number,
            "text_ar": d.text_ar[:500],
            "text_en": d.text_en[:500],
            "deadline": _iso(d.deadline),
        }
        yield users, Kind.ASSIGNED, f"decision:{d.pk}:assigned", params, register + "?show=open"
        if d.deadline is None:
            continue
        if d.deadline < today:
            key = f"decision:{d.pk}:passed:{d.deadline}"
            yield users, Kind.DEADLINE_PASSED, key, params, register + "?show=overdue"
        elif d.deadline <= soon:
            key = f"decision:{d.pk}:soon:{d.deadline}"
            yield users, Kind.DEADLINE_SOON, key, params, register + "?show=open"


def _risk_events(people: selectors.Directory):
    """Files whose forecast restart slips past the baseline by more than IHYA_RISK_SLIP_DAYS:
    to the secretariat and to the users of the bodies responsible for the factory's
    requirements. A further slip (a new forecast) is a new event."""
    from ihya.followup.selectors import restarts

    plan = restarts()
    risky = sorted(fid for fid in plan.forecast if plan.at_risk(fid))
    if not risky:
        return
    bodies = selectors.requirement_bodies(risky)
    names = selectors.factory_names(risky)
    for fid in risky:
        users = set(people.secretariat)
        for body_id in bodies.get(fid, ()):
            users |= people.by_body.get(body_id, set())
        name_ar, name_en = names.get(fid, ("", ""))
        params = {
            "about": "file",
            "factory": fid,
            "name_ar": name_ar,
            "name_en": name_en,
            "baseline": _iso(plan.baseline.get(fid)),
            "forecast": _iso(plan.forecast.get(fid)),
            "slip": plan.slip(fid),
        }
        key = f"file:{fid}:at_risk:{plan.plan}:{plan.forecast.get(fid)}"
        link = reverse("followup:case", kwargs={"external_id": fid})
        yield users, Kind.AT_RISK, key, params, link


def _task_events(today: dt.date, people: selectors.Directory):
    """Steps of the followed plan past their finish date without an actual finish: to the users
    of the step's body."""
    for t in selectors.late_tasks(today):
        users = people.by_body_code.get(t.body, set())
        if not users:
            continue
        params = {
            "about": "task",
            "task_ar": t.name_ar,
            "task_en": t.name_en,
            "factory": t.factory_id,
            "finish": _iso(t.finish),
            "plan": t.plan,
        }
        key = f"task:{t.plan}:{t.key}:passed:{t.finish}"[:200]
        link = reverse("plan:plan", kwargs={"pk": t.plan_id})
        yield users, Kind.DEADLINE_PASSED, key, params, link


def notify_scan(*, today: dt.date | None = None) -> ScanResult:
    """Create the notifications the follow-up calls for on ``today`` (the local date by
    default): for each open decision, to its owners — the users of its owner body and any user
    whose login or full name is its owner person — ``assigned`` once, ``deadline_soon`` within
    IHYA_NOTIFY_SOON_DAYS of its deadline, ``deadline_passed`` once it is overdue; ``at_risk``
    for each file whose forecast restart slips; ``deadline_passed`` for the followed plan's late
    steps. Run it as often as you like: an event notifies a user once."""
    today = today or timezone.localdate()
    people = selectors.directory()
    result = ScanResult(today)
    events = [
        *_decision_events(today, people),
        *_risk_events(people),
        *_task_events(today, people),
    ]
    with transaction.atomic():
        for kind in Kind.values:
            rows = [
                Notification(user_id=u, kind=kind, params=params, link=link, key=key)
                for users, k, key, params, link in events
                if k == kind
                for u in sorted(users)
            ]
            if not rows:
                continue
            before = Notification.objects.filter(kind=kind).count()
            Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            new = Notification.objects.filter(kind=kind).count() - before
            if new:
                result.created[kind] = new
    return result


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those of ``ids`` that are theirs);
    returns how many changed. Nobody marks another user's."""
    items = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        items = items.filter(pk__in=ids)
    return items.update(read_at=timezone.now())


def preference_set(*, user, language: str, digest: bool) -> Preference:
    """The language of the user's digest and whether they receive it."""
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise Invalid(Problem.of("language", "invalid", _("Choose Arabic or English.")))
    pref, _created = Preference.objects.update_or_create(
        user=user, defaults={"language": language, "digest": digest}
    )
    return pref
