"""A report rendered in the background (issue 16): the pages and the API start it
(``jobs.report_start``: checked, recorded, queued), the worker renders it with the same
``report_<kind>`` as the command line, its progress written as it goes, then keeps the file
under ``IHYA_HOME/reports/`` for the user who asked."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# what each kind of report is called on its job's page, in the page's language (the step the
# worker writes is in the report's language, which may not be the page's)
TITLES = {
    "factory": _("Factory profile"),
    "plan": _("Plan report"),
    "priority": _("Priority list"),
    "portfolio": _("Portfolio report"),
    "meeting": _("Meeting report"),
    "kpi": _("Quarterly report on the performance indicators"),
}


class ReportJob(models.Model):
    """One report asked for: its kind and arguments, language and format; queued, running (the
    step and how far it is), then done with its file (name, size, SHA-256) or failed with the
    reasons in Arabic and English."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict)
    lang = models.CharField(max_length=2, default="ar")
    format = models.CharField(max_length=4, default="pdf")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    step = models.CharField(max_length=120, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # the name the download gets
    path = models.CharField(max_length=200, blank=True)  # under IHYA_HOME/reports/
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    errors = models.JSONField(default=list)  # [{"ar": …, "en": …}]
    requested_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ("-created_at", "-id")

    @property
    def title(self) -> str:
        """The report's name in the current language."""
        return str(TITLES.get(self.kind, self.kind))

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        """How far the report is (99 until its file is kept)."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))
