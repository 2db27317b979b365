"""Tests of nnlearn.plots.cost: the cache, work and step-size figures draw the data they are given."""

from __future__ import annotations

import numpy as np
import pytest

from nnlearn import backprop_general as bg
from nnlearn import style
from nnlearn.plots.cost import plot_cache_memory, plot_epsilon_sweep, plot_gradient_work


def test_cache_memory_plots_one_line_and_one_marker_set_per_width():
    rows = bg.memory_rows([1, 2], [4, 8], n=3, n_in=2)
    fig = plot_cache_memory(rows)
    ax = fig.axes[0]
    assert len(ax.lines) == 4
    ys = ax.lines[0].get_ydata()
    assert ys[0] == pytest.approx(rows[0]["predicted"] / 2**20)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError):
        plot_cache_memory([])


def test_gradient_work_is_log_log_and_adds_a_measured_panel():
    work = bg.work_rows()
    fig = plot_gradient_work(work)
    assert len(fig.axes) == 1 and fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"
    colors = [line.get_color() for line in fig.axes[0].lines]
    assert colors[:2] == [style.PATH, style.BACKWARD]
    measured = [{"P": 13, "backprop": 1e-5, "fd": 1e-3}, {"P": 997, "backprop": 2e-5, "fd": 1e-1}]
    fig2 = plot_gradient_work(work, measured)
    assert len(fig2.axes) == 2
    assert list(fig2.axes[1].lines[0].get_ydata()) == [1e-3, 1e-1]
    with pytest.raises(ValueError):
        plot_gradient_work([])


def test_epsilon_sweep_skips_the_steps_float32_cannot_take():
    sweep = bg.EpsilonSweep(sizes=[2, 1], eps=[1e-1, 1e-2, 1e-3],
                            errors={"float64": [1e-3, 1e-5, 1e-7], "float32": [1e-3, 1e-2, np.nan]})
    fig = plot_epsilon_sweep(sweep)
    f64, f32 = fig.axes[0].lines[:2]
    assert len(f64.get_xdata()) == 3 and len(f32.get_xdata()) == 2
    assert fig.axes[0].xaxis_inverted()


def test_deep_check_plot_shows_every_layer_and_the_resolution():
    from nnlearn.plots.cost import plot_deep_check
    d = bg.deep_check(depth=6)
    fig = plot_deep_check(d)
    ax = fig.axes[0]
    assert list(ax.lines[0].get_ydata()) == d.gradient_sizes
    assert ax.lines[1].get_ydata()[0] == pytest.approx(d.resolution)
    assert ax.lines[0].get_color() == style.BACKWARD
