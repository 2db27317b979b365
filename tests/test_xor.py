"""Chapter 5's experiments (nnlearn.xor): the article's run, full-batch GD against a plain NumPy loop,
the success test and the many-seed study."""

from __future__ import annotations

import numpy as np
import pytest

from nnlearn import xor
from nnlearn.network import Network
from nnlearn.train import train


def numpy_loop(W1, b1, W2, b2, X, y, eta, epochs, loss="half_mse"):
    """Full-batch gradient descent for a 2-h-1 sigmoid network written out in NumPy, rows as examples,
    the loss averaged over the examples (half squared error or binary cross-entropy)."""
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    t = y[:, None]
    n = X.shape[0]
    losses = []
    for _ in range(epochs):
        a1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
        y_hat = 1 / (1 + np.exp(-(a1 @ W2 + b2)))
        if loss == "half_mse":
            losses.append(np.mean(0.5 * (y_hat - t) ** 2))
            delta2 = (y_hat - t) * y_hat * (1 - y_hat) / n
        else:
            losses.append(-np.mean(t * np.log(y_hat) + (1 - t) * np.log(1 - y_hat)))
            delta2 = (y_hat - t) / n
        delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
        W2 = W2 - eta * a1.T @ delta2
        b2 = b2 - eta * delta2.sum(axis=0)
        W1 = W1 - eta * X.T @ delta1
        b1 = b1 - eta * delta1.sum(axis=0)
    return [W1, b1, W2, b2], np.array(losses)


def test_article_parameters_are_the_legacy_global_seed_draws_transposed():
    state = np.random.get_state()
    try:
        np.random.seed(42)
        W1 = np.random.randn(4, 2) * 0.5
        W2 = np.random.randn(1, 4) * 0.5
    finally:
        np.random.set_state(state)
    params = xor.article_parameters()
    np.testing.assert_array_equal(params[0], W1.T)
    np.testing.assert_array_equal(params[2], W2.T)
    assert params[1].shape == (4,) and not params[1].any() and params[3].shape == (1,) and not params[3].any()


def test_article_parameters_leave_the_global_generator_alone():
    np.random.seed(7)
    expected = np.random.RandomState(7).randn(3)
    np.random.seed(7)
    xor.article_parameters()
    np.testing.assert_array_equal(np.random.randn(3), expected)


@pytest.mark.parametrize("hidden, loss, eta, epochs", [(4, "half_mse", 2.0, 5000), (2, "half_mse", 2.0, 3000),
                                                       (2, "bce", 0.5, 2000)])
def test_full_batch_gd_gives_the_numpy_loops_final_weights(hidden, loss, eta, epochs):
    X, y = xor.xor_data()
    start = xor.article_parameters(hidden=hidden)
    net = Network([2, hidden, 1], "sigmoid").set_parameters(start)
    history = train(net, X, y, loss, "gd", eta=eta, epochs=epochs)
    expected, losses = numpy_loop(*start, X, y, eta, epochs, loss)
    for mine, theirs in zip(net.parameters(), expected):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.loss, losses, rtol=1e-12, atol=1e-15)


def test_article_run_reports_the_loss_before_each_update_and_the_last_forward_pass():
    run = xor.article_run()
    X, y = xor.xor_data()
    start = xor.article_network()
    assert run.printed_loss[0] == pytest.approx(0.5 * np.mean((start.forward(X)[:, 0] - y) ** 2), abs=1e-15)
    np.testing.assert_array_equal(run.printed_epochs, [0, 1000, 2000, 3000, 4000])
    np.testing.assert_array_equal(run.printed_loss, run.loss[run.printed_epochs])
    params, losses = numpy_loop(*xor.article_parameters(), X, y, 2.0, 4999)
    a1 = 1 / (1 + np.exp(-(X @ params[0] + params[1])))
    printed = (1 / (1 + np.exp(-(a1 @ params[2] + params[3]))))[:, 0]
    np.testing.assert_allclose(run.printed_predictions, printed, atol=1e-12)
    np.testing.assert_allclose(run.loss[:4999], losses, rtol=1e-12)
    assert xor.all_correct(run.final_predictions, y)
    assert 0 < np.abs(run.final_predictions - run.printed_predictions).max() < 1e-4


def test_snapshots_are_the_same_arithmetic_as_one_run():
    X, y = xor.xor_data()
    snaps, loss = xor.train_with_snapshots(xor.article_network(), X, y, "half_mse", 2.0, [0, 100, 500])
    one = xor.article_network()
    history = train(one, X, y, "half_mse", "gd", eta=2.0, epochs=500)
    assert sorted(snaps) == [0, 100, 500] and loss.shape == (500,)
    np.testing.assert_allclose(loss, history.loss, rtol=1e-13)
    for a, b in zip(snaps[500].parameters(), one.parameters()):
        np.testing.assert_allclose(a, b, atol=1e-13)
    for a, b in zip(snaps[0].parameters(), xor.article_parameters()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", [[], [-1, 5], [3, 3]])
def test_snapshots_reject_bad_epoch_lists(bad):
    X, y = xor.xor_data()
    with pytest.raises(ValueError, match="snapshots"):
        xor.train_with_snapshots(xor.article_network(), X, y, "half_mse", 2.0, bad)


@pytest.mark.parametrize("y_hat, expected", [
    ([0.1, 0.9, 0.8, 0.2], True), ([0.4999, 0.5001, 0.51, 0.2], True), ([0.1, 0.5, 0.9, 0.2], False),
    ([0.5, 0.9, 0.9, 0.2], False), ([0.9, 0.1, 0.1, 0.9], False), ([[0.1], [0.9], [0.8], [0.2]], True),
])
def test_all_correct_counts_exactly_one_half_as_wrong(y_hat, expected):
    assert bool(xor.all_correct(np.array(y_hat), np.array([0.0, 1, 1, 0]))) is expected


def test_all_correct_rejects_a_prediction_of_the_wrong_length():
    with pytest.raises(ValueError, match="y_hat"):
        xor.all_correct(np.zeros(3), np.zeros(4))


def test_success_study_agrees_with_separate_runs_on_a_few_seeds():
    X, y = xor.xor_data()
    seeds = [2, 4, 5, 6]
    study = xor.success_study(2, "half_mse", seeds, eta=1.0, epochs=1500)
    assert study.success.shape == (4,)
    for r, seed in enumerate(seeds):
        net = Network([2, 2, 1], "sigmoid", init="normal", scale=1.0, seed=seed)
        first = -1
        for epoch in range(1500):
            if first < 0 and xor.all_correct(net.forward(X), y):
                first = epoch
            train(net, X, y, "half_mse", "gd", eta=1.0, epochs=1)
        ok = bool(xor.all_correct(net.forward(X), y))
        assert study.success[r] == ok
        assert study.epochs_to_success[r] == (first if ok else -1)
    assert study.n_success == int(study.success.sum())
    ok_epochs = study.epochs_to_success[study.success]
    assert np.isnan(study.median_epochs) if not ok_epochs.size else study.median_epochs == np.median(ok_epochs)
    assert 0 < study.n_success < 4  # these seeds hold both outcomes (seed 5 is the chapter's stuck run)


def test_success_study_rejects_an_unknown_loss():
    with pytest.raises(ValueError, match="loss"):
        xor.success_study(2, "mse", [0])


def test_hidden_values_are_the_sigmoid_of_the_pre_activations():
    net = xor.article_network()
    z, a = xor.hidden_values(net)
    assert z.shape == a.shape == (4, 4)
    np.testing.assert_allclose(a, 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_rate_scale_grid_fills_every_cell():
    grid = xor.rate_scale_grid([0.1, 5.0], [1.0], n_seeds=3, epochs=300)
    assert grid.rate.shape == grid.median_epochs.shape == (2, 1)
    assert ((0 <= grid.rate) & (grid.rate <= 1)).all()
    single = xor.success_study(2, "half_mse", range(3), eta=5.0, epochs=300, scale=1.0)
    assert grid.rate[1, 0] == single.rate


def test_loss_drop_epochs_finds_the_plateaus_end():
    loss = np.array([1.0, 0.99, 0.95, 0.8, 0.3, 0.05, 0.01])
    assert xor.loss_drop_epochs(loss) == (3, 5)
    assert xor.loss_drop_epochs(np.ones(3)) == (-1, -1)
    with pytest.raises(ValueError, match="loss"):
        xor.loss_drop_epochs([])
