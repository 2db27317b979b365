"""The exercise checkers: each passes a correct answer, names the typical wrong answers, reports a stub
as "not written yet" and a function that raises as such, and never lets an exception out."""

from __future__ import annotations

import json
import math
import pathlib
import re

import numpy as np
import pytest

from nnlearn import exercises as E
from nnlearn.exercises import _core, autograd, basics, networks


def sig(z):
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------ reference solutions

def update(w, b, x, y, eta):
    y_hat = 1.0 if x @ w + b >= 0 else 0.0
    return w + eta * (y - y_hat) * x, b + eta * (y - y_hat)


def predict(X, w, b):
    return (X @ w + b >= 0).astype(int)


def count(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def mse_gradient(y_hat, y):
    return 2 * (y_hat - y) / y_hat.size


def gd_step(w, b, x, y, eta):
    r = w * x + b - y
    return w - eta * np.mean(2 * r * x), b - eta * np.mean(2 * r)


def bce_gradient(z, y):
    return (sig(z) - y) / z.size


def forward(x1, x2, y, w11, w12, b1, w2, b2):
    z1 = w11 * x1 + w12 * x2 + b1
    a1 = 1 / (1 + math.exp(-z1))
    z2 = w2 * a1 + b2
    y_hat = 1 / (1 + math.exp(-z2))
    return z1, a1, z2, y_hat, 0.5 * (y_hat - y) ** 2


def backward(x1, x2, y, w11, w12, b1, w2, b2):
    _, a1, _, y_hat, _ = forward(x1, x2, y, w11, w12, b1, w2, b2)
    d2 = (y_hat - y) * y_hat * (1 - y_hat)
    d1 = d2 * w2 * a1 * (1 - a1)
    return d1 * x1, d1 * x2, d1, d2 * a1, d2


def tanh_delta(z, grad_a):
    return grad_a * (1 - np.tanh(z) ** 2)


def dense_backward(a_prev, W, delta):
    return a_prev.T @ delta, delta.sum(axis=0), delta @ W.T


def _xor(params, X, y, eta, *, n_div=True, hidden_slope=True, sign=-1.0, factor=1.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = sig(X @ W1 + b1)
    y_hat = sig(a1 @ W2 + b2)
    n = len(X) if n_div else 1
    d2 = factor * (y_hat - y.reshape(-1, 1)) / n * y_hat * (1 - y_hat)
    d1 = d2 @ W2.T * (a1 * (1 - a1) if hidden_slope else 1.0)
    return {"W1": W1 + sign * eta * X.T @ d1, "b1": b1 + sign * eta * d1.sum(0),
            "W2": W2 + sign * eta * a1.T @ d2, "b2": b2 + sign * eta * d2.sum(0)}


def xor_epoch(params, X, y, eta):
    return _xor(params, X, y, eta)


def success(y_hat, y):
    y_hat = np.ravel(y_hat)
    return bool(np.all(np.where(y == 1, y_hat > 0.5, y_hat < 0.5)))


def he_init(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def layer_gradient_norms(net, X, y, loss):
    grads = net.loss_and_gradients(X, y, loss)[1]
    return np.array([np.linalg.norm(g) for g in grads[0::2]])


def mul_backward(a, b, out_grad):
    return b * out_grad, a * out_grad


def tanh_backward(x, out_grad):
    return (1 - math.tanh(x) ** 2) * out_grad


REFERENCE = {
    "perceptron_update": update, "predict": predict, "count_parameters": count,
    "mse_gradient": mse_gradient, "gradient_step": gd_step, "bce_gradient": bce_gradient,
    "forward_pass": forward, "backward_pass": backward, "tanh_delta": tanh_delta,
    "dense_backward": dense_backward, "xor_epoch": xor_epoch, "success_test": success,
    "he_init": he_init, "layer_gradient_norms": layer_gradient_norms, "mul_backward": mul_backward,
    "tanh_backward": tanh_backward,
}


def checker(name):
    return getattr(E, "check_" + name)


def test_every_checker_in_the_module_has_a_reference_solution_here():
    names = {n[len("check_"):] for n in E.__all__ if n.startswith("check_")}
    assert names == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_checker_passes_the_reference_solution(name):
    result = checker(name)(REFERENCE[name])
    assert result.passed, str(result)
    assert result.status == "passed"
    assert str(result).startswith("\u2714 passed: ")
    assert "passed" in result._repr_html_()


def test_tanh_delta_accepts_a_function_of_the_activation():
    assert E.check_tanh_delta(lambda a, grad_a: grad_a * (1 - a ** 2)).passed
    # the same formula applied to z is wrong, and the checker says so
    assert not E.check_tanh_delta(lambda z, grad_a: grad_a * (1 - z ** 2)).passed


def test_xor_epoch_accepts_a_list_of_parameters():
    def as_list(params, X, y, eta):
        new = xor_epoch(params, X, y, eta)
        return [new[k] for k in ("W1", "b1", "W2", "b2")]
    assert E.check_xor_epoch(as_list).passed


# ------------------------------------------------------------------ typical wrong answers

def _sig_prime_missing_hidden(x1, x2, y, w11, w12, b1, w2, b2):
    _, a1, _, y_hat, _ = forward(x1, x2, y, w11, w12, b1, w2, b2)
    d2 = (y_hat - y) * y_hat * (1 - y_hat)
    d1 = d2 * w2
    return d1 * x1, d1 * x2, d1, d2 * a1, d2


def _backward_wrong_sign(*args):
    return tuple(-g for g in backward(*args))


def _naive_bce(z, y):  # dL/dy_hat times sigma'(z): 0/0 for saturated sigmoids
    p = sig(z)
    return (p - y) / (p * (1 - p)) * p * (1 - p) / z.size


WRONG = [
    # (checker, wrong function, words the verdict must contain)
    ("perceptron_update", lambda w, b, x, y, eta: (w - eta * (y - (x @ w + b >= 0)) * x,
                                                   b - eta * (y - (x @ w + b >= 0))), "Wrong sign"),
    ("perceptron_update", lambda w, b, x, y, eta: (w + (y - (x @ w + b >= 0)) * x, b + (y - (x @ w + b >= 0))),
     "learning rate eta is missing"),
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * (y - (x @ w + b > 0)) * x,
                                                   b + eta * (y - (x @ w + b > 0))), "use >=, not >"),
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * (y - (x @ w + b >= 0)) * x, b), "bias is not updated"),
    ("perceptron_update", lambda w, b, x, y, eta: ((w + eta * (y - (x @ w + b >= 0)) * x)[None, :], b),
     "shape (1, "),
    ("predict", lambda X, w, b: (X @ w + b > 0).astype(int), "use >=, not >"),
    ("predict", lambda X, w, b: X @ w + b, "You returned z"),
    ("predict", lambda X, w, b: (X @ w + b >= 0).astype(int)[:, None], "should have shape"),
    ("predict", lambda X, w, b: (X @ w + b < 0).astype(int), "classes are swapped"),
    ("count_parameters", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "weights only"),
    ("count_parameters", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])) + sum(s), "inputs have no biases"),
    ("count_parameters", lambda s: sum(a * b + a for a, b in zip(s[:-1], s[1:])), "one bias per unit"),
    ("mse_gradient", lambda y_hat, y: 2 * (y - y_hat) / y_hat.size, "Wrong sign"),
    ("mse_gradient", lambda y_hat, y: 2 * (y_hat - y), "1/(n k) is missing"),
    ("mse_gradient", lambda y_hat, y: (y_hat - y) / y_hat.size, "factor 2 is missing"),
    ("mse_gradient", lambda y_hat, y: (2 * (y_hat - y) / y_hat.size).T, "transposed"),
    ("mse_gradient", lambda y_hat, y: 2 * (y_hat - y) / len(y_hat), "number of examples n only"),
    ("gradient_step", lambda w, b, x, y, eta: (w + eta * np.mean(2 * (w * x + b - y) * x),
                                               b + eta * np.mean(2 * (w * x + b - y))), "Wrong sign"),
    ("gradient_step", lambda w, b, x, y, eta: (w - eta * np.sum(2 * (w * x + b - y) * x),
                                               b - eta * np.sum(2 * (w * x + b - y))), "1/n is missing"),
    ("gradient_step", lambda w, b, x, y, eta: (w - eta * np.mean((w * x + b - y) * x),
                                               b - eta * np.mean(w * x + b - y)), "factor 2"),
    ("gradient_step", lambda w, b, x, y, eta: (w - eta * np.mean(2 * (w * x + b - y)),
                                               b - eta * np.mean(2 * (w * x + b - y))), "needs the input"),
    ("bce_gradient", lambda z, y: (y - sig(z)) / z.size, "Wrong sign"),
    ("bce_gradient", lambda z, y: sig(z) - y, "1/n is missing"),
    ("bce_gradient", lambda z, y: (sig(z) - y) * sig(z) * (1 - sig(z)) / z.size, "extra factor"),
    ("bce_gradient", _naive_bce, "NaN or infinity"),
    ("bce_gradient", lambda z, y: ((sig(z) - y) / z.size)[:, None], "should have shape"),
    ("forward_pass", lambda *a: forward(*a)[:4] + (2 * forward(*a)[4],), "half squared error"),
    ("forward_pass", lambda x1, x2, y, w11, w12, b1, w2, b2: forward(x1, x2, y, w11, w12, b1, w2, b2)[:4],
     "Return 5 values"),
    ("forward_pass", lambda x1, x2, y, w11, w12, b1, w2, b2: (
        w11 * x1 + w12 * x2 + b1, w11 * x1 + w12 * x2 + b1, w2 * (w11 * x1 + w12 * x2 + b1) + b2,
        float(sig(w2 * (w11 * x1 + w12 * x2 + b1) + b2)),
        0.5 * (float(sig(w2 * (w11 * x1 + w12 * x2 + b1) + b2)) - y) ** 2), "apply the sigmoid"),
    ("backward_pass", _backward_wrong_sign, "Wrong sign"),
    ("backward_pass", _sig_prime_missing_hidden, "\u03c3\u2032(z1)"),
    ("backward_pass", lambda *a: backward(*a)[::-1], "is wrong"),
    ("tanh_delta", lambda z, grad_a: -grad_a * (1 - np.tanh(z) ** 2), "Wrong sign"),
    ("tanh_delta", lambda z, grad_a: grad_a * np.tanh(z) * (1 - np.tanh(z)), "sigmoid's slope"),
    ("tanh_delta", lambda z, grad_a: 1 - np.tanh(z) ** 2, "slope only"),
    ("tanh_delta", lambda z, grad_a: (grad_a * (1 - np.tanh(z) ** 2)).T, "transposed"),
    ("dense_backward", lambda a_prev, W, delta: (delta.T @ a_prev, delta.sum(0), delta @ W.T), "transposed"),
    ("dense_backward", lambda a_prev, W, delta: (a_prev.T @ delta, delta.mean(0), delta @ W.T), "not the mean"),
    ("dense_backward", lambda a_prev, W, delta: (-(a_prev.T @ delta), -delta.sum(0), -(delta @ W.T)), "Wrong sign"),
    ("dense_backward", lambda a_prev, W, delta: (a_prev.T @ delta, delta, delta @ W.T), "db has shape"),
    ("dense_backward", lambda a_prev, W, delta: (a_prev.T @ delta, delta.sum(0), W @ delta.T), "grad_a_prev"),
    ("xor_epoch", lambda p, X, y, eta: _xor(p, X, y, eta, sign=+1.0), "Wrong sign"),
    ("xor_epoch", lambda p, X, y, eta: _xor(p, X, y, eta, n_div=False), "1/n is missing"),
    ("xor_epoch", lambda p, X, y, eta: _xor(p, X, y, eta, hidden_slope=False), "hidden layer's \u03c3\u2032"),
    ("xor_epoch", lambda p, X, y, eta: _xor(p, X, y, eta, factor=2.0), "factor 2 too many"),
    ("xor_epoch", lambda p, X, y, eta: {k: v.T for k, v in xor_epoch(p, X, y, eta).items()}, "W1"),
    ("success_test", lambda y_hat, y: bool(np.all((y_hat > 0.5) == (y == 1))), "broadcasts"),
    ("success_test", lambda y_hat, y: bool(np.all((np.ravel(y_hat) >= 0.5) == (y == 1))), "exactly 0.5"),
    ("success_test", lambda y_hat, y: bool(np.any((np.ravel(y_hat) > 0.5) == (y == 1))), "(all), not just one"),
    ("success_test", lambda y_hat, y: float(np.mean((np.ravel(y_hat) > 0.5) == (y == 1))), "one True or False"),
    ("he_init", lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out)), "factor 2"),
    ("he_init", lambda n_in, n_out, rng: rng.normal(0.0, 2.0 / n_in, size=(n_in, n_out)), "square root"),
    ("he_init", lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_in, n_out)), "fan-out"),
    ("he_init", lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in)), "transposed"),
    ("he_init", lambda n_in, n_out, rng: rng.uniform(-1, 1, size=(n_in, n_out)) * np.sqrt(6.0 / n_in), "not normal"),
    ("he_init", lambda n_in, n_out, rng: np.random.default_rng().normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out)),
     "Draw from the generator you are given"),
    ("layer_gradient_norms", lambda net, X, y, loss: layer_gradient_norms(net, X, y, loss)[::-1], "reversed"),
    ("layer_gradient_norms", lambda net, X, y, loss: np.array([np.linalg.norm(W) for W in net.parameters()[0::2]]),
     "norms of the weights"),
    ("layer_gradient_norms", lambda net, X, y, loss: layer_gradient_norms(net, X, y, loss) ** 2, "squared norms"),
    ("layer_gradient_norms", lambda net, X, y, loss: np.array(
        [np.linalg.norm(np.concatenate([g.ravel(), b.ravel()])) for g, b in
         zip(*[iter(net.loss_and_gradients(X, y, loss)[1])] * 2)]), "biases"),
    ("mul_backward", lambda a, b, g: (a * g, b * g), "swapped"),
    ("mul_backward", lambda a, b, g: (b, a), "out_grad is missing"),
    ("mul_backward", lambda a, b, g: (-b * g, -a * g), "Wrong sign"),
    ("mul_backward", lambda a, b, g: b * g, "Return 2 values"),
    ("tanh_backward", lambda x, g: (1 - x ** 2) * g, "not 1 \u2212 x\u00b2"),
    ("tanh_backward", lambda x, g: -(1 - math.tanh(x) ** 2) * g, "Wrong sign"),
    ("tanh_backward", lambda x, g: 1 - math.tanh(x) ** 2, "out_grad is missing"),
    ("tanh_backward", lambda x, g: [(1 - math.tanh(x) ** 2) * g] * 2, "one number"),
]


@pytest.mark.parametrize("name, wrong, words", WRONG, ids=[f"{n}-{w[:24]}" for n, _, w in WRONG])
def test_checker_names_a_typical_wrong_answer(name, wrong, words):
    result = checker(name)(wrong)
    assert not result.passed
    assert result.status == "failed"
    text = str(result)
    assert words in text, text
    assert "yours" in text and "expected" in text and "hint" in text
    assert "Traceback" not in text


def test_every_checker_is_tested_with_at_least_three_wrong_answers():
    counts = {name: sum(n == name for n, _, _ in WRONG) for name in REFERENCE}
    assert min(counts.values()) >= 3, counts


# ------------------------------------------------------------------ stubs, errors, misuse

def stub(*args):
    raise NotImplementedError("write this function")


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_a_stub_is_not_written_yet(name):
    result = checker(name)(stub)
    assert result.status == "not written yet"
    assert not result.passed
    assert "NotImplementedError" in result.summary


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_a_function_that_raises_is_reported_not_propagated(name):
    def broken(*args):
        return 1 / 0 if args else None

    result = checker(name)(broken)
    assert result.status == "raised an error"
    assert "ZeroDivisionError" in result.summary
    assert not result.passed


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_a_function_returning_none_is_a_failure_with_a_hint(name):
    result = checker(name)(lambda *args: None)
    assert result.status == "failed"
    assert not result.passed


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_passing_a_value_instead_of_a_function_is_explained(name):
    result = checker(name)(3.5)
    assert result.status == "failed"
    assert "your function itself" in result.summary


def test_checker_does_not_change_with_the_readers_mutation_of_inputs():
    def mutating(y_hat, y):
        g = 2 * (y_hat - y) / y_hat.size
        y_hat[...] = 0.0  # the reader's function scribbles on its input
        return g
    assert E.check_mse_gradient(mutating).passed
    assert E.check_mse_gradient(mse_gradient).passed


def test_reader_warnings_do_not_escape(recwarn):
    def noisy(z, y):
        return (1 / (1 + np.exp(-z)) - y) / z.size  # overflows in exp for z = -800
    assert E.check_bce_gradient(noisy).passed
    assert len(recwarn) == 0


# ------------------------------------------------------------------ the verdict itself

def test_verdict_text_is_deterministic_and_rounded():
    result = E.check_mse_gradient(lambda y_hat, y: (y_hat - y) / y_hat.size * 1.0000001 + 1e-3)
    text = str(result)
    assert text == str(E.check_mse_gradient(lambda y_hat, y: (y_hat - y) / y_hat.size * 1.0000001 + 1e-3))
    assert not re.search(r"\d\.\d{7,}", text), text  # no number with more than 6 significant digits


def test_verdict_states_the_tolerance():
    assert "1e-06" in E.check_mse_gradient(mse_gradient).tolerance
    failed = E.check_mse_gradient(lambda y_hat, y: 0 * y_hat)
    assert "tolerance" in str(failed)


def test_html_escapes_the_readers_output():
    result = E.check_count_parameters(lambda sizes: "<b>many</b>")
    assert "<b>many</b>" not in result._repr_html_()
    assert "&lt;b&gt;" in result._repr_html_()


def test_references_agree_with_finite_differences():
    """The checkers' expected values (nnlearn) and their central differences agree on every case:
    otherwise a correct answer could never pass."""
    for ex in (basics._MSE, basics._GD, basics._BCE, basics._BACKWARD, networks._TANH_DELTA, networks._DENSE,
               networks._XOR, networks._NORMS, autograd._MUL, autograd._TANH_BACKWARD):
        for case in ex.cases():
            expected = _core._tuple(ex.reference(**case.inputs), len(ex.outputs))
            fd = _core._tuple(ex.finite_differences(**case.inputs), len(ex.outputs))
            got = fd if len(ex.outputs) > 1 else fd[0]
            assert _core._compare(got, expected, ex.outputs, "float", rtol=E.FD_TOL, atol=E.FD_TOL) is None, \
                (ex.title, case.name)


def test_cases_cover_the_edge_cases_the_book_promises():
    names = " ".join(c.name for ex in (basics._MSE, basics._BCE, networks._TANH_DELTA, networks._DENSE, networks._XOR)
                     for c in ex.cases())
    for words in ("batch of one", "saturated", "not square", "zero"):
        assert words in names, words


# ------------------------------------------------------------------ the chapters use them

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("chapter", ["01", "02", "03"])
def test_chapter_has_two_coding_exercises_with_stub_checker_and_folded_solution(chapter):
    """Each coding exercise: a stub that raises NotImplementedError, the checker on it (saved verdict
    "not written yet"), then, between solution-start and solution-end, a solution that passes."""
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.ipynb")
    cells = json.loads(path.read_text())["cells"]
    source = ["".join(c["source"]) for c in cells]

    def saved_text(cell):
        return "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))

    calls = [(i, m.group(1), m.group(2)) for i, s in enumerate(source)
             for m in re.finditer(r"^(check_\w+)\((\w+)\)$", s, re.M)]
    stubs = [(i, check, fn) for i, check, fn in calls if fn.startswith("my_")]
    assert len(stubs) >= 2, calls
    for i, check, fn in stubs:
        assert hasattr(E, check)
        assert any(f"def {fn}(" in s and "raise NotImplementedError" in s for s in source[:i])
        assert saved_text(cells[i]).startswith("\u270e not written yet")
        # the solution: in the next solution-start ... solution-end block, the same checker passes
        start = next(k for k in range(i, len(cells)) if "{solution-start}" in source[k])
        end = next(k for k in range(start, len(cells)) if "{solution-end}" in source[k])
        solved = [k for k in range(start, end) if re.search(rf"^{check}\(\w+_solution\)$", source[k], re.M)]
        assert solved, (check, start, end)
        assert saved_text(cells[solved[0]]).startswith("\u2714 passed")
