"""Login lock-out on three levels (django-axes records the failures; this handler decides):

- **one account from one address**: ``IHYA_LOGIN_FAILURES`` (5) wrong passwords lock that pair;
- **one address, any accounts**: ``IHYA_LOGIN_FAILURES_PER_ADDRESS`` (30) lock the address
  (password spraying from one machine), whichever account it tries next;
- **one account, any addresses**: ``IHYA_LOGIN_FAILURES_PER_ACCOUNT`` (20) lock the account
  (a distributed guess) — but never from an address it logged in from successfully in the last
  ``KNOWN_ADDRESS_DAYS`` days, so an anonymous caller elsewhere cannot lock the administrator
  out of their own office.

Every lock lasts the cool-off (``AXES_COOLOFF_TIME``, 15 minutes) and ends by itself: nobody
locks an account for good. A shared address (an office behind one NAT) only loses the accounts
it guessed wrongly five times, not everyone behind it, unless it sprays many accounts.
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

KNOWN_ADDRESS_DAYS = 30


class LockoutHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Record the failure (axes), then lock on any of the three levels at once — axes alone
        would only compare the failures of the account-and-address pair."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self.is_locked(request, credentials)
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        now = timezone.now()
        recent = AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off(request))
        address = request.axes_ip_address
        username = get_client_username(request, credentials)

        def failures(**match) -> int:
            total = recent.filter(**match).aggregate(n=Sum("failures_since_start"))["n"]
            return total or 0

        pair = failures(username=username, ip_address=address) if username is not None else 0
        if pair >= settings.AXES_FAILURE_LIMIT:
            return True
        if failures(ip_address=address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return True
        if (
            username is not None
            and failures(username=username) >= settings.LOGIN_FAILURES_PER_ACCOUNT
        ):
            known = AccessLog.objects.filter(
                username=username,
                ip_address=address,
                attempt_time__gte=now - timedelta(days=KNOWN_ADDRESS_DAYS),
            ).exists()
            return not known
        return False
