"""The synthetic demo registry: deterministic, Libya-like, and valid by the import's own rules."""

import datetime as dt
from collections import Counter

import pytest

from ihya.demo.generator import SYNTHETIC_NOTE, generate
from ihya.diagnosis.models import Requirement
from ihya.registry.models import Factory


def test_the_same_seed_gives_the_same_registry():
    assert generate(seed=5) == generate(seed=5)
    assert generate(seed=5) != generate(seed=6)


def test_it_looks_like_libyan_industry():
    tables = generate()
    factories = tables["factories"]
    assert len(factories) == 400
    status = Counter(f["status"] for f in factories)
    assert 0.35 <= status["stalled"] / 400 <= 0.45
    assert all(
        f["notes"] == SYNTHETIC_NOTE and f["factory_id"].startswith("DEMO-") for f in factories
    )
    by_place = Counter((f["municipality"], f["isic"]) for f in factories)
    assert by_place[("misrata", "2410")] >= 3  # steel in Misrata
    assert by_place[("brega", "2012")] >= 1  # fertilisers at Brega
    assert by_place[("ras-lanuf", "2013")] >= 1 and by_place[("abu-kammash", "2013")] >= 1
    assert sum(n for (place, isic), n in by_place.items() if isic == "2394") >= 8  # cement
    assert by_place[("bani-walid", "1410")] >= 3  # textiles
    shared = [r for r in tables["requirements"] if ";" in r["factory_ids"]]
    assert len(shared) >= 5
    assert {r["requirement_id"][:3] for r in shared} >= {"SUB", "GAS", "POR"}


def test_it_scales_for_benchmarks():
    assert len(generate(factories=2_000)["factories"]) == 2_000


@pytest.mark.django_db
def test_it_loads_without_a_single_validation_issue_and_reloads_idempotently(demo):
    assert demo.issues == []
    assert Factory.objects.count() == 400
    shared = [
        r for r in Requirement.objects.prefetch_related("factories") if r.factories.count() > 1
    ]
    assert len(shared) >= 5
    from ihya.demo.services import demo_registry_load

    again = demo_registry_load()
    assert again.written["factories"] == {"created": 0, "updated": 0, "unchanged": 400}
    assert Factory.objects.count() == 400


@pytest.mark.django_db
def test_loading_the_demo_twice_replaces_it(tmp_path, settings, client_for):
    from ihya.demo.services import demo_load
    from ihya.linkages.models import IoTable
    from ihya.plan.models import Plan
    from ihya.portfolio.models import PortfolioScenario
    from ihya.trade.models import TradeRun

    settings.IHYA_HOME = tmp_path
    for _ in range(2):
        loaded = demo_load(factories=30, trade_size=(40, 250), plan_time_limit=2)
        assert loaded.ok
    assert Factory.objects.count() == 30
    assert TradeRun.objects.count() == IoTable.objects.count() == 1
    assert PortfolioScenario.objects.count() == 2
    # the baseline plan of "Balanced (demo)", approved a year ago, replaced on the second load,
    # and its re-forecast from the year's progress (the living programme)
    plan = Plan.objects.get(version=1)
    assert (plan.name, plan.version, plan.state) == ("Balanced (demo)", 1, "approved")
    assert plan.start_date == dt.date.today() - dt.timedelta(days=364)
    forecast = Plan.objects.get(version=2)
    assert forecast.as_of == dt.date.today() and loaded.followup.forecast == forecast
    assert Plan.objects.count() == 2
    assert plan == loaded.plan and plan.tasks.filter(kind="restart").count() == len(
        loaded.scenarios[0].outcome.selected
    )
    assert [p.name for p in (tmp_path / "trade" / "runs").iterdir()] == [str(loaded.trade_run.pk)]
    assert {p.name for p in (tmp_path / "linkages").iterdir()} == {"demo", str(loaded.io_table.pk)}
    from ihya.followup.models import Case, Meeting, TaskUpdate
    from ihya.followup.selectors import decision_rows
    from ihya.kpi.models import KpiActual

    assert TaskUpdate.objects.count() == loaded.followup.updates > 0
    assert TaskUpdate.objects.filter(status="done").exists()
    assert {"diagnosed", "assessed", "in_revival"} <= set(
        Case.objects.values_list("state", flat=True)
    )
    assert Case.objects.count() == sum(loaded.followup.states.values())
    assert list(Meeting.objects.values_list("state", flat=True).order_by("date")) == [
        "held", "held", "held", "planned"
    ]  # fmt: skip
    assert [r["d"].number for r in decision_rows(show="overdue")] == ["LC-2026-03-1"]
    assert KpiActual.objects.count() == loaded.followup.kpis > 0
    from ihya.kpi.selectors import kpi_dashboard

    cells = [c for row in kpi_dashboard().cells.values() for c in row]
    assert any(c.target is not None and c.actual is not None for c in cells)
    client = client_for("viewer")
    for path in ("/cases/", "/meetings/", "/meetings/LC-2026-03/", "/decisions/", "/kpis/"):
        assert client.get(path).status_code == 200, path
    for factory in Factory.objects.all():  # every factory page was a 500 after a second load
        assert client.get(f"/factories/{factory.external_id}/").status_code == 200
