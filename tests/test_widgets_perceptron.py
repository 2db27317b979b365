"""Chapter 1's widget declaration and its pure function."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from nnlearn.data import GATES
from nnlearn.widgets.declare import Frame, LiveWidget, StaticWidget
from nnlearn.widgets.perceptron import PERCEPTRON, perceptron_frame, perceptron_summary, perceptron_widget


def test_declaration_has_three_sliders_and_a_gate_choice():
    assert [c.name for c in PERCEPTRON.controls] == ["w1", "w2", "b", "gate"]
    assert PERCEPTRON.defaults() == {"w1": 1.0, "w2": 1.0, "b": -1.5, "gate": "AND"}
    for slider in PERCEPTRON.sliders:
        assert (slider.values[0], slider.values[-1]) == (-3.0, 3.0)
    assert PERCEPTRON.control("gate").values == tuple(GATES)


def test_summary_at_every_slider_value_never_raises():
    # every value of each slider (the others at their defaults), on every gate
    for gate in GATES:
        for slider in PERCEPTRON.sliders:
            for value in slider.values:
                values = {**PERCEPTRON.defaults(), slider.name: value, "gate": gate}
                assert "misclassified" in perceptron_summary(**values)


@pytest.mark.parametrize("w1, w2, b", list(itertools.product((-3.0, 3.0), (-3.0, 3.0), (-3.0, 3.0))))
def test_figure_at_the_slider_corners_draws(w1, w2, b):
    frame = perceptron_frame(w1, w2, b, "XOR")
    assert isinstance(frame, Frame) and isinstance(frame.figure, Figure)
    plt.close(frame.figure)


def test_the_summary_counts_the_mistakes():
    assert perceptron_summary(1.5, 1.0, -1.5, "AND") == "1 of 4 points misclassified"
    assert perceptron_summary(1.0, 1.0, -1.5, "AND") == "no point misclassified"


def test_zero_weights_give_a_message_not_an_error():
    summary = perceptron_summary(0.0, 0.0, -1.5, "AND")
    assert summary.startswith("no line") and "every point predicted 0" in summary
    frame = perceptron_frame(0.0, 0.0, 0.5, "OR")
    assert any("no line" in t.get_text() for t in frame.figure.axes[0].texts)
    plt.close(frame.figure)


def test_the_w_label_stays_clear_of_the_mistake_count():
    # at w1 = 1.5 the label w used to sit under the "misclassified" box in the top-left corner
    frame = perceptron_frame(1.5, 1.0, -1.5, "AND")
    ax = frame.figure.axes[0]
    frame.figure.canvas.draw()
    renderer = frame.figure.canvas.get_renderer()
    label = next(t for t in ax.texts if t.get_text() == "$w$").get_window_extent(renderer)
    count = next(t for t in ax.texts if "misclassified" in t.get_text()).get_bbox_patch().get_window_extent(renderer)
    assert not label.overlaps(count)
    plt.close(frame.figure)


def test_unknown_gate_is_a_value_error():
    with pytest.raises(ValueError, match="gate"):
        perceptron_frame(1.0, 1.0, 0.0, "XNOR")


def test_factory_builds_live_and_static_widgets():
    assert isinstance(perceptron_widget(mode="live", w1=0.5), LiveWidget)
    with pytest.raises(ValueError, match="w1 must be one of the slider's values"):
        perceptron_widget(mode="live", w1=0.33)
    with pytest.raises(ValueError, match="gate must be one of"):
        perceptron_widget(mode="live", gate="XNOR")
    assert StaticWidget  # the static one is built and checked by tests/test_widget_snapshots.py
