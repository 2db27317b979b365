"""Tests of nnlearn.widgets.perceptron: the sliders are bound to the pure, tested functions."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnlearn.widgets.perceptron import PerceptronWidget, perceptron_widget  # noqa: E402



def test_widget_has_three_sliders_and_a_gate_choice():
    w = perceptron_widget()
    assert isinstance(w, PerceptronWidget)
    for s in (w.w1, w.w2, w.b):
        assert isinstance(s, widgets.FloatSlider)
        assert (s.min, s.max, s.step) == (-3.0, 3.0, 0.1)
    assert isinstance(w.gate, widgets.Dropdown)
    assert list(w.gate.options) == ["AND", "OR", "XOR", "NAND"]


def test_widget_starts_from_the_given_setting():
    w = perceptron_widget(1.0, 1.0, -0.5, "OR")
    assert (w.view.w1, w.view.w2, w.view.b, w.view.gate) == (1.0, 1.0, -0.5, "OR")
    assert w.view.n_mistakes == 0


def test_moving_a_slider_recomputes_the_view():
    w = perceptron_widget(1.0, 1.0, -1.5, "AND")
    w.b.value = -0.5
    assert w.view.b == -0.5 and w.view.n_mistakes == 2


def test_choosing_another_gate_recomputes_the_view():
    w = perceptron_widget(1.0, 1.0, -0.5, "OR")
    w.gate.value = "XOR"
    assert w.view.gate == "XOR" and w.view.n_mistakes == 1


def test_sliders_at_zero_weights_give_a_message_not_an_error():
    w = perceptron_widget()
    w.w1.value = 0.0
    w.w2.value = 0.0
    assert not w.view.has_line and "no boundary line" in w.view.message


def test_sliders_at_their_extremes_are_fine():
    w = perceptron_widget()
    for value in (-3.0, 3.0):
        w.w1.value = value
        w.w2.value = -value
        w.b.value = value
        assert 0 <= w.view.n_mistakes <= 4


def test_redraw_closes_its_figures():
    w = perceptron_widget()
    w.b.value = 0.0
    w.b.value = 1.0
    assert plt.get_fignums() == []


def test_widget_displays_as_a_widget_view():
    bundle = perceptron_widget()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_widget_rejects_a_start_outside_the_sliders():
    with pytest.raises(ValueError, match=r"b must lie in \[-limit, limit\]"):
        perceptron_widget(b=5.0)


def test_widget_rejects_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate"):
        perceptron_widget(gate="and")


def test_widget_rejects_a_non_positive_limit():
    with pytest.raises(ValueError, match="limit must be a positive"):
        perceptron_widget(limit=0.0)


def test_widget_rejects_a_step_larger_than_the_range():
    with pytest.raises(ValueError, match="step must be at most limit"):
        perceptron_widget(limit=1.0, step=2.0, w1=0.0, w2=0.0, b=0.0)


def test_widget_rejects_a_non_numeric_weight():
    with pytest.raises(TypeError, match="w1 must be a number"):
        perceptron_widget(w1="1")


def test_controls_name_each_control_by_its_figure_argument():
    w = perceptron_widget(1.0, -1.0, 0.5, "OR")
    controls = w.controls
    assert list(controls) == ["w1", "w2", "b", "gate"]
    assert controls["w1"] is w.w1 and controls["gate"] is w.gate
    assert {k: c.value for k, c in controls.items()} == {"w1": 1.0, "w2": -1.0, "b": 0.5, "gate": "OR"}


def test_redraw_draws_what_widget_figure_draws(monkeypatch):
    import nnlearn.widgets.perceptron as module

    calls = []

    def spy(w1, w2, b, gate):
        calls.append((w1, w2, b, gate))
        return plt.figure()

    monkeypatch.setattr(module, "widget_figure", spy)
    w = perceptron_widget(1.0, 1.0, -1.5, "AND")
    w.gate.value = "OR"
    assert calls == [(1.0, 1.0, -1.5, "AND"), (1.0, 1.0, -1.5, "OR")]


def test_widget_figure_is_the_perceptron_view_figure():
    from matplotlib.figure import Figure

    from nnlearn.widgets.perceptron import widget_figure

    fig = widget_figure(1.0, 1.0, -1.5, "AND")
    assert isinstance(fig, Figure)
    assert "AND" in fig._suptitle.get_text()
