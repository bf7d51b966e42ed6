"""`ihya db upgrade`, `ihya serve` and `ihya worker`: the database, the web app and the
background worker. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from ihya.console import err, out, print_problems, setup

db_app = typer.Typer(help="Create or migrate the database.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database (IHYA_DATABASE_URL, or the SQLite file in IHYA_HOME) and
    load the reference data (municipalities, ISIC, HS, bodies, causes, the plan's teams and
    holidays)."""
    setup()
    from django.conf import settings
    from django.core.management import call_command

    from ihya.accounts.roles import roles_sync
    from ihya.plan.services import plan_data_sync
    from ihya.reference.services import reference_sync

    db = settings.DATABASES["default"]
    err.print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")  # persistent: readers never wait
    call_command("migrate", interactive=False, verbosity=0)
    counts = reference_sync()
    counts.update(plan_data_sync())
    roles_sync()
    out.print(
        "database ready; reference rows added or updated: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


@db_app.command("secure-audit")
def db_secure_audit(
    owner: Annotated[
        str, typer.Option(help="The role to own the audit table (created NOLOGIN if missing).")
    ],
    admin_url: Annotated[
        str | None,
        typer.Option(
            help="A PostgreSQL administrator's connection to the same database "
            "(default: the application's own, which must then be allowed to do it)."
        ),
    ] = None,
) -> None:
    """PostgreSQL: give the audit table, its sequence and trigger function to another role, so
    that the application's role keeps SELECT and INSERT only and cannot disable the triggers
    that refuse UPDATE and DELETE. Exit 1 when refused."""
    setup("en")
    from ihya.audit.postgres import audit_secure
    from ihya.errors import ServiceError

    try:
        done = audit_secure(owner=owner, admin_url=admin_url)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    created = " (created)" if done.created_owner else ""
    out.print(
        f"audit table owned by {done.owner}{created}; {done.app_role} may only read and append"
    )


def doctor(
    lang: Annotated[str, typer.Option(help="Language of the output: ar or en.")] = "en",
) -> None:
    """Check this deployment, one line per check (✓ or ✗ and why): settings, database reachable
    and migrated, background worker alive, folders writable, secret key and HTTPS (production),
    audit log chain and anchor. Exit 1 on any failure."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        setup(lang)
    except ImproperlyConfigured as exc:
        err.print(f"[red]✗[/red] settings: {exc}", highlight=False)
        raise typer.Exit(1) from None
    from ihya.web.doctor import doctor_checks

    checks = doctor_checks()
    for check in checks:
        mark = "[green]✓[/green]" if check.ok else "[red]✗[/red]"
        out.print(f"{mark} {check.name}: {check.detail}", highlight=False)
    if not all(check.ok for check in checks):
        raise typer.Exit(1)


def worker(
    queue: Annotated[
        list[str] | None,
        typer.Option(
            help="A queue to take jobs from (repeat for several; default: the one queue every "
            "job goes to, 'default'; '*' for all)."
        ),
    ] = None,
) -> None:
    """Run the background worker (imports and long analyses) until stopped; it rewrites
    IHYA_HOME/worker.heartbeat every 10 seconds (`ihya doctor` checks it) and its own record
    under IHYA_HOME/workers/. On start and then every minute it fails the jobs left running by
    a worker that died (killed, its machine restarted), saying so on their pages. Several
    workers may run at once, on one machine or several: each job is taken by one of them."""
    setup()
    import atexit

    from django.core.management import call_command

    from ihya.web.heartbeat import start_beating
    from ihya.web.workers import jobs_sweep, worker_beat, worker_gone, worker_id_new

    queues = queue or ["default"]
    worker_id = worker_id_new()
    worker_beat(worker_id, queues)
    atexit.register(worker_gone, worker_id)
    swept = jobs_sweep()
    if swept:
        err.print(f"failed {len(swept)} job(s) left running by a worker that died")
    start_beating(also=lambda: worker_beat(worker_id, queues), sweep=jobs_sweep)
    call_command(
        "db_worker", interval=0.5, queue_name=",".join(queues), worker_id=worker_id, reload=False
    )


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 2,
    threads: Annotated[int, typer.Option(help="Threads per worker")] = 4,
    background: Annotated[bool, typer.Option(help="Also run the background worker")] = True,
) -> None:
    """Serve the web app and API with gunicorn (a production-grade WSGI server) and run the
    background worker beside it; Ctrl-C stops both."""
    import signal
    import subprocess

    setup()
    from django.core.management import call_command

    call_command("check", "--deploy", "--fail-level", "CRITICAL", verbosity=0)
    problem = _port_problem(host, port)
    if problem:
        err.print(f"[bold red]cannot serve on {host}:{port}: {problem}[/]")
        raise typer.Exit(1)
    err.print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
    names = {}
    children = []
    if background:
        children.append(subprocess.Popen([sys.executable, "-m", "ihya.cli", "worker"]))
        names[children[-1].pid] = "the background worker"
    children.append(
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ihya.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--access-logfile",
                "-",
                "--timeout",
                "120",
            ]
        )
    )
    names[children[-1].pid] = "the web server"

    asked_to_stop = []

    def stop(*_args: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    def on_sigterm(*_args: object) -> None:
        asked_to_stop.append(True)
        stop()

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        asked_to_stop.append(True)
    finally:
        stop()
        for child in children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
    failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
    if failed and not asked_to_stop:
        child = failed[0]
        err.print(f"[bold red]stopped: {names[child.pid]} exited with {child.returncode}[/]")
        raise typer.Exit(1)


def _port_problem(host: str, port: int) -> str:
    """Why the web server could not listen on host:port ("" when it can), checked the way
    gunicorn binds (SO_REUSEADDR), before anything claims to serve."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"unknown address ({exc.strerror})"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "the port is taken by another program; stop it or choose another --port"
            return exc.strerror or str(exc)
    return ""
