"""Tests of nnlearn.activations: values, derivatives, softmax and its Jacobian, names."""

import math

import numpy as np
import pytest

from nnlearn.activations import (ACTIVATIONS, GELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh,
                                 get_activation, sigmoid, softmax, softmax_jacobian)

ELEMENTWISE = [name for name in sorted(ACTIVATIONS) if name != "softmax"]
SMOOTH_POINTS = np.array([[-3.0, -0.7, -0.2, 0.3, 1.1, 2.5]])  # no kinks: none is 0


def test_sigmoid_of_zero_is_one_half():
    assert sigmoid(0.0) == 0.5


def test_sigmoid_is_the_logistic_function():
    z = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-15)


def test_sigmoid_of_an_integer_array_is_float64():
    assert sigmoid(np.array([0, 1])).dtype == np.float64


def test_sigmoid_saturates_to_0_and_1_without_overflow():
    with np.errstate(all="raise"):
        a = sigmoid(np.array([-1e4, 1e4]))
    assert 0.0 <= a[0] < 1e-300 and a[1] == 1.0


@pytest.mark.parametrize("cls, z, expected", [
    (Identity, [-2.0, 3.0], [-2.0, 3.0]),
    (Tanh, [0.0, 1.0], [0.0, math.tanh(1.0)]),
    (ReLU, [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0]),
])
def test_activation_values_at_known_points(cls, z, expected):
    np.testing.assert_allclose(cls()(np.array(z)), expected, rtol=1e-15)


def test_leaky_relu_scales_negative_inputs_by_its_slope():
    np.testing.assert_allclose(LeakyReLU(0.1)(np.array([-2.0, 0.0, 3.0])), [-0.2, 0.0, 3.0])


def test_gelu_is_its_tanh_formula():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    u = math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)
    np.testing.assert_allclose(GELU()(z), 0.5 * z * (1 + np.tanh(u)), rtol=1e-15)


def test_gelu_is_close_to_the_exact_gelu():
    # the tanh form approximates z * Phi(z) to about 1e-3
    z = np.linspace(-4, 4, 81)
    exact = 0.5 * z * (1 + np.array([math.erf(v / math.sqrt(2)) for v in z]))
    assert np.max(np.abs(GELU()(z) - exact)) < 1e-3


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_a_central_difference(name):
    act = get_activation(name)
    z, h = SMOOTH_POINTS, 1e-6
    numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z, act.forward(z)), numeric, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_grad_a_times_the_derivative(name):
    act = get_activation(name)
    z = SMOOTH_POINTS
    a = act.forward(z)
    grad_a = np.arange(1.0, 7.0)[None, :]
    np.testing.assert_allclose(act.backward(z, a, grad_a), grad_a * act.derivative(z, a), rtol=1e-15)


def test_relu_slope_at_the_kink_is_zero_like_pytorch():
    assert ReLU().derivative(np.array([0.0]), np.array([0.0]))[0] == 0.0


def test_softmax_rows_sum_to_one_and_keep_their_order():
    z = np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0]])
    a = softmax(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    assert np.all(np.diff(a, axis=1) > 0)


def test_softmax_does_not_change_when_a_constant_is_added_to_a_row():
    z = np.array([[0.1, -2.0, 3.0]])
    np.testing.assert_allclose(softmax(z + 1000.0), softmax(z), rtol=1e-12)  # z + 1000 rounds z


def test_softmax_jacobian_is_diag_a_minus_a_a_transpose():
    a = softmax(np.array([0.2, -1.0, 0.5]))
    np.testing.assert_allclose(softmax_jacobian(a), np.diag(a) - np.outer(a, a), rtol=1e-15)


def test_softmax_jacobian_rows_sum_to_zero_for_a_batch():
    a = softmax(np.random.default_rng(0).normal(size=(4, 5)))
    J = softmax_jacobian(a)
    assert J.shape == (4, 5, 5)
    np.testing.assert_allclose(J.sum(axis=2), 0.0, atol=1e-15)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(1)
    z, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    a = softmax(z)
    expected = np.einsum("nkj,nk->nj", softmax_jacobian(a), g)
    np.testing.assert_allclose(Softmax().backward(z, a, g), expected, rtol=1e-12, atol=1e-15)


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(TypeError, match="softmax is not elementwise"):
        Softmax().derivative(np.zeros((1, 2)), np.zeros((1, 2)))


def test_activations_keep_float32():
    z = np.array([[-1.0, 0.5]], dtype=np.float32)
    for name in ACTIVATIONS:
        act = get_activation(name)
        a = act.forward(z)
        assert a.dtype == np.float32
        assert act.backward(z, a, np.ones_like(z)).dtype == np.float32


def test_get_activation_by_name_and_by_instance():
    assert isinstance(get_activation("sigmoid"), Sigmoid)
    act = LeakyReLU(0.2)
    assert get_activation(act) is act
    assert get_activation("leaky_relu", slope=0.3).slope == 0.3


def test_get_activation_rejects_an_unknown_name_listing_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*sigmoid"):
        get_activation("swish")


def test_get_activation_rejects_parameters_an_activation_does_not_take():
    with pytest.raises(TypeError, match="takes no parameters"):
        get_activation("tanh", slope=0.1)


@pytest.mark.parametrize("slope, error", [(1.0, ValueError), (-0.1, ValueError), ("0.1", TypeError),
                                          (float("nan"), TypeError)])
def test_leaky_relu_rejects_a_bad_slope(slope, error):
    with pytest.raises(error, match="slope"):
        LeakyReLU(slope)


def test_activations_compare_by_type_and_parameters():
    assert Sigmoid() == Sigmoid() and LeakyReLU(0.1) == LeakyReLU(0.1)
    assert LeakyReLU(0.1) != LeakyReLU(0.2)
    assert repr(LeakyReLU(0.1)) == "LeakyReLU(slope=0.1)"
