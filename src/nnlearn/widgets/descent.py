r"""The chapter 2 widget, declared: gradient descent on a loss surface.

A choice of loss (which picks the neuron and its data, see
:data:`nnlearn.descent.PROBLEMS`), a learning-rate slider :math:`\eta` on a log
scale and a steps slider. :func:`descent_frame` is the pure function behind it:
the figure of :func:`nnlearn.plots.descent.plot_descent_view` (the path on the
contours and the loss curve, with its "diverged at step N" or "barely moved"
message) and a one-line summary.
"""

from __future__ import annotations

from ..descent import CHAPTER_RATES, descend, get_problem
from ..plots.descent import plot_descent_view
from .declare import Choice, Frame, LiveWidget, Slider, StaticWidget, Widget, refused_frame, show

__all__ = ["DESCENT", "LOSS_OPTIONS", "descent_frame", "descent_summary", "descent_widget"]

#: The dropdown's options: (label shown, problem name).
LOSS_OPTIONS = (("MSE, linear neuron", "line"), ("BCE, sigmoid neuron", "bce"),
                ("MSE, sigmoid neuron", "mse_sigmoid"))


def descent_summary(problem: str, eta: float, steps: int) -> str:
    """One line on where ``steps`` steps of gradient descent at rate ``eta`` take ``problem``'s loss."""
    steps = int(steps) if isinstance(steps, float) and steps.is_integer() else steps
    path = descend(get_problem(problem), eta, steps)
    start, end = float(path.losses[0]), float(path.losses[-1])
    if path.diverged:
        return f"diverged at step {path.diverged_at}: the loss grew from {start:.3g} to {end:.3g}"
    return f"loss {start:.3g} \u2192 {end:.3g} after {steps} step{'s' if steps != 1 else ''}"


def descent_frame(problem: str, eta: float, steps: int) -> Frame:
    """The widget's figure and summary for one setting; never raises.

    A setting that :func:`~nnlearn.plots.descent.plot_descent_view` refuses (which the sliders
    cannot produce, but a caller could) gives a figure that states the problem instead.
    ``steps`` may be a whole float (the slider's value).
    """
    if isinstance(steps, float) and steps.is_integer():
        steps = int(steps)
    try:
        return Frame(plot_descent_view(problem, eta, steps), descent_summary(problem, eta, steps))
    except (TypeError, ValueError) as exc:
        return refused_frame(exc)


def _eta_slider() -> Slider:
    """η from 1e-3 to 10, 20 values per decade plus the chapter's four rates (:data:`CHAPTER_RATES`);
    precomputed: two per decade plus the chapter's rates."""
    grid = Slider.log_range("eta", "\u03b7", -3, 1, 20, default=0.1, static_per_decade=2)
    chapter = tuple(CHAPTER_RATES.values())
    values = tuple(sorted({*grid.values, *chapter}))
    static = tuple(sorted({*grid.static, *chapter}))
    return Slider("eta", grid.label, values, CHAPTER_RATES["about right"], static)


#: Live: 1e-3 to 10 (20 values per decade and the chapter's rates) and 1 to 200 steps; precomputed:
#: every combination of 11 rates and 5 step counts, for each loss.
DESCENT = Widget(
    name="descent",
    controls=(
        Choice("problem", "loss", LOSS_OPTIONS, default="line"),
        _eta_slider(),
        Slider("steps", "steps", tuple(float(s) for s in range(1, 201)), 30.0, (1.0, 10.0, 30.0, 100.0, 200.0)),
    ),
    draw=descent_frame,
    static="grid",
)


def descent_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The chapter 2 widget with its controls at ``start`` (``problem``, ``eta``, ``steps``); see
    :func:`nnlearn.widgets.declare.show` for ``mode`` and the errors raised."""
    return show(DESCENT, mode=mode, **start)
