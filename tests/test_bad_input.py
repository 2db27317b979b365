"""Bad input at every public boundary of the engine: a ValueError or TypeError that names the argument.

One test per kind of bad input, each over the whole public API that takes such an argument.
"""

import numpy as np
import pytest

from nnlearn.activations import get_activation
from nnlearn.batched import NetworkBatch, train_batch
from nnlearn.data import circles, line_data, logic_gate, spirals, two_class_data, two_moons
from nnlearn.diagnostics import dead_relu_fraction, layer_gradient_norms
from nnlearn.gradcheck import gradient_check, numerical_gradients, relative_error
from nnlearn.init import initial_weights
from nnlearn.layers import Dense, Residual
from nnlearn.losses import get_loss
from nnlearn.network import Network, count_parameters
from nnlearn.optim import clip_by_global_norm, get_optimizer, global_norm, l2_norm
from nnlearn.train import train

X, Y = logic_gate("XOR")
RAGGED = [[1.0, 2.0], [3.0]]


def _net():
    return Network([2, 3, 1])


def _forwarded(net):
    net.forward(X)
    return net


def _batch():
    return NetworkBatch.from_seeds([2, 2, 1], [0, 1])


def _raises(fn, kind, name):
    with pytest.raises(kind) as info:
        fn()
    assert name in str(info.value), str(info.value)


RAGGED_CASES = {
    "Network.forward(X)": (lambda: _net().forward(RAGGED), "X"),
    "Network.loss_and_gradients(X)": (lambda: _net().loss_and_gradients(RAGGED, Y, "bce"), "X"),
    "Network.loss_and_gradients(y)": (lambda: _net().loss_and_gradients(X, [[0], [1, 1], [1], [0]], "bce"), "y"),
    "Network.set_parameters(W)": (lambda: _net().set_parameters([RAGGED, [0] * 3, [[0]] * 3, [0]]), "W"),
    "Dense.forward(a_prev)": (lambda: Dense(2, 3).forward(RAGGED), "a_prev"),
    "Residual.forward(a_prev)": (lambda: Residual(2).forward(RAGGED), "a_prev"),
    "train(X)": (lambda: train(_net(), RAGGED, Y, "bce"), "X"),
    "train_batch(X)": (lambda: train_batch(_batch(), RAGGED, Y, "bce"), "X"),
    "gradient_check(X)": (lambda: gradient_check(_net(), RAGGED, Y, "bce"), "X"),
    "numerical_gradients(X)": (lambda: numerical_gradients(_net(), RAGGED, Y, "bce"), "X"),
    "dead_relu_fraction(X)": (lambda: dead_relu_fraction(_net(), RAGGED), "X"),
    "Loss.__call__(y_hat)": (lambda: get_loss("mse")(RAGGED, [1.0, 2.0]), "y_hat"),
    "clip_by_global_norm(grads)": (lambda: clip_by_global_norm([RAGGED], 1.0), "grads[0]"),
    "l2_norm(g)": (lambda: l2_norm(RAGGED), "g"),
}


@pytest.mark.parametrize("case", sorted(RAGGED_CASES))
def test_a_ragged_list_is_rejected_naming_the_argument(case):
    fn, name = RAGGED_CASES[case]
    _raises(fn, ValueError, name)


NON_NUMERIC_CASES = {
    "Network.forward(X)": (lambda: _net().forward([["a", "b"]]), "X"),
    "train(y)": (lambda: train(_net(), X, ["a", "b", "c", "d"], "bce"), "y"),
    "Loss.__call__(y_hat)": (lambda: get_loss("mse")("ab", [1.0]), "y_hat"),
    "l2_norm(g)": (lambda: l2_norm("ab"), "g"),
    "Network(sizes)": (lambda: Network("21"), "sizes"),
    "count_parameters(sizes)": (lambda: count_parameters([2, 1.5]), "sizes[1]"),
    "Dense(n_in)": (lambda: Dense(2.5, 1), "n_in"),
    "Residual(width)": (lambda: Residual("3"), "width"),
    "train(eta)": (lambda: train(_net(), X, Y, "bce", eta="0.1"), "eta"),
    "train_batch(eta)": (lambda: train_batch(_batch(), X, Y, "bce", eta=None), "eta"),
    "Network(dtype)": (lambda: Network([2, 1], dtype=np.int32), "dtype"),
    "clip_by_global_norm(grads)": (lambda: clip_by_global_norm(np.ones(3), 1.0), "grads"),
}


@pytest.mark.parametrize("case", sorted(NON_NUMERIC_CASES))
def test_a_value_of_the_wrong_type_is_a_type_error_naming_the_argument(case):
    fn, name = NON_NUMERIC_CASES[case]
    _raises(fn, TypeError, name)


NON_FINITE_CASES = {
    "Network.forward(X)": (lambda: _net().forward([[np.nan, 1.0]]), "X"),
    "train(X)": (lambda: train(_net(), np.full((4, 2), np.inf), Y, "bce"), "X"),
    "train(eta)": (lambda: train(_net(), X, Y, "bce", eta=float("nan")), "eta"),
    "Loss.__call__(y)": (lambda: get_loss("mse")([1.0], [np.nan]), "y"),
    "set_parameters(b)": (lambda: _net().set_parameters([np.ones((2, 3)), [np.inf] * 3, np.ones((3, 1)), [0]]), "b"),
    "train_batch(X)": (lambda: train_batch(_batch(), np.full((4, 2), np.nan), Y, "bce"), "X"),
}


@pytest.mark.parametrize("case", sorted(NON_FINITE_CASES))
def test_nan_or_infinity_is_rejected_naming_the_argument(case):
    fn, name = NON_FINITE_CASES[case]
    _raises(fn, ValueError, name)


SHAPE_CASES = {
    "Network.forward(X) features": (lambda: _net().forward(np.ones((4, 3))), "X"),
    "Network.forward(X) 3-D": (lambda: _net().forward(np.ones((2, 2, 2))), "X"),
    "loss_and_gradients(y) length": (lambda: _net().loss_and_gradients(X, np.ones(3), "bce"), "y"),
    "set_parameters(W)": (lambda: _net().set_parameters([np.ones((3, 2)), np.zeros(3), np.ones((3, 1)), [0]]), "W"),
    "set_parameters(params) count": (lambda: _net().set_parameters([np.ones((2, 3))]), "params"),
    "Dense.forward(a_prev)": (lambda: Dense(2, 3).forward(np.ones((4, 5))), "a_prev"),
    "Network(layers) widths": (lambda: Network([Dense(2, 3), Dense(2, 1)]), "layers[1]"),
    "train_batch(X) runs": (lambda: train_batch(_batch(), np.ones((3, 4, 2)), [Y] * 3, "bce"), "X"),
    "relative_error(a, b)": (lambda: relative_error(np.zeros(3), np.zeros(4)), "a and b"),
}


@pytest.mark.parametrize("case", sorted(SHAPE_CASES))
def test_a_wrong_shape_is_rejected_naming_the_argument(case):
    fn, name = SHAPE_CASES[case]
    _raises(fn, ValueError, name)


SEED_CASES = {
    "Network(seed)": (lambda: Network([2, 1], seed=-1), "seed"),
    "Dense(rng)": (lambda: Dense(2, 1, rng=-1), "rng"),
    "Residual(rng)": (lambda: Residual(2, rng=-5), "rng"),
    "train(seed)": (lambda: train(_net(), X, Y, "bce", seed=-1), "seed"),
    "NetworkBatch.from_seeds(seeds)": (lambda: NetworkBatch.from_seeds([2, 1], [0, -1]), "seeds[1]"),
    "two_moons(seed)": (lambda: two_moons(seed=-1), "seed"),
    "circles(seed)": (lambda: circles(seed=-1), "seed"),
    "spirals(seed)": (lambda: spirals(seed=-1), "seed"),
    "line_data(seed)": (lambda: line_data(seed=-1), "seed"),
    "two_class_data(seed)": (lambda: two_class_data(seed=-1), "seed"),
}


@pytest.mark.parametrize("case", sorted(SEED_CASES))
def test_a_negative_seed_is_rejected_naming_the_argument(case):
    fn, name = SEED_CASES[case]
    _raises(fn, ValueError, name)


NON_INTEGER_SEED_CASES = {
    "Network(seed)": (lambda: Network([2, 1], seed=1.5), "seed"),
    "Dense(rng)": (lambda: Dense(2, 1, rng="0"), "rng"),
    "Residual(rng)": (lambda: Residual(2, rng=0.5), "rng"),
    "train(seed)": (lambda: train(_net(), X, Y, "bce", seed=1.0), "seed"),
    "NetworkBatch.from_seeds(seeds)": (lambda: NetworkBatch.from_seeds([2, 1], [0, 1.5]), "seeds[1]"),
    "two_moons(seed)": (lambda: two_moons(seed="1"), "seed"),
    "spirals(seed)": (lambda: spirals(seed=[1]), "seed"),
    "line_data(seed)": (lambda: line_data(seed="1"), "seed"),
}


@pytest.mark.parametrize("case", sorted(NON_INTEGER_SEED_CASES))
def test_a_seed_that_is_not_an_integer_is_a_type_error(case):
    fn, name = NON_INTEGER_SEED_CASES[case]
    _raises(fn, TypeError, name)


PROBABILITY_CASES = {
    "loss_and_gradients": lambda net: net.loss_and_gradients(X, Y, "bce"),
    "train": lambda net: train(net, X, Y, "bce"),
    "gradient_check": lambda net: gradient_check(net, X, Y, "bce"),
    "numerical_gradients": lambda net: numerical_gradients(net, X, Y, "bce"),
    "train_batch": lambda net: train_batch(NetworkBatch([net]), X, Y, "bce"),
}


@pytest.mark.parametrize("output", ["identity", "tanh", "relu"])
@pytest.mark.parametrize("case", sorted(PROBABILITY_CASES))
def test_bce_on_an_output_that_is_not_a_probability_is_rejected(case, output):
    """As torch.nn.BCELoss rejects inputs outside [0, 1]: "bce" needs a sigmoid (or softmax) output."""
    _raises(lambda: PROBABILITY_CASES[case](Network([2, 3, 1], "tanh", output)), ValueError, "loss 'bce'")


def test_bce_on_probabilities_outside_0_1_is_rejected():
    _raises(lambda: get_loss("bce")([1.5, 0.5], [1.0, 0.0]), ValueError, "y_hat")


BACKWARD_CASES = {
    "Network.backward(grad_output) columns": (lambda: _forwarded(_net()).backward(np.ones((4, 2))), "grad_output"),
    "Network.backward(grad_output) broadcast": (lambda: _forwarded(_net()).backward(np.ones((1, 1))), "grad_output"),
    "Network.backward(grad_output) list": (lambda: _forwarded(_net()).backward([[1.0]] * 4), "grad_output"),
    "Dense.backward(grad_a)": (lambda: (lambda d: (d.forward(np.ones((4, 2))), d.backward(np.ones((4, 2)))))(Dense(2, 3)), "grad_a"),
    "Residual.backward(grad_a)": (lambda: (lambda r: (r.forward(np.ones((4, 2))), r.backward(np.ones(4))))(Residual(2)), "grad_a"),
}


@pytest.mark.parametrize("case", sorted(BACKWARD_CASES))
def test_backward_with_a_gradient_of_the_wrong_shape_is_rejected(case):
    fn, name = BACKWARD_CASES[case]
    _raises(fn, ValueError, name)


OBJECT_CASES = {
    "train(net)": (lambda: train("net", X, Y, "bce"), "net"),
    "gradient_check(net)": (lambda: gradient_check("net", X, Y, "bce"), "net"),
    "numerical_gradients(net)": (lambda: numerical_gradients(None, X, Y, "bce"), "net"),
    "layer_gradient_norms(net)": (lambda: layer_gradient_norms([1]), "net"),
    "train_batch(batch)": (lambda: train_batch(_net(), X, Y, "bce"), "batch"),
    "NetworkBatch(nets)": (lambda: NetworkBatch(_net()), "nets"),
    "initial_weights(rng)": (lambda: initial_weights("xavier", 2, 2, 0), "rng"),
    "train(optimizer)": (lambda: train(_net(), X, Y, "bce", optimizer=3), "optimizer"),
}


@pytest.mark.parametrize("case", sorted(OBJECT_CASES))
def test_an_object_of_the_wrong_kind_is_a_type_error_naming_the_argument(case):
    fn, name = OBJECT_CASES[case]
    _raises(fn, TypeError, name)


NAME_CASES = {
    "activation": lambda: get_activation("sigmoidd"),
    "loss": lambda: get_loss("bcee"),
    "optimizer": lambda: get_optimizer("sgdd", eta=0.1),
    "init": lambda: Network([2, 1], init="glorot"),
}


@pytest.mark.parametrize("case", sorted(NAME_CASES))
def test_an_unknown_name_lists_the_known_ones(case):
    _raises(NAME_CASES[case], ValueError, f"unknown {case}")


RANGE_CASES = {
    "train(epochs)": (lambda: train(_net(), X, Y, "bce", epochs=0), "epochs"),
    "train(batch_size)": (lambda: train(_net(), X, Y, "bce", batch_size=0), "batch_size"),
    "train(clip)": (lambda: train(_net(), X, Y, "bce", clip=-1.0), "clip"),
    "train_batch(epochs)": (lambda: train_batch(_batch(), X, Y, "bce", epochs=0), "epochs"),
    "clip_by_global_norm(max_norm)": (lambda: clip_by_global_norm([np.ones(2)], 0.0), "max_norm"),
    "gradient_check(eps)": (lambda: gradient_check(_net(), X, Y, "bce", eps=2.0), "eps"),
    "Dense(n_out)": (lambda: Dense(2, 0), "n_out"),
    "Residual(n_layers)": (lambda: Residual(2, n_layers=3), "n_layers"),
    "NetworkBatch.network(r)": (lambda: _batch().network(7), "r"),
}


@pytest.mark.parametrize("case", sorted(RANGE_CASES))
def test_a_number_out_of_range_is_rejected_naming_the_argument(case):
    fn, name = RANGE_CASES[case]
    _raises(fn, ValueError, name)


def test_global_norm_of_no_arrays_is_zero():
    assert global_norm([]) == 0.0


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_an_optimizer_with_memory_rejects_a_gradient_list_of_the_wrong_length(name):
    _raises(lambda: get_optimizer(name, eta=0.1).step([np.ones(2)], []), ValueError, "grads")
