"""The declaration mechanism of nnlearn.widgets: sliders from integers, settings checked, the live widget
redraws, the precomputed widget holds one frame per setting linked to its controls."""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest
from PIL import Image

from nnlearn.widgets import declarations
from nnlearn.widgets.declare import (MODE_VARIABLE, Choice, Frame, LiveWidget, Slider, StaticWidget, Widget,
                                     alt_text, frame_html, parse_frame_html, render_png, show, static_settings)


def _toy_draw(a: float, b: float, kind: str) -> Frame:
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [a, b])
    ax.set_title(kind)
    return Frame(fig, f"sum {a + b:g}")


def toy(static: str = "grid") -> Widget:
    return Widget(name="toy", draw=_toy_draw, static=static, controls=(
        Slider.range("a", "a", 0, 1, 0.1, default=0.3, static_step=0.5),
        Slider.range("b", "b", -1, 1, 0.5, default=0),
        Choice("kind", "kind", (("first", "x"), ("second", "y")), default="x")))


def test_slider_values_are_computed_in_decimal():
    slider = Slider.range("a", "a", 0, 1, 0.1, default=0.3)
    assert slider.values[3] == 0.3 and repr(slider.values[7]) == "0.7"
    assert len(slider.values) == 11 and slider.static == slider.values


def test_static_step_keeps_the_default_on_the_coarse_grid():
    slider = Slider.range("a", "a", 0, 1, 0.1, default=0.3, static_step=0.5)
    assert slider.static == (0.0, 0.3, 0.5, 1.0)


def test_log_range_rounds_to_three_digits():
    slider = Slider.log_range("eta", "η", -1, 1, 4, default=1.0, static_per_decade=2)
    assert slider.values == (0.1, 0.178, 0.316, 0.562, 1.0, 1.78, 3.16, 5.62, 10.0)
    assert slider.static == (0.1, 0.316, 1.0, 3.16, 10.0)


@pytest.mark.parametrize("kwargs, match", [
    (dict(low=0, high=1, step=0.3, default=0), "whole number"),
    (dict(low=1, high=0, step=0.1, default=0), "low < high"),
    (dict(low=0, high=1, step=0.1, default=0.35), "default 0.35 is not one of its values"),
    (dict(low=0, high=1, step=0.1, default=0, static_step=0.25), "multiple of step"),
])
def test_slider_rejects_a_bad_range(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Slider.range("a", "a", **kwargs)


def test_slider_rejects_static_values_it_does_not_offer():
    with pytest.raises(ValueError, match="static values must be among its values"):
        Slider("a", "a", (0.0, 1.0), 0.0, (0.0, 0.5))


def test_choice_rejects_a_default_it_does_not_offer():
    with pytest.raises(ValueError, match="not one of its options"):
        Choice("k", "k", (("x", 1),), default=2)


def test_widget_rejects_repeated_names_and_unknown_static_modes():
    slider = Slider.range("a", "a", 0, 1, 0.5, default=0)
    with pytest.raises(ValueError, match="repeat"):
        Widget("w", (slider, slider), _toy_draw)
    with pytest.raises(ValueError, match="static must be"):
        Widget("w", (slider,), _toy_draw, static="all")


def test_settings_are_checked_at_the_boundary():
    w = toy()
    assert w.settings(a=0.7) == {"a": 0.7, "b": 0.0, "kind": "x"}
    assert w.settings(a=0.1 + 0.2)["a"] == 0.3  # snapped to the declared value, not 0.30000000000000004
    with pytest.raises(TypeError, match="no control 'c'"):
        w.settings(c=1)
    with pytest.raises(ValueError, match="a must be one of the slider's values"):
        w.settings(a=0.35)
    with pytest.raises(TypeError, match="a must be a number"):
        w.settings(a="0.3")
    with pytest.raises(ValueError, match="kind must be one of"):
        w.settings(kind="z")


def test_show_rejects_an_unknown_mode_and_a_non_declaration(monkeypatch):
    with pytest.raises(ValueError, match="mode must be 'live' or 'static'"):
        show(toy(), mode="html")
    with pytest.raises(TypeError, match="Widget declaration"):
        show("toy")
    monkeypatch.setenv(MODE_VARIABLE, "static")
    assert isinstance(show(toy()), StaticWidget)
    monkeypatch.delenv(MODE_VARIABLE)
    assert isinstance(show(toy()), LiveWidget)


def test_alt_text_states_the_setting_and_the_summary():
    w = toy()
    assert alt_text(w, {"a": 0.3, "b": -0.5, "kind": "y"}, "sum −0.2") == "a = 0.3, b = −0.5, kind: second: sum −0.2"


def test_frame_html_holds_the_png_its_alt_text_and_summary():
    png, alt, summary = parse_frame_html(frame_html(toy(), {"a": 0.3, "b": 0.5, "kind": "x"}))
    assert alt == "a = 0.3, b = 0.5, kind: first: sum 0.8" and summary == "sum 0.8"
    import base64

    with Image.open(io.BytesIO(base64.b64decode(png))) as image:
        assert image.format == "PNG" and image.mode == "P"
    assert plt.get_fignums() == []  # the figure was closed


def test_render_png_gives_a_palette_png():
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    png = render_png(fig)
    plt.close(fig)
    assert png.startswith(b"\x89PNG")


def test_live_widget_redraws_when_a_control_moves():
    live = show(toy(), mode="live", a=0.3)
    assert parse_frame_html(live.frame.value)[2] == "sum 0.3"
    live.controls["b"].value = 1.0
    assert parse_frame_html(live.frame.value)[1] == "a = 0.3, b = 1, kind: first: sum 1.3"
    live.controls["kind"].value = "y"
    assert "kind: second" in parse_frame_html(live.frame.value)[1]


def _stacks(widget) -> list:
    found = [widget] if isinstance(widget, widgets.Stack) else []
    for child in getattr(widget, "children", ()):
        found += _stacks(child)
    return found


def test_grid_widget_holds_every_combination_linked_to_its_controls():
    built = show(toy("grid"), mode="static")
    assert len(built.frames) == 4 * 5 * 2 == len(static_settings(toy("grid")))  # a: 0, 0.3, 0.5, 1
    # one Stack for kind, one for a per kind value, one for b per (kind, a)
    assert len(built.links) == 1 + 2 + 2 * 4
    for link in built.links:
        control, stack = link.source[0], link.target[0]
        assert link.source[1] == "index" and link.target[1] == "selected_index"
        assert stack.selected_index == control.index
    assert "40 figures, every combination" in built.note()


def test_one_at_a_time_widget_moves_one_slider_with_the_others_at_the_start():
    w = toy("one-at-a-time")
    built = show(w, mode="static", b=0.5)
    assert "vary" in built.controls and built.controls["vary"].options == (("a", "a"), ("b", "b"))
    # per choice value: a's 4 positions and b's 5, sharing the start frame
    assert len(built.frames) == 2 * (4 + 5 - 1)
    assert all(key[1] == 0.5 or key[0] == 0.3 for key in built.frames)
    assert "one slider at a time" in built.note()


def test_the_frame_the_page_shows_first_is_the_start():
    built = show(toy("grid"), mode="static", a=1.0, b=-1.0, kind="y")
    widget = built.box.children[1]
    while isinstance(widget, widgets.Stack):
        widget = widget.children[widget.selected_index]
    assert parse_frame_html(widget.value)[1].startswith("a = 1, b = −1, kind: second")


@pytest.mark.parametrize("name", sorted(declarations()))
def test_book_widgets_store_short_decimal_values(name):
    for slider in declarations()[name].sliders:
        for value in slider.values:
            assert float(f"{value:.6g}") == value, f"{slider.name} holds {value!r}"


@pytest.mark.parametrize("name", sorted(declarations()))
def test_book_widgets_precompute_a_bounded_number_of_frames(name):
    assert len(static_settings(declarations()[name])) <= 300


def test_frames_share_one_mathtext_parser_and_it_changes_no_pixel(monkeypatch):
    """render_png remembers every $...$ label it has parsed; the PNG is byte for byte what a fresh parser gives."""
    import matplotlib.pyplot as plt
    from matplotlib.mathtext import MathTextParser

    from nnlearn.by_hand import WORKED_EXAMPLE, from_given
    from nnlearn.plots.graph import plot_by_hand_panel
    from nnlearn.widgets import declare

    def png():  # chapter 3's panel, the figure with the most $...$ labels (its widget's starting figure)
        figure = plot_by_hand_panel(from_given(WORKED_EXAMPLE))
        try:
            return declare.render_png(figure)
        finally:
            plt.close(figure)

    shared = png()
    parser = declare._mathtext_parser()
    assert len(parser._parsed) >= 10  # chapter 3's panel has dozens of $...$ labels
    assert png() == shared  # the second frame, from the remembered parses
    monkeypatch.setattr(declare, "_mathtext_parser", lambda: MathTextParser("path"))  # a new parser, as Agg makes
    assert png() == shared
