r"""Losses and gradient descent on problems small enough to see: one neuron, two parameters.

Chapter 2 of the book asks two questions: *how wrong is a prediction* (the
loss) and *which way should the parameters move* (the gradient). Both are
easiest to see when the network has only two parameters, a weight :math:`w`
and a bias :math:`b`, because then the loss is a surface over the
:math:`(w, b)` plane and gradient descent draws a path on it.

Everything here is computed by the engine: the losses of
:mod:`nnlearn.losses`, a :class:`~nnlearn.network.Network` of one neuron with
its backpropagated gradients, and the optimiser of :mod:`nnlearn.optim`.
This module only adds the bookkeeping a figure needs: a grid of losses,
a recorded path that stops with a message when it diverges, a learning-rate
range test and the reading of it.

The problems (see :data:`PROBLEMS`), each a :class:`TwoParamProblem`:

``"line"``
    a linear neuron :math:`\hat y = w x + b` fitted to noisy points on a line
    with the mean squared error. Its loss surface is an exact bowl (a
    quadratic), so a too-large learning rate really diverges.
``"bce"``
    a sigmoid neuron :math:`\hat y = \sigma(w x + b)` classifying two
    overlapping groups of points with binary cross-entropy (computed by the
    fused :class:`~nnlearn.losses.BCEWithLogits` on :math:`z = w x + b`).
``"mse_sigmoid"``
    the same classifier trained with the mean squared error of
    :math:`\sigma(z)`: the loss whose surface has flat plateaus.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import as_float_array, check_choice, check_positive, check_positive_int, check_seed
from .activations import sigmoid
from .data import line_data, two_class_data  # the chapter's data sets live with the others, in nnlearn.data
from .losses import get_loss
from .network import Network
from .optim import GradientDescent
from .portable import exp, log, portable_arithmetic, power
from .precision import fmt, fmt_given
from .train import Divergence, History, train

__all__ = [
    "TwoParamProblem", "PROBLEMS", "get_problem",
    "LossSurface", "loss_surface", "DescentPath", "descend", "curvature", "stability_limit", "largest_eigenvalue",
    "error_rate", "error_rates", "output_gradient", "naive_bce", "bce_variants", "LabelLikelihood",
    "label_likelihood", "compare_batch_sizes",
    "RangeTest", "lr_range_test", "LRSuggestion", "suggest_lr_range", "constant_rate_sweep",
    "DIVERGENCE_FACTOR", "CHAPTER_RATES", "format_point", "HalfMSECheck", "half_mse_check",
    "LimitExperiment", "limit_experiment", "NoisyRangeResult", "noisy_range_experiment",
]

#: :func:`descend` calls a path diverged once its loss exceeds this many times its starting loss.
DIVERGENCE_FACTOR = 1e3

#: The chapter's four learning rates for the ``"line"`` problem, smallest first. With
#: :math:`\lambda_{\max}` the largest curvature of its loss (see :func:`stability_limit`):
#: ``"about right"`` lies below :math:`1/\lambda_{\max}` (no zigzag), ``"too large"`` between
#: :math:`1/\lambda_{\max}` and :math:`2/\lambda_{\max}` (a slow zigzag) and ``"far too large"``
#: above :math:`2/\lambda_{\max}` (divergence); ``tests/test_descent.py`` checks all of this.
CHAPTER_RATES: dict[str, float] = {"too small": 0.01, "about right": 0.12, "too large": 0.29,
                                   "far too large": 0.35}


# -------------------------------------------------------------- the problems
@dataclass(frozen=True)
class TwoParamProblem:
    r"""One neuron with one input, :math:`\hat y = f(w x + b)`, its data and its loss.

    Attributes
    ----------
    name, title
        A short key and a readable description.
    X, y
        The data: ``X`` of shape ``(n, 1)``, targets ``y`` of shape ``(n,)``.
    output_activation
        The neuron's :math:`f` as the network sees it (``"identity"`` when the
        loss is fused with a sigmoid, as ``"bce_logits"`` is).
    loss
        The engine's name of the loss (see :func:`nnlearn.losses.get_loss`).
    start
        The default starting point :math:`(w_0, b_0)` of gradient descent.
    w_range, b_range
        The window of the :math:`(w, b)` plane that the figures show.
    """

    name: str
    title: str
    X: np.ndarray
    y: np.ndarray
    output_activation: str
    loss: str
    start: tuple[float, float]
    w_range: tuple[float, float]
    b_range: tuple[float, float]

    @property
    def n(self) -> int:
        """The number of examples."""
        return self.X.shape[0]

    def network(self, w: float, b: float) -> Network:
        """A fresh one-neuron :class:`~nnlearn.network.Network` (sizes ``[1, 1]``) with :math:`W = [[w]]`, :math:`b = [b]`."""
        net = Network([1, 1], activation=self.output_activation, seed=0)
        net.set_parameters([np.array([[float(w)]]), np.array([float(b)])])
        return net

    def loss_at(self, w: float, b: float) -> float:
        r"""The loss :math:`L(w, b)` on the whole data set."""
        net = self.network(w, b)
        loss = get_loss(self.loss)
        y_hat = net.forward(self.X)
        return loss.forward(y_hat, self.y[:, None])

    def gradient_at(self, w: float, b: float) -> np.ndarray:
        r"""The gradient :math:`\nabla L = (\partial L/\partial w, \partial L/\partial b)`, shape ``(2,)``,
        by the engine's backpropagation."""
        _, (dW, db) = self.network(w, b).loss_and_gradients(self.X, self.y, self.loss)
        return np.array([dW[0, 0], db[0]])

    def predict(self, w: float, b: float) -> np.ndarray:
        r"""The neuron's prediction for every example, shape ``(n,)``: :math:`w x + b` for the
        line, :math:`\sigma(w x + b)` (a probability) for the classifiers."""
        z = self.X[:, 0] * w + b
        return z if self.name == "line" else sigmoid(z)


def _make_problems() -> dict[str, TwoParamProblem]:
    X_line, y_line = line_data()
    X_cls, y_cls = two_class_data()
    line = TwoParamProblem(
        name="line", title="linear neuron, mean squared error", X=X_line, y=y_line,
        output_activation="identity", loss="mse", start=(-1.0, 2.5),
        w_range=(-1.5, 3.5), b_range=(-2.5, 3.5))
    bce = TwoParamProblem(
        name="bce", title="sigmoid neuron, binary cross-entropy", X=X_cls, y=y_cls,
        output_activation="identity", loss="bce_logits", start=(-4.0, 2.0),
        w_range=(-6.0, 6.0), b_range=(-5.0, 5.0))
    mse_sigmoid = TwoParamProblem(
        name="mse_sigmoid", title="sigmoid neuron, mean squared error", X=X_cls, y=y_cls,
        output_activation="sigmoid", loss="mse", start=(-4.0, 2.0),
        w_range=(-6.0, 6.0), b_range=(-5.0, 5.0))
    return {p.name: p for p in (line, bce, mse_sigmoid)}


#: The chapter's two-parameter problems by name: ``"line"``, ``"bce"``, ``"mse_sigmoid"``.
PROBLEMS: dict[str, TwoParamProblem] = _make_problems()


def get_problem(spec: str | TwoParamProblem) -> TwoParamProblem:
    """Return the :class:`TwoParamProblem` named ``spec`` (a key of :data:`PROBLEMS`) or ``spec`` itself."""
    if isinstance(spec, TwoParamProblem):
        return spec
    check_choice(spec, "problem", PROBLEMS)
    return PROBLEMS[spec]


def error_rate(problem: str | TwoParamProblem, w: float, b: float) -> float:
    r"""The fraction of examples a classifier gets wrong at :math:`(w, b)` (predicting 1 when :math:`\sigma(z) \ge 0.5`)."""
    problem = get_problem(problem)
    if problem.name == "line":
        raise ValueError("error_rate needs a classifier problem ('bce' or 'mse_sigmoid'), not 'line'")
    predicted = (problem.X[:, 0] * w + b >= 0).astype(float)
    return float(np.mean(predicted != problem.y))


def error_rates(path: "DescentPath") -> np.ndarray:
    """The fraction misclassified (see :func:`error_rate`) at every point of a classifier's path, shape ``(k + 1,)``."""
    if not isinstance(path, DescentPath):
        raise TypeError(f"path must be a DescentPath, got {type(path).__name__}")
    return np.array([error_rate(path.problem, w, b) for w, b in path.params])


def _check_point(point, name: str) -> tuple[float, float]:
    arr = as_float_array(point, name, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be a pair (w, b), got shape {arr.shape}")
    return float(arr[0]), float(arr[1])


# --------------------------------------------------------------- the surface
@dataclass(frozen=True)
class LossSurface:
    r"""The loss on a grid of the :math:`(w, b)` plane.

    ``w`` has shape ``(n_w,)``, ``b`` shape ``(n_b,)`` and ``L`` shape
    ``(n_b, n_w)``: ``L[i, j]`` is the loss at :math:`(w_j, b_i)` (rows follow
    :math:`b`, as ``matplotlib.pyplot.contour(w, b, L)`` expects).
    """

    w: np.ndarray
    b: np.ndarray
    L: np.ndarray

    @property
    def argmin(self) -> tuple[float, float]:
        """The grid point :math:`(w, b)` with the smallest loss."""
        i, j = np.unravel_index(np.argmin(self.L), self.L.shape)
        return float(self.w[j]), float(self.b[i])


def loss_surface(problem: str | TwoParamProblem, n_w: int = 81, n_b: int = 81,
                 w_range: Sequence[float] | None = None,
                 b_range: Sequence[float] | None = None) -> LossSurface:
    r"""The loss :math:`L(w, b)` of ``problem`` on an ``n_b`` by ``n_w`` grid.

    The window defaults to the problem's ``w_range`` and ``b_range``. Each
    grid point's loss is the engine's ``loss.forward`` of the neuron's output
    at that point (the outputs of all grid points come from one matrix
    product, :math:`z = x\,w + b` for every :math:`x` and every :math:`(w, b)`).
    """
    problem = get_problem(problem)
    n_w = check_positive_int(n_w, "n_w")
    n_b = check_positive_int(n_b, "n_b")
    if n_w < 2 or n_b < 2:
        raise ValueError(f"the grid needs at least 2 points each way, got n_w={n_w}, n_b={n_b}")
    w_lo, w_hi = _check_range(problem.w_range if w_range is None else w_range, "w_range")
    b_lo, b_hi = _check_range(problem.b_range if b_range is None else b_range, "b_range")
    w = np.linspace(w_lo, w_hi, n_w)
    b = np.linspace(b_lo, b_hi, n_b)
    net = problem.network(0.0, 0.0)
    f = net.layers[0].activation
    loss = get_loss(problem.loss)
    y = problem.y[:, None]
    # z[k, i, j] = x_k w_j + b_i for example k and grid point (w_j, b_i)
    z = problem.X[:, 0][:, None, None] * w[None, None, :] + b[None, :, None]
    y_hat = f.forward(z)
    L = np.empty((n_b, n_w))
    for i in range(n_b):
        for j in range(n_w):
            L[i, j] = loss.forward(y_hat[:, i, j:j + 1], y)
    return LossSurface(w=w, b=b, L=L)


def _check_range(value, name: str) -> tuple[float, float]:
    arr = as_float_array(value, name, ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {arr.tolist()}")
    return float(arr[0]), float(arr[1])


# ------------------------------------------------------------------ the path
@dataclass(frozen=True)
class DescentPath:
    r"""A gradient-descent path on a two-parameter problem.

    ``params`` has shape ``(k + 1, 2)``: row ``t`` is :math:`(w_t, b_t)` after
    ``t`` updates (row 0 is the start). ``losses`` has shape ``(k + 1,)``.
    When the path diverged, ``k`` is the step at which it did (``diverged_at``)
    and the last row is the first point beyond the limit; otherwise ``k`` is
    the number of steps asked for.
    """

    problem: str
    eta: float
    steps: int
    params: np.ndarray
    losses: np.ndarray
    diverged_at: int | None
    message: str

    @property
    def diverged(self) -> bool:
        """Whether the path diverged (and so stopped early)."""
        return self.diverged_at is not None

    @property
    def final_loss(self) -> float:
        """The loss at the last point of the path."""
        return float(self.losses[-1])

    @property
    def final_point(self) -> tuple[float, float]:
        """The last :math:`(w, b)` of the path."""
        return float(self.params[-1, 0]), float(self.params[-1, 1])


@portable_arithmetic()  # a rate past the stability limit amplifies the machine's last bits step by step
def descend(problem: str | TwoParamProblem, eta: float, steps: int,
            start: Sequence[float] | None = None, blowup: float = DIVERGENCE_FACTOR) -> DescentPath:
    r"""Run ``steps`` updates of full-batch gradient descent :math:`\theta \leftarrow \theta - \eta\,\nabla L(\theta)`.

    The parameters :math:`\theta = (w, b)` start at ``start`` (default: the
    problem's). Each step takes the gradient from the engine's
    backpropagation (:meth:`~nnlearn.network.Network.loss_and_gradients`) and
    the update from :class:`~nnlearn.optim.GradientDescent`.

    The path *diverges* at step :math:`t` when the loss after :math:`t`
    updates is infinite or NaN, or larger than ``blowup`` times the starting
    loss (on the quadratic ``"line"`` problem a converging path never raises
    its loss at all, so a thousandfold rise means geometric growth). It then
    stops there, with the package's divergence record
    (:class:`~nnlearn.train.Divergence`, ``"diverged at step t: ..."``), and no NaN
    or floating-point warning escapes.
    """
    problem = get_problem(problem)
    eta = check_positive(eta, "eta")
    steps = check_positive_int(steps, "steps")
    blowup = check_positive(blowup, "blowup")
    if blowup <= 1:
        raise ValueError(f"blowup must be greater than 1, got {blowup}")
    w0, b0 = problem.start if start is None else _check_point(start, "start")
    net = problem.network(w0, b0)
    optimizer = GradientDescent(eta)
    params = [(w0, b0)]
    losses = []
    diverged_at, message = None, ""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        loss, grads = net.loss_and_gradients(problem.X, problem.y, problem.loss)
        losses.append(loss)
        limit = blowup * loss
        for t in range(1, steps + 1):
            optimizer.step(net.parameters(), grads)
            W, b = net.parameters()
            params.append((float(W[0, 0]), float(b[0])))
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
                losses.append(math.inf)
                worst = math.nan if np.isnan(W).any() or np.isnan(b).any() else math.inf
                diverged_at, message = t, Divergence.non_finite(t, worst, "the parameters").message
                break
            loss, grads = net.loss_and_gradients(problem.X, problem.y, problem.loss)
            losses.append(loss)
            if not math.isfinite(loss):
                diverged_at, message = t, Divergence.non_finite(t, loss).message
                break
            if loss > limit:
                diverged_at = t
                message = Divergence(t, f"the loss grew from {losses[0]:.3g} to {loss:.3g}, "
                                        f"more than {blowup:g} times its start").message
                break
    return DescentPath(problem=problem.name, eta=eta, steps=steps, params=np.array(params),
                       losses=np.array(losses), diverged_at=diverged_at, message=message)


@portable_arithmetic()  # its gradients sum over the examples: a BLAS kernel's order would show in the limit
def curvature(problem: str | TwoParamProblem, at: Sequence[float] | None = None,
              h: float = 1e-4) -> np.ndarray:
    r"""The Hessian :math:`H = \nabla^2 L` at ``at`` (default: the problem's start), shape ``(2, 2)``.

    Column :math:`j` is the central difference of the engine's gradient,
    :math:`(\nabla L(\theta + h e_j) - \nabla L(\theta - h e_j)) / 2h`,
    symmetrised. On the ``"line"`` problem the loss is quadratic, so this is
    exact up to rounding and the same at every point.
    """
    problem = get_problem(problem)
    h = check_positive(h, "h")
    w, b = problem.start if at is None else _check_point(at, "at")
    theta = np.array([w, b])
    H = np.empty((2, 2))
    for j in range(2):
        e = np.zeros(2)
        e[j] = h
        H[:, j] = (problem.gradient_at(*(theta + e)) - problem.gradient_at(*(theta - e))) / (2 * h)
    return (H + H.T) / 2


def stability_limit(problem: str | TwoParamProblem = "line") -> float:
    r"""The largest learning rate for which gradient descent converges on a quadratic loss: :math:`2/\lambda_{\max}(H)`.

    Along the Hessian's steepest direction each step multiplies the distance
    to the minimum by :math:`1 - \eta\lambda_{\max}`: above :math:`1/\lambda_{\max}`
    the sign flips (the path zigzags), above :math:`2/\lambda_{\max}` the size
    grows (the path diverges). Exact only for the quadratic ``"line"``
    problem; elsewhere a local estimate at the problem's start.
    """
    return float(2.0 / largest_eigenvalue(curvature(problem)))


def largest_eigenvalue(H: np.ndarray) -> float:
    r"""The larger eigenvalue of a symmetric 2 x 2 matrix :math:`H = \begin{pmatrix} a & b \\ b & c \end{pmatrix}`:
    :math:`\frac{a + c}{2} + \sqrt{\left(\frac{a - c}{2}\right)^2 + b^2}`, from exactly rounded operations (the
    same bits on every machine, where LAPACK's routine depends on the BLAS kernel). Raises ``ValueError`` for
    another shape."""
    H = as_float_array(H, "H", ndim=2)
    if H.shape != (2, 2):
        raise ValueError(f"H must have shape (2, 2), got {H.shape}")
    a, b, c = float(H[0, 0]), 0.5 * (float(H[0, 1]) + float(H[1, 0])), float(H[1, 1])
    half_gap = 0.5 * (a - c)
    return 0.5 * (a + c) + math.sqrt(half_gap * half_gap + b * b)


# ------------------------------------------------- losses of a sigmoid output
def output_gradient(z, y: float, loss: str) -> np.ndarray:
    r"""The gradient :math:`\partial L/\partial z` of one example's loss through a sigmoid output.

    For each entry of ``z`` (any shape), one example with pre-activation
    :math:`z`, prediction :math:`\hat y = \sigma(z)` and target ``y`` (0 or 1):

    - ``"mse"``: :math:`L = (\hat y - y)^2`, :math:`\partial L/\partial z = 2(\hat y - y)\,\sigma'(z)`;
    - ``"half_mse"``: :math:`L = \tfrac12(\hat y - y)^2`, :math:`\partial L/\partial z = (\hat y - y)\,\sigma'(z)`;
    - ``"bce"``: :math:`L = -y\log\hat y - (1-y)\log(1-\hat y)`, :math:`\partial L/\partial z = \hat y - y`.

    Computed by the engine: each :math:`z` is one example fed to a one-neuron
    network with :math:`w = 1, b = 0`, and the result is its
    :math:`\delta = \partial L/\partial z` from backpropagation (BP1), times
    the number of examples (the engine's losses are means).
    """
    check_choice(loss, "loss", ("mse", "half_mse", "bce"))
    if isinstance(y, bool) or not isinstance(y, (int, float, np.integer, np.floating)) or y not in (0, 1):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")
    z = as_float_array(z, "z", ndim=None)
    flat = z.reshape(-1, 1)
    if loss == "bce":  # the fused form: sigmoid inside the loss, identity output
        net, engine_loss = Network([1, 1], "identity", seed=0), "bce_logits"
    else:
        net, engine_loss = Network([1, 1], "sigmoid", seed=0), loss
    net.set_parameters([np.ones((1, 1)), np.zeros(1)])
    net.loss_and_gradients(flat, np.full(flat.shape[0], float(y)), engine_loss)
    return (net.layers[0].delta[:, 0] * flat.shape[0]).reshape(z.shape)


def naive_bce(y_hat, y) -> float:
    r"""Binary cross-entropy typed straight from its formula, :math:`-\frac1n\sum [y\log\hat y + (1-y)\log(1-\hat y)]`.

    Deliberately unprotected, to show the :math:`\log 0` trap: a prediction
    of exactly 0 or 1 gives ``inf`` (when it is wrong) or ``nan`` (when it is
    right: :math:`0 \cdot \log 0`). Floating-point warnings are silenced;
    never train with this.
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))


def bce_variants(z: float, y: float) -> dict[str, float]:
    r"""The cross-entropy of one example with pre-activation :math:`z` and label :math:`y`, four ways.

    Returns a dict with the keys

    - ``"naive"``: :func:`naive_bce` of :math:`\sigma(z)` (``inf`` or ``nan`` once :math:`\sigma(z)` rounds to 0 or 1);
    - ``"epsilon"``: the same with :math:`10^{-8}` added inside each log (finite, but capped near 18.4);
    - ``"bce"``: the engine's :class:`~nnlearn.losses.BCE` of :math:`\sigma(z)` (each log clamped at -100);
    - ``"bce_logits"``: the engine's fused :class:`~nnlearn.losses.BCEWithLogits` of :math:`z`, exact for any :math:`z`.
    """
    z = float(as_float_array(z, "z", ndim=0))
    if isinstance(y, bool) or not isinstance(y, (int, float, np.integer, np.floating)) or y not in (0, 1):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")
    p = sigmoid(np.array([[z]]))
    t = np.array([[float(y)]])
    with np.errstate(divide="ignore", invalid="ignore"):
        eps = float(-(t * np.log(p + 1e-8) + (1 - t) * np.log(1 - p + 1e-8))[0, 0])
    return {
        "naive": naive_bce(p, t),
        "epsilon": eps,
        "bce": get_loss("bce").forward(p, t),
        "bce_logits": get_loss("bce_logits").forward(np.array([[z]]), t),
    }


@dataclass(frozen=True)
class LabelLikelihood:
    r"""How probable a classifier finds the labels it was given, and the cross-entropy that measures it.

    Attributes
    ----------
    p_observed
        Shape ``(n,)``: the probability the model gives each example's *observed* label,
        :math:`\hat y_i` when :math:`y_i = 1` and :math:`1 - \hat y_i` when :math:`y_i = 0`.
    log_likelihood
        :math:`\sum_i \log p_i`, the log of the probability of all the labels together (the examples
        taken as independent); the probability itself, a product of ``n`` numbers below one, is
        :math:`e^{\text{log\_likelihood}}`.
    mean_nll
        The mean negative log-likelihood, :math:`-\frac{1}{n}\sum_i \log p_i`.
    bce
        The engine's binary cross-entropy of the same predictions (``"bce_logits"`` on :math:`z`):
        equal to ``mean_nll``, which is the point.
    """

    p_observed: np.ndarray
    log_likelihood: float
    mean_nll: float
    bce: float


def label_likelihood(problem: str | TwoParamProblem, w: float, b: float) -> LabelLikelihood:
    r"""Binary cross-entropy as a negative log-likelihood, for a classifier problem at :math:`(w, b)`.

    The classifier says the label of example :math:`i` is 1 with probability :math:`\hat y_i = \sigma(z_i)`.
    The probability it gives the label actually observed is :math:`p_i = \hat y_i^{\,y_i}(1-\hat y_i)^{1-y_i}`,
    and :math:`-\frac{1}{n}\sum_i \log p_i` is exactly the binary cross-entropy (Goodfellow, Bengio and
    Courville, *Deep Learning*, 2016, section 5.5). The logs are computed from :math:`z` as
    :math:`\log\sigma(z) = -\log(1 + e^{-z})`, never as the log of a rounded probability.

    Raises
    ------
    ValueError
        If ``problem`` is not a classifier (its loss is not ``"bce_logits"`` or its labels are not 0/1).
    """
    problem = get_problem(problem)
    if problem.loss != "bce_logits" or not np.all(np.isin(problem.y, (0.0, 1.0))):
        raise ValueError(f"problem must be a classifier trained with 'bce_logits', got {problem.name!r}")
    w = float(as_float_array(w, "w", ndim=0))
    b = float(as_float_array(b, "b", ndim=0))
    z = problem.X[:, 0] * w + b
    signed = np.where(problem.y == 1.0, z, -z)  # log p_i = log sigma(z) if y = 1, log sigma(-z) = log(1 - sigma(z)) if 0
    log_p = -np.logaddexp(0.0, -signed)
    return LabelLikelihood(p_observed=np.exp(log_p), log_likelihood=float(log_p.sum()),
                           mean_nll=float(-log_p.mean()), bce=float(problem.loss_at(w, b)))


# ------------------------------------------------- batch, stochastic, mini-batch
def compare_batch_sizes(problem: str | TwoParamProblem = "line", eta: float = 0.05, epochs: int = 20,
                        batch_sizes: Sequence[int | None] = (None, 8, 1), seed: int = 0,
                        start: Sequence[float] | None = None) -> dict[str, History]:
    r"""Train the problem's neuron from the same start once per batch size, with the same :math:`\eta` and epochs.

    Each run is :func:`nnlearn.train.train` with plain gradient descent
    (``optimizer="gd"``) and mini-batches drawn from a permutation seeded
    by ``seed``. Returns the :class:`~nnlearn.train.History` of each run,
    keyed by a label: ``"batch (n)"`` for ``None`` (the whole data set),
    ``"stochastic (1)"`` for 1, ``"mini-batch (B)"`` otherwise.
    """
    problem = get_problem(problem)
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    if isinstance(batch_sizes, (str, bytes)) or not isinstance(batch_sizes, Sequence) or not batch_sizes:
        raise TypeError("batch_sizes must be a non-empty sequence of sizes (None for the full batch)")
    w0, b0 = problem.start if start is None else _check_point(start, "start")
    runs: dict[str, History] = {}
    for size in batch_sizes:
        if size is not None:
            size = check_positive_int(size, "batch_sizes[i]")
        if size is None or size >= problem.n:
            label = f"batch ({problem.n})"
        elif size == 1:
            label = "stochastic (1)"
        else:
            label = f"mini-batch ({size})"
        if label in runs:
            raise ValueError(f"batch_sizes lists the same run twice: {label}")
        net = problem.network(w0, b0)
        runs[label] = train(net, problem.X, problem.y, problem.loss, optimizer="gd", eta=eta, epochs=epochs,
                            batch_size=size, seed=seed)
    return runs


# ------------------------------------------------ the learning-rate range test
@dataclass(frozen=True)
class RangeTest:
    r"""The record of a learning-rate range test (see :func:`lr_range_test`).

    ``etas`` and ``losses`` have one entry per step taken: ``losses[t]`` is
    the mini-batch loss measured just before the update made with rate
    ``etas[t]``. ``smoothed`` is its bias-corrected exponential moving average.
    ``stopped_at`` is the step at which the loss blew up (``None`` when the
    test ran to ``eta_max``), with ``message`` saying why in the package's one
    wording (:class:`~nnlearn.train.Divergence`): ``"diverged at step t: ..."``.
    """

    etas: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_at: int | None
    message: str

    @property
    def stopped(self) -> bool:
        """Whether the loss blew up before the last rate was reached."""
        return self.stopped_at is not None


def _batches(n: int, batch_size: int | None, rng: np.random.Generator):
    """Endless mini-batch index arrays: a fresh permutation of ``range(n)`` each epoch."""
    size = n if batch_size is None else min(batch_size, n)
    while True:
        order = rng.permutation(n) if size < n else np.arange(n)
        for start in range(0, n - size + 1, size):
            yield order[start:start + size]


@portable_arithmetic()  # the test ends by blowing up, which amplifies the machine's last bits
def lr_range_test(problem: str | TwoParamProblem = "line", eta_min: float = 1e-4, eta_max: float = 10.0,
                  steps: int = 100, batch_size: int | None = None, seed: int = 0,
                  start: Sequence[float] | None = None, blowup: float = 4.0,
                  smoothing: float = 0.0) -> RangeTest:
    r"""A learning-rate range test (Smith 2017): raise :math:`\eta` geometrically every step and record the loss.

    Step :math:`t = 0, \dots, \text{steps}-1` uses
    :math:`\eta_t = \eta_{\min} (\eta_{\max}/\eta_{\min})^{t/(\text{steps}-1)}`
    for one gradient-descent update on a mini-batch of ``batch_size``
    examples (``None``: the whole data set), drawn from a permutation seeded
    by ``seed``. The loss recorded at step :math:`t` is that mini-batch's loss
    before the update. The test stops when the loss becomes infinite or NaN
    or its moving average exceeds ``blowup`` times the lowest average so far.

    ``smoothing`` is the factor :math:`\beta` of the moving average
    :math:`m_t = \beta m_{t-1} + (1-\beta)L_t`, reported as
    :math:`m_t / (1 - \beta^{t+1})` so the first values are not biased toward 0.
    """
    problem = get_problem(problem)
    eta_min = check_positive(eta_min, "eta_min")
    eta_max = check_positive(eta_max, "eta_max")
    if eta_max <= eta_min:
        raise ValueError(f"eta_max must be larger than eta_min, got {eta_min} and {eta_max}")
    steps = check_positive_int(steps, "steps")
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps}")
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    seed = check_seed(seed)
    blowup = check_positive(blowup, "blowup")
    if blowup <= 1:
        raise ValueError(f"blowup must be greater than 1, got {blowup}")
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)) or not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must be a number in [0, 1), got {smoothing!r}")
    w0, b0 = problem.start if start is None else _check_point(start, "start")
    net = problem.network(w0, b0)
    optimizer = GradientDescent(eta_min)
    # eta_min (eta_max / eta_min)^(t / (steps - 1)), by exp and log: np.power's last bit depends on the CPU
    schedule = eta_min * exp(log(eta_max / eta_min) * (np.arange(steps) / (steps - 1)))
    batches = _batches(problem.n, batch_size, np.random.default_rng(seed))
    losses, smoothed = [], []
    average, best = 0.0, math.inf
    stopped_at, message = None, ""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t, eta in enumerate(schedule):
            idx = next(batches)
            loss, grads = net.loss_and_gradients(problem.X[idx], problem.y[idx], problem.loss)
            if not math.isfinite(loss):
                stopped_at, message = t, Divergence.non_finite(t, loss, note=f", at eta = {eta:.3g}").message
                break
            average = smoothing * average + (1 - smoothing) * loss
            value = average / (1 - power(smoothing, t + 1))
            losses.append(loss)
            smoothed.append(value)
            best = min(best, value)
            if value > blowup * best:
                stopped_at = t
                message = Divergence(t, f"the loss {value:.3g} passed {blowup:g} x its lowest, {best:.3g}, "
                                        f"at eta = {eta:.3g}").message
                break
            optimizer.eta = float(eta)
            optimizer.step(net.parameters(), grads)
    n_kept = len(losses)
    return RangeTest(etas=schedule[:n_kept].copy(), losses=np.array(losses), smoothed=np.array(smoothed),
                     stopped_at=stopped_at, message=message)


@dataclass(frozen=True)
class LRSuggestion:
    r"""What to read off a learning-rate range test (see :func:`suggest_lr_range`).

    ``starts_falling``: the rate at which the loss starts to fall;
    ``lowest``: the rate at the lowest point of the smoothed loss;
    ``blew_up``: the rate at which the test stopped (``None`` if it did not);
    ``low, high``: the suggested range, from ``starts_falling`` to
    ``lowest / margin``.
    """

    starts_falling: float
    lowest: float
    blew_up: float | None
    low: float
    high: float


def _n_start(n_steps: int) -> int:
    """How many first values of a range test define its starting level: 5% of them, at least 1."""
    return max(1, n_steps // 20)


def suggest_lr_range(test: RangeTest, start_fraction: float = 0.1, margin: float = 10.0) -> LRSuggestion:
    r"""Read a range of learning rates off a range test.

    Three rates are read from the smoothed loss (Smith 2017 reads the first
    two: "where the loss starts to fall" and "where it stops falling"):

    - ``starts_falling``: the rate from which on the smoothed loss stays
      below its starting level minus ``start_fraction`` of its total fall
      (the starting level is the median of the first 5 % of the values, so
      one noisy mini-batch does not decide it; the fall goes down to the
      lowest value);
    - ``lowest``: the rate at the lowest smoothed loss;
    - ``blew_up``: the rate at which the test stopped.

    The loss recorded at a step shows the damage of the *earlier*, smaller
    rates, so the curve lags behind the rate: ``lowest`` is already too large
    to train with for long. The suggested range is therefore
    ``(starts_falling, lowest / margin)``, a factor ``margin`` (default 10)
    below the lowest point; ``high`` is never below ``low``.
    """
    if not isinstance(test, RangeTest):
        raise TypeError(f"test must be a RangeTest, got {type(test).__name__}")
    if isinstance(start_fraction, bool) or not isinstance(start_fraction, (int, float)) \
            or not 0 < start_fraction < 1:
        raise ValueError(f"start_fraction must be a number in (0, 1), got {start_fraction!r}")
    margin = check_positive(margin, "margin")
    if margin < 1:
        raise ValueError(f"margin must be at least 1, got {margin}")
    s = test.smoothed
    if s.size < 3:
        raise ValueError(f"the range test has only {s.size} steps: too few to read a range from")
    i_min = int(np.argmin(s))
    start = float(np.median(s[:_n_start(s.size)]))  # the starting level, robust to a noisy first batch
    fall = start - s[i_min]
    if fall <= 0:
        raise ValueError("the loss never fell during the range test: start it at a smaller eta_min")
    above = np.flatnonzero(s[: i_min + 1] > start - start_fraction * fall)
    i_low = int(above[-1]) + 1 if above.size else 0  # from here on the loss stays below the line
    low, lowest = float(test.etas[i_low]), float(test.etas[i_min])
    blew_up = float(test.etas[-1]) if test.stopped else None
    return LRSuggestion(starts_falling=low, lowest=lowest, blew_up=blew_up, low=low,
                        high=max(low, lowest / margin))


def constant_rate_sweep(problem: str | TwoParamProblem, etas: Sequence[float], steps: int,
                        start: Sequence[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    r"""Train with each constant rate in ``etas`` for ``steps`` full-batch steps: the ground truth a range test estimates.

    Returns ``(final_losses, diverged)``, both of shape ``(len(etas),)``: the
    loss after ``steps`` updates (for a diverged run, the loss where
    :func:`descend` stopped it) and whether the run diverged.
    """
    problem = get_problem(problem)
    etas = as_float_array(etas, "etas", ndim=1)
    if np.any(etas <= 0):
        raise ValueError(f"etas must all be positive, got {etas[etas <= 0][:3].tolist()}")
    paths = [descend(problem, float(eta), steps, start=start) for eta in etas]
    return (np.array([p.final_loss for p in paths]), np.array([p.diverged for p in paths]))


# ------------------------------------------------------------ formatting
def format_point(point: Sequence[float], decimals: int | None = None) -> str:
    r"""The point :math:`(w, b)` as text, ``"(−1, 2.5)"``, with a true minus sign (U+2212).

    ``decimals=None`` writes each coordinate as given (up to 6 significant
    digits, :func:`nnlearn.precision.fmt_given`); an integer rounds each to that
    many places (:func:`nnlearn.precision.fmt`, never ``−0.0000``).
    """

    w, b = _check_point(point, "point")
    if decimals is None:
        return f"({fmt_given(w)}, {fmt_given(b)})"
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise ValueError(f"decimals must be None or a non-negative integer, got {decimals!r}")
    return f"({fmt(w, int(decimals))}, {fmt(b, int(decimals))})"


# ------------------------------------------------------------ the exercises
@dataclass(frozen=True)
class HalfMSECheck:
    r"""Gradient descent with the plain MSE at rate ``eta`` against the half MSE at ``eta_half = 2 eta``.

    ``gap`` is the largest absolute difference between the two paths' parameters
    (over every step and both of :math:`w, b`); ``identical`` says whether it is exactly 0.
    """

    eta: float
    eta_half: float
    steps: int
    gap: float

    @property
    def identical(self) -> bool:
        """Whether the two paths are the same to the last bit."""
        return self.gap == 0.0


def half_mse_check(problem: str | TwoParamProblem = "line", eta: float = 0.12, steps: int = 30) -> HalfMSECheck:
    r"""Run ``steps`` of gradient descent on ``problem`` (an MSE problem) with rate ``eta``, and on the
    same problem with the half convention :math:`\tfrac12 L` (``"half_mse"``) with rate :math:`2\eta`.

    Halving the loss halves its gradient, so both take the same steps :math:`\eta\,\nabla L`.
    """
    from dataclasses import replace

    problem = get_problem(problem)
    if problem.loss != "mse":
        raise ValueError(f"problem must use the loss 'mse', got {problem.loss!r}")
    eta = check_positive(eta, "eta")
    steps = check_positive_int(steps, "steps")
    half = replace(problem, loss="half_mse")
    plain_path = descend(problem, eta, steps)
    half_path = descend(half, 2 * eta, steps)
    if plain_path.params.shape != half_path.params.shape:
        raise ValueError("the two runs stopped at different steps: pick a rate that converges")
    gap = float(np.abs(half_path.params - plain_path.params).max())
    return HalfMSECheck(eta=eta, eta_half=2 * eta, steps=steps, gap=gap)


@dataclass(frozen=True)
class LimitExperiment:
    r"""Gradient descent just below and just above the stability limit :math:`2/\lambda_{\max}`.

    ``below`` and ``above`` are the multiples of the limit used, ``steps`` the
    steps asked for; ``below_loss`` is the final loss of the run below,
    ``above_diverged_at`` the step at which the run above was flagged
    (``None`` if it was not); ``factor`` is :math:`|1 - \eta\lambda_{\max}|` for the
    run above (the factor by which each step multiplies the distance across the
    valley) and ``growth_pct`` the percentage by which the loss grows per step
    along that direction, :math:`100(\text{factor}^2 - 1)`.
    """

    limit: float
    below: float
    above: float
    steps: int
    below_loss: float
    above_diverged_at: int | None
    factor: float
    growth_pct: float


def limit_experiment(problem: str | TwoParamProblem = "line", below: float = 0.99, above: float = 1.01,
                     steps: int = 500) -> LimitExperiment:
    r"""Run :func:`descend` for ``steps`` steps at ``below`` and at ``above`` times :func:`stability_limit`."""
    problem = get_problem(problem)
    below = check_positive(below, "below")
    above = check_positive(above, "above")
    if not below < 1 < above:
        raise ValueError(f"below must be under 1 and above over 1, got {below} and {above}")
    steps = check_positive_int(steps, "steps")
    limit = stability_limit(problem)
    lam_max = largest_eigenvalue(curvature(problem))
    factor = abs(1 - above * limit * lam_max)
    return LimitExperiment(limit=limit, below=below, above=above, steps=steps,
                           below_loss=descend(problem, below * limit, steps).final_loss,
                           above_diverged_at=descend(problem, above * limit, steps).diverged_at,
                           factor=factor, growth_pct=100 * (factor * factor - 1))


@dataclass(frozen=True)
class NoisyRangeResult:
    """A range test on mini-batches, its reading, and a training run at the suggested upper end.

    ``test`` and ``suggestion`` are the :class:`RangeTest` and its
    :class:`LRSuggestion`; ``history`` is the :class:`~nnlearn.train.History`
    of :func:`nnlearn.train.train` for ``epochs`` epochs with mini-batches of
    ``batch_size`` at rate ``suggestion.high``.
    """

    batch_size: int
    smoothing: float
    epochs: int
    test: RangeTest
    suggestion: LRSuggestion
    history: History


def noisy_range_experiment(problem: str | TwoParamProblem = "line", batch_size: int = 8,
                           smoothing: float = 0.8, epochs: int = 20, seed: int = 0) -> NoisyRangeResult:
    r"""A range test on mini-batches of ``batch_size`` with moving-average ``smoothing``, read by
    :func:`suggest_lr_range`, then ``epochs`` epochs of mini-batch training at the suggested upper end."""
    problem = get_problem(problem)
    batch_size = check_positive_int(batch_size, "batch_size")
    epochs = check_positive_int(epochs, "epochs")
    test = lr_range_test(problem, batch_size=batch_size, smoothing=smoothing, seed=seed)
    suggestion = suggest_lr_range(test)
    history = train(problem.network(*problem.start), problem.X, problem.y, problem.loss,
                    optimizer="gd", eta=suggestion.high, epochs=epochs, batch_size=batch_size, seed=seed)
    return NoisyRangeResult(batch_size=batch_size, smoothing=float(smoothing), epochs=epochs, test=test,
                            suggestion=suggestion, history=history)
