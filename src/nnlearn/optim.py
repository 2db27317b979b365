r"""Optimisers: how a gradient becomes a step, and gradient clipping.

Every optimiser has ``step(params, grads)``, which updates each parameter
array **in place** (``params`` are the network's own arrays, from
``net.parameters()``; ``grads`` the matching gradients, from
``net.backward``). Optimisers with memory (momentum, Adam) keep one state
array per parameter, keyed by its *position* in ``params``: pass the
parameters in the same order at every step.

The update rules follow ``torch.optim`` exactly, so the two agree to rounding:

=================  ===========================================================================
GradientDescent    :math:`\theta \leftarrow \theta - \eta\, g`
Momentum           :math:`v \leftarrow \beta v + g`, :math:`\;\theta \leftarrow \theta - \eta\, v`
                   (``torch.optim.SGD(momentum=beta)``; Polyak 1964)
Adam               :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
                   :math:`\;v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
                   :math:`\;\theta \leftarrow \theta - \eta\,\hat m / (\sqrt{\hat v} + \epsilon)`
                   with :math:`\hat m = m/(1-\beta_1^t)`, :math:`\hat v = v/(1-\beta_2^t)`
                   (Kingma & Ba 2015)
=================  ===========================================================================
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._checks import as_float_array, check_choice, check_positive
from .portable import power, vdot

__all__ = ["Optimizer", "GradientDescent", "Momentum", "Adam", "OPTIMIZERS", "get_optimizer",
           "clip_by_global_norm", "l2_norm", "global_norm", "array_norms"]


def _check_fraction(value, name: str) -> float:
    """Return ``value`` as a float if it lies in [0, 1), else raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return float(value)


class Optimizer:
    """Base class: ``step(params, grads)`` updates every array of ``params`` in place."""

    name = "optimizer"

    def __init__(self, eta: float):
        self.eta = check_positive(eta, "eta")
        self.state: list[tuple[np.ndarray, ...]] | None = None  # one entry per parameter, by position
        self.t = 0  # the number of steps taken

    def reset(self) -> None:
        """Forget the state (velocities, moments, step count): the next step is a first step."""
        self.state = None
        self.t = 0

    def _init_state(self, params: Sequence[np.ndarray]) -> list[tuple[np.ndarray, ...]]:
        return [() for _ in params]

    def _state_for(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray] | None = None
                   ) -> list[tuple[np.ndarray, ...]]:
        """The state, created at the first step; the parameters must keep their count and shapes."""
        if grads is not None and len(grads) != len(params):
            raise ValueError(f"grads must hold one gradient per parameter ({len(params)}), got {len(grads)}")
        if self.state is None:
            self.state = self._init_state(params)
        elif len(self.state) != len(params) or any(
                s and s[0].shape != p.shape for s, p in zip(self.state, params)):
            raise ValueError(f"params changed since the first step of this {type(self).__name__}: "
                             "use a new optimiser (or reset()) for a different network")
        return self.state

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every ``params[i]`` in place using ``grads[i]`` (same shapes)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(eta={self.eta})"


class GradientDescent(Optimizer):
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \eta\, \partial L/\partial\theta`."""

    name = "gd"

    def step(self, params, grads):
        self.t += 1
        for p, g in zip(params, grads):
            p -= self.eta * g


class Momentum(Optimizer):
    r"""Gradient descent with momentum, in PyTorch's form (``SGD(momentum=beta)``).

    The velocity :math:`v` (0 at the start) accumulates the gradients,
    :math:`v \leftarrow \beta v + g`, and the step follows it,
    :math:`\theta \leftarrow \theta - \eta v`. With :math:`\beta = 0` this is
    plain gradient descent; with :math:`\beta = 0.9` a constant gradient
    makes steps up to :math:`1/(1-\beta) = 10` times larger.
    """

    name = "momentum"

    def __init__(self, eta: float, beta: float = 0.9):
        super().__init__(eta)
        self.beta = _check_fraction(beta, "beta")

    def _init_state(self, params):
        return [(np.zeros_like(p),) for p in params]

    def step(self, params, grads):
        state = self._state_for(params, grads)
        self.t += 1
        for p, g, (v,) in zip(params, grads, state):
            v *= self.beta
            v += g
            p -= self.eta * v

    def __repr__(self) -> str:
        return f"Momentum(eta={self.eta}, beta={self.beta})"


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015), in PyTorch's form (``torch.optim.Adam``).

    Running means of the gradient :math:`m` and of its square :math:`v`
    (both 0 at the start), corrected for that start at step :math:`t`:

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, g \odot g, \qquad
        \theta \leftarrow \theta - \eta\, \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon}

    Each parameter gets its own step size, about :math:`\eta` whatever the
    scale of its gradient.
    """

    name = "adam"

    def __init__(self, eta: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(eta)
        self.beta1 = _check_fraction(beta1, "beta1")
        self.beta2 = _check_fraction(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    def _init_state(self, params):
        return [(np.zeros_like(p), np.zeros_like(p)) for p in params]

    def step(self, params, grads):
        state = self._state_for(params, grads)
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step_size = self.eta / (1.0 - power(b1, self.t))       # eta / (1 - beta1^t): the m-hat correction
        root_correction = math.sqrt(1.0 - power(b2, self.t))  # sqrt(1 - beta2^t): the v-hat correction
        for p, g, (m, v) in zip(params, grads, state):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= step_size * m / (np.sqrt(v) / root_correction + self.eps)

    def __repr__(self) -> str:
        return f"Adam(eta={self.eta}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


#: The optimisers by the names :func:`get_optimizer` and :func:`nnlearn.train.train` accept.
OPTIMIZERS: dict[str, type[Optimizer]] = {"gd": GradientDescent, "momentum": Momentum, "adam": Adam}


def get_optimizer(spec: str | Optimizer, **kwargs) -> Optimizer:
    """Return an optimiser for a name (``"gd"``, ``"momentum"``, ``"adam"``) and its options, or an instance.

    ``get_optimizer("momentum", eta=0.1, beta=0.9)``. An unknown name raises
    ``ValueError`` listing the known ones.
    """
    if isinstance(spec, Optimizer):
        if kwargs:
            raise TypeError(f"options {sorted(kwargs)} only apply when optimizer is a name, not an instance")
        return spec
    check_choice(spec, "optimizer", OPTIMIZERS)
    return OPTIMIZERS[spec](**kwargs)


_SMALLEST_SAFE_SQUARE = 1e-280  # below this, a sum of squares may have lost digits to underflow


def l2_norm(g: np.ndarray) -> float:
    r"""The Euclidean (Frobenius) norm :math:`\sqrt{\sum_i g_i^2}` of all entries of ``g``, as a Python float.

    Computed in float64 whatever the dtype of ``g``, and without overflow or
    underflow: when the plain sum of squares is not a normal float64 number
    (entries beyond about 1e154, or below about 1e-140), the entries are first
    divided by the largest of them (the scaling of LAPACK's ``dnrm2``). So
    float32 gradients of :math:`\pm 10^{20}` have a finite norm, where their
    float32 sum of squares overflows to infinity.
    """
    if not isinstance(g, np.ndarray):
        g = as_float_array(g, "g", allow_empty=True)
    g = g.astype(np.float64, copy=False)
    square = float(vdot(g, g))
    if math.isfinite(square) and (square > _SMALLEST_SAFE_SQUARE or square == 0.0 and not g.any()):
        return math.sqrt(square)
    largest = float(np.max(np.abs(g))) if g.size else 0.0
    if largest == 0.0 or not math.isfinite(largest):
        return largest
    scaled = g / largest
    return largest * math.sqrt(float(vdot(scaled, scaled)))


def global_norm(grads: Sequence[np.ndarray]) -> float:
    r"""The norm of all entries of all arrays together, :math:`\sqrt{\sum_i \lVert g_i \rVert^2}`; overflow-safe
    like :func:`l2_norm`."""
    norms = [l2_norm(g) for g in grads]
    largest = max(norms, default=0.0)
    if largest == 0.0 or not math.isfinite(largest):
        return largest
    total = sum(n * n for n in norms)
    if math.isfinite(total) and total > _SMALLEST_SAFE_SQUARE:
        return math.sqrt(total)
    return largest * math.sqrt(sum((n / largest) * (n / largest) for n in norms))  # * not **: no libm pow


def array_norms(g: np.ndarray) -> np.ndarray:
    """The :func:`l2_norm` of each ``g[r]`` along the first axis (one norm per run), shape ``(K,)``."""
    g64 = g.astype(np.float64, copy=False)
    flat = g64.reshape(g64.shape[0], -1)
    squares = np.einsum("ri,ri->r", flat, flat)
    out = np.sqrt(squares)
    bad = ~np.isfinite(squares) | ((squares <= _SMALLEST_SAFE_SQUARE) & (squares != 0.0))
    for r in np.flatnonzero(bad):
        out[r] = l2_norm(g[r])
    return out


def clip_by_global_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    r"""Scale all gradients together so their global norm is at most ``max_norm``.

    The global norm is :math:`\lVert g \rVert = \sqrt{\sum_i \lVert g_i \rVert^2}`
    over every entry of every array. If it exceeds ``max_norm``, every array
    is multiplied by ``max_norm / ||g||`` (new arrays; the direction of the
    step is kept, only its length shrinks); otherwise the arrays are returned
    unchanged. Returns ``(clipped, norm before clipping)``. The norm is
    :func:`global_norm`, which cannot overflow: float32 gradients of
    :math:`\pm 10^{20}` are clipped, not zeroed.
    """
    max_norm = check_positive(max_norm, "max_norm")
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or isinstance(grads, (str, bytes)):
        raise TypeError(f"grads must be a list of gradient arrays, got {type(grads).__name__}")
    grads = [g if isinstance(g, np.ndarray) else as_float_array(g, f"grads[{i}]", allow_empty=True)
             for i, g in enumerate(grads)]
    norm = global_norm(grads)
    if norm > max_norm:
        scale = max_norm / norm
        return [g * scale for g in grads], norm
    return list(grads), norm
