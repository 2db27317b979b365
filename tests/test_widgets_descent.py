"""Tests of nnlearn.widgets.descent: the controls, and a figure (never a traceback) for every setting."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from nnlearn.descent import CHAPTER_RATES, PROBLEMS  # noqa: E402
from nnlearn.widgets import descent as wd  # noqa: E402



def _texts(fig):
    return " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def test_loss_options_name_every_problem():
    assert sorted(value for _, value in wd.LOSS_OPTIONS) == sorted(PROBLEMS)


@pytest.mark.parametrize("name", sorted(PROBLEMS))
@pytest.mark.parametrize("eta", [10 ** wd.ETA_RANGE[0], 10 ** wd.ETA_RANGE[1]])
@pytest.mark.parametrize("steps", list(wd.STEPS_RANGE))
def test_figure_at_every_slider_extreme(name, eta, steps):
    fig = wd.descent_figure(name, eta, steps)
    assert len(fig.axes) == 2


def test_figure_shows_divergence_message_at_largest_rate():
    fig = wd.descent_figure("line", 10 ** wd.ETA_RANGE[1], wd.STEPS_RANGE[1])
    assert "diverged at step 1" in _texts(fig)


@pytest.mark.parametrize("args", [("line", 0.0, 10), ("line", 0.1, 0), ("nope", 0.1, 10)])
def test_bad_setting_gives_message_figure_not_traceback(args):
    fig = wd.descent_figure(*args)
    assert "cannot draw this setting" in _texts(fig)


def test_widget_has_three_controls_with_ranges():
    w = wd.descent_widget()
    problem, eta, steps = w.children[:3]
    assert [value for _, value in problem.options] == [v for _, v in wd.LOSS_OPTIONS]
    assert (eta.min, eta.max) == wd.ETA_RANGE and eta.value == pytest.approx(CHAPTER_RATES["about right"])
    assert (steps.min, steps.max) == wd.STEPS_RANGE and steps.value == 30
    assert w.children[-1].__class__.__name__ == "Output"


def test_widget_redraws_when_a_slider_moves():
    w = wd.descent_widget()
    eta = w.children[1]
    eta.value = 9.0  # far too large: the redraw must not raise
    w.update()


def test_widget_names_its_controls_and_output_for_the_snapshot_test():
    w = wd.descent_widget()
    assert wd.widget_figure is wd.descent_figure
    assert list(w.controls) == ["problem", "eta", "steps"]
    assert list(w.controls.values()) == list(w.children[:3])
    assert w.output is w.out and w.output is w.children[-1]
