"""Any portfolio instance as a folder of tables: the use cases of ``ihya portfolio solve``,
``curve``, ``frontier``, ``cheapest`` and ``registry`` (files in, files out; the core solves)."""

from __future__ import annotations

from ihya.core.portfolio.instance import PortfolioInputError, objective_vector
from ihya.core.portfolio.model import Settings
from ihya.core.portfolio.questions import budget_curve, cheapest, frontier, optimise
from ihya.errors import Invalid, Problem
from ihya.portfolio import messages
from ihya.portfolio.selectors import DEFAULT_WEIGHTS


def _read(in_dir):
    """The instance folder, validated row by row (``Invalid``: every problem, with its file, row
    and column, in Arabic and English)."""
    from ihya.core.portfolio.files import read_instance

    try:
        return read_instance(in_dir)
    except PortfolioInputError as exc:
        raise Invalid(
            *(
                Problem(
                    i.column or None,
                    i.code,
                    messages.issue_text(i, "ar"),
                    messages.issue_text(i, "en"),
                    {"file": i.file, "row": i.row},
                )
                for i in exc.issues
            )
        ) from None


def _parse_pairs(text: str | None, what: str) -> dict[str, float]:
    """ "jobs=0.5,exports=0.5" -> {"jobs": 0.5, "exports": 0.5}."""
    from ihya.core.ingest.normalize import parse_decimal

    out = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        number = parse_decimal(value) if sep else None
        if not key.strip() or number is None:
            raise ValueError(f"{what}: write name=number, separated by commas ({item.strip()!r})")
        out[key.strip().lower()] = float(number)
    return out


def portfolio_solve_files(
    in_dir,
    out_dir,
    *,
    time_limit: float = 60,
    gap: float = 1e-4,
    weights: str | None = None,
    language: str = "en",
    progress=None,
) -> dict:
    """Read DIR, solve, write RESULT_DIR (selected_factories.csv, funded_requirements.csv,
    summary.json) and return the summary. Input problems raise PortfolioInputError."""
    from ihya.core.portfolio.files import write_result

    instance = _read(in_dir)
    settings = Settings(time_limit=time_limit, gap=gap)
    result = optimise(
        instance,
        weights=_parse_pairs(weights, "--weights") or None,
        settings=settings,
        progress=progress,
    )
    explanation = [messages.conflict_text(c, language) for c in result.conflicts]
    return write_result(instance, result, out_dir, explanation=explanation)


def portfolio_cheapest_files(
    in_dir, out_dir, *, targets: str, time_limit: float = 60, gap: float = 1e-4, language="en"
) -> dict:
    from ihya.core.portfolio.files import write_result
    from ihya.core.portfolio.model import Target

    instance = _read(in_dir)
    goal = [Target(k, v) for k, v in _parse_pairs(targets, "--target").items()]
    unknown = [t.measure for t in goal if t.measure not in instance.values]
    if unknown or not goal:
        raise ValueError(f"--target names columns of factories.csv: {', '.join(instance.values)}")
    result = cheapest(instance, goal, settings=Settings(time_limit=time_limit, gap=gap))
    explanation = [messages.conflict_text(c, language) for c in result.conflicts]
    summary = write_result(instance, result, out_dir, explanation=explanation)
    return summary


def portfolio_curve_files(
    in_dir, out_path, *, factors: list[float], weights=None, time_limit=60, gap=1e-4, progress=None
) -> list[dict]:
    """One row per budget factor: factor, budget_total, status, objective, greedy_objective,
    factories and every value's total."""
    import csv

    instance = _read(in_dir)
    points = budget_curve(
        instance,
        factors,
        weights=_parse_pairs(weights, "--weights") or None,
        settings=Settings(time_limit=time_limit, gap=gap),
        progress=progress,
    )
    names = list(instance.values)
    rows = []
    for p in points:
        r = p.result
        row = {
            "factor": p.factor,
            "budget_total": sum(p.budgets),
            "status": r.status,
            "objective": r.objective,
            "greedy_objective": r.greedy_objective,
            "factories": int(r.portfolio.option_chosen.sum()) if r.portfolio else None,
        }
        for name in names:
            row[name] = r.portfolio.totals[name] if r.portfolio else None
        rows.append(row)
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["factor"])
        writer.writeheader()
        writer.writerows(rows)
    return rows


def portfolio_frontier_files(
    in_dir, out_path, *, x: str, y: str, points: int, time_limit=60, gap=1e-4, progress=None
) -> list[dict]:
    """One row per ε: epsilon, x, y, status, factories (x maximised subject to y ≥ ε)."""
    import csv

    instance = _read(in_dir)
    for name in (x, y):
        if name not in instance.values:
            raise ValueError(
                f"--x and --y name columns of factories.csv: {', '.join(instance.values)}"
            )
    found = frontier(
        instance, x, y, points, settings=Settings(time_limit=time_limit, gap=gap), progress=progress
    )
    rows = [
        {
            "epsilon": p.epsilon,
            x: p.x,
            y: p.y,
            "status": p.result.status,
            "dominated": p.dominated,
            "factories": int(p.result.portfolio.option_chosen.sum())
            if p.result.portfolio
            else None,
        }
        for p in found
    ]
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["epsilon", x, y, "status", "factories", "dominated"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return rows


def portfolio_registry_files(
    out_dir, *, budgets: list[float], fx_budgets: list[float] = (), weights: str | None = None
) -> int:
    """The registry's candidates as an instance folder (benefit = the weighted objective, with
    jobs, exports, value_added and priority beside it); returns the number of factories."""
    from ihya.core.portfolio.files import write_instance
    from ihya.portfolio.selectors import registry_instance

    ri = registry_instance(budgets=budgets, fx_budgets=fx_budgets)
    instance = ri.instance
    instance.values["benefit"] = objective_vector(
        instance, _parse_pairs(weights, "--weights") or DEFAULT_WEIGHTS
    )
    write_instance(instance, out_dir)
    return len(ri.factories)


def portfolio_generate_files(
    out_dir,
    *,
    factories: int,
    requirements: int,
    years: int = 3,
    budget_share: float = 0.3,
    hub: bool = False,
    options: bool = False,
    seed: int = 0,
):
    """A seeded synthetic instance (not data about any country) written as a folder; returns
    it (the benchmarks' and the tests' instances)."""
    from ihya.core.portfolio.files import write_instance
    from ihya.core.portfolio.generate import generate

    instance = generate(
        factories,
        requirements,
        years=years,
        budget_share=budget_share,
        hub=hub,
        options=options,
        seed=seed,
    )
    write_instance(instance, out_dir)
    return instance
