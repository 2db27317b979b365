"""The book's visual vocabulary: one colour per idea, used by every figure.

Every plotting function in :mod:`nnlearn` takes its colours from here, so a
reader who has learned that green means "a value flowing forward" and red
means "an error signal flowing backward" in chapter 3 can rely on it in
chapter 6 too.

=====================  ==========================================================
name                   meaning
=====================  ==========================================================
``FORWARD``            forward values: inputs, pre-activations z, activations a
``BACKWARD``           backward error signals: delta, dL/dz, dL/dW, gradients
``PARAM``              parameters W, b and the things they define (a boundary)
``CLASS0``/``CLASS1``  the two classes of a binary data set (y = 0 / y = 1)
``MISTAKE``            a misclassified point or a failure (diverged, wrong)
``PATH``               a trajectory of parameters during training
``NEUTRAL``            context: grids, reference lines, contours
=====================  ==========================================================
"""

from __future__ import annotations

FORWARD = "#1b9e4b"  # green: values flowing forward
BACKWARD = "#d62728"  # red: error signals flowing backward
PARAM = "#1f4e9c"  # dark blue: weights, biases and the decision boundary they draw
CLASS0 = "#f28e2b"  # orange: examples with y = 0
CLASS1 = "#4e79a7"  # steel blue: examples with y = 1
MISTAKE = "#7a0177"  # purple: misclassified points, divergence
PATH = "#222222"  # near-black: an optimisation path
NEUTRAL = "#9a9a9a"  # grey: grids, contours, reference lines

#: A qualitative sequence for comparing several runs on one axis (e.g. learning
#: rates); it avoids FORWARD green and BACKWARD red so they keep their meaning.
SERIES = ("#1f4e9c", "#f28e2b", "#7a0177", "#8c6d31", "#17becf", "#6b6ecf")

#: Width of a figure in inches that reads well at the book's text width.
FIG_WIDTH = 7.0


def apply_book_style() -> None:
    """Set matplotlib defaults used by every figure in the book.

    Deterministic output (no date in saved files), readable font sizes at
    book width, and a light grid.
    """
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (FIG_WIDTH, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "nnlearn",
            "image.cmap": "viridis",
        }
    )
