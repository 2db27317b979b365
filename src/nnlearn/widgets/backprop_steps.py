"""Chapter 4's step-through visualiser, declared: one slider, the step of one forward and backward pass.

:func:`backprop_step_frame` is the pure function behind it: :func:`nnlearn.backprop_general.step_frame`
(what is drawn at that step, as data) drawn by :func:`nnlearn.plots.network_graph.plot_frame`, with the
step's one-line summary. Every step is precomputed for the HTML book, so the slider moves there too.
"""

from __future__ import annotations

from ..backprop_general import N_STEPS, step_frame
from ..plots.network_graph import plot_frame
from .declare import Frame, LiveWidget, Slider, StaticWidget, Widget, show

__all__ = ["BACKPROP_STEPS", "backprop_step_frame", "backprop_steps_widget"]


def backprop_step_frame(step: float) -> Frame:
    """The visualiser's figure and summary at ``step`` (0 to ``N_STEPS - 1``; a whole number, given as a
    slider value). Raises ``ValueError`` for a step that is not a whole number in range."""
    if isinstance(step, bool) or not isinstance(step, (int, float)) or float(step) != int(step):
        raise ValueError(f"step must be a whole number from 0 to {N_STEPS - 1}, got {step!r}")
    frame = step_frame(int(step))
    return Frame(plot_frame(frame), frame.summary)


#: Every step, live and precomputed.
BACKPROP_STEPS = Widget(
    name="backprop_steps",
    controls=(Slider.range("step", "step", 0, N_STEPS - 1, 1, default=0),),
    draw=backprop_step_frame,
    static="grid",
)


def backprop_steps_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The step-through visualiser with its slider at ``start`` (default: step 0); see
    :func:`nnlearn.widgets.declare.show` for ``mode`` and the errors raised."""
    return show(BACKPROP_STEPS, mode=mode, **start)
