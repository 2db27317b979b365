r"""A scalar reverse-mode automatic differentiation engine: what ``loss.backward()`` does inside.

A :class:`Value` holds one number (``data``), the derivative of a final result
with respect to it (``grad``), the values it was computed from and a small
function that knows the *local* derivative of the operation that made it. Every
operation below builds its output and, right beside the forward rule, the rule
that sends the gradient back to its inputs by the chain rule:

.. math::
    \frac{\partial L}{\partial u} \mathrel{+}= \frac{\partial L}{\partial w}\,
    \frac{\partial w}{\partial u} \quad \text{for each input } u \text{ of } w = f(u, \dots).

:meth:`Value.backward` sets :math:`\partial L/\partial L = 1` and calls those
rules in reverse topological order, so a node sends its gradient back only
after every node that uses it has sent theirs (gradients add up where a value
is used more than once: the ``+=`` above). This is reverse-mode automatic
differentiation (Baydin et al., 2018, JMLR 18(153)); the names and the layout
follow Karpathy's micrograd (https://github.com/karpathy/micrograd), so a
reader who knows it feels at home: ``Value(data)``, ``.data``, ``.grad``,
``.backward()``, ``.relu()``, ``.tanh()``, ``.exp()``.

Two choices of this engine, both tested:

- the topological sort is **iterative** (an explicit stack, no recursion), so a
  chain of ten thousand operations works where a recursive walk would exceed
  Python's recursion limit;
- **calling backward twice accumulates in the leaves**, exactly as PyTorch's
  ``backward(retain_graph=True)`` twice: every leaf (a value no operation made:
  a parameter, an input) adds the new gradient to its ``grad``, so after two
  calls it holds twice the gradient; the intermediate values are set back to 0
  at the start of each call, so their ``grad`` is always this pass's. (Were the
  intermediate gradients kept too, the second pass would push an already
  doubled gradient down and the leaves would get four times the gradient.)
  Call :meth:`Value.zero_grad` on the output between two backward passes to
  start the leaves from zero, as ``optimizer.zero_grad()`` does in PyTorch.

Also here: :class:`Neuron`, :class:`Layer` and :class:`MLP`, a tiny network built
from values, and :func:`train_mlp`, which trains one with plain gradient descent.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from numbers import Real

__all__ = ["Value", "Neuron", "Layer", "MLP", "topological_order", "train_mlp", "neuron_expression"]


def _check_real(x, name: str) -> float:
    """``x`` as a float if it is a real number (not a bool), else a TypeError naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{name} must be a real number (int or float) or a Value, got {type(x).__name__}")
    return float(x)


def _noop() -> None:
    """The backward rule of a leaf: nothing to pass on."""


class Value:
    r"""One scalar in a computation graph: its value, its gradient and how it was made.

    Parameters
    ----------
    data
        The number (an ``int`` or ``float``; a ``bool`` is refused). Stored as a Python ``float``
        (double precision).
    label
        An optional name, used by the graph figure (e.g. ``"w1"``).

    Attributes
    ----------
    data : float
        The value computed in the forward pass.
    grad : float
        :math:`\partial L / \partial \text{self}` after ``L.backward()``; 0 before.
    op : str
        The operation that produced this value (``""`` for a leaf).

    Raises
    ------
    TypeError
        If ``data`` (or the other operand of an operation) is not a real number or a Value.
    """

    __slots__ = ("data", "grad", "label", "op", "_prev", "_backward")

    def __init__(self, data: float, label: str = "", *, _children: tuple = (), _op: str = ""):
        self.data = _check_real(data, "data")
        self.grad = 0.0
        self.label = str(label)
        self.op = _op
        self._prev = tuple(_children)
        self._backward: Callable[[], None] = _noop

    @staticmethod
    def _wrap(other, name: str = "other") -> "Value":
        return other if isinstance(other, Value) else Value(_check_real(other, name))

    @property
    def children(self) -> tuple["Value", ...]:
        """The values this one was computed from (empty for a leaf)."""
        return self._prev

    # ------------------------------------------------------------ operations
    def __add__(self, other) -> "Value":
        other = self._wrap(other)
        out = Value(self.data + other.data, _children=(self, other), _op="+")

        def _backward():  # d(u + v)/du = 1, d(u + v)/dv = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other) -> "Value":
        other = self._wrap(other)
        out = Value(self.data * other.data, _children=(self, other), _op="*")

        def _backward():  # d(u v)/du = v, d(u v)/dv = u
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k) -> "Value":
        r""":math:`u^k` for a real number ``k`` (``0 ** -1`` raises ZeroDivisionError, as Python)."""
        if isinstance(k, Value):
            raise TypeError("the exponent must be a real number, not a Value (powers by a number only)")
        k = _check_real(k, "exponent")
        if self.data < 0 and not k.is_integer():
            raise ValueError(f"a negative value ({self.data}) to a non-integer power ({k}) is not a real number")
        out = Value(self.data ** k, _children=(self,), _op=f"**{k:g}")

        def _backward():  # d(u^k)/du = k u^(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self) -> "Value":
        r""":math:`e^u`. Raises OverflowError (as :func:`math.exp`) above about 709.78."""
        e = math.exp(self.data)
        out = Value(e, _children=(self,), _op="exp")

        def _backward():  # d(e^u)/du = e^u
            self.grad += e * out.grad
        out._backward = _backward
        return out

    def log(self) -> "Value":
        r"""The natural logarithm :math:`\ln u`. Raises ValueError for :math:`u \le 0`."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data}")
        out = Value(math.log(self.data), _children=(self,), _op="log")

        def _backward():  # d(ln u)/du = 1/u
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        r""":math:`\tanh u`, with the derivative :math:`1 - \tanh^2 u`."""
        t = math.tanh(self.data)
        out = Value(t, _children=(self,), _op="tanh")

        def _backward():  # d(tanh u)/du = 1 - tanh(u)^2
            self.grad += (1.0 - t * t) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self) -> "Value":
        r""":math:`\sigma(u) = 1/(1 + e^{-u})`, computed without overflow; derivative :math:`\sigma(1-\sigma)`."""
        u = self.data
        s = 1.0 / (1.0 + math.exp(-u)) if u >= 0 else math.exp(u) / (1.0 + math.exp(u))
        out = Value(s, _children=(self,), _op="sigmoid")

        def _backward():  # d(sigma(u))/du = sigma(u) (1 - sigma(u))
            self.grad += s * (1.0 - s) * out.grad
        out._backward = _backward
        return out

    def relu(self) -> "Value":
        r""":math:`\max(0, u)`; its derivative is taken as 0 at :math:`u = 0` (as PyTorch)."""
        out = Value(self.data if self.data > 0 else 0.0, _children=(self,), _op="relu")

        def _backward():  # d(relu u)/du = 1 if u > 0 else 0
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    # Everything else is made of the operations above.
    def __neg__(self) -> "Value":  # -u = u * (-1)
        return self * -1.0

    def __sub__(self, other) -> "Value":  # u - v = u + (-v)
        return self + (-self._wrap(other))

    def __truediv__(self, other) -> "Value":  # u / v = u * v^(-1)
        return self * self._wrap(other) ** -1

    def __radd__(self, other) -> "Value":  # 2 + u
        return self + other

    def __rsub__(self, other) -> "Value":  # 2 - u
        return self._wrap(other) + (-self)

    def __rmul__(self, other) -> "Value":  # 2 * u
        return self * other

    def __rtruediv__(self, other) -> "Value":  # 2 / u
        return self._wrap(other) * self ** -1

    # -------------------------------------------------------------- backward
    def backward(self) -> None:
        r"""Fill ``grad`` of every value this one depends on with :math:`\partial\,\text{self}/\partial\,\text{value}`.

        Sets the gradient of every intermediate value to 0, then ``self.grad += 1``
        (:math:`\partial L/\partial L = 1`), then runs every node's backward rule in
        reverse topological order (:func:`topological_order`), each node after every
        node that uses it. Leaves **accumulate**: a second call adds the same
        gradients again, as PyTorch's ``backward(retain_graph=True)`` does. Call
        :meth:`zero_grad` first for fresh ones.
        """
        order = topological_order(self)
        for node in order:
            if node._prev:  # an intermediate value: this pass's gradient only
                node.grad = 0.0
        self.grad += 1.0  # dL/dL = 1
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on this value and on every value it depends on."""
        for node in topological_order(self):
            node.grad = 0.0

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each after all of its inputs, ``root`` last.

    Depth-first search with an explicit stack (no recursion, so graphs of any
    depth work): a node is appended once all of its children are. Each node
    appears once, however many times it is used.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))  # comes back after its children
        for child in node._prev:
            if id(child) not in visited:
                stack.append((child, False))
    return order


def neuron_expression(x: float = 1.5, w: float = -0.5, b: float = 0.25) -> dict[str, Value]:
    r"""The chapter's small example, with labels: :math:`L = \tanh(w x + b + x)`.

    One tanh unit whose input :math:`x` also skips past the weight (as in a
    residual connection), so :math:`x` is used twice and its gradient is a sum
    of two paths. Returns the values by label (``"x"``, ``"w"``, ``"b"``,
    ``"wx"``, ``"z"``, ``"s"``, ``"L"``), before any backward pass.
    """
    xv, wv, bv = Value(x, "x"), Value(w, "w"), Value(b, "b")
    wx = wv * xv
    wx.label = "wx"
    z = wx + bv
    z.label = "z"
    s = z + xv
    s.label = "s"
    L = s.tanh()
    L.label = "L"
    return {"x": xv, "w": wv, "b": bv, "wx": wx, "z": z, "s": s, "L": L}


# ---------------------------------------------------------------------- a tiny network of values

class Neuron:
    r"""One unit: :math:`a = f\big(\sum_j w_j x_j + b\big)` with ``f`` ``"tanh"``, ``"relu"``,
    ``"sigmoid"`` or ``"linear"``; weights drawn uniformly from :math:`[-1, 1]`, bias 0."""

    def __init__(self, n_in: int, activation: str = "tanh", rng: random.Random | None = None):
        if isinstance(n_in, bool) or not isinstance(n_in, int) or n_in < 1:
            raise ValueError(f"n_in must be a positive integer, got {n_in!r}")
        if activation not in ("tanh", "relu", "sigmoid", "linear"):
            raise ValueError(f"activation must be 'tanh', 'relu', 'sigmoid' or 'linear', got {activation!r}")
        rng = rng or random.Random(0)
        self.w = [Value(rng.uniform(-1.0, 1.0)) for _ in range(n_in)]
        self.b = Value(0.0)
        self.activation = activation

    def __call__(self, x: Sequence) -> Value:
        z = sum((w_j * x_j for w_j, x_j in zip(self.w, x)), self.b)
        return z if self.activation == "linear" else getattr(z, self.activation)()

    def parameters(self) -> list[Value]:
        return self.w + [self.b]


class Layer:
    """``n_out`` neurons that all read the same ``n_in`` inputs."""

    def __init__(self, n_in: int, n_out: int, activation: str = "tanh", rng: random.Random | None = None):
        rng = rng or random.Random(0)
        self.neurons = [Neuron(n_in, activation, rng) for _ in range(n_out)]

    def __call__(self, x: Sequence) -> list[Value]:
        return [n(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """A multilayer perceptron of values: ``MLP([2, 8, 1])``, tanh hidden layers and a linear output.

    ``sizes`` are the widths, inputs first (as :class:`nnlearn.network.Network`);
    ``seed`` draws the initial weights. Calling it on a list of numbers returns a
    list of values (one per output unit).
    """

    def __init__(self, sizes: Sequence[int], activation: str = "tanh", output_activation: str = "linear",
                 seed: int = 0):
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least two widths (inputs and outputs), got {list(sizes)}")
        rng = random.Random(seed)
        acts = [activation] * (len(sizes) - 2) + [output_activation]
        self.layers = [Layer(n_in, n_out, act, rng) for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts)]

    def __call__(self, x: Sequence) -> list[Value]:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]


def train_mlp(model: MLP, X: Iterable[Sequence[float]], y: Iterable[float], eta: float = 0.1,
              steps: int = 100) -> list[float]:
    r"""Full-batch gradient descent on the mean squared error :math:`\frac1n\sum_i (\hat y_i - y_i)^2`.

    Each step builds the graph of the loss over every example, zeroes the
    gradients, runs ``backward`` and moves every parameter by
    :math:`-\eta\,\partial L/\partial \theta`. Returns the loss before each step
    (length ``steps``). ``model`` must have one output.
    """
    X, y = [list(map(float, x)) for x in X], [float(t) for t in y]
    if len(X) != len(y) or not X:
        raise ValueError(f"X and y must be non-empty and equally long, got {len(X)} and {len(y)}")
    eta = _check_real(eta, "eta")
    params = model.parameters()
    losses = []
    for _ in range(steps):
        loss = sum(((model(x)[0] - t) ** 2 for x, t in zip(X, y)), Value(0.0)) / len(X)
        for p in params:
            p.grad = 0.0
        loss.backward()
        for p in params:
            p.data -= eta * p.grad
        losses.append(loss.data)
    return losses
