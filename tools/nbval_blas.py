"""Run nbval on the notebooks under several BLAS settings at once: the saved outputs must not change.

Usage: python tools/nbval_blas.py [--list] -- PYTEST_ARGUMENTS...

A saved output that depends on the last bits of floating point (which BLAS kernel, how many threads)
passes on the machine that made it and fails on the next one. So the notebooks are checked under:

- ``default``: the environment as it is (whatever kernel OpenBLAS picks for this CPU);
- ``OPENBLAS_CORETYPE=Prescott``: OpenBLAS's oldest x86-64 kernel (SSE3), which every x86-64 CPU runs,
  with NumPy limited to its baseline SIMD (``NPY_DISABLE_CPU_FEATURES`` lists every run-time target), as on
  an old CPU;
- ``OPENBLAS_CORETYPE=Haswell``: the AVX2 kernel (only on a CPU with AVX2), with NumPy's AVX-512 targets
  disabled, as on a Haswell CPU;
- ``one BLAS thread``: ``OPENBLAS_NUM_THREADS=1``, ``OMP_NUM_THREADS=1``, ``MKL_NUM_THREADS=1``.

Disabling NumPy's run-time SIMD targets matters because ``np.exp`` and ``np.tanh`` have an AVX-512, an
AVX2 and a plain implementation, which differ in the last bit for some inputs: a machine without AVX-512
computes them differently even with the same BLAS kernel.

A kernel setting is skipped, with the reason printed, where it cannot apply: the machine is not x86-64,
NumPy's BLAS is not OpenBLAS (``threadpoolctl`` says which it is), the CPU lacks the instructions,
the kernel is the one already in use, or OpenBLAS ignores the setting (it then reports the same
kernel as by default). The settings run in parallel (each is one pytest process with its own kernels). When all
are done: one line per passing setting, the whole output of each failing one, a summary, and exit status 1 if any
setting failed.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: Prints what BLAS NumPy uses in the environment it runs in, as JSON (run in a subprocess per setting).
PROBE = ("import json, numpy, threadpoolctl; "
         "print(json.dumps([{k: i.get(k) for k in ('internal_api', 'architecture', 'num_threads', 'version')} "
         "for i in threadpoolctl.threadpool_info() if i.get('user_api') == 'blas']))")
#: Prints NumPy's run-time SIMD targets (the ones NPY_DISABLE_CPU_FEATURES can turn off), as JSON.
NUMPY_TARGETS = ("import json; from numpy._core import _multiarray_umath as m; "
                 "print(json.dumps(list(getattr(m, '__cpu_dispatch__', []))))")


def numpy_targets() -> list[str]:
    """NumPy's run-time SIMD targets in this environment (empty if NumPy does not say)."""
    try:
        out = subprocess.run([sys.executable, "-c", NUMPY_TARGETS], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)
    except (subprocess.CalledProcessError, ValueError):
        return []


def numpy_disabled(kernel: str, targets: list[str]) -> str:
    """The ``NPY_DISABLE_CPU_FEATURES`` value that makes NumPy compute as on a CPU of ``kernel``'s generation:
    every run-time target for Prescott (baseline SIMD only), the AVX-512 ones for Haswell."""
    if kernel == "Prescott":
        chosen = targets
    else:
        chosen = [t for t in targets if t.startswith("AVX512") or t == "X86_V4"]
    return " ".join(chosen)


@dataclass
class Setting:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    skip: str | None = None


def probe(env: dict[str, str]) -> list[dict]:
    """The BLAS libraries NumPy loads under ``env`` (``threadpoolctl.threadpool_info``, BLAS entries only)."""
    out = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, **env}, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def describe(blas: list[dict]) -> str:
    return ", ".join(f"{b['internal_api']} {b['version']} kernel {b['architecture']}, {b['num_threads']} threads"
                     for b in blas) or "no BLAS found"


def settings() -> list[Setting]:
    """The settings to run here, with a reason on each that cannot apply."""
    base = probe({})
    openblas = [b for b in base if b["internal_api"] == "openblas"]
    x86_64 = platform.machine().lower() in ("x86_64", "amd64")
    flags = cpu_flags()
    targets = numpy_targets()
    found = [Setting("default")]
    for kernel, needs in (("Prescott", "sse3"), ("Haswell", "avx2")):
        s = Setting(f"OPENBLAS_CORETYPE={kernel}", {"OPENBLAS_CORETYPE": kernel})
        disabled = numpy_disabled(kernel, targets)
        if disabled:
            s.env["NPY_DISABLE_CPU_FEATURES"] = disabled
        sse3 = "pni" if needs == "sse3" else needs  # /proc/cpuinfo calls SSE3 "pni"
        if not x86_64:
            s.skip = f"not an x86-64 machine ({platform.machine()})"
        elif not openblas:
            s.skip = f"NumPy's BLAS is not OpenBLAS ({describe(base)})"
        elif flags and sse3 not in flags:
            s.skip = f"this CPU lacks {needs.upper()}"
        elif os.environ.get("OPENBLAS_CORETYPE", "").lower() == kernel.lower():
            s.skip = "the environment sets it already, so the default run uses it"
        elif any(str(b["architecture"]).lower() == kernel.lower() for b in openblas):
            s.skip = f"it is the kernel in use by default: {describe(base)}"
        else:
            # OpenBLAS may name the kernel it then uses differently (Prescott is reported as "Katmai"
            # by some builds): what counts is that the kernel changed.
            used = [b for b in probe(s.env) if b["internal_api"] == "openblas"]
            if [b["architecture"] for b in used] == [b["architecture"] for b in openblas]:
                s.skip = f"OpenBLAS ignores it here ({describe(used)})"
        found.append(s)
    found.append(Setting("one BLAS thread", {v: "1" for v in THREAD_VARIABLES}))
    return found


def main(argv: list[str]) -> int:
    if "--" in argv:
        split = argv.index("--")
        options, pytest_args = argv[:split], argv[split + 1:]
    else:
        options, pytest_args = argv, []
    chosen = settings()
    for s in chosen:
        if s.skip:
            print(f"   {s.name}: SKIPPED, {s.skip}")
        else:
            simd = s.env.get("NPY_DISABLE_CPU_FEATURES")
            print(f"   {s.name}: {describe(probe(s.env))}" + (f"; NumPy without {simd}" if simd else ""))
    if "--list" in options:
        return 0
    if not pytest_args:
        print("nothing to run: pass the pytest arguments after --", file=sys.stderr)
        return 2
    runs = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nbval-blas-") as tmp:
        for k, s in enumerate(x for x in chosen if not x.skip):
            log = open(os.path.join(tmp, f"{k}.log"), "w+")
            proc = subprocess.Popen([sys.executable, "-m", "pytest", *pytest_args], env={**os.environ, **s.env},
                                    stdout=log, stderr=subprocess.STDOUT)
            runs.append((s, proc, log))
        results = []
        for s, proc, log in runs:
            code = proc.wait()
            results.append((s, code, time.monotonic() - start))
            log.seek(0)
            text = log.read()
            log.close()
            header = f"== nbval under {s.name}"
            if code == 0:  # a passing run: its last line ("69 passed in 40.1s") is enough
                lines = [line for line in text.splitlines() if line.strip()]
                print(f"{header}: {lines[-1].strip('= ') if lines else 'passed'}")
            else:
                print(f"\n{header}: FAILED, its whole output:\n{text}", end="")
    print(f"\n== nbval under {len(results)} BLAS settings, in parallel ({time.monotonic() - start:.0f} s)")
    for s, code, _ in results:
        print(f"   {s.name}: {'passed' if code == 0 else 'FAILED'}")
    for s in chosen:
        if s.skip:
            print(f"   {s.name}: skipped: {s.skip}")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
