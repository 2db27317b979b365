r"""Chapter 3's widget: the 2→1→1 network worked forward and backward on one example, then one step.

Nine sliders, all together: the inputs :math:`x_1, x_2`, the target :math:`y`, the five parameters
(−5 to 5) and the learning rate :math:`\eta` (0.05 to 20), each in steps of 0.05. The browser computes with
``widget.js``/``compute.js`` and draws the computation graph with every forward value and every backward
gradient on its edge, and the update table; Python computes the same with
:func:`nnlearn.by_hand.backprop_by_hand`:

>>> w = ByHandWidget()
>>> w.summary
'prediction 0.6720, loss 0.0538 → 0.0499 after one step'
>>> w.eta = 20.0; w.summary
'prediction 0.6720, loss 0.0538 → 0.0011 after one step'
"""

from __future__ import annotations

import traitlets

from ...book.widgets import BookWidget, Slider
from ...by_hand import WORKED_EXAMPLE, backprop_by_hand
from ...plots.graph import panel_messages, plot_by_hand_panel

__all__ = ["ByHandWidget", "by_hand_widget", "by_hand_summary", "CONTROLS"]

_START = WORKED_EXAMPLE.as_dict()

#: The controls: the example, the five parameters and the learning rate (the worked example's values first).
CONTROLS = (
    Slider("x1", "x\u2081", -3, 3, 0.05, default=_START["x1"]),
    Slider("x2", "x\u2082", -3, 3, 0.05, default=_START["x2"]),
    Slider("y", "target y", 0, 1, 0.05, default=_START["y"]),
    Slider("w11", "w\u2081\u2081", -5, 5, 0.05, default=_START["w11"]),
    Slider("w12", "w\u2081\u2082", -5, 5, 0.05, default=_START["w12"]),
    Slider("b1", "b\u2081", -5, 5, 0.05, default=_START["b1"]),
    Slider("w2", "w\u2082", -5, 5, 0.05, default=_START["w2"]),
    Slider("b2", "b\u2082", -5, 5, 0.05, default=_START["b2"]),
    Slider("eta", "\u03b7", 0.05, 20, 0.05, default=_START["eta"]),
)


def by_hand_summary(x1: float, x2: float, y: float, w11: float, w12: float, b1: float, w2: float,
                    b2: float, eta: float) -> str:
    """One line on the step: prediction, loss before and after, and a warning when it overshot or the
    gradients vanished (the browser writes the same: ``compute.js``'s ``byHandSummary``)."""
    result = backprop_by_hand(x1=x1, x2=x2, y=y, w11=w11, w12=w12, b1=b1, w2=w2, b2=b2, eta=eta)
    line = (f"prediction {result.forward.y_hat:.4f}, loss {result.forward.loss:.4f} \u2192 "
            f"{result.new_forward.loss:.4f} after one step")
    messages = panel_messages(result)
    if any("overshot" in m for m in messages):
        line += "; the step overshot (loss went up)"
    if any("saturated" in m for m in messages):
        line += "; the sigmoids are saturated (gradients near 0)"
    return line


class ByHandWidget(BookWidget):
    """The chapter 3 widget (see the module docstring). Traits: the nine controls; the results ``summary``,
    ``text``, ``loss`` and ``new_loss`` (before and after the step) and ``gradients`` (by parameter name)."""

    chapter = "by_hand"
    controls = CONTROLS
    loss = traitlets.Float(read_only=True)
    new_loss = traitlets.Float(read_only=True)
    gradients = traitlets.Dict(read_only=True)

    def compute(self, **values) -> dict:
        result = backprop_by_hand(**values)
        return {"summary": by_hand_summary(**values), "loss": result.forward.loss,
                "new_loss": result.new_forward.loss, "gradients": dict(result.gradients)}

    def figure(self, **values):
        return plot_by_hand_panel(backprop_by_hand(**values))


def by_hand_widget(**start) -> ByHandWidget:
    """The chapter 3 widget with its sliders at ``start`` (default: the worked example). Raises ``TypeError`` for
    an unknown control and ``ValueError`` for a value it does not offer."""
    return ByHandWidget(**start)
