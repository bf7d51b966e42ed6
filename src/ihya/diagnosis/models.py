"""Diagnosis of stalled factories, their requirements (shareable) and revival schemes."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ihya.registry.models import PERCENT
from ihya.vocabularies import choices


class Cause(models.Model):
    """A stall cause: the fifteen WBES obstacles plus industry-specific ones (extensible)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20)
    label_en = models.CharField(_("English label"), max_length=200)
    label_ar = models.CharField(_("Arabic label"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("stall cause")
        verbose_name_plural = _("stall causes")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        arabic = (get_language() or "ar").startswith("ar")
        return self.label_ar if arabic else self.label_en


class Diagnosis(models.Model):
    """One assessment of a factory by a body on a date; its causes are rated on the WBES scale."""

    factory = models.ForeignKey(
        "registry.Factory", on_delete=models.CASCADE, related_name="diagnoses"
    )
    body = models.ForeignKey("reference.Body", null=True, blank=True, on_delete=models.PROTECT)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "body", "assessed_on"],
                name="uniq_diagnosis",
            )
        ]


class DiagnosisCause(models.Model):
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="causes")
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=choices("severity", cast=int),
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("diagnosed cause")
        verbose_name_plural = _("diagnosed causes")
        constraints = [
            models.UniqueConstraint(fields=["diagnosis", "cause"], name="uniq_diagnosis_cause"),
            models.CheckConstraint(
                condition=models.Q(severity__gte=0, severity__lte=4), name="severity_0_4"
            ),
        ]


class Requirement(models.Model):
    """What must be provided to restart one or several factories (a substation can serve many)."""

    external_id = models.CharField(_("requirement id"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=choices("requirement_type"))
    description_ar = models.TextField(_("Arabic description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    cost_lyd = models.DecimalField(_("cost (LYD)"), max_digits=18, decimal_places=3)
    fx_share_pct = models.DecimalField(
        _("foreign-currency share (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PERCENT,
    )
    lead_time_months = models.PositiveSmallIntegerField(_("lead time (months)"))
    responsible_body = models.ForeignKey(
        "reference.Body", on_delete=models.PROTECT, verbose_name=_("responsible body")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=choices("requirement_status"), default="identified"
    )
    factories = models.ManyToManyField(
        "registry.Factory", related_name="requirements", verbose_name=_("factories")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["external_id"]

    @property
    def description(self) -> str:
        arabic = (get_language() or "ar").startswith("ar")
        first, second = (
            (self.description_ar, self.description_en)
            if arabic
            else (self.description_en, self.description_ar)
        )
        return first or second


class RevivalScheme(models.Model):
    """How a factory would be revived: self-operation with support, partnership, lease, debts."""

    factory = models.ForeignKey(
        "registry.Factory", on_delete=models.CASCADE, related_name="schemes"
    )
    mode = models.CharField(_("mode"), max_length=20, choices=choices("scheme_mode"))
    partner = models.CharField(_("partner or investor"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_preferred = models.BooleanField(_("preferred"), default=False)

    class Meta:
        verbose_name = _("revival scheme")
        verbose_name_plural = _("revival schemes")
        constraints = [models.UniqueConstraint(fields=["factory", "mode"], name="uniq_scheme_mode")]
