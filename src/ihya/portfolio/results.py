"""The stored result of a solved portfolio scenario, typed: what was chosen, what it costs, why
the others are out, the budget curve and the frontier — and the provenance of its inputs (the
trade analysis and the input–output table whose values the factories were weighed by, the
registry as it was, the code's versions), as ``TradeRun`` records its own.

``to_json`` gives what the scenario stores (plain JSON); ``from_json`` reads it back, results
stored before the provenance was recorded included. Plain data, no database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

VALUES = ("jobs", "exports", "value_added", "priority")
LANGUAGES = ("ar", "en")


def _known(cls, data: dict) -> dict:
    """The keys of ``data`` that are fields of ``cls`` (a stored result may carry older keys)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Summary:
    status: str  # optimal | gap_reached | time_limit | interrupted | infeasible | error
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    greedy_objective: float | None = None
    solver: str = ""
    greedy_totals: dict[str, float] | None = None  # jobs, exports… of the greedy baseline


@dataclass(frozen=True)
class FactoryRow:
    """A candidate factory with its values (and, when chosen, its requirements and their cost)."""

    factory_id: str
    name_ar: str
    name_en: str
    district_ar: str
    district_en: str
    jobs: float
    exports: float
    value_added: float
    priority: float
    requirements: list[str] | None = None
    cost: float | None = None

    def name(self, language: str) -> str:
        return self.name_ar if language == "ar" else self.name_en

    def district(self, language: str) -> str:
        return self.district_ar if language == "ar" else self.district_en


@dataclass(frozen=True)
class FundedRequirement:
    requirement_id: str
    description_ar: str
    description_en: str
    cost: float
    unlocks: list[str]  # the chosen factories it serves

    def description(self, language: str) -> str:
        text = self.description_ar if language == "ar" else self.description_en
        return text or self.description_en or self.description_ar

    @property
    def shared(self) -> bool:
        return len(self.unlocks) > 1


@dataclass(frozen=True)
class LimitUse:
    label: str
    kind: str
    year: int | None
    capacity: float
    used: float


@dataclass(frozen=True)
class CurvePoint:
    factor: float
    budget: float
    status: str
    objective: float | None
    greedy: float | None
    totals: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FrontierPoint:
    epsilon: float
    jobs: float | None
    exports: float | None
    status: str
    dominated: bool


@dataclass(frozen=True)
class Source:
    """One input of the solve: its kind (``trade_run``, ``io_table``, ``registry``), its id and
    label, when it was made, and the fingerprints of what it was made from."""

    kind: str
    id: int | None = None
    label: str = ""
    at: str | None = None
    fingerprint: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False


@dataclass
class PortfolioResult:
    summary: Summary
    weights: dict[str, float]
    targets: dict[str, float]
    years: list[int]
    budgets: list[float]
    candidates: int
    requirements: int
    explanation: list[dict[str, str]] = field(default_factory=list)  # {ar, en} per conflict
    # the portfolio (None when none was found: infeasible, or a time limit before any)
    spend: list[float] | None = None
    limits: list[LimitUse] | None = None
    totals: dict[str, float] | None = None
    selected: list[FactoryRow] | None = None
    funded: list[FundedRequirement] | None = None
    why_out: dict[str, dict] | None = None  # factory id -> reason (code and what it names)
    left_out: list[FactoryRow] | None = None
    # the value questions of a best-value scenario
    curve: list[CurvePoint] = field(default_factory=list)
    frontier: list[FrontierPoint] = field(default_factory=list)
    # provenance
    sources: list[Source] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def has_portfolio(self) -> bool:
        return self.selected is not None

    @property
    def status(self) -> str:
        return self.summary.status

    @property
    def selected_ids(self) -> list[str]:
        return [row.factory_id for row in self.selected or ()]

    @property
    def shared(self) -> list[FundedRequirement]:
        return [row for row in self.funded or () if row.shared]

    def source(self, kind: str) -> Source | None:
        return next((s for s in self.sources if s.kind == kind), None)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("spend", "limits", "totals", "selected", "funded", "why_out", "left_out"):
            if out[key] is None:
                del out[key]  # an infeasible result stores no portfolio at all
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PortfolioResult:
        rows = lambda key, kind: (  # noqa: E731
            None if key not in data else [kind(**_known(kind, r)) for r in data[key]]
        )
        return cls(
            summary=Summary(**_known(Summary, data.get("summary") or {"status": "error"})),
            weights=dict(data.get("weights") or {}),
            targets=dict(data.get("targets") or {}),
            years=list(data.get("years") or []),
            budgets=list(data.get("budgets") or []),
            candidates=int(data.get("candidates") or 0),
            requirements=int(data.get("requirements") or 0),
            explanation=list(data.get("explanation") or []),
            spend=data.get("spend"),
            limits=rows("limits", LimitUse),
            totals=data.get("totals"),
            selected=rows("selected", FactoryRow),
            funded=rows("funded", FundedRequirement),
            why_out=data.get("why_out"),
            left_out=rows("left_out", FactoryRow),
            curve=[_curve_point(p) for p in data.get("curve") or ()],
            frontier=[
                FrontierPoint(**_known(FrontierPoint, p)) for p in data.get("frontier") or ()
            ],
            sources=[Source(**_known(Source, s)) for s in data.get("sources") or ()],
            versions=dict(data.get("versions") or {}),
        )


def _curve_point(data: dict) -> CurvePoint:
    """A curve point; results stored before the typed result kept the totals beside the point."""
    totals = data.get("totals") or {k: data[k] for k in VALUES if k in data}
    return CurvePoint(**{**_known(CurvePoint, data), "totals": totals})
