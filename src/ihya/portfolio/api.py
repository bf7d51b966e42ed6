"""Portfolio endpoints: scenarios (list, read, create) and solving one on the registry. Each
checks the caller's permission, then calls a selector or a service."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ihya.api_support import require
from ihya.core.ingest.normalize import clean_text
from ihya.portfolio import selectors, services
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.tasks import solve_scenario

router = Router(tags=["portfolio"])


class ScenarioOut(Schema):
    id: int
    name: str
    state: str
    budgets: list[float]
    fx_budgets: list[float]
    weights: dict[str, float]
    region_minimums: dict[str, float]
    include: list[str]
    exclude: list[str]
    targets: dict[str, float] = {}
    status: str | None = None
    objective: float | None = None
    selected: list[str] = []


class ScenarioDetailOut(ScenarioOut):
    result: dict | None = None


class ScenarioIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    budgets: list[float] = Field(..., min_length=1, max_length=30)
    fx_budgets: list[float] = Field([], max_length=30)
    weights: dict[str, float] = {}
    include: list[str] = Field([], max_length=10000)
    exclude: list[str] = Field([], max_length=10000)
    region_minimums: dict[str, float] = {}
    targets: dict[str, float] = {}  # when set: the cheapest portfolio reaching them
    time_limit: float = Field(30, ge=1, le=3600)
    gap: float = Field(1e-4, ge=0, le=0.5)


def _out(scenario: PortfolioScenario, *, detail: bool = False) -> dict:
    result = scenario.result or {}
    out = {
        "id": scenario.pk,
        "name": scenario.name,
        "state": scenario.state,
        "budgets": scenario.budgets,
        "fx_budgets": scenario.fx_budgets or [],
        "weights": scenario.weights,
        "region_minimums": scenario.region_minimums,
        "targets": scenario.targets or {},
        "include": sorted(f.external_id for f in scenario.include.all()),
        "exclude": sorted(f.external_id for f in scenario.exclude.all()),
        "status": result.get("summary", {}).get("status"),
        "objective": result.get("summary", {}).get("objective"),
        "selected": [row["factory_id"] for row in result.get("selected", [])],
    }
    if detail:
        out["result"] = result or None
    return out


@router.get("/portfolio/scenarios", response=list[ScenarioOut])
def list_scenarios(request):
    require(request, "portfolio.view_portfolioscenario")
    return [_out(s) for s in selectors.scenario_list().prefetch_related("include", "exclude")]


@router.get("/portfolio/scenarios/{scenario_id}", response=ScenarioDetailOut)
def get_scenario(request, scenario_id: int):
    require(request, "portfolio.view_portfolioscenario")
    scenario = selectors.scenario_get(scenario_id)
    if scenario is None:
        raise Http404(f"No portfolio scenario {scenario_id}.")
    return _out(scenario, detail=True)


@router.post("/portfolio/scenarios", response={201: ScenarioOut})
def create_scenario(request, payload: ScenarioIn):
    """Save a scenario (budgets per plan year in LYD; weights over jobs, exports, value_added,
    priority; factory ids to include or exclude; minimum shares per district, 0–1)."""
    require(request, "portfolio.add_portfolioscenario")
    name = (clean_text(payload.name) or "")[:120].strip()
    if not name:
        raise HttpError(422, "name must not be empty")
    if selectors.scenario_list().filter(name=name).exists():
        raise HttpError(409, f"a scenario named {name!r} exists")
    if len(payload.fx_budgets) > len(payload.budgets):
        raise HttpError(422, "fx_budgets has more years than budgets")
    for amounts in (payload.budgets, payload.fx_budgets):
        if any(not 0 <= a < 1e18 for a in amounts):
            raise HttpError(422, "budgets must be amounts between 0 and 10^18")
    bad_targets = set(payload.targets) - set(selectors.VALUES)
    if bad_targets or any(not 0 <= t < 1e18 for t in payload.targets.values()):
        raise HttpError(
            422, f"targets are amounts of at least 0 over {', '.join(selectors.VALUES)}"
        )
    unknown = set(payload.weights) - set(selectors.VALUES)
    if unknown or any(not 0 <= w <= 1 for w in payload.weights.values()):
        raise HttpError(422, f"weights are numbers 0–1 over {', '.join(selectors.VALUES)}")
    regions = set(selectors.candidate_districts())
    shares = payload.region_minimums
    if (
        set(shares) - regions
        or any(not 0 <= s <= 1 for s in shares.values())
        or sum(shares.values()) > 1
    ):
        raise HttpError(
            422,
            "region_minimums are shares 0–1 (summing to at most 1) of districts with candidates",
        )
    candidates = {f.external_id: f for f in selectors.candidates()}
    missing = [fid for fid in (*payload.include, *payload.exclude) if fid not in candidates]
    if missing:
        raise HttpError(422, f"not candidate factories: {', '.join(missing[:10])}")
    if set(payload.include) & set(payload.exclude):
        raise HttpError(422, "a factory cannot be both included and excluded")
    try:
        scenario = _save(request, payload, name, candidates, shares)
    except IntegrityError:  # the same name saved meanwhile
        raise HttpError(409, f"a scenario named {name!r} exists") from None
    return Status(201, _out(scenario))


def _save(request, payload, name, candidates, shares):
    return services.scenario_save(
        actor=request.user,
        name=name,
        budgets=payload.budgets,
        fx_budgets=payload.fx_budgets,
        weights=payload.weights or None,
        include=[candidates[f] for f in payload.include],
        exclude=[candidates[f] for f in payload.exclude],
        region_minimums=shares,
        targets=payload.targets,
        time_limit=payload.time_limit,
        gap=payload.gap,
    )


@router.post("/portfolio/scenarios/{scenario_id}/solve", response={202: ScenarioOut})
def solve(request, scenario_id: int):
    """Solve the scenario on the registry as it is now, in the background; poll the scenario
    until its state is done (or failed)."""
    require(request, "portfolio.solve_portfolioscenario")
    scenario = selectors.scenario_get(scenario_id)
    if scenario is None:
        raise Http404(f"No portfolio scenario {scenario_id}.")
    if not services.solve_claim(scenario):
        raise HttpError(409, "this scenario is already being solved")
    solve_scenario.enqueue(scenario.pk, request.user.pk)
    scenario.refresh_from_db()
    return Status(202, _out(scenario))
