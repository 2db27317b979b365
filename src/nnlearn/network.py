r"""A feed-forward network of :class:`~nnlearn.layers.Dense` layers, and backpropagation.

Notation (the book's, see the notation page): layer :math:`l = 1, \dots, L`
computes :math:`z^l = a^{l-1} W^l + b^l` and :math:`a^l = f^l(z^l)`, with
:math:`a^0 = X` (shape ``(n, n_0)``, one example per row) and
:math:`\hat y = a^L`. The backward pass is the four equations of
backpropagation, with :math:`\delta^l = \partial L / \partial z^l`:

.. math::
    \text{(BP1)}\quad \delta^L = \nabla_{a^L} L \odot f^{L\prime}(z^L) \qquad
    \text{(BP2)}\quad \delta^l = \big(\delta^{l+1} (W^{l+1})^{\mathsf T}\big) \odot f^{l\prime}(z^l)

.. math::
    \text{(BP3)}\quad \frac{\partial L}{\partial b^l} = \sum_{\text{rows}} \delta^l \qquad
    \text{(BP4)}\quad \frac{\partial L}{\partial W^l} = (a^{l-1})^{\mathsf T} \delta^l
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import as_float_array, check_positive_int
from .activations import Activation
from .layers import Dense
from .losses import Loss, get_loss

__all__ = ["Network", "count_parameters"]


def count_parameters(sizes: Sequence[int]) -> int:
    r"""The number of weights and biases of a fully connected network with layer widths ``sizes``.

    For widths :math:`n_0, n_1, \dots, n_L` (inputs first) it is
    :math:`\sum_{l=1}^{L} (n_{l-1} n_l + n_l)`: each layer has an
    :math:`n_{l-1} \times n_l` weight matrix and :math:`n_l` biases.
    ``count_parameters([2, 4, 3, 1])`` is 31.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of layer widths, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two widths (inputs and outputs), got {list(sizes)}")
    widths = [check_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    return sum(n_prev * n + n for n_prev, n in zip(widths[:-1], widths[1:]))


class Network:
    """A stack of dense layers trained by backpropagation.

    ``Network([2, 4, 1], activation="sigmoid")`` builds a network with 2
    inputs, a hidden layer of 4 sigmoid units and 1 sigmoid output.

    Parameters
    ----------
    sizes
        Layer widths, inputs first: ``[n_0, n_1, ..., n_L]``.
    activation
        Activation of the hidden layers: one name or instance for all of them,
        or a list with one per hidden layer.
    output_activation
        Activation of the last layer; defaults to ``activation`` (when that is
        a single name). Use ``"identity"`` with the fused losses.
    init, scale
        Weight initialiser (see :mod:`nnlearn.init`); biases start at 0.
    seed
        Seed of the random generator that draws the weights.
    dtype
        ``np.float64`` (default) or ``np.float32``.
    """

    def __init__(self, sizes: Sequence[int], activation: str | Activation | Sequence = "sigmoid",
                 output_activation: str | Activation | None = None, *, init: str = "xavier",
                 scale: float | None = None, seed: int | None = 0, dtype=np.float64):
        count_parameters(sizes)  # validates the widths
        n_hidden = len(sizes) - 2
        if isinstance(activation, (str, Activation)):
            hidden = [activation] * n_hidden
            output_activation = activation if output_activation is None else output_activation
        else:
            hidden = list(activation)
            if len(hidden) != n_hidden:
                raise ValueError(f"activation lists {len(hidden)} activations but the network has "
                                 f"{n_hidden} hidden layers")
            if output_activation is None:
                raise ValueError("output_activation is required when activation is a list")
        rng = np.random.default_rng(seed)
        acts = hidden + [output_activation]
        self.layers = [Dense(n_in, n_out, act, init=init, scale=scale, rng=rng, dtype=dtype)
                       for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts)]

    # ----------------------------------------------------------------- shape
    @property
    def sizes(self) -> list[int]:
        """Layer widths, inputs first."""
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def dtype(self) -> np.dtype:
        return self.layers[0].W.dtype

    @property
    def n_parameters(self) -> int:
        """Total number of weights and biases (equals ``count_parameters(self.sizes)``)."""
        return sum(p.size for p in self.parameters())

    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays ``[W^1, b^1, ..., W^L, b^L]`` (the arrays themselves: updating them in
        place changes the network)."""
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    def gradients(self) -> list[np.ndarray]:
        """The gradients ``[dL/dW^1, dL/db^1, ...]`` from the last :meth:`backward`, in the order of
        :meth:`parameters`."""
        if self.layers[0].dW is None:
            raise RuntimeError("no gradients yet: call backward (or loss_and_gradients) first")
        return [g for layer in self.layers for g in (layer.dW, layer.db)]

    def set_parameters(self, params: Sequence) -> "Network":
        """Overwrite every parameter from ``[W^1, b^1, ..., W^L, b^L]`` (checked shapes); returns self."""
        if len(params) != 2 * len(self.layers):
            raise ValueError(f"params must hold {2 * len(self.layers)} arrays [W1, b1, ...], got {len(params)}")
        for layer, W, b in zip(self.layers, params[0::2], params[1::2]):
            layer.set_parameters(W, b)
        return self

    def copy(self) -> "Network":
        """An independent network with the same layers and parameter values."""
        clone = object.__new__(Network)
        clone.layers = []
        for layer in self.layers:
            new = object.__new__(Dense)
            new.activation = layer.activation
            new.W, new.b = layer.W.copy(), layer.b.copy()
            new.a_prev = new.z = new.a = new.delta = new.dW = new.db = None
            clone.layers.append(new)
        return clone

    # --------------------------------------------------------------- forward
    def check_input(self, X) -> np.ndarray:
        """Return ``X`` as a float array of shape ``(n, n_0)`` in the network's dtype, or raise."""
        Xa = np.asarray(X) if not isinstance(X, (str, bytes)) else X
        if isinstance(Xa, np.ndarray) and Xa.dtype.kind == "f" and Xa.dtype != self.dtype:
            raise TypeError(f"X has dtype {Xa.dtype} but the network's dtype is {self.dtype}: "
                            f"convert with X.astype(np.{self.dtype})")
        Xa = as_float_array(X, "X", ndim=(1, 2), dtype=self.dtype)
        if Xa.ndim == 1:
            Xa = Xa[None, :]
        if Xa.shape[1] != self.layers[0].n_in:
            raise ValueError(f"X has {Xa.shape[1]} features per example (shape {Xa.shape}) but the "
                             f"network's first layer expects {self.layers[0].n_in}")
        return Xa

    def forward(self, X) -> np.ndarray:
        r"""Compute :math:`\hat y = a^L` for a batch ``X`` of shape ``(n, n_0)`` (a single example of
        shape ``(n_0,)`` is taken as one row). Every layer keeps its ``z`` and ``a`` for
        :meth:`backward`."""
        return self._forward(self.check_input(X))

    def _forward(self, a: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            a = layer.forward(a)
        return a

    __call__ = forward

    @property
    def zs(self) -> list[np.ndarray]:
        """The pre-activations :math:`z^1, \\dots, z^L` of the last forward pass."""
        return [layer.z for layer in self.layers]

    @property
    def activations(self) -> list[np.ndarray]:
        """The activations :math:`a^0 = X, a^1, \\dots, a^L` of the last forward pass."""
        return [self.layers[0].a_prev] + [layer.a for layer in self.layers]

    # -------------------------------------------------------------- backward
    def backward(self, grad_output: np.ndarray) -> list[np.ndarray]:
        r"""Backpropagation: from :math:`\nabla_{a^L} L` (``grad_output``, shaped like
        :math:`\hat y`) to the gradient of every parameter, by the four equations.

        A loop over the layers in reverse: each layer's own
        :meth:`~nnlearn.layers.Dense.backward` applies BP1-BP4, stores its
        ``delta``, ``dW`` and ``db``, and hands :math:`\nabla_{a^{l-1}} L` to the
        layer below. Uses the ``z`` and ``a`` that :meth:`forward` kept; returns
        :meth:`gradients`. Raises ``RuntimeError`` before any forward pass and
        ``ValueError`` if ``grad_output`` is not shaped like the last output.
        """
        last = self.layers[-1].a
        if last is None:
            raise RuntimeError("backward needs the cache of a forward pass: call forward first")
        if not isinstance(grad_output, np.ndarray) or grad_output.shape != last.shape:
            raise ValueError(f"grad_output must be an array shaped like the network's output {last.shape}, "
                             f"got {getattr(grad_output, 'shape', type(grad_output).__name__)}")
        grad_a = grad_output  # dL/da^L, from the loss
        for layer in reversed(self.layers):
            grad_a = layer.backward(grad_a)  # BP1-BP4 in Dense.backward; returns dL/da^{l-1}
        return self.gradients()

    def loss_and_gradients(self, X, y, loss: str | Loss) -> tuple[float, list[np.ndarray]]:
        """One forward and one backward pass: the loss on ``(X, y)`` and the gradient of every
        parameter, in the order of :meth:`parameters`. Checks the inputs first."""
        loss = get_loss(loss)
        X = self.check_input(X)
        y_hat = self._forward(X)
        y = loss.check_targets(y, y_hat.shape).astype(self.dtype, copy=False)
        value, grad_output = loss.value_and_gradient(y_hat, y)  # L and dL/dy_hat
        return value, self.backward(grad_output)

    def __repr__(self) -> str:
        acts = ", ".join(layer.activation.name for layer in self.layers)
        return f"Network(sizes={self.sizes}, activations=[{acts}])"
