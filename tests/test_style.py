"""The book's colour vocabulary: one colour per idea, and no idea's colour reused for another."""

import matplotlib.colors as mcolors
import numpy as np
import pytest

from nnlearn import style

CLEARLY_APART = 30.0  # Delta E; the steel blue and dark blue once used for class 1 and parameters were 28 apart, too close

MEANINGS = ("FORWARD", "BACKWARD", "PARAM", "CLASS0", "CLASS1", "MISTAKE", "NEUTRAL")


def _lab(colour: str) -> np.ndarray:
    """CIE L*a*b* coordinates of an sRGB colour (D65 white), where distances follow perception."""
    rgb = np.array(mcolors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _distance(a: str, b: str) -> float:
    """CIE76 colour difference (Delta E) between two colours: about 2 is just noticeable, above 25 is a
    different colour at a glance (this book asks for more than 30)."""
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def test_every_meaning_has_a_valid_colour():
    for name in MEANINGS + ("PATH",):
        assert mcolors.is_color_like(getattr(style, name)), name


@pytest.mark.parametrize("i, j", [(i, j) for i in range(len(MEANINGS)) for j in range(i + 1, len(MEANINGS))])
def test_colours_of_different_meanings_are_clearly_apart(i, j):
    a, b = MEANINGS[i], MEANINGS[j]
    assert _distance(getattr(style, a), getattr(style, b)) > CLEARLY_APART, f"{a} and {b} look alike"


def test_a_path_of_parameters_has_the_parameters_colour():
    assert style.PATH == style.PARAM


@pytest.mark.parametrize("colour", style.SERIES)
def test_series_colours_carry_no_other_meaning(colour):
    for name in MEANINGS:
        assert _distance(colour, getattr(style, name)) > CLEARLY_APART, f"series colour {colour} looks like {name}"


def test_series_colours_are_distinct_from_each_other():
    for i, a in enumerate(style.SERIES):
        for b in style.SERIES[i + 1:]:
            assert _distance(a, b) > CLEARLY_APART, f"{a} and {b} look alike"


def test_book_style_sets_a_white_figure_background_for_dark_mode():
    import matplotlib as mpl

    with mpl.rc_context():
        style.apply_book_style()
        assert mcolors.to_rgb(mpl.rcParams["figure.facecolor"]) == (1.0, 1.0, 1.0)
