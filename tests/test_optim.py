"""Tests of nnlearn.optim: the update rules, in place, with their state; gradient clipping."""

import numpy as np
import pytest

from nnlearn.optim import (OPTIMIZERS, Adam, GradientDescent, Momentum, Optimizer, clip_by_global_norm,
                           get_optimizer)


def _params():
    return [np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([0.3, -0.1])]


def _grads():
    return [np.array([[0.2, 0.4], [-0.6, 1.0]]), np.array([-1.0, 0.5])]


def test_gradient_descent_step_is_theta_minus_eta_g():
    params, grads = _params(), _grads()
    GradientDescent(0.1).step(params, grads)
    for p, p0, g in zip(params, _params(), grads):
        np.testing.assert_allclose(p, p0 - 0.1 * g, rtol=0, atol=1e-15)


def test_step_updates_the_parameter_arrays_in_place():
    params = _params()
    ids = [id(p) for p in params]
    for opt in (GradientDescent(0.1), Momentum(0.1), Adam(0.1)):
        opt.step(params, _grads())
    assert [id(p) for p in params] == ids


def test_momentum_velocity_accumulates_the_gradients():
    # v1 = g, v2 = beta g + g: the second step is (1 + beta) times the first for a constant gradient
    p = [np.array([0.0])]
    opt = Momentum(0.1, beta=0.9)
    opt.step(p, [np.array([1.0])])
    assert p[0][0] == pytest.approx(-0.1)
    opt.step(p, [np.array([1.0])])
    assert p[0][0] == pytest.approx(-0.1 - 0.1 * 1.9)


def test_momentum_with_beta_zero_is_gradient_descent():
    a, b = _params(), _params()
    for _ in range(3):
        Momentum(0.1, beta=0.0).step(a, _grads())
        GradientDescent(0.1).step(b, _grads())
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)


def test_adam_first_step_is_eta_times_the_sign_of_the_gradient():
    # after bias correction m_hat = g and v_hat = g^2, so the step is eta * g / (|g| + eps)
    params = _params()
    Adam(eta=0.01, eps=1e-12).step(params, _grads())
    for p, p0, g in zip(params, _params(), _grads()):
        np.testing.assert_allclose(p, p0 - 0.01 * np.sign(g), rtol=0, atol=1e-12)


def test_adam_counts_its_steps_and_reset_forgets_them():
    opt = Adam(0.01)
    params = _params()
    opt.step(params, _grads())
    opt.step(params, _grads())
    assert opt.t == 2
    opt.reset()
    assert opt.t == 0 and opt.state is None


def test_float32_parameters_stay_float32():
    params = [p.astype(np.float32) for p in _params()]
    grads = [g.astype(np.float32) for g in _grads()]
    for opt in (GradientDescent(0.1), Momentum(0.1), Adam(0.1)):
        opt.step(params, grads)
    assert all(p.dtype == np.float32 for p in params)


def test_optimizer_state_is_kept_by_position_and_rejects_a_different_network():
    opt = Momentum(0.1)
    opt.step(_params(), _grads())
    with pytest.raises(ValueError, match="params changed"):
        opt.step([np.zeros((3, 3))], [np.zeros((3, 3))])


@pytest.mark.parametrize("make", [GradientDescent, Momentum, Adam])
@pytest.mark.parametrize("eta", [0, -0.1, float("inf"), float("nan")])
def test_a_non_positive_or_non_finite_learning_rate_is_rejected_naming_eta(make, eta):
    with pytest.raises(ValueError, match="eta"):
        make(eta)


def test_a_learning_rate_that_is_not_a_number_is_rejected_naming_eta():
    with pytest.raises(TypeError, match="eta"):
        GradientDescent("0.1")


@pytest.mark.parametrize("kwargs, name", [({"beta": 1.0}, "beta"), ({"beta": -0.1}, "beta")])
def test_momentum_rejects_beta_outside_0_1(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Momentum(0.1, **kwargs)


@pytest.mark.parametrize("kwargs, name", [({"beta1": 1.0}, "beta1"), ({"beta2": 1.5}, "beta2"),
                                          ({"eps": 0.0}, "eps")])
def test_adam_rejects_bad_hyperparameters_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Adam(0.1, **kwargs)


def test_get_optimizer_builds_each_named_optimizer():
    for name, cls in OPTIMIZERS.items():
        opt = get_optimizer(name, eta=0.5)
        assert isinstance(opt, cls) and opt.eta == 0.5
    assert get_optimizer("momentum", eta=0.1, beta=0.5).beta == 0.5


def test_get_optimizer_returns_an_instance_unchanged():
    opt = Adam(0.1)
    assert get_optimizer(opt) is opt


def test_get_optimizer_rejects_an_unknown_name_listing_the_known_ones():
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'.*adam"):
        get_optimizer("rmsprop", eta=0.1)


def test_optimizers_have_a_readable_repr():
    assert repr(Momentum(0.1, beta=0.5)) == "Momentum(eta=0.1, beta=0.5)"
    assert isinstance(GradientDescent(1.0), Optimizer)


# ---------------------------------------------------------------- clipping
def test_clip_by_global_norm_returns_the_norm_before_clipping():
    grads = [np.array([3.0]), np.array([[4.0]])]
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    assert np.sqrt(sum(float(np.sum(g * g)) for g in clipped)) == pytest.approx(1.0)


def test_clip_by_global_norm_keeps_the_direction():
    grads = [np.array([3.0, 0.0]), np.array([4.0])]
    clipped, _ = clip_by_global_norm(grads, 2.5)
    np.testing.assert_allclose(clipped[0], [1.5, 0.0])
    np.testing.assert_allclose(clipped[1], [2.0])


def test_clip_by_global_norm_leaves_small_gradients_alone():
    grads = [np.array([0.3]), np.array([0.4])]
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(0.5)
    assert all(c is g for c, g in zip(clipped, grads))


def test_clip_by_global_norm_does_not_change_its_input():
    grads = [np.array([30.0]), np.array([40.0])]
    clip_by_global_norm(grads, 1.0)
    np.testing.assert_array_equal(grads[0], [30.0])


@pytest.mark.parametrize("max_norm", [0, -1.0])
def test_clip_by_global_norm_rejects_a_non_positive_max_norm(max_norm):
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_global_norm([np.ones(2)], max_norm)
