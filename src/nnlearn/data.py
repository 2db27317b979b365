r"""Small data sets generated in code, seeded: nothing is downloaded.

Every function returns ``X`` of shape ``(n, 2)`` (one example per row, float64)
and labels ``y`` of shape ``(n,)``: 0.0/1.0 (float64) for the two-class sets,
class indices 0..K-1 (int64) for :func:`spirals`; the one-feature sets of
chapter 2, :func:`line_data` and :func:`two_class_data`, have ``X`` of shape
``(n, 1)``. The same ``seed`` gives the same data on every run.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_positive_int, check_seed

__all__ = ["GATES", "logic_gate", "two_moons", "circles", "spirals", "line_data", "two_class_data"]

_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

#: The truth tables of the logic gates, in the order of the inputs (0,0), (0,1), (1,0), (1,1).
GATES: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
    "NAND": (1, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The four points of a two-input logic gate: ``X`` of shape ``(4, 2)`` and labels ``y`` of shape ``(4,)``.

    ``name`` is ``"AND"``, ``"OR"``, ``"XOR"`` or ``"NAND"`` (upper case, as in
    the book). Returns fresh arrays, so changing them changes nothing here.
    """
    check_choice(name, "name", GATES)
    return _INPUTS.copy(), np.array(GATES[name], dtype=np.float64)


def _check_n(n, name: str = "n", minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(n).__name__}")
    if n < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {n}")
    return int(n)


def _check_noise(noise) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)):
        raise TypeError(f"noise must be a number, got {type(noise).__name__}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    return float(noise)


def _split(n: int, k: int) -> list[int]:
    """``n`` examples into ``k`` classes as evenly as possible (the first classes get the extra ones)."""
    return [n // k + (c < n % k) for c in range(k)]


def _shuffled(rng: np.random.Generator, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return X[order], y[order]


def two_moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles: ``X`` of shape ``(n, 2)`` and labels ``y`` of shape ``(n,)`` in {0, 1}.

    Class 0 lies on the upper half circle :math:`(\cos t, \sin t)`, class 1 on
    the lower one :math:`(1 - \cos t, \tfrac12 - \sin t)`, :math:`t \in [0, \pi]`,
    each point moved by Gaussian noise of standard deviation ``noise``. No
    line separates them; one hidden layer does. Class 0 gets ``ceil(n/2)``
    points. Rows come in a random order drawn from ``seed``.
    """
    n = _check_n(n, minimum=2)
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    n0, n1 = _split(n, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, (n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _shuffled(rng, X, y)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5,
            seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two concentric circles: ``X`` of shape ``(n, 2)`` and labels ``y`` of shape ``(n,)`` in {0, 1}.

    Class 0 lies on the circle of radius 1, class 1 on the circle of radius
    ``factor`` (between 0 and 1), with angles evenly spread and Gaussian noise
    of standard deviation ``noise`` on each coordinate. The boundary a network
    must learn is a closed curve. Class 0 gets ``ceil(n/2)`` points. Rows come
    in a random order drawn from ``seed``.
    """
    n = _check_n(n, minimum=2)
    noise = _check_noise(noise)
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor < 1:
        raise ValueError(f"factor must be a number strictly between 0 and 1, got {factor!r}")
    rng = np.random.default_rng(check_seed(seed))
    n0, n1 = _split(n, 2)
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + rng.normal(0.0, noise, (n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _shuffled(rng, X, y)


def spirals(n: int = 300, classes: int = 2, noise: float = 0.2, turns: float = 1.0,
            seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Interleaved spiral arms, one per class: ``X`` of shape ``(n, 2)``, integer labels ``y`` of shape ``(n,)``.

    Arm :math:`k` (of ``classes`` :math:`K`) holds points at radius
    :math:`r \in [0, 1]` and angle :math:`\theta = 2\pi\,(\text{turns}\cdot r + k/K)`
    plus Gaussian noise of standard deviation ``noise`` *on the angle*, at
    :math:`r(\cos\theta, \sin\theta)`. The labels are the class indices
    ``0..K-1`` (dtype int64): use them with ``"softmax_ce"``, or with
    ``"bce"`` when ``classes=2``. The hardest of the toy sets: it takes
    several layers or many units. Rows come in a random order drawn from ``seed``.
    """
    classes = _check_n(classes, "classes", minimum=2)
    n = _check_n(n, minimum=classes)
    noise = _check_noise(noise)
    if isinstance(turns, bool) or not isinstance(turns, (int, float)) or not 0 < turns <= 10:
        raise ValueError(f"turns must be a number in (0, 10], got {turns!r}")
    rng = np.random.default_rng(check_seed(seed))
    Xs, ys = [], []
    for k, m in enumerate(_split(n, classes)):
        r = np.linspace(0.0, 1.0, m)
        theta = 2 * np.pi * (turns * r + k / classes) + rng.normal(0.0, noise, m)
        Xs.append(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]))
        ys.append(np.full(m, k, dtype=np.int64))
    return _shuffled(rng, np.vstack(Xs), np.concatenate(ys))


def line_data(n: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy points near the line :math:`y = 1.5x - 0.5`: ``X`` of shape ``(n, 1)``, ``y`` of shape ``(n,)``.

    :math:`x` is uniform on :math:`[-1, 3]` and the noise normal with standard
    deviation 0.5, drawn from ``numpy.random.default_rng(seed)``.
    """
    n = check_positive_int(n, "n")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(check_seed(seed))
    x = rng.uniform(-1.0, 3.0, n)
    y = 1.5 * x - 0.5 + rng.normal(0.0, 0.5, n)
    return x[:, None], y


def two_class_data(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two overlapping groups on a line: ``X`` of shape ``(n, 1)``, labels ``y`` in {0, 1} of shape ``(n,)``.

    The first ``n // 2`` points have :math:`y = 0` and :math:`x \sim \mathcal N(-1, 1.2^2)`,
    the others :math:`y = 1` and :math:`x \sim \mathcal N(1, 1.2^2)`. The groups
    overlap, so no threshold separates them and the best :math:`(w, b)` is
    finite. ``n`` must be at least 2.
    """
    n = check_positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 (one point per class), got {n}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(check_seed(seed))
    n0 = n // 2
    x = np.concatenate([rng.normal(-1.0, 1.2, n0), rng.normal(1.0, 1.2, n - n0)])
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    return x[:, None], y
