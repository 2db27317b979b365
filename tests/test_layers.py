"""Tests of nnlearn.layers.Dense: z = a_prev W + b, a = f(z), its cache and its parameters."""

import numpy as np
import pytest

from nnlearn.activations import Sigmoid
from nnlearn.layers import Dense


def test_forward_computes_z_equals_a_prev_w_plus_b_and_keeps_it():
    layer = Dense(2, 3, "identity")
    layer.set_parameters(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([0.5, 0.0, -0.5]))
    a_prev = np.array([[1.0, 0.0], [0.0, 1.0]])
    a = layer.forward(a_prev)
    np.testing.assert_array_equal(layer.z, [[1.5, 2.0, 2.5], [4.5, 5.0, 5.5]])
    assert a is layer.a and layer.a_prev is a_prev


def test_weights_are_n_in_by_n_out_and_biases_start_at_zero():
    layer = Dense(4, 2)
    assert layer.W.shape == (4, 2) and (layer.n_in, layer.n_out) == (4, 2)
    np.testing.assert_array_equal(layer.b, [0.0, 0.0])


def test_the_activation_is_applied_to_z():
    layer = Dense(1, 1, Sigmoid())
    layer.set_parameters(np.array([[2.0]]), np.array([-1.0]))
    layer.forward(np.array([[0.5]]))
    assert layer.a[0, 0] == 0.5  # sigmoid(2 * 0.5 - 1)


def test_set_parameters_copies_the_values_into_the_layers_arrays():
    layer = Dense(1, 2)
    W_before = layer.W
    new_W = np.array([[1.0, 2.0]])
    layer.set_parameters(new_W, np.zeros(2))
    new_W[0, 0] = 99.0
    assert layer.W is W_before and layer.W[0, 0] == 1.0


def test_set_parameters_rejects_a_weight_matrix_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"W must have shape \(2, 3\) \(n_in, n_out\), got \(3, 2\)"):
        Dense(2, 3).set_parameters(np.zeros((3, 2)), np.zeros(3))


def test_set_parameters_rejects_a_bias_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"b must have shape \(3,\)"):
        Dense(2, 3).set_parameters(np.zeros((2, 3)), np.zeros(2))


def test_set_parameters_rejects_nan():
    with pytest.raises(ValueError, match="W contains NaN"):
        Dense(1, 1).set_parameters(np.array([[np.nan]]), np.zeros(1))


def test_a_float32_layer_keeps_float32_parameters():
    layer = Dense(2, 2, dtype=np.float32)
    layer.set_parameters(np.ones((2, 2)), np.ones(2))
    assert layer.W.dtype == np.float32 and layer.b.dtype == np.float32


def test_an_unsupported_dtype_is_rejected():
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        Dense(2, 2, dtype=np.int64)


def test_the_same_seed_gives_the_same_layer():
    np.testing.assert_array_equal(Dense(3, 4, rng=5).W, Dense(3, 4, rng=5).W)


def test_repr_shows_the_shape_and_activation():
    assert repr(Dense(2, 3, "tanh")) == "Dense(2 -> 3, Tanh())"
