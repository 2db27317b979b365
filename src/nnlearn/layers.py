r"""A fully connected (dense) layer: :math:`z = a_{\text{prev}} W + b`, :math:`a = f(z)`.

The book's convention, the same in the math and in the code: **one example per
row**. A batch of ``n`` inputs to a layer with ``n_in`` inputs and ``n_out``
units is ``a_prev`` of shape ``(n, n_in)``; the weights ``W`` have shape
``(n_in, n_out)``, so ``W[j, k]`` is the weight from input ``j`` to unit ``k``;
the bias ``b`` has shape ``(n_out,)``; ``z`` and ``a`` have shape ``(n, n_out)``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_positive_int
from .activations import Activation, get_activation
from .init import initial_weights

__all__ = ["Dense"]


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
            rng = np.random.default_rng(rng)
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
        r"""Compute :math:`z = a_{\text{prev}} W + b` and :math:`a = f(z)`; keep all three."""
        self.a_prev = a_prev
        self.z = a_prev @ self.W
        self.z += self.b  # in place: one array fewer than `a_prev @ W + b`
        self.a = self.activation.forward(self.z)
        return self.a

    def backward(self, grad_a: np.ndarray) -> np.ndarray:
        r"""From :math:`\partial L/\partial a` (shape ``(n, n_out)``) to :math:`\partial L/\partial a_{\text{prev}}`
        (shape ``(n, n_in)``), storing ``delta``, ``dW`` and ``db`` on the layer.

        The four equations of backpropagation, one line each, for this layer
        :math:`l` (``grad_a`` is :math:`\nabla_{a^l} L`; at the output layer it
        comes from the loss, below it from the layer above). Uses the ``a_prev``,
        ``z`` and ``a`` that :meth:`forward` kept; raises ``RuntimeError`` if
        there was no forward pass and ``ValueError`` if ``grad_a`` is not shaped
        like ``a``.
        """
        if self.a is None:
            raise RuntimeError("backward needs the cache of a forward pass: call forward first")
        if getattr(grad_a, "shape", None) != self.a.shape:
            raise ValueError(f"grad_a must have the shape of the layer's output a, {self.a.shape}, "
                             f"got {getattr(grad_a, 'shape', type(grad_a).__name__)}")
        # (BP1)/(BP2) delta^l = dL/da^l (.) f'(z^l)   [a Jacobian-vector product for softmax]
        self.delta = self.activation.backward(self.z, self.a, grad_a)
        # (BP3) dL/db^l = delta^l, summed over the examples (rows)
        self.db = self.delta.sum(axis=0)
        # (BP4) dL/dW^l = (a^{l-1})^T delta^l
        self.dW = self.a_prev.T @ self.delta
        # (BP2), its matrix part, handed to the layer below: dL/da^{l-1} = delta^l (W^l)^T
        return self.delta @ self.W.T

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out}, {self.activation!r})"
