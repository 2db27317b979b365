"""Chapter 3's widget: sliders for the inputs, the target, the five parameters and the learning rate.

Each change recomputes :func:`nnlearn.by_hand.backprop_by_hand` and redraws
:func:`nnlearn.plots.graph.plot_by_hand_panel` (the graph with forward values,
the graph with backward values, and the update table). Both are pure functions,
tested on their own; this module only binds them to ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from ..by_hand import WORKED_EXAMPLE, Given, backprop_by_hand
from ..plots.graph import plot_by_hand_panel

__all__ = ["SLIDERS", "panel_for", "widget_figure", "by_hand_widget"]

#: Each slider: name -> (label, minimum, maximum, step). Every value in range gives a finite result;
#: at the extremes the panel says when the sigmoids saturate or a step overshoots.
SLIDERS: dict[str, tuple[str, float, float, float]] = {
    "x1": ("x\u2081", -3.0, 3.0, 0.05),
    "x2": ("x\u2082", -3.0, 3.0, 0.05),
    "y": ("target y", 0.0, 1.0, 0.05),
    "w11": ("w\u2081\u2081", -5.0, 5.0, 0.05),
    "w12": ("w\u2081\u2082", -5.0, 5.0, 0.05),
    "b1": ("b\u2081", -5.0, 5.0, 0.05),
    "w2": ("w\u2082", -5.0, 5.0, 0.05),
    "b2": ("b\u2082", -5.0, 5.0, 0.05),
    "eta": ("\u03b7", 0.05, 20.0, 0.05),
}


def panel_for(values: dict[str, float]) -> plt.Figure:
    """The widget's figure for slider ``values`` (a dict with the keys of :data:`SLIDERS`)."""
    if not isinstance(values, dict) or set(values) != set(SLIDERS):
        raise ValueError(f"values must be a dict with exactly the keys {tuple(SLIDERS)}")
    return plot_by_hand_panel(backprop_by_hand(**values))


def widget_figure(**values: float) -> plt.Figure:
    """The figure the widget shows for the slider values given as keywords (``x1=0.5, ..., eta=0.5``,
    the keys of :data:`SLIDERS`): :func:`panel_for` of those values as floats. This is the pure
    function behind the widget, the one its saved snapshot is checked against."""
    return panel_for({k: float(v) for k, v in values.items()})


def by_hand_widget(given: Given = WORKED_EXAMPLE,
                   render: Callable[[dict[str, float]], plt.Figure] | None = None) -> widgets.VBox:
    """Sliders (starting at ``given``) above an output that shows ``render(values)`` (by default
    :func:`widget_figure` of the values) and is redrawn whenever a slider moves. The box has
    attributes ``sliders`` and ``controls`` (both name -> FloatSlider) and ``output``."""
    if render is None:
        def render(values: dict[str, float]) -> plt.Figure:
            return widget_figure(**values)
    if not isinstance(given, Given):
        raise TypeError(f"given must be a Given, got {type(given).__name__}")
    start = given.as_dict()
    for name, (label, low, high, _) in SLIDERS.items():
        if not low <= start[name] <= high:
            raise ValueError(f"given.{name} = {start[name]} is outside the slider range [{low}, {high}]")
    sliders = {name: widgets.FloatSlider(value=start[name], min=low, max=high, step=step, description=label,
                                         continuous_update=False, readout_format=".2f",
                                         style={"description_width": "60px"},
                                         layout=widgets.Layout(width="230px"))
               for name, (label, low, high, step) in SLIDERS.items()}
    output = widgets.Output()

    def redraw(change=None) -> None:
        fig = render({name: float(s.value) for name, s in sliders.items()})
        with output:
            output.clear_output(wait=True)
            display(fig)
        plt.close(fig)

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    rows = [widgets.HBox([sliders[n] for n in names])
            for names in (("x1", "x2", "y"), ("w11", "w12", "b1"), ("w2", "b2", "eta"))]
    box = widgets.VBox([*rows, output])
    box.sliders = sliders
    box.controls = sliders
    box.output = output
    redraw()
    return box
