"""`ihya priority …`: rank any decision matrix, AHP weights, and the factory ranking. Mounted by
``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import Bar, Language, err, out, setup

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

    setup(lang.value)
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
    with Bar() as bar:
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
