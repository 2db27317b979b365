r"""The chapter 1 widget, declared: sliders for :math:`w_1`, :math:`w_2`, :math:`b` and a choice of logic gate.

:func:`perceptron_frame` is the pure function behind it: the figure of
:func:`nnlearn.plots.boundary.draw_perceptron_view` and a one-line summary of
:func:`nnlearn.perceptron.perceptron_view`. :data:`PERCEPTRON` declares the
controls; :func:`perceptron_widget` builds it (see :mod:`nnlearn.widgets.declare`).
"""

from __future__ import annotations

from ..data import GATES
from ..perceptron import perceptron_view
from ..plots.boundary import draw_perceptron_view
from .declare import Choice, Frame, LiveWidget, Slider, StaticWidget, Widget, show

__all__ = ["PERCEPTRON", "perceptron_frame", "perceptron_summary", "perceptron_widget"]


def perceptron_summary(w1: float, w2: float, b: float, gate: str) -> str:
    """One line on what the perceptron :math:`(w_1, w_2, b)` does on ``gate``'s four points."""
    view = perceptron_view(w1, w2, b, gate)
    count = "no point misclassified" if view.n_mistakes == 0 else (
        f"{view.n_mistakes} of {len(view.y)} points misclassified")
    if not view.has_line:
        return f"no line (w\u2081 = w\u2082 = 0), every point predicted {int(view.y_hat[0])}; {count}"
    return count


def perceptron_frame(w1: float, w2: float, b: float, gate: str) -> Frame:
    r"""The widget's figure and summary for :math:`w_1, w_2, b` and a gate (``"AND"``, ``"OR"``,
    ``"XOR"`` or ``"NAND"``). Never raises for finite weights; raises ``ValueError`` for an
    unknown gate (from :func:`~nnlearn.perceptron.perceptron_view`)."""
    return Frame(draw_perceptron_view(w1, w2, b, gate), perceptron_summary(w1, w2, b, gate))


#: Sliders over [-3, 3] in steps of 0.05 (live); the book precomputes steps of 0.5, one slider at a time,
#: for each of the four gates.
PERCEPTRON = Widget(
    name="perceptron",
    controls=(
        Slider.range("w1", "w\u2081", -3, 3, 0.05, default=1.0, static_step=0.5),
        Slider.range("w2", "w\u2082", -3, 3, 0.05, default=1.0, static_step=0.5),
        Slider.range("b", "b", -3, 3, 0.05, default=-1.5, static_step=0.5),
        Choice("gate", "data", tuple((g, g) for g in GATES), default="AND"),
    ),
    draw=perceptron_frame,
    static="one-at-a-time",
)


def perceptron_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The chapter 1 widget with its controls at ``start`` (``w1``, ``w2``, ``b``, ``gate``); see
    :func:`nnlearn.widgets.declare.show` for ``mode`` and the errors raised."""
    return show(PERCEPTRON, mode=mode, **start)
