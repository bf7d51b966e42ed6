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
    meeting = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
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


class Meeting(models.Model):
    """A meeting of the committee: planned, then held (its agenda then kept as it was, its
    attendance and minutes); the decisions taken at it point to it."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    number = models.CharField(_("number"), max_length=40, unique=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="planned")
    agenda = models.JSONField(default=dict, blank=True)  # kept when held; built live before
    attendees = models.ManyToManyField(
        "auth.User", blank=True, related_name="meetings", verbose_name=_("attendees")
    )
    guests = models.TextField(_("other attendees"), blank=True)
    minutes_ar = models.TextField(_("minutes (Arabic)"), blank=True)
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    # bumped by every save of the record: a save made on an older one is refused (StaleEdit)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.number} ({self.date})"


class TaskUpdate(models.Model):
    """Progress on a task of the executive plan, as reported (page, API or file): the latest
    update of each task feeds the plan's next re-forecast."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        BLOCKED = "blocked", _("blocked")
        DONE = "done", _("done")

    plan_name = models.CharField(max_length=120)
    task_key = models.CharField(max_length=200)
    factory_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    percent = models.FloatField(_("percent complete"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(max_length=10, default="page")  # page, api, file
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["plan_name", "task_key"])]


class Evidence(models.Model):
    """A document attached to a case file (PDF, image, XLSX): stored under IHYA_HOME by its
    SHA-256, served only to users who may see case files."""

    factory = models.ForeignKey(
        "registry.Factory", on_delete=models.CASCADE, related_name="evidence"
    )
    task_key = models.CharField(max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-id"]
