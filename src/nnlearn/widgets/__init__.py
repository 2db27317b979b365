"""Interactive widgets of the older kind, as declarations: controls plus a pure function from their values
to a figure and a one-line summary (see :mod:`nnlearn.widgets.declare`, which builds the live JupyterLab
widget and the precomputed one of the static HTML book from the same declaration).

Chapters 1 to 4 moved to widgets that compute in the browser (:mod:`nnlearn.book.widgets`,
``nnlearn.chapters.<slug>.widget``); the others follow, and this package goes away with the last of them
(issue 24).

- :mod:`nnlearn.widgets.playground`: chapter 5, :data:`~nnlearn.widgets.playground.PLAYGROUND`
- :mod:`nnlearn.widgets.gradients`: chapter 6, :data:`~nnlearn.widgets.gradients.GRADIENTS`
"""

from .declare import Choice, Frame, Slider, Widget, render_png, show

__all__ = ["Choice", "Frame", "Slider", "Widget", "render_png", "show", "declarations"]


def declarations() -> dict[str, Widget]:
    """Every widget declaration of the book, by name (what the snapshot, browser and benchmark code read)."""
    from .gradients import GRADIENTS
    from .playground import PLAYGROUND

    return {w.name: w for w in (PLAYGROUND, GRADIENTS)}
