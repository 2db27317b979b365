"""Tests of nnlearn.widgets.backprop_steps: chapter 4's step-through visualiser as a declaration."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from nnlearn.backprop_general import N_STEPS, stepper_summary
from nnlearn.widgets import declarations
from nnlearn.widgets.backprop_steps import BACKPROP_STEPS, backprop_step_frame, backprop_steps_widget


def test_the_slider_offers_every_step_and_starts_at_zero():
    (slider,) = BACKPROP_STEPS.controls
    assert slider.name == "step"
    assert slider.values == tuple(float(s) for s in range(N_STEPS))
    assert slider.static == slider.values and slider.default == 0
    assert declarations()["backprop_steps"] is BACKPROP_STEPS


@pytest.mark.parametrize("step", range(N_STEPS))
def test_each_step_draws_a_figure_with_its_summary(step):
    frame = backprop_step_frame(float(step))
    assert isinstance(frame.figure, Figure)
    assert frame.summary == stepper_summary(step)
    assert frame.figure.axes[0].get_title().startswith(f"Step {step}")


@pytest.mark.parametrize("step", [-1.0, 0.5, float(N_STEPS), "1", True])
def test_a_step_outside_the_slider_is_refused_with_a_message(step):
    with pytest.raises((ValueError, TypeError), match="step"):
        backprop_step_frame(step)


def test_the_static_widget_holds_one_frame_per_step():
    w = backprop_steps_widget(mode="static")
    assert len(w.frames) == N_STEPS
    alts = [html.value for html in w.frames.values()]
    assert all("alt=\"step = " in a for a in alts)
    assert len(set(alts)) == N_STEPS


def test_the_live_widget_redraws_when_the_step_moves():
    w = backprop_steps_widget(mode="live", step=2)
    before = w.frame.value
    w.controls["step"].value = 7.0
    assert w.frame.value != before and stepper_summary(7) in w.frame.value
