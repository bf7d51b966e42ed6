"""Portfolio use cases: saving a scenario (every rule checked here, for the page, the API and the
command line alike), solving it (one path: claim, then in the background or here), and the demo
scenarios. Audited. The solve itself is in ``solving``; instance folders in ``folders``."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.audit.services import Change, audit_record
from ihya.core.ingest.normalize import clean_text
from ihya.demo import names
from ihya.errors import Conflict, Invalid, NotFound, Problem, StaleEdit
from ihya.portfolio.folders import (  # noqa: F401  (the command line's use cases, here too)
    portfolio_cheapest_files,
    portfolio_curve_files,
    portfolio_frontier_files,
    portfolio_generate_files,
    portfolio_registry_files,
    portfolio_solve_files,
)
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.selectors import (
    DEFAULT_WEIGHTS,
    VALUES,
    candidate_districts,
    candidates,
    scenario_get,
)
from ihya.portfolio.solving import (  # noqa: F401  (the solve's use cases, here too)
    scenario_result,
    scenario_solve,
    solve_claimed,
    solve_progress,
)

Progress = Callable[[str, int, int], None]
MAX_YEARS = 30
MAX_AMOUNT = 1e18
# an edit made on an older version of the scenario (optimistic locking)
STALE = _(
    "Somebody saved this scenario after you opened it (it is now at version %(version)s). "
    "Reload it to see their changes, then make yours again."
)


def _state(scenario: PortfolioScenario) -> dict:
    return {
        "name": scenario.name,
        "budgets": scenario.budgets,
        "fx_budgets": scenario.fx_budgets,
        "weights": scenario.weights,
        "region_minimums": scenario.region_minimums,
        "targets": scenario.targets,
        "include": sorted(f.external_id for f in scenario.include.all()),
        "exclude": sorted(f.external_id for f in scenario.exclude.all()),
        "time_limit": scenario.time_limit,
        "gap": scenario.gap,
    }


def _amounts(field: str, amounts: Sequence[float], problems: list[Problem]) -> list[float]:
    out = [float(a) for a in amounts]
    if any(not (math.isfinite(a) and 0 <= a < MAX_AMOUNT) for a in out):
        problems.append(
            Problem.of(field, "amount_range", _("Amounts are numbers from 0 to 10^18."))
        )
    return out


def _shares(
    field: str, values: Mapping[str, float], allowed, problems: list[Problem], *, upper: float
) -> dict[str, float]:
    """Named numbers from 0 to ``upper``: keys must be ``allowed``; zeros are dropped."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        problems.append(
            Problem.of(
                field,
                "unknown_key",
                _("“%(keys)s”: not one of %(allowed)s."),
                keys=", ".join(unknown),
                allowed=", ".join(allowed),
            )
        )
    out = {}
    for key, value in values.items():
        value = float(value)
        if not (math.isfinite(value) and 0 <= value <= upper):
            problems.append(
                Problem.of(
                    field,
                    "out_of_range",
                    _("“%(key)s” must be a number from 0 to %(upper)s."),
                    key=key,
                    upper=f"{upper:g}",
                )
            )
        elif value and key in allowed:
            out[key] = value
    return out


def portfolio_scenario_save(
    *,
    actor: Actor,
    name: str,
    budgets: Sequence[float],
    fx_budgets: Sequence[float] = (),
    weights: Mapping[str, float] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    region_minimums: Mapping[str, float] | None = None,
    targets: Mapping[str, float] | None = None,
    time_limit: float = 30,
    gap: float = 1e-4,
    scenario_id: int | None = None,
    version: int | None = None,
) -> PortfolioScenario:
    """Create a scenario (or change scenario ``scenario_id``) after checking every rule:
    budgets per plan year (1–30 years, amounts in LYD), foreign-currency budgets for no more
    years, weights 0–1 over jobs, exports, value_added and priority with one above 0 (none
    given: the default weights), targets, regional minimum shares of districts with candidates
    (0–1, at most 1 in all), candidate factories (by id) to include or exclude — never both.
    ``Invalid`` names each broken rule; a name in use is a ``Conflict``. ``version``: the
    version of scenario ``scenario_id`` the caller read — ``StaleEdit`` (409, code ``stale``)
    when somebody saved it meanwhile, never overwriting their change (None: no check); every
    saved change bumps it. A saved change clears the previous result: it no longer answers the
    scenario. Audited."""
    actor = Actor.of(actor)
    scenario = None
    if scenario_id is not None:
        scenario = scenario_get(scenario_id)
        if scenario is None:
            raise NotFound(
                Problem.of(None, "not_found", _("No portfolio scenario %(id)s."), id=scenario_id)
            )
    actor.require(
        "portfolio.change_portfolioscenario" if scenario else "portfolio.add_portfolioscenario"
    )
    problems: list[Problem] = []
    name = (clean_text(name) or "").strip()[:120]
    if not name:
        problems.append(Problem.of("name", "required", _("A scenario needs a name.")))
    if not 1 <= len(budgets) <= MAX_YEARS:
        problems.append(
            Problem.of(
                "budgets", "years", _("Give one budget per plan year, 1 to %(n)s."), n=MAX_YEARS
            )
        )
    budgets = _amounts("budgets", budgets, problems)
    fx_budgets = _amounts("fx_budgets", fx_budgets, problems)
    if len(fx_budgets) > len(budgets):
        problems.append(
            Problem.of(
                "fx_budgets",
                "fx_years",
                _("There are more foreign-currency budgets than plan years."),
            )
        )
    if weights:
        clean_weights = _shares("weights", weights, VALUES, problems, upper=1)
        if not clean_weights and not any(p.field == "weights" for p in problems):
            problems.append(
                Problem.of("weights", "no_weight", _("Give at least one weight above 0."))
            )
    else:
        clean_weights = dict(DEFAULT_WEIGHTS)
    clean_targets = _shares("targets", targets or {}, VALUES, problems, upper=MAX_AMOUNT)
    shares = _shares(
        "region_minimums", region_minimums or {}, candidate_districts(), problems, upper=1
    )
    if sum(shares.values()) > 1 + 1e-9:
        problems.append(
            Problem.of(
                "region_minimums",
                "shares_over_one",
                _("The regional minimum shares add up to more than 100 %."),
            )
        )
    pool = {f.external_id: f for f in candidates()}
    for field, ids in (("include", include), ("exclude", exclude)):
        missing = [fid for fid in ids if fid not in pool]
        if missing:
            problems.append(
                Problem.of(
                    field,
                    "not_candidate",
                    _("Not candidate factories (stalled, closed or partly operating): %(ids)s."),
                    ids=", ".join(missing[:10]),
                )
            )
    if set(include) & set(exclude):
        problems.append(
            Problem.of("exclude", "both", _("A factory cannot be both included and excluded."))
        )
    if not (math.isfinite(time_limit) and 1 <= time_limit <= 3600):
        problems.append(
            Problem.of("time_limit", "out_of_range", _("The time limit is 1 to 3600 seconds."))
        )
    if not (math.isfinite(gap) and 0 <= gap <= 0.5):
        problems.append(Problem.of("gap", "out_of_range", _("The gap is a number from 0 to 0.5.")))
    if problems:
        raise Invalid(*problems)
    taken = PortfolioScenario.objects.filter(name=name).exclude(pk=getattr(scenario, "pk", None))
    if taken.exists():
        raise _name_taken(name)
    try:
        with transaction.atomic():
            return _save(
                actor,
                scenario,
                version=version,
                name=name,
                budgets=budgets,
                fx_budgets=fx_budgets,
                weights=clean_weights,
                region_minimums=shares,
                targets=clean_targets,
                time_limit=float(time_limit),
                gap=float(gap),
                include=[pool[f] for f in include],
                exclude=[pool[f] for f in exclude],
            )
    except IntegrityError:  # the same name saved meanwhile
        raise _name_taken(name) from None


def _name_taken(name: str) -> Conflict:
    return Conflict(
        Problem.of("name", "exists", _("Another scenario is named “%(name)s”."), name=name)
    )


def _save(actor: Actor, scenario, *, version, include, exclude, **values) -> PortfolioScenario:
    before = None
    if scenario is None:
        scenario = PortfolioScenario(created_by=actor.user)
    else:  # the row as it is now, locked until the save commits
        scenario = PortfolioScenario.objects.select_for_update().get(pk=scenario.pk)
        StaleEdit.check(scenario.version, version, STALE)
        before = _state(scenario)
        scenario.version += 1
    for key, value in values.items():
        setattr(scenario, key, value)
    scenario.state, scenario.result, scenario.solved_at = PortfolioScenario.State.NEW, None, None
    scenario.error = ""
    scenario.save()
    scenario.include.set(include)
    scenario.exclude.set(exclude)
    audit_record(
        actor=actor,
        changes=[
            Change(
                "update" if before else "create",
                "portfolio.scenario",
                str(scenario.pk),
                before,
                _state(scenario),
            )
        ],
    )
    return scenario


# --- solving: one path for the page, the API and the command line ---------------------------


def solve_claim(*, scenario: PortfolioScenario) -> bool:
    """Mark the scenario queued unless a solve is already queued or running (atomic: two
    clicks enqueue one solve). A claim older than every solve it could run (20 × the time limit,
    plus five minutes) is taken as abandoned — a stopped worker — and may be claimed again."""
    busy = (PortfolioScenario.State.QUEUED, PortfolioScenario.State.RUNNING)
    now = timezone.now()
    stale = now - timedelta(seconds=20 * scenario.time_limit + 300)
    return bool(
        PortfolioScenario.objects.filter(pk=scenario.pk)
        .filter(~Q(state__in=busy) | Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(state=PortfolioScenario.State.QUEUED, stage="", done=0, total=0, claimed_at=now)
    )


class SolveBusy(Conflict):
    """The scenario is already queued or being solved."""

    def __init__(self) -> None:
        super().__init__(Problem.of(None, "busy", _("This scenario is already being solved.")))


def portfolio_scenario_solve(
    *,
    actor: Actor,
    scenario_id: int,
    wait: bool = False,
    progress: Progress | None = None,
) -> PortfolioScenario:
    """Solve a saved scenario on the registry as it is now: claimed first (``SolveBusy`` when a
    solve is under way), then queued for the worker — the page's and the API's way — or, with
    ``wait``, solved here — the command line's. Either way the solve is ``solve_claimed``'s."""
    actor = Actor.of(actor)
    actor.require("portfolio.solve_portfolioscenario")
    scenario = scenario_get(scenario_id)
    if scenario is None:
        raise NotFound(
            Problem.of(None, "not_found", _("No portfolio scenario %(id)s."), id=scenario_id)
        )
    if not solve_claim(scenario=scenario):
        raise SolveBusy()
    if wait:
        return solve_claimed(scenario_id=scenario.pk, actor=actor, progress=progress, reraise=True)
    from ihya.portfolio.tasks import solve_scenario

    solve_scenario.enqueue(scenario.pk, actor.pk)
    scenario.refresh_from_db()
    return scenario


def portfolio_demo_load(*, actor=None, progress: Progress | None = None) -> list[PortfolioScenario]:
    """Two scenarios on the demo registry — balanced weights and jobs first — with yearly budgets
    of 30 % of what all candidates' open requirements cost each year; both solved."""
    from ihya.portfolio.selectors import registry_instance, scenario_named

    actor = Actor.of(actor)
    demand = registry_instance(budgets=[None, None, None]).instance.requirement_cost.sum(axis=0)
    budgets = [round(float(x) * 0.3, -3) for x in demand]
    made = []
    for name, weights in (
        (names.BALANCED, DEFAULT_WEIGHTS),
        (names.JOBS_FIRST, {"jobs": 0.7, "exports": 0.15, "value_added": 0.15}),
    ):
        existing = scenario_named(name)
        scenario = portfolio_scenario_save(
            actor=actor,
            name=name,
            budgets=budgets,
            weights=weights,
            scenario_id=existing.pk if existing else None,
        )
        made.append(
            portfolio_scenario_solve(
                actor=actor, scenario_id=scenario.pk, wait=True, progress=progress
            )
        )
    return made
