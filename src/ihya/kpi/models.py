"""The follow-up's key performance indicators: actuals per calendar quarter (``2027-Q1``) of the
indicators the approved plan sets targets for, in total or for one body and/or municipality.
How each indicator is measured (levels at the quarter's end, or spending in the quarter) and
the traffic-light rule: ``ihya.core.kpi``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    FACTORIES_RESTARTED = "factories_restarted", _("Factories restarted")
    JOBS = "jobs", _("Jobs restored")
    EXPORTS = "exports", _("Exports (LYD)")
    VALUE_ADDED = "value_added", _("Value added (LYD)")
    SPENDING = "spending", _("Spending (LYD)")


def _unique(name: str, fields: list[str], body: bool, municipality: bool):
    return models.UniqueConstraint(
        fields=["period", "indicator", *fields],
        condition=Q(body__isnull=not body) & Q(municipality__isnull=not municipality),
        name=name,
    )


class KpiActual(models.Model):
    """An indicator's actual in a quarter: the total (no body, no municipality) or a part."""

    period = models.CharField(_("quarter"), max_length=7, help_text="2027-Q1")
    indicator = models.CharField(_("indicator"), max_length=24, choices=Indicator.choices)
    body = models.ForeignKey(
        "reference.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("body"),
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KPI actual")
        verbose_name_plural = _("KPI actuals")
        ordering = ["period", "indicator", "body__code", "municipality__code"]
        constraints = [
            # NULLs are distinct in a unique index: one constraint per shape of the row
            _unique("kpi_actual_total", [], False, False),
            _unique("kpi_actual_body", ["body"], True, False),
            _unique("kpi_actual_municipality", ["municipality"], False, True),
            _unique("kpi_actual_body_municipality", ["body", "municipality"], True, True),
            models.CheckConstraint(condition=Q(value__gte=0), name="kpi_actual_value_positive"),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-Q[1-4]$"), name="kpi_actual_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.indicator} = {self.value}"
