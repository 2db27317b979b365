"""Tests of nnlearn.backprop_general: chapter 4's shapes, cache memory, gradient checks, fan-out,
work counts and the step-through visualiser's frames."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnlearn import backprop_general as bg
from nnlearn.gradcheck import gradient_check, numerical_gradients
from nnlearn.network import Network, count_parameters


# ------------------------------------------------------------------- 1. shapes

@pytest.mark.parametrize("sizes, n", [([4, 3, 2], 5), ([2, 1, 1], 1), ([3, 7, 7, 7, 2], 11)])
def test_shape_rows_are_the_shapes_of_a_real_forward_and_backward_pass(sizes, n):
    net = Network(sizes, "tanh", "sigmoid", seed=0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, sizes[0]))
    y = (rng.random((n, sizes[-1])) < 0.5).astype(float)
    net.loss_and_gradients(X, y, "bce")
    actual = {"a^{0} = X": X.shape}
    for l, layer in enumerate(net.layers, start=1):
        actual[f"z^{{{l}}}"] = layer.z.shape
        actual[f"a^{{{l}}}"] = layer.a.shape
        actual[f"\\delta^{{{l}}}"] = layer.delta.shape
        actual[f"\\partial L/\\partial b^{{{l}}}"] = layer.db.shape
        actual[f"\\partial L/\\partial W^{{{l}}}"] = layer.dW.shape
    rows = bg.shape_rows(sizes, n)
    assert {r["quantity"]: r["shape"] for r in rows} == actual
    assert [r["pass"] for r in rows].index("backward") == 1 + 2 * (len(sizes) - 1)


def test_shape_rows_name_the_four_equations_in_backward_order():
    rows = [r for r in bg.shape_rows([4, 3, 2], 5) if r["pass"] == "backward"]
    tags = [r["formula"].split("(")[1].split(")")[0] for r in rows]
    assert tags == ["BP1", "BP3", "BP4", "BP2", "BP3", "BP4"]


def test_shape_table_markdown_has_one_line_per_row():
    table = bg.shape_table_markdown([4, 3, 2], 5)
    assert table.count("\n") + 1 == 2 + len(bg.shape_rows([4, 3, 2], 5))
    assert "$(3,)$" in table and "$(4, 3)$" in table


@pytest.mark.parametrize("sizes, n, error", [([4], 5, ValueError), ([4, 0], 5, ValueError), ([4, 3], 0, ValueError),
                                             ("43", 5, TypeError), ([4, 3], 2.5, TypeError)])
def test_shape_rows_reject_bad_widths_or_batch(sizes, n, error):
    with pytest.raises(error):
        bg.shape_rows(sizes, n)


# ------------------------------------------------------------------- 2. cache memory

@pytest.mark.parametrize("sizes, n", [([3, 5, 1], 4), ([8, 16, 16, 16, 2], 32), ([2, 1, 1], 1)])
def test_cache_bytes_from_the_shapes_equal_the_measured_cache(sizes, n):
    net = Network(sizes, "tanh", "sigmoid", seed=0)
    X = np.random.default_rng(1).normal(size=(n, sizes[0]))
    assert bg.measured_cache_bytes(net, X) == bg.cache_bytes(sizes, n)


def test_cache_bytes_halve_in_float32_and_grow_linearly_with_depth_and_batch():
    assert bg.cache_bytes([4, 8, 1], 10, np.float32) * 2 == bg.cache_bytes([4, 8, 1], 10)
    assert bg.cache_bytes([4, 8, 1], 20) == 2 * bg.cache_bytes([4, 8, 1], 10)
    one, two, three = (bg.cache_bytes([4] + [8] * d + [1], 10) for d in (1, 2, 3))
    assert two - one == three - two == 8 * 10 * 2 * 8
    net = Network([4, 8, 1], "relu", "sigmoid", dtype=np.float32)
    assert bg.measured_cache_bytes(net, np.zeros((10, 4), np.float32)) == bg.cache_bytes([4, 8, 1], 10, np.float32)


def test_measured_cache_counts_a_shared_array_once():
    # the identity output's a is its z: one array, counted once
    net = Network([3, 4, 2], "tanh", "identity")
    n = 5
    measured = bg.measured_cache_bytes(net, np.ones((n, 3)))
    assert measured == bg.cache_bytes([3, 4, 2], n) - 8 * n * 2


def test_memory_rows_agree_and_rejects_a_bad_network():
    rows = bg.memory_rows([1, 3], [4, 8], n=6, n_in=5)
    assert len(rows) == 4
    assert all(r["predicted"] == r["measured"] and r["n"] == 6 for r in rows)
    with pytest.raises(TypeError, match="net"):
        bg.measured_cache_bytes("net", np.ones((2, 2)))


# ------------------------------------------------------------------- 3. gradient checking

def test_central_differences_in_float64_match_nnlearns_numerical_gradients():
    net = Network([3, 4, 1], "tanh", "sigmoid", seed=3)
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(5, 3)), (rng.random((5, 1)) < 0.5).astype(float)
    mine = bg.central_differences(net, X, y, "bce", 1e-6)
    theirs = numerical_gradients(net, X, y, "bce", eps=1e-6, order=2)
    # mine runs in portable arithmetic, whose tanh and exp differ from NumPy's by a few units in the last
    # place (about 1e-16 of a loss near 0.7); dividing by 2 eps = 2e-6 leaves differences up to about 1e-10.
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)


def test_central_differences_leave_the_network_unchanged_and_reject_bad_steps():
    net = Network([2, 3, 1], "tanh", "sigmoid", seed=0)
    before = [p.copy() for p in net.parameters()]
    bg.central_differences(net, np.ones((2, 2)), [[0.0], [1.0]], "bce", 1e-3, np.float32)
    for p, q in zip(before, net.parameters()):
        assert p.dtype == q.dtype and np.array_equal(p, q)
    for eps in (0, 1.5, True, "1e-6"):
        with pytest.raises(ValueError, match="eps"):
            bg.central_differences(net, np.ones((2, 2)), [[0.0], [1.0]], "bce", eps)
    with pytest.raises(ValueError, match="step vanishes"):
        bg.central_differences(net, np.ones((2, 2)), [[0.0], [1.0]], "bce", 1e-12, np.float32)
    with pytest.raises(TypeError, match="dtype"):
        bg.central_differences(net, np.ones((2, 2)), [[0.0], [1.0]], "bce", 1e-3, np.int32)


def test_epsilon_sweep_has_the_v_shape_and_float32_is_far_worse():
    sweep = bg.epsilon_sweep()
    f64, f32 = sweep.errors["float64"], sweep.errors["float32"]
    assert sweep.best_error["float64"] < 1e-9  # the float64 check at its best step is "good"
    assert 1e-6 < sweep.best_error["float32"] < 1e-3  # float32 never reaches the float64 band
    # both sides of the best step are worse: curvature on the left, rounding on the right
    best = int(np.nanargmin(f64))
    assert f64[0] > 100 * f64[best] and f64[-1] > 100 * f64[best]
    assert 1e-7 <= sweep.best_eps["float64"] <= 1e-4 and 1e-3 <= sweep.best_eps["float32"] <= 1e-1
    # float32 at the float64 default step 1e-6 calls a correct backward pass wrong
    assert f32[sweep.eps.index(1e-6)] > 1e-2
    assert math.isnan(f32[-1])


def test_a_relu_kink_raises_the_error_and_moving_away_restores_it():
    kink = bg.kink_example()
    assert kink.error_smooth < 1e-7 and kink.error_far < 1e-7
    assert kink.error_kink > 1e3 * kink.error_far


@pytest.mark.parametrize("bug, layer", [("forgets the slope", 0), ("forgets the slope", 1),
                                        ("forgets the slope", 2), ("transposes W", 1)])
def test_the_gradient_check_catches_each_planted_bug(bug, layer):
    net = Network([3, 3, 3, 1], "tanh", "sigmoid", seed=2)
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(6, 3)), (rng.random((6, 1)) < 0.5).astype(float)
    assert gradient_check(net, X, y, "bce").verdict == "good"
    buggy = bg.with_bug(net, layer, bug)
    assert type(net.layers[layer]).__name__ == "Dense"  # the original is untouched
    result = gradient_check(buggy, X, y, "bce")
    assert result.verdict in ("wrong", "suspicious")
    assert result.max_error > 1e-3


def test_with_bug_rejects_what_it_cannot_plant():
    net = Network([3, 4, 1], "tanh", seed=0)
    with pytest.raises(ValueError, match="square"):
        bg.with_bug(net, 1, "transposes W")
    with pytest.raises(ValueError, match="layer 0"):
        bg.with_bug(Network([3, 3, 1]), 0, "transposes W")
    with pytest.raises(ValueError, match="bug"):
        bg.with_bug(net, 0, "off by one")
    with pytest.raises(ValueError, match="layer"):
        bg.with_bug(net, 2, "forgets the slope")


# ------------------------------------------------------------------- 4. fan-out

def test_a_unit_feeding_two_units_receives_the_sum_of_their_error_signals():
    e = bg.fan_out_example()
    assert e.dL_da == pytest.approx(e.paths[0] + e.paths[1], abs=1e-15)
    assert e.delta_hidden == pytest.approx(e.dL_da * e.slope, abs=1e-15)
    assert e.delta_numeric == pytest.approx(e.delta_hidden, abs=1e-9)
    assert abs(e.delta_one_path - e.delta_numeric) > 1e-2  # one path alone is wrong
    # by hand: identity outputs, half squared error
    a = 1 / (1 + math.exp(-(e.W1 * e.x + e.b1)))
    for k in range(2):
        # "half_mse" is a mean over both outputs: L = (1/2) (1/2) sum_k (y_hat_k - y_k)^2
        assert e.delta_out[k] == pytest.approx((e.W2[k] * a + e.b2[k] - e.y[k]) / 2, abs=1e-15)


def test_fan_out_frame_shows_both_paths_and_the_sum():
    e = bg.fan_out_example()
    frame = bg.fan_out_frame(e)
    assert frame.widths == (1, 1, 2)
    assert sum(1 for edge in frame.edges if edge.highlight == "backward") == 2
    assert f"{e.delta_hidden:.3f}".replace("-", "\u2212") in frame.summary
    with pytest.raises(TypeError):
        bg.fan_out_frame(None)


# ------------------------------------------------------------------- 5. work

def test_gradient_work_counts_the_matrix_products():
    w = bg.gradient_work([10, 5, 1], n=64)
    assert w.parameters == count_parameters([10, 5, 1]) == 61
    assert w.forward == 64 * (50 + 5)
    assert w.backward == 64 * ((50 + 5) + 5)  # dW of both layers, dL/da^1 only
    assert w.differences == 2 * 61 * w.forward
    assert w.differences_passes == 122
    assert w.backprop_passes == pytest.approx(115 / 55)
    assert w.ratio == pytest.approx(122 * 55 / 115)


def test_a_deep_network_of_equal_widths_costs_three_forward_passes_in_the_limit():
    w = bg.gradient_work([64] * 50, n=8)
    assert 2.9 < w.backprop_passes < 3.0


def test_work_rows_span_ten_to_a_hundred_thousand_parameters_and_differences_grow_linearly():
    rows = bg.work_rows()
    P = [r.parameters for r in rows]
    assert P == sorted(set(P)) and P[0] < 20 and 90_000 < P[-1] <= 100_000
    assert all(r.backprop_passes == pytest.approx(rows[0].backprop_passes) for r in rows)
    assert [r.differences_passes for r in rows] == [2 * p for p in P]
    assert bg.hidden_width_for(99_997) == 8333
    with pytest.raises(ValueError):
        bg.hidden_width_for(0)


def test_seed_claim_numbers():
    c = bg.seed_claim()
    assert c["claim_premises"] == 1_000_000
    assert 900_000 < c["counted_shallow"] < 1_000_000
    assert c["counted_deep"] == pytest.approx(2e6 / 3)


# ------------------------------------------------------------------- 6. the visualiser's frames

def test_every_step_has_a_frame_with_a_title_and_summary():
    titles = set()
    for s in range(bg.N_STEPS):
        f = bg.step_frame(s)
        assert f.step == s and f.widths == (2, 2, 1)
        assert len(f.nodes) == 5 and len(f.edges) == 6
        assert f.title.startswith(f"Step {s}") and f.summary
        titles.add(f.title)
    assert len(titles) == bg.N_STEPS


def test_forward_steps_reveal_one_unit_at_a_time():
    computed = [sum(1 for n in bg.step_frame(s).nodes if n.layer > 0 and n.text) for s in range(bg.N_STEPS)]
    assert computed[:4] == [0, 1, 2, 3]
    assert computed[4:] == [3] * 5
    assert bg.step_frame(4).loss and not bg.step_frame(3).loss


def test_backward_steps_show_deltas_and_gradients_in_the_backward_role():
    net = bg.STEPPER_EXAMPLE.network()
    ex = bg.STEPPER_EXAMPLE
    net.loss_and_gradients(np.array([ex.x]), np.array([[ex.y]]), "half_mse")
    deltas = [sum(1 for n in bg.step_frame(s).nodes if n.role == "backward") for s in range(bg.N_STEPS)]
    assert deltas == [0, 0, 0, 0, 0, 1, 2, 3, 3]
    grads = [sum(1 for e in bg.step_frame(s).edges for role, _ in e.text if role == "backward")
             for s in range(bg.N_STEPS)]
    assert grads == [0, 0, 0, 0, 0, 2, 4, 6, 6]
    f7 = bg.step_frame(7)
    for e in f7.edges:
        layer = net.layers[e.layer - 1]
        assert e.text[1][1].endswith(f"{layer.dW[e.src, e.dst]:.3f}".replace("-", "\u2212"))
    assert [e.highlight for e in bg.step_frame(5).edges if e.highlight] == ["backward"] * 2
    assert [e.highlight for e in bg.step_frame(1).edges if e.highlight] == ["forward"] * 2


def test_the_update_step_shows_new_weights_and_a_lower_loss():
    f = bg.step_frame(bg.N_STEPS - 1)
    net = bg.STEPPER_EXAMPLE.network()
    ex = bg.STEPPER_EXAMPLE
    _, grads = net.loss_and_gradients(np.array([ex.x]), np.array([[ex.y]]), "half_mse")
    W1 = net.layers[0].W - ex.eta * grads[0]
    edge = next(e for e in f.edges if (e.layer, e.src, e.dst) == (1, 0, 1))
    assert edge.text[0] == ("param", f"w \u2192 {W1[0, 1]:.3f}".replace("-", "\u2212"))
    old, new = (float(t.split("= ")[1]) for role, t in f.loss if "L =" in t and "\u2202" not in t)
    assert new < old


@pytest.mark.parametrize("step, error", [(-1, ValueError), (bg.N_STEPS, ValueError), (1.5, TypeError),
                                         (True, TypeError), ("2", TypeError)])
def test_step_frame_rejects_a_bad_step(step, error):
    with pytest.raises(error, match="step"):
        bg.step_frame(step)


def test_step_frame_is_pure():
    assert bg.step_frame(6) == bg.step_frame(6)
    assert bg.stepper_summary(6) == bg.step_frame(6).summary


# ------------------------------------------------------------------- deep networks and measurements

def test_deep_check_finds_the_first_layers_below_the_resolution_of_differences():
    d = bg.deep_check(depth=20)
    assert len(d.gradient_sizes) == 21
    assert d.resolution == pytest.approx(np.finfo(float).eps / 2 * d.loss / d.eps)
    assert d.unresolved_layers and d.unresolved_layers[0] == 1
    assert max(d.unresolved_layers) < 10 and d.gradient_sizes[-1] > 1e6 * d.resolution
    shallow = bg.deep_check(depth=3)
    assert shallow.unresolved_layers == [] and shallow.result.verdict == "good"


def test_central_differences_run_in_portable_arithmetic(monkeypatch):
    """Every forward pass of the central differences runs inside portable_arithmetic (no BLAS, no dispatched exp)."""
    from nnlearn import portable
    seen = []
    real = Network.forward
    monkeypatch.setattr(Network, "forward", lambda self, X: seen.append(portable.is_portable()) or real(self, X))
    net = Network([3, 4, 2], "tanh", "sigmoid", seed=0)
    X = np.random.default_rng(0).normal(size=(5, 3))
    bg.central_differences(net, X, np.zeros((5, 2)), "half_mse", 1e-6)
    assert len(seen) == 2 * 26 and all(seen) and not portable.is_portable()


def _results(rows):
    return {"gradient_cost_1_threads": {"date": "2026-11-30 03:50 UTC", "threads": 1, "repeats": 7,
                                        "environment": ["python 3.11", "BLAS x"], "rows": rows}}


def test_measured_gradient_cost_reads_the_benchmark_section(tmp_path):
    rows = [{"P": 997, "forward": 2e-5, "backprop": 5e-5, "fd": 0.05, "extrapolated": False},
            {"P": 13, "forward": 1e-5, "backprop": 2e-5, "fd": 4e-4, "extrapolated": False}]
    m = bg.measured_gradient_cost(_results(rows))
    assert [r["P"] for r in m.rows] == [13, 997]
    assert m.backprop_passes == pytest.approx([2.0, 2.5]) and m.speedups == pytest.approx([20.0, 1000.0])
    path = tmp_path / "results.json"
    path.write_text(__import__("json").dumps(_results(rows)))
    assert bg.measured_gradient_cost(path).date.startswith("2026")
    with pytest.raises(ValueError, match="gradient-cost"):
        bg.measured_gradient_cost({"other": {}})
    with pytest.raises(TypeError):
        bg.measured_gradient_cost(3)


def test_power_bounds_hold_with_their_margin():
    assert bg.fmt_power_bound(3.5e-11) == "10^{-10}" and bg.fmt_power_bound(1e-7) == "10^{-7}"
    assert bg.fmt_power_margin(3.5e-11) == "10^{-9}" and bg.fmt_power_margin(9.7e-10) == "10^{-8}"
    assert bg.fmt_power(1e-6) == "10^{-6}"
    with pytest.raises(ValueError):
        bg.fmt_power(3e-6)
    assert bg.fmt(-0.00001) == "0.0000" and bg.fmt(-0.25, 2) == "\u22120.25"
    assert bg.fmt_sig(3e-7, 1) == "3 \\times 10^{-7}" and bg.fmt_int(99997.4) == "99,997"
