"""The background worker's heartbeat: `ihya worker` rewrites ``settings.WORKER_HEARTBEAT_FILE``
every few seconds from a thread beside django-tasks' loop; `ihya doctor` reads its age."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

INTERVAL = 10.0  # seconds between beats
STALE_AFTER = 60.0  # a heartbeat older than this: the worker is not running
SWEEP_EVERY = 60.0  # seconds between two sweeps for the jobs of dead workers


def _path() -> Path:
    return Path(settings.WORKER_HEARTBEAT_FILE)


def beat() -> None:
    """Write the heartbeat (pid, time) atomically."""
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"pid": os.getpid(), "at": time.time()}), encoding="utf-8")
    os.replace(temporary, path)


def heartbeat_age() -> float | None:
    """Seconds since the last beat (None: the worker never ran here)."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
        return max(0.0, time.time() - float(data["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def start_beating(
    interval: float = INTERVAL,
    *,
    also: Callable[[], None] | None = None,
    sweep: Callable[[], object] | None = None,
    sweep_every: float = SWEEP_EVERY,
) -> threading.Thread:
    """A daemon thread beating every ``interval`` seconds while the process lives; ``also``
    beats beside (the worker's own record), ``sweep`` runs every ``sweep_every`` seconds (the
    jobs of dead workers: ``web.workers.jobs_sweep``) on the thread's own connection."""

    def run() -> None:
        last_sweep = time.monotonic()
        while True:
            # a full or read-only disk: the beats stop and doctor says the worker is silent
            with contextlib.suppress(OSError):
                beat()
                if also is not None:
                    also()
            if sweep is not None and time.monotonic() - last_sweep >= sweep_every:
                last_sweep = time.monotonic()
                from django.db import DatabaseError, connection

                try:
                    sweep()
                except DatabaseError:  # the database away: the next sweep tries again
                    pass
                finally:
                    connection.close()
            time.sleep(interval)

    thread = threading.Thread(target=run, name="ihya-heartbeat", daemon=True)
    thread.start()
    return thread
