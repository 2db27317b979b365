r"""Why a network needs a nonlinearity: stacked linear layers are one linear layer.

Two layers with no activation compute

.. math::
    (X W^1 + b^1) W^2 + b^2 = X\,(W^1 W^2) + (b^1 W^2 + b^2) = X W + b,

one linear layer with the product matrix :math:`W = W^1 W^2` (shape
``(n_0, n_2)``) and the bias :math:`b = b^1 W^2 + b^2`. The same holds for any
number of layers. Shapes follow the book: ``X`` is ``(n, n_0)``, ``W^l`` is
``(n_{l-1}, n_l)`` and ``b^l`` is ``(n_l,)``; parameters are listed as
``[W^1, b^1, W^2, b^2, ...]``, the order of :meth:`nnlearn.network.Network.parameters`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_float_array

__all__ = ["collapse_linear_layers", "linear_stack_forward", "StackedLinearComparison",
           "compare_stacked_with_single"]


def _check_params(params: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return ``[W1, b1, W2, b2, ...]`` as a list of checked ``(W, b)`` pairs whose shapes chain."""
    if isinstance(params, (str, bytes, np.ndarray)) or not isinstance(params, Sequence):
        raise TypeError(f"params must be a list [W1, b1, W2, b2, ...], got {type(params).__name__}")
    if len(params) < 2 or len(params) % 2:
        raise ValueError(f"params must hold pairs [W1, b1, W2, b2, ...], got {len(params)} arrays")
    layers = []
    for l in range(len(params) // 2):
        W = as_float_array(params[2 * l], f"W{l + 1}", ndim=2)
        b = as_float_array(params[2 * l + 1], f"b{l + 1}", ndim=1, dtype=W.dtype)
        if b.shape != (W.shape[1],):
            raise ValueError(f"b{l + 1} must have shape ({W.shape[1]},) to match W{l + 1} of shape "
                             f"{W.shape}, got {b.shape}")
        if layers and layers[-1][0].shape[1] != W.shape[0]:
            raise ValueError(f"W{l} has {layers[-1][0].shape[1]} outputs but W{l + 1} has shape "
                             f"{W.shape}: its first dimension must be {layers[-1][0].shape[1]}")
        layers.append((W, b))
    return layers


def collapse_linear_layers(params: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    r"""The one linear layer :math:`(W, b)` that equals the stack ``[W1, b1, W2, b2, ...]``.

    :math:`W = W^1 W^2 \cdots W^L` (shape ``(n_0, n_L)``) and
    :math:`b = (\cdots((b^1 W^2 + b^2) W^3 + b^3) \cdots) W^L + b^L` (shape ``(n_L,)``).
    """
    layers = _check_params(params)
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def linear_stack_forward(X: Any, params: Sequence[np.ndarray]) -> np.ndarray:
    r"""Run ``X`` (shape ``(n, n_0)``) through the stack with no activation:
    :math:`a^l = a^{l-1} W^l + b^l`, returning :math:`a^L` of shape ``(n, n_L)``."""
    layers = _check_params(params)
    a = _check_X(X, layers[0][0])
    for W, b in layers:
        a = a @ W + b
    return a


def _check_X(X: Any, W1: np.ndarray) -> np.ndarray:
    X = as_float_array(X, "X", ndim=2, dtype=W1.dtype)
    if X.shape[1] != W1.shape[0]:
        raise ValueError(f"X has {X.shape[1]} features per example (shape {X.shape}) but W1 has shape "
                         f"{W1.shape}: it expects {W1.shape[0]}")
    return X


@dataclass(frozen=True)
class StackedLinearComparison:
    r"""The outputs of a linear stack and of its one-layer equivalent, side by side.

    ``stacked`` (shape ``(n, n_L)``): the layers applied one after the other;
    ``W`` (``(n_0, n_L)``) and ``b`` (``(n_L,)``): the collapsed layer;
    ``single`` (``(n, n_L)``): :math:`X W + b`; ``max_abs_difference``: the
    largest :math:`|\text{stacked} - \text{single}|`, zero up to rounding.
    """

    X: np.ndarray
    stacked: np.ndarray
    W: np.ndarray
    b: np.ndarray
    single: np.ndarray
    max_abs_difference: float


def compare_stacked_with_single(X: Any, params: Sequence[np.ndarray]) -> StackedLinearComparison:
    """Compute a linear stack ``[W1, b1, W2, b2, ...]`` on ``X`` (shape ``(n, n_0)``) two ways: layer
    by layer, and as the single layer from :func:`collapse_linear_layers`."""
    layers = _check_params(params)
    X = _check_X(X, layers[0][0])
    stacked = linear_stack_forward(X, params)
    W, b = collapse_linear_layers(params)
    single = X @ W + b
    return StackedLinearComparison(X=X, stacked=stacked, W=W, b=b, single=single,
                                   max_abs_difference=float(np.max(np.abs(stacked - single))))
