r"""The chapter 6 widget, declared: per-layer gradient norms and the loss, for a choice of depth,
activation, initialisation and clipping.

:func:`gradients_frame` is the pure function behind it: it trains the network of
:func:`nnlearn.vanishing.widget_run` (a few dozen full-batch steps on 300 digits, tens of
milliseconds) and draws the gradient norm of each hidden layer at the start next to the loss
curve, with a one-line summary.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import style
from ..plots.gradients import draw_loss, draw_norm_bars
from ..vanishing import WIDGET_INITS, widget_run
from .declare import Choice, Frame, LiveWidget, Slider, StaticWidget, Widget, refused_frame, show

__all__ = ["GRADIENTS", "gradients_frame", "gradients_summary", "gradients_widget"]


def gradients_summary(r) -> str:
    """One line: the gap between the last and the first hidden layer, and how training ended."""
    gap = r.norms[0, -1] / r.norms[0, 0] if r.norms.size and r.norms[0, 0] > 0 else float("inf")
    end = r.message if r.message else f"loss {r.loss[0]:.3g} \u2192 {r.loss[-1]:.3g}, test accuracy {r.test_accuracy:.0%}"
    return f"last/first layer gradient {gap:.3g}; {end}"


def gradients_frame(depth: float, activation: str, init: str, clip: bool) -> Frame:
    """The widget's figure and summary for one setting; never raises (a refused setting is drawn as text)."""
    try:
        r = widget_run(int(depth), activation, init, clip)
    except (TypeError, ValueError) as exc:
        return refused_frame(exc)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.0), gridspec_kw={"width_ratios": [1, 1.2]})
    norms = r.norms[0] if r.norms.size else np.full(int(depth), np.nan)
    draw_norm_bars(a1, norms, ylim=(1e-6, 1e4), title="gradient per layer at the start")
    a1.set_ylabel(r"$\|\partial L/\partial W^l\|$")
    draw_loss(a2, [r], colors=[style.PATH], cap=1e3)
    a2.set_yscale("log")
    a2.set_ylim(1e-2, 1e3)
    a2.set_title("training loss", fontsize=11)
    fig.tight_layout()
    return Frame(fig, gradients_summary(r))


#: Live: depth 1 to 10 and every choice; precomputed: depths 2 and 6, every choice (36 frames).
GRADIENTS = Widget(
    name="gradients",
    controls=(
        Slider("depth", "hidden layers", tuple(float(d) for d in range(1, 11)), 6.0, (2.0, 6.0)),
        Choice("activation", "activation", (("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu")),
               default="sigmoid"),
        Choice("init", "initialisation", tuple((k, k) for k in WIDGET_INITS), default="xavier"),
        Choice("clip", "clipping", (("off", False), ("on, at 1", True)), default=False),
    ),
    draw=gradients_frame,
    static="grid",
)


def gradients_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The chapter 6 widget with its controls at ``start`` (``depth``, ``activation``, ``init``, ``clip``); see
    :func:`nnlearn.widgets.declare.show` for ``mode`` and the errors raised."""
    return show(GRADIENTS, mode=mode, **start)
