"""Tests of nnlearn.init: shapes, distributions, seeding, names."""

import numpy as np
import pytest

from nnlearn.init import INITIALISERS, initial_weights


def _draw(name, n_in=200, n_out=300, seed=0, **kwargs):
    return initial_weights(name, n_in, n_out, np.random.default_rng(seed), **kwargs)


@pytest.mark.parametrize("name", INITIALISERS)
def test_weights_have_shape_n_in_by_n_out(name):
    assert _draw(name, 3, 5).shape == (3, 5)


@pytest.mark.parametrize("name", INITIALISERS)
def test_the_same_seed_gives_the_same_weights(name):
    np.testing.assert_array_equal(_draw(name, seed=3), _draw(name, seed=3))
    assert not np.array_equal(_draw(name, seed=3), _draw(name, seed=4))


def test_small_weights_have_standard_deviation_0_01():
    assert np.std(_draw("small")) == pytest.approx(0.01, rel=0.02)


def test_normal_weights_have_the_given_scale():
    assert np.std(_draw("normal", scale=2.5)) == pytest.approx(2.5, rel=0.02)
    assert np.std(_draw("normal")) == pytest.approx(1.0, rel=0.02)


def test_xavier_weights_are_uniform_within_the_glorot_bound():
    W = _draw("xavier")
    r = np.sqrt(6.0 / (200 + 300))
    assert np.max(np.abs(W)) <= r
    assert np.std(W) == pytest.approx(r / np.sqrt(3.0), rel=0.02)  # the std of U(-r, r)


def test_he_weights_have_variance_2_over_n_in():
    assert np.var(_draw("he")) == pytest.approx(2.0 / 200, rel=0.03)


def test_weights_come_in_the_requested_dtype():
    assert _draw("he", 2, 2, dtype=np.float32).dtype == np.float32


def test_an_unknown_initialiser_is_rejected_naming_it():
    with pytest.raises(ValueError, match="unknown init 'glorot'"):
        _draw("glorot")


def test_scale_is_only_for_the_normal_initialiser():
    with pytest.raises(ValueError, match="scale applies only to init='normal'"):
        _draw("he", scale=2.0)


def test_a_non_positive_scale_is_rejected():
    with pytest.raises(ValueError, match="scale must be a positive"):
        _draw("normal", scale=0.0)


@pytest.mark.parametrize("n_in, n_out", [(0, 3), (3, 0)])
def test_layer_widths_below_one_are_rejected(n_in, n_out):
    with pytest.raises(ValueError, match="n_(in|out) must be at least 1"):
        _draw("xavier", n_in, n_out)
