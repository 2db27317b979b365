"""Tests of nnlearn.widgets.by_hand: the sliders of chapter 3 and what they redraw."""

from __future__ import annotations

from dataclasses import replace

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnlearn.by_hand import WORKED_EXAMPLE  # noqa: E402
from nnlearn.widgets.by_hand import SLIDERS, by_hand_widget, panel_for, widget_figure  # noqa: E402



class Recorder:
    """A stand-in for the pure panel function: records the values it is called with."""

    def __init__(self):
        self.calls: list[dict[str, float]] = []

    def __call__(self, values):
        self.calls.append(dict(values))
        return plt.figure()


def test_there_is_a_slider_for_every_input_weight_target_and_eta():
    assert list(SLIDERS) == ["x1", "x2", "y", "w11", "w12", "b1", "w2", "b2", "eta"]
    for name, (label, low, high, step) in SLIDERS.items():
        assert label and low < high and step > 0
    assert SLIDERS["eta"][1] > 0  # a learning rate is positive


def test_sliders_start_at_the_worked_example_and_draw_once():
    render = Recorder()
    box = by_hand_widget(render=render)
    assert {n: s.value for n, s in box.sliders.items()} == pytest.approx(WORKED_EXAMPLE.as_dict())
    assert all(isinstance(s, widgets.FloatSlider) for s in box.sliders.values())
    assert isinstance(box.output, widgets.Output)
    assert render.calls == [WORKED_EXAMPLE.as_dict()]


@pytest.mark.parametrize("name", list(SLIDERS))
def test_moving_a_slider_redraws_with_the_new_value(name):
    render = Recorder()
    box = by_hand_widget(render=render)
    new = SLIDERS[name][1]  # the slider's minimum
    box.sliders[name].value = new
    assert len(render.calls) == 2
    assert render.calls[-1][name] == pytest.approx(new)
    others = {k: v for k, v in render.calls[-1].items() if k != name}
    assert others == pytest.approx({k: v for k, v in WORKED_EXAMPLE.as_dict().items() if k != name})


def test_widget_with_the_real_panel_runs_at_slider_extremes():
    box = by_hand_widget()
    for name, (_, low, high, _) in SLIDERS.items():
        box.sliders[name].value = high
        box.sliders[name].value = low
    assert not plt.get_fignums()  # every drawn figure was closed after display


def test_panel_for_returns_the_three_part_figure():
    fig = panel_for(WORKED_EXAMPLE.as_dict())
    assert len(fig.axes) == 3


def test_panel_for_needs_every_slider_value():
    with pytest.raises(ValueError, match="values"):
        panel_for({"x1": 0.5})


def test_widget_rejects_a_non_given_start():
    with pytest.raises(TypeError, match="given"):
        by_hand_widget(given={"x1": 0.5})


def test_widget_rejects_a_start_outside_the_slider_range():
    with pytest.raises(ValueError, match="eta"):
        by_hand_widget(given=replace(WORKED_EXAMPLE, eta=100.0))


def test_widget_figure_takes_the_slider_values_as_keywords():
    fig = widget_figure(**{k: int(v) if v == int(v) else v for k, v in WORKED_EXAMPLE.as_dict().items()})
    assert len(fig.axes) == 3
    assert "\u03b7 = 0.5:" in fig.axes[2].get_title(loc="left")


def test_widget_figure_needs_every_slider_value():
    with pytest.raises(ValueError, match="values"):
        widget_figure(x1=0.5)


def test_box_exposes_its_controls_and_output_for_the_snapshot_test():
    box = by_hand_widget(render=Recorder())
    assert box.controls == box.sliders and list(box.controls) == list(SLIDERS)
    assert isinstance(box.output, widgets.Output)


def test_default_render_is_widget_figure(monkeypatch):
    from nnlearn.widgets import by_hand as module

    calls = []
    monkeypatch.setattr(module, "widget_figure", lambda **values: calls.append(values) or plt.figure())
    module.by_hand_widget()
    assert calls == [WORKED_EXAMPLE.as_dict()]
