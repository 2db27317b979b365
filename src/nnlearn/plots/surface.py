r"""Decision surfaces of any model with a predict function, and the curves of chapter 5.

:func:`draw_decision_surface` works for any ``predict(X) -> probabilities``
(``X`` of shape ``(m, 2)``, output ``(m,)`` or ``(m, 1)``): it shades the
plane by the predicted probability of class 1 (``CLASS0`` to ``CLASS1``),
draws the boundary :math:`\hat y = 0.5` in ``PARAM``, and the points by class
with a ``MISTAKE`` ring on each misclassified one. :func:`draw_unit_lines`
adds, for a hidden layer :math:`z_j = w_{1j} x_1 + w_{2j} x_2 + b_j`, each
unit's own line :math:`z_j = 0` (in ``FORWARD``: a hidden unit's value is a
forward quantity). Figures take plain data (snapshots, losses, grids) and
return a matplotlib ``Figure``; nothing is shown or saved here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .. import style
from .._checks import as_float_array
from ..precision import fmt_short, rounded
from .boundary import LIMITS, boundary_segment, finish_input_plane

__all__ = ["surface_grid", "draw_decision_surface", "draw_unit_lines", "plot_boundary_evolution",
           "plot_loss_curves", "plot_rate_scale_grid", "plot_stuck_run"]

_CMAP = style.class_colormap()


def surface_grid(lims: tuple[float, float], resolution: int = 81) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square grid over ``lims`` on both axes: ``(xx, yy, points)``, ``points`` of shape ``(resolution**2, 2)``."""
    lo, hi = float(lims[0]), float(lims[1])
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"lims must be two finite numbers, low < high, got {lims!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    g = np.linspace(lo, hi, int(resolution))
    xx, yy = np.meshgrid(g, g)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def draw_decision_surface(ax: Axes, predict: Callable[[np.ndarray], Any], X: Any, y: Any, *,
                          lims: tuple[float, float] = LIMITS, resolution: int = 81, title: str | None = None,
                          small: bool = False, show_count: bool = True) -> Axes:
    r"""Shade ``ax`` by ``predict``'s probability of class 1 over the square ``lims``, draw the boundary
    :math:`\hat y = 0.5` and the points ``X`` (n, 2) with labels ``y`` (n,) in {0, 1}.

    ``predict`` maps an array ``(m, 2)`` to probabilities ``(m,)`` or ``(m, 1)``. If it returns
    anything non-finite the axes say so instead of drawing a surface (never raises for that).
    Raises ``ValueError`` if ``X`` is not ``(n, 2)`` or ``y`` does not match it.
    """
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y, dtype=float).ravel()
    if X.shape[1] != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"X must have shape (n, 2) and y shape (n,), got {X.shape} and {y.shape}")
    xx, yy, pts = surface_grid(lims, resolution)
    with np.errstate(all="ignore"):
        # drawn as the precision policy rounds them: a trained model's last bits differ between BLAS kernels,
        # and a saved figure (a widget frame) must not
        p = rounded(np.asarray(predict(pts), dtype=float).reshape(-1))
        p_X = rounded(np.asarray(predict(X), dtype=float).reshape(-1))
    size = 0.6 if small else 1.0
    if p.shape[0] != pts.shape[0] or not np.isfinite(p).all() or not np.isfinite(p_X).all():
        ax.text(0.5, 0.5, "the model's output is not finite:\nno surface to draw", transform=ax.transAxes,
                ha="center", va="center", color=style.MISTAKE, fontsize=9 if small else 11)
        wrong = np.ones(len(y), dtype=bool)
    else:
        P = p.reshape(xx.shape)
        ax.contourf(xx, yy, P, levels=np.linspace(0, 1, 11), cmap=_CMAP, alpha=0.45, zorder=0,
                    vmin=0, vmax=1)
        if P.min() < 0.5 < P.max():
            ax.contour(xx, yy, P, levels=[0.5], colors=style.PARAM, linewidths=2.0 * size + 0.4, zorder=2)
        wrong = ~np.where(y > 0.5, p_X > 0.5, p_X < 0.5)
    for label, colour, marker in ((0, style.CLASS0, "o"), (1, style.CLASS1, "s")):
        sel = (y > 0.5) == bool(label)
        ax.scatter(X[sel, 0], X[sel, 1], s=(90 if len(y) <= 8 else 14) * size, c=colour, marker=marker,
                   edgecolors=style.INK, linewidths=0.5, zorder=4)
    if len(y) <= 8 and wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], s=380 * size, facecolors="none", edgecolors=style.MISTAKE,
                   linewidths=2.0 * size + 0.3, zorder=4)
    if show_count:
        n_wrong = int(wrong.sum())
        text = "no mistakes" if n_wrong == 0 else f"wrong: {n_wrong} of {len(y)}"
        ax.text(0.03, 0.97, text, transform=ax.transAxes, ha="left", va="top", fontsize=8 if small else 10,
                color=style.MISTAKE if n_wrong else None, zorder=6,
                bbox=dict(boxstyle="round,pad=0.2", fc=style.PAPER, ec="none", alpha=0.85))
    return finish_input_plane(ax, lims, title=title, small=small)


def draw_unit_lines(ax: Axes, W: Any, b: Any, *, lims: tuple[float, float] = LIMITS, small: bool = False) -> Axes:
    r"""Draw each hidden unit's line :math:`w_{1j} x_1 + w_{2j} x_2 + b_j = 0` (``W`` (2, h), ``b`` (h,)),
    dashed, labelled :math:`h_j` at its end; a unit whose line misses the view is left out."""
    W = rounded(as_float_array(W, "W", ndim=2))  # rounded: see draw_decision_surface
    b = rounded(np.asarray(b, dtype=float).ravel())
    if W.shape[0] != 2 or b.shape[0] != W.shape[1]:
        raise ValueError(f"W must have shape (2, h) and b shape (h,), got {W.shape} and {b.shape}")
    for j in range(W.shape[1]):
        if not np.isfinite(W[:, j]).all() or not np.isfinite(b[j]):
            continue
        seg = boundary_segment(W[:, j], float(b[j]), lims)
        if seg is None:
            continue
        ax.plot(seg[:, 0], seg[:, 1], color=style.FORWARD, lw=1.0 if small else 1.4, ls="--", zorder=3)
        left, right = seg[np.argsort(seg[:, 0] + 1e-9 * seg[:, 1])]
        at = left + (0.3 + 0.15 * (j % 4)) * (right - left)  # staggered along the line, inside the view
        ax.text(*at, f"$h_{j + 1}$", color=style.FORWARD, fontsize=7 if small else 9, ha="center",
                va="center", zorder=5, bbox=dict(boxstyle="round,pad=0.1", fc=style.PAPER, ec="none", alpha=0.8))
    return ax


def _predict(net) -> Callable[[np.ndarray], np.ndarray]:
    return lambda P: net.forward(P)[:, 0]


def plot_boundary_evolution(snapshots: Mapping[int, Any], X: Any, y: Any, *, title: str | None = None) -> Figure:
    """Small multiples: the decision surface of each snapshot (``{epoch: network}``, one hidden layer)
    with its hidden units' lines, in epoch order, two rows so each panel stays readable on a phone."""
    epochs = sorted(snapshots)
    if not epochs:
        raise ValueError("snapshots must hold at least one network")
    cols = min(3, len(epochs))
    rows = -(-len(epochs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(style.FIG_WIDTH, 2.5 * rows + 0.5), layout="constrained",
                             squeeze=False)
    for ax, epoch in zip(axes.flat, epochs):
        net = snapshots[epoch]
        draw_decision_surface(ax, _predict(net), X, y, title=f"after {epoch:,} epochs", small=True,
                              resolution=61)
        layer = net.layers[0]
        draw_unit_lines(ax, layer.W, layer.b, small=True)
    for ax in list(axes.flat)[len(epochs):]:
        ax.axis("off")
    if title:
        fig.suptitle(title)
    return fig


def plot_loss_curves(curves: Mapping[str, Any], *, title: str, ylabel: str = "loss (log scale)") -> Figure:
    """One line per run (``{label: losses per epoch}``) against the epoch, log-scaled loss."""
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.4), layout="constrained")
    for i, (label, values) in enumerate(curves.items()):  # runs told apart by line style and marker
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(values.size), values, **style.series(i), lw=1.8, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if len(curves) > 1:
        ax.legend()
    return fig


def plot_stuck_run(net, X: Any, y: Any, *, title: str) -> Figure:
    """A run's decision surface with its hidden units' lines (left) and each hidden unit's value
    :math:`a_j` on the four points (right), as bars."""
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.3), layout="constrained",
                                   gridspec_kw={"width_ratios": [1, 1.2]})
    draw_decision_surface(ax0, _predict(net), X, y, title="decision surface", small=True)
    layer = net.layers[0]
    draw_unit_lines(ax0, layer.W, layer.b, small=True)
    net.forward(X)
    a = net.activations[1]
    n, h = a.shape
    width = 0.8 / h
    hatches = ("", "//", "..", "xx")  # hidden values are forward values: one colour, units told apart by hatch
    for j in range(h):
        ax1.bar(np.arange(n) + (j - (h - 1) / 2) * width, a[:, j], width, color=style.FORWARD,
                hatch=hatches[j % len(hatches)], edgecolor=style.PAPER, label=f"$a_{{{j + 1}}}$")
    ax1.set_xticks(np.arange(n), [f"({int(p[0])},{int(p[1])})" for p in X])
    ax1.set_ylim(0, 1)
    ax1.set_xlabel("input point")
    ax1.set_ylabel("hidden value $a_j$")
    ax1.set_title("hidden units on the four points")
    ax1.legend(ncols=h, loc="upper center", fontsize=8)
    fig.suptitle(title)
    return fig


def plot_rate_scale_grid(etas: Sequence[float], scales: Sequence[float], rate: Any, median_epochs: Any, *,
                         epochs: int, title: str) -> Figure:
    """A table-like heat map: success rate per (learning rate, initial scale) cell (darker grey: more
    successes), with the median epochs to success written in each cell ("none" where no seed succeeded)."""
    rate = np.asarray(rate, dtype=float)
    med = np.asarray(median_epochs, dtype=float)
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH * 0.8, 3.4), layout="constrained")
    # grey, the book's neutral colour: a success rate is context, not a forward value or an error signal
    ax.imshow(rate, cmap=LinearSegmentedColormap.from_list("nn_rate", [style.PAPER, style.NEUTRAL]), vmin=0,
              vmax=1, aspect="auto")
    for i in range(rate.shape[0]):
        for j in range(rate.shape[1]):
            text = (f"{rate[i, j]:.0%}\n" + ("none" if not np.isfinite(med[i, j]) else f"{med[i, j]:,.0f} ep."))
            ax.text(j, i, text, ha="center", va="center", fontsize=9, color=style.PARAM)
    ax.set_xticks(range(len(scales)), [fmt_short(s) for s in scales])
    ax.set_yticks(range(len(etas)), [fmt_short(e) for e in etas])
    ax.set_xlabel("initial scale (std. dev. of the weights)")
    ax.set_ylabel(r"learning rate $\eta$")
    ax.grid(False)
    ax.set_title(title, fontsize=11)
    return fig
