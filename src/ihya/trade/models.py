"""Stored trade analyses: one run per analysis, with its provenance and the results the pages
and the other stages (priority) read. The full tables stay in the run's files (CSV, Parquet)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TradeRun(models.Model):
    """One analysis of one year of trade data for the home country."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    label = models.CharField(_("label"), max_length=200, blank=True)
    synthetic = models.BooleanField(_("synthetic data"), default=False)
    home = models.CharField(_("home country"), max_length=3)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    convention = models.CharField(_("convention"), max_length=20, default="stata")
    threshold = models.FloatField(_("RCA threshold"), default=1.0)
    digits = models.PositiveSmallIntegerField(_("product digits"), null=True, blank=True)
    inputs = models.JSONField(_("input files"), default=list)  # path, sha256, bytes
    parameters = models.JSONField(default=dict)
    versions = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    output_dir = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trade analysis")
        verbose_name_plural = _("trade analyses")
        ordering = ["-id"]
        permissions = [("run_trade", _("Can run trade analyses"))]

    def __str__(self) -> str:
        return self.label or f"{self.home} {self.year or ''}".strip()


class TradeProduct(models.Model):
    """A product in a run: its complexity, world demand, and where the home country stands."""

    run = models.ForeignKey(TradeRun, on_delete=models.CASCADE, related_name="products")
    code = models.CharField(_("product"), max_length=12)
    pci = models.FloatField(_("PCI"), null=True)
    ubiquity = models.PositiveIntegerField(_("ubiquity"))
    world_exports = models.FloatField(_("world trade"))
    home_exports = models.FloatField(_("home exports"), default=0.0)
    rca = models.FloatField(_("RCA"), null=True)
    mcp = models.BooleanField(_("exported with advantage"), default=False)
    density = models.FloatField(_("density"), null=True)
    cog = models.FloatField(_("COG"), null=True)
    opportunity_rank = models.PositiveIntegerField(_("opportunity rank"), null=True)
    opportunity_score = models.FloatField(null=True)
    group = models.CharField(_("strategy"), max_length=10, blank=True)
    untapped = models.FloatField(_("untapped potential"), default=0.0)
    x = models.FloatField(null=True)  # product-space layout, when drawn
    y = models.FloatField(null=True)

    class Meta:
        verbose_name = _("traded product")
        verbose_name_plural = _("traded products")
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="uniq_trade_product")]


class TradeMarket(models.Model):
    """Export potential of the home country for one product in one market."""

    run = models.ForeignKey(TradeRun, on_delete=models.CASCADE, related_name="markets")
    product = models.CharField(_("product"), max_length=12)
    market = models.CharField(_("market"), max_length=8)
    demand = models.FloatField(_("market imports"))
    potential = models.FloatField(_("potential"))
    actual = models.FloatField(_("actual exports"))
    untapped = models.FloatField(_("untapped potential"))

    class Meta:
        verbose_name = _("market potential")
        verbose_name_plural = _("market potentials")
        indexes = [
            models.Index(fields=["run", "product"], name="trade_market_product"),
            models.Index(fields=["run", "market"], name="trade_market_market"),
        ]


class TradeCountry(models.Model):
    """A country's complexity in a run."""

    run = models.ForeignKey(TradeRun, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(_("country"), max_length=8)
    eci = models.FloatField(_("ECI"), null=True)
    coi = models.FloatField(_("COI"), null=True)
    diversity = models.PositiveIntegerField(_("diversity"))
    exports = models.FloatField(_("exports"))

    class Meta:
        verbose_name = _("country complexity")
        verbose_name_plural = _("country complexities")
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="uniq_trade_country")]


class ProductLink(models.Model):
    """An edge of the product space backbone drawn for a run."""

    run = models.ForeignKey(TradeRun, on_delete=models.CASCADE, related_name="links")
    source = models.CharField(max_length=12)
    target = models.CharField(max_length=12)
    proximity = models.FloatField()
