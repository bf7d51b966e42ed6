"""The ``ihya`` command. Sets Django up, then calls services and selectors only.

Exit codes: 0 success, 1 validation errors (nothing written), 2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ihya.registry.schema import ENTITIES

app = typer.Typer(
    name="ihya",
    help="Ihya (إحياء): registry, diagnosis and revival of stalled factories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Create or migrate the database.", no_args_is_help=True)
demo_app = typer.Typer(help="The synthetic demo registry.", no_args_is_help=True)
factories_app = typer.Typer(help="List, show and summarise factories.", no_args_is_help=True)
docs_app = typer.Typer(help="Generate documentation from the definitions.", no_args_is_help=True)
users_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)
trade_app = typer.Typer(
    help="Trade analytics on any trade file: RCA, complexity, product space, export potential.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(factories_app, name="factories")
app.add_typer(docs_app, name="docs")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(trade_app, name="trade")
linkages_app = typer.Typer(
    help="Input–output linkages: multipliers, linked industries, extraction, revival impact.",
    no_args_is_help=True,
)
app.add_typer(linkages_app, name="linkages")
priority_app = typer.Typer(
    help="Multi-criteria ranking: WSM, TOPSIS, PROMETHEE II, AHP weights.", no_args_is_help=True
)
app.add_typer(priority_app, name="priority")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


ImportEntity = StrEnum("ImportEntity", [(e, e) for e in (*ENTITIES, "workbook")])


class Language(StrEnum):
    ar = "ar"
    en = "en"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _setup(language: str | None = None) -> None:
    import ihya

    ihya.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(language or settings.LANGUAGE_CODE)


class _Bar:
    """A Rich progress bar fed by the services' (stage, done, total) callbacks."""

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if stage not in self.tasks:
            err.print(f"[dim]{stage}…[/dim]")
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database (IHYA_DATABASE_URL, or the SQLite file in IHYA_HOME) and
    load the reference data (municipalities, ISIC, HS, bodies, causes)."""
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from ihya.accounts.roles import roles_sync
    from ihya.reference.services import reference_sync

    db = settings.DATABASES["default"]
    err.print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")  # persistent: readers never wait
    call_command("migrate", interactive=False, verbosity=0)
    counts = reference_sync()
    roles_sync()
    out.print(
        "database ready; reference rows added or updated: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


@demo_app.command("load")
def demo_load(
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 2026,
    factories: Annotated[int, typer.Option(help="How many factories.")] = 400,
    trade: Annotated[
        bool, typer.Option(help="Also generate the synthetic world trade and analyse it.")
    ] = True,
    linkages: Annotated[
        bool, typer.Option(help="Also load the synthetic Libya-like input–output table.")
    ] = True,
    portfolio: Annotated[
        bool,
        typer.Option(help="Also save and solve two portfolio scenarios on the demo registry."),
    ] = True,
) -> None:
    """Load the synthetic demo registry and, unless told not to, the synthetic world trade with
    its analysis, the input–output table and two solved portfolio scenarios. Loading it again
    replaces the demo (the registry is updated in place; one synthetic trade run and table
    remain), never doubles it."""
    _setup()
    from ihya.demo.services import demo_load as load

    with _Bar() as bar:
        result = load(
            seed=seed,
            factories=factories,
            trade=trade,
            linkages=linkages,
            portfolio=portfolio,
            actor=_cli_actor(),
            progress=bar,
        )
    if not result.ok:
        _print_issues(result.registry)
        raise typer.Exit(1)
    _print_written(result.registry.written)
    if result.trade_run is not None:
        _print_run(result.trade_run)
    if result.io_table is not None:
        table = result.io_table
        out.print(f"input–output table {table.pk}: {table.name}, {table.sectors_count} sectors")
    for scenario in result.scenarios:
        summary = scenario.result["summary"]
        out.print(
            f"portfolio scenario {scenario.pk}: {scenario.name}, {summary['status']}, "
            f"{len(scenario.result.get('selected', []))} factories"
        )


@demo_app.command("users")
def demo_users_cmd() -> None:
    """Create (or reset) one demo user per role and print their generated passwords."""
    _setup()
    from ihya.accounts.services import demo_users

    table = Table("user", "role", "password", title="demo users — passwords change at every start")
    for name, role, password in demo_users():
        table.add_row(name, role, password)
    out.print(table)


@app.command("worker")
def worker() -> None:
    """Run the background worker (imports and long analyses) until stopped."""
    _setup()
    from django.core.management import call_command

    call_command("db_worker", interval=0.5)


@app.command("serve")
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

    _setup()
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


@app.command("import")
def import_(
    entity: Annotated[
        ImportEntity, typer.Argument(help="What the file holds; 'workbook' reads every sheet.")
    ],
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True)],
    report: Annotated[
        Path | None,
        typer.Option(help="Save the problems as an XLSX with the bad cells highlighted."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate only; write nothing.")
    ] = False,
    limit: Annotated[int, typer.Option(help="Print at most this many problems.")] = 50,
) -> None:
    """Import factories, products, inputs, exports, diagnoses, requirements or schemes from CSV or
    XLSX. Every row is validated first; on any error nothing is written and the exit code is 1."""
    _setup()
    from ihya.registry.services import registry_import

    with _Bar() as bar:
        result = registry_import(
            paths=files,
            entity=None if entity is ImportEntity.workbook else entity.value,
            dry_run=dry_run,
            report=report,
            progress=bar,
            actor=_cli_actor(),
        )
    _print_issues(result, limit=limit)
    if report is not None and result.issues:
        err.print(f"report: {report}")
    if not result.ok:
        err.print(f"[bold red]{len(result.validation.errors)} error(s): nothing was written.[/]")
        raise typer.Exit(1)
    read = result.rows_read()
    if dry_run:
        out.print(
            "valid, nothing written (dry run): " + ", ".join(f"{k} {v}" for k, v in read.items())
        )
        return
    _print_written(result.written)


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _print_written(written: dict[str, dict[str, int]]) -> None:
    for name, counts in written.items():
        out.print(
            f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v or k == "created")
        )


def _print_issues(result, limit: int = 50) -> None:
    issues = result.messages()
    if not issues:
        return
    table = Table(
        "sheet", "row", "column", "value", "reason (العربية)", "reason (English)", show_lines=False
    )
    for issue, arabic, english in issues[:limit]:
        style = "red" if issue.level == "error" else "yellow"
        table.add_row(
            issue.sheet,
            str(issue.row or ""),
            issue.column or "",
            issue.value or "",
            arabic,
            english,
            style=style,
        )
    err.print(table)
    if len(issues) > limit:
        err.print(f"… and {len(issues) - limit} more (use --report to get them all)")


@app.command("export")
def export(
    path: Annotated[
        Path,
        typer.Argument(help="FILE.xlsx (all sheets), FILE.csv (one entity) or a folder of CSVs."),
    ],
    entity: Annotated[
        list[ImportEntity] | None, typer.Option(help="Entities to export (default all).")
    ] = None,
    headers: Annotated[
        Language, typer.Option(help="Language of the column headers.")
    ] = Language.en,
) -> None:
    """Export the registry in the import format (export then import gives the same registry)."""
    _setup()
    from ihya.registry.services import registry_export

    names = [e.value for e in entity or [] if e is not ImportEntity.workbook] or list(ENTITIES)
    if path.suffix.lower() == ".csv" and len(names) != 1:
        err.print("a .csv file holds one entity: give --entity, an .xlsx file or a folder")
        raise typer.Exit(2)
    with _Bar() as bar:
        counts = registry_export(
            path=path,
            entities=names,
            language=headers.value,
            progress=lambda stage, done: bar(f"exporting {stage}", done),
        )
    out.print(f"{path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@factories_app.command("list")
def factories_list(
    status: Annotated[
        str | None, typer.Option(help="operating, partly_operating, stalled or closed")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality code, e.g. misrata")
    ] = None,
    isic: Annotated[str | None, typer.Option(help="ISIC division or class prefix, e.g. 23")] = None,
    ownership: Annotated[str | None, typer.Option(help="public, private or mixed")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the id or either name")] = None,
    sort: Annotated[
        str,
        typer.Option(
            help="id, name, municipality, status, employees, jobs_lost, stalled_since; '-' for descending"
        ),
    ] = "id",
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all)")] = 50,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """List factories with filters."""
    _setup(lang.value if lang else None)
    from django.utils.translation import gettext as _

    from ihya import vocabularies
    from ihya.registry.selectors import factory_list

    try:
        qs = factory_list(
            status=status,
            municipality=municipality,
            isic=isic,
            ownership=ownership,
            search=search,
            sort=sort,
        )
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from exc
    total = qs.count()
    rows = [
        {
            "factory_id": f.external_id,
            "name": f.name,
            "municipality": f.municipality.name,
            "isic": f.activity.code,
            "status": f.status,
            "employees_now": f.employees_now,
            "employees_before": f.employees_before,
            "stalled_since": f.stalled_since.isoformat() if f.stalled_since else None,
        }
        for f in (qs[:limit] if limit else qs)
    ]
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt is OutputFormat.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["factory_id"])
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(
        _("Factory"),
        _("Name"),
        _("Municipality"),
        _("ISIC"),
        _("Status"),
        _("Employees now"),
        _("before"),
        _("Stalled since"),
        title=_("%(shown)d of %(total)d factories") % {"shown": len(rows), "total": total},
    )
    for r in rows:
        table.add_row(
            r["factory_id"],
            r["name"],
            r["municipality"],
            r["isic"],
            vocabularies.label("factory_status", r["status"]),
            _fmt(r["employees_now"]),
            _fmt(r["employees_before"]),
            r["stalled_since"] or "",
        )
    out.print(table)


PLAIN = {"year", "hs", "isic", "factory_id", "requirement_id", "established_year"}


def _fmt(value: object, key: str = "") -> str:
    """A value for a person: numbers grouped per language, yes/no translated."""
    import datetime as dt
    from decimal import Decimal

    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from ihya import formats

    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal) and key not in PLAIN:
        return formats.number(value, get_language() or "ar")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@factories_app.command("show")
def factories_show(
    factory_id: Annotated[str, typer.Argument(help="The factory's id")],
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """Show one factory's file: profile, products, inputs, diagnosis, requirements, history."""
    _setup(lang.value if lang else None)
    from ihya.registry.models import Factory
    from ihya.registry.selectors import factory_file

    try:
        data = factory_file(external_id=factory_id)
    except Factory.DoesNotExist:
        err.print(f"no factory {factory_id!r}")
        raise typer.Exit(1) from None
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    _render_factory_file(data)


@factories_app.command("summary")
def factories_summary(
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """Counts by status, sector and municipality; jobs lost while stalled."""
    _setup(lang.value if lang else None)
    from ihya.registry.selectors import registry_summary

    _render_summary(registry_summary())


def _render_factory_file(data: dict) -> None:
    from django.utils.translation import gettext as _

    profile = Table.grid(padding=(0, 2))
    for key in (
        "factory_id",
        "name_ar",
        "name_en",
        "municipality",
        "district",
        "industrial_zone",
        "isic",
        "activity",
        "ownership",
        "status",
        "stalled_since",
        "employees_now",
        "employees_before",
        "jobs_lost",
        "design_capacity",
        "capacity_unit",
        "utilisation_pct",
    ):
        profile.add_row(f"[bold]{key}[/]", _fmt(data[key], key))
    out.print(profile)
    sections = [
        ("products", _("Products"), ["hs", "name", "capacity", "unit", "unit_value_lyd", "main"]),
        ("inputs", _("Inputs"), ["input", "hs", "annual_quantity", "unit", "local_share_pct"]),
        ("exports", _("Export history"), ["year", "hs", "market", "value_usd"]),
        (
            "requirements",
            _("Requirements"),
            [
                "requirement_id",
                "type",
                "description",
                "cost_lyd",
                "fx_share_pct",
                "lead_time_months",
                "responsible_body",
                "status",
                "shared_with",
            ],
        ),
        ("schemes", _("Revival schemes"), ["mode", "partner", "preferred", "notes"]),
        ("history", _("Status history"), ["from", "to", "effective_on", "source"]),
    ]
    for key, title, columns in sections:
        if not data[key]:
            continue
        table = Table(*columns, title=title)
        for row in data[key]:
            table.add_row(
                *[
                    _fmt(", ".join(row[c]) if isinstance(row[c], list) else row[c], c)
                    for c in columns
                ]
            )
        out.print(table)
    for diagnosis in data["diagnoses"]:
        title = _("Diagnosis") + f" — {diagnosis['body'] or ''} {diagnosis['assessed_on'] or ''}"
        table = Table("cause", "severity", "note", title=title)
        for c in diagnosis["causes"]:
            table.add_row(c["cause"], f"{c['severity']} {c['severity_label']}", c["note"])
        out.print(table)


def _render_summary(summary) -> None:
    from django.utils.translation import gettext as _

    from ihya import vocabularies

    out.print(_("%(n)d factories") % {"n": summary.factories})
    table = Table(_("Status"), _("Factories"))
    for term in vocabularies.terms("factory_status"):
        table.add_row(term.label(), str(summary.by_status.get(term.code, 0)))
    out.print(table)
    table = Table(_("ISIC division"), _("Factories"), title=_("Largest sectors"))
    for division, name, n in summary.by_division:
        table.add_row(f"{division} {name}", str(n))
    out.print(table)
    table = Table(_("Municipality"), _("Factories"), title=_("Largest municipalities"))
    for _code, name, n in summary.by_municipality:
        table.add_row(name, str(n))
    out.print(table)
    out.print(
        _("Jobs now %(now)s, before the stalls %(before)s, lost %(lost)s")
        % {"now": summary.jobs_now, "before": summary.jobs_before, "lost": summary.jobs_lost}
    )


@users_app.command("create-admin")
def users_create_admin(
    username: Annotated[str, typer.Option(help="Login of the administrator")] = "admin",
) -> None:
    """Create the first administrator and print its generated password once."""
    _setup()
    from ihya.accounts.services import admin_create

    try:
        new = admin_create(username=username)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(1) from exc
    out.print(f"administrator {new.user.username}: password {new.password}")
    err.print("the password is shown only now; change it after the first login")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument()],
    role: Annotated[
        str,
        typer.Option(
            help="admin, secretariat, ministry_analyst, authority_analyst, committee_member or viewer"
        ),
    ],
    body: Annotated[str | None, typer.Option(help="Body code, e.g. ministry-industry")] = None,
    email: Annotated[str, typer.Option()] = "",
) -> None:
    """Create a user with a role and a body; prints the generated password once."""
    _setup()
    from ihya.accounts.services import user_create

    try:
        new = user_create(username=username, role=role, body=body, email=email, actor="cli")
    except (ValueError, LookupError) as exc:
        err.print(str(exc))
        raise typer.Exit(2) from exc
    out.print(f"{new.user.username} ({role}): password {new.password}")


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
) -> None:
    """Create a personal API token for a user; prints it once."""
    _setup()
    from django.contrib.auth.models import User

    from ihya.accounts.services import TooManyTokens, token_create

    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        err.print(f"no user {username!r}")
        raise typer.Exit(1) from None
    try:
        out.print(token_create(user=user, name=name))
    except TooManyTokens as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the audit log; exit 1 if any row was edited or deleted."""
    _setup()
    from ihya.audit.services import audit_verify as verify

    result = verify()
    if result.ok:
        out.print(f"audit log intact: {result.entries} entries")
        return
    err.print(f"[bold red]audit log broken at entry {result.first_bad_id}: {result.reason}[/]")
    raise typer.Exit(1)


class ConventionOption(StrEnum):
    stata = "stata"
    py_ecomplexity = "py-ecomplexity"


InputFiles = Annotated[
    list[str],
    typer.Argument(
        help="CSV or Parquet files, or glob patterns such as 'BACI_HS92_Y*.csv': bilateral "
        "(BACI's t,i,j,k,v) or country-product exports (year,country,product,value)."
    ),
]
YearCol = Annotated[str | None, typer.Option("--year-col", help="Column holding the year.")]
CountryCol = Annotated[
    str | None, typer.Option("--country-col", help="Column holding the exporting country.")
]
ImporterCol = Annotated[
    str | None,
    typer.Option("--importer-col", help="Column holding the importer (bilateral files)."),
]
ProductCol = Annotated[
    str | None, typer.Option("--product-col", help="Column holding the product code.")
]
ValueCol = Annotated[
    str | None, typer.Option("--value-col", help="Column holding the trade value.")
]
Digits = Annotated[
    int | None, typer.Option(help="Cut product codes to this many digits first (HS 6 → 4).")
]
NotHs = Annotated[
    bool,
    typer.Option(
        "--not-hs", help="Product codes are not HS: keep them as written (no leading-zero repair)."
    ),
]
Convention = Annotated[
    ConventionOption,
    typer.Option(
        help="Reproduce the Growth Lab's Stata ecomplexity or the Python ecomplexity 0.5.3."
    ),
]
Threshold = Annotated[float, typer.Option(help="RCA threshold of presence (M=1).")]


def _columns(year_col, country_col, importer_col, product_col, value_col):
    from ihya.core.trade.sources import Columns

    return Columns(
        year=year_col,
        country=country_col,
        importer=importer_col,
        product=product_col,
        value=value_col,
    )


@trade_app.command("metrics")
def trade_metrics(
    inputs: InputFiles,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
    not_hs: NotHs = False,
    years: Annotated[
        str | None, typer.Option(help="Only these years, comma-separated (e.g. 2019,2020).")
    ] = None,
    parquet: Annotated[bool, typer.Option(help="Also write Parquet twins.")] = True,
) -> None:
    """Write DIR/country_product.csv (year, country, product, export_value, rca, mcp, density,
    cog, pci), DIR/country.csv (year, country, diversity, eci, coi) and DIR/product.csv (year,
    product, ubiquity, pci), their Parquet twins and DIR/run.json (inputs, parameters, versions)."""
    from ihya.core.trade.sources import TradeInputError
    from ihya.trade.services import trade_metrics_files

    try:
        year_list = [int(y) for y in years.split(",")] if years else None
    except ValueError:
        err.print(f"[red]--years must be comma-separated years, not {years!r}[/]")
        raise typer.Exit(2) from None
    try:
        with _Bar() as bar:
            panel, result = trade_metrics_files(
                inputs=inputs,
                out_dir=out_dir,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                hs=not not_hs,
                years=year_list,
                parquet=parquet,
                progress=bar,
            )
    except TradeInputError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    for warning in result.warnings:
        err.print(f"[yellow]{warning}[/]")
    import numpy as np

    n_c = int(np.unique(panel.country["country"]).size)
    n_p = int(np.unique(panel.product["product"]).size)
    out.print(
        f"{len(panel.years)} year(s) {panel.years[0]}–{panel.years[-1]}, {n_c} countries, {n_p} products, "
        f"convention {convention.value}: {result.manifest['seconds']} s"
    )
    for path in result.files:
        out.print(f"  {path}")


@trade_app.command("potential")
def trade_potential(
    inputs: InputFiles,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    home: Annotated[str, typer.Option(help="Home country, ISO alpha-3 (or numeric).")] = "LBY",
    year: Annotated[
        int | None, typer.Option(help="Year to analyse; the latest by default.")
    ] = None,
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
    not_hs: NotHs = False,
    top: Annotated[int, typer.Option(help="Print this many rows of each ranking.")] = 15,
    parquet: Annotated[bool, typer.Option(help="Also write Parquet twins.")] = True,
) -> None:
    """The home country's export potential from a bilateral file: DIR/potential.csv (year, product,
    market, supply, demand, ease, potential, actual, untapped; best untapped first) and
    DIR/diversification.csv (year, product, density, world_demand, score, pci, cog, group, rank)."""
    from ihya.core.trade.opportunities import HomeNotFound
    from ihya.core.trade.sources import TradeInputError
    from ihya.trade.services import trade_potential_files

    try:
        with _Bar() as bar:
            op, result = trade_potential_files(
                inputs=inputs,
                out_dir=out_dir,
                home=home,
                year=year,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                hs=not not_hs,
                parquet=parquet,
                progress=bar,
            )
    except (TradeInputError, HomeNotFound) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    from ihya.core.trade.opportunities import diversification_table, potential_table

    pot = potential_table(op)
    table = Table(
        "product",
        "market",
        "potential",
        "actual",
        "untapped",
        title=f"{op.home} {op.year}: untapped export potential",
    )
    for i in range(min(top, pot["product"].size)):
        table.add_row(
            pot["product"][i],
            pot["market"][i],
            f"{pot['potential'][i]:,.0f}",
            f"{pot['actual'][i]:,.0f}",
            f"{pot['untapped'][i]:,.0f}",
        )
    out.print(table)
    div = diversification_table(op)
    table = Table(
        "rank", "product", "group", "density", "world demand", "pci", "cog", title="diversification"
    )
    for i in range(min(top, div["product"].size)):
        table.add_row(
            str(div["rank"][i]),
            div["product"][i],
            div["group"][i],
            f"{div['density'][i]:.3f}",
            f"{div['world_demand'][i]:,.0f}",
            f"{div['pci'][i]:.2f}",
            f"{div['cog'][i]:.2f}",
        )
    out.print(table)
    for path in result.files:
        out.print(f"  {path}")


@trade_app.command("run")
def trade_run(
    inputs: InputFiles,
    home: Annotated[
        str | None, typer.Option(help="Home country (ISO alpha-3); IHYA_HOME_COUNTRY by default.")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Year to analyse; the latest by default.")
    ] = None,
    label: Annotated[str, typer.Option(help="A name for the run, shown on the pages.")] = "",
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
) -> None:
    """Analyse one year of bilateral trade (BACI or mapped) and store the run in the database:
    what the trade pages, the factory pages and the API show. Audited, with provenance."""
    _setup()
    from ihya.core.trade.opportunities import HomeNotFound
    from ihya.core.trade.sources import TradeInputError
    from ihya.trade.services import trade_run_create

    try:
        with _Bar() as bar:
            run = trade_run_create(
                inputs=inputs,
                home=home,
                year=year,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                label=label,
                actor=_cli_actor(),
                progress=bar,
            )
    except (TradeInputError, HomeNotFound) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    _print_run(run)


def _print_run(run) -> None:
    s = run.summary
    out.print(
        f"trade run {run.pk} ({run.label or run.home}): {run.home} {run.year}, "
        f"{s['countries']} countries × {s['products']} products; "
        f"ECI {s['home_eci']:.3f} (rank {s['home_eci_rank']} of {s['countries']}); "
        f"files in {run.output_dir}"
    )


def _print_table_issues(exc) -> None:
    from ihya.linkages.messages import issue_text

    for issue in exc.issues[:50]:
        where = f"row {issue.row or '-'}, column {issue.column or '-'}"
        value = f", value {issue.value}" if issue.value else ""
        err.print(
            f"{where}{value}: {issue_text(issue, 'en')} | {issue_text(issue, 'ar')}", markup=False
        )
    err.print(f"[bold red]{len(exc.issues)} problem(s): nothing was written.[/]")


@linkages_app.command("analyse")
def linkages_analyse(
    table_path: Annotated[
        Path,
        typer.Argument(
            metavar="TABLE",
            exists=True,
            help="Ihya's template (CSV or XLSX) or a folder saved by pymrio's save_all.",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    tolerance: Annotated[
        float,
        typer.Option(help="Largest relative gap allowed between a sector's outputs and inputs."),
    ] = 0.005,
) -> None:
    """Write DIR/sectors.csv (sector, output_multiplier, va_multiplier, employment_multiplier,
    backward_linkage, forward_linkage, key_sector_class), DIR/extraction.csv (sector,
    output_loss, va_loss, jobs_loss), DIR/multipliers.csv (every multiplier, type II included)
    and DIR/run.json. An invalid table is reported row by row and nothing is written."""
    _setup()
    from ihya.core.linkages.table import TableError
    from ihya.linkages.services import linkages_analyse_file

    if out_dir.exists() and not out_dir.is_dir():
        err.print(f"[red]--out {out_dir} is a file; give a directory.[/]")
        raise typer.Exit(2)

    try:
        result = linkages_analyse_file(path=table_path, out_dir=out_dir, tolerance=tolerance)
    except TableError as exc:
        _print_table_issues(exc)
        raise typer.Exit(1) from None
    link = result.linkages
    keys = [result.table.codes[i] for i in range(result.table.n) if link.key_class[i] == "key"]
    out.print(
        f"{result.table.n} sectors; key sectors: {', '.join(keys) or '—'}; "
        f"results in {out_dir}/sectors.csv, extraction.csv, multipliers.csv"
    )


@linkages_app.command("load")
def linkages_load(
    table_path: Annotated[
        Path, typer.Argument(metavar="TABLE", exists=True, help="Template file or pymrio folder.")
    ],
    name: Annotated[str, typer.Option(help="A name shown on the pages.")] = "",
    concordance: Annotated[
        Path | None,
        typer.Option(
            exists=True, help="CSV with columns isic,sector: ISIC code prefixes → sectors."
        ),
    ] = None,
    tolerance: Annotated[float, typer.Option(help="Balance tolerance (relative).")] = 0.005,
) -> None:
    """Validate, analyse and store a table (audited): the pages, the factories' revival impact
    and the API use the latest one."""
    _setup()
    from ihya.core.linkages.table import TableError
    from ihya.linkages.services import linkages_table_load

    try:
        table = linkages_table_load(
            path=table_path,
            name=name,
            concordance=concordance,
            tolerance=tolerance,
            actor=_cli_actor(),
        )
    except TableError as exc:
        _print_table_issues(exc)
        raise typer.Exit(1) from None
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    out.print(f"input–output table {table.pk}: {table.name}, {table.sectors_count} sectors")


class MethodOption(StrEnum):
    wsm = "wsm"
    topsis = "topsis"
    promethee = "promethee"


class NormalizationOption(StrEnum):
    vector = "vector"
    minmax = "minmax"


def _floats(text: str | None, what: str) -> list[float] | None:
    from ihya.core.priority.ahp import parse_judgement

    if text is None:
        return None
    try:
        return [
            parse_judgement(t) if "/" in t else float(t)
            for t in text.replace("،", ",").split(",")
            if t.strip()
        ]
    except (ValueError, Exception):
        err.print(f"[red]{what} must be comma-separated numbers, not {text!r}[/]")
        raise typer.Exit(2) from None


@priority_app.command("rank")
def priority_rank(
    matrix_path: Annotated[
        Path,
        typer.Argument(
            metavar="MATRIX",
            exists=True,
            dir_okay=False,
            help="CSV or XLSX: first column the alternative, then one column per criterion.",
        ),
    ],
    out_path: Annotated[Path, typer.Option("--out", help="RANKS.csv: alternative, score, rank.")],
    method: Annotated[MethodOption, typer.Option(help="Ranking method.")] = MethodOption.topsis,
    weights: Annotated[
        str | None,
        typer.Option(
            help="One weight per criterion, comma-separated (0.3,0.4,0.3); equal if omitted."
        ),
    ] = None,
    cost: Annotated[
        list[str] | None,
        typer.Option(help="A cost criterion (smaller is better); repeat for several."),
    ] = None,
    normalization: Annotated[
        NormalizationOption | None,
        typer.Option(help="vector (TOPSIS default) or minmax (WSM default)."),
    ] = None,
    preference: Annotated[
        list[str] | None,
        typer.Option(
            help="PROMETHEE preference function: usual, ushape, vshape, level, linear or gaussian; "
            "once for all criteria or once per criterion."
        ),
    ] = None,
    q: Annotated[
        str | None, typer.Option(help="PROMETHEE indifference thresholds, per criterion.")
    ] = None,
    p: Annotated[
        str | None, typer.Option(help="PROMETHEE preference thresholds, per criterion.")
    ] = None,
    s: Annotated[
        str | None, typer.Option(help="PROMETHEE Gaussian parameters, per criterion.")
    ] = None,
) -> None:
    """Rank the alternatives of any decision matrix and write alternative, score, rank (rank 1
    is the best)."""
    import csv

    from ihya.core.priority.matrix import read_matrix
    from ihya.core.priority.methods import PriorityInputError, rank

    try:
        dm = read_matrix(matrix_path)
        unknown = [c for c in (cost or []) if c not in dm.criteria]
        if unknown:
            raise PriorityInputError(
                f"--cost names no column of the matrix: {', '.join(unknown)}; columns: {', '.join(dm.criteria)}"
            )
        w = _floats(weights, "--weights") or [1.0] * len(dm.criteria)
        prefs = preference or ["usual"]
        result = rank(
            method.value,
            dm.values,
            w,
            [c in (cost or []) for c in dm.criteria],
            normalization=normalization.value if normalization else None,
            preference=prefs[0] if len(prefs) == 1 else prefs,
            q=_floats(q, "--q"),
            p=_floats(p, "--p"),
            s=_floats(s, "--s"),
        )
    except PriorityInputError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["alternative", "score", "rank"])
        for name, score, r in zip(
            dm.alternatives, result.scores.tolist(), result.ranks.tolist(), strict=True
        ):
            writer.writerow([name, repr(score), r])
    table = Table(
        "rank", "alternative", "score", title=f"{method.value}: {len(dm.alternatives)} alternatives"
    )
    for i in sorted(range(len(dm.alternatives)), key=lambda i: result.ranks[i])[:15]:
        table.add_row(str(result.ranks[i]), dm.alternatives[i], f"{result.scores[i]:.4f}")
    out.print(table)
    out.print(f"written: {out_path}")


@priority_app.command("factories")
def priority_factories(
    scenario: Annotated[
        str | None, typer.Option(help="A saved scenario by name ('balanced', 'exports first', …).")
    ] = None,
    method: Annotated[MethodOption, typer.Option(help="Ranking method.")] = MethodOption.wsm,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out", help="CSV: factory_id, name, rank, score, stability, then each criterion."
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="Print this many.")] = 20,
    lang: Annotated[Language, typer.Option(help="Language of names.")] = Language.ar,
) -> None:
    """Rank the stalled, closed and partly operating factories on the criteria catalogue, from
    the registry, the diagnosis and the latest trade and input–output analyses."""
    import csv

    _setup(lang.value)
    from ihya.priority.models import Scenario
    from ihya.priority.selectors import factory_ranking, weights_of

    chosen = (
        Scenario.objects.filter(name=scenario).first()
        if scenario
        else Scenario.objects.order_by("id").first()
    )
    if scenario and chosen is None:
        names = ", ".join(Scenario.objects.values_list("name", flat=True))
        err.print(f"[red]no scenario {scenario!r}; saved ones: {names}[/]")
        raise typer.Exit(2)
    with _Bar() as bar:
        bar("ranking", 0, None)
        ranking = factory_ranking(weights=weights_of(chosen), method=method.value)
    if ranking.matrix.dropped:
        err.print(f"[yellow]left out (no value at all): {', '.join(ranking.matrix.dropped)}[/]")
    if out_path is not None:
        from ihya.priority.selectors import RANKING_HEADER, ranking_rows

        cols, rows = ranking_rows(ranking)
        with open(out_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([*RANKING_HEADER, *[c.code for c in cols]])
            for row in rows:
                writer.writerow(
                    ["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row]
                )
    table = Table(
        "rank",
        "factory",
        "score",
        "stability",
        title=f"{chosen.name if chosen else ''} · {method.value}",
    )
    for r in ranking.rows[:top]:
        table.add_row(
            str(r.rank),
            f"{r.factory.external_id} {r.factory.name}",
            f"{r.score:.3f}",
            f"{r.stability:.2f}",
        )
    out.print(table)
    if out_path is not None:
        out.print(f"written: {out_path}")


@priority_app.command("ahp")
def priority_ahp(
    pairwise: Annotated[
        Path,
        typer.Argument(
            metavar="PAIRWISE",
            exists=True,
            dir_okay=False,
            help="A square table: labels in the first row and column, judgements such as 3 or 1/3.",
        ),
    ],
) -> None:
    """Weights from pairwise comparisons (principal eigenvector) and the consistency ratio; a
    warning above 0.1."""
    from ihya.core.priority.ahp import CR_LIMIT, ahp, read_pairwise
    from ihya.core.priority.matrix import read_pairwise_file
    from ihya.core.priority.methods import PriorityInputError

    try:
        header, rows = read_pairwise_file(pairwise)
        labels, matrix = read_pairwise([header, *rows])
        result = ahp(matrix, labels)
    except PriorityInputError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    table = Table("criterion", "weight")
    for label, weight in zip(result.labels, result.weights.tolist(), strict=True):
        table.add_row(label, f"{weight:.4f}")
    out.print(table)
    cr = "n/a (fewer than 3 criteria)" if result.cr is None else f"{result.cr:.4f}"
    out.print(f"lambda_max {result.lambda_max:.4f}  CI {result.ci:.4f}  CR {cr}")
    if not result.consistent:
        err.print(
            f"[yellow]warning: the consistency ratio {result.cr:.3f} is above {CR_LIMIT}: "
            "revise the judgements that contradict each other.[/]"
        )


@docs_app.command("import-format")
def docs_import_format() -> None:
    """Print docs/import-format.md, generated from the import definitions."""
    _setup("en")
    from ihya.registry.docs import import_format_markdown

    sys.stdout.write(import_format_markdown())


from ihya.portfolio.cli import portfolio_app  # noqa: E402  (it reaches back for _setup)

app.add_typer(portfolio_app, name="portfolio")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
