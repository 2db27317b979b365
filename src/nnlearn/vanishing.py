r"""Chapter 6: vanishing and exploding gradients, measured on the handwritten digits.

Every experiment of the chapter is a function here that returns plain data (the
figures in :mod:`nnlearn.plots.gradients` draw it). The networks are fully
connected, ``64 -> 30 -> ... -> 30 -> 10``: the 64 pixels of an 8x8 digit
(:func:`nnlearn.data.load_digits`, pixels divided by 16), ``depth`` hidden layers of
:data:`WIDTH` units, and 10 logits trained with softmax cross-entropy. Training is
full-batch gradient descent, so one epoch is one step and a run is exactly
reproducible.

What is measured, for hidden layer :math:`l = 1, \dots, \text{depth}`, is the
Frobenius norm of the weight gradient :math:`\lVert \partial L/\partial W^l \rVert`
(:func:`nnlearn.diagnostics.layer_gradient_norms`), on the whole training set.

The small matrices here (at most 1,347 x 64) run faster on one BLAS thread than on
several, and much faster when other processes share the cores, so the experiments
run under ``threadpoolctl.threadpool_limits(1)``; the arithmetic is the same.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from threadpoolctl import threadpool_limits

from ._checks import check_positive, check_positive_int
from .batched import NetworkBatch, train_batch
from .data import load_digits
from .diagnostics import layer_gradient_norms
from .gradcheck import gradient_check
from .layers import Dense, Residual
from .losses import get_loss
from .network import Network
from .optim import clip_by_global_norm, global_norm
from .portable import portable_arithmetic
from .train import Divergence

__all__ = ["WIDTH", "DEPTHS", "DEEP", "ETA", "EPOCHS", "NIELSEN_SIZES", "NIELSEN_NORMS", "SIGMOID_SLOPE_MAX",
           "DEAD_RULE", "CLIP_PERCENTILE", "EXPLODE_SCALE", "CLIP", "HIGH_ETA", "NEG_BIAS", "GC_WIDTH",
           "GC_EXAMPLES", "power_table", "power_table_markdown", "digits", "build", "hidden_norms", "Run", "run",
           "run_batch", "accuracy", "depth_sweep", "fixes", "init_grid", "exploding", "clip_threshold",
           "early_norms", "dying_relu", "inactive_fraction", "gradcheck_by_depth", "residual_depths",
           "WIDGET_INITS", "WIDGET_EXAMPLES", "WIDGET_EPOCHS", "WIDGET_CLIP", "widget_run", "residual_reach"]

#: Units in every hidden layer (Nielsen's chapter 5 uses 30 as well).
WIDTH = 30
#: The depths (hidden layers) of the chapter's sigmoid networks.
DEPTHS = (2, 3, 4, 6)
#: The depth of "the deep network" on which every fix is measured.
DEEP = 6
#: Learning rate and epochs (full-batch steps) of the chapter's training runs.
ETA = 0.3
EPOCHS = 100
#: The largest slope of the sigmoid, :math:`\sigma'(0) = 1/4`.
SIGMOID_SLOPE_MAX = 0.25
#: Nielsen's network in chapter 5 of *Neural Networks and Deep Learning* (MNIST, 784 inputs), and the
#: per-hidden-layer gradient sizes he reports at the start of training, first hidden layer first
#: (lengths of :math:`\partial C/\partial b^l`; rounded as he gives them).
NIELSEN_SIZES = (784, 30, 30, 30, 30, 10)
NIELSEN_NORMS = (0.003, 0.017, 0.070, 0.285)
#: The source article's rule of thumb: more than this fraction of dead ReLU units is a problem.
DEAD_RULE = 0.10
#: The source article's clipping rule: the threshold near this percentile of early gradient norms.
CLIP_PERCENTILE = 95

#: The exploding-gradient experiment: standard deviation of the starting weights, and the clipping threshold.
EXPLODE_SCALE = 0.6
CLIP = 1.0
#: The dying-ReLU experiment: a learning rate that is too high, and a negative starting bias.
HIGH_ETA = 1.0
NEG_BIAS = -0.5
#: The gradient-check experiment: width of the narrow networks, and how many digits they see.
GC_WIDTH = 8
GC_EXAMPLES = 20

_LOSS = get_loss("softmax_ce")


def _one_thread(fn):
    """Run ``fn`` with BLAS limited to one thread and the engine in portable arithmetic
    (see the module docstring)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1, user_api="blas"), portable_arithmetic():
            return fn(*args, **kwargs)
    return wrapper


# --------------------------------------------------------------------------- the bound

def power_table(max_depth: int = 20, factor: float = SIGMOID_SLOPE_MAX) -> list[dict]:
    r"""The bound :math:`(\max \sigma')^L = 0.25^L` for :math:`L = 1, \dots,` ``max_depth``.

    Each row holds ``L``, ``value`` (the float ``factor ** L``) and ``exact`` (a
    :class:`fractions.Fraction`; for 0.25 it is :math:`1/4^L`, which a float holds
    exactly, since it is a power of two). Raises ``ValueError`` unless ``max_depth``
    is a positive integer and ``factor`` a positive number.
    """
    max_depth = check_positive_int(max_depth, "max_depth")
    factor = check_positive(factor, "factor")
    exact = Fraction(factor)
    return [{"L": L, "value": factor ** L, "exact": exact ** L} for L in range(1, max_depth + 1)]


def power_table_markdown(rows: Sequence[Mapping], every: int = 1) -> str:
    """A Markdown table of :func:`power_table` rows (every ``every``-th one): :math:`L`, the exact fraction
    and its value to 3 significant digits."""
    every = check_positive_int(every, "every")
    lines = ["| $L$ | $0.25^L$ exactly | value |", "|---|---|---|"]
    for r in rows[every - 1::every]:
        f = r["exact"]
        mantissa, exponent = f"{float(f):.2e}".split("e")
        lines.append(f"| {r['L']} | $1/{f.denominator:,}$ | ${mantissa} \\times 10^{{{int(exponent)}}}$ |"
                     .replace(",", "{,}"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- data and networks

@functools.lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return load_digits(test_size=0.25, seed=0)


def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train (1347, 64), X_test (450, 64), y_train, y_test`` (class indices): the chapter's split
    (:func:`nnlearn.data.load_digits` with ``test_size=0.25, seed=0``), copies."""
    return tuple(a.copy() for a in _digits())


def build(depth: int, activation: str = "sigmoid", init: str = "xavier", *, residual: bool = False,
          scale: float | None = None, bias: float = 0.0, width: int = WIDTH, n_in: int = 64,
          block_init: str | None = None, seed: int = 0) -> Network:
    r"""The chapter's network: ``n_in -> width x depth -> 10`` logits.

    Parameters
    ----------
    depth
        Hidden layers (at least 1).
    activation, init, scale
        Of every hidden layer (see :class:`~nnlearn.layers.Dense`); the output layer is
        ``"identity"`` (logits for ``"softmax_ce"``) with the same initialiser.
    residual
        If true, hidden layers 2..depth are residual blocks :math:`a = a_{\text{prev}} + f(a_{\text{prev}} W + b)`
        (:class:`~nnlearn.layers.Residual`, one dense layer each); layer 1 is a plain dense layer,
        since it changes the width.
    block_init
        The initialiser of the residual blocks' layers (default: ``init``); ``"small"`` starts every
        block close to the identity.
    bias
        The starting value of every hidden bias (0 by default; a negative value starts ReLU units off).
    seed
        Seed of the generator that draws all the weights, layer 1 first.
    """
    depth = check_positive_int(depth, "depth")
    if not isinstance(residual, bool):
        raise TypeError(f"residual must be True or False, got {residual!r}")
    if isinstance(bias, bool) or not isinstance(bias, (int, float)) or not math.isfinite(bias):
        raise ValueError(f"bias must be a finite number, got {bias!r}")
    rng = np.random.default_rng(seed)
    kw = dict(init=init, scale=scale, rng=rng)
    layers: list = [Dense(n_in, width, activation, **kw)]
    for _ in range(depth - 1):
        if residual:
            layers.append(Residual(width, activation, init=block_init or init,
                                   scale=scale if (block_init or init) == "normal" else None, rng=rng))
        else:
            layers.append(Dense(width, width, activation, **kw))
    layers.append(Dense(width, 10, "identity", **kw))
    net = Network(layers)
    for layer in net.dense_layers[:-1]:
        layer.b[...] = bias
    return net


def hidden_norms(net: Network, X, y) -> np.ndarray:
    r""":math:`\lVert \partial L/\partial W^l \rVert` of each hidden layer (every dense layer but the output
    layer), for the softmax cross-entropy on ``(X, y)`` at the current parameters; shape ``(depth,)``."""
    net.loss_and_gradients(X, y, _LOSS)
    return layer_gradient_norms(net)[:-1]


def accuracy(net: Network, X, y) -> float:
    """The fraction of rows of ``X`` whose largest logit is at the class index in ``y``."""
    with np.errstate(all="ignore"):
        logits = net.forward(X)
    if not np.all(np.isfinite(logits)):
        return float("nan")
    return float(np.mean(logits.argmax(axis=1) == np.asarray(y)))


def inactive_fraction(net: Network, X) -> np.ndarray:
    r"""For each hidden layer, the fraction of its units with :math:`z \le 0` for every row of ``X``.

    For ReLU units this is the fraction of *dead* units
    (:func:`nnlearn.diagnostics.dead_relu_fraction`): they output 0 and pass back no
    gradient. The same count for leaky ReLU shows units that are off but still learn
    (their slope there is 0.01). Shape ``(depth,)``.
    """
    a = net.check_input(X)
    with np.errstate(all="ignore"):
        clone = net.copy()
        clone._forward(a)
    return np.array([float(np.mean(np.all(layer.z <= 0, axis=0))) for layer in clone.dense_layers[:-1]])


# --------------------------------------------------------------------------- training runs

@dataclass
class Run:
    """One training run of the chapter.

    Attributes
    ----------
    label
        What was trained (e.g. ``"sigmoid, xavier"``).
    loss
        ``(steps + 1,)``: the training loss before each step and after the last (NaN after a divergence).
    norms
        ``(steps, depth)``: :math:`\\lVert \\partial L/\\partial W^l \\rVert` of each hidden layer before each step.
    global_norms
        ``(steps,)``: the global norm of all gradients before each step (before clipping), or empty.
    inactive
        ``(steps + 1, depth)``: :func:`inactive_fraction` before each step and after the last, or empty.
    diverged_at
        The step at which the loss stopped being finite, or ``None``.
    message
        ``"diverged at step N: ..."`` (:class:`~nnlearn.train.Divergence`) or ``""``.
    test_accuracy
        On the test set after training (NaN if the run diverged).
    """

    label: str
    loss: np.ndarray
    norms: np.ndarray
    global_norms: np.ndarray = field(default_factory=lambda: np.zeros(0))
    inactive: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    diverged_at: int | None = None
    message: str = ""
    test_accuracy: float = float("nan")

    @property
    def ratio(self) -> float:
        """Last over first hidden layer's gradient norm at the start (before step 0)."""
        return float(self.norms[0, -1] / self.norms[0, 0])

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])


@_one_thread
def run(net: Network, X, y, *, eta: float = ETA, epochs: int = EPOCHS, clip: float | None = None,
        record_inactive: bool = False, X_test=None, y_test=None, label: str = "") -> Run:
    r"""Train ``net`` (in place) by full-batch gradient descent on ``(X, y)`` with softmax cross-entropy.

    Before each step it records the loss, each hidden layer's gradient norm and the global
    gradient norm; with ``clip`` the gradients are then scaled to global norm at most ``clip``
    (:func:`~nnlearn.optim.clip_by_global_norm`). A step whose loss or gradient is not finite
    stops the run: the divergence is recorded (``Run.diverged_at``, ``Run.message``), never raised.
    """
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    if clip is not None:
        clip = check_positive(clip, "clip")
    X = net.check_input(X)
    y = _LOSS.check_targets(y, (X.shape[0], 10))
    params = net.parameters()
    losses, norms, gnorms, inactive = [], [], [], []
    diverged_at, message = None, ""
    with np.errstate(all="ignore"):
        for t in range(epochs + 1):
            if record_inactive:
                inactive.append(inactive_fraction(net, X))
            value, grad_output = _LOSS.value_and_gradient(net._forward(X), y)
            losses.append(value)
            if t == epochs:
                break
            if not math.isfinite(value):
                diverged_at, message = t, Divergence.non_finite(t, value).message
                break
            grads = net.backward(grad_output)
            g = global_norm(grads)
            if not math.isfinite(g):
                diverged_at, message = t, Divergence.non_finite(t, g, "the gradient norm").message
                losses.append(float("nan"))
                break
            norms.append(layer_gradient_norms(net)[:-1])
            gnorms.append(g)
            if clip is not None:
                grads, _ = clip_by_global_norm(grads, clip)
            for p, d in zip(params, grads):
                p -= eta * d
    depth = len(net.dense_layers) - 1
    acc = accuracy(net, X_test, y_test) if X_test is not None and diverged_at is None else float("nan")
    return Run(label=label, loss=np.array(losses, dtype=float), norms=np.array(norms).reshape(-1, depth),
               global_norms=np.array(gnorms), inactive=np.array(inactive).reshape(-1, depth),
               diverged_at=diverged_at, message=message, test_accuracy=acc)


@_one_thread
def run_batch(nets: Sequence[Network], labels: Sequence[str], X, y, *, eta: float = ETA,
              epochs: int = EPOCHS, X_test=None, y_test=None) -> list[Run]:
    """Train plain networks of the same shape and activations all at once (:func:`nnlearn.batched.train_batch`),
    as :func:`run` would one by one (full batch, no clipping); one :class:`Run` per network."""
    batch = NetworkBatch(list(nets))
    Y = _LOSS.check_targets(y, (len(y), 10))
    h = train_batch(batch, X, Y, _LOSS, eta=eta, epochs=epochs, record_grad_norms=True)
    runs = []
    for r, label in enumerate(labels):
        net = batch.network(r)
        loss = np.concatenate([h.loss[r], [h.final_loss[r]]])
        t = int(h.diverged_at[r])
        acc = accuracy(net, X_test, y_test) if X_test is not None and t < 0 else float("nan")
        runs.append(Run(label=label, loss=loss, norms=h.grad_norms[:, r, :-1], diverged_at=None if t < 0 else t,
                        message=h.messages[r], test_accuracy=acc))
    return runs


# --------------------------------------------------------------------------- the chapter's experiments

def depth_sweep(depths: Sequence[int] = DEPTHS, *, epochs: int = EPOCHS, eta: float = ETA) -> dict[int, Run]:
    """Sigmoid networks with Xavier initialisation, one per depth, trained on the digits: depth -> :class:`Run`."""
    X, Xt, y, yt = _digits()
    return {d: run_batch([build(d)], [f"{d} hidden layers"], X, y, eta=eta, epochs=epochs, X_test=Xt, y_test=yt)[0]
            for d in depths}


def fixes(depth: int = DEEP, *, epochs: int = EPOCHS, eta: float = ETA) -> dict[str, Run]:
    """The same ``depth``-layer network with each fix: activation x initialisation (batched), and residual
    connections (sigmoid, Xavier). Keys ``"sigmoid, xavier"``, ..., ``"relu, he"``, ``"sigmoid, xavier, residual"``."""
    X, Xt, y, yt = _digits()
    out: dict[str, Run] = {}
    for act in ("sigmoid", "tanh", "relu"):
        inits = ("xavier", "he")
        labels = [f"{act}, {i}" for i in inits]
        for r in run_batch([build(depth, act, i) for i in inits], labels, X, y, eta=eta, epochs=epochs,
                           X_test=Xt, y_test=yt):
            out[r.label] = r
    label = "sigmoid, xavier, residual"
    out[label] = run(build(depth, residual=True), X, y, eta=eta, epochs=epochs, X_test=Xt, y_test=yt, label=label)
    return out


@_one_thread
def init_grid(depth: int = DEEP, activations: Sequence[str] = ("sigmoid", "tanh", "relu"),
              inits: Sequence[str] = ("small", "xavier", "he")) -> np.ndarray:
    """Hidden-layer gradient norms at initialisation: shape ``(len(activations), len(inits), depth)``."""
    X, _, y, _ = _digits()
    return np.array([[hidden_norms(build(depth, a, i), X, y) for i in inits] for a in activations])


def exploding(depth: int = DEEP, scale: float = EXPLODE_SCALE, clip: float = CLIP, *, epochs: int = 40,
              eta: float = ETA) -> tuple[Run, Run]:
    """A ReLU network started with weights :math:`\\mathcal N(0, \\text{scale}^2)`, trained without and with
    clipping at global norm ``clip``: ``(unclipped, clipped)``."""
    X, Xt, y, yt = _digits()
    free = run(build(depth, "relu", "normal", scale=scale), X, y, eta=eta, epochs=epochs, X_test=Xt, y_test=yt,
               label="no clipping")
    clipped = run(build(depth, "relu", "normal", scale=scale), X, y, eta=eta, epochs=epochs, clip=clip,
                  X_test=Xt, y_test=yt, label=f"clipped at {clip:g}")
    return free, clipped


def early_norms(r: Run, steps: int = 20) -> np.ndarray:
    """The global gradient norms of the first ``steps`` steps of ``r`` (fewer if it stopped earlier)."""
    steps = check_positive_int(steps, "steps")
    return r.global_norms[:steps]


def clip_threshold(norms, percentile: float = CLIP_PERCENTILE) -> float:
    """The source article's rule: the ``percentile``-th percentile of the (finite) gradient norms ``norms``."""
    norms = np.asarray(norms, dtype=float)
    norms = norms[np.isfinite(norms)]
    if norms.size == 0:
        raise ValueError("norms must hold at least one finite gradient norm")
    if isinstance(percentile, bool) or not 0 < percentile <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {percentile!r}")
    return float(np.percentile(norms, percentile))


def dying_relu(depth: int = 4, *, epochs: int = 40, eta: float = ETA, high_eta: float = HIGH_ETA,
               bias: float = NEG_BIAS) -> dict[str, Run]:
    """Fraction of inactive units over training for ReLU at ``eta``, at ``high_eta``, with starting biases
    ``bias``, and leaky ReLU in the last two settings. Keys name the setting."""
    X, Xt, y, yt = _digits()
    settings = {
        f"ReLU, \u03b7 = {eta:g}": ("relu", eta, 0.0),
        f"ReLU, \u03b7 = {high_eta:g}": ("relu", high_eta, 0.0),
        f"ReLU, b = {bias:g}": ("relu", eta, bias),
        f"leaky ReLU, \u03b7 = {high_eta:g}": ("leaky_relu", high_eta, 0.0),
        f"leaky ReLU, b = {bias:g}": ("leaky_relu", eta, bias),
    }
    return {label: run(build(depth, act, "he", bias=b), X, y, eta=e, epochs=epochs, record_inactive=True,
                       X_test=Xt, y_test=yt, label=label)
            for label, (act, e, b) in settings.items()}


@_one_thread
def gradcheck_by_depth(depths: Sequence[int] = (4, 8, 12), *, width: int = GC_WIDTH, n_examples: int = GC_EXAMPLES,
                       init: str = "xavier") -> dict[int, list[dict]]:
    """The engine's gradient check (:func:`nnlearn.gradcheck.gradient_check`) on narrow sigmoid networks of
    several depths, on the first ``n_examples`` training digits: depth -> one row per weight matrix
    (``layer``, ``max |gradient|``, ``noise floor``, ``relative error``, ``verdict``)."""
    X, _, y, _ = _digits()
    out = {}
    for d in depths:
        net = build(d, "sigmoid", init, width=width)
        result = gradient_check(net, X[:n_examples], y[:n_examples], _LOSS)
        rows = [dict(row, layer=i + 1) for i, row in enumerate(result.to_rows()[0::2])]
        out[d] = rows
    return out


def residual_depths(depths: Sequence[int] = (10, 30), *, epochs: int = 30, eta: float = ETA) -> dict[int, Run]:
    """Residual ReLU networks (blocks started small, :math:`\\mathcal N(0, 0.01^2)`) of each depth, trained on
    the digits: depth -> :class:`Run`."""
    X, Xt, y, yt = _digits()
    return {d: run(build(d, "relu", "he", residual=True, block_init="small"), X, y, eta=eta, epochs=epochs, X_test=Xt, y_test=yt,
                   label=f"{d} hidden layers, residual") for d in depths}


# --------------------------------------------------------------------------- the widget's experiment

#: The widget's settings: initialisers offered (name -> (init, scale)), examples, epochs and the clipping threshold.
WIDGET_INITS = {"xavier": ("xavier", None), "he": ("he", None), "large N(0, 0.6²)": ("normal", 0.6)}
WIDGET_EXAMPLES = 300
WIDGET_EPOCHS = 40
WIDGET_CLIP = 1.0


def widget_run(depth: int, activation: str, init: str, clip: bool) -> Run:
    """The widget's run: a ``depth``-layer network (``init`` a key of :data:`WIDGET_INITS`) trained for
    :data:`WIDGET_EPOCHS` full-batch steps on the first :data:`WIDGET_EXAMPLES` training digits, clipped at
    :data:`WIDGET_CLIP` if ``clip``; tested on the chapter's test set. Fast enough to feel live (tens of ms)."""
    if init not in WIDGET_INITS:
        raise ValueError(f"init must be one of {sorted(WIDGET_INITS)}, got {init!r}")
    if not isinstance(clip, bool):
        raise TypeError(f"clip must be True or False, got {clip!r}")
    X, Xt, y, yt = _digits()
    name, scale = WIDGET_INITS[init]
    net = build(depth, activation, name, scale=scale)
    n = WIDGET_EXAMPLES
    return run(net, X[:n], y[:n], epochs=WIDGET_EPOCHS, clip=WIDGET_CLIP if clip else None, X_test=Xt, y_test=yt,
               label=f"{activation}, {init}" + (", clipped" if clip else ""))


@_one_thread
def residual_reach(depths: Sequence[int] = (10, 100)) -> dict[int, tuple[float, float]]:
    """How far the gradient reaches at the start: depth -> (first over last hidden layer's gradient norm of a
    plain sigmoid network, the same for a residual ReLU network with blocks started small). One forward and
    backward pass each, on the training digits."""
    X, _, y, _ = _digits()
    out = {}
    for d in depths:
        plain = hidden_norms(build(d), X, y)
        res = hidden_norms(build(d, "relu", "he", residual=True, block_init="small"), X, y)
        out[d] = (float(plain[0] / plain[-1]), float(res[0] / res[-1]))
    return out
