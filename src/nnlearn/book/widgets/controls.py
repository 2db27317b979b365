r"""A widget's controls, declared once, in Python, and handed to the browser as data.

Each control says its ``name`` (the widget's trait and the argument of the chapter's functions), the
``label`` a reader sees (and a screen reader announces), a ``unit``, its range and step, its ``default``
and how its value is written. :meth:`Slider.to_js` (and the same on the other controls) is what the
browser side receives (``controls.js`` in this folder builds the native range inputs from it), so a range is
written in one place only.

Every slider position is a whole number ``i``, and its value is computed from integers in the same way
in Python and in JavaScript, so both get the same double:

- :class:`Slider`: ``(start + i * step) / scale`` with integers ``start``, ``step`` and ``scale = 10**d``
  (``0.05 * 3`` is ``0.15``, never ``0.15000000000000002``); a division of two integers is correctly
  rounded in both languages;
- :class:`LogSlider`: every number with ``digits`` significant digits from ``10**low_exp`` to
  ``10**high_exp`` (for 3 digits: 0.001, 0.00101, ..., 0.999, 1, 1.01, ...), each the double nearest to the
  decimal ``"<mantissa>e<exponent>"`` (``float()`` in Python, ``parseFloat`` in JavaScript, both
  correctly rounded): every rate to three significant digits, equally many positions per decade;
- :class:`Choice`: a dropdown of ``(shown, value)`` options.

A value is written as :func:`format_value` writes it: the shortest decimal that reads back as the same
double (Python's ``repr``, JavaScript's ``String``, which agree for the book's ranges), with a true minus
sign and no ``-0``, or with a fixed number of decimals (``format=".2f"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = ["Slider", "LogSlider", "Choice", "Control", "format_value", "describe", "MINUS"]

MINUS = "\u2212"


def format_value(value: float, format: str = "") -> str:
    """``value`` as a control shows it: ``format`` ``""`` (shortest round-trip decimal) or ``".Nf"`` (N
    decimals), with a true minus sign (U+2212) and never ``−0``.

    Raises
    ------
    ValueError
        If ``format`` is neither ``""`` nor ``".Nf"``.
    """
    value = float(value) + 0.0  # -0.0 + 0.0 is 0.0
    if format == "":
        text = repr(value)
        text = text[:-2] if text.endswith(".0") else text
    elif len(format) >= 3 and format[0] == "." and format[-1] == "f" and format[1:-1].isdigit():
        text = f"{value:{format}}"
        if float(text) == 0:
            text = text.lstrip("-")
    else:
        raise ValueError(f"format must be '' (shortest) or '.Nf' (N decimals), got {format!r}")
    return text.replace("-", MINUS)


def _integers_of(low: float, high: float, step: float, name: str) -> tuple[int, int, int, int]:
    """``(start, step, scale, count)``: the slider's positions as integers over ``scale = 10**d``."""
    lo, hi, st = (Decimal(str(v)) for v in (low, high, step))
    if not st > 0 or not hi > lo:
        raise ValueError(f"slider {name!r}: need low < high and step > 0, got low={low}, high={high}, step={step}")
    n = (hi - lo) / st
    if n != n.to_integral_value():
        raise ValueError(f"slider {name!r}: (high - low) / step must be a whole number, got {n}")
    d = max(0, -min(x.as_tuple().exponent for x in (lo, st)))
    scale = 10 ** d
    return int(lo * scale), int(st * scale), scale, int(n) + 1


def _check_name(name: Any, label: Any) -> None:
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        raise ValueError(f"name must be a Python identifier not starting with '_', got {name!r}")
    if not isinstance(label, str) or not label:
        raise ValueError(f"control {name!r}: label must be a non-empty string, got {label!r}")


@dataclass(frozen=True)
class Slider:
    """A slider from ``low`` to ``high`` in steps of ``step`` (decimal numbers, as written), starting at
    ``default``; ``unit`` is said after the value ("30 steps"); ``format`` is ``""`` or ``".Nf"``
    (:func:`format_value`).

    Raises
    ------
    ValueError
        For a bad name or label, ``low >= high``, a ``step`` that does not divide the range, or a
        ``default`` that is not one of the positions.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    default: float
    unit: str = ""
    format: str = ""

    def __post_init__(self) -> None:
        _check_name(self.name, self.label)
        self._ints()
        format_value(0.0, self.format)
        self.index(self.default)  # raises when the default is not a position

    def _ints(self) -> tuple[int, int, int, int]:
        return _integers_of(self.low, self.high, self.step, self.name)

    @property
    def count(self) -> int:
        """The number of positions."""
        return self._ints()[3]

    @property
    def integer(self) -> bool:
        """Whether every position is a whole number (the trait is then an ``int``)."""
        start, step, scale, _ = self._ints()
        return scale == 1

    def value(self, i: int) -> float | int:
        """The value at position ``i`` (0 .. count - 1)."""
        start, step, scale, count = self._ints()
        if not 0 <= i < count:
            raise IndexError(f"slider {self.name!r} has positions 0..{count - 1}, got {i}")
        return start + step * i if scale == 1 else (start + step * i) / scale

    def index(self, value: Any) -> int:
        """The position of ``value``; raises ``TypeError`` for a non-number and ``ValueError`` for a number
        that is not a position (outside the range, or between two steps)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self.name} must be a number, got {type(value).__name__}")
        start, step, scale, count = self._ints()
        i = round((value * scale - start) / step) if math.isfinite(value) else -1
        if not 0 <= i < count or not math.isclose(self.value(i), value, rel_tol=1e-9, abs_tol=1e-12):
            raise ValueError(f"{self.name} must be one of {format_value(self.low)} .. {format_value(self.high)} "
                             f"in steps of {format_value(self.step)}, got {value!r}")
        return i

    def snap(self, value: Any) -> float | int:
        """The position's own value for ``value`` (``0.15000000000000002`` -> ``0.15``); raises as :meth:`index`."""
        return self.value(self.index(value))

    def to_js(self) -> dict:
        """The declaration as the browser side reads it."""
        start, step, scale, count = self._ints()
        return {"kind": "slider", "name": self.name, "label": self.label, "unit": self.unit,
                "format": self.format, "start": start, "step": step, "scale": scale, "count": count,
                "default": self.index(self.default)}


@dataclass(frozen=True)
class LogSlider:
    """A slider over every number with ``digits`` significant digits from ``10**low_exp`` to
    ``10**high_exp`` (see the module's docstring), starting at ``default``.

    Raises
    ------
    ValueError
        For a bad name or label, ``low_exp >= high_exp``, ``digits`` not in 1..6, or a ``default`` that is
        not one of the positions.
    """

    name: str
    label: str
    low_exp: int
    high_exp: int
    digits: int
    default: float
    unit: str = ""

    def __post_init__(self) -> None:
        _check_name(self.name, self.label)
        for arg in ("low_exp", "high_exp", "digits"):
            if isinstance(getattr(self, arg), bool) or not isinstance(getattr(self, arg), int):
                raise TypeError(f"slider {self.name!r}: {arg} must be an int, got {getattr(self, arg)!r}")
        if self.low_exp >= self.high_exp or not 1 <= self.digits <= 6:
            raise ValueError(f"slider {self.name!r}: need low_exp < high_exp and digits in 1..6")
        self.index(self.default)

    @property
    def format(self) -> str:
        return ""

    @property
    def integer(self) -> bool:
        return False

    @property
    def per_decade(self) -> int:
        """Positions per decade: ``9 * 10**(digits - 1)``."""
        return 9 * 10 ** (self.digits - 1)

    @property
    def count(self) -> int:
        return (self.high_exp - self.low_exp) * self.per_decade + 1

    def value(self, i: int) -> float:
        """The value at position ``i``: mantissa ``10**(digits-1) + i % per_decade`` in decade
        ``low_exp + i // per_decade``."""
        if not 0 <= i < self.count:
            raise IndexError(f"slider {self.name!r} has positions 0..{self.count - 1}, got {i}")
        decade, k = divmod(i, self.per_decade)
        mantissa = 10 ** (self.digits - 1) + k
        return float(f"{mantissa}e{self.low_exp + decade - self.digits + 1}")

    def index(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self.name} must be a number, got {type(value).__name__}")
        if math.isfinite(value) and value > 0:
            exponent = math.floor(math.log10(value))
            mantissa = round(value / 10.0 ** (exponent - self.digits + 1))
            if mantissa == 10 ** self.digits:
                exponent, mantissa = exponent + 1, 10 ** (self.digits - 1)
            i = (exponent - self.low_exp) * self.per_decade + mantissa - 10 ** (self.digits - 1)
            if 0 <= i < self.count and math.isclose(self.value(i), value, rel_tol=1e-9):
                return i
        raise ValueError(f"{self.name} must be a number from {format_value(10.0 ** self.low_exp)} to "
                         f"{format_value(10.0 ** self.high_exp)} with at most {self.digits} significant digits, "
                         f"got {value!r}")

    def snap(self, value: Any) -> float:
        return self.value(self.index(value))

    def to_js(self) -> dict:
        return {"kind": "log", "name": self.name, "label": self.label, "unit": self.unit, "format": "",
                "lowExp": self.low_exp, "highExp": self.high_exp, "digits": self.digits, "count": self.count,
                "default": self.index(self.default)}


@dataclass(frozen=True)
class Choice:
    """A dropdown: ``options`` as ``(shown, value)`` pairs of strings, starting at ``default`` (a value).

    Raises
    ------
    ValueError
        For a bad name or label, no options, a non-string option, or a ``default`` that is not a value.
    """

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    default: str

    def __post_init__(self) -> None:
        _check_name(self.name, self.label)
        if not self.options or not all(isinstance(s, str) and isinstance(v, str) for s, v in self.options):
            raise ValueError(f"choice {self.name!r}: options must be (shown, value) pairs of strings")
        self.snap(self.default)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v for _, v in self.options)

    def shown(self, value: str) -> str:
        return dict((v, s) for s, v in self.options)[self.snap(value)]

    def snap(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be a string, one of {list(self.values)}, got {type(value).__name__}")
        if value not in self.values:
            raise ValueError(f"{self.name} must be one of {list(self.values)}, got {value!r}")
        return value

    def to_js(self) -> dict:
        return {"kind": "choice", "name": self.name, "label": self.label,
                "options": [list(o) for o in self.options], "default": self.default}


Control = Slider | LogSlider | Choice


def describe(control: Control, value: Any) -> str:
    """``"w₁ = 1.5"``, ``"η = 0.12"``, ``"steps = 30"``, ``"data: AND"``: a control's setting in words, as the
    text alternative writes it (the JavaScript writes the same)."""
    if isinstance(control, Choice):
        return f"{control.label}: {control.shown(value)}"
    unit = f" {control.unit}" if control.unit else ""
    return f"{control.label} = {format_value(control.snap(value), control.format)}{unit}"
