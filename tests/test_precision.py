"""Tests of nnlearn.precision: the book's precision policy and its number formatters."""

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlearn import precision
from nnlearn.precision import (SIGNIFICANT_DIGITS, fmt, fmt_bound, fmt_given, fmt_power, fmt_short, fmt_signed,
                               rounded, significant_digits, tex)


# ----------------------------------------------------------------------------- the policy

def test_rounded_cuts_a_float_to_the_policy_s_significant_digits():
    assert SIGNIFICANT_DIGITS == 8
    # the two values chapter 2 saved for its larger curvature eigenvalue on two BLAS kernels
    assert rounded(9.635338765528457) == rounded(9.635338765528456) == 9.6353388
    assert rounded(0.1 + 0.2) == 0.3 and repr(rounded(0.1 + 0.2)) == "0.3"
    assert rounded(10106.375247595624) == 10106.375
    assert rounded(-1.234567891e-20) == -1.2345679e-20  # significant digits, not decimals


def test_rounded_never_gives_negative_zero():
    for value in (-0.0, np.float64(-0.0), np.float32(-0.0)):
        out = rounded(value)
        assert out == 0.0 and math.copysign(1.0, out) == 1.0, value


def test_rounded_keeps_integers_exact_and_types_plain():
    assert rounded(2**60 + 1) == 2**60 + 1 and type(rounded(np.int64(7))) is int
    assert rounded(True) is True and rounded(np.bool_(False)) is False
    assert type(rounded(np.float32(0.1))) is float
    assert rounded(np.float64(2.0)) == 2.0 and type(rounded(np.float64(2.0))) is float
    assert rounded(np.array(0.30000000000000004)) == 0.3


def test_rounded_goes_into_containers_and_leaves_text_alone():
    assert rounded([0.1 + 0.2, (1, -0.0)]) == [0.3, (1, 0.0)]
    assert rounded({"a": 1 / 3}) == {"a": 0.33333333}
    np.testing.assert_array_equal(rounded(np.array([1 / 3, -0.0])), [0.33333333, 0.0])
    np.testing.assert_array_equal(rounded(np.arange(3)), [0, 1, 2])
    assert rounded("0.23189262130433086") == "0.23189262130433086"
    assert math.isnan(rounded(float("nan"))) and rounded(float("inf")) == float("inf")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_rounded_text_never_carries_more_digits_than_the_policy(x):
    r = rounded(x)
    assert significant_digits(repr(r)) <= SIGNIFICANT_DIGITS
    assert significant_digits(json.dumps(r)) <= SIGNIFICANT_DIGITS
    assert rounded(r) == r  # idempotent
    if x != 0 and r != 0:
        assert abs(r - x) <= 0.5 * 10.0 ** (math.floor(math.log10(abs(x))) - SIGNIFICANT_DIGITS + 2)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
       st.floats(min_value=-3e-12, max_value=3e-12))
def test_rounded_hides_last_bit_differences_almost_always(x, rel):
    # Not a guarantee (a value can sit on a rounding boundary); the measured differences between BLAS kernels
    # (relative 3e-12 at most) are 4 orders of magnitude below the policy's last digit.
    y = x * (1 + rel)
    r, s = rounded(x), rounded(y)
    assert r == s or abs(r - s) <= 1.01 * 10.0 ** (math.floor(math.log10(abs(r or 1.0))) - SIGNIFICANT_DIGITS + 1)


def test_glue_rounds_before_gluing(monkeypatch):
    calls = []
    import myst_nb
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: calls.append((name, value, display)))
    precision.glue("lam_big", np.float64(9.635338765528457))
    precision.glue("n", np.int64(40), display=True)
    assert calls == [("lam_big", 9.6353388, False), ("n", 40, True)]
    assert type(calls[1][1]) is int
    with pytest.raises(TypeError, match="name"):
        precision.glue("", 1.0)


@pytest.mark.parametrize("text, digits", [("0.23189262130433086", 17), ("9.6353388", 8), ("1.5e-06", 2),
                                          ("-0.0070", 1), ("\u22121.2300", 3), ("0.0", 1), ("120", 2),
                                          ("10000000.0", 1), ("1.0000001", 8)])
def test_significant_digits_counts_what_the_text_carries(text, digits):
    assert significant_digits(text) == digits


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "0x1f"])
def test_significant_digits_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError, match="text"):
        significant_digits(text)


# ----------------------------------------------------------------------------- formatters

def test_fmt_rounds_to_4_decimals_with_a_true_minus_and_no_negative_zero():
    assert fmt(0.78) == "0.7800"
    assert fmt(-0.0723061) == "\u22120.0723"
    assert fmt(-0.00001) == "0.0000"
    assert fmt(-0.004, 2) == "0.00"
    assert fmt_signed(0.00354) == "+0.0035" and fmt_signed(-0.0035) == "\u22120.0035"
    assert fmt_signed(0.00001) == "0.0000"
    assert fmt_given(0.5) == "0.5" and fmt_given(1.0) == "1" and fmt_given(-0.25) == "\u22120.25"
    assert fmt_given(-0.0) == "0"
    assert tex(fmt(-0.5)) == "-0.5000"


def test_fmt_short_gives_titles_at_most_two_decimals_and_no_negative_zero():
    assert fmt_short(1.0) == "1" and fmt_short(-1.5) == "-1.5" and fmt_short(1 / 3) == "0.33"
    assert fmt_short(-0.001) == "0" and fmt_short(0.30000000000000004) == "0.3"


def test_fmt_bound_gives_the_power_of_ten_above_a_difference():
    assert fmt_bound(7.3e-12) == "< 10^{-11}"
    assert fmt_bound(1e-11) == "< 10^{-10}"
    assert fmt_bound(0.0) == "< 10^{-15}"
    assert fmt_bound(3e-18) == "< 10^{-15}"
    assert fmt_power(1e-6) == "10^{-6}" and fmt_power(2.5e-6) == r"2.5 \times 10^{-6}"
