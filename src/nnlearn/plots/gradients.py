r"""The figures of chapter 6: per-layer gradient norms, and what makes them vanish or explode.

Every function takes the plain data of :mod:`nnlearn.vanishing` and returns a
:class:`matplotlib.figure.Figure`. Colours (from :mod:`nnlearn.style`, one meaning
each): gradient norms are error signals flowing backward, so a single set of bars is
:data:`~nnlearn.style.BACKWARD` red; several runs compared on one axis take the
line styles and markers of :func:`~nnlearn.style.series` (one hue); a diverged run, a dead unit and a threshold
that the source article gives are :data:`~nnlearn.style.MISTAKE`; reference lines are
:data:`~nnlearn.style.NEUTRAL`. Gradient norms span many orders of magnitude, so they
are drawn on a log scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import style
from ..precision import rounded
from ..vanishing import DEAD_RULE, Run

__all__ = ["plot_power_table", "plot_norm_bars", "plot_norm_curves", "plot_fixes", "plot_init_grid",
           "plot_exploding", "plot_norm_histogram", "plot_dead_fraction", "plot_gradcheck", "draw_norm_bars",
           "draw_loss"]


def _series(i: int) -> dict:
    """Matplotlib keywords of comparison run ``i``: the book's path colour, told apart by line style and marker."""
    return style.series(i % len(style.SERIES_LINESTYLES))


def _log_limits(values: np.ndarray) -> tuple[float, float] | None:
    """Whole decades around the positive finite ``values`` (at least one decade), or None if there are none."""
    values = np.asarray(values, dtype=float)
    pos = values[np.isfinite(values) & (values > 0)]
    if pos.size == 0:
        return None
    lo, hi = np.floor(np.log10(pos.min())), np.ceil(np.log10(pos.max()))
    return 10.0 ** lo, 10.0 ** max(hi, lo + 1)


def plot_power_table(rows: Sequence[Mapping]) -> Figure:
    """The bound :math:`0.25^L` against :math:`L` (rows of :func:`nnlearn.vanishing.power_table`), log scale."""
    L = [r["L"] for r in rows]
    v = [r["value"] for r in rows]
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.2))
    ax.semilogy(L, v, "o-", color=style.BACKWARD, ms=4)
    ax.set_xlabel("sigmoid layers passed, $L$")
    ax.set_ylabel(r"largest factor $0.25^L$")
    ax.set_title("Each sigmoid layer can shrink the error signal four times or more")
    ax.set_xticks(L[1::2] if len(L) > 10 else L)
    fig.tight_layout()
    return fig


def draw_norm_bars(ax: Axes, norms: np.ndarray, *, color: str = style.BACKWARD, title: str | None = None,
                   ylim: tuple[float, float] | None = None) -> None:
    """Bars of per-hidden-layer gradient norms (layer 1 first) on ``ax``, log scale; zeros and
    non-finite norms are marked in words instead of drawn."""
    norms = rounded(np.asarray(norms, dtype=float))  # the policy's digits: the same figure on every machine
    layers = np.arange(1, len(norms) + 1)
    ok = np.isfinite(norms) & (norms > 0)
    ax.bar(layers[ok], norms[ok], color=color, width=0.7)
    ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    for l in layers[~ok]:
        ax.text(l, 0.5, "0" if norms[l - 1] == 0 else "inf/nan", transform=ax.get_xaxis_transform(),
                ha="center", va="center", color=style.MISTAKE, fontsize=9, rotation=90)
    ax.set_xticks(layers)
    ax.set_xlabel("hidden layer $l$")
    if title:
        ax.set_title(title, fontsize=11)


def plot_norm_bars(norms_by_depth: Mapping[int, np.ndarray]) -> Figure:
    r"""One panel per depth: :math:`\lVert \partial L/\partial W^l \rVert` of each hidden layer at initialisation."""
    n = len(norms_by_depth)
    fig, axes = plt.subplots(1, n, figsize=(style.FIG_WIDTH, 3.0), sharey=True)
    axes = np.atleast_1d(axes)
    ylim = _log_limits(np.concatenate([np.asarray(v, dtype=float) for v in norms_by_depth.values()]))
    for ax, (depth, norms) in zip(axes, norms_by_depth.items()):
        draw_norm_bars(ax, norms, title=f"{depth} hidden layers", ylim=ylim)
    axes[0].set_ylabel(r"$\|\partial L/\partial W^l\|$ at the start")
    fig.suptitle("Sigmoid networks: the earlier the layer, the smaller its gradient", fontsize=12)
    fig.tight_layout()
    return fig


def plot_norm_curves(r: Run, every: int = 1) -> Figure:
    r"""Each hidden layer's :math:`\lVert \partial L/\partial W^l \rVert` over the epochs of one run (log scale)."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.4))
    depth = r.norms.shape[1]
    steps = np.arange(r.norms.shape[0])
    shades = np.linspace(0.35, 1.0, depth)
    for l in range(depth):
        ax.semilogy(steps[::every], r.norms[::every, l], color=style.BACKWARD, alpha=float(shades[l]),
                    lw=1.6, label=f"layer {l + 1}")
    ax.set_xlabel("epoch (one full-batch step each)")
    ax.set_ylabel(r"$\|\partial L/\partial W^l\|$")
    ax.set_title(f"{r.label}: the first layer never catches up; then all stall")
    ax.legend(ncol=min(depth, 6), fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.08))
    fig.tight_layout()
    return fig


def draw_loss(ax: Axes, runs: Sequence[Run], colors: Sequence[str] | None = None, cap: float = 1e6) -> None:
    """The training loss of each run over the epochs; a diverged run is cut at its divergence and marked.
    Losses above ``cap`` are drawn at ``cap`` (the axis would otherwise span hundreds of decades)."""
    for i, r in enumerate(runs):
        look = {"color": colors[i]} if colors is not None else _series(i)
        finite = np.isfinite(r.loss)
        steps = np.arange(len(r.loss))
        shown = rounded(np.minimum(r.loss[finite], cap))  # the policy's digits: the same figure on every machine
        ax.plot(steps[finite], shown, **look, lw=1.8, label=r.label)
        if r.diverged_at is not None:
            last = int(np.flatnonzero(finite)[-1]) if finite.any() else 0
            y = min(float(r.loss[last]), cap) if finite.any() else cap
            ax.plot([last], [y], "x", color=style.MISTAKE, ms=10, mew=2.5)
            ax.annotate(f"diverged at step {r.diverged_at}", (last, y), textcoords="offset points",
                        xytext=(8, -4), color=style.MISTAKE, fontsize=9, va="top")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")


#: Marker (lines) and hatch (bars) of each activation in the fixes figure; the residual network has its own.
_FIX_MARKS = {"sigmoid": ("o", ""), "tanh": ("s", ".."), "relu": ("^", "xx"), "residual": ("D", "--")}


def _fix_style(label: str) -> tuple[str, str, str]:
    """(marker, hatch, line style) of a configuration: marker and hatch by activation (the residual network
    has its own), line style by initialiser ("-" Xavier, "--" He). One hue, the book's path colour."""
    act = "residual" if "residual" in label else label.split(",")[0].strip()
    marker, hatch = _FIX_MARKS.get(act, ("v", "||"))
    he = "," in label and "he" in label.split(",")[1]
    return marker, hatch, "--" if he else "-"


def plot_fixes(runs: Mapping[str, Run]) -> Figure:
    """Left: last over first hidden layer's gradient norm at the start, per configuration (log scale);
    right: the training loss of each configuration. One colour per activation (and one for the residual
    network); He initialisation hatched and dashed, Xavier plain and solid."""
    labels = list(runs)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 4.0), gridspec_kw={"width_ratios": [1, 1.2]})
    y = np.arange(len(labels))
    for i, k in enumerate(labels):
        marker, hatch, ls = _fix_style(k)
        a1.barh(i, runs[k].ratio, color=style.PAPER if ls == "--" else style.NEUTRAL, hatch=hatch or None,
                edgecolor=style.PATH, linewidth=1.0)
        r = runs[k]
        finite = np.isfinite(r.loss)
        a2.plot(np.arange(len(r.loss))[finite], r.loss[finite], color=style.PATH, ls=ls, lw=1.4, marker=marker,
                markevery=0.12, ms=4, label=k)
    a1.set_xscale("log")
    a1.axvline(1.0, color=style.NEUTRAL, lw=1)
    a1.set_yticks(y, labels, fontsize=9)
    a1.invert_yaxis()
    a1.set_xlabel("last / first layer's gradient")
    a1.set_title("Gap at the start", fontsize=11)
    a2.set_yscale("log")
    a2.set_xlabel("epoch")
    a2.set_ylabel("training loss")
    a2.set_title("Training loss", fontsize=11)
    a2.legend(fontsize=7, loc="lower left", ncol=2)
    fig.suptitle("The same 6-layer network: an even gradient is what lets it learn", fontsize=12)
    fig.tight_layout()
    return fig


def plot_init_grid(grid: np.ndarray, activations: Sequence[str], inits: Sequence[str]) -> Figure:
    """A grid of per-layer gradient-norm bars at initialisation: rows activations, columns initialisers,
    one shared log scale (``grid`` of shape ``(rows, cols, depth)``, :func:`nnlearn.vanishing.init_grid`)."""
    rows, cols = len(activations), len(inits)
    fig, axes = plt.subplots(rows, cols, figsize=(style.FIG_WIDTH, 1.9 * rows + 0.6), sharex=True, sharey=True,
                             squeeze=False)
    ylim = _log_limits(grid)
    for i, a in enumerate(activations):
        for j, init in enumerate(inits):
            ax = axes[i, j]
            draw_norm_bars(ax, grid[i, j], ylim=ylim, title=f"{a}, {init}")
            if i < rows - 1:
                ax.set_xlabel("")
        axes[i, 0].set_ylabel(r"$\|\partial L/\partial W^l\|$", fontsize=9)
    fig.suptitle("Gradient norm per layer at the start: activation x initialisation", fontsize=12)
    fig.tight_layout()
    return fig


def plot_exploding(free: Run, clipped: Run) -> Figure:
    """Left: the starting per-layer gradient norms of the large-scale network; right: the loss of both
    runs (log scale), the diverged one marked where it stopped."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.4), gridspec_kw={"width_ratios": [1, 1.4]})
    draw_norm_bars(a1, free.norms[0], title="gradients at the start")
    a1.set_ylabel(r"$\|\partial L/\partial W^l\|$")
    draw_loss(a2, [free, clipped], colors=[style.MISTAKE, style.PATH])
    a2.set_yscale("log")
    a2.legend(fontsize=9, loc="upper right")
    a2.set_title("loss without and with clipping", fontsize=11)
    fig.suptitle("Exploding gradients: large starting weights, and clipping by global norm", fontsize=12)
    fig.tight_layout()
    return fig


def plot_norm_histogram(norms: np.ndarray, threshold: float, used: float | None = None,
                        percentile: float = 95) -> Figure:
    """A histogram of global gradient norms (log-spaced bins) with the percentile rule's threshold
    and, if given, the threshold actually ``used``."""
    norms = np.asarray(norms, dtype=float)
    norms = norms[np.isfinite(norms) & (norms > 0)]
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.0))
    lo, hi = np.log10(norms.min()), np.log10(norms.max())
    bins = np.logspace(lo - 0.05, hi + 0.05, 16)
    ax.hist(norms, bins=bins, color=style.BACKWARD, alpha=0.8)
    ax.set_xscale("log")
    ax.axvline(threshold, color=style.MISTAKE, lw=2, ls="--", label=f"{percentile:g}th percentile")
    if used is not None:
        ax.axvline(used, color=style.PARAM, lw=2, label="threshold used")
    ax.set_xlabel("global gradient norm before clipping")
    ax.set_ylabel("steps")
    ax.set_title("Early gradient norms and the percentile rule")
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_dead_fraction(runs: Mapping[str, Run]) -> Figure:
    """The fraction of hidden units that are off for every training example (all layers together) over
    the epochs, one line per run; dashed line at the source article's 10% rule."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.4))
    for i, (label, r) in enumerate(runs.items()):
        frac = r.inactive.mean(axis=1)
        ls = ":" if label.startswith("leaky") else "-"
        ax.plot(np.arange(len(frac)), 100 * frac, **{**_series(i), "linestyle": ls}, lw=2, label=label)
    ax.axhline(100 * DEAD_RULE, color=style.MISTAKE, ls="--", lw=1.2)
    ax.text(0, 100 * DEAD_RULE, " the 10% rule of thumb", color=style.MISTAKE, va="bottom", fontsize=9)
    ax.set_ylim(0, 100)
    ax.set_xlabel("epoch")
    ax.set_ylabel("units off on every example (%)")
    ax.set_title("Dying ReLU: units that never switch on again")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.26), ncol=3)
    fig.tight_layout()
    return fig


def plot_gradcheck(rows_by_depth: Mapping[int, Sequence[Mapping]]) -> Figure:
    """Largest gradient entry of each weight matrix against its layer, per depth, with the noise floor of
    the finite differences; the matrices the check cannot judge are ringed."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.6))
    floor = max(r["noise floor"] for rows in rows_by_depth.values() for r in rows)
    for i, (depth, rows) in enumerate(rows_by_depth.items()):
        layers = [r["layer"] for r in rows]
        g = [r["max |gradient|"] for r in rows]
        ax.semilogy(layers, g, **_series(i), label=f"{depth} hidden layers", ms=5)
        bad = [(l, v) for l, v, r in zip(layers, g, rows) if r["verdict"] != "good"]
        if bad:
            ax.plot(*zip(*bad), "o", mfc="none", mec=style.MISTAKE, ms=11, mew=1.8)
    ax.axhline(floor, color=style.NEUTRAL, ls="--")
    ax.text(1, floor, " noise floor of the finite differences", va="bottom", fontsize=9, color=style.INK)
    ax.plot([], [], "o", mfc="none", mec=style.MISTAKE, ms=11, mew=1.8, label="check cannot judge")
    ax.set_xlabel("weight matrix $W^l$ (the last one is the output layer's)")
    ax.set_ylabel(r"largest $|\partial L/\partial W^l_{jk}|$")
    ax.set_title("Where the gradient check stops being able to judge")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
