"""nnlearn.portable: the same floats on every x86-64 machine, for runs that amplify the last bits."""

import hashlib
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from nnlearn import Network
from nnlearn.portable import exp, is_portable, log, log1p, matmul, portable_arithmetic, power, tanh, vdot
from nnlearn.train import train

ROOT = pathlib.Path(__file__).resolve().parents[1]


def ulps(a, b) -> np.ndarray:
    """|a - b| in units in the last place of the larger of the two (0 where they are equal)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    with np.errstate(invalid="ignore"):
        d = np.abs(a - b) / np.spacing(np.maximum(np.abs(a), np.abs(b)))
    return np.where(a == b, 0.0, d)


RNG = np.random.default_rng(0)
WIDE = np.concatenate([RNG.uniform(-745, 709.7, 100_000), RNG.normal(0, 1, 100_000), RNG.normal(0, 1e-6, 10_000),
                       [0.0, -0.0, 1e-300, -1e-300, 709.78, -708.3, -744.4, 0.5 * np.log(2), -0.5 * np.log(2)]])


def test_outside_the_context_every_function_is_numpys_own():
    x = RNG.normal(size=(50, 7))
    W = RNG.normal(size=(7, 3))
    assert not is_portable()
    assert np.array_equal(exp(x), np.exp(x)) and np.array_equal(tanh(x), np.tanh(x))
    assert np.array_equal(log(np.abs(x)), np.log(np.abs(x))) and np.array_equal(log1p(np.abs(x)), np.log1p(np.abs(x)))
    assert np.array_equal(matmul(x, W), x @ W) and vdot(x, x) == np.vdot(x, x)


def exact(f, x):
    """``f`` in long double precision, rounded to float64: a reference within half a unit in the last place
    (almost always), whatever SIMD loop NumPy's float64 ``f`` would take on this CPU."""
    return f(np.asarray(x, dtype=np.longdouble)).astype(np.float64)


LONG_DOUBLE = np.finfo(np.longdouble).nmant >= 63  # x86's 80-bit long double; elsewhere compare with NumPy


def reference(f, x):
    return exact(f, x) if LONG_DOUBLE else f(x)


def test_exp_is_within_one_unit_in_the_last_place():
    with portable_arithmetic():
        mine = exp(WIDE)
    theirs = reference(np.exp, WIDE)
    normal = theirs > np.finfo(float).tiny
    assert ulps(mine[normal], theirs[normal]).max() <= 1.0
    assert mine.dtype == np.float64 and mine.shape == WIDE.shape


def test_tanh_is_within_four_units_in_the_last_place():
    x = np.concatenate([WIDE[100_000:] * 3, RNG.uniform(-25, 25, 50_000), RNG.uniform(0.1, 0.3, 200_000)])
    with portable_arithmetic():
        mine = tanh(x)
    assert ulps(mine, reference(np.tanh, x)).max() <= 4.0
    assert np.all(np.abs(mine) <= 1.0)


POSITIVE = np.concatenate([np.exp(RNG.uniform(-740, 709, 100_000)), RNG.uniform(0.5, 2.0, 100_000),
                           1.0 + RNG.normal(0, 1e-9, 10_000), [5e-324, 2.2250738585072014e-308, 1.0, 2.0, 0.5,
                                                               np.sqrt(0.5), np.sqrt(2.0), 1.7976931348623157e308]])


def test_log_is_within_three_units_in_the_last_place():
    with portable_arithmetic():
        mine = log(POSITIVE)
    assert ulps(mine, reference(np.log, POSITIVE)).max() <= 3.0
    assert mine[np.flatnonzero(POSITIVE == 1.0)[0]] == 0.0


def test_log1p_is_within_four_units_in_the_last_place_and_exact_for_tiny_arguments():
    x = np.concatenate([RNG.uniform(-1, 1, 100_000), RNG.normal(0, 1e-12, 10_000), POSITIVE[:100_000],
                        -RNG.uniform(0, 1, 10_000) ** 8, [-0.29, 0.41, -0.2900000001, 0.4099999999, 1e-300]])
    with portable_arithmetic():
        mine = log1p(x)
        subnormal = log1p(np.array([5e-324, 1.5e-323, -5e-324, 1e-310, 2.0 ** -61]))
    assert ulps(mine, reference(np.log1p, x)).max() <= 4.0
    np.testing.assert_array_equal(subnormal, [5e-324, 1.5e-323, -5e-324, 1e-310, 2.0 ** -61])


def test_special_values_follow_numpy():
    with portable_arithmetic():
        e = exp(np.array([np.inf, -np.inf, np.nan, 710.0, -746.0, 0.0, -0.0]))
        t = tanh(np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 20.0, -300.0, 1e-310]))
    with portable_arithmetic():
        lg = log(np.array([0.0, -0.0, -1.0, np.inf, np.nan, -np.inf]))
        l1 = log1p(np.array([-1.0, -2.0, np.inf, np.nan, 0.0, -0.0]))
    np.testing.assert_array_equal(e, [np.inf, 0.0, np.nan, np.inf, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(lg, [-np.inf, -np.inf, np.nan, np.inf, np.nan, np.nan])
    np.testing.assert_array_equal(l1, [-np.inf, np.nan, np.inf, np.nan, 0.0, -0.0])
    assert np.signbit(l1[5]) and not np.signbit(l1[4])
    np.testing.assert_array_equal(t, [1.0, -1.0, np.nan, 0.0, -0.0, 1.0, -1.0, 1e-310])
    assert np.signbit(t[4]) and not np.signbit(t[3])  # the sign of zero is kept, as np.tanh keeps it


def test_dtype_and_shape_are_kept():
    with portable_arithmetic():
        f32 = exp(RNG.normal(size=(4, 5)).astype(np.float32))
        t32 = tanh(np.float32(0.3))
        scalar = exp(1.0)
        empty = tanh(np.empty((0, 3)))
        ints = exp(np.arange(3))
    assert f32.dtype == np.float32 and f32.shape == (4, 5)
    assert t32.dtype == np.float32 and t32.shape == () and abs(float(t32) - np.tanh(0.3)) < 1e-7
    assert scalar.shape == () and ulps(scalar, np.e) <= 1
    assert empty.shape == (0, 3)
    assert ints.dtype == np.float64 and ulps(ints, np.exp(np.arange(3))).max() <= 1


def test_float32_results_are_the_float64_ones_rounded():
    x = RNG.normal(0, 3, 1000).astype(np.float32)
    with portable_arithmetic():
        assert np.array_equal(exp(x), exp(x.astype(np.float64)).astype(np.float32))
        assert np.array_equal(tanh(x), tanh(x.astype(np.float64)).astype(np.float32))
        p = np.abs(x) + np.float32(0.1)
        assert log(p).dtype == np.float32 and np.array_equal(log(p), log(p.astype(np.float64)).astype(np.float32))
        assert np.array_equal(log1p(p), log1p(p.astype(np.float64)).astype(np.float32))


def test_products_are_numpys_einsum_in_the_context_and_close_to_blas():
    a, W = RNG.normal(size=(200, 64)), RNG.normal(size=(64, 30))
    stack, Ws = RNG.normal(size=(3, 200, 64)), RNG.normal(size=(3, 64, 30))
    with portable_arithmetic():
        assert np.array_equal(matmul(a, W), np.einsum("ij,jk->ik", a, W))
        assert np.array_equal(matmul(a.T, a), np.einsum("ij,jk->ik", a.T, a))
        for left, right in ((stack, Ws), (a, Ws), (stack.swapaxes(-1, -2), stack)):  # broadcasting as np.matmul
            got = matmul(left, right)
            assert got.shape == np.matmul(left, right).shape
            np.testing.assert_allclose(got, np.matmul(left, right), rtol=1e-12, atol=1e-12)
        assert vdot(stack, stack) == np.einsum("i,i->", stack.ravel(), stack.ravel())
        np.testing.assert_allclose(vdot(stack, stack), np.vdot(stack, stack), rtol=1e-13)


def test_scalars_give_numpy_scalars_and_complex_input_is_refused():
    with portable_arithmetic():
        assert isinstance(exp(1.0), np.float64) and isinstance(tanh(np.float32(1.0)), np.float32)
        assert isinstance(log(np.array(2.0)), np.ndarray)  # a 0-d array stays an array
        with pytest.raises(TypeError, match="exp: x must hold real numbers, got dtype complex128"):
            exp(np.array([1 + 2j]))
        with pytest.raises(TypeError, match="log1p: x must hold real numbers"):
            log1p(np.array(["a"]))


def test_power_is_repeated_multiplication_inside_and_pythons_outside():
    assert power(0.9, 7) == 0.9 ** 7 and power(2.0, 0) == 1.0
    with portable_arithmetic():
        assert power(0.9, 3) == (0.9 * 0.9) * 0.9  # squaring: base^2 first, then the odd factor
        assert power(0.999, 1000) == pytest.approx(0.999 ** 1000, rel=1e-13)
        assert power(0.5, 1074) == 5e-324 and power(3.0, 0) == 1.0
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="n must be an integer >= 0"):
            power(2.0, bad)


def test_a_recursive_decorated_function_leaves_the_mode_as_it_found_it():
    @portable_arithmetic()
    def depth(n):
        return depth(n - 1) if n else is_portable()

    assert depth(3) and not is_portable()
    with portable_arithmetic():
        assert depth(2) and is_portable()
    assert not is_portable()


def test_the_mode_nests_is_restored_after_an_exception_and_works_as_a_decorator():
    with portable_arithmetic():
        with portable_arithmetic():
            assert is_portable()
        assert is_portable()
    assert not is_portable()
    with pytest.raises(ZeroDivisionError):
        with portable_arithmetic():
            1 / 0
    assert not is_portable()

    @portable_arithmetic()
    def inside():
        return is_portable()

    assert inside() and not is_portable()


def test_the_engine_in_portable_arithmetic_trains_as_it_does_with_blas():
    """The same training, both ways: the two differ only by rounding (this run is not chaotic)."""
    X = RNG.normal(size=(60, 3))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    nets = []
    for mode in (portable_arithmetic(), _nothing()):
        net = Network([3, 8, 8, 1], "tanh", "sigmoid", seed=1)
        with mode:
            train(net, X, y, "bce", "gd", eta=0.5, epochs=100)
        nets.append(net)
    for p, q in zip(nets[0].parameters(), nets[1].parameters()):
        np.testing.assert_allclose(p, q, rtol=1e-9, atol=1e-12)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --------------------------------------------------------------------------- across machines

#: Trains two chaotic runs of the book (chapter 6's widget from the large start with clipping, chapter 5's
#: spirals at eta = 1) in portable arithmetic, and the second one also without it; prints their fingerprints.
FINGERPRINT = """
import hashlib, json, numpy as np
from nnlearn import Network
from nnlearn.train import train
from nnlearn.vanishing import widget_run
from nnlearn.widgets.playground import playground_data, playground_run
h = lambda arrays: hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)).hexdigest()
exploding = widget_run(6, "relu", "large N(0, 0.6\\u00b2)", True)
spirals = playground_run("spirals", 4, "tanh", "bce", 1.0, 0)
X, y = playground_data("spirals")
net = Network([2, 4, 1], "tanh", "sigmoid", seed=0)
train(net, X, y, "bce", "gd", eta=1.0, epochs=400)
print(json.dumps({"portable": h([exploding.norms, exploding.loss[:-1]]) + h(spirals.network.parameters()),
                  "blas": h(net.parameters())}))
"""


@pytest.fixture(scope="module")
def fingerprints():
    """setting name -> fingerprints, for every setting tools/nbval_blas.py would run here (in parallel)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import nbval_blas
    finally:
        sys.path.pop(0)
    settings = [s for s in nbval_blas.settings() if not s.skip]
    procs = {s.name: subprocess.Popen([sys.executable, "-c", FINGERPRINT], env={**os.environ, **s.env},
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for s in settings}
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{name}: {stderr}"
        out[name] = json.loads(stdout)
    return out


def test_chaotic_runs_in_portable_arithmetic_give_the_same_bits_under_every_blas_and_simd_setting(fingerprints):
    assert len(fingerprints) >= 2, "need at least two settings to compare"
    portable_prints = {name: f["portable"] for name, f in fingerprints.items()}
    assert len(set(portable_prints.values())) == 1, portable_prints


def test_the_same_chaotic_run_without_it_differs_between_the_settings(fingerprints):
    """The comparison above has teeth: where another BLAS kernel can run, the spirals run trained without
    portable arithmetic ends with different bits under it than by default."""
    kernels = [name for name in fingerprints if name.startswith("OPENBLAS_CORETYPE")]
    if not kernels:
        pytest.skip("no other BLAS kernel can run on this machine (see tools/nbval_blas.py --list)")
    assert any(fingerprints[name]["blas"] != fingerprints["default"]["blas"] for name in kernels), fingerprints
