"""PyTorch parity in float64: nnlearn computes the same numbers as torch, to 1e-12 (optimisers: 1e-10 over 50 steps).

torch's counterparts: GELU is ``gelu(approximate="tanh")``, half_mse is ``0.5 * mse_loss``,
softmax_ce is ``cross_entropy`` (on logits), bce is ``binary_cross_entropy`` (on probabilities),
bce_logits is ``binary_cross_entropy_with_logits``; GradientDescent is ``SGD``, Momentum is
``SGD(momentum=beta)``, Adam is ``Adam``.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from nnlearn.activations import ACTIVATIONS, LeakyReLU, get_activation  # noqa: E402
from nnlearn.data import logic_gate  # noqa: E402
from nnlearn.losses import get_loss  # noqa: E402
from nnlearn.network import Network  # noqa: E402
from nnlearn.optim import Adam, GradientDescent, Momentum  # noqa: E402
from nnlearn.train import train  # noqa: E402

TOL = 1e-12
SLOPE = 0.1

TORCH_ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=SLOPE),
    "gelu": lambda z: F.gelu(z, approximate="tanh"),
    "softmax": lambda z: torch.softmax(z, dim=1),
}
TORCH_LOSSES = {
    "mse": lambda y_hat, y: F.mse_loss(y_hat, y),
    "half_mse": lambda y_hat, y: 0.5 * F.mse_loss(y_hat, y),
    "bce": lambda y_hat, y: F.binary_cross_entropy(y_hat, y),
    "bce_logits": lambda z, y: F.binary_cross_entropy_with_logits(z, y),
    "softmax_ce": lambda z, y: F.cross_entropy(z, y.argmax(dim=1)),
}
OUTPUT_FOR_LOSS = {"mse": "tanh", "half_mse": "identity", "bce": "sigmoid", "bce_logits": "identity",
                   "softmax_ce": "identity"}


def _nn_activation(name):
    return LeakyReLU(SLOPE) if name == "leaky_relu" else get_activation(name)


def _close(ours, theirs, tol=TOL):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else theirs
    np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol)


def test_every_activation_has_a_torch_counterpart_here():
    assert set(TORCH_ACTIVATIONS) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", sorted(TORCH_ACTIVATIONS))
def test_activation_forward_and_backward_match_torch(name):
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(0.0, 3.0, (20, 4)), [[-30.0, -1e-3, 1e-3, 30.0]]])
    grad_a = rng.normal(0.0, 1.0, z.shape)
    act = _nn_activation(name)
    a = act.forward(z)
    ours = act.backward(z, a, grad_a)

    zt = torch.tensor(z, requires_grad=True)
    at = TORCH_ACTIVATIONS[name](zt)
    at.backward(torch.tensor(grad_a))
    _close(a, at)
    _close(ours, zt.grad)


def _targets(loss, rng, n, k):
    if loss == "softmax_ce":
        return np.eye(k)[rng.integers(0, k, n)]
    if loss in ("bce", "bce_logits"):
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.normal(0.0, 1.0, (n, k))


@pytest.mark.parametrize("loss", sorted(TORCH_LOSSES))
def test_loss_value_and_gradient_match_torch(loss):
    rng = np.random.default_rng(1)
    n, k = 7, 3
    y_hat = rng.uniform(0.01, 0.99, (n, k)) if loss == "bce" else rng.normal(0.0, 2.0, (n, k))
    y = _targets(loss, rng, n, k)
    L = get_loss(loss)

    yt = torch.tensor(y_hat, requires_grad=True)
    value = TORCH_LOSSES[loss](yt, torch.tensor(y))
    value.backward()
    assert L.forward(y_hat, y) == pytest.approx(value.item(), rel=TOL, abs=TOL)
    _close(L.backward(y_hat, y), yt.grad)


def test_bce_matches_torch_at_probabilities_0_and_1():
    # both clamp each log at -100, and the gradient's denominator at 1e-12
    y_hat = np.array([[0.0, 1.0, 1e-20, 1.0 - 1e-16]])
    y = np.array([[1.0, 0.0, 1.0, 0.0]])
    yt = torch.tensor(y_hat, requires_grad=True)
    value = F.binary_cross_entropy(yt, torch.tensor(y))
    value.backward()
    L = get_loss("bce")
    assert L.forward(y_hat, y) == pytest.approx(value.item(), rel=TOL)
    _close(L.backward(y_hat, y), yt.grad)


def _torch_forward(net, X):
    """The same network in torch: returns the output and the parameter tensors [W1, b1, ...]."""
    params = [torch.tensor(p, requires_grad=True) for p in net.parameters()]
    a = torch.tensor(X)
    for layer, W, b in zip(net.layers, params[0::2], params[1::2]):
        a = TORCH_ACTIVATIONS[layer.activation.name](a @ W + b)
    return a, params


@pytest.mark.parametrize("loss", sorted(TORCH_LOSSES))
@pytest.mark.parametrize("hidden", sorted(TORCH_ACTIVATIONS))
def test_network_loss_and_every_gradient_match_torch(hidden, loss):
    rng = np.random.default_rng(2)
    net = Network([3, 5, 4, 3], _nn_activation(hidden), OUTPUT_FOR_LOSS[loss], seed=4)
    net.set_parameters([p if p.ndim == 2 else rng.normal(0.0, 0.5, p.shape) for p in net.parameters()])
    X = rng.normal(0.0, 1.0, (8, 3))
    y = _targets(loss, rng, 8, 3)
    value, grads = net.loss_and_gradients(X, y, loss)

    out, params = _torch_forward(net, X)
    value_t = TORCH_LOSSES[loss](out, torch.tensor(y))
    value_t.backward()
    assert value == pytest.approx(value_t.item(), rel=TOL, abs=TOL)
    for g, p in zip(grads, params):
        _close(g, p.grad)


# ---------------------------------------------------------------- optimisers over 50 steps
OPTIMIZERS = {
    "gd": (lambda: GradientDescent(0.5), lambda ps: torch.optim.SGD(ps, lr=0.5)),
    "momentum": (lambda: Momentum(0.2, beta=0.9), lambda ps: torch.optim.SGD(ps, lr=0.2, momentum=0.9)),
    "adam": (lambda: Adam(0.05, beta1=0.8, beta2=0.99, eps=1e-7),
             lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-7)),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_matches_torch_optim_over_50_steps(name):
    make_ours, make_theirs = OPTIMIZERS[name]
    X, y = logic_gate("XOR")
    net = Network([2, 4, 1], "tanh", "identity", seed=6)
    _, params = _torch_forward(net, X)
    torch_opt = make_theirs(params)
    Xt, yt = torch.tensor(X), torch.tensor(y[:, None])

    history = train(net, X, y, "bce_logits", optimizer=make_ours(), epochs=50)
    torch_losses = []
    for _ in range(50):
        torch_opt.zero_grad()
        a = Xt
        for layer, W, b in zip(net.layers, params[0::2], params[1::2]):
            a = TORCH_ACTIVATIONS[layer.activation.name](a @ W + b)
        loss = F.binary_cross_entropy_with_logits(a, yt)
        torch_losses.append(loss.item())
        loss.backward()
        torch_opt.step()

    np.testing.assert_allclose(history.loss, torch_losses, rtol=1e-10, atol=1e-10)
    for ours, theirs in zip(net.parameters(), params):
        _close(ours, theirs, tol=1e-10)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_step_matches_torch_for_the_same_gradients(name):
    # the update rule alone: the same 50 random gradients into both
    make_ours, make_theirs = OPTIMIZERS[name]
    rng = np.random.default_rng(8)
    ours = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    theirs = [torch.tensor(p.copy(), requires_grad=True) for p in ours]
    opt, torch_opt = make_ours(), make_theirs(theirs)
    for _ in range(50):
        grads = [rng.normal(size=p.shape) for p in ours]
        for t, g in zip(theirs, grads):
            t.grad = torch.tensor(g)
        opt.step(ours, grads)
        torch_opt.step()
    for p, t in zip(ours, theirs):
        _close(p, t, tol=1e-10)


def test_clip_by_global_norm_matches_torch():
    from nnlearn.optim import clip_by_global_norm

    rng = np.random.default_rng(9)
    grads = [rng.normal(size=(4, 3)), rng.normal(size=3)]
    tensors = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for t, g in zip(tensors, grads):
        t.grad = torch.tensor(g)
    norm_t = torch.nn.utils.clip_grad_norm_(tensors, max_norm=1.0)
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(norm_t.item(), rel=TOL)
    for c, t in zip(clipped, tensors):
        # torch divides by (norm + 1e-6), we by the norm exactly
        _close(c, t.grad, tol=1e-5)


@pytest.mark.parametrize("n_layers, acts", [(1, "tanh"), (2, "sigmoid"), (2, ["relu", "identity"])])
def test_residual_network_matches_torch(n_layers, acts):
    """A network with residual blocks: loss and every gradient equal torch's autograd (float64)."""
    from nnlearn.layers import Dense, Residual

    rng = np.random.default_rng(5)
    net = Network([Dense(3, 4, "tanh", rng=1), Residual(4, acts, n_layers, rng=2),
                   Residual(4, acts, n_layers, rng=3), Dense(4, 1, "sigmoid", rng=4)])
    X = rng.normal(size=(6, 3))
    y = (rng.random(6) < 0.5).astype(float)
    value, grads = net.loss_and_gradients(X, y, "bce")

    params = [torch.tensor(p, requires_grad=True) for p in net.parameters()]
    names = [acts] * n_layers if isinstance(acts, str) else acts
    it = iter(params)
    a = torch.tensor(X)
    W, b = next(it), next(it)
    a = torch.tanh(a @ W + b)
    for _ in range(2):
        h = a
        for name in names:
            W, b = next(it), next(it)
            h = TORCH_ACTIVATIONS[name](h @ W + b)
        a = a + h
    W, b = next(it), next(it)
    out = torch.sigmoid(a @ W + b)
    loss = F.binary_cross_entropy(out, torch.tensor(y)[:, None])
    loss.backward()
    assert value == pytest.approx(loss.item(), rel=TOL)
    for ours, p in zip(grads, params):
        _close(ours, p.grad)
