r"""The book's precision policy, and the number formatters every chapter and figure shares.

Why a policy
------------
The book's notebooks are committed with their outputs, and ``make test`` re-runs
them and demands the same outputs on any machine. The last bits of a float are
not the same on every machine: a matrix product or a sum is computed in a
different order by a different BLAS kernel (``OPENBLAS_CORETYPE=Haswell`` or
``Prescott`` against SkylakeX), thread count or CPU, and a difference of one
unit in the last place can grow through a few dozen gradient-descent steps.
Measured on this book's chapter 2: up to :math:`3 \times 10^{-12}` relative, at
the 12th significant digit. A saved output that prints a float in full
(``repr``, 15-17 significant digits) therefore changes from machine to machine.

The policy, kept here and nowhere else:

- A float that is saved (glued into the text, printed, put in a table, a LaTeX
  line or a widget's state) carries at most :data:`SIGNIFICANT_DIGITS` (8)
  significant digits: four orders of magnitude above the differences measured
  between BLAS kernels, and two or more digits beyond anything the prose shows
  (at most 6 significant digits, e.g. ``{glue:text}`name:.4f``` of 17.4921).
  :func:`rounded` applies it.
- Exact integers stay integers (an ``int`` or ``numpy.integer`` is saved as
  ``int``); ``bool`` stays ``bool``.
- ``-0.0`` never appears: a value that rounds to zero is saved as ``0.0``, and
  every formatter here writes ``0.0000``, never ``−0.0000``.
- Text built from numbers (tables, LaTeX lines, titles) uses the formatters
  below, which round to a stated number of decimals.

``tests/test_saved_outputs.py`` scans every notebook's saved outputs and widget
state and fails on a float with more digits than :data:`SIGNIFICANT_DIGITS`.

What is here
------------
- :data:`SIGNIFICANT_DIGITS`, :func:`rounded`: the policy; :func:`glue`: ``myst_nb.glue``
  through the policy (every chapter glues through it).
- :func:`significant_digits`: how many significant digits a number's text carries
  (what the saved-output test measures).
- Formatters, each with a true minus sign (U+2212) and no negative zero:
  :func:`fmt` (fixed decimals), :func:`fmt_signed` (with ``+``), :func:`fmt_given`
  (a given value as given), :func:`fmt_short` (titles: at most 2 decimals),
  :func:`fmt_power` and :func:`fmt_bound` (LaTeX powers of ten), :func:`tex`
  (a formatted number for LaTeX).

Chaos: when rounding is not enough
----------------------------------
Rounding hides a last-bit difference only while it stays in the last bits. Training
runs that amplify it (an exploding network, a large learning rate) are computed in
:func:`nnlearn.portable.portable_arithmetic`, where the engine's products and
exponentials give the same floats on every x86-64 machine.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = ["SIGNIFICANT_DIGITS", "rounded", "glue", "significant_digits",
           "fmt", "fmt_signed", "fmt_given", "fmt_short", "fmt_power", "fmt_bound", "BOUND_FLOOR_EXPONENT",
           "tex", "MINUS"]

#: The most significant digits a saved float may carry (see the module docstring for why 8).
SIGNIFICANT_DIGITS = 8

#: The true minus sign the book prints (U+2212), as in typeset math.
MINUS = "\u2212"

#: Differences below this power of ten are reported as "below 10^-15": the last digits of double precision.
BOUND_FLOOR_EXPONENT = 15


# --------------------------------------------------------------------------- the policy

def _round_float(value: float) -> float:
    if not math.isfinite(value):
        return value
    # "%.8g" rounds half to even on the exact binary value; float() reads it back, and repr then
    # gives the shortest text of that float, which has at most 8 significant digits.
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}") + 0.0  # + 0.0 turns -0.0 into 0.0


def rounded(value: Any) -> Any:
    """``value`` as the book saves it: floats to :data:`SIGNIFICANT_DIGITS` significant digits.

    - ``bool`` and ``numpy.bool_`` -> ``bool``; ``int`` and ``numpy.integer`` -> ``int`` (exact,
      never rounded);
    - ``float`` and ``numpy.floating`` -> ``float`` with at most 8 significant digits and never
      ``-0.0`` (``nan`` and ``inf`` pass unchanged);
    - a 0-d ``numpy`` array -> its element, rounded; a ``numpy`` array -> a ``numpy`` array of
      floats rounded elementwise (integer arrays unchanged);
    - ``list``, ``tuple`` and ``dict`` -> the same container with every element rounded;
    - anything else (text, display objects, figures) -> unchanged: text is made by the formatters
      of this module, which round already.

    Examples: ``rounded(9.635338765528457) == 9.6353388``; ``rounded(0.1 + 0.2) == 0.3``;
    ``rounded(-1e-20) == -1e-20`` (significant digits, not decimals); ``rounded(-0.0) == 0.0``.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (Integral, np.integer)):
        return int(value)
    if isinstance(value, (Real, np.floating)):
        return _round_float(float(value))
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return rounded(value.item())
        if np.issubdtype(value.dtype, np.floating):
            digits = SIGNIFICANT_DIGITS
            flat = [float(f"{v:.{digits}g}") for v in value.ravel().tolist()]  # nan and inf pass through
            return np.array(flat, dtype=float).reshape(value.shape) + 0.0
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(rounded(v) for v in value)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def glue(name: str, value: Any, display: bool = False) -> None:
    """Glue ``value`` into the book's text under ``name`` (``myst_nb.glue``), rounded by :func:`rounded`.

    Every chapter glues through this function, so no glued number carries more digits than the
    policy allows. ``display=False`` (the default, unlike ``myst_nb.glue``) shows nothing in the
    notebook: the prose shows the value where it writes ``{glue:text}`name```.

    Raises ``TypeError`` if ``name`` is not a non-empty string.
    """
    from myst_nb import glue as myst_glue

    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str, got {name!r}")
    myst_glue(name, rounded(value), display=display)


def significant_digits(text: str) -> int:
    """How many significant digits the number written in ``text`` carries.

    The digits from the first to the last non-zero one: ``"0.23189262130433086"`` -> 17,
    ``"9.6353388"`` -> 8, ``"1.5e-06"`` -> 2, ``"-0.0070"`` -> 1, ``"10000000.0"`` -> 1, ``"0"`` -> 1.
    (Trailing zeros are not counted: they say nothing about last-bit noise.) Raises ``ValueError``
    if ``text`` is not a decimal number.
    """
    s = text.strip().lstrip("+-\u2212")
    mantissa = s.split("e")[0].split("E")[0]
    if not mantissa or not all(c.isdigit() or c == "." for c in mantissa) or mantissa.count(".") > 1:
        raise ValueError(f"text must be a decimal number, got {text!r}")
    digits = mantissa.replace(".", "").strip("0")
    return max(len(digits), 1)


# --------------------------------------------------------------------------- formatters

def fmt(value: float, decimals: int = 4) -> str:
    """``value`` rounded to ``decimals`` places, with a true minus sign and never ``-0.0000``.

    ``fmt(-0.0723061) == "−0.0723"``, ``fmt(-0.00001) == "0.0000"``.
    """
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def fmt_signed(value: float, decimals: int = 4) -> str:
    """Like :func:`fmt`, with an explicit ``+`` on positive numbers (a step up reads ``+0.0035``)."""
    text = fmt(value, decimals)
    return text if text.startswith(MINUS) or float(text) == 0 else "+" + text


def fmt_given(value: float) -> str:
    """A given value as it is given (``0.5``, ``1``): up to 6 significant digits, true minus sign."""
    text = f"{float(value) + 0.0:.6g}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def fmt_short(value: float, decimals: int = 2) -> str:
    """A short form for figure titles and labels: at most ``decimals`` places, trailing zeros
    dropped (``1``, ``-1.5``, ``0.33``), never ``-0``. Uses ``-`` (figures typeset it in math)."""
    v = round(float(value), decimals) + 0.0
    return f"{v:g}"


def fmt_power(value: float) -> str:
    """A positive number in LaTeX scientific notation: ``10^{-6}`` for a power of ten, else
    ``2.5 \\times 10^{-6}`` (2 significant digits)."""
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1.0" else rf"{mantissa} \times {power}"


def bound_exponent(value: float, floor: int = BOUND_FLOOR_EXPONENT) -> int:
    """The exponent ``e`` of the smallest power of ten ``10^e`` strictly above ``abs(value)``, but never
    below ``-floor``: ``-11`` for ``7.3e-12``. A bound that is the same on every machine, where the
    digits of a rounding-level difference are not."""
    value = abs(float(value))
    k = floor
    if value >= 10.0 ** -floor:
        k = math.floor(-math.log10(value))
        if 10.0 ** -k <= value:
            k -= 1
    return -k


def fmt_bound(value: float) -> str:
    """An upper bound of a small non-negative difference as LaTeX, ``< 10^{-11}`` for
    ``7.3e-12``: :func:`bound_exponent` with the floor ``10^{-BOUND_FLOOR_EXPONENT}``."""
    return f"< 10^{{{bound_exponent(value)}}}"


def tex(text: str) -> str:
    """A formatted number for LaTeX: the true minus sign becomes ``-`` (LaTeX typesets it)."""
    return text.replace(MINUS, "-")
