"""Users, roles and API tokens. The first administrator gets a generated password, shown once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.accounts.models import ApiToken, Profile
from ihya.accounts.roles import ROLE_PERMISSIONS
from ihya.audit.services import Change, audit_record
from ihya.errors import Conflict, Invalid, Problem
from ihya.reference.models import Body


@dataclass(frozen=True)
class NewUser:
    user: User
    password: str  # shown once, never stored in clear


def _password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    body: str | None = None,
    email: str = "",
    actor: Actor | None = None,
    password: str | None = None,
) -> NewUser:
    """Create a user with a role (and body); a random password is generated unless given.
    ``Invalid`` for an unknown role or body, ``Conflict`` when the login is taken."""
    problems = []
    if role not in ROLE_PERMISSIONS:
        problems.append(
            Problem.of(
                "role",
                "unknown_role",
                _("Unknown role “%(role)s”; one of %(roles)s."),
                role=role,
                roles=", ".join(ROLE_PERMISSIONS),
            )
        )
    body_obj = Body.objects.filter(code=body).first() if body else None
    if body and body_obj is None:
        problems.append(
            Problem.of(
                "body",
                "unknown_body",
                _("Unknown body “%(body)s”; one of %(bodies)s."),
                body=body,
                bodies=", ".join(Body.objects.order_by("code").values_list("code", flat=True)),
            )
        )
    if problems:
        raise Invalid(*problems)
    if User.objects.filter(username=username).exists():
        raise Conflict(
            Problem.of(
                "username", "exists", _("The user “%(name)s” exists already."), name=username
            )
        )
    password = password or _password()
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        is_staff=role == "admin",
        is_superuser=role == "admin",
    )
    Profile.objects.create(user=user, role=role, body=body_obj)
    user.groups.set([Group.objects.get(name=role)])
    audit_record(
        actor=actor,
        changes=[
            Change(
                "create", "auth.user", username, None, {"role": role, "body": body, "email": email}
            )
        ],
    )
    return NewUser(user=user, password=password)


def admin_create(*, username: str = "admin", actor: Actor | None = None) -> NewUser:
    """The first administrator: refuses when an administrator exists (no default password)."""
    if User.objects.filter(is_superuser=True).exists():
        raise Conflict(
            Problem.of(
                None,
                "admin_exists",
                _("An administrator exists already; add other users on the admin pages."),
            )
        )
    return user_create(username=username, role="admin", actor=actor)


MAX_ACTIVE_TOKENS = 20  # per user: revoke one to make another


class TooManyTokens(Conflict):
    """The user has ``MAX_ACTIVE_TOKENS`` tokens not revoked."""

    def __init__(self, count: int) -> None:
        super().__init__(
            Problem.of(
                None,
                "too_many_tokens",
                _("You have %(count)s tokens; revoke one before you make another."),
                count=count,
            )
        )


MAX_TOKEN_DAYS = 366  # a token lives at most a year: long-lived scripts renew it


def _token_days(days: int | None) -> int:
    from django.conf import settings

    days = settings.TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise Invalid(
            Problem.of(
                "days",
                "token_days",
                _("A token lasts between 1 and %(max)s days.") % {"max": MAX_TOKEN_DAYS},
            )
        )
    return days


@transaction.atomic
def token_create(*, user: User, name: str, days: int | None = None) -> str:
    """A new personal API token for ``user``, valid ``days`` days (``IHYA_TOKEN_DAYS`` by
    default, at most ``MAX_TOKEN_DAYS``); returns the token (shown once). Refused with
    :class:`TooManyTokens` when the user has ``MAX_ACTIVE_TOKENS`` tokens in force."""
    days = _token_days(days)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time
    now = timezone.now()
    in_force = ApiToken.objects.filter(user=user, revoked=False, expires_at__gt=now)
    if in_force.count() >= MAX_ACTIVE_TOKENS:
        raise TooManyTokens(MAX_ACTIVE_TOKENS)
    token = ApiToken.generate()
    expires = now + timedelta(days=days)
    ApiToken.objects.create(
        user=user,
        name=name,
        digest=ApiToken.hash(token),
        prefix=token[5:13],
        created_at=now,
        expires_at=expires,
    )
    audit_record(
        actor=user,
        changes=[
            Change(
                "create",
                "accounts.apitoken",
                f"{user.username}/{name}",
                None,
                {"name": name, "prefix": token[5:13], "expires_at": expires.isoformat()},
            )
        ],
    )
    return token


@transaction.atomic
def token_revoke(*, user: User, token_id: int, actor: User | None = None) -> ApiToken:
    """Revoke one of ``user``'s tokens (for good: a revoked token never works again); by the
    user, or by an administrator (``actor``)."""
    from django.utils.translation import gettext_lazy as _

    from ihya.errors import NotFound, Problem

    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(Problem.of(None, "not_found", _("No such token.")))
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        audit_record(
            actor=actor or user,
            changes=[
                Change(
                    "update",
                    "accounts.apitoken",
                    f"{user.username}/{token.name}",
                    {"prefix": token.prefix, "revoked": False},
                    {"prefix": token.prefix, "revoked": True},
                )
            ],
        )
    return token


def tokens_of(*, user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at")


LAST_USED_STEP = timedelta(minutes=1)  # "last used" is exact to the minute: one write a minute


def token_user(*, token: str) -> User | None:
    """The active user owning ``token`` (not revoked, not expired), or None. Records when the
    token was last used, at most once a minute (not a write on every call)."""
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=ApiToken.hash(token), revoked=False, expires_at__gt=now, user__is_active=True
        )
        .first()
    )
    if found is None:
        return None
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


DEMO_USERS = {
    "admin": ("admin", None),
    "secretariat": ("secretariat", None),
    "ministry": ("ministry_analyst", "ministry-industry"),
    "authority": ("authority_analyst", "export-authority"),
    "member": ("committee_member", None),
    "viewer": ("viewer", None),
}


@transaction.atomic
def demo_users(*, actor: Actor | None = None) -> list[tuple[str, str, str]]:
    """One demo user per role, each with a freshly generated password: (username, role, password).
    For the demo only; a real deployment starts with `ihya users create-admin`."""
    out = []
    for username, (role, body) in DEMO_USERS.items():
        name = f"demo-{username}"
        password = _password()
        user = User.objects.filter(username=name).first()
        if user is None:
            user_create(username=name, role=role, body=body, password=password, actor=actor)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        out.append((name, role, password))
    return out


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """The user's own new password (already checked by Django's validators on the form): hashed
    with argon2, the change in the audit log (never the password), and the user's API tokens
    kept (they are revoked separately)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        changes=[
            Change("update", "auth.user", user.username, {"password": "…"}, {"password": "…"})
        ],
    )


@transaction.atomic
def profile_update(*, user: User, digits: str) -> Profile:
    """The user's display preference: Western (latn) or Arabic-Indic (arab) digits."""
    if digits not in ("latn", "arab"):
        raise ValueError("digits must be 'latn' or 'arab'")
    profile, _ = Profile.objects.get_or_create(
        user=user, defaults={"role": "viewer" if not user.is_superuser else "admin"}
    )
    before = profile.digits
    if before != digits:
        profile.digits = digits
        profile.save(update_fields=["digits"])
        audit_record(
            actor=user,
            changes=[
                Change(
                    "update",
                    "accounts.profile",
                    user.username,
                    {"digits": before},
                    {"digits": digits},
                )
            ],
        )
    return profile


def actor_of_user(*, user_id: int | None) -> Actor:
    """The actor a background job acts for: the user who asked (by id), or the system."""
    return Actor.of(User.objects.filter(pk=user_id).first() if user_id else None)


def user_by_name(*, username: str) -> User:
    """A user by login (``NotFound`` otherwise)."""
    from django.utils.translation import gettext_lazy as _

    from ihya.errors import NotFound, Problem

    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(Problem.of(None, "not_found", _("No user “%(name)s”."), name=username))
    return user
