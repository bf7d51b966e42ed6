"""What every ``ihya …`` command module shares: Django set-up, the two consoles, progress bars,
the command line's actor, the language option and how values and issues are printed.

Each domain app has its own command module (``registry/cli.py``, ``trade/cli.py``…) mounted by
the root ``ihya/cli.py``; they import this module and nothing imports them back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Language(StrEnum):
    ar = "ar"
    en = "en"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def setup(language: str | None = None) -> None:
    """Django set up, messages in ``language`` (IHYA_LANGUAGE by default)."""
    import ihya

    ihya.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(language or settings.LANGUAGE_CODE)


def cli_actor():
    """Who acts from the command line: the operating-system user (``cli:<login>``)."""
    from ihya.accounts.actors import Actor

    return Actor.cli()


class Bar:
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

    def __enter__(self) -> Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if stage not in self.tasks:
            err.print(f"[dim]{stage}…[/dim]")
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def solver_bar(time_limit: float):
    """A bar over a solver's time limit, with the current gap (HiGHS's callback)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("solving", total=time_limit)

    def update(seconds: float, gap: float) -> None:
        text = "solving" if gap == float("inf") else f"solving · gap {gap:.2e}"
        progress.update(task, completed=min(seconds, time_limit), description=text)

    return progress, update


def steps_bar(label: str, total: int):
    """A bar over ``total`` steps (the points of a curve or a frontier)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task(label, total=total)
    return progress, lambda done, total: progress.update(task, completed=done)


def fmt(value: object, plain: bool = False) -> str:
    """A value for a person: numbers grouped per language (unless ``plain``: years, codes),
    yes/no translated, dates in ISO order."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from ihya import formats

    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal) and not plain:
        return formats.number(value, get_language() or "ar")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def print_written(written: dict[str, dict[str, int]]) -> None:
    """An import's counts: ``factories: created 3, updated 1``."""
    for name, counts in written.items():
        out.print(
            f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v or k == "created")
        )


def print_issues(result, limit: int = 50) -> None:
    """An import's issues (sheet, row, column, value, reason in Arabic and English)."""
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


def print_problems(error) -> None:
    """A service's refusal (``ihya.errors.ServiceError``): each problem in Arabic and English."""
    for problem in error.problems:
        where = f"{problem.field}: " if problem.field else ""
        err.print(f"{where}{problem.text('en')} | {problem.text('ar')}", style="red", markup=False)


def print_run(run) -> None:
    """A stored trade run in one line: home, year, size, ECI and its rank, its folder."""
    s = run.summary
    out.print(
        f"trade run {run.pk} ({run.label or run.home}): {run.home} {run.year}, "
        f"{s['countries']} countries × {s['products']} products; "
        f"ECI {s['home_eci']:.3f} (rank {s['home_eci_rank']} of {s['countries']}); "
        f"files in {run.output_dir}"
    )
