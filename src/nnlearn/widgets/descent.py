r"""The chapter 2 widget: gradient descent on a loss surface, with sliders.

Sliders for the learning rate :math:`\eta` (log scale) and the number of
steps, and a choice of loss (which picks the neuron and its data, see
:data:`nnlearn.descent.PROBLEMS`), redraw
:func:`nnlearn.plots.descent.plot_descent_view`: the path on the contours and
the loss curve. This module only binds the controls; the figure and its
messages ("diverged at step N", "barely moved") come from that tested function.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .. import style
from ..descent import CHAPTER_RATES
from ..plots.descent import plot_descent_view

__all__ = ["LOSS_OPTIONS", "ETA_RANGE", "STEPS_RANGE", "descent_figure", "widget_figure", "descent_widget"]

#: The dropdown's options: (label shown, problem name).
LOSS_OPTIONS = (("MSE, linear neuron", "line"), ("BCE, sigmoid neuron", "bce"),
                ("MSE, sigmoid neuron", "mse_sigmoid"))
#: The learning-rate slider's range, as powers of ten (1e-3 to 10).
ETA_RANGE = (-3.0, 1.0)
#: The steps slider's range.
STEPS_RANGE = (1, 200)


def descent_figure(problem: str, eta: float, steps: int) -> Figure:
    """The widget's figure for one setting of the controls; never raises.

    A setting that :func:`~nnlearn.plots.descent.plot_descent_view` refuses
    (which the sliders cannot produce, but a caller could) gives a figure
    that states the problem instead of a traceback.
    """
    try:
        return plot_descent_view(problem, eta, steps)
    except (TypeError, ValueError) as exc:
        fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 1.6))
        ax.axis("off")
        ax.text(0.5, 0.5, f"cannot draw this setting:\n{exc}", ha="center", va="center", wrap=True,
                color=style.MISTAKE, fontsize=11, transform=ax.transAxes)
        return fig


#: The pure function the widget's redraw calls, under the name the widget-snapshot test looks for
#: (``tests/test_widget_snapshots.py``, ``binding_for``): it recomputes the saved figure from the
#: saved control values, keyed by ``descent_widget(...).controls``.
widget_figure = descent_figure


def descent_widget(problem: str = "line", eta: float = CHAPTER_RATES["about right"], steps: int = 30):
    """An ``ipywidgets.interactive`` with a loss dropdown and sliders for ``eta`` and ``steps``.

    Besides the ``interactive``'s own attributes it carries ``controls`` (the argument of
    :func:`widget_figure` each control sets: ``problem``, ``eta``, ``steps``) and ``output``
    (the Output widget the figure is drawn in).
    """
    import ipywidgets as widgets

    loss = widgets.Dropdown(options=list(LOSS_OPTIONS), value=problem, description="loss")
    eta_slider = widgets.FloatLogSlider(value=eta, base=10, min=ETA_RANGE[0], max=ETA_RANGE[1], step=0.05,
                                        description="η", readout_format=".3g", continuous_update=False)
    steps_slider = widgets.IntSlider(value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], description="steps",
                                     continuous_update=False)

    def show(problem: str, eta: float, steps: int) -> None:
        from IPython.display import display

        fig = descent_figure(problem, eta, steps)
        display(fig)
        plt.close(fig)

    w = widgets.interactive(show, problem=loss, eta=eta_slider, steps=steps_slider)
    w.controls = {"problem": loss, "eta": eta_slider, "steps": steps_slider}
    w.output = w.out
    return w
