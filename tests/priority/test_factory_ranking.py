"""The factory ranking: reproducible, missing values never a silent zero, explained, stable."""

import os
import re

import numpy as np
import pytest

from ihya.core.priority.matrix_rules import impute_worst
from ihya.core.priority.methods import wsm
from ihya.priority.models import Scenario
from ihya.priority.selectors import explain, factory_ranking, weights_of
from tests.conftest import run_ihya

pytestmark = pytest.mark.django_db


def test_missing_values_count_as_the_worst_observed():
    x = np.array([[1.0, 10.0, np.nan], [np.nan, 20.0, np.nan], [3.0, np.nan, np.nan]])
    filled, mask, empty = impute_worst(x, np.array([False, True, False]))
    assert filled[1, 0] == 1.0  # benefit: the minimum
    assert filled[2, 1] == 20.0  # cost: the maximum
    assert empty == [2] and mask[1, 0] and mask[2, 1] and not mask[0, 0]


def test_the_ranking_reads_every_stage_and_is_reproducible(trade_run, io_table):
    weights = weights_of(Scenario.objects.get(name="balanced"))
    one = factory_ranking(weights=weights)
    two = factory_ranking(weights=weights)
    assert [(r.factory.external_id, r.rank) for r in one.rows] == [
        (r.factory.external_id, r.rank) for r in two.rows
    ]
    assert [r.stability for r in one.rows] == [r.stability for r in two.rows]
    fm = one.matrix
    assert fm.dropped == [] and len(fm.factories) >= 10
    codes = [c.code for c in fm.criteria]
    # every stage fed the matrix: trade, registry, linkages, diagnosis
    for code in ("export_potential", "jobs_restored", "value_added", "restart_cost"):
        assert np.isfinite(fm.values[:, codes.index(code)]).all()
        assert (~fm.imputed[:, codes.index(code)]).any()
    # the scores are the weighted sum of the completed matrix, recomputed independently
    used = one.used
    expected = wsm(
        fm.values[:, used], [weights[codes[j]] for j in used], [fm.criteria[j].cost for j in used]
    )
    by_id = {r.factory.external_id: r for r in one.rows}
    for i, f in enumerate(fm.factories):
        assert by_id[f.external_id].score == pytest.approx(expected.scores[i])
        assert by_id[f.external_id].rank == expected.ranks[i]
    assert all(0 <= r.stability <= 1 for r in one.rows)


def test_an_explanation_adds_up_and_says_what_would_move_a_factory_up(trade_run, io_table):
    ranking = factory_ranking(weights=weights_of(None))
    third = ranking.rows[2]
    e = explain(ranking, third.factory.external_id)
    assert sum(e.contributions) == pytest.approx(third.score)
    assert e.above is ranking.rows[1] and e.to_move_up
    assert explain(ranking, "NOPE") is None


def test_the_pages_rank_explain_and_follow_the_sliders(trade_run, io_table, client_for):
    client = client_for("viewer")
    page = client.get("/priority/").content.decode()
    assert "priority-table" in page and "stability-badge" in page and 'dir="rtl"' in page
    assert "أي المنشآت نعيد تشغيلها أولاً" in page
    jobs_only = {f"w_{c}": "0" for c in weights_of(None)} | {"w_jobs_restored": "1"}
    partial = client.get("/priority/", jobs_only, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "priority-table" in partial
    top = factory_ranking(
        weights={k: float(v) for k, v in ((k[2:], v) for k, v in jobs_only.items())}
    ).rows[0]
    assert top.factory.external_id in partial.split("</tr>")[1]
    explanation = client.get(f"/priority/{top.factory.external_id}/").content.decode()
    assert "contributions" in explanation
    assert client.get("/priority/NOPE/").status_code == 404


def test_the_command_ranks_and_writes_the_matrix(tmp_path):
    from tests.conftest import scratch_db

    with scratch_db(tmp_path) as env:
        run_ihya(env, "demo", "load", "--factories", "60", "--no-plan")
        out = tmp_path / "ranks.csv"
        proc = run_ihya(
            env,
            "priority",
            "factories",
            "--scenario",
            "jobs first",
            "--out",
            str(out),
            "--lang",
            "en",
        )
        assert "jobs first" in proc.stdout
        header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert (
            header[:5] == ["factory_id", "name", "rank", "score", "stability"]
            and "jobs_restored" in header
        )
        bad = run_ihya(env, "priority", "factories", "--scenario", "nope", check=False)
        assert bad.returncode == 2 and "balanced" in bad.stderr
    assert os.path.exists(out)


def test_excel_export_and_scenario_comparison(trade_run, io_table, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for("viewer")
    response = client.get("/priority/export.xlsx", {"method": "topsis"})
    wb = load_workbook(BytesIO(response.content))
    ranking = wb["ranking"]
    assert [c.value for c in ranking[1]][:5] == ["factory_id", "name", "rank", "score", "stability"]
    assert (
        ranking.sheet_view.rightToLeft
        and ranking.max_row == len(factory_ranking(weights=weights_of(None)).rows) + 1
    )
    assert wb["weights"]["E2"].value == "topsis"
    page = client.get("/priority/scenarios/").content.decode()
    assert "scenario-table" in page and "الوظائف أولاً" in page  # a built-in name, in Arabic
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r'<td class="numeric">(.*?)</td>', first, re.S)
    assert len(cells) == 3 + 1  # a rank under each of the three scenarios, then the spread
    assert cells[0].strip() == "1" and all(c.strip()[0].isdigit() for c in cells)


def test_the_api_ranks_with_any_weights(trade_run, io_table, api_for):
    client = api_for("viewer")
    scenarios = client.get("/api/v1/priority/scenarios").json()
    assert [s["name"] for s in scenarios] == ["balanced", "exports first", "jobs first"]
    body = client.get(
        "/api/v1/priority/ranking", {"scenario": scenarios[2]["id"], "w_regional_balance": "0"}
    ).json()
    assert body["weights"]["regional_balance"] == 0 and body["weights"]["jobs_restored"] == 0.4
    assert [f["rank"] for f in body["factories"]] == sorted(f["rank"] for f in body["factories"])
    assert "regional_balance" not in body["factories"][0]["contributions"]
    assert client.get("/api/v1/priority/ranking", {"method": "nope"}).status_code == 422
    assert client.get("/api/v1/priority/ranking", {"w_jobs_restored": "x"}).status_code == 422
    assert client.get("/api/v1/priority/ranking", {"scenario": 999}).status_code == 404


def test_analysts_save_scenarios_and_anyone_compares_two_factories(trade_run, io_table, client_for):
    from ihya.audit.models import AuditEntry

    weights = {f"w_{k}": "0" for k in weights_of(None)} | {
        "w_jobs_restored": "1",
        "w_restart_cost": "0.5",
    }
    refused = client_for("viewer").post("/priority/save/", {"name": "mine", **weights})
    assert refused.status_code == 403 and not Scenario.objects.filter(name="mine").exists()
    saved = client_for("authority").post(
        "/priority/save/", {"name": "jobs, cheap", "method": "topsis", **weights}
    )
    assert saved.status_code == 302
    scenario = Scenario.objects.get(name="jobs, cheap")
    assert (
        scenario.method == "topsis"
        and scenario.weights["jobs_restored"] == 1.0
        and scenario.weights["export_potential"] == 0
    )
    assert AuditEntry.objects.filter(entity="priority.scenario", object_id="jobs, cheap").exists()
    ranking = factory_ranking(weights=weights_of(None))
    a, b = ranking.rows[0].factory.external_id, ranking.rows[1].factory.external_id
    page = client_for("viewer").get("/priority/compare/", {"a": a, "b": b}).content.decode()
    assert "compare-table" in page and "#1" in page and "#2" in page


def test_the_ahp_questionnaire_gives_weights_and_warns_when_inconsistent(small_demo, client_for):
    from ihya.core.priority.ahp import ahp

    client = client_for("member")
    use = {"use_jobs_restored": "1", "use_restart_cost": "1", "use_export_potential": "1"}
    # the order of the chosen criteria follows the catalogue: export_potential, jobs_restored, restart_cost
    answers = {
        "p_export_potential__jobs_restored": "3",
        "p_export_potential__restart_cost": "5",
        "p_jobs_restored__restart_cost": "2",
    }
    page = client.get("/priority/ahp/", {"submitted": "1", **use, **answers}).content.decode()
    expected = ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    assert "ahp-result" in page and "ahp-warning" not in page
    assert f"w_export_potential={round(float(expected.weights[0]), 4)}" in page.replace(
        "&amp;", "&"
    )
    bad = {
        "p_export_potential__jobs_restored": "9",
        "p_export_potential__restart_cost": "0.111111",
        "p_jobs_restored__restart_cost": "9",
    }
    assert (
        "ahp-warning"
        in client.get("/priority/ahp/", {"submitted": "1", **use, **bad}).content.decode()
    )


def test_the_ranking_page_carries_the_robustness_chart(trade_run, io_table, client_for):
    import json
    import re

    page = client_for("viewer").get("/priority/").content.decode()
    data = json.loads(
        re.search(
            r'<script id="robustness-data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert len(data) == 15 and all(abs(sum(r["buckets"]) - 1) < 1e-9 for r in data)


@pytest.mark.parametrize("method", ["topsis", "promethee"])
def test_what_would_move_a_factory_up_is_shown_for_every_method(trade_run, io_table, method):
    ranking = factory_ranking(weights=weights_of(None), method=method, samples=100)
    row = ranking.rows[4]
    e = explain(ranking, row.factory.external_id)
    assert len(e.to_move_up) == len(ranking.used)
    found = [(j, c, change) for j, (c, change) in enumerate(e.to_move_up) if change is not None]
    assert found
    fm = ranking.matrix
    x = fm.values[:, ranking.used].copy()
    w = [ranking.weights[fm.criteria[j].code] for j in ranking.used]
    cost = [fm.criteria[j].cost for j in ranking.used]
    i, k = fm.factories.index(row.factory), fm.factories.index(e.above.factory)
    from ihya.core.priority.methods import rank

    for j, c, change in found:  # re-ranked with the change, the factory reaches the one above
        moved = x.copy()
        moved[i, j] += change * (1 + 1e-9) + (-1e-9 if c.cost else 1e-9)
        scores = rank(method, moved, w, cost).scores
        assert scores[i] >= scores[k] - 1e-12, c.code


def test_the_matrix_is_kept_until_what_it_reads_changes(trade_run, io_table):
    from ihya.accounts.actors import Actor
    from ihya.priority.selectors import factory_matrix
    from ihya.registry.editing import factory_update

    first = factory_matrix()
    assert factory_matrix() is first  # same data: computed once
    factory = first.factories[0]
    row = first.factories.index(factory)
    jobs = first.criteria.index(next(c for c in first.criteria if c.code == "jobs_restored"))
    before = first.raw[row, jobs]
    noted = factory_update(
        actor=Actor.cli(),
        factory_id=factory.external_id,
        data={"notes": "the owner called on Monday"},
        version=factory.version,
    )
    assert noted.version == factory.version + 1
    assert factory_matrix() is first  # the notes are not a criterion: kept
    factory_update(
        actor=Actor.cli(),
        factory_id=factory.external_id,
        data={"employees_before": (factory.employees_before or 0) + 500},
        version=noted.version,
    )
    second = factory_matrix()
    assert second is not first
    assert second.raw[second.factories.index(factory), jobs] == before + 500


def test_a_ranking_is_kept_for_its_weights_until_the_data_changes(trade_run, io_table):
    from ihya.accounts.actors import Actor
    from ihya.registry.editing import factory_update

    weights = weights_of(Scenario.objects.get(name="balanced"))
    one = factory_ranking(weights=weights, method="topsis")
    assert factory_ranking(weights=dict(weights), method="topsis") is one
    other = factory_ranking(weights={**weights, "jobs_restored": 1.0}, method="topsis")
    assert other is not one
    factory = one.rows[0].factory
    factory_update(
        actor=Actor.cli(),
        factory_id=factory.external_id,
        data={"employees_before": (factory.employees_before or 0) + 500},
        version=factory.version,
    )
    again = factory_ranking(weights=weights, method="topsis")
    assert again is not one
    assert again.matrix is not one.matrix
