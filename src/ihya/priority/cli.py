"""`ihya priority …`: rank any decision matrix, AHP weights, and the factory ranking. Mounted by
``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import Bar, Language, err, out, setup
from ihya.core.tables import SafeCsvWriter

priority_app = typer.Typer(
    help="Multi-criteria ranking: WSM, TOPSIS, PROMETHEE II, AHP weights.", no_args_is_help=True
)


class MethodOption(StrEnum):
    wsm = "wsm"
    topsis = "topsis"
    promethee = "promethee"


class NormalizationOption(StrEnum):
    vector = "vector"
    minmax = "minmax"


def _floats(text: str | None, what: str) -> list[float] | None:
    """ "0.3,0.4" (Arabic comma, 1/3 as typed) -> floats; exit 2 on anything else."""
    from ihya.errors import Invalid
    from ihya.priority.services import numbers

    if text is None:
        return None
    try:
        return numbers(text)
    except Invalid:
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
    setup()
    from ihya.errors import Invalid
    from ihya.priority.services import priority_rank_file

    try:
        ranked = priority_rank_file(
            matrix_path=matrix_path,
            out_path=out_path,
            method=method.value,
            weights=_floats(weights, "--weights"),
            cost=cost or (),
            normalization=normalization.value if normalization else None,
            preference=preference or ("usual",),
            q=_floats(q, "--q"),
            p=_floats(p, "--p"),
            s=_floats(s, "--s"),
        )
    except Invalid as error:
        err.print(f"[red]{error.text('en')}[/]")
        raise typer.Exit(1) from None
    dm, result = ranked.matrix, ranked.result
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
    method: Annotated[
        MethodOption | None,
        typer.Option(help="Ranking method; the scenario's by default (WSM without one)."),
    ] = None,
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

    setup(lang.value)
    from ihya.errors import NotFound
    from ihya.priority.selectors import factory_ranking, ranking_choice

    try:
        choice = ranking_choice(scenario=scenario, method=method.value if method else None)
    except NotFound as error:
        err.print(f"[red]{error.text('en')}[/]")
        raise typer.Exit(2) from None
    chosen = choice.scenario
    with Bar() as bar:
        bar("ranking", 0, None)
        ranking = factory_ranking(weights=choice.weights, method=choice.method)
    if ranking.matrix.dropped:
        err.print(f"[yellow]left out (no value at all): {', '.join(ranking.matrix.dropped)}[/]")
    if out_path is not None:
        from ihya.priority.selectors import RANKING_HEADER, ranking_rows

        cols, rows = ranking_rows(ranking)
        with open(out_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(csv.writer(fh))
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
        title=f"{chosen.name if chosen else ''} · {choice.method}",
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
    setup()
    from ihya.errors import Invalid
    from ihya.priority.services import CR_LIMIT, priority_ahp_file

    try:
        result = priority_ahp_file(path=pairwise)
    except Invalid as error:
        err.print(f"[red]{error.text('en')}[/]")
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
