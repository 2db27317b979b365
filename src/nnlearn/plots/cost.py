"""What a gradient costs: memory of the forward cache, work by backpropagation and by central
differences, and the accuracy of a finite difference against its step.

Each function draws data computed elsewhere (:mod:`nnlearn.backprop_general`); colours come from
:mod:`nnlearn.style`: ``SERIES`` for the runs being compared, ``NEUTRAL`` for reference lines,
``BACKWARD`` for backpropagation (it is the backward pass) and the first ``SERIES`` colour for finite
differences (a method being compared, with no meaning of its own).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style

__all__ = ["plot_cache_memory", "plot_gradient_work", "plot_epsilon_sweep", "plot_deep_check"]


def plot_cache_memory(rows: Sequence[dict]) -> Figure:
    """Memory of the forward cache against depth, one line per width: computed from the shapes
    (line) and measured (markers). ``rows`` as returned by
    :func:`nnlearn.backprop_general.memory_rows`."""
    if not rows:
        raise ValueError("rows is empty: nothing to draw")
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.8), layout="constrained")
    widths = sorted({r["width"] for r in rows})
    for i, width in enumerate(widths):  # widths told apart by line style and marker (one hue)
        s = style.series(i)
        mine = sorted((r for r in rows if r["width"] == width), key=lambda r: r["depth"])
        depths = [r["depth"] for r in mine]
        ax.plot(depths, [r["predicted"] / 2**20 for r in mine], color=s["color"], ls=s["linestyle"], lw=2,
                label=f"width {width}: from the shapes")
        ax.plot(depths, [r["measured"] / 2**20 for r in mine], s["marker"], color=s["color"], ms=7,
                mfc=style.PAPER, mew=2, label=f"width {width}: measured")
    ax.set_xlabel("hidden layers (depth)")
    ax.set_ylabel("forward cache (MiB)")
    ax.set_title(f"The cache grows linearly with depth and width (float64, {rows[0]['n']} examples)")
    ax.legend(fontsize=9, ncol=2)
    return fig


def plot_gradient_work(work: Sequence, measured: Sequence[dict] | None = None) -> Figure:
    """Multiply-adds of one gradient against the parameter count, log-log: backpropagation and
    central differences (``work``: :class:`~nnlearn.backprop_general.GradientWork` rows). With
    ``measured`` (rows with ``"P"``, ``"backprop"`` and ``"fd"`` times in seconds) a second panel
    shows the measured times."""
    if not work:
        raise ValueError("work is empty: nothing to draw")
    ncols = 2 if measured else 1
    fig, axes = plt.subplots(1, ncols, figsize=(style.FIG_WIDTH, 3.9), layout="constrained", squeeze=False)
    ax = axes[0, 0]
    P = np.array([w.parameters for w in work], dtype=float)
    ax.loglog(P, [w.differences for w in work], "-.", color=style.PATH, lw=2, label="central differences")
    ax.loglog(P, [w.backprop for w in work], "-", color=style.BACKWARD, lw=2, label="backpropagation")
    ax.loglog(P, [w.forward for w in work], "--", color=style.NEUTRAL, lw=1.5, label="one forward pass")
    ax.set_xlabel("parameters")
    ax.set_ylabel("multiply-adds per gradient")
    ax.set_title("Counted work")
    ax.legend(fontsize=9)
    if measured:
        ax2 = axes[0, 1]
        Pm = [r["P"] for r in measured]
        ax2.loglog(Pm, [r["fd"] for r in measured], "s-.", color=style.PATH, lw=2, label="central differences")
        ax2.loglog(Pm, [r["backprop"] for r in measured], "o-", color=style.BACKWARD, lw=2,
                   label="backpropagation")
        ax2.set_xlabel("parameters")
        ax2.set_ylabel("seconds per gradient")
        ax2.set_title("Measured time")
        ax2.legend(fontsize=9)
    fig.suptitle("One gradient: two forward passes per parameter, or one backward pass")
    return fig


def plot_epsilon_sweep(sweep) -> Figure:
    """Relative error of central differences against the step, log-log, for float64 and float32
    (``sweep``: an :class:`~nnlearn.backprop_general.EpsilonSweep`), with the band limit 1e-7."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.8), layout="constrained")
    for i, (name, errs) in enumerate(sweep.errors.items()):
        s = style.series(i)
        errs = np.asarray(errs, dtype=float)
        ok = np.isfinite(errs)
        ax.loglog(np.asarray(sweep.eps)[ok], np.maximum(errs[ok], 1e-17), color=s["color"], ls=s["linestyle"],
                  marker=s["marker"], lw=2, label=name)
    ax.axhline(1e-7, color=style.NEUTRAL, ls="--", lw=1.2)
    ax.text(sweep.eps[-1], 1.5e-7, "good: below 1e-7", color=style.NEUTRAL, fontsize=9, ha="right", va="bottom")
    ax.invert_xaxis()
    ax.set_xlabel("step \u03b5 (smaller to the right)")
    ax.set_ylabel("relative error")
    ax.set_title("Too large a step errs by curvature, too small by rounding")
    ax.legend(fontsize=9)
    return fig


def plot_deep_check(check) -> Figure:
    """The largest weight gradient of each layer (backpropagation) against the resolution of central
    differences, log scale (``check``: a :class:`~nnlearn.backprop_general.DeepCheck`)."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.6), layout="constrained")
    layers = np.arange(1, len(check.gradient_sizes) + 1)
    ax.semilogy(layers, check.gradient_sizes, "o-", color=style.BACKWARD, lw=2,
                label="largest |\u2202L/\u2202W| in the layer (backpropagation)")
    ax.axhline(check.resolution, color=style.NEUTRAL, ls="--", lw=1.5)
    ax.text(layers[-1], check.resolution * 2.5, "rounding error of a difference quotient, u|L|/\u03b5",
            color=style.NEUTRAL, fontsize=9, ha="right", va="bottom")
    ax.set_xlabel("layer l")
    ax.set_ylabel("size of the gradient")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"{len(layers)} sigmoid layers: the first gradients sink into rounding noise")
    ax.legend(fontsize=9, loc="upper left")
    return fig
