"""Tests of nnlearn.losses: values, gradients, the half convention, safety near 0 and 1, targets."""

import math

import numpy as np
import pytest

from nnlearn.activations import sigmoid, softmax
from nnlearn.losses import BCE, LOSSES, MSE, BCEWithLogits, SoftmaxCrossEntropy, get_loss


def _central_difference(loss, y_hat, y, h=1e-6):
    grad = np.zeros_like(y_hat)
    for i in np.ndindex(y_hat.shape):
        up, down = y_hat.copy(), y_hat.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (loss.forward(up, y) - loss.forward(down, y)) / (2 * h)
    return grad


def _case(name):
    rng = np.random.default_rng(0)
    if name == "bce":
        return rng.uniform(0.05, 0.95, (5, 2)), rng.integers(0, 2, (5, 2)).astype(float)
    if name == "bce_logits":
        return rng.normal(size=(5, 2)), rng.integers(0, 2, (5, 2)).astype(float)
    if name == "softmax_ce":
        return rng.normal(size=(5, 3)), np.eye(3)[rng.integers(0, 3, 5)]
    return rng.normal(size=(5, 2)), rng.normal(size=(5, 2))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_backward_matches_a_central_difference(name):
    loss = LOSSES[name]
    y_hat, y = _case(name)
    np.testing.assert_allclose(loss.backward(y_hat, y), _central_difference(loss, y_hat, y), rtol=1e-7, atol=1e-10)


def test_half_mse_of_one_example_is_half_the_squared_error():
    assert LOSSES["half_mse"](np.array([0.8]), np.array([1.0])) == pytest.approx(0.5 * 0.2**2)


def test_plain_mse_is_the_mean_of_squared_errors_like_torch():
    y_hat, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 2.0], [3.0, 6.0]])
    assert LOSSES["mse"](y_hat, y) == pytest.approx((1 + 0 + 0 + 4) / 4)
    assert LOSSES["half_mse"](y_hat, y) == pytest.approx((1 + 0 + 0 + 4) / 8)


def test_losses_are_means_so_repeating_the_data_changes_nothing():
    for name, loss in LOSSES.items():
        y_hat, y = _case(name)
        twice = (np.vstack([y_hat, y_hat]), np.vstack([y, y]))
        assert loss.forward(*twice) == pytest.approx(loss.forward(y_hat, y), rel=1e-14)


def test_bce_is_the_cross_entropy_formula():
    p, y = np.array([[0.9], [0.2]]), np.array([[1.0], [0.0]])
    assert LOSSES["bce"](p, y) == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)


def test_bce_is_finite_at_probabilities_exactly_0_and_1():
    p, y = np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])
    with np.errstate(all="raise"):
        assert LOSSES["bce"].forward(p, y) == pytest.approx(100.0)  # each log clamped at -100, like torch
        assert np.all(np.isfinite(LOSSES["bce"].backward(p, y)))


def test_bce_with_logits_equals_bce_of_the_sigmoid():
    z, y = _case("bce_logits")
    assert LOSSES["bce_logits"].forward(z, y) == pytest.approx(LOSSES["bce"].forward(sigmoid(z), y), rel=1e-13)


def test_bce_with_logits_is_exact_where_bce_of_a_rounded_sigmoid_is_not():
    # sigmoid(-800) rounds to 0, so BCE can only say "100" (its clamp); the fused form knows it is 800
    z, y = np.array([[-800.0]]), np.array([[1.0]])
    assert LOSSES["bce_logits"].forward(z, y) == pytest.approx(800.0)


def test_softmax_cross_entropy_equals_minus_log_softmax_of_the_true_class():
    z = np.array([[1.0, 2.0, 0.5]])
    expected = -math.log(softmax(z)[0, 1])
    assert LOSSES["softmax_ce"](z, np.array([1])) == pytest.approx(expected, rel=1e-14)


def test_softmax_cross_entropy_takes_class_indices_or_one_hot_rows():
    z, one_hot = _case("softmax_ce")
    indices = one_hot.argmax(axis=1)
    assert LOSSES["softmax_ce"](z, indices) == LOSSES["softmax_ce"](z, one_hot)


def test_loss_call_accepts_one_dimensional_predictions_and_targets():
    assert LOSSES["mse"]([0.0, 1.0], [1.0, 1.0]) == pytest.approx(0.5)


@pytest.mark.parametrize("name", ["bce", "bce_logits"])
def test_binary_losses_reject_labels_other_than_0_and_1(name):
    with pytest.raises(ValueError, match=r"y must hold only the labels 0 and 1, found \[2.0\]"):
        LOSSES[name](np.array([0.5, 0.5]), np.array([1.0, 2.0]))


def test_bce_rejects_predictions_that_are_not_probabilities():
    with pytest.raises(ValueError, match="y_hat must hold probabilities"):
        LOSSES["bce"](np.array([1.5]), np.array([1.0]))


def test_softmax_cross_entropy_rejects_class_indices_out_of_range():
    with pytest.raises(ValueError, match=r"class indices must lie in 0..2"):
        LOSSES["softmax_ce"](np.zeros((2, 3)), np.array([0, 3]))


def test_softmax_cross_entropy_rejects_fractional_class_indices():
    with pytest.raises(ValueError, match="class indices must be integers"):
        LOSSES["softmax_ce"](np.zeros((2, 3)), np.array([0.5, 1.0]))


def test_softmax_cross_entropy_rejects_rows_with_negative_entries():
    with pytest.raises(ValueError, match="one-hot"):
        LOSSES["softmax_ce"](np.zeros((1, 3)), np.array([[1.5, -0.5, 0.0]]))


@pytest.mark.parametrize("row_sum", [1.00001, 0.99, 2.0])
def test_softmax_cross_entropy_gradient_is_exact_for_any_row_sum(row_sum):
    """Soft targets summing to 1 only approximately: the gradient still matches central differences
    and PyTorch's cross_entropy with probability targets."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    y = rng.dirichlet(np.ones(3), size=4) * row_sum
    loss = LOSSES["softmax_ce"]
    y = loss.check_targets(y, z.shape)
    np.testing.assert_allclose(loss.backward(z, y), _central_difference(loss, z, y), rtol=1e-7, atol=1e-10)
    value, grad = loss.value_and_gradient(z, y)
    np.testing.assert_array_equal(grad, loss.backward(z, y))
    zt = torch.tensor(z, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(zt, torch.tensor(y))
    expected.backward()
    assert value == pytest.approx(expected.item(), rel=1e-13)
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_a_loss_rejects_targets_of_the_wrong_length():
    with pytest.raises(ValueError, match="y has 3 examples but X"):
        LOSSES["mse"](np.zeros(2), np.zeros(3))


def test_a_loss_rejects_nan_targets():
    with pytest.raises(ValueError, match="y contains NaN"):
        LOSSES["mse"](np.zeros(2), np.array([0.0, np.nan]))


def test_get_loss_by_name_and_by_instance():
    assert isinstance(get_loss("bce"), BCE)
    assert get_loss("half_mse").half is True
    custom = MSE(half=True)
    assert get_loss(custom) is custom
    assert {type(loss) for loss in LOSSES.values()} == {MSE, BCE, BCEWithLogits, SoftmaxCrossEntropy}


def test_get_loss_rejects_an_unknown_name_listing_the_known_ones():
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*bce"):
        get_loss("hinge")


def test_mse_half_must_be_a_bool():
    with pytest.raises(TypeError, match="half"):
        MSE(half=1)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_value_and_gradient_is_forward_and_backward_to_the_last_bit(name):
    loss = LOSSES[name]
    y_hat, y = _case(name)
    value, grad = loss.value_and_gradient(y_hat, y)
    assert value == loss.forward(y_hat, y)
    np.testing.assert_array_equal(grad, loss.backward(y_hat, y))


@pytest.mark.parametrize("loss, y_hat, y", [
    ("bce", np.array([[1.0], [0.0]]), np.array([1.0, 0.0])),
    ("softmax_ce", np.array([[1e3, 0.0], [0.0, 1e3]]), np.array([0, 1])),
])
def test_a_perfect_prediction_has_loss_plus_zero_not_minus_zero(loss, y_hat, y):
    value = get_loss(loss)(y_hat, y)
    assert value == 0.0
    assert np.copysign(1.0, value) == 1.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_clamps_each_log_at_minus_100_like_pytorch(dtype):
    """Probabilities exactly 0 and 1 on the wrong labels: each log is clamped at -100 (PyTorch's BCELoss)."""
    torch = pytest.importorskip("torch")
    y_hat = np.array([[0.0], [1.0]], dtype=dtype)
    y = np.array([[1.0], [0.0]], dtype=dtype)
    expected = torch.nn.BCELoss()(torch.tensor(y_hat), torch.tensor(y)).item()
    assert expected == 100.0
    assert BCE().forward(y_hat, y) == 100.0
    values, _ = BCE().values_and_gradients(y_hat[None], y[None])
    assert values[0] == 100.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_keeps_relative_precision_for_tiny_probabilities(dtype):
    """-log(1 - p) for p = 1e-20 is 1e-20 (log1p form), not 0."""
    y_hat = np.array([[1e-20]], dtype=dtype)
    value = BCE().forward(y_hat, np.zeros((1, 1), dtype=dtype))
    assert value == pytest.approx(float(dtype(1e-20)), rel=1e-6)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_a_perfect_prediction_gives_plus_zero_on_every_path(name):
    """No loss value may be -0.0, whether from forward, value_and_gradient or values_and_gradients."""
    loss = LOSSES[name]
    if name in ("bce_logits",):
        y_hat, y = np.array([[-1000.0], [1000.0]]), np.array([[0.0], [1.0]])
    elif name == "softmax_ce":
        y_hat, y = np.array([[0.0, 1000.0]]), np.array([[0.0, 1.0]])
    else:
        y_hat, y = np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]])
    for value in (loss.forward(y_hat, y), loss.value_and_gradient(y_hat, y)[0],
                  float(loss.values_and_gradients(y_hat[None], y[None])[0][0])):
        assert value < 1e-300 and math.copysign(1.0, value) == 1.0, (name, value)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_values_and_gradients_equal_separate_runs(name):
    """The K-run form of each loss gives each run's value_and_gradient (what nnlearn.batched relies on)."""
    rng = np.random.default_rng(1)
    k = 3 if name == "softmax_ce" else 1
    y_hat = rng.normal(size=(5, 4, k))
    if name == "bce":
        y_hat = sigmoid(y_hat)
    y = (rng.random((5, 4, k)) < 0.5).astype(float)
    if name == "softmax_ce":
        y = np.eye(3)[rng.integers(0, 3, size=(5, 4))]
    loss = LOSSES[name]
    values, grads = loss.values_and_gradients(y_hat, y)
    for r in range(5):
        v, g = loss.value_and_gradient(y_hat[r], y[r])
        assert values[r] == pytest.approx(v, rel=1e-14, abs=1e-300)
        np.testing.assert_allclose(grads[r], g, rtol=1e-14, atol=0)
