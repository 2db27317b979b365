"""Checkers for chapters 1-3: the perceptron, losses and gradient descent, backpropagation by hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..activations import sigmoid
from ..by_hand import EXERCISE, WORKED_EXAMPLE, backward_pass, forward_pass
from ..descent import line_data
from ..losses import MSE, BCEWithLogits
from ..network import Network, count_parameters
from ..perceptron import Perceptron, perceptron_update
from ._core import CheckResult, _Case, _central_differences, _Exercise, _Mistake, _rng, _run

# =========================================================================== chapter 1

def _step(z):
    return (np.asarray(z) >= 0).astype(np.float64)


def _perceptron_reference(w, b, x, y, eta):
    return perceptron_update(w, b, x, y, eta)


def _perceptron_cases() -> list[_Case]:
    r = _rng(101)
    w5, x5 = r.normal(size=5).round(3), r.normal(size=5).round(3)
    c = lambda name, w, b, x, y, eta: _Case(name, {"w": np.array(w, float), "b": float(b),
                                                    "x": np.array(x, float), "y": float(y), "eta": float(eta)})
    return [
        c("a missed 1 (y = 1, z < 0): w moves towards x", [-0.5, 0.2], -0.1, [1.0, 1.0], 1, 1.0),
        c("a false 1 (y = 0, z > 0): w moves away from x", [0.6, 0.4], 0.2, [1.0, 0.5], 0, 1.0),
        c("a right prediction of class 1: nothing changes", [0.5, -0.3], 0.1, [1.0, 0.5], 1, 1.0),
        c("a right prediction of class 0: nothing changes", [0.5, 0.5], -2.0, [1.0, 1.0], 0, 1.0),
        c("a point exactly on the boundary, z = 0 (predicted 1), label 0", [1.0, -1.0], 0.0, [2.0, 2.0], 0, 1.0),
        c("a mistake with eta = 0.25, five inputs", w5, 0.3, x5, 1.0 - float(x5 @ w5 + 0.3 >= 0), 0.25),
        c("a missed 1 with one input (d = 1), eta = 0.5", [2.0], 1.0, [-3.0], 1, 0.5),
    ]


_PERCEPTRON = _Exercise(
    title="the perceptron update",
    usage="check_perceptron_update(my_update)",
    outputs=("w_new", "b_new"),
    reference=_perceptron_reference,
    cases=_perceptron_cases,
    mistakes=(
        _Mistake(lambda w, b, x, y, eta: (w - eta * (y - _step(x @ w + b)) * x, b - eta * (y - _step(x @ w + b))),
                 "Wrong sign: the rule adds eta (y \u2212 y_hat) x, so a missed 1 moves w towards x."),
        _Mistake(lambda w, b, x, y, eta: (w + eta * (y - (x @ w + b > 0)) * x, b + eta * (y - (x @ w + b > 0))),
                 "At z = 0 the step function gives 1 (f(z) = 1 for z \u2265 0): use >=, not >."),
        _Mistake(lambda w, b, x, y, eta: (w + (y - _step(x @ w + b)) * x, b + (y - _step(x @ w + b))),
                 "The learning rate eta is missing: multiply the change by eta."),
        _Mistake(lambda w, b, x, y, eta: (w + eta * (y - _step(x @ w + b)) * x, b),
                 "The bias is not updated: b changes by eta (y \u2212 y_hat), like a weight whose input is 1."),
        _Mistake(lambda w, b, x, y, eta: (w + eta * (y - (x @ w + b)) * x, b + eta * (y - (x @ w + b))),
                 "You used z = x\u00b7w + b where the rule needs the prediction y_hat = f(z), 0 or 1."),
        _Mistake(lambda w, b, x, y, eta: (w + eta * y * x, b + eta * y),
                 "The change is eta (y \u2212 y_hat) x: it is zero when the prediction is right."),
    ),
    hint="Compute y_hat = 1 if x\u00b7w + b \u2265 0 else 0, then w + eta (y \u2212 y_hat) x and b + eta (y \u2212 y_hat).",
    reference_name="nnlearn.perceptron.perceptron_update",
)


def check_perceptron_update(update: Callable) -> CheckResult:
    r"""Check ``update(w, b, x, y, eta) -> (w_new, b_new)``, Rosenblatt's rule for one example (chapter 1).

    ``w`` and ``x`` have shape ``(d,)``, ``b`` is a float, ``y`` the label 0 or 1, ``eta > 0``.
    With :math:`\hat y = 1` if :math:`x \cdot w + b \ge 0` else 0, the rule returns
    :math:`w + \eta (y - \hat y) x` and :math:`b + \eta (y - \hat y)` (Rosenblatt 1958).
    Compared with :func:`nnlearn.perceptron.perceptron_update`.
    """
    return _run(_PERCEPTRON, update)


def _perceptron_predict(X, w, b):
    return Perceptron(w, b).predict(X)


def _predict_cases() -> list[_Case]:
    r = _rng(102)
    c = lambda name, X, w, b: _Case(name, {"X": np.array(X, float), "w": np.array(w, float), "b": float(b)})
    corners = [[0, 0], [0, 1], [1, 0], [1, 1]]
    return [
        c("the four corners with AND's weights", corners, [1.0, 1.0], -1.5),
        c("the four corners with OR's weights", corners, [1.0, 1.0], -0.5),
        c("points exactly on the boundary (z = 0 is class 1)", [[1, 1], [2, 0], [0, 3]], [1.0, 1.0], -2.0),
        c("a batch of one example with three inputs", [[0.5, -1.0, 2.0]], [1.0, 2.0, -0.5], 0.25),
        c("five examples with three inputs (X not square)", r.normal(size=(5, 3)).round(3),
          r.normal(size=3).round(3), 0.1),
        c("all pre-activations negative", [[1, 2], [3, 4]], [-1.0, -1.0], -0.5),
    ]


_PREDICT = _Exercise(
    title="the perceptron's prediction",
    usage="check_predict(my_predict)",
    outputs=("y_hat",),
    reference=lambda X, w, b: _perceptron_predict(X, w, b),
    cases=_predict_cases,
    mistakes=(
        _Mistake(lambda X, w, b: (X @ w + b > 0).astype(float),
                 "A point with z = 0 belongs to class 1 (f(z) = 1 for z \u2265 0): use >=, not >."),
        _Mistake(lambda X, w, b: X @ w + b, "You returned z = X w + b; the prediction is the step of it, 0 or 1."),
        _Mistake(lambda X, w, b: (X @ w + b < 0).astype(float), "The classes are swapped: z \u2265 0 means class 1."),
        _Mistake(lambda X, w, b: sigmoid(X @ w + b), "The perceptron uses the step function, not the sigmoid."),
    ),
    hint="Compute z = X @ w + b (one value per row), then 1 where z \u2265 0 and 0 elsewhere.",
    reference_name="nnlearn.perceptron.Perceptron.predict",
)


def check_predict(predict: Callable) -> CheckResult:
    r"""Check ``predict(X, w, b) -> y_hat`` for a perceptron (chapter 1).

    ``X`` has shape ``(n, d)``, ``w`` shape ``(d,)``; the result has shape ``(n,)`` and holds the
    classes :math:`\hat y = 1` where :math:`X w + b \ge 0`, else 0 (ints, floats or bools).
    Compared with :meth:`nnlearn.perceptron.Perceptron.predict`.
    """
    return _run(_PREDICT, predict)


_COUNT = _Exercise(
    title="counting a network's parameters",
    usage="check_count_parameters(my_count)",
    outputs=("count",),
    reference=lambda sizes: count_parameters(sizes),
    cases=lambda: [_Case(f"widths {s}", {"sizes": list(s)}) for s in
                   ([2, 1], [1, 1], [2, 4, 1], [2, 4, 3, 1], [3, 5, 5, 2], [784, 128, 10], [10, 1, 10])],
    mistakes=(
        _Mistake(lambda sizes: sum(a * b for a, b in zip(sizes[:-1], sizes[1:])),
                 "You counted the weights only: every unit of layers 1 to L also has a bias."),
        _Mistake(lambda sizes: sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) + sum(sizes),
                 "The inputs have no biases: add n_l biases for layers 1 to L only, not for the input layer."),
        _Mistake(lambda sizes: sum(a * b + a for a, b in zip(sizes[:-1], sizes[1:])),
                 "A layer has one bias per unit it computes, n_l, not per input n_(l\u22121)."),
        _Mistake(lambda sizes: sum(sizes), "A layer has n_(l\u22121) \u00d7 n_l weights and n_l biases, not one parameter per unit."),
    ),
    hint="Sum over the layers l = 1..L of n_(l\u22121)\u00b7n_l weights plus n_l biases.",
    reference_name="nnlearn.count_parameters",
    kind="int",
)


def check_count_parameters(count: Callable) -> CheckResult:
    r"""Check ``count(sizes) -> int``, the number of weights and biases of a fully connected
    network with layer widths ``sizes = [n_0, ..., n_L]``: :math:`\sum_l (n_{l-1} n_l + n_l)`
    (chapter 1). Compared with :func:`nnlearn.count_parameters`."""
    return _run(_COUNT, count)


# =========================================================================== chapter 2

def _mse_cases() -> list[_Case]:
    r = _rng(201)
    c = lambda name, y_hat, y: _Case(name, {"y_hat": np.array(y_hat, float), "y": np.array(y, float)})
    return [
        c("four examples, one output", r.normal(size=(4, 1)).round(3), r.normal(size=(4, 1)).round(3)),
        c("three examples, two outputs (not square)", r.normal(size=(3, 2)).round(3), r.normal(size=(3, 2)).round(3)),
        c("a batch of one", [[0.3]], [[1.0]]),
        c("a perfect prediction: the gradient is zero", [[0.5], [-1.0]], [[0.5], [-1.0]]),
        c("zeros against large targets", np.zeros((2, 3)), [[10.0, -20.0, 5.0], [0.0, 1.0, 100.0]]),
    ]


def _mse_fd(y_hat, y):
    return _central_differences(lambda p: MSE().forward(p, y), y_hat)


_MSE = _Exercise(
    title="the gradient of the mean squared error",
    usage="check_mse_gradient(my_mse_gradient)",
    outputs=("dL/dy_hat",),
    reference=lambda y_hat, y: MSE().backward(y_hat, y),
    cases=_mse_cases,
    finite_differences=_mse_fd,
    mistakes=(
        _Mistake(lambda y_hat, y: 2 * (y - y_hat) / y_hat.size,
                 "Wrong sign: dL/dy_hat = 2 (y_hat \u2212 y)/(n k), positive where the prediction is too high."),
        _Mistake(lambda y_hat, y: (y_hat - y) / y_hat.size,
                 "The factor 2 is missing: that is the gradient of the half MSE, not of the mean of the squares."),
        _Mistake(lambda y_hat, y: 2 * (y_hat - y),
                 "The factor 1/(n k) is missing: the loss is a mean over all n k entries, so is its gradient."),
        _Mistake(lambda y_hat, y: 2 * (y_hat - y) / y_hat.shape[0],
                 "You divided by the number of examples n only: the mean runs over all n k entries."),
        _Mistake(lambda y_hat, y: 2 * (y_hat - y) / y_hat.size ** 2,
                 "You divided by (n k) twice."),
    ),
    hint="L = mean of (y_hat \u2212 y)\u00b2 over all n k entries, so dL/dy_hat = 2 (y_hat \u2212 y) / (n k), shaped like y_hat.",
    reference_name="nnlearn.losses.MSE.backward",
)


def check_mse_gradient(mse_gradient: Callable) -> CheckResult:
    r"""Check ``mse_gradient(y_hat, y) -> dL/dy_hat`` for :math:`L = \frac{1}{nk}\sum (\hat y - y)^2` (chapter 2).

    ``y_hat`` and ``y`` have shape ``(n, k)``; the result too:
    :math:`\frac{2}{nk}(\hat y - y)`. Compared with :meth:`nnlearn.losses.MSE.backward` and with
    central differences of the loss.
    """
    return _run(_MSE, mse_gradient)


def _linear_gradients(w, b, x, y):
    net = Network([1, 1], activation="identity", seed=0)
    net.set_parameters([np.array([[w]]), np.array([b])])
    _, (dW, db) = net.loss_and_gradients(np.asarray(x, float)[:, None], np.asarray(y, float), "mse")
    return float(dW[0, 0]), float(db[0])


def _gd_reference(w, b, x, y, eta):
    dw, db = _linear_gradients(w, b, x, y)
    return w - eta * dw, b - eta * db


def _gd_fd(w, b, x, y, eta):
    def loss(p):
        return float(np.mean((p[0] * x + p[1] - y) ** 2))
    g = _central_differences(loss, np.array([w, b]))
    return w - eta * g[0], b - eta * g[1]


def _gd_cases() -> list[_Case]:
    X, y_line = line_data(8, seed=3)
    c = lambda name, w, b, x, y, eta: _Case(name, {"w": float(w), "b": float(b), "x": np.array(x, float),
                                                    "y": np.array(y, float), "eta": float(eta)})
    return [
        c("eight points near the line y = 1.5x \u2212 0.5", -1.0, 2.5, X[:, 0].round(4), y_line.round(4), 0.1),
        c("a batch of one", 0.5, 0.0, [2.0], [3.0], 0.1),
        c("already at the minimum: nothing moves", 2.0, 1.0, [0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 0.3),
        c("all inputs zero: w does not move", 1.0, 1.0, [0.0, 0.0, 0.0], [1.0, 2.0, 6.0], 0.5),
        c("a large learning rate, eta = 2", 0.3, -0.2, [1.0, -2.0, 0.5, 3.0], [0.0, 1.0, 1.0, -1.0], 2.0),
    ]


def _gd_mistake(scale_w=1.0, scale_b=1.0, sign=-1.0, divide=True, use_x=True, factor=2.0):
    def wrong(w, b, x, y, eta):
        r = w * x + b - y
        n = x.size if divide else 1
        dw = factor * np.sum(r * x if use_x else r) / n
        db = factor * np.sum(r) / n
        return w + sign * eta * dw * scale_w, b + sign * eta * db * scale_b
    return wrong


_GD = _Exercise(
    title="one step of gradient descent on a linear neuron",
    usage="check_gradient_step(my_gd_step)",
    outputs=("w_new", "b_new"),
    reference=_gd_reference,
    finite_differences=_gd_fd,
    cases=_gd_cases,
    mistakes=(
        _Mistake(_gd_mistake(sign=+1.0), "Wrong sign: that step goes uphill. Subtract eta times the gradient."),
        _Mistake(_gd_mistake(factor=1.0), "The factor 2 of d/dy_hat (y_hat \u2212 y)\u00b2 is missing."),
        _Mistake(_gd_mistake(divide=False), "The factor 1/n is missing: the loss is a mean over the n examples."),
        _Mistake(_gd_mistake(use_x=False), "dL/dw needs the input: it is the mean of 2 (y_hat \u2212 y) x, not of 2 (y_hat \u2212 y)."),
        _Mistake(_gd_mistake(scale_b=0.0), "The bias did not move: b \u2190 b \u2212 eta dL/db, with dL/db = mean of 2 (y_hat \u2212 y)."),
    ),
    hint="y_hat = w x + b; dL/dw = mean of 2 (y_hat \u2212 y) x; dL/db = mean of 2 (y_hat \u2212 y); "
         "then w \u2212 eta dL/dw and b \u2212 eta dL/db.",
    reference_name="a one-neuron nnlearn Network (loss_and_gradients with 'mse')",
)


def check_gradient_step(gd_step: Callable) -> CheckResult:
    r"""Check ``gd_step(w, b, x, y, eta) -> (w_new, b_new)``: one full-batch gradient-descent step
    for the linear neuron :math:`\hat y = w x + b` with :math:`L = \frac1n \sum (\hat y - y)^2` (chapter 2).

    ``w``, ``b``, ``eta`` are floats, ``x`` and ``y`` have shape ``(n,)``. Compared with a
    one-neuron :class:`~nnlearn.network.Network` and with central differences of the loss.
    """
    return _run(_GD, gd_step)


def _bce_reference(z, y):
    return BCEWithLogits().backward(z[:, None], y[:, None])[:, 0]


def _bce_fd(z, y):
    return _central_differences(lambda p: BCEWithLogits().forward(p[:, None], y[:, None]), z)


def _bce_cases() -> list[_Case]:
    r = _rng(203)
    c = lambda name, z, y: _Case(name, {"z": np.array(z, float), "y": np.array(y, float)})
    return [
        c("five examples", r.normal(size=5).round(3) * 2, [0, 1, 1, 0, 1]),
        c("a batch of one", [0.7], [0.0]),
        c("z = 0: the sigmoid says 0.5", [0.0, 0.0], [0.0, 1.0]),
        c("saturated sigmoids, right and confident", [40.0, -40.0], [1.0, 0.0]),
        c("saturated sigmoids, wrong and confident (z = \u00b1800)", [800.0, -800.0, 35.0], [0.0, 1.0, 0.0]),
    ]


_BCE = _Exercise(
    title="the gradient of binary cross-entropy with respect to z",
    usage="check_bce_gradient(my_bce_gradient)",
    outputs=("dL/dz",),
    reference=_bce_reference,
    finite_differences=_bce_fd,
    cases=_bce_cases,
    mistakes=(
        _Mistake(lambda z, y: (y - sigmoid(z)) / z.size, "Wrong sign: dL/dz = (\u03c3(z) \u2212 y)/n."),
        _Mistake(lambda z, y: sigmoid(z) - y, "The factor 1/n is missing: the loss is a mean over the n examples."),
        _Mistake(lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)) / z.size,
                 "An extra factor \u03c3\u2032(z): with cross-entropy it cancels, dL/dz = (\u03c3(z) \u2212 y)/n."),
        _Mistake(lambda z, y: (z - y) / z.size, "Apply the sigmoid first: the prediction is y_hat = \u03c3(z), not z."),
    ),
    hint="dL/dz = (\u03c3(z) \u2212 y)/n. Never divide by \u03c3(z)(1 \u2212 \u03c3(z)): for a saturated "
         "sigmoid it rounds to 0.",
    reference_name="nnlearn.losses.BCEWithLogits.backward",
)


def check_bce_gradient(bce_gradient: Callable) -> CheckResult:
    r"""Check ``bce_gradient(z, y) -> dL/dz`` for binary cross-entropy on :math:`\hat y = \sigma(z)`,
    averaged over the examples (chapter 2).

    ``z`` (the logits) and ``y`` (labels 0/1) have shape ``(n,)``; the result is
    :math:`(\sigma(z) - y)/n`, finite even for saturated sigmoids (:math:`z = \pm 800`).
    Compared with :meth:`nnlearn.losses.BCEWithLogits.backward` and with central differences.
    """
    return _run(_BCE, bce_gradient)


# =========================================================================== chapter 3

_ARGS_211 = ("x1", "x2", "y", "w11", "w12", "b1", "w2", "b2")


def _by_hand_cases() -> list[_Case]:
    c = lambda name, **v: _Case(name, {k: float(v[k]) for k in _ARGS_211})
    worked = {k: getattr(WORKED_EXAMPLE, k) for k in _ARGS_211}
    exercise = {k: getattr(EXERCISE, k) for k in _ARGS_211}
    return [
        c("the chapter's worked example", **worked),
        c("the chapter's exercise", **exercise),
        c("target 0 and negative weights", x1=1.0, x2=-2.0, y=0.0, w11=-0.3, w12=0.8, b1=0.2, w2=-1.5, b2=0.4),
        c("all parameters zero", x1=0.5, x2=0.8, y=1.0, w11=0.0, w12=0.0, b1=0.0, w2=0.0, b2=0.0),
        c("a saturated hidden unit (z1 = 40)", x1=1.0, x2=1.0, y=0.0, w11=20.0, w12=19.0, b1=1.0, w2=0.7, b2=-0.2),
        c("a saturated output unit (z2 = \u221230)", x1=0.2, x2=-0.4, y=1.0, w11=0.5, w12=0.5, b1=0.0, w2=-20.0, b2=-20.0),
    ]


def _forward_reference(**v):
    f = forward_pass(**v)
    return f.z1, f.a1, f.z2, f.y_hat, f.loss


def _forward_mistake(loss_factor=0.5, act=sigmoid, hidden_act=True, z2_from_z1=False):
    def wrong(x1, x2, y, w11, w12, b1, w2, b2):
        z1 = w11 * x1 + w12 * x2 + b1
        a1 = float(act(z1)) if hidden_act else z1
        z2 = w2 * (z1 if z2_from_z1 else a1) + b2
        y_hat = float(act(z2))
        return z1, a1, z2, y_hat, loss_factor * (y_hat - y) ** 2
    return wrong


_FORWARD = _Exercise(
    title="the forward pass of the 2-1-1 network",
    usage="check_forward_pass(my_forward)",
    outputs=("z1", "a1", "z2", "y_hat", "L"),
    reference=_forward_reference,
    cases=_by_hand_cases,
    mistakes=(
        _Mistake(_forward_mistake(loss_factor=1.0), "L is the half squared error: L = \u00bd (y_hat \u2212 y)\u00b2."),
        _Mistake(_forward_mistake(hidden_act=False), "a1 is \u03c3(z1), not z1: apply the sigmoid in the hidden unit."),
        _Mistake(_forward_mistake(act=lambda z: sigmoid(-np.asarray(z, float))),
                 "Wrong sign in the sigmoid: \u03c3(z) = 1/(1 + e^(\u2212z))."),
        _Mistake(_forward_mistake(z2_from_z1=True), "z2 = w2 a1 + b2 takes the hidden unit's activation a1, not z1."),
    ),
    hint="z1 = w11 x1 + w12 x2 + b1, a1 = \u03c3(z1), z2 = w2 a1 + b2, y_hat = \u03c3(z2), L = \u00bd (y_hat \u2212 y)\u00b2.",
    reference_name="nnlearn.by_hand.forward_pass",
)


def check_forward_pass(forward: Callable) -> CheckResult:
    r"""Check ``forward(x1, x2, y, w11, w12, b1, w2, b2) -> (z1, a1, z2, y_hat, L)`` for the 2-1-1
    sigmoid network with the half squared error (chapter 3). All inputs and outputs are floats.
    Compared with :func:`nnlearn.by_hand.forward_pass`."""
    return _run(_FORWARD, forward)


def _backward_reference(**v):
    b = backward_pass(v["x1"], v["x2"], v["y"], v["w2"], forward_pass(**v))
    return b.dL_dw11, b.dL_dw12, b.dL_db1, b.dL_dw2, b.dL_db2


def _backward_fd(**v):
    names = ("w11", "w12", "b1", "w2", "b2")

    def loss(p):
        return forward_pass(**{**v, **dict(zip(names, map(float, p)))}).loss
    return tuple(_central_differences(loss, np.array([v[k] for k in names])))


def _backward_mistake(sign=1.0, hidden_slope=True, output_slope=True, use_w2=True, slope_is_sigma=False):
    def wrong(x1, x2, y, w11, w12, b1, w2, b2):
        a1 = float(sigmoid(w11 * x1 + w12 * x2 + b1))
        y_hat = float(sigmoid(w2 * a1 + b2))
        s2 = y_hat if slope_is_sigma else y_hat * (1 - y_hat)
        s1 = a1 if slope_is_sigma else a1 * (1 - a1)
        d2 = sign * (y_hat - y) * (s2 if output_slope else 1.0)
        d1 = d2 * (w2 if use_w2 else 1.0) * (s1 if hidden_slope else 1.0)
        return d1 * x1, d1 * x2, d1, d2 * a1, d2
    return wrong


_BACKWARD = _Exercise(
    title="the backward pass of the 2-1-1 network",
    usage="check_backward_pass(my_backward)",
    outputs=("dL/dw11", "dL/dw12", "dL/db1", "dL/dw2", "dL/db2"),
    reference=_backward_reference,
    finite_differences=_backward_fd,
    cases=_by_hand_cases,
    mistakes=(
        _Mistake(_backward_mistake(sign=-1.0), "Wrong sign: dL/dy_hat = y_hat \u2212 y, not y \u2212 y_hat."),
        _Mistake(_backward_mistake(hidden_slope=False),
                 "The factor \u03c3\u2032(z1) = a1 (1 \u2212 a1) is missing from \u03b41 = (dL/da1) \u03c3\u2032(z1)."),
        _Mistake(_backward_mistake(output_slope=False),
                 "The factor \u03c3\u2032(z2) = y_hat (1 \u2212 y_hat) is missing from \u03b42 = (y_hat \u2212 y) \u03c3\u2032(z2)."),
        _Mistake(_backward_mistake(use_w2=False), "dL/da1 = \u03b42 w2: the error reaches the hidden unit through w2."),
        _Mistake(_backward_mistake(slope_is_sigma=True),
                 "You used \u03c3(z) where the chain rule needs the slope \u03c3\u2032(z) = \u03c3(z)(1 \u2212 \u03c3(z))."),
    ),
    hint="\u03b42 = (y_hat \u2212 y) y_hat (1 \u2212 y_hat); dL/dw2 = \u03b42 a1, dL/db2 = \u03b42; "
         "\u03b41 = \u03b42 w2 a1 (1 \u2212 a1); dL/dw11 = \u03b41 x1, dL/dw12 = \u03b41 x2, dL/db1 = \u03b41.",
    reference_name="nnlearn.by_hand.backward_pass",
)


def check_backward_pass(backward: Callable) -> CheckResult:
    r"""Check ``backward(x1, x2, y, w11, w12, b1, w2, b2) -> (dL/dw11, dL/dw12, dL/db1, dL/dw2, dL/db2)``
    for the 2-1-1 sigmoid network with :math:`L = \frac12(\hat y - y)^2` (chapter 3).

    The function runs its own forward pass. Compared with :func:`nnlearn.by_hand.backward_pass`
    and with central differences of the loss.
    """
    return _run(_BACKWARD, backward)
