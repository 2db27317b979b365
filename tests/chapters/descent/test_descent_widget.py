"""Chapter 2's widget (nnlearn.chapters.descent.widget): its controls and the results it computes with nnlearn."""

from __future__ import annotations

import pytest

from nnlearn.chapters.descent.widget import CONTROLS, DescentWidget, descent_summary
from nnlearn.descent import CHAPTER_RATES, PROBLEMS, descend


def test_every_chapter_rate_and_step_count_is_a_position():
    problem, eta, steps = CONTROLS
    assert problem.values == tuple(PROBLEMS)
    for rate in CHAPTER_RATES.values():
        assert eta.value(eta.index(rate)) == rate
    assert [steps.value(i) for i in range(steps.count)] == list(range(1, 201))


@pytest.mark.parametrize("problem, eta, steps", [("line", 0.12, 30), ("line", 0.35, 100), ("bce", 2.5, 100),
                                                 ("mse_sigmoid", 0.001, 1), ("line", 10.0, 200)])
def test_the_results_are_nnlearns(problem, eta, steps):
    w = DescentWidget(problem=problem, eta=eta, steps=steps)
    path = descend(problem, eta, steps)
    assert w.summary == descent_summary(problem, eta, steps)
    assert w.final_loss == path.final_loss and w.diverged_at == path.diverged_at
    assert w.text.startswith(f"loss: {dict((v, s) for s, v in CONTROLS[0].options)[problem]}, η = ")


def test_setting_a_trait_from_code_recomputes():
    w = DescentWidget()
    before = w.final_loss
    w.steps = 200
    assert w.final_loss < before and w.summary.endswith("after 200 steps")
    w.eta = 0.35
    assert w.diverged_at is not None and w.summary.startswith(f"diverged at step {w.diverged_at}")


def test_a_rate_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="eta"):
        DescentWidget(eta=0.1234)
    with pytest.raises(ValueError, match="eta"):
        DescentWidget(eta=20.0)
