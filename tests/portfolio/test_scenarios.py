"""Portfolio scenarios on the registry: the instance, the solve, the pages, the API."""

import numpy as np
import pytest
from django.urls import reverse

from ihya.audit.models import AuditEntry
from ihya.core.portfolio.instance import spread_cost
from ihya.diagnosis.models import Requirement
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.selectors import registry_instance
from ihya.portfolio.services import portfolio_scenario_save as scenario_save
from ihya.portfolio.services import scenario_solve
from ihya.registry.models import Factory
from tests.core.portfolio.reference import brute_force_vectorised, violations

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _demand(years=3):
    return registry_instance(budgets=[None] * years).instance.requirement_cost.sum(axis=0)


def test_the_registry_instance_reads_requirements_costs_and_values(trade_run, io_table):
    # one requirement serving three stalled factories (a substation)
    stalled = list(Factory.objects.filter(status="stalled").order_by("external_id")[:3])
    substation = Requirement.objects.filter(status="estimated").first()
    substation.factories.add(*stalled)
    ri = registry_instance(budgets=[1e6, 2e6, 3e6], fx_budgets=[5e5, 5e5, 5e5])
    inst = ri.instance
    assert (
        len(ri.factories)
        == Factory.objects.filter(status__in=("stalled", "closed", "partly_operating")).count()
    )
    assert set(inst.values) == {"benefit", "jobs", "exports", "value_added", "priority"}
    assert (inst.values["jobs"] >= 0).all() and np.isfinite(inst.values["exports"]).all()
    # a requirement's cost is spread over the years by its lead time; funded ones cost nothing
    for r, req in enumerate(ri.requirements):
        expected = (
            np.zeros(3)
            if req.status in ("funded", "in_progress")
            else spread_cost(float(req.cost_lyd), req.lead_time_months, 3)
        )
        np.testing.assert_allclose(inst.requirement_cost[r], expected)
        assert req.status not in ("done", "cancelled")
    # a requirement shared by several candidates appears once, linked to each of them
    shared = [r for r in range(inst.n_requirements) if (inst.links[:, 1] == r).sum() > 1]
    assert len(set(inst.requirement_ids)) == inst.n_requirements
    assert inst.requirement_ids.index(substation.external_id) in shared
    labels = [limit.label for limit in inst.limits]
    assert labels == [
        "budget year 1",
        "budget year 2",
        "budget year 3",
        "fx year 1",
        "fx year 2",
        "fx year 3",
    ]


def test_solving_a_scenario_stores_a_feasible_optimal_portfolio_and_audits_it(trade_run, io_table):
    budgets = [float(x) * 0.3 for x in _demand()]
    scenario = scenario_save(
        actor=None, name="test", budgets=budgets, weights={"jobs": 1.0}, gap=0.0
    )
    scenario = scenario_solve(scenario=scenario)
    result = scenario.result
    assert scenario.state == "done"
    assert result["summary"]["status"] == "optimal"
    inst = registry_instance(budgets=budgets).instance
    chosen = np.isin(inst.factory_ids, [row["factory_id"] for row in result["selected"]])
    funded = np.isin(inst.requirement_ids, [row["requirement_id"] for row in result["funded"]])
    assert violations(inst, chosen, funded) == []
    assert result["totals"]["jobs"] == pytest.approx(inst.values["jobs"][chosen].sum())
    for spend, budget in zip(result["spend"], budgets, strict=True):
        assert spend <= budget * (1 + 1e-9)
    # every candidate left out has a reason; the curve grows with the budget
    assert len(result["left_out"]) + len(result["selected"]) == result["candidates"]
    assert set(result["why_out"]) == {row["factory_id"] for row in result["left_out"]}
    values = [p["objective"] for p in result["curve"]]
    assert values == sorted(values)
    jobs = [p["jobs"] for p in result["frontier"] if p["jobs"] is not None]
    assert jobs == sorted(jobs)
    assert AuditEntry.objects.filter(entity="portfolio.scenario", note="solved").exists()


def test_the_registry_optimum_equals_brute_force_on_twenty_factories(trade_run, io_table):
    keep = list(
        Factory.objects.filter(status__in=("stalled", "closed", "partly_operating"))
        .order_by("external_id")
        .values_list("external_id", flat=True)
    )[20:]
    Factory.objects.filter(external_id__in=keep).update(status="operating")
    budgets = [float(x) * 0.35 for x in _demand()]
    scenario = scenario_solve(
        scenario=scenario_save(
            actor=None, name="bf", budgets=budgets, weights={"jobs": 1.0}, gap=0.0
        )
    )
    inst = registry_instance(budgets=budgets).instance
    assert len(inst.factory_ids) == 20
    assert scenario.result["summary"]["objective"] == pytest.approx(
        brute_force_vectorised(inst, inst.values["jobs"] / inst.values["jobs"].sum()), abs=1e-9
    )


def test_a_must_include_factory_over_the_budget_is_explained_in_both_languages(trade_run, io_table):
    req = Requirement.objects.exclude(status__in=("done", "cancelled", "funded", "in_progress"))
    req = req.filter(factories__status="stalled").order_by("-cost_lyd").first()
    factory = req.factories.filter(status="stalled").first()
    scenario = scenario_save(
        actor=None, name="tight", budgets=[1.0, 1.0, 1.0], include=[factory.external_id]
    )
    result = scenario_solve(scenario=scenario).result
    assert result["summary"]["status"] == "infeasible"
    assert "selected" not in result
    (sentence,) = result["explanation"]
    assert factory.external_id in sentence["en"] and "must-include" in sentence["en"]
    assert factory.external_id in sentence["ar"] and "ميزانية السنة 1" in sentence["ar"]


def test_an_infeasible_scenario_opens_and_compares_with_its_explanation(
    trade_run, io_table, client_for
):
    factory = Factory.objects.filter(status="stalled", requirements__cost_lyd__gt=0).first()
    tight = scenario_solve(
        scenario=scenario_save(
            actor=None, name="tight", budgets=[1.0, 1.0, 1.0], include=[factory.external_id]
        )
    )
    fine = scenario_solve(scenario=scenario_save(actor=None, name="fine", budgets=list(_demand())))
    client = client_for("viewer")
    page = client.get(reverse("portfolio:scenario", kwargs={"pk": tight.pk}))  # was a 500
    assert page.status_code == 200
    html = page.content.decode()
    assert tight.result["explanation"][0]["ar"] in html and 'id="selected-table"' not in html
    for a, b in ((tight, fine), (fine, tight)):
        compare = client.get(reverse("portfolio:compare"), {"a": a.pk, "b": b.pk})  # was a 500
        assert compare.status_code == 200
        html = compare.content.decode()
        assert 'id="compare-no-portfolio"' in html and 'id="compare-table"' not in html
        assert tight.result["explanation"][0]["ar"] in html


def test_pages_build_solve_show_and_compare_scenarios(trade_run, io_table, client_for):
    client = client_for("ministry")
    demand = _demand()
    form = {
        "name": "خطة ٢٠٢٧",
        "budgets": "; ".join(f"{x * 0.3:.0f}" for x in demand).translate(
            str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
        ),
        "fx_budgets": "",
        "time_limit": "30",
        "gap": "0.0001",
        "w_jobs": "0.5",
        "w_exports": "0.5",
        "w_value_added": "0",
        "w_priority": "0",
    }
    response = client.post(reverse("portfolio:new"), form)
    assert response.status_code == 302, response.content[:2000]
    scenario = PortfolioScenario.objects.get(name="خطة ٢٠٢٧")
    assert scenario.budgets[0] == pytest.approx(round(demand[0] * 0.3))
    # solving runs as a task (immediately in tests) and the page shows the portfolio
    assert client.post(reverse("portfolio:solve", kwargs={"pk": scenario.pk})).status_code == 302
    page = client.get(reverse("portfolio:scenario", kwargs={"pk": scenario.pk}))
    html = page.content.decode()
    assert 'id="selected-table"' in html and 'id="spend-chart"' in html and 'dir="rtl"' in html
    scenario.refresh_from_db()
    first = scenario.result["selected"][0]
    assert first["name_ar"] in html
    # a second scenario with one chosen factory excluded, then the comparison says why
    excluded = Factory.objects.get(external_id=first["factory_id"])
    form2 = dict(form, name="without", exclude=[excluded.pk])
    assert client.post(reverse("portfolio:new"), form2).status_code == 302
    other = PortfolioScenario.objects.get(name="without")
    client.post(reverse("portfolio:solve", kwargs={"pk": other.pk}))
    compare = client.get(reverse("portfolio:compare"), {"a": scenario.pk, "b": other.pk})
    assert "قرار اللجنة" in compare.content.decode()  # "excluded by a committee decision"
    # invalid input: errors in the user's language, nothing saved
    bad = client.post(reverse("portfolio:new"), dict(form, name="bad", budgets="abc"))
    assert bad.status_code == 200 and "abc" in bad.content.decode()
    assert not PortfolioScenario.objects.filter(name="bad").exists()


def test_a_viewer_cannot_save_or_solve(small_demo, client_for):
    scenario = scenario_save(actor=None, name="v", budgets=[1e6])
    viewer = client_for("viewer")
    assert viewer.post(reverse("portfolio:solve", kwargs={"pk": scenario.pk})).status_code == 403
    assert viewer.post(reverse("portfolio:new"), {"name": "x"}).status_code == 403
    scenario.refresh_from_db()
    assert scenario.state == "new"


def test_the_api_creates_solves_and_reads_a_scenario(trade_run, io_table, api_for):
    client = api_for("authority")
    demand = _demand(2)
    stalled = Factory.objects.filter(status="stalled").order_by("external_id").first()
    body = {
        "name": "api",
        "budgets": [float(x) * 0.3 for x in demand],
        "weights": {"jobs": 0.6, "exports": 0.4},
        "include": [stalled.external_id],
    }
    created = client.post(f"{API}/portfolio/scenarios", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    dup = client.post(f"{API}/portfolio/scenarios", body, content_type="application/json")
    assert dup.status_code == 409
    bad = client.post(
        f"{API}/portfolio/scenarios",
        dict(body, name="bad", weights={"nope": 1}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    solved = client.post(f"{API}/portfolio/scenarios/{pk}/solve")
    assert solved.status_code == 202
    detail = client.get(f"{API}/portfolio/scenarios/{pk}").json()
    assert detail["state"] == "done"
    assert stalled.external_id in detail["selected"]
    assert detail["result"]["summary"]["status"] in ("optimal", "gap_reached")


def test_the_registry_as_a_folder_solves_to_the_same_portfolio(trade_run, io_table, tmp_path):
    from ihya.portfolio.services import portfolio_registry_files, portfolio_solve_files

    budgets = [float(x) * 0.3 for x in _demand()]
    n = portfolio_registry_files(tmp_path / "inst", budgets=budgets, weights="jobs=0.5,exports=0.5")
    assert n == len(registry_instance(budgets=budgets).factories)
    summary = portfolio_solve_files(tmp_path / "inst", tmp_path / "out", gap=0.0)
    scenario = scenario_solve(
        scenario=scenario_save(
            actor=None, name="same", budgets=budgets, weights={"jobs": 0.5, "exports": 0.5}, gap=0.0
        )
    )
    assert summary["objective"] == pytest.approx(scenario.result["summary"]["objective"], rel=1e-9)


def test_an_edit_during_a_solve_keeps_the_edit_and_drops_the_stale_result(small_demo):
    scenario = scenario_save(actor=None, name="edited", budgets=[5e6, 5e6])
    stale = PortfolioScenario.objects.get(pk=scenario.pk)  # what the worker loaded
    scenario_save(actor=None, name="edited", budgets=[9e6, 9e6], scenario_id=scenario.pk)
    scenario_solve(scenario=stale)
    scenario.refresh_from_db()
    assert scenario.budgets == [9e6, 9e6]
    assert scenario.state == "new" and scenario.result is None


def test_a_scenario_is_solved_once_at_a_time(small_demo, client_for, api_for):
    from ihya.portfolio.services import solve_claim

    scenario = scenario_save(actor=None, name="busy", budgets=[1e6])
    assert solve_claim(scenario=scenario) and not solve_claim(scenario=scenario)
    r = api_for("ministry").post(f"{API}/portfolio/scenarios/{scenario.pk}/solve")
    assert r.status_code == 409
    client_for("ministry").post(reverse("portfolio:solve", kwargs={"pk": scenario.pk}))
    scenario.refresh_from_db()
    assert scenario.state == "queued" and scenario.result is None


def test_editing_a_scenario_keeps_its_budgets_exactly(small_demo, client_for):
    client = client_for("ministry")
    scenario = scenario_save(actor=None, name="exact", budgets=[52_345_678.0, 1_234.5])
    page = client.get(reverse("portfolio:edit", kwargs={"pk": scenario.pk})).content.decode()
    assert 'value="52345678; 1234.5"' in page


def test_the_api_refuses_inputs_it_could_not_honour(small_demo, api_for):
    from ihya.portfolio.selectors import candidate_districts
    from ihya.reference.models import Municipality

    districts = lambda: set(Municipality.objects.values_list("district_en", flat=True))  # noqa: E731

    client = api_for("ministry")
    post = lambda body: client.post(  # noqa: E731
        f"{API}/portfolio/scenarios", body, content_type="application/json"
    )
    assert post({"name": "fx", "budgets": [1e6], "fx_budgets": [1e5, 1e5]}).status_code == 422
    assert post({"name": "t", "budgets": [1e6], "targets": {"nope": 5}}).status_code == 422
    made = post({"name": "t", "budgets": [1e6], "targets": {"jobs": 50}})
    assert made.status_code == 201 and made.json()["targets"] == {"jobs": 50.0}
    empty = next(d for d in districts() if d not in candidate_districts())
    assert post({"name": "r", "budgets": [1e6], "region_minimums": {empty: 0.2}}).status_code == 422
    long = "x" * 119 + "\ufdfa"  # one presentation form that NFKC expands to 18 letters
    assert post({"name": long, "budgets": [1e6]}).status_code == 201
    assert post({"name": "x" * 119 + "ص", "budgets": [1e6]}).status_code in (201, 409)


def test_a_registry_without_candidates_solves_to_the_empty_portfolio(db):
    scenario = scenario_solve(scenario=scenario_save(actor=None, name="empty", budgets=[1e6, 1e6]))
    result = scenario.result
    assert scenario.state == "done" and result["summary"]["status"] == "optimal"
    assert result["selected"] == [] and result["candidates"] == 0
    assert all(p["objective"] == 0 for p in result["curve"])


def test_the_cheapest_portfolio_reaching_a_jobs_target_equals_brute_force(trade_run, io_table):
    from tests.core.portfolio.reference import brute_force

    keep = list(
        Factory.objects.filter(status__in=("stalled", "closed", "partly_operating"))
        .order_by("external_id")
        .values_list("external_id", flat=True)
    )[12:]
    Factory.objects.filter(external_id__in=keep).update(status="operating")
    budgets = [float(x) for x in _demand()]  # every requirement affordable
    inst = registry_instance(budgets=budgets).instance
    target = float(inst.values["jobs"].sum() * 0.4)
    scenario = scenario_solve(
        scenario=scenario_save(
            actor=None, name="cheap", budgets=budgets, targets={"jobs": target}, gap=0.0
        )
    )
    result = scenario.result
    assert result["targets"] == {"jobs": target} and not result.get("curve")
    from ihya.core.portfolio.model import Target

    expected = brute_force(inst, targets=[Target("jobs", target)], minimise_cost=True)
    assert result["summary"]["objective"] == pytest.approx(expected, rel=1e-9)
    assert result["totals"]["jobs"] >= target
    # a factory left out was not needed for the target (the weights play no part here)
    codes = {why["code"] for why in result["why_out"].values()}
    assert codes <= {"not_needed", "excluded", "too_costly"} and "not_needed" in codes


def test_an_abandoned_claim_can_be_taken_again(small_demo):
    from datetime import timedelta

    from django.utils import timezone

    from ihya.portfolio.services import solve_claim

    scenario = scenario_save(actor=None, name="stuck", budgets=[1e6], time_limit=10)
    assert solve_claim(scenario=scenario) and not solve_claim(scenario=scenario)
    # a worker stopped mid-solve: the claim is older than 20 × the time limit + 5 minutes
    old = timezone.now() - timedelta(seconds=20 * 10 + 301)
    PortfolioScenario.objects.filter(pk=scenario.pk).update(state="running", claimed_at=old)
    assert solve_claim(scenario=scenario)
