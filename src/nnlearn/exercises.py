r"""Coding exercises that check the reader's answer.

The reader writes a function and hands it to a checker, ``check_<exercise>(their_function)``.
The checker calls it on random inputs and on edge cases (zeros, saturated units, a batch of one,
non-square shapes), compares every output with nnlearn's own computation and, for gradients, with
central finite differences, all in float64, and returns a :class:`CheckResult`: a verdict in words
that displays as a coloured box in a notebook and as plain text anywhere else.

- On success: "passed", with the cases that were checked and the tolerance.
- On failure: the first failing case, its input, the reader's output, the expected value and a hint
  (the hint names a typical mistake when the output matches one: a wrong sign, a missing factor such
  as the :math:`1/n` or :math:`\sigma'`, a transposed result).
- A function that still raises ``NotImplementedError`` (the stub in the notebook) is "not written
  yet"; a function that raises anything else is reported with the exception's type and message.
  No traceback ever comes out of a checker.

Every number a verdict shows is rounded to 6 significant digits, so a saved verdict is the same on
every machine. ``result.passed`` is a bool, for tests.

Which chapter uses which checker (the reader's function, then what it returns):

======  ===============================  ============================================================
ch.     checker                          the reader writes
======  ===============================  ============================================================
1       :func:`check_perceptron_update`  ``update(w, b, x, y, eta) -> (w_new, b_new)``
1       :func:`check_predict`            ``predict(X, w, b) -> y_hat``, classes 0/1, shape ``(n,)``
1       :func:`check_count_parameters`   ``count(sizes) -> int``
2       :func:`check_mse_gradient`       ``mse_gradient(y_hat, y) -> dL/dy_hat``
2       :func:`check_gradient_step`      ``gd_step(w, b, x, y, eta) -> (w_new, b_new)``
2       :func:`check_bce_gradient`       ``bce_gradient(z, y) -> dL/dz``
3       :func:`check_forward_pass`       ``forward(x1, x2, y, w11, w12, b1, w2, b2) -> (z1, a1, z2, y_hat, L)``
3       :func:`check_backward_pass`      ``backward(x1, x2, y, w11, w12, b1, w2, b2)
                                         -> (dw11, dw12, db1, dw2, db2)``
4       :func:`check_tanh_delta`         ``tanh_delta(z, grad_a) -> delta`` (or ``tanh_delta(a, grad_a)``)
4       :func:`check_dense_backward`     ``dense_backward(a_prev, W, delta) -> (dW, db, grad_a_prev)``
5       :func:`check_xor_epoch`          ``xor_epoch(params, X, y, eta) -> new params``
5       :func:`check_success_test`       ``success(y_hat, y) -> bool``
6       :func:`check_he_init`            ``he_init(n_in, n_out, rng) -> W``
6       :func:`check_layer_gradient_norms`  ``layer_gradient_norms(net, X, y, loss) -> norms``
7       :func:`check_mul_backward`       ``mul_backward(a, b, out_grad) -> (grad_a, grad_b)``
7       :func:`check_tanh_backward`      ``tanh_backward(x, out_grad) -> grad_x``
======  ===============================  ============================================================

Shapes follow the book: one example per row, ``W`` of shape ``(n_in, n_out)``.
"""

from __future__ import annotations

import copy
import html
import inspect
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .activations import Tanh, sigmoid
from .losses import MSE, BCEWithLogits, get_loss
from .network import Network, count_parameters

__all__ = [
    "CheckResult", "RTOL", "ATOL", "FD_EPS", "FD_TOL",
    "check_perceptron_update", "check_predict", "check_count_parameters",
    "check_mse_gradient", "check_gradient_step", "check_bce_gradient",
    "check_forward_pass", "check_backward_pass",
    "check_tanh_delta", "check_dense_backward",
    "check_xor_epoch", "check_success_test",
    "check_he_init", "check_layer_gradient_norms",
    "check_mul_backward", "check_tanh_backward",
]

#: Relative and absolute tolerance against nnlearn: ``|yours - expected| <= ATOL + RTOL * |expected|``.
RTOL = 1e-6
ATOL = 1e-9
#: The step of the central differences :math:`[f(\theta+\varepsilon) - f(\theta-\varepsilon)]/2\varepsilon`.
FD_EPS = 1e-6
#: Tolerance against central differences (their own error is about 1e-10 at this step).
FD_TOL = 1e-6

_TOLERANCE_TEXT = (f"tolerance: |yours \u2212 expected| \u2264 {ATOL:g} + {RTOL:g}\u00b7|expected| entry by entry, "
                   f"in float64")
_FD_TEXT = (f"; gradients also agree with central differences (step {FD_EPS:g}) to within "
            f"{FD_TOL:g} + {FD_TOL:g}\u00b7|difference quotient|")


# =========================================================================== the verdict

@dataclass(frozen=True)
class CheckResult:
    """The verdict of a checker.

    Attributes
    ----------
    exercise
        What was checked, in words (``"the perceptron update"``).
    status
        ``"passed"``, ``"failed"``, ``"not written yet"`` or ``"raised an error"``.
    summary
        One sentence: what passed, or what is wrong.
    details
        ``(label, text)`` rows shown under the summary: the failing case, its input, your output,
        the expected value, the hint; or the cases checked.
    tolerance
        The tolerance of the comparison, in words.

    ``passed`` is True only for ``"passed"``. ``str(result)`` is the verdict as plain text;
    in a notebook the result displays as a coloured box (``_repr_html_``).
    """

    exercise: str
    status: str
    summary: str
    details: tuple[tuple[str, str], ...] = ()
    tolerance: str = ""

    @property
    def passed(self) -> bool:
        """Whether the reader's function passed every case."""
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        mark = {"passed": "\u2714", "not written yet": "\u270e"}.get(self.status, "\u2718")
        lines = [f"{mark} {self.status}: {self.exercise}", self.summary]
        width = max((len(label) for label, _ in self.details), default=0)
        for label, text in self.details:
            pad = " " * (width + 4)
            body = text.replace("\n", "\n" + pad)
            lines.append(f"  {label:<{width}}  {body}")
        if self.tolerance:
            lines.append(self.tolerance)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"passed": "#1b9e4b", "not written yet": "#9a9a9a"}.get(self.status, "#d62728")
        rows = "".join(
            f"<tr><th style='text-align:left;vertical-align:top;padding:2px 10px 2px 0;font-weight:600'>"
            f"{html.escape(label)}</th><td style='text-align:left;padding:2px 0'>"
            f"<pre style='margin:0;padding:0;background:none;border:none;white-space:pre-wrap'>"
            f"{html.escape(text)}</pre></td></tr>"
            for label, text in self.details)
        table = f"<table style='border:none;margin:4px 0'>{rows}</table>" if rows else ""
        tol = (f"<div style='font-size:85%;color:#555'>{html.escape(self.tolerance)}</div>"
               if self.tolerance else "")
        return (f"<div class='nnlearn-check nnlearn-check-{self.status.replace(' ', '-')}' "
                f"style='border-left:6px solid {colour};padding:6px 12px;margin:6px 0'>"
                f"<div><strong style='color:{colour}'>{html.escape(self.status)}</strong>: "
                f"{html.escape(self.exercise)}</div>"
                f"<div>{html.escape(self.summary)}</div>{table}{tol}</div>")


# =========================================================================== formatting

def _fmt_number(v: float) -> str:
    v = float(v)
    if v == 0:
        return "0"
    return f"{v:.6g}"


def _fmt(value: Any) -> str:
    """A value as short deterministic text: numbers to 6 significant digits."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _fmt_number(value)
    if isinstance(value, np.random.Generator):
        return "a numpy Generator"
    if isinstance(value, Network):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
        if value.ndim == 0:
            return _fmt(value.item())
        text = np.array2string(value, separator=", ", threshold=24, edgeitems=3,
                               formatter={"float_kind": _fmt_number, "int_kind": str,
                                          "bool": str})
        return text if value.ndim < 2 else text + f"   (shape {value.shape})"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_fmt(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value)
    return f"a {type(value).__name__}"


def _fmt_inputs(inputs: Mapping[str, Any]) -> str:
    return "\n".join(f"{k} = {_fmt(v)}" for k, v in inputs.items())


# =========================================================================== calling the reader

class _ReaderRaised(Exception):
    def __init__(self, exc: BaseException):
        super().__init__(str(exc))
        self.exc = exc


def _call(fn: Callable, args: Sequence[Any]) -> Any:
    """Call the reader's function on deep copies of ``args``; its exceptions come back wrapped."""
    args = [a.copy() if isinstance(a, Network) else copy.deepcopy(a) for a in args]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn(*args)
        except Exception as exc:  # the reader's error, reported in words, never propagated
            raise _ReaderRaised(exc) from None


def _not_callable(title: str, fn: Any, usage: str) -> CheckResult | None:
    if callable(fn):
        return None
    return CheckResult(title, "failed",
                       f"The checker needs your function itself, for example {usage}, "
                       f"not the result of calling it (got {_fmt(fn)}).")


def _not_written(title: str, case_names: Sequence[str]) -> CheckResult:
    return CheckResult(
        title, "not written yet",
        "Your function still raises NotImplementedError: replace that line with your code, then run "
        "the checker again.",
        (("it will check", "\n".join(case_names)),))


def _raised(title: str, case: str, inputs: Mapping[str, Any], exc: BaseException,
            hint: str = "Run your function on this input yourself to see where it fails.") -> CheckResult:
    message = " ".join(str(exc).split()) or "(no message)"
    return CheckResult(
        title, "raised an error",
        f"Your function raised {type(exc).__name__}: {message}",
        (("case", case), ("input", _fmt_inputs(inputs)), ("hint", hint)))


# =========================================================================== comparing outputs

def _as_parts(got: Any, outputs: Sequence[str]) -> tuple[list[Any] | None, str | None]:
    """Split the reader's output into the named parts, or say why it cannot be."""
    if len(outputs) == 1:
        return [got], None
    names = ", ".join(outputs)
    if isinstance(got, Mapping):
        missing = [k for k in outputs if k not in got]
        if missing:
            return None, f"your dict has no {', '.join(map(repr, missing))}: return ({names})"
        return [got[k] for k in outputs], None
    if isinstance(got, (tuple, list)) and len(got) == len(outputs):
        return list(got), None
    what = f"{len(got)} values" if isinstance(got, (tuple, list)) else _fmt(got)
    return None, f"return {len(outputs)} values ({names}); your function returned {what}"


def _to_array(value: Any, name: str) -> tuple[np.ndarray | None, str | None]:
    if value is None:
        return None, f"{name} is None: did you forget a return statement?"
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"{name} is not a number or an array of numbers (got {_fmt(value)})"
    return arr, None


def _compare_part(got: Any, expected: np.ndarray, name: str, kind: str,
                  rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """None if ``got`` matches ``expected``, else what is wrong with it."""
    if kind == "bool":
        if not isinstance(got, (bool, np.bool_)):
            return f"{name} must be one True or False, got {_fmt(got)}"
        return None if bool(got) == bool(expected) else f"{name} is {bool(got)}, should be {bool(expected)}"
    if kind == "int":
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer, float, np.floating)):
            return f"{name} must be a whole number, got {_fmt(got)}"
        if float(got) != float(expected):
            return f"{name} is {_fmt(got)}, should be {_fmt(expected)}"
        return None
    arr, problem = _to_array(got, name)
    if problem:
        return problem
    if expected.ndim == 0:
        if arr.size != 1:
            return f"{name} should be one number, got an array of shape {arr.shape}"
        arr = arr.reshape(())
    elif arr.shape != expected.shape:
        if arr.shape == expected.shape[::-1] and arr.ndim == 2:
            return (f"{name} has shape {arr.shape} but should have shape {expected.shape}: "
                    f"transposed?")
        if arr.size == expected.size:
            return (f"{name} has shape {arr.shape} but should have shape {expected.shape} "
                    f"(the right number of entries, arranged wrongly)")
        return f"{name} has shape {arr.shape} but should have shape {expected.shape}"
    if not np.all(np.isfinite(arr)):
        return f"{name} contains NaN or infinity"
    if not np.allclose(arr, expected, rtol=rtol, atol=atol):
        return f"{name} is wrong"
    return None


def _compare(got: Any, expected: Sequence[Any], outputs: Sequence[str], kind: str,
             rtol: float = RTOL, atol: float = ATOL) -> str | None:
    parts, problem = _as_parts(got, outputs)
    if problem:
        return problem
    for part, exp, name in zip(parts, expected, outputs):
        exp = exp if kind in ("bool", "int") else np.asarray(exp, dtype=np.float64)
        problem = _compare_part(part, exp, name, kind, rtol, atol)
        if problem:
            return problem
    return None


def _display(got: Any, outputs: Sequence[str]) -> str:
    parts, problem = _as_parts(got, outputs)
    if problem or len(outputs) == 1:
        return _fmt(got)
    return "\n".join(f"{name} = {_fmt(p)}" for name, p in zip(outputs, parts))


# =========================================================================== the generic checker

@dataclass(frozen=True)
class _Case:
    name: str
    inputs: dict[str, Any]


@dataclass(frozen=True)
class _Mistake:
    fn: Callable[..., Any]  # the wrong answer, from the canonical inputs
    hint: str


@dataclass(frozen=True)
class _Exercise:
    title: str
    usage: str
    outputs: tuple[str, ...]
    reference: Callable[..., Any]  # canonical inputs -> expected output(s), computed with nnlearn
    cases: Callable[[], list[_Case]]
    mistakes: tuple[_Mistake, ...]
    hint: str
    reference_name: str
    kind: str = "float"
    finite_differences: Callable[..., Any] | None = None  # canonical inputs -> FD estimate
    reader_args: Callable[[Callable, dict], dict] | None = None  # adapt the inputs to the reader
    extra_check: Callable[[Any, dict], str | None] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    raise_hint: str = "Run your function on this input yourself to see where it fails."


def _tuple(value: Any, n: int) -> tuple:
    return tuple(value) if n > 1 else (value,)


def _run(ex: _Exercise, fn: Any) -> CheckResult:
    problem = _not_callable(ex.title, fn, ex.usage)
    if problem:
        return problem
    cases = ex.cases()
    for case in cases:
        inputs = ex.reader_args(fn, case.inputs) if ex.reader_args else case.inputs
        try:
            got = _call(fn, list(inputs.values()))
        except _ReaderRaised as err:
            if isinstance(err.exc, NotImplementedError):
                return _not_written(ex.title, [c.name for c in cases])
            return _raised(ex.title, case.name, inputs, err.exc, ex.raise_hint)
        expected = _tuple(ex.reference(**copy.deepcopy(case.inputs)), len(ex.outputs))
        wrong = _compare(got, expected, ex.outputs, ex.kind)
        if wrong is None and ex.finite_differences is not None:
            fd = _tuple(ex.finite_differences(**copy.deepcopy(case.inputs)), len(ex.outputs))
            if _compare(got, fd, ex.outputs, ex.kind, rtol=FD_TOL, atol=FD_TOL) is not None:
                wrong = "your output disagrees with central differences"
        if wrong is None and ex.extra_check is not None:
            wrong = ex.extra_check(got, case.inputs)
        if wrong is None:
            continue
        hint = ex.hint
        for mistake in ex.mistakes:
            try:
                with np.errstate(all="ignore"):
                    guess = _tuple(mistake.fn(**copy.deepcopy(case.inputs)), len(ex.outputs))
            except Exception:  # a mistake that cannot even be computed on this case is not it
                continue
            if _compare(got, guess, ex.outputs, ex.kind) is None:
                hint = mistake.hint
                break
        expected_text = _display(expected if len(ex.outputs) > 1 else expected[0], ex.outputs)
        return CheckResult(
            ex.title, "failed", wrong[0].upper() + wrong[1:] + ".",
            (("case", case.name), ("input", _fmt_inputs(inputs)), ("yours", _display(got, ex.outputs)),
             ("expected", expected_text), ("hint", hint)),
            _TOLERANCE_TEXT if ex.kind == "float" else "")
    checked = [c.name for c in cases]
    what = f"agrees with {ex.reference_name}"
    if ex.finite_differences is not None:
        what += " and with central differences"
    tolerance = (_TOLERANCE_TEXT + (_FD_TEXT if ex.finite_differences is not None else "") + "."
                 if ex.kind == "float" else "")
    return CheckResult(ex.title, "passed", f"Your function {what} on all {len(cases)} cases.",
                       (("cases", "\n".join(checked + list(ex.notes))),), tolerance)


def _central_differences(f: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    """The gradient of the scalar ``f`` at ``x`` (any shape), by central differences in float64."""
    x = np.array(x, dtype=np.float64)
    g = np.empty_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + FD_EPS
        up, x_up = f(x), flat[i]
        flat[i] = old - FD_EPS
        down, x_down = f(x), flat[i]
        flat[i] = old
        gflat[i] = (up - down) / (x_up - x_down)
    return g


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# =========================================================================== chapter 1

def _step(z):
    return (np.asarray(z) >= 0).astype(np.float64)


def _perceptron_reference(w, b, x, y, eta):
    from .perceptron import perceptron_update
    return perceptron_update(w, b, x, y, eta)


def _perceptron_cases() -> list[_Case]:
    r = _rng(101)
    c = lambda name, w, b, x, y, eta: _Case(name, {"w": np.array(w, float), "b": float(b),
                                                    "x": np.array(x, float), "y": float(y), "eta": float(eta)})
    return [
        c("a missed 1 (y = 1, z < 0): w moves towards x", [-0.5, 0.2], -0.1, [1.0, 1.0], 1, 1.0),
        c("a false 1 (y = 0, z > 0): w moves away from x", [0.6, 0.4], 0.2, [1.0, 0.5], 0, 1.0),
        c("a right prediction of class 1: nothing changes", [0.5, -0.3], 0.1, [1.0, 0.5], 1, 1.0),
        c("a right prediction of class 0: nothing changes", [0.5, 0.5], -2.0, [1.0, 1.0], 0, 1.0),
        c("a point exactly on the boundary, z = 0 (predicted 1), label 0", [1.0, -1.0], 0.0, [2.0, 2.0], 0, 1.0),
        c("a learning rate eta = 0.25, five inputs", r.normal(size=5).round(3), 0.3,
          r.normal(size=5).round(3) - 2.0, 1, 0.25),
        c("one input (d = 1), eta = 0.5", [2.0], 1.0, [-3.0], 0, 0.5),
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
    from .perceptron import Perceptron
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
    from .descent import line_data
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
    from .by_hand import EXERCISE, WORKED_EXAMPLE
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
    from .by_hand import forward_pass
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
    from .by_hand import backward_pass, forward_pass
    b = backward_pass(v["x1"], v["x2"], v["y"], v["w2"], forward_pass(**v))
    return b.dL_dw11, b.dL_dw12, b.dL_db1, b.dL_dw2, b.dL_db2


def _backward_fd(**v):
    from .by_hand import forward_pass
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
    from .gradcheck import numerical_gradients
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
    from .data import logic_gate
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
        _Mistake(lambda y_hat, y: bool(np.all((np.asarray(y_hat) > 0.5) == (np.asarray(y) == 1))),
                 "y_hat has shape (4, 1) and y shape (4,): comparing them broadcasts to a (4, 4) array. "
                 "Flatten y_hat first (y_hat.ravel()).") ,
        _Mistake(lambda y_hat, y: bool(np.all((np.asarray(y_hat).reshape(-1) >= 0.5) == (np.asarray(y) == 1))),
                 "A prediction of exactly 0.5 is on neither side: require y_hat > 0.5 for a 1 and y_hat < 0.5 for a 0."),
        _Mistake(lambda y_hat, y: bool(np.any((np.asarray(y_hat).reshape(-1) > 0.5) == (np.asarray(y) == 1))),
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
    if problem:
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
        if fail:
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
            return _he_failure(problem[0].upper() + problem[1:] + ".", case, inputs, _fmt(W),
                               f"an array of shape {(n_in, n_out)}",
                               "Draw with rng.normal(0.0, std, size=(n_in, n_out)): one row per input.")
    W1, fail = call(4, 6, 7, names[len(shape_cases)])
    if fail:
        return fail
    W2, fail = call(4, 6, 7, names[len(shape_cases)])
    if fail:
        return fail
    if not np.array_equal(np.asarray(W1, float), np.asarray(W2, float)):
        return _he_failure("Two calls with generators of the same seed gave different weights.",
                           names[len(shape_cases)], {"n_in": 4, "n_out": 6, "rng": np.random.default_rng(7)},
                           "two different matrices", "the same matrix twice",
                           "Draw from the generator you are given (rng.normal(...)), not from np.random "
                           "or a new generator: then a seed fixes the network.")
    for (n_in, n_out), case in zip(stats_cases, names[len(shape_cases) + 1:]):
        W, fail = call(n_in, n_out, 11, case)
        if fail:
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
    from .gradcheck import numerical_gradients
    grads = numerical_gradients(net, X, y, loss, eps=FD_EPS)
    return np.array([math.sqrt(float(np.vdot(g, g))) for g in grads[0::2]])


def _norms_cases() -> list[_Case]:
    from .data import logic_gate
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


# =========================================================================== chapter 7

def _scalar_cases(names: tuple[str, ...], rows: list[tuple[str, tuple[float, ...]]]) -> Callable[[], list[_Case]]:
    return lambda: [_Case(name, dict(zip(names, map(float, values)))) for name, values in rows]


_MUL = _Exercise(
    title="the backward rule of multiplication",
    usage="check_mul_backward(my_mul_backward)",
    outputs=("grad_a", "grad_b"),
    reference=lambda a, b, out_grad: (b * out_grad, a * out_grad),
    finite_differences=lambda a, b, out_grad: tuple(_central_differences(
        lambda p: out_grad * p[0] * p[1], np.array([a, b]))),
    cases=_scalar_cases(("a", "b", "out_grad"), [
        ("out = a\u00b7b with a = 2, b = \u22123, out_grad = 1", (2.0, -3.0, 1.0)),
        ("an upstream gradient of \u22122.5", (0.5, 4.0, -2.5)),
        ("a = 0: only b's gradient is zero", (0.0, 1.7, 2.0)),
        ("out_grad = 0: nothing flows back", (1.3, -0.4, 0.0)),
        ("very different sizes, a = 1000, b = 0.001", (1000.0, 0.001, 3.0)),
    ]),
    mistakes=(
        _Mistake(lambda a, b, out_grad: (a * out_grad, b * out_grad),
                 "The gradients are swapped: d(a\u00b7b)/da = b, so grad_a = b \u00b7 out_grad."),
        _Mistake(lambda a, b, out_grad: (b, a), "out_grad is missing: the chain rule multiplies the local slope by it."),
        _Mistake(lambda a, b, out_grad: (-b * out_grad, -a * out_grad), "Wrong sign: grad_a = b \u00b7 out_grad."),
        _Mistake(lambda a, b, out_grad: (out_grad, out_grad),
                 "That is the rule of addition; for multiplication each input's slope is the other input."),
    ),
    hint="out = a\u00b7b, so grad_a = b \u00b7 out_grad and grad_b = a \u00b7 out_grad.",
    reference_name="the chain rule (d(ab)/da = b)",
)


def check_mul_backward(mul_backward: Callable) -> CheckResult:
    r"""Check ``mul_backward(a, b, out_grad) -> (grad_a, grad_b)``, the backward rule of
    :math:`\text{out} = a b` in a scalar autograd engine (chapter 7): :math:`(b\,g, a\,g)` for the
    upstream gradient :math:`g`. All floats. Compared with the rule and with central differences
    of :math:`g\,a b`."""
    return _run(_MUL, mul_backward)


_TANH_BACKWARD = _Exercise(
    title="the backward rule of tanh",
    usage="check_tanh_backward(my_tanh_backward)",
    outputs=("grad_x",),
    reference=lambda x, out_grad: float(Tanh().backward(np.array(x), np.tanh(np.array(x)), np.array(out_grad))),
    finite_differences=lambda x, out_grad: float(_central_differences(
        lambda p: float(out_grad * np.tanh(p[0])), np.array([x]))[0]),
    cases=_scalar_cases(("x", "out_grad"), [
        ("x = 0.5, out_grad = 1", (0.5, 1.0)),
        ("x = \u22121.2, out_grad = 0.3", (-1.2, 0.3)),
        ("x = 0, the steepest point (slope 1)", (0.0, -2.0)),
        ("a saturated unit, x = 20 (slope about 0)", (20.0, 1.0)),
        ("a saturated unit, x = \u2212400", (-400.0, 5.0)),
        ("out_grad = 0", (0.8, 0.0)),
    ]),
    mistakes=(
        _Mistake(lambda x, out_grad: 1 - math.tanh(x) ** 2, "out_grad is missing: multiply the local slope by it."),
        _Mistake(lambda x, out_grad: (1 - x ** 2) * out_grad, "The slope is 1 \u2212 tanh(x)\u00b2, not 1 \u2212 x\u00b2."),
        _Mistake(lambda x, out_grad: (1 - math.tanh(x)) * out_grad, "The square is missing: 1 \u2212 tanh(x)\u00b2."),
        _Mistake(lambda x, out_grad: -(1 - math.tanh(x) ** 2) * out_grad, "Wrong sign: tanh is increasing, its slope is positive."),
        _Mistake(lambda x, out_grad: math.tanh(x) * out_grad, "That is tanh(x) itself; its slope is 1 \u2212 tanh(x)\u00b2."),
    ),
    hint="grad_x = (1 \u2212 tanh(x)\u00b2) \u00b7 out_grad; reuse the forward value t = tanh(x).",
    reference_name="nnlearn.activations.Tanh.backward",
)


def check_tanh_backward(tanh_backward: Callable) -> CheckResult:
    r"""Check ``tanh_backward(x, out_grad) -> grad_x``, the backward rule of :math:`\text{out} = \tanh x`
    in a scalar autograd engine (chapter 7): :math:`(1 - \tanh^2 x)\,g`. Floats; finite for
    saturated units. Compared with :meth:`nnlearn.activations.Tanh.backward` and with central
    differences."""
    return _run(_TANH_BACKWARD, tanh_backward)
