"""The ``ihya`` command: a thin root that mounts each domain app's command module.

Every command sets Django up, then calls services and selectors only (``ihya/console.py`` holds
what the command modules share). Exit codes: 0 success, 1 validation errors (nothing written),
2 usage errors, 3 an infeasible portfolio.
"""

from __future__ import annotations

import typer

from ihya.accounts.cli import users_app
from ihya.audit.cli import audit_app
from ihya.backup.cli import backup, restore
from ihya.demo.cli import demo_app
from ihya.followup.cli import case_app, meeting_app, progress_app
from ihya.kpi.cli import kpi_app
from ihya.linkages.cli import linkages_app
from ihya.notify.cli import notify_app
from ihya.plan.cli import plan_app
from ihya.portfolio.cli import portfolio_app
from ihya.priority.cli import priority_app
from ihya.registry.cli import docs_app, export, factories_app, import_
from ihya.reports.cli import report_app
from ihya.trade.cli import trade_app
from ihya.web.cli import db_app, doctor, serve, worker

app = typer.Typer(
    name="ihya",
    help="Ihya (إحياء): registry, diagnosis and revival of stalled factories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("worker")(worker)
app.command("serve")(serve)
app.command("doctor")(doctor)
app.command("import")(import_)
app.command("export")(export)
app.command("backup")(backup)
app.command("restore")(restore)
for sub, name in (
    (db_app, "db"),
    (demo_app, "demo"),
    (factories_app, "factories"),
    (docs_app, "docs"),
    (users_app, "users"),
    (audit_app, "audit"),
    (trade_app, "trade"),
    (linkages_app, "linkages"),
    (priority_app, "priority"),
    (portfolio_app, "portfolio"),
    (plan_app, "plan"),
    (case_app, "case"),
    (progress_app, "progress"),
    (meeting_app, "meeting"),
    (notify_app, "notify"),
    (kpi_app, "kpi"),
    (report_app, "report"),
):
    app.add_typer(sub, name=name)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
