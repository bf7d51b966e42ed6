"""The daily digest: after a scan, each user with an e-mail address receives one message
listing their notifications not yet read nor e-mailed — in their language (their notification
preference, else IHYA_LANGUAGE), plain text with an HTML alternative, through Django's mail
settings (IHYA_SMTP_*) — and those notifications are marked e-mailed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from ihya.notify import messages, selectors
from ihya.notify.models import Notification
from ihya.notify.services import ScanResult, notify_scan

log = logging.getLogger(__name__)


@dataclass
class DigestResult:
    scan: ScanResult
    sent: list[str] = field(default_factory=list)  # addresses
    failed: dict[str, str] = field(default_factory=dict)  # address -> error
    notifications: int = 0  # notifications e-mailed
    dry_run: bool = False


def _language(user) -> str:
    """The user's digest language (their preference, loaded with them), else IHYA_LANGUAGE."""
    try:
        return user.notify_preference.language or settings.LANGUAGE_CODE
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE


def _message(user, items, language: str) -> EmailMultiAlternatives:
    profile = getattr(user, "profile", None)
    digits = getattr(profile, "digits", "latn")
    with translation.override(language):
        rows = [
            {
                "kind": messages.kind_label(n.kind, language),
                "text": messages.text(n.kind, n.params, language, digits=digits),
                "url": settings.SITE_URL + n.link if n.link else "",
                "overdue": n.kind == "deadline_passed",
            }
            for n in items
        ]
        subject = ngettext(
            "Ihya: %(count)s notification", "Ihya: %(count)s notifications", len(items)
        ) % {"count": len(items)}
        context = {
            "user": user,
            "rows": rows,
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
            "page": settings.SITE_URL + "/notifications/",
            "subject": subject,
        }
        body = render_to_string("notify/digest.txt", context)
        html = render_to_string("notify/digest.html", context)
    message = EmailMultiAlternatives(subject, body, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def digest_send(*, today: dt.date | None = None, dry_run: bool = False) -> DigestResult:
    """Scan, then send each user their digest and mark what it listed e-mailed. ``dry_run``:
    nothing is written nor sent (the scan is rolled back); the result says who would receive
    what. A message that fails leaves its notifications for the next digest."""
    if dry_run:
        with transaction.atomic():
            result = DigestResult(notify_scan(today=today), dry_run=True)
            for items in selectors.pending_digests().values():
                result.sent.append(items[0].user.email)
                result.notifications += len(items)
            transaction.set_rollback(True)
        return result
    result = DigestResult(notify_scan(today=today))
    pending = selectors.pending_digests()
    if not pending:
        return result
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # the server unreachable: nothing sent, everything waits
        log.warning("digest: no connection to the mail server: %s", exc)
        for items in pending.values():
            result.failed[items[0].user.email] = str(exc) or type(exc).__name__
        return result
    with connection:
        for items in pending.values():
            user = items[0].user
            message = _message(user, items, _language(user))
            message.connection = connection
            try:
                message.send()
            except Exception as exc:  # one address refused must not stop the others
                log.warning("digest to %s failed: %s", user.email, exc)
                result.failed[user.email] = str(exc) or type(exc).__name__
                continue
            ids = [n.pk for n in items]
            Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
            result.sent.append(user.email)
            result.notifications += len(ids)
    return result
