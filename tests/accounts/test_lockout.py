"""Login brute force: lock-out per account and address, per address, per account — and no way
for an anonymous caller to lock an account out for good, or to lock out everyone behind an
address it shares with them (ihya/accounts/lockout.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(address: str, username: str, password: str = "wrong") -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    if response.status_code == 302:
        assert "_auth_user_id" in client.session
    return response.status_code


def test_one_account_from_one_address_is_locked_not_everyone_behind_it(actors):
    assert [attempt("10.0.0.1", "viewer") for _ in range(5)] == [200, 200, 200, 200, 429]
    assert attempt("10.0.0.1", "viewer", PASSWORD) == 429  # locked from there
    assert attempt("10.0.0.1", "member", PASSWORD) == 302  # a colleague behind the same address
    assert attempt("10.0.0.2", "viewer", PASSWORD) == 302  # the account itself, elsewhere


def test_an_address_spraying_many_accounts_is_locked():
    with override_settings(LOGIN_FAILURES_PER_ADDRESS=12):
        statuses = [attempt("10.0.0.3", f"guess{k}") for k in range(12)]
        assert statuses[:11] == [200] * 11 and statuses[11] == 429
        assert attempt("10.0.0.3", "someone-else") == 429


def test_a_distributed_guess_locks_the_account_but_not_from_its_known_address(actors):
    assert attempt("10.1.0.1", "admin", PASSWORD) == 302  # the administrator's office
    with override_settings(LOGIN_FAILURES_PER_ACCOUNT=8):
        statuses = [attempt(f"10.2.0.{k}", "admin") for k in range(8)]  # no pair reaches 5
        assert statuses == [200] * 7 + [429]
        assert attempt("10.3.0.1", "admin", PASSWORD) == 429  # a new address: locked
        assert attempt("10.1.0.1", "admin", PASSWORD) == 302  # the known one: still works


def test_every_lock_ends_by_itself(actors):
    for _ in range(5):
        attempt("10.0.0.9", "admin")
    assert attempt("10.0.0.9", "admin", PASSWORD) == 429
    for _ in range(20):  # trying on during the lock is not even counted: it does not prolong it
        attempt("10.0.0.9", "admin")
    assert AccessAttempt.objects.get(ip_address="10.0.0.9").failures_since_start == 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt("10.0.0.9", "admin", PASSWORD) == 302
