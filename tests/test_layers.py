"""Tests of nnlearn.layers.Dense: z = a_prev W + b, a = f(z), its cache and its parameters."""

import numpy as np
import pytest

from nnlearn.activations import Sigmoid
from nnlearn.layers import Dense, Residual


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


def test_dense_backward_owns_bp1_to_bp4_and_returns_grad_of_its_input():
    """Dense.backward alone: delta, dW, db and dL/da_prev agree with central differences (float64)."""
    rng = np.random.default_rng(3)
    layer = Dense(3, 2, "tanh", rng=1)
    a_prev = rng.normal(size=(5, 3))
    g = rng.normal(size=(5, 2))  # dL/da for L = sum(g * a)

    def L(a_in, W=None):
        W0 = layer.W.copy()
        if W is not None:
            layer.W[...] = W
        value = float((g * layer.forward(a_in)).sum())
        layer.W[...] = W0
        return value

    layer.forward(a_prev)
    grad_prev = layer.backward(g)
    assert grad_prev.shape == a_prev.shape
    np.testing.assert_allclose(layer.delta, g * (1 - layer.a ** 2))  # BP1/BP2
    np.testing.assert_allclose(layer.db, layer.delta.sum(axis=0))    # BP3
    np.testing.assert_allclose(layer.dW, a_prev.T @ layer.delta)     # BP4
    h = 1e-6
    num = np.zeros_like(a_prev)
    for idx in np.ndindex(a_prev.shape):
        up, down = a_prev.copy(), a_prev.copy()
        up[idx] += h
        down[idx] -= h
        num[idx] = (L(up) - L(down)) / (2 * h)
    np.testing.assert_allclose(grad_prev, num, rtol=1e-6, atol=1e-9)
    numW = np.zeros_like(layer.W)
    for idx in np.ndindex(layer.W.shape):
        up, down = layer.W.copy(), layer.W.copy()
        up[idx] += h
        down[idx] -= h
        numW[idx] = (L(a_prev, up) - L(a_prev, down)) / (2 * h)
    layer.forward(a_prev)
    layer.backward(g)
    np.testing.assert_allclose(layer.dW, numW, rtol=1e-6, atol=1e-9)


def test_dense_backward_rejects_missing_forward_and_wrong_shape():
    layer = Dense(2, 3)
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.ones((4, 3)))
    layer.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match="grad_a"):
        layer.backward(np.ones((4, 2)))


# --------------------------------------------------------------------------- the first layer skips dL/dX

def _grads(layer):
    return [g.copy() for g in (layer.gradients() if hasattr(layer, "gradients") else [])]


@pytest.mark.parametrize("make", [lambda: Dense(5, 3, "tanh", rng=1), lambda: Residual(5, "relu", 2, rng=1)])
def test_input_gradient_false_returns_none_and_the_same_parameter_gradients(make):
    X = np.random.default_rng(0).normal(size=(4, 5))
    full, skip = make(), make()
    out = full.forward(X)
    skip.forward(X)
    g = np.random.default_rng(1).normal(size=out.shape)
    assert full.backward(g).shape == X.shape
    assert skip.backward(g, input_gradient=False) is None
    for a, b in zip(_grads(full), _grads(skip)):
        np.testing.assert_array_equal(a, b)


def test_input_gradient_must_be_a_bool():
    layer = Dense(2, 2)
    layer.forward(np.ones((1, 2)))
    with pytest.raises(TypeError, match="input_gradient must be True or False, got 0"):
        layer.backward(np.ones((1, 2)), input_gradient=0)


def test_network_backward_never_computes_the_gradient_for_the_input(monkeypatch):
    """dL/dX is the largest product of an MLP's backward pass and nothing uses it: the first layer skips it."""
    from nnlearn import Network
    net = Network([6, 4, 3], "relu", "identity", seed=0)
    calls = []
    real = Dense.backward
    monkeypatch.setattr(Dense, "backward", lambda self, g, **kw: calls.append(kw.get("input_gradient", True))
                        or real(self, g, **kw))
    X = np.random.default_rng(0).normal(size=(5, 6))
    value, grads = net.loss_and_gradients(X, np.array([0, 1, 2, 0, 1]), "softmax_ce")
    assert calls == [True, False]  # the output layer hands dL/da^1 down; the first layer hands nothing
    reference = Network([6, 4, 3], "relu", "identity", seed=0)
    reference.forward(X)
    # the same gradients as a backward pass that also computes dL/dX
    from nnlearn.losses import get_loss
    _, g_out = get_loss("softmax_ce").value_and_gradient(reference.forward(X), np.eye(3)[[0, 1, 2, 0, 1]])
    g = g_out
    for layer in reversed(reference.layers):
        g = real(layer, g)
    assert g.shape == X.shape
    for a, b in zip(grads, reference.gradients()):
        np.testing.assert_array_equal(a, b)


def test_input_gradient_accepts_numpy_bools():
    layer = Dense(2, 2)
    layer.forward(np.ones((1, 2)))
    assert layer.backward(np.ones((1, 2)), input_gradient=np.False_) is None
    assert layer.backward(np.ones((1, 2)), input_gradient=np.True_).shape == (1, 2)
