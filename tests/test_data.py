"""Tests of nnlearn.data: the toy data sets are the right shape, labelled, seeded and checked."""

import numpy as np
import pytest

from nnlearn.data import GATES, circles, line_data, logic_gate, spirals, two_class_data, two_moons

TWO_CLASS = [two_moons, circles]


# ---------------------------------------------------------------- logic gates
@pytest.mark.parametrize("name", sorted(GATES))
def test_logic_gate_gives_the_truth_table(name):
    X, y = logic_gate(name)
    assert X.shape == (4, 2) and y.shape == (4,)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, GATES[name])


def test_xor_is_one_exactly_when_the_inputs_differ():
    X, y = logic_gate("XOR")
    np.testing.assert_array_equal(y, X[:, 0] != X[:, 1])


def test_logic_gate_returns_fresh_arrays():
    X, y = logic_gate("AND")
    X[0, 0], y[0] = 5.0, 5.0
    X2, y2 = logic_gate("AND")
    assert X2[0, 0] == 0.0 and y2[0] == 0.0


def test_logic_gate_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="unknown name 'and'"):
        logic_gate("and")


# ---------------------------------------------------------------- two moons, circles, spirals
@pytest.mark.parametrize("make", TWO_CLASS)
def test_two_class_sets_have_shapes_dtypes_and_binary_labels(make):
    X, y = make(101)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0}
    assert np.sum(y == 0) == 51 and np.sum(y == 1) == 50


@pytest.mark.parametrize("make", TWO_CLASS + [spirals])
def test_the_same_seed_gives_the_same_data(make):
    X1, y1 = make(seed=7)
    X2, y2 = make(seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("make", TWO_CLASS + [spirals])
def test_different_seeds_give_different_data(make):
    assert not np.array_equal(make(seed=1)[0], make(seed=2)[0])


def test_circles_put_class_1_on_the_inner_circle():
    X, y = circles(200, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_two_moons_without_noise_lie_on_their_half_circles():
    X, y = two_moons(50, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0)


def test_spirals_have_integer_class_labels_balanced_over_k_classes():
    X, y = spirals(301, classes=3)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [101, 100, 100])


def test_spirals_stay_in_the_unit_disc():
    X, _ = spirals(200, noise=0.5)
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)


@pytest.mark.parametrize("make", TWO_CLASS + [spirals])
@pytest.mark.parametrize("n", [0, 1, -5])
def test_too_few_examples_are_rejected(make, n):
    with pytest.raises(ValueError, match="n must be at least"):
        make(n)


@pytest.mark.parametrize("make", TWO_CLASS + [spirals])
def test_a_non_integer_n_is_rejected(make):
    with pytest.raises(TypeError, match="n must be an integer"):
        make(10.5)


@pytest.mark.parametrize("make", TWO_CLASS + [spirals])
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf")])
def test_a_negative_or_non_finite_noise_is_rejected(make, noise):
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        make(noise=noise)


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5])
def test_circles_rejects_a_factor_outside_0_1(factor):
    with pytest.raises(ValueError, match="factor must be a number strictly between 0 and 1"):
        circles(factor=factor)


def test_spirals_reject_fewer_than_two_classes():
    with pytest.raises(ValueError, match="classes must be at least 2"):
        spirals(classes=1)


def test_spirals_reject_fewer_examples_than_classes():
    with pytest.raises(ValueError, match="n must be at least 4"):
        spirals(3, classes=4)


def test_spirals_reject_a_bad_number_of_turns():
    with pytest.raises(ValueError, match="turns"):
        spirals(turns=0)


# ------------------------------------------------ chapter 2's one-feature data sets (moved from descent)
def test_line_data_shapes_and_seed():
    X, y = line_data(10, seed=3)
    assert X.shape == (10, 1) and y.shape == (10,)
    X2, y2 = line_data(10, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, line_data(10, seed=4)[0])


def test_two_class_data_has_both_labels_in_halves():
    X, y = two_class_data(7)
    assert X.shape == (7, 1)
    assert y.tolist() == [0, 0, 0, 1, 1, 1, 1]


@pytest.mark.parametrize("fn", [line_data, two_class_data])
def test_data_rejects_zero_examples(fn):
    with pytest.raises(ValueError, match="n must be at least 1"):
        fn(0)


@pytest.mark.parametrize("fn", [line_data, two_class_data])
def test_data_rejects_non_integer_seed(fn):
    with pytest.raises(TypeError, match="seed must be an integer"):
        fn(4, seed="0")


def test_two_class_data_needs_two_points():
    with pytest.raises(ValueError, match="at least 2"):
        two_class_data(1)


@pytest.mark.parametrize("fn", [line_data, two_class_data, two_moons, circles, spirals])
def test_data_rejects_a_negative_seed(fn):
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        fn(seed=-1)
