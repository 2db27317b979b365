"""nnlearn.book.widgets.controls: a control's positions, values, words and what it refuses."""

from __future__ import annotations

import math

import pytest

from nnlearn.book.widgets import Choice, LogSlider, Slider, describe, format_value


def test_slider_positions_are_decimal_values_without_rounding_noise():
    s = Slider("w1", "w₁", -3, 3, 0.05, default=1.0)
    assert s.count == 121
    assert [s.value(i) for i in (0, 1, 63, 120)] == [-3.0, -2.95, 0.15, 3.0]
    assert s.index(0.15000000000000002) == 63 and s.snap(0.15000000000000002) == 0.15
    assert s.to_js() == {"kind": "slider", "name": "w1", "label": "w₁", "unit": "", "format": "", "start": -300,
                         "step": 5, "scale": 100, "count": 121, "default": 80}


def test_an_integer_slider_gives_ints():
    s = Slider("steps", "steps", 1, 200, 1, default=30)
    assert s.integer and s.snap(30.0) == 30 and isinstance(s.snap(30.0), int)


def test_a_log_slider_holds_every_three_digit_value_of_each_decade():
    s = LogSlider("eta", "η", -3, 1, 3, default=0.12)
    assert s.count == 4 * 900 + 1
    values = [s.value(i) for i in range(s.count)]
    assert values[0] == 0.001 and values[-1] == 10.0 and values[900] == 0.01
    assert all(a < b for a, b in zip(values, values[1:]))
    assert all(float(f"{v:.3g}") == v for v in values)
    for rate in (0.01, 0.12, 0.29, 0.35, 0.999, 1.0):
        assert s.value(s.index(rate)) == rate


@pytest.mark.parametrize("make, error", [
    (lambda: Slider("w1", "w₁", 3, -3, 0.05, default=1.0), ValueError),
    (lambda: Slider("w1", "w₁", -3, 3, 0.07, default=1.0), ValueError),
    (lambda: Slider("w1", "w₁", -3, 3, 0.05, default=1.01), ValueError),
    (lambda: Slider("_w", "w", -3, 3, 0.05, default=1.0), ValueError),
    (lambda: Slider("w1", "", -3, 3, 0.05, default=1.0), ValueError),
    (lambda: Slider("w1", "w₁", -3, 3, 0.05, default=1.0, format="%.2f"), ValueError),
    (lambda: LogSlider("eta", "η", 1, -3, 3, default=0.1), ValueError),
    (lambda: LogSlider("eta", "η", -3, 1, 3, default=0.1234), ValueError),
    (lambda: LogSlider("eta", "η", -3.0, 1, 3, default=0.1), TypeError),
    (lambda: Choice("gate", "data", (), default="AND"), ValueError),
    (lambda: Choice("gate", "data", (("AND", "AND"),), default="OR"), ValueError),
], ids=["low>high", "step", "default-off-grid", "name", "label", "format", "log-range", "log-default",
        "log-int", "no-options", "choice-default"])
def test_a_bad_declaration_is_refused(make, error):
    with pytest.raises(error):
        make()


@pytest.mark.parametrize("control, value, error", [
    (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), 3.05, ValueError),
    (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), 0.01, ValueError),
    (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), math.nan, ValueError),
    (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), "1", TypeError),
    (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), True, TypeError),
    (LogSlider("eta", "η", -3, 1, 3, default=0.1), 0.0, ValueError),
    (LogSlider("eta", "η", -3, 1, 3, default=0.1), 20.0, ValueError),
    (LogSlider("eta", "η", -3, 1, 3, default=0.1), 0.1234, ValueError),
    (Choice("gate", "data", (("AND", "AND"),), default="AND"), 1, TypeError),
])
def test_a_value_the_control_does_not_offer_is_refused_with_its_name(control, value, error):
    with pytest.raises(error, match=control.name):
        control.snap(value)


def test_values_are_written_with_a_true_minus_and_no_minus_zero():
    assert format_value(-1.5) == "−1.5" and format_value(-0.0) == "0" and format_value(2.0) == "2"
    assert format_value(-0.001, ".2f") == "0.00" and format_value(-0.5, ".2f") == "−0.50"
    assert describe(Slider("b", "b", -3, 3, 0.05, default=-1.5), -1.5) == "b = −1.5"
    assert describe(Slider("n", "n", 1, 9, 1, default=3, unit="units"), 3) == "n = 3 units"
    assert describe(Choice("gate", "data", (("logical AND", "AND"),), default="AND"), "AND") == "data: logical AND"
