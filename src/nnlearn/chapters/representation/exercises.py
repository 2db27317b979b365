r"""The checkers of chapter 8's coding exercises (the machinery is :mod:`nnlearn.exercises`).

======================================  ===========================================================
checker                                 the reader writes
======================================  ===========================================================
:func:`check_bump`                      ``bump(left, right, height, steepness) -> [W1, b1, W2, b2]``
:func:`check_count_pieces`              ``count_pieces(net, lo, hi) -> int``
======================================  ===========================================================

:func:`check_bump` judges the *function* the reader's weights compute, not the weights themselves: any
parameters of a 1-2-1 network (sigmoid hidden layer, identity output) that give the bump
:math:`h\,[\sigma(s(x - e_0)) - \sigma(s(x - e_1))]` pass, in either order of the two units.
:func:`check_count_pieces` compares with :func:`.compute.linear_pieces`, the exact count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...exercises._core import (ATOL, RTOL, _TOLERANCE_TEXT, CheckResult, _call, _Case, _Exercise, _fmt,
                                _fmt_inputs, _Mistake, _not_callable, _not_written, _raised, _ReaderRaised,
                                _rng, _run, _sentence)
from ...network import Network
from . import compute as C

__all__ = ["check_bump", "check_count_pieces", "BUMP_PROBES"]

# =========================================================================== a bump's weights

#: The points at which the checker compares the reader's network with the bump.
BUMP_PROBES = np.linspace(0.0, 1.0, 21)

_SHAPES = ((1, 2), (2,), (2, 1), (1,))
_NAMES = ("W1", "b1", "W2", "b2")


def _sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def _bump_values(left, right, height, steepness, x=BUMP_PROBES):
    return height * (_sig(steepness * (x - left)) - _sig(steepness * (x - right)))


def _network_values(params) -> np.ndarray:
    net = Network([1, 2, 1], "sigmoid", "identity").set_parameters([np.asarray(p, float) for p in params])
    return net.forward(BUMP_PROBES[:, None])[:, 0]


def _bump_cases() -> list[_Case]:
    c = lambda name, l, r, h, s: _Case(name, {"left": l, "right": r, "height": h, "steepness": s})
    return [
        c("a bump of height 1 on [0.2, 0.5], steepness 50", 0.2, 0.5, 1.0, 50.0),
        c("a negative height, \u22120.7 on [0.1, 0.9], steepness 10", 0.1, 0.9, -0.7, 10.0),
        c("a narrow, steep bump: height 2 on [0.4, 0.45], steepness 200", 0.4, 0.45, 2.0, 200.0),
        c("a gentle one: height 0.5 on [0.3, 0.7], steepness 1 (hardly a bump)", 0.3, 0.7, 0.5, 1.0),
        c("a bump reaching past the interval: height 0.3 on [\u22120.5, 0.25], steepness 30", -0.5, 0.25, 0.3, 30.0),
    ]


def _mistake_params(kind: str, left, right, height, steepness):
    s, h = steepness, height
    W1, b1 = np.array([[s, s]]), np.array([-s * left, -s * right])
    W2 = np.array([[h], [-h]])
    if kind == "bias sign":
        b1 = -b1
    elif kind == "bias unscaled":
        b1 = np.array([-left, -right])
    elif kind == "heights swapped":
        W2 = -W2
    elif kind == "weight missing":
        W1 = np.array([[1.0, 1.0]])
    elif kind == "one step":
        W2 = np.array([[h], [0.0]])
    return [W1, b1, W2, np.zeros(1)]


_BUMP_MISTAKES = (
    ("bias sign", "The step of \u03c3(w x + b) sits where w x + b = 0, at x = \u2212b/w: for a step at `left` the "
                  "bias is \u2212steepness \u00b7 left (you have the opposite sign)."),
    ("bias unscaled", "The bias must be scaled by the steepness too: b = \u2212s \u00b7 e, so that "
                      "w x + b = s (x \u2212 e)."),
    ("heights swapped", "The step at `left` must add the height and the step at `right` take it away: output "
                        "weights +height and \u2212height, in that order of the units."),
    ("weight missing", "Each unit's weight is the steepness s (W1 = [[s, s]]): with weight 1 the steps are "
                       "far too gentle and sit in the wrong place."),
    ("one step", "A bump needs both steps: the second unit's output weight is \u2212height, not 0."),
)


def _check_structure(params: Any) -> str | None:
    """None if ``params`` are four arrays of the shapes of a 1-2-1 network, else what is wrong."""
    if params is None:
        return "your function returned None: did you forget a return statement?"
    if isinstance(params, dict):
        return "return a list [W1, b1, W2, b2], not a dict"
    if not isinstance(params, (list, tuple)) or len(params) != 4:
        what = f"{len(params)} values" if isinstance(params, (list, tuple)) else _fmt(params)
        return f"return 4 arrays [W1, b1, W2, b2]; your function returned {what}"
    for name, want, p in zip(_NAMES, _SHAPES, params):
        try:
            arr = np.asarray(p, dtype=float)
        except (TypeError, ValueError):
            return f"{name} is not an array of numbers (got {_fmt(p)})"
        if arr.shape != want:
            return f"{name} has shape {arr.shape} but a 1-2-1 network's {name} has shape {want}"
        if not np.all(np.isfinite(arr)):
            return f"{name} contains NaN or infinity"
    return None


_BUMP_TITLE = "the weights of a bump"
_BUMP_USAGE = "check_bump(my_bump)"


def check_bump(bump: Callable) -> CheckResult:
    r"""Check ``bump(left, right, height, steepness) -> [W1, b1, W2, b2]``: the parameters of a network with
    one input, two sigmoid units and an identity output (``W1`` (1, 2), ``b1`` (2,), ``W2`` (2, 1), ``b2`` (1,))
    that computes :math:`h\,[\sigma(s(x - e_0)) - \sigma(s(x - e_1))]` with :math:`e_0` = ``left``,
    :math:`e_1` = ``right``, :math:`h` = ``height``, :math:`s` = ``steepness``.

    The parameters go into a real :class:`~nnlearn.network.Network`, whose outputs at
    :data:`BUMP_PROBES` are compared with the bump's values (any parameters that compute the bump pass).
    """
    problem = _not_callable(_BUMP_TITLE, bump, _BUMP_USAGE)
    if problem is not None:
        return problem
    cases = _bump_cases()
    for case in cases:
        try:
            params = _call(bump, list(case.inputs.values()))
        except _ReaderRaised as err:
            if isinstance(err.exc, NotImplementedError):
                return _not_written(_BUMP_TITLE, [c.name for c in cases])
            return _raised(_BUMP_TITLE, case.name, case.inputs, err.exc,
                           "Build W1 (1, 2), b1 (2,), W2 (2, 1) and b2 (1,) with NumPy from the four numbers.")
        wrong = _check_structure(params)
        if wrong is not None:
            return CheckResult(_BUMP_TITLE, "failed", _sentence(wrong, _NAMES),
                               (("case", case.name), ("input", _fmt_inputs(case.inputs)),
                                ("yours", _fmt(list(params) if isinstance(params, tuple) else params)),
                                ("hint", "W1 = [[s, s]] (one row: one input), "
                                         "b1 = [\u2212s\u00b7left, \u2212s\u00b7right], "
                                         "W2 = [[h], [\u2212h]] (one column: one output), b2 = [0].")))
        got = _network_values(params)
        expected = _bump_values(**case.inputs)
        if np.allclose(got, expected, rtol=RTOL, atol=ATOL):
            continue
        hint = "Compare your network's outputs with the bump at a few points by hand."
        for kind, text in _BUMP_MISTAKES:
            if np.allclose(got, _network_values(_mistake_params(kind, **case.inputs)), rtol=RTOL, atol=ATOL):
                hint = text
                break
        points = ", ".join(f"{x:g}" for x in BUMP_PROBES)
        return CheckResult(
            _BUMP_TITLE, "failed", "Your network does not compute the bump.",
            (("case", case.name), ("input", _fmt_inputs(case.inputs)),
             ("your weights", "\n".join(f"{n} = {_fmt(np.asarray(p, float))}" for n, p in zip(_NAMES, params))),
             ("at x", points), ("yours", _fmt(got)), ("expected", _fmt(expected)), ("hint", hint)),
            _TOLERANCE_TEXT)
    return CheckResult(_BUMP_TITLE, "passed",
                       f"The network your weights define computes the bump on all {len(cases)} cases "
                       f"(an nnlearn Network, compared at {len(BUMP_PROBES)} points of [0, 1]).",
                       (("cases", "\n".join(c.name for c in cases)),), _TOLERANCE_TEXT + ".")


# =========================================================================== counting pieces


def _net(sizes: Sequence[int], params: Sequence) -> Network:
    net = Network(list(sizes), "relu", "identity")
    return net.set_parameters([np.asarray(p, dtype=float) for p in params])


def _pieces_cases() -> list[_Case]:
    r = _rng(14)
    random = _net([1, 4, 3, 1], [r.normal(size=(1, 4)).round(3), r.uniform(-2, 2, 4).round(3),
                                 r.normal(size=(4, 3)).round(3), r.uniform(-1, 1, 3).round(3),
                                 r.normal(size=(3, 1)).round(3), np.zeros(1)])
    cancel = _net([1, 3, 1], [[[1.0, 1.0, 1.0]], [0.0, -0.5, -0.5], [[1.0], [1.0], [-1.0]], [0.0]])
    eps = 1e-6
    spike = _net([1, 3, 1], [[[1.0, 1.0, 1.0]], [-0.3, -0.3 - eps, -0.3 - 2 * eps], [[1.0], [-2.0], [1.0]], [0.0]])
    dead = _net([1, 2, 1], [[[1.0, -1.0]], [-2.0, -3.0], [[1.0], [1.0]], [0.5]])
    c = lambda name, net, lo, hi: _Case(name, {"net": net, "lo": lo, "hi": hi})
    return [
        c("the sawtooth of 3 layers on [0, 1]", C.sawtooth_network(3), 0.0, 1.0),
        c("the sawtooth of 5 layers on [0, 1]", C.sawtooth_network(5), 0.0, 1.0),
        c("a random 1-4-3-1 ReLU network on [\u22123, 3]", random, -3.0, 3.0),
        c("two kinks at x = 0.5 that cancel: ReLU(x) + ReLU(x \u2212 0.5) \u2212 ReLU(x \u2212 0.5) on [\u22121, 1]",
          cancel, -1.0, 1.0),
        c("a spike 2e-6 wide at x = 0.3, narrower than any grid's spacing, on [0, 1]", spike, 0.0, 1.0),
        c("every unit off on [0, 1]: a constant", dead, 0.0, 1.0),
    ]


def _sampled_count(net: Network, lo: float, hi: float, n: int = 1001) -> int:
    """Pieces as a grid sees them: 1 + the number of places where the slope between neighbouring grid points
    changes (a wrong method, kept to recognise it)."""
    x = np.linspace(lo, hi, n)
    slopes = np.diff(net.forward(x[:, None])[:, 0]) / np.diff(x)
    tol = 1e-7 * max(1.0, float(np.abs(slopes).max()))
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > tol))


_PIECES = _Exercise(
    title="the linear pieces of a ReLU network",
    usage="check_count_pieces(my_count_pieces)",
    outputs=("pieces",),
    reference=lambda net, lo, hi: C.linear_pieces(net, lo, hi).count,
    cases=_pieces_cases,
    kind="int",
    mistakes=(
        _Mistake(lambda net, lo, hi: C.linear_pieces(net, lo, hi).count - 1,
                 "You counted the breakpoints: an interval cut at b points has b + 1 pieces."),
        _Mistake(lambda net, lo, hi: C.linear_pieces(net, lo, hi).regions,
                 "Two neighbouring intervals on the same line are one piece: where units switch but the "
                 "output's slope does not change, there is no breakpoint. Merge them."),
        _Mistake(lambda net, lo, hi: _sampled_count(net, lo, hi),
                 "A grid of points cannot see breakpoints: it misses pieces narrower than its spacing, and a "
                 "breakpoint inside a grid interval changes the slope twice. Find the breakpoints themselves, "
                 "layer by layer: where a unit's z crosses zero between two known breakpoints."),
    ),
    hint="Between two neighbouring breakpoints every unit's z is a straight line: find where each crosses zero "
         "(layer by layer, after net.forward, net.zs[l] holds layer l's z), then count the pieces of the "
         "output whose slopes differ.",
    reference_name="the exact count of nnlearn.chapters.representation.compute.linear_pieces",
)


def check_count_pieces(count_pieces: Callable) -> CheckResult:
    """Check ``count_pieces(net, lo, hi) -> int``: the number of linear pieces of the ReLU network ``net``
    (one input, one output, ReLU hidden layers, identity output) on the interval ``[lo, hi]``, compared
    with the exact count of :func:`.compute.linear_pieces` on six networks (sawtooths, a random network,
    kinks that cancel, a spike narrower than any grid, a constant)."""
    return _run(_PIECES, count_pieces)
