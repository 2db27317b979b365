"""Checkers for chapters 4-6: a layer's backward pass, training XOR, initialisation and gradient norms."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping

import numpy as np

from ..activations import Tanh, sigmoid
from ..data import logic_gate
from ..gradcheck import numerical_gradients
from ..network import Network
from ._core import (FD_EPS, CheckResult, _call, _Case, _central_differences, _Exercise, _fmt, _fmt_inputs,
                    _fmt_number, _Mistake, _not_callable, _not_written, _raised, _ReaderRaised, _rng, _run,
                    _sentence, _to_array)

# =========================================================================== chapter 4

def _tanh_cases() -> list[_Case]:
    r = _rng(401)
    c = lambda name, z, g: _Case(name, {"z": np.array(z, float), "grad_a": np.array(g, float)})
    return [
        c("four examples, three units", r.normal(size=(4, 3)).round(3), r.normal(size=(4, 3)).round(3)),
        c("a batch of one, five units", r.normal(size=(1, 5)).round(3), r.normal(size=(1, 5)).round(3)),
        c("z = 0, where tanh is steepest (slope 1)", np.zeros((2, 2)), [[1.0, -2.0], [0.5, 3.0]]),
        c("saturated units, z = \u00b120 and \u00b1400 (slope 0)", [[20.0, -20.0], [400.0, -400.0]],
          [[1.0, 1.0], [-3.0, 2.0]]),
        c("dL/da = 0: no error, no delta", r.normal(size=(3, 2)).round(3), np.zeros((3, 2))),
    ]


def _tanh_reader_args(fn: Callable, inputs: dict) -> dict:
    """Pass ``a = tanh(z)`` instead of ``z`` when the reader's first parameter is named ``a``."""
    try:
        first = next(iter(inspect.signature(fn).parameters))
    except (TypeError, ValueError, StopIteration):
        return inputs
    if first == "a":
        return {"a": np.tanh(inputs["z"]), "grad_a": inputs["grad_a"]}
    return inputs


_TANH_DELTA = _Exercise(
    title="\u03b4 for a tanh layer",
    usage="check_tanh_delta(my_tanh_delta)",
    outputs=("delta",),
    reference=lambda z, grad_a: Tanh().backward(z, np.tanh(z), grad_a),
    finite_differences=lambda z, grad_a: _central_differences(lambda p: float(np.sum(grad_a * np.tanh(p))), z),
    cases=_tanh_cases,
    reader_args=_tanh_reader_args,
    mistakes=(
        _Mistake(lambda z, grad_a: -grad_a * (1 - np.tanh(z) ** 2), "Wrong sign: \u03b4 = dL/da \u2299 (1 \u2212 a\u00b2)."),
        _Mistake(lambda z, grad_a: 1 - np.tanh(z) ** 2,
                 "You returned the slope only: multiply it by dL/da, entry by entry."),
        _Mistake(lambda z, grad_a: grad_a * (1 - np.tanh(z)), "The square is missing: tanh\u2032(z) = 1 \u2212 a\u00b2."),
        _Mistake(lambda z, grad_a: grad_a * np.tanh(z) * (1 - np.tanh(z)),
                 "a (1 \u2212 a) is the sigmoid's slope; tanh's is 1 \u2212 a\u00b2."),
        _Mistake(lambda z, grad_a: grad_a * (1 - z ** 2), "The slope is 1 \u2212 tanh(z)\u00b2, with a = tanh(z), not 1 \u2212 z\u00b2."),
        _Mistake(lambda z, grad_a: grad_a, "The factor tanh\u2032(z) = 1 \u2212 a\u00b2 is missing."),
    ),
    hint="\u03b4 = dL/da \u2299 tanh\u2032(z) = grad_a * (1 \u2212 tanh(z)**2), entry by entry, shaped like z.",
    reference_name="nnlearn.activations.Tanh.backward",
    notes=("(a function whose first parameter is named a receives a = tanh(z) instead of z)",),
)


def check_tanh_delta(tanh_delta: Callable) -> CheckResult:
    r"""Check ``tanh_delta(z, grad_a) -> delta`` for a tanh layer (chapter 4):
    :math:`\delta = \partial L/\partial a \odot (1 - \tanh^2 z)`.

    ``z`` and ``grad_a`` have shape ``(n, n_units)``; so has ``delta``. A function whose first
    parameter is named ``a`` (``tanh_delta(a, grad_a)``) receives the activation
    :math:`a = \tanh z` instead of ``z``. Compared with :meth:`nnlearn.activations.Tanh.backward`
    and with central differences.
    """
    return _run(_TANH_DELTA, tanh_delta)


def _dense_reference(a_prev, W, delta):
    net = Network([W.shape[0], W.shape[1]], activation="identity", seed=0)
    net.set_parameters([W, np.zeros(W.shape[1])])
    net.forward(a_prev)
    dW, db = net.backward(delta)
    return dW.copy(), db.copy(), delta @ W.T


def _dense_fd(a_prev, W, delta):
    b = np.zeros(W.shape[1])
    f = lambda A, Wm, bm: float(np.sum(delta * (A @ Wm + bm)))  # L whose dL/dz is delta
    return (_central_differences(lambda p: f(a_prev, p, b), W), _central_differences(lambda p: f(a_prev, W, p), b),
            _central_differences(lambda p: f(p, W, b), a_prev))


def _dense_cases() -> list[_Case]:
    r = _rng(402)
    c = lambda name, n, n_in, n_out: _Case(name, {"a_prev": r.normal(size=(n, n_in)).round(3),
                                                  "W": r.normal(size=(n_in, n_out)).round(3),
                                                  "delta": r.normal(size=(n, n_out)).round(3)})
    zero = c("delta = 0: no error, no gradient", 2, 3, 2)
    zero.inputs["delta"] = np.zeros((2, 2))
    return [
        c("five examples, 3 inputs, 2 units (nothing square)", 5, 3, 2),
        c("a batch of one, 4 inputs, 3 units", 1, 4, 3),
        c("three examples, W square (3 \u00d7 3)", 3, 3, 3),
        c("one input, six units, two examples", 2, 1, 6),
        zero,
    ]


_DENSE = _Exercise(
    title="the backward pass of a dense layer",
    usage="check_dense_backward(my_dense_backward)",
    outputs=("dW", "db", "grad_a_prev"),
    reference=_dense_reference,
    finite_differences=_dense_fd,
    cases=_dense_cases,
    mistakes=(
        _Mistake(lambda a_prev, W, delta: (-(a_prev.T @ delta), -delta.sum(0), -(delta @ W.T)),
                 "Wrong sign: the gradients are a_prev\u1d40 \u03b4, the column sums of \u03b4 and \u03b4 W\u1d40."),
        _Mistake(lambda a_prev, W, delta: (delta.T @ a_prev, delta.sum(0), delta @ W.T),
                 "dW is transposed: dW = a_prev\u1d40 \u03b4, of shape (n_in, n_out) like W."),
        _Mistake(lambda a_prev, W, delta: (a_prev.T @ delta / len(delta), delta.mean(0), delta @ W.T),
                 "You divided by n: \u03b4 already carries the loss's 1/n, so sum over the examples."),
        _Mistake(lambda a_prev, W, delta: (a_prev.T @ delta, delta.mean(0), delta @ W.T),
                 "db is the sum of \u03b4 over the examples (rows), not the mean: \u03b4 already carries the 1/n."),
        _Mistake(lambda a_prev, W, delta: (a_prev.T @ delta, delta.sum(0), W @ delta.T),
                 "grad_a_prev is transposed: grad_a_prev = \u03b4 W\u1d40, of shape (n, n_in) like a_prev."),
        _Mistake(lambda a_prev, W, delta: (a_prev.T @ delta, delta.sum(1), delta @ W.T),
                 "db sums over the wrong axis: sum over the examples (axis 0), one entry per unit."),
    ),
    hint="dW = a_prev.T @ delta (shape (n_in, n_out)), db = delta.sum(axis=0) (shape (n_out,)), "
         "grad_a_prev = delta @ W.T (shape (n, n_in)).",
    reference_name="nnlearn's Network.backward",
)


def check_dense_backward(dense_backward: Callable) -> CheckResult:
    r"""Check ``dense_backward(a_prev, W, delta) -> (dW, db, grad_a_prev)`` for a dense layer
    :math:`z = a_{\text{prev}} W + b` (chapter 4), one example per row.

    ``a_prev`` has shape ``(n, n_in)``, ``W`` shape ``(n_in, n_out)``, ``delta``
    (:math:`\partial L/\partial z`) shape ``(n, n_out)``. Expected:
    :math:`dW = a_{\text{prev}}^{\mathsf T}\delta`, :math:`db = \sum_{\text{rows}} \delta`,
    :math:`\partial L/\partial a_{\text{prev}} = \delta W^{\mathsf T}`. Compared with
    :meth:`nnlearn.network.Network.backward` of a one-layer identity network and with central
    differences of :math:`L = \sum \delta \odot z`.
    """
    return _run(_DENSE, dense_backward)


# =========================================================================== chapter 5

_PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _params_list(params) -> list[np.ndarray]:
    if isinstance(params, Mapping):
        return [np.asarray(params[k], float) for k in _PARAM_NAMES]
    return [np.asarray(p, float) for p in params]


def _xor_reference(params, X, y, eta):
    net = Network([2, 2, 1], activation="sigmoid", seed=0)
    net.set_parameters(_params_list(params))
    _, grads = net.loss_and_gradients(X, y, "half_mse")
    return tuple(p - eta * g for p, g in zip(_params_list(params), grads))


def _xor_fd(params, X, y, eta):
    net = Network([2, 2, 1], activation="sigmoid", seed=0)
    net.set_parameters(_params_list(params))
    grads = numerical_gradients(net, X, y, "half_mse", eps=FD_EPS)
    return tuple(p - eta * g for p, g in zip(_params_list(params), grads))


def _xor_mistake(sign=-1.0, mean=True, hidden_slope=True, output_slope=True, factor=1.0, biases=True):
    def wrong(params, X, y, eta):
        W1, b1, W2, b2 = _params_list(params)
        a1 = sigmoid(X @ W1 + b1)
        y_hat = sigmoid(a1 @ W2 + b2)
        n = len(X) if mean else 1
        err = factor * (y_hat - y.reshape(-1, 1)) / n
        d2 = err * (y_hat * (1 - y_hat) if output_slope else 1.0)
        d1 = (d2 @ W2.T) * (a1 * (1 - a1) if hidden_slope else 1.0)
        grads = (X.T @ d1, d1.sum(0), a1.T @ d2, d2.sum(0))
        keep = (1.0, 1.0 if biases else 0.0, 1.0, 1.0 if biases else 0.0)
        return tuple(p + sign * eta * g * k for p, g, k in zip((W1, b1, W2, b2), grads, keep))
    return wrong


def _xor_cases() -> list[_Case]:
    X, y = logic_gate("XOR")
    r = _rng(501)

    def params(scale=1.0, zero=False):
        shapes = {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}
        return {k: np.zeros(s) if zero else (scale * r.normal(size=s)).round(3) for k, s in shapes.items()}
    c = lambda name, p, X_, y_, eta: _Case(name, {"params": p, "X": np.array(X_, float), "y": np.array(y_, float),
                                                   "eta": float(eta)})
    return [
        c("XOR, random parameters, eta = 0.5", params(), X, y, 0.5),
        c("XOR, all parameters zero", params(zero=True), X, y, 1.0),
        c("a batch of one: the point (1, 0)", params(), X[2:3], y[2:3], 0.5),
        c("six random points (not four), eta = 2", params(), r.normal(size=(6, 2)).round(3),
          [0, 1, 1, 0, 1, 0], 2.0),
        c("saturated units (weights of size 20)", params(scale=20.0), X, y, 0.5),
    ]


_XOR = _Exercise(
    title="one epoch of full-batch gradient descent on a 2-2-1 network",
    usage="check_xor_epoch(my_xor_epoch)",
    outputs=_PARAM_NAMES,
    reference=_xor_reference,
    finite_differences=_xor_fd,
    cases=_xor_cases,
    mistakes=(
        _Mistake(lambda params, X, y, eta: tuple(_params_list(params)),
                 "Nothing changed: return the new parameters, each minus eta times its gradient."),
        _Mistake(_xor_mistake(sign=+1.0), "Wrong sign: that step goes uphill. Subtract eta times each gradient."),
        _Mistake(_xor_mistake(mean=False), "The factor 1/n is missing: the loss is averaged over the n examples."),
        _Mistake(_xor_mistake(factor=2.0), "A factor 2 too many: the half MSE \u00bd(y_hat \u2212 y)\u00b2 has gradient "
                                           "(y_hat \u2212 y), without the 2."),
        _Mistake(_xor_mistake(hidden_slope=False), "The hidden layer's \u03c3\u2032 is missing: "
                                                   "\u03b41 = (\u03b42 W2\u1d40) \u2299 a1 (1 \u2212 a1)."),
        _Mistake(_xor_mistake(output_slope=False), "The output's \u03c3\u2032 is missing: "
                                                   "\u03b42 = (y_hat \u2212 y)/n \u2299 y_hat (1 \u2212 y_hat)."),
        _Mistake(_xor_mistake(biases=False), "The biases did not move: b1 and b2 take steps too (the column sums "
                                             "of \u03b41 and \u03b42)."),
    ),
    hint="Forward: a1 = \u03c3(X W1 + b1), y_hat = \u03c3(a1 W2 + b2). Backward with L = (1/n) \u03a3 \u00bd(y_hat \u2212 y)\u00b2: "
         "\u03b42 = (y_hat \u2212 y)/n \u2299 y_hat(1 \u2212 y_hat), \u03b41 = \u03b42 W2\u1d40 \u2299 a1(1 \u2212 a1); "
         "dW2 = a1\u1d40 \u03b42, db2 = \u03a3 \u03b42, dW1 = X\u1d40 \u03b41, db1 = \u03a3 \u03b41; "
         "then each parameter minus eta times its gradient.",
    reference_name="nnlearn's Network.loss_and_gradients with 'half_mse'",
    raise_hint="Run your function on this input yourself. If two shapes do not match, look at y: it has "
               "shape (n,) while y_hat has shape (n, 1), and y_hat \u2212 y would broadcast to (n, n); "
               "use y.reshape(-1, 1).",
)


def check_xor_epoch(xor_epoch: Callable) -> CheckResult:
    r"""Check ``xor_epoch(params, X, y, eta) -> new params``: one epoch of full-batch gradient
    descent (one step on all examples) for a 2-2-1 sigmoid network with the half MSE averaged
    over the examples, :math:`L = \frac1n \sum_i \tfrac12(\hat y_i - y_i)^2` (chapter 5).

    ``params`` is a dict ``{"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}`` (shapes shown),
    ``X`` has shape ``(n, 2)``, ``y`` shape ``(n,)`` (as :func:`nnlearn.data.logic_gate` gives it),
    ``eta`` is a float. Return the new parameters as a dict with the same keys or as a list
    ``[W1, b1, W2, b2]``; leave ``params`` itself unchanged or not, as you like (the checker passes a
    copy). Compared with :meth:`nnlearn.network.Network.loss_and_gradients` and with central
    differences.
    """
    return _run(_XOR, xor_epoch)


def _success_reference(y_hat, y):
    p = np.asarray(y_hat, float).reshape(-1)
    t = np.asarray(y, float).reshape(-1)
    return bool(np.all(np.where(t == 1, p > 0.5, p < 0.5)))


def _success_cases() -> list[_Case]:
    c = lambda name, y_hat, y, col=False: _Case(name, {"y_hat": np.array(y_hat, float).reshape(-1, 1) if col
                                                       else np.array(y_hat, float),
                                                       "y": np.array(y, float)})
    y = [0, 1, 1, 0]
    return [
        c("all four right", [0.1, 0.9, 0.8, 0.3], y),
        c("all four right, barely (0.4999 and 0.5001)", [0.4999, 0.5001, 0.5001, 0.4999], y),
        c("three right, one wrong", [0.1, 0.9, 0.4, 0.3], y),
        c("a prediction of exactly 0.5 for a 1 (not on the right side)", [0.1, 0.5, 0.9, 0.2], y),
        c("a prediction of exactly 0.5 for a 0 (not on the right side)", [0.5, 0.9, 0.9, 0.2], y),
        c("all four wrong", [0.9, 0.1, 0.2, 0.7], y),
        c("y_hat of shape (4, 1), as a network outputs it, all right", [0.1, 0.9, 0.8, 0.3], y, col=True),
        c("y_hat of shape (4, 1), one wrong", [0.1, 0.9, 0.8, 0.6], y, col=True),
    ]


_SUCCESS = _Exercise(
    title="the success test: all four points on the right side of 0.5",
    usage="check_success_test(my_success)",
    outputs=("success",),
    reference=_success_reference,
    cases=_success_cases,
    kind="bool",
    mistakes=(
        _Mistake(lambda y_hat, y: bool(np.all((np.ravel(y_hat) > 0.5) == (np.asarray(y) == 1))),
                 "A prediction of exactly 0.5 is on neither side, but (y_hat > 0.5) == (y == 1) counts it as "
                 "right for a 0: require y_hat < 0.5 where y = 0."),
        _Mistake(lambda y_hat, y: bool(np.all((np.ravel(y_hat) >= 0.5) == (np.asarray(y) == 1))),
                 "A prediction of exactly 0.5 is on neither side: require y_hat > 0.5 where y = 1, not >= 0.5."),
        _Mistake(lambda y_hat, y: bool(np.all((np.asarray(y_hat) > 0.5) == (np.asarray(y) == 1))),
                 "Two problems. y_hat of shape (4, 1) against y of shape (4,) broadcasts to a (4, 4) array: "
                 "flatten y_hat first (np.ravel(y_hat)). And a prediction of exactly 0.5 is on neither side: "
                 "require y_hat < 0.5 where y = 0."),
        _Mistake(lambda y_hat, y: bool(np.all(np.where(np.asarray(y) == 1, np.asarray(y_hat) > 0.5,
                                                        np.asarray(y_hat) < 0.5))),
                 "y_hat of shape (4, 1) against y of shape (4,) broadcasts to a (4, 4) array: flatten y_hat "
                 "first (np.ravel(y_hat))."),
        _Mistake(lambda y_hat, y: bool(np.any(np.where(np.asarray(y) == 1, np.ravel(y_hat) > 0.5,
                                                        np.ravel(y_hat) < 0.5))),
                 "Every point must be right (all), not just one of them (any)."),
    ),
    hint="Return one bool: True when y_hat > 0.5 wherever y = 1 and y_hat < 0.5 wherever y = 0.",
    reference_name="the rule 'y_hat > 0.5 where y = 1 and y_hat < 0.5 where y = 0'",
)


def check_success_test(success: Callable) -> CheckResult:
    r"""Check ``success(y_hat, y) -> bool``: True when every prediction is on the right side of 0.5,
    :math:`\hat y > 0.5` where :math:`y = 1` and :math:`\hat y < 0.5` where :math:`y = 0` (a prediction
    of exactly 0.5 is on neither side) (chapter 5).

    ``y`` has shape ``(4,)``; ``y_hat`` has shape ``(4,)`` or ``(4, 1)`` (a network's output).
    The result must be one ``bool`` (a NumPy bool is fine).
    """
    return _run(_SUCCESS, success)


# =========================================================================== chapter 6

_HE_TITLE = "He initialisation"


def _he_failure(summary: str, case: str, inputs: dict, yours: str, expected: str, hint: str) -> CheckResult:
    return CheckResult(_HE_TITLE, "failed", summary,
                       (("case", case), ("input", _fmt_inputs(inputs)), ("yours", yours),
                        ("expected", expected), ("hint", hint)))


def check_he_init(he_init: Callable) -> CheckResult:
    r"""Check ``he_init(n_in, n_out, rng) -> W``: a weight matrix of shape ``(n_in, n_out)`` with entries
    drawn from :math:`\mathcal N(0, 2/n_{\text{in}})` using the generator ``rng`` (He et al. 2015;
    chapter 6).

    A statistical test with fixed generators (so the verdict is the same on every run): the shape
    on square and non-square sizes; the same ``rng`` seed gives the same ``W`` (the function draws
    from ``rng``, not from a global generator); on 100,000 draws for two shapes (``n_in`` small and
    large) the mean is within 4 standard errors of 0, the variance within 4 standard errors of
    :math:`2/n_{\text{in}}`, and the excess kurtosis within 0.1 of a normal distribution's 0.
    """
    problem = _not_callable(_HE_TITLE, he_init, "check_he_init(my_he_init)")
    if problem is not None:
        return problem
    shape_cases = [(3, 5), (5, 3), (1, 1), (4, 4)]
    stats_cases = [(50, 2000), (2000, 50)]
    names = ([f"the shape for n_in = {a}, n_out = {b}" for a, b in shape_cases]
             + ["the same seed gives the same W (the function draws from rng)"]
             + [f"mean, variance and shape of the distribution of 100,000 draws, n_in = {a}, n_out = {b}"
                for a, b in stats_cases])

    def call(n_in, n_out, seed, case):
        inputs = {"n_in": n_in, "n_out": n_out, "rng": np.random.default_rng(seed)}
        try:
            return _call(he_init, [n_in, n_out, np.random.default_rng(seed)]), None
        except _ReaderRaised as err:
            if isinstance(err.exc, NotImplementedError):
                return None, _not_written(_HE_TITLE, names)
            return None, _raised(_HE_TITLE, case, inputs, err.exc)

    for (n_in, n_out), case in zip(shape_cases, names):
        W, fail = call(n_in, n_out, 0, case)
        if fail is not None:
            return fail
        inputs = {"n_in": n_in, "n_out": n_out, "rng": np.random.default_rng(0)}
        arr, problem = _to_array(W, "W")
        if problem is None and arr.shape != (n_in, n_out):
            problem = f"W has shape {arr.shape} but should have shape {(n_in, n_out)}"
            if arr.shape == (n_out, n_in):
                problem += ": transposed? One row per input, one column per unit"
        elif problem is None and not np.all(np.isfinite(arr)):
            problem = "W contains NaN or infinity"
        if problem:
            return _he_failure(_sentence(problem, ("W",)), case, inputs, _fmt(W),
                               f"an array of shape {(n_in, n_out)}",
                               "Draw with rng.normal(0.0, std, size=(n_in, n_out)): one row per input.")
    W1, fail = call(4, 6, 7, names[len(shape_cases)])
    if fail is not None:
        return fail
    W2, fail = call(4, 6, 7, names[len(shape_cases)])
    if fail is not None:
        return fail
    if not np.array_equal(np.asarray(W1, float), np.asarray(W2, float)):
        return _he_failure("Two calls with generators of the same seed gave different weights.",
                           names[len(shape_cases)], {"n_in": 4, "n_out": 6, "rng": np.random.default_rng(7)},
                           "two different matrices", "the same matrix twice",
                           "Draw from the generator you are given (rng.normal(...)), not from np.random "
                           "or a new generator: then a seed fixes the network.")
    for (n_in, n_out), case in zip(stats_cases, names[len(shape_cases) + 1:]):
        W, fail = call(n_in, n_out, 11, case)
        if fail is not None:
            return fail
        w = np.asarray(W, float).reshape(-1)
        N = w.size
        target = 2.0 / n_in
        mean, var = float(w.mean()), float(w.var())
        kurt = float(np.mean((w - mean) ** 4) / var ** 2 - 3.0) if var > 0 else float("nan")
        inputs = {"n_in": n_in, "n_out": n_out, "rng": np.random.default_rng(11)}
        yours = f"mean {_fmt_number(mean)}, variance {_fmt_number(var)}, excess kurtosis {kurt:.3g}"
        expected = f"mean 0, variance 2/n_in = {_fmt_number(target)}, excess kurtosis 0 (normal)"
        se_mean = math.sqrt(target / N)
        se_var = target * math.sqrt(2.0 / N)
        if abs(mean) > 4 * se_mean:
            return _he_failure(f"The mean is {_fmt_number(mean)}, more than 4 standard errors "
                               f"({_fmt_number(4 * se_mean)}) from 0.", case, inputs, yours, expected,
                               "The weights are centred on 0: rng.normal(0.0, std, ...).")
        if abs(var - target) > 4 * se_var:
            ratios = {"LeCun's variance 1/n_in: the factor 2 is missing": 1.0 / n_in,
                      "the fan-out n_out instead of the fan-in n_in": 2.0 / n_out,
                      "2/n_in as the standard deviation: take its square root": target ** 2,
                      "Glorot's 2/(n_in + n_out)": 2.0 / (n_in + n_out),
                      "unit variance: the draws are not scaled": 1.0}
            hint = next((f"Your variance matches {what}." for what, v in ratios.items()
                         if abs(var - v) <= 0.05 * v), "The variance must be 2/n_in (std = sqrt(2/n_in)).")
            return _he_failure(f"The variance is {_fmt_number(var)}, expected 2/n_in = {_fmt_number(target)} "
                               f"within 4 standard errors ({_fmt_number(4 * se_var)}).", case, inputs, yours,
                               expected, hint)
        if not abs(kurt) < 0.1:
            return _he_failure(f"The draws have the right variance but are not normal (excess kurtosis "
                               f"{kurt:.3g}; a uniform distribution has \u22121.2).", case, inputs, yours, expected,
                               "He initialisation draws from a normal distribution: rng.normal, not rng.uniform.")
    return CheckResult(_HE_TITLE, "passed", f"Your function passed all {len(names)} checks.",
                       (("checks", "\n".join(names)),),
                       "tolerance: mean within 4 standard errors of 0, variance within 4 standard errors of "
                       "2/n_in, excess kurtosis within 0.1 of 0; fixed seeds, so the verdict never changes.")


def _norms_reference(net, X, y, loss):
    clone = net.copy()
    clone.loss_and_gradients(X, y, loss)
    return np.array([math.sqrt(float(np.vdot(g, g))) for g in clone.gradients()[0::2]])


def _norms_fd(net, X, y, loss):
    grads = numerical_gradients(net, X, y, loss, eps=FD_EPS)
    return np.array([math.sqrt(float(np.vdot(g, g))) for g in grads[0::2]])


def _norms_cases() -> list[_Case]:
    r = _rng(601)
    X, y = logic_gate("XOR")
    zero = Network([2, 3, 1], activation="sigmoid", seed=1)
    zero.set_parameters([np.zeros_like(p) for p in zero.parameters()])
    c = lambda name, net, X_, y_, loss: _Case(name, {"net": net, "X": np.array(X_, float), "y": np.array(y_, float),
                                                      "loss": loss})
    return [
        c("a deep sigmoid network on XOR (gradients shrink towards the input)",
          Network([2, 4, 4, 4, 1], activation="sigmoid", seed=2), X, y, "bce"),
        c("a ReLU network with layers of different widths, MSE",
          Network([3, 5, 4, 2], activation="relu", output_activation="identity", init="he", seed=3),
          r.normal(size=(6, 3)).round(3), r.normal(size=(6, 2)).round(3), "mse"),
        c("a batch of one, tanh", Network([1, 8, 8, 1], activation="tanh", output_activation="identity", seed=4),
          [[0.5]], [[1.0]], "half_mse"),
        c("all weights zero: only the last layer gets a gradient", zero, X, y, "half_mse"),
    ]


_NORMS = _Exercise(
    title="the gradient norm of every layer",
    usage="check_layer_gradient_norms(my_layer_gradient_norms)",
    outputs=("norms",),
    reference=_norms_reference,
    finite_differences=_norms_fd,
    cases=_norms_cases,
    mistakes=(
        _Mistake(lambda net, X, y, loss: _norms_reference(net, X, y, loss)[::-1],
                 "The order is reversed: layer 1 (next to the input) comes first."),
        _Mistake(lambda net, X, y, loss: (lambda g: np.array([math.sqrt(float(np.vdot(a, a) + np.vdot(b, b)))
                                                             for a, b in zip(g[0::2], g[1::2])]))(
                     net.copy().loss_and_gradients(X, y, loss)[1]),
                 "You included the biases' gradients: the norm is that of dL/dW^l only."),
        _Mistake(lambda net, X, y, loss: np.array([math.sqrt(float(np.vdot(W, W))) for W in net.parameters()[0::2]]),
                 "Those are the norms of the weights W^l, not of their gradients dL/dW^l."),
        _Mistake(lambda net, X, y, loss: _norms_reference(net, X, y, loss) ** 2,
                 "Those are squared norms: take the square root of the sum of squares."),
        _Mistake(lambda net, X, y, loss: np.array([float(np.abs(g).max()) for g in
                                                   net.copy().loss_and_gradients(X, y, loss)[1][0::2]]),
                 "That is the largest |entry|; the Frobenius norm is sqrt(sum of squares of all entries)."),
        _Mistake(lambda net, X, y, loss: np.array([float(np.abs(g).sum()) for g in
                                                   net.copy().loss_and_gradients(X, y, loss)[1][0::2]]),
                 "That is the sum of |entries|; the Frobenius norm is sqrt(sum of squares of all entries)."),
    ),
    hint="grads = net.loss_and_gradients(X, y, loss)[1] is [dW1, db1, dW2, db2, ...]; return "
         "np.array([np.linalg.norm(dW) for dW in grads[0::2]]), layer 1 first.",
    reference_name="the Frobenius norms of nnlearn's gradients (Network.loss_and_gradients)",
)


def check_layer_gradient_norms(layer_gradient_norms: Callable) -> CheckResult:
    r"""Check ``layer_gradient_norms(net, X, y, loss) -> norms``: for each layer, the Frobenius norm
    :math:`\lVert \partial L/\partial W^l \rVert` of its weight gradient on ``(X, y)``, shape ``(L,)``,
    layer 1 first (chapter 6).

    ``net`` is an nnlearn :class:`~nnlearn.network.Network` (the checker passes a copy), ``loss`` a
    loss name such as ``"bce"``. Compared with the norms of nnlearn's gradients (as
    :func:`nnlearn.diagnostics.layer_gradient_norms` computes them) and of central differences.
    """
    return _run(_NORMS, layer_gradient_norms)
