"""Faults of the background worker (issue 17): a worker killed (-9) during an import leaves no
job "running" forever and nothing half-written; two workers on one queue (and one on a second
queue) never run a job twice. Real `ihya worker` processes on a database of their own."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import scratch_db

ROOT = Path(__file__).resolve().parents[2]


def query(env: dict, sql: str) -> list[tuple]:
    """Read the scratch database directly (no Django, no subprocess)."""
    url = env.get("IHYA_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(Path(env["IHYA_HOME"]) / "ihya.sqlite3", timeout=30) as conn:
        return conn.execute(sql).fetchall()


def run_python(env: dict, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import ihya; ihya.setup()\n" + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@contextmanager
def worker(env: dict, *queues: str):
    options = [a for q in queues for a in ("--queue", q)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ihya.cli", "worker", *options],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(condition, timeout: float = 60.0, every: float = 0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


ROWS = 8000  # enough for the import to be running when the worker is killed


def test_a_worker_killed_during_an_import_leaves_it_failed_and_nothing_written(tmp_path):
    with scratch_db(tmp_path) as env:
        csv = tmp_path / "factories.csv"
        lines = ["factory_id,name_ar,municipality,isic,ownership,status"]
        lines += [f"KILL-{i},مصنع {i},misrata,2394,public,operating" for i in range(ROWS)]
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        job_id = run_python(
            env,
            "from django.core.files.uploadedfile import SimpleUploadedFile\n"
            "from ihya.accounts.services import user_create\n"
            "from ihya.registry.jobs import import_job_start\n"
            "user = user_create(username='sec', role='secretariat', password='x' * 16).user\n"
            f"data = open({str(csv)!r}, 'rb').read()\n"
            "job = import_job_start(user=user, upload=SimpleUploadedFile('f.csv', data),\n"
            "                       entity='factories', dry_run=False)\n"
            "print(job.pk)\n",
        ).splitlines()[-1]
        factories = query(env, "SELECT count(*) FROM registry_factory")[0][0]
        with worker(env) as first:
            # killed while the import runs (validating or writing its one transaction)
            wait_for(
                lambda: (
                    query(env, f"SELECT state FROM registry_importjob WHERE id = {job_id}")
                    == [("running",)]
                ),
                every=0.02,
            )
            os.kill(first.pid, signal.SIGKILL)  # at once: the import itself takes about a second
            first.wait(10)
        assert query(env, f"SELECT state FROM registry_importjob WHERE id = {job_id}") == [
            ("running",)
        ]
        assert query(env, "SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]

        with worker(env) as second:  # sweeps on start: the job is failed, not left running
            wait_for(
                lambda: (
                    query(env, f"SELECT state FROM registry_importjob WHERE id = {job_id}")
                    == [("failed",)]
                )
            )
            assert second.poll() is None
        [(result,)] = query(env, f"SELECT result FROM registry_importjob WHERE id = {job_id}")
        result = json.loads(result) if isinstance(result, str) else result
        assert "stopped" in result["lost"]["en"] and "العامل" in result["lost"]["ar"]
        assert query(env, "SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]
        # nothing half-written: the import was one transaction, never committed
        assert query(env, "SELECT count(*) FROM registry_factory")[0][0] == factories
        assert (
            query(env, "SELECT count(*) FROM registry_factory WHERE external_id LIKE 'KILL-%'")[0][
                0
            ]
            == 0
        )
        assert list((Path(env["IHYA_HOME"]) / "uploads").rglob("*.csv")) == []


TASKS = 40


def test_two_workers_never_run_a_job_twice(tmp_path):
    """Two workers on the default queue, one of them also on a second queue: every task runs
    exactly once (a second run would break the table's primary key and fail the task)."""
    with scratch_db(tmp_path) as env:
        env = {**env, "PYTHONPATH": str(ROOT), "IHYA_TASK_QUEUES": "second"}
        run_python(
            env,
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    c.execute('CREATE TABLE fault_probe_runs (number integer PRIMARY KEY, pid integer)')\n"
            "from tests.faults.probe_tasks import record_run\n"
            f"for n in range({TASKS}):\n"
            "    record_run.using(queue_name='default' if n % 4 else 'second').enqueue(n)\n",
        )
        with worker(env, "default", "second"), worker(env):
            wait_for(
                lambda: (
                    query(
                        env,
                        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN "
                        "('SUCCESSFUL', 'FAILED')",
                    )[0][0]
                    == TASKS
                ),
                timeout=90,
            )
        assert query(
            env, "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ) == [("SUCCESSFUL", TASKS)]
        runs = query(env, "SELECT number, pid FROM fault_probe_runs ORDER BY number")
        assert [n for n, _pid in runs] == list(range(TASKS))  # each once
        assert len({pid for _n, pid in runs}) == 2  # both workers took some
