r"""Chapter 1's widget: the perceptron :math:`\hat y = f(w_1 x_1 + w_2 x_2 + b)` on a logic gate's four points.

Three sliders (:math:`w_1`, :math:`w_2`, :math:`b`, from −3 to 3 in steps of 0.05) and the gate, all
moving together, in the HTML book and in JupyterLab: a reader can find weights for AND, then for OR, on
the page. The browser computes with ``widget.js``/``compute.js``; Python computes the same with
:func:`nnlearn.perceptron.perceptron_view`:

>>> w = PerceptronWidget(w1=1.0, w2=1.0, b=-1.5, gate="AND")
>>> w.summary
'no point misclassified'
>>> w.gate = "OR"; w.summary
'2 of 4 points misclassified'
>>> w.b = -0.5; w.text
'w₁ = 1, w₂ = 1, b = −0.5, data: OR: no point misclassified'
"""

from __future__ import annotations

import traitlets

from ...book.widgets import BookWidget, Choice, Slider
from ...data import GATES, logic_gate
from ...perceptron import perceptron_view
from ...plots.boundary import LIMITS, draw_perceptron_view

__all__ = ["PerceptronWidget", "perceptron_widget", "perceptron_summary", "CONTROLS"]

#: The controls: three sliders and the data set.
CONTROLS = (
    Slider("w1", "w\u2081", -3, 3, 0.05, default=1.0),
    Slider("w2", "w\u2082", -3, 3, 0.05, default=1.0),
    Slider("b", "b", -3, 3, 0.05, default=-1.5),
    Choice("gate", "data", tuple((g, g) for g in GATES), default="AND"),
)


def perceptron_summary(w1: float, w2: float, b: float, gate: str) -> str:
    """One line on what the perceptron :math:`(w_1, w_2, b)` does on ``gate``'s four points (the browser
    writes the same: ``compute.js``'s ``perceptronSummary``)."""
    view = perceptron_view(w1, w2, b, gate)
    count = "no point misclassified" if view.n_mistakes == 0 else (
        f"{view.n_mistakes} of {len(view.y)} points misclassified")
    if not view.has_line:
        return f"no line (w\u2081 = w\u2082 = 0), every point predicted {int(view.y_hat[0])}; {count}"
    return count


class PerceptronWidget(BookWidget):
    """The chapter 1 widget (see the module docstring). Traits: the controls ``w1``, ``w2``, ``b``,
    ``gate``; the results ``summary``, ``text`` and ``n_mistakes`` (misclassified points, 0-4)."""

    chapter = "perceptron"
    controls = CONTROLS
    n_mistakes = traitlets.Int(read_only=True)

    def data(self) -> dict:
        gates = {}
        for name in GATES:
            X, y = logic_gate(name)
            gates[name] = {"X": X.tolist(), "y": [int(v) for v in y]}
        return {"gates": gates, "lims": list(LIMITS)}

    def compute(self, w1: float, w2: float, b: float, gate: str) -> dict:
        view = perceptron_view(w1, w2, b, gate)
        return {"summary": perceptron_summary(w1, w2, b, gate), "n_mistakes": view.n_mistakes}

    def figure(self, w1: float, w2: float, b: float, gate: str):
        return draw_perceptron_view(w1, w2, b, gate)


def perceptron_widget(**start) -> PerceptronWidget:
    """The chapter 1 widget with its controls at ``start`` (``w1``, ``w2``, ``b``, ``gate``; the others at
    their defaults). Raises ``TypeError`` for an unknown control and ``ValueError`` for a value it does not offer."""
    return PerceptronWidget(**start)
