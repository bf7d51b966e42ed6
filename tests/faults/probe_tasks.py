"""A short task for the two-worker test: it records its run in a table whose primary key is the
task's number, so a second run of the same task fails on the unique key."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def record_run(number: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO fault_probe_runs (number, pid) VALUES (%s, %s)", [number, os.getpid()]
        )
    time.sleep(0.25)  # long enough that the second worker, started a moment later, gets some
