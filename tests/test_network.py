"""Tests of nnlearn.network: shapes, the forward pass, backpropagation, parameters and checks."""

import numpy as np
import pytest

from nnlearn.activations import sigmoid
from nnlearn.data import logic_gate
from nnlearn.gradcheck import gradient_check
from nnlearn.network import Network, count_parameters


def test_count_parameters_of_2_4_3_1_is_31():
    assert count_parameters([2, 4, 3, 1]) == (2 * 4 + 4) + (4 * 3 + 3) + (3 * 1 + 1) == 31


def test_n_parameters_equals_count_parameters():
    net = Network([3, 5, 2])
    assert net.n_parameters == count_parameters(net.sizes) == 3 * 5 + 5 + 5 * 2 + 2


@pytest.mark.parametrize("sizes, error", [([3], ValueError), ([3, 0], ValueError), ("23", TypeError),
                                          ([2, 2.5], TypeError)])
def test_count_parameters_rejects_bad_sizes(sizes, error):
    with pytest.raises(error, match="sizes"):
        count_parameters(sizes)


def test_forward_is_the_layers_applied_in_turn():
    net = Network([2, 3, 1], "sigmoid", seed=1)
    X = np.array([[0.5, -1.0], [2.0, 0.0]])
    (W1, b1, W2, b2) = net.parameters()
    expected = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-15)
    assert len(net.zs) == 2 and net.activations[0] is not None


def test_a_single_example_is_taken_as_one_row():
    net = Network([2, 3, 1])
    assert net.forward(np.array([0.5, 0.5])).shape == (1, 1)


def test_backward_gives_the_gradient_of_every_parameter():
    X, y = logic_gate("XOR")
    net = Network([2, 3, 2, 1], "tanh", "sigmoid", seed=2)
    assert gradient_check(net, X, y, "bce").verdict == "good"


def test_backward_stores_delta_dw_and_db_on_each_layer():
    X, y = logic_gate("OR")
    net = Network([2, 3, 1], "sigmoid")
    _, grads = net.loss_and_gradients(X, y, "mse")
    for layer, dW, db in zip(net.layers, grads[0::2], grads[1::2]):
        assert layer.dW is dW and layer.db is db
        assert layer.delta.shape == layer.z.shape
        np.testing.assert_allclose(layer.db, layer.delta.sum(axis=0))  # BP3
        np.testing.assert_allclose(layer.dW, layer.a_prev.T @ layer.delta)  # BP4


def test_gradients_before_any_backward_pass_raise():
    with pytest.raises(RuntimeError, match="no gradients yet"):
        Network([2, 1]).gradients()


def test_parameters_are_the_networks_own_arrays():
    net = Network([2, 2, 1])
    net.parameters()[0][0, 0] = 7.0
    assert net.layers[0].W[0, 0] == 7.0


def test_set_parameters_replaces_every_parameter():
    net = Network([2, 2, 1])
    new = [np.full(p.shape, 0.5) for p in net.parameters()]
    assert net.set_parameters(new) is net
    for p, q in zip(net.parameters(), new):
        np.testing.assert_array_equal(p, q)


def test_set_parameters_rejects_mismatched_shapes_between_layers():
    net = Network([2, 3, 1])
    W1, b1, W2, b2 = net.parameters()
    with pytest.raises(ValueError, match=r"W must have shape \(3, 1\)"):
        net.set_parameters([W1, b1, np.zeros((4, 1)), b2])


def test_set_parameters_rejects_a_wrong_number_of_arrays():
    with pytest.raises(ValueError, match="params must hold 4 arrays"):
        Network([2, 3, 1]).set_parameters([np.zeros((2, 3))])


def test_copy_is_independent():
    net = Network([2, 3, 1])
    clone = net.copy()
    clone.layers[0].W[0, 0] += 1.0
    assert net.layers[0].W[0, 0] != clone.layers[0].W[0, 0]
    assert clone.sizes == net.sizes


def test_the_same_seed_gives_identical_weights():
    a, b = Network([4, 8, 3], seed=11), Network([4, 8, 3], seed=11)
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.layers[0].W, Network([4, 8, 3], seed=12).layers[0].W)


def test_one_activation_per_hidden_layer_may_be_given():
    net = Network([2, 3, 3, 1], ["relu", "tanh"], "sigmoid")
    assert [layer.activation.name for layer in net.layers] == ["relu", "tanh", "sigmoid"]


def test_an_activation_list_of_the_wrong_length_is_rejected():
    with pytest.raises(ValueError, match="activation lists 1 activations but the network has 2 hidden layers"):
        Network([2, 3, 3, 1], ["relu"], "sigmoid")


def test_an_unknown_activation_name_is_rejected():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
        Network([2, 1], "sigmod")


def test_an_unknown_initialiser_name_is_rejected():
    with pytest.raises(ValueError, match="unknown init 'uniform'"):
        Network([2, 1], init="uniform")


def test_input_of_the_wrong_width_is_rejected():
    with pytest.raises(ValueError, match="X has 3 features per example"):
        Network([2, 1]).forward(np.zeros((4, 3)))


def test_input_of_the_wrong_float_dtype_is_rejected():
    with pytest.raises(TypeError, match="X has dtype float32 but the network's dtype is float64"):
        Network([2, 1]).forward(np.zeros((1, 2), dtype=np.float32))


def test_non_numeric_input_is_rejected():
    with pytest.raises(TypeError, match="X must hold numbers"):
        Network([2, 1]).forward(np.array([["a", "b"]]))


def test_nan_input_is_rejected():
    with pytest.raises(ValueError, match="X contains NaN or infinity"):
        Network([2, 1]).forward(np.array([[np.nan, 0.0]]))


def test_empty_input_is_rejected():
    with pytest.raises(ValueError, match="X is empty"):
        Network([2, 1]).forward(np.zeros((0, 2)))


def test_integer_input_is_accepted_as_float():
    assert Network([2, 1]).forward(np.array([[1, 0]])).dtype == np.float64


def test_a_float32_network_computes_in_float32():
    net = Network([2, 3, 1], dtype=np.float32)
    X, y = logic_gate("AND")
    _, grads = net.loss_and_gradients(X.astype(np.float32), y, "bce")
    assert net.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads)


def test_repr_lists_sizes_and_activations():
    assert repr(Network([2, 3, 1], "relu", "sigmoid")) == "Network(sizes=[2, 3, 1], activations=[relu, sigmoid])"


def test_package_attributes_keep_their_submodules_reachable():
    import types

    import nnlearn
    import nnlearn.train  # noqa: F401

    for name in ("activations", "losses", "network", "optim", "train", "gradcheck", "data"):
        assert isinstance(getattr(nnlearn, name), types.ModuleType), name


def test_backward_rejects_grad_output_of_the_wrong_shape():
    net = Network([2, 3, 1])
    with pytest.raises(RuntimeError, match="forward"):
        net.copy().backward(np.ones((4, 1)))
    net.forward(np.ones((4, 2)))
    for bad in (np.ones((4, 2)), np.ones((1, 1)), np.ones(4), [[1.0]] * 4):
        with pytest.raises(ValueError, match="grad_output"):
            net.backward(bad)
