"""A fully connected network drawn as a graph: units as circles, weights as edges, laid out from the widths.

:func:`unit_positions` places the units of any widths ``[n_0, ..., n_L]`` (layer ``l`` in column
``l``, its units spread evenly and centred); :func:`draw_frame` draws a
:class:`~nnlearn.backprop_general.Frame` (what one step of chapter 4's visualiser shows): the
values in each unit and on each edge, each in the colour of its meaning (``style.FORWARD`` for
values, ``style.BACKWARD`` for error signals and gradients, ``style.PARAM`` for weights).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from .. import style
from .._checks import check_positive_int

__all__ = ["unit_positions", "draw_frame", "plot_frame", "ROLE_COLORS"]

#: The colour of each role a frame names.
ROLE_COLORS = {"forward": style.FORWARD, "backward": style.BACKWARD, "param": style.PARAM,
               "pending": style.NEUTRAL}

_DX = 4.2  # distance between two layers (data units)
_DY = 3.0  # distance between two units of a layer
_R = 0.55  # radius of a unit


def unit_positions(widths: Sequence[int]) -> dict[tuple[int, int], tuple[float, float]]:
    """``(layer, unit) -> (x, y)`` for every unit of a network with ``widths``: layer ``l`` at
    ``x = l * 4.2``, its units ``3.0`` apart, centred on ``y = 0``, unit 0 at the top.
    Raises ``ValueError``/``TypeError`` for widths that are not positive integers."""
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence) or len(widths) < 2:
        raise ValueError(f"widths must be a sequence of at least two layer widths, got {widths!r}")
    positions = {}
    for l, n in enumerate(widths):
        n = check_positive_int(n, f"widths[{l}]")
        for k in range(n):
            positions[(l, k)] = (l * _DX, (n - 1) / 2 * _DY - k * _DY)
    return positions


def _edge_points(p, q):
    """The two ends of an edge between units at ``p`` and ``q``, on the circles' rims."""
    (x0, y0), (x1, y1) = p, q
    d = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    return (x0 + ux * _R, y0 + uy * _R), (x1 - ux * _R, y1 - uy * _R)


def draw_frame(ax: Axes, frame) -> Axes:
    """Draw ``frame`` (a :class:`~nnlearn.backprop_general.Frame`) on ``ax``."""
    pos = unit_positions(frame.widths)
    last = len(frame.widths) - 1
    fan_in = {}
    for e in frame.edges:
        fan_in.setdefault((e.layer, e.dst), []).append(e.src)
    for e in frame.edges:
        (sx, sy), (tx, ty) = _edge_points(pos[(e.layer - 1, e.src)], pos[(e.layer, e.dst)])
        color = ROLE_COLORS[e.highlight] if e.highlight else style.NEUTRAL
        ax.add_patch(FancyArrowPatch((sx, sy), (tx, ty), arrowstyle="-|>", mutation_scale=11,
                                     color=color, lw=2.2 if e.highlight else 1.2, zorder=1))
        # where edges can cross (both layers wider than one unit), near the source end, so the labels
        # of crossing edges stay apart; elsewhere in the middle
        crossing = frame.widths[e.layer - 1] > 1 and frame.widths[e.layer] > 1
        t = 0.3 if crossing else 0.5
        lx, ly = sx + t * (tx - sx), sy + t * (ty - sy)
        for i, (role, text) in enumerate(e.text):
            ax.text(lx, ly + 0.22 - 0.42 * i, text, color=ROLE_COLORS[role], fontsize=9, ha="center",
                    va="center", zorder=4, bbox=dict(boxstyle="round,pad=0.12", fc=style.PAPER, ec="none", alpha=0.9))
    for node in frame.nodes:
        x, y = pos[(node.layer, node.index)]
        edge = ROLE_COLORS[node.role] if node.role != "pending" else style.NEUTRAL
        ax.add_patch(Circle((x, y), _R, fc=style.PAPER, ec=edge, lw=3.0 if node.highlight else 1.5, zorder=2))
        ax.text(x, y, node.label, ha="center", va="center", fontsize=10, color=style.PARAM, zorder=3)
        for i, line in enumerate(node.text):
            role = "backward" if line.startswith("\u03b4") else "forward"
            ax.text(x, y - _R - 0.3 - 0.36 * i, line, ha="center", va="center", fontsize=9,
                    color=ROLE_COLORS[role], zorder=3)
    if frame.loss:
        out = [pos[(last, k)] for k in range(frame.widths[-1])]
        x = out[0][0] + 2.2
        y = sum(p[1] for p in out) / len(out)
        ax.text(x, y + 0.45, "loss", ha="center", va="center", fontsize=10, color=style.PARAM)
        for i, (role, text) in enumerate(frame.loss):
            ax.text(x, y - 0.4 * i, text, ha="center", va="center", fontsize=9, color=ROLE_COLORS[role])
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 3.2)
    ax.set_ylim(min(ys) - 2.0, max(ys) + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    if frame.title:
        ax.set_title(frame.title, fontsize=11)
    return ax


def plot_frame(frame, width: float = style.FIG_WIDTH) -> Figure:
    """A new figure showing ``frame``; its height follows the widths."""
    pos = unit_positions(frame.widths)
    ys = [p[1] for p in pos.values()]
    xs = [p[0] for p in pos.values()]
    aspect = (max(ys) - min(ys) + 3.0) / (max(xs) - min(xs) + 4.2)
    fig, ax = plt.subplots(figsize=(width, max(2.6, width * aspect + 0.5)), layout="constrained")
    draw_frame(ax, frame)
    return fig
