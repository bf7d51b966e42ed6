"""Executive plans: a version of the plan built from a solved portfolio scenario (its tasks
scheduled, its quarterly targets), a draft until the committee approves it as the baseline, then
immutable; revisions are new versions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveIntegerField(_("version"), default=1)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    scenario = models.ForeignKey(
        "portfolio.PortfolioScenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("portfolio scenario"),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    start_date = models.DateField(_("start date"))
    objective = models.CharField(max_length=10, default="weighted")
    summary = models.JSONField(default=dict)  # the solver's status, makespan, bound, gap…
    targets = models.JSONField(default=list)  # per quarter: the KPI trajectory
    sources = models.JSONField(default=dict)  # the scenario and its result's provenance
    limits = models.JSONField(default=dict)  # teams' capacities and spending limits (to revise)
    as_of = models.DateField(_("actuals as of"), null=True, blank=True)  # revisions
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("executive plan")
        verbose_name_plural = _("executive plans")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="plan_name_version")
        ]
        permissions = [
            ("build_plan", _("Can build and revise executive plans")),
            ("approve_plan", _("Can approve executive plans")),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class PlanTask(models.Model):
    class Kind(models.TextChoices):
        STEP = "step", _("step")
        RESTART = "restart", _("restart")
        FIRST_EXPORT = "first_export", _("first export")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.STEP)
    name_en = models.CharField(max_length=300)
    name_ar = models.CharField(max_length=300)
    factory_id = models.CharField(max_length=40, blank=True)  # the factory's external id
    requirement_id = models.CharField(max_length=40, blank=True)  # the requirement's external id
    body = models.CharField(max_length=40, blank=True)  # owner body code
    team = models.CharField(max_length=40, blank=True)
    resource = models.CharField(max_length=90, blank=True)  # the team it occupies (body:team)
    duration = models.PositiveIntegerField(default=0)  # working days
    cost = models.FloatField(default=0)
    weight = models.FloatField(default=0)
    predecessors = models.JSONField(default=list)  # keys
    start_day = models.IntegerField(null=True)
    finish_day = models.IntegerField(null=True)
    start_date = models.DateField(null=True)
    finish_date = models.DateField(null=True)
    early_start = models.IntegerField(null=True)
    late_start = models.IntegerField(null=True)
    total_float = models.IntegerField(null=True)
    critical = models.BooleanField(default=False)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    percent = models.FloatField(_("percent complete"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "start_day", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plan_task_key")]

    def __str__(self) -> str:
        return self.key


class PlanBuild(models.Model):
    """A plan being built in the background (the page's and the API's way): queued, running
    (its progress: the time the solver has had of its limit, the best schedule so far), then
    done with its plan, or failed with the reasons in Arabic and English."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    scenario = models.ForeignKey(
        "portfolio.PortfolioScenario", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(null=True, blank=True)
    objective = models.CharField(max_length=10, default="weighted")
    time_limit = models.FloatField(default=60.0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    best = models.FloatField(null=True, blank=True)  # the best objective found so far
    bound = models.FloatField(null=True, blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL)
    errors = models.JSONField(default=list)  # [{"ar": …, "en": …}]
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan build")
        verbose_name_plural = _("plan builds")

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def gap(self) -> float | None:
        """How far the best schedule found may still be from the best possible, as a share of it:
        (best − lower bound) / best; None before both are known."""
        if self.best is None or self.bound is None or self.best <= 0:
            return None
        return max(0.0, (self.best - self.bound) / self.best)

    @property
    def percent(self) -> int:
        """How much of its time limit the solver has had (99 until it is done)."""
        from django.utils import timezone

        if self.state == self.State.DONE:
            return 100
        if self.started_at is None or not self.time_limit:
            return 0
        elapsed = (timezone.now() - self.started_at).total_seconds()
        return min(99, int(100 * elapsed / self.time_limit))


class Team(models.Model):
    """A body's team and how many files it handles at once (a renewable resource of the plan).
    A team without a body serves every body that has no team of that kind of its own. Seeded
    from ``data/plan/teams.csv`` when the table is empty; the committee's afterwards."""

    body = models.ForeignKey(
        "reference.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("body"),
        help_text=_("Empty: the team any other body has."),
    )
    code = models.SlugField(_("team code"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=120)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), help_text=_("How many files the team handles at once.")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["body__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                condition=models.Q(body__isnull=False),
                name="plan_team_body_code",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(body__isnull=True), name="plan_team_any_code"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="plan_team_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        name = self.name_ar if (get_language() or "ar").startswith("ar") else self.name_en
        return f"{name} — {self.body}" if self.body_id else f"{name} — *"


class Holiday(models.Model):
    """A public holiday: no plan task works on it (nor on a Friday or a Saturday). Seeded from
    ``data/plan/holidays.csv`` for the years the table does not have; the Islamic holidays
    there are estimates the committee corrects when the dates are announced."""

    date = models.DateField(_("date"), unique=True)
    name_en = models.CharField(_("English name"), max_length=120)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    estimated = models.BooleanField(
        _("estimated"), default=False, help_text=_("The date is an estimate, to be confirmed.")
    )

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        name = self.name_ar if (get_language() or "ar").startswith("ar") else self.name_en
        return f"{self.date.isoformat()} {name}"
