"""The append-only audit log: who, when, what, before and after — chained by hashes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded change. The database refuses UPDATE and DELETE on this table (triggers in
    the migration); ``hash`` chains each entry to the previous one, keyed with a key the
    database does not hold, and the head is anchored in a signed file outside it, so that
    ``ihya audit verify`` finds any row edited or removed behind the application's back."""

    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # the log is append-only: deleting a user must not touch it (actor_name keeps the name)
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=20)
    entity = models.CharField(_("what"), max_length=60)
    object_id = models.CharField(_("record"), max_length=60, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # 2: HMAC-SHA256 with the audit key (outside the database); NULL: the unkeyed SHA-256 of the
    # entries written before the key. No unkeyed entry may follow a keyed one.
    version = models.PositiveSmallIntegerField(null=True, blank=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True)  # position (keyed entries)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["id"]
        indexes = [models.Index(fields=["entity", "object_id"])]
