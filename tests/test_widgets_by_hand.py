"""Chapter 3's widget declaration and its pure function."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest

from nnlearn.by_hand import WORKED_EXAMPLE
from nnlearn.widgets.by_hand import BY_HAND, by_hand_frame, by_hand_summary


def test_there_is_a_slider_for_every_input_weight_target_and_eta():
    assert [s.name for s in BY_HAND.sliders] == ["x1", "x2", "y", "w11", "w12", "b1", "w2", "b2", "eta"]
    assert BY_HAND.defaults() == WORKED_EXAMPLE.as_dict()
    assert BY_HAND.static == "one-at-a-time"


def test_summary_at_every_slider_value_never_raises():
    for slider in BY_HAND.sliders:
        for value in slider.values:
            assert "loss" in by_hand_summary(**{**BY_HAND.defaults(), slider.name: value})


def test_summary_at_every_corner_never_raises():
    for x, w, b, y, eta in itertools.product((-3.0, 3.0), (-5.0, 5.0), (-5.0, 5.0), (0.0, 1.0), (0.05, 20.0)):
        assert by_hand_summary(x1=x, x2=-x, y=y, w11=w, w12=w, b1=b, w2=-w, b2=b, eta=eta)


def test_the_worked_example_summary():
    assert by_hand_summary(**WORKED_EXAMPLE.as_dict()) == (
        "prediction 0.6720, loss 0.0538 → 0.0499 after one step")


def test_a_large_rate_says_the_step_overshot():
    values = dict(x1=0.5, x2=0.8, y=0.5, w11=0.4, w12=0.6, b1=0.1, w2=-5.0, b2=2.0, eta=20.0)
    assert "overshot" in by_hand_summary(**values)


def test_saturated_sigmoids_are_reported():
    values = dict(x1=3.0, x2=3.0, y=0.0, w11=5.0, w12=5.0, b1=5.0, w2=5.0, b2=5.0, eta=0.5)
    assert "saturated" in by_hand_summary(**values)


@pytest.mark.parametrize("name", ["eta", "w11"])
def test_figure_at_the_slider_ends_draws(name):
    slider = BY_HAND.control(name)
    for value in (slider.values[0], slider.values[-1]):
        frame = by_hand_frame(**{**BY_HAND.defaults(), name: value})
        assert len(frame.figure.axes) == 3
        plt.close(frame.figure)
