"""Chapter 2's widget declaration and its pure function."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from nnlearn.descent import CHAPTER_RATES, PROBLEMS
from nnlearn.widgets.descent import DESCENT, LOSS_OPTIONS, descent_frame, descent_summary


def _texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_loss_options_name_every_problem():
    assert {name for _, name in LOSS_OPTIONS} <= set(PROBLEMS)


def test_the_rate_slider_offers_the_chapters_rates_in_the_html_book():
    eta = DESCENT.control("eta")
    assert set(CHAPTER_RATES.values()) <= set(eta.static)
    assert (eta.values[0], eta.values[-1]) == (0.001, 10.0)
    assert eta.default == CHAPTER_RATES["about right"]


@pytest.mark.parametrize("problem", [name for _, name in LOSS_OPTIONS])
def test_summary_at_every_rate_and_step_extreme_never_raises(problem):
    for eta in DESCENT.control("eta").values:
        for steps in (1, 200):
            assert descent_summary(problem, eta, steps)


@pytest.mark.parametrize("problem, eta, steps", [("line", 0.001, 1), ("line", 10.0, 200), ("bce", 10.0, 1),
                                                 ("mse_sigmoid", 0.001, 200)])
def test_figure_at_the_extremes_draws(problem, eta, steps):
    frame = descent_frame(problem, eta, float(steps))
    assert len(frame.figure.axes) == 2
    plt.close(frame.figure)


def test_largest_rate_says_it_diverged_and_fills_its_loss_panel():
    frame = descent_frame("line", 10.0, 30.0)
    assert frame.summary.startswith("diverged at step 1")
    assert "diverged at step 1" in _texts(frame.figure)
    ax_loss = frame.figure.axes[1]
    assert ax_loss.get_xlim() == (0.0, 1.0)  # the steps it ran, not an empty axis up to 30
    plt.close(frame.figure)


def test_one_step_has_whole_number_ticks_and_says_it_barely_moved():
    frame = descent_frame("line", 0.001, 1.0)
    ax_loss = frame.figure.axes[1]
    ticks = [t for t in ax_loss.get_xticks() if 0 <= t <= 1]
    assert ticks == [0.0, 1.0]
    message = next(t for t in ax_loss.texts if "barely moved" in t.get_text())
    assert message.get_color() not in ("#9a9a9a",)  # readable: the default text colour, not pale grey
    plt.close(frame.figure)


@pytest.mark.parametrize("args", [("nope", 0.1, 10), ("line", -1.0, 10), ("line", 0.1, 0)])
def test_bad_setting_gives_a_message_figure_not_a_traceback(args):
    frame = descent_frame(*args)
    assert frame.summary.startswith("cannot draw this setting")
    plt.close(frame.figure)
