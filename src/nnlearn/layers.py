r"""Layers: the fully connected (dense) layer :math:`z = a_{\text{prev}} W + b`, :math:`a = f(z)`,
and the residual block :math:`a = a_{\text{prev}} + F(a_{\text{prev}})`.

Every layer owns both directions: ``forward(a_prev) -> a`` keeps what it
needs, and ``backward(grad_a) -> grad_a_prev`` turns :math:`\partial L/\partial a`
into :math:`\partial L/\partial a_{\text{prev}}`, storing its own parameter
gradients on the way.

The book's convention, the same in the math and in the code: **one example per
row**. A batch of ``n`` inputs to a layer with ``n_in`` inputs and ``n_out``
units is ``a_prev`` of shape ``(n, n_in)``; the weights ``W`` have shape
``(n_in, n_out)``, so ``W[j, k]`` is the weight from input ``j`` to unit ``k``;
the bias ``b`` has shape ``(n_out,)``; ``z`` and ``a`` have shape ``(n, n_out)``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_positive_int, check_seed
from .activations import Activation, get_activation
from .init import initial_weights
from .portable import matmul

__all__ = ["Dense", "Residual"]


def _check_layer_input(a_prev, W: np.ndarray) -> np.ndarray:
    """``a_prev`` as a float array of shape ``(n, n_in)`` in ``W``'s dtype, or a clear error."""
    a_prev = as_float_array(a_prev, "a_prev", ndim=2, dtype=W.dtype)
    if a_prev.shape[1] != W.shape[0]:
        raise ValueError(f"a_prev must have shape (n, {W.shape[0]}), one column per input, got {a_prev.shape}")
    return a_prev


def _check_grad_a(grad_a, a, input_gradient: bool = True) -> None:
    """Raise unless there was a forward pass (``a`` is its output), ``grad_a`` is an array shaped like ``a``
    and ``input_gradient`` is a bool."""
    if not isinstance(input_gradient, (bool, np.bool_)):
        raise TypeError(f"input_gradient must be True or False, got {input_gradient!r}")
    if a is None:
        raise RuntimeError("backward needs the cache of a forward pass: call forward first")
    if not isinstance(grad_a, np.ndarray) or grad_a.shape != a.shape:
        raise ValueError(f"grad_a must be an array shaped like the layer's output a, {a.shape}, "
                         f"got {getattr(grad_a, 'shape', type(grad_a).__name__)}")


class Dense:
    r"""One fully connected layer with an activation.

    Attributes after :meth:`forward` (the layer's cache): ``a_prev``, ``z``, ``a``.
    Attributes set by :meth:`backward`: ``delta``
    (:math:`\delta = \partial L/\partial z`), ``dW`` and ``db`` (the gradients of
    the loss with respect to ``W`` and ``b``).
    """

    def __init__(self, n_in: int, n_out: int, activation: str | Activation = "sigmoid", *,
                 init: str = "xavier", scale: float | None = None,
                 rng: np.random.Generator | int | None = 0, dtype=np.float64):
        n_in = check_positive_int(n_in, "n_in")
        n_out = check_positive_int(n_out, "n_out")
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        if not isinstance(rng, np.random.Generator):
            rng = np.random.default_rng(check_seed(rng, "rng"))
        self.activation = get_activation(activation)
        self.W = initial_weights(init, n_in, n_out, rng, scale=scale, dtype=dtype)
        self.b = np.zeros(n_out, dtype=dtype)
        self.a_prev = self.z = self.a = None
        self.delta = self.dW = self.db = None

    @property
    def n_in(self) -> int:
        return self.W.shape[0]

    @property
    def n_out(self) -> int:
        return self.W.shape[1]

    def set_parameters(self, W, b) -> None:
        """Replace ``W`` and ``b`` (copied, cast to the layer's dtype), checking their shapes."""
        W = as_float_array(W, "W", ndim=2, dtype=self.W.dtype)
        b = as_float_array(b, "b", ndim=1, dtype=self.W.dtype)
        if W.shape != self.W.shape:
            raise ValueError(f"W must have shape {self.W.shape} (n_in, n_out), got {W.shape}")
        if b.shape != self.b.shape:
            raise ValueError(f"b must have shape {self.b.shape} (n_out,), got {b.shape}")
        self.W[...] = W
        self.b[...] = b

    def forward(self, a_prev: np.ndarray) -> np.ndarray:
        r"""Compute :math:`z = a_{\text{prev}} W + b` and :math:`a = f(z)`; keep all three.

        ``a_prev`` has shape ``(n, n_in)``; anything else raises ``ValueError``
        or ``TypeError`` naming it (a cheap check: an array of the right shape
        passes at the cost of two comparisons)."""
        if not (type(a_prev) is np.ndarray and a_prev.ndim == 2 and a_prev.shape[1] == self.W.shape[0]):
            a_prev = _check_layer_input(a_prev, self.W)
        self.a_prev = a_prev
        self.z = matmul(a_prev, self.W)  # a_prev @ W (in a fixed order inside portable_arithmetic)
        self.z += self.b  # in place: one array fewer than `a_prev @ W + b`
        self.a = self.activation.forward(self.z)
        return self.a

    def backward(self, grad_a: np.ndarray, *, input_gradient: bool = True) -> np.ndarray | None:
        r"""From :math:`\partial L/\partial a` (shape ``(n, n_out)``) to :math:`\partial L/\partial a_{\text{prev}}`
        (shape ``(n, n_in)``), storing ``delta``, ``dW`` and ``db`` on the layer.

        With ``input_gradient=False`` it returns ``None`` instead of the last product: a network's first
        layer has no layer below it, and nobody needs :math:`\partial L/\partial X` (for an MLP on
        784-pixel images that product costs as much as the one for :math:`\partial L/\partial W^1`, the
        largest of the backward pass). ``input_gradient`` must be a bool (``TypeError`` otherwise).

        The four equations of backpropagation, one line each, for this layer
        :math:`l` (``grad_a`` is :math:`\nabla_{a^l} L`; at the output layer it
        comes from the loss, below it from the layer above). Uses the ``a_prev``,
        ``z`` and ``a`` that :meth:`forward` kept; raises ``RuntimeError`` if
        there was no forward pass and ``ValueError`` if ``grad_a`` is not shaped
        like ``a``.
        """
        _check_grad_a(grad_a, self.a, input_gradient)
        # (BP1)/(BP2) delta^l = dL/da^l (.) f'(z^l)   [a Jacobian-vector product for softmax]
        self.delta = self.activation.backward(self.z, self.a, grad_a)
        # (BP3) dL/db^l = delta^l, summed over the examples (rows)
        self.db = self.delta.sum(axis=0)
        # (BP4) dL/dW^l = (a^{l-1})^T delta^l
        self.dW = matmul(self.a_prev.T, self.delta)
        # (BP2), its matrix part, handed to the layer below: dL/da^{l-1} = delta^l (W^l)^T
        return matmul(self.delta, self.W.T) if input_gradient else None

    def parameters(self) -> list[np.ndarray]:
        """``[W, b]`` (the arrays themselves)."""
        return [self.W, self.b]

    def gradients(self) -> list[np.ndarray]:
        """``[dW, db]`` from the last :meth:`backward`."""
        return [self.dW, self.db]

    @property
    def dense_layers(self) -> list["Dense"]:
        """``[self]``: the dense layers inside this layer (a :class:`Residual` has one or two)."""
        return [self]

    def copy(self) -> "Dense":
        """An independent layer with the same activation and parameter values (and no cache)."""
        new = object.__new__(Dense)
        new.activation = self.activation
        new.W, new.b = self.W.copy(), self.b.copy()
        new.a_prev = new.z = new.a = new.delta = new.dW = new.db = None
        return new

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out}, {self.activation!r})"


class Residual:
    r"""A residual block: :math:`a = a_{\text{prev}} + F(a_{\text{prev}})` (He et al. 2016, "Deep residual
    learning"), where :math:`F` is one or two :class:`Dense` layers of the same width.

    The identity path adds 1 to the block's Jacobian, so the backward rule is
    :math:`\partial L/\partial a_{\text{prev}} = \partial L/\partial a + (\text{backward through } F)`:
    the gradient reaches the layers below undiminished, however small the
    slopes inside :math:`F`. That is what lets deep residual networks train
    where plain ones of the same depth see vanishing gradients.

    Parameters
    ----------
    width
        The width ``n`` of the block's input, of each layer in :math:`F`, and of its output.
    activation
        The activation of every layer in :math:`F` (a name or instance), or a
        list with one per layer (e.g. ``["relu", "identity"]``, the original
        ResNet form before its final ReLU).
    n_layers
        1 or 2 dense layers in :math:`F`.
    init, scale, rng, dtype
        As for :class:`Dense` (one generator draws the layers in order).

    Raises ``ValueError`` for ``n_layers`` other than 1 or 2 or an activation
    list of the wrong length.
    """

    def __init__(self, width: int, activation: str | Activation | list = "sigmoid", n_layers: int = 1, *,
                 init: str = "xavier", scale: float | None = None,
                 rng: np.random.Generator | int | None = 0, dtype=np.float64):
        width = check_positive_int(width, "width")
        if isinstance(n_layers, bool) or n_layers not in (1, 2):
            raise ValueError(f"n_layers must be 1 or 2 (the dense layers inside F), got {n_layers!r}")
        acts = list(activation) if isinstance(activation, (list, tuple)) else [activation] * n_layers
        if len(acts) != n_layers:
            raise ValueError(f"activation lists {len(acts)} activations for n_layers={n_layers}")
        if not isinstance(rng, np.random.Generator):
            rng = np.random.default_rng(check_seed(rng, "rng"))
        self.layers = [Dense(width, width, act, init=init, scale=scale, rng=rng, dtype=dtype) for act in acts]
        self.a_prev = self.a = None

    @property
    def n_in(self) -> int:
        return self.layers[0].n_in

    @property
    def n_out(self) -> int:
        return self.layers[-1].n_out

    @property
    def dense_layers(self) -> list[Dense]:
        """The dense layers of :math:`F`, in order."""
        return list(self.layers)

    def parameters(self) -> list[np.ndarray]:
        """``[W, b]`` of each layer of :math:`F`, in order."""
        return [p for layer in self.layers for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        """``[dW, db]`` of each layer of :math:`F`, from the last :meth:`backward`."""
        return [g for layer in self.layers for g in layer.gradients()]

    def forward(self, a_prev: np.ndarray) -> np.ndarray:
        r""":math:`a = a_{\text{prev}} + F(a_{\text{prev}})`, shape ``(n, width)``; ``a_prev`` is checked
        like :meth:`Dense.forward`'s."""
        if not (type(a_prev) is np.ndarray and a_prev.ndim == 2 and a_prev.shape[1] == self.n_in):
            a_prev = _check_layer_input(a_prev, self.layers[0].W)
        self.a_prev = a_prev
        h = a_prev
        for layer in self.layers:
            h = layer.forward(h)
        self.a = a_prev + h
        return self.a

    def backward(self, grad_a: np.ndarray, *, input_gradient: bool = True) -> np.ndarray | None:
        r"""From :math:`\partial L/\partial a` to :math:`\partial L/\partial a_{\text{prev}}` (both ``(n, width)``);
        each layer of :math:`F` stores its own ``delta``, ``dW``, ``db``. ``input_gradient=False`` skips the
        gradient for the input and returns ``None`` (as :meth:`Dense.backward`). Raises like :meth:`Dense.backward`."""
        _check_grad_a(grad_a, self.a, input_gradient)
        grad_f = grad_a
        last = len(self.layers) - 1
        for i, layer in enumerate(reversed(self.layers)):
            # through F: BP1-BP4 in each dense layer (the first one hands nothing down if nobody needs it)
            grad_f = layer.backward(grad_f, input_gradient=input_gradient or i < last)
        return grad_a + grad_f if input_gradient else None  # the identity path adds dL/da unchanged

    def copy(self) -> "Residual":
        """An independent block with the same layers and parameter values (and no cache)."""
        new = object.__new__(Residual)
        new.layers = [layer.copy() for layer in self.layers]
        new.a_prev = new.a = None
        return new

    def __repr__(self) -> str:
        acts = ", ".join(layer.activation.name for layer in self.layers)
        return f"Residual({self.n_in}, F=[{acts}])"
