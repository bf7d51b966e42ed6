"""The registry as a portfolio instance, and what the pages show of a solved scenario.

- Candidates: the factories the priority ranking considers (stalled, closed, partly operating).
- Requirements: each factory's open requirements (``diagnosis.rules``: not done or cancelled);
  one already funded or in progress costs nothing more. A cost is spread over the plan years by its
  lead time (``spread_cost``); its foreign-currency part (``fx_share_pct``) the same way.
- Values per factory, from the priority criteria (a missing value is the worst observed, as in
  the ranking): ``jobs`` (jobs restored), ``exports`` (untapped export potential),
  ``value_added`` (value added with its multiplier), and ``priority`` (the weighted-sum score of
  the default criteria weights, without the two cost criteria, which the portfolio pays instead).
- Region: the municipality's district.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ihya.core.portfolio.instance import (
    Instance,
    Limit,
    RegionMinimum,
    budget_limits,
    spread_cost,
)
from ihya.diagnosis.rules import cost_to_fund, open_requirements
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.results import VALUES, PortfolioResult, Source  # noqa: F401  (VALUES: the value names)

CRITERION = {"jobs": "jobs_restored", "exports": "export_potential", "value_added": "value_added"}
DEFAULT_WEIGHTS = {"jobs": 0.4, "exports": 0.3, "value_added": 0.3}


@dataclass
class RegistryInstance:
    instance: Instance
    factories: list  # Factory objects, in the instance's order
    requirements: list  # Requirement objects, in the instance's order
    sources: list[Source] = field(default_factory=list)  # what the values were computed from


def sources_of(matrix_sources: dict) -> list[Source]:
    """The provenance of the values: the registry as it was, the trade analysis and the
    input–output table the priority criteria read (each with its fingerprints)."""
    from ihya.registry.selectors import registry_generation

    count, latest = registry_generation()
    out = [Source("registry", None, "registry", latest, {"factories": count})]
    run = matrix_sources.get("trade_run")
    if run is not None:
        out.append(
            Source(
                "trade_run",
                run.pk,
                run.label or run.home,
                run.finished_at.isoformat() if run.finished_at else None,
                {
                    "year": run.year,
                    "inputs": [
                        {"path": i.get("path"), "sha256": i.get("sha256")} for i in run.inputs
                    ],
                    "parameters": run.parameters,
                },
                run.synthetic,
            )
        )
    table = matrix_sources.get("io_table")
    if table is not None:
        out.append(
            Source(
                "io_table",
                table.pk,
                table.name,
                table.created_at.isoformat(),
                {"sha256": table.sha256, "source": table.source},
                table.synthetic,
            )
        )
    return out


def scenario_list():
    return PortfolioScenario.objects.select_related("created_by").order_by("id")


def scenarios_with_portfolio():
    """The scenarios whose last solve found a portfolio (what a plan is built from), without
    reading their stored results: the key ``selected`` is only stored with a portfolio
    (``PortfolioResult.to_json``)."""
    return scenario_list().filter(result__has_key="selected").defer("result")


def scenario_named(name: str) -> PortfolioScenario | None:
    return scenario_list().filter(name=name).first()


def scenario_get(pk: int) -> PortfolioScenario | None:
    return scenario_list().filter(pk=pk).first()


def _district(factory) -> str:
    return factory.municipality.district_en


def registry_instance(
    *,
    budgets: list[float],
    fx_budgets: list[float] = (),
    include: set[str] = frozenset(),
    exclude: set[str] = frozenset(),
    region_minimums: dict[str, float] | None = None,
) -> RegistryInstance:
    """The candidates, their open requirements and the scenario's limits as an instance (values
    jobs, exports, value_added, priority; the objective's weights are applied when solving)."""
    from ihya.core.priority.methods import rank
    from ihya.priority.selectors import factory_matrix

    fm = factory_matrix()
    factories = fm.factories
    years = list(range(1, max(len(budgets), 1) + 1))
    n_years = len(years)
    index = {c.code: j for j, c in enumerate(fm.criteria)}
    values = {
        name: np.nan_to_num(fm.values[:, index[code]]).astype(float) if factories else np.zeros(0)
        for name, code in CRITERION.items()
    }
    benefit_criteria = [
        j for j, c in enumerate(fm.criteria) if not c.cost and c.code not in fm.dropped
    ]
    if len(factories) >= 2 and benefit_criteria:
        w = np.array([fm.criteria[j].default_weight for j in benefit_criteria])
        values["priority"] = rank("wsm", fm.values[:, benefit_criteria], w).scores
    else:
        values["priority"] = np.ones(len(factories))

    requirements, req_index, links = [], {}, []
    for i, factory in enumerate(factories):
        for requirement in open_requirements(factory.requirements.all()):
            if requirement.pk not in req_index:
                req_index[requirement.pk] = len(requirements)
                requirements.append(requirement)
            links.append((i, req_index[requirement.pk]))
    cost = np.zeros((len(requirements), n_years))
    fx = np.zeros((len(requirements), n_years))
    for r, requirement in enumerate(requirements):
        total = float(cost_to_fund(requirement))
        if not total:
            continue
        cost[r] = spread_cost(total, requirement.lead_time_months, n_years)
        fx[r] = cost[r] * float(requirement.fx_share_pct) / 100
    option_cost = np.zeros((len(factories), n_years))
    budget_array = np.array(
        [float(b) if b not in (None, "") else np.inf for b in budgets] or [np.inf], float
    )
    limits = budget_limits(years, budget_array, option_cost, cost)
    for t, amount in enumerate(fx_budgets or ()):
        if amount not in (None, "") and t < n_years:
            limits.append(
                Limit(
                    "resource", "fx", float(amount), np.zeros(len(factories)), fx[:, t], year=t + 1
                )
            )
    ids = [f.external_id for f in factories]
    position = {fid: i for i, fid in enumerate(ids)}
    instance = Instance(
        factory_ids=ids,
        option_factory=np.arange(len(factories)),
        option_names=[""] * len(factories),
        values={"benefit": values["priority"], **values},
        requirement_ids=[r.external_id for r in requirements],
        links=np.array(links, dtype=np.int64).reshape(-1, 2),
        years=years,
        option_cost=option_cost,
        requirement_cost=cost,
        limits=limits,
        include=frozenset(position[f] for f in include if f in position),
        exclude=frozenset(position[f] for f in exclude if f in position),
        factory_region=[_district(f) for f in factories],
        region_minimums=[
            RegionMinimum(region, float(share))
            for region, share in (region_minimums or {}).items()
            if share
        ],
    )
    return RegistryInstance(instance, factories, requirements, sources_of(fm.sources))


def scenario_instance(scenario: PortfolioScenario) -> RegistryInstance:
    return registry_instance(
        budgets=list(scenario.budgets),
        fx_budgets=list(scenario.fx_budgets or ()),
        include={f.external_id for f in scenario.include.all()},
        exclude={f.external_id for f in scenario.exclude.all()},
        region_minimums=scenario.region_minimums,
    )


def candidate_districts() -> list[str]:
    """The districts with at least one candidate factory (a regional minimum elsewhere could
    only be met by reviving nothing)."""
    return sorted(set(candidates().values_list("municipality__district_en", flat=True)))


def district_labels() -> dict[str, str]:
    """District key (its English name, the key of regional minimums) → its name in the page's
    language."""
    from django.utils.translation import get_language

    if not (get_language() or "ar").startswith("ar"):
        return {}
    pairs = candidates().values_list("municipality__district_en", "municipality__district_ar")
    return {en: ar for en, ar in pairs if ar}


def candidates():
    from ihya.priority.selectors import CANDIDATE_STATUSES
    from ihya.registry.models import Factory

    return Factory.objects.filter(status__in=CANDIDATE_STATUSES).order_by("external_id")


def comparison(a: PortfolioResult, b: PortfolioResult) -> list[dict]:
    """Factories chosen in one portfolio and not the other, with why they were left out."""
    in_a, in_b = set(a.selected_ids), set(b.selected_ids)
    rows = {
        row.factory_id: row for r in (a, b) for row in (*(r.selected or ()), *(r.left_out or ()))
    }
    return [
        {
            "factory": rows[fid],
            "in_a": fid in in_a,
            "in_b": fid in in_b,
            "why": ((b if fid in in_a else a).why_out or {}).get(fid),
        }
        for fid in sorted(in_a ^ in_b)
        if fid in rows
    ]
