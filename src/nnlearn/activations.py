r"""Activation functions, each with its forward rule and, right beside it, its backward rule.

An activation turns a layer's pre-activation :math:`z` into its activation
:math:`a = f(z)`. Arrays have one row per example: ``z`` has shape
``(n_examples, n_units)`` and so does ``a``.

Every activation offers three methods:

``forward(z)``
    :math:`a = f(z)`.
``derivative(z, a)``
    the elementwise slope :math:`f'(z)`, given both ``z`` and the already
    computed ``a`` (several slopes are cheapest in terms of ``a``, e.g.
    :math:`\sigma'(z) = a(1-a)`).
``backward(z, a, grad_a)``
    turns :math:`\partial L/\partial a` into :math:`\partial L/\partial z`.
    For an elementwise activation this is the Hadamard product
    ``grad_a * derivative(z, a)``: the ":math:`\odot\, \sigma'(z)`" of the
    backpropagation equations. Softmax mixes its units, so its backward rule is
    a Jacobian-vector product instead.

Numerics: every function here is finite, and raises no floating-point warning
(not even underflow), for pre-activations up to :math:`\pm 10^4` in float64
and float32.
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from ._checks import check_choice
from .portable import exp, tanh

__all__ = [
    "Activation", "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "GELU", "Softmax",
    "ACTIVATIONS", "get_activation", "sigmoid", "softmax", "softmax_jacobian", "exp_limit",
]


def exp_limit(dtype) -> float:
    """Largest ``x`` for which ``exp(x)`` and ``exp(-x)`` are both normal numbers in ``dtype``.

    Clipping an exponent to ``[-exp_limit, exp_limit]`` keeps ``np.exp`` free of
    overflow and underflow; the values it changes are beyond what the dtype can
    tell apart from 0 or 1 in a sigmoid or softmax anyway.
    """
    return 80.0 if np.dtype(dtype) == _FLOAT32 else 700.0


_FLOAT32 = np.dtype(np.float32)  # comparing two dtypes is faster than a dtype with the type np.float32


def _as_float(z) -> np.ndarray:
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def sigmoid(z: np.ndarray) -> np.ndarray:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, safe for any ``z``.

    The exponent is clipped to :func:`exp_limit` (700 in float64, 80 in
    float32) so ``exp`` never overflows or underflows; inside that range the
    result is accurate to rounding. Beyond it the result is the value at the
    limit: 1.0 for large positive ``z`` (exactly what the dtype can hold), and
    :math:`\sigma(-700) \approx 9.9 \times 10^{-305}` (float64) or
    :math:`\sigma(-80) \approx 1.8 \times 10^{-35}` (float32) for large
    negative ``z``, where the exact value is smaller (for :math:`z = -1000` it
    rounds to 0). Keeping that tiny positive value on purpose means
    :math:`\log \sigma(z)` and :math:`\sigma(z)(1-\sigma(z))` stay finite
    and nonzero; losses that need the exact tail take logits instead
    (:class:`~nnlearn.losses.BCEWithLogits`).
    """
    z = _as_float(z)
    limit = exp_limit(z.dtype)
    # np.minimum(np.maximum(...)) is np.clip without its Python-level overhead
    return 1.0 / (1.0 + exp(-np.minimum(np.maximum(z, -limit), limit)))


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: :math:`a_k = e^{z_k} / \sum_j e^{z_j}`.

    Subtracting the row maximum first keeps every exponent at most 0 (no
    overflow); exponents below ``-exp_limit`` are clipped, so tiny
    probabilities come out as about 1e-304 instead of underflowing to 0.
    Each row sums to 1.
    """
    z = _as_float(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = exp(np.maximum(shifted, -exp_limit(z.dtype)))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(a: np.ndarray) -> np.ndarray:
    r"""The Jacobian :math:`\partial a_i / \partial z_j = a_i(\delta_{ij} - a_j)` of softmax.

    ``a`` is one softmax output of shape ``(K,)`` (result ``(K, K)``) or a batch
    of shape ``(n, K)`` (result ``(n, K, K)``). Rows of the Jacobian sum to 0,
    because the outputs always sum to 1.
    """
    a = np.asarray(a, dtype=float)
    eye = np.eye(a.shape[-1])
    return a[..., :, None] * (eye - a[..., None, :])


class Activation:
    """Base class: an elementwise activation defines ``forward`` and ``derivative``."""

    name: str = "activation"

    def forward(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        r""":math:`\partial L/\partial z = \partial L/\partial a \odot f'(z)`."""
        return grad_a * self.derivative(z, a)

    def __call__(self, z: np.ndarray) -> np.ndarray:
        """Apply the activation to ``z`` (integers are taken as float64)."""
        return self.forward(_as_float(z))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(vars(self).items()))))


class Identity(Activation):
    r""":math:`f(z) = z`, :math:`f'(z) = 1`. The output layer of a regression network."""

    name = "identity"

    def forward(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(z)

    def backward(self, z, a, grad_a):
        return grad_a


class Sigmoid(Activation):
    r""":math:`\sigma(z) = 1/(1+e^{-z})`, :math:`\sigma'(z) = \sigma(z)\,(1-\sigma(z)) = a(1-a)`."""

    name = "sigmoid"

    def forward(self, z):
        return sigmoid(z)

    def derivative(self, z, a):
        return a * (1.0 - a)


class Tanh(Activation):
    r""":math:`\tanh(z)`, with :math:`\tanh'(z) = 1 - a^2`."""

    name = "tanh"

    def forward(self, z):
        return tanh(z)

    def derivative(self, z, a):
        return 1.0 - a * a


class ReLU(Activation):
    r""":math:`\max(0, z)`, with slope 1 for :math:`z > 0` and 0 otherwise (0 at the kink, as PyTorch)."""

    name = "relu"

    def forward(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a):
        return (z > 0).astype(z.dtype)

    def backward(self, z, a, grad_a):
        return grad_a * (z > 0)


class LeakyReLU(Activation):
    r""":math:`z` for :math:`z > 0`, else :math:`\alpha z`; slope 1 or :math:`\alpha` (``slope``)."""

    name = "leaky_relu"

    def __init__(self, slope: float = 0.01):
        if isinstance(slope, bool) or not isinstance(slope, (int, float)) or not math.isfinite(slope):
            raise TypeError(f"slope must be a finite number, got {slope!r}")
        if not 0 <= slope < 1:
            raise ValueError(f"slope must be in [0, 1), got {slope}")
        self.slope = float(slope)

    def forward(self, z):
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, self.slope).astype(z.dtype)

    def __repr__(self) -> str:
        return f"LeakyReLU(slope={self.slope})"


class GELU(Activation):
    r"""GELU in its tanh form (Hendrycks & Gimpel 2016), as in GPT-2 and ``torch`` ``approximate='tanh'``.

    :math:`f(z) = \tfrac12 z\,(1 + \tanh u)` with :math:`u = c\,(z + 0.044715 z^3)`,
    :math:`c = \sqrt{2/\pi}`; its slope is
    :math:`\tfrac12(1+\tanh u) + \tfrac12 z\,(1-\tanh^2 u)\,c\,(1 + 3 \cdot 0.044715 z^2)`.
    """

    name = "gelu"
    _C = math.sqrt(2.0 / math.pi)
    _K = 0.044715

    def _tanh_u(self, z):
        return tanh(self._C * (z + self._K * z * z * z))

    def forward(self, z):
        return 0.5 * z * (1.0 + self._tanh_u(z))

    def derivative(self, z, a):
        t = self._tanh_u(z)
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * self._C * (1.0 + 3.0 * self._K * z * z)


class Softmax(Activation):
    r"""Softmax over each row: :math:`a_k = e^{z_k}/\sum_j e^{z_j}`.

    Not elementwise: each :math:`a_k` depends on every :math:`z_j`, so the
    backward rule multiplies by the Jacobian :math:`a_k(\delta_{kj} - a_j)`,
    which for one row is :math:`a \odot (g - (g \cdot a))` with
    :math:`g = \partial L/\partial a`. Pair the identity output with
    :class:`~nnlearn.losses.SoftmaxCrossEntropy` instead when training a
    classifier: the fused form is cheaper and more accurate.
    """

    name = "softmax"

    def forward(self, z):
        return softmax(z, axis=-1)

    def derivative(self, z, a):
        raise TypeError("softmax is not elementwise: use backward(z, a, grad_a) or softmax_jacobian(a)")

    def backward(self, z, a, grad_a):
        return a * (grad_a - (grad_a * a).sum(axis=-1, keepdims=True))


#: The activations by the names the book uses for them.
ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Identity, Sigmoid, Tanh, ReLU, LeakyReLU, GELU, Softmax)
}


def get_activation(spec: str | Activation, **kwargs) -> Activation:
    """Return an :class:`Activation` for a name such as ``"sigmoid"`` or an instance.

    ``kwargs`` go to the class, e.g. ``get_activation("leaky_relu", slope=0.1)``.
    An unknown name raises ``ValueError`` listing the known ones.
    """
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, type) and issubclass(spec, Activation):
        return spec(**kwargs)
    check_choice(spec, "activation", ACTIVATIONS)
    cls = ACTIVATIONS[spec]
    if kwargs and "__init__" not in vars(cls):
        raise TypeError(f"activation {spec!r} takes no parameters, got {sorted(kwargs)}")
    if kwargs:
        inspect.signature(cls).bind(**kwargs)
    return cls(**kwargs)
