"""The demo: the synthetic registry through the same validated import as any user file, then
(optionally) the synthetic world trade, the Libya-like input–output table and two portfolio
scenarios. Loading it again replaces it, never doubles it: the registry is upserted on its ids,
and earlier synthetic trade runs and tables are removed once the new ones are stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ihya.core.ingest.validate import Progress
from ihya.demo.generator import generate
from ihya.reference.models import Municipality
from ihya.registry.services import ImportResult, registry_import_tables


def demo_tables(*, seed: int = 2026, factories: int = 400) -> dict[str, list[dict]]:
    places = {m.code: (m.name_en, m.name_ar) for m in Municipality.objects.all()}
    return generate(seed=seed, factories=factories, places=places)


def demo_registry_load(
    *, seed: int = 2026, factories: int = 400, progress: Progress | None = None, actor: Any = None
) -> ImportResult:
    """Generate and import the synthetic registry (re-loading the same seed changes nothing)."""
    return registry_import_tables(
        tables=demo_tables(seed=seed, factories=factories),
        source="demo",
        progress=progress,
        actor=actor,
    )


@dataclass
class DemoLoad:
    """What ``demo_load`` stored: the registry import, then whatever else was asked for."""

    registry: ImportResult
    trade_run: Any = None
    io_table: Any = None
    scenarios: list = field(default_factory=list)
    plan: Any = None
    followup: Any = None  # the living programme (ihya.followup.demo.LivingProgramme)

    @property
    def ok(self) -> bool:
        return self.registry.ok


def demo_load(
    *,
    seed: int = 2026,
    factories: int = 400,
    trade: bool = True,
    linkages: bool = True,
    portfolio: bool = True,
    plan: bool = True,
    plan_time_limit: float = 30.0,
    followup: bool = True,
    trade_size: tuple[int, int] = (120, 1200),
    actor: Any = None,
    progress: Progress | None = None,
) -> DemoLoad:
    """The whole demo: registry, then world trade (``trade_size`` = countries, products), the
    input–output table, two solved portfolio scenarios and the baseline plan of the first one
    (built in at most ``plan_time_limit`` seconds, approved; with ``followup``, it started a year
    ago and the year's follow-up is added: ``ihya.followup.demo``). Stops after the registry if its
    import has an error (nothing written)."""
    result = DemoLoad(demo_registry_load(seed=seed, factories=factories, progress=progress))
    if not result.ok:
        return result
    if trade:
        from ihya.trade.runs import trade_demo_load

        countries, products = trade_size
        result.trade_run = trade_demo_load(
            countries=countries, products=products, actor=actor, progress=progress
        )
    if linkages:
        from ihya.linkages.services import linkages_demo_load

        result.io_table = linkages_demo_load(actor=actor)
    if portfolio:
        from ihya.portfolio.services import portfolio_demo_load

        result.scenarios = portfolio_demo_load(actor=actor, progress=progress)
        if plan:
            from ihya.plan.services import plan_demo_load

            start = None
            if followup:
                import datetime as dt

                start = dt.date.today() - dt.timedelta(days=364)
            result.plan = plan_demo_load(actor=actor, time_limit=plan_time_limit, start=start)
            if followup and result.plan is not None:
                from ihya.followup.demo import followup_demo_load

                result.followup = followup_demo_load(
                    actor=actor, seed=seed, time_limit=min(plan_time_limit, 20.0)
                )
    return result
