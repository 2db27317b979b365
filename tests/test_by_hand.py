"""Tests of nnlearn.by_hand: chapter 3's numbers, checked independently of the notebook.

Every gradient is checked against (1) closed forms written out here in one expression each,
(2) central finite differences written out here, (3) nnlearn's Network and (4) PyTorch autograd in
float64. The 4-decimal values that the chapter prints are pinned too, and so are the prose's
qualitative claims (signs, which gradient shrank, ...).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlearn import by_hand
from nnlearn.by_hand import (EXERCISE, PARAMETERS, WORKED_EXAMPLE, BackwardPass, ForwardPass, Given,
                             WorkedExample, backprop_by_hand, backward_pass, check_gradients, checks_for,
                             forward_pass, from_given, gradient_step, quantities)
from nnlearn.precision import fmt

ARGS = ("x1", "x2", "y", "w11", "w12", "b1", "w2", "b2", "eta")


def _sigma(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def closed_form(x1, x2, y, w11, w12, b1, w2, b2):
    """Loss and the five gradients, each written out in one expression from the definitions."""
    a1 = _sigma(w11 * x1 + w12 * x2 + b1)
    yh = _sigma(w2 * a1 + b2)
    common = (yh - y) * yh * (1 - yh)
    hidden = common * w2 * a1 * (1 - a1)
    return 0.5 * (yh - y) ** 2, {"w11": hidden * x1, "w12": hidden * x2, "b1": hidden,
                                 "w2": common * a1, "b2": common}


def _no_eta(g: Given) -> dict[str, float]:
    values = g.as_dict()
    del values["eta"]
    return values


@pytest.fixture(scope="module")
def example() -> WorkedExample:
    return from_given(WORKED_EXAMPLE)


# ----------------------------------------------------------------------------- pinned values

#: The chapter's numbers to 4 decimals, computed independently of the package (and of source
#: article 004, whose z1 = 0.68 is an arithmetic slip: 0.4*0.5 + 0.6*0.8 + 0.1 = 0.78).
PINNED = {
    "z1": 0.7800, "a1": 0.6857, "z2": 0.7171, "y_hat": 0.6720, "loss": 0.0538,
    "dL_dyhat": -0.3280, "dsigma_z2": 0.2204, "delta2": -0.0723, "dL_dw2": -0.0496, "dL_db2": -0.0723,
    "dL_da1": -0.0651, "dsigma_z1": 0.2155, "delta1": -0.0140, "dL_dw11": -0.0070, "dL_dw12": -0.0112,
    "dL_db1": -0.0140,
    "new_w11": 0.4035, "new_w12": 0.6056, "new_b1": 0.1070, "new_w2": 0.9248, "new_b2": 0.1362,
    "step_w11": 0.0035, "step_w12": 0.0056, "step_b1": 0.0070, "step_w2": 0.0248, "step_b2": 0.0362,
    "new_z1": 0.7933, "new_a1": 0.6885, "new_z2": 0.7729, "new_y_hat": 0.6841, "new_loss": 0.0499,
    "loss_decrease": 0.0039, "predicted_decrease": 0.0040,
}

PINNED_EXERCISE = {
    "z1": 0.4800, "a1": 0.6177, "z2": 0.6560, "y_hat": 0.6584, "loss": 0.0584,
    "delta2": -0.0768, "delta1": -0.0163, "dL_dw11": -0.0082, "dL_dw12": -0.0049, "dL_db1": -0.0163,
    "dL_dw2": -0.0475, "dL_db2": -0.0768, "new_loss": 0.0542, "loss_decrease": 0.0041,
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_worked_example_matches_pinned_4_decimal_value(example, name):
    assert fmt(quantities(example)[name]) == fmt(PINNED[name])


@pytest.mark.parametrize("name", sorted(PINNED_EXERCISE))
def test_exercise_matches_pinned_4_decimal_value(name):
    assert fmt(quantities(from_given(EXERCISE))[name]) == fmt(PINNED_EXERCISE[name])


def test_given_values_are_the_chapters(example):
    assert WORKED_EXAMPLE.as_dict() == dict(x1=0.5, x2=0.8, y=1.0, w11=0.4, w12=0.6, b1=0.1, w2=0.9,
                                            b2=0.1, eta=0.5)
    assert EXERCISE == replace(WORKED_EXAMPLE, x2=0.3)


def test_source_article_slips_are_not_reproduced(example):
    """Article 004 added 0.20 + 0.48 + 0.10 to 0.68 (it is 0.78), and everything after inherited
    that slip; it also took sigma(0.6973) to be 0.6682 (it is 0.6676), a second, independent slip."""
    assert example.forward.z1 == pytest.approx(0.78, abs=1e-15)
    assert fmt(example.forward.a1) != "0.6637"
    assert fmt(example.forward.loss) != "0.0550"
    assert fmt(by_hand.sigmoid(0.6973)) == "0.6676"


# ----------------------------------------------------------------------------- independent checks

def test_forward_pass_matches_closed_form(example):
    loss, _ = closed_form(**_no_eta(WORKED_EXAMPLE))
    assert example.forward.loss == pytest.approx(loss, rel=1e-15)


def test_gradients_match_closed_forms(example):
    _, grads = closed_form(**_no_eta(WORKED_EXAMPLE))
    for name in PARAMETERS:
        assert example.gradients[name] == pytest.approx(grads[name], rel=1e-14, abs=1e-17)


def test_gradients_match_finite_differences_written_here(example):
    values, eps = _no_eta(WORKED_EXAMPLE), 1e-6
    for name in PARAMETERS:
        up = forward_pass(**{**values, name: values[name] + eps}).loss
        down = forward_pass(**{**values, name: values[name] - eps}).loss
        assert example.gradients[name] == pytest.approx((up - down) / (2 * eps), abs=1e-9)


def test_three_checks_agree(example):
    checks = checks_for(WORKED_EXAMPLE)
    assert checks.names == PARAMETERS
    assert checks.by_hand == tuple(example.gradients[n] for n in PARAMETERS)
    assert checks.max_diff_finite_differences < 1e-9
    assert checks.max_diff_network < 1e-15
    assert checks.network_loss == pytest.approx(example.forward.loss, rel=1e-14)


def test_network_for_holds_the_parameters_in_the_books_shapes():
    net = by_hand.network_for(w11=0.4, w12=0.6, b1=0.1, w2=0.9, b2=0.1)
    W1, b1, W2, b2 = net.parameters()
    assert W1.shape == (2, 1) and b1.shape == (1,) and W2.shape == (1, 1) and b2.shape == (1,)
    assert W1[:, 0].tolist() == [0.4, 0.6] and b1[0] == 0.1 and W2[0, 0] == 0.9 and b2[0] == 0.1


def _torch_gradients(x1, x2, y, w11, w12, b1, w2, b2):
    torch = pytest.importorskip("torch")
    p = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True)
         for n, v in dict(w11=w11, w12=w12, b1=b1, w2=w2, b2=b2).items()}
    a1 = torch.sigmoid(p["w11"] * x1 + p["w12"] * x2 + p["b1"])
    y_hat = torch.sigmoid(p["w2"] * a1 + p["b2"])
    loss = 0.5 * (y_hat - y) ** 2
    loss.backward()
    return float(loss.detach()), {n: float(t.grad) for n, t in p.items()}


@pytest.mark.parametrize("values", [WORKED_EXAMPLE, EXERCISE], ids=["worked", "exercise"])
def test_gradients_match_torch_autograd_float64(values):
    result = from_given(values)
    loss, grads = _torch_gradients(**_no_eta(values))
    assert result.forward.loss == pytest.approx(loss, rel=1e-13)
    for name in PARAMETERS:
        assert result.gradients[name] == pytest.approx(grads[name], rel=1e-12, abs=1e-17)


finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(x1=finite, x2=finite, y=st.floats(0.0, 1.0), w11=finite, w12=finite, b1=finite, w2=finite, b2=finite)
def test_gradients_match_closed_forms_and_torch_everywhere(x1, x2, y, w11, w12, b1, w2, b2):
    values = dict(x1=x1, x2=x2, y=y, w11=w11, w12=w12, b1=b1, w2=w2, b2=b2)
    grads = backward_pass(x1, x2, y, w2, forward_pass(**values)).gradients
    _, closed = closed_form(**values)
    _, auto = _torch_gradients(**values)
    for name in PARAMETERS:
        assert grads[name] == pytest.approx(closed[name], rel=1e-12, abs=1e-16)
        assert grads[name] == pytest.approx(auto[name], rel=1e-10, abs=1e-16)


# ----------------------------------------------------------------------------- the update

def test_update_is_old_minus_eta_times_gradient(example):
    for row in example.update:
        assert row.step == -WORKED_EXAMPLE.eta * example.gradients[row.name]
        assert row.new == row.old + row.step
        assert row.direction == ("increase" if row.step > 0 else "decrease")
    assert [row.name for row in example.update] == list(PARAMETERS)


def test_forward_again_uses_the_new_parameters(example):
    again = forward_pass(WORKED_EXAMPLE.x1, WORKED_EXAMPLE.x2, WORKED_EXAMPLE.y, **example.new_parameters)
    assert again == example.new_forward
    assert example.loss_decrease == example.forward.loss - example.new_forward.loss


def test_direction_no_change_when_gradient_is_zero():
    rows = gradient_step(dict.fromkeys(PARAMETERS, 0.5), dict.fromkeys(PARAMETERS, 0.0), 0.1)
    assert {r.direction for r in rows} == {"no change"}


@pytest.mark.parametrize("step, label", [
    (0.0035, "\u2191 up"), (-0.0009, "\u2193 down"), (0.0, "\u2248 0"),
    (4e-5, "\u2248 0"), (-4e-5, "\u2248 0"),  # a step that rounds to 0.0000 is not called a move
    (5.1e-5, "\u2191 up"), (-20.0, "\u2193 down"),
])
def test_direction_label_says_approximately_zero_when_the_step_rounds_to_zero(step, label):
    assert by_hand.direction_label(step) == label


def test_direction_label_follows_the_decimals():
    assert by_hand.direction_label(0.004, decimals=2) == "\u2248 0"
    assert by_hand.direction_label(0.004, decimals=3) == "\u2191 up"


@pytest.mark.parametrize("bad, error", [("0.1", TypeError), (float("nan"), ValueError)])
def test_direction_label_rejects_a_bad_step(bad, error):
    with pytest.raises(error, match="step"):
        by_hand.direction_label(bad)


@pytest.mark.parametrize("bad", [-1, 2.0, True])
def test_direction_label_rejects_bad_decimals(bad):
    with pytest.raises(ValueError, match="decimals"):
        by_hand.direction_label(0.1, decimals=bad)


def test_update_table_markdown_says_approximately_zero_for_a_vanishing_step():
    saturated = backprop_by_hand(x1=3.0, x2=3.0, y=0.0, w11=5.0, w12=5.0, b1=5.0, w2=5.0, b2=5.0, eta=20.0)
    lines = by_hand.update_table_markdown(saturated).splitlines()[2:]
    assert [line.rsplit("|", 2)[1].strip() for line in lines] == ["\u2248 0"] * 3 + ["\u2193 down"] * 2


# ----------------------------------------------------------------------------- the prose's claims

def test_claim_every_gradient_negative_and_every_parameter_increases(example):
    assert all(g < 0 for g in example.gradients.values())
    assert all(row.direction == "increase" for row in example.update)


def test_claim_output_layer_moves_most(example):
    steps = {row.name: abs(row.step) for row in example.update}
    assert min(steps["w2"], steps["b2"]) > max(steps["w11"], steps["w12"], steps["b1"])


def test_claim_hidden_signal_is_smaller_by_w2_times_sigma_prime(example):
    b = example.backward
    assert b.delta1 / b.delta2 == pytest.approx(WORKED_EXAMPLE.w2 * b.dsigma_z1, rel=1e-15)
    assert abs(b.delta1) < abs(b.delta2)
    assert b.dsigma_z1 <= 0.25 and b.dsigma_z2 <= 0.25


def test_claim_loss_went_down_slightly_less_than_predicted(example):
    assert 0 < example.loss_decrease < example.predicted_decrease
    assert example.loss_decrease == pytest.approx(example.predicted_decrease, rel=0.1)
    assert example.new_forward.y_hat > example.forward.y_hat


def test_claims_of_the_exercise_solution(example):
    ex = from_given(EXERCISE)
    ratios = {n: ex.gradients[n] / example.gradients[n] for n in PARAMETERS}
    assert min(ratios, key=ratios.get) == "w12"  # shrank the most
    assert abs(ex.gradients["w11"]) > abs(example.gradients["w11"])  # grew
    assert abs(ex.backward.delta1) > abs(example.backward.delta1)
    assert ex.forward.z1 < example.forward.z1 and ex.backward.dsigma_z1 > example.backward.dsigma_z1
    assert abs(ex.backward.delta2) > abs(example.backward.delta2)
    assert abs(ex.forward.y_hat - 1) > abs(example.forward.y_hat - 1)
    assert ex.loss_decrease > 0


def test_claim_target_zero_flips_every_sign():
    result = from_given(replace(WORKED_EXAMPLE, y=0.0))
    assert all(g > 0 for g in result.gradients.values())
    assert all(row.direction == "decrease" for row in result.update)


# ----------------------------------------------------------------------------- numerics and input checks

def test_sigmoid_is_finite_for_extreme_inputs():
    assert by_hand.sigmoid(-1000.0) == 0.0 and by_hand.sigmoid(1000.0) == 1.0
    assert by_hand.sigmoid(0.0) == 0.5
    assert by_hand.sigmoid(-2.0) == pytest.approx(1 - by_hand.sigmoid(2.0), rel=1e-15)


def test_saturated_network_gives_finite_tiny_gradients():
    result = backprop_by_hand(3, 3, 0, 5, 5, 5, 5, 5, 1)
    assert all(math.isfinite(v) for v in quantities(result).values())
    assert max(abs(g) for g in result.gradients.values()) < 5e-5


@pytest.mark.parametrize("arg", ARGS)
def test_non_number_argument_raises_type_error_naming_it(arg):
    values = {**WORKED_EXAMPLE.as_dict(), arg: "0.5"}
    with pytest.raises(TypeError, match=arg):
        backprop_by_hand(**values)


@pytest.mark.parametrize("arg", ARGS)
def test_bool_argument_raises_type_error_naming_it(arg):
    values = {**WORKED_EXAMPLE.as_dict(), arg: True}
    with pytest.raises(TypeError, match=arg):
        backprop_by_hand(**values)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("arg", ARGS)
def test_non_finite_argument_raises_value_error_naming_it(arg, bad):
    values = {**WORKED_EXAMPLE.as_dict(), arg: bad}
    with pytest.raises(ValueError, match=arg):
        backprop_by_hand(**values)


@pytest.mark.parametrize("eta", [0, -0.5])
def test_non_positive_learning_rate_raises(eta):
    with pytest.raises(ValueError, match="eta"):
        backprop_by_hand(**{**WORKED_EXAMPLE.as_dict(), "eta": eta})


def test_numpy_scalars_are_accepted():
    values = {k: np.float64(v) for k, v in WORKED_EXAMPLE.as_dict().items()}
    assert backprop_by_hand(**values).forward == from_given(WORKED_EXAMPLE).forward


def test_backward_pass_needs_a_forward_pass():
    with pytest.raises(TypeError, match="forward"):
        backward_pass(0.5, 0.8, 1.0, 0.9, forward=(0.78, 0.68))


def test_gradient_step_needs_all_five_parameters():
    with pytest.raises(ValueError, match="parameters"):
        gradient_step({"w11": 0.4}, dict.fromkeys(PARAMETERS, 0.0), 0.5)
    with pytest.raises(ValueError, match="gradients"):
        gradient_step(dict.fromkeys(PARAMETERS, 0.0), {"w2": 0.1}, 0.5)


def test_gradient_step_rejects_bad_gradient_value():
    with pytest.raises(TypeError, match="gradients"):
        gradient_step(dict.fromkeys(PARAMETERS, 0.0), dict.fromkeys(PARAMETERS, "x"), 0.5)


@pytest.mark.parametrize("func", [from_given, checks_for, by_hand.quantities, by_hand.glue_items,
                                  by_hand.checks_glue_items, by_hand.checks_table_markdown])
def test_wrong_object_type_raises_type_error(func):
    with pytest.raises(TypeError):
        func({"x1": 0.5})


def test_check_gradients_rejects_bad_eps():
    with pytest.raises(ValueError, match="eps"):
        check_gradients(**_no_eta(WORKED_EXAMPLE), eps=0.0)


# ----------------------------------------------------------------------------- presentation

def test_forward_latex_shows_formula_substitution_and_result_per_line(example):
    latex = by_hand.forward_latex(example.given, example.forward)
    lines = latex.split(r"\\[3pt]")
    assert len(lines) == 5
    assert r"0.4 \cdot 0.5 + 0.6 \cdot 0.8 + 0.1 = 0.7800" in latex
    assert lines[1].rstrip().endswith("= 0.6857") and lines[2].rstrip().endswith("= 0.7171")
    assert lines[3].rstrip().endswith("= 0.6720") and "= 0.0538" in lines[4]


def test_backward_latex_has_one_line_per_named_quantity(example):
    latex = by_hand.backward_latex(example.given, example.forward, example.backward)
    assert len(latex.split(r"\\[3pt]")) == 11
    for value in ("-0.3280", "0.2204", "-0.0723", "-0.0496", "-0.0651", "0.2155", "-0.0140", "-0.0070",
                  "-0.0112"):
        assert value in latex
    assert "\u2212" not in latex  # LaTeX gets an ASCII minus


def test_new_forward_latex_ends_with_the_decrease(example):
    latex = by_hand.new_forward_latex(example)
    assert "L - L' &= 0.0538 - 0.0499 = 0.0039" in latex
    assert r"z_1' & = 0.4035 \cdot 0.5 + 0.6056 \cdot 0.8 + 0.1070 = 0.7933" in latex


def test_negative_values_are_parenthesised_in_products():
    result = backprop_by_hand(-0.5, 0.8, 1.0, 0.4, 0.6, 0.1, 0.9, 0.1, 0.5)
    latex = by_hand.forward_latex(result.given, result.forward)
    assert r"0.4 \cdot (-0.5)" in latex


def test_update_table_markdown_has_a_row_per_parameter(example):
    table = by_hand.update_table_markdown(example)
    lines = table.splitlines()
    assert len(lines) == 2 + 5
    assert "| {math}`w_2` | 0.9000 | \u22120.0496 | +0.0248 | 0.9248 | \u2191 up |" in lines


def test_checks_table_markdown_shows_three_columns_and_bounds():
    table = by_hand.checks_table_markdown(checks_for(WORKED_EXAMPLE))
    rows = table.splitlines()
    assert len(rows) == 2 + 5 + 1
    assert "| {math}`b_2` | \u22120.0723 | \u22120.0723 | \u22120.0723 |" in table
    assert "{math}`< 10^{-11}`" in rows[-1]


def test_given_table_lists_all_nine_values():
    table = by_hand.given_table_markdown(WORKED_EXAMPLE)
    assert len(table.splitlines()) == 2 + 9
    assert "| {math}`\\eta` | learning rate | 0.5 |" in table


def test_glue_items_cover_every_named_quantity(example):
    items = by_hand.glue_items(example, prefix="ex_")
    for name in list(ForwardPass.__dataclass_fields__) + list(BackwardPass.__dataclass_fields__):
        assert "ex_" + name in items
    for name in ForwardPass.__dataclass_fields__:
        assert "ex_new_" + name in items
    for key in ("given_table", "update_table", "forward_lines", "backward_lines", "new_forward_lines",
                "loss_decrease", "predicted_decrease", "delta_ratio"):
        assert "ex_" + key in items
    assert items["ex_forward_lines"].data.startswith("$$")
    assert items["ex_dL_dw12"] == "\u22120.0112" and items["ex_loss"] == "0.0538"
    assert items["ex_x1"] == "0.5" and items["ex_y"] == "1" and items["ex_delta_ratio"] == "0.1940"


def test_checks_glue_items_are_markdown_math():
    items = by_hand.checks_glue_items(checks_for(WORKED_EXAMPLE))
    assert items["max_diff_fd"].data == "{math}`10^{-11}`"
    assert items["max_diff_network"].data == "{math}`10^{-15}`"
    assert items["eps"].data == "{math}`10^{-6}`"
