"""Input–output analysis against Miller & Blair (2009) and against pymrio on its test system."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ihya.core.linkages import analysis as an

# Miller & Blair (2009), chapter 2: the two-sector example
Z = np.array([[150.0, 500.0], [200.0, 100.0]])
X = np.array([1000.0, 2000.0])
F = np.array([350.0, 1700.0])


def test_the_two_sector_example_of_chapter_2():
    A = an.technical_coefficients(Z, X)
    np.testing.assert_allclose(A, [[0.15, 0.25], [0.20, 0.05]])
    L = an.leontief_inverse(A)
    np.testing.assert_allclose(L, [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)  # as printed
    np.testing.assert_allclose(L @ F, X)
    np.testing.assert_allclose(L.sum(axis=0), [1.5182, 1.4521], atol=5e-5)  # output multipliers


def test_the_new_final_demand_and_its_labour_in_chapter_2():
    """§2.3.1: final demand becomes (600, 1500); the book prints x = (1247.5, 1841.6) and, with
    labour inputs of 0.30 and 0.25 per unit of output, 374.25 and 460.4 (the same figures pymrio's
    test suite transcribes from Tables 2.3–2.4)."""
    L = an.leontief_inverse(an.technical_coefficients(Z, X))
    x_new = L @ np.array([600.0, 1500.0])
    np.testing.assert_allclose(x_new, [1247.5, 1841.6], atol=0.05)
    np.testing.assert_allclose(np.array([0.30, 0.25]) * x_new, [374.25, 460.4], atol=0.05)


def test_ghosh_of_chapter_12():
    B = an.allocation_coefficients(Z, X)
    np.testing.assert_allclose(B, [[0.15, 0.50], [0.10, 0.05]])
    G = an.ghosh_inverse(B)
    L = an.leontief_inverse(an.technical_coefficients(Z, X))
    np.testing.assert_allclose(G, np.diag(1 / X) @ L @ np.diag(X))  # G = x̂⁻¹ L x̂ (eq. 12.9)
    np.testing.assert_allclose(G, [[1.2541, 0.6601], [0.1320, 1.1221]], atol=5e-5)
    value_added = X - Z.sum(axis=0)
    np.testing.assert_allclose(value_added @ G, X)  # x' = v' G


def test_rasmussen_linkages_and_classes():
    L = an.leontief_inverse(an.technical_coefficients(Z, X))
    G = an.ghosh_inverse(an.allocation_coefficients(Z, X))
    link = an.linkages(L, G)
    col = L.sum(axis=0)
    np.testing.assert_allclose(link.backward, 2 * col / col.sum())
    np.testing.assert_allclose(link.backward.mean(), 1.0)
    np.testing.assert_allclose(link.forward.mean(), 1.0)
    # sector 1 pulls more (BL 1.022 > 1) and pushes more (FL > 1): a key sector
    assert link.backward[0] == pytest.approx(1.0222, abs=5e-4)
    assert link.key_class.tolist() == ["key", "weak"]
    mean_col = col / 2
    np.testing.assert_allclose(
        link.backward_cv, np.sqrt(((L - mean_col) ** 2).sum(axis=0)) / mean_col
    )


def test_type_ii_closure_agrees_with_the_partitioned_inverse():
    """Miyazawa: the closed model's upper-left block is L + L c (1 − h L c)⁻¹ h L."""
    A = an.technical_coefficients(Z, X)
    L = an.leontief_inverse(A)
    h = np.array([0.30, 0.25])
    c = np.array([0.40, 0.35])
    closed = an.household_closure(A, h, c)
    k = 1.0 / (1.0 - h @ L @ c)
    np.testing.assert_allclose(closed[:2, :2], L + k * np.outer(L @ c, h @ L))
    np.testing.assert_allclose(an.household_closure_from(L, h, c), closed)
    mult = an.multipliers(L, v=np.array([0.5, 0.7]), h=h, e=np.array([2.0, 1.0]), closed=closed)
    assert (mult.output_type2 > mult.output).all() and (mult.income_type2 > mult.income).all()
    np.testing.assert_allclose(mult.income_type2, k * (h @ L))


matrices = st.integers(3, 9).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, n), elements=st.just(0.0) | st.floats(1e-6, 0.12)),
        arrays(np.float64, n, elements=st.just(0.0) | st.floats(1e-3, 1000)),
    )
)


@settings(max_examples=60, deadline=None)
@given(matrices, st.data())
def test_extraction_equals_brute_force_recomputation(case, data):
    A, y = case
    n = A.shape[0]
    L = an.leontief_inverse(A)
    x = L @ y
    v = np.full(n, 0.4)
    e = np.arange(1, n + 1, dtype=float)
    ext = an.extraction(L, y, v=v, e=e)
    k = data.draw(st.integers(0, n - 1))
    keep = [i for i in range(n) if i != k]
    xk = an.leontief_inverse(A[np.ix_(keep, keep)]) @ y[keep]
    assert ext.output_loss[k] == pytest.approx(x.sum() - xk.sum(), rel=1e-9, abs=1e-7)
    assert ext.jobs_loss[k] == pytest.approx(e @ x - e[keep] @ xk, rel=1e-9, abs=1e-7)
    col = A.copy()
    col[:, k] = 0
    assert ext.backward_output_loss[k] == pytest.approx(
        (x - an.leontief_inverse(col) @ y).sum(), rel=1e-9, abs=1e-7
    )
    # forward: the Ghosh model with row k of B set to 0 and primary inputs w' = x'(I − B) held
    B = an.allocation_coefficients(A * x[None, :], x)
    w = x - x @ B
    row = B.copy()
    row[k, :] = 0
    assert ext.forward_output_loss[k] == pytest.approx(
        (x - w @ an.ghosh_inverse(row)).sum(), rel=1e-9, abs=1e-7
    )


def test_revival_impact_and_the_local_input_share():
    A = an.technical_coefficients(Z, X)
    L = an.leontief_inverse(A)
    m = np.array([0.10, 0.20])
    v = 1 - A.sum(axis=0) - m
    average = an.revival_impact(L, sector=0, output=100.0, v=v, A=A, m=m)
    np.testing.assert_allclose(average.output, L[:, 0] * 100)
    share = A[:, 0].sum() / (A[:, 0].sum() + m[0])  # the sector's own domestic share
    same = an.revival_impact(L, sector=0, output=100.0, v=v, A=A, m=m, local_share=share)
    np.testing.assert_allclose(same.output, average.output)
    none_local = an.revival_impact(L, sector=0, output=100.0, v=v, A=A, m=m, local_share=0.0)
    np.testing.assert_allclose(none_local.output, [100.0, 0.0])  # everything bought abroad
    assert none_local.imports == pytest.approx((A[:, 0].sum() + m[0]) * 100)
    assert none_local.value_added.sum() < average.value_added.sum()


def test_pymrio_agrees_on_its_test_system(tmp_path):
    pymrio = pytest.importorskip("pymrio")
    from ihya.core.linkages.pymrio_folder import read_pymrio

    io = pymrio.load_test()
    io.save_all(tmp_path / "test_mrio")
    io.calc_all(include_ghosh=True)
    table = read_pymrio(tmp_path / "test_mrio")
    x = table.x
    A = an.technical_coefficients(table.Z, x)
    L = an.leontief_inverse(A)
    B = an.allocation_coefficients(table.Z, x)
    G = an.ghosh_inverse(B)
    for ours, theirs in ((A, io.A), (L, io.L), (B, io.B), (G, io.G)):
        np.testing.assert_allclose(ours, theirs.to_numpy(), rtol=0, atol=1e-10)
    v = table.value_added / x
    mult = an.multipliers(L, v=v)
    np.testing.assert_allclose(mult.value_added, io.factor_inputs.M.to_numpy()[0], atol=1e-10)
    np.testing.assert_allclose(mult.output, io.L.to_numpy().sum(axis=0), atol=1e-10)
    link = an.linkages(L, G)
    theirs_back = io.L.to_numpy().sum(axis=0)
    theirs_fwd = io.G.to_numpy().sum(axis=1)
    np.testing.assert_allclose(link.backward, theirs_back / theirs_back.mean(), atol=1e-10)
    np.testing.assert_allclose(link.forward, theirs_fwd / theirs_fwd.mean(), atol=1e-10)


def table_of(Z, Y, value_added, **extra):
    from ihya.core.linkages.table import IOTable

    n = len(Z)
    codes = [f"S{i}" for i in range(n)]
    return IOTable(
        codes=codes,
        names_en=codes,
        names_ar=[""] * n,
        Z=np.asarray(Z, float),
        Y=np.asarray(Y, float),
        final_demand=[f"f{k}" for k in range(np.asarray(Y).shape[1])],
        value_added=np.asarray(value_added, float),
        **extra,
    )


def test_a_table_without_a_solution_is_a_clean_error():
    from ihya.core.linkages.results import analyse
    from ihya.core.linkages.table import TableError

    with pytest.raises(TableError) as err:  # the sector uses all it makes: I − A is singular
        analyse(table_of([[100.0]], [[0.0]], [0.0]))
    assert [i.code for i in err.value.issues] == ["not_productive"]


def test_type_ii_is_left_out_when_households_spend_all_their_income_locally():
    from ihya.core.linkages.results import analyse

    # households are the only final demand and earn all value added: h L c = 1, k infinite
    table = table_of(
        Z, [[350.0], [1700.0]], [650.0, 1400.0], compensation=np.array([650.0, 1400.0])
    )
    table.households = 0
    result = analyse(table)
    assert result.multipliers.output_type2 is None
    np.testing.assert_allclose(result.multipliers.output, [1.5182, 1.4521], atol=5e-5)


def test_identical_sectors_are_all_weak_whatever_the_rounding():
    for n in range(2, 12):
        for share in (0.3, 0.5, 0.7):  # 2.2e-16 above 1 for some n without the tolerance
            L = an.leontief_inverse(np.full((n, n), share / n))
            assert set(an.linkages(L, L).key_class) == {"weak"}
