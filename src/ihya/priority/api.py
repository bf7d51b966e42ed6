"""Priority endpoints: scenarios, the factory ranking for any weights, and a rank's explanation.
Each checks the caller's permission, then calls a selector."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from ihya.api_support import permission
from ihya.core.ingest.normalize import clean_text
from ihya.priority import selectors

router = Router(tags=["priority"])


class PriorityScenarioOut(Schema):
    id: int
    name: str
    method: str
    weights: dict[str, float]


class RankOut(Schema):
    factory_id: str
    name: str
    rank: int
    score: float
    stability: float
    first_rank_acceptability: float
    contributions: dict[str, float]
    missing: list[str]


class RankingOut(Schema):
    method: str
    weights: dict[str, float]
    dropped: list[str]
    factories: list[RankOut]


@router.get("/priority/scenarios", response=list[PriorityScenarioOut])
@permission("priority.view_scenario")
def list_scenarios(request):
    return list(selectors.scenario_list())


@router.get("/priority/ranking", response=RankingOut)
@permission("priority.view_scenario", "registry.view_factory")
def ranking(request, scenario: int | None = None, method: str | None = None):
    """The candidate factories ranked; weights from a scenario (by default the first saved one)
    and/or ``w_<criterion>`` query parameters (0–1); the method given or the scenario's."""
    choice = selectors.ranking_choice(
        scenario=scenario, method=clean_text(method) or None, params=request.GET
    )
    if choice.bad:
        raise HttpError(422, f"w_{choice.bad[0]} must be a number between 0 and 1")
    weights, method = choice.weights, choice.method
    result = selectors.factory_ranking(weights=weights, method=method)
    codes = [result.matrix.criteria[j].code for j in result.used]
    return RankingOut(
        method=method,
        weights=weights,
        dropped=result.matrix.dropped,
        factories=[
            RankOut(
                factory_id=r.factory.external_id,
                name=r.factory.name,
                rank=r.rank,
                score=r.score,
                stability=r.stability,
                first_rank_acceptability=r.first,
                contributions=dict(zip(codes, (float(c) for c in r.contributions), strict=True)),
                missing=[code for code, flag in zip(codes, r.imputed, strict=True) if flag],
            )
            for r in result.rows
        ],
    )
