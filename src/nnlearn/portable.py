r"""Portable arithmetic: the same floats on every x86-64 machine, for runs that amplify the last bits.

Why
---
The book saves its outputs and promises the same ones on any machine. Rounding
(:mod:`nnlearn.precision`) hides a last-bit difference only while the difference
stays in the last bits. Some training runs amplify it instead: an exploding
network (chapter 6) or a large learning rate on the spirals (chapter 5) doubles a
tiny difference every few steps, and after forty steps two machines report
losses of 5.25 and 5.37. Measured on this book's widgets, two sources of last-bit
differences remain once the thread count is fixed:

- matrix and dot products: NumPy hands them to BLAS, and each BLAS kernel (chosen
  per CPU, e.g. ``OPENBLAS_CORETYPE=Haswell`` or ``SkylakeX``) sums in its own
  order, with or without fused multiply-adds;
- ``np.exp``, ``np.tanh``, ``np.log``, ``np.log1p`` and ``np.power``: NumPy picks an
  AVX-512, an AVX2 or a plain implementation at run time, and they differ in the last
  bit for some inputs (``NPY_DISABLE_CPU_FEATURES`` shows it on one machine: exp,
  log, log1p and power change without AVX-512, tanh without AVX2); Python's ``**``
  calls the C library's ``pow``, which has an FMA variant too (:func:`power`).

Inside :func:`portable_arithmetic`, the engine computes these with operations whose
results do not depend on the machine: products by ``np.einsum`` (NumPy's own loops,
compiled once for every x86-64 CPU, in a fixed order), and :func:`exp`, :func:`tanh`,
:func:`log` and :func:`log1p` from additions, multiplications and divisions (IEEE 754
rounds each of them exactly, on every CPU), splitting off the power of two with
``np.ldexp`` and ``np.frexp`` (exact). Everything
else the engine does is already elementwise IEEE arithmetic or NumPy's own fixed
summation. Outside the context manager every function here is NumPy's
(BLAS, dispatched SIMD); inside, the results agree with NumPy's to a few units in
the last place.

The price is speed: for the book's shapes ``np.einsum`` is 2-10 times slower than
BLAS and :func:`exp` about 5 times slower than ``np.exp``, so the book uses it only
for runs whose saved outputs need it (chapter 2's gradient descent and range test,
chapter 4's gradient-check experiments, chapter 5's playground, chapter 6's experiments).
"The same floats on every machine" is what the tests can check: the same NumPy build
(``requirements.txt`` pins it) under other OpenBLAS kernels, one BLAS thread, and NumPy's
AVX-512 and AVX2 loops switched off (``tools/nbval_blas.py``); a different processor
architecture (ARM) or NumPy build can still differ.

Source of the method: the range reduction :math:`x = n \ln 2 + r`,
:math:`|r| \le \tfrac12 \ln 2`, with :math:`\ln 2` split into a high part with
trailing zero bits and a low part (Cody and Waite, *Software Manual for the
Elementary Functions*, 1980; the constants are those of Sun's fdlibm ``e_exp.c``),
then a Taylor polynomial for :math:`e^r`, whose truncation error is below
:math:`10^{-17}` relative; for the logarithm, :math:`x = m\,2^e` with
:math:`\sqrt{1/2} \le m < \sqrt 2` and the series
:math:`\log m = 2\operatorname{atanh}\frac{m-1}{m+1}` (the reduction of fdlibm's ``e_log.c``, with a
Taylor series in place of its minimax polynomial). Accuracy (tested against long double): within 1 unit in
the last place for exp, 4 for tanh, 3 for log and 4 for log1p.
"""

from __future__ import annotations

import contextlib

import numpy as np

__all__ = ["portable_arithmetic", "is_portable", "matmul", "vdot", "exp", "tanh", "log", "log1p", "power"]

_on = False  # True inside `portable_arithmetic()`; read by every function below

# Cody-Waite split of ln 2 (fdlibm e_exp.c): LN2_HI has 32 trailing zero bits, so n * LN2_HI is exact for |n| < 2^20.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e+00
#: exp(x) overflows float64 above this, and is 0 below the other (the smallest subnormal is 2^-1074).
_EXP_OVERFLOW = 709.782712893384
_EXP_UNDERFLOW = -745.1332191019412
#: Taylor coefficients 1/k! for k = 13, 12, ..., 2 (Horner order): |r| <= 0.347 makes r^14/14! < 1e-17.
_TAYLOR = tuple(1.0 / np.prod(np.arange(1.0, k + 1)) for k in range(13, 1, -1))
#: tanh(x) rounds to +-1 in float64 for |x| >= 19.1.
_TANH_ONE = 20.0
#: log m = 2 atanh(s) = 2 s (1 + s^2/3 + s^4/5 + ...), s = (m - 1)/(m + 1); |s| <= 0.1716 makes s^22/23 < 1e-17.
_ATANH = tuple(1.0 / k for k in range(21, 2, -2))
_SQRT_HALF = 0.7071067811865476


class portable_arithmetic(contextlib.ContextDecorator):
    """Inside ``with portable_arithmetic():`` (or in a function decorated ``@portable_arithmetic()``), the
    engine's products and exponentials give the same floats under every BLAS kernel and NumPy SIMD path.

    Affects :func:`matmul`, :func:`vdot`, :func:`exp`, :func:`tanh`, :func:`log`, :func:`log1p` and
    :func:`power`, hence every layer's forward and backward pass, the batched engine, the sigmoid, tanh and
    softmax activations, the losses (values and gradients), Adam's bias correction and the gradient norms
    used for clipping and gradient checks. Nests, also when a decorated function calls itself; restores the
    previous mode on exit, also on an exception. Not thread-safe: the mode is one flag for the process (the
    book's notebooks and widgets run in one thread).
    """

    def __init__(self):
        self._previous: list[bool] = []  # a stack: one object used as a decorator can be entered again (recursion)

    def __enter__(self):
        global _on
        self._previous.append(_on)
        _on = True
        return self

    def __exit__(self, *exc):
        global _on
        _on = self._previous.pop()
        return False


def is_portable() -> bool:
    """Whether the calling code runs inside :func:`portable_arithmetic`."""
    return _on


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for float arrays (shapes as ``np.matmul``: ``(..., n, m)`` times ``(..., m, p)``, broadcast over
    ``...``). By BLAS normally; inside :func:`portable_arithmetic`, by ``np.einsum`` in a fixed order."""
    if _on:
        if a.ndim == 2 and b.ndim == 2:
            return np.einsum("ij,jk->ik", a, b)
        return np.einsum("...ij,...jk->...ik", a, b)
    return a @ b


def vdot(a: np.ndarray, b: np.ndarray):
    """``np.vdot(a, b)`` for real arrays of the same size (both flattened): by BLAS normally, by ``np.einsum``
    in a fixed order inside :func:`portable_arithmetic`."""
    if _on:
        return np.einsum("i,i->", a.ravel(), b.ravel())
    return np.vdot(a, b)


def _expm1_series(r: np.ndarray) -> np.ndarray:
    """e^r - 1 = r (1 + r (1/2! + r (1/3! + ... + r/13!))) for |r| <= 0.347, from + and * only (a new array)."""
    p = np.full_like(r, _TAYLOR[0])
    for c in _TAYLOR[1:]:
        p *= r
        p += c
    p *= r
    p += 1.0
    p *= r
    return p


def _exp64(x: np.ndarray) -> np.ndarray:
    """e**x for a float64 array from +, -, *, / and ldexp only (see the module docstring)."""
    nan = np.isnan(x)
    xs = np.where(nan, 0.0, np.clip(x, _EXP_UNDERFLOW - 1.0, _EXP_OVERFLOW + 1.0))
    n = np.rint(xs * _INV_LN2)
    r = (xs - n * _LN2_HI) - n * _LN2_LO
    p = _expm1_series(r)
    p += 1.0  # e^r = 1 + (e^r - 1)
    with np.errstate(over="ignore", under="ignore"):  # the overflowing entries are set to inf just below
        out = np.ldexp(p, n.astype(np.int32))
    out[xs > _EXP_OVERFLOW] = np.inf
    out[xs < _EXP_UNDERFLOW] = 0.0
    out[nan] = np.nan
    return out


def exp(x):
    """``np.exp(x)``, elementwise, in ``x``'s float dtype. Inside :func:`portable_arithmetic` it is computed
    in float64 from exactly rounded operations (within 1 unit in the last place of the exact value; ``inf``
    above 709.78, 0 below -745.13, NaN for NaN), then cast back to ``x``'s dtype."""
    if not _on:
        return np.exp(x)
    return _portable_unary(_exp64, x, "exp")


def tanh(x):
    r"""``np.tanh(x)``, elementwise, in ``x``'s float dtype. Inside :func:`portable_arithmetic`:
    :math:`\tanh x = \operatorname{sign}(x)\, t/(t + 2)` with :math:`t = e^{2|x|} - 1`, the latter by its
    Taylor series for :math:`2|x| < \tfrac12\ln 2` (no cancellation) and by :func:`exp` above; :math:`\pm 1`
    for :math:`|x| \ge 20`; keeps the sign of zero; within 4 units in the last place of the exact value."""
    if not _on:
        return np.tanh(x)
    return _portable_unary(_tanh64, x, "tanh")


def _tanh64(x64: np.ndarray) -> np.ndarray:
    y = np.minimum(2.0 * np.abs(x64), 2.0 * _TANH_ONE)  # NaN stays NaN
    small = y < 0.5 * _LN2_HI
    # e^y - 1: the series for small y (no cancellation), exp above
    t = np.where(small, _expm1_series(y), _exp64(y) - 1.0)
    out = np.copysign(t / (t + 2.0), x64)
    out[np.abs(x64) >= _TANH_ONE] = np.copysign(1.0, x64[np.abs(x64) >= _TANH_ONE])
    return out


def _atanh_series(s: np.ndarray) -> np.ndarray:
    """2 atanh(s) = 2 s (1 + s^2/3 + ... + s^20/21) for |s| <= 0.1716, from + and * only."""
    s2 = s * s
    q = np.full_like(s, _ATANH[0])
    for c in _ATANH[1:]:
        q *= s2
        q += c
    q *= s2
    q += 1.0
    return 2.0 * s * q


def _log64(x: np.ndarray) -> np.ndarray:
    """log x for a float64 array (see the module docstring): -inf at 0, NaN below 0 and for NaN, inf at inf."""
    usable = (x > 0) & (x < np.inf)
    m, e = np.frexp(np.where(usable, x, 1.0))  # x = m 2^e exactly, 0.5 <= m < 1 (subnormals too)
    low = m < _SQRT_HALF
    m = np.where(low, 2.0 * m, m)  # sqrt(1/2) <= m < sqrt(2), exactly
    ef = (e - low).astype(np.float64)
    out = ef * _LN2_HI + (ef * _LN2_LO + _atanh_series((m - 1.0) / (m + 1.0)))
    out[x == 0] = -np.inf
    out[x == np.inf] = np.inf
    out[~(x >= 0)] = np.nan  # below 0, and NaN
    return out


def _portable_unary(f64, x, name: str):
    """``f64`` (a float64 -> float64 elementwise function) applied to ``x``: the result in ``x``'s float dtype
    (float64 for integers and bools; long double is computed in float64), a NumPy scalar for a scalar."""
    scalar = np.ndim(x) == 0 and not isinstance(x, np.ndarray)
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{name}: x must hold real numbers, got dtype {x.dtype}")
    out = f64(np.atleast_1d(x).astype(np.float64)).reshape(x.shape)
    out = out.astype(x.dtype if x.dtype.kind == "f" else np.float64, copy=False)
    return out[()] if scalar else out


def log(x):
    """``np.log(x)``, elementwise, in ``x``'s float dtype (``-inf`` at 0, NaN below 0). Inside
    :func:`portable_arithmetic` it is computed in float64 from exactly rounded operations (within 3 units in
    the last place of the exact value), then cast back to ``x``'s dtype."""
    if not _on:
        return np.log(x)
    return _portable_unary(_log64, x, "log")


def _log1p64(x: np.ndarray) -> np.ndarray:
    near = (x > -0.29) & (x < 0.41)  # there s = x / (2 + x) stays within +-0.1716 (and 1 + x is never formed)
    s = np.where(near, x, 0.0) / (2.0 + np.where(near, x, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        far = _log64(1.0 + x)
    out = np.where(near, _atanh_series(s), far)
    tiny = np.abs(x) < 2.0 ** -60  # log1p(x) = x - x^2/2 + ... rounds to x (x / 2 would lose subnormal bits)
    return np.where(tiny, x, out)


def log1p(x):
    """``np.log1p(x)`` = log(1 + x), accurate for tiny ``x``, elementwise, in ``x``'s float dtype (``-inf`` at -1,
    NaN below -1). Inside :func:`portable_arithmetic`: the series of :func:`log` in :math:`s = x/(2 + x)` for
    :math:`-0.29 < x < 0.41`, :func:`log` of :math:`1 + x` elsewhere; within 4 units in the last place of
    the exact value."""
    if not _on:
        return np.log1p(x)
    return _portable_unary(_log1p64, x, "log1p")


def power(x: float, n: int) -> float:
    """``x ** n`` for a float ``x`` and an integer ``n >= 0``. Python's ``**`` calls the C library's ``pow``,
    whose last bit can depend on the CPU (glibc picks an FMA variant where the CPU has one); inside
    :func:`portable_arithmetic` this is exponentiation by squaring, multiplications only. Raises
    ``ValueError`` for a negative or non-integer ``n``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be an integer >= 0, got {n!r}")
    if not _on:
        return x ** n
    result, base, n = 1.0, float(x), int(n)
    while n:
        if n & 1:
            result *= base
        base *= base
        n >>= 1
    return result
