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
parameters: their boxes are drawn in :data:`nnlearn.style.NEUTRAL` grey (the
parameters' boxes in :data:`nnlearn.style.PARAM`) and their edges carry no
gradient. Operations are plain circles in the text colour.

:func:`plot_by_hand_panel` stacks both graphs above the update table; it is
what the chapter's widget redraws.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import style
from ..by_hand import WorkedExample, direction_label
from ..precision import fmt, fmt_given, fmt_signed

__all__ = ["GRAPH_NODES", "GRAPH_EDGES", "edge_arrows", "draw_computation_graph", "plot_computation_graph",
           "plot_by_hand_panel", "edge_values", "panel_messages", "panel_titles", "node_color",
           "LABEL_FONTSIZE"]

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
    "x1": _Node("$x_1$", 0.35, 5.0, "input"),
    "w11": _Node("$w_{11}$", 0.35, 3.2, "param"),
    "x2": _Node("$x_2$", 0.35, 2.4, "input"),
    "w12": _Node("$w_{12}$", 0.35, 0.3, "param"),
    "mul1": _Node(r"$\times$", 2.0, 4.1, "op"),
    "mul2": _Node(r"$\times$", 2.0, 1.35, "op"),
    "b1": _Node("$b_1$", 3.55, 0.3, "param"),
    "add1": _Node("$+$", 3.55, 2.75, "op"),
    "sig1": _Node(r"$\sigma$", 4.95, 2.75, "op"),
    "w2": _Node("$w_2$", 6.35, 5.2, "param"),
    "mul3": _Node(r"$\times$", 6.35, 2.75, "op"),
    "b2": _Node("$b_2$", 7.75, 5.2, "param"),
    "add2": _Node("$+$", 7.75, 2.75, "op"),
    "sig2": _Node(r"$\sigma$", 9.15, 2.75, "op"),
    "y": _Node("$y$", 10.45, 0.3, "input"),
    "loss": _Node("$L$", 10.45, 2.75, "op", r"$L = \frac{1}{2}(\hat y - y)^2$"),
}

#: Font size (points) of the numbers on the edges; at the book's width of 7 inches it prints at this size.
LABEL_FONTSIZE = 10.5

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

_OUT = (11.6, 2.75)  # where the loss edge ends
_R = 0.32  # radius of an operation node (data units)
_BOX = (0.36, 0.26)  # half width and half height of a leaf box
_XLIM, _YLIM = (-0.05, 12.05), (-0.05, 5.55)


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


def node_color(name: str) -> str:
    """The colour of node ``name``'s outline and label: :data:`nnlearn.style.PARAM` for a parameter,
    :data:`nnlearn.style.NEUTRAL` for data (inputs, target), the text colour for an operation."""
    if name not in GRAPH_NODES:
        raise ValueError(f"name must be one of {tuple(GRAPH_NODES)}, got {name!r}")
    kind = GRAPH_NODES[name].kind
    if kind == "param":
        return style.PARAM
    return style.NEUTRAL if kind == "input" else mcolors.to_hex(mpl.rcParams["text.color"])


def _draw_nodes(ax: Axes) -> None:
    for name, node in GRAPH_NODES.items():
        color = node_color(name)
        if node.kind == "op":
            ax.add_patch(Circle((node.x, node.y), _R, facecolor="white", edgecolor=color, lw=1.4, zorder=3))
            ax.text(node.x, node.y, node.label, ha="center", va="center", fontsize=14, color=color, zorder=4)
            if node.note:
                ax.text(node.x, node.y + _R + 1.25, node.note, ha="center", va="bottom", fontsize=10.5,
                        color=color, zorder=4)
        else:
            ax.add_patch(FancyBboxPatch((node.x - _BOX[0], node.y - _BOX[1]), 2 * _BOX[0], 2 * _BOX[1],
                                        boxstyle="round,pad=0,rounding_size=0.08", facecolor="white",
                                        edgecolor=color, lw=1.6 if node.kind == "param" else 1.4, zorder=3))
            ax.text(node.x, node.y, node.label, ha="center", va="center", fontsize=12.5, color=color, zorder=4)


#: Edges of the main line whose label goes below it (the others go above), alternating so that
#: neighbouring labels never crowd each other.
_BELOW = {("add1", "sig1"), ("mul3", "add2"), ("sig2", "loss")}


def _label_position(src: str, dst: str) -> tuple[float, float, str, str]:
    """Where the label of edge ``src -> dst`` goes: x, y, horizontal and vertical alignment.

    Labels sit beside their edge (never on it) and clear of the nodes, so every arrow stays visible."""
    (x0, y0), (x1, y1) = _position(src), _position(dst)
    if src == "w2":  # vertical edges from above, just under the box: w2's label to the left of its
        return x0 - 0.1, y0 - _BOX[1] - 0.1, "right", "top"  # edge, b2's to the right, apart
    if src == "b2":
        return x0 + 0.1, y0 - _BOX[1] - 0.1, "left", "top"
    if src in ("b1", "y"):  # vertical edges from below
        return x0 + 0.1, (y0 + _BOX[1] + y1 - _R) / 2 - 0.25, "left", "center"
    if src in ("x1", "w11", "w12"):  # leaf -> multiply: beside the edge, near the leaf, on the side
        # where the edge moves away from the label (above a falling edge, below a rising one)
        x, y = x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0)
        return (x + 0.06, y + 0.06, "left", "bottom") if y1 < y0 else (x + 0.06, y - 0.06, "left", "top")
    if src == "x2":  # below its falling edge, ending at the edge: clear of the label of mul2 -> add1
        return x0 + 0.55 * (x1 - x0) - 0.06, y0 + 0.55 * (y1 - y0) - 0.06, "right", "top"
    if src == "mul1":  # diagonal down into the sum: label above it, to the right
        return (x0 + x1) / 2 + 0.15, (y0 + y1) / 2 + 0.15, "left", "bottom"
    if src == "mul2":  # diagonal up into the sum: label above it, to the left
        return (x0 + x1) / 2 - 0.15, (y0 + y1) / 2 + 0.15, "right", "bottom"
    x = x0 + _R + 0.05 if dst == "out" else (x0 + x1) / 2
    ha = "left" if dst == "out" else "center"
    if (src, dst) in _BELOW:
        return x, y0 - _R - 0.02, ha, "top"
    return x, y0 + _R + 0.02, ha, "bottom"  # horizontal: above the edge, clear of the nodes


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
        edge_color = style.NEUTRAL if value is None else color
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, lw=1.3,
                                     color=edge_color, alpha=0.9 if value is not None else 0.6,
                                     shrinkA=0, shrinkB=0, zorder=1))
        if value is None:
            continue
        name = symbol if show == "forward" else _gradient_symbol(symbol)
        x, y, ha, va = _label_position(src, dst)
        ax.text(x, y, f"${name}$\n{fmt(value)}", ha=ha, va=va, fontsize=LABEL_FONTSIZE, color=color,
                linespacing=1.15, zorder=5)
    _draw_nodes(ax)
    ax.set_xlim(*_XLIM)
    ax.set_ylim(*_YLIM)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


_GRADIENT_SYMBOLS = {"z_1": r"\delta_1", "z_2": r"\delta_2", "w_{11}x_1": r"\delta_1",
                     "w_{12}x_2": r"\delta_1", "w_2 a_1": r"\delta_2", "L": r"\partial L/\partial L"}


def _gradient_symbol(symbol: str) -> str:
    return _GRADIENT_SYMBOLS.get(symbol, rf"\partial L/\partial {symbol}")


def _legend(fig: Figure, show: str, y: float) -> None:
    handles = [Line2D([], [], color=style.PARAM, marker="s", ls="none", mfc="white", mew=1.6, ms=10,
                      label="parameter (what learning changes)"),
               Line2D([], [], color=style.NEUTRAL, marker="s", ls="none", mfc="white", mew=1.4, ms=10,
                      label="data (inputs, target): fixed")]
    if show == "forward":
        handles.append(Line2D([], [], color=style.FORWARD, lw=2.5, label="forward value on the edge"))
    else:
        handles.append(Line2D([], [], color=style.BACKWARD, lw=2.5,
                              label=r"backward: $\partial L/\partial$(edge value)"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, y), ncol=2, fontsize=10.5,
               handlelength=1.6, columnspacing=1.5)


def plot_computation_graph(result: WorkedExample, show: str = "forward", title: str | None = None) -> Figure:
    """A book-width figure of the computation graph with the forward or the backward values of
    ``result`` on its edges, a title saying what to notice and a legend for the colours."""
    edge_values(result, show)  # validates result and show before a figure is made
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 4.6))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.91, bottom=0.14)
    draw_computation_graph(ax, result, show)
    if title is None:
        title = (f"Forward pass: values flow left to right and end in the loss L = {fmt(result.forward.loss)}"
                 if show == "forward" else
                 "Backward pass: each edge gets \u2202L/\u2202(its value), flowing right to left")
    ax.set_title(title, fontsize=11.5, loc="left")
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
    rows = [[symbols[r.name], fmt(r.old), fmt(r.gradient), fmt_signed(r.step), fmt(r.new), direction_label(r.step)]
            for r in result.update]
    header = ["parameter", "old value", r"gradient $\partial L/\partial\theta$",
              r"step $-\eta\,\partial L/\partial\theta$",
              "new value", "direction"]
    table = ax.table(cellText=rows, colLabels=header, loc="upper center", cellLoc="center",
                     colWidths=[0.12, 0.13, 0.22, 0.22, 0.13, 0.12])
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1.0, 1.3)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor(mcolors.to_rgba(style.NEUTRAL, 0.35))
        if row == 0:
            cell.set_text_props(weight="bold")
        elif col in (2, 3):
            cell.get_text().set_color(style.BACKWARD if col == 2 else style.PARAM)
    ax.axis("off")


def panel_titles(result: WorkedExample) -> tuple[str, str, str]:
    """The titles of the panel's three parts (forward graph, backward graph, update table). Given
    values (the target y, the learning rate eta) are shown as given (``y = 0``, ``\u03b7 = 0.5``),
    computed ones rounded to 4 decimals."""
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    change = "down" if result.loss_decrease >= 0 else "UP"
    return (f"Forward: \u0177 = {fmt(result.forward.y_hat)}, target y = {fmt_given(result.given.y)}, "
            f"loss L = {fmt(result.forward.loss)}",
            "Backward: \u2202L/\u2202(edge value) for every edge",
            f"One step with \u03b7 = {fmt_given(result.given.eta)}: loss {fmt(result.forward.loss)} \u2192 "
            f"{fmt(result.new_forward.loss)} ({change} by {fmt(abs(result.loss_decrease))})")


def plot_by_hand_panel(result: WorkedExample) -> Figure:
    """What the chapter's widget shows: the graph with forward values, the graph with backward
    values, the update table and the loss before and after the step, with a warning under the
    table (in a strip kept free for it) when the step overshot or the gradients vanished."""
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    fig = plt.figure(figsize=(style.FIG_WIDTH, 10.4))
    grid = fig.add_gridspec(3, 1, height_ratios=[3.25, 3.25, 1.75], left=0.01, right=0.99, top=0.96,
                            bottom=0.085, hspace=0.16)
    ax_f, ax_b, ax_t = (fig.add_subplot(grid[i]) for i in range(3))
    forward_title, backward_title, table_title = panel_titles(result)
    draw_computation_graph(ax_f, result, "forward")
    ax_f.set_title(forward_title, fontsize=11, loc="left", color=style.FORWARD)
    draw_computation_graph(ax_b, result, "backward")
    ax_b.set_title(backward_title, fontsize=11, loc="left", color=style.BACKWARD)
    _update_table(ax_t, result)
    ax_t.set_title(table_title, fontsize=11, loc="left")
    messages = panel_messages(result)
    if messages:  # in the strip below the table (the figure's bottom margin), never over it
        text = "\n".join(textwrap.fill(m, 95) for m in messages)
        ax_t.text(0.5, -0.04, text, transform=ax_t.transAxes, ha="center", va="top",
                  fontsize=10, color=style.MISTAKE)
    return fig
