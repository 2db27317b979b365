"""The residual block a + F(a) and networks built from a list of layers."""

import numpy as np
import pytest

from nnlearn.data import logic_gate
from nnlearn.gradcheck import gradient_check, numerical_gradients
from nnlearn.layers import Dense, Residual
from nnlearn.network import Network
from nnlearn.train import train


def _res_net(n_layers=1, act="tanh", depth=2):
    return Network([Dense(2, 3, "tanh", rng=0)] + [Residual(3, act, n_layers, rng=10 + i) for i in range(depth)]
                   + [Dense(3, 1, "sigmoid", rng=1)])


@pytest.mark.parametrize("n_layers", [1, 2])
@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
def test_residual_gradients_match_finite_differences(n_layers, act):
    rng = np.random.default_rng(0)  # not XOR: its input (0, 0) puts every z of a ReLU exactly at the kink
    X, y = rng.normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0])
    net = _res_net(n_layers, act)
    _, grads = net.copy().loss_and_gradients(X, y, "bce")
    numeric = numerical_gradients(net, X, y, "bce", eps=None, order=4)
    for g, n in zip(grads, numeric):
        np.testing.assert_allclose(g, n, rtol=1e-7, atol=1e-10)
    if act != "relu":
        assert gradient_check(net, X, y, "bce").verdict == "good"


def test_residual_block_forward_is_input_plus_f():
    block = Residual(3, "tanh", 2, rng=0)
    a = np.random.default_rng(0).normal(size=(5, 3))
    f = a
    for layer in block.layers:
        f = np.tanh(f @ layer.W + layer.b)
    np.testing.assert_allclose(block.forward(a), a + f, rtol=1e-15)


def test_residual_passes_the_gradient_through_the_identity_path():
    """With F's weights at 0 the block is the identity: dL/da_prev equals dL/da (plus F's share, 0 here)."""
    block = Residual(3, "tanh", 1, rng=0)
    block.layers[0].set_parameters(np.zeros((3, 3)), np.zeros(3))
    a = np.ones((2, 3))
    block.forward(a)
    g = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(block.backward(g), g)


def test_network_api_works_for_both_forms():
    plain = Network([2, 3, 3, 1], "tanh", "sigmoid")
    res = _res_net()
    X, y = logic_gate("XOR")
    for net in (plain, res):
        assert net.sizes == [2, 3, 3, 1] if net is plain else net.sizes == [2, 3, 3, 3, 1]
        assert net.n_parameters == sum(p.size for p in net.parameters())
        clone = net.copy()
        assert all(p is not q for p, q in zip(clone.parameters(), net.parameters()))
        value, grads = net.loss_and_gradients(X, y, "bce")
        assert [g.shape for g in grads] == [p.shape for p in net.parameters()]
        assert net.gradients()[0] is grads[0]
        new = [p + 1.0 for p in net.parameters()]
        clone.set_parameters(new)
        for p, q in zip(clone.parameters(), new):
            np.testing.assert_array_equal(p, q)
        assert net.forward(X).shape == (4, 1)
        history = train(net, X, y, "bce", eta=0.5, epochs=20, record_grad_norms=True)
        assert history.grad_norms.shape == (20, len(net.dense_layers))
    assert res.n_parameters == 2 * 3 + 3 + 2 * (3 * 3 + 3) + 3 + 1
    assert "Residual" in repr(res)


def test_network_from_layers_rejects_widths_that_do_not_fit():
    with pytest.raises(ValueError, match=r"layers\[1\].*takes 4 inputs"):
        Network([Dense(2, 3), Residual(4), Dense(4, 1)])
    with pytest.raises(ValueError, match="last layer must be a Dense"):
        Network([Dense(2, 3), Residual(3)])
    with pytest.raises(TypeError, match="not a mix"):
        Network([2, Dense(2, 1)])


def test_residual_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_layers must be 1 or 2"):
        Residual(3, n_layers=3)
    with pytest.raises(ValueError, match="lists 1 activations"):
        Residual(3, ["tanh"], n_layers=2)
    with pytest.raises(TypeError, match="width must be an integer"):
        Residual(2.5)
    block = Residual(3)
    with pytest.raises(RuntimeError, match="forward"):
        block.backward(np.ones((2, 3)))
    block.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="grad_a"):
        block.backward(np.ones((2, 4)))
