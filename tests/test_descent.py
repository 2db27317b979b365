"""Tests of nnlearn.descent: the two-parameter problems, loss surfaces, descent paths, range tests.

Expected values are computed here independently of the engine (closed forms in
NumPy), so a bug in the engine or in the bookkeeping shows up as a mismatch.
"""

import math

import numpy as np
import pytest

from nnlearn import descent as d
from nnlearn.descent import (PROBLEMS, DescentPath, RangeTest, bce_variants, compare_batch_sizes,
                             constant_rate_sweep, curvature, descend, error_rate, get_problem,
                             loss_surface, lr_range_test, naive_bce, output_gradient, stability_limit,
                             suggest_lr_range)


def _least_squares(problem):
    A = np.c_[problem.X[:, 0], np.ones(problem.n)]
    return np.linalg.lstsq(A, problem.y, rcond=None)[0]


def _hessian_line(problem):
    A = np.c_[problem.X[:, 0], np.ones(problem.n)]
    return 2 * A.T @ A / problem.n


def _sig(z):
    return 1 / (1 + np.exp(-z))


# -------------------------------------------------------------- problems
def test_get_problem_unknown_name():
    with pytest.raises(ValueError, match="unknown problem"):
        get_problem("hinge")


def test_get_problem_rejects_non_string():
    with pytest.raises(TypeError, match="problem must be a string"):
        get_problem(3)


def test_line_loss_and_gradient_match_closed_form():
    p = get_problem("line")
    w, b = 0.7, -0.2
    x, y = p.X[:, 0], p.y
    r = w * x + b - y
    assert p.loss_at(w, b) == pytest.approx(np.mean(r ** 2), rel=1e-14)
    expected = np.array([2 * np.mean(r * x), 2 * np.mean(r)])
    assert np.allclose(p.gradient_at(w, b), expected, rtol=1e-13, atol=0)


def test_bce_problem_loss_and_gradient_match_closed_form():
    p = get_problem("bce")
    w, b = -1.3, 0.4
    x, y = p.X[:, 0], p.y
    a = _sig(w * x + b)
    assert p.loss_at(w, b) == pytest.approx(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)), rel=1e-12)
    assert np.allclose(p.gradient_at(w, b), [np.mean((a - y) * x), np.mean(a - y)], rtol=1e-12, atol=0)


def test_mse_sigmoid_gradient_matches_closed_form():
    p = get_problem("mse_sigmoid")
    w, b = 2.0, -0.5
    x, y = p.X[:, 0], p.y
    a = _sig(w * x + b)
    delta = 2 * (a - y) * a * (1 - a)
    assert p.loss_at(w, b) == pytest.approx(np.mean((a - y) ** 2), rel=1e-13)
    assert np.allclose(p.gradient_at(w, b), [np.mean(delta * x), np.mean(delta)], rtol=1e-12, atol=0)


def test_predict_is_line_or_probability():
    assert np.allclose(get_problem("line").predict(2.0, 1.0), 2.0 * PROBLEMS["line"].X[:, 0] + 1.0)
    probs = get_problem("bce").predict(1.0, 0.0)
    assert np.all((probs > 0) & (probs < 1))


def test_error_rate_counts_mistakes():
    p = get_problem("bce")
    x, y = p.X[:, 0], p.y
    assert error_rate("bce", 1.0, 0.0) == pytest.approx(np.mean((x >= 0) != (y == 1)))
    assert error_rate("bce", -1.0, 0.0) == pytest.approx(1 - np.mean((x >= 0) != (y == 1)) - np.mean(x == 0))


def test_error_rates_along_a_path():
    path = descend("bce", 1.0, 3)
    rates = d.error_rates(path)
    assert rates.shape == (4,)
    assert rates[0] == error_rate("bce", *path.params[0])
    with pytest.raises(TypeError, match="path must be a DescentPath"):
        d.error_rates([(1.0, 0.0)])


def test_error_rate_rejects_regression_problem():
    with pytest.raises(ValueError, match="classifier"):
        error_rate("line", 1.0, 0.0)


# --------------------------------------------------------------- surface
def test_loss_surface_shape_orientation_and_values():
    p = get_problem("line")
    s = loss_surface(p, n_w=5, n_b=4)
    assert s.L.shape == (4, 5) and s.w.shape == (5,) and s.b.shape == (4,)
    for i, j in [(0, 0), (3, 4), (2, 1)]:
        assert s.L[i, j] == pytest.approx(p.loss_at(s.w[j], s.b[i]), rel=1e-14)


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_loss_surface_matches_loss_at_for_every_problem(name):
    p = get_problem(name)
    s = loss_surface(name, n_w=3, n_b=3)
    assert s.L[1, 2] == pytest.approx(p.loss_at(s.w[2], s.b[1]), rel=1e-13)


def test_loss_surface_minimum_near_least_squares():
    s = loss_surface("line", n_w=201, n_b=241)
    w_star, b_star = _least_squares(get_problem("line"))
    assert abs(s.argmin[0] - w_star) <= (s.w[1] - s.w[0])
    assert abs(s.argmin[1] - b_star) <= (s.b[1] - s.b[0])


def test_loss_surface_rejects_tiny_grid():
    with pytest.raises(ValueError, match="at least 2 points"):
        loss_surface("line", n_w=1)


def test_loss_surface_rejects_reversed_range():
    with pytest.raises(ValueError, match="w_range must be a pair"):
        loss_surface("line", w_range=(2.0, 1.0))


# ------------------------------------------------------------------ path
def test_first_step_is_start_minus_eta_gradient():
    p = get_problem("line")
    path = descend(p, 0.1, 1)
    expected = np.array(p.start) - 0.1 * p.gradient_at(*p.start)
    assert np.allclose(path.params[1], expected, rtol=1e-15, atol=1e-15)
    assert path.losses[1] == pytest.approx(p.loss_at(*expected), rel=1e-14)


def test_descent_converges_to_least_squares():
    path = descend("line", 0.15, 400)
    assert not path.diverged and path.message == ""
    assert np.allclose(path.final_point, _least_squares(get_problem("line")), atol=1e-9)
    assert np.all(np.diff(path.losses) <= 1e-15)  # below the limit, a quadratic loss never rises


def test_descent_path_shapes():
    path = descend("bce", 1.0, 12, start=(0.5, -0.5))
    assert isinstance(path, DescentPath)
    assert path.params.shape == (13, 2) and path.losses.shape == (13,)
    assert path.params[0].tolist() == [0.5, -0.5]


def test_divergence_is_reported_with_step_and_no_nan():
    path = descend("line", 0.35, 100)
    assert path.diverged
    assert path.message.startswith(f"diverged at step {path.diverged_at}:")
    assert len(path.losses) == path.diverged_at + 1 == len(path.params)
    assert np.all(np.isfinite(path.losses)) and np.all(np.isfinite(path.params))
    assert path.losses[-1] > 1e3 * path.losses[0] >= path.losses[-2]


def test_huge_rate_diverges_at_step_one_without_warnings():
    with np.errstate(all="raise"):  # and pytest turns any warning into an error
        path = descend("line", 1e300, 50)
    assert path.diverged_at == 1
    assert "diverged at step 1" in path.message
    assert not np.any(np.isnan(path.losses))


def test_blowup_threshold_moves_the_divergence_step():
    early = descend("line", 0.35, 100, blowup=10.0)
    late = descend("line", 0.35, 100, blowup=1e6)
    assert early.diverged_at < late.diverged_at


@pytest.mark.parametrize("kwargs, error, match", [
    ({"eta": 0.0}, ValueError, "eta must be a positive"),
    ({"eta": -1.0}, ValueError, "eta must be a positive"),
    ({"eta": float("nan")}, ValueError, "eta must be a positive"),
    ({"eta": "0.1"}, TypeError, "eta must be a number"),
    ({"steps": 0}, ValueError, "steps must be at least 1"),
    ({"steps": 2.5}, TypeError, "steps must be an integer"),
    ({"start": (1.0, 2.0, 3.0)}, ValueError, "start must be a pair"),
    ({"start": (1.0, float("inf"))}, ValueError, "start contains NaN or infinity"),
    ({"blowup": 1.0}, ValueError, "blowup must be greater than 1"),
])
def test_descend_rejects_bad_input(kwargs, error, match):
    args = {"eta": 0.1, "steps": 5} | kwargs
    with pytest.raises(error, match=match):
        descend("line", **args)


# ---------------------------------------------------- curvature and limit
def test_curvature_of_line_is_exact_hessian():
    p = get_problem("line")
    assert np.allclose(curvature(p), _hessian_line(p), rtol=1e-8)
    assert np.allclose(curvature(p, at=(3.0, -2.0)), _hessian_line(p), rtol=1e-8)


def test_stability_limit_is_two_over_largest_eigenvalue():
    p = get_problem("line")
    expected = 2 / np.linalg.eigvalsh(_hessian_line(p)).max()
    assert stability_limit("line") == pytest.approx(expected, rel=1e-8)


def test_stability_limit_separates_converging_from_diverging():
    limit = stability_limit("line")
    assert not descend("line", 0.98 * limit, 2000).diverged
    assert descend("line", 1.05 * limit, 2000).diverged


def test_curvature_rejects_bad_step():
    with pytest.raises(ValueError, match="h must be a positive"):
        curvature("line", h=0.0)


# ------------------------------------------------- gradients of the losses
def test_output_gradient_formulas():
    z = np.array([-30.0, -5.0, -0.3, 0.0, 2.0, 8.0])
    for y in (0, 1):
        a = _sig(z)
        assert np.allclose(output_gradient(z, y, "bce"), a - y, rtol=1e-12, atol=1e-15)
        assert np.allclose(output_gradient(z, y, "mse"), 2 * (a - y) * a * (1 - a), rtol=1e-12, atol=1e-15)
        assert np.allclose(output_gradient(z, y, "half_mse"), (a - y) * a * (1 - a), rtol=1e-12, atol=1e-15)


def test_output_gradient_keeps_shape():
    assert output_gradient(np.zeros((2, 3)), 1, "bce").shape == (2, 3)
    assert output_gradient(0.0, 1, "mse").shape == ()


def test_confidently_wrong_mse_gradient_is_tiny():
    g_mse = output_gradient(np.array([-5.0]), 1, "mse")[0]
    g_bce = output_gradient(np.array([-5.0]), 1, "bce")[0]
    assert abs(g_bce) > 50 * abs(g_mse)


def test_output_gradient_rejects_unknown_loss():
    with pytest.raises(ValueError, match="unknown loss"):
        output_gradient(np.zeros(3), 1, "hinge")


def test_output_gradient_rejects_non_binary_target():
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        output_gradient(np.zeros(3), 0.5, "bce")


def test_naive_bce_hits_log_zero():
    assert naive_bce([[1.0]], [[0.0]]) == math.inf
    assert math.isnan(naive_bce([[1.0]], [[1.0]]))
    assert naive_bce([[0.25]], [[1.0]]) == pytest.approx(-math.log(0.25))


def test_bce_variants_at_a_confidently_wrong_prediction():
    v = bce_variants(40.0, 0)
    exact = 40.0 + math.log1p(math.exp(-40.0))
    assert v["naive"] == math.inf
    assert v["epsilon"] == pytest.approx(-math.log(1e-8), rel=1e-6)
    assert v["bce"] == pytest.approx(100.0)
    assert v["bce_logits"] == pytest.approx(exact, rel=1e-15)


def test_bce_variants_agree_for_moderate_z():
    v = bce_variants(1.5, 1)
    exact = math.log1p(math.exp(-1.5))
    for key in ("naive", "bce", "bce_logits"):
        assert v[key] == pytest.approx(exact, rel=1e-12)
    assert v["epsilon"] == pytest.approx(exact, rel=1e-6)


def test_bce_variants_rejects_bad_label():
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        bce_variants(1.0, 2)


# ------------------------------------------------ batch / SGD / mini-batch
def test_compare_batch_sizes_counts_updates_and_examples():
    runs = compare_batch_sizes("line", eta=0.05, epochs=3)
    assert list(runs) == ["batch (32)", "mini-batch (8)", "stochastic (1)"]
    assert [len(h.loss) for h in runs.values()] == [3, 12, 96]
    for h in runs.values():
        assert h.examples_seen[-1] == 3 * 32
        assert not h.diverged and len(h.epoch_loss) == 3


def test_compare_batch_sizes_is_deterministic():
    a = compare_batch_sizes("line", epochs=2)["stochastic (1)"].loss
    b = compare_batch_sizes("line", epochs=2)["stochastic (1)"].loss
    assert np.array_equal(a, b)


def test_compare_batch_sizes_rejects_bad_sizes():
    with pytest.raises(ValueError, match="batch_sizes"):
        compare_batch_sizes("line", batch_sizes=(0,))
    with pytest.raises(TypeError, match="batch_sizes must be a non-empty sequence"):
        compare_batch_sizes("line", batch_sizes=())
    with pytest.raises(ValueError, match="twice"):
        compare_batch_sizes("line", batch_sizes=(None, 32))


# ------------------------------------------------------------ range test
def test_range_test_rates_are_geometric_and_it_stops():
    t = lr_range_test("line", eta_min=1e-4, eta_max=10.0, steps=100)
    assert isinstance(t, RangeTest) and t.stopped
    assert t.etas[0] == pytest.approx(1e-4)
    ratios = t.etas[1:] / t.etas[:-1]
    assert np.allclose(ratios, 1e5 ** (1 / 99))
    assert t.message.startswith(f"diverged at step {t.stopped_at}: the loss")
    assert len(t.losses) == len(t.etas) == len(t.smoothed) == t.stopped_at + 1
    assert np.all(np.isfinite(t.losses))


def test_range_test_first_loss_is_start_loss_and_runs_to_end_when_range_is_small():
    p = get_problem("line")
    t = lr_range_test(p, eta_min=1e-4, eta_max=1e-2, steps=20)
    assert not t.stopped and len(t.etas) == 20
    assert t.losses[0] == pytest.approx(p.loss_at(*p.start))


def test_range_test_smoothing_is_bias_corrected():
    t = lr_range_test("line", eta_min=1e-4, eta_max=1e-3, steps=5, smoothing=0.9)
    assert t.smoothed[0] == pytest.approx(t.losses[0])
    m = 0.1 * t.losses[0]
    m = 0.9 * m + 0.1 * t.losses[1]
    assert t.smoothed[1] == pytest.approx(m / (1 - 0.9 ** 2))


def test_range_test_with_mini_batches_is_deterministic():
    a = lr_range_test("line", batch_size=8, smoothing=0.8, seed=1)
    b = lr_range_test("line", batch_size=8, smoothing=0.8, seed=1)
    assert np.array_equal(a.losses, b.losses)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"eta_min": 0.0}, ValueError, "eta_min must be a positive"),
    ({"eta_min": 1.0, "eta_max": 0.5}, ValueError, "eta_max must be larger"),
    ({"steps": 1}, ValueError, "steps must be at least 2"),
    ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
    ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ({"blowup": 0.5}, ValueError, "blowup must be greater than 1"),
    ({"smoothing": 1.0}, ValueError, "smoothing must be a number"),
])
def test_range_test_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        lr_range_test("line", **kwargs)


def test_suggestion_reads_the_curve():
    t = lr_range_test("line")
    s = suggest_lr_range(t)
    i_min = int(np.argmin(t.smoothed))
    assert s.lowest == t.etas[i_min]
    assert s.blew_up == t.etas[-1]
    assert s.low == s.starts_falling < s.high == pytest.approx(s.lowest / 10)
    start = np.median(t.smoothed[:len(t.smoothed) // 20])
    fall = start - t.smoothed[i_min]
    i_low = list(t.etas).index(s.low)
    assert np.all(t.smoothed[i_low:i_min + 1] <= start - 0.1 * fall) and t.smoothed[i_low - 1] > start - 0.1 * fall


def test_suggestion_with_noisy_mini_batches_starts_after_the_first_step():
    t = lr_range_test("line", batch_size=8, smoothing=0.8)
    s = suggest_lr_range(t)
    assert s.starts_falling > t.etas[0]
    assert s.high < stability_limit("line") < s.lowest


def test_suggestion_on_line_problem_lies_below_the_limit_and_lowest_above():
    """The chapter's claims: the rate at the lowest point diverges; the suggested high end trains."""
    limit = stability_limit("line")
    s = suggest_lr_range(lr_range_test("line"))
    assert s.lowest > limit and s.blew_up > limit
    assert descend("line", s.lowest, 50).diverged
    assert s.high < limit and not descend("line", s.high, 50).diverged


def test_suggestion_rejects_a_curve_that_never_falls():
    flat = RangeTest(etas=np.array([1.0, 2.0, 3.0]), losses=np.array([1.0, 2.0, 3.0]),
                     smoothed=np.array([1.0, 2.0, 3.0]), stopped_at=None, message="")
    with pytest.raises(ValueError, match="never fell"):
        suggest_lr_range(flat)


def test_suggestion_rejects_too_short_test_and_bad_arguments():
    short = RangeTest(etas=np.array([1.0, 2.0]), losses=np.array([2.0, 1.0]),
                      smoothed=np.array([2.0, 1.0]), stopped_at=None, message="")
    with pytest.raises(ValueError, match="too few"):
        suggest_lr_range(short)
    with pytest.raises(TypeError, match="test must be a RangeTest"):
        suggest_lr_range([1, 2, 3])
    t = lr_range_test("line", eta_max=1e-2, steps=10)
    with pytest.raises(ValueError, match="start_fraction"):
        suggest_lr_range(t, start_fraction=1.5)
    with pytest.raises(ValueError, match="margin must be at least 1"):
        suggest_lr_range(t, margin=0.5)


def test_constant_rate_sweep_flags_divergence():
    losses, diverged = constant_rate_sweep("line", [0.01, 0.15, 0.5], 40)
    assert diverged.tolist() == [False, False, True]
    assert losses[1] < losses[0]
    with pytest.raises(ValueError, match="etas must all be positive"):
        constant_rate_sweep("line", [0.1, -0.1], 5)


def test_module_exports_exist():
    for name in d.__all__:
        assert hasattr(d, name), name


# ------------------------------------------------------- the chapter's claims
def test_chapter_rates_lie_where_the_prose_says():
    lam_max = np.linalg.eigvalsh(_hessian_line(get_problem("line"))).max()
    rates = d.CHAPTER_RATES
    assert list(rates) == ["too small", "about right", "too large", "far too large"]
    assert rates["too small"] < rates["about right"] < 1 / lam_max < rates["too large"] < 2 / lam_max \
        < rates["far too large"]


def test_chapter_rates_crawl_converge_zigzag_diverge():
    paths = {k: descend("line", eta, 30) for k, eta in d.CHAPTER_RATES.items()}
    best = descend("line", d.CHAPTER_RATES["about right"], 300).final_loss
    small, right, large, huge = paths.values()
    assert not (small.diverged or right.diverged or large.diverged) and huge.diverged
    # too small: still far from the minimum; about right: close to it; too large: clearly behind
    assert small.final_loss > 10 * best and right.final_loss < 1.05 * best
    assert large.final_loss > 1.5 * right.final_loss
    # the zigzag: above 1/lambda_max the steps across the valley alternate in sign
    steps = np.diff(large.params, axis=0)
    across = np.linalg.eigh(_hessian_line(get_problem("line")))[1][:, -1]
    signs = np.sign(steps @ across)
    assert np.all(signs[1:] == -signs[:-1])


def test_about_right_rate_does_not_zigzag():
    right = descend("line", d.CHAPTER_RATES["about right"], 10)  # (later steps across are at rounding level)
    across = np.linalg.eigh(_hessian_line(get_problem("line")))[1][:, -1]
    signs = np.sign(np.diff(right.params, axis=0) @ across)
    assert np.all(signs == signs[0])


def test_descend_default_threshold_is_the_divergence_factor():
    path = descend("line", 0.35, 100)
    assert path.losses[-1] > d.DIVERGENCE_FACTOR * path.losses[0] >= path.losses[-2]


@pytest.mark.parametrize("point, decimals, expected", [
    ((-1.0, 2.5), None, "(\u22121, 2.5)"),
    ((1.48066, -0.33520), 4, "(1.4807, \u22120.3352)"),
    ((-0.00001, 0.0), 2, "(0.00, 0.00)"),
])
def test_format_point_uses_a_true_minus_sign(point, decimals, expected):
    assert d.format_point(point, decimals) == expected
    assert "-" not in d.format_point(point, decimals)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"point": (1.0, 2.0, 3.0)}, ValueError, "point must be a pair"),
    ({"point": (1.0, 2.0), "decimals": -1}, ValueError, "decimals must be None"),
    ({"point": (1.0, 2.0), "decimals": 1.5}, ValueError, "decimals must be None"),
])
def test_format_point_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        d.format_point(**kwargs)


def test_half_mse_at_twice_the_rate_takes_the_same_path():
    check = d.half_mse_check("line", 0.12, 30)
    assert check.eta_half == pytest.approx(0.24)
    assert check.gap == 0.0 and check.identical


@pytest.mark.parametrize("kwargs, error, match", [
    ({"problem": "bce"}, ValueError, "problem must use the loss 'mse'"),
    ({"eta": 0.0}, ValueError, "eta must be a positive"),
    ({"steps": 0}, ValueError, "steps must be at least 1"),
])
def test_half_mse_check_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        d.half_mse_check(**kwargs)


def test_limit_experiment_below_converges_above_diverges_slowly():
    e = d.limit_experiment("line", 0.99, 1.01, 500)
    lam_max = np.linalg.eigvalsh(_hessian_line(get_problem("line"))).max()
    assert e.limit == pytest.approx(2 / lam_max, rel=1e-8)
    best = _least_squares(get_problem("line"))
    assert e.below_loss == pytest.approx(get_problem("line").loss_at(*best), rel=1e-6)
    assert e.above_diverged_at is not None and e.above_diverged_at > 100
    assert e.factor == pytest.approx(1.02, rel=1e-6)
    assert e.growth_pct == pytest.approx(100 * (1.02 ** 2 - 1), rel=1e-5)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"below": 1.0}, ValueError, "below must be under 1"),
    ({"above": 0.9}, ValueError, "above over 1"),
    ({"steps": 0}, ValueError, "steps must be at least 1"),
    ({"below": -1.0}, ValueError, "below must be a positive"),
])
def test_limit_experiment_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        d.limit_experiment(**kwargs)


def test_noisy_range_experiment_upper_end_trains():
    r = d.noisy_range_experiment("line", batch_size=8, smoothing=0.8, epochs=20)
    assert r.suggestion.high < stability_limit("line") < r.suggestion.lowest
    best = get_problem("line").loss_at(*_least_squares(get_problem("line")))
    assert r.history.final_loss < 1.1 * best
    assert len(r.history.epoch_loss) == 20 and not r.history.diverged


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
    ({"epochs": 0}, ValueError, "epochs must be at least 1"),
    ({"smoothing": 1.0}, ValueError, "smoothing must be a number"),
])
def test_noisy_range_experiment_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        d.noisy_range_experiment(**kwargs)


def test_label_likelihood_is_binary_cross_entropy():
    problem = d.get_problem("bce")
    for w, b in [problem.start, (1.5, -0.3), (0.0, 0.0)]:
        ll = d.label_likelihood(problem, w, b)
        assert ll.mean_nll == pytest.approx(ll.bce, rel=1e-12)
        assert ll.log_likelihood == pytest.approx(-problem.n * ll.bce, rel=1e-12)
        assert ll.p_observed.shape == (problem.n,)
        assert np.all((ll.p_observed > 0) & (ll.p_observed < 1))


def test_label_likelihood_probabilities_are_those_of_the_observed_labels():
    problem = d.get_problem("bce")
    w, b = 1.5, -0.3
    y_hat = problem.predict(w, b)
    expected = np.where(problem.y == 1, y_hat, 1 - y_hat)
    np.testing.assert_allclose(d.label_likelihood(problem, w, b).p_observed, expected, rtol=1e-12)


def test_label_likelihood_is_finite_for_confident_predictions():
    ll = d.label_likelihood("bce", 200.0, 0.0)
    assert np.isfinite(ll.mean_nll) and np.isfinite(ll.log_likelihood)


def test_label_likelihood_rejects_a_regression_problem():
    with pytest.raises(ValueError, match="classifier"):
        d.label_likelihood("line", 1.0, 0.0)


def test_largest_eigenvalue_is_the_closed_form_and_matches_lapack():
    from nnlearn.descent import curvature, largest_eigenvalue
    rng = np.random.default_rng(0)
    for _ in range(200):
        A = rng.normal(size=(2, 2))
        H = A + A.T
        assert largest_eigenvalue(H) == pytest.approx(np.linalg.eigvalsh(H).max(), rel=1e-12, abs=1e-12)
    assert largest_eigenvalue(np.diag([3.0, -1.0])) == 3.0
    assert largest_eigenvalue(curvature("line")) == pytest.approx(np.linalg.eigvalsh(curvature("line")).max())
    with pytest.raises(ValueError, match=r"H must have shape \(2, 2\), got \(3, 3\)"):
        largest_eigenvalue(np.eye(3))
