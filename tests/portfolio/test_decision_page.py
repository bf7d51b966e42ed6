"""A solved scenario's page as a decision page: the one-screen summary first (funded, cost per
year against each budget, jobs, exports, value added, the greedy baseline in one sentence),
the solver's details folded below, the factories left out grouped by reason."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from ihya.portfolio.decision import decision_summary, left_out_groups
from ihya.portfolio.selectors import registry_instance
from ihya.portfolio.services import portfolio_scenario_save as scenario_save
from ihya.portfolio.services import scenario_solve

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(trade_run, io_table):
    demand = registry_instance(budgets=[None] * 3).instance.requirement_cost.sum(axis=0)
    return scenario_solve(
        scenario=scenario_save(
            actor=None,
            name="decision",
            budgets=[float(x) * 0.3 for x in demand],
            weights={"jobs": 1, "exports": 0, "value_added": 0, "priority": 0},
        )
    )


def test_the_summary_says_what_is_funded_and_what_it_costs_each_year(solved):
    result = solved.outcome
    summary = decision_summary(result, cheapest=False, lang="en")
    assert summary["factories"] == len(result.selected) > 0
    assert summary["requirements"] == len(result.funded)
    assert [y["year"] for y in summary["years"]] == result.years
    for y, budget, spend in zip(summary["years"], result.budgets, result.spend, strict=True):
        assert y["budget"] == pytest.approx(budget) and y["spend"] == pytest.approx(spend)
        assert y["share"] == pytest.approx(100 * spend / budget) and y["share"] <= 100 + 1e-6
    assert summary["jobs"] == pytest.approx(result.totals["jobs"])
    # the greedy baseline's own totals are kept, and said in jobs
    greedy_jobs = result.summary.greedy_totals["jobs"]
    assert greedy_jobs <= result.totals["jobs"] + 1e-6  # jobs only: the optimum is no worse
    sentence = summary["greedy"]
    assert "for the same budget" in sentence or "of the objective" in sentence
    if round(result.totals["jobs"]) > round(greedy_jobs):
        assert "fewer job" in sentence


def test_left_out_factories_come_in_one_group_per_reason(solved):
    result = solved.outcome
    groups = left_out_groups(result, "ar")
    reasons = Counter((result.why_out.get(r.factory_id) or {}).get("code") for r in result.left_out)
    assert [g["code"] for g in groups] == list(dict.fromkeys(g["code"] for g in groups))
    assert {g["code"]: len(g["rows"]) for g in groups} == dict(reasons)
    assert sum(len(g["rows"]) for g in groups) == len(result.left_out)


def test_the_page_shows_the_summary_first_and_folds_the_details(solved, client_for):
    client = client_for("viewer")
    for lang in ("ar", "en"):
        client.cookies["django_language"] = lang
        html = client.get(reverse("portfolio:scenario", kwargs={"pk": solved.pk})).content.decode()
        summary_at = html.index('id="decision-summary"')
        assert summary_at < html.index('id="solver-details"') < html.index('id="left-out"')
        for folded in ("solver-details", "funded-details", "spend-details"):
            assert re.search(rf'<details[^>]*id="{folded}"', html)
        assert html.count('id="selected-table"') == 1 and 'id="greedy-sentence"' in html
        assert 'href="/api/v1/reports/portfolio/' in html and 'id="report-pdf"' in html
        groups = re.findall(r'class="left-out-group[^"]*" data-reason="([^"]+)"', html)
        assert groups and len(groups) == len(set(groups))
        assert len(groups) == len(left_out_groups(solved.outcome, lang))


def test_the_decision_is_drawn_once_per_language_and_digits(solved, client_for):
    # the decision is kept drawn for every reader: in the digits each reader chose
    latin, arabic = client_for("viewer"), client_for("member")
    assert arabic.post(reverse("preferences"), {"digits": "arab"}).status_code == 302
    url = reverse("portfolio:scenario", kwargs={"pk": solved.pk})

    def headline(client) -> str:
        html = client.get(url).content.decode()
        return html.split('id="decision-headline">')[1].split("</h2>")[0]

    first = headline(latin)
    assert re.search(r"[0-9]", first) and not re.search(r"[٠-٩]", first)
    shown = headline(arabic)
    assert re.search(r"[٠-٩]", shown) and not re.search(r"[0-9]", shown)
    assert headline(latin) == first
