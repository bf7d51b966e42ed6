"""Who a user is in the programme: a role (a Django group with its permissions) and a body."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.vocabularies import choices


class Profile(models.Model):
    """The user's body (ministry, authority…) and display preferences. The role itself is the
    user's membership of the group of the same name (see ``accounts.roles``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=30, choices=choices("role"))
    body = models.ForeignKey(
        "reference.Body", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("body")
    )
    digits = models.CharField(
        _("digits"),
        max_length=4,
        default="latn",
        choices=[("latn", "0123456789"), ("arab", "٠١٢٣٤٥٦٧٨٩")],
    )
    # Moves whenever the user's permissions may have changed (groups, the groups' permissions,
    # direct permissions): the key of the cached permission sets (accounts.backends).
    permissions_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # a token stops working at this moment (IHYA_TOKEN_DAYS after its creation unless asked)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "ihya_" + secrets.token_urlsafe(32)
