"""Chapter 8's constructions and measurements (nnlearn.chapters.representation.compute): each construction
computes the formula it claims, the exact piece counter is exact, and the chapter's interpretive sentences hold
for the data it computes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from nnlearn import Network
from nnlearn.chapters.representation import compute as C


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


X = C.grid(1001)
x = X[:, 0]


# ------------------------------------------------------------------ targets and grid

def test_targets_at_known_points():
    assert C.target_values("sine", [0.25])[0] == pytest.approx(1.0)
    assert C.target_values("wiggly", [0.0])[0] == pytest.approx(0.25)  # 0.2 + 0.05 cos 0
    assert C.target_values("root", [0.25])[0] == pytest.approx(0.5)
    assert C.target_values("jump", [0.49, 0.5, 1.0]).tolist() == [0.0, 1.0, 1.0]
    assert [t.continuous for t in C.TARGETS.values()] == [True, True, True, False]


def test_grid_includes_both_ends_and_refuses_one_point():
    g = C.grid(5)
    assert g.shape == (5, 1) and g[0, 0] == 0.0 and g[-1, 0] == 1.0
    with pytest.raises(ValueError, match="n must be at least 2"):
        C.grid(1)
    with pytest.raises(ValueError, match="target"):
        C.target_values("cosine", [0.0])


# ------------------------------------------------------------------ sigmoid steps and bumps

def test_a_step_unit_is_one_half_at_its_position():
    w, b = C.step_parameters(0.3, 40.0)
    assert sig(w * 0.3 + b) == pytest.approx(0.5)
    assert sig(w * 0.1 + b) < 1e-3 and sig(w * 0.5 + b) > 1 - 1e-3


@pytest.mark.parametrize("bad, error", [((0.3, 0.0), ValueError), ((0.3, -1.0), ValueError), (("a", 1.0), TypeError),
                                        ((0.3, float("inf")), ValueError)])
def test_step_parameters_refuse_bad_input(bad, error):
    with pytest.raises(error):
        C.step_parameters(*bad)


def test_bump_network_computes_the_sum_of_bumps():
    rng = np.random.default_rng(0)
    edges = np.sort(rng.uniform(-0.2, 1.2, 6))
    heights = rng.normal(size=5)
    s = 30.0
    net = Network([1, 10, 1], "sigmoid", "identity").set_parameters(C.bump_parameters(edges, heights, s))
    expected = sum(h * (sig(s * (x - e0)) - sig(s * (x - e1))) for h, e0, e1 in zip(heights, edges[:-1], edges[1:]))
    assert np.abs(net.forward(X)[:, 0] - expected).max() < 1e-12


def test_bump_units_come_in_rising_and_falling_pairs():
    W1, b1, W2, b2 = C.bump_parameters([0.0, 0.5, 1.0], [2.0, 3.0], 10.0)
    assert W1.shape == (1, 4) and b1.shape == (4,) and W2.shape == (4, 1) and b2.shape == (1,)
    assert (-b1 / W1[0]).tolist() == [0.0, 0.5, 0.5, 1.0]
    assert W2[:, 0].tolist() == [2.0, -2.0, 3.0, -3.0]


@pytest.mark.parametrize("edges, heights, match", [
    ([0.0, 0.5], [1.0, 2.0], "one more entry"),
    ([0.0, 0.5, 0.5], [1.0, 2.0], "strictly increasing"),
    ([0.0, float("nan")], [1.0], "NaN"),
])
def test_bump_parameters_refuse_bad_edges(edges, heights, match):
    with pytest.raises(ValueError, match=match):
        C.bump_parameters(edges, heights, 1.0)


def test_bump_edges_put_the_outer_edges_outside_and_heights_at_midpoints():
    edges, mids = C.bump_edges(4)
    assert edges.tolist() == [C.OUTER_EDGES[0], 0.25, 0.5, 0.75, C.OUTER_EDGES[1]]
    assert mids.tolist() == [0.125, 0.375, 0.625, 0.875]
    with pytest.raises(ValueError, match="interior"):
        C.bump_edges(3, [0.5, 0.2])
    with pytest.raises(ValueError, match="interior must hold"):
        C.bump_edges(3, [0.5])


def test_very_steep_bumps_are_the_staircase_of_midpoint_values():
    net = C.bump_network("wiggly", 8, relative_steepness=2000.0)
    _, mids = C.bump_edges(8)
    away = np.concatenate([mids - 0.03, mids, mids + 0.03])[:, None]  # inside the pieces, away from the edges
    stairs = C.target_values("wiggly", np.concatenate([mids, mids, mids]))
    assert np.abs(net.forward(away)[:, 0] - stairs).max() < 1e-9
    assert net.sizes == [1, 16, 1]


# ------------------------------------------------------------------ ReLU hinges and hats

@pytest.mark.parametrize("nodes", [np.linspace(0, 1, 6), np.array([0.0, 0.1, 0.15, 0.6, 0.9, 1.0])])
def test_hats_add_up_to_the_broken_line(nodes):
    heights = np.random.default_rng(1).normal(size=len(nodes))
    net = Network([1, 3 * len(nodes), 1], "relu", "identity").set_parameters(C.hat_parameters(nodes, heights))
    assert np.abs(net.forward(X)[:, 0] - np.interp(x, nodes, heights)).max() < 1e-12


def test_each_hat_is_one_at_its_node_and_zero_at_the_others():
    nodes = np.array([0.0, 0.2, 0.5, 1.0])
    for i in range(len(nodes)):
        h = np.zeros(len(nodes))
        h[i] = 1.0
        net = Network([1, 12, 1], "relu", "identity").set_parameters(C.hat_parameters(nodes, h))
        assert np.allclose(net.forward(nodes[:, None])[:, 0], h, atol=1e-15)


@pytest.mark.parametrize("nodes", [np.linspace(0, 1, 9), np.array([0.0, 0.05, 0.3, 0.31, 0.8, 1.0])])
def test_hinges_compute_the_same_function_as_hats_with_one_unit_per_piece(nodes):
    heights = np.random.default_rng(2).normal(size=len(nodes))
    hats = Network([1, 3 * len(nodes), 1], "relu", "identity").set_parameters(C.hat_parameters(nodes, heights))
    hinges = Network([1, len(nodes) - 1, 1], "relu", "identity").set_parameters(C.hinge_parameters(nodes, heights))
    assert np.abs(hats.forward(X) - hinges.forward(X)).max() < 1e-12


@pytest.mark.parametrize("fn", [C.hat_parameters, C.hinge_parameters])
def test_hats_and_hinges_refuse_bad_nodes(fn):
    with pytest.raises(ValueError, match="at least 2"):
        fn([0.5], [1.0])
    with pytest.raises(ValueError, match="one entry per node"):
        fn([0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="strictly increasing"):
        fn([0.0, 0.0, 1.0], [1.0, 2.0, 3.0])


def test_hinge_network_interpolates_the_target_at_its_nodes():
    net = C.hinge_network("wiggly", 16)
    nodes = np.linspace(0, 1, 17)
    assert np.abs(net.forward(nodes[:, None])[:, 0] - C.target_values("wiggly", nodes)).max() < 1e-13
    assert net.sizes == [1, 16, 1]


# ------------------------------------------------------------------ the largest error

def test_sup_error_is_zero_for_a_function_the_network_computes_exactly():
    line = C.Target("line", "a line", "x", lambda t: 0.5 - 2.0 * t, True)
    net = Network([1, 1, 1], "relu", "identity").set_parameters([[[1.0]], [0.0], [[-2.0]], [0.5]])
    error, _ = C.sup_error(net, line)
    assert error < 1e-15


def test_sup_error_refuses_a_network_with_two_inputs():
    with pytest.raises(TypeError, match="one input and one output"):
        C.sup_error(Network([2, 3, 1]), "sine")


@pytest.fixture(scope="module")
def table():
    return C.error_table()


@pytest.fixture(scope="module")
def fine_table():
    return C.error_table(n_grid=10 * (C.GRID_POINTS - 1) + 1)


def test_a_ten_times_finer_grid_changes_the_chapters_errors_by_less_than_one_percent(table, fine_table):
    """The largest error over the grid is a lower bound; on a grid ten times finer it moves by less than the two
    significant digits the chapter shows. The exception is the broken line on the jump, whose largest error 1 is
    approached right next to the jump and never reached: that entry grows with the grid, as the text says."""
    for name in table.targets:
        assert np.allclose(fine_table.sigmoid[name], table.sigmoid[name], rtol=0.01, atol=0)
        if name != "jump":
            assert np.allclose(fine_table.relu[name], table.relu[name], rtol=0.01, atol=0)
    assert np.all(fine_table.relu["jump"] >= table.relu["jump"])
    assert np.all(fine_table.relu["jump"] < 1.0)


def test_no_continuous_approximation_of_the_jump_gets_below_one_half(table):
    assert np.all(table.sigmoid["jump"] >= 0.5 - 1e-9)
    assert np.all(table.relu["jump"] >= 0.5)


def test_the_error_orders_the_chapter_states(table):
    """Bumps: error ~ 1/N on the smooth targets; hinges ~ 1/N^2; the square root ~ 1/sqrt(N) for both."""
    order = lambda errors: C.convergence_order(table.pieces, errors)
    for name in ("sine", "wiggly"):
        assert order(table.sigmoid[name]) == pytest.approx(1.0, abs=0.1)
        assert order(table.relu[name]) == pytest.approx(2.0, abs=0.15)
        assert np.all(np.diff(table.sigmoid[name]) < 0) and np.all(np.diff(table.relu[name]) < 0)
    assert order(table.sigmoid["root"]) == pytest.approx(0.5, abs=0.05)
    assert order(table.relu["root"]) == pytest.approx(0.5, abs=0.05)


def test_the_sine_error_is_its_slope_times_half_a_width_at_the_ends(table):
    n = table.pieces[-1]
    error, at = C.sup_error(C.bump_network("sine", n), "sine")
    assert at in (0.0, 1.0)
    assert error == pytest.approx(np.pi / n, rel=0.05)


def test_the_root_error_is_the_broken_lines_gap_on_the_first_piece(table):
    n = table.pieces[-1]
    assert table.relu["root"][-1] == pytest.approx(np.sqrt(1 / n) / 4, rel=0.01)


def test_convergence_order_of_an_exact_power_and_its_errors():
    assert C.convergence_order([4, 8, 16], [1 / 16, 1 / 64, 1 / 256]) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        C.convergence_order([4], [0.1])
    with pytest.raises(ValueError):
        C.convergence_order([4, 8], [0.1, 0.0])


@pytest.mark.parametrize("construction", ["sigmoid", "relu"])
def test_error_table_markdown_has_a_row_per_target_with_two_significant_digits(table, construction):
    lines = C.error_table_markdown(table, construction).splitlines()
    assert len(lines) == 2 + len(table.targets)
    assert all(line.count("|") == len(table.pieces) + 2 for line in lines)
    errors = table.sigmoid if construction == "sigmoid" else table.relu
    first = lines[2].split("|")[2].strip()
    assert float(first) == pytest.approx(errors[table.targets[0]][0], rel=0.05)
    with pytest.raises(ValueError, match="construction"):
        C.error_table_markdown(table, "tanh")


def test_sawtooth_and_tower_tables_have_a_row_each():
    assert len(C.sawtooth_markdown(C.sawtooth_table([1, 2])).splitlines()) == 4
    assert len(C.tower_counts_markdown(C.tower_counts([1, 2, 4])).splitlines()) == 5


# ------------------------------------------------------------------ steepness

@pytest.fixture(scope="module")
def sweep():
    return C.steepness_sweep("wiggly")


def test_the_error_against_steepness_is_smallest_in_between_and_at_the_same_k(sweep):
    """The chapter: too gentle blurs, too steep makes stairs, and the best k of the sweep is the same for all N."""
    best = sweep.errors.min(axis=1)
    assert np.all(sweep.errors[:, 0] > best) and np.all(sweep.errors[:, -1] > 2 * best)
    assert len(set(sweep.best.tolist())) == 1
    assert 1 < sweep.best[0] < 20


def test_steepness_sweep_refuses_non_positive_steepness():
    with pytest.raises(ValueError, match="positive"):
        C.steepness_sweep("sine", (4,), [0.0, 1.0])


# ------------------------------------------------------------------ towers

@pytest.mark.parametrize("dim, n", [(1, 3), (2, 2), (2, 5), (3, 3)])
def test_tower_units_formula_matches_the_built_network(dim, n):
    net = C.tower_network(None, dim, n, heights=np.zeros(n ** dim))
    assert tuple(net.sizes[1:3]) == C.tower_units(dim, n)


def test_towers_add_up_to_one_everywhere_also_where_cells_meet():
    g = np.linspace(0, 1, 41)  # includes every cell edge of a 4 x 4 grid
    P = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    out = C.tower_network(None, 2, 4, heights=np.ones(16)).forward(P)[:, 0]
    assert np.abs(out - 1).max() < 0.01


def test_one_tower_stands_on_its_cell_and_dips_below_zero_past_its_upper_right_corner():
    n = 8
    centre = np.array([[(2 + 0.5) / n, (5 + 0.5) / n]])
    far = np.array([[0.9, 0.1], [0.1, 0.1], [0.9, 0.9]])
    assert C.single_tower(n, (2, 5), centre)[0] > 0.9
    assert np.abs(C.single_tower(n, (2, 5), far)).max() < 0.01
    g = np.linspace(0, 1, 81)
    plane = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    values = C.single_tower(n, (2, 5), plane)
    lowest = plane[np.argmin(values)]
    assert values.min() < -0.1
    assert lowest[0] > 3 / n and lowest[1] > 6 / n  # past the cell's upper right corner (3/8, 6/8)
    with pytest.raises(ValueError, match="cell must hold two indices"):
        C.single_tower(n, (8, 0), plane)


def test_tower_errors_halve_as_cells_double():
    err = C.tower_errors((4, 8, 16))
    ratios = [err[4] / err[8], err[8] / err[16]]
    assert all(1.8 < r < 2.5 for r in ratios)


def test_tower_counts_grow_by_a_factor_n_per_input():
    rows = C.tower_counts(range(1, 6), n_cells=10, build_up_to=2)
    assert [r.corners for r in rows] == [10, 100, 1000, 10_000, 100_000]
    assert [r.built for r in rows] == [True, True, False, False, False]
    assert rows[2].units == 33 + 1000


def test_tower_network_refuses_wrong_heights_and_a_missing_function():
    with pytest.raises(ValueError, match="one value per cell"):
        C.tower_network(None, 2, 3, heights=np.zeros(8))
    with pytest.raises(TypeError, match="f must be a function"):
        C.tower_network(None, 2, 3)


def test_hill_has_the_formula_it_shows():
    P = np.array([[0.4, 0.6], [0.0, 0.0]])
    assert C.hill(P)[0] == pytest.approx(np.cos(1.2))
    assert C.hill(P)[1] == pytest.approx(np.exp(-5 * 0.52))


# ------------------------------------------------------------------ the sawtooth and exact pieces

@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_the_deep_network_computes_the_composed_tent_map_exactly_at_dyadic_points(k):
    t = np.arange(2 ** (k + 2) + 1) / 2 ** (k + 2)  # dyadic points: every operation is exact
    net = C.sawtooth_network(k)
    assert np.array_equal(net.forward(t[:, None])[:, 0], C.sawtooth(t, k))
    assert net.sizes == [1] + [2] * k + [1]


@pytest.mark.parametrize("k", [1, 2, 3, 4, 6])
def test_deep_and_shallow_sawtooths_have_the_same_two_to_the_k_pieces(k):
    deep, shallow = C.linear_pieces(C.sawtooth_network(k)), C.linear_pieces(C.shallow_sawtooth_network(k))
    assert deep.count == shallow.count == 2 ** k
    assert deep.breakpoints == shallow.breakpoints == tuple(Fraction(j, 2 ** k) for j in range(2 ** k + 1))
    assert deep.slopes == shallow.slopes == tuple(Fraction((-1) ** j * 2 ** k) for j in range(2 ** k))


def test_sawtooth_table_rows():
    rows = C.sawtooth_table([1, 3, 5])
    assert [r.deep_units for r in rows] == [2, 6, 10]
    assert [r.shallow_units for r in rows] == [2, 8, 32]
    assert [r.deep_pieces for r in rows] == [2, 8, 32]
    assert all(r.same_function for r in rows)
    assert rows[1].deep_parameters == 19 and rows[1].shallow_parameters == 25


def _random_relu(sizes, seed):
    rng = np.random.default_rng(seed)
    net = Network(sizes, "relu", "identity")
    params = []
    for p in net.parameters():
        params.append(rng.normal(size=p.shape) if p.ndim == 2 else rng.uniform(-1.5, 1.5, p.shape))
    return net.set_parameters(params)


@pytest.mark.parametrize("seed", range(6))
def test_linear_pieces_are_exactly_the_networks_lines(seed):
    """On each piece the network equals its line (checked at points inside it), and neighbouring lines differ."""
    net = _random_relu([1, 5, 4, 1], seed)
    p = C.linear_pieces(net, -2, 2)
    assert p.breakpoints[0] == -2 and p.breakpoints[-1] == 2 and p.regions >= p.count
    for a, b, m, c in zip(p.breakpoints[:-1], p.breakpoints[1:], p.slopes, p.intercepts):
        inside = np.linspace(float(a), float(b), 7)[1:-1]
        assert np.allclose(net.forward(inside[:, None])[:, 0], float(m) * inside + float(c), rtol=1e-9, atol=1e-9)
    assert all((m0, c0) != (m1, c1) for m0, c0, m1, c1 in
               zip(p.slopes[:-1], p.intercepts[:-1], p.slopes[1:], p.intercepts[1:]))


@pytest.mark.parametrize("seed", range(6))
def test_one_hidden_layer_has_at_most_one_more_piece_than_units(seed):
    net = _random_relu([1, 7, 1], seed)
    assert C.linear_pieces(net, -3, 3).count <= 8


def test_linear_pieces_merge_intervals_on_the_same_line():
    net = Network([1, 3, 1], "relu", "identity").set_parameters(
        [[[1.0, 1.0, 1.0]], [0.0, -0.5, -0.5], [[1.0], [1.0], [-1.0]], [0.0]])
    p = C.linear_pieces(net, -1, 1)
    assert (p.count, p.regions) == (2, 3)
    assert p.breakpoints == (Fraction(-1), Fraction(0), Fraction(1))


def test_linear_pieces_refuse_what_they_cannot_follow():
    with pytest.raises(ValueError, match="ReLU and identity"):
        C.linear_pieces(Network([1, 2, 1], "sigmoid", "identity"))
    with pytest.raises(ValueError, match="one input and one output"):
        C.linear_pieces(Network([2, 2, 1], "relu", "identity"))
    with pytest.raises(ValueError, match="lo must be smaller"):
        C.linear_pieces(C.sawtooth_network(1), 1, 0)
    with pytest.raises(TypeError, match="plain Network"):
        C.linear_pieces("net")


# ------------------------------------------------------------------ constructed against trained

@pytest.fixture(scope="module")
def study():
    return C.training_study()


def test_training_study_shapes_and_the_constructions_numbers(study):
    K = len(study.seeds)
    assert study.trained_error.shape == study.trained_loss.shape == study.trained_error_at_points.shape == (K,)
    assert study.loss.shape == (K, study.epochs)
    assert study.constructed_error == pytest.approx(C.sup_error(C.hinge_network("wiggly", 16), "wiggly")[0])
    assert K % 2 == 1  # an odd number of runs, so the median run is one of them
    assert C.sup_error(study.median, "wiggly")[0] == pytest.approx(np.median(study.trained_error))


def test_the_chapters_sentences_about_training_hold(study):
    """No trained network reaches the construction (or twice its error); the median training loss is many times
    the construction's; the median run's loss was still falling at the end; no run diverged; between the training
    points the error is at most a little larger than at them."""
    assert study.reached() == 0 and study.reached(2) == 0
    assert np.median(study.trained_loss) > 10 * study.constructed_loss
    assert np.median(study.late_drop()) > 0
    assert np.all(np.isfinite(study.trained_loss))
    ratio = study.trained_error / study.trained_error_at_points
    assert np.all(ratio >= 1.0) and np.all(ratio < 1.5)


def test_training_study_is_the_same_on_a_second_run():
    a = C.training_study(width=4, seeds=range(3), epochs=30)
    b = C.training_study(width=4, seeds=range(3), epochs=30)
    assert np.array_equal(a.trained_error, b.trained_error) and np.array_equal(a.loss, b.loss)


def test_training_study_refuses_no_seeds_and_bad_settings():
    with pytest.raises(ValueError, match="at least one seed"):
        C.training_study(seeds=[])
    with pytest.raises(ValueError, match="eta"):
        C.training_study(eta=0.0)
    with pytest.raises(ValueError, match="target"):
        C.training_study(target="cosine")


# ------------------------------------------------------------------ the widget's math

@pytest.mark.parametrize("activation, pieces, extra", [
    ("sigmoid", 8, {}),
    ("sigmoid", 5, {"relative_steepness": 0.7, "heights": [0.1, -0.4, 0.9, 0.2, 0.0]}),
    ("sigmoid", 4, {"interior": [0.1, 0.3, 0.35]}),
    ("relu", 8, {}),
    ("relu", 3, {"heights": [1.0, -1.0, 0.5, 0.2], "interior": [0.2, 0.7]}),
    ("relu", 1, {}),
])
def test_the_widgets_parts_add_up_to_the_networks_output(activation, pieces, extra):
    view = C.approximation_view("wiggly", activation, pieces, **extra)
    assert np.abs(view.parts.sum(axis=0) - view.output).max() < 1e-12
    assert view.units == (2 * pieces if activation == "sigmoid" else 3 * (pieces + 1))
    assert view.error == pytest.approx(C.sup_error(view.network, "wiggly")[0])
    g, f = view.error_segment
    assert abs(g - f) == pytest.approx(view.error)


def test_the_widgets_default_heights_are_the_targets_values():
    view = C.approximation_view("sine", "sigmoid", 4)
    assert np.allclose(view.heights, C.target_values("sine", [0.125, 0.375, 0.625, 0.875]))
    relu = C.approximation_view("sine", "relu", 4)
    assert np.allclose(relu.heights, C.target_values("sine", np.linspace(0, 1, 5)))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"target": "cosine"}, ValueError, "target"),
    ({"activation": "tanh"}, ValueError, "activation"),
    ({"pieces": 0}, ValueError, "pieces"),
    ({"pieces": 2.5}, TypeError, "pieces"),
    ({"relative_steepness": -1.0}, ValueError, "relative_steepness"),
    ({"heights": [1.0, 2.0]}, ValueError, "heights"),
    ({"interior": [0.9, 0.2] + [0.5] * 5}, ValueError, "interior"),
    ({"activation": "relu", "heights": [1.0]}, ValueError, "heights"),
])
def test_the_widgets_math_refuses_controls_out_of_range(kwargs, error, match):
    with pytest.raises(error, match=match):
        C.approximation_view(**kwargs)


@pytest.mark.parametrize("target", C.WIDGET_CONTROLS["target"])
@pytest.mark.parametrize("activation", C.WIDGET_CONTROLS["activation"])
def test_the_widgets_math_works_at_every_end_of_every_control(target, activation):
    for pieces in C.WIDGET_CONTROLS["pieces"]:
        for k in C.WIDGET_CONTROLS["relative_steepness"]:
            view = C.approximation_view(target, activation, pieces, relative_steepness=k)
            assert np.all(np.isfinite(view.output)) and np.isfinite(view.error)
            assert np.abs(view.parts.sum(axis=0) - view.output).max() < 1e-12
