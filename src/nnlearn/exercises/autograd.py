"""Checkers for chapter 7: the backward rules of a scalar autograd engine, as pure functions."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..activations import Tanh
from ._core import CheckResult, _Case, _central_differences, _Exercise, _Mistake, _run

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
