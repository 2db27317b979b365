"""Chapter 8's figures: each draws from the chapter's data, with a title, labelled axes and the book's colours."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest

from nnlearn import style
from nnlearn.chapters.representation import compute as C
from nnlearn.chapters.representation import figures as F


def _colours(fig):
    found = set()
    for ax in fig.axes:
        for line in ax.get_lines():
            found.add(mcolors.to_hex(line.get_color()))
    return found


def _titled_and_labelled(fig):
    assert fig._suptitle is not None and fig._suptitle.get_text()
    plots = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert all(ax.get_xlabel() for ax in plots)


def test_steps_and_bumps():
    view = C.approximation_view("wiggly", "sigmoid", 8)
    fig = F.plot_steps_and_bumps(view)
    _titled_and_labelled(fig)
    assert len(fig.axes) == 3
    assert {style.FORWARD, style.INK, style.MISTAKE} <= _colours(fig)
    # the right panel draws each bump, the target, the sum and the largest error
    assert len(fig.axes[2].get_lines()) == 8 + 3


def test_hinges_and_hats():
    fig = F.plot_hinges_and_hats(C.approximation_view("wiggly", "relu", 8))
    _titled_and_labelled(fig)
    assert len(fig.axes[1].get_lines()) == 9 + 3


def test_error_against_units_draws_a_line_per_target_on_log_axes():
    table = C.error_table(pieces=(4, 8, 16))
    fig = F.plot_error_against_units(table)
    _titled_and_labelled(fig)
    for ax in fig.axes:
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        assert len(ax.get_lines()) == len(table.targets)


def test_steepness_marks_each_smallest_error():
    sweep = C.steepness_sweep("sine", (4, 8), [1.0, 4.0, 16.0])
    fig = F.plot_steepness(sweep)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    circles = [l for l in ax.get_lines() if l.get_marker() == "o" and l.get_linestyle() == "None"]
    assert len(circles) == 2
    for circle, i in zip(circles, range(2)):
        assert circle.get_ydata()[0] == pytest.approx(sweep.errors[i].min())


def test_towers_share_one_scale():
    fig = F.plot_towers(n_cells=4, cell=(1, 2), resolution=21)
    _titled_and_labelled(fig)
    images = [im for ax in fig.axes for im in ax.get_images()]
    assert len(images) == 3
    assert {im.get_clim() for im in images} == {(-1.0, 1.0)}


def test_sawtooth_titles_count_the_pieces():
    fig = F.plot_sawtooth((1, 3))
    assert "2 pieces" in fig.axes[0].get_title() and "8 pieces" in fig.axes[1].get_title()


def test_training_figure():
    study = C.training_study(width=4, seeds=range(3), epochs=20)
    fig = F.plot_training(study)
    _titled_and_labelled(fig)
    assert len(fig.axes[0].get_lines()) == 3 + 1  # one curve per run and the construction's level
    assert np.isclose(fig.axes[0].get_lines()[-1].get_ydata()[0], study.constructed_loss, rtol=1e-6)
