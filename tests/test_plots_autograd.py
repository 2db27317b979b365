"""The autograd graph figure: its layout comes from the graph, and it shows values and gradients."""

import matplotlib.pyplot as plt
import pytest

from nnlearn import style
from nnlearn.autograd import Value, neuron_expression, topological_order
from nnlearn.plots.autograd import draw_value_graph, graph_layout, plot_value_graph


def test_every_edge_points_right_and_no_two_values_overlap():
    values = neuron_expression()
    root = values["L"]
    pos = graph_layout(root)
    assert set(pos) == {id(n) for n in topological_order(root)}
    for node in topological_order(root):
        for child in node.children:
            assert pos[id(child)][0] < pos[id(node)][0]
    points = list(pos.values())
    for i, (c1, r1) in enumerate(points):
        for c2, r2 in points[i + 1:]:
            assert c1 != c2 or abs(r1 - r2) >= 1.0  # boxes are 0.86 high


def test_layout_works_for_any_expression():
    a, b = Value(0.3), Value(-1.2)
    out = ((a * b).exp() + a / b - (a + 1).relu() * b).sigmoid()
    pos = graph_layout(out)
    assert len(pos) == len(topological_order(out))
    assert pos[id(out)][0] == max(c for c, _ in pos.values())


def test_figure_writes_data_in_forward_colour_and_grad_in_backward_colour():
    values = neuron_expression()
    values["L"].backward()
    fig = plot_value_graph(values["L"])
    texts = fig.axes[0].texts
    data = [t.get_text() for t in texts if t.get_color() == style.FORWARD]
    grads = [t.get_text() for t in texts if t.get_color() == style.BACKWARD]
    assert len(data) == len(grads) == 7
    assert f"{values['x'].grad:.4f}" in grads and f"{values['x'].data:.4f}" in data
    assert f"{values['w'].data:.4f}".replace("-", "\u2212") in data
    assert fig.axes[0].get_title()


def test_forward_only_figure_has_no_gradients():
    values = neuron_expression()
    _, ax = plt.subplots()
    draw_value_graph(ax, values["L"], show_grad=False)
    assert not [t for t in ax.texts if t.get_color() == style.BACKWARD]
    assert [t for t in ax.texts if t.get_color() == style.FORWARD]


def test_plot_refuses_a_non_value():
    with pytest.raises(TypeError, match="root"):
        plot_value_graph(1.0)
