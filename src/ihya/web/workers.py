"""Background workers and the jobs a dead one leaves behind (issue 17, "Faults").

Each `ihya worker` has an id (host, pid, a random part) and rewrites
``IHYA_HOME/workers/<id>.json`` every few seconds (beside ``worker.heartbeat``, which `ihya
doctor` reads). A task django-tasks marked RUNNING is *lost* when its worker is dead: a process
of this machine that no longer exists, or silent for longer than ``heartbeat.STALE_AFTER``.
``jobs_sweep`` — run by every worker when it starts and then every minute — marks such a task
FAILED and the project's own row (an import, a portfolio solve, a plan build, a report) failed
with the reason in Arabic and English, so no job stays "running" forever. Nothing half-written
stays: each job writes in one transaction (an import), or records its outcome only at its end.
Several hosts may run workers on one database when they share IHYA_HOME (as uploads, attachments
and reports already require)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.errors import Problem
from ihya.web.heartbeat import STALE_AFTER

LOST = _(
    "The background worker running this job stopped (killed, or its machine restarted) "
    "before the job finished; nothing of it was kept. Start it again."
)


def workers_dir() -> Path:
    return Path(settings.IHYA_HOME) / "workers"


def worker_id_new() -> str:
    """A worker's id: this host, this process, a random part (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


def worker_beat(worker_id: str, queues: list[str]) -> None:
    """Record that ``worker_id`` is alive (atomically: a reader never sees half a file)."""
    folder = workers_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time(), "queues": queues}
    temporary = folder / f".{worker_id}.tmp"
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, folder / f"{worker_id}.json")


def worker_gone(worker_id: str) -> None:
    """A worker stopping cleanly removes its record."""
    (workers_dir() / f"{worker_id}.json").unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def worker_alive(worker_id: str, *, started_at=None) -> bool:
    """Whether the worker that claimed a task still runs: its record fresh and, on this
    machine, its process there. A worker without a record (never beat in this IHYA_HOME) counts
    as alive for ``STALE_AFTER`` after it took the task."""
    try:
        data = json.loads((workers_dir() / f"{worker_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if started_at is None:
            return False
        return (timezone.now() - started_at).total_seconds() < STALE_AFTER
    if data.get("host") == socket.gethostname() and not _process_exists(int(data["pid"])):
        return False
    return time.time() - float(data.get("at", 0)) < STALE_AFTER


def _handlers() -> dict[str, Callable[[list, dict, dict], None]]:
    """Each queued kind of job: how its own row is failed (by the app that owns it)."""
    from ihya.plan.services import plan_build_lost
    from ihya.portfolio.solving import solve_lost
    from ihya.registry.services import import_job_lost
    from ihya.reports.running import report_job_lost

    return {
        "ihya.registry.tasks.run_import": lambda a, k, r: import_job_lost(
            job_id=(a or [k.get("job_id")])[0], reasons=r
        ),
        "ihya.portfolio.tasks.solve_scenario": lambda a, k, r: solve_lost(
            scenario_id=(a or [k.get("scenario_id")])[0], reasons=r
        ),
        "ihya.plan.tasks.build_plan": lambda a, k, r: plan_build_lost(
            job_id=(a or [k.get("job_id")])[0], reasons=r
        ),
        "ihya.reports.tasks.run_report": lambda a, k, r: report_job_lost(
            job_id=(a or [k.get("job_id")])[0], reasons=r
        ),
    }


def jobs_sweep() -> list[str]:
    """Fail every RUNNING task whose worker is dead, and its job's row; returns their ids."""
    from django_tasks_db.models import DBTaskResult

    problem = Problem.of(None, "worker_lost", LOST)
    reasons = {"ar": problem.ar, "en": problem.en}
    handlers = _handlers()
    swept = []
    for result in DBTaskResult.objects.running():
        worker = result.worker_ids[-1] if result.worker_ids else None
        if worker and worker_alive(worker, started_at=result.started_at):
            continue
        taken = DBTaskResult.objects.filter(pk=result.pk, status=result.status).update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="ihya.web.workers.WorkerLost",
            traceback=f"WorkerLost: worker {worker} stopped while running this task",
        )
        if not taken:  # another sweeper was first
            continue
        handler = handlers.get(result.task_path)
        if handler is not None:
            args_kwargs = result.args_kwargs or {}
            handler(args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}, reasons)
        if worker:
            worker_gone(worker)
        swept.append(str(result.pk))
    return swept
