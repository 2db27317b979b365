r"""The computation graph that :class:`nnlearn.autograd.Value` records, drawn from the graph itself.

Every value is a box with its label, its ``data`` (the forward value, in
:data:`nnlearn.style.FORWARD`) and below it its ``grad`` (:math:`\partial L/\partial`
value after ``L.backward()``, in :data:`nnlearn.style.BACKWARD`). An operation
is a small circle between its inputs and its result. Nothing is placed by hand:
:func:`graph_layout` puts each value in the column of its depth (the longest
path from a leaf) and each row where its inputs are, so any expression can be drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import style
from ..autograd import Value, topological_order

__all__ = ["graph_layout", "draw_value_graph", "plot_value_graph", "OP_SYMBOLS"]

#: How each operation is written in its circle.
OP_SYMBOLS = {"+": "+", "*": "×", "tanh": "tanh", "exp": "exp", "log": "log", "sigmoid": "σ", "relu": "relu"}

_MIN_GAP = 1.15  # least vertical distance between two values in one column (a box is _H high)
_DX, _W, _H = 2.4, 1.55, 0.86  # column spacing, box width and height (data units)


def graph_layout(root: Value) -> dict[int, tuple[float, float]]:
    """Positions ``{id(value): (column, row)}`` for every value ``root`` depends on.

    The column is the value's depth (one more than its deepest input; a leaf
    goes in the column just before its first use), so every edge points to the right. Rows: the leaves one row
    apart, those used in later columns first, the others in the order a depth-first
    walk from ``root`` meets them; every other value
    at the mean row of its inputs; then, column by column, values closer than
    one row (``_MIN_GAP``) are pushed apart.
    """
    order = topological_order(root)
    depth: dict[int, int] = {}
    for node in order:  # inputs come first, so their depth is known
        depth[id(node)] = 1 + max((depth[id(c)] for c in node.children), default=-1)
    # a leaf sits in the column just before its first use, so its edge skips no column it need not
    first_use: dict[int, int] = {}
    for node in order:
        for child in node.children:
            first_use[id(child)] = min(first_use.get(id(child), depth[id(node)]), depth[id(node)])
    for node in order:
        if not node.children and id(node) in first_use:
            depth[id(node)] = first_use[id(node)] - 1

    # leaves in the order the root's depth-first walk reaches them (reversed topological order)
    row: dict[int, float] = {}
    leaves = [n for n in reversed(order) if not n.children]
    leaves.sort(key=lambda n: -depth[id(n)])  # stable: leaves used later first, then in walk order
    for i, leaf in enumerate(leaves):
        row[id(leaf)] = i * _MIN_GAP
    for node in order:
        if node.children:
            row[id(node)] = sum(row[id(c)] for c in node.children) / len(node.children)

    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    for nodes in columns.values():
        nodes.sort(key=lambda n: row[id(n)])
        for prev, node in zip(nodes, nodes[1:]):
            if row[id(node)] - row[id(prev)] < _MIN_GAP:
                row[id(node)] = row[id(prev)] + _MIN_GAP
    return {id(n): (float(depth[id(n)]), -row[id(n)]) for n in order}


def _number(value: float, digits: int) -> str:
    """``value`` to ``digits`` decimals with a true minus sign, never ``-0.0000``."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def _name(node: Value) -> str:
    return node.label or node.op or "value"


def draw_value_graph(ax: Axes, root: Value, digits: int = 4, show_grad: bool = True) -> Axes:
    """Draw the graph of ``root`` on ``ax``: a box per value (label; data in the forward colour, grad in
    the backward colour below it), a circle per operation.

    ``digits`` is the number of decimals shown. With ``show_grad=False`` only
    the forward values are written (the graph before ``backward``).
    """
    pos = graph_layout(root)
    dx, w, h = _DX, _W, _H
    xy = {k: (c * dx, r) for k, (c, r) in pos.items()}
    y_mid = (max(r for _, r in xy.values()) + min(r for _, r in xy.values())) / 2
    for node in topological_order(root):
        x, y = xy[id(node)]
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.04",
                                    facecolor=style.PAPER, edgecolor=style.PARAM, linewidth=1.2, zorder=2))
        ax.text(x, y + 0.25, f"${_name(node)}$" if node.label else _name(node), ha="center", va="center",
                fontsize=12, color=style.PARAM, zorder=3)
        ax.text(x, y - 0.02, _number(node.data, digits), ha="center", va="center", fontsize=11,
                color=style.FORWARD, zorder=3)
        if show_grad:
            ax.text(x, y - 0.27, _number(node.grad, digits), ha="center", va="center", fontsize=11,
                    color=style.BACKWARD, zorder=3)
        if not node.children:
            continue
        # the operation: a circle just left of the box, fed by every input
        ox, oy = x - w / 2 - 0.45, y
        ax.add_patch(Circle((ox, oy), 0.26, facecolor=style.PAPER, edgecolor=style.PARAM, linewidth=1.0, zorder=2))
        symbol = OP_SYMBOLS.get(node.op, node.op)
        ax.text(ox, oy, symbol, ha="center", va="center", fontsize=10 if len(symbol) <= 2 else 7.5,
                color=style.PARAM, zorder=3)
        ax.add_patch(FancyArrowPatch((ox + 0.26, oy), (x - w / 2 - 0.04, y), arrowstyle="-|>",
                                     mutation_scale=10, color=style.PARAM, linewidth=1.0, zorder=1))
        for child in node.children:
            cx, cy = xy[id(child)]
            # an edge that skips a column bends away from the middle of the graph, around the boxes
            rad = 0.0
            if x - cx > 1.5 * dx:
                rad = 0.22 if cy < y_mid else -0.22
            ax.add_patch(FancyArrowPatch((cx + w / 2 + 0.04, cy), (ox, oy), arrowstyle="-|>", mutation_scale=10,
                                         shrinkB=8, color=style.NEUTRAL, linewidth=1.2, zorder=1,
                                         connectionstyle=f"arc3,rad={rad}"))
    xs = [p[0] for p in xy.values()]
    ys = [p[1] for p in xy.values()]
    ax.set_xlim(min(xs) - w / 2 - 0.3, max(xs) + w / 2 + 0.3)
    ax.set_ylim(min(ys) - h / 2 - 0.6, max(ys) + h / 2 + 0.6)  # room for a bent edge
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_value_graph(root: Value, title: str | None = None, digits: int = 4, show_grad: bool = True) -> Figure:
    """A figure of :func:`draw_value_graph` at book width, with a title and a colour key."""
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    pos = graph_layout(root)
    x_span = _DX * max(c for c, _ in pos.values()) + _W + 0.6  # data units, as draw_value_graph lays them out
    y_span = max(r for _, r in pos.values()) - min(r for _, r in pos.values()) + 2.0
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, style.FIG_WIDTH * y_span / x_span / 0.98 / 0.72))
    draw_value_graph(ax, root, digits=digits, show_grad=show_grad)
    if title is None:
        title = (f"The graph of ${_name(root)}$: values forward, gradients after backward"
                 if show_grad else f"The graph of ${_name(root)}$ after the forward pass")
    ax.set_title(title)
    key = [("upper number: data, the value (forward pass)", style.FORWARD)]
    if show_grad:
        key.append((r"lower number: grad, $\partial " + _name(root) + r"\,/\,\partial\,(\mathrm{value})$ (backward)",
                    style.BACKWARD))
    for i, (text, colour) in enumerate(key):
        fig.text(0.02 + 0.5 * i, 0.02, text, color=colour, fontsize=10, ha="left", va="bottom")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.14)
    return fig
