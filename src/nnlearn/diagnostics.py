r"""Diagnostics: is the signal getting through every layer?

Two questions a training run raises:

- Do the early layers learn as fast as the late ones? :func:`layer_gradient_norms`
  gives :math:`\lVert \partial L/\partial W^l \rVert` for each layer; when it shrinks
  by orders of magnitude towards the input, gradients are *vanishing*; when it
  grows, they are *exploding*.
- Are some ReLU units dead? A ReLU unit whose pre-activation :math:`z` is negative
  for every example outputs 0 and passes back a zero gradient: it no longer
  learns. :func:`dead_relu_fraction` counts them.
"""

from __future__ import annotations


import numpy as np

from .activations import ReLU
from .network import Network
from .optim import l2_norm

__all__ = ["layer_gradient_norms", "dead_relu_fraction"]


def _check_network(net) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlearn Network, got {type(net).__name__}")
    return net


def layer_gradient_norms(net: Network) -> np.ndarray:
    r"""The Frobenius norm :math:`\lVert \partial L/\partial W^l \rVert = \sqrt{\sum_{jk} (\partial L/\partial W^l_{jk})^2}`
    of each layer's weight gradient, from the last backward pass: shape ``(L,)``, layer 1 first.

    Call it after :meth:`~nnlearn.network.Network.backward` (or
    ``loss_and_gradients``); before any backward pass it raises ``RuntimeError``.
    """
    _check_network(net)
    if any(layer.dW is None for layer in net.dense_layers):
        raise RuntimeError("no gradients yet: call net.backward (or net.loss_and_gradients) first")
    return np.array([l2_norm(layer.dW) for layer in net.dense_layers])


def dead_relu_fraction(net: Network, X) -> np.ndarray:
    r"""For each layer, the fraction of its ReLU units that output 0 for *every* example in ``X``.

    A unit :math:`k` of layer :math:`l` is dead on ``X`` (shape ``(n, n_0)``)
    when :math:`z^l_{ik} \le 0` for all rows :math:`i`. Returns an array of
    shape ``(L,)`` (one per dense layer, blocks' layers included), layer 1 first, with values in [0, 1]; layers whose
    activation is not ReLU get NaN (the question does not apply to them;
    leaky ReLU units never output a constant 0). The forward pass used here
    does not touch the network's cache.
    """
    _check_network(net)
    a = net.check_input(X)
    clone = net.copy()  # its own cache: the network's is left as it was
    clone._forward(a)
    dense = clone.dense_layers
    fractions = np.full(len(dense), np.nan)
    for l, layer in enumerate(dense):
        if isinstance(layer.activation, ReLU):
            fractions[l] = float(np.mean(np.all(layer.z <= 0, axis=0)))
    return fractions
