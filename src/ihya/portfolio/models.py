"""Portfolio scenarios: budgets, weights and decisions, with the last solve's result."""

from __future__ import annotations

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortfolioScenario(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("not solved yet")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("solved")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=120, unique=True)
    budgets = models.JSONField(_("yearly budgets (LYD)"), default=list)  # one per plan year
    fx_budgets = models.JSONField(_("yearly foreign-currency budgets (LYD)"), default=list)
    weights = models.JSONField(_("weights"), default=dict)  # value name -> weight
    region_minimums = models.JSONField(_("regional minimum shares"), default=dict)
    # value name -> amount: when set, the scenario asks for the cheapest portfolio reaching them
    targets = models.JSONField(_("targets"), default=dict, blank=True)
    include = models.ManyToManyField(
        "registry.Factory", blank=True, related_name="+", verbose_name=_("must include")
    )
    exclude = models.ManyToManyField(
        "registry.Factory", blank=True, related_name="+", verbose_name=_("must exclude")
    )
    time_limit = models.FloatField(_("time limit (s)"), default=30)
    gap = models.FloatField(_("relative gap"), default=1e-4)
    # bumped by every saved edit: an edit made on an older one is refused (StaleEdit); a solve
    # storing its result leaves it alone
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when the running solve was asked
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)  # PortfolioResult.to_json()
    error = models.TextField(blank=True)  # why the last solve crashed
    solved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("portfolio scenario")
        verbose_name_plural = _("portfolio scenarios")
        ordering = ["id"]
        permissions = [("solve_portfolioscenario", _("Can solve portfolio scenarios"))]

    def __str__(self) -> str:
        return self.name

    @property
    def busy(self) -> bool:
        """A solve is queued or running."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def finished(self) -> bool:
        """The last solve ended (solved or failed)."""
        return self.state in (self.State.DONE, self.State.FAILED)

    @cached_property
    def outcome(self):
        """The stored result, typed (``PortfolioResult``); None before the first solve."""
        from ihya.portfolio.results import PortfolioResult

        return PortfolioResult.from_json(self.result) if self.result else None
