"""Chapter 6's widget declaration and its pure function."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from nnlearn.vanishing import WIDGET_INITS
from nnlearn.widgets import declarations
from nnlearn.widgets.gradients import GRADIENTS, gradients_frame


def test_declared_and_registered():
    assert declarations()["gradients"] is GRADIENTS
    assert {c.name for c in GRADIENTS.controls} == {"depth", "activation", "init", "clip"}
    assert GRADIENTS.control("depth").static == (2.0, 6.0)


@pytest.mark.parametrize("depth, activation, init, clip", [
    (1.0, "sigmoid", "xavier", False), (10.0, "relu", "large N(0, 0.6²)", False),
    (6.0, "relu", "large N(0, 0.6²)", True), (6.0, "tanh", "he", True)])
def test_frames_at_the_extremes_draw_and_summarise(depth, activation, init, clip):
    frame = gradients_frame(depth, activation, init, clip)
    assert len(frame.figure.axes) == 2
    assert "last/first layer gradient" in frame.summary
    plt.close(frame.figure)


def test_large_start_without_clipping_diverges_in_the_summary_and_clipping_saves_it():
    free = gradients_frame(6.0, "relu", "large N(0, 0.6²)", False)
    clipped = gradients_frame(6.0, "relu", "large N(0, 0.6²)", True)
    assert "diverged at step" in free.summary
    assert "diverged" not in clipped.summary and "test accuracy" in clipped.summary
    plt.close(free.figure), plt.close(clipped.figure)


def test_a_refused_setting_is_drawn_as_text_not_raised():
    frame = gradients_frame(3.0, "sigmoid", "no such init", False)
    assert frame.summary.startswith("cannot draw this setting")
    plt.close(frame.figure)


def test_every_init_choice_is_known_to_the_experiment():
    assert {v for _, v in GRADIENTS.control("init").options} == set(WIDGET_INITS)
