"""Decision surfaces for any predict function (nnlearn.plots.surface)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlearn import style, xor
from nnlearn.plots import surface


def _texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " " + " ".join(
        ax.get_title() for ax in fig.axes)


def test_surface_works_for_any_predict_function_and_counts_mistakes():
    X, y = xor.xor_data()
    fig, ax = plt.subplots()
    surface.draw_decision_surface(ax, lambda P: (P[:, 0] > 0.5).astype(float) * 0.8 + 0.1, X, y)
    assert "wrong: 2 of 4" in _texts(fig)  # a vertical line gets two XOR points wrong
    assert ax.collections  # the shading and the points are drawn


def test_surface_of_a_non_finite_model_says_so_instead_of_raising():
    X, y = xor.xor_data()
    fig, ax = plt.subplots()
    surface.draw_decision_surface(ax, lambda P: np.full(len(P), np.nan), X, y)
    assert "not finite" in _texts(fig)


def test_surface_rejects_points_off_the_plane():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="X must have shape"):
        surface.draw_decision_surface(ax, lambda P: P[:, 0], np.zeros((4, 3)), np.zeros(4))


def test_unit_lines_draw_one_dashed_forward_line_per_unit_in_view():
    fig, ax = plt.subplots()
    W = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    b = np.array([-0.5, -1.5, -100.0])  # the third line lies far outside the view
    surface.draw_unit_lines(ax, W, b)
    assert len(ax.lines) == 2
    assert all(line.get_color() == style.FORWARD and line.get_linestyle() == "--" for line in ax.lines)
    with pytest.raises(ValueError, match="W must have shape"):
        surface.draw_unit_lines(ax, np.ones((3, 2)), np.ones(2))


def test_boundary_evolution_has_one_titled_panel_per_snapshot():
    X, y = xor.xor_data()
    snaps, _ = xor.train_with_snapshots(xor.article_network(), X, y, "half_mse", 2.0, [0, 10, 20, 30])
    fig = surface.plot_boundary_evolution(snaps, X, y, title="t")
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["after 0 epochs", "after 10 epochs", "after 20 epochs", "after 30 epochs"]
    with pytest.raises(ValueError, match="snapshots"):
        surface.plot_boundary_evolution({}, X, y)


def test_rate_scale_grid_figure_writes_none_where_no_seed_succeeded():
    fig = surface.plot_rate_scale_grid([0.1, 1.0], [1.0], [[0.0], [0.5]], [[np.nan], [120.0]], epochs=10,
                                       title="grid")
    text = _texts(fig)
    assert "none" in text and "120 ep." in text and "50%" in text


def test_stuck_run_figure_shows_each_hidden_unit():
    X, y = xor.xor_data()
    fig = surface.plot_stuck_run(xor.article_network(hidden=2), X, y, title="s")
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels == ["$a_{1}$", "$a_{2}$"]
