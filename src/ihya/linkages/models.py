"""Stored input–output tables, their per-sector results and the ISIC concordance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class IoTable(models.Model):
    """One input–output table as loaded, with provenance; its analysis lives in IoSector rows
    and, for the revival impact, in the run folder (coefficients as .npz)."""

    name = models.CharField(_("name"), max_length=200)
    synthetic = models.BooleanField(_("synthetic data"), default=False)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    source = models.CharField(_("source file"), max_length=500)
    sha256 = models.CharField(max_length=64)
    folder = models.CharField(max_length=500)
    sectors_count = models.PositiveIntegerField(_("sectors"))
    summary = models.JSONField(default=dict)
    versions = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("input–output table")
        verbose_name_plural = _("input–output tables")
        ordering = ["-id"]
        permissions = [("load_iotable", _("Can load input–output tables"))]

    def __str__(self) -> str:
        return self.name


class IoSector(models.Model):
    table = models.ForeignKey(IoTable, on_delete=models.CASCADE, related_name="sectors")
    position = models.PositiveIntegerField()
    code = models.CharField(_("sector"), max_length=60)
    name_en = models.CharField(max_length=200, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    output = models.FloatField(_("output"))
    value_added = models.FloatField(_("value added"))
    imports = models.FloatField(_("imported inputs"), null=True)
    employment = models.FloatField(_("jobs"), null=True)
    domestic_share = models.FloatField(_("domestic share of inputs"))
    output_multiplier = models.FloatField(_("output multiplier"))
    va_multiplier = models.FloatField(_("value-added multiplier"))
    employment_multiplier = models.FloatField(_("employment multiplier"), null=True)
    income_multiplier = models.FloatField(_("income multiplier"), null=True)
    output_multiplier_type2 = models.FloatField(null=True)
    va_multiplier_type2 = models.FloatField(null=True)
    employment_multiplier_type2 = models.FloatField(null=True)
    income_multiplier_type2 = models.FloatField(null=True)
    backward_linkage = models.FloatField(_("backward linkage"))
    forward_linkage = models.FloatField(_("forward linkage"))
    backward_cv = models.FloatField()
    forward_cv = models.FloatField()
    key_class = models.CharField(_("class"), max_length=10)
    output_loss = models.FloatField(_("output lost if extracted"))
    va_loss = models.FloatField(_("value added lost if extracted"))
    jobs_loss = models.FloatField(_("jobs lost if extracted"), null=True)
    backward_loss = models.FloatField()
    forward_loss = models.FloatField()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="uniq_io_sector")]

    @property
    def name(self) -> str:
        arabic = (get_language() or "ar").startswith("ar")
        return (
            (self.name_ar or self.name_en or self.code) if arabic else (self.name_en or self.code)
        )


class SectorConcordance(models.Model):
    """ISIC Rev.4 code prefix → a sector of a table; the longest matching prefix wins."""

    table = models.ForeignKey(IoTable, on_delete=models.CASCADE, related_name="concordance")
    isic_prefix = models.CharField(_("ISIC code or prefix"), max_length=4)
    sector = models.ForeignKey(IoSector, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ISIC concordance")
        verbose_name_plural = _("ISIC concordance")
        constraints = [
            models.UniqueConstraint(fields=["table", "isic_prefix"], name="uniq_io_concordance")
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.sector_id is not None and self.sector.table_id != self.table_id:
            raise ValidationError({"sector": _("Choose a sector of this table.")})
