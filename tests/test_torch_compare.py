"""Chapter 7's comparisons with PyTorch: nnlearn and torch agree where they should, and the habits show."""

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # small models: one thread is faster on a shared machine

from nnlearn import torch_compare as tc  # noqa: E402
from nnlearn.by_hand import WORKED_EXAMPLE, from_given  # noqa: E402
from nnlearn.network import Network  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    from nnlearn.data import load_digits
    X_train, X_test, y_train, y_test = load_digits(one_hot=True)
    return X_train[:300], X_test[:100], y_train[:300], y_test[:100]


def test_worked_example_in_float64_equals_chapter_3_to_1e_12():
    result = tc.compare_worked_example()
    assert [r["name"] for r in result["rows"]] == ["loss", "w11", "w12", "b1", "w2", "b2"]
    assert result["max_diff64"] < 1e-12
    exact = from_given(WORKED_EXAMPLE).backward.gradients
    assert result["rows"][1]["torch64"] == pytest.approx(exact["w11"], abs=1e-12)


def test_worked_example_in_float32_is_close_but_not_exact():
    result = tc.compare_worked_example()
    assert 1e-12 < result["max_diff32"] < 1e-6


def test_both_layouts_give_the_same_gradients():
    rows = tc.worked_example_in_torch(layout="rows")
    cols = tc.worked_example_in_torch(layout="columns", dtype=np.float64)
    for name in rows:
        assert rows[name] == pytest.approx(cols[name], abs=1e-15)
    with pytest.raises(ValueError, match="layout"):
        tc.worked_example_in_torch(layout="diagonal")
    with pytest.raises(TypeError, match="dtype"):
        tc.worked_example_in_torch(dtype=np.int64)


def test_sequential_copy_transposes_the_weights_and_computes_the_same_function():
    net = Network([3, 4, 2], "relu", "identity", seed=3)
    model = tc.torch_sequential(net, ["relu", "identity"])
    W1 = net.parameters()[0]
    assert tuple(model[0].weight.shape) == (4, 3) and W1.shape == (3, 4)
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), W1.T)
    X = np.random.default_rng(0).normal(size=(5, 3))
    np.testing.assert_allclose(model(torch.from_numpy(X)).detach().numpy(), net.forward(X), atol=1e-14)


def test_sequential_refuses_bad_arguments():
    net = Network([3, 4, 2], "relu", "identity")
    with pytest.raises(TypeError, match="net"):
        tc.torch_sequential("net", ["relu", "identity"])
    with pytest.raises(ValueError, match="one activation per layer"):
        tc.torch_sequential(net, ["relu"])
    with pytest.raises(ValueError, match="activation"):
        tc.torch_sequential(net, ["gelu", "identity"])
    with pytest.raises(ValueError, match="loss"):
        tc.torch_loss("hinge")


def test_parity_table_differences_are_at_rounding_level(digits):
    X_train, _, y_train, _ = digits
    net = Network([64, 16, 10], "tanh", "identity", seed=0)
    rows = tc.parity_table(net, ["tanh", "identity"], X_train, y_train)
    assert [r["quantity"] for r in rows] == ["outputs", "loss", "dL/dW1", "dL/db1", "dL/dW2", "dL/db2"]
    assert rows[2]["shape"] == (64, 16)
    assert max(r["max_abs_diff"] for r in rows) < 1e-12
    assert all(r["max_abs_value"] > 0 for r in rows)


@pytest.mark.parametrize("optimizer, eta", [("gd", 0.5), ("adam", 0.01)])
def test_training_both_ways_gives_the_same_curve(digits, optimizer, eta):
    X_train, X_test, y_train, y_test = digits
    result = tc.train_both([64, 16, 10], ["tanh", "identity"], X_train, y_train, X_test, y_test,
                           optimizer, eta=eta, steps=20)
    assert result.max_diff < 1e-10
    assert result.nnlearn[-1] < result.nnlearn[0]
    assert result.accuracy_nnlearn == result.accuracy_torch
    with pytest.raises(ValueError, match="optimizer"):
        tc.train_both([64, 10], ["identity"], X_train, y_train, X_test, y_test, "lbfgs")


def test_forgetting_zero_grad_sums_the_gradients(digits):
    X_train, _, y_train, _ = digits
    result = tc.forgotten_zero_grad(X_train, y_train, sizes=(64, 8, 10), steps=10)
    np.testing.assert_allclose(result["ratio_after_k"], [1.0, 2.0, 3.0], rtol=1e-12)
    np.testing.assert_allclose(result["step_ratio_with"], 1.0, rtol=1e-12)
    assert result["step_ratio_without"][-1] > 2.0
    assert result["loss_with"][0] == result["loss_without"][0]


def test_bce_after_sigmoid_clamps_where_the_fused_loss_stays_exact():
    rows = {r["z"]: r for r in tc.bce_at_extreme_logits((-200.0, 0.0), dtype=np.float32)}
    assert rows[-200.0]["separate"] == 100.0  # log(0) clamped at -100
    assert rows[-200.0]["grad_separate"] == 0.0
    assert rows[-200.0]["fused"] == pytest.approx(200.0)
    assert rows[-200.0]["grad_fused"] == pytest.approx(-1.0)
    assert rows[0.0]["separate"] == pytest.approx(np.log(2.0), rel=1e-6)


def test_dropout_uses_one_mask_per_step_and_is_off_at_eval():
    result = tc.dropout_train_eval(n=1000, p=0.5, seed=0)
    assert 0.4 < result["dropped"] < 0.6
    assert result["scale"] == result["grad_of_kept"] == 2.0
    assert result["same_mask_in_backward"] and result["eval_is_identity"]
    assert result["masks_differ_between_calls"] > 0
    with pytest.raises(ValueError, match="p must"):
        tc.dropout_train_eval(p=1.0)


def test_dropout_leaves_torch_global_random_state_unchanged():
    before = torch.random.get_rng_state()
    tc.dropout_train_eval()
    assert torch.equal(before, torch.random.get_rng_state())


def test_benchmark_results_reader(tmp_path):
    assert tc.load_benchmark_results(tmp_path / "missing.json") is None
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"runs": [{"threads": 1, "workloads": [
        {"name": "XOR", "nnlearn": 0.1, "numpy": 0.09, "torch": 0.9},
        {"name": "MLP", "nnlearn": 0.3, "torch": 0.4}]}]}))
    rows = tc.load_benchmark_results(path)
    assert rows == [{"name": "XOR", "threads": 1, "nnlearn": 0.1, "torch": 0.9, "numpy": 0.09},
                    {"name": "MLP", "threads": 1, "nnlearn": 0.3, "torch": 0.4, "numpy": None}]
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        tc.load_benchmark_results(path)


def test_markdown_table():
    table = tc.markdown_table(["a", "b"], [["x", "1"]])
    assert table.splitlines() == ["| a | b |", "| --- | ---: |", "| x | 1 |"]


@pytest.mark.parametrize("value, latex", [(1.2e-8, "10^{-7}"), (8.0e-9, "10^{-8}"), (1e-7, "10^{-6}"),
                                          (3e-16, "10^{-12}"), (0.0, "10^{-12}"), (-2e-3, "10^{-2}")])
def test_bound_is_the_power_of_ten_above_with_a_floor(value, latex):
    assert tc.bound_latex(value) == latex


def test_tables_are_markdown_with_one_row_per_quantity(digits):
    worked = tc.worked_example_table_markdown(tc.compare_worked_example())
    assert len(worked.splitlines()) == 2 + 6 and "float32" in worked
    net = Network([64, 8, 10], "tanh", "identity")
    parity = tc.parity_table_markdown(tc.parity_table(net, ["tanh", "identity"], digits[0], digits[2]))
    assert "64 × 8" in parity and "{math}`< 10^{-12}`" in parity
    bce = tc.bce_table_markdown(tc.bce_at_extreme_logits((-200.0,)))
    assert "| \u2212200 | 200 | 100 | 200 | \u22121 | 0 | \u22121 |" in bce  # 0, never -0
    assert "not part of this version" in tc.benchmark_table_markdown(None)
    table = tc.benchmark_table_markdown([{"name": "XOR", "threads": 1, "nnlearn": 0.1, "torch": 0.75,
                                          "numpy": None}])
    assert "| XOR | 1 | 0.100 | 0.750 | 7.5 |" in table


def test_figures_draw_both_runs(digits):
    import matplotlib.pyplot as plt  # noqa: F401

    from nnlearn.plots.torch_compare import plot_forgotten_zero_grad, plot_training_comparison
    X_train, X_test, y_train, y_test = digits
    run = tc.train_both([64, 8, 10], ["tanh", "identity"], X_train, y_train, X_test, y_test, steps=5)
    fig = plot_training_comparison({"gd": run})
    assert len(fig.axes[0].lines) == 2 and fig.axes[0].get_title()
    zero = tc.forgotten_zero_grad(X_train, y_train, sizes=(64, 4, 10), steps=5)
    fig = plot_forgotten_zero_grad(zero)
    assert len(fig.axes) == 2 and fig.axes[1].get_yscale() == "log"
