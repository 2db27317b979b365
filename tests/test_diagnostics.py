"""Tests of nnlearn.diagnostics: per-layer gradient norms and dead ReLU units."""

import numpy as np
import pytest

from nnlearn.data import two_moons
from nnlearn.diagnostics import dead_relu_fraction, layer_gradient_norms
from nnlearn.network import Network


def test_layer_gradient_norms_are_the_frobenius_norms_of_each_dW():
    X, y = two_moons(40)
    net = Network([2, 5, 3, 1], "tanh", "sigmoid")
    _, grads = net.loss_and_gradients(X, y, "bce")
    expected = [np.linalg.norm(dW) for dW in grads[0::2]]
    np.testing.assert_allclose(layer_gradient_norms(net), expected, rtol=1e-15)


def test_layer_gradient_norms_before_any_backward_pass_raise():
    with pytest.raises(RuntimeError, match="no gradients yet"):
        layer_gradient_norms(Network([2, 3, 1]))


def test_layer_gradient_norms_shrink_towards_the_input_in_a_deep_sigmoid_network():
    # the vanishing gradient: each sigmoid layer multiplies the error signal by at most 1/4
    X, y = two_moons(64)
    net = Network([2] + [16] * 8 + [1], "sigmoid", init="small", seed=0)
    net.loss_and_gradients(X, y, "bce")
    norms = layer_gradient_norms(net)
    assert norms[0] < 1e-6 * norms[-1]


def _relu_net_with_a_dead_unit():
    net = Network([2, 4, 1], "relu", "identity", seed=0)
    net.layers[0].b[:] = [0.0, -100.0, 0.0, 0.0]  # unit 1: z = x.W - 100 < 0 for any x in the data
    return net


def test_dead_relu_fraction_counts_units_that_are_zero_for_every_example():
    X, _ = two_moons(50)
    fractions = dead_relu_fraction(_relu_net_with_a_dead_unit(), X)
    assert fractions.shape == (2,)
    assert fractions[0] == pytest.approx(0.25)


def test_dead_relu_fraction_is_nan_for_layers_that_are_not_relu():
    X, _ = two_moons(50)
    fractions = dead_relu_fraction(_relu_net_with_a_dead_unit(), X)
    assert np.isnan(fractions[1])
    assert np.all(np.isnan(dead_relu_fraction(Network([2, 3, 1], "leaky_relu"), X)))


def test_a_unit_alive_for_one_example_is_not_dead():
    net = Network([1, 1], "relu")
    net.set_parameters([np.array([[1.0]]), np.array([0.0])])
    assert dead_relu_fraction(net, np.array([[-1.0], [-2.0], [0.5]]))[0] == 0.0
    assert dead_relu_fraction(net, np.array([[-1.0], [-2.0], [0.0]]))[0] == 1.0


def test_dead_relu_fraction_leaves_the_forward_cache_alone():
    X, _ = two_moons(20)
    net = _relu_net_with_a_dead_unit()
    net.forward(X[:3])
    dead_relu_fraction(net, X)
    assert net.layers[0].z.shape == (3, 4)


def test_diagnostics_reject_something_that_is_not_a_network():
    with pytest.raises(TypeError, match="net must be an nnlearn Network"):
        dead_relu_fraction([1, 2], np.zeros((1, 2)))
    with pytest.raises(TypeError, match="net must be an nnlearn Network"):
        layer_gradient_norms(None)


def test_dead_relu_fraction_rejects_input_of_the_wrong_width():
    with pytest.raises(ValueError, match="X has 3 features"):
        dead_relu_fraction(Network([2, 3, 1], "relu"), np.zeros((4, 3)))
