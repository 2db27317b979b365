"""Tests of nnlearn.plots.boundary: half-planes, the boundary line and the chapter 1 figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnlearn import style  # noqa: E402
from nnlearn.data import logic_gate  # noqa: E402
from nnlearn.perceptron import train_perceptron  # noqa: E402
from nnlearn.plots.boundary import (LIMITS, boundary_segment, draw_perceptron_view,  # noqa: E402
                                    half_plane_polygon, plot_boundary_updates, plot_decision_boundary,
                                    plot_gate_settings, plot_mistakes_per_epoch)



def _area(poly: np.ndarray) -> float:
    """Shoelace formula for the area of a polygon given by its corners in order."""
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _texts(fig: Figure) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts] + [ax.get_title()]
    return "\n".join(parts)


# --------------------------------------------------------------- geometry
def test_a_vertical_line_halves_the_square():
    right = half_plane_polygon([1.0, 0.0], -0.5)
    left = half_plane_polygon([1.0, 0.0], -0.5, positive=False)
    assert _area(right) == pytest.approx(2.0) and _area(left) == pytest.approx(2.0)
    assert np.all(right[:, 0] >= 0.5 - 1e-12)


@settings(max_examples=100, deadline=None)
@given(w1=st.floats(-3, 3), w2=st.floats(-3, 3), b=st.floats(-3, 3))
def test_the_two_half_planes_tile_the_square(w1, w2, b):
    if w1 == w2 == b == 0:  # z = 0 everywhere: both closed half-planes are the whole square
        return
    pos = half_plane_polygon([w1, w2], b)
    neg = half_plane_polygon([w1, w2], b, positive=False)
    assert _area(pos) + _area(neg) == pytest.approx((LIMITS[1] - LIMITS[0]) ** 2, rel=1e-9, abs=1e-9)
    w = np.array([w1, w2])
    assert np.all(pos @ w + b >= -1e-9) and np.all(neg @ w + b <= 1e-9)


@settings(max_examples=100, deadline=None)
@given(w1=st.floats(-3, 3), w2=st.floats(-3, 3), b=st.floats(-3, 3))
def test_the_segment_lies_on_the_line_and_in_the_square(w1, w2, b):
    seg = boundary_segment([w1, w2], b)
    if seg is None:
        return
    assert seg.shape == (2, 2)
    scale = max(abs(w1), abs(w2), abs(b), 1.0)
    assert np.all(np.abs(seg @ np.array([w1, w2]) + b) <= 1e-9 * scale)
    assert np.all((seg >= LIMITS[0] - 1e-12) & (seg <= LIMITS[1] + 1e-12))


def test_when_z_is_zero_everywhere_both_half_planes_are_the_square():
    assert _area(half_plane_polygon([0.0, 0.0], 0.0)) == pytest.approx(4.0)
    assert _area(half_plane_polygon([0.0, 0.0], 0.0, positive=False)) == pytest.approx(4.0)


def test_the_diagonal_runs_corner_to_corner():
    seg = boundary_segment([1.0, -1.0], 0.0)
    assert seg.tolist() == [[-0.5, -0.5], [1.5, 1.5]]


def test_zero_weights_have_no_line():
    assert boundary_segment([0.0, 0.0], 1.0) is None


def test_a_line_outside_the_square_has_no_segment():
    assert boundary_segment([1.0, 1.0], 10.0) is None
    assert len(half_plane_polygon([1.0, 1.0], 10.0, positive=False)) == 0


def test_geometry_rejects_three_weights():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        boundary_segment([1.0, 1.0, 1.0], 0.0)


def test_geometry_rejects_reversed_limits():
    with pytest.raises(ValueError, match="low < high"):
        half_plane_polygon([1.0, 1.0], 0.0, (1.0, 0.0))


def test_geometry_rejects_limits_that_are_not_a_pair():
    with pytest.raises(TypeError, match="lims must be a pair"):
        half_plane_polygon([1.0, 1.0], 0.0, 1.5)


# ------------------------------------------------------------ the figures
def test_boundary_plot_draws_line_points_and_count():
    X, y = logic_gate("XOR")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -0.5, title="XOR")
    assert len(ax.lines) == 1
    assert ax.lines[0].get_color() == style.PARAM
    assert "misclassified: 1 of 4" in _texts(ax.figure)
    assert ax.get_title() == "XOR"


def test_boundary_plot_uses_the_class_and_mistake_colours():
    X, y = logic_gate("XOR")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -0.5)
    colours = {matplotlib.colors.to_hex(c) for coll in ax.collections
               for c in np.atleast_2d(coll.get_facecolor())}
    edge = {matplotlib.colors.to_hex(c) for coll in ax.collections for c in np.atleast_2d(coll.get_edgecolor())}
    assert {style.CLASS0.lower(), style.CLASS1.lower()} <= colours
    assert style.MISTAKE.lower() in edge


def test_boundary_plot_without_mistakes_says_so():
    X, y = logic_gate("AND")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -1.5)
    assert "no mistakes" in _texts(ax.figure)


def test_boundary_plot_with_zero_weights_says_there_is_no_line():
    X, y = logic_gate("OR")
    ax = plot_decision_boundary(X, y, [0.0, 0.0], 0.3, show_normal=True)
    assert len(ax.lines) == 0
    assert "no line" in _texts(ax.figure) and "all predicted 1" in _texts(ax.figure)


def test_boundary_plot_says_when_the_line_lies_outside_the_view():
    X, y = logic_gate("AND")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -5.0, small=True)
    assert len(ax.lines) == 0
    assert "line outside the view" in _texts(ax.figure) and "all predicted 0" in _texts(ax.figure)
    ax = plot_decision_boundary(X, y, [1.0, 0.0], 4.0)
    assert "outside the view" in _texts(ax.figure) and "predicted 1" in _texts(ax.figure)


def test_boundary_plot_with_the_line_in_view_has_no_outside_note():
    X, y = logic_gate("AND")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -1.5)
    assert "outside" not in _texts(ax.figure)


def test_every_panel_of_the_and_updates_says_why_it_has_no_line():
    X, y = logic_gate("AND")
    hist = train_perceptron(X, y)
    fig = plot_boundary_updates(hist, X, y)
    for ax, k in zip(fig.axes, range(hist.n_updates + 1)):
        if len(ax.lines) == 0:
            texts = " ".join(t.get_text() for t in ax.texts)
            assert "no line" in texts or "outside the view" in texts, k


def test_boundary_plot_draws_the_weight_vector_on_request():
    X, y = logic_gate("AND")
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -1.5, show_normal=True)
    assert "$w$" in _texts(ax.figure)


def test_boundary_plot_rejects_three_features():
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        plot_decision_boundary(np.ones((4, 3)), [0, 1, 0, 1], [1.0, 1.0], 0.0)


def test_boundary_plot_rejects_non_binary_labels():
    X, _ = logic_gate("AND")
    with pytest.raises(ValueError, match="labels 0 and 1"):
        plot_decision_boundary(X, [0, 1, 2, 1], [1.0, 1.0], 0.0)


def test_updates_figure_has_one_panel_per_state():
    X, y = logic_gate("OR")
    h = train_perceptron(X, y)
    fig = plot_boundary_updates(h, X, y)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == h.n_updates + 1
    assert visible[0].get_title() == "start"
    assert visible[-1].get_title().startswith(f"update {h.n_updates} ")


def test_updates_figure_keeps_the_first_and_last_state_when_thinned():
    X, y = logic_gate("XOR")
    h = train_perceptron(X, y, epochs=10)
    fig = plot_boundary_updates(h, X, y, max_panels=6)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 6
    assert visible[0].get_title() == "start"
    assert visible[-1].get_title().startswith(f"update {h.n_updates} ")


def test_updates_figure_rejects_something_that_is_not_a_history():
    X, y = logic_gate("OR")
    with pytest.raises(TypeError, match="PerceptronHistory"):
        plot_boundary_updates({"weights": []}, X, y)


def test_updates_figure_rejects_one_panel():
    X, y = logic_gate("OR")
    with pytest.raises(ValueError, match="max_panels must be at least 2"):
        plot_boundary_updates(train_perceptron(X, y), X, y, max_panels=1)


def test_updates_figure_rejects_data_other_than_the_training_data():
    X, y = logic_gate("AND")
    h = train_perceptron(X, y)
    with pytest.raises(ValueError, match="pass the data it was trained on"):
        plot_boundary_updates(h, X[:1], y[:1])


def test_mistakes_figure_has_one_bar_per_epoch():
    X, y = logic_gate("XOR")
    h = train_perceptron(X, y, epochs=12)
    fig = plot_mistakes_per_epoch(h)
    ax = fig.axes[0]
    assert len(ax.patches) == 12
    assert [p.get_height() for p in ax.patches] == h.mistakes_per_epoch.tolist()
    assert "not converged after 12 epochs" in ax.get_title()


def test_mistakes_figure_rejects_something_that_is_not_a_history():
    with pytest.raises(TypeError, match="PerceptronHistory"):
        plot_mistakes_per_epoch([3, 4, 4])


def test_widget_figure_writes_the_count_in_the_figure():
    fig = draw_perceptron_view(1.0, 1.0, -0.5, "XOR")
    assert isinstance(fig, Figure)
    assert "1 of 4 misclassified" in _texts(fig)


@pytest.mark.parametrize("w1, w2, b", [(-3.0, -3.0, -3.0), (3.0, 3.0, 3.0), (0.0, 0.0, 0.0), (0.0, 0.0, -3.0),
                                        (3.0, 0.0, -3.0), (0.0, -3.0, 3.0), (1e-12, 0.0, 0.0),
                                        (1e-310, -1e-310, 0.0)])
@pytest.mark.parametrize("gate", ["AND", "OR", "XOR"])
def test_widget_figure_at_the_slider_extremes_draws_without_error(w1, w2, b, gate):
    fig = draw_perceptron_view(w1, w2, b, gate)
    assert "misclassified" in _texts(fig) or "all four right" in _texts(fig)


def test_widget_figure_with_zero_weights_says_there_is_no_line():
    assert "no line" in _texts(draw_perceptron_view(0.0, 0.0, 0.0, "AND"))


def test_gate_settings_figure_has_one_panel_per_setting():
    fig = plot_gate_settings([("AND", 1, 1, -1.5), ("OR", 1, 1, -0.5), ("XOR", 1, 1, -0.5)], title="t")
    assert len(fig.axes) == 3
    assert fig.axes[2].get_title().startswith("XOR")


def test_gate_settings_rejects_an_empty_list():
    with pytest.raises(TypeError, match="non-empty list"):
        plot_gate_settings([])


def test_gate_settings_rejects_a_short_tuple():
    with pytest.raises(TypeError, match=r"settings\[0\]"):
        plot_gate_settings([("AND", 1, 1)])
