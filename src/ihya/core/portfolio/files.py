"""An instance as a folder of tables, and a result as a folder of tables (see
``docs/portfolio.md`` for every file and column).

In (CSV, any encoding, or XLSX; Arabic-Indic digits and thousands separators accepted):
``factories`` (factory_id, benefit, optional option, region, name, cost_y1 … cost_yN, resource
columns, and any other numeric column as a value such as jobs or exports), ``requirements``
(requirement_id, cost_y1 … cost_yN, optional region, resource columns), ``links`` (factory_id,
requirement_id, optional option), ``budgets`` (year, budget) and, optionally, ``resources``
(resource, capacity, optional year and region), ``decisions`` (factory_id, decision: include or
exclude) and ``regions`` (region, min_share, optional measure).

Out: ``selected_factories.csv``, ``funded_requirements.csv`` and ``summary.json``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np

from ihya.core.ingest.normalize import ParseError, clean_text, parse_decimal
from ihya.core.ingest.sources import open_tables
from ihya.core.portfolio.instance import (
    Instance,
    Issue,
    Limit,
    PortfolioInputError,
    RegionMinimum,
    budget_limits,
    check,
)
from ihya.core.portfolio.model import Result
from ihya.core.tables import SafeCsvWriter

COST = re.compile(r"^cost_y(\d+)$")
TEXT_COLUMNS = {"factory_id", "requirement_id", "option", "region", "name", "name_ar", "name_en"}
RESERVED = TEXT_COLUMNS | {"benefit", "year", "budget", "decision"}


def _find(folder: Path, name: str) -> Path | None:
    for suffix in (".csv", ".xlsx", ".tsv", ".txt"):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return path
    return None


def _table(folder: Path, name: str, issues: list[Issue], *, required: bool, columns=()):
    path = _find(folder, name)
    if path is None:
        if required:
            issues.append(Issue("missing_file", f"{name}.csv"))
        return None
    try:
        sheet = next(iter(open_tables(path)))
        rows = [(n, cells) for n, cells in sheet.rows]
    except (ParseError, StopIteration, UnicodeError, OSError) as exc:
        issues.append(Issue("unreadable", path.name, value=str(exc)[:200]))
        return None
    header = [(clean_text(h) or "").lower() for h in sheet.header]
    for column in header:
        m = COST.match(column)
        if m and (m.group(1).startswith("0")):
            issues.append(Issue("bad_cost_column", path.name, column=column))
    for column in columns:
        if column not in header:
            issues.append(Issue("missing_column", path.name, column=column))
    return path.name, header, rows


def _cell(cells: list, header: list[str], column: str):
    if column not in header:
        return None
    j = header.index(column)
    return cells[j] if j < len(cells) else None


def _number(file, n, column, raw, issues, *, default=None, negative_ok=False):
    try:
        value = parse_decimal(raw)
    except ParseError:
        issues.append(Issue("not_a_number", file, n, column, str(raw)))
        return np.nan
    if value is None:
        if default is None:
            issues.append(Issue("missing_value", file, n, column))
            return np.nan
        return default
    value = float(value)
    if value < 0 and not negative_ok:
        issues.append(Issue("negative", file, n, column, str(raw)))
    return value


def read_instance(folder: Path) -> Instance:
    """Read and check every file; all problems are raised together (nothing half-read)."""
    folder = Path(folder)
    issues: list[Issue] = []
    factories = _table(
        folder, "factories", issues, required=True, columns=("factory_id", "benefit")
    )
    requirements = _table(
        folder, "requirements", issues, required=True, columns=("requirement_id",)
    )
    links = _table(folder, "links", issues, required=True, columns=("factory_id", "requirement_id"))
    budgets = _table(folder, "budgets", issues, required=True, columns=("year", "budget"))
    resources = _table(
        folder, "resources", issues, required=False, columns=("resource", "capacity")
    )
    decisions = _table(
        folder, "decisions", issues, required=False, columns=("factory_id", "decision")
    )
    regions = _table(folder, "regions", issues, required=False, columns=("region", "min_share"))
    if issues:
        raise PortfolioInputError(issues)

    # plan years: cost_y<k> columns and the budget rows
    budget_rows = []
    fname, header, rows = budgets
    for n, cells in rows:
        year = _number(fname, n, "year", _cell(cells, header, "year"), issues)
        amount = _number(fname, n, "budget", _cell(cells, header, "budget"), issues, default=np.inf)
        budget_rows.append((n, year, amount))
    cost_years = {
        int(m.group(1))
        for table in (factories, requirements)
        for column in table[1]
        if (m := COST.match(column))
    }
    # years are plan years (1, 2, 3 …) or calendar years (2027 …), counted from the first
    calendar = [y for _, y, _ in budget_rows if np.isfinite(y) and y > 100]
    first = min(calendar) if calendar else None

    horizon = max(cost_years, default=0) or 100  # the plan's years (a typo like 20280 is refused)

    def plan_year(y: float) -> int | None:
        if not np.isfinite(y) or y != int(y):
            return None
        k = int(y - first + 1) if first is not None and y > 100 else int(y)
        if first is not None and y <= 100:
            return None  # plan and calendar years mixed
        return k if 1 <= k <= horizon else None

    year_budget: dict[int, float] = {}
    for n, year, amount in budget_rows:
        if year != year:  # NaN: already reported as not a number or missing
            continue
        k = plan_year(year)
        if k is None:
            issues.append(Issue("bad_year", fname, n, "year", f"{year:g}"))
        elif k in year_budget:
            issues.append(Issue("duplicate", fname, n, "year", f"{year:g}"))
        else:
            year_budget[k] = amount
    n_years = max([*cost_years, *year_budget, 1])
    years = list(range(1, n_years + 1))

    resource_rows = []
    if resources:
        rname, rheader, rrows = resources
        for n, cells in rrows:
            name = (clean_text(_cell(cells, rheader, "resource")) or "").lower()
            if not name:
                issues.append(Issue("missing_value", rname, n, "resource"))
            elif name in RESERVED or COST.match(name):
                issues.append(Issue("reserved_name", rname, n, "resource", name))
            capacity = _number(rname, n, "capacity", _cell(cells, rheader, "capacity"), issues)
            year_raw = _cell(cells, rheader, "year")
            year = None
            if clean_text(year_raw):
                y = _number(rname, n, "year", year_raw, issues)
                year = plan_year(y) if y == y else None
                if year is None or not 1 <= year <= n_years:
                    issues.append(Issue("bad_year", rname, n, "year", str(year_raw)))
            region = clean_text(_cell(cells, rheader, "region"))
            resource_rows.append((n, name, capacity, year, region))
        known = {
            clean_text(_cell(cells, table[1], "region"))
            for table in (factories, requirements)
            for _, cells in table[2]
        }
        for n, name, _, year, region in resource_rows:
            column = f"{name}_y{year}" if year else name
            if name and column not in factories[1] and column not in requirements[1]:
                issues.append(Issue("missing_column", rname, n, "resource", column))
            if region and region not in known:
                issues.append(Issue("unknown_region", rname, n, "region", region))
        resource_rows = [row[1:] for row in resource_rows]
    resource_columns = {f"{name}_y{year}" if year else name for name, _, year, _ in resource_rows}

    # factories and their options
    fname, fheader, frows = factories
    factory_ids: list[str] = []
    factory_index: dict[str, int] = {}
    factory_region: list[str] = []
    option_factory, option_names, option_key = [], [], {}
    value_columns = [
        c
        for c in fheader
        if c and c not in TEXT_COLUMNS and not COST.match(c) and c not in resource_columns
    ]
    values: dict[str, list[float]] = {c: [] for c in value_columns}
    option_cost, option_res = [], {c: [] for c in resource_columns}
    for n, cells in frows:
        fid = clean_text(_cell(cells, fheader, "factory_id"))
        if not fid:
            issues.append(Issue("missing_value", fname, n, "factory_id"))
            continue
        option = clean_text(_cell(cells, fheader, "option")) or ""
        if (fid, option) in option_key:
            issues.append(Issue("duplicate", fname, n, "factory_id", f"{fid} {option}".strip()))
            continue
        if fid not in factory_index:
            factory_index[fid] = len(factory_ids)
            factory_ids.append(fid)
            factory_region.append(clean_text(_cell(cells, fheader, "region")) or "")
        option_key[(fid, option)] = len(option_factory)
        option_factory.append(factory_index[fid])
        option_names.append(option)
        for c in value_columns:  # an empty value is an error, never a silent zero
            values[c].append(
                _number(fname, n, c, _cell(cells, fheader, c), issues, negative_ok=True)
            )
        option_cost.append(
            [
                _number(
                    fname, n, f"cost_y{k}", _cell(cells, fheader, f"cost_y{k}"), issues, default=0.0
                )
                for k in years
            ]
        )
        for c in resource_columns:
            option_res[c].append(
                _number(fname, n, c, _cell(cells, fheader, c), issues, default=0.0)
            )

    qname, qheader, qrows = requirements
    requirement_ids, requirement_index, requirement_region = [], {}, []
    requirement_cost, req_res = [], {c: [] for c in resource_columns}
    for n, cells in qrows:
        rid = clean_text(_cell(cells, qheader, "requirement_id"))
        if not rid:
            issues.append(Issue("missing_value", qname, n, "requirement_id"))
            continue
        if rid in requirement_index:
            issues.append(Issue("duplicate", qname, n, "requirement_id", rid))
            continue
        requirement_index[rid] = len(requirement_ids)
        requirement_ids.append(rid)
        requirement_region.append(clean_text(_cell(cells, qheader, "region")) or "")
        requirement_cost.append(
            [
                _number(
                    qname, n, f"cost_y{k}", _cell(cells, qheader, f"cost_y{k}"), issues, default=0.0
                )
                for k in years
            ]
        )
        for c in resource_columns:
            req_res[c].append(_number(qname, n, c, _cell(cells, qheader, c), issues, default=0.0))

    lname, lheader, lrows = links
    pairs = []
    for n, cells in lrows:
        fid = clean_text(_cell(cells, lheader, "factory_id"))
        rid = clean_text(_cell(cells, lheader, "requirement_id"))
        option = clean_text(_cell(cells, lheader, "option"))
        if fid not in factory_index:
            issues.append(Issue("unknown_factory", lname, n, "factory_id", fid or ""))
            continue
        if rid not in requirement_index:
            issues.append(Issue("unknown_requirement", lname, n, "requirement_id", rid or ""))
            continue
        if option:
            if (fid, option) not in option_key:
                issues.append(Issue("unknown_option", lname, n, "option", option))
                continue
            targets = [option_key[(fid, option)]]
        else:
            targets = [o for (f, _), o in option_key.items() if f == fid]
        pairs.extend((o, requirement_index[rid]) for o in targets)

    include, exclude = set(), set()
    if decisions:
        dname, dheader, drows = decisions
        for n, cells in drows:
            fid = clean_text(_cell(cells, dheader, "factory_id"))
            decision = (clean_text(_cell(cells, dheader, "decision")) or "").lower()
            if fid not in factory_index:
                issues.append(Issue("unknown_factory", dname, n, "factory_id", fid or ""))
            elif decision not in ("include", "exclude"):
                issues.append(Issue("bad_decision", dname, n, "decision", decision))
            else:
                (include if decision == "include" else exclude).add(factory_index[fid])

    minimums = []
    if regions:
        gname, gheader, grows = regions
        for n, cells in grows:
            region = clean_text(_cell(cells, gheader, "region")) or ""
            share = _number(gname, n, "min_share", _cell(cells, gheader, "min_share"), issues)
            if share > 1:  # a percentage
                share /= 100
            measure = (clean_text(_cell(cells, gheader, "measure")) or "factories").lower()
            if measure != "factories" and measure not in values:
                issues.append(Issue("unknown_measure", gname, n, "measure", measure))
            if region not in factory_region:
                issues.append(Issue("unknown_region", gname, n, "region", region))
            minimums.append(RegionMinimum(region, share, measure))

    if issues:
        raise PortfolioInputError(issues)

    option_cost_a = np.array(option_cost, float).reshape(len(option_factory), n_years)
    requirement_cost_a = np.array(requirement_cost, float).reshape(len(requirement_ids), n_years)
    budgets_a = np.array([year_budget.get(k, np.inf) for k in years])
    limits = budget_limits(years, budgets_a, option_cost_a, requirement_cost_a)
    option_region = np.array([factory_region[f] for f in option_factory], dtype=object)
    req_region = np.array(requirement_region, dtype=object)
    for name, capacity, year, region in resource_rows:
        column = f"{name}_y{year}" if year else name
        o_use = np.array(option_res[column], float)
        r_use = np.array(req_res[column], float)
        if region:
            o_use = np.where(option_region == region, o_use, 0.0)
            r_use = np.where(req_region == region, r_use, 0.0)
        limits.append(Limit("resource", name, capacity, o_use, r_use, year=year, region=region))

    instance = Instance(
        factory_ids=factory_ids,
        option_factory=np.array(option_factory, dtype=np.int64),
        option_names=option_names,
        values={c: np.array(v, float) for c, v in values.items()},
        requirement_ids=requirement_ids,
        links=np.unique(np.array(pairs, dtype=np.int64).reshape(-1, 2), axis=0),
        years=years,
        option_cost=option_cost_a,
        requirement_cost=requirement_cost_a,
        limits=limits,
        include=frozenset(include),
        exclude=frozenset(exclude),
        factory_region=factory_region,
        region_minimums=minimums,
        requirement_region=requirement_region,
    )
    issues = check(instance)
    if issues:
        raise PortfolioInputError(issues)
    return instance


def write_instance(instance: Instance, folder: Path) -> None:
    """The folder format of ``instance`` (budgets and resources as given; what ``read_instance``
    reads back to the same model)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    years = instance.years
    resources = [limit for limit in instance.limits if limit.kind == "resource"]
    res_cols = [f"{r.name}_y{r.year}" if r.year else r.name for r in resources]
    if len(set(res_cols)) != len(res_cols):  # one column per resource (regional rows share it)
        res_cols = list(dict.fromkeys(res_cols))
    extra = [c for c in instance.values if c != "benefit"]

    def column_use(column: str, kind: str) -> np.ndarray:
        size = instance.n_options if kind == "option" else instance.n_requirements
        out = np.zeros(size)
        for r in resources:
            if (f"{r.name}_y{r.year}" if r.year else r.name) == column:
                out = np.maximum(out, r.option_use if kind == "option" else r.requirement_use)
        return out

    region = instance.factory_region or [""] * len(instance.factory_ids)
    with open(folder / "factories.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(
            [
                "factory_id",
                "option",
                "region",
                "benefit",
                *extra,
                *[f"cost_y{k}" for k in years],
                *res_cols,
            ]
        )
        uses = [column_use(c, "option") for c in res_cols]
        for o in range(instance.n_options):
            f = instance.option_factory[o]
            w.writerow(
                [instance.factory_ids[f], instance.option_names[o], region[f]]
                + [_g(instance.values[c][o]) for c in ("benefit", *extra)]
                + [_g(x) for x in instance.option_cost[o]]
                + [_g(u[o]) for u in uses]
            )
    req_region = instance.requirement_region or [""] * instance.n_requirements
    with open(folder / "requirements.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(["requirement_id", "region", *[f"cost_y{k}" for k in years], *res_cols])
        uses = [column_use(c, "requirement") for c in res_cols]
        for r, rid in enumerate(instance.requirement_ids):
            w.writerow(
                [rid, req_region[r], *[_g(x) for x in instance.requirement_cost[r]]]
                + [_g(u[r]) for u in uses]
            )
    with open(folder / "links.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(["factory_id", "requirement_id", "option"])
        for o, r in instance.links:
            w.writerow(
                [
                    instance.factory_ids[instance.option_factory[o]],
                    instance.requirement_ids[r],
                    instance.option_names[o],
                ]
            )
    budgets = {limit.year: limit.capacity for limit in instance.limits if limit.kind == "budget"}
    with open(folder / "budgets.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(["year", "budget"])
        for k in years:
            w.writerow([k, _g(budgets[k]) if k in budgets else ""])
    if resources:
        with open(folder / "resources.csv", "w", newline="", encoding="utf-8") as fh:
            w = SafeCsvWriter(csv.writer(fh))
            w.writerow(["resource", "capacity", "year", "region"])
            for r in resources:
                w.writerow([r.name, _g(r.capacity), r.year or "", r.region or ""])
    if instance.include or instance.exclude:
        with open(folder / "decisions.csv", "w", newline="", encoding="utf-8") as fh:
            w = SafeCsvWriter(csv.writer(fh))
            w.writerow(["factory_id", "decision"])
            for f in sorted(instance.include):
                w.writerow([instance.factory_ids[f], "include"])
            for f in sorted(instance.exclude):
                w.writerow([instance.factory_ids[f], "exclude"])
    if instance.region_minimums:
        with open(folder / "regions.csv", "w", newline="", encoding="utf-8") as fh:
            w = SafeCsvWriter(csv.writer(fh))
            w.writerow(["region", "min_share", "measure"])
            for m in instance.region_minimums:
                w.writerow([m.region, _g(m.share), m.measure])


def _g(x: float) -> str:
    return "" if x is None or not np.isfinite(x) else repr(float(x)) if x != int(x) else str(int(x))


def write_result(
    instance: Instance, result: Result, folder: Path, *, explanation: list[str] = ()
) -> dict:
    """``selected_factories.csv`` (factory_id, option, benefit and the other values, own costs per
    year, requirements), ``funded_requirements.csv`` (requirement_id, costs per year, factories,
    unlocks) and ``summary.json``; returns the summary."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    years = instance.years
    names = list(instance.values)
    portfolio = result.portfolio
    chosen = portfolio.option_chosen if portfolio else np.zeros(instance.n_options, bool)
    funded = portfolio.requirement_funded if portfolio else np.zeros(instance.n_requirements, bool)
    needs = instance.option_requirements()
    waiting = instance.requirement_options()
    with open(folder / "selected_factories.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(
            ["factory_id", "option", *names, *[f"own_cost_y{k}" for k in years], "requirements"]
        )
        for o in np.flatnonzero(chosen):
            w.writerow(
                [instance.factory_ids[instance.option_factory[o]], instance.option_names[o]]
                + [_g(instance.values[c][o]) for c in names]
                + [_g(x) for x in instance.option_cost[o]]
                + [";".join(instance.requirement_ids[r] for r in needs[o])]
            )
    with open(folder / "funded_requirements.csv", "w", newline="", encoding="utf-8") as fh:
        w = SafeCsvWriter(csv.writer(fh))
        w.writerow(["requirement_id", *[f"cost_y{k}" for k in years], "factories", "unlocks"])
        for r in np.flatnonzero(funded):
            users = [o for o in waiting[r] if chosen[o]]
            w.writerow(
                [instance.requirement_ids[r]]
                + [_g(x) for x in instance.requirement_cost[r]]
                + [
                    len(users),
                    ";".join(instance.factory_ids[instance.option_factory[o]] for o in users),
                ]
            )
    summary = result.summary()
    if result.greedy_objective and result.objective:
        summary["optimum_over_greedy_pct"] = round(
            100 * (result.objective / result.greedy_objective - 1), 3
        )
    summary["selected_factories"] = int(chosen.sum())
    summary["funded_requirements"] = int(funded.sum())
    if portfolio:
        summary["spend"] = {f"y{k}": float(x) for k, x in zip(years, portfolio.spend, strict=True)}
        summary["totals"] = portfolio.totals
        summary["limits"] = [
            {
                "limit": limit.label,
                "capacity": limit.capacity,
                "used": float(used),
            }
            for limit, used in zip(instance.limits, portfolio.limit_use, strict=True)
        ]
    if result.conflicts:
        summary["conflicts"] = [
            [part.__dict__ for part in conflict.parts] for conflict in result.conflicts
        ]
    if explanation:
        summary["explanation"] = list(explanation)
    with open(folder / "summary.json", "w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2, default=_json)
    return summary


def _json(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(type(value))
