"""The book's visual vocabulary: one colour per idea, used by every figure.

Every plotting function in :mod:`nnlearn` takes its colours from here, so a
reader who has learned that green means "a value flowing forward" and red
means "an error signal flowing backward" in chapter 3 can rely on it in
every later chapter too. The same table is on the book's notation page.

=====================  ==========================================================
name                   meaning
=====================  ==========================================================
``FORWARD``            forward values: inputs, pre-activations z, activations a
``BACKWARD``           backward error signals: delta, dL/dz, dL/dW, gradients
``PARAM``              parameters W, b and the things they define (a boundary)
``PATH``               a run: the path of the parameters during training and its
                       loss curve (= ``PARAM``); several runs on one axis differ
                       by line style and marker (:func:`series`)
``CLASS0``/``CLASS1``  the two classes of a binary data set (y = 0 / y = 1)
``MISTAKE``            a misclassified point or a failure (diverged, wrong)
``NEUTRAL``            context: grids, contours, reference lines, data points
                       without a class
``SURFACE_CMAP``       shades of grey: the height of a loss surface
``INK``/``PAPER``      text, axes and outlines / the background and marker faces
=====================  ==========================================================

Every pair of these colours stays at least a CIE76 Delta E of 20 apart in normal
vision and under simulated deuteranopia, protanopia and tritanopia (Machado,
Oliveira and Fernandes 2009, full severity), and ``FORWARD``/``BACKWARD`` at
least 40 apart: ``tests/test_style.py`` checks it with the ``colorspacious``
library. The forward green is a bluish green and the backward red a dark
red, so the pair differs in lightness and in the blue-yellow direction, which
every kind of colour vision sees.

Figures are drawn at :data:`FIGURE_DPI` CSS pixels per inch of figure and stored
at :data:`PIXEL_DENSITY` times as many pixels (:func:`render_png`), so they stay
sharp on high-density screens.
"""

from __future__ import annotations

import io

FORWARD = "#009c82"  # bluish green: values flowing forward
BACKWARD = "#950100"  # dark red: error signals flowing backward
PARAM = "#434c42"  # dark grey: weights, biases and what they draw (a decision boundary)
PATH = PARAM  # a run: where the parameters go during training, so their colour
CLASS0 = "#d67736"  # orange: examples with y = 0
CLASS1 = "#3460b2"  # blue: examples with y = 1
MISTAKE = "#742b6a"  # plum: misclassified points, divergence
NEUTRAL = "#bbc2c7"  # light grey: grids, contours, reference lines
INK = "#000000"  # black: text, axes, outlines of markers
PAPER = "#ffffff"  # white: the figure's background, faces of hollow markers, boxes behind text

#: The colour map of a loss surface's filled contours: its height in shades of grey (matplotlib's "Greys").
SURFACE_CMAP = "Greys"

#: Every named colour of the book, name -> colour; the notation page lists each of them.
PALETTE = {"FORWARD": FORWARD, "BACKWARD": BACKWARD, "PARAM": PARAM, "CLASS0": CLASS0, "CLASS1": CLASS1,
           "MISTAKE": MISTAKE, "NEUTRAL": NEUTRAL, "INK": INK, "PAPER": PAPER}

#: The same meanings on a dark page (the widgets, which follow the page's light or dark mode; ``PAPER`` is the
#: dark theme's background): each colour keeps its hue family (within 30 degrees of hue in CIE LCh) and is
#: light enough on the dark ``PAPER`` (text at least 4.5:1, marks at least 3:1, the grid's ``NEUTRAL``
#: excepted); chosen by a search for the largest separations, and ``tests/test_style.py`` checks the same
#: colour-vision separations as for :data:`PALETTE`.
DARK_PALETTE = {"FORWARD": "#affbb6", "BACKWARD": "#c13a37", "PARAM": "#969681", "CLASS0": "#e08a4f",
                "CLASS1": "#4d6495", "MISTAKE": "#d68bcb", "NEUTRAL": "#4a4a4a", "INK": "#e6e7ec",
                "PAPER": "#14181e"}

#: Runs compared on one axis (learning rates, losses, batch sizes) are drawn in the ``PATH`` colour and told
#: apart by line style and marker, which survive any colour vision and a black-and-white printer.
SERIES_LINESTYLES = ("-", "--", ":", "-.")
SERIES_MARKERS = ("o", "s", "^", "D")

#: Width of a figure in inches that reads well at the book's text width.
FIG_WIDTH = 7.0
#: CSS pixels per inch of figure: a figure FIG_WIDTH inches wide is shown 700 CSS px wide.
FIGURE_DPI = 100
#: Device pixels per CSS pixel of a saved figure: 2 keeps figures sharp on high-density ("retina") screens.
PIXEL_DENSITY = 2
#: Device pixels per CSS pixel of a precomputed widget frame (:mod:`nnlearn.widgets.declare`). A chapter page
#: carries every frame of its widgets (up to about 200), so frames trade a little sharpness for page weight:
#: at 2 the pages of chapters 2 and 3 weigh about 12 MB, over the book's 10 MB limit per page.
FRAME_DENSITY = 1.5


#: The colour map of a class probability (0 orange, 0.5 paper white, 1 blue), made of the class colours only.
CLASS_CMAP = "nn_classes"


def class_colormap():
    """The colour map :data:`CLASS_CMAP`: :data:`CLASS0` at probability 0, :data:`PAPER` at 0.5,
    :data:`CLASS1` at 1 (decision surfaces, chapter 5)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(CLASS_CMAP, [CLASS0, PAPER, CLASS1])


def series(i: int) -> dict:
    """Matplotlib keywords (``color``, ``linestyle``, ``marker``, ``markevery``) for run ``i`` of a comparison.

    Raises
    ------
    ValueError
        If ``i`` is not one of ``0 .. len(SERIES_LINESTYLES) - 1``.
    """
    if not isinstance(i, int) or not 0 <= i < len(SERIES_LINESTYLES):
        raise ValueError(f"i must be an int in 0..{len(SERIES_LINESTYLES) - 1} (one line style per run), got {i!r}")
    return {"color": PATH, "linestyle": SERIES_LINESTYLES[i], "marker": SERIES_MARKERS[i], "markevery": 0.1}


def render_png(fig) -> bytes:
    """The PNG bytes of matplotlib figure ``fig`` at :data:`PIXEL_DENSITY` times :data:`FIGURE_DPI`, cropped
    to what is drawn (as Jupyter's inline figures are).

    Show it :func:`display_width` CSS pixels wide (``<img width=...>``, ``ipywidgets.Image(width=...)``):
    each CSS pixel then holds ``PIXEL_DENSITY`` x ``PIXEL_DENSITY`` device pixels.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI * PIXEL_DENSITY, facecolor=PAPER, bbox_inches="tight",
                metadata={"Software": None})
    return buffer.getvalue()


def display_width(png: bytes, density: float = PIXEL_DENSITY) -> int:
    """The width in CSS pixels at which to show ``png`` (made by :func:`render_png`): its pixel width over
    ``density`` (:data:`PIXEL_DENSITY`, or :data:`FRAME_DENSITY` for a widget frame)."""
    import struct

    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("png must be the bytes of a PNG image")
    width = struct.unpack(">I", png[16:20])[0]
    return round(width / density)


def png_for_display(fig) -> tuple[bytes, dict] | None:
    """What a notebook shows for figure ``fig`` (IPython's image/png formatter, installed by
    :func:`apply_book_style`): the PNG of :func:`render_png` and its metadata ``{"width": <CSS px>}``,
    or None for an empty figure."""
    if not fig.axes and not fig.texts and not fig.images:
        return None  # an empty figure shows nothing, as with matplotlib's own inline formatter
    png = render_png(fig)
    return png, {"width": display_width(png)}


def apply_book_style() -> None:
    """Set matplotlib defaults used by every figure in the book.

    Deterministic output (no date in saved files), readable font sizes at
    book width, a light grid, the book's ink and paper colours, and, inside
    IPython, figures shown as PNGs at :data:`PIXEL_DENSITY` (see :func:`render_png`).
    """
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (FIG_WIDTH, 4.2),
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI * PIXEL_DENSITY,
            "figure.facecolor": PAPER,
            "savefig.facecolor": PAPER,
            "axes.facecolor": PAPER,
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "grid.color": NEUTRAL,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "nnlearn",
            "image.cmap": SURFACE_CMAP,
        }
    )
    _show_figures_at_full_density()


def _show_figures_at_full_density() -> None:
    """Inside IPython, replace the inline backend's PNG formatter with :func:`png_for_display`."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # Load the backend now: the inline backend installs its own PNG formatter when its module is first
    # imported, which matplotlib otherwise does lazily, at the first figure, after this function.
    plt.switch_backend(matplotlib.get_backend())

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_for_display)
