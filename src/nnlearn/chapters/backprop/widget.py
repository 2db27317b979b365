r"""Chapter 4's step-through: one forward and one backward pass of a 2-2-1 sigmoid network, a step at a time.

One slider, the step (0 to 8): the network and its weights; each unit's forward value in turn; the loss;
each unit's error signal :math:`\delta` in turn, with every weight's gradient on its edge; the update. The
browser runs the network forward and backward itself (``compute.js``, on the book's JavaScript port of
``nnlearn``'s layers) and draws the step; Python describes the same step with
:func:`nnlearn.backprop_general.step_frame`:

>>> w = BackpropWidget(step=4)
>>> w.summary
'Prediction 0.606 against target 1.000: loss 0.078.'
"""

from __future__ import annotations

from ...backprop_general import N_STEPS, STEPPER_EXAMPLE, step_frame
from ...book.widgets import BookWidget, Slider
from ...plots.network_graph import plot_frame

__all__ = ["BackpropWidget", "backprop_widget", "CONTROLS"]

#: The control: the step, every one of them.
CONTROLS = (Slider("step", "step", 0, N_STEPS - 1, 1, default=0),)


class BackpropWidget(BookWidget):
    """The chapter 4 step-through (see the module docstring). Traits: the control ``step``; the results
    ``summary`` (what the step computes, in words) and ``text``."""

    chapter = "backprop"
    controls = CONTROLS

    def data(self) -> dict:
        e = STEPPER_EXAMPLE
        return {"example": {"x": list(e.x), "y": e.y, "W1": [list(r) for r in e.W1], "b1": list(e.b1),
                            "W2": list(e.W2), "b2": e.b2, "eta": e.eta}}

    def compute(self, step: int) -> dict:
        return {"summary": step_frame(step).summary}

    def figure(self, step: int):
        return plot_frame(step_frame(step))


def backprop_widget(**start) -> BackpropWidget:
    """The chapter 4 step-through at ``start`` (``step``; default 0). Raises ``TypeError`` for an unknown
    control and ``ValueError`` for a step it does not offer."""
    return BackpropWidget(**start)
