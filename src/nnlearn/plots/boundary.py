r"""Decision boundaries of a perceptron on two inputs, and how they move while it learns.

A perceptron with weights :math:`w = (w_1, w_2)` and bias :math:`b` predicts
class 1 where :math:`z = w_1 x_1 + w_2 x_2 + b \ge 0` and class 0 elsewhere, so
the plane is cut in two by the line :math:`w_1 x_1 + w_2 x_2 + b = 0`. Colours
(from :mod:`nnlearn.style`): the points by class (``CLASS0``, ``CLASS1``), a ring
in ``MISTAKE`` around each misclassified point, the line and the weight vector in
``PARAM`` and each half-plane lightly shaded in the colour of the class it predicts.
Text is in the default text colour, or in ``MISTAKE`` when it reports mistakes.

Every function here takes plain arrays (``X`` of shape ``(n, 2)``, labels ``y``
of shape ``(n,)``, ``w`` of shape ``(2,)``) and returns a matplotlib ``Axes`` or
``Figure``; none of them shows or saves anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import style
from .._checks import as_float_array, check_positive_int
from ..perceptron import PerceptronHistory, _check_examples, _check_number, _check_weights, perceptron_view
from ..precision import fmt_short

__all__ = ["LIMITS", "half_plane_polygon", "boundary_segment", "plot_decision_boundary",
           "plot_boundary_updates", "plot_mistakes_per_epoch", "draw_perceptron_view",
           "plot_gate_settings"]

#: The square shown around the four points of a logic gate: both axes from -0.5 to 1.5.
LIMITS: tuple[float, float] = (-0.5, 1.5)

_SHADE_ALPHA = 0.13


def _check_limits(lims: Any) -> tuple[float, float]:
    if not isinstance(lims, (tuple, list)) or len(lims) != 2:
        raise TypeError(f"lims must be a pair (low, high), got {lims!r}")
    lo, hi = _check_number(lims[0], "lims[0]"), _check_number(lims[1], "lims[1]")
    if not lo < hi:
        raise ValueError(f"lims must satisfy low < high, got {lims!r}")
    return lo, hi


def half_plane_polygon(w: Any, b: float, lims: tuple[float, float] = LIMITS, *,
                       positive: bool = True) -> np.ndarray:
    r"""The corners, shape ``(k, 2)``, of the part of the square ``lims`` × ``lims`` where
    :math:`z = w \cdot x + b \ge 0` (``positive=True``) or :math:`z \le 0` (``positive=False``).

    The square is clipped by the half-plane (one step of Sutherland–Hodgman
    clipping); ``k`` is 0 when the half-plane misses the square, and at most 5.
    """
    w = _check_weights(w, 2)
    b = _check_number(b, "b")
    lo, hi = _check_limits(lims)
    sign = 1.0 if positive else -1.0
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    corners = []
    for P, Q in zip(square, np.roll(square, -1, axis=0)):
        zP, zQ = sign * (P @ w + b), sign * (Q @ w + b)
        if zP >= 0:
            corners.append(P)
        if (zP >= 0) != (zQ >= 0):  # the edge crosses the line z = 0: keep the crossing
            corners.append(P + zP / (zP - zQ) * (Q - P))
    return np.array(corners, dtype=np.float64).reshape(-1, 2)


def boundary_segment(w: Any, b: float, lims: tuple[float, float] = LIMITS) -> np.ndarray | None:
    r"""The part of the line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside the square ``lims`` × ``lims``,
    as its two end points, shape ``(2, 2)``; None when :math:`w_1 = w_2 = 0` (no line) or when the
    line misses the square."""
    w = _check_weights(w, 2)
    b = _check_number(b, "b")
    lo, hi = _check_limits(lims)
    if w[0] == 0 and w[1] == 0:
        return None
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    z = square @ w + b
    points = []
    for k in range(4):  # walk the edges; interpolating z never divides by a tiny weight
        P, Q, zP, zQ = square[k], square[(k + 1) % 4], z[k], z[(k + 1) % 4]
        if zP == 0:
            points.append(P)
        elif zQ != 0 and (zP > 0) != (zQ > 0):
            points.append(P + zP / (zP - zQ) * (Q - P))
    if not points:
        return None
    points = np.unique(np.array(points, dtype=np.float64), axis=0)
    if len(points) < 2:  # the line only touches a corner
        return None
    if len(points) > 2:  # the line runs along an edge: keep the two points farthest apart
        d = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1)
        i, j = np.unravel_index(np.argmax(d), d.shape)
        points = points[[min(i, j), max(i, j)]]
    return points


def _legend_handles(show_boundary: bool = True) -> list:
    handles = [
        Line2D([], [], ls="", marker="o", ms=9, mfc=style.CLASS0, mec=style.INK, mew=0.6, label="y = 0"),
        Line2D([], [], ls="", marker="s", ms=8, mfc=style.CLASS1, mec=style.INK, mew=0.6, label="y = 1"),
        Line2D([], [], ls="", marker="o", ms=15, mfc="none", mec=style.MISTAKE, mew=2.2,
               label="misclassified"),
    ]
    if show_boundary:
        handles.append(Line2D([], [], color=style.PARAM, lw=2.5, label=r"boundary $z = 0$"))
    handles += [Patch(color=style.CLASS0, alpha=2 * _SHADE_ALPHA, label=r"predicted 0 ($z < 0$)"),
                Patch(color=style.CLASS1, alpha=2 * _SHADE_ALPHA, label=r"predicted 1 ($z \geq 0$)")]
    return handles


def plot_decision_boundary(X: Any, y: Any, w: Any, b: float, *, ax: Axes | None = None,
                           title: str | None = None, lims: tuple[float, float] = LIMITS,
                           show_normal: bool = False, show_count: bool = True,
                           small: bool = False) -> Axes:
    r"""Draw the points ``(X, y)`` and the boundary of the perceptron :math:`(w, b)` on ``ax``.

    ``X`` has shape ``(n, 2)``, ``y`` shape ``(n,)`` with labels 0/1, ``w`` shape
    ``(2,)``. Points are coloured by class; misclassified ones get a ring; the
    half-planes :math:`z \ge 0` and :math:`z < 0` are shaded in the colour of
    the class they predict. With :math:`w_1 = w_2 = 0` there is no line and the
    axes say so. ``show_normal`` draws the weight vector :math:`w`, which is
    perpendicular to the line and points into the class-1 side;
    ``show_count`` writes the number of misclassified points in the axes;
    ``small`` uses smaller marks for small multiples. Returns the axes.
    """
    X, y = _check_examples(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2) to be drawn in the plane, got {X.shape}")
    w = _check_weights(w, 2)
    b = _check_number(b, "b")
    lo, hi = _check_limits(lims)
    if ax is None:
        _, ax = plt.subplots(figsize=(style.FIG_WIDTH * 0.6, style.FIG_WIDTH * 0.6),
                             layout="constrained")
    size = 0.6 if small else 1.0

    has_line = not (w[0] == 0 and w[1] == 0)
    if has_line:
        for positive, colour in ((True, style.CLASS1), (False, style.CLASS0)):
            poly = half_plane_polygon(w, b, (lo, hi), positive=positive)
            if len(poly) >= 3:
                ax.fill(poly[:, 0], poly[:, 1], color=colour, alpha=_SHADE_ALPHA, lw=0, zorder=0)
    else:  # z = b everywhere: one class for the whole plane
        ax.fill([lo, hi, hi, lo], [lo, lo, hi, hi], color=style.CLASS1 if b >= 0 else style.CLASS0,
                alpha=_SHADE_ALPHA, lw=0, zorder=0)
        cls = int(b >= 0)
        text = (f"no line ($w_1 = w_2 = 0$):\nall predicted {cls}" if small else
                f"no line: $w_1 = w_2 = 0$, so $z = b$\nfor every point: all predicted {cls}")
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
                fontsize=11 if not small else 7.5, zorder=5,
                bbox=dict(boxstyle="round,pad=0.3", fc=style.PAPER, ec=style.NEUTRAL, alpha=0.9))

    segment = boundary_segment(w, b, (lo, hi))
    if segment is not None:
        ax.plot(segment[:, 0], segment[:, 1], color=style.PARAM, lw=2.5 * size + 0.5, zorder=2)
    elif has_line:  # the line exists but misses the view: the whole view is on one side
        cls = int((lo + hi) / 2 * (w[0] + w[1]) + b >= 0)
        text = (f"line outside the view:\nall predicted {cls}" if small else
                f"the line $z = 0$ lies outside the view:\nevery point shown is predicted {cls}")
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
                fontsize=11 if not small else 7.5, zorder=5,
                bbox=dict(boxstyle="round,pad=0.3", fc=style.PAPER, ec=style.NEUTRAL, alpha=0.9))

    if show_normal and segment is not None:
        # the misclassified count sits in the top-left corner (below): keep the label w out of it
        count_box = (lo, hi - 0.12 * (hi - lo), lo + 0.5 * (hi - lo), hi) if show_count else None
        _draw_normal(ax, w, segment, X, lo, hi, avoid=count_box)

    y_hat = (X @ w + b >= 0).astype(np.int64)
    wrong = y_hat != y
    for label, colour, marker in ((0, style.CLASS0, "o"), (1, style.CLASS1, "s")):
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=110 * size, c=colour, marker=marker, edgecolors=style.INK,
                   linewidths=0.6, zorder=4)
    if wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], s=420 * size, facecolors="none", edgecolors=style.MISTAKE,
                   linewidths=2.4 * size + 0.3, zorder=4)

    if show_count:
        n_wrong = int(wrong.sum())
        text = "no mistakes" if n_wrong == 0 else f"misclassified: {n_wrong} of {len(y)}"
        ax.text(0.03, 0.97, text, transform=ax.transAxes, ha="left", va="top",
                fontsize=10 if not small else 8, color=style.MISTAKE if n_wrong else None,
                bbox=dict(boxstyle="round,pad=0.25", fc=style.PAPER, ec="none", alpha=0.85), zorder=6)

    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    return finish_input_plane(ax, (lo, hi), title=title, small=small)


def finish_input_plane(ax: Axes, lims: tuple[float, float], *, title: str | None = None,
                       small: bool = False) -> Axes:
    """The common frame of a figure drawn in the input plane :math:`(x_1, x_2)`: the square ``lims`` on
    both axes at equal scale, no grid, the axes labelled :math:`x_1` and :math:`x_2`, and ``title`` (smaller
    text when ``small``, for small multiples). Returns ``ax``."""
    ax.set_xlim(*lims)
    ax.set_ylim(*lims)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("$x_1$", labelpad=0 if small else 4)
    ax.set_ylabel("$x_2$", labelpad=0 if small else 4)
    if title is not None:
        ax.set_title(title, fontsize=9 if small else 11)
    return ax


def _draw_normal(ax: Axes, w: np.ndarray, segment: np.ndarray, X: np.ndarray, lo: float,
                 hi: float, avoid: tuple[float, float, float, float] | None = None) -> None:
    """Draw the weight vector as an arrow from the visible line, inside the box and clear of the
    points ``X``: of several feet along the line, the one whose arrow stays farthest from them.
    ``avoid`` (x0, y0, x1, y1) is a box in data coordinates the label ``w`` must stay out of
    (the misclassified count); a foot whose label would fall in it is used only if no other fits."""
    unit = w / np.hypot(w[0], w[1])  # hypot: no underflow for tiny weights
    normal = np.array([-unit[1], unit[0]])
    best = None
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        foot = segment[0] + t * (segment[1] - segment[0])
        room = [((hi if u > 0 else lo) - f) / u for f, u in zip(foot, unit) if u != 0]
        length = min(0.3 * (hi - lo), 0.85 * min(room))
        if length < 0.1 * (hi - lo):
            continue
        along = foot + np.linspace(0.2, 1.0, 5)[:, None] * length * unit
        clearance = np.min(np.linalg.norm(along[:, None, :] - X[None, :, :], axis=-1))
        for side in (1.0, -1.0):
            label = foot + 0.6 * length * unit + side * 0.07 * (hi - lo) * normal
            inside = (avoid is not None and avoid[0] - 0.05 <= label[0] <= avoid[2] + 0.05
                      and avoid[1] - 0.05 <= label[1] <= avoid[3] + 0.05)
            in_view = lo + 0.04 * (hi - lo) <= min(label) and max(label) <= hi - 0.04 * (hi - lo)
            score = (not inside, in_view, round(float(clearance), 9))  # ties keep the earlier foot and side
            if best is None or score > best[0]:
                best = (score, foot, length, label)
    if best is None:  # the line only clips a corner: no room for an arrow
        return
    _, foot, length, label = best
    ax.annotate("", xy=foot + length * unit, xytext=foot, zorder=3,
                arrowprops=dict(arrowstyle="-|>", color=style.PARAM, lw=1.8, mutation_scale=14))
    ax.text(*label, "$w$", color=style.PARAM, ha="center", va="center", fontsize=12, zorder=7)


def plot_boundary_updates(history: PerceptronHistory, X: Any, y: Any, *, max_panels: int = 12,
                          title: str | None = None) -> Figure:
    """Small multiples of the boundary: the start, then after each update of ``history``.

    ``X`` (shape ``(n, 2)``) and ``y`` (shape ``(n,)``) are the data it was
    trained on. When there are more states than ``max_panels``, evenly spaced
    ones are shown (always the first and the last). Each panel names the
    example that triggered the update. Returns the figure.
    """
    if not isinstance(history, PerceptronHistory):
        raise TypeError(f"history must be a PerceptronHistory from train_perceptron, "
                        f"got {type(history).__name__}")
    X, y = _check_examples(X, y)
    if history.weights.shape[1] != 2 or X.shape[1] != 2:
        raise ValueError(f"the boundary can be drawn for 2 inputs only; X has shape {X.shape} and the "
                         f"weights have {history.weights.shape[1]} entries")
    if history.n_updates and history.update_example.max() >= X.shape[0]:
        raise ValueError(f"history refers to example {history.update_example.max()} but X has only "
                         f"{X.shape[0]} rows: pass the data it was trained on")
    max_panels = check_positive_int(max_panels, "max_panels")
    if max_panels < 2:
        raise ValueError(f"max_panels must be at least 2 (the start and the end), got {max_panels}")
    n_states = history.n_updates + 1
    if n_states <= max_panels:
        states = np.arange(n_states)
    else:
        states = np.unique(np.round(np.linspace(0, n_states - 1, max_panels)).astype(int))
    n = len(states)
    ncols = min(n, 4 if (n % 4 == 0 or n > 9) else 3)
    nrows = -(-n // ncols)
    panel = style.FIG_WIDTH / ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(style.FIG_WIDTH, (panel + 0.45) * nrows + 1.1),
                             squeeze=False, layout="constrained")
    for ax, k in zip(axes.flat, states):
        if k == 0:
            head = "start"
        else:
            x = X[history.update_example[k - 1]]
            head = (f"update {k} (epoch {history.update_epoch[k - 1]})\n"
                    f"from $x = ({fmt_short(x[0])}, {fmt_short(x[1])})$")
        plot_decision_boundary(X, y, history.weights[k], history.biases[k], ax=ax, small=True,
                               title=head)
        ax.set_xlabel("")
        ax.set_ylabel("")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for i, ax in enumerate(axes.flat[:n]):
        if i + ncols < n:  # another panel sits below: its tick labels would only repeat
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel("$x_1$")
        if i % ncols:
            ax.tick_params(labelleft=False)
        else:
            ax.set_ylabel("$x_2$")
    fig.suptitle(title or "The boundary moves after every mistake, until no point is misclassified",
                 fontsize=12)
    fig.legend(handles=_legend_handles(), loc="outside lower center", ncol=3, fontsize=9)
    return fig


def plot_mistakes_per_epoch(history: PerceptronHistory, *, title: str | None = None) -> Figure:
    """Bars of the mistakes made during each epoch, and a line of the points still misclassified at
    its end, for the epochs of ``history``. Returns the figure."""
    if not isinstance(history, PerceptronHistory):
        raise TypeError(f"history must be a PerceptronHistory from train_perceptron, "
                        f"got {type(history).__name__}")
    epochs = np.arange(1, history.epochs_run + 1)
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.6), layout="constrained")
    ax.bar(epochs, history.mistakes_per_epoch, color=style.MISTAKE, alpha=0.3, width=0.8,
           label="mistakes during the epoch (= updates)")
    ax.plot(epochs, history.errors_after_epoch, color=style.MISTAKE, marker="o", ms=3.5, lw=1.5,
            label="misclassified at the end of the epoch")
    ax.axhline(0, color=style.NEUTRAL, lw=1)
    top = max(int(history.mistakes_per_epoch.max(initial=0)), 1)
    ax.set_ylim(0, top + 1.6)
    ax.set_yticks(range(0, top + 1))
    ax.set_xlim(0.3, history.epochs_run + 0.7)
    ax.set_xlabel("epoch (one pass over the examples)")
    ax.set_ylabel("number of examples")
    status = "converged" if history.converged else f"not converged after {history.epochs_run} epochs"
    ax.set_title(title or f"Mistakes per epoch ({status})")
    ax.legend(loc="upper right", ncol=2, fontsize=9)
    return fig


def _draw_view_table(ax: Axes, view) -> None:
    """Write the four points' x, y, z and prediction as a small table on ``ax``."""
    ax.axis("off")
    cols = [0.06, 0.21, 0.37, 0.56, 0.75]
    heads = ["$x_1$", "$x_2$", "$y$", "$z$", r"$\hat y$"]
    for c, h in zip(cols, heads):
        ax.text(c, 0.86, h, ha="center", va="center", fontsize=12, transform=ax.transAxes)
    ax.plot([0.0, 0.85], [0.79, 0.79], color=style.NEUTRAL, lw=1, transform=ax.transAxes)
    for r in range(len(view.y)):
        yy = 0.68 - 0.14 * r
        wrong = bool(view.mistakes[r])
        colour = style.MISTAKE if wrong else None  # None: the default text colour
        cells = [fmt_short(view.X[r, 0]), fmt_short(view.X[r, 1]), str(int(view.y[r])),
                 f"{round(float(view.z[r]), 2) + 0.0:.2f}", str(int(view.y_hat[r]))]
        for c, s in zip(cols, cells):
            ax.text(c, yy, s, ha="center", va="center", fontsize=11, color=colour, transform=ax.transAxes)
        if wrong:
            ax.text(0.86, yy, "wrong", ha="left", va="center", fontsize=10, color=style.MISTAKE,
                    transform=ax.transAxes)
    summary = ("all four right" if view.n_mistakes == 0 else
               f"{view.n_mistakes} of 4 misclassified")
    ax.text(0.42, 0.04, summary, ha="center", va="center", fontsize=12, transform=ax.transAxes,
            color=style.MISTAKE if view.n_mistakes else None)


def draw_perceptron_view(w1: float, w2: float, b: float, gate: str) -> Figure:
    r"""The chapter 1 widget's figure: the four points of ``gate`` with the boundary
    :math:`w_1 x_1 + w_2 x_2 + b = 0`, and a table of :math:`z` and :math:`\hat y` per point,
    with the misclassified count written in the figure. Never raises for finite inputs
    (:math:`w_1 = w_2 = 0` gives a message instead of a line)."""
    view = perceptron_view(w1, w2, b, gate)
    fig, (ax, ax_table) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.9), layout="constrained",
                                       gridspec_kw=dict(width_ratios=[1.1, 1]))
    plot_decision_boundary(view.X, view.y, view.w, view.b, ax=ax, show_normal=True)
    _draw_view_table(ax_table, view)
    fig.suptitle(f"{gate}: $w_1 = {fmt_short(view.w1)}$, $w_2 = {fmt_short(view.w2)}$, $b = {fmt_short(view.b)}$",
                 fontsize=12)
    return fig


def plot_gate_settings(settings: Sequence[tuple[str, float, float, float]], *,
                       title: str | None = None) -> Figure:
    """One panel per setting ``(gate, w1, w2, b)``: the static companion of the widget.

    Each panel shows the gate's four points, the boundary and the number of
    misclassified points. Returns the figure.
    """
    if isinstance(settings, (str, bytes)) or not isinstance(settings, Sequence) or not settings:
        raise TypeError("settings must be a non-empty list of (gate, w1, w2, b) tuples")
    views = []
    for i, s in enumerate(settings):
        if not isinstance(s, (tuple, list)) or len(s) != 4:
            raise TypeError(f"settings[{i}] must be a tuple (gate, w1, w2, b), got {s!r}")
        views.append(perceptron_view(s[1], s[2], s[3], s[0]))
    n = len(views)
    fig, axes = plt.subplots(1, n, figsize=(style.FIG_WIDTH, style.FIG_WIDTH / n + 1.6), squeeze=False,
                             layout="constrained")
    for ax, v in zip(axes[0], views):
        plot_decision_boundary(v.X, v.y, v.w, v.b, ax=ax, small=n > 2,
                               title=f"{v.gate}\n$w = ({fmt_short(v.w1)}, {fmt_short(v.w2)})$, $b = {fmt_short(v.b)}$")
    if title:
        fig.suptitle(title, fontsize=12)
    fig.legend(handles=_legend_handles(), loc="outside lower center", ncol=3, fontsize=9)
    return fig
