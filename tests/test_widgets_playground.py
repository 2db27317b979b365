"""The chapter 5 playground widget: the pure function at the sliders' extremes, and the declaration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnlearn.widgets import declarations
from nnlearn.widgets.declare import Frame, static_settings
from nnlearn.widgets.playground import (EPOCHS, PLAYGROUND, PlaygroundRun, draw_playground, playground_data,
                                        playground_frame, playground_run)


def _texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


@pytest.mark.parametrize("data, activation, loss", list(itertools.product(
    ("xor", "circles", "moons", "spirals"), ("sigmoid", "tanh", "relu"), ("bce", "half_mse"))))
def test_frame_never_raises_at_the_extremes(data, activation, loss):
    for hidden, eta, seed in ((1, 10.0, 9), (8, 0.03, 0)):
        frame = playground_frame(data, hidden, activation, loss, eta, seed)
        assert isinstance(frame, Frame) and frame.summary
        assert "points right" in frame.summary or "diverged" in frame.summary


def test_a_run_that_stopped_shows_its_message_in_the_figure():
    net = playground_run("xor", 2, "tanh", "bce", 1.0, 0).network
    run = PlaygroundRun(loss=np.array([0.7, np.inf]), network=net,
                        message="diverged at step 1: the loss became inf")
    frame = draw_playground(run, "xor", "title")
    assert "diverged at step 1" in _texts(frame.figure)
    assert frame.summary.startswith("diverged")


def test_playground_run_is_pure_and_bounded():
    a = playground_run("moons", 4, "tanh", "bce", 1.0, 3)
    b = playground_run("moons", 4, "tanh", "bce", 1.0, 3)
    assert a.loss.shape == (EPOCHS,)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert a.loss[-1] < a.loss[0]


def test_data_sets_are_two_class_and_small():
    for name in ("xor", "circles", "moons", "spirals"):
        X, y = playground_data(name)
        assert X.shape[1] == 2 and len(y) <= 100 and set(np.unique(y)) == {0.0, 1.0}
    with pytest.raises(ValueError, match="data"):
        playground_data("iris")


def test_declaration_is_registered_and_precomputes_a_coarse_grid():
    assert declarations()["playground"] is PLAYGROUND
    settings = static_settings(PLAYGROUND)
    # every data set, activation and loss; for each, the defaults and each slider moved once
    assert len(settings) == 4 * 3 * 2 * (1 + 3)
    assert all(len(s.static) == 2 for s in PLAYGROUND.sliders)  # each slider moves in the static page
    defaults = PLAYGROUND.defaults()
    moved = [sum(s[k] != defaults[k] for k in ("hidden", "eta", "seed")) for s in settings]
    assert max(moved) == 1
