"""Tests of nnlearn.perceptron: the step neuron, Rosenblatt's rule, training records, the widget's numbers."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlearn.data import logic_gate
from nnlearn.perceptron import (MAX_MARGIN_EXAMPLES, Perceptron, PerceptronHistory, convergence_bound,
                                exact_pre_activation, max_margin_separator, neuron, perceptron_update,
                                perceptron_view, random_search, step, summarize_history, train_perceptron)

GATES_SEPARABLE = ["AND", "OR", "NAND"]


# ------------------------------------------------------------------ step
def test_step_is_one_for_nonnegative_and_zero_for_negative():
    z = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0])
    assert step(z).tolist() == [0, 0, 1, 1, 1]


def test_step_keeps_the_shape_and_returns_integers():
    out = step(np.zeros((3, 2)))
    assert out.shape == (3, 2)
    assert out.dtype.kind == "i"


def test_step_of_a_scalar_is_a_scalar_array():
    assert int(step(-0.5)) == 0 and int(step(0.5)) == 1


def test_step_rejects_text():
    with pytest.raises(TypeError, match="z"):
        step("1.0")


def test_step_rejects_nan():
    with pytest.raises(ValueError, match="NaN"):
        step(np.array([0.0, np.nan]))


# ---------------------------------------------------------------- neuron
def test_neuron_computes_z_and_a_of_a_worked_example():
    v = neuron([1.0, 0.5], [0.7, -0.4], -0.2)
    assert v.products == pytest.approx([0.7, -0.2])
    assert v.z == pytest.approx(0.3)
    assert v.a == 1.0


def test_neuron_with_sigmoid_uses_the_logistic_function():
    v = neuron([1.0, 0.5], [0.7, -0.4], -0.2, activation="sigmoid")
    assert v.a == pytest.approx(1 / (1 + np.exp(-0.3)))


def test_neuron_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="w must have shape"):
        neuron([1.0, 0.5], [0.7, -0.4, 1.0], 0.0)


def test_neuron_rejects_an_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        neuron([1.0], [1.0], 0.0, activation="sine")


def test_neuron_rejects_a_non_string_activation():
    with pytest.raises(TypeError, match="activation"):
        neuron([1.0], [1.0], 0.0, activation=3)


def test_neuron_rejects_a_non_numeric_bias():
    with pytest.raises(TypeError, match="b must be a number"):
        neuron([1.0], [1.0], "0")


# ------------------------------------------------------------ Perceptron
def test_perceptron_predicts_and_with_hand_weights():
    X, y = logic_gate("AND")
    p = Perceptron(np.array([1.0, 1.0]), -1.5)
    assert p.pre_activation(X) == pytest.approx([-1.5, -0.5, -0.5, 0.5])
    assert p.predict(X).tolist() == [0, 0, 0, 1]
    assert p.n_mistakes(X, y) == 0


def test_perceptron_takes_one_example_as_one_row():
    p = Perceptron([2.0, -1.0], 0.5)
    assert p.predict([1.0, 3.0]).tolist() == [0]


def test_perceptron_copies_its_weights():
    w = np.array([1.0, 1.0])
    p = Perceptron(w, 0.0)
    w[0] = 99.0
    assert p.w[0] == 1.0


def test_perceptron_rejects_the_wrong_number_of_features():
    p = Perceptron([1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="3 features"):
        p.predict(np.ones((4, 3)))


def test_perceptron_rejects_an_infinite_bias():
    with pytest.raises(ValueError, match="b must be a finite number"):
        Perceptron([1.0, 1.0], float("inf"))


def test_perceptron_rejects_2d_weights():
    with pytest.raises(ValueError, match="w must be a 1-D array"):
        Perceptron(np.ones((2, 2)), 0.0)


# ------------------------------------------------------- the update rule
def test_update_leaves_a_right_prediction_unchanged():
    w, b = perceptron_update(np.array([1.0, 1.0]), -1.5, np.array([1.0, 1.0]), 1, eta=0.7)
    assert w.tolist() == [1.0, 1.0] and b == -1.5


def test_update_adds_eta_x_for_a_missed_one():
    w, b = perceptron_update(np.array([0.0, 0.0]), -1.0, np.array([1.0, 2.0]), 1, eta=0.5)
    assert w.tolist() == [0.5, 1.0] and b == -0.5


def test_update_subtracts_eta_x_for_a_false_one():
    w, b = perceptron_update(np.array([0.0, 0.0]), 0.0, np.array([1.0, 2.0]), 0, eta=0.5)
    assert w.tolist() == [-0.5, -1.0] and b == -0.5


def test_update_does_not_change_its_input():
    w = np.array([0.0, 0.0])
    perceptron_update(w, 0.0, np.array([1.0, 1.0]), 0)
    assert w.tolist() == [0.0, 0.0]


def test_update_rejects_a_label_that_is_not_zero_or_one():
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        perceptron_update(np.zeros(2), 0.0, np.ones(2), 0.5)


def test_update_rejects_a_non_positive_learning_rate():
    with pytest.raises(ValueError, match="eta"):
        perceptron_update(np.zeros(2), 0.0, np.ones(2), 1, eta=0.0)


def test_update_rejects_x_and_w_of_different_shapes():
    with pytest.raises(ValueError, match="x has shape"):
        perceptron_update(np.zeros(2), 0.0, np.ones(3), 1)


# --------------------------------------------------------------- training
@pytest.mark.parametrize("gate", GATES_SEPARABLE)
def test_training_converges_on_separable_gates(gate):
    X, y = logic_gate(gate)
    h = train_perceptron(X, y, epochs=100)
    assert h.converged
    assert h.updates_to_converge == h.n_updates
    assert h.perceptron.n_mistakes(X, y) == 0
    assert h.errors_after_epoch[-1] == 0


def test_and_from_zero_takes_eleven_updates_to_the_line_2x1_plus_x2_minus_3():
    # Worked by hand with the rule, visiting (0,0), (0,1), (1,0), (1,1) in order, step(0) = 1.
    X, y = logic_gate("AND")
    h = train_perceptron(X, y)
    assert h.n_updates == 11
    assert h.w.tolist() == [2.0, 1.0] and h.b == -3.0
    assert h.mistakes_per_epoch.tolist() == [2, 3, 3, 2, 1]


def test_or_from_zero_takes_five_updates():
    X, y = logic_gate("OR")
    h = train_perceptron(X, y)
    assert h.n_updates == 5 and h.w.tolist() == [1.0, 1.0] and h.b == -1.0


def test_the_record_replays_the_rule_update_by_update():
    X, y = logic_gate("AND")
    h = train_perceptron(X, y, eta=0.5)
    assert h.weights.shape == (h.n_updates + 1, 2)
    assert h.biases.shape == (h.n_updates + 1,)
    assert h.mistakes_per_epoch.sum() == h.n_updates
    for k in range(h.n_updates):
        i = h.update_example[k]
        w, b = perceptron_update(h.weights[k], h.biases[k], X[i], y[i], 0.5)
        assert np.array_equal(w, h.weights[k + 1]) and b == h.biases[k + 1]
        assert not np.array_equal(w, h.weights[k]) or b != h.biases[k]  # every record is a real change


def test_update_epochs_are_counted_from_one_and_never_decrease():
    X, y = logic_gate("AND")
    h = train_perceptron(X, y)
    assert h.update_epoch[0] == 1
    assert np.all(np.diff(h.update_epoch) >= 0)
    assert h.update_epoch[-1] <= h.epochs_run


def test_xor_never_converges_within_the_budget():
    X, y = logic_gate("XOR")
    h = train_perceptron(X, y, epochs=40)
    assert not h.converged
    assert h.updates_to_converge is None
    assert h.epochs_run == 40
    assert np.all(h.mistakes_per_epoch >= 1)
    assert np.all(h.errors_after_epoch >= 1)


def test_xor_weights_cycle_from_epoch_to_epoch():
    X, y = logic_gate("XOR")
    h = train_perceptron(X, y, epochs=10)
    W, b = h.after_epoch()
    assert W.shape == (10, 2) and b.shape == (10,)
    assert np.all(W[2:] == W[1]) and np.all(b[2:] == b[1])


def test_after_epoch_ends_at_the_final_weights():
    X, y = logic_gate("AND")
    h = train_perceptron(X, y)
    W, b = h.after_epoch()
    assert np.array_equal(W[-1], h.w) and b[-1] == h.b


def test_a_start_that_is_already_right_needs_no_update():
    X, y = logic_gate("AND")
    h = train_perceptron(X, y, w0=[1.0, 1.0], b0=-1.5)
    assert h.converged and h.n_updates == 0 and h.epochs_run == 1


def test_training_is_deterministic():
    X, y = logic_gate("NAND")
    h1, h2 = train_perceptron(X, y, eta=0.3), train_perceptron(X, y, eta=0.3)
    assert np.array_equal(h1.weights, h2.weights) and np.array_equal(h1.biases, h2.biases)


@pytest.mark.parametrize("eta", [0.25, 0.5, 2.0, 4.0])
def test_from_zero_a_power_of_two_learning_rate_scales_the_weights_and_keeps_the_count(eta):
    X, y = logic_gate("AND")
    base = train_perceptron(X, y, eta=1.0)
    h = train_perceptron(X, y, eta=eta)
    assert h.n_updates == base.n_updates
    assert np.array_equal(h.weights, eta * base.weights)


def test_exact_arithmetic_with_eta_one_tenth_agrees_with_eta_one_but_floats_do_not():
    # In exact arithmetic eta only scales the weights, so the updates are the same; with floats,
    # 0.1 is not exact, ties z = 0 tip either way, and the count changes. The chapter's exercise says so.
    X, y = logic_gate("AND")
    eta = Fraction(1, 10)
    w, b, n = [Fraction(0), Fraction(0)], Fraction(0), 0
    for _ in range(100):
        mistakes = 0
        for x, t in zip(X.astype(int).tolist(), y.astype(int).tolist()):
            y_hat = int(w[0] * x[0] + w[1] * x[1] + b >= 0)
            if y_hat != t:
                w = [w[0] + eta * (t - y_hat) * x[0], w[1] + eta * (t - y_hat) * x[1]]
                b += eta * (t - y_hat)
                mistakes += 1
                n += 1
        if mistakes == 0:
            break
    assert n == train_perceptron(X, y, eta=1.0).n_updates
    assert train_perceptron(X, y, eta=0.1).n_updates != n


@settings(max_examples=60, deadline=None)
@given(angle=st.floats(0, 2 * np.pi), offset=st.floats(-0.5, 0.5), seed=st.integers(0, 2**16),
       eta=st.sampled_from([0.1, 0.5, 1.0, 3.0]))
def test_training_converges_on_any_separable_data_with_a_margin(angle, offset, seed, eta):
    # Perceptron convergence theorem: with |x| <= R and margin gamma, at most (R / gamma)^2 updates
    # for the augmented vector (x, 1) from a zero start; we check convergence within a generous budget.
    rng = np.random.default_rng(seed)
    u = np.array([np.cos(angle), np.sin(angle)])
    X = rng.uniform(-1, 1, size=(30, 2))
    s = X @ u + offset
    keep = np.abs(s) > 0.2
    X, s = X[keep], s[keep]
    if len(X) == 0:
        return
    y = (s > 0).astype(float)
    h = train_perceptron(X, y, eta=eta, epochs=500)
    assert h.converged
    assert h.perceptron.n_mistakes(X, y) == 0
    R2 = np.max(np.sum(X**2, axis=1) + 1.0)
    gamma = 0.2 / np.sqrt(1.0 + offset**2)  # margin of the unit augmented normal (u, offset)/|.|
    assert h.n_updates <= R2 / gamma**2


# ----------------------------------------------------------- bad inputs
def test_training_rejects_non_binary_labels():
    X, _ = logic_gate("AND")
    with pytest.raises(ValueError, match="labels 0 and 1"):
        train_perceptron(X, [0, 1, 2, 1])


def test_training_rejects_minus_one_plus_one_labels():
    X, _ = logic_gate("AND")
    with pytest.raises(ValueError, match="labels 0 and 1"):
        train_perceptron(X, [-1, -1, -1, 1])


def test_training_rejects_an_empty_data_set():
    with pytest.raises(ValueError, match="X is empty"):
        train_perceptron(np.zeros((0, 2)), np.zeros(0))


def test_training_rejects_x_as_a_vector():
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        train_perceptron(np.zeros(4), np.zeros(4))


def test_training_rejects_labels_of_the_wrong_length():
    X, _ = logic_gate("AND")
    with pytest.raises(ValueError, match="4 examples but y has 3"):
        train_perceptron(X, [0, 0, 1])


def test_training_rejects_labels_as_a_column():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="y must be a 1-D array"):
        train_perceptron(X, y[:, None])


def test_training_rejects_nan_in_x():
    X, y = logic_gate("AND")
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        train_perceptron(X, y)


def test_training_rejects_a_non_positive_learning_rate():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="eta must be a positive"):
        train_perceptron(X, y, eta=-1.0)


def test_training_rejects_a_non_numeric_learning_rate():
    X, y = logic_gate("AND")
    with pytest.raises(TypeError, match="eta must be a number"):
        train_perceptron(X, y, eta="fast")


def test_training_rejects_zero_epochs():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        train_perceptron(X, y, epochs=0)


def test_training_rejects_a_fractional_epoch_count():
    X, y = logic_gate("AND")
    with pytest.raises(TypeError, match="epochs must be an integer"):
        train_perceptron(X, y, epochs=2.5)


def test_training_rejects_a_start_of_the_wrong_shape():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match=r"w0 must have shape \(2,\)"):
        train_perceptron(X, y, w0=[0.0, 0.0, 0.0])


def test_training_rejects_an_infinite_start_bias():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match="b0 must be a finite number"):
        train_perceptron(X, y, b0=float("-inf"))


def test_history_has_the_documented_type():
    X, y = logic_gate("OR")
    assert isinstance(train_perceptron(X, y), PerceptronHistory)


# ------------------------------------------------------ the widget's numbers
def test_view_of_and_with_a_good_line_has_no_mistakes():
    v = perceptron_view(1.0, 1.0, -1.5, "AND")
    assert v.n_mistakes == 0 and v.has_line and v.message == ""
    assert v.z == pytest.approx([-1.5, -0.5, -0.5, 0.5])
    assert v.y_hat.tolist() == [0, 0, 0, 1]


def test_view_counts_the_misclassified_points():
    v = perceptron_view(1.0, 1.0, -0.5, "XOR")
    assert v.mistakes.tolist() == [False, False, False, True]
    assert v.n_mistakes == 1


def test_view_with_zero_weights_has_no_line_and_says_so():
    v = perceptron_view(0.0, 0.0, -0.2, "OR")
    assert not v.has_line
    assert "no boundary line" in v.message and "predicted 0" in v.message
    assert v.y_hat.tolist() == [0, 0, 0, 0] and v.n_mistakes == 3


@pytest.mark.parametrize("w1, w2, b", [(-3.0, -3.0, -3.0), (3.0, 3.0, 3.0), (3.0, -3.0, 0.0), (0.0, 0.0, 0.0)])
def test_view_at_the_slider_extremes_is_finite(w1, w2, b):
    for gate in ("AND", "OR", "XOR"):
        v = perceptron_view(w1, w2, b, gate)
        assert np.all(np.isfinite(v.z)) and 0 <= v.n_mistakes <= 4


@settings(max_examples=200, deadline=None)
@given(w1=st.floats(-3, 3), w2=st.floats(-3, 3), b=st.floats(-3, 3))
def test_no_setting_classifies_xor_without_a_mistake(w1, w2, b):
    assert perceptron_view(w1, w2, b, "XOR").n_mistakes >= 1


def test_view_rejects_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate"):
        perceptron_view(1.0, 1.0, 0.0, "NOR")


def test_view_rejects_a_non_numeric_weight():
    with pytest.raises(TypeError, match="w2 must be a number"):
        perceptron_view(1.0, None, 0.0, "AND")


def test_view_rejects_a_nan_bias():
    with pytest.raises(ValueError, match="b must be a finite number"):
        perceptron_view(1.0, 1.0, float("nan"), "AND")


# ------------------------------------------------------------------ exact pre-activations
def test_exact_pre_activation_is_exact_for_binary_fractions():
    X, _ = logic_gate("AND")
    z = exact_pre_activation(X, [2.0, 1.0], -3.0)
    assert z == [Fraction(-3), Fraction(-2), Fraction(-1), Fraction(0)]


def test_exact_pre_activation_shows_the_rounding_left_by_eta_one_tenth():
    X, y = logic_gate("AND")
    hist = train_perceptron(X, y, eta=0.1)
    z = exact_pre_activation(X, hist.w, hist.b)
    assert y[2] == 0 and z[2] < 0 and abs(z[2]) < Fraction(1, 10**15)  # (1, 0): wrong side of 0 only by rounding


def test_exact_pre_activation_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="w must have shape"):
        exact_pre_activation(np.zeros((2, 3)), [1.0, 1.0], 0.0)


def test_exact_pre_activation_rejects_a_non_numeric_bias():
    with pytest.raises(TypeError, match="b must be a number"):
        exact_pre_activation(np.zeros((2, 2)), [1.0, 1.0], "0")


# ------------------------------------------------------------------ summaries and random search
def test_summary_of_xor_finds_a_cycle():
    X, y = logic_gate("XOR")
    summary = summarize_history(train_perceptron(X, y, epochs=30))
    assert not summary.converged and summary.epochs_run == 30
    assert summary.min_mistakes >= 1 and summary.min_errors >= 1
    assert summary.distinct_epoch_ends < 30
    assert summary.last_epoch_updates >= 1


def test_summary_of_and_matches_the_history():
    X, y = logic_gate("AND")
    hist = train_perceptron(X, y)
    summary = summarize_history(hist)
    assert summary.converged and summary.n_updates == hist.n_updates and summary.min_errors == 0


def test_summary_rejects_something_that_is_not_a_history():
    with pytest.raises(TypeError, match="history must be a PerceptronHistory"):
        summarize_history({"w": [0, 0]})


def test_random_search_finds_and_but_never_xor():
    assert random_search(*logic_gate("AND"), 2000).fewest == 0
    search = random_search(*logic_gate("XOR"), 2000)
    assert search.fewest == 1 and search.n_settings == 2000 and search.mistakes.shape == (2000,)


def test_random_search_is_seeded():
    a, b = random_search(*logic_gate("OR"), 50, seed=3), random_search(*logic_gate("OR"), 50, seed=3)
    assert np.array_equal(a.settings, b.settings)


def test_random_search_best_has_the_fewest_mistakes():
    X, y = logic_gate("XOR")
    search = random_search(X, y, 500)
    assert Perceptron(search.best[:2], search.best[2]).n_mistakes(X, y) == search.fewest


def test_random_search_rejects_a_zero_count():
    with pytest.raises(ValueError, match="n_settings"):
        random_search(*logic_gate("AND"), 0)


def test_random_search_rejects_reversed_bounds():
    with pytest.raises(ValueError, match="low must be smaller than high"):
        random_search(*logic_gate("AND"), 10, low=1.0, high=-1.0)


def test_random_search_rejects_a_float_seed():
    with pytest.raises(TypeError, match="seed must be an integer"):
        random_search(*logic_gate("AND"), 10, seed=0.5)


# ------------------------------------------------------------------ the convergence bound
def test_max_margin_of_and_is_the_known_one():
    # the best unit (w, b) is (2, 2, -3) / sqrt(17), with margin 1 / sqrt(17)
    w, b, gamma = max_margin_separator(*logic_gate("AND"))
    u = np.array([2.0, 2.0, -3.0]) / np.sqrt(17.0)
    assert np.allclose(np.append(w, b), u) and gamma == pytest.approx(1 / np.sqrt(17.0))


def test_convergence_bounds_for_and_and_or():
    and_bound = convergence_bound(*logic_gate("AND"))
    or_bound = convergence_bound(*logic_gate("OR"))
    assert and_bound.R == pytest.approx(np.sqrt(3.0))
    assert and_bound.bound == pytest.approx(51.0) and or_bound.bound == pytest.approx(27.0)


@pytest.mark.parametrize("gate", GATES_SEPARABLE)
def test_the_rule_never_exceeds_the_bound(gate):
    X, y = logic_gate(gate)
    bound = convergence_bound(X, y).bound
    for eta in (1.0, 0.5, 2.0):
        assert train_perceptron(X, y, eta=eta).n_updates <= bound


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=3, max_size=3), st.integers(0, 2**31 - 1))
def test_no_separator_has_a_larger_margin_than_the_max_margin_one(u, seed):
    X = np.random.default_rng(seed).uniform(-1, 1, size=(6, 2))
    w_true, b_true = np.array([1.0, -0.5]), 0.1
    y = (X @ w_true + b_true >= 0).astype(float)
    z = X @ w_true + b_true
    if np.min(np.abs(z)) < 1e-3 or y.min() == y.max():
        return
    best = convergence_bound(X, y)
    assert best.gamma >= convergence_bound(X, y, w_true, b_true).gamma - 1e-12
    u = np.array(u)
    if np.linalg.norm(u) > 1e-3 and np.all((X @ u[:2] + u[2]) * (2 * y - 1) > 0):
        assert best.gamma >= convergence_bound(X, y, u[:2], u[2]).gamma - 1e-12


def test_a_given_separator_is_scaled_to_unit_length_with_its_bias():
    c = convergence_bound(*logic_gate("AND"), [2.0, 2.0], -3.0)
    assert np.linalg.norm(np.append(c.w, c.b)) == pytest.approx(1.0)
    assert c.bound == pytest.approx(51.0)


def test_the_bound_rejects_a_line_through_a_point():
    with pytest.raises(ValueError, match="does not separate"):
        convergence_bound(*logic_gate("AND"), [2.0, 1.0], -3.0)  # the learned line runs through (1, 1)


def test_the_bound_rejects_xor():
    with pytest.raises(ValueError, match="not linearly separable"):
        convergence_bound(*logic_gate("XOR"))


def test_the_bound_rejects_w_without_b():
    with pytest.raises(ValueError, match="give both w and b"):
        convergence_bound(*logic_gate("AND"), [1.0, 1.0])


def test_the_bound_rejects_all_zero_weights():
    with pytest.raises(ValueError, match="all zero"):
        convergence_bound(*logic_gate("AND"), [0.0, 0.0], 0.0)


def test_max_margin_rejects_too_many_examples():
    X = np.random.default_rng(0).normal(size=(MAX_MARGIN_EXAMPLES + 1, 2))
    y = (X[:, 0] > 0).astype(float)
    with pytest.raises(ValueError, match="at most"):
        max_margin_separator(X, y)
