"""Named weight sets ("exports first", "jobs first", "balanced"…) with who made them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    method = models.CharField(_("method"), max_length=12, default="wsm")
    weights = models.JSONField(_("weights"), default=dict)  # criterion code -> weight
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("priority scenario")
        verbose_name_plural = _("priority scenarios")
        ordering = ["id"]
        permissions = [("edit_scenario", _("Can save priority scenarios"))]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name shown on pages: the built-in scenarios in the page's language."""
        return str(BUILT_IN.get(self.name, self.name))


# the scenarios the first migration seeds (their names stay the API's keys)
BUILT_IN = {
    "balanced": _("balanced"),
    "exports first": _("exports first"),
    "jobs first": _("jobs first"),
}
