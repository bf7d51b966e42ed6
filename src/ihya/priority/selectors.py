"""The factories' decision matrix, computed from the registry, the diagnosis, the latest trade
analysis and the latest input–output table; and their ranking with its explanation and
stability."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ihya.core.linkages.analysis import revival_impact
from ihya.core.priority.matrix_rules import impute_worst
from ihya.core.priority.methods import PriorityInputError, rank
from ihya.core.priority.sensitivity import change_to_pass
from ihya.core.priority.smaa import acceptability
from ihya.diagnosis.rules import cost_to_fund, open_requirements
from ihya.generations import PerGeneration, content_digest, fingerprint, once_per_request
from ihya.priority.criteria import Criterion, criteria
from ihya.priority.models import Scenario

CANDIDATE_STATUSES = ("stalled", "closed", "partly_operating")
BUCKETS = ((1, 1), (2, 5), (6, 10), (11, 20), (21, 10**9))  # rank ranges of the robustness chart


@dataclass
class FactoryMatrix:
    factories: list  # Factory objects, in row order
    criteria: list[Criterion]
    raw: np.ndarray  # with NaN where a value is missing
    values: np.ndarray  # missing values replaced by the worst observed (matrix_rules)
    imputed: np.ndarray  # mask of replaced cells
    dropped: list[str] = field(default_factory=list)  # criteria with no value at all
    sources: dict = field(default_factory=dict)  # trade run and IO table used


# What the matrix reads of each factory (its criteria, the candidates' filter, the restored
# output, and what the ranking shows): an edit of any other column (the notes, the contact)
# leaves the matrix and the rankings kept.
MATRIX_FACTORY_COLUMNS = (
    "id",
    "external_id",
    "name_ar",
    "name_en",
    "status",
    "employees_before",
    "employees_now",
    "utilisation_pct",
    "municipality_id",
    "activity_id",
)
# What else the matrix is computed from; an audited change of any of these moves the generation.
MATRIX_ENTITIES = (
    "diagnosis.requirement",
    "trade.traderun",
    "linkages.iotable",
    "linkages.sectorconcordance",
)


@once_per_request
def matrix_generation() -> tuple:
    """A fingerprint of everything the matrix reads: a digest of the factories' columns it reads
    (``MATRIX_FACTORY_COLUMNS``) and of their products and inputs, whole; the requirements
    (count, latest ``updated_at``), the latest trade analysis and input–output table, and the
    latest audit entry about any of them (every write of Ihya is audited in its own
    transaction). Asked once per page view (``once_per_request``)."""
    from ihya.diagnosis.models import Requirement
    from ihya.linkages.models import IoTable
    from ihya.registry.models import Factory, FactoryInput, FactoryProduct
    from ihya.trade.models import TradeRun

    return (
        *fingerprint(
            [
                (Requirement, "updated_at"),
                (TradeRun, "id"),
                (TradeRun, "finished_at"),
                (IoTable, "id"),
            ],
            MATRIX_ENTITIES,
        ),
        content_digest(Factory, MATRIX_FACTORY_COLUMNS),
        content_digest(FactoryProduct),
        content_digest(FactoryInput),
    )


def factory_matrix() -> FactoryMatrix:
    """The matrix, computed once per data generation in each process (``matrix_generation``),
    by one thread while the others wait for it: the ranking page re-ranks with other weights
    many times over the same data."""
    return _MATRIX.get()


def _factory_matrix() -> FactoryMatrix:
    from ihya.linkages.models import SectorConcordance
    from ihya.linkages.selectors import (
        coefficients,
        io_table_latest,
        local_input_share,
        restored_output,
        unit_scale,
    )
    from ihya.registry.models import Factory
    from ihya.trade.models import TradeProduct
    from ihya.trade.selectors import trade_run_latest

    factories = list(
        Factory.objects.filter(status__in=CANDIDATE_STATUSES)
        .select_related("municipality", "activity")
        .prefetch_related("products__product", "inputs", "requirements")
        .order_by("external_id")
    )
    operating = {}
    for municipality_id in Factory.objects.filter(status="operating").values_list(
        "municipality_id", flat=True
    ):
        operating[municipality_id] = operating.get(municipality_id, 0) + 1

    run = trade_run_latest()
    trade = {}
    if run is not None:
        trade = {p.code: p for p in TradeProduct.objects.filter(run=run)}
    table = io_table_latest()
    concordance, coef = [], None
    if table is not None:
        concordance = sorted(
            SectorConcordance.objects.filter(table=table).select_related("sector"),
            key=lambda c: -len(c.isic_prefix),
        )
        coef = coefficients(table)

    def sector_of(code: str):
        return next((c.sector for c in concordance if code.startswith(c.isic_prefix)), None)

    cols = criteria()
    raw = np.full((len(factories), len(cols)), np.nan)
    index = {c.code: j for j, c in enumerate(cols)}
    for i, f in enumerate(factories):
        products = [
            trade.get(fp.product.code) or trade.get(fp.product.code[:4]) for fp in f.products.all()
        ]
        products = [p for p in products if p is not None]
        if products:
            raw[i, index["export_potential"]] = sum(p.untapped for p in products)
            pcis = [p.pci for p in products if p.pci is not None]
            dens = [p.density for p in products if p.density is not None]
            if pcis:
                raw[i, index["complexity"]] = max(pcis)
            if dens:
                raw[i, index["feasibility"]] = float(np.mean(dens))
        if f.employees_before is not None:
            raw[i, index["jobs_restored"]] = max(0, f.employees_before - (f.employees_now or 0))
        share = local_input_share(f)
        if share is not None:
            raw[i, index["local_inputs"]] = 100 * share
        if table is not None:
            sector = sector_of(f.activity.code)
            if sector is not None:
                raw[i, index["linkage_strength"]] = sector.backward_linkage
                output = restored_output(f) * unit_scale(table.unit)
                if output > 0:
                    A, L, v, m, e = coef
                    impact = revival_impact(
                        L,
                        sector=sector.position,
                        output=output,
                        v=v,
                        e=e,
                        A=A,
                        m=m,
                        local_share=share,
                    )
                    raw[i, index["value_added"]] = float(impact.value_added.sum())
        requirements = list(f.requirements.all())
        if requirements:
            open_ = open_requirements(requirements)
            raw[i, index["restart_cost"]] = float(sum(cost_to_fund(r) for r in open_))
            raw[i, index["time_to_restart"]] = float(
                max((r.lead_time_months for r in open_), default=0)
            )
        raw[i, index["regional_balance"]] = 1.0 / (1.0 + operating.get(f.municipality_id, 0))
    cost = np.array([c.cost for c in cols])
    values, imputed, empty = impute_worst(raw, cost)
    return FactoryMatrix(
        factories=factories,
        criteria=list(cols),
        raw=raw,
        values=values,
        imputed=imputed,
        dropped=[cols[j].code for j in empty],
        sources={"trade_run": run, "io_table": table},
    )


@dataclass
class RankedFactory:
    factory: object
    rank: int
    score: float
    contributions: np.ndarray
    stability: float  # share of weight samples within ±window ranks
    first: float  # first-rank acceptability
    imputed: np.ndarray
    buckets: list[float] = field(default_factory=list)  # share of samples in BUCKETS of ranks


@dataclass
class FactoryRanking:
    matrix: FactoryMatrix
    weights: dict[str, float]
    method: str
    rows: list[RankedFactory]
    used: list[int]  # indices of the criteria used (weight > 0, not empty)
    window: int
    samples: int


METHODS = ("wsm", "topsis", "promethee")


def scenario_list():
    return Scenario.objects.order_by("id")


@dataclass
class RankingChoice:
    """What a ranking is computed with: the scenario, its weights (overridden by any
    ``w_<criterion>`` given), the method."""

    scenario: Scenario | None
    weights: dict[str, float]
    method: str
    bad: list[str]  # criteria whose w_<criterion> was not a number (ignored)


def ranking_choice(
    *, scenario: int | str | None = None, method: str | None = None, params=None
) -> RankingChoice:
    """The one way the pages, the API and the command line choose: the scenario given (its id,
    or its name) or else the first saved one; its weights, overridden by ``w_<criterion>`` in
    ``params``; the method given or else the scenario's (WSM when there is no scenario).
    ``NotFound`` for an unknown scenario, ``Invalid`` for an unknown method."""
    from django.utils.translation import gettext_lazy as _

    from ihya.errors import Invalid, NotFound, Problem

    if scenario in (None, ""):
        chosen = scenario_list().first()
    else:
        found = scenario_list()
        found = (
            found.filter(pk=int(scenario))
            if str(scenario).isdigit()
            else found.filter(name=str(scenario).strip())
        )
        chosen = found.first()
        if chosen is None:
            raise NotFound(
                Problem.of(
                    "scenario",
                    "not_found",
                    _("No scenario “%(name)s”; saved ones: %(names)s."),
                    name=scenario,
                    names=", ".join(scenario_list().values_list("name", flat=True)),
                )
            )
    if method in (None, ""):
        method = chosen.method if chosen is not None and chosen.method in METHODS else "wsm"
    elif method not in METHODS:
        raise Invalid(
            Problem.of(
                "method",
                "unknown_method",
                _("The method must be one of %(methods)s."),
                methods=", ".join(METHODS),
            )
        )
    weights, bad = weights_from(params or {}, chosen)
    return RankingChoice(chosen, weights, method, bad)


def weights_of(scenario: Scenario | None) -> dict[str, float]:
    base = {c.code: c.default_weight for c in criteria()}
    if scenario is not None:
        base.update({k: float(v) for k, v in scenario.weights.items() if k in base})
    return base


def weights_from(params, scenario: Scenario | None) -> tuple[dict[str, float], list[str]]:
    """The scenario's weights (defaults without one), overridden by ``w_<criterion>`` parameters
    (0–1, clamped); also the criteria whose parameter was not a number."""
    from ihya.core.ingest.normalize import clean_text

    weights = weights_of(scenario)
    bad = []
    for c in criteria():
        raw = params.get(f"w_{c.code}")
        if raw is None:
            continue
        try:
            weights[c.code] = max(0.0, min(1.0, float(clean_text(raw) or "")))
        except ValueError:
            bad.append(c.code)
    return weights, bad


def factory_ranking(
    *, weights: dict[str, float], method: str = "wsm", samples: int = 2000, seed: int = 0
) -> FactoryRanking:
    """Rank the candidate factories; reproducible (same data and weights → same ranks). The
    stability is the share of weight samples — drawn around the chosen weights — in which a
    factory stays within ±window ranks of its own (window = 5 % of the factories, at least 1).
    The last rankings asked for are kept for the matrix's generation (the page asked with its
    scenario's weights, its explanations, the list in another language): treat them as read-only."""
    key = (method, tuple((k, float(v)) for k, v in weights.items()), samples, seed)
    return _RANKINGS.get(*key)


def _factory_ranking(method: str, weights_items: tuple, samples: int, seed: int) -> FactoryRanking:
    weights = dict(weights_items)
    fm = factory_matrix()
    used = [
        j
        for j, c in enumerate(fm.criteria)
        if weights.get(c.code, 0) > 0 and c.code not in fm.dropped
    ]
    n = len(fm.factories)
    if n < 2 or not used:
        return FactoryRanking(fm, weights, method, [], used, 1, 0)
    x = fm.values[:, used]
    w = np.array([weights[fm.criteria[j].code] for j in used])
    cost = np.array([fm.criteria[j].cost for j in used])
    try:
        result = rank(method, x, w, cost)
    except PriorityInputError as exc:  # a method the core does not know, a bad weight
        from ihya.errors import Invalid, Problem

        raise Invalid(Problem(None, "invalid_input", str(exc), str(exc))) from None
    window = max(1, n // 20)
    # one thread: a page is one request among many on a busy server (a second thread costs more
    # CPU than it saves time there)
    acc = acceptability(x, cost, samples=samples, around=w, seed=seed, threads=1)
    stability = acc.stability(result.ranks, window=window)
    rows = [
        RankedFactory(
            factory=fm.factories[i],
            rank=int(result.ranks[i]),
            score=float(result.scores[i]),
            contributions=result.contributions[i],
            stability=float(stability[i]),
            first=float(acc.first[i]),
            imputed=fm.imputed[i, used],
            buckets=[float(acc.acceptability[i, lo - 1 : min(hi, n)].sum()) for lo, hi in BUCKETS],
        )
        for i in range(n)
    ]
    rows.sort(key=lambda r: (r.rank, r.factory.external_id))
    return FactoryRanking(fm, weights, method, rows, used, window, acc.samples)


@dataclass
class Explanation:
    row: RankedFactory
    above: RankedFactory | None
    criteria: list[Criterion]
    values: list[float | None]
    imputed: list[bool]
    contributions: list[float]
    # (criterion, the change of the factory's own value that alone closes the gap to the factory
    # ranked just above, re-ranked by the same method; None when that criterion alone cannot)
    to_move_up: list[tuple[Criterion, float | None]]


def explain(ranking: FactoryRanking, external_id: str, *, moves: bool = True) -> Explanation | None:
    """Each criterion's part in the factory's score and how much one criterion alone would have
    to change for the factory to reach the one ranked just above (any method)."""
    rows = {r.factory.external_id: r for r in ranking.rows}
    row = rows.get(external_id)
    if row is None:
        return None
    position = ranking.rows.index(row)
    above = ranking.rows[position - 1] if position > 0 else None
    fm = ranking.matrix
    i = fm.factories.index(row.factory)
    cols = [fm.criteria[j] for j in ranking.used]
    changes = []
    if above is not None and moves:
        x = fm.values[:, ranking.used]
        w = np.array([ranking.weights[c.code] for c in cols])
        cost = np.array([c.cost for c in cols])
        k = fm.factories.index(above.factory)
        for jj, c in enumerate(cols):
            changes.append((c, change_to_pass(ranking.method, x, w, cost, i, k, jj)))
    return Explanation(
        row=row,
        above=above,
        criteria=cols,
        values=[None if np.isnan(fm.raw[i, j]) else float(fm.raw[i, j]) for j in ranking.used],
        imputed=[bool(fm.imputed[i, j]) for j in ranking.used],
        contributions=[float(c) for c in row.contributions],
        to_move_up=changes,
    )


def scenario_comparison(*, method: str = "wsm") -> tuple[list[Scenario], list[dict]]:
    """Every saved scenario's rank of every candidate factory; rows sorted by the first
    scenario's rank, each with its rank under every scenario and the largest move."""
    scenarios = list(scenario_list())
    ranks: dict[str, dict[int, int]] = {}
    names: dict[str, object] = {}
    for s in scenarios:
        ranking = factory_ranking(weights=weights_of(s), method=method, samples=200)
        for r in ranking.rows:
            ranks.setdefault(r.factory.external_id, {})[s.pk] = r.rank
            names[r.factory.external_id] = r.factory
    rows = []
    for external_id, by in ranks.items():
        values = [by.get(s.pk) for s in scenarios]
        known = [v for v in values if v is not None]
        moves = [None if v is None or values[0] is None else values[0] - v for v in values]
        rows.append(
            {
                "factory": names[external_id],
                "ranks": values,
                "moves": moves,
                "cells": list(zip(values, moves, strict=True)),  # (rank, move) per scenario
                "spread": (max(known) - min(known)) if known else 0,
            }
        )
    rows.sort(key=lambda r: r["ranks"][0] if r["ranks"] and r["ranks"][0] is not None else 10**9)
    return scenarios, rows


def ranking_rows(ranking: FactoryRanking) -> tuple[list[Criterion], list[list]]:
    """The ranking as rows for a file: factory_id, name, rank, score, stability, then each used
    criterion's value as recorded (None where missing) — what the CLI and the Excel export write."""
    fm = ranking.matrix
    cols = [fm.criteria[j] for j in ranking.used]
    index = {f.pk: i for i, f in enumerate(fm.factories)}
    rows = []
    for r in ranking.rows:
        i = index[r.factory.pk]
        raw = [None if np.isnan(fm.raw[i, j]) else float(fm.raw[i, j]) for j in ranking.used]
        rows.append(
            [r.factory.external_id, r.factory.name, r.rank, r.score, round(r.stability, 3), *raw]
        )
    return cols, rows


RANKING_HEADER = ["factory_id", "name", "rank", "score", "stability"]


_MATRIX = PerGeneration(_factory_matrix, matrix_generation)
_RANKINGS = PerGeneration(_factory_ranking, matrix_generation, size=32)
