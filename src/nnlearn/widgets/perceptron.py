r"""The chapter 1 widget: sliders for :math:`w_1`, :math:`w_2`, :math:`b` and a choice of logic gate.

Only the binding lives here. What the widget shows is computed by the pure,
unit-tested functions :func:`nnlearn.perceptron.perceptron_view` (the numbers)
and :func:`nnlearn.plots.boundary.draw_perceptron_view` (the figure).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .._checks import check_choice, check_positive
from ..data import GATES
from ..perceptron import PerceptronView, _check_number, perceptron_view
from matplotlib.figure import Figure

from ..plots.boundary import draw_perceptron_view

__all__ = ["PerceptronWidget", "perceptron_widget", "widget_figure"]


def widget_figure(w1: float, w2: float, b: float, gate: str) -> Figure:
    r"""The figure the widget shows for the slider values :math:`w_1, w_2, b` and the gate
    (``"AND"``, ``"OR"``, ``"XOR"`` or ``"NAND"``): :func:`nnlearn.plots.boundary.draw_perceptron_view`.
    :meth:`PerceptronWidget.redraw` calls exactly this, so a snapshot test can redraw what the
    saved widget shows."""
    return draw_perceptron_view(w1, w2, b, gate)


class PerceptronWidget:
    """Three sliders (``w1``, ``w2``, ``b``), a dropdown (``gate``) and an output that redraws on
    every change. ``view`` is the :class:`~nnlearn.perceptron.PerceptronView` last drawn. Displaying
    the object in a notebook displays the controls and the figure."""

    def __init__(self, w1: float, w2: float, b: float, gate: str, limit: float, step: float):
        def slider(value: float, label: str) -> widgets.FloatSlider:
            return widgets.FloatSlider(value=value, min=-limit, max=limit, step=step, description=label,
                                       continuous_update=False, readout_format=".1f",
                                       layout=widgets.Layout(width="320px"))

        self.w1 = slider(w1, "w₁")
        self.w2 = slider(w2, "w₂")
        self.b = slider(b, "b")
        self.gate = widgets.Dropdown(options=list(GATES), value=gate, description="data",
                                     layout=widgets.Layout(width="200px"))
        self.output = widgets.Output()
        self.box = widgets.VBox([widgets.HBox([widgets.VBox([self.w1, self.w2, self.b]), self.gate]),
                                 self.output])
        self.view: PerceptronView | None = None
        for control in (self.w1, self.w2, self.b, self.gate):
            control.observe(self.redraw, names="value")
        self.redraw()

    def redraw(self, change: object = None) -> None:
        """Recompute the view from the controls and draw it into the output."""
        self.view = perceptron_view(self.w1.value, self.w2.value, self.b.value, self.gate.value)
        with self.output:
            self.output.clear_output(wait=True)
            fig = widget_figure(self.w1.value, self.w2.value, self.b.value, self.gate.value)
            display(fig)
            plt.close(fig)

    @property
    def controls(self) -> dict[str, widgets.ValueWidget]:
        """The controls by the name of the :func:`widget_figure` argument each one sets."""
        return {"w1": self.w1, "w2": self.w2, "b": self.b, "gate": self.gate}

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def perceptron_widget(w1: float = 1.0, w2: float = 1.0, b: float = -1.5, gate: str = "AND", *,
                      limit: float = 3.0, step: float = 0.1) -> PerceptronWidget:
    r"""Sliders for :math:`w_1, w_2, b` in ``[-limit, limit]`` (step ``step``) and a gate
    (``"AND"``, ``"OR"``, ``"XOR"`` or ``"NAND"``), showing the boundary, the four points and the
    misclassified count. The starting values must lie within the sliders' range."""
    limit = check_positive(limit, "limit")
    step = check_positive(step, "step")
    if step > limit:
        raise ValueError(f"step must be at most limit ({limit}), got {step}")
    values = {"w1": _check_number(w1, "w1"), "w2": _check_number(w2, "w2"), "b": _check_number(b, "b")}
    for name, value in values.items():
        if not -limit <= value <= limit or not math.isfinite(value):
            raise ValueError(f"{name} must lie in [-limit, limit] = [{-limit}, {limit}], got {value}")
    check_choice(gate, "gate", GATES)
    return PerceptronWidget(values["w1"], values["w2"], values["b"], gate, limit, step)
