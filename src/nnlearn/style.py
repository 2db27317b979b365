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
``PATH``               a trajectory of parameters during training (= ``PARAM``)
``NEUTRAL``            context: grids, reference lines, contours
=====================  ==========================================================
"""

from __future__ import annotations

FORWARD = "#1b9e4b"  # green: values flowing forward
BACKWARD = "#d62728"  # red: error signals flowing backward
PARAM = "#222222"  # near-black: weights, biases and what they draw (a decision boundary)
CLASS0 = "#e69f00"  # orange: examples with y = 0
CLASS1 = "#0072b2"  # blue: examples with y = 1
MISTAKE = "#7a0177"  # purple: misclassified points, divergence
PATH = PARAM  # a path of the parameters during training: where the parameters go, so their colour
NEUTRAL = "#9a9a9a"  # grey: grids, contours, reference lines

#: A qualitative sequence for comparing several runs on one axis (e.g. learning
#: rates). None of these colours carries another meaning in the book: no green,
#: red, orange, blue, purple, black or grey.
SERIES = ("#8c6d31", "#cc79a7", "#17becf", "#bcbd22")

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
