"""Issue 18, part 3: ITC's export potential indicator (Decreux & Spies 2016) — supply × demand ×
ease, the growth of demand, the re-export correction and the ease of a market with no sales —
pinned on a worked example of 3 countries × 3 products × 2 years computed here by hand."""

import numpy as np
import pytest

from ihya.core.trade.opportunities import POTENTIAL_COLUMNS, opportunities, potential_table
from ihya.core.trade.potential import GROWTH_BOUND, demand_growth

# year 2022 flows: exporter, importer, product, value.  Home H sells p1 and p2 to A, nothing to B,
# and 4 of p3 to A — but it buys 30 of p3 from A: a net importer, its p3 exports are re-exports.
FLOWS = [
    ("H", "A", "p1", 10.0),
    ("H", "A", "p2", 5.0),
    ("H", "A", "p3", 4.0),
    ("A", "H", "p3", 30.0),
    ("A", "B", "p1", 20.0),
    ("A", "B", "p2", 10.0),
    ("A", "B", "p3", 25.0),
    ("B", "A", "p1", 30.0),
    ("B", "A", "p2", 20.0),
    ("B", "A", "p3", 15.0),
]
# the markets' imports in 2020 (two years earlier)
BASE = {
    ("A", "p1"): 20.0,
    ("A", "p2"): 20.0,
    ("A", "p3"): 19.0,
    ("B", "p1"): 16.0,
    ("B", "p2"): 10.0,
}


def _run(**kw):
    e, i, k, v = (np.array(c) for c in zip(*FLOWS, strict=True))
    base = [(m, p, x) for (m, p), x in BASE.items()]
    bm, bp, bv = (np.array(c) for c in zip(*base, strict=True))
    home = e == "H"
    return opportunities(
        year=2022,
        home="H",
        exports=(e, k, v),
        imports=(i, k, v),
        home_bilateral=(i[home], k[home], v[home]),
        home_imports=(k[i == "H"], v[i == "H"]),
        base_imports=(bm, bp, bv),
        base_year=2020,
        **kw,
    )


def test_each_term_of_the_worked_example():
    op = _run()
    p = op.potential
    assert p.markets.tolist() == ["A", "B"] and p.products.tolist() == ["p1", "p2", "p3"]
    # supply: world shares; p3 is a re-export product (imports 30 > exports 4): no supply
    supply = [10 / 60, 5 / 35, 0.0]
    np.testing.assert_allclose(p.supply, supply)
    assert p.re_export.tolist() == [False, False, True]
    # demand: every origin's sales to the market
    demand = {"A": [40.0, 25.0, 19.0], "B": [20.0, 10.0, 25.0]}
    np.testing.assert_allclose(p.demand, [demand["A"], demand["B"]])
    # ease of A: actual (re-exports out) over hypothetical trade at world shares
    ease_a = (10 + 5) / (40 * supply[0] + 25 * supply[1])
    # B buys nothing from H: it takes H's overall ease, here A's (the one market with sales)
    np.testing.assert_allclose(p.ease, [ease_a, ease_a])
    assert p.ease_imputed.tolist() == [False, True]
    # growth: CAGR over two years, bounded to ±20 %; 0 without a base
    growth = {
        ("A", "p1"): min((40 / 20) ** 0.5 - 1, GROWTH_BOUND),  # 41 % → 20 %
        ("A", "p2"): (25 / 20) ** 0.5 - 1,
        ("A", "p3"): 0.0,
        ("B", "p1"): (20 / 16) ** 0.5 - 1,
        ("B", "p2"): 0.0,
        ("B", "p3"): 0.0,  # no imports in 2020: no growth assumed
    }
    for j, m in enumerate("AB"):
        for k in range(3):
            g = growth[(m, f"p{k + 1}")]
            assert p.demand_growth[j, k] == pytest.approx(g)
            expected = supply[k] * demand[m][k] * (1 + g) ** 5 * ease_a
            assert p.potential[j, k] == pytest.approx(expected)
    actual = np.array([[10.0, 5.0, 4.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(p.untapped, np.maximum(p.potential - actual, 0))


def test_a_market_with_no_sales_gets_a_positive_potential():
    p = _run().potential
    b = p.markets.tolist().index("B")
    assert p.potential[b, 0] > 0 and p.potential[b, 1] > 0
    assert p.untapped[b, 0] == pytest.approx(p.potential[b, 0])


def test_a_re_export_product_gets_no_supply_potential():
    p = _run().potential
    assert p.supply[2] == 0
    assert (p.potential[:, 2] == 0).all() and (p.untapped[:, 2] == 0).all()


def test_without_growth_potential_is_a_reshuffle_of_current_sales():
    # horizon 0: for the market H sells to, potential sums to its actual exports (re-exports out)
    p = _run(horizon=0).potential
    assert p.potential[0].sum() == pytest.approx(10 + 5)


def test_the_table_keeps_the_old_columns_first_and_adds_the_new_ones():
    table = potential_table(_run())
    assert tuple(table) == POTENTIAL_COLUMNS
    assert POTENTIAL_COLUMNS[:9] == (
        "year",
        "product",
        "market",
        "supply",
        "demand",
        "ease",
        "potential",
        "actual",
        "untapped",
    )
    row = (table["market"] == "B") & (table["product"] == "p1")
    assert table["ease_imputed"][row].tolist() == [1]


def test_demand_growth_is_bounded_and_zero_without_history():
    assert demand_growth(np.array([100.0]), None, 0).tolist() == [0.0]
    assert demand_growth(np.array([1.0, 100.0]), np.array([100.0, 1.0]), 1).tolist() == [
        -GROWTH_BOUND,
        GROWTH_BOUND,
    ]
