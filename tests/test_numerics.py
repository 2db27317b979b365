r"""Numerics: extreme pre-activations give no floating-point warning, no NaN and finite losses.

Every activation and every loss runs under ``np.errstate(all="raise")``, so an overflow, an
invalid operation, a division by zero or even an underflow raises ``FloatingPointError``.

Whole networks run under ``np.errstate(all="raise", under="ignore")``: every error but
underflow. Underflow (a nonzero result smaller than the smallest normal number, rounded
towards 0) is harmless and cannot be avoided there: a saturated sigmoid has slope
:math:`\sigma'(z) \approx e^{-700}` in float64 (:math:`e^{-80}` in float32), and backpropagation
multiplies such slopes layer after layer. NumPy ignores underflow by default, PyTorch too.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlearn.activations import ACTIVATIONS, get_activation, softmax
from nnlearn.losses import LOSSES
from nnlearn.network import Network

DTYPES = [np.float64, np.float32]
# pre-activations from -1e4 to 1e4, with the delicate region around 0 and the
# points where sigmoid and exp saturate
EXTREMES = np.array([-1e4, -1e3, -750.0, -710.0, -100.0, -89.0, -40.0, -1.0, -1e-3, 0.0,
                     1e-3, 1.0, 40.0, 89.0, 100.0, 710.0, 750.0, 1e3, 1e4])


def _grid(dtype):
    """A (n, 3) batch holding every extreme in every column position (rows mix them)."""
    z = EXTREMES.astype(dtype)
    return np.stack([z, z[::-1], np.roll(z, 5)], axis=1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_and_its_backward_are_finite_and_silent_for_extreme_inputs(name, dtype):
    act = get_activation(name)
    z = _grid(dtype)
    grad_a = np.random.default_rng(0).normal(0.0, 1.0, z.shape).astype(dtype)
    with np.errstate(all="raise"):
        a = act.forward(z)
        grad_z = act.backward(z, a, grad_a)
    assert a.dtype == dtype and grad_z.dtype == dtype
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(grad_z))


def _targets(loss, z):
    n, k = z.shape
    if loss == "softmax_ce":
        return np.eye(k, dtype=z.dtype)[np.arange(n) % k]
    if loss in ("bce", "bce_logits"):
        return (np.arange(n * k).reshape(n, k) % 2).astype(z.dtype)
    return np.zeros_like(z)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_loss_and_its_gradient_are_finite_and_silent_for_extreme_inputs(loss, dtype):
    L = LOSSES[loss]
    z = _grid(dtype)
    # bce takes probabilities: push the extremes through a sigmoid (giving exact 0s and 1s)
    y_hat = get_activation("sigmoid").forward(z) if loss == "bce" else z
    y = _targets(loss, y_hat)
    with np.errstate(all="raise"):
        value = L.forward(y_hat, y)
        grad = L.backward(y_hat, y)
    assert np.isfinite(value)
    assert np.all(np.isfinite(grad))
    assert grad.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_fused_losses_stay_exact_for_confidently_wrong_logits(dtype):
    # logit -1e4 for a positive example: the loss is 1e4 (per element), not inf or nan
    z = np.array([[-1e4]], dtype=dtype)
    with np.errstate(all="raise"):
        assert LOSSES["bce_logits"].forward(z, np.ones_like(z)) == pytest.approx(1e4)
        assert LOSSES["softmax_ce"].forward(np.array([[-1e4, 0.0]], dtype=dtype),
                                            np.array([[1.0, 0.0]], dtype=dtype)) == pytest.approx(1e4)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss, output", [("mse", "sigmoid"), ("bce", "sigmoid"), ("bce_logits", "identity"),
                                          ("softmax_ce", "identity"), ("half_mse", "softmax")])
def test_network_with_huge_weights_is_finite_and_silent(hidden, loss, output, dtype):
    # weights of scale 300 drive pre-activations into the thousands in every layer
    net = Network([3, 6, 6, 2], hidden, output, init="normal", scale=300.0, seed=1, dtype=dtype)
    X = np.random.default_rng(0).normal(0.0, 3.0, (16, 3)).astype(dtype)
    y = _targets(loss, np.zeros((16, 2), dtype=dtype))
    if hidden in ("identity", "relu", "leaky_relu", "gelu"):
        # unbounded activations compound: keep the deepest z near 1e4 or below
        net.set_parameters([p / 30.0 if p.ndim == 2 else p for p in net.parameters()])
    with np.errstate(all="raise", under="ignore"):
        value, grads = net.loss_and_gradients(X, y, loss)
    assert np.isfinite(value)
    assert max(float(np.max(np.abs(z))) for z in net.zs) > 100.0  # the test does reach extremes
    for g in grads:
        assert g.dtype == dtype
        assert np.all(np.isfinite(g))


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 8)),
              elements=st.floats(-1e4, 1e4, allow_nan=False)))
def test_softmax_rows_sum_to_one_for_any_logits(z):
    with np.errstate(all="raise"):
        a = softmax(z)
    assert np.all(a >= 0.0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 8)),
              elements=st.floats(-1e4, 1e4, allow_nan=False, width=32)))
def test_softmax_rows_sum_to_one_in_float32(z):
    with np.errstate(all="raise"):
        a = softmax(z)
    assert a.dtype == np.float32
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-5)


def test_sigmoid_beyond_its_clip_is_what_the_docstring_says():
    """sigma(-1000) is sigma(-700) (about 9.86e-305), not the exact value (which rounds to 0); +1000 gives 1."""
    import math

    from nnlearn.activations import sigmoid

    assert sigmoid(np.float64(-1000.0)) == sigmoid(np.float64(-700.0)) == 1.0 / (1.0 + math.exp(700.0))
    assert 9.8e-305 < sigmoid(np.float64(-1000.0)) < 9.9e-305
    assert sigmoid(np.float32(-1000.0)) == sigmoid(np.float32(-80.0)) > 0
    assert sigmoid(np.float64(1000.0)) == 1.0
    assert "rounds to 0" in sigmoid.__doc__ and "9.9" in sigmoid.__doc__
    z = np.linspace(-699, 699, 1001)
    exact = np.array([1.0 / (1.0 + math.exp(-v)) for v in z])
    np.testing.assert_allclose(sigmoid(z), exact, rtol=4e-16, atol=0)


def test_global_norm_clipping_does_not_overflow_in_float32():
    """Gradients of +-1e20 in float32: the squared norm overflows float32, but the norm is 2.236e20 and the
    clipped entries are +-0.4472 (not 0)."""
    from nnlearn.optim import clip_by_global_norm, global_norm, l2_norm

    grads = [np.array([[1e20, -1e20]], dtype=np.float32), np.array([1e20], dtype=np.float32),
             np.array([-1e20, 1e20], dtype=np.float32)]
    assert global_norm(grads) == pytest.approx(np.sqrt(5) * 1e20, rel=1e-6)
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(2.236e20, rel=1e-3)
    for g, c in zip(grads, clipped):
        assert c.dtype == np.float32
        np.testing.assert_allclose(c, np.sign(g) * 0.4472136, rtol=1e-6)
    assert l2_norm(np.array([1e200, 1e200])) == pytest.approx(np.sqrt(2) * 1e200)  # float64 overflow too
    assert l2_norm(np.array([1e-200, 1e-200])) == pytest.approx(np.sqrt(2) * 1e-200)  # and underflow
    # (torch.nn.utils.clip_grad_norm_ 2.13 computes this norm in float32 too and zeroes every entry:
    # the defect this test guards against, so it is not the reference here.)


def test_recorded_gradient_norms_are_finite_for_finite_float32_gradients():
    from nnlearn.diagnostics import layer_gradient_norms
    from nnlearn.network import Network
    from nnlearn.train import train

    net = Network([2, 1], "identity", dtype=np.float32)  # y_hat = 1, but dL/dW = x = 1e20 per entry
    net.set_parameters([np.full((2, 1), 5e-21), np.zeros(1)])
    X = np.array([[1e20, 1e20]], dtype=np.float32)
    net.loss_and_gradients(X, np.array([0.0]), "half_mse")
    norms = layer_gradient_norms(net)
    assert norms[0] == pytest.approx(np.sqrt(2) * 1e20, rel=1e-6)  # its float32 square overflows
    history = train(net.copy(), X, [0.0], "half_mse", eta=1e-40, epochs=1, record_grad_norms=True)
    np.testing.assert_allclose(history.grad_norms[0], norms, rtol=1e-6)
