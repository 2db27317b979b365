"""Input checks shared by the package: each raises a clear error naming the argument.

These run once at the boundary of a public function (never inside a training
step), so they cost nothing in the inner loop.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def as_float_array(value: Any, name: str, *, ndim: int | tuple[int, ...] | None = None,
                   dtype: Any = None, allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a finite floating-point array, or raise.

    Raises ``TypeError`` for non-numeric input (strings, objects, booleans
    given as a dtype) and ``ValueError`` for a wrong number of dimensions, an
    empty array, NaN or infinity.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got a {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a rectangular numeric array: {exc}") from None
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if dtype is None:
        dtype = arr.dtype if arr.dtype in FLOAT_DTYPES else np.float64
    dtype = np.dtype(dtype)
    if dtype not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    arr = arr.astype(dtype, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must be a {want}-D array, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: it needs at least one example")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def check_positive(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a finite number greater than 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return value


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` if it is an integer of at least 1, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def check_binary_labels(y: Any, name: str = "y") -> np.ndarray:
    """Return ``y`` as a float array if every entry is 0 or 1, else raise ``ValueError``."""
    arr = as_float_array(y, name)
    if not np.all((arr == 0) | (arr == 1)):
        bad = np.unique(arr[(arr != 0) & (arr != 1)])[:5]
        raise ValueError(f"{name} must hold only the labels 0 and 1, found {bad.tolist()}")
    return arr


def check_choice(value: Any, name: str, choices: dict | tuple | list) -> Any:
    """Raise ``ValueError`` unless ``value`` is one of ``choices`` (a clear list of the options)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return value


def check_seed(value: Any, name: str = "seed") -> int | None:
    """Return ``value`` if it is ``None`` or a non-negative integer (what NumPy's generators accept), else raise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative integer or None, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer or None, got {value}")
    return int(value)


def check_number(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number (not a bool), else raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value
