"""The factory registry: facilities, what they make, what they need, what they exported."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ihya.reference.models import BilingualName
from ihya.vocabularies import choices

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Factory(BilingualName):
    """An industrial facility, identified by the committee's external id (``factory_id``)."""

    external_id = models.CharField(_("factory id"), max_length=40, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=300, blank=True)  # one of the two
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    industrial_zone = models.CharField(_("industrial zone"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    activity = models.ForeignKey(
        "reference.IsicActivity", on_delete=models.PROTECT, verbose_name=_("ISIC activity")
    )
    ownership = models.CharField(_("ownership"), max_length=10, choices=choices("ownership"))
    status = models.CharField(_("status"), max_length=20, choices=choices("factory_status"))
    stalled_since = models.DateField(_("stalled since"), null=True, blank=True)
    established_year = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    employees_now = models.PositiveIntegerField(_("employees now"), null=True, blank=True)
    employees_before = models.PositiveIntegerField(
        _("employees before the stall"), null=True, blank=True
    )
    design_capacity = models.DecimalField(
        _("design capacity"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    capacity_unit = models.CharField(_("capacity unit"), max_length=40, blank=True)
    utilisation_pct = models.DecimalField(
        _("capacity utilisation (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("factory")
        verbose_name_plural = _("factories")
        ordering = ["external_id"]
        permissions = [("import_registry", _("Can import and export the registry"))]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["updated_at"], name="factory_updated_at"),  # list generation
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(utilisation_pct__gte=0, utilisation_pct__lte=100)
                | models.Q(utilisation_pct__isnull=True),
                name="factory_utilisation_pct_range",
            ),
        ]

    @property
    def jobs_lost(self) -> int:
        if self.employees_before is None or self.employees_now is None:
            return 0
        return max(self.employees_before - self.employees_now, 0)


class FactoryProduct(models.Model):
    """A product a factory makes (HS code), with its capacity, unit and unit value."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey("reference.HsProduct", on_delete=models.PROTECT)
    capacity = models.DecimalField(
        _("annual capacity"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_value_lyd = models.DecimalField(
        _("unit value (LYD)"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    is_main = models.BooleanField(_("main product"), default=False)

    class Meta:
        verbose_name = _("factory product")
        verbose_name_plural = _("factory products")
        constraints = [
            models.UniqueConstraint(fields=["factory", "product"], name="uniq_factory_product")
        ]


class FactoryInput(models.Model):
    """A main input of a factory and the share of it sourced locally."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="inputs")
    name = models.CharField(_("input"), max_length=200)
    product = models.ForeignKey(
        "reference.HsProduct", null=True, blank=True, on_delete=models.PROTECT
    )
    annual_quantity = models.DecimalField(
        _("annual quantity"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    local_share_pct = models.DecimalField(
        _("local share (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("factory input")
        verbose_name_plural = _("factory inputs")
        constraints = [
            models.UniqueConstraint(fields=["factory", "name"], name="uniq_factory_input")
        ]


class ExportRecord(models.Model):
    """What a factory exported: year, product, market (ISO alpha-3) and value."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="exports")
    year = models.PositiveSmallIntegerField(_("year"))
    product = models.ForeignKey("reference.HsProduct", on_delete=models.PROTECT)
    market = models.CharField(_("market"), max_length=3)
    value_usd = models.DecimalField(_("value (USD)"), max_digits=18, decimal_places=2)
    quantity = models.DecimalField(
        _("quantity"), max_digits=18, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "year", "product", "market"], name="uniq_export_record"
            )
        ]


class StatusChange(models.Model):
    """One change of a factory's operating status, kept as history."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="status_history")
    status_from = models.CharField(
        _("from"), max_length=20, blank=True, choices=choices("factory_status")
    )
    status_to = models.CharField(_("to"), max_length=20, choices=choices("factory_status"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("source"), max_length=40)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["factory", "recorded_at", "id"]


class ImportJob(models.Model):
    """An import run in the background: its file, who started it, progress and outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=500)
    filename = models.CharField(_("file"), max_length=255)
    entity = models.CharField(max_length=20)
    dry_run = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    @property
    def percent(self) -> int:
        if not self.total:
            return 0 if self.state != self.State.DONE else 100
        return min(100, int(100 * self.done / self.total))

    @property
    def stage_text(self) -> str:
        """What the running import is doing, in the page's language: checking a sheet, writing
        one, writing the audit log (the worker records its stage in English, as the command
        line shows it: ``factories``, ``writing factories``, ``writing the audit log``)."""
        from django.utils.translation import get_language, gettext

        from ihya.registry.schema import specs

        stage = self.stage or ""
        if stage == "writing the audit log":
            return gettext("Writing the audit log")
        name = stage.removeprefix("writing ")
        known = specs()
        if name not in known:
            return gettext("Importing…")
        sheet = known[name].label(get_language() or "ar")
        if stage.startswith("writing "):
            return gettext("Writing %(sheet)s") % {"sheet": sheet}
        return gettext("Checking %(sheet)s") % {"sheet": sheet}

    @property
    def written(self) -> list[dict]:
        """What a finished import wrote, one row per sheet: the sheet's name in the page's
        language (the import's own labels) and its rows created, updated and left unchanged."""
        from django.utils.translation import get_language

        from ihya.registry.schema import specs

        language = get_language() or "ar"
        known = specs()
        return [
            {
                "entity": name,
                "label": known[name].label(language) if name in known else name,
                **{k: counts.get(k, 0) for k in ("created", "updated", "unchanged")},
            }
            for name, counts in ((self.result or {}).get("written") or {}).items()
        ]
