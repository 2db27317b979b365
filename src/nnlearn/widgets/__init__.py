"""Interactive widgets, as declarations: controls plus a pure function from their values to a figure
and a one-line summary (see :mod:`nnlearn.widgets.declare`, which builds the live JupyterLab widget and
the precomputed one of the static HTML book from the same declaration).

- :mod:`nnlearn.widgets.perceptron`: chapter 1, :data:`~nnlearn.widgets.perceptron.PERCEPTRON`
- :mod:`nnlearn.widgets.descent`: chapter 2, :data:`~nnlearn.widgets.descent.DESCENT`
- :mod:`nnlearn.widgets.by_hand`: chapter 3, :data:`~nnlearn.widgets.by_hand.BY_HAND`
- :mod:`nnlearn.widgets.backprop_steps`: chapter 4, :data:`~nnlearn.widgets.backprop_steps.BACKPROP_STEPS`
- :mod:`nnlearn.widgets.playground`: chapter 5, :data:`~nnlearn.widgets.playground.PLAYGROUND`
- :mod:`nnlearn.widgets.gradients`: chapter 6, :data:`~nnlearn.widgets.gradients.GRADIENTS`
"""

from .declare import Choice, Frame, Slider, Widget, render_png, show

__all__ = ["Choice", "Frame", "Slider", "Widget", "render_png", "show", "declarations"]


def declarations() -> dict[str, Widget]:
    """Every widget declaration of the book, by name (what the snapshot, browser and benchmark code read)."""
    from .backprop_steps import BACKPROP_STEPS
    from .by_hand import BY_HAND
    from .descent import DESCENT
    from .gradients import GRADIENTS
    from .perceptron import PERCEPTRON
    from .playground import PLAYGROUND

    return {w.name: w for w in (PERCEPTRON, DESCENT, BY_HAND, BACKPROP_STEPS, PLAYGROUND, GRADIENTS)}
