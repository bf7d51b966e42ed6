"""A scenario's rules are the service's: the builder page and the API parse, then the same
invalid input is refused with the same coded issue (all-zero weights were refused by the form and
accepted by the API). The stored result is typed and says which inputs produced it."""

import pytest
from django.urls import reverse

from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.results import PortfolioResult

pytestmark = pytest.mark.django_db
API = "/api/v1/portfolio/scenarios"
FORM = {
    "name": "rules",
    "budgets": "5000000; 5000000",
    "fx_budgets": "",
    "time_limit": "30",
    "gap": "0.0001",
    "w_jobs": "0",
    "w_exports": "0",
    "w_value_added": "0",
    "w_priority": "0",
}


def _page_codes(client, form) -> set[str]:
    response = client.post(reverse("portfolio:new"), form)
    assert response.status_code == 200
    return {e.code for errors in response.context["form"].errors.as_data().values() for e in errors}


def _api_codes(client, body) -> set[str]:
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 422, response.content
    return {i["code"] for i in response.json()["issues"]}


def test_the_same_invalid_scenario_gets_the_same_code_on_the_page_and_through_the_api(
    small_demo, client_for, api_for
):
    page, api = client_for("ministry"), api_for("ministry")
    body = {"name": "rules", "budgets": [5e6, 5e6]}
    # all weights zero (the API accepted it and the service silently used the defaults)
    zero = {"jobs": 0, "exports": 0, "value_added": 0, "priority": 0}
    assert _page_codes(page, FORM) == _api_codes(api, {**body, "weights": zero}) == {"no_weight"}
    # a weight above 1, a negative budget, a time limit of 0
    form = dict(FORM, w_jobs="2", budgets="-1; 5", time_limit="0")
    codes = {"out_of_range", "amount_range"}
    assert _page_codes(page, form) == codes
    assert (
        _api_codes(api, {**body, "weights": {"jobs": 2}, "budgets": [-1, 5], "time_limit": 0})
        == codes
    )
    assert not PortfolioScenario.objects.filter(name="rules").exists()
    # a taken name: 409 through the API, on the name field of the page
    ok = dict(FORM, w_jobs="1")
    assert page.post(reverse("portfolio:new"), ok).status_code == 302
    assert api.post(API, {**body}, content_type="application/json").status_code == 409
    assert _page_codes(page, ok) == {"exists"}


def test_a_solved_result_is_typed_and_names_its_inputs(trade_run, io_table, api_for):
    from ihya.portfolio.services import portfolio_scenario_save, portfolio_scenario_solve

    scenario = portfolio_scenario_save(actor=None, name="typed", budgets=[4e7, 4e7, 4e7])
    scenario = portfolio_scenario_solve(actor=None, scenario_id=scenario.pk, wait=True)
    result = scenario.outcome
    assert isinstance(result, PortfolioResult) and result.has_portfolio
    assert PortfolioResult.from_json(result.to_json()) == result  # the round trip is exact
    trade, table = result.source("trade_run"), result.source("io_table")
    assert (trade.id, trade.synthetic) == (trade_run.pk, True)
    assert trade.fingerprint["inputs"] == [
        {"path": i["path"], "sha256": i["sha256"]} for i in trade_run.inputs
    ]
    assert (table.id, table.fingerprint["sha256"]) == (io_table.pk, io_table.sha256)
    assert result.source("registry").fingerprint["factories"] > 0
    assert {"ihya", "numpy", "solver"} <= set(result.versions)
    # the API serves it whole, and a result stored before provenance still reads
    body = api_for("viewer").get(f"{API}/{scenario.pk}").json()
    assert body["result"]["sources"][1]["id"] == trade_run.pk
    old = {k: v for k, v in result.to_json().items() if k not in ("sources", "versions")}
    assert PortfolioResult.from_json(old).selected == result.selected
