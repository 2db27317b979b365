r"""The figures of chapter 2: losses, loss surfaces and gradient-descent paths.

Colours (from :mod:`nnlearn.style`, one meaning each): contours, the
minimum (a grey star) and reference lines are :data:`~nnlearn.style.NEUTRAL`
context; gradients and error signals such as :math:`\partial L/\partial z`
are :data:`~nnlearn.style.BACKWARD` red (MSE solid, BCE dashed); a single
descent path and the fitted line are :data:`~nnlearn.style.PATH` /
:data:`~nnlearn.style.PARAM` dark grey; a divergence or a run that got worse
is :data:`~nnlearn.style.MISTAKE`; several runs compared on one figure are
:data:`~nnlearn.style.PATH` lines told apart by line style and marker
(:func:`nnlearn.style.series`; their paths too, so a path and its loss curve
match), and the two losses keep one line style each across the chapter: MSE
solid, BCE dashed, for their gradients and for their loss curves
(:data:`LOSS_STYLES`).

Every function returns a :class:`matplotlib.figure.Figure` (made with pyplot,
so a notebook shows it) or draws into an ``ax`` it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..precision import rounded
from ..train import History
from ..descent import (DescentPath, LossSurface, LRSuggestion, RangeTest, TwoParamProblem, descend,
                       error_rates, get_problem, loss_surface, output_gradient)

__all__ = ["LOSS_STYLES", "RATE_STYLES", "GRADIENT_LINESTYLES", "cached_surface", "plot_data", "draw_surface", "draw_path",
           "plot_output_gradients", "plot_loss_comparison", "plot_gradient_field",
           "plot_learning_rates", "plot_batch_comparison", "plot_range_test", "plot_descent_view",
           "plot_snapshots"]

#: One line style per loss (MSE solid, BCE dashed), used by every figure that compares them.
LOSS_STYLES = {"mse": style.series(0), "bce": style.series(1)}
#: Line styles of the four learning rates, smallest first.
RATE_STYLES = tuple(style.series(i) for i in range(4))
#: Line styles of the two losses' error signals :math:`\partial L/\partial z` (both drawn in BACKWARD red).
GRADIENT_LINESTYLES = {key: kw["linestyle"] for key, kw in LOSS_STYLES.items()}


@lru_cache(maxsize=8)
def cached_surface(problem_name: str) -> LossSurface:
    """The loss surface of a problem of :data:`nnlearn.descent.PROBLEMS` on its default grid, computed once."""
    return loss_surface(problem_name)


@lru_cache(maxsize=8)
def _rounded_cached_L(problem_name: str) -> np.ndarray:
    """:func:`cached_surface`'s losses rounded by the precision policy (what :func:`draw_surface` contours), once."""
    L = rounded(cached_surface(problem_name).L)
    L.setflags(write=False)
    return L


def _surface_for(problem: TwoParamProblem) -> LossSurface:
    from ..descent import PROBLEMS

    if PROBLEMS.get(problem.name) is problem:
        return cached_surface(problem.name)
    return loss_surface(problem)


def _levels(L: np.ndarray, n: int = 14) -> np.ndarray:
    """Contour levels spaced evenly on a log scale between just above the minimum and the maximum."""
    lo, hi = float(L.min()), float(L.max())
    return lo + np.geomspace((hi - lo) * 2e-3, hi - lo, n)


# --------------------------------------------------------------- data figure
def plot_data(problem: str | TwoParamProblem, lines: dict[str, tuple[float, float]] | None = None,
              ax: Axes | None = None) -> Figure:
    r"""The problem's data with the neuron's prediction for each :math:`(w, b)` in ``lines``.

    For the line problem, points and lines :math:`\hat y = w x + b`; for a
    classifier, the labels 0/1 in the class colours and the curves
    :math:`\hat y = \sigma(w x + b)`. ``lines`` maps a legend label to a point
    :math:`(w, b)`; the first is drawn in :data:`~nnlearn.style.PARAM`, the
    others dashed in grey.
    """
    problem = get_problem(problem)
    if ax is None:
        fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.4))
    else:
        fig = ax.figure
    x, y = problem.X[:, 0], problem.y
    if problem.name == "line":
        ax.scatter(x, y, s=22, color=style.NEUTRAL, edgecolor=style.PAPER, linewidth=0.5, zorder=3,
                   label="data $(x_i, y_i)$")
        ax.set_ylabel("$y$")
    else:
        for label, colour in ((0, style.CLASS0), (1, style.CLASS1)):
            mask = y == label
            ax.scatter(x[mask], y[mask], s=22, color=colour, edgecolor=style.PAPER, linewidth=0.5, zorder=3,
                       label=f"$y = {label}$")
        ax.set_ylabel(r"$y$ and $\hat y = \sigma(wx+b)$")
    grid = np.linspace(x.min() - 0.3, x.max() + 0.3, 200)
    for k, (label, (w, b)) in enumerate((lines or {}).items()):
        z = w * grid + b
        pred = z if problem.name == "line" else 1 / (1 + np.exp(-np.clip(z, -50, 50)))
        ax.plot(grid, pred, color=style.PARAM if k == 0 else style.NEUTRAL,
                linestyle="-" if k == 0 else "--", linewidth=2, label=label)
    ax.set_xlabel("$x$")
    ax.legend(loc="lower right" if problem.name == "line" else "center left", fontsize=9)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------- surface + paths
def draw_surface(ax: Axes, problem: str | TwoParamProblem, surface: LossSurface | None = None,
                 mark_minimum: bool = True) -> Axes:
    r"""Draw the contours of :math:`L(w, b)` over the problem's window, with the grid minimum as a
    grey (:data:`~nnlearn.style.NEUTRAL`) star drawn above any path."""
    from ..descent import PROBLEMS

    problem = get_problem(problem)
    surface = _surface_for(problem) if surface is None else surface
    # Contoured as the precision policy rounds it: near the flat bottom of the bowl a contour line moves with
    # the last bits of L, which differ between BLAS kernels, and the saved figure would differ by a pixel.
    L = (_rounded_cached_L(problem.name) if PROBLEMS.get(problem.name) is problem
         and surface is cached_surface(problem.name) else rounded(surface.L))
    ax.contourf(surface.w, surface.b, L, levels=_levels(L), cmap=style.SURFACE_CMAP, alpha=0.35, extend="max")
    ax.contour(surface.w, surface.b, L, levels=_levels(L), colors=style.NEUTRAL, linewidths=0.7)
    if mark_minimum:
        ax.plot(*surface.argmin, marker="*", markersize=15, color=style.NEUTRAL, markeredgecolor=style.PAPER,
                markeredgewidth=0.8, linestyle="none", zorder=8, label="minimum")
    ax.set_xlim(surface.w[0], surface.w[-1])
    ax.set_ylim(surface.b[0], surface.b[-1])
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.grid(False)
    return ax


def draw_path(ax: Axes, path: DescentPath, color: str = style.PATH, label: str | None = None,
              annotate: bool = True, linestyle: str = "-") -> Axes:
    """Draw a descent path: its points joined by lines (in ``linestyle``), the start as a circle; a
    diverged path ends in a cross and, with ``annotate``, the words "diverged at step N" in the panel."""
    w, b = path.params[:, 0], path.params[:, 1]
    ax.plot(w, b, color=color, linewidth=1.4, linestyle=linestyle, marker="o", markersize=2.8, label=label,
            zorder=4, clip_on=True)
    ax.plot(w[0], b[0], marker="o", markersize=7, markerfacecolor=style.PAPER, markeredgecolor=color,
            markeredgewidth=1.8, linestyle="none", zorder=6)
    if path.diverged:
        ax.plot(w[-1], b[-1], marker="X", markersize=10, color=style.MISTAKE, linestyle="none", zorder=6)
        if annotate:
            ax.text(0.03, 0.04, f"diverged at step {path.diverged_at}", transform=ax.transAxes,
                    color=style.MISTAKE, fontsize=10, fontweight="bold", zorder=7,
                    bbox={"facecolor": style.PAPER, "edgecolor": style.MISTAKE, "boxstyle": "round,pad=0.3"})
    return ax


def plot_gradient_field(problem: str | TwoParamProblem, points: Sequence[Sequence[float]],
                        path: DescentPath | None = None) -> Figure:
    r"""Contours of :math:`L(w, b)` with the gradient drawn at a few ``points``.

    At each point, a dark red (BACKWARD) arrow along :math:`\nabla L` (uphill, across the
    contours) and a dark grey (PATH) arrow along :math:`-\nabla L` (the way gradient
    descent steps). Arrows show directions only: every arrow has the same
    length. With ``path``, the path of gradient descent is drawn too.
    """
    problem = get_problem(problem)
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 4.8))
    draw_surface(ax, problem)
    ax.set_aspect("equal")  # equal scales: a right angle on the plane looks like one
    span = min(problem.w_range[1] - problem.w_range[0], problem.b_range[1] - problem.b_range[0])
    length = 0.09 * span
    for k, (w, b) in enumerate(points):
        g = problem.gradient_at(w, b)
        u = g / np.linalg.norm(g) * length
        ax.annotate("", xy=(w + u[0], b + u[1]), xytext=(w, b), zorder=6,
                    arrowprops={"arrowstyle": "-|>", "color": style.BACKWARD, "linewidth": 2})
        ax.annotate("", xy=(w - u[0], b - u[1]), xytext=(w, b), zorder=6,
                    arrowprops={"arrowstyle": "-|>", "color": style.PATH, "linewidth": 2})
        ax.plot(w, b, marker="o", markersize=4, color=style.PATH, zorder=7)
    if path is not None:
        draw_path(ax, path, color=style.PATH, label=f"gradient descent, $\\eta = {path.eta:g}$")
    ax.plot([], [], color=style.BACKWARD, linewidth=2, label=r"$\nabla L$: steepest ascent")
    ax.plot([], [], color=style.PATH, linewidth=2, label=r"$-\nabla L$: the step direction")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    ax.set_title("The gradient points uphill, at right angles to the contours", fontsize=11)
    fig.tight_layout()
    return fig


# ------------------------------------------------------------- MSE vs BCE
def plot_output_gradients(z: np.ndarray, y: float = 1) -> Figure:
    r""":math:`\partial L/\partial z` of MSE and BCE for one example through a sigmoid, against :math:`z`.

    Both are error signals, so both are :data:`~nnlearn.style.BACKWARD` red:
    MSE solid, BCE dashed (:data:`GRADIENT_LINESTYLES`).

    With ``y = 1``, negative :math:`z` is a wrong prediction, and very
    negative :math:`z` a confidently wrong one (shaded).
    """
    z = np.asarray(z, dtype=float)
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.6))
    wrong = (z.min(), -2.0) if y == 1 else (2.0, z.max())
    ax.axvspan(*wrong, color=style.MISTAKE, alpha=0.08, linewidth=0)
    ax.text(np.mean(wrong), -0.5 if y == 1 else 0.5, "confidently\nwrong", ha="center", va="center",
            color=style.MISTAKE, fontsize=10)
    ax.plot(z, output_gradient(z, y, "mse"), color=style.BACKWARD, linestyle=GRADIENT_LINESTYLES["mse"],
            linewidth=2.2, label=r"MSE: $2(\hat y - y)\,\sigma'(z)$")
    ax.plot(z, output_gradient(z, y, "bce"), color=style.BACKWARD, linestyle=GRADIENT_LINESTYLES["bce"],
            linewidth=2.2, label=r"BCE: $\hat y - y$")
    ax.axhline(0, color=style.NEUTRAL, linewidth=0.8)
    ax.set_xlabel(r"pre-activation $z$ (prediction $\hat y = \sigma(z)$)")
    ax.set_ylabel(r"$\partial L / \partial z$")
    ax.set_title(f"Target $y = {y:g}$: the more wrong the prediction, the smaller the MSE gradient")
    ax.legend(loc="lower right" if y == 1 else "upper left")
    fig.tight_layout()
    return fig


def plot_loss_comparison(mse_path: DescentPath, bce_path: DescentPath) -> Figure:
    """Training the same classifier with MSE and with BCE: each run's loss (left) and the
    fraction of training points it misclassifies (right), against the step."""
    fig, (ax_loss, ax_err) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.5))
    for path, key, label in ((mse_path, "mse", "MSE"), (bce_path, "bce", "BCE")):
        steps = np.arange(len(path.losses))
        ax_loss.plot(steps, path.losses, **LOSS_STYLES[key], linewidth=2, label=f"{label} (its own loss)")
        ax_err.plot(steps, error_rates(path), **LOSS_STYLES[key], linewidth=2, label=label)
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("training loss (log scale)")
    ax_loss.legend(fontsize=9)
    ax_err.set_xlabel("step")
    ax_err.set_ylabel("fraction misclassified")
    ax_err.set_ylim(-0.02, 1.02)
    ax_err.legend(fontsize=9)
    fig.suptitle("Same start, same $\\eta$: BCE recovers at once, MSE crawls across a plateau",
                 fontsize=11)
    fig.tight_layout()
    return fig


# --------------------------------------------------------- learning rates
def plot_learning_rates(paths: Sequence[DescentPath], labels: Sequence[str]) -> Figure:
    """Paths of gradient descent for several learning rates: one contour panel per rate (top)
    and every loss curve on one log-scale axis (bottom). A diverged path is labelled "diverged"."""
    if len(paths) != len(labels) or not paths:
        raise ValueError(f"paths and labels must be non-empty and of one length, got {len(paths)} and {len(labels)}")
    problem = get_problem(paths[0].problem)
    k = len(paths)
    fig = plt.figure(figsize=(style.FIG_WIDTH, 6.3))
    grid = fig.add_gridspec(2, k, height_ratios=[1.0, 0.9], hspace=0.45, wspace=0.08)
    if k > len(RATE_STYLES):
        raise ValueError(f"at most {len(RATE_STYLES)} learning rates (one line style each), got {k}")
    ax_loss = fig.add_subplot(grid[1, :])
    for i, (path, label) in enumerate(zip(paths, labels)):
        ax = fig.add_subplot(grid[0, i])
        draw_surface(ax, problem)
        draw_path(ax, path, color=RATE_STYLES[i]["color"], linestyle=RATE_STYLES[i]["linestyle"], annotate=False)
        ax.set_title(f"$\\eta = {path.eta:g}$\n{label}", fontsize=10)
        ax.tick_params(labelsize=8)
        if i:
            ax.set_ylabel("")
            ax.set_yticklabels([])
        if path.diverged:
            ax.text(0.5, 0.06, "diverged", transform=ax.transAxes, ha="center", color=style.MISTAKE,
                    fontweight="bold", bbox={"facecolor": style.PAPER, "edgecolor": style.MISTAKE,
                                             "boxstyle": "round,pad=0.25"})
        steps = np.arange(len(path.losses))
        ax_loss.plot(steps, path.losses, **RATE_STYLES[i], linewidth=2, markersize=5,
                     label=f"$\\eta = {path.eta:g}$ ({label})")
        if path.diverged:
            ax_loss.plot(steps[-1], path.losses[-1], marker="X", markersize=10, color=style.MISTAKE)
            ax_loss.annotate(f"diverged at step {path.diverged_at}", (steps[-1], path.losses[-1]),
                             xytext=(10, 0), textcoords="offset points", color=style.MISTAKE,
                             fontsize=10, fontweight="bold", ha="left", va="center")
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss $L$ (log scale)")
    ax_loss.legend(fontsize=8, loc="center right")
    ax_loss.set_xlim(0, max(p.steps for p in paths))
    fig.suptitle("Four learning rates from one start: crawl, converge, zigzag, diverge", fontsize=12)
    return fig


# ----------------------------------------------------- batch / SGD / mini-batch
def plot_batch_comparison(histories: dict[str, History], n: int) -> Figure:
    """Loss against updates (left) and against examples seen (right) for runs with different batch
    sizes on a data set of ``n`` examples. ``histories`` maps a label to a :class:`nnlearn.train.History`.

    Thin lines: the loss of each step's own batch (noisy for small batches);
    thick lines with dots: the loss on the whole data set after each epoch.
    """
    if not histories:
        raise ValueError("histories is empty: pass at least one run")
    n = int(n)
    fig, (ax_up, ax_ex) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.8), sharey=True)
    for i, (label, hist) in enumerate(histories.items()):
        loss = np.asarray(hist.loss)
        seen = np.asarray(hist.examples_seen)
        epochs = len(hist.epoch_loss)
        per_epoch = len(loss) // max(epochs, 1)
        run = style.series(i)
        ax_up.plot(np.arange(1, len(loss) + 1), loss, color=run["color"], linestyle=run["linestyle"],
                   linewidth=0.7, alpha=0.3)
        ax_ex.plot(seen, loss, color=run["color"], linestyle=run["linestyle"], linewidth=0.7, alpha=0.3)
        ends = np.arange(1, epochs + 1)
        ax_up.plot(ends * per_epoch, hist.epoch_loss, **{**run, "markevery": None}, linewidth=2.2,
                   markersize=5, label=label)
        ax_ex.plot(ends * n, hist.epoch_loss, **{**run, "markevery": None}, linewidth=2.2, markersize=5,
                   label=label)
    floor = min(float(np.min(h.epoch_loss)) for h in histories.values() if len(h.epoch_loss))
    top = max(float(np.max(h.loss)) for h in histories.values() if len(h.loss))
    for ax in (ax_up, ax_ex):
        ax.set_yscale("log")
        ax.set_ylim(floor / 4, top * 1.5)  # single-example losses dip far lower: clipped
    ax_up.set_xscale("log")
    ax_up.set_xlabel("updates (log scale)")
    ax_ex.set_xlabel("examples seen")
    ax_up.set_ylabel("loss (log scale)")
    ax_ex.legend(fontsize=9, title="whole-data loss", title_fontsize=9)
    fig.suptitle("Small batches: more updates per pass and noisier losses", fontsize=11)
    fig.tight_layout()
    return fig


# ------------------------------------------------------- the range test
def plot_range_test(test: RangeTest, suggestion: LRSuggestion, sweep_etas: np.ndarray | None = None,
                    sweep_losses: np.ndarray | None = None, sweep_diverged: np.ndarray | None = None,
                    limit: float | None = None, start_loss: float | None = None) -> Figure:
    """The loss recorded during a range test against the rate, with the suggested range shaded.

    Optionally, the ground truth: the loss after a fixed number of steps at
    each constant rate of a sweep, and the exact stability limit as a
    vertical line. A sweep run that diverged is a cross at the top; with
    ``start_loss``, a run that ended *above* its starting loss without being
    flagged is a hollow :data:`~nnlearn.style.MISTAKE` circle ("got worse").
    The range test's curve and the sweep's dots are two runs
    (:func:`~nnlearn.style.series` 0 and 1); the range, the lowest point and the limit
    are :data:`~nnlearn.style.NEUTRAL` references.
    """
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 4.0))
    ax.axvspan(rounded(suggestion.low), rounded(suggestion.high), color=style.NEUTRAL, alpha=0.2, linewidth=0,
               label="suggested range")
    # every value drawn through the policy's digits: the same figure on every machine (a last-bit change in
    # a loss can move an anti-aliased pixel)
    ax.plot(rounded(np.asarray(test.etas, dtype=float)), rounded(np.asarray(test.losses, dtype=float)), color=style.series(0)["color"], linestyle=style.series(0)["linestyle"],
            linewidth=2, label="range test: loss while $\\eta$ rises")
    if sweep_etas is not None:
        sweep_etas = rounded(np.asarray(sweep_etas, dtype=float))
        sweep_losses = rounded(np.asarray(sweep_losses, dtype=float))
        diverged = np.asarray(sweep_diverged, dtype=bool)
        worse = ~diverged & (sweep_losses > start_loss) if start_loss is not None else np.zeros_like(diverged)
        ok = ~diverged & ~worse
        ax.plot(sweep_etas[ok], sweep_losses[ok], linestyle="none", marker=style.series(1)["marker"], markersize=5,
                color=style.series(1)["color"], label="constant $\\eta$: loss after training")
        if np.any(worse):
            ax.plot(sweep_etas[worse], sweep_losses[worse], linestyle="none", marker="o", markersize=8,
                    markerfacecolor=style.PAPER, markeredgecolor=style.MISTAKE, markeredgewidth=2,
                    label="constant $\\eta$: got worse (above its start)")
        if np.any(diverged):
            top = rounded(float(np.max(test.losses)))
            ax.plot(sweep_etas[diverged], np.full(diverged.sum(), top), linestyle="none", marker="X",
                    markersize=8, color=style.MISTAKE, label="constant $\\eta$: diverged")
    ax.axvline(rounded(suggestion.lowest), color=style.NEUTRAL, linestyle=":", linewidth=1.4)
    ax.annotate("lowest point", (rounded(suggestion.lowest), rounded(float(np.min(test.losses)))),
                xytext=(4, 14), textcoords="offset points", fontsize=9, color=style.INK)
    if limit is not None:
        ax.axvline(rounded(limit), color=style.NEUTRAL, linestyle="--", linewidth=1.4,
                   label="stability limit $2/\\lambda_{max}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"learning rate $\eta$ (log scale)")
    ax.set_ylabel("loss (log scale)")
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title("The range test's lowest point lies past the largest rate that trains")
    fig.tight_layout()
    return fig


# ------------------------------------------------------------- the widget's view
_VIEW_TITLES = {"line": "MSE, linear neuron", "bce": "BCE, sigmoid neuron", "mse_sigmoid": "MSE, sigmoid neuron"}


def plot_descent_view(problem: str | TwoParamProblem, eta: float, steps: int) -> Figure:
    r"""What the chapter's widget shows: the path of ``steps`` steps of gradient descent with rate
    ``eta`` on the contours of ``problem`` (left) and its loss curve (right).

    Never raises for a valid problem, a positive ``eta`` and ``steps`` of at
    least 1: a diverged path ends in a cross and the figure says "diverged at
    step N"; a path that barely moves says so.
    """
    problem = get_problem(problem)
    path = descend(problem, eta, steps)
    fig, (ax_s, ax_l) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.5),
                                     gridspec_kw={"width_ratios": [1.15, 1]})
    draw_surface(ax_s, problem)
    draw_path(ax_s, path)
    ax_s.set_title(_VIEW_TITLES.get(problem.name, problem.title), fontsize=10)
    few = len(path.losses) <= 12  # a short path (few steps, or an early divergence): mark every step
    ax_l.plot(np.arange(len(path.losses)), path.losses, color=style.PATH, linewidth=1.8,
              marker="o" if few else None, markersize=4)
    if path.diverged:
        ax_l.plot(len(path.losses) - 1, path.losses[-1], marker="X", markersize=10, color=style.MISTAKE,
                  linestyle="none", zorder=5)
    ax_l.set_xlabel("step")
    ax_l.xaxis.set_major_locator(MaxNLocator(integer=True))
    if path.losses.max() > 20 * path.losses.min():
        ax_l.set_yscale("log")
        ax_l.set_ylabel("loss $L$ (log scale)")
    else:
        ax_l.set_ylabel("loss $L$")
    # a diverged path stops early: show the steps it ran, not an empty axis up to ``steps``
    ax_l.set_xlim(0, max(1, len(path.losses) - 1) if path.diverged else steps)
    for message, colour in _view_messages(problem, path):
        # a diverged loss climbs to the top right: its message goes to the empty bottom right
        y_text, va = (0.05, "bottom") if path.diverged else (0.95, "top")
        ax_l.text(0.97, y_text, message, transform=ax_l.transAxes, ha="right", va=va, fontsize=9,
                  color=colour, wrap=True, zorder=6,
                  bbox={"facecolor": style.PAPER, "edgecolor": colour or style.NEUTRAL, "boxstyle": "round,pad=0.3"})
    ax_l.set_title(f"$\\eta = {path.eta:.3g}$, loss {path.losses[0]:.3g} → {path.final_loss:.3g}",
                   fontsize=10)
    fig.tight_layout()
    return fig


def _view_messages(problem: TwoParamProblem, path: DescentPath) -> list[tuple[str, str]]:
    """The messages the widget's figure shows for a path (at most one)."""
    if path.diverged:
        return [(f"diverged at step {path.diverged_at}:\nthe loss grew over {path.losses[-1] / path.losses[0]:.3g}×",
                 style.MISTAKE)]
    moved = np.abs(path.params[-1] - path.params[0])
    window = np.array([problem.w_range[1] - problem.w_range[0], problem.b_range[1] - problem.b_range[0]])
    if np.all(moved < 0.01 * window):
        return [("barely moved:\nraise η or the steps", None)]  # None: the default text colour
    return []


def plot_snapshots(settings: Sequence[tuple[str, float, int]]) -> Figure:
    """Small multiples of the widget, one per ``(problem, eta, steps)`` setting: the static stand-in
    for the sliders in the HTML book.

    Top: the path of each setting on its contours (two panels a row), in its
    :func:`~nnlearn.style.series` line style. Bottom: every setting's loss curve in
    the same style, as a fraction of its starting loss :math:`L_t / L_0` (the
    problems' losses are in different units; the ratio has none), on a log
    scale. A diverged run ends in a cross.
    """
    if not settings:
        raise ValueError("settings is empty: pass at least one (problem, eta, steps)")
    k = len(settings)
    if k > len(style.SERIES_LINESTYLES):
        raise ValueError(f"at most {len(style.SERIES_LINESTYLES)} settings (one line style each), got {k}")
    cols = min(k, 2)
    rows = -(-k // cols)
    fig = plt.figure(figsize=(style.FIG_WIDTH, 2.9 * rows + 2.6))
    grid = fig.add_gridspec(rows + 1, cols, height_ratios=[1.0] * rows + [0.85], hspace=0.55, wspace=0.25)
    ax_loss = fig.add_subplot(grid[rows, :])
    for i, (name, eta, steps) in enumerate(settings):
        problem = get_problem(name)
        path = descend(problem, eta, steps)
        run = style.series(i)
        ax = fig.add_subplot(grid[i // cols, i % cols])
        draw_surface(ax, problem)
        draw_path(ax, path, color=run["color"], linestyle=run["linestyle"], annotate=True)
        label = f"{_VIEW_TITLES.get(problem.name, problem.title)}, $\\eta = {eta:g}$"
        ax.set_title(f"{_VIEW_TITLES.get(problem.name, problem.title)}\n$\\eta = {eta:g}$, {steps} steps",
                     fontsize=9)
        ax.tick_params(labelsize=8)
        t = np.arange(len(path.losses))
        ratio = path.losses / path.losses[0]
        ax_loss.plot(t, ratio, **run, linewidth=1.8, label=label)
        if path.diverged:
            ax_loss.plot(t[-1], ratio[-1], marker="X", markersize=9, color=style.MISTAKE, linestyle="none")
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("$L_t / L_0$ (log scale)")
    ax_loss.set_xlim(0, max(steps for _, _, steps in settings))
    ax_loss.axhline(1.0, color=style.NEUTRAL, linewidth=0.8)
    lo, hi = ax_loss.get_ylim()
    ax_loss.set_ylim(lo, hi * (hi / lo) ** 0.6)  # room above the curves for the legend
    ax_loss.legend(fontsize=8, loc="upper left")
    fig.subplots_adjust(top=1 - 0.85 / fig.get_figheight(), bottom=0.55 / fig.get_figheight())
    fig.suptitle("Widget settings side by side: paths (top), loss relative to the start (bottom)",
                 fontsize=11, y=1 - 0.15 / fig.get_figheight())
    return fig
