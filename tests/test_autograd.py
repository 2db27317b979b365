"""The scalar autograd engine against PyTorch in float64: values and gradients to 1e-12."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlearn.autograd import MLP, Layer, Neuron, Value, topological_order, train_mlp

torch = pytest.importorskip("torch")

TOL = 1e-12


def _leaves(*numbers):
    ours = [Value(x) for x in numbers]
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in numbers]
    return ours, theirs


def _assert_same(fn, *numbers, tol=TOL):
    """fn applied to Values and to float64 tensors: same value, same gradient for every input."""
    ours, theirs = _leaves(*numbers)
    out, out_t = fn(*ours), fn(*theirs)
    out.backward()
    out_t.backward()
    np.testing.assert_allclose(out.data, out_t.item(), rtol=tol, atol=tol)
    for v, t in zip(ours, theirs):
        expected = 0.0 if t.grad is None else t.grad.item()
        np.testing.assert_allclose(v.grad, expected, rtol=tol, atol=tol)


UNARY = {
    "exp": (lambda u: u.exp(), [-3.0, 0.0, 0.7, 5.0]),
    "log": (lambda u: u.log(), [1e-3, 0.5, 1.0, 7.0]),
    "tanh": (lambda u: u.tanh(), [-20.0, -0.8, 0.0, 0.3, 4.0]),
    "sigmoid": (lambda u: u.sigmoid(), [-800.0, -30.0, -1.0, 0.0, 2.5, 30.0, 800.0]),
    "relu": (lambda u: u.relu(), [-2.0, 0.0, 1.5]),
    "neg": (lambda u: -u, [-1.5, 2.0]),
    "square": (lambda u: u ** 2, [-1.5, 0.0, 2.0]),
    "cube": (lambda u: u ** 3, [-1.5, 2.0]),
    "inverse": (lambda u: u ** -1, [-1.5, 0.25, 2.0]),
    "sqrt": (lambda u: u ** 0.5, [0.25, 2.0]),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operation_matches_torch(name):
    fn, points = UNARY[name]
    for x in points:
        _assert_same(fn, x)


BINARY = {
    "add": lambda u, v: u + v,
    "sub": lambda u, v: u - v,
    "mul": lambda u, v: u * v,
    "div": lambda u, v: u / v,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("x, y", [(2.0, -3.0), (-0.5, 0.25), (1e3, 7.0)])
def test_binary_operation_matches_torch(name, x, y):
    _assert_same(BINARY[name], x, y)


@pytest.mark.parametrize("fn", [
    lambda u: 2 + u, lambda u: u + 2, lambda u: 2 - u, lambda u: u - 2, lambda u: 3 * u, lambda u: u * 3,
    lambda u: 2 / u, lambda u: u / 2, lambda u: 1.5 ** 2 * u,
], ids=["radd", "add", "rsub", "sub", "rmul", "mul", "rtruediv", "truediv", "const"])
def test_python_numbers_on_either_side(fn):
    _assert_same(fn, 1.75)
    _assert_same(fn, -0.6)


def test_composite_expression_matches_torch():
    def f(a, b, c):
        d = a * b + c ** 2 / a - 1 / b
        e = (d.tanh() * a.exp() - (-b).relu() + c.sigmoid().log()) / (1 + a * a)
        return e * d + e.relu() * 3 - (a - c).sigmoid()
    for point in [(2.0, -3.0, 0.5), (-1.2, 0.7, 1.9), (0.3, 0.3, -2.0)]:
        _assert_same(f, *point)


def test_chapter3_network_matches_by_hand():
    from nnlearn.by_hand import WORKED_EXAMPLE as g
    from nnlearn.by_hand import from_given
    w11, w12, b1, w2, b2 = (Value(getattr(g, n)) for n in ("w11", "w12", "b1", "w2", "b2"))
    a1 = (w11 * g.x1 + w12 * g.x2 + b1).sigmoid()
    y_hat = (w2 * a1 + b2).sigmoid()
    loss = 0.5 * (y_hat - g.y) ** 2
    loss.backward()
    hand = from_given(g).backward
    for v, name in zip((w11, w12, b1, w2, b2), ("dL_dw11", "dL_dw12", "dL_db1", "dL_dw2", "dL_db2")):
        assert v.grad == pytest.approx(getattr(hand, name), abs=TOL)


def test_gradients_add_up_where_a_value_is_used_twice():
    a = Value(3.0)
    b = a + a  # db/da = 2
    b.backward()
    assert a.grad == 2.0
    x = Value(-2.0)
    y = x * x * x  # 3 x^2
    y.backward()
    assert x.grad == pytest.approx(12.0, abs=TOL)
    _assert_same(lambda u: u * u + u.tanh() * u - u / (u * u + 1), 0.8)


def test_topological_order_puts_each_node_after_its_inputs_once():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e
    assert len(order) == len({id(n) for n in order}) == 5
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node.children:
            assert position[id(child)] < position[id(node)]


def test_a_graph_ten_thousand_deep_works_without_recursion():
    x = Value(0.5)
    y = x
    for _ in range(10_000):
        y = y * 1.0001 + 0.001
    assert len(topological_order(y)) > sys.getrecursionlimit()
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** 10_000, rel=1e-9)


def test_calling_backward_twice_accumulates_like_torch_retain_graph():
    a = Value(1.5)
    m = a * a
    out = m.tanh()
    out.backward()
    first, m_first = a.grad, m.grad
    out.backward()
    assert m.grad == m_first  # an intermediate value holds this pass's gradient, not a sum
    t = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    out_t = torch.tanh(t * t)
    out_t.backward(retain_graph=True)
    out_t.backward()
    assert a.grad == pytest.approx(2 * first, abs=TOL)
    assert a.grad == pytest.approx(t.grad.item(), abs=TOL)


def test_zero_grad_clears_the_whole_graph_so_backward_starts_fresh():
    a = Value(1.5)
    out = (a * a).tanh()
    out.backward()
    first = a.grad
    out.zero_grad()
    assert all(n.grad == 0.0 for n in topological_order(out))
    out.backward()
    assert a.grad == first


@pytest.mark.parametrize("bad", ["2.0", None, [1.0], True, 1j])
def test_a_non_number_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="data"):
        Value(bad)
    with pytest.raises(TypeError, match="other"):
        Value(1.0) + bad
    with pytest.raises(TypeError, match="other"):
        Value(1.0) * bad


def test_bad_powers_and_logs_are_refused_with_a_message():
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** "2"
    with pytest.raises(ValueError, match="non-integer power"):
        Value(-2.0) ** 0.5
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()
    with pytest.raises(TypeError, match="root"):
        topological_order(3.0)


def test_sigmoid_is_finite_at_extreme_inputs():
    for x in (-1e4, 1e4):
        s = Value(x).sigmoid()
        s.backward()
        assert math.isfinite(s.data)


# ------------------------------------------------------------------ random expressions (hypothesis)

def _expressions(leaves: int):
    """A strategy for expression trees over leaves x0..x{leaves-1}; every operation stays in its domain."""
    leaf = st.integers(0, leaves - 1).map(lambda i: ("x", i)) | st.floats(-2, 2).map(lambda c: ("c", c))
    unary = ["tanh", "sigmoid", "relu", "neg", "square", "exp_tanh", "log_1p_sq"]
    binary = ["add", "sub", "mul", "div_safe", "radd", "rmul", "rsub"]
    return st.recursive(
        leaf,
        lambda kids: st.tuples(st.sampled_from(unary), kids) | st.tuples(st.sampled_from(binary), kids, kids),
        max_leaves=12,
    )


def _evaluate(tree, xs):
    kind = tree[0]
    if kind == "x":
        return xs[tree[1]]
    if kind == "c":
        return tree[1]
    args = [_evaluate(t, xs) for t in tree[1:]]
    u = args[0]
    if isinstance(u, float) and len(args) == 1:
        u = xs[0] * 0 + u  # keep it a graph node
    if kind == "tanh":
        return u.tanh()
    if kind == "sigmoid":
        return u.sigmoid()
    if kind == "relu":
        return u.relu()
    if kind == "neg":
        return -u
    if kind == "square":
        return u ** 2
    if kind == "exp_tanh":
        return u.tanh().exp()
    if kind == "log_1p_sq":
        return (1 + u ** 2).log()
    v = args[1]
    if isinstance(u, float) and isinstance(v, float):
        u = xs[0] * 0 + u
    if kind == "add":
        return u + v
    if kind == "sub":
        return u - v
    if kind == "mul":
        return u * v
    if kind == "div_safe":
        return u / (1 + v ** 2)
    if kind == "radd":
        return 1.5 + u
    if kind == "rmul":
        return 0.5 * u
    if kind == "rsub":
        return 1.0 - u
    raise AssertionError(kind)


@settings(max_examples=150, deadline=None)
@given(tree=_expressions(3), xs=st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_random_expressions_match_torch(tree, xs):
    ours, theirs = _leaves(*xs)
    out, out_t = _evaluate(tree, ours), _evaluate(tree, theirs)
    if not isinstance(out, Value):
        return  # a constant expression: nothing to differentiate
    out = out + 0.0 * ours[0]
    out_t = out_t + 0.0 * theirs[0]
    out.backward()
    out_t.backward()
    scale = max(1.0, abs(out_t.item()))
    assert abs(out.data - out_t.item()) <= 1e-12 * scale
    for v, t in zip(ours, theirs):
        g = 0.0 if t.grad is None else t.grad.item()
        assert abs(v.grad - g) <= 1e-12 * max(1.0, abs(g)), (v.grad, g)


# ------------------------------------------------------------------ the tiny network

def test_mlp_shapes_and_parameter_count():
    model = MLP([2, 8, 1], seed=0)
    assert len(model.parameters()) == 2 * 8 + 8 + 8 + 1
    out = model([0.5, -1.0])
    assert len(out) == 1 and isinstance(out[0], Value)
    assert len(Layer(3, 4)([1.0, 2.0, 3.0])) == 4
    assert isinstance(Neuron(2, "relu")([1.0, 1.0]), Value)


def test_mlp_gradients_match_torch():
    model = MLP([2, 3, 1], seed=1)
    x, target = [0.4, -0.7], 0.3
    loss = (model(x)[0] - target) ** 2
    loss.backward()
    W1 = torch.tensor([[p.data for p in n.w] for n in model.layers[0].neurons], dtype=torch.float64,
                      requires_grad=True)
    b1 = torch.tensor([n.b.data for n in model.layers[0].neurons], dtype=torch.float64, requires_grad=True)
    W2 = torch.tensor([[p.data for p in n.w] for n in model.layers[1].neurons], dtype=torch.float64,
                      requires_grad=True)
    b2 = torch.tensor([n.b.data for n in model.layers[1].neurons], dtype=torch.float64, requires_grad=True)
    h = torch.tanh(W1 @ torch.tensor(x, dtype=torch.float64) + b1)
    loss_t = ((W2 @ h + b2)[0] - target) ** 2
    loss_t.backward()
    assert loss.data == pytest.approx(loss_t.item(), abs=TOL)
    ours_W1 = [[p.grad for p in n.w] for n in model.layers[0].neurons]
    np.testing.assert_allclose(ours_W1, W1.grad.numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose([n.b.grad for n in model.layers[1].neurons], b2.grad.numpy(), atol=TOL)


def test_train_mlp_lowers_the_loss_on_xor():
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [-1.0, 1.0, 1.0, -1.0]
    losses = train_mlp(MLP([2, 4, 1], seed=0), X, y, eta=0.1, steps=200)
    assert len(losses) == 200
    assert losses[-1] < 0.05 * losses[0]


def test_bad_network_arguments_are_refused():
    with pytest.raises(ValueError, match="n_in"):
        Neuron(0)
    with pytest.raises(ValueError, match="activation"):
        Neuron(2, "softplus")
    with pytest.raises(ValueError, match="sizes"):
        MLP([2])
    with pytest.raises(ValueError, match="equally long"):
        train_mlp(MLP([2, 1]), [[0.0, 1.0]], [1.0, 0.0])
