"""Tests of nnlearn.linear: stacked linear layers collapse to one linear layer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlearn.linear import (StackedLinearComparison, collapse_linear_layers, compare_stacked_with_single,
                            linear_stack_forward)
from nnlearn.network import Network


def _random_params(sizes, rng):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)]
    return params


def test_two_layers_collapse_to_the_product_matrix():
    W1, b1 = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -1.0])
    W2, b2 = np.array([[1.0], [-1.0]]), np.array([0.5])
    W, b = collapse_linear_layers([W1, b1, W2, b2])
    assert W.tolist() == [[-1.0], [-1.0]]
    assert b.tolist() == [2.5]


def test_collapsed_layer_has_shape_inputs_by_outputs():
    rng = np.random.default_rng(0)
    W, b = collapse_linear_layers(_random_params([2, 4, 3], rng))
    assert W.shape == (2, 3) and b.shape == (3,)


@settings(max_examples=50, deadline=None)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), seed=st.integers(0, 2**16))
def test_any_linear_stack_equals_its_collapsed_layer(sizes, seed):
    rng = np.random.default_rng(seed)
    params = _random_params(sizes, rng)
    X = rng.normal(size=(7, sizes[0]))
    c = compare_stacked_with_single(X, params)
    assert c.stacked.shape == (7, sizes[-1])
    assert c.max_abs_difference <= 1e-12 * max(1.0, float(np.max(np.abs(c.stacked))))


def test_the_stack_matches_a_network_with_identity_activations():
    net = Network([2, 4, 3], activation="identity", seed=1)
    X = np.random.default_rng(2).normal(size=(5, 2))
    assert np.allclose(linear_stack_forward(X, net.parameters()), net.forward(X), rtol=0, atol=1e-14)


def test_comparison_reports_both_outputs_and_the_difference():
    rng = np.random.default_rng(3)
    c = compare_stacked_with_single(rng.normal(size=(4, 2)), _random_params([2, 4, 3], rng))
    assert isinstance(c, StackedLinearComparison)
    assert c.max_abs_difference == float(np.max(np.abs(c.stacked - c.single)))
    assert c.W.shape == (2, 3)


def test_one_layer_is_its_own_collapse():
    W, b = np.eye(2), np.array([1.0, 2.0])
    Wc, bc = collapse_linear_layers([W, b])
    assert np.array_equal(Wc, W) and np.array_equal(bc, b)


def test_collapse_rejects_an_odd_number_of_arrays():
    with pytest.raises(ValueError, match="pairs"):
        collapse_linear_layers([np.eye(2), np.zeros(2), np.eye(2)])


def test_collapse_rejects_a_single_array():
    with pytest.raises(TypeError, match="params must be a list"):
        collapse_linear_layers(np.eye(2))


def test_collapse_rejects_shapes_that_do_not_chain():
    with pytest.raises(ValueError, match="W2 has shape"):
        collapse_linear_layers([np.ones((2, 3)), np.zeros(3), np.ones((4, 1)), np.zeros(1)])


def test_collapse_rejects_a_bias_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"b1 must have shape \(3,\)"):
        collapse_linear_layers([np.ones((2, 3)), np.zeros(2)])


def test_forward_rejects_x_with_the_wrong_width():
    with pytest.raises(ValueError, match="X has 3 features"):
        linear_stack_forward(np.ones((2, 3)), [np.ones((2, 1)), np.zeros(1)])


def test_forward_rejects_an_empty_batch():
    with pytest.raises(ValueError, match="X is empty"):
        linear_stack_forward(np.ones((0, 2)), [np.ones((2, 1)), np.zeros(1)])
