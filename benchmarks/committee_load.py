"""Benchmark: a committee's mixed work by many users at once, on PostgreSQL, several processes.

    python benchmarks/committee_load.py [--users 200] [--minutes 10] [--app-processes 4]
        [--threads 4] [--workers 2] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]

Creates a fresh PostgreSQL database (``ihya_load`` on the server of ``--admin-url``, dropped
first), loads the demo (400 factories, world trade, the input–output table, two solved
scenarios, the approved plan, a year of follow-up), sets a known password on the demo user of
each role, then starts the deployment of the README's "Several processes, several workers":
``ihya serve --no-background`` (gunicorn, N processes × T threads) and W ``ihya worker``
processes at the lowest CPU priority (``nice -n 19``, one solver thread each:
``IHYA_SOLVER_THREADS=1``).
Locust (benchmarks/committee_locust.py) then runs the users for the given time, spawned one a
second: readers browsing and re-ranking, secretaries editing and importing, analysts solving and
building plans, and a monitor on ``/healthz`` once a second (the baseline).

Prints, per kind of request (page views, writes, background-job polls, ``/healthz``), the count,
failures and the p50 / p95 / p99 latency, the slowest pages' p95, and the background jobs done;
exits 1 on any failed request or when the page views' p95 is at or above ``--p95-ms`` (300).
Needs a PostgreSQL server and locust (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "load test password 2026"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ihya(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "-m", "ihya.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def fresh_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def kind(name: str) -> str:
    return name.split(" ", 1)[0] if " " in name else name


def report(records: list, seconds: float) -> tuple[int, float]:
    by_kind: dict[str, list] = {}
    by_name: dict[str, list] = {}
    for name, ms, status in records:
        by_kind.setdefault(kind(name), []).append((ms, status))
        by_name.setdefault(name, []).append(ms)
    print(
        f"\n{'requests':<12} {'count':>7} {'failed':>6} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    failed_all = 0
    for k in ("page", "write", "poll", "/healthz"):
        rows = by_kind.get(k, [])
        times = [ms for ms, _ in rows]
        failed = sum(1 for _, status in rows if not (200 <= status < 400))
        failed_all += failed
        print(
            f"{k:<12} {len(rows):>7} {failed:>6} {len(rows) / seconds:>6.1f} {percentile(times, 50):>8.0f} "
            f"{percentile(times, 95):>8.0f} {percentile(times, 99):>8.0f} {max(times, default=float('nan')):>8.0f}"
        )
    print("\nslowest page views (p95):")
    pages = sorted(
        ((percentile(v, 95), n, len(v)) for n, v in by_name.items() if kind(n) == "page"),
        reverse=True,
    )
    for p95, name, count in pages[:8]:
        print(f"  {name:<32} {count:>6} views  p95 {p95:>6.0f} ms")
    print("writes:")
    for name, values in sorted(by_name.items()):
        if kind(name) == "write":
            print(f"  {name:<32} {len(values):>6}        p95 {percentile(values, 95):>6.0f} ms")
    page_p95 = percentile([ms for ms, _ in by_kind.get("page", [])], 95)
    return failed_all, page_p95


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--app-processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plan-builds", type=int, default=2, help="plans built during the run")
    parser.add_argument("--p95-ms", type=float, default=300)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="ihya_load")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (printed)")
    args = parser.parse_args()
    if not shutil.which("locust", path=str(Path(sys.executable).parent)) and not shutil.which(
        "locust"
    ):
        print("locust is not installed (pip install -e '.[bench]')")
        return 2
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    tmp = Path(tempfile.mkdtemp(prefix="ihya-load-"))
    env = {
        **os.environ,
        "IHYA_HOME": str(tmp / "home"),
        "IHYA_DATABASE_URL": fresh_database(args.admin_url, args.database),
    }
    print(f"database {args.database}, home {tmp / 'home'}: loading the demo…", flush=True)
    ihya(env, "db", "upgrade")
    ihya(env, "demo", "load")
    code = (
        "import ihya, json, os; ihya.setup()\n"
        "from django.contrib.auth.models import User\n"
        "from ihya.accounts.services import demo_users\n"
        "out, password = {}, os.environ['LOAD_PASSWORD']\n"
        "for username, role, _ in demo_users():\n"
        "    u = User.objects.get(username=username)\n"
        "    u.set_password(password); u.save(); out[role] = [username, password]\n"
        "print(json.dumps(out))\n"
    )
    users = (
        subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "LOAD_PASSWORD": PASSWORD},
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import_file = tmp / "factories.csv"
    subprocess.run(
        [sys.executable, "-m", "ihya.cli", "export", str(import_file), "--entity", "factories"],
        env=env,
        check=True,
        capture_output=True,
    )
    lines = import_file.read_text(encoding="utf-8-sig").splitlines()
    import_file.write_text(
        "\n".join(lines[:31]) + "\n", encoding="utf-8"
    )  # 30 factories, re-imported
    port = _port()
    base = f"http://127.0.0.1:{port}"
    logs = (tmp / "server.log").open("w")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ihya.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.app_processes),
                "--threads",
                str(args.threads),
                "--no-background",
            ],
            env=env,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
    ]
    worker_env = {**env, "IHYA_SOLVER_THREADS": "1"}
    for _ in range(args.workers):
        procs.append(
            subprocess.Popen(
                ["nice", "-n", "19", sys.executable, "-m", "ihya.cli", "worker"],
                env=worker_env,
                stdout=logs,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        log = tmp / "requests.json"
        print(
            f"demo registry; {args.users} users for {args.minutes:g} min on {base} "
            f"({args.app_processes} app processes × {args.threads} threads, {args.workers} workers)",
            flush=True,
        )
        started = time.monotonic()
        subprocess.run(
            [
                locust,
                "-f",
                str(HERE / "committee_locust.py"),
                "--headless",
                "--host",
                base,
                "-u",
                str(args.users + 1),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{int(args.minutes * 60)}s",
                "--stop-timeout",
                "30",
                "--only-summary",
                "--csv",
                str(tmp / "locust"),
            ],
            env={
                **os.environ,
                "IHYA_LOAD_USERS": users,
                "IHYA_LOAD_IMPORT": str(import_file),
                "IHYA_LOAD_LOG": str(log),
                "IHYA_LOAD_PLAN_BUILDS": str(args.plan_builds),
            },
            check=False,
            stdout=(tmp / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        seconds = time.monotonic() - started
        records = json.loads(log.read_text())
        failed, page_p95 = report(records, seconds)
        jobs = subprocess.run(
            [
                sys.executable,
                "-c",
                "import ihya; ihya.setup()\n"
                "from django_tasks_db.models import DBTaskResult as T\n"
                "from django.db.models import Count\n"
                "print(dict((r['task_path'].rsplit('.',1)[-1] + ' ' + r['status'].lower(), r['n']) for r in "
                "T.objects.values('task_path','status').annotate(n=Count('id'))))",
            ],
            env=env,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"background jobs: {jobs}")
        verdict = "PASS" if failed == 0 and page_p95 < args.p95_ms else "FAIL"
        print(
            f"\n{verdict}: {failed} failed requests, page views p95 {page_p95:.0f} ms (target < {args.p95_ms:g} ms)"
        )
        return 0 if verdict == "PASS" else 1
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
