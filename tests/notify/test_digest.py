"""The daily digest: one e-mail per user with an address, in their language, plain text and
HTML, listing their unread notifications once; Django's test mail box, and once a real SMTP
server (aiosmtpd) started here on 127.0.0.1 — never an outside one."""

import datetime as dt
import socket

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.notify.models import Notification, Preference

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(actors, decide):
    ministry = actors["ministry"]
    ministry.email = "ministry@example.ly"
    ministry.save()
    decide("2026/7", owner_body="ministry-industry", deadline=dt.date(2026, 2, 1))
    decide("2026/8", owner_person="viewer")  # the viewer has no address: no e-mail
    return ministry


def _digest(*args: str):
    result = CliRunner().invoke(app, ["notify", "digest", "--date", TODAY.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_digest_mails_each_owner_once_in_their_language(overdue, mailoutbox):
    output = _digest()
    assert "1 e-mails sent (2 notifications)" in output
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ministry@example.ly"]
    assert mail.subject == "إحياء: 2 إشعاران"  # Arabic by default (IHYA_LANGUAGE)
    assert "القرار 2026/7 متأخر منذ" in mail.body and "توفير قطع الغيار" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html and "2026/7" in html
    assert "http://127.0.0.1:8000/decisions/?show=overdue" in mail.body
    assert not Notification.objects.filter(user=overdue, emailed_at=None).exists()
    assert Notification.objects.get(user__username="viewer").emailed_at is None
    # nothing new: nothing sent
    assert "0 e-mails sent" in _digest() and len(mailoutbox) == 1


def test_english_readers_and_read_notifications(overdue, mailoutbox):
    Preference.objects.create(user=overdue, language="en")
    from ihya.notify.services import notify_scan

    notify_scan(today=TODAY)
    Notification.objects.filter(user=overdue, kind="assigned").update(
        read_at=dt.datetime.now(dt.UTC)
    )
    _digest()
    (mail,) = mailoutbox
    assert mail.subject == "Ihya: 1 notification"
    assert (
        "Decision 2026/7 is overdue since" in mail.body and "Provide the spare parts" in mail.body
    )
    assert "is assigned to you" not in mail.body  # already read in the app


def test_a_dry_run_writes_and_sends_nothing(overdue, mailoutbox):
    output = _digest("--dry-run")
    assert "would send 1 e-mails (2 notifications): ministry@example.ly" in output
    assert mailoutbox == [] and Notification.objects.count() == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_digest_reaches_a_real_smtp_server(overdue, settings):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    port = _free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        # what IHYA_SMTP_HOST=127.0.0.1 IHYA_SMTP_PORT=<port> IHYA_MAIL_FROM=… give
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "ihya@committee.example.ly"
        assert "1 e-mails sent" in _digest()
    finally:
        controller.stop()
    (message,) = received
    assert message["To"] == "ministry@example.ly"
    assert message["From"] == "ihya@committee.example.ly"
    assert message.is_multipart()
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    assert "2026/7" in parts["text/plain"] and "2026/7" in parts["text/html"]
    assert "توفير قطع الغيار" in parts["text/plain"]


def test_an_unreachable_server_sends_nothing_and_keeps_everything(overdue, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 5
    result = CliRunner().invoke(app, ["notify", "digest", "--date", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "0 e-mails sent" in result.output and "ministry@example.ly" in result.output
    assert Notification.objects.filter(user=overdue, emailed_at=None).count() == 2
