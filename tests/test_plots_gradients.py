"""Chapter 6's figures draw from the experiments' plain data, with titles, labels and the book's colours."""

from __future__ import annotations

import numpy as np

from nnlearn import style
from nnlearn import vanishing as v
from nnlearn.plots import gradients as plots


def _run(label="r", depth=3, steps=5, diverged=False):
    loss = np.linspace(2.3, 1.0, steps + 1)
    if diverged:
        loss[-1] = np.nan
    return v.Run(label=label, loss=loss, norms=np.tile(np.logspace(-4, -1, depth), (steps, 1)),
                 global_norms=np.linspace(5, 1, steps), inactive=np.full((steps + 1, depth), 0.2),
                 diverged_at=steps - 1 if diverged else None, message="diverged at step 4: x" if diverged else "")


def test_every_figure_has_a_title_and_labels():
    figs = [plots.plot_power_table(v.power_table(20)),
            plots.plot_norm_bars({2: np.array([0.1, 0.2]), 6: np.logspace(-4, -1, 6)}),
            plots.plot_norm_curves(_run()),
            plots.plot_fixes({"sigmoid, xavier": _run("sigmoid, xavier"), "relu, he": _run("relu, he"),
                              "sigmoid, xavier, residual": _run("sigmoid, xavier, residual")}),
            plots.plot_init_grid(np.ones((2, 2, 3)), ("sigmoid", "relu"), ("xavier", "he")),
            plots.plot_exploding(_run("free", diverged=True), _run("clipped")),
            plots.plot_norm_histogram(np.logspace(0, 3, 20), 500.0, used=1.0),
            plots.plot_dead_fraction({"ReLU": _run("ReLU"), "leaky ReLU": _run("leaky ReLU")}),
            plots.plot_gradcheck({4: [{"layer": 1, "max |gradient|": 1e-3, "noise floor": 1e-11, "verdict": "good"},
                                      {"layer": 2, "max |gradient|": 1e-8, "noise floor": 1e-11,
                                       "verdict": "below what finite differences can resolve"}]})]
    for fig in figs:
        titled = fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
        assert titled
        assert any(ax.get_xlabel() for ax in fig.axes)


def test_norm_bars_mark_a_zero_gradient_in_words():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    plots.draw_norm_bars(ax, np.array([0.0, 1e-3, np.inf]))
    assert [t.get_text() for t in ax.texts] == ["0", "inf/nan"]
    assert len(ax.patches) == 1


def test_diverged_run_is_marked_in_the_mistake_colour():
    fig = plots.plot_exploding(_run("free", diverged=True), _run("clipped"))
    texts = [t for ax in fig.axes for t in ax.texts if "diverged" in t.get_text()]
    assert texts and texts[0].get_color() == style.MISTAKE


def test_single_set_of_norm_bars_is_backward_red():
    fig = plots.plot_norm_bars({3: np.array([1e-3, 1e-2, 1e-1])})
    colours = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in fig.axes[0].patches}
    from matplotlib.colors import to_rgb
    assert colours == {tuple(np.round(to_rgb(style.BACKWARD), 3))}
