"""Reads for notifications: who they go to (users by body, by name, the secretariat), a user's
notifications and unread count, and what the follow-up says needs notifying (open decisions,
files at risk and the bodies behind them, late plan tasks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from ihya.notify.models import Notification, Preference


def _active_users():
    return get_user_model().objects.filter(is_active=True)


@dataclass(frozen=True)
class Directory:
    """The active users, indexed the ways notifications address them."""

    by_body: dict[int, set[int]]  # reference.Body pk -> user ids
    by_body_code: dict[str, set[int]]
    by_name: dict[str, set[int]]  # casefolded username and full name -> user ids
    secretariat: set[int]

    def named(self, name: str) -> set[int]:
        return set(self.by_name.get(" ".join(name.split()).casefold(), ())) if name else set()


def directory() -> Directory:
    by_body: dict[int, set[int]] = {}
    by_code: dict[str, set[int]] = {}
    by_name: dict[str, set[int]] = {}
    secretariat: set[int] = set()
    rows = _active_users().values_list(
        "pk",
        "username",
        "first_name",
        "last_name",
        "profile__role",
        "profile__body_id",
        "profile__body__code",
    )
    for pk, username, first, last, role, body_id, body_code in rows:
        if body_id is not None:
            by_body.setdefault(body_id, set()).add(pk)
            by_code.setdefault(body_code, set()).add(pk)
        for name in (username, f"{first} {last}"):
            name = " ".join(name.split()).casefold()
            if name:
                by_name.setdefault(name, set()).add(pk)
        if role == "secretariat":
            secretariat.add(pk)
    return Directory(by_body, by_code, by_name, secretariat)


def open_decisions():
    from ihya.followup.selectors import decision_list

    return decision_list().filter(state="open")


def requirement_bodies(factory_ids: list[str]) -> dict[str, set[int]]:
    """The bodies responsible for each factory's requirements (open or not)."""
    from ihya.diagnosis.models import Requirement

    out: dict[str, set[int]] = {}
    rows = (
        Requirement.objects.filter(factories__external_id__in=factory_ids)
        .exclude(responsible_body=None)
        .values_list("factories__external_id", "responsible_body_id")
    )
    for fid, body_id in rows:
        out.setdefault(fid, set()).add(body_id)
    return out


def factory_names(factory_ids: list[str]) -> dict[str, tuple[str, str]]:
    from ihya.registry.models import Factory

    return {
        fid: (ar, en)
        for fid, ar, en in Factory.objects.filter(external_id__in=factory_ids).values_list(
            "external_id", "name_ar", "name_en"
        )
    }


@dataclass(frozen=True)
class LateTask:
    plan_id: int
    plan: str
    key: str
    name_ar: str
    name_en: str
    factory_id: str
    body: str
    finish: dt.date


def late_tasks(today: dt.date) -> list[LateTask]:
    """Steps of the followed plan not done past their finish in the approved baseline (as the
    meeting's agenda counts them: a re-forecast does not hide a delay)."""
    from ihya.followup.progress import task_rows

    return [
        LateTask(
            r.task.plan_id,
            r.task.plan.name,
            r.task.key,
            r.task.name_ar,
            r.task.name_en,
            r.task.factory_id,
            r.task.body,
            r.due,
        )
        for r in task_rows(as_of=today, overdue_only=True)
        if r.task.body
    ]


def notifications_of(*, user, unread: bool = False, limit: int | None = None):
    """The user's own notifications, newest first."""
    items = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    if unread:
        items = items.filter(read_at=None)
    return items[:limit] if limit else items


def unread_count(*, user) -> int:
    """One COUNT query (the navbar's bell)."""
    return Notification.objects.filter(user=user, read_at=None).count()


def language_of(user) -> str:
    """The language of the user's digest: their choice, else the site's (IHYA_LANGUAGE)."""
    pref = Preference.objects.filter(user=user).values_list("language", flat=True).first()
    return pref or settings.LANGUAGE_CODE


def preference_of(*, user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(
        user=user, language=settings.LANGUAGE_CODE, digest=True
    )


def pending_digests() -> dict[int, list[Notification]]:
    """Per user with an e-mail address who wants the digest: their notifications neither read
    nor e-mailed yet, oldest first."""
    users = (
        _active_users()
        .exclude(email="")
        .exclude(notify_preference__digest=False)
        .values_list("pk", flat=True)
    )
    out: dict[int, list[Notification]] = {}
    items = (
        Notification.objects.filter(user_id__in=users, emailed_at=None, read_at=None)
        .select_related("user", "user__notify_preference", "user__profile")
        .order_by("user_id", "created_at", "id")
    )
    for n in items:
        out.setdefault(n.user_id, []).append(n)
    return out
