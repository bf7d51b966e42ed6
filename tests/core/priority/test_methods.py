"""Ranking methods against published examples and against pymcdm on seeded random matrices."""

import numpy as np
import pytest

from ihya.core.priority.ahp import ahp, parse_judgement, read_pairwise
from ihya.core.priority.methods import (
    PriorityInputError,
    preference,
    promethee2,
    ranks_of,
    topsis,
    wsm,
)
from ihya.core.priority.smaa import acceptability


def test_topsis_of_tzeng_and_huang():
    r = topsis([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [0.3, 0.4, 0.3])
    np.testing.assert_allclose(r.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    assert r.ranks.tolist() == [3, 2, 1, 4]


BEVERAGES = """,coffee,wine,tea,beer,sodas,milk,water
coffee,1,9,5,2,1,1,1/2
wine,1/9,1,1/3,1/9,1/9,1/9,1/9
tea,1/5,3,1,1/3,1/4,1/3,1/9
beer,1/2,9,3,1,1/2,1,1/3
sodas,1,9,4,2,1,2,1/2
milk,1,9,3,1,1/2,1,1/3
water,2,9,9,3,2,3,1"""


def test_saatys_beverage_example():
    """Saaty (1990), 'How to make a decision', EJOR 48: which drink is consumed more in the US."""
    labels, matrix = read_pairwise([line.split(",") for line in BEVERAGES.splitlines()])
    result = ahp(matrix, labels)
    np.testing.assert_allclose(
        result.weights, [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327], atol=5e-4
    )
    assert result.cr == pytest.approx(0.022, abs=5e-4) and result.consistent
    assert labels[-1] == "water"


def test_judgements_are_read_as_analysts_type_them():
    assert parse_judgement("1/3") == pytest.approx(1 / 3)
    assert parse_judgement("٣") == 3.0 and parse_judgement("١/٥") == pytest.approx(0.2)
    with pytest.raises(PriorityInputError, match="not a number"):
        parse_judgement("x")
    with pytest.raises(PriorityInputError, match="row 1, column 2: 3 is not the reciprocal of 3"):
        ahp([[1, 3], [3, 1]])
    inconsistent = ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert inconsistent.cr > 0.1 and not inconsistent.consistent


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_method_agrees_with_pymcdm(seed):
    from pymcdm import normalizations as nz
    from pymcdm.methods import PROMETHEE_II, TOPSIS, WSM

    rng = np.random.default_rng(seed)
    x = rng.random((15, 6)) * 100 + 1
    w = rng.random(6)
    w /= w.sum()
    types = rng.choice([1, -1], 6)
    cost = types < 0
    close = dict(rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        topsis(x, w, cost, normalization="vector").scores,
        TOPSIS(nz.vector_normalization)(x, w, types),
        **close,
    )
    np.testing.assert_allclose(
        topsis(x, w, cost, normalization="minmax").scores,
        TOPSIS(nz.minmax_normalization)(x, w, types),
        **close,
    )
    np.testing.assert_allclose(
        wsm(x, w, cost, normalization="minmax").scores,
        WSM(nz.minmax_normalization)(x, w, types),
        **close,
    )
    np.testing.assert_allclose(
        wsm(x, w, cost, normalization="vector").scores,
        WSM(nz.vector_normalization)(x, w, types),
        **close,
    )
    q, p = [4.0] * 6, [30.0] * 6
    for theirs, ours, qq, pp in [
        ("usual", "usual", None, None),
        ("ushape", "ushape", q, None),
        ("vshape", "vshape", None, p),
        ("level", "level", q, p),
        ("vshape_2", "linear", q, p),
    ]:
        expected = PROMETHEE_II(theirs, p=pp, q=qq)(x, w, types)
        got = promethee2(x, w, cost, preference_functions=ours, q=qq, p=pp)
        np.testing.assert_allclose(got.scores, expected, **close, err_msg=ours)
        np.testing.assert_allclose(got.contributions.sum(axis=1), got.scores, **close)


def test_gaussian_preference_by_hand():
    d = np.array([-1.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(
        preference(d, "gaussian", s=1.0), [0, 0, 1 - np.exp(-0.5), 1 - np.exp(-2)]
    )


def test_ties_share_the_better_rank_and_contributions_add_up():
    assert ranks_of(np.array([0.5, 0.9, 0.5, 0.1])).tolist() == [2, 1, 2, 4]
    r = wsm([[1, 10], [2, 5], [3, 0]], [0.5, 0.5], [False, True])
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.scores)
    np.testing.assert_allclose(r.scores, [0.0, 0.5, 1.0])


def test_rank_acceptability():
    rng = np.random.default_rng(4)
    x = rng.random((30, 4))
    x[7] = x.max(axis=0) + 0.1  # dominates everyone: first whatever the weights
    x[9] = x.min(axis=0) - 0.1  # dominated by everyone: last
    acc = acceptability(x, samples=2000, seed=3)
    np.testing.assert_allclose(acc.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(acc.acceptability.sum(axis=0), 1.0)
    assert acc.first[7] == 1.0 and acc.acceptability[9, -1] == 1.0
    np.testing.assert_allclose(acc.central_weights[7].sum(), 1.0)
    one = np.array([[0.1, 0.2, 0.3, 0.4]])
    single = acceptability(x, weights=one)
    ranks = wsm(x, one[0]).ranks
    assert (single.acceptability.argmax(axis=1) + 1 == ranks).all()
    assert (single.stability(ranks, window=0) == 1.0).all()


def test_a_questionnaire_becomes_a_reciprocal_matrix():
    from ihya.core.priority.ahp import matrix_from_pairs

    m = matrix_from_pairs(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 20, ("b", "c"): 1 / 2})
    np.testing.assert_allclose(m, [[1, 3, 9], [1 / 3, 1, 0.5], [1 / 9, 2, 1]])  # 20 clamped to 9
