"""Tests of nnlearn.plots.descent: every chapter 2 figure draws, is labelled, and says "diverged" when it should."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlearn import style  # noqa: E402
from nnlearn.descent import (compare_batch_sizes, constant_rate_sweep, descend, lr_range_test,  # noqa: E402
                             stability_limit, suggest_lr_range)
from nnlearn.plots import descent as pd  # noqa: E402



def _texts(fig):
    """Every piece of text drawn in the figure (titles, labels, annotations, legends)."""
    return " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def _axes_labelled(fig):
    for ax in fig.axes:
        if ax.get_visible() and ax.axison:
            assert ax.get_xlabel(), f"unlabelled x axis in {ax.get_title()!r}"


@pytest.mark.parametrize("name", ["line", "bce"])
def test_plot_data(name):
    fig = pd.plot_data(name, {"fit": (1.0, 0.0), "start": (-1.0, 1.0)})
    ax = fig.axes[0]
    assert ax.get_xlabel() == "$x$" and ax.get_ylabel()
    assert len(ax.get_lines()) == 2
    assert ax.get_lines()[0].get_color() == style.PARAM


def test_draw_surface_sets_window_and_minimum():
    fig, ax = plt.subplots()
    pd.draw_surface(ax, "line")
    assert ax.get_xlim() == pytest.approx((-1.5, 3.5)) and ax.get_ylim() == pytest.approx((-2.5, 3.5))
    assert ax.get_xlabel() == "weight $w$" and ax.get_ylabel() == "bias $b$"


def test_draw_path_marks_divergence():
    fig, ax = plt.subplots()
    path = descend("line", 0.35, 40)
    pd.draw_path(ax, path)
    assert f"diverged at step {path.diverged_at}" in _texts(fig)


def test_draw_path_of_converging_run_has_no_divergence_text():
    fig, ax = plt.subplots()
    pd.draw_path(ax, descend("line", 0.15, 10))
    assert "diverged" not in _texts(fig)


def test_plot_gradient_field_uses_backward_colour_for_gradient():
    fig = pd.plot_gradient_field("line", [(0.0, 0.0), (2.0, 1.0)], descend("line", 0.15, 5))
    colours = {matplotlib.colors.to_hex(a.arrow_patch.get_edgecolor()) for a in fig.axes[0].texts
               if getattr(a, "arrow_patch", None) is not None}
    assert style.BACKWARD in colours
    _axes_labelled(fig)
    assert fig.axes[0].get_title()


def test_plot_output_gradients_two_curves():
    fig = pd.plot_output_gradients(np.linspace(-6, 6, 50))
    ax = fig.axes[0]
    curves = [line for line in ax.get_lines() if line.get_label().startswith(("MSE", "BCE"))]
    # dL/dz is an error signal: both curves BACKWARD red, told apart by their line style
    assert {line.get_color() for line in curves} == {style.BACKWARD}
    assert {line.get_label()[:3]: line.get_linestyle() for line in curves} == {"MSE": "-", "BCE": "--"}
    assert ax.get_legend() is not None
    assert ax.get_ylabel() == r"$\partial L / \partial z$"
    assert "confidently" in _texts(fig)


def test_plot_loss_comparison():
    fig = pd.plot_loss_comparison(descend("mse_sigmoid", 1.0, 10), descend("bce", 1.0, 10))
    assert len(fig.axes) == 2
    _axes_labelled(fig)
    assert all(len(ax.get_lines()) == 2 for ax in fig.axes)


def test_plot_learning_rates_labels_the_diverged_run():
    paths = [descend("line", eta, 20) for eta in (0.01, 0.15, 0.28, 0.35)]
    fig = pd.plot_learning_rates(paths, ["a", "b", "c", "d"])
    text = _texts(fig)
    assert "diverged" in text and f"diverged at step {paths[3].diverged_at}" in text
    assert len(fig.axes) == 5
    _axes_labelled(fig)


def test_plot_learning_rates_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="one length"):
        pd.plot_learning_rates([descend("line", 0.1, 2)], ["a", "b"])


def test_plot_batch_comparison():
    runs = compare_batch_sizes("line", epochs=2)
    fig = pd.plot_batch_comparison(runs, 32)
    assert len(fig.axes) == 2
    _axes_labelled(fig)
    with pytest.raises(ValueError, match="histories is empty"):
        pd.plot_batch_comparison({}, 32)


def test_plot_range_test_with_sweep_and_limit():
    t = lr_range_test("line")
    etas = np.geomspace(1e-3, 1, 6)
    losses, diverged = constant_rate_sweep("line", etas, 20)
    fig = pd.plot_range_test(t, suggest_lr_range(t), etas, losses, diverged, stability_limit("line"))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_xlabel()
    assert "constant $\\eta$: diverged" in _texts(fig)


@pytest.mark.parametrize("name", ["line", "bce", "mse_sigmoid"])
@pytest.mark.parametrize("eta, steps", [(1e-3, 1), (10.0, 200), (0.15, 30)])
def test_plot_descent_view_extremes_never_raise(name, eta, steps):
    fig = pd.plot_descent_view(name, eta, steps)
    assert len(fig.axes) == 2
    _axes_labelled(fig)


def test_plot_descent_view_messages():
    assert "diverged at step" in _texts(pd.plot_descent_view("line", 10.0, 200))
    assert "barely moved" in _texts(pd.plot_descent_view("line", 1e-3, 1))
    text = _texts(pd.plot_descent_view("line", 0.15, 30))
    assert "diverged" not in text and "barely" not in text


def test_plot_snapshots():
    fig = pd.plot_snapshots([("line", 0.15, 5), ("line", 0.5, 30)])
    assert len(fig.axes) == 3  # two path panels and the loss panel
    assert "diverged at step" in _texts(fig)
    assert fig._suptitle is not None and fig._suptitle.get_text()
    ax_loss = fig.axes[0]
    assert ax_loss.get_yscale() == "log" and ax_loss.get_xlabel() == "step"
    assert [line.get_color() for line in ax_loss.get_lines()[:2]] == [style.SERIES[0], style.SERIES[1]]
    with pytest.raises(ValueError, match="at most"):
        pd.plot_snapshots([("line", 0.1, 5)] * (len(style.SERIES) + 1))
    with pytest.raises(ValueError, match="settings is empty"):
        pd.plot_snapshots([])


def test_cached_surface_is_reused():
    assert pd.cached_surface("line") is pd.cached_surface("line")


def test_minimum_star_shares_no_colour_with_a_path():
    fig, ax = plt.subplots()
    pd.draw_surface(ax, "line")
    star = [line for line in ax.get_lines() if line.get_label() == "minimum"][0]
    path_colours = {style.PATH, *style.SERIES, *pd.RATE_COLORS}
    assert matplotlib.colors.to_hex(star.get_color()) not in path_colours


def test_learning_rate_colours_are_series_colours():
    assert set(pd.RATE_COLORS) <= set(style.SERIES)
    assert set(pd.LOSS_COLORS.values()) <= set(style.SERIES)


def test_plot_learning_rates_loss_axis_ends_at_the_last_step():
    paths = [descend("line", eta, 30) for eta in (0.01, 0.12, 0.29, 0.35)]
    fig = pd.plot_learning_rates(paths, ["a", "b", "c", "d"])
    assert fig.axes[0].get_xlim() == (0.0, 30.0)


def test_plot_range_test_marks_a_run_that_got_worse():
    t = lr_range_test("line")
    etas = np.array([0.01, 0.1, 0.299])  # the last is just past the limit: worse after 50 steps, not flagged
    losses, diverged = constant_rate_sweep("line", etas, 50)
    start = descend("line", 0.01, 1).losses[0]
    assert not diverged.any() and losses[-1] > start
    fig = pd.plot_range_test(t, suggest_lr_range(t), etas, losses, diverged, stability_limit("line"),
                             start_loss=start)
    assert "got worse" in _texts(fig)
    worse = [line for line in fig.axes[0].get_lines() if "got worse" in line.get_label()][0]
    assert worse.get_markeredgecolor() == style.MISTAKE and len(worse.get_xdata()) == 1


def _contour_vertices(ax):
    from matplotlib.contour import ContourSet

    sets = [c for c in ax.collections if isinstance(c, ContourSet)]
    return [np.concatenate([p.vertices for p in c.get_paths() if len(p.vertices)]) for c in sets]


def test_contours_do_not_move_with_the_last_bits_of_the_loss():
    # Another BLAS kernel changes L in its last bits; near the flat bottom of the bowl that moved a contour line
    # by a pixel's shade in the saved figure. draw_surface contours L as the precision policy rounds it.
    from nnlearn.descent import LossSurface, loss_surface

    surface = loss_surface("line")
    noise = np.random.default_rng(0).choice([-1.0, 1.0], size=surface.L.shape) * 4e-16
    nudged = LossSurface(w=surface.w, b=surface.b, L=surface.L * (1 + noise))
    assert not np.array_equal(nudged.L, surface.L)
    drawn = []
    for s in (surface, nudged):
        fig, ax = plt.subplots()
        pd.draw_surface(ax, "line", surface=s)
        drawn.append(_contour_vertices(ax))
    assert len(drawn[0]) == 2  # the filled contours and the lines
    for a, b in zip(*drawn):
        np.testing.assert_array_equal(a, b)
