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

from ._checks import as_float_array, check_positive_int, check_seed
from .activations import Activation, Sigmoid, Softmax
from .layers import Dense, Residual
from .losses import BCE, Loss, get_loss

__all__ = ["Network", "count_parameters", "check_loss_matches_output"]


def check_loss_matches_output(loss: Loss, output_activation: Activation) -> None:
    """Raise ``ValueError`` if ``loss`` cannot take what the output layer gives.

    ``"bce"`` takes probabilities in [0, 1], so the output activation must be
    a sigmoid or softmax (PyTorch's ``BCELoss`` rejects values outside [0, 1]
    as well); for raw scores from an identity output use ``"bce_logits"``.
    """
    if isinstance(loss, BCE) and not isinstance(output_activation, (Sigmoid, Softmax)):
        raise ValueError(f"loss 'bce' needs probabilities in [0, 1], but the output activation is "
                         f"{output_activation.name!r}: use a sigmoid output, or loss='bce_logits' on logits")


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
        Seed of the random generator that draws the weights: a non-negative
        integer or ``None`` (``ValueError``/``TypeError`` otherwise).
    dtype
        ``np.float64`` (default) or ``np.float32``.
    """

    def __init__(self, sizes: Sequence, activation: str | Activation | Sequence = "sigmoid",
                 output_activation: str | Activation | None = None, *, init: str = "xavier",
                 scale: float | None = None, seed: int | None = 0, dtype=np.float64):
        if (isinstance(sizes, Sequence) and not isinstance(sizes, (str, bytes)) and len(sizes) > 0
                and all(isinstance(m, (Dense, Residual)) for m in sizes)):
            self.layers = self._check_layers(list(sizes))
            return
        if (isinstance(sizes, Sequence) and not isinstance(sizes, (str, bytes))
                and any(isinstance(m, (Dense, Residual)) for m in sizes)):
            raise TypeError("sizes must be a list of widths (integers) or a list of layers (Dense, Residual), "
                            "not a mix of both")
        count_parameters(sizes)  # validates the widths
        seed = check_seed(seed)
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

    @staticmethod
    def _check_layers(layers: list) -> list:
        """Layers given directly: consecutive widths must fit and the dtypes agree."""
        for i, (below, above) in enumerate(zip(layers[:-1], layers[1:]), start=1):
            if above.n_in != below.n_out:
                raise ValueError(f"layers[{i}] ({above!r}) takes {above.n_in} inputs but layers[{i - 1}] "
                                 f"({below!r}) gives {below.n_out}")
        dtypes = {d.W.dtype for m in layers for d in m.dense_layers}
        if len(dtypes) > 1:
            raise ValueError(f"all layers must have the same dtype, got {sorted(str(d) for d in dtypes)}")
        if not isinstance(layers[-1], Dense):
            raise ValueError("the last layer must be a Dense layer (it sets the output activation), "
                             f"got {layers[-1]!r}")
        return layers

    # ----------------------------------------------------------------- shape
    @property
    def sizes(self) -> list[int]:
        """Layer widths, inputs first."""
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def dtype(self) -> np.dtype:
        return self.dense_layers[0].W.dtype

    @property
    def dense_layers(self) -> list[Dense]:
        """Every dense layer in order, including those inside residual blocks (``self.layers`` when the
        network has no blocks). Parameters, gradients and per-layer norms follow this order."""
        return [d for m in self.layers for d in m.dense_layers]

    @property
    def is_plain(self) -> bool:
        """True if every layer is a :class:`~nnlearn.layers.Dense` layer (no residual block)."""
        return all(isinstance(m, Dense) for m in self.layers)

    @property
    def n_parameters(self) -> int:
        """Total number of weights and biases (equals ``count_parameters(self.sizes)`` for a plain network)."""
        return sum(p.size for p in self.parameters())

    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays ``[W^1, b^1, ..., W^L, b^L]`` of :attr:`dense_layers` (the arrays
        themselves: updating them in place changes the network)."""
        return [p for layer in self.dense_layers for p in (layer.W, layer.b)]

    def gradients(self) -> list[np.ndarray]:
        """The gradients ``[dL/dW^1, dL/db^1, ...]`` from the last :meth:`backward`, in the order of
        :meth:`parameters`."""
        dense = self.dense_layers
        if dense[0].dW is None:
            raise RuntimeError("no gradients yet: call backward (or loss_and_gradients) first")
        return [g for layer in dense for g in (layer.dW, layer.db)]

    def set_parameters(self, params: Sequence) -> "Network":
        """Overwrite every parameter from ``[W^1, b^1, ..., W^L, b^L]`` (checked shapes); returns self."""
        dense = self.dense_layers
        if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
            raise TypeError(f"params must be a list of arrays [W1, b1, ...], got {type(params).__name__}")
        if len(params) != 2 * len(dense):
            raise ValueError(f"params must hold {2 * len(dense)} arrays [W1, b1, ...], got {len(params)}")
        for layer, W, b in zip(dense, params[0::2], params[1::2]):
            layer.set_parameters(W, b)
        return self

    def copy(self) -> "Network":
        """An independent network with the same layers and parameter values."""
        clone = object.__new__(Network)
        clone.layers = [layer.copy() for layer in self.layers]
        return clone

    # --------------------------------------------------------------- forward
    def check_input(self, X) -> np.ndarray:
        """Return ``X`` as a float array of shape ``(n, n_0)`` in the network's dtype, or raise."""
        try:
            Xa = np.asarray(X) if not isinstance(X, (str, bytes)) else X
        except ValueError:  # a ragged list: as_float_array below says so, naming X
            Xa = None
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
        """The pre-activations :math:`z^1, \\dots, z^L` of the last forward pass (of :attr:`dense_layers`)."""
        return [layer.z for layer in self.dense_layers]

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
        layer below; the first layer skips that product, since nothing needs
        :math:`\nabla_X L`. Uses the ``z`` and ``a`` that :meth:`forward` kept; returns
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
        for layer in reversed(self.layers[1:]):
            grad_a = layer.backward(grad_a)  # BP1-BP4 in Dense.backward; returns dL/da^{l-1}
        self.layers[0].backward(grad_a, input_gradient=False)  # nothing below the input needs dL/dX
        return self.gradients()

    def loss_and_gradients(self, X, y, loss: str | Loss) -> tuple[float, list[np.ndarray]]:
        """One forward and one backward pass: the loss on ``(X, y)`` and the gradient of every
        parameter, in the order of :meth:`parameters`. Checks the inputs first."""
        loss = get_loss(loss)
        check_loss_matches_output(loss, self.dense_layers[-1].activation)
        X = self.check_input(X)
        y_hat = self._forward(X)
        y = loss.check_targets(y, y_hat.shape).astype(self.dtype, copy=False)
        value, grad_output = loss.value_and_gradient(y_hat, y)  # L and dL/dy_hat
        return value, self.backward(grad_output)

    def __repr__(self) -> str:
        if not self.is_plain:
            return f"Network([{', '.join(repr(m) for m in self.layers)}])"
        acts = ", ".join(layer.activation.name for layer in self.layers)
        return f"Network(sizes={self.sizes}, activations=[{acts}])"
