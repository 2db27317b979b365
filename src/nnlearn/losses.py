r"""Loss functions :math:`L(\hat y, y)` with their gradients :math:`\partial L / \partial \hat y`.

Shapes: the prediction ``y_hat`` is what the network outputs, ``(n, k)`` for
``n`` examples and ``k`` outputs. Every loss is a **mean over the examples**,
so a gradient never grows with the batch size.

Every loss offers:

``forward(y_hat, y)``
    the loss, a Python float. Fast: it checks nothing.
``backward(y_hat, y)``
    :math:`\partial L/\partial \hat y`, an array shaped like ``y_hat``.
    This is the ":math:`\nabla_a L`" that starts backpropagation.
``check_targets(y, y_hat_shape)``
    validates the targets once, before training (labels 0/1 for the binary
    losses, class indices or one-hot rows for softmax cross-entropy).
``__call__(y_hat, y)``
    checks both arguments, then returns ``forward``.

The fused losses (:class:`BCEWithLogits`, :class:`SoftmaxCrossEntropy`) take the
*logits* :math:`z` of an identity output layer instead of probabilities: they
never form :math:`\log \sigma(z)` from a rounded :math:`\sigma(z)`, so they stay
finite and exact where the unfused forms give :math:`\log 0`.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_binary_labels, check_choice
from .activations import exp_limit, sigmoid, softmax
from .portable import exp, log, log1p, vdot

__all__ = ["Loss", "MSE", "BCE", "BCEWithLogits", "SoftmaxCrossEntropy", "LOSSES", "get_loss"]


class Loss:
    """Base class for a loss: a value and its gradient with respect to the prediction."""

    name = "loss"

    def forward(self, y_hat: np.ndarray, y: np.ndarray) -> float:
        raise NotImplementedError

    def backward(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def value_and_gradient(self, y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """``(forward(y_hat, y), backward(y_hat, y))`` at once; a loss may override it to share work."""
        return self.forward(y_hat, y), self.backward(y_hat, y)

    def values_and_gradients(self, y_hat: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Many independent runs at once: ``y_hat`` and ``y`` of shape ``(K, n, k)`` (``y`` may also be
        ``(n, k)``, shared). Returns the ``K`` losses, shape ``(K,)``, and the gradient, shaped like
        ``y_hat``: run ``r`` gets exactly ``value_and_gradient(y_hat[r], y[r])`` up to rounding.
        Used by :mod:`nnlearn.batched`; this fallback loops, the losses below override it."""
        y = np.broadcast_to(y, y_hat.shape)
        pairs = [self.value_and_gradient(p, t) for p, t in zip(y_hat, y)]
        return np.array([v for v, _ in pairs]), np.stack([g for _, g in pairs])

    def check_targets(self, y, y_hat_shape: tuple[int, ...] | None = None) -> np.ndarray:
        """Return ``y`` as a float array shaped like the prediction, or raise ``ValueError``."""
        arr = as_float_array(y, "y", ndim=(1, 2))
        if arr.ndim == 1:
            arr = arr[:, None]
        if y_hat_shape is not None and arr.shape[0] != y_hat_shape[0]:
            raise ValueError(f"y has {arr.shape[0]} examples but X (and so y_hat) has {y_hat_shape[0]}")
        if y_hat_shape is not None and arr.shape != tuple(y_hat_shape):
            raise ValueError(f"y has shape {arr.shape} but the prediction y_hat has shape {tuple(y_hat_shape)}")
        return arr

    def __call__(self, y_hat, y) -> float:
        y_hat = as_float_array(y_hat, "y_hat", ndim=(1, 2))
        if y_hat.ndim == 1:
            y_hat = y_hat[:, None]
        return self.forward(y_hat, self.check_targets(y, y_hat.shape).astype(y_hat.dtype, copy=False))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSE(Loss):
    r"""Mean squared error, in one of two conventions.

    ``half=False`` (the plain mean, as ``torch.nn.MSELoss``):
    :math:`L = \frac{1}{nk}\sum_{i,j} (\hat y_{ij} - y_{ij})^2`,
    :math:`\partial L/\partial \hat y = \frac{2}{nk}(\hat y - y)`.

    ``half=True`` (the form used in hand calculations): half of that,
    :math:`L = \frac{1}{nk}\sum_{i,j} \tfrac12 (\hat y_{ij} - y_{ij})^2`, whose
    gradient :math:`\frac{1}{nk}(\hat y - y)` has no stray factor 2. For one
    example with one output it is :math:`L = \tfrac12(\hat y - y)^2`.
    """

    def __init__(self, half: bool = False):
        if not isinstance(half, bool):
            raise TypeError(f"half must be True or False, got {half!r}")
        self.half = half
        self.name = "half_mse" if half else "mse"

    def forward(self, y_hat, y):
        diff = y_hat - y
        scale = 0.5 if self.half else 1.0
        return scale * float(vdot(diff, diff)) / diff.size

    def backward(self, y_hat, y):
        scale = 1.0 if self.half else 2.0
        return (scale / y_hat.size) * (y_hat - y)

    def value_and_gradient(self, y_hat, y):
        r"""Both at once, computing the residual :math:`\hat y - y` once."""
        diff = y_hat - y
        value = (0.5 if self.half else 1.0) * float(vdot(diff, diff)) / diff.size
        return value, ((1.0 if self.half else 2.0) / diff.size) * diff

    def values_and_gradients(self, y_hat, y):
        diff = y_hat - y
        size = diff.shape[-1] * diff.shape[-2]
        values = (0.5 if self.half else 1.0) * np.einsum("rij,rij->r", diff, diff) / size
        return values, ((1.0 if self.half else 2.0) / size) * diff

    def __repr__(self) -> str:
        return f"MSE(half={self.half})"


def _log_clamped(p: np.ndarray) -> np.ndarray:
    """``max(log p, -100)`` in the dtype of ``p`` (PyTorch's BCELoss clamp): exactly -100 at ``p = 0``."""
    with np.errstate(divide="ignore"):
        return np.maximum(log(p), -100.0)


def _log1m_clamped(p: np.ndarray) -> np.ndarray:
    r"""``max(log(1 - p), -100)``, computed as ``log1p(-p)``: accurate for tiny ``p``
    (:math:`\log(1 - 10^{-20}) = -10^{-20}`, where ``log(1 - p)`` gives 0)."""
    with np.errstate(divide="ignore"):
        return np.maximum(log1p(-p), -100.0)


#: The floor of :math:`\hat y (1 - \hat y)` in the BCE gradient: 1e-12 rounded to float32, as
#: PyTorch stores it (so the two agree to the last digit even at probabilities 0 and 1).
_BCE_FLOOR = float(np.float32(1e-12))


class BCE(Loss):
    r"""Binary cross-entropy on probabilities :math:`\hat y \in [0, 1]` (after a sigmoid).

    :math:`L = -\frac{1}{nk}\sum \big[y \log \hat y + (1-y)\log(1-\hat y)\big]`,
    :math:`\partial L/\partial \hat y = \frac{1}{nk}\,\frac{\hat y - y}{\hat y(1-\hat y)}`.

    Safe near 0 and 1: each log is clamped at -100, in float32 as in float64,
    and the denominator of the gradient at 1e-12, exactly as
    ``torch.nn.BCELoss`` (so :math:`\hat y = 0` with :math:`y = 1` costs
    exactly 100). :math:`\log(1-\hat y)` is computed as ``log1p(-y_hat)``,
    which keeps its relative precision for tiny :math:`\hat y`. When the
    network can hand over logits, prefer :class:`BCEWithLogits`.
    """

    name = "bce"

    def forward(self, y_hat, y):
        terms = y * _log_clamped(y_hat) + (1.0 - y) * _log1m_clamped(y_hat)
        return 0.0 - float(terms.sum()) / y_hat.size  # 0.0 - x: a perfect prediction gives 0.0, not -0.0

    def backward(self, y_hat, y):
        return (y_hat - y) / (np.maximum(y_hat * (1.0 - y_hat), _BCE_FLOOR) * y_hat.size)

    def values_and_gradients(self, y_hat, y):
        size = y_hat.shape[-1] * y_hat.shape[-2]
        terms = y * _log_clamped(y_hat) + (1.0 - y) * _log1m_clamped(y_hat)
        values = 0.0 - terms.sum(axis=(-2, -1)) / size
        return values, (y_hat - y) / (np.maximum(y_hat * (1.0 - y_hat), _BCE_FLOOR) * size)

    def check_targets(self, y, y_hat_shape=None):
        check_binary_labels(y)
        return super().check_targets(y, y_hat_shape)

    def __call__(self, y_hat, y):
        arr = as_float_array(y_hat, "y_hat", ndim=(1, 2))
        if np.any((arr < 0) | (arr > 1)):
            raise ValueError("y_hat must hold probabilities in [0, 1]; for raw scores use BCEWithLogits")
        return super().__call__(arr, y)


class BCEWithLogits(Loss):
    r"""Binary cross-entropy on logits :math:`z` (the sigmoid is fused in).

    :math:`L = \frac{1}{nk}\sum \big[\max(z, 0) - z y + \log(1 + e^{-|z|})\big]`,
    algebraically equal to ``BCE(sigmoid(z), y)`` but finite for any ``z``, and
    never -0.0 (every term is at least ``log1p(exp(-700))`` > 0);
    :math:`\partial L/\partial z = \frac{1}{nk}(\sigma(z) - y)`.
    """

    name = "bce_logits"

    def forward(self, z, y):
        tail = log1p(exp(-np.minimum(np.abs(z), exp_limit(z.dtype))))
        return float((np.maximum(z, 0.0) - z * y + tail).sum()) / z.size

    def backward(self, z, y):
        return (sigmoid(z) - y) / z.size

    def values_and_gradients(self, z, y):
        size = z.shape[-1] * z.shape[-2]
        tail = log1p(exp(-np.minimum(np.abs(z), exp_limit(z.dtype))))
        values = (np.maximum(z, 0.0) - z * y + tail).sum(axis=(-2, -1)) / size
        return values, (sigmoid(z) - y) / size

    def check_targets(self, y, y_hat_shape=None):
        check_binary_labels(y)
        return super().check_targets(y, y_hat_shape)


class SoftmaxCrossEntropy(Loss):
    r"""Softmax followed by cross-entropy, on logits :math:`z` of shape ``(n, K)``.

    :math:`L = -\frac1n \sum_i \sum_k y_{ik} \log \mathrm{softmax}(z_i)_k`, where
    :math:`\log \mathrm{softmax}(z)_k = z_k - \max z - \log \sum_j e^{z_j - \max z}`
    (never a log of 0); :math:`\partial L/\partial z = \frac1n(\mathrm{softmax}(z)\,\textstyle\sum_k y_k - y)`,
    which is :math:`\frac1n(\mathrm{softmax}(z) - y)` for rows that sum to 1, and
    stays exact for soft targets whose rows sum to 1 only approximately (as
    ``torch.nn.functional.cross_entropy`` with probabilities).

    Targets are one-hot rows ``(n, K)``, rows of non-negative weights
    (probabilities), or integer class indices ``(n,)``; :meth:`check_targets`
    turns indices into one-hot rows.
    """

    name = "softmax_ce"

    def forward(self, z, y):
        shifted = z - z.max(axis=1, keepdims=True)
        log_sum = log(exp(np.maximum(shifted, -exp_limit(z.dtype))).sum(axis=1, keepdims=True))
        return 0.0 - float((y * (shifted - log_sum)).sum()) / z.shape[0]  # 0.0, not -0.0, when perfect

    def backward(self, z, y):
        # softmax(z) * sum_k y_k - y: the exact gradient for any row sum (one-hot rows sum to exactly 1)
        return (softmax(z, axis=1) * y.sum(axis=1, keepdims=True) - y) / z.shape[0]

    def value_and_gradient(self, z, y):
        """Both at once, sharing the exponentials (the same arithmetic as ``forward`` and ``backward``)."""
        shifted = z - z.max(axis=1, keepdims=True)
        e = exp(np.maximum(shifted, -exp_limit(z.dtype)))
        total = e.sum(axis=1, keepdims=True)
        value = 0.0 - float((y * (shifted - log(total))).sum()) / z.shape[0]  # never -0.0
        return value, (e / total * y.sum(axis=1, keepdims=True) - y) / z.shape[0]

    def values_and_gradients(self, z, y):
        n = z.shape[-2]
        shifted = z - z.max(axis=-1, keepdims=True)
        e = exp(np.maximum(shifted, -exp_limit(z.dtype)))
        total = e.sum(axis=-1, keepdims=True)
        values = 0.0 - (y * (shifted - log(total))).sum(axis=(-2, -1)) / n
        return values, (e / total * y.sum(axis=-1, keepdims=True) - y) / n

    def check_targets(self, y, y_hat_shape=None):
        arr = np.asarray(y)
        if y_hat_shape is None or len(y_hat_shape) != 2:
            raise ValueError("softmax cross-entropy needs logits y_hat of shape (n, K)")
        n, k = y_hat_shape
        if arr.ndim == 1:
            if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and np.all(arr == np.round(arr))):
                raise ValueError(f"y as class indices must be integers, got dtype {arr.dtype}")
            if arr.size and (arr.min() < 0 or arr.max() >= k):
                raise ValueError(f"y class indices must lie in 0..{k - 1}, got {arr.min()}..{arr.max()}")
            if arr.shape[0] != n:
                raise ValueError(f"y has {arr.shape[0]} labels but y_hat has {n} rows")
            one_hot = np.zeros((n, k))
            one_hot[np.arange(n), arr.astype(int)] = 1.0
            return one_hot
        arr = super().check_targets(y, y_hat_shape)
        if np.any(arr < 0):
            raise ValueError("y as rows must be one-hot (or probability) rows, with no negative entry")
        return arr


#: The losses by the names the book uses for them.
LOSSES: dict[str, Loss] = {
    "mse": MSE(half=False),
    "half_mse": MSE(half=True),
    "bce": BCE(),
    "bce_logits": BCEWithLogits(),
    "softmax_ce": SoftmaxCrossEntropy(),
}


def get_loss(spec: str | Loss) -> Loss:
    """Return a :class:`Loss` for a name (``"mse"``, ``"half_mse"``, ``"bce"``, ``"bce_logits"``,
    ``"softmax_ce"``) or an instance; an unknown name raises ``ValueError`` listing the known ones."""
    if isinstance(spec, Loss):
        return spec
    check_choice(spec, "loss", LOSSES)
    return LOSSES[spec]
