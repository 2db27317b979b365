r"""Chapter 4's worked examples and experiments: backpropagation for any fully connected network.

What the chapter computes, each as plain data that a figure or a glued number then shows:

- :func:`shape_rows`: the shape of every array of the forward and the backward pass of a network
  (one example per row), from the widths alone;
- :func:`cache_bytes` and :func:`measured_cache_bytes`: the memory the forward pass keeps for the
  backward pass, from the shapes and measured on a real :class:`~nnlearn.network.Network`;
- :func:`epsilon_sweep` and :func:`kink_example`: central differences and the relative error, in
  float64 and float32, at every step size, and at a ReLU kink;
- :class:`DenseForgetsSlope`, :class:`DenseTransposesW` and :func:`with_bug`: two deliberately
  wrong backward passes, for the gradient check to catch;
- :func:`fan_out_example`: a unit whose output feeds two units receives the sum of both error signals;
- :func:`gradient_work`: the multiply-adds of one gradient by backpropagation and by central
  differences (counted, so exact on every machine);
- :data:`STEPPER_EXAMPLE`, :func:`step_frame`: the step-through visualiser's frames, a pure
  function from the step number to what is drawn.

Symbols are the book's (see the notation page): layer :math:`l` computes
:math:`z^l = a^{l-1} W^l + b^l`, :math:`a^l = f(z^l)`, and :math:`\delta^l = \partial L / \partial z^l`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_float_array, check_positive_int
from .gradcheck import relative_error
from .layers import Dense
from .losses import get_loss
from .network import Network, count_parameters
from .portable import portable_arithmetic

__all__ = [
    "shape_rows", "shape_table_markdown", "cache_bytes", "measured_cache_bytes", "memory_rows",
    "EpsilonSweep", "epsilon_sweep", "central_differences", "KinkExample", "kink_example",
    "DeepCheck", "deep_check", "DenseForgetsSlope", "DenseTransposesW", "BUGS", "with_bug",
    "FanOut", "fan_out_example", "GradientWork", "gradient_work", "hidden_width_for", "work_rows",
    "seed_claim", "MeasuredCost", "measured_gradient_cost",
    "StepperExample", "STEPPER_EXAMPLE", "NodeView", "EdgeView", "Frame", "N_STEPS", "step_frame",
    "stepper_summary", "fan_out_frame", "work_table_markdown", "bug_rows",
    "fmt", "fmt_int", "fmt_power", "fmt_power_bound", "fmt_power_margin", "fmt_sig", "math_role",
]


def _check_sizes(sizes) -> list[int]:
    count_parameters(sizes)  # validates: a sequence of at least two positive integers
    return [int(n) for n in sizes]


# ============================================================================ 1. shapes at each step

def shape_rows(sizes: Sequence[int], n: int) -> list[dict]:
    r"""The shape of every array of one forward and one backward pass, in the order they are computed.

    For a network with widths ``sizes`` :math:`= [n_0, \dots, n_L]` and a batch of ``n``
    examples (one per row). Each row is a dict with ``"pass"`` (``"forward"`` or
    ``"backward"``), ``"quantity"`` (LaTeX), ``"formula"`` (LaTeX, with the shapes that
    meet in it) and ``"shape"`` (a tuple). The backward rows follow the four equations:
    (BP1) at the output, then for each layer (BP3) and (BP4), and (BP2) for every layer
    but the first (nobody needs :math:`\partial L/\partial a^0`).

    Raises ``ValueError``/``TypeError`` for widths that are not positive integers or a bad ``n``.
    """
    sizes = _check_sizes(sizes)
    n = check_positive_int(n, "n")
    L = len(sizes) - 1
    rows = [{"pass": "forward", "quantity": "a^{0} = X", "formula": "\\text{the input}", "shape": (n, sizes[0])}]
    for l in range(1, L + 1):
        rows.append({"pass": "forward", "quantity": f"z^{{{l}}}",
                     "formula": f"a^{{{l - 1}}} W^{{{l}}} + b^{{{l}}}:\\ ({n}, {sizes[l - 1]})"
                                f"({sizes[l - 1]}, {sizes[l]}) + ({sizes[l]},)",
                     "shape": (n, sizes[l])})
        rows.append({"pass": "forward", "quantity": f"a^{{{l}}}", "formula": f"f(z^{{{l}}})",
                     "shape": (n, sizes[l])})
    for l in range(L, 0, -1):
        if l == L:
            rows.append({"pass": "backward", "quantity": f"\\delta^{{{l}}}",
                         "formula": f"\\text{{(BP1)}}\\ \\nabla_{{a^{{{l}}}}} L \\odot f'(z^{{{l}}})",
                         "shape": (n, sizes[l])})
        else:
            rows.append({"pass": "backward", "quantity": f"\\delta^{{{l}}}",
                         "formula": f"\\text{{(BP2)}}\\ \\big(\\delta^{{{l + 1}}} (W^{{{l + 1}}})^{{\\mathsf T}}\\big)"
                                    f" \\odot f'(z^{{{l}}}):\\ ({n}, {sizes[l + 1]})({sizes[l + 1]}, {sizes[l]})",
                         "shape": (n, sizes[l])})
        rows.append({"pass": "backward", "quantity": f"\\partial L/\\partial b^{{{l}}}",
                     "formula": f"\\text{{(BP3)}}\\ \\textstyle\\sum_{{\\text{{rows}}}} \\delta^{{{l}}}",
                     "shape": (sizes[l],)})
        rows.append({"pass": "backward", "quantity": f"\\partial L/\\partial W^{{{l}}}",
                     "formula": f"\\text{{(BP4)}}\\ (a^{{{l - 1}}})^{{\\mathsf T}} \\delta^{{{l}}}:\\ "
                                f"({sizes[l - 1]}, {n})({n}, {sizes[l]})",
                     "shape": (sizes[l - 1], sizes[l])})
    return rows


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def shape_table_markdown(sizes: Sequence[int], n: int) -> str:
    """:func:`shape_rows` as a MyST markdown table (pass, quantity, how it is computed, shape)."""
    lines = ["| pass | quantity | computed as | shape |", "|:--|:--|:--|:--|"]
    for row in shape_rows(sizes, n):
        lines.append(f"| {row['pass']} | ${row['quantity']}$ | ${row['formula']}$ | "
                     f"${_shape_text(row['shape'])}$ |")
    return "\n".join(lines)


# ============================================================================ 2. memory of the cache

def cache_bytes(sizes: Sequence[int], n: int, dtype=np.float64) -> int:
    r"""Bytes the forward pass keeps for the backward pass, computed from the shapes.

    Each :class:`~nnlearn.layers.Dense` layer keeps its input :math:`a^{l-1}` (the array
    the layer below kept as its output, so it is counted once), its pre-activation
    :math:`z^l` and its activation :math:`a^l`, each of shape :math:`(n, n_l)`:

    .. math:: \text{bytes} = s \cdot n \,\Big(n_0 + 2 \sum_{l=1}^{L} n_l\Big)

    with :math:`s` the bytes per number (8 for float64, 4 for float32). This holds for
    activations that return a new array (every one but the identity, whose :math:`a` *is*
    :math:`z`). The parameters (:math:`\sum n_{l-1} n_l + n_l` numbers) are not counted: they
    are kept whether or not we train.
    """
    sizes = _check_sizes(sizes)
    n = check_positive_int(n, "n")
    itemsize = np.dtype(dtype).itemsize
    return itemsize * n * (sizes[0] + 2 * sum(sizes[1:]))


def _cached_arrays(net: Network) -> list[np.ndarray]:
    """Every array a layer of ``net`` holds that is neither a parameter nor a gradient."""
    arrays = []
    for layer in net.layers:
        params = [p for p in (getattr(layer, "W", None), getattr(layer, "b", None)) if p is not None]
        for name, value in vars(layer).items():
            if not isinstance(value, np.ndarray) or name in ("dW", "db", "delta"):
                continue
            if any(value is p for p in params):
                continue
            arrays.append(value)
    return arrays


def measured_cache_bytes(net: Network, X) -> int:
    """Run ``net.forward(X)`` and add up the ``nbytes`` of every array its layers then keep.

    An array kept by two layers (the output of one is the input of the next) counts once,
    and so does a view and the array it looks into. The parameters are not counted.
    Raises as :meth:`Network.forward` does for a bad ``X``.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    net.forward(X)
    seen: dict[tuple[int, int], int] = {}
    for arr in _cached_arrays(net):
        base = arr
        while isinstance(base.base, np.ndarray):
            base = base.base
        key = (base.__array_interface__["data"][0], base.nbytes)
        seen[key] = base.nbytes
    return sum(seen.values())


def memory_rows(depths: Sequence[int], widths: Sequence[int], n: int = 256, n_in: int = 32,
                seed: int = 0) -> list[dict]:
    """For every hidden depth and width, the cache of ``Network([n_in] + [width] * depth + [1], "tanh")``
    on ``n`` examples: computed by :func:`cache_bytes` and measured by :func:`measured_cache_bytes`.

    Each row: ``depth``, ``width``, ``sizes``, ``n``, ``predicted`` and ``measured`` (bytes), and
    ``parameters`` (the bytes of the weights and biases, for comparison).
    """
    n = check_positive_int(n, "n")
    X = np.random.default_rng(seed).normal(size=(n, check_positive_int(n_in, "n_in")))
    rows = []
    for depth in depths:
        for width in widths:
            sizes = [n_in] + [check_positive_int(width, "width")] * check_positive_int(depth, "depth") + [1]
            net = Network(sizes, "tanh", seed=seed)
            rows.append({"depth": depth, "width": width, "sizes": sizes, "n": n,
                         "predicted": cache_bytes(sizes, n), "measured": measured_cache_bytes(net, X),
                         "parameters": 8 * count_parameters(sizes)})
    return rows


# ============================================================================ 3. gradient checking

def _network_in(net: Network, dtype) -> Network:
    """A deep copy of ``net`` whose parameters are of ``dtype``."""
    clone = copy.deepcopy(net)
    for layer in clone.layers:
        layer.W = layer.W.astype(dtype)
        layer.b = layer.b.astype(dtype)
    return clone


def _backprop_gradients(net: Network, X, y, loss) -> list[np.ndarray]:
    """Backpropagation's gradients, in float64, on a float64 copy of ``net``."""
    clone = _network_in(net, np.float64)
    _, grads = clone.loss_and_gradients(np.asarray(X, dtype=np.float64), y, loss)
    return [g.copy() for g in grads]


def central_differences(net: Network, X, y, loss, eps: float, dtype=np.float64) -> list[np.ndarray]:
    r"""Every :math:`\partial L/\partial\theta` by the plain central difference, in ``dtype`` arithmetic.

    :math:`[L(\theta_i+\varepsilon) - L(\theta_i-\varepsilon)] / 2\varepsilon`, with the
    network, the data and the loss all held in ``dtype`` (float32 or float64), so that the
    rounding of that precision shows. The difference is divided by the step actually taken
    (``theta_i + eps`` is itself rounded). ``net`` is not changed. The forward passes and the loss
    run inside :func:`nnlearn.portable.portable_arithmetic`, without BLAS: BLAS kernels (chosen per machine,
    e.g. by ``OPENBLAS_CORETYPE``) round sums differently, and a central difference with a tiny step
    magnifies that last-bit difference into a visible one. This way the rounding errors the chapter
    shows are the same on every machine.
    """
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < 1:
        raise ValueError(f"eps must be a number in (0, 1), got {eps!r}")
    loss = get_loss(loss)
    clone = _network_in(net, dtype)
    Xd = clone.check_input(np.asarray(X, dtype=dtype))
    yd = loss.check_targets(y, (Xd.shape[0], clone.sizes[-1])).astype(dtype)
    grads = []
    with portable_arithmetic():
        for p in clone.parameters():
            grads.append(_central_differences_of(p, clone, Xd, yd, loss, eps, dtype))
    return grads


def _central_differences_of(p: np.ndarray, clone: Network, Xd, yd, loss, eps: float, dtype) -> np.ndarray:
    """The central differences of every entry of ``p`` (a parameter array of ``clone``), shaped like ``p``."""
    flat = p.reshape(-1)
    g = np.empty(flat.size, dtype=np.float64)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + dtype.type(eps)
        up, loss_up = flat[i], loss.forward(clone.forward(Xd), yd)
        flat[i] = old - dtype.type(eps)
        down, loss_down = flat[i], loss.forward(clone.forward(Xd), yd)
        flat[i] = old
        if up == down:
            raise ValueError(f"eps={eps!r} is below the spacing of {dtype} numbers near {float(old)!r}: "
                             f"the step vanishes")
        g[i] = (float(loss_up) - float(loss_down)) / (float(up) - float(down))
    return g.reshape(p.shape)


def _overall_error(analytic: list[np.ndarray], numeric: list[np.ndarray]) -> float:
    """The relative error of all parameters at once (every array flattened into one vector)."""
    return relative_error(np.concatenate([a.ravel() for a in analytic]),
                          np.concatenate([b.ravel() for b in numeric]))


@dataclass
class EpsilonSweep:
    r"""Relative error of central differences against backpropagation, for each step ``eps`` and dtype.

    ``errors[dtype_name]`` is a list aligned with ``eps``; ``best_eps[dtype_name]`` is the step
    with the smallest error. Steps too small for float32 (below ``float32_smallest``, where
    :math:`\theta \pm \varepsilon` rounds back to :math:`\theta`) have the error NaN.
    """

    sizes: list[int]
    eps: list[float]
    errors: dict[str, list[float]]

    @property
    def best_eps(self) -> dict[str, float]:
        return {name: self.eps[int(np.nanargmin(errs))] for name, errs in self.errors.items()}

    @property
    def best_error(self) -> dict[str, float]:
        return {name: float(np.nanmin(errs)) for name, errs in self.errors.items()}


@portable_arithmetic()  # rounding noise is what this experiment shows: the same bits on every machine
def epsilon_sweep(sizes: Sequence[int] = (3, 4, 1), activation: str = "tanh", n: int = 5,
                  exponents: Sequence[int] = tuple(range(-1, -13, -1)), seed: int = 0,
                  float32_smallest: int = -7) -> EpsilonSweep:
    r"""The relative error of the central difference at steps :math:`\varepsilon = 10^k`, in float64 and float32.

    The network ``Network(sizes, activation, "sigmoid")`` sees ``n`` random examples with
    0/1 targets and the loss ``"bce"``; the reference is backpropagation in float64. A large
    step errs by the curvature (:math:`\propto \varepsilon^2`), a small one by rounding
    (:math:`\propto u/\varepsilon`, :math:`u` the unit roundoff): the error is smallest
    between them, near :math:`u^{1/3}` (see e.g. Nocedal and Wright, *Numerical Optimization*,
    section 8.1).
    """
    sizes = _check_sizes(sizes)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(check_positive_int(n, "n"), sizes[0]))
    y = (rng.random((n, sizes[-1])) < 0.5).astype(float)
    net = Network(sizes, activation, "sigmoid", seed=seed)
    analytic = _backprop_gradients(net, X, y, "bce")
    eps = [10.0 ** k for k in exponents]
    errors = {name: [_overall_error(analytic, central_differences(net, X, y, "bce", e, dtype))
                     if dtype is np.float64 or k >= float32_smallest else math.nan
                     for k, e in zip(exponents, eps)]
              for name, dtype in (("float64", np.float64), ("float32", np.float32))}
    return EpsilonSweep(sizes=sizes, eps=eps, errors=errors)


@dataclass
class KinkExample:
    r"""A ReLU network with one example placed a distance ``offset`` from a kink (:math:`z = 0`).

    ``error_smooth``: the relative error of the check at the same point with tanh in place of
    ReLU; ``error_kink``: with ReLU, where the step :math:`\pm\varepsilon` carries one
    pre-activation across 0; ``error_far``: ReLU with that example moved away from the kink.
    """

    eps: float
    offset: float
    error_smooth: float
    error_kink: float
    error_far: float


@portable_arithmetic()  # rounding noise is what this experiment shows: the same bits on every machine
def kink_example(eps: float = 1e-6, offset: float = 3e-7, n: int = 64, width: int = 8,
                 seed: int = 1) -> KinkExample:
    """Build :class:`KinkExample`: ``Network([2, width, 1], relu/tanh, "sigmoid")`` on ``n`` random examples
    with 0/1 targets and the loss ``"bce"``, the bias of hidden unit 1 set so that the first example's
    :math:`z^1_1` equals ``offset`` (``error_far``: 0.5 instead). Plain central differences with step ``eps``."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(check_positive_int(n, "n"), 2))
    y = (rng.random((n, 1)) < 0.5).astype(float)

    def error(activation: str, shift: float) -> float:
        net = Network([2, check_positive_int(width, "width"), 1], activation, "sigmoid", seed=seed)
        b = net.layers[0].b.copy()
        b[0] = shift - X[0] @ net.layers[0].W[:, 0]  # z^1 of example 0, unit 0, is `shift`
        net.layers[0].set_parameters(net.layers[0].W, b)
        analytic = _backprop_gradients(net, X, y, "bce")
        return _overall_error(analytic, central_differences(net, X, y, "bce", eps))

    return KinkExample(eps=eps, offset=offset, error_smooth=error("tanh", offset),
                       error_kink=error("relu", offset), error_far=error("relu", 0.5))


@dataclass
class DeepCheck:
    r"""Backpropagation's gradients layer by layer in a deep sigmoid network, against what central
    differences can resolve.

    ``gradient_sizes[l]``: the largest :math:`|\partial L/\partial W^{l+1}_{jk}|` (backpropagation,
    float64); ``loss``: :math:`L`; ``eps``: the step of the check; ``resolution``:
    :math:`u\,|L| / \varepsilon` with :math:`u` the float64 unit roundoff, the size of the rounding
    error of one difference quotient, below which it cannot tell a gradient from zero;
    ``result``: :func:`~nnlearn.gradcheck.gradient_check`'s full result.
    """

    sizes: list[int]
    gradient_sizes: list[float]
    loss: float
    eps: float
    resolution: float
    result: object = field(repr=False)

    @property
    def unresolved_layers(self) -> list[int]:
        """The layers (1-based) whose every weight gradient is below ten times the resolution."""
        return [l + 1 for l, g in enumerate(self.gradient_sizes) if g < 10 * self.resolution]


@portable_arithmetic()  # rounding noise is what this experiment shows: the same bits on every machine
def deep_check(depth: int = 20, width: int = 3, seed: int = 0) -> DeepCheck:
    """:class:`DeepCheck` of ``Network([3] + [width] * depth + [1], "sigmoid", seed=seed)`` on four random
    inputs with targets 0, 1, 1, 0 and the loss ``"mse"``, checked by
    :func:`~nnlearn.gradcheck.gradient_check` with its default step."""
    from .gradcheck import gradient_check

    X = np.random.default_rng(seed).normal(size=(4, 3))
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    sizes = [3] + [check_positive_int(width, "width")] * check_positive_int(depth, "depth") + [1]
    net = Network(sizes, "sigmoid", seed=seed)
    result = gradient_check(net, X, y, "mse")
    loss, grads = net.loss_and_gradients(X, y, "mse")
    eps = float(result.eps)
    return DeepCheck(sizes=sizes, gradient_sizes=[float(np.abs(g).max()) for g in grads[0::2]], loss=float(loss),
                     eps=eps, resolution=float(np.finfo(np.float64).eps) / 2 * abs(float(loss)) / eps,
                     result=result)


class DenseForgetsSlope(Dense):
    r"""A deliberately wrong dense layer: its backward pass forgets the factor :math:`f'(z)`."""

    def backward(self, grad_a: np.ndarray, *, input_gradient: bool = True) -> np.ndarray | None:
        # BUG: delta^l = dL/da^l, the (.) f'(z^l) of (BP1)/(BP2) is missing
        self.delta = grad_a
        self.db = self.delta.sum(axis=0)
        self.dW = self.a_prev.T @ self.delta
        return self.delta @ self.W.T if input_gradient else None


class DenseTransposesW(Dense):
    r"""A deliberately wrong dense layer: it passes the error back through :math:`W` instead of
    :math:`W^{\mathsf T}`. The shapes only agree when :math:`W` is square, so the bug runs silently there."""

    def backward(self, grad_a: np.ndarray, *, input_gradient: bool = True) -> np.ndarray | None:
        self.delta = self.activation.backward(self.z, self.a, grad_a)
        self.db = self.delta.sum(axis=0)
        self.dW = self.a_prev.T @ self.delta
        # BUG: W where (BP2) has W^T
        return self.delta @ self.W if input_gradient else None


#: The buggy layers by name.
BUGS = {"forgets the slope": DenseForgetsSlope, "transposes W": DenseTransposesW}


def with_bug(net: Network, layer: int, bug: str) -> Network:
    """A copy of ``net`` in which layer ``layer`` (0-based) runs the buggy backward pass ``bug``
    (a key of :data:`BUGS`). ``"transposes W"`` needs a square weight matrix there. ``net`` is unchanged."""
    if bug not in BUGS:
        raise ValueError(f"bug must be one of {sorted(BUGS)}, got {bug!r}")
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(net.layers):
        raise ValueError(f"layer must be an index 0..{len(net.layers) - 1}, got {layer!r}")
    target = net.layers[layer]
    if bug == "transposes W" and target.W.shape[0] != target.W.shape[1]:
        raise ValueError(f"layer {layer} has a {target.W.shape} weight matrix; 'transposes W' needs a square one")
    if bug == "transposes W" and layer == 0:
        raise ValueError("layer 0's dL/da^0 is never used, so 'transposes W' there changes nothing; pick layer >= 1")
    clone = copy.deepcopy(net)
    clone.layers[layer].__class__ = BUGS[bug]
    return clone


def bug_rows(net: Network, X, y, loss, bugs: Sequence[tuple[str, int]]) -> list[dict]:
    """:func:`~nnlearn.gradcheck.gradient_check` of ``net`` as it is and with each planted ``(bug, layer)``:
    one dict per check with ``"backward pass"`` (a description), ``"relative error"`` and ``"verdict"``."""
    from .gradcheck import gradient_check

    rows = []
    result = gradient_check(net, X, y, loss)
    rows.append({"backward pass": "correct (Dense.backward)", "relative error": result.max_error,
                 "verdict": result.verdict})
    for bug, layer in bugs:
        result = gradient_check(with_bug(net, layer, bug), X, y, loss)
        rows.append({"backward pass": f"layer {layer + 1} {bug}", "relative error": result.max_error,
                     "verdict": result.verdict})
    return rows


# ============================================================================ 4. where gradients add up

@dataclass
class FanOut:
    r"""A hidden unit whose activation :math:`a` feeds two output units.

    ``Network([1, 1, 2], "sigmoid", "identity")`` with the loss ``"half_mse"`` on one example
    ``x`` with targets ``y`` (two numbers). ``delta_out`` are the outputs' error signals
    :math:`\delta^2_k`, ``W2`` the two weights :math:`W^2_{1k}`, ``paths`` the two products
    :math:`\delta^2_k W^2_{1k}` (what each output sends back), ``dL_da`` their sum,
    ``slope`` :math:`\sigma'(z^1)`, ``delta_hidden`` :math:`\delta^1` from backpropagation,
    ``delta_numeric`` :math:`\partial L/\partial b^1` by central differences (it equals
    :math:`\delta^1`), and ``delta_one_path`` what :math:`\delta^1` would be with only the first path.
    """

    x: float
    y: tuple[float, float]
    W1: float
    b1: float
    W2: tuple[float, float]
    b2: tuple[float, float]
    z1: float
    a1: float
    y_hat: tuple[float, float]
    delta_out: tuple[float, float]
    paths: tuple[float, float]
    dL_da: float
    slope: float
    delta_hidden: float
    delta_numeric: float
    delta_one_path: float


def fan_out_example(x: float = 1.0, y: tuple[float, float] = (1.0, 0.0), W1: float = 0.5, b1: float = 0.0,
                    W2: tuple[float, float] = (0.8, 0.6), b2: tuple[float, float] = (0.0, 0.0)) -> FanOut:
    """Compute :class:`FanOut` with nnlearn's :class:`Network` (and its finite differences)."""
    from .gradcheck import numerical_gradients

    net = Network([1, 1, 2], "sigmoid", "identity")
    net.set_parameters([[[W1]], [b1], [list(W2)], list(b2)])
    X = np.array([[float(x)]])
    Y = np.array([list(y)], dtype=float)
    net.loss_and_gradients(X, Y, "half_mse")
    hidden, out = net.layers
    delta_out = out.delta[0]
    paths = delta_out * out.W[0]
    slope = float(hidden.activation.derivative(hidden.z, hidden.a)[0, 0])
    numeric = numerical_gradients(net, X, Y, "half_mse")[1][0]
    return FanOut(x=float(x), y=tuple(map(float, y)), W1=float(W1), b1=float(b1), W2=tuple(map(float, W2)),
                  b2=tuple(map(float, b2)), z1=float(hidden.z[0, 0]), a1=float(hidden.a[0, 0]),
                  y_hat=tuple(float(v) for v in out.a[0]), delta_out=tuple(float(v) for v in delta_out),
                  paths=tuple(float(v) for v in paths), dL_da=float(paths.sum()), slope=slope,
                  delta_hidden=float(hidden.delta[0, 0]), delta_numeric=float(numeric),
                  delta_one_path=float(paths[0] * slope))


# ============================================================================ 5. what backpropagation saves

@dataclass(frozen=True)
class GradientWork:
    r"""Multiply-adds of one gradient of a network with widths ``sizes`` on ``n`` examples.

    ``forward``: the matrix products of one forward pass, :math:`n \sum_l n_{l-1} n_l`.
    ``backward``: (BP4) :math:`(a^{l-1})^{\mathsf T}\delta^l` for every layer and (BP2)
    :math:`\delta^l (W^l)^{\mathsf T}` for every layer but the first. ``backprop`` is
    forward + backward; ``differences`` is two forward passes per parameter. Elementwise
    work (biases, activations, the loss) is of order :math:`n \sum_l n_l` and is left out.
    """

    sizes: tuple[int, ...]
    n: int
    parameters: int
    forward: int
    backward: int

    @property
    def backprop(self) -> int:
        return self.forward + self.backward

    @property
    def differences(self) -> int:
        return 2 * self.parameters * self.forward

    @property
    def backprop_passes(self) -> float:
        """Backpropagation's work in forward-pass equivalents."""
        return self.backprop / self.forward

    @property
    def differences_passes(self) -> int:
        """Central differences' work in forward-pass equivalents: two per parameter."""
        return 2 * self.parameters

    @property
    def ratio(self) -> float:
        """How many times more work central differences do than backpropagation."""
        return self.differences / self.backprop


def gradient_work(sizes: Sequence[int], n: int = 64) -> GradientWork:
    """Count the multiply-adds of one gradient (see :class:`GradientWork`)."""
    sizes = _check_sizes(sizes)
    n = check_positive_int(n, "n")
    products = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return GradientWork(sizes=tuple(sizes), n=n, parameters=count_parameters(sizes),
                        forward=n * sum(products), backward=n * (sum(products) + sum(products[1:])))


def hidden_width_for(parameters: float, n_in: int = 10, n_out: int = 1) -> int:
    """The hidden width ``h`` that gives ``[n_in, h, n_out]`` closest to ``parameters`` weights and biases
    (``(n_in + 1 + n_out) h + n_out`` of them), at least 1."""
    if isinstance(parameters, bool) or not isinstance(parameters, (int, float)) or not parameters > 0:
        raise ValueError(f"parameters must be a positive number, got {parameters!r}")
    return max(1, round((parameters - n_out) / (n_in + 1 + n_out)))


def work_rows(exponents: Sequence[float] = tuple(np.arange(1.0, 5.01, 0.25)), n: int = 64,
              n_in: int = 10) -> list[GradientWork]:
    """:func:`gradient_work` of ``[n_in, h, 1]`` networks with about ``10**k`` parameters for each ``k``
    (the family that ``benchmarks/bench.py`` times)."""
    rows: dict[int, GradientWork] = {}
    for k in exponents:
        work = gradient_work([n_in, hidden_width_for(10.0 ** k, n_in), 1], n)
        rows.setdefault(work.parameters, work)  # small counts can repeat: keep each network once
    return list(rows.values())


def work_table_markdown(rows: Sequence[GradientWork]) -> str:
    """A MyST table of :class:`GradientWork` rows: parameters, forward passes and multiply-adds of each
    method, and their ratio."""
    lines = ["| parameters | forward passes: backprop. | forward passes: differences | multiply-adds: backprop. "
             "| multiply-adds: differences | ratio |",
             "|--:|--:|--:|--:|--:|--:|"]
    for w in rows:
        lines.append(f"| {w.parameters:,} | {w.backprop_passes:.2f} | {w.differences_passes:,} | "
                     f"${fmt_sig(w.backprop, 2)}$ | ${fmt_sig(w.differences, 2)}$ | {w.ratio:,.0f} |")
    return "\n".join(lines)


@dataclass
class MeasuredCost:
    """Chapter 4's timings as ``benchmarks/bench.py --only gradient-cost`` saved them.

    ``rows``: dicts with ``P`` (parameters), ``forward``, ``backprop`` and ``fd`` (seconds for one
    forward pass, one gradient by backpropagation, one gradient by central differences) and
    ``extrapolated`` (the differences were timed on a sample of parameters); ``date``,
    ``machine`` (the environment lines the benchmark printed), ``threads`` and ``repeats``.
    """

    rows: list[dict]
    date: str
    machine: list[str]
    threads: int
    repeats: int

    @property
    def backprop_passes(self) -> list[float]:
        """Measured backpropagation time in forward-pass times, per row."""
        return [r["backprop"] / r["forward"] for r in self.rows]

    @property
    def speedups(self) -> list[float]:
        """Central differences' time over backpropagation's, per row."""
        return [r["fd"] / r["backprop"] for r in self.rows]


def measured_gradient_cost(results, key: str = "gradient_cost_1_threads") -> MeasuredCost:
    """Read the section ``key`` of ``results`` (the parsed ``benchmarks/results.json``, or its path).

    Raises ``ValueError`` when the section is missing or has no rows, ``TypeError`` for another type.
    """
    import json
    import os

    if isinstance(results, (str, os.PathLike)):
        with open(results, encoding="utf-8") as f:
            results = json.load(f)
    if not isinstance(results, dict):
        raise TypeError(f"results must be a dict or a path to results.json, got {type(results).__name__}")
    if key not in results or not results[key].get("rows"):
        raise ValueError(f"results has no section {key!r} with rows: run "
                         f"`python benchmarks/bench.py --only gradient-cost --threads 1` and commit results.json")
    section = results[key]
    rows = sorted(section["rows"], key=lambda r: r["P"])
    return MeasuredCost(rows=rows, date=section["date"], machine=list(section.get("environment", [])),
                        threads=int(section["threads"]), repeats=int(section["repeats"]))


def seed_claim(parameters: int = 1_000_000) -> dict[str, float]:
    """What the ratio "central differences / backpropagation" is at ``parameters`` by each reckoning.

    ``claim_premises``: the source article's own premises, 2P forward passes against 2 passes
    (a ratio of P); ``counted_shallow``: the counted multiply-adds of ``[10, h, 1]`` with about
    that many parameters; ``counted_deep``: the limit of a deep network of equal widths, where
    backpropagation costs three forward passes (ratio 2P/3).
    """
    shallow = gradient_work([10, hidden_width_for(parameters), 1])
    return {"parameters": float(parameters), "claim_premises": float(parameters),
            "counted_shallow": shallow.ratio, "shallow_parameters": float(shallow.parameters),
            "shallow_backprop_passes": shallow.backprop_passes, "counted_deep": 2.0 * parameters / 3.0}


# ============================================================================ 6. the step-through visualiser

@dataclass(frozen=True)
class StepperExample:
    """The 2-2-1 sigmoid network of the visualiser, one example, loss ``"half_mse"``, learning rate ``eta``."""

    x: tuple[float, float] = (1.0, 0.5)
    y: float = 1.0
    W1: tuple[tuple[float, float], tuple[float, float]] = ((0.3, -0.2), (0.6, 0.4))
    b1: tuple[float, float] = (0.1, -0.1)
    W2: tuple[float, float] = (0.7, -0.5)
    b2: float = 0.2
    eta: float = 0.5

    def network(self) -> Network:
        net = Network([2, 2, 1], "sigmoid")
        net.set_parameters([np.array(self.W1), np.array(self.b1), np.array(self.W2)[:, None],
                            np.array([self.b2])])
        return net


STEPPER_EXAMPLE = StepperExample()


@dataclass(frozen=True)
class NodeView:
    """One unit as drawn: ``layer`` and ``index`` place it, ``text`` (lines) is written in it in the
    colour role ``role`` (``"forward"``, ``"backward"``, ``"pending"``), ``highlight`` marks the unit of this step."""

    layer: int
    index: int
    label: str
    text: tuple[str, ...] = ()
    role: str = "pending"
    highlight: bool = False


@dataclass(frozen=True)
class EdgeView:
    """One weight as drawn: from unit ``src`` of layer ``layer - 1`` to unit ``dst`` of ``layer``;
    ``text`` lines, each with its colour role (``"param"``, ``"backward"``); ``highlight`` is the role
    (``"forward"`` or ``"backward"``) of the edge when this step uses it, else ``""``."""

    layer: int
    src: int
    dst: int
    text: tuple[tuple[str, str], ...] = ()
    highlight: str = ""


@dataclass(frozen=True)
class Frame:
    """Everything one step of the visualiser draws: the widths (the layout comes from them), the
    units, the weights, the loss box, a title and a one-line summary."""

    step: int
    widths: tuple[int, ...]
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    loss: tuple[tuple[str, str], ...] = ()
    title: str = ""
    summary: str = ""


#: The steps: the network, 2 hidden units and the output forward, the loss, the output's delta,
#: 2 hidden deltas, the update.
N_STEPS = 9


def _f(v: float) -> str:
    text = f"{v:.3f}"
    return "0.000" if text == "-0.000" else text.replace("-", "\u2212")


@dataclass
class _StepperValues:
    net: Network
    new_net: Network
    loss: float
    new_loss: float


def _stepper_values(example: StepperExample) -> _StepperValues:
    net = example.network()
    X = np.array([example.x])
    Y = np.array([[example.y]])
    loss, grads = net.loss_and_gradients(X, Y, "half_mse")
    new_net = example.network()
    new_net.set_parameters([p - example.eta * g for p, g in zip(net.parameters(), grads)])
    new_loss = get_loss("half_mse").forward(new_net.forward(X), Y)
    return _StepperValues(net=net, new_net=new_net, loss=float(loss), new_loss=float(new_loss))


_SUB = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
_SUP = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _unit_name(layer: int, index: int, widths: tuple[int, ...]) -> str:
    if layer == 0:
        return f"x{index + 1}".translate(_SUB)
    if layer == len(widths) - 1 and widths[-1] == 1:
        return "\u0177"
    return f"a{layer}".translate(_SUP) + f"{index + 1}".translate(_SUB)


def step_frame(step: int, example: StepperExample = STEPPER_EXAMPLE) -> Frame:
    """What the visualiser draws at ``step`` (0 to ``N_STEPS - 1``), as plain data.

    Step 0 shows the network with its inputs and weights; steps 1-3 compute one unit each
    (the hidden units, then the output), forward values in the forward colour; step 4 the
    loss; steps 5-7 the error signals, output first then each hidden unit, each weight's
    gradient appearing on its edge in the backward colour; step 8 the update
    :math:`W \\leftarrow W - \\eta\\, \\partial L/\\partial W` and the new loss. Every number
    comes from :class:`~nnlearn.network.Network` (forward, backward) and is shown to three decimals.
    Raises ``ValueError`` for a step outside the range and ``TypeError`` for a non-integer.
    """
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
        raise TypeError(f"step must be an integer, got {type(step).__name__}")
    if not 0 <= step < N_STEPS:
        raise ValueError(f"step must be between 0 and {N_STEPS - 1}, got {step}")
    if not isinstance(example, StepperExample):
        raise TypeError(f"example must be a StepperExample, got {type(example).__name__}")
    step = int(step)
    v = _stepper_values(example)
    net = v.net
    widths = tuple(net.sizes)
    hidden, out = net.layers
    # the order of the forward units and of the backward units
    forward_units = [(1, k) for k in range(widths[1])] + [(2, k) for k in range(widths[2])]
    backward_units = [(2, k) for k in range(widths[2])] + [(1, k) for k in range(widths[1])]
    n_fwd = len(forward_units)
    loss_step = n_fwd + 1
    done_fwd = set(forward_units[:max(0, min(step, n_fwd))])
    n_back = max(0, min(step - loss_step, len(backward_units)))
    done_back = set(backward_units[:n_back])
    update = step == N_STEPS - 1
    current_fwd = forward_units[step - 1] if 1 <= step <= n_fwd else None
    current_back = backward_units[step - loss_step - 1] if loss_step < step <= loss_step + len(backward_units) else None

    nodes = [NodeView(0, j, _unit_name(0, j, widths), (f"x = {_f(example.x[j])}",), "forward")
             for j in range(widths[0])]
    for l, layer in ((1, hidden), (2, out)):
        for k in range(widths[l]):
            text, role = (), "pending"
            if (l, k) in done_fwd:
                text, role = (f"z = {_f(layer.z[0, k])}", f"a = {_f(layer.a[0, k])}"), "forward"
            if (l, k) in done_back:
                text, role = text + (f"\u03b4 = {_f(layer.delta[0, k])}",), "backward"
            nodes.append(NodeView(l, k, _unit_name(l, k, widths), text, role,
                                  (l, k) in (current_fwd, current_back)))
    edges = []
    for l, layer, new in ((1, hidden, v.new_net.layers[0]), (2, out, v.new_net.layers[1])):
        for j in range(widths[l - 1]):
            for k in range(widths[l]):
                text = [("param", f"w = {_f(layer.W[j, k])}")]
                if (l, k) in done_back:
                    text.append(("backward", f"\u2202L/\u2202w = {_f(layer.dW[j, k])}"))
                if update:
                    text = [("param", f"w \u2192 {_f(new.W[j, k])}"), text[1]]
                use = "backward" if (l, k) == current_back else "forward" if (l, k) == current_fwd else ""
                edges.append(EdgeView(l, j, k, tuple(text), use))
    loss = ()
    if step >= loss_step:
        loss = (("forward", f"L = {_f(v.loss)}"),)
        if step >= loss_step + 1:
            loss += (("backward", f"\u2202L/\u2202\u0177 = {_f(float(out.a[0, 0]) - example.y)}"),)
        if update:
            loss += (("param", f"new L = {_f(v.new_loss)}"),)

    if step == 0:
        title = "Step 0: the network, its input and its weights"
        summary = "Nothing computed yet: the inputs and the weights are given."
    elif current_fwd is not None:
        l, k = current_fwd
        name = _unit_name(l, k, widths)
        title = f"Step {step}, forward: unit {name} computes z = \u03a3 w \u00b7 input + b and a = \u03c3(z)"
        summary = (f"Forward pass, unit {name}: z = {_f(net.layers[l - 1].z[0, k])}, "
                   f"a = {_f(net.layers[l - 1].a[0, k])}.")
    elif step == loss_step:
        title = f"Step {step}: the loss L = \u00bd(\u0177 \u2212 y)\u00b2 with the target y = {_f(example.y)}"
        summary = f"Prediction {_f(float(out.a[0, 0]))} against target {_f(example.y)}: loss {_f(v.loss)}."
    elif current_back is not None:
        l, k = current_back
        layer = net.layers[l - 1]
        name = _unit_name(l, k, widths)
        rule = "(BP1) \u03b4 = \u2202L/\u2202\u0177 \u00b7 \u03c3\u2032(z)" if l == len(widths) - 1 else \
            "(BP2) \u03b4 = (\u03b4 above \u00b7 w) \u00b7 \u03c3\u2032(z)"
        title = f"Step {step}, backward: unit {name} gets {rule}; its weights get \u03b4 \u00b7 input"
        summary = (f"Backward pass, unit {name}: \u03b4 = {_f(layer.delta[0, k])}; each of its weights gets "
                   f"the gradient \u03b4 times its input (BP4).")
    else:
        title = f"Step {step}: the update w \u2192 w \u2212 \u03b7 \u2202L/\u2202w with \u03b7 = {_f(example.eta)}"
        summary = f"After one step of gradient descent the loss falls from {_f(v.loss)} to {_f(v.new_loss)}."
    return Frame(step=step, widths=widths, nodes=tuple(nodes), edges=tuple(edges), loss=loss, title=title,
                 summary=summary)


def stepper_summary(step: int, example: StepperExample = STEPPER_EXAMPLE) -> str:
    """The one-line text summary of :func:`step_frame` at ``step``."""
    return step_frame(step, example).summary


def fan_out_frame(example: FanOut) -> Frame:
    """The fan-out example drawn as a network: the hidden unit's δ is the sum of what both outputs send back."""
    if not isinstance(example, FanOut):
        raise TypeError(f"example must be a FanOut, got {type(example).__name__}")
    e = example
    nodes = [NodeView(0, 0, "x", (f"x = {_f(e.x)}",), "forward"),
             NodeView(1, 0, "a", (f"a = {_f(e.a1)}", f"\u03b4 = {_f(e.delta_hidden)}"), "backward", True)]
    for k in range(2):
        nodes.append(NodeView(2, k, f"\u0177{k + 1}".translate(_SUB), (f"\u0177 = {_f(e.y_hat[k])}", f"y = {_f(e.y[k])}",
                                                         f"\u03b4 = {_f(e.delta_out[k])}"), "backward"))
    edges = [EdgeView(1, 0, 0, (("param", f"w = {_f(e.W1)}"),))]
    for k in range(2):
        edges.append(EdgeView(2, 0, k, (("param", f"w = {_f(e.W2[k])}"),
                                        ("backward", f"\u03b4\u00b7w = {_f(e.paths[k])}")), "backward"))
    summary = (f"The hidden unit receives {_f(e.paths[0])} + {_f(e.paths[1])} = {_f(e.dL_da)}, "
               f"times \u03c3\u2032(z) = {_f(e.slope)}: \u03b4 = {_f(e.delta_hidden)}.")
    return Frame(step=0, widths=(1, 1, 2), nodes=tuple(nodes), edges=tuple(edges),
                 title="A unit that feeds two units: the error signals coming back add up", summary=summary)


# ============================================================================ what the chapter glues

def fmt(value: float, decimals: int = 4) -> str:
    """``value`` to ``decimals`` places, a true minus sign, never ``-0``."""
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def fmt_int(value: float) -> str:
    """A whole number with thousands separators (``99,997``)."""
    return f"{int(round(value)):,}"


def fmt_power_bound(value: float) -> str:
    """The smallest power of ten at or above ``value``, as LaTeX (``10^{-10}`` for 3.5e-11): a bound that
    stays the same when rounding noise moves the last digits of ``value``."""
    if not value > 0:
        raise ValueError(f"value must be positive, got {value!r}")
    return f"10^{{{math.ceil(math.log10(value) - 1e-12)}}}"


def fmt_power_margin(value: float, margin: float = 3.0) -> str:
    """A power of ten at least ``margin`` times above ``value``, as LaTeX: a bound for a quantity made of
    rounding noise, which moves by tens of percent from one machine to another."""
    return fmt_power_bound(value * margin)


def fmt_power(value: float) -> str:
    """An exact power of ten as LaTeX (``1e-6`` gives ``10^{-6}``)."""
    k = round(math.log10(value))
    if not math.isclose(10.0 ** k, value, rel_tol=1e-9):
        raise ValueError(f"value must be a power of ten, got {value!r}")
    return f"10^{{{k}}}"


def fmt_sig(value: float, digits: int = 2) -> str:
    """``value`` to ``digits`` significant digits as LaTeX: scientific notation when small or large,
    thousands separated by ``{,}`` (a comma that math mode does not space)."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent < 5:
        return f"{value:,.{max(0, digits - 1 - exponent)}f}".replace(",", "{,}")
    mantissa = value / 10.0 ** exponent
    text = f"{mantissa:.{digits - 1}f}"
    if float(text) == 10.0:
        mantissa, exponent = 1.0, exponent + 1
        text = f"{mantissa:.{digits - 1}f}"
    return f"{text} \\times 10^{{{exponent}}}"


def math_role(latex: str):
    """Markdown holding ``latex`` in a MyST math role, for ``{glue:md}`name:myst```."""
    from IPython.display import Markdown

    return Markdown(f"{{math}}`{latex}`")
