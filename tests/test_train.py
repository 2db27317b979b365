"""Tests of nnlearn.train: the loop, its history, divergence, and checks of its inputs."""

import warnings

import numpy as np
import pytest

from nnlearn.data import logic_gate, two_moons
from nnlearn.diagnostics import layer_gradient_norms
from nnlearn.network import Network
from nnlearn.optim import Adam, GradientDescent, Momentum
from nnlearn.train import History, train


def _xor():
    X, y = logic_gate("XOR")
    return Network([2, 4, 1], "sigmoid", seed=1), X, y


# ---------------------------------------------------------------- learning
def test_a_2_4_1_sigmoid_network_learns_xor():
    net, X, y = _xor()
    history = train(net, X, y, "mse", eta=2.0, epochs=3000)
    assert not history.diverged and history.message == ""
    assert history.final_loss < 0.01
    np.testing.assert_array_equal(net.forward(X).ravel() > 0.5, y.astype(bool))


def test_full_batch_training_is_the_loop_written_out_by_hand():
    net, X, y = _xor()
    by_hand = net.copy()
    history = train(net, X, y, "half_mse", eta=0.5, epochs=20)
    losses = []
    for _ in range(20):
        value, grads = by_hand.loss_and_gradients(X, y, "half_mse")
        losses.append(value)
        for p, g in zip(by_hand.parameters(), grads):
            p -= 0.5 * g
    np.testing.assert_array_equal(history.loss, losses)
    for p, q in zip(net.parameters(), by_hand.parameters()):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_every_optimizer_lowers_the_loss(optimizer):
    X, y = two_moons(100, seed=1)
    net = Network([2, 8, 1], "tanh", "identity", seed=2)
    history = train(net, X, y, "bce_logits", optimizer=optimizer, eta=0.05, epochs=30, batch_size=20)
    assert history.epoch_loss[-1] < 0.8 * history.epoch_loss[0]


def test_an_optimizer_instance_brings_its_own_learning_rate():
    net, X, y = _xor()
    history = train(net, X, y, "mse", optimizer=Momentum(0.5, beta=0.5), epochs=5)
    assert history.n_steps == 5


# ---------------------------------------------------------------- the history
def test_full_batch_history_has_one_step_per_epoch():
    net, X, y = _xor()
    history = train(net, X, y, "mse", epochs=7)
    assert isinstance(history, History)
    assert history.loss.shape == history.epoch_loss.shape == (7,)
    np.testing.assert_array_equal(history.examples_seen, 4 * np.arange(1, 8))
    assert history.grad_norms is None and history.diverged_at is None


def test_epoch_loss_is_the_full_data_loss_after_each_epoch():
    X, y = two_moons(50, seed=0)
    net = Network([2, 5, 1], "tanh", "sigmoid", seed=0)
    history = train(net, X, y, "bce", epochs=3, batch_size=8)
    assert history.epoch_loss[-1] == pytest.approx(net.loss_and_gradients(X, y, "bce")[0], rel=1e-15)
    full = Network([2, 5, 1], "tanh", "sigmoid", seed=0)
    history = train(full, X, y, "bce", epochs=3)
    np.testing.assert_array_equal(history.epoch_loss[:-1], history.loss[1:])
    assert history.epoch_loss[-1] == pytest.approx(full.loss_and_gradients(X, y, "bce")[0], rel=1e-15)


def test_mini_batch_history_counts_steps_and_examples_seen():
    X, y = two_moons(50, seed=0)
    net = Network([2, 5, 1], "tanh", "sigmoid")
    history = train(net, X, y, "bce", epochs=2, batch_size=16)  # batches of 16, 16, 16, 2
    assert history.loss.shape == (8,)
    assert history.epoch_loss.shape == (2,)
    np.testing.assert_array_equal(history.examples_seen, [16, 32, 48, 50, 66, 82, 98, 100])


def test_a_batch_at_least_as_large_as_the_data_set_is_full_batch():
    net, X, y = _xor()
    a = train(net.copy(), X, y, "mse", epochs=5, batch_size=100)
    b = train(net.copy(), X, y, "mse", epochs=5)
    np.testing.assert_array_equal(a.loss, b.loss)


def test_record_grad_norms_gives_each_layers_weight_gradient_norm_per_step():
    net, X, y = _xor()
    history = train(net, X, y, "mse", epochs=5, record_grad_norms=True)
    assert history.grad_norms.shape == (5, 2)
    # the last row is the norm of the gradients of the last step
    np.testing.assert_allclose(history.grad_norms[-1], layer_gradient_norms(net), rtol=1e-15)


def test_clip_bounds_every_step():
    net, X, y = _xor()
    before = [p.copy() for p in net.parameters()]
    train(net, X, y, "mse", eta=1.0, epochs=1, clip=1e-3)
    step = np.sqrt(sum(float(np.sum((p - q) ** 2)) for p, q in zip(net.parameters(), before)))
    assert step == pytest.approx(1e-3)


# ---------------------------------------------------------------- determinism
def test_the_same_seed_gives_the_same_history_and_weights():
    X, y = two_moons(60, seed=3)
    runs = []
    for _ in range(2):
        net = Network([2, 6, 1], "relu", "identity", init="he", seed=4)
        history = train(net, X, y, "bce_logits", optimizer="adam", eta=0.01, epochs=3, batch_size=10, seed=5)
        runs.append((history, net.parameters()))
    np.testing.assert_array_equal(runs[0][0].loss, runs[1][0].loss)
    for p, q in zip(runs[0][1], runs[1][1]):
        np.testing.assert_array_equal(p, q)


def test_a_different_shuffling_seed_gives_a_different_history():
    X, y = two_moons(60, seed=3)
    a = train(Network([2, 6, 1], "tanh", seed=4), X, y, "mse", epochs=2, batch_size=10, seed=1)
    b = train(Network([2, 6, 1], "tanh", seed=4), X, y, "mse", epochs=2, batch_size=10, seed=2)
    assert not np.array_equal(a.loss, b.loss)


def test_shuffle_false_takes_the_batches_in_order():
    X, y = two_moons(20, seed=0)
    a = train(Network([2, 3, 1], "tanh", seed=0), X, y, "mse", epochs=2, batch_size=5, shuffle=False, seed=1)
    b = train(Network([2, 3, 1], "tanh", seed=0), X, y, "mse", epochs=2, batch_size=5, shuffle=False, seed=2)
    np.testing.assert_array_equal(a.loss, b.loss)


# ---------------------------------------------------------------- divergence
def _exploding():
    X, y = logic_gate("XOR")
    return Network([2, 8, 1], "relu", "identity", init="normal", scale=10.0, seed=0), X, y


def test_divergence_stops_training_with_a_message_and_no_warning():
    net, X, y = _exploding()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(net, X, y, "mse", eta=1e3, epochs=1000)
    assert history.diverged
    n = history.diverged_at
    assert history.message == f"diverged at step {n}: the loss became inf"
    assert len(history.loss) == n + 1 and not np.isfinite(history.loss[-1])
    assert np.all(np.isfinite(history.loss[:-1]))
    assert len(history.examples_seen) == len(history.loss)


def test_divergence_to_nan_says_nan():
    # z^1 = 1e10 * 1e300 overflows to inf, and z^2 = inf * 0 is nan, on the very first step
    net = Network([1, 1, 1], "identity")
    net.set_parameters([np.array([[1e300]]), np.zeros(1), np.array([[0.0]]), np.zeros(1)])
    history = train(net, np.array([[1e10]]), np.array([0.0]), "mse", epochs=10)
    assert history.diverged_at == 0
    assert history.message == "diverged at step 0: the loss became nan"
    assert history.epoch_loss.shape == (0,)


def test_training_leaves_numpy_error_settings_as_they_were():
    before = np.geterr()
    net, X, y = _exploding()
    train(net, X, y, "mse", eta=1e3, epochs=1000)
    assert np.geterr() == before


def test_divergence_in_mini_batches_is_caught_too():
    X, y = two_moons(40, seed=0)
    net = Network([2, 8, 1], "relu", "identity", init="normal", scale=10.0, seed=0)
    history = train(net, X, y, "mse", eta=1e3, epochs=100, batch_size=8)
    assert history.diverged
    assert history.message.startswith(f"diverged at step {history.diverged_at}: the loss became")


# ---------------------------------------------------------------- bad input, one test each
def test_x_and_y_of_different_lengths_are_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="y has 3 examples but X"):
        train(net, X, y[:3], "mse")


def test_labels_the_loss_cannot_take_are_rejected():
    net, X, _ = _xor()
    with pytest.raises(ValueError, match="y must hold only the labels 0 and 1"):
        train(net, X, np.array([0, 1, 2, 0]), "bce")


def test_class_indices_out_of_range_are_rejected():
    X, _ = logic_gate("XOR")
    net = Network([2, 3, 2], "tanh", "identity")
    with pytest.raises(ValueError, match="class indices must lie in 0..1"):
        train(net, X, np.array([0, 1, 2, 0]), "softmax_ce")


def test_nan_in_x_is_rejected():
    net, X, y = _xor()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN or infinity"):
        train(net, X, y, "mse")


def test_inf_in_y_is_rejected():
    net, X, y = _xor()
    y[1] = np.inf
    with pytest.raises(ValueError, match="y contains NaN or infinity"):
        train(net, X, y, "mse")


@pytest.mark.parametrize("eta", [0.0, -0.5])
def test_a_non_positive_learning_rate_is_rejected(eta):
    net, X, y = _xor()
    with pytest.raises(ValueError, match="eta must be a positive"):
        train(net, X, y, "mse", eta=eta)


def test_eta_given_with_an_optimizer_instance_is_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="eta is given twice"):
        train(net, X, y, "mse", optimizer=Adam(0.01), eta=0.1)


def test_an_unknown_optimizer_name_is_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="unknown optimizer 'sgd'"):
        train(net, X, y, "mse", optimizer="sgd")


def test_an_unknown_loss_name_is_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="unknown loss 'cross_entropy'"):
        train(net, X, y, "cross_entropy")


@pytest.mark.parametrize("epochs", [0, -3])
def test_epochs_below_one_are_rejected(epochs):
    net, X, y = _xor()
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        train(net, X, y, "mse", epochs=epochs)


def test_a_batch_size_below_one_is_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        train(net, X, y, "mse", batch_size=0)


def test_a_non_integer_batch_size_is_rejected():
    net, X, y = _xor()
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        train(net, X, y, "mse", batch_size=2.5)


def test_x_of_the_wrong_dtype_is_rejected():
    net, X, y = _xor()
    with pytest.raises(TypeError, match="X has dtype float32 but the network's dtype is float64"):
        train(net, X.astype(np.float32), y, "mse")


def test_an_empty_data_set_is_rejected():
    net, _, _ = _xor()
    with pytest.raises(ValueError, match="X is empty"):
        train(net, np.zeros((0, 2)), np.zeros(0), "mse")


def test_a_non_positive_clip_is_rejected():
    net, X, y = _xor()
    with pytest.raises(ValueError, match="clip must be a positive"):
        train(net, X, y, "mse", clip=0.0)


def test_something_that_is_not_a_network_is_rejected():
    _, X, y = _xor()
    with pytest.raises(TypeError, match="net must be an nnlearn Network"):
        train("net", X, y, "mse")


def test_float32_training_stays_float32():
    X, y = logic_gate("XOR")
    net = Network([2, 4, 1], "sigmoid", dtype=np.float32)
    history = train(net, X.astype(np.float32), y, "mse", optimizer=GradientDescent(1.0), epochs=10)
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert np.all(np.isfinite(history.loss))


def test_epoch_loss_false_skips_the_full_data_evaluation():
    X, y = two_moons(40, seed=0)
    history = train(Network([2, 4, 1], "tanh", "sigmoid"), X, y, "bce", epochs=3, batch_size=8, epoch_loss=False)
    assert history.epoch_loss.shape == (0,)
    assert history.loss.shape == (15,)
    assert np.isnan(history.final_loss)


def test_full_batch_with_epoch_loss_false_records_only_the_step_losses():
    net, X, y = _xor()
    history = train(net, X, y, "mse", epochs=4, epoch_loss=False)
    assert history.loss.shape == (4,) and history.epoch_loss.shape == (0,)


def test_one_divergence_record_for_every_loop():
    """train, descend and the range test word a divergence the same way: Divergence.message."""
    from nnlearn import descent
    from nnlearn.train import Divergence

    assert Divergence(3, "the loss became inf").message == "diverged at step 3: the loss became inf"
    assert Divergence.non_finite(0, float("nan")).message == "diverged at step 0: the loss became nan"
    path = descent.descend("line", eta=0.5, steps=50)
    test = descent.lr_range_test("line")
    net = Network([1, 1], "identity")
    history = train(net, [[1e200]], [0.0], "half_mse", eta=1e10, epochs=5)
    for message, step in ((path.message, path.diverged_at), (test.message, test.stopped_at),
                          (history.message, history.diverged_at)):
        assert step is not None and message.startswith(f"diverged at step {step}: ")
