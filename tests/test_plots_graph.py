"""Tests of nnlearn.plots.graph: the computation-graph figures of chapter 3 and the widget's panel."""

from __future__ import annotations

import itertools
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnlearn import style  # noqa: E402
from nnlearn.by_hand import WORKED_EXAMPLE, backprop_by_hand, from_given  # noqa: E402
from nnlearn.precision import fmt  # noqa: E402
from nnlearn.plots.graph import (GRAPH_EDGES, GRAPH_NODES, LABEL_FONTSIZE, draw_computation_graph,  # noqa: E402
                                 edge_arrows, edge_values, node_color, panel_messages, panel_titles,
                                 plot_by_hand_panel, plot_computation_graph)

#: A setting where one step with a large learning rate raises the loss.
OVERSHOOT = dict(x1=0.5, x2=0.8, y=0.5, w11=0.4, w12=0.6, b1=0.1, w2=-5.0, b2=2.0, eta=20.0)
#: Every sigmoid saturated: the gradients are all below 5e-5.
SATURATED = dict(x1=3.0, x2=3.0, y=0.0, w11=5.0, w12=5.0, b1=5.0, w2=5.0, b2=5.0, eta=1.0)



@pytest.fixture(scope="module")
def example():
    return from_given(WORKED_EXAMPLE)


def _texts(fig) -> list:
    return [t for ax in fig.axes for t in ax.texts]


def _same_color(a, b) -> bool:
    return mcolors.to_hex(a) == mcolors.to_hex(b)


def test_graph_has_a_node_per_operation_and_a_box_per_leaf():
    ops = [n for n in GRAPH_NODES.values() if n.kind == "op"]
    assert sorted(n.label for n in ops).count(r"$\times$") == 3
    assert sorted(n.label for n in ops).count("$+$") == 2
    assert sorted(n.label for n in ops).count(r"$\sigma$") == 2
    assert {n for n, node in GRAPH_NODES.items() if node.kind == "param"} == {"w11", "w12", "b1", "w2", "b2"}
    assert {n for n, node in GRAPH_NODES.items() if node.kind == "input"} == {"x1", "x2", "y"}
    assert len(GRAPH_EDGES) == 16


def test_forward_edge_values_are_the_forward_pass(example):
    values = edge_values(example, "forward")
    f = example.forward
    assert values[("add1", "sig1")] == f.z1 and values[("sig1", "mul3")] == f.a1
    assert values[("add2", "sig2")] == f.z2 and values[("sig2", "loss")] == f.y_hat
    assert values[("loss", "out")] == f.loss
    assert values[("mul1", "add1")] + values[("mul2", "add1")] + values[("b1", "add1")] == pytest.approx(f.z1)


def test_backward_edge_values_are_the_gradients_and_data_edges_have_none(example):
    values = edge_values(example, "backward")
    b = example.backward
    assert values[("w11", "mul1")] == b.dL_dw11 and values[("w12", "mul2")] == b.dL_dw12
    assert values[("b1", "add1")] == b.dL_db1 and values[("w2", "mul3")] == b.dL_dw2
    assert values[("b2", "add2")] == b.dL_db2 and values[("sig1", "mul3")] == b.dL_da1
    assert values[("add1", "sig1")] == b.delta1 and values[("add2", "sig2")] == b.delta2
    assert values[("loss", "out")] == 1.0
    assert [k for k, v in values.items() if v is None] == [("x1", "mul1"), ("x2", "mul2"), ("y", "loss")]


@pytest.mark.parametrize("show, color", [("forward", style.FORWARD), ("backward", style.BACKWARD)])
def test_every_edge_value_is_drawn_to_4_decimals_in_its_colour(example, show, color):
    fig = plot_computation_graph(example, show)
    labels = [t for t in _texts(fig) if "\n" in t.get_text()]
    shown = [t.get_text().split("\n")[1] for t in labels]
    expected = [fmt(v) for v in edge_values(example, show).values() if v is not None]
    assert sorted(shown) == sorted(expected)
    assert all(_same_color(t.get_color(), color) for t in labels)


def test_figure_is_book_width_with_a_title_and_a_legend(example):
    for show in ("forward", "backward"):
        fig = plot_computation_graph(example, show)
        assert fig.get_size_inches()[0] == pytest.approx(style.FIG_WIDTH)
        assert fig.axes[0].get_title(loc="left")
        legend_text = [t.get_text() for t in fig.legends[0].get_texts()]
        assert "parameter (what learning changes)" in legend_text
        assert any(("forward" if show == "forward" else "backward") in t for t in legend_text)
    assert "0.0538" in plot_computation_graph(example, "forward").axes[0].get_title(loc="left")


def test_forward_arrows_point_right_and_backward_arrows_left():
    forward, backward = edge_arrows("forward"), edge_arrows("backward")
    for edge, (start, end) in forward.items():
        assert backward[edge] == (end, start)
        if edge[0] not in ("w2", "b2", "b1", "y"):  # vertical edges go up or down
            assert end[0] > start[0]


def test_arrows_start_and_end_outside_the_nodes():
    for (src, dst), (start, end) in edge_arrows("forward").items():
        node = GRAPH_NODES[src]
        assert (start[0] - node.x) ** 2 + (start[1] - node.y) ** 2 > 0.2 ** 2
        if dst != "out":
            node = GRAPH_NODES[dst]
            assert (end[0] - node.x) ** 2 + (end[1] - node.y) ** 2 > 0.2 ** 2


def test_backward_figure_draws_gradient_edges_red_and_data_edges_grey(example):
    fig = plot_computation_graph(example, "backward")
    arrows = [p for p in fig.axes[0].patches if type(p).__name__ == "FancyArrowPatch"]
    colors = [mcolors.to_hex(p.get_edgecolor()) for p in arrows]
    assert colors.count(mcolors.to_hex(style.BACKWARD)) == 13
    assert colors.count(mcolors.to_hex(style.NEUTRAL)) == 3


def test_draw_on_a_given_axis_returns_it(example):
    fig, ax = plt.subplots()
    assert draw_computation_graph(ax, example, "forward") is ax
    assert not ax.axison


def test_title_can_be_overridden(example):
    fig = plot_computation_graph(example, "forward", title="Custom")
    assert fig.axes[0].get_title(loc="left") == "Custom"


def test_bad_show_raises_value_error(example):
    with pytest.raises(ValueError, match="show"):
        plot_computation_graph(example, "sideways")
    with pytest.raises(ValueError, match="show"):
        edge_arrows("both")


@pytest.mark.parametrize("func", [plot_computation_graph, plot_by_hand_panel, panel_messages, panel_titles,
                                  lambda r: edge_values(r, "forward")])
def test_bad_result_raises_type_error(func):
    with pytest.raises(TypeError, match="result"):
        func({"z1": 0.78})


def test_panel_has_both_graphs_and_the_update_table(example):
    fig = plot_by_hand_panel(example)
    assert len(fig.axes) == 3
    table = fig.axes[2].tables[0]
    cells = {(r, c): cell.get_text().get_text() for (r, c), cell in table.get_celld().items()}
    assert cells[(0, 1)] == "old value" and cells[(4, 4)] == fmt(example.update[3].new)
    assert cells[(1, 3)] == "+0.0035" and cells[(1, 5)] == "\u2191 up"
    assert "0.0538 \u2192 0.0499" in fig.axes[2].get_title(loc="left")
    assert not [t for t in fig.axes[2].texts if _same_color(t.get_color(), style.MISTAKE)]


def test_panel_messages_empty_for_the_worked_example(example):
    assert panel_messages(example) == []


def test_overshoot_is_reported_in_the_figure():
    result = backprop_by_hand(**OVERSHOOT)
    assert result.loss_decrease < 0
    assert any("overshot" in m for m in panel_messages(result))
    fig = plot_by_hand_panel(result)
    assert "UP" in fig.axes[2].get_title(loc="left")
    assert [t for t in fig.axes[2].texts if _same_color(t.get_color(), style.MISTAKE)]


def test_saturation_is_reported():
    assert any("saturated" in m for m in panel_messages(backprop_by_hand(**SATURATED)))


def test_panel_is_finite_at_every_slider_corner():
    from nnlearn.chapters.by_hand.widget import CONTROLS  # the widget's sliders

    ranges = {c.name: (c.low, c.high) for c in CONTROLS}
    corners = 0
    for x, w, b, y, eta in itertools.product((-3.0, 3.0), (-5.0, 5.0), (-5.0, 5.0), (0.0, 1.0), (0.05, 20.0)):
        values = dict(x1=x, x2=-x, y=y, w11=w, w12=w, b1=b, w2=-w, b2=b, eta=eta)
        assert all(ranges[k][0] <= v <= ranges[k][1] for k, v in values.items())
        panel_messages(backprop_by_hand(**values))  # must not raise
        corners += 1
    assert corners == 32
    fig = plot_by_hand_panel(backprop_by_hand(**dict(x1=3.0, x2=3.0, y=0.0, w11=5.0, w12=5.0, b1=5.0,
                                                     w2=5.0, b2=5.0, eta=20.0)))
    assert len(fig.axes) == 3


def test_target_zero_panel_shows_every_parameter_going_down():
    fig = plot_by_hand_panel(from_given(replace(WORKED_EXAMPLE, y=0.0)))
    cells = fig.axes[2].tables[0].get_celld()
    assert {cells[(r, 5)].get_text().get_text() for r in range(1, 6)} == {"\u2193 down"}


# ------------------------------------------------------------------- colours, sizes and layout

def _box_of(fig, name):
    """The leaf box patch and label text of node ``name`` in a one-graph figure."""
    node = GRAPH_NODES[name]
    ax = fig.axes[0]
    box = [p for p in ax.patches if type(p).__name__ == "FancyBboxPatch"
           and p.get_x() < node.x < p.get_x() + p.get_width() and p.get_y() < node.y < p.get_y() + p.get_height()]
    text = [t for t in ax.texts if t.get_text() == node.label and t.get_position() == (node.x, node.y)]
    assert len(box) == 1 and len(text) == 1
    return box[0], text[0]


@pytest.mark.parametrize("show", ["forward", "backward"])
def test_data_boxes_are_grey_and_parameter_boxes_near_black(example, show):
    fig = plot_computation_graph(example, show)
    for name, node in GRAPH_NODES.items():
        if node.kind == "op":
            continue
        box, text = _box_of(fig, name)
        expected = style.PARAM if node.kind == "param" else style.NEUTRAL
        assert _same_color(box.get_edgecolor(), expected) and _same_color(text.get_color(), expected), name
    assert not _same_color(style.NEUTRAL, style.PARAM)


def test_legend_shows_data_in_grey_and_parameters_in_their_colour(example):
    legend = plot_computation_graph(example, "forward").legends[0]
    colors = {t.get_text(): h.get_color() for t, h in zip(legend.get_texts(), legend.legend_handles)}
    assert _same_color(colors["parameter (what learning changes)"], style.PARAM)
    assert _same_color(colors["data (inputs, target): fixed"], style.NEUTRAL)


def test_node_color_by_kind_and_bad_name():
    assert node_color("w11") == style.PARAM and node_color("y") == style.NEUTRAL
    assert node_color("add1") == mcolors.to_hex(matplotlib.rcParams["text.color"])  # plain ink
    with pytest.raises(ValueError, match="name"):
        node_color("w3")


@pytest.mark.parametrize("show", ["forward", "backward"])
def test_every_colour_in_the_graph_comes_from_the_style(example, show):
    """No hard-coded colour: edges, labels and boxes use nnlearn.style (or white fill, text colour)."""
    allowed = {mcolors.to_hex(c) for c in (style.FORWARD, style.BACKWARD, style.PARAM, style.NEUTRAL,
                                           "white", matplotlib.rcParams["text.color"])}
    fig = plot_computation_graph(example, show)
    ax = fig.axes[0]
    used = {mcolors.to_hex(t.get_color()) for t in ax.texts}
    used |= {mcolors.to_hex(p.get_edgecolor()) for p in ax.patches}
    used |= {mcolors.to_hex(p.get_facecolor()) for p in ax.patches if type(p).__name__ != "FancyArrowPatch"}
    assert used <= allowed


@pytest.mark.parametrize("show", ["forward", "backward"])
def test_graph_text_is_at_least_10_points_at_book_width(example, show):
    fig = plot_computation_graph(example, show)
    assert fig.get_size_inches()[0] == pytest.approx(style.FIG_WIDTH)
    sizes = [t.get_fontsize() for t in fig.axes[0].texts] + [t.get_fontsize() for t in fig.legends[0].get_texts()]
    assert min(sizes) >= 10 and LABEL_FONTSIZE >= 10


@pytest.mark.parametrize("show", ["forward", "backward"])
def test_edge_labels_do_not_overlap_each_other_or_the_nodes(example, show):
    fig = plot_computation_graph(example, show)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t.get_window_extent(renderer) for t in ax.texts if "\n" in t.get_text()]
    nodes = [p.get_window_extent(renderer) for p in ax.patches if type(p).__name__ != "FancyArrowPatch"]
    for i, a in enumerate(labels):
        assert not any(a.overlaps(b) for b in labels[i + 1:]), f"label {i} overlaps another label"
        assert not any(a.overlaps(b) for b in nodes), f"label {i} overlaps a node"


# ------------------------------------------------------------------- the panel at its extremes

def test_panel_titles_show_given_values_as_given(example):
    forward, backward, table = panel_titles(example)
    assert "target y = 1," in forward and "loss L = 0.0538" in forward
    assert "\u03b7 = 0.5:" in table and "0.0538 \u2192 0.0499" in table
    extreme = panel_titles(backprop_by_hand(**dict(SATURATED, eta=20.0)))
    assert "target y = 0," in extreme[0] and "\u03b7 = 20:" in extreme[2]
    assert "0.0000," not in extreme[0] and "20.0000" not in extreme[2]


def test_panel_message_sits_below_the_table_not_over_it():
    fig = plot_by_hand_panel(backprop_by_hand(**dict(SATURATED, eta=20.0)))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax_t = fig.axes[2]
    table = ax_t.tables[0].get_window_extent(renderer)
    messages = [t for t in ax_t.texts if _same_color(t.get_color(), style.MISTAKE)]
    assert len(messages) == 1 and "saturated" in messages[0].get_text()
    box = messages[0].get_window_extent(renderer)
    assert box.y1 < table.y0  # below the table (display coordinates grow upward)
    assert box.y0 >= 0 and 0 <= box.x0 and box.x1 <= fig.bbox.x1  # inside the figure


def test_panel_table_says_approximately_zero_for_steps_that_round_to_zero():
    fig = plot_by_hand_panel(backprop_by_hand(**dict(SATURATED, eta=20.0)))
    cells = fig.axes[2].tables[0].get_celld()
    steps = [cells[(r, 3)].get_text().get_text() for r in range(1, 6)]
    labels = [cells[(r, 5)].get_text().get_text() for r in range(1, 6)]
    assert labels == ["\u2248 0" if step == "0.0000" else "\u2193 down" for step in steps]
    assert "\u2248 0" in labels
