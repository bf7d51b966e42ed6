"""Personal API tokens from the preferences page: created and shown once, usable, revocable."""

import re

import pytest
from django.test import Client

from ihya.accounts.models import ApiToken
from ihya.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_works_and_can_be_revoked(small_demo, client_for, actors):
    page = client_for("viewer")
    response = page.post("/me/", {"action": "token_create", "name": "my script"})
    assert response.status_code == 200
    token = re.search(r"ihya_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)
    stored = ApiToken.objects.get(user=actors["viewer"], name="my script")
    assert stored.digest == ApiToken.hash(token) and token not in str(stored.__dict__)
    assert token not in page.get("/me/").content.decode()  # shown once
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/factories").status_code == 200
    assert page.post("/me/", {"action": "token_revoke", "token": stored.pk}).status_code == 302
    assert api.get("/api/v1/factories").status_code == 401
    assert AuditEntry.objects.filter(entity="accounts.apitoken", action="update").exists()


def test_nobody_revokes_anothers_token(small_demo, client_for, actors):
    from ihya.accounts.services import token_create

    token_create(user=actors["ministry"], name="theirs")
    theirs = ApiToken.objects.get(user=actors["ministry"])
    response = client_for("viewer").post("/me/", {"action": "token_revoke", "token": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.revoked


def test_a_token_expires(small_demo, client_for, actors):
    from datetime import timedelta

    from django.utils import timezone

    from ihya.accounts.services import token_create

    page = client_for("viewer")
    response = page.post("/me/", {"action": "token_create", "name": "short", "days": "30"})
    token = re.search(r"ihya_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)
    stored = ApiToken.objects.get(user=actors["viewer"], name="short")
    assert timedelta(days=29, hours=23) < stored.expires_at - timezone.now() <= timedelta(days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/factories").status_code == 200
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/factories").status_code == 401
    assert (
        "expired" in page.get("/me/").content.decode()
        or "منتهي" in page.get("/me/").content.decode()
    )
    # the default is IHYA_TOKEN_DAYS (90), and no token lives more than a year
    token_create(user=actors["viewer"], name="default")
    default = ApiToken.objects.get(user=actors["viewer"], name="default")
    assert (default.expires_at - default.created_at).days == 90
    response = page.post("/me/", {"action": "token_create", "name": "forever", "days": "4000"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(name="forever").exists()


def test_last_used_is_recorded_at_most_once_a_minute(small_demo, actors):
    from datetime import timedelta

    from django.utils import timezone

    from ihya.accounts.services import token_create, token_user

    token = token_create(user=actors["viewer"], name="script")
    assert ApiToken.objects.get(name="script").last_used_at is None
    assert token_user(token=token) == actors["viewer"]
    first = ApiToken.objects.get(name="script").last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)
    token_user(token=token)
    assert ApiToken.objects.get(name="script").last_used_at == first
    ApiToken.objects.filter(name="script").update(last_used_at=first - timedelta(minutes=2))
    token_user(token=token)
    assert ApiToken.objects.get(name="script").last_used_at > first - timedelta(minutes=2)


def test_a_user_changes_their_password_on_me(small_demo, client_for, actors):
    from tests.conftest import PASSWORD

    page = client_for("viewer")
    other = client_for("viewer")  # another session of the same user
    weak = page.post(
        "/me/",
        {
            "action": "password",
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert weak.status_code == 200 and "is-invalid" in weak.content.decode()
    wrong_old = page.post(
        "/me/",
        {
            "action": "password",
            "old_password": "not it",
            "new_password1": "a new long passphrase 2027",
            "new_password2": "a new long passphrase 2027",
        },
    )
    assert wrong_old.status_code == 200 and "is-invalid" in wrong_old.content.decode()
    done = page.post(
        "/me/",
        {
            "action": "password",
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 2027",
            "new_password2": "a new long passphrase 2027",
        },
    )
    assert done.status_code == 302
    actors["viewer"].refresh_from_db()
    assert actors["viewer"].check_password("a new long passphrase 2027")
    assert page.get("/me/").status_code == 200  # this session stays
    assert other.get("/me/").status_code == 302  # the other one ended
    assert AuditEntry.objects.filter(entity="auth.user", object_id="viewer").exists()
    assert "a new long passphrase" not in str(list(AuditEntry.objects.values()))
