"""Tests of nnlearn.plots.network_graph: layout from the widths, and frames drawn in the book's colours."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest

from nnlearn import backprop_general as bg
from nnlearn import style
from nnlearn.plots.network_graph import ROLE_COLORS, draw_frame, plot_frame, unit_positions


@pytest.mark.parametrize("widths", [[2, 2, 1], [3, 5, 4, 1], [1, 1], [784, 3, 10]])
def test_layout_comes_from_the_widths(widths):
    pos = unit_positions(widths)
    assert len(pos) == sum(widths)
    for l, n in enumerate(widths):
        ys = [pos[(l, k)][1] for k in range(n)]
        xs = {pos[(l, k)][0] for k in range(n)}
        assert len(xs) == 1  # a layer is one column
        assert ys == sorted(ys, reverse=True)  # unit 0 at the top
        assert sum(ys) == pytest.approx(0.0, abs=1e-9)  # centred
    columns = [pos[(l, 0)][0] for l in range(len(widths))]
    assert columns == sorted(columns) and len(set(columns)) == len(widths)


@pytest.mark.parametrize("widths", [[2], "22", [2, 0], [2, 1.5]])
def test_layout_rejects_bad_widths(widths):
    with pytest.raises((ValueError, TypeError)):
        unit_positions(widths)


def _text_colors(fig):
    return {mcolors.to_hex(t.get_color()) for ax in fig.axes for t in ax.texts}


def test_forward_steps_draw_values_in_the_forward_colour_only():
    fig = plot_frame(bg.step_frame(3))
    colors = _text_colors(fig)
    assert style.FORWARD in colors and style.BACKWARD not in colors
    assert fig.axes[0].get_title() == bg.step_frame(3).title


def test_backward_steps_draw_error_signals_in_the_backward_colour():
    fig = plot_frame(bg.step_frame(7))
    assert {style.FORWARD, style.BACKWARD, style.PARAM} <= _text_colors(fig)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum(t.startswith("\u2202L/\u2202w") for t in texts) == 6


def test_every_colour_drawn_is_a_style_colour():
    allowed = {mcolors.to_hex(c) for c in ROLE_COLORS.values()} | {"#ffffff", "#000000"}
    for s in range(bg.N_STEPS):
        fig = plot_frame(bg.step_frame(s))
        ax = fig.axes[0]
        drawn = _text_colors(fig) | {mcolors.to_hex(p.get_edgecolor()) for p in ax.patches}
        assert drawn <= allowed, s


def test_the_fan_out_frame_draws_on_a_given_axes():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    assert draw_frame(ax, bg.fan_out_frame(bg.fan_out_example())) is ax
    assert len(ax.patches) == 4 + 3  # four units, three edges
