r"""The computation graph of the 2->1->1 network of chapter 3, with its forward or backward values.

One node per operation (multiply, add, sigmoid, loss) and one box per leaf
(the inputs, the target and the five parameters). Each edge carries one
number:

- forward (``show="forward"``): the value flowing along the edge, in
  :data:`nnlearn.style.FORWARD` green, arrows pointing left to right;
- backward (``show="backward"``): the derivative of the loss with respect to
  that value, :math:`\partial L/\partial(\text{edge})`, in
  :data:`nnlearn.style.BACKWARD` red, arrows pointing right to left.

The inputs :math:`x_1, x_2` and the target :math:`y` are data, not
parameters: their edges carry no gradient.

:func:`plot_by_hand_panel` stacks both graphs above the update table; it is
what the chapter's widget redraws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import style
from ..by_hand import WorkedExample, fmt, fmt_signed

__all__ = ["GRAPH_NODES", "GRAPH_EDGES", "edge_arrows", "draw_computation_graph", "plot_computation_graph",
           "plot_by_hand_panel", "edge_values", "panel_messages"]

_SHOWS = ("forward", "backward")


@dataclass(frozen=True)
class _Node:
    label: str  # mathtext shown in the node
    x: float
    y: float
    kind: str  # "input", "param", "op"
    note: str = ""  # small text under an operation node


#: Nodes by name: leaves (inputs, target, parameters) and operations, with their positions.
GRAPH_NODES: dict[str, _Node] = {
    "x1": _Node("$x_1$", 0.4, 3.75, "input"),
    "w11": _Node("$w_{11}$", 0.4, 2.35, "param"),
    "x2": _Node("$x_2$", 0.4, 1.65, "input"),
    "w12": _Node("$w_{12}$", 0.4, 0.25, "param"),
    "mul1": _Node(r"$\times$", 2.0, 3.05, "op"),
    "mul2": _Node(r"$\times$", 2.0, 0.95, "op"),
    "b1": _Node("$b_1$", 3.5, 0.25, "param"),
    "add1": _Node("$+$", 3.5, 2.0, "op"),
    "sig1": _Node(r"$\sigma$", 4.9, 2.0, "op"),
    "w2": _Node("$w_2$", 6.3, 4.3, "param"),
    "mul3": _Node(r"$\times$", 6.3, 2.0, "op"),
    "b2": _Node("$b_2$", 7.7, 4.3, "param"),
    "add2": _Node("$+$", 7.7, 2.0, "op"),
    "sig2": _Node(r"$\sigma$", 9.1, 2.0, "op"),
    "y": _Node("$y$", 10.4, 0.25, "input"),
    "loss": _Node("$L$", 10.4, 2.0, "op", r"$L = \frac{1}{2}(\hat y - y)^2$"),
}

#: Edges (from, to, symbol of the value on the edge), in forward order. The last edge leaves the
#: graph: it carries the loss itself (and, backward, the seed dL/dL = 1).
GRAPH_EDGES: tuple[tuple[str, str, str], ...] = (
    ("x1", "mul1", "x_1"), ("w11", "mul1", "w_{11}"),
    ("x2", "mul2", "x_2"), ("w12", "mul2", "w_{12}"),
    ("mul1", "add1", "w_{11}x_1"), ("mul2", "add1", "w_{12}x_2"), ("b1", "add1", "b_1"),
    ("add1", "sig1", "z_1"), ("sig1", "mul3", "a_1"), ("w2", "mul3", "w_2"),
    ("mul3", "add2", "w_2 a_1"), ("b2", "add2", "b_2"), ("add2", "sig2", "z_2"),
    ("sig2", "loss", r"\hat y"), ("y", "loss", "y"), ("loss", "out", "L"),
)

_OUT = (11.55, 2.0)  # where the loss edge ends
_R = 0.3  # radius of an operation node (data units)
_BOX = (0.34, 0.24)  # half width and half height of a leaf box


def edge_values(result: WorkedExample, show: str = "forward") -> dict[tuple[str, str], float | None]:
    r"""The number on each edge of :data:`GRAPH_EDGES`: its forward value, or (``show="backward"``)
    the derivative :math:`\partial L/\partial(\text{value})`; ``None`` for data edges going backward."""
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    if show not in _SHOWS:
        raise ValueError(f"show must be one of {_SHOWS}, got {show!r}")
    g, f, b = result.given, result.forward, result.backward
    if show == "forward":
        values = [g.x1, g.w11, g.x2, g.w12, g.w11 * g.x1, g.w12 * g.x2, g.b1, f.z1, f.a1, g.w2,
                  g.w2 * f.a1, g.b2, f.z2, f.y_hat, g.y, f.loss]
    else:  # a product or a bias feeds a sum, so its gradient is the sum's delta
        values = [None, b.dL_dw11, None, b.dL_dw12, b.delta1, b.delta1, b.dL_db1, b.delta1, b.dL_da1,
                  b.dL_dw2, b.delta2, b.dL_db2, b.delta2, b.dL_dyhat, None, 1.0]
    return {(src, dst): v for (src, dst, _), v in zip(GRAPH_EDGES, values)}


def _boundary(name: str, toward: tuple[float, float]) -> tuple[float, float]:
    """The point where the segment from node ``name`` toward ``toward`` leaves the node's shape."""
    if name == "out":
        return _OUT
    node = GRAPH_NODES[name]
    dx, dy = toward[0] - node.x, toward[1] - node.y
    dist = math.hypot(dx, dy)
    ux, uy = dx / dist, dy / dist
    if node.kind == "op":
        t = _R
    else:
        t = min(_BOX[0] / abs(ux) if ux else math.inf, _BOX[1] / abs(uy) if uy else math.inf)
    return node.x + t * ux, node.y + t * uy


def _position(name: str) -> tuple[float, float]:
    return _OUT if name == "out" else (GRAPH_NODES[name].x, GRAPH_NODES[name].y)


def _draw_nodes(ax: Axes) -> None:
    for node in GRAPH_NODES.values():
        if node.kind == "op":
            ax.add_patch(Circle((node.x, node.y), _R, facecolor="white", edgecolor=style.PATH, lw=1.4, zorder=3))
            ax.text(node.x, node.y, node.label, ha="center", va="center", fontsize=13, zorder=4)
            if node.note:
                ax.text(node.x, node.y + _R + 1.05, node.note, ha="center", va="bottom", fontsize=9,
                        color=style.PATH, zorder=4)
        else:
            color = style.PARAM if node.kind == "param" else style.PATH
            ax.add_patch(FancyBboxPatch((node.x - _BOX[0], node.y - _BOX[1]), 2 * _BOX[0], 2 * _BOX[1],
                                        boxstyle="round,pad=0,rounding_size=0.08", facecolor="white",
                                        edgecolor=color, lw=1.4, zorder=3))
            ax.text(node.x, node.y, node.label, ha="center", va="center", fontsize=11.5, color=color, zorder=4)


def _label_position(src: str, dst: str) -> tuple[float, float, str, str]:
    """Where the label of edge ``src -> dst`` goes: x, y, horizontal and vertical alignment.

    Labels sit beside their edge (never on it) and clear of the nodes, so every arrow stays visible."""
    (x0, y0), (x1, y1) = _position(src), _position(dst)
    if src in ("w2", "b2"):  # vertical edges from above: label to the right, clear of the row below
        return x0 + 0.1, (y0 - _BOX[1] + y1 + _R) / 2, "left", "center"
    if src in ("b1", "y"):  # vertical edges from below
        return x0 + 0.1, (y0 + _BOX[1] + y1 - _R) / 2, "left", "center"
    if src in ("x1", "x2"):  # leaf -> multiply, from above: label above the edge
        return x0 + 0.68 * (x1 - x0), y0 + 0.68 * (y1 - y0) + 0.14, "center", "bottom"
    if src in ("w11", "w12"):  # leaf -> multiply, from below: label below the edge
        return x0 + 0.68 * (x1 - x0), y0 + 0.68 * (y1 - y0) - 0.14, "center", "top"
    if src == "mul1":  # diagonal down into the sum: label above it, to the right
        return (x0 + x1) / 2 + 0.15, (y0 + y1) / 2 + 0.15, "left", "bottom"
    if src == "mul2":  # diagonal up into the sum: label above it, to the left
        return (x0 + x1) / 2 - 0.15, (y0 + y1) / 2 + 0.15, "right", "bottom"
    if dst == "out":
        return x0 + _R + 0.05, y0 + _R + 0.02, "left", "bottom"
    return (x0 + x1) / 2, y0 + _R + 0.02, "center", "bottom"  # horizontal: above, clear of the nodes


def edge_arrows(show: str = "forward") -> dict[tuple[str, str], tuple[tuple[float, float], tuple[float, float]]]:
    """Start and end point (data coordinates) of the arrow drawn for each edge of :data:`GRAPH_EDGES`:
    from the node's outline to the next node's outline, pointing forward (left to right) or, for
    ``show="backward"``, the other way."""
    if show not in _SHOWS:
        raise ValueError(f"show must be one of {_SHOWS}, got {show!r}")
    arrows = {}
    for src, dst, _ in GRAPH_EDGES:
        a = _boundary(src, _position(dst))
        b = _boundary(dst, _position(src)) if dst != "out" else _OUT
        arrows[(src, dst)] = (a, b) if show == "forward" else (b, a)
    return arrows


def draw_computation_graph(ax: Axes, result: WorkedExample, show: str = "forward") -> Axes:
    r"""Draw the network's computation graph on ``ax`` with the forward values (green, arrows to
    the right) or the backward values :math:`\partial L/\partial(\cdot)` (red, arrows to the left)
    of ``result`` on its edges. Numbers are rounded to 4 decimals. Returns ``ax``."""
    values = edge_values(result, show)
    arrows = edge_arrows(show)
    color = style.FORWARD if show == "forward" else style.BACKWARD
    for src, dst, symbol in GRAPH_EDGES:
        value = values[(src, dst)]
        start, end = arrows[(src, dst)]
        edge_color = style.NEUTRAL if value is None else (style.PATH if show == "forward" else style.BACKWARD)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, lw=1.2,
                                     color=edge_color, alpha=0.9 if value is not None else 0.6,
                                     shrinkA=0, shrinkB=0, zorder=1))
        if value is None:
            continue
        name = symbol if show == "forward" else _gradient_symbol(symbol)
        x, y, ha, va = _label_position(src, dst)
        ax.text(x, y, f"${name}$\n{fmt(value)}", ha=ha, va=va, fontsize=9, color=color,
                linespacing=1.15, zorder=5)
    _draw_nodes(ax)
    ax.set_xlim(0.0, 11.95)
    ax.set_ylim(-0.05, 4.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


_GRADIENT_SYMBOLS = {"z_1": r"\delta_1", "z_2": r"\delta_2", "w_{11}x_1": r"\delta_1",
                     "w_{12}x_2": r"\delta_1", "w_2 a_1": r"\delta_2", "L": r"\partial L/\partial L"}


def _gradient_symbol(symbol: str) -> str:
    return _GRADIENT_SYMBOLS.get(symbol, rf"\partial L/\partial {symbol}")


def _legend(fig: Figure, show: str, y: float) -> None:
    handles = [Line2D([], [], color=style.PARAM, marker="s", ls="none", mfc="white", mew=1.4, ms=9,
                      label="parameter (what learning changes)"),
               Line2D([], [], color=style.PATH, marker="s", ls="none", mfc="white", mew=1.4, ms=9,
                      label="data (input, target)")]
    if show == "forward":
        handles.append(Line2D([], [], color=style.FORWARD, lw=2.5, label="forward value on the edge"))
    else:
        handles.append(Line2D([], [], color=style.BACKWARD, lw=2.5,
                              label=r"backward: $\partial L/\partial$(edge value)"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, y), ncol=2, fontsize=8.5,
               handlelength=1.6, columnspacing=1.5)


def plot_computation_graph(result: WorkedExample, show: str = "forward", title: str | None = None) -> Figure:
    """A book-width figure of the computation graph with the forward or the backward values of
    ``result`` on its edges, a title saying what to notice and a legend for the colours."""
    edge_values(result, show)  # validates result and show before a figure is made
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.85))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.15)
    draw_computation_graph(ax, result, show)
    if title is None:
        title = (f"Forward pass: values flow left to right and end in the loss L = {fmt(result.forward.loss)}"
                 if show == "forward" else
                 "Backward pass: each edge gets \u2202L/\u2202(its value), flowing right to left")
    ax.set_title(title, fontsize=11, loc="left")
    _legend(fig, show, 0.0)
    return fig


def panel_messages(result: WorkedExample) -> list[str]:
    """Warnings the widget shows for ``result``: a step that raised the loss, or gradients too small
    to move anything (saturated sigmoids). Empty when the step behaves as expected."""
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    messages = []
    if result.loss_decrease < 0:
        messages.append(f"The step overshot: the loss went UP by {fmt(-result.loss_decrease)}. "
                        "Try a smaller learning rate \u03b7.")
    largest = max(abs(g) for g in result.gradients.values())
    if largest < 5e-5 and result.forward.loss > 5e-5:
        messages.append("Every gradient rounds to 0.0000: the sigmoids are saturated "
                        "(|z| large), so this step barely changes anything.")
    return messages


def _update_table(ax: Axes, result: WorkedExample) -> None:
    symbols = {"w11": "$w_{11}$", "w12": "$w_{12}$", "b1": "$b_1$", "w2": "$w_2$", "b2": "$b_2$"}
    arrows = {"increase": "\u2191 up", "decrease": "\u2193 down", "no change": "\u2013"}
    rows = [[symbols[r.name], fmt(r.old), fmt(r.gradient), fmt_signed(r.step), fmt(r.new), arrows[r.direction]]
            for r in result.update]
    header = ["parameter", "old value", r"gradient $\partial L/\partial\theta$",
              r"step $-\eta\,\partial L/\partial\theta$",
              "new value", "direction"]
    table = ax.table(cellText=rows, colLabels=header, loc="upper center", cellLoc="center",
                     colWidths=[0.12, 0.13, 0.22, 0.22, 0.13, 0.12])
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1.0, 1.25)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#dddddd")
        if row == 0:
            cell.set_text_props(weight="bold")
        elif col in (2, 3):
            cell.get_text().set_color(style.BACKWARD if col == 2 else style.PARAM)
    ax.axis("off")


def plot_by_hand_panel(result: WorkedExample) -> Figure:
    """What the chapter's widget shows: the graph with forward values, the graph with backward
    values, the update table and the loss before and after the step (with a warning when the step
    overshot or the gradients vanished)."""
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    fig = plt.figure(figsize=(style.FIG_WIDTH, 7.9))
    grid = fig.add_gridspec(3, 1, height_ratios=[3.0, 3.0, 1.9], left=0.01, right=0.99, top=0.95,
                            bottom=0.02, hspace=0.18)
    ax_f, ax_b, ax_t = (fig.add_subplot(grid[i]) for i in range(3))
    draw_computation_graph(ax_f, result, "forward")
    ax_f.set_title(f"Forward: \u0177 = {fmt(result.forward.y_hat)}, target y = {fmt(result.given.y)}, "
                   f"loss L = {fmt(result.forward.loss)}", fontsize=10.5, loc="left", color=style.FORWARD)
    draw_computation_graph(ax_b, result, "backward")
    ax_b.set_title("Backward: \u2202L/\u2202(edge value) for every edge", fontsize=10.5, loc="left",
                   color=style.BACKWARD)
    _update_table(ax_t, result)
    change = "down" if result.loss_decrease >= 0 else "UP"
    ax_t.set_title(f"One step with \u03b7 = {fmt(result.given.eta)}: loss {fmt(result.forward.loss)} \u2192 "
                   f"{fmt(result.new_forward.loss)} ({change} by {fmt(abs(result.loss_decrease))})",
                   fontsize=10.5, loc="left")
    messages = panel_messages(result)
    if messages:
        ax_t.text(0.5, 0.02, "\n".join(messages), transform=ax_t.transAxes, ha="center", va="bottom",
                  fontsize=9.5, color=style.MISTAKE, wrap=True)
    return fig
