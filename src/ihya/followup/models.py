"""Follow-up of the priority files: a case file per factory under revival (its state in the
workflow of ``data/followup/workflow.csv`` and the history of its moves), the production reports
that prove a restart, and the committee's decisions with their owner and deadline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    factory = models.OneToOneField(
        "registry.Factory", on_delete=models.CASCADE, related_name="case", verbose_name=_("factory")
    )
    state = models.CharField(_("state"), max_length=20, default="registered")
    held_from = models.CharField(max_length=20, blank=True)  # the state a hold returns to
    opened_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["factory__external_id"]
        permissions = [("move_case", _("Can move case files through the workflow"))]

    def __str__(self) -> str:
        return f"{self.factory.external_id} ({self.state})"


class CaseEvent(models.Model):
    """A move of a case file from one state to another, by whom, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    state_from = models.CharField(max_length=20, blank=True)
    state_to = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]


class ProductionReport(models.Model):
    """A dated report of what a factory produced: the proof that it restarted."""

    factory = models.ForeignKey(
        "registry.Factory", on_delete=models.CASCADE, related_name="production_reports"
    )
    date = models.DateField(_("date of the report"))
    quantity = models.DecimalField(
        _("quantity produced"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    utilisation_pct = models.DecimalField(
        _("capacity utilisation (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("production report")
        verbose_name_plural = _("production reports")
        ordering = ["-date", "-id"]


class Decision(models.Model):
    """A decision of the committee: what, who owns it (a body and a person), by when, the files
    it concerns; followed until done. ``approves``: it approves the revival of its files."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    number = models.CharField(_("number"), max_length=40, unique=True)
    text_ar = models.TextField(_("Arabic text"), blank=True)
    text_en = models.TextField(_("English text"), blank=True)
    owner_body = models.ForeignKey(
        "reference.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner body"),
    )
    owner_person = models.CharField(_("owner"), max_length=150, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    approves = models.BooleanField(_("approves the revival of its files"), default=False)
    factories = models.ManyToManyField(
        "registry.Factory", blank=True, related_name="decisions", verbose_name=_("factories")
    )
    taken_on = models.DateField(_("taken on"))
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        text = self.text_ar if (get_language() or "ar").startswith("ar") else self.text_en
        return f"{self.number} {text or self.text_ar or self.text_en}"[:120]
