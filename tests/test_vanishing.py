"""Chapter 6's experiments (nnlearn.vanishing): the bound, the networks, the runs, and what they measure."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from nnlearn import vanishing as v
from nnlearn.activations import get_activation
from nnlearn.diagnostics import dead_relu_fraction
from nnlearn.layers import Residual
from nnlearn.network import Network


# ------------------------------------------------------------------ the bound
def test_sigmoid_slope_never_exceeds_the_bound_and_reaches_it_at_zero():
    z = np.linspace(-30, 30, 200001)
    s = get_activation("sigmoid")
    slope = s.derivative(z, s.forward(z))
    assert slope.max() <= v.SIGMOID_SLOPE_MAX
    assert s.derivative(np.array([0.0]), s.forward(np.array([0.0])))[0] == v.SIGMOID_SLOPE_MAX


def test_power_table_is_exact_powers_of_a_quarter():
    rows = v.power_table(20)
    assert [r["L"] for r in rows] == list(range(1, 21))
    for r in rows:
        assert r["exact"] == Fraction(1, 4 ** r["L"])
        assert Fraction(r["value"]) == r["exact"]  # a power of two: the float is exact
    assert rows[9]["exact"].denominator == 1048576
    assert rows[19]["exact"].denominator == 1099511627776


def test_power_table_markdown_lists_every_other_row():
    text = v.power_table_markdown(v.power_table(20), every=2)
    assert text.count("\n") == 11  # header, rule, 10 rows
    assert "$1/1{,}048{,}576$" in text


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3"])
def test_power_table_refuses_a_bad_depth(bad):
    with pytest.raises((ValueError, TypeError), match="max_depth"):
        v.power_table(bad)


# ------------------------------------------------------------------ data and networks
def test_digits_is_the_seeded_stratified_split():
    X, Xt, y, yt = v.digits()
    assert X.shape == (1347, 64) and Xt.shape == (450, 64)
    assert X.min() >= 0 and X.max() <= 1
    X[0, 0] = 99.0  # a copy: the cache is untouched
    assert v.digits()[0][0, 0] != 99.0


def test_build_plain_and_residual_shapes():
    net = v.build(4)
    assert net.sizes == [64, 30, 30, 30, 30, 10]
    assert net.dense_layers[-1].activation.name == "identity"
    res = v.build(4, "relu", residual=True)
    assert sum(isinstance(m, Residual) for m in res.layers) == 3
    assert len(res.dense_layers) == 5


def test_build_sets_the_starting_bias_of_hidden_layers_only():
    net = v.build(3, "relu", "he", bias=-0.5)
    assert all(np.all(layer.b == -0.5) for layer in net.dense_layers[:-1])
    assert np.all(net.dense_layers[-1].b == 0)


@pytest.mark.parametrize("kwargs", [dict(depth=0), dict(depth=2, residual="yes"), dict(depth=2, bias=float("nan"))])
def test_build_refuses_bad_arguments(kwargs):
    with pytest.raises((ValueError, TypeError)):
        v.build(**kwargs)


def test_inactive_fraction_equals_dead_relu_fraction_for_relu():
    X = v.digits()[0][:200]
    net = v.build(3, "relu", "he", bias=-0.3)
    np.testing.assert_array_equal(v.inactive_fraction(net, X), dead_relu_fraction(net, X)[:-1])


# ------------------------------------------------------------------ runs
def test_run_and_run_batch_agree_on_the_same_network():
    X, Xt, y, yt = v.digits()
    X, y = X[:100], y[:100]
    a = v.run(v.build(3, "tanh"), X, y, epochs=5, X_test=Xt, y_test=yt)
    b = v.run_batch([v.build(3, "tanh")], ["b"], X, y, epochs=5, X_test=Xt, y_test=yt)[0]
    np.testing.assert_allclose(a.loss, b.loss, rtol=1e-10)
    np.testing.assert_allclose(a.norms, b.norms, rtol=1e-10)
    assert a.test_accuracy == b.test_accuracy


def test_run_records_norms_before_each_step_like_the_diagnostics():
    X, _, y, _ = v.digits()
    net = v.build(2)
    start = v.hidden_norms(net.copy(), X[:50], y[:50])
    r = v.run(net, X[:50], y[:50], epochs=3)
    np.testing.assert_allclose(r.norms[0], start, rtol=1e-12)
    assert r.norms.shape == (3, 2) and r.loss.shape == (4,) and r.global_norms.shape == (3,)


def test_exploding_run_is_recorded_not_raised_and_clipping_keeps_it_finite():
    free, clipped = v.exploding(epochs=10)
    assert free.diverged_at is not None and free.message.startswith("diverged at step")
    assert clipped.diverged_at is None and np.all(np.isfinite(clipped.loss))
    assert clipped.loss[-1] < clipped.loss[0]


def test_deep_sigmoid_gradients_shrink_towards_the_input():
    X, _, y, _ = v.digits()
    norms = v.hidden_norms(v.build(6), X, y)
    assert np.all(np.diff(norms) > 0)  # each layer's gradient larger than the one below
    assert norms[-1] / norms[0] > 100
    tanh = v.hidden_norms(v.build(6, "tanh"), X, y)
    assert 0.3 < tanh[-1] / tanh[0] < 3


def test_residual_connections_carry_the_gradient_to_layer_one():
    reach = v.residual_reach((10,))
    plain, residual = reach[10]
    assert plain < 1e-4 and 0.1 < residual < 10


def test_clip_threshold_is_the_percentile_and_refuses_nonsense():
    assert v.clip_threshold(np.arange(1.0, 101.0), 95) == pytest.approx(95.05)
    assert v.clip_threshold([1.0, np.nan, 3.0], 100) == 3.0
    with pytest.raises(ValueError, match="finite"):
        v.clip_threshold([np.nan])
    with pytest.raises(ValueError, match="percentile"):
        v.clip_threshold([1.0], 0)


def test_negative_bias_kills_relu_units_but_leaky_units_still_get_gradient():
    X, _, y, _ = v.digits()
    X, y = X[:200], y[:200]
    relu = v.build(3, "relu", "he", bias=-0.5)
    leaky = v.build(3, "leaky_relu", "he", bias=-0.5)
    dead = v.inactive_fraction(relu, X)
    assert dead.mean() > v.DEAD_RULE
    relu.loss_and_gradients(X, y, "softmax_ce")
    leaky.loss_and_gradients(X, y, "softmax_ce")
    off = np.all(relu.dense_layers[0].z <= 0, axis=0)
    assert off.any()
    assert np.all(relu.dense_layers[0].dW[:, off] == 0)  # a dead unit learns nothing
    assert np.all(np.any(leaky.dense_layers[0].dW[:, off] != 0, axis=0))  # a leaky one still does


def test_gradcheck_cannot_judge_the_first_layers_of_a_deep_sigmoid_net_and_never_calls_them_wrong():
    rows = v.gradcheck_by_depth((3, 12))
    assert all(r["verdict"] == "good" for r in rows[3])
    verdicts = [r["verdict"] for r in rows[12]]
    assert verdicts[0] != "good" and verdicts[-1] == "good"
    assert not {"wrong", "suspicious"} & set(verdicts)


def test_widget_run_is_small_and_refuses_unknown_init():
    r = v.widget_run(2, "tanh", "xavier", False)
    assert r.norms.shape == (v.WIDGET_EPOCHS, 2)
    with pytest.raises(ValueError, match="init"):
        v.widget_run(2, "tanh", "nope", False)
    with pytest.raises(TypeError, match="clip"):
        v.widget_run(2, "tanh", "he", "on")


def test_nielsens_cited_pattern_is_a_steady_shrinking():
    ratios = np.array(v.NIELSEN_NORMS[1:]) / np.array(v.NIELSEN_NORMS[:-1])
    assert np.all(ratios > 3) and np.all(ratios < 6)
