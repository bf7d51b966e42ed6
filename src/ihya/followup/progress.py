"""Progress on the executive plan: task updates (status, percent, actual dates, note) from the
page, the API or a file; the re-forecast of the plan followed from the latest update of each
task; the tasks overdue; evidence attached to a case file (stored under IHYA_HOME by SHA-256,
size and type checked by content, not by name)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.errors import Invalid, NotFound, Problem
from ihya.files import write_atomic

STATUSES = ("not_started", "in_progress", "blocked", "done")


# -- reading --------------------------------------------------------------------------------


def followed_plan():
    """(the approved baseline followed, its latest version) or (None, None)."""
    from ihya.plan.models import Plan

    baseline = (
        Plan.objects.filter(state=Plan.State.APPROVED).order_by("-approved_at", "-id").first()
    )
    if baseline is None:
        return None, None
    return baseline, Plan.objects.filter(name=baseline.name).order_by("-version").first()


def latest_updates(plan_name: str) -> dict[str, object]:
    """The latest update of each task of the plan ``plan_name``, by task key."""
    from ihya.followup.models import TaskUpdate

    out: dict[str, object] = {}
    for u in TaskUpdate.objects.filter(plan_name=plan_name).order_by("at", "id"):
        out[u.task_key] = u
    return out


@dataclass
class TaskRow:
    task: object  # a PlanTask of the latest version (its dates: the forecast)
    update: object | None  # its latest TaskUpdate
    status: str
    due: dt.date | None  # its finish in the approved baseline
    overdue_days: int  # calendar days past ``due``, not done (0 otherwise)

    @property
    def status_name(self) -> str:
        from ihya.followup.models import TaskUpdate

        return str(TaskUpdate.Status(self.status).label)


def _status(task, update) -> str:
    if update is not None:
        return update.status
    if task.actual_finish:
        return "done"
    return "in_progress" if task.actual_start else "not_started"


def task_rows(
    *,
    factory_id: str | None = None,
    body: str | None = None,
    as_of: dt.date | None = None,
    overdue_only: bool = False,
) -> list[TaskRow]:
    """The steps of the plan followed (its latest version: the forecast), with their latest
    update and how late they are as of ``as_of`` against the approved baseline (a re-forecast
    does not hide a delay); for one factory or one owner body."""
    from ihya.plan.models import PlanTask

    baseline, latest = followed_plan()
    if latest is None:
        return []
    as_of = as_of or dt.date.today()
    due_dates = dict(baseline.tasks.values_list("key", "finish_date"))
    tasks = latest.tasks.filter(kind=PlanTask.Kind.STEP)
    if factory_id:
        from ihya.registry.models import Factory

        required = Factory.objects.filter(external_id=factory_id).values_list(
            "requirements__external_id", flat=True
        )
        tasks = tasks.filter(requirement_id__in=[r for r in required if r])
    if body:
        tasks = tasks.filter(body=body)
    updates = latest_updates(latest.name)
    rows = []
    for t in tasks.order_by("finish_day", "id"):
        update = updates.get(t.key)
        status = _status(t, update)
        due = due_dates.get(t.key, t.finish_date)
        late = (as_of - due).days if status != "done" and due and due < as_of else 0
        if overdue_only and not late:
            continue
        rows.append(TaskRow(t, update, status, due, late))
    return rows


def status_choices() -> list[tuple[str, str]]:
    """The statuses of a task update with their names in the active language."""
    from ihya.followup.models import TaskUpdate

    return [(code, str(name)) for code, name in TaskUpdate.Status.choices]


# -- task updates ---------------------------------------------------------------------------


def task_update(
    *,
    actor,
    task_key: str,
    status: str,
    percent: float | None = None,
    actual_start: dt.date | None = None,
    actual_finish: dt.date | None = None,
    note: str = "",
    source: str = "page",
):
    """Record progress on a task of the plan followed. Every field is checked (``Invalid``, each
    problem in Arabic and English); nothing is written on a problem. Audited. The update feeds
    the next re-forecast."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import TaskUpdate

    actor = Actor.of(actor)
    actor.require("followup.add_taskupdate")
    _baseline, latest = followed_plan()
    if latest is None:
        raise Invalid(Problem.of("plan", "no_plan", _("No executive plan is approved yet.")))
    task = latest.tasks.filter(key=task_key).first()
    if task is None:
        raise NotFound(
            Problem.of("task_key", "unknown_task", _("No task “%(key)s”."), key=task_key)
        )
    today = dt.date.today()
    problems = []
    if status not in STATUSES:
        problems.append(
            Problem.of(
                "status",
                "bad_status",
                _("The status is one of %(codes)s."),
                codes=", ".join(STATUSES),
            )
        )
    if percent is not None and not 0 <= percent <= 100:
        problems.append(
            Problem.of("percent", "bad_percent", _("The percent is between 0 and 100."))
        )
    for field, day in (("actual_start", actual_start), ("actual_finish", actual_finish)):
        if day is not None and day > today:
            problems.append(Problem.of(field, "future_date", _("The date is in the future.")))
        if day is not None and day < latest.start_date:
            problems.append(
                Problem.of(field, "early_date", _("The date is before the plan's first day."))
            )
    if actual_start and actual_finish and actual_finish < actual_start:
        problems.append(
            Problem.of("actual_finish", "bad_actuals", _("The finish is before the start."))
        )
    if status == "done" and actual_finish is None:
        problems.append(
            Problem.of("actual_finish", "finish_required", _("A task done has its finish date."))
        )
    if status in ("in_progress", "done", "blocked") and actual_start is None:
        problems.append(
            Problem.of("actual_start", "start_required", _("A task started has its start date."))
        )
    if problems:
        raise Invalid(*problems)
    if status == "done" and percent is None:
        percent = 100.0
    with transaction.atomic():
        update = TaskUpdate.objects.create(
            plan_name=latest.name,
            task_key=task_key,
            factory_id=task.factory_id,
            status=status,
            percent=percent,
            actual_start=actual_start,
            actual_finish=actual_finish,
            note=note,
            source=source,
            created_by=actor.user,
            actor_name=actor.name,
        )
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "create",
                    "followup.taskupdate",
                    f"{latest.name}/{task_key}",
                    None,
                    {
                        "status": status,
                        "percent": percent,
                        "actual_start": actual_start.isoformat() if actual_start else None,
                        "actual_finish": actual_finish.isoformat() if actual_finish else None,
                    },
                    note=note[:200],
                )
            ],
        )
    return update


@dataclass
class ProgressResult:
    plan: object  # the new version (the forecast)
    updated: int  # tasks with actuals in it
    turned_at_risk: list[str]  # factory ids at risk now and not before
    moved: dict[str, tuple]  # factory id -> (forecast before, forecast now), restarts that moved


def _revise(actor, name, actuals, as_of, time_limit, progress) -> ProgressResult:
    from ihya.followup.selectors import restarts
    from ihya.plan.revising import plan_revise

    before = restarts()
    revised = plan_revise(
        actor=actor, name=name, actuals=actuals, as_of=as_of, time_limit=time_limit,
        progress=progress,
    )  # fmt: skip
    after = restarts()
    moved = {
        fid: (before.forecast.get(fid), day)
        for fid, day in after.forecast.items()
        if before.forecast.get(fid) != day
    }
    turned = sorted(fid for fid in after.forecast if after.at_risk(fid) and not before.at_risk(fid))
    return ProgressResult(revised, revised.tasks.exclude(actual_start=None).count(), turned, moved)


def _no_plan() -> Invalid:
    return Invalid(
        Problem.of(
            "plan",
            "no_plan",
            _("No executive plan is approved yet: progress is followed against one."),
        )
    )


def progress_reforecast(
    *, actor, as_of: dt.date | None = None, time_limit: float = 60.0, progress=None
) -> ProgressResult:
    """Re-forecast the plan followed from the latest update of each task (a new version)."""
    _baseline, latest = followed_plan()
    if latest is None:
        raise _no_plan()
    rows = [
        {
            "task_id": key,
            "actual_start": u.actual_start,
            "actual_finish": u.actual_finish if u.status == "done" else None,
            "percent": u.percent,
        }
        for key, u in latest_updates(latest.name).items()
        if u.actual_start is not None
    ]
    return _revise(actor, latest.name, rows, as_of, time_limit, progress)


def progress_import(
    *,
    actor,
    path,
    plan: str | None = None,
    as_of: dt.date | None = None,
    time_limit: float = 60.0,
    progress=None,
) -> ProgressResult:
    """Task progress from a file (CSV or XLSX: task_id, actual_start, actual_finish, percent)
    into the plan followed (the most recently approved, or ``plan``): every row is checked first
    and nothing is written on any problem (``Invalid``, each row and column in Arabic and
    English); then the plan is re-forecast as a new version from its latest one, each row kept
    as a task update, and the files whose forecast restart slips past ``IHYA_RISK_SLIP_DAYS``
    turn at risk."""
    from ihya.accounts.actors import Actor
    from ihya.core.plan.files import read_actuals
    from ihya.followup.models import TaskUpdate

    actor = Actor.of(actor)
    baseline, _latest = followed_plan()
    name = plan or (baseline.name if baseline else None)
    if name is None:
        raise _no_plan()
    with transaction.atomic():
        result = _revise(actor, name, Path(path), as_of, time_limit, progress)
        factories = dict(result.plan.tasks.values_list("key", "factory_id"))
        TaskUpdate.objects.bulk_create(
            TaskUpdate(
                plan_name=name,
                task_key=r.task_id,
                factory_id=factories.get(r.task_id, ""),
                status="done" if r.finish else ("in_progress" if r.start else "not_started"),
                percent=100.0 if r.finish and r.percent is None else r.percent,
                actual_start=r.start,
                actual_finish=r.finish,
                note=_("From the file %(name)s.") % {"name": Path(path).name},
                source="file",
                created_by=actor.user,
                actor_name=actor.name,
            )
            for r in read_actuals(Path(path))
        )
    return result


# -- evidence -------------------------------------------------------------------------------

TYPES = {  # what a file's first bytes say it is
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


def sniff(data: bytes) -> str | None:
    """The type of a file from its content (PDF, PNG, JPEG, XLSX), None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def evidence_root() -> Path:
    return Path(settings.IHYA_HOME) / "attachments"


SHA256 = re.compile(r"[0-9a-f]{64}")


def evidence_path(evidence) -> Path:
    """Where a document is kept: by its SHA-256, checked to be one (never a path)."""
    if not SHA256.fullmatch(evidence.sha256 or ""):
        raise NotFound(Problem.of(None, "not_found", _("No such document.")))
    return evidence_root() / evidence.sha256[:2] / evidence.sha256


def evidence_add(
    *, actor, factory_id: str, name: str, data: bytes, note: str = "", task_key: str = ""
):
    """Attach a document to the factory's case file: at most ``IHYA_ATTACHMENT_MAX_MB``, a PDF,
    an image (PNG, JPEG) or an XLSX workbook by its content. Stored once by SHA-256. Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Evidence
    from ihya.registry.selectors import factory_by_id

    actor = Actor.of(actor)
    actor.require("followup.add_evidence")
    factory = factory_by_id(external_id=factory_id)
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if len(data) > limit:
        raise Invalid(
            Problem.of(
                "file",
                "too_large",
                _("The file is larger than %(mb)s MB."),
                mb=settings.ATTACHMENT_MAX_MB,
            )
        )
    if not data:
        raise Invalid(Problem.of("file", "empty", _("The file is empty.")))
    kind = sniff(data)
    if kind is None:
        raise Invalid(
            Problem.of(
                "file", "bad_type", _("Attach a PDF, a PNG or JPEG image, or an XLSX workbook.")
            )
        )
    digest = hashlib.sha256(data).hexdigest()
    clean = Path(name).name[:200] or "file"
    # the file first, whole (temporary name, then renamed), and only then the row naming it: a
    # full disk refuses the upload (StorageFull, 507) with no row and no partial file left
    path = evidence_root() / digest[:2] / digest
    created = not path.exists()
    if created:
        write_atomic(path, data)
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                factory=factory,
                task_key=task_key,
                name=clean,
                content_type=kind,
                size=len(data),
                sha256=digest,
                note=note,
                created_by=actor.user,
            )
            audit_record(
                actor=actor,
                changes=[
                    Change(
                        "create",
                        "followup.evidence",
                        f"{factory.external_id}/{evidence.pk}",
                        None,
                        {"name": clean, "sha256": digest, "size": len(data), "type": kind},
                    )
                ],
            )
    except BaseException:
        if created:  # no row names the new file (unless one was added meanwhile): remove it
            with contextlib.suppress(Exception):
                if not Evidence.objects.filter(sha256=digest).exists():
                    path.unlink(missing_ok=True)
        raise
    return evidence


def evidence_list(*, factory_id: str):
    from ihya.followup.models import Evidence

    return Evidence.objects.select_related("factory").filter(factory__external_id=factory_id)


def evidence_get(*, actor, evidence_id: int):
    """An attached document and its path, for a user who may see case files."""
    from ihya.accounts.actors import Actor
    from ihya.followup.models import Evidence

    Actor.of(actor).require("followup.view_evidence")
    evidence = Evidence.objects.select_related("factory").filter(pk=evidence_id).first()
    if evidence is None or not evidence_path(evidence).exists():
        raise NotFound(Problem.of(None, "not_found", _("No such document.")))
    return evidence, evidence_path(evidence)
