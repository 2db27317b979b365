"""The machinery of the exercise checkers: calling the reader's function safely, comparing its
output with the expected one, naming a typical mistake, and the verdict (:class:`CheckResult`)."""

from __future__ import annotations

import copy
import html
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..network import Network

__all__ = ["CheckResult", "RTOL", "ATOL", "FD_EPS", "FD_TOL"]

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
        def cell(label: str, text: str) -> str:
            # numbers and lists line up in a fixed-width font; a one-line sentence reads better without
            if "\n" in text or label in ("input", "yours", "expected"):
                return ("<pre style='margin:0;padding:0;background:none;border:none;white-space:pre-wrap'>"
                        f"{html.escape(text)}</pre>")
            return html.escape(text)

        rows = "".join(
            "<tr><th style='text-align:left;vertical-align:top;padding:2px 10px 2px 0;font-weight:600;"
            f"white-space:nowrap'>{html.escape(label)}</th><td style='text-align:left;padding:2px 0'>"
            f"{cell(label, text)}</td></tr>"
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
        return "\n".join(_labelled(f"{k!r}:", v) for k, v in value.items())
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


def _labelled(label: str, value: Any) -> str:
    """``label value``, with the value's continuation lines indented under its first line (a dict
    goes below its label, one key a line)."""
    text = _fmt(value)
    if isinstance(value, Mapping):
        return label + "\n  " + text.replace("\n", "\n  ")
    return label + " " + text.replace("\n", "\n" + " " * (len(label) + 1))


def _fmt_inputs(inputs: Mapping[str, Any]) -> str:
    return "\n".join(_labelled(f"{k} =", v) for k, v in inputs.items())


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


def _sentence(text: str, names: Sequence[str] = ()) -> str:
    """``text`` as a sentence: a capital first letter (unless it starts with a symbol such as ``dW``)
    and a full stop."""
    first = text.split(" ", 1)[0]
    if first not in names and first.isalpha() and first.islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _display(got: Any, outputs: Sequence[str]) -> str:
    parts, problem = _as_parts(got, outputs)
    if problem or len(outputs) == 1:
        return _fmt(got)
    return "\n".join(_labelled(f"{name} =", p) for name, p in zip(outputs, parts))


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
    notes: tuple[str, ...] = field(default_factory=tuple)
    raise_hint: str = "Run your function on this input yourself to see where it fails."


def _tuple(value: Any, n: int) -> tuple:
    return tuple(value) if n > 1 else (value,)


def _mistake_output(mistake: _Mistake, case: _Case, n_outputs: int) -> tuple | None:
    try:
        with np.errstate(all="ignore"):
            return _tuple(mistake.fn(**copy.deepcopy(case.inputs)), n_outputs)
    except Exception:  # a mistake that cannot even be computed on this case is not it
        return None


def _diagnose(ex: _Exercise, cases: list[_Case], outputs: list[Any], failing: int) -> str:
    """The hint of the first known mistake that gives the reader's outputs on every case run (or,
    for numbers, at least on the failing case); else the exercise's general hint."""
    n = len(ex.outputs)

    def matches(mistake: _Mistake, i: int) -> bool:
        guess = _mistake_output(mistake, cases[i], n)
        return guess is not None and _compare(outputs[i], guess, ex.outputs, ex.kind) is None

    for mistake in ex.mistakes:
        if all(matches(mistake, i) for i in range(len(outputs))):
            return mistake.hint
    if ex.kind != "bool":  # one True/False says too little to name a mistake from one case
        for mistake in ex.mistakes:
            if matches(mistake, failing):
                return mistake.hint
    return ex.hint


def _run(ex: _Exercise, fn: Any) -> CheckResult:
    problem = _not_callable(ex.title, fn, ex.usage)
    if problem is not None:
        return problem
    cases = ex.cases()
    outputs: list[Any] = []
    raised: tuple[int, dict, BaseException] | None = None
    for i, case in enumerate(cases):  # run every case first: a mistake shows as a pattern over them
        inputs = ex.reader_args(fn, case.inputs) if ex.reader_args else case.inputs
        try:
            outputs.append(_call(fn, list(inputs.values())))
        except _ReaderRaised as err:
            if isinstance(err.exc, NotImplementedError):
                return _not_written(ex.title, [c.name for c in cases])
            raised = (i, inputs, err.exc)
            break
    for i, (case, got) in enumerate(zip(cases, outputs)):
        inputs = ex.reader_args(fn, case.inputs) if ex.reader_args else case.inputs
        expected = _tuple(ex.reference(**copy.deepcopy(case.inputs)), len(ex.outputs))
        wrong = _compare(got, expected, ex.outputs, ex.kind)
        if wrong is None and ex.finite_differences is not None:
            fd = _tuple(ex.finite_differences(**copy.deepcopy(case.inputs)), len(ex.outputs))
            if _compare(got, fd, ex.outputs, ex.kind, rtol=FD_TOL, atol=FD_TOL) is not None:
                wrong = "your output disagrees with central differences"
        if wrong is None:
            continue
        expected_text = _display(expected if len(ex.outputs) > 1 else expected[0], ex.outputs)
        return CheckResult(
            ex.title, "failed", _sentence(wrong, ex.outputs),
            (("case", case.name), ("input", _fmt_inputs(inputs)), ("yours", _display(got, ex.outputs)),
             ("expected", expected_text), ("hint", _diagnose(ex, cases, outputs, i))),
            _TOLERANCE_TEXT if ex.kind == "float" else "")
    if raised is not None:
        i, inputs, exc = raised
        return _raised(ex.title, cases[i].name, inputs, exc, ex.raise_hint)
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
