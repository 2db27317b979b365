"""Chapter 3's widget, declared: sliders for the inputs, the target, the five parameters and the learning rate.

:func:`by_hand_frame` is the pure function behind it: :func:`nnlearn.by_hand.backprop_by_hand`
drawn by :func:`nnlearn.plots.graph.plot_by_hand_panel` (the graph with forward values,
the graph with backward values, and the update table), with a one-line summary of the step.
"""

from __future__ import annotations

from ..by_hand import WORKED_EXAMPLE, backprop_by_hand
from ..plots.graph import panel_messages, plot_by_hand_panel
from .declare import Frame, LiveWidget, Slider, StaticWidget, Widget, show

__all__ = ["BY_HAND", "by_hand_frame", "by_hand_summary", "by_hand_widget"]


def by_hand_summary(x1: float, x2: float, y: float, w11: float, w12: float, b1: float, w2: float,
                    b2: float, eta: float) -> str:
    """One line on the step: prediction, loss before and after, and a warning when it overshot
    or the gradients vanished."""
    result = backprop_by_hand(x1=x1, x2=x2, y=y, w11=w11, w12=w12, b1=b1, w2=w2, b2=b2, eta=eta)
    line = (f"prediction {result.forward.y_hat:.4f}, loss {result.forward.loss:.4f} \u2192 "
            f"{result.new_forward.loss:.4f} after one step")
    messages = panel_messages(result)
    if any("overshot" in m for m in messages):
        line += "; the step overshot (loss went up)"
    if any("saturated" in m for m in messages):
        line += "; the sigmoids are saturated (gradients near 0)"
    return line


def by_hand_frame(x1: float, x2: float, y: float, w11: float, w12: float, b1: float, w2: float,
                  b2: float, eta: float) -> Frame:
    """The widget's figure and summary for one setting of the nine sliders. Every value in range
    gives a finite result; at the extremes the panel says when the sigmoids saturate or a step overshoots."""
    values = dict(x1=x1, x2=x2, y=y, w11=w11, w12=w12, b1=b1, w2=w2, b2=b2, eta=eta)
    return Frame(plot_by_hand_panel(backprop_by_hand(**values)), by_hand_summary(**values))


def _slider(name: str, label: str, low: float, high: float, static_step: float) -> Slider:
    return Slider.range(name, label, low, high, 0.05, default=WORKED_EXAMPLE.as_dict()[name],
                        static_step=static_step)


#: Live: steps of 0.05. Precomputed: one slider at a time (the others at the worked example's values).
BY_HAND = Widget(
    name="by_hand",
    controls=(
        _slider("x1", "x\u2081", -3, 3, 1.0),
        _slider("x2", "x\u2082", -3, 3, 1.0),
        _slider("y", "target y", 0, 1, 0.25),
        _slider("w11", "w\u2081\u2081", -5, 5, 1.0),
        _slider("w12", "w\u2081\u2082", -5, 5, 1.0),
        _slider("b1", "b\u2081", -5, 5, 1.0),
        _slider("w2", "w\u2082", -5, 5, 1.0),
        _slider("b2", "b\u2082", -5, 5, 1.0),
        Slider("eta", "\u03b7", tuple(round(0.05 * k, 2) for k in range(1, 401)), 0.5,
               (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)),
    ),
    draw=by_hand_frame,
    static="one-at-a-time",
)


def by_hand_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The chapter 3 widget with its sliders at ``start`` (default: the worked example); see
    :func:`nnlearn.widgets.declare.show` for ``mode`` and the errors raised."""
    return show(BY_HAND, mode=mode, **start)
