"""Complexity metrics against both references: the Stata command's published output, and the
Python package ecomplexity 0.5.3 run in the test on the same input."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ihya.core.trade.complexity import complexity, presence, proximity, rca
from ihya.core.trade.panel import complexity_panel
from ihya.demo.trade import world

DATA = Path(__file__).resolve().parents[2] / "data" / "complexity"
GROUND_TRUTH = DATA / "stata_ecomplexity_ground_truth_1995.csv"


def ground_truth() -> pd.DataFrame:
    return pd.read_csv(GROUND_TRUTH, dtype={"hs92": str})


def test_it_reproduces_the_stata_command_on_every_column():
    gt = ground_truth()
    panel = complexity_panel(
        gt.year.to_numpy(),
        gt.origin.to_numpy(),
        gt.hs92.to_numpy(),
        gt.export_val.to_numpy(),
        convention="stata",
    )
    cp = pd.DataFrame(panel.labelled("country_product"))
    c = pd.DataFrame(panel.labelled("country"))
    p = pd.DataFrame(panel.labelled("product")).rename(columns={"pci": "pci_product"})
    merged = (
        gt.merge(
            cp,
            left_on=["year", "origin", "hs92"],
            right_on=["year", "country", "product"],
            suffixes=("", "_ours"),
        )
        .merge(c, on=["year", "country"], suffixes=("", "_ours"))
        .merge(p, on=["year", "product"], suffixes=("", "_ours"))
    )
    assert len(merged) == len(gt) == 300
    pairs = {
        "rca": "rca_ours",
        "M": "mcp",
        "density": "density_ours",
        "eci": "eci_ours",
        "pci": "pci_ours",
        "diversity": "diversity_ours",
        "ubiquity": "ubiquity_ours",
        "coi": "coi_ours",
        "cog": "cog_ours",
    }
    np.testing.assert_allclose(merged.pci_product, merged.pci, atol=1e-6)
    for theirs, ours in pairs.items():
        np.testing.assert_allclose(merged[ours], merged[theirs], rtol=0, atol=1e-6, err_msg=theirs)
    # and the values are not trivially small: ECI spans about ±2
    assert merged.eci.abs().max() > 1.5


def ecomplexity_reference(x: np.ndarray, threshold: float = 1.0) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    c, p = np.nonzero(np.ones_like(x))
    df = pd.DataFrame(
        {
            "year": 2020,
            "country": [f"c{i:03d}" for i in c],
            "product": [f"p{j:04d}" for j in p],
            "value": x[c, p],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(
            df,
            {"time": "year", "loc": "country", "prod": "product", "val": "value"},
            rca_mcp_threshold=threshold,
            verbose=False,
            check_logsupermodularity=False,
        )


@pytest.mark.parametrize(("seed", "threshold"), [(1, 1.0), (2, 1.0), (3, 1.5)])
def test_it_matches_py_ecomplexity_to_1e_8(seed, threshold):
    w = world(countries=45, products=160, seed=seed)
    x = w.exports.copy()
    x[3] = 0  # a country that exports nothing is dropped, as the reference drops it
    ref = ecomplexity_reference(x, threshold=threshold)
    ours = complexity(
        x,
        countries=np.array([f"c{i:03d}" for i in range(x.shape[0])]),
        products=np.array([f"p{j:04d}" for j in range(x.shape[1])]),
        convention="py-ecomplexity",
        threshold=threshold,
    )
    ref = ref[ref.country.isin(ours.countries) & ref["product"].isin(ours.products)]
    ref = ref.sort_values(["country", "product"])
    n_c, n_p = ours.mcp.shape
    assert len(ref) == n_c * n_p and n_c == 44

    def mat(col):
        return ref[col].to_numpy().reshape(n_c, n_p)

    for name, value in {
        "rca": ours.rca,
        "mcp": ours.mcp,
        "density": ours.density,
        "cog": ours.cog,
        "eci": np.repeat(ours.eci[:, None], n_p, 1),
        "pci": np.repeat(ours.pci[None, :], n_c, 0),
        "coi": np.repeat(ours.coi[:, None], n_p, 1),
        "diversity": np.repeat(ours.diversity[:, None], n_p, 1),
        "ubiquity": np.repeat(ours.ubiquity[None, :], n_c, 0),
    }.items():
        np.testing.assert_allclose(value, mat(name), rtol=0, atol=1e-8, err_msg=name)


def test_the_conventions_differ_where_the_references_differ():
    x = world(countries=30, products=80, seed=5).exports
    stata = complexity(x, convention="stata")
    py = complexity(x, convention="py-ecomplexity")
    np.testing.assert_array_equal(stata.rca, py.rca)
    assert not np.allclose(stata.density, py.density)  # proximity diagonal 0 vs 1
    assert not np.allclose(stata.eci, py.eci)  # sample SD of the long table vs population SD
    # both standardise ECI to mean 0; the population SD over countries is 1 only in py-ecomplexity
    assert abs(py.eci.mean()) < 1e-12 and abs(py.eci.std() - 1) < 1e-12
    n_p = x.shape[1]
    long = np.repeat(stata.eci, n_p)
    assert abs(long.std(ddof=1) - 1) < 1e-12


def test_proximity_is_the_minimum_conditional_probability():
    m = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1], [0, 0, 1]], dtype=float)
    # ubiquities 3, 2, 3; co-exports: (0,1)=2, (0,2)=2, (1,2)=1
    expected = np.array([[0, 2 / 3, 2 / 3], [2 / 3, 0, 1 / 3], [2 / 3, 1 / 3, 0]])
    np.testing.assert_allclose(proximity(m, convention="stata"), expected)
    np.fill_diagonal(expected, 1)
    np.testing.assert_allclose(proximity(m, convention="py-ecomplexity"), expected)


def test_rca_and_presence_on_a_worked_example():
    x = np.array([[10.0, 0.0], [5.0, 5.0]])
    # world shares: product 0 is 15/20; country 0 sells only product 0 → RCA 1/0.75
    np.testing.assert_allclose(rca(x), [[4 / 3, 0.0], [2 / 3, 2.0]])
    assert presence(np.array([[1.0, 0.99]]), threshold=1.0).tolist() == [[1.0, 0.0]]
    assert presence(np.array([[1.0, 1.01]]), threshold=1.0, strict=True).tolist() == [[0.0, 1.0]]


matrices = arrays(
    np.float64,
    st.tuples(st.integers(4, 9), st.integers(5, 12)),
    elements=st.one_of(st.just(0.0), st.floats(1.0, 1e6)),
)


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(1e-3, 1e3))
def test_rca_is_unchanged_when_every_value_is_scaled(x, factor):
    np.testing.assert_allclose(rca(x * factor), rca(x), rtol=1e-9, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(matrices, st.sampled_from(["stata", "py-ecomplexity"]))
def test_density_stays_between_0_and_1(x, convention):
    res = complexity(x, convention=convention)
    d = res.density[~np.isnan(res.density)]
    assert ((d >= -1e-12) & (d <= 1 + 1e-12)).all()
    np.testing.assert_array_equal(res.distance, 1.0 - res.density)


@settings(max_examples=60, deadline=None)
@given(matrices, st.sampled_from(["stata", "py-ecomplexity"]))
def test_eci_correlates_positively_with_diversity(x, convention):
    res = complexity(x, convention=convention)
    eci = res.eci
    ok = ~np.isnan(eci)
    if ok.sum() < 3 or np.ptp(res.diversity[ok]) == 0 or np.ptp(eci[ok]) < 1e-9:
        return
    assert np.corrcoef(res.diversity[ok], eci[ok])[0, 1] >= -1e-9
