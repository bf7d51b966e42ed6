"""Notifications of the follow-up: what a user should know (a decision assigned to them, its
deadline approaching or passed, a plan task of their body late, a file turning at risk), kept as
a kind and its parameters so that each is said in the reader's language when shown or mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("assigned to you")
        DEADLINE_SOON = "deadline_soon", _("deadline approaching")
        DEADLINE_PASSED = "deadline_passed", _("deadline passed")
        AT_RISK = "at_risk", _("file at risk")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # what the text is made of (numbers, names in both languages, dates as ISO strings) and
    # what it is about: "decision", "task" or "file" (notify.messages renders it)
    params = models.JSONField(default=dict)
    link = models.CharField(_("link"), max_length=300, blank=True)  # a URL path of the site
    # the event: the same event never notifies the same user twice (notify_scan is idempotent)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notify_notification_user_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notify_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"


class Preference(models.Model):
    """How a user wants the daily digest: its language (pages follow the language switch, which
    is a cookie the digest cannot read) and whether to receive it at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    digest = models.BooleanField(_("daily digest by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
