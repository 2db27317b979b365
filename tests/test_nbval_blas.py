"""Tests of tools/nbval_blas.py, which runs nbval under several BLAS settings in parallel."""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import nbval_blas  # noqa: E402

OPENBLAS = [{"internal_api": "openblas", "architecture": "SkylakeX", "num_threads": 2, "version": "0.3"}]


def fake_probe(kernel_for):
    def probe(env):
        return [{**OPENBLAS[0], "architecture": kernel_for(env.get("OPENBLAS_CORETYPE"))}]
    return probe


def names(settings):
    return {s.name: s.skip for s in settings}


def test_settings_on_x86_64_with_openblas(monkeypatch):
    monkeypatch.setattr(nbval_blas.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(nbval_blas, "cpu_flags", lambda: {"pni", "avx2"})
    monkeypatch.setattr(nbval_blas, "probe", fake_probe(lambda k: {"Prescott": "Katmai"}.get(k, k or "SkylakeX")))
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    found = nbval_blas.settings()
    assert [s.name for s in found] == ["default", "OPENBLAS_CORETYPE=Prescott", "OPENBLAS_CORETYPE=Haswell",
                                       "one BLAS thread"]
    assert all(s.skip is None for s in found)
    assert found[-1].env == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def test_kernel_settings_also_compute_numpy_as_a_cpu_of_that_generation(monkeypatch):
    """np.exp and np.tanh differ in the last bit between NumPy's AVX-512, AVX2 and plain loops, so a kernel
    setting turns off the run-time SIMD targets a CPU of its generation lacks."""
    monkeypatch.setattr(nbval_blas.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(nbval_blas, "cpu_flags", lambda: {"pni", "avx2"})
    monkeypatch.setattr(nbval_blas, "probe", fake_probe(lambda k: k or "SkylakeX"))
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    monkeypatch.setattr(nbval_blas, "numpy_targets", lambda: ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"])
    env = {s.name: s.env for s in nbval_blas.settings()}
    assert env["OPENBLAS_CORETYPE=Prescott"]["NPY_DISABLE_CPU_FEATURES"] == "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
    assert env["OPENBLAS_CORETYPE=Haswell"]["NPY_DISABLE_CPU_FEATURES"] == "X86_V4 AVX512_ICL AVX512_SPR"
    assert "NPY_DISABLE_CPU_FEATURES" not in env["default"] and "NPY_DISABLE_CPU_FEATURES" not in env["one BLAS thread"]
    monkeypatch.setattr(nbval_blas, "numpy_targets", lambda: [])  # NumPy names no targets: BLAS kernel only
    env = {s.name: s.env for s in nbval_blas.settings()}
    assert env["OPENBLAS_CORETYPE=Haswell"] == {"OPENBLAS_CORETYPE": "Haswell"}


def test_numpys_targets_are_read_from_numpy_itself():
    targets = nbval_blas.numpy_targets()
    assert isinstance(targets, list) and all(isinstance(t, str) for t in targets)
    assert nbval_blas.numpy_disabled("Haswell", ["X86_V3", "AVX512_SKX"]) == "AVX512_SKX"


def test_kernel_settings_are_skipped_with_a_reason_where_they_cannot_apply(monkeypatch):
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    monkeypatch.setattr(nbval_blas, "cpu_flags", lambda: {"pni"})
    monkeypatch.setattr(nbval_blas.platform, "machine", lambda: "aarch64")
    monkeypatch.setattr(nbval_blas, "probe", fake_probe(lambda k: "NEOVERSEN1"))
    skips = names(nbval_blas.settings())
    assert "not an x86-64 machine (aarch64)" in skips["OPENBLAS_CORETYPE=Prescott"]
    assert skips["default"] is None and skips["one BLAS thread"] is None

    monkeypatch.setattr(nbval_blas.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(nbval_blas, "probe", lambda env: [{**OPENBLAS[0], "internal_api": "mkl"}])
    assert "not OpenBLAS" in names(nbval_blas.settings())["OPENBLAS_CORETYPE=Prescott"]

    monkeypatch.setattr(nbval_blas, "probe", fake_probe(lambda k: "SkylakeX"))  # a build without DYNAMIC_ARCH
    skips = names(nbval_blas.settings())
    assert "ignores it" in skips["OPENBLAS_CORETYPE=Prescott"]
    assert "lacks AVX2" in skips["OPENBLAS_CORETYPE=Haswell"]

    monkeypatch.setenv("OPENBLAS_CORETYPE", "Prescott")
    assert "sets it already" in names(nbval_blas.settings())["OPENBLAS_CORETYPE=Prescott"]


def test_a_failure_under_one_setting_fails_the_run_and_is_named(tmp_path, capsys, monkeypatch):
    test = tmp_path / "test_env.py"
    test.write_text("import os\n\ndef test_not_single_threaded():\n"
                    "    assert os.environ.get('OPENBLAS_NUM_THREADS') != '1', 'single thread'\n")
    monkeypatch.setattr(nbval_blas, "settings", lambda: [
        nbval_blas.Setting("default"), nbval_blas.Setting("skipped one", skip="a reason"),
        nbval_blas.Setting("one BLAS thread", {"OPENBLAS_NUM_THREADS": "1"})])
    monkeypatch.setattr(nbval_blas, "probe", lambda env: OPENBLAS)
    code = nbval_blas.main(["--", "-p", "no:cacheprovider", "-q", str(test)])
    out = capsys.readouterr().out
    assert code == 1
    assert "   default: passed" in out and "   one BLAS thread: FAILED" in out
    assert "skipped one: skipped: a reason" in out
    assert "AssertionError: single thread" in out  # the failing run's whole output is shown


def test_nothing_to_run_is_an_error(monkeypatch):
    monkeypatch.setattr(nbval_blas, "settings", lambda: [nbval_blas.Setting("default")])
    monkeypatch.setattr(nbval_blas, "probe", lambda env: OPENBLAS)
    assert nbval_blas.main([]) == 2
    assert nbval_blas.main(["--list"]) == 0
