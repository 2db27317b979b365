"""Chapter 1's widget (nnlearn.chapters.perceptron.widget): all sliders together find AND, then OR."""

from __future__ import annotations

import itertools

from nnlearn.chapters.perceptron.widget import CONTROLS, PerceptronWidget, perceptron_summary
from nnlearn.data import GATES
from nnlearn.perceptron import perceptron_view


def test_the_sliders_reach_a_solution_of_and_and_of_or_together():
    """The page's promise: moving the sliders together finds AND's weights, then OR's (both need b to move
    with w, which a one-slider-at-a-time page could not do)."""
    w1, w2, b = CONTROLS[:3]
    grid = [w1.value(i) for i in range(0, w1.count, 10)]
    found = {gate: [(x, y, z) for x, y, z in itertools.product(grid, grid, grid)
                    if perceptron_view(x, y, z, gate).n_mistakes == 0] for gate in ("AND", "OR")}
    assert found["AND"] and found["OR"]
    w = PerceptronWidget(w1=1.0, w2=1.0, b=-1.5, gate="AND")
    assert w.n_mistakes == 0
    w.gate = "OR"
    assert w.n_mistakes > 0
    w.b = -0.5
    assert w.n_mistakes == 0 and w.summary == "no point misclassified"


def test_xor_always_leaves_a_mistake_on_a_grid_of_the_sliders():
    w1, w2, b = CONTROLS[:3]
    grid = [w1.value(i) for i in range(0, w1.count, 12)]
    assert min(perceptron_view(x, y, z, "XOR").n_mistakes for x, y, z in itertools.product(grid, grid, grid)) == 1


def test_no_line_is_said_in_words():
    assert perceptron_summary(0.0, 0.0, 0.5, "OR") == ("no line (w₁ = w₂ = 0), every point predicted 1; "
                                                       "1 of 4 points misclassified")
    assert CONTROLS[3].values == tuple(GATES)
