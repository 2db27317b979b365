r"""The perceptron: one neuron with a step activation, and Rosenblatt's learning rule.

A neuron with inputs :math:`x = (x_1, \dots, x_d)`, weights
:math:`w = (w_1, \dots, w_d)` and bias :math:`b` computes the pre-activation
:math:`z = x \cdot w + b = w_1 x_1 + \dots + w_d x_d + b` and the activation
:math:`a = f(z)`. The perceptron uses the step function
:math:`f(z) = 1` if :math:`z \ge 0`, else :math:`0`, so its prediction
:math:`\hat y` is a class, 0 or 1.

Shapes follow the book: one example per row, so a batch ``X`` has shape
``(n, d)``, ``w`` has shape ``(d,)``, and ``z = X @ w + b`` has shape ``(n,)``.

The learning rule (Rosenblatt 1958) visits the examples one at a time and, for
each, moves the weights by

.. math::
    w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y),

which changes nothing when the prediction is right (:math:`y = \hat y`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ._checks import as_float_array, check_binary_labels, check_choice, check_positive, check_positive_int
from ._checks import check_number as _check_number  # the one shared check; the old name stays for the figures
from .activations import get_activation
from .data import GATES, logic_gate

__all__ = [
    "step", "NeuronValues", "neuron", "Perceptron", "perceptron_update", "PerceptronHistory",
    "train_perceptron", "exact_pre_activation", "HistorySummary", "summarize_history",
    "RandomSearch", "random_search", "ConvergenceBound", "max_margin_separator", "convergence_bound",
    "PerceptronView", "perceptron_view",
]


def _check_weights(w: Any, d: int | None, name: str = "w") -> np.ndarray:
    """Return ``w`` as a float64 array of shape ``(d,)`` (any ``d >= 1`` when ``d`` is None), or raise."""
    w = as_float_array(w, name, ndim=1, dtype=np.float64)
    if d is not None and w.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), one weight per input, got {w.shape}")
    return w


def _check_examples(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` of shape ``(n, d)`` with ``n, d >= 1`` and labels ``y`` of shape ``(n,)`` in {0, 1}."""
    X = as_float_array(X, "X", ndim=2, dtype=np.float64)
    if X.shape[1] == 0:
        raise ValueError(f"X must have at least one feature per example, got shape {X.shape}")
    y = check_binary_labels(y, "y")
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels, one per row of X, got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} examples but y has {y.shape[0]} labels")
    return X, y


def step(z: Any) -> np.ndarray:
    r"""The step activation :math:`f(z) = 1` if :math:`z \ge 0`, else :math:`0`, elementwise.

    ``z`` is a number or an array of any shape; the result has the same shape,
    with integer entries 0 and 1. A point exactly on the boundary
    (:math:`z = 0`) is put in class 1.
    """
    z = as_float_array(z, "z", allow_empty=True)
    return (z >= 0).astype(np.int64)


@dataclass(frozen=True)
class NeuronValues:
    r"""The quantities of one neuron's forward computation.

    ``x`` (shape ``(d,)``), ``w`` (shape ``(d,)``), ``b`` as given; ``products``
    holds the terms :math:`w_j x_j` (shape ``(d,)``); ``z`` is the
    pre-activation :math:`x \cdot w + b` and ``a = f(z)`` the activation, both
    floats; ``activation`` names :math:`f`.
    """

    x: np.ndarray
    w: np.ndarray
    b: float
    products: np.ndarray
    z: float
    a: float
    activation: str


def neuron(x: Any, w: Any, b: float, activation: str = "step") -> NeuronValues:
    r"""One neuron on one example: :math:`z = \sum_j w_j x_j + b` and :math:`a = f(z)`.

    ``x`` and ``w`` have shape ``(d,)``; ``b`` is a number. ``activation`` is
    ``"step"`` (the perceptron's) or any name known to
    :func:`nnlearn.activations.get_activation`, e.g. ``"sigmoid"``.
    """
    x = as_float_array(x, "x", ndim=1, dtype=np.float64)
    w = _check_weights(w, x.shape[0])
    b = _check_number(b, "b")
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a name such as 'step' or 'sigmoid', got {type(activation).__name__}")
    products = w * x
    z = float(products.sum() + b)
    if activation == "step":
        a = float(step(z))
    else:
        a = float(get_activation(activation)(np.array([z]))[0])
    return NeuronValues(x=x, w=w, b=b, products=products, z=z, a=a, activation=activation)


@dataclass
class Perceptron:
    r"""A perceptron with weights ``w`` (shape ``(d,)``) and bias ``b``.

    It predicts :math:`\hat y = f(x \cdot w + b)` with the step function
    :math:`f`; its decision boundary is the set where :math:`x \cdot w + b = 0`
    (for two inputs, the line :math:`w_1 x_1 + w_2 x_2 + b = 0`).
    """

    w: np.ndarray
    b: float = 0.0

    def __post_init__(self) -> None:
        self.w = _check_weights(self.w, None).copy()
        self.b = _check_number(self.b, "b")

    @property
    def n_inputs(self) -> int:
        """The number of inputs :math:`d`."""
        return self.w.shape[0]

    def _check_X(self, X: Any) -> np.ndarray:
        X = as_float_array(X, "X", ndim=(1, 2), dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        if X.shape[1] != self.n_inputs:
            raise ValueError(f"X has {X.shape[1]} features per example (shape {X.shape}) but the "
                             f"perceptron has {self.n_inputs} weights")
        return X

    def pre_activation(self, X: Any) -> np.ndarray:
        r"""The pre-activations :math:`z = X w + b`, shape ``(n,)``, for ``X`` of shape ``(n, d)``
        (a single example of shape ``(d,)`` counts as one row)."""
        return self._check_X(X) @ self.w + self.b

    def predict(self, X: Any) -> np.ndarray:
        r"""The predicted classes :math:`\hat y = f(X w + b)`, integers 0 or 1, shape ``(n,)``."""
        return step(self.pre_activation(X))

    def n_mistakes(self, X: Any, y: Any) -> int:
        """How many of the ``n`` examples ``(X, y)`` the perceptron misclassifies."""
        X, y = _check_examples(X, y)
        return int(np.sum(self.predict(X) != y))


def perceptron_update(w: np.ndarray, b: float, x: np.ndarray, y: float,
                      eta: float = 1.0) -> tuple[np.ndarray, float]:
    r"""Rosenblatt's rule for one example: returns the new :math:`(w, b)`.

    With :math:`\hat y = f(x \cdot w + b)`:
    :math:`w \leftarrow w + \eta (y - \hat y) x` and
    :math:`b \leftarrow b + \eta (y - \hat y)`. ``w`` and ``x`` have shape
    ``(d,)``; ``y`` is 0 or 1; ``eta`` > 0 is the learning rate. A right
    prediction leaves both unchanged; a missed 1 adds :math:`\eta x`, a false 1
    subtracts it.
    """
    w, b, x, y, eta = _check_update(w, b, x, y, eta)
    y_hat = step(x @ w + b)
    w_new = w + eta * (y - y_hat) * x
    b_new = b + eta * (y - y_hat)
    return w_new, float(b_new)


def _check_update(w, b, x, y, eta) -> tuple[np.ndarray, float, np.ndarray, float, float]:
    """Check the arguments of :func:`perceptron_update` and return them as floats/arrays."""
    w = _check_weights(w, None)
    x = as_float_array(x, "x", ndim=1, dtype=np.float64)
    if x.shape != w.shape:
        raise ValueError(f"x has shape {x.shape} but w has shape {w.shape}: one weight per input")
    y = _check_number(y, "y")
    if y not in (0.0, 1.0):
        raise ValueError(f"y must be the label 0 or 1, got {y}")
    return w, _check_number(b, "b"), x, y, check_positive(eta, "eta")


@dataclass
class PerceptronHistory:
    r"""Everything :func:`train_perceptron` did, update by update.

    Attributes
    ----------
    weights
        Shape ``(n_updates + 1, d)``: row 0 is the starting :math:`w`, row
        ``k`` the weights after the ``k``-th update.
    biases
        Shape ``(n_updates + 1,)``: the bias at the same moments.
    update_epoch
        Shape ``(n_updates,)``: the epoch (counted from 1) of each update.
    update_example
        Shape ``(n_updates,)``: the index of the example (row of ``X``) that
        triggered each update.
    mistakes_per_epoch
        Shape ``(epochs_run,)``: the mistakes made *during* each pass, which is
        the number of updates in that pass.
    errors_after_epoch
        Shape ``(epochs_run,)``: how many examples the weights misclassify at
        the *end* of each pass.
    converged
        True if the final weights classify every example correctly.
    eta
        The learning rate used.
    epochs
        The budget: the largest number of epochs training was allowed.
    """

    weights: np.ndarray
    biases: np.ndarray
    update_epoch: np.ndarray
    update_example: np.ndarray
    mistakes_per_epoch: np.ndarray
    errors_after_epoch: np.ndarray
    converged: bool
    eta: float
    epochs: int

    @property
    def n_updates(self) -> int:
        """The total number of updates (mistakes) made."""
        return int(self.update_epoch.shape[0])

    @property
    def epochs_run(self) -> int:
        """The number of passes over the data (at most the budget ``epochs``)."""
        return int(self.mistakes_per_epoch.shape[0])

    @property
    def updates_to_converge(self) -> int | None:
        """The number of updates until no mistakes are left, or None if the budget ran out first."""
        return self.n_updates if self.converged else None

    @property
    def w(self) -> np.ndarray:
        """The final weights, shape ``(d,)``."""
        return self.weights[-1].copy()

    @property
    def b(self) -> float:
        """The final bias."""
        return float(self.biases[-1])

    @property
    def perceptron(self) -> Perceptron:
        """The final perceptron."""
        return Perceptron(self.w, self.b)

    def after_epoch(self) -> tuple[np.ndarray, np.ndarray]:
        """The weights, shape ``(epochs_run, d)``, and biases, shape ``(epochs_run,)``, at the end of
        each epoch."""
        last = np.cumsum(self.mistakes_per_epoch)  # row of `weights` reached at each epoch's end
        return self.weights[last].copy(), self.biases[last].copy()


def train_perceptron(X: Any, y: Any, *, eta: float = 1.0, epochs: int = 100,
                     w0: Any = None, b0: float = 0.0) -> PerceptronHistory:
    r"""Train a perceptron with Rosenblatt's rule and record every update.

    Each epoch visits the examples in order (row 0 first); each mistake
    triggers :func:`perceptron_update`. Training stops at the end of the first
    epoch after which no example is misclassified (``converged``) or when
    ``epochs`` passes have been made.

    ``X`` has shape ``(n, d)`` with ``n, d >= 1``; ``y`` has shape ``(n,)`` and
    holds 0/1 labels. ``w0`` (shape ``(d,)``, default zeros) and ``b0`` are
    the starting weights and bias; ``eta`` > 0 is the learning rate.
    """
    X, y = _check_examples(X, y)
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    w = np.zeros(X.shape[1]) if w0 is None else _check_weights(w0, X.shape[1], "w0").copy()
    b = _check_number(b0, "b0")
    weights, biases = [w.copy()], [b]
    update_epoch, update_example, mistakes, errors = [], [], [], []
    converged = False
    for epoch in range(1, epochs + 1):
        n_mistakes = 0
        for i in range(X.shape[0]):
            if step(X[i] @ w + b) != y[i]:
                w, b = perceptron_update(w, b, X[i], y[i], eta)
                n_mistakes += 1
                weights.append(w.copy())
                biases.append(b)
                update_epoch.append(epoch)
                update_example.append(i)
        mistakes.append(n_mistakes)
        errors.append(int(np.sum(step(X @ w + b) != y)))
        if errors[-1] == 0:
            converged = True
            break
    return PerceptronHistory(
        weights=np.array(weights), biases=np.array(biases, dtype=np.float64),
        update_epoch=np.array(update_epoch, dtype=np.int64),
        update_example=np.array(update_example, dtype=np.int64),
        mistakes_per_epoch=np.array(mistakes, dtype=np.int64),
        errors_after_epoch=np.array(errors, dtype=np.int64),
        converged=converged, eta=eta, epochs=epochs)


def exact_pre_activation(X: Any, w: Any, b: float) -> list[Fraction]:
    r"""The exact pre-activations :math:`z = X w + b` of the stored floats, as fractions.

    ``X`` has shape ``(n, d)``, ``w`` shape ``(d,)``. Every float is a binary
    fraction, so :math:`z` can be computed with no rounding at all: the
    result (a list of ``n`` :class:`fractions.Fraction`) shows whether a
    point lies exactly on the boundary (:math:`z = 0`) or only a rounding
    error away from it, on every machine alike.
    """
    X = as_float_array(X, "X", ndim=2, dtype=np.float64)
    w = _check_weights(w, X.shape[1])
    b = Fraction(_check_number(b, "b"))
    wf = [Fraction(float(v)) for v in w]
    return [sum((Fraction(float(x)) * wj for x, wj in zip(row, wf)), b) for row in X]


@dataclass(frozen=True)
class HistorySummary:
    r"""What a run of :func:`train_perceptron` did, in a few numbers.

    ``min_mistakes``: the fewest mistakes (updates) made during one epoch;
    ``min_errors``: the fewest examples misclassified at the end of an epoch;
    ``distinct_epoch_ends``: how many different :math:`(w, b)` the epochs
    ended with (few of them, on a long run, means the rule goes round a cycle);
    ``last_epoch_updates``: the updates made in the last epoch.
    """

    converged: bool
    n_updates: int
    epochs_run: int
    min_mistakes: int
    min_errors: int
    distinct_epoch_ends: int
    last_epoch_updates: int


def summarize_history(history: PerceptronHistory) -> HistorySummary:
    """Summarise ``history`` (from :func:`train_perceptron`): see :class:`HistorySummary`."""
    if not isinstance(history, PerceptronHistory):
        raise TypeError(f"history must be a PerceptronHistory from train_perceptron, "
                        f"got {type(history).__name__}")
    W_end, b_end = history.after_epoch()
    distinct = np.unique(np.column_stack([W_end, b_end]), axis=0)
    return HistorySummary(
        converged=history.converged, n_updates=history.n_updates, epochs_run=history.epochs_run,
        min_mistakes=int(history.mistakes_per_epoch.min()),
        min_errors=int(history.errors_after_epoch.min()),
        distinct_epoch_ends=int(distinct.shape[0]),
        last_epoch_updates=int(history.mistakes_per_epoch[-1]))


@dataclass(frozen=True)
class RandomSearch:
    r"""The result of :func:`random_search`.

    ``settings`` has shape ``(n_settings, d + 1)``: each row is
    :math:`(w_1, \dots, w_d, b)`; ``mistakes`` (shape ``(n_settings,)``) the
    number of examples each setting misclassifies; ``fewest`` their minimum
    and ``best`` the first row reaching it.
    """

    settings: np.ndarray
    mistakes: np.ndarray
    fewest: int
    best: np.ndarray

    @property
    def n_settings(self) -> int:
        """The number of settings tried."""
        return int(self.settings.shape[0])


def random_search(X: Any, y: Any, n_settings: int = 20_000, *, low: float = -3.0,
                  high: float = 3.0, seed: int = 0) -> RandomSearch:
    r"""Try ``n_settings`` random perceptrons :math:`(w, b)`, each entry uniform in
    ``[low, high)``, on the examples ``X`` (shape ``(n, d)``) with labels ``y`` (shape ``(n,)``),
    and count each one's mistakes. Seeded by ``seed``, so the result is the same on every run."""
    X, y = _check_examples(X, y)
    n_settings = check_positive_int(n_settings, "n_settings")
    low, high = _check_number(low, "low"), _check_number(high, "high")
    if not low < high:
        raise ValueError(f"low must be smaller than high, got low={low}, high={high}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(seed)
    settings = rng.uniform(low, high, size=(n_settings, X.shape[1] + 1))
    z = X @ settings[:, :-1].T + settings[:, -1]  # (n, n_settings)
    mistakes = (step(z) != y[:, None]).sum(axis=0).astype(np.int64)
    best = int(np.argmin(mistakes))
    return RandomSearch(settings=settings, mistakes=mistakes, fewest=int(mistakes[best]),
                        best=settings[best].copy())


@dataclass(frozen=True)
class ConvergenceBound:
    r"""The perceptron convergence bound :math:`(R/\gamma)^2` for one separating :math:`(w, b)`.

    The inputs get a 1 appended, :math:`\tilde x = (x, 1)`, so that the bias is
    one more weight: :math:`z = \tilde x \cdot (w, b)`. ``R`` is the largest
    :math:`\lVert \tilde x_i \rVert`. ``w`` (shape ``(d,)``) and ``b`` are scaled
    so that :math:`\lVert (w, b) \rVert = 1` together, and ``gamma`` is their
    margin :math:`\gamma = \min_i s_i\, \tilde x_i \cdot (w, b)` with
    :math:`s_i = 2 y_i - 1 = \pm 1`. ``bound`` is :math:`(R/\gamma)^2`, the most
    updates the rule can make from a zero start (any :math:`\eta`, any order).
    """

    R: float
    gamma: float
    w: np.ndarray
    b: float
    bound: float


def _augmented(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """The signed augmented points :math:`s_i (x_i, 1)`, shape ``(n, d + 1)``, and R."""
    X1 = np.column_stack([X, np.ones(X.shape[0])])
    return (2.0 * y - 1.0)[:, None] * X1, float(np.max(np.linalg.norm(X1, axis=1)))


#: :func:`max_margin_separator` looks at every subset of the examples: at most this many examples.
MAX_MARGIN_EXAMPLES = 12


def max_margin_separator(X: Any, y: Any) -> tuple[np.ndarray, float, float]:
    r"""The separating :math:`(w, b)` with the largest margin, :math:`\lVert (w, b) \rVert = 1`.

    With the signed augmented points :math:`p_i = s_i\,(x_i, 1)`, the best unit
    vector :math:`u = (w, b)` maximises :math:`\gamma = \min_i p_i \cdot u`; it
    points to the point of the convex hull of the :math:`p_i` closest to the
    origin, and :math:`\gamma` is that point's length. The closest point is
    found exactly, by trying the affine hull of every subset of the points, so
    ``X`` (shape ``(n, d)``) may have at most ``MAX_MARGIN_EXAMPLES`` rows.
    Returns ``(w, b, gamma)``; raises ValueError when no :math:`(w, b)`
    separates the classes with a positive margin.
    """
    X, y = _check_examples(X, y)
    n = X.shape[0]
    if n > MAX_MARGIN_EXAMPLES:
        raise ValueError(f"X has {n} examples; max_margin_separator tries every subset and accepts at most "
                         f"{MAX_MARGIN_EXAMPLES}: pass a separating (w, b) to convergence_bound instead")
    P, _ = _augmented(X, y)
    best = None
    for k in range(1, n + 1):
        for subset in itertools.combinations(range(n), k):
            Q = P[list(subset)]
            # the closest point of the affine hull: minimise |lam Q|^2 subject to sum(lam) = 1
            A = np.block([[Q @ Q.T, np.ones((k, 1))], [np.ones((1, k)), np.zeros((1, 1))]])
            rhs = np.zeros(k + 1)
            rhs[-1] = 1.0
            lam = np.linalg.lstsq(A, rhs, rcond=None)[0][:k]
            if abs(lam.sum() - 1.0) > 1e-9 or lam.min() < -1e-12:
                continue  # not a point of the convex hull
            point = lam @ Q
            norm = float(np.linalg.norm(point))
            if best is None or norm < best[0] - 1e-15:
                best = (norm, point)
    gamma, point = best
    if gamma < 1e-12 or np.min(P @ point) < gamma ** 2 * (1 - 1e-9):
        raise ValueError("the classes of (X, y) are not linearly separable with a positive margin: "
                         "no (w, b) puts every example strictly on its own side")
    u = point / gamma
    return u[:-1].copy(), float(u[-1]), gamma


def convergence_bound(X: Any, y: Any, w: Any = None, b: float | None = None) -> ConvergenceBound:
    r"""The perceptron convergence bound (Novikoff 1962) for the examples ``(X, y)``.

    If some unit :math:`(w, b)` (norm taken together, inputs with a 1 appended)
    puts every example on its own side with margin :math:`\gamma > 0`, the rule
    makes at most :math:`(R/\gamma)^2` updates from :math:`w = 0, b = 0`.
    Give a separating ``w`` (shape ``(d,)``) and ``b`` to get the bound it
    proves (they are rescaled to unit length), or neither to use the best one,
    :func:`max_margin_separator`, which gives the smallest bound. ``X`` has
    shape ``(n, d)``, ``y`` shape ``(n,)`` with labels 0/1.
    """
    X, y = _check_examples(X, y)
    P, R = _augmented(X, y)
    if w is None and b is None:
        w_u, b_u, gamma = max_margin_separator(X, y)
    elif w is None or b is None:
        raise ValueError("give both w and b (a separating perceptron) or neither (the best one)")
    else:
        u = np.append(_check_weights(w, X.shape[1]), _check_number(b, "b"))
        norm = float(np.linalg.norm(u))
        if norm == 0.0:
            raise ValueError("w and b are all zero: they define no boundary")
        u = u / norm
        gamma = float(np.min(P @ u))
        if gamma <= 0.0:
            raise ValueError(f"(w, b) does not separate (X, y) with a positive margin: the smallest "
                             f"signed z / |(w, b)| is {gamma:.3g}; a point on the line (z = 0) has margin 0")
        w_u, b_u = u[:-1].copy(), float(u[-1])
    return ConvergenceBound(R=R, gamma=float(gamma), w=w_u, b=b_u, bound=(R / gamma) ** 2)


@dataclass(frozen=True)
class PerceptronView:
    r"""What the chapter 1 widget shows for one setting of :math:`w_1, w_2, b` and a gate.

    ``X`` (4, 2) and ``y`` (4,) are the gate's points and labels; ``z`` (4,)
    the pre-activations, ``y_hat`` (4,) the predicted classes, ``mistakes`` (4,)
    a boolean mask of the misclassified points and ``n_mistakes`` their
    number. ``has_line`` is False when :math:`w_1 = w_2 = 0` (then every point
    gets the same class and there is no boundary line); ``message`` says so in
    words, and is empty otherwise.
    """

    w1: float
    w2: float
    b: float
    gate: str
    X: np.ndarray
    y: np.ndarray
    z: np.ndarray
    y_hat: np.ndarray
    mistakes: np.ndarray
    n_mistakes: int
    has_line: bool
    message: str

    @property
    def w(self) -> np.ndarray:
        """The weights as an array of shape ``(2,)``."""
        return np.array([self.w1, self.w2])


def perceptron_view(w1: float, w2: float, b: float, gate: str) -> PerceptronView:
    r"""Classify the four points of ``gate`` (``"AND"``, ``"OR"``, ``"XOR"`` or ``"NAND"``) with
    :math:`\hat y = f(w_1 x_1 + w_2 x_2 + b)` and count the mistakes.

    A pure function of plain numbers: the widget of chapter 1 draws what it returns.
    """
    w1, w2, b = _check_number(w1, "w1"), _check_number(w2, "w2"), _check_number(b, "b")
    check_choice(gate, "gate", GATES)
    X, y = logic_gate(gate)
    p = Perceptron(np.array([w1, w2]), b)
    z = p.pre_activation(X)
    y_hat = step(z)
    mistakes = y_hat != y
    has_line = not (w1 == 0.0 and w2 == 0.0)
    message = ""
    if not has_line:
        message = (f"w1 = w2 = 0: no boundary line; z = b = {b:g} for every point, "
                   f"so every point is predicted {int(step(b))}")
    return PerceptronView(w1=w1, w2=w2, b=b, gate=gate, X=X, y=y, z=z, y_hat=y_hat,
                          mistakes=mistakes, n_mistakes=int(mistakes.sum()), has_line=has_line,
                          message=message)
