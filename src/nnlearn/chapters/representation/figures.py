r"""The figures of chapter 8, each drawn from the plain data of :mod:`.compute`.

Colours (from :mod:`nnlearn.style`, one meaning each): what a network computes is a forward value, so the
network's function and its parts (steps, bumps, hinges, hats) are :data:`~nnlearn.style.FORWARD` (the
parts thin and light, their sum bold); the target the network should match is :data:`~nnlearn.style.INK`,
dashed; the largest error is marked in :data:`~nnlearn.style.MISTAKE`; training runs are
:data:`~nnlearn.style.PATH`; several series on one axis (targets, numbers of bumps) differ by line style and
marker (:func:`nnlearn.style.series`). Heights over the plane are shades of grey
(:data:`~nnlearn.style.SURFACE_CMAP`). Every float drawn goes through :func:`nnlearn.precision.rounded`,
so the pixels do not depend on the machine's last bits.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ... import style
from ...precision import fmt_short, rounded
from . import compute as C

__all__ = ["plot_steps_and_bumps", "plot_hinges_and_hats", "plot_error_against_units", "plot_steepness",
           "plot_towers", "plot_sawtooth", "plot_training", "draw_view"]

_PART_ALPHA = 0.45


def _frame(ax: Axes, title: str | None = None, ylabel: str | None = None) -> None:
    ax.set_xlim(0, 1)
    ax.set_xlabel("input $x$")
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)


def draw_view(ax: Axes, view: C.ApproximationView, *, parts: bool = True, error: bool = True,
              title: str | None = None) -> None:
    """Draw an :class:`~.compute.ApproximationView` on ``ax``: the target (dashed ink), each bump or hat
    (thin), the network's function (bold), and the largest error as a segment in the mistake colour."""
    x = view.x
    if parts:
        for p in rounded(view.parts):
            ax.plot(x, p, color=style.FORWARD, lw=0.8, alpha=_PART_ALPHA)
    ax.plot(x, rounded(view.target), color=style.INK, lw=1.4, ls="--", label="target $f$")
    ax.plot(x, rounded(view.output), color=style.FORWARD, lw=2.0, label="network $g$")
    if error:
        at = float(rounded(view.error_at))
        ax.plot([at, at], rounded(list(view.error_segment)), color=style.MISTAKE, lw=2.2, solid_capstyle="butt",
                label="largest error")
    _frame(ax, title)


def plot_steps_and_bumps(view: C.ApproximationView, *, steepness: Sequence[float] = (2.0, 10.0, 50.0),
                         bump: tuple[float, float, float, float] = (0.3, 0.6, 0.8, 50.0)) -> Figure:
    r"""Three panels: one sigmoid unit :math:`\sigma(s(x - \tfrac12))` for each ``steepness``; a bump
    ``(e0, e1, h, s)`` as the difference of two steps; the bumps of ``view`` and their sum against the target."""
    fig, axes = plt.subplots(1, 3, figsize=(style.FIG_WIDTH, 2.7), sharey=False)
    x = np.linspace(0.0, 1.0, C.DRAW_POINTS)
    ax = axes[0]
    for i, s in enumerate(steepness):
        w, b = C.step_parameters(0.5, s)
        kw = style.series(i)
        kw.update(color=style.FORWARD, markevery=0.2, ms=4)
        ax.plot(x, rounded(C._sigmoid(w * x + b)), label=f"$s = {fmt_short(s)}$", **kw)
    ax.legend(fontsize=8, loc="upper left", handlelength=2.2)
    _frame(ax, "one unit: a step at $x = -b/w$", "activation")
    ax = axes[1]
    e0, e1, h, s = bump
    up, down = C._sigmoid(s * (x - e0)), C._sigmoid(s * (x - e1))
    ax.plot(x, rounded(h * up), color=style.FORWARD, lw=0.9, alpha=_PART_ALPHA + 0.2, ls="--")
    ax.plot(x, rounded(h * down), color=style.FORWARD, lw=0.9, alpha=_PART_ALPHA + 0.2, ls=":")
    ax.plot(x, rounded(h * (up - down)), color=style.FORWARD, lw=2.0)
    ax.set_ylim(-0.05, 1.0)
    _frame(ax, "two units: a bump", None)
    ax = axes[2]
    draw_view(ax, view, title=f"{len(view.heights)} bumps: their sum")
    ax.legend(fontsize=7, loc="upper left", handlelength=1.8)
    fig.suptitle("Steps make bumps, and bumps add up to the target", fontsize=12)
    fig.tight_layout()
    return fig


def plot_hinges_and_hats(view: C.ApproximationView, *, node: float = 0.5, half_width: float = 0.2) -> Figure:
    r"""Two panels: one hat at ``node`` as the sum of its three hinges
    :math:`\mathrm{ReLU}(x - c)`; the hats of ``view`` (ReLU) and their sum against the target."""
    fig, axes = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 2.9))
    x = np.linspace(0.0, 1.0, C.DRAW_POINTS)
    ax = axes[0]
    r = 1.0 / half_width
    hinges = [(r, node - half_width, "--"), (-2 * r, node, ":"), (r, node + half_width, "-.")]
    for a, c, ls in hinges:
        ax.plot(x, rounded(a * np.maximum(x - c, 0.0)), color=style.FORWARD, lw=0.9, ls=ls,
                alpha=_PART_ALPHA + 0.2)
    ax.plot(x, rounded(sum(a * np.maximum(x - c, 0.0) for a, c, _ in hinges)), color=style.FORWARD, lw=2.0)
    ax.set_ylim(-1.6, 1.6)
    _frame(ax, "three hinges: a hat", "value")
    draw_view(axes[1], view, title=f"{len(view.heights)} hats: their sum")
    axes[1].legend(fontsize=7, loc="upper left", handlelength=1.8)
    fig.suptitle("Hinges make hats, and hats join the target's values with straight lines", fontsize=12)
    fig.tight_layout()
    return fig


def plot_error_against_units(table: C.ErrorTable) -> Figure:
    """The largest error against the number of hidden units, log-log, one line per target: sigmoid bumps
    (left) and ReLU hinges (right)."""
    fig, axes = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.4), sharey=True)
    for ax, units, errors, title in ((axes[0], table.sigmoid_units, table.sigmoid, "sigmoid bumps"),
                                     (axes[1], table.relu_units, table.relu, "ReLU hinges")):
        for i, name in enumerate(table.targets):
            kw = style.series(i)
            kw["markevery"] = 1
            ax.loglog(units, rounded(errors[name]), label=C.TARGETS[name].label, ms=4, **kw)
        ax.set_xlabel("hidden units")
        ax.set_title(title, fontsize=10)
        ax.set_xticks(units)
        ax.set_xticklabels([str(u) for u in units], fontsize=8)
        ax.minorticks_off()
    axes[0].set_ylabel("largest error $|g - f|$")
    axes[1].legend(fontsize=8, loc="lower left")
    fig.suptitle("More units, smaller error, except for the jump", fontsize=12)
    fig.tight_layout()
    return fig


def plot_steepness(sweep: C.SteepnessSweep) -> Figure:
    r"""The largest error of the bumps against their relative steepness :math:`k = s w`, log-log, one line
    per number of bumps, the smallest error of each marked."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.4))
    for i, n in enumerate(sweep.pieces):
        kw = style.series(i)
        kw["markevery"] = 3
        ax.loglog(sweep.relative, rounded(sweep.errors[i]), label=f"{n} bumps", ms=4, **kw)
        j = int(np.argmin(sweep.errors[i]))
        ax.plot([sweep.relative[j]], rounded([sweep.errors[i, j]]), "o", ms=8, mfc="none", mec=style.MISTAKE,
                mew=1.6)
    ax.set_xlabel(r"relative steepness $k = s\,w$ (the weight $s$ times a bump's width $w$)")
    ax.set_ylabel("largest error")
    ax.set_title(f"{C.TARGETS[sweep.target].label}: too shallow blurs, too steep makes stairs "
                 "(circles: smallest)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_towers(n_cells: int = 8, cell: tuple[int, int] = (2, 5), resolution: int = 81) -> Figure:
    r"""Three heat maps over :math:`[0, 1]^2`, on one grey scale from -1 to 1: one tower (on ``cell``, indices
    along :math:`x_1` and :math:`x_2`) made of corner units, the target :func:`~.compute.hill`, and the sum of
    ``n_cells`` x ``n_cells`` towers."""
    g = np.linspace(0.0, 1.0, resolution)
    x1, x2 = np.meshgrid(g, g, indexing="xy")  # rows: x2, columns: x1 (as imshow draws them)
    X = np.column_stack([x1.ravel(), x2.ravel()])
    panels = ((C.single_tower(n_cells, cell, X), "one tower: four corner units"),
              (C.hill(X), "target $f(x_1, x_2)$"),
              (C.tower_network(C.hill, 2, n_cells).forward(X)[:, 0], f"{n_cells * n_cells} towers: their sum"))
    fig, axes = plt.subplots(1, 3, figsize=(style.FIG_WIDTH, 3.1), layout="constrained")
    for ax, (values, title) in zip(axes, panels):
        im = ax.imshow(rounded(values.reshape(resolution, resolution)), origin="lower", extent=(0, 1, 0, 1),
                       cmap=style.SURFACE_CMAP, vmin=-1.0, vmax=1.0, interpolation="nearest")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("$x_1$", labelpad=1)
        ax.set_xticks([0, 0.5, 1])
        ax.set_yticks([0, 0.5, 1])
        ax.grid(False)
    axes[0].set_ylabel("$x_2$", labelpad=1)
    fig.colorbar(im, ax=list(axes), shrink=0.8, pad=0.02, label="height")
    fig.suptitle("Two inputs: a tower per cell, and the towers add up", fontsize=12)
    return fig


def plot_sawtooth(depths: Sequence[int] = (1, 2, 3, 4)) -> Figure:
    r"""The tent map composed :math:`k` times, as computed by :func:`~.compute.sawtooth_network`, one panel
    per ``k``, with its number of linear pieces counted by :func:`~.compute.linear_pieces`."""
    fig, axes = plt.subplots(1, len(depths), figsize=(style.FIG_WIDTH, 2.3), sharey=True)
    x = np.linspace(0.0, 1.0, 1025)[:, None]  # 1024 intervals: every breakpoint j / 2^k (k <= 10) is a grid point
    for ax, k in zip(np.atleast_1d(axes), depths):
        net = C.sawtooth_network(k)
        pieces = C.linear_pieces(net).count
        ax.plot(x[:, 0], rounded(net.forward(x)[:, 0]), color=style.FORWARD, lw=1.6)
        ax.set_title(f"{k} layer{'s' if k > 1 else ''}, {2 * k} units:\n{pieces} pieces", fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 1])
        ax.set_xlabel("$x$", labelpad=0)
    np.atleast_1d(axes)[0].set_ylabel("output")
    fig.suptitle("Each layer of two ReLU units doubles the number of pieces", fontsize=12)
    fig.tight_layout()
    return fig


def plot_training(study: C.TrainingStudy) -> Figure:
    """Two panels: every run's training loss against the epoch with the construction's loss, and the
    functions: target, construction, the best and the median trained network."""
    fig, axes = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.2))
    ax = axes[0]
    every = max(1, study.epochs // 400)  # a point per few epochs: the same curves, a lighter figure
    epochs = np.arange(study.epochs)[::every]
    for curve in rounded(study.loss[:, ::every]):
        ax.semilogy(epochs, curve, color=style.PATH, lw=0.7, alpha=0.5)
    ax.axhline(float(rounded(study.constructed_loss)), color=style.FORWARD, lw=2.0, ls="--")
    ax.text(study.epochs * 0.98, float(study.constructed_loss) * 1.4, "construction", color=style.INK,
            ha="right", va="bottom", fontsize=8)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (mean squared error)")
    ax.set_title(f"{len(study.seeds)} trained runs", fontsize=10)
    ax = axes[1]
    x = np.linspace(0.0, 1.0, C.DRAW_POINTS)[:, None]
    ax.plot(x[:, 0], rounded(C.target_values(study.target, x[:, 0])), color=style.INK, ls="--", lw=1.4,
            label="target")
    ax.plot(x[:, 0], rounded(C.hinge_network(study.target, study.width).forward(x)[:, 0]), color=style.FORWARD,
            lw=2.0, label="construction")
    ax.plot(x[:, 0], rounded(study.best.forward(x)[:, 0]), color=style.PATH, lw=1.4, label="best trained")
    ax.plot(x[:, 0], rounded(study.median.forward(x)[:, 0]), color=style.PATH, lw=1.4, ls=":",
            label="median trained")
    _frame(ax, f"{study.width} ReLU units each", None)
    ax.legend(fontsize=7, loc="upper left")
    fig.suptitle("The same width, built and trained", fontsize=12)
    fig.tight_layout()
    return fig
