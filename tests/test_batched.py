"""Many networks trained at once (nnlearn.batched) give exactly what separate runs give."""

import numpy as np
import pytest

from nnlearn.batched import BatchHistory, NetworkBatch, train_batch
from nnlearn.data import logic_gate
from nnlearn.network import Network
from nnlearn.train import train

X, y = logic_gate("XOR")

CASES = [
    ([2, 2, 1], "sigmoid", "sigmoid", "half_mse"),
    ([2, 4, 1], "sigmoid", "sigmoid", "bce"),
    ([2, 4, 1], "tanh", "identity", "bce_logits"),
    ([2, 3, 3, 1], "relu", "sigmoid", "mse"),
    ([2, 4, 2], "tanh", "identity", "softmax_ce"),
]


def _targets(loss):
    return y.astype(int) if loss == "softmax_ce" else y


@pytest.mark.parametrize("sizes, act, out, loss", CASES)
def test_batched_equals_separate_runs_to_1e_12(sizes, act, out, loss):
    seeds = [0, 3, 7, 11, 20]
    batch = NetworkBatch.from_seeds(sizes, seeds, act, out)
    history = train_batch(batch, X, _targets(loss), loss, eta=0.7, epochs=400, record_grad_norms=True)
    assert isinstance(history, BatchHistory)
    for r, seed in enumerate(seeds):
        net = Network(sizes, act, out, seed=seed)
        h = train(net, X, _targets(loss), loss, "gd", eta=0.7, epochs=400, record_grad_norms=True)
        for ours, theirs in zip(batch.network(r).parameters(), net.parameters()):
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
        np.testing.assert_allclose(history.loss[r], h.loss, rtol=0, atol=1e-12)
        np.testing.assert_allclose(history.epoch_loss[r], h.epoch_loss, rtol=0, atol=1e-12)
        np.testing.assert_allclose(history.grad_norms[:, r], h.grad_norms, rtol=1e-12, atol=1e-14)
    assert (history.diverged_at == -1).all()


def test_batched_with_one_data_set_per_run():
    rng = np.random.default_rng(0)
    Xs = rng.normal(size=(3, 6, 2))
    ys = (rng.random((3, 6)) < 0.5).astype(float)
    batch = NetworkBatch.from_seeds([2, 3, 1], [1, 2, 3], "tanh", "sigmoid")
    history = train_batch(batch, Xs, ys, "bce", eta=0.5, epochs=50)
    for r, seed in enumerate([1, 2, 3]):
        net = Network([2, 3, 1], "tanh", "sigmoid", seed=seed)
        h = train(net, Xs[r], ys[r], "bce", eta=0.5, epochs=50)
        np.testing.assert_allclose(history.loss[r], h.loss, rtol=0, atol=1e-12)


def test_correct_epoch_is_the_first_epoch_with_every_point_on_the_right_side():
    seeds = list(range(6))
    batch = NetworkBatch.from_seeds([2, 4, 1], seeds, "sigmoid")
    history = train_batch(batch, X, y, "bce", eta=2.0, epochs=300)
    for r, seed in enumerate(seeds):
        net = Network([2, 4, 1], "sigmoid", seed=seed)
        expected = -1
        for epoch in range(301):
            if ((net.forward(X)[:, 0] > 0.5) == (y > 0.5)).all():
                expected = epoch
                break
            if epoch < 300:
                train(net, X, y, "bce", eta=2.0, epochs=1)
        assert history.correct_epoch[r] == expected
    assert (history.correct_epoch >= 0).any()  # the test is not vacuous


def test_a_diverging_run_stops_alone_as_a_separate_run_would():
    """One run with huge weights overflows; it stops with the package's divergence record, the others go on."""
    nets = [Network([2, 3, 1], "relu", "identity", seed=s) for s in range(3)]
    nets[1].set_parameters([p * 1e150 for p in nets[1].parameters()])
    batch = NetworkBatch(nets)
    history = train_batch(batch, X, y, "mse", eta=0.1, epochs=30)
    for r, net in enumerate(nets):
        h = train(net.copy(), X, y, "mse", eta=0.1, epochs=30)
        assert history.diverged_at[r] == (h.diverged_at if h.diverged else -1)
        assert history.messages[r] == h.message
        np.testing.assert_allclose(history.loss[r, :len(h.loss)], h.loss, rtol=1e-12)
    assert history.diverged_at[1] >= 0 and history.messages[1].startswith("diverged at step")
    assert np.isfinite(history.final_loss[[0, 2]]).all() and np.isnan(history.final_loss[1])


def test_batch_rejects_bad_input():
    with pytest.raises(TypeError, match="nets must be a non-empty list"):
        NetworkBatch([])
    with pytest.raises(ValueError, match="differs from nets"):
        NetworkBatch([Network([2, 3, 1]), Network([2, 4, 1])])
    with pytest.raises(ValueError, match=r"seeds\[1\] must be a non-negative integer"):
        NetworkBatch.from_seeds([2, 2, 1], [0, -1])
    batch = NetworkBatch.from_seeds([2, 2, 1], [0, 1])
    with pytest.raises(ValueError, match="X has 3 features"):
        train_batch(batch, np.ones((4, 3)), y, "bce")
    with pytest.raises(ValueError, match="2 target sets"):
        train_batch(batch, np.ones((2, 4, 2)), y, "bce")
    with pytest.raises(ValueError, match="eta must be a positive"):
        train_batch(batch, X, y, "bce", eta=-1.0)
    with pytest.raises(ValueError, match="loss 'bce' needs probabilities"):
        train_batch(NetworkBatch.from_seeds([2, 2, 1], [0], "tanh", "identity"), X, y, "bce")
    with pytest.raises(ValueError, match="r must be an integer run index"):
        batch.network(5)


def test_batched_residual_networks_equal_separate_runs():
    """Chapter 6's deep residual networks, many at once: the same as one at a time (to 1e-12)."""
    from nnlearn.layers import Dense, Residual

    def make(seed):
        rng = np.random.default_rng(seed)
        return Network([Dense(2, 3, "tanh", rng=rng), Residual(3, "sigmoid", 1, rng=rng),
                        Residual(3, ["tanh", "identity"], 2, rng=rng), Dense(3, 1, "sigmoid", rng=rng)])

    nets = [make(s) for s in range(4)]
    batch = NetworkBatch(nets)
    assert "Residual" in repr(batch) and batch.sizes == nets[0].sizes
    np.testing.assert_allclose(batch.forward(X)[2], nets[2].forward(X), rtol=0, atol=1e-15)
    # eta = 0.2: at 0.5 one of these runs jumps chaotically around epoch 50, where a change in the
    # last bit of one weight grows to 1e-5 (in separate runs too), so no two orders of rounding agree
    history = train_batch(batch, X, y, "bce", eta=0.2, epochs=200, record_grad_norms=True)
    for r, net in enumerate(nets):
        h = train(net, X, y, "bce", eta=0.2, epochs=200, record_grad_norms=True)
        for ours, theirs in zip(batch.network(r).parameters(), net.parameters()):
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
        np.testing.assert_allclose(history.loss[r], h.loss, rtol=0, atol=1e-12)
        np.testing.assert_allclose(history.grad_norms[:, r], h.grad_norms, rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="same layers"):
        NetworkBatch([nets[0], Network([2, 3, 3, 3, 1])])
