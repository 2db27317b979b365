"""The book's colour vocabulary: one colour per idea, told apart in every kind of colour vision.

Colour differences are CIE76 Delta E in CIE L*a*b* (D65), computed by the ``colorspacious`` library,
in normal vision and under simulated deuteranopia, protanopia and tritanopia: the model of Machado,
Oliveira and Fernandes (2009) at full severity (``colorspacious``'s ``sRGB1+CVD`` space, severity 100).
"""

import itertools
import struct

import matplotlib.colors as mcolors
import numpy as np
import pytest
from colorspacious import cspace_convert

from nnlearn import style

#: Every pair of the book's colours is at least this far apart in every vision below (Delta E).
APART = 20.0
#: The forward/backward pair, which every chapter leans on, at least this far apart.
FORWARD_BACKWARD_APART = 40.0
#: Colours of different meanings in normal vision: apart at a glance.
CLEARLY_APART = 30.0

VISIONS = {"normal": None, "deuteranopia": "deuteranomaly", "protanopia": "protanomaly",
           "tritanopia": "tritanomaly"}
MEANINGS = ("FORWARD", "BACKWARD", "PARAM", "CLASS0", "CLASS1", "MISTAKE", "NEUTRAL")


def _lab(colour: str, vision: str) -> np.ndarray:
    """CIE L*a*b* of an sRGB colour as a viewer with ``vision`` sees it (Machado et al. 2009, severity 100)."""
    rgb = np.array(mcolors.to_rgb(colour))
    if VISIONS[vision] is not None:
        cvd = {"name": "sRGB1+CVD", "cvd_type": VISIONS[vision], "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0.0, 1.0)
    return cspace_convert(rgb, "sRGB1", "CIELab")


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    """CIE76 colour difference between two colours as seen with ``vision``: about 2 is just noticeable."""
    return float(np.linalg.norm(_lab(a, vision) - _lab(b, vision)))


def test_the_simulation_reproduces_the_old_palettes_collapse():
    """The red-green pair the book once used (#1b9e4b / #d62728) is far apart in normal vision and
    close under deuteranopia: the library's simulation sees what the issue reported (118 -> about 20)."""
    assert delta_e("#1b9e4b", "#d62728") > 100
    assert delta_e("#1b9e4b", "#d62728", "deuteranopia") < 25


def test_every_meaning_has_a_valid_colour():
    for name in (*MEANINGS, "PATH", "INK", "PAPER"):
        assert mcolors.is_color_like(getattr(style, name)), name
    assert set(MEANINGS) | {"INK", "PAPER"} == set(style.PALETTE)


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("a, b", list(itertools.combinations(sorted(style.PALETTE), 2)))
def test_every_pair_of_colours_is_apart_in_every_vision(a, b, vision):
    d = delta_e(style.PALETTE[a], style.PALETTE[b], vision)
    assert d >= APART, f"{a} and {b} are only Delta E {d:.1f} apart in {vision}"


@pytest.mark.parametrize("vision", VISIONS)
def test_forward_and_backward_are_far_apart_in_every_vision(vision):
    d = delta_e(style.FORWARD, style.BACKWARD, vision)
    assert d >= FORWARD_BACKWARD_APART, f"forward/backward only Delta E {d:.1f} apart in {vision}"


@pytest.mark.parametrize("a, b", list(itertools.combinations(MEANINGS, 2)))
def test_colours_of_different_meanings_are_clearly_apart_in_normal_vision(a, b):
    assert delta_e(getattr(style, a), getattr(style, b)) > CLEARLY_APART, f"{a} and {b} look alike"


def test_a_path_of_parameters_has_the_parameters_colour():
    assert style.PATH == style.PARAM


def test_runs_differ_by_line_style_and_marker_in_the_path_colour():
    runs = [style.series(i) for i in range(len(style.SERIES_LINESTYLES))]
    assert {run["color"] for run in runs} == {style.PATH}
    assert len({run["linestyle"] for run in runs}) == len(runs)
    assert len({run["marker"] for run in runs}) == len(runs)


@pytest.mark.parametrize("bad", [-1, len(style.SERIES_LINESTYLES), 1.0, "0"])
def test_series_rejects_an_index_out_of_range(bad):
    with pytest.raises(ValueError, match="i must be an int"):
        style.series(bad)


def test_book_style_sets_a_white_figure_background_for_dark_mode():
    import matplotlib as mpl

    with mpl.rc_context():
        style.apply_book_style()
        assert mcolors.to_rgb(mpl.rcParams["figure.facecolor"]) == (1.0, 1.0, 1.0)


def test_render_png_stores_pixel_density_times_the_css_width():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.0, 2.0), dpi=style.FIGURE_DPI)
    ax.plot([0, 1], [0, 1])
    png = style.render_png(fig)
    width, height = struct.unpack(">II", png[16:24])
    assert style.PIXEL_DENSITY >= 2
    # bbox_inches="tight" crops a little, so the stored width is close to 4 in x dpi x density
    assert width == pytest.approx(4.0 * style.FIGURE_DPI * style.PIXEL_DENSITY, rel=0.1)
    assert style.display_width(png) == round(width / style.PIXEL_DENSITY)


def test_display_width_rejects_bytes_that_are_not_a_png():
    with pytest.raises(ValueError, match="png must be"):
        style.display_width(b"GIF89a" + bytes(30))


# ---------------------------------------------------------------- the dark palette (widgets on a dark page)
def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def luminance(colour: str) -> float:
        c = np.array(mcolors.to_rgb(colour))
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_dark_palette_has_every_meaning_of_the_light_one():
    assert set(style.DARK_PALETTE) == set(style.PALETTE)
    assert all(mcolors.is_color_like(c) for c in style.DARK_PALETTE.values())


@pytest.mark.parametrize("palette", ["PALETTE", "DARK_PALETTE"])
def test_text_and_marks_stand_out_from_the_paper(palette):
    colours = getattr(style, palette)
    assert contrast(colours["INK"], colours["PAPER"]) >= 4.5
    for name in MEANINGS:
        if name != "NEUTRAL":  # the grid's colour is meant to recede
            assert contrast(colours[name], colours["PAPER"]) >= 3.0, f"{palette}[{name}] on its paper"


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("a, b", list(itertools.combinations(sorted(style.DARK_PALETTE), 2)))
def test_every_pair_of_dark_colours_is_apart_in_every_vision(a, b, vision):
    d = delta_e(style.DARK_PALETTE[a], style.DARK_PALETTE[b], vision)
    assert d >= APART, f"dark {a} and {b} are only Delta E {d:.1f} apart in {vision}"


@pytest.mark.parametrize("vision", VISIONS)
def test_dark_forward_and_backward_are_far_apart_in_every_vision(vision):
    d = delta_e(style.DARK_PALETTE["FORWARD"], style.DARK_PALETTE["BACKWARD"], vision)
    assert d >= FORWARD_BACKWARD_APART


@pytest.mark.parametrize("a, b", list(itertools.combinations(MEANINGS, 2)))
def test_dark_colours_of_different_meanings_are_clearly_apart_in_normal_vision(a, b):
    assert delta_e(style.DARK_PALETTE[a], style.DARK_PALETTE[b]) > CLEARLY_APART
