"""Portfolio endpoints: scenarios (list, read, create) and solving one on the registry. Each
checks the caller's permission, then calls a selector or a service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from ninja import Field, Router, Schema, Status

from ihya.api_support import permission
from ihya.portfolio import selectors, services

if TYPE_CHECKING:  # types only: this interface reads through selectors
    from ihya.portfolio.models import PortfolioScenario

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
    error: str = ""  # why the last solve failed
    version: int = 1  # bumped by every saved edit (the pages send it back: a stale edit is 409)


class ScenarioDetailOut(ScenarioOut):
    result: dict | None = None


class ScenarioIn(Schema):
    """Parsed only (types and sizes); every rule is ``portfolio_scenario_save``'s: its problems
    come back as ``issues`` (422), a name in use as 409."""

    name: str = Field(..., max_length=1000)
    budgets: list[float] = Field(..., max_length=1000)
    fx_budgets: list[float] = Field([], max_length=1000)
    weights: dict[str, float] = {}
    include: list[str] = Field([], max_length=10000)
    exclude: list[str] = Field([], max_length=10000)
    region_minimums: dict[str, float] = {}
    targets: dict[str, float] = {}  # when set: the cheapest portfolio reaching them
    time_limit: float = 30
    gap: float = 1e-4


def _out(scenario: PortfolioScenario, *, detail: bool = False) -> dict:
    result = scenario.outcome
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
        "status": result.status if result else None,
        "objective": result.summary.objective if result else None,
        "selected": result.selected_ids if result else [],
        "error": scenario.error,
        "version": scenario.version,
    }
    if detail:
        out["result"] = result.to_json() if result else None
    return out


@router.get("/portfolio/scenarios", response=list[ScenarioOut])
@permission("portfolio.view_portfolioscenario")
def list_scenarios(request):
    return [_out(s) for s in selectors.scenario_list().prefetch_related("include", "exclude")]


@router.get("/portfolio/scenarios/{scenario_id}", response=ScenarioDetailOut)
@permission("portfolio.view_portfolioscenario")
def get_scenario(request, scenario_id: int):
    scenario = selectors.scenario_get(scenario_id)
    if scenario is None:
        raise Http404(f"No portfolio scenario {scenario_id}.")
    return _out(scenario, detail=True)


@router.post("/portfolio/scenarios", response={201: ScenarioOut})
@permission("portfolio.add_portfolioscenario")
def create_scenario(request, payload: ScenarioIn):
    """Save a scenario (budgets per plan year in LYD; weights over jobs, exports, value_added,
    priority; factory ids to include or exclude; minimum shares per district, 0–1)."""
    scenario = services.portfolio_scenario_save(actor=request.user, **payload.dict())
    return Status(201, _out(scenario))


@router.post("/portfolio/scenarios/{scenario_id}/solve", response={202: ScenarioOut})
@permission("portfolio.solve_portfolioscenario")
def solve(request, scenario_id: int):
    """Solve the scenario on the registry as it is now, in the background; poll the scenario
    until its state is done (or failed)."""
    scenario = services.portfolio_scenario_solve(actor=request.user, scenario_id=scenario_id)
    return Status(202, _out(scenario))
