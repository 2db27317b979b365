"""Tests of nnlearn.gradcheck: backpropagation agrees with central differences, for any network."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnlearn.activations import ACTIVATIONS, LeakyReLU, Sigmoid
from nnlearn.data import logic_gate
from nnlearn.gradcheck import (BANDS, GradCheckResult, gradient_check, numerical_gradients,
                               relative_error, verdict)
from nnlearn.network import Network
from nnlearn.layers import Dense

# ---------------------------------------------------------------- the property test
#
# Every activation (softmax and leaky ReLU included) may appear in any hidden layer.
# Each loss gets a suitable output: probabilities (sigmoid or softmax) for "bce",
# logits (identity) for the fused "bce_logits" and "softmax_ce" (with one-hot targets),
# any activation for the squared errors.
#
# Kinks: ReLU and leaky ReLU have no derivative at z = 0, and a finite difference whose
# stencil crosses 0 measures a mixture of the two slopes. The gradient check moves a
# parameter by up to 2 * eps = 2e-3, which moves a pre-activation by about as much, so
# we drop every example for which some ReLU-family pre-activation lies within 3e-2 of 0
# (`assume` skips the draw if no example is left). What remains is smooth near the point.

ALL_ACTIVATIONS = sorted(ACTIVATIONS)
KINKED = {"relu", "leaky_relu"}
OUTPUTS = {
    "mse": ALL_ACTIVATIONS,
    "half_mse": ALL_ACTIVATIONS,
    "bce": ["sigmoid", "softmax"],
    "bce_logits": ["identity"],
    "softmax_ce": ["identity"],
}
KINK_MARGIN = 3e-2


def _activation(name: str, slope: float):
    return LeakyReLU(slope) if name == "leaky_relu" else name


@st.composite
def networks_and_data(draw):
    n_layers = draw(st.integers(1, 5))
    sizes = draw(st.lists(st.integers(1, 8), min_size=n_layers + 1, max_size=n_layers + 1))
    slope = draw(st.sampled_from([0.01, 0.1, 0.3]))
    hidden = draw(st.lists(st.sampled_from(ALL_ACTIVATIONS), min_size=n_layers - 1, max_size=n_layers - 1))
    loss = draw(st.sampled_from(sorted(OUTPUTS)))
    output = draw(st.sampled_from(OUTPUTS[loss]))
    init = draw(st.sampled_from(["xavier", "he"]))
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(1, 8))

    rng = np.random.default_rng(seed)
    net = Network(sizes, [_activation(h, slope) for h in hidden], _activation(output, slope),
                  init=init, seed=seed)
    # random (not zero) biases, so that every bias path is exercised
    net.set_parameters([p if p.ndim == 2 else rng.normal(0.0, 0.5, p.shape) for p in net.parameters()])
    X = rng.normal(0.0, 1.0, (n, sizes[0]))
    k = sizes[-1]
    if loss == "softmax_ce":
        y = np.eye(k)[rng.integers(0, k, n)]
    elif loss in ("bce", "bce_logits"):
        y = rng.integers(0, 2, (n, k)).astype(float)
    else:
        y = rng.normal(0.0, 1.0, (n, k))
    return net, X, y, loss


def _away_from_kinks(net: Network, X: np.ndarray) -> np.ndarray:
    """A boolean mask of the examples whose ReLU-family pre-activations are all farther than KINK_MARGIN from 0."""
    net.forward(X)
    keep = np.ones(len(X), dtype=bool)
    for layer in net.layers:
        if layer.activation.name in KINKED:
            keep &= np.all(np.abs(layer.z) > KINK_MARGIN, axis=1)
    return keep


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(networks_and_data())
def test_backprop_matches_central_differences_below_1e_7_for_every_parameter(case):
    net, X, y, loss = case
    keep = _away_from_kinks(net, X)
    assume(keep.any())
    result = gradient_check(net, X[keep], y[keep], loss)
    assert max(result.errors) < 1e-7, str(result)
    assert result.verdict == "good"


@pytest.mark.parametrize("loss", sorted(OUTPUTS))
@pytest.mark.parametrize("hidden", ALL_ACTIVATIONS)
def test_every_hidden_activation_with_every_loss_passes_the_gradient_check(hidden, loss):
    # the property test draws at random; this pins every (activation, loss) pair once
    rng = np.random.default_rng(7)
    output = OUTPUTS[loss][0] if loss != "mse" else "tanh"
    net = Network([3, 4, 3, 2], hidden, output, seed=5)
    net.set_parameters([p if p.ndim == 2 else rng.normal(0.0, 0.5, p.shape) for p in net.parameters()])
    X = rng.normal(0.0, 1.0, (6, 3))
    y = rng.integers(0, 2, (6, 2)).astype(float) if loss != "softmax_ce" else rng.integers(0, 2, 6)
    keep = _away_from_kinks(net, X)
    assert keep.sum() >= 3
    result = gradient_check(net, X[keep], y[keep], loss)
    assert result.max_error < 1e-7, str(result)


# ---------------------------------------------------------------- relative_error and verdict
def test_relative_error_is_zero_for_equal_arrays():
    a = np.array([[1.0, -2.0], [3e-9, 0.0]])
    assert relative_error(a, a.copy()) == 0.0


def test_relative_error_is_one_for_opposite_arrays():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, -a) == pytest.approx(1.0)


def test_relative_error_is_the_difference_norm_over_the_sum_of_norms():
    a, b = np.array([3.0, 4.0]), np.array([3.0, 4.0 + 1e-6])
    assert relative_error(a, b) == pytest.approx(1e-6 / (5.0 + np.linalg.norm(b)))


def test_relative_error_does_not_depend_on_the_scale():
    a, b = np.array([1.0, 2.0]), np.array([1.0, 2.1])
    assert relative_error(1e-6 * a, 1e-6 * b) == pytest.approx(relative_error(a, b))


def test_relative_error_of_two_practically_zero_arrays_is_small():
    assert relative_error(np.array([1e-17]), np.array([0.0])) < 1e-4


def test_relative_error_of_empty_arrays_is_zero():
    assert relative_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0


def test_relative_error_rejects_different_shapes():
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize("error, expected", [
    (0.0, "good"), (9.9e-8, "good"), (1e-7, "acceptable for kinked functions"),
    (5e-5, "acceptable for kinked functions"), (1e-4, "suspicious"), (5e-3, "suspicious"),
    (1e-2, "wrong"), (1.0, "wrong"), (float("nan"), "wrong"),
])
def test_verdict_bands(error, expected):
    assert verdict(error) == expected


def test_bands_are_increasing():
    limits = [limit for limit, _ in BANDS]
    assert limits == sorted(limits)


# ---------------------------------------------------------------- numerical_gradients
def test_numerical_gradients_have_the_shapes_of_the_parameters():
    X, y = logic_gate("XOR")
    net = Network([2, 3, 1], "tanh", "sigmoid")
    grads = numerical_gradients(net, X, y, "bce")
    assert [g.shape for g in grads] == [p.shape for p in net.parameters()]


@pytest.mark.parametrize("order", [2, 4])
def test_numerical_gradients_agree_with_backprop_on_xor(order):
    X, y = logic_gate("XOR")
    net = Network([2, 4, 1], "sigmoid", seed=3)
    _, analytic = net.loss_and_gradients(X, y, "half_mse")
    numeric = numerical_gradients(net, X, y, "half_mse", order=order)
    for a, b in zip(analytic, numeric):
        assert relative_error(a, b) < 1e-7


def test_numerical_gradients_of_a_quadratic_are_exact_to_rounding():
    # one identity unit and half_mse: L is quadratic in w, so central differences have no truncation error
    net = Network([1, 1], "identity")
    net.set_parameters([np.array([[0.3]]), np.array([0.1])])
    X, y = np.array([[2.0]]), np.array([1.0])
    dW, db = numerical_gradients(net, X, y, "half_mse")
    residual = 0.3 * 2.0 + 0.1 - 1.0  # y_hat - y
    assert dW[0, 0] == pytest.approx(residual * 2.0, abs=1e-9)
    assert db[0] == pytest.approx(residual, abs=1e-9)


def test_gradient_check_leaves_the_network_bit_for_bit_unchanged():
    X, y = logic_gate("XOR")
    net = Network([2, 4, 1], "tanh", "sigmoid", seed=2)
    net.forward(X)
    before = [p.copy() for p in net.parameters()]
    cached_z = [layer.z.copy() for layer in net.layers]
    gradient_check(net, X, y, "bce")
    numerical_gradients(net, X, y, "bce")
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters()))
    assert all(np.array_equal(layer.z, z) for layer, z in zip(net.layers, cached_z))


def test_gradient_check_of_a_float32_network_runs_in_float64():
    X, y = logic_gate("XOR")
    net = Network([2, 3, 1], "tanh", "sigmoid", dtype=np.float32)
    result = gradient_check(net, X.astype(np.float32), y, "bce")
    assert result.verdict == "good"
    assert all(g.dtype == np.float64 for g in result.analytic + result.numeric)
    assert all(p.dtype == np.float32 for p in net.parameters())


def test_gradient_check_finds_a_wrong_derivative():
    class BrokenSigmoid(Sigmoid):
        def derivative(self, z, a):
            return a * (1.0 - a) + 0.05  # a bug: the slope is off by 0.05

    X, y = logic_gate("XOR")
    net = Network([2, 3, 1], BrokenSigmoid(), "sigmoid", seed=1)
    result = gradient_check(net, X, y, "bce")
    assert result.verdict == "wrong"
    assert result.verdicts[2:] == ["good", "good"]  # the output layer does not use the broken slope


def test_gradient_check_at_a_relu_kink_is_not_good():
    # input (0, 0) with zero biases puts every first-layer z exactly on the kink at 0
    X, y = logic_gate("XOR")
    net = Network([2, 3, 1], "relu", "identity", seed=0)
    assert gradient_check(net, X, y, "bce_logits").verdict != "good"


def test_gradient_check_result_names_every_parameter_and_prints_a_table():
    X, y = logic_gate("AND")
    result = gradient_check(Network([2, 2, 1], "sigmoid"), X, y, "bce")
    assert isinstance(result, GradCheckResult)
    assert result.names == ["W1", "b1", "W2", "b2"]
    rows = result.to_rows()
    assert [row["parameter"] for row in rows] == result.names
    assert rows[0]["shape"] == (2, 2)
    text = str(result)
    assert "W1" in text and "overall" in text and result.verdict in text
    assert repr(result) == text


@pytest.mark.parametrize("eps", [0, -1e-3, 1.5, "small", True])
def test_gradient_check_rejects_a_bad_eps(eps):
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="eps"):
        gradient_check(Network([2, 1]), X, y, "bce", eps=eps)


@pytest.mark.parametrize("order", [1, 3, 6, True])
def test_numerical_gradients_rejects_an_unsupported_order(order):
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="order"):
        numerical_gradients(Network([2, 1]), X, y, "bce", order=order)


def test_gradient_check_rejects_wrong_labels_for_the_loss():
    X, _ = logic_gate("AND")
    with pytest.raises(ValueError, match="y must hold only the labels 0 and 1"):
        gradient_check(Network([2, 1]), X, np.array([0, 1, 2, 1]), "bce")


# ---------------------------------------------------------------- deep networks: honest verdicts
HONEST = ("good", "below what finite differences can resolve")
X_DEEP = np.random.default_rng(0).normal(size=(4, 3))
Y_DEEP = np.array([0.0, 1.0, 1.0, 0.0])[:, None]


def test_the_issue_case_is_not_called_wrong():
    """Network([3] + [3]*20 + [1], "sigmoid") is correct (it matches PyTorch to 1e-14): its first layers'
    gradients (about 1e-14) lie below the noise of finite differences, and the check says so."""
    result = gradient_check(Network([3] + [3] * 20 + [1], "sigmoid", seed=0), X_DEEP, Y_DEEP, "bce")
    assert result.verdict == "below what finite differences can resolve"
    assert result.verdicts[0] == "below what finite differences can resolve"
    assert result.verdicts[-1] == "good"
    assert "noise floor" in str(result)


@pytest.mark.parametrize("act, out, loss", [("sigmoid", "sigmoid", "bce"), ("tanh", "sigmoid", "bce"),
                                            ("tanh", "identity", "half_mse"), ("sigmoid", "sigmoid", "mse")])
@pytest.mark.parametrize("depth", [1, 5, 10, 15, 20, 30])
def test_correct_deep_networks_are_never_called_wrong(act, out, loss, depth):
    for seed in (0, 1):
        result = gradient_check(Network([3] + [3] * depth + [1], act, out, seed=seed), X_DEEP, Y_DEEP, loss)
        assert result.verdict in HONEST, (depth, seed, str(result))


class _MissingSlope(Dense):
    """A planted bug: BP2 without the factor f'(z)."""

    def backward(self, grad_a):
        self.delta = grad_a
        self.db = self.delta.sum(axis=0)
        self.dW = self.a_prev.T @ self.delta
        return self.delta @ self.W.T


class _SignFlip(Dense):
    def backward(self, grad_a):
        grad_prev = super().backward(grad_a)
        self.dW, self.db = -self.dW, -self.db
        return -grad_prev


class _TransposedWeight(Dense):
    def backward(self, grad_a):
        super().backward(grad_a)
        return self.delta @ self.W  # should be W.T


@pytest.mark.parametrize("bug", [_MissingSlope, _SignFlip, _TransposedWeight])
@pytest.mark.parametrize("depth", [2, 5, 10, 20, 30])
@pytest.mark.parametrize("where", ["top", "middle"])
def test_a_planted_bug_is_caught_wherever_the_gradient_is_measurable(bug, depth, where):
    """Every array the bug changes whose true gradient stands clearly above the noise floor is flagged."""
    correct = Network([3] + [3] * depth + [1], "sigmoid", seed=0)
    k = depth - 1 if where == "top" else depth // 2  # a hidden 3x3 layer (index >= 1)
    k = max(k, 1)
    broken = correct.copy()
    broken.layers[k].__class__ = bug
    truth = gradient_check(correct, X_DEEP, Y_DEEP, "bce")
    result = gradient_check(broken, X_DEEP, Y_DEEP, "bce")
    # arrays the bug changes: layer k's own (not for the transposed weight) and every layer below it
    last = 2 * k + (2 if bug is not _TransposedWeight else 0)
    measurable = [i for i in range(last)
                  if np.linalg.norm(truth.analytic[i]) > 100 * truth.noise_floors[i]]
    assert measurable or depth >= 20, "the test would check nothing"
    for i in measurable:
        if relative_error(result.analytic[i], truth.analytic[i]) > 1e-3:  # the bug really changed it
            assert result.verdicts[i] in ("suspicious", "wrong"), (i, str(result))
    if measurable:
        assert result.verdict in ("suspicious", "wrong")
