"""Tests of nnlearn._checks: each input check raises a clear error naming the argument."""

import numpy as np
import pytest

from nnlearn._checks import (as_float_array, check_binary_labels, check_choice, check_positive,
                             check_positive_int)


def test_as_float_array_turns_integers_into_float64():
    arr = as_float_array([[1, 2]], "X")
    assert arr.dtype == np.float64 and arr.shape == (1, 2)


def test_as_float_array_keeps_float32():
    assert as_float_array(np.ones(2, dtype=np.float32), "X").dtype == np.float32


@pytest.mark.parametrize("value, error, message", [
    ("abc", TypeError, "X must be a numeric array"),
    (np.array(["a"]), TypeError, "X must hold numbers"),
    ([[1, 2], [3]], ValueError, "X must be a rectangular numeric array"),
    (np.zeros(0), ValueError, "X is empty"),
    ([1.0, np.inf], ValueError, "X contains NaN or infinity"),
])
def test_as_float_array_rejects_bad_input_naming_it(value, error, message):
    with pytest.raises(error, match=message):
        as_float_array(value, "X")


def test_as_float_array_checks_the_number_of_dimensions():
    with pytest.raises(ValueError, match=r"X must be a 2-D array, got shape \(3,\)"):
        as_float_array(np.zeros(3), "X", ndim=2)


def test_as_float_array_rejects_a_dtype_other_than_float32_or_float64():
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        as_float_array([1.0], "X", dtype=np.float16)


@pytest.mark.parametrize("value, error", [(0, ValueError), (-1.0, ValueError), (float("inf"), ValueError),
                                          ("1", TypeError), (True, TypeError)])
def test_check_positive_rejects_non_positive_or_non_numbers(value, error):
    with pytest.raises(error, match="eta"):
        check_positive(value, "eta")


def test_check_positive_returns_a_float():
    assert check_positive(np.int64(2), "eta") == 2.0


@pytest.mark.parametrize("value, error", [(0, ValueError), (2.0, TypeError), (False, TypeError)])
def test_check_positive_int_rejects_bad_values(value, error):
    with pytest.raises(error, match="epochs"):
        check_positive_int(value, "epochs")


def test_check_binary_labels_accepts_0_and_1_and_rejects_others():
    np.testing.assert_array_equal(check_binary_labels([0, 1, 1]), [0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"y must hold only the labels 0 and 1, found \[-1.0, 0.5\]"):
        check_binary_labels([0, 0.5, -1])


def test_check_choice_lists_the_options():
    assert check_choice("a", "mode", ["a", "b"]) == "a"
    with pytest.raises(ValueError, match=r"unknown mode 'c'; expected one of \['a', 'b'\]"):
        check_choice("c", "mode", ["a", "b"])
    with pytest.raises(TypeError, match="mode must be a string"):
        check_choice(3, "mode", ["a", "b"])
