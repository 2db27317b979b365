r"""Chapter 8: what a network with one hidden layer can represent, built by hand in ``nnlearn``'s own layers.

Every construction here writes its weights into a real :class:`~nnlearn.network.Network` (``Dense`` layers,
``set_parameters``) and every number the chapter shows comes from that network's forward pass:

- **steps, bumps and their sums** (:func:`bump_parameters`, :func:`bump_network`): a sigmoid unit
  :math:`\sigma(s(x - e))` with a large weight :math:`s` is a smooth step at :math:`x = e`; two of them make a
  bump :math:`h\,[\sigma(s(x - e_0)) - \sigma(s(x - e_1))]`; :math:`N` bumps side by side approximate a
  continuous function on :math:`[0, 1]` (Nielsen's "visual proof", *Neural Networks and Deep Learning*,
  chapter 4);
- **hinges and hats** (:func:`hat_parameters`, :func:`hinge_network`): the ReLU counterpart, three hinges
  :math:`\mathrm{ReLU}(x - c)` per hat, whose sum is the piecewise-linear interpolant of the target;
- **how close** (:func:`sup_error`, :func:`error_table`, :func:`steepness_sweep`): the largest error on a grid
  of :data:`GRID_POINTS` points, against the number of hidden units and against the steepness;
- **two and more inputs** (:func:`tower_network`, :func:`tower_units`): towers over the cells of a grid, and
  how many units they take as the input dimension grows;
- **depth against width** (:func:`sawtooth_network`, :func:`shallow_sawtooth_network`,
  :func:`linear_pieces`): Telgarsky's sawtooth, counted exactly from its breakpoints in rational arithmetic;
- **constructed against trained** (:func:`training_study`): networks of the construction's width trained
  by gradient descent from many seeds (:mod:`nnlearn.batched`, in :func:`~nnlearn.portable.portable_arithmetic`);
- **the widget's math** (:func:`approximation_view`): everything the chapter's widget draws, as one pure
  function of its controls.

The inputs are one number per example (shape ``(n, 1)``) except for the towers (shape ``(n, d)``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..._checks import as_float_array, check_choice, check_number, check_positive, check_positive_int
from ...activations import Identity, ReLU
from ...batched import NetworkBatch, train_batch
from ...network import Network, count_parameters
from ...portable import portable_arithmetic

__all__ = [
    "Target", "TARGETS", "GRID_POINTS", "OUTER_EDGES", "RELATIVE_STEEPNESS", "PIECES",
    "target_values", "grid",
    "step_parameters", "bump_parameters", "bump_network", "bump_edges",
    "hat_parameters", "hat_network", "hinge_parameters", "hinge_network",
    "sup_error", "ErrorTable", "error_table", "convergence_order", "SteepnessSweep", "steepness_sweep",
    "hill", "HILL_TEX", "CORNER_STEEPNESS", "tower_network", "tower_units", "tower_errors", "TowerCount",
    "tower_counts", "single_tower",
    "TENT_HIDDEN", "sawtooth", "sawtooth_network", "shallow_sawtooth_network", "Pieces", "linear_pieces",
    "SawtoothRow", "sawtooth_table",
    "TrainingStudy", "TRAIN_ETA", "TRAIN_EPOCHS", "training_study",
    "DRAW_POINTS", "WIDGET_CONTROLS", "ApproximationView", "approximation_view",
    "error_table_markdown", "tower_counts_markdown", "sawtooth_markdown",
]

# =========================================================================== targets


@dataclass(frozen=True)
class Target:
    """A function on :math:`[0, 1]` that the chapter approximates.

    ``name`` is its key in :data:`TARGETS`, ``label`` its name in words, ``tex`` its formula (LaTeX),
    ``f`` the function itself (NumPy, elementwise, any shape), ``continuous`` whether it is
    continuous on :math:`[0, 1]` (the theorem's condition), and ``short`` its name in a table.
    """

    name: str
    label: str
    tex: str
    f: Callable[[np.ndarray], np.ndarray]
    continuous: bool
    short: str = ""


def _sine(x):
    return np.sin(2 * np.pi * x)


def _wiggly(x):
    return 0.2 + 0.4 * x ** 2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


def _root(x):
    return np.sqrt(np.maximum(x, 0.0))


def _jump(x):
    return np.where(x >= 0.5, 1.0, 0.0)


#: The chapter's targets: a smooth wave, Nielsen's wiggly function (chapter 4 of his book), a continuous
#: function with an infinite slope at 0, and a discontinuous step.
TARGETS: dict[str, Target] = {
    "sine": Target("sine", "a sine wave", r"\sin(2\pi x)", _sine, True, "sine"),
    "wiggly": Target("wiggly", "Nielsen's wiggly function",
                     r"0.2 + 0.4x^2 + 0.3x\sin(15x) + 0.05\cos(50x)", _wiggly, True, "wiggly"),
    "root": Target("root", "the square root", r"\sqrt{x}", _root, True, "square root"),
    "jump": Target("jump", "a jump", r"[x \geq 1/2]", _jump, False, "jump"),
}

#: How many equally spaced points of :math:`[0, 1]` (ends included) the largest error is taken over.
GRID_POINTS = 2001

#: Where the first bump starts and the last one ends: a whole interval's length outside :math:`[0, 1]`,
#: so that no step of the construction sits near the ends of the interval.
OUTER_EDGES = (-1.0, 2.0)

#: The steepness of the sigmoid steps measured in bump widths, :math:`k = s\,w`: a step then rises from
#: :math:`\sigma(-k/2)` to :math:`\sigma(k/2)` (0.12 to 0.88 for :math:`k = 4`) across one bump's width.
RELATIVE_STEEPNESS = 4.0

#: The numbers of pieces (bumps, or hinges of the ReLU construction) the chapter measures.
PIECES = (4, 8, 16, 32, 64, 128)


def _target(target: str | Target) -> Target:
    if isinstance(target, Target):
        return target
    return TARGETS[check_choice(target, "target", TARGETS)]


def target_values(target: str | Target, x) -> np.ndarray:
    """The target ``target`` (a name of :data:`TARGETS` or a :class:`Target`) at the points ``x`` (any shape)."""
    return np.asarray(_target(target).f(np.asarray(x, dtype=float)), dtype=float)


def grid(n: int = GRID_POINTS) -> np.ndarray:
    """``n`` equally spaced points of :math:`[0, 1]`, ends included, as a column ``(n, 1)`` (the network's input)."""
    n = check_positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 (both ends of the interval), got {n}")
    return np.linspace(0.0, 1.0, n)[:, None]


# =========================================================================== sigmoid: steps and bumps


def step_parameters(position: float, steepness: float) -> tuple[float, float]:
    r"""The weight and bias :math:`(w, b)` of a sigmoid unit :math:`\sigma(w x + b)` that steps up at
    ``position``: :math:`w = s`, :math:`b = -s\,e`, so that :math:`wx + b = s(x - e)` is zero at the step.

    Raises ``TypeError``/``ValueError`` unless ``position`` is a finite number and ``steepness`` a positive one.
    """
    e = check_number(position, "position")
    s = check_positive(steepness, "steepness")
    return s, -s * e


def bump_parameters(edges, heights, steepness: float) -> list[np.ndarray]:
    r"""The parameters ``[W1 (1, 2N), b1 (2N,), W2 (2N, 1), b2 (1,)]`` of a network with one input, ``2N``
    sigmoid units and an identity output that computes the sum of ``N`` bumps

    .. math:: g(x) = \sum_{i=0}^{N-1} h_i\,\big[\sigma(s(x - e_i)) - \sigma(s(x - e_{i+1}))\big].

    Bump ``i`` uses hidden units ``2i`` (its rising step, output weight :math:`+h_i`) and ``2i + 1`` (its
    falling step, :math:`-h_i`). ``edges`` are the ``N + 1`` increasing edges :math:`e_0 < \dots < e_N`,
    ``heights`` the ``N`` heights :math:`h_i`, ``steepness`` the weight :math:`s > 0` of every unit.

    Raises ``ValueError`` unless ``edges`` is strictly increasing with one more entry than ``heights``.
    """
    e = as_float_array(edges, "edges", ndim=1)
    h = as_float_array(heights, "heights", ndim=1)
    s = check_positive(steepness, "steepness")
    if len(e) != len(h) + 1:
        raise ValueError(f"edges must hold one more entry than heights (N + 1 edges for N bumps), "
                         f"got {len(e)} edges and {len(h)} heights")
    if np.any(np.diff(e) <= 0):
        raise ValueError(f"edges must be strictly increasing, got {e.tolist()}")
    n = len(h)
    # (bumps) unit 2i steps up at e_i (output weight +h_i), unit 2i + 1 steps down at e_{i+1} (-h_i)
    steps_at = np.empty(2 * n)
    steps_at[0::2], steps_at[1::2] = e[:-1], e[1:]
    out = np.empty(2 * n)
    out[0::2], out[1::2] = h, -h
    W1, b1 = np.full((1, 2 * n), s), -s * steps_at  # w x + b = s (x - e): a step at e
    return [W1, b1, out[:, None], np.zeros(1)]


def bump_edges(n_bumps: int, interior=None) -> tuple[np.ndarray, np.ndarray]:
    r"""The edges of ``n_bumps`` bumps on :math:`[0, 1]`, and the midpoints where their heights are taken.

    The interior edges are ``interior`` (``N - 1`` increasing points of :math:`(0, 1)`) or, by default, the
    equally spaced :math:`1/N, \dots, (N-1)/N`; the outer two are :data:`OUTER_EDGES`, outside the interval.
    The midpoints are those of the pieces of :math:`[0, 1]` the edges cut (the first piece starting at 0,
    the last ending at 1). Returns ``(edges (N + 1,), midpoints (N,))``.
    """
    n = check_positive_int(n_bumps, "n_bumps")
    if interior is None:
        inner = np.linspace(0.0, 1.0, n + 1)[1:-1]
    else:
        inner = as_float_array(interior, "interior", ndim=1, allow_empty=True)
        if len(inner) != n - 1:
            raise ValueError(f"interior must hold n_bumps - 1 = {n - 1} edges, got {len(inner)}")
        if np.any(inner <= 0) or np.any(inner >= 1) or np.any(np.diff(inner) <= 0):
            raise ValueError(f"interior edges must increase strictly inside (0, 1), got {inner.tolist()}")
    cuts = np.concatenate([[0.0], inner, [1.0]])
    edges = np.concatenate([[OUTER_EDGES[0]], inner, [OUTER_EDGES[1]]])
    return edges, (cuts[:-1] + cuts[1:]) / 2


def bump_network(target: str | Target, n_bumps: int, relative_steepness: float = RELATIVE_STEEPNESS) -> Network:
    r"""A 1-``2N``-1 network (sigmoid hidden layer, identity output) holding ``N = n_bumps`` equally wide
    bumps whose heights are the target at the bumps' midpoints.

    The steps' weight is :math:`s = k/w = kN`, with :math:`k` = ``relative_steepness`` and :math:`w = 1/N`
    the width of a bump; the outer edges are :data:`OUTER_EDGES` (see :func:`bump_edges`).
    """
    k = check_positive(relative_steepness, "relative_steepness")
    edges, mids = bump_edges(n_bumps)
    net = Network([1, 2 * len(mids), 1], "sigmoid", "identity")
    return net.set_parameters(bump_parameters(edges, target_values(target, mids), k * len(mids)))


# =========================================================================== ReLU: hinges and hats


def _nodes(n_pieces: int, interior=None) -> np.ndarray:
    n = check_positive_int(n_pieces, "n_pieces")
    if interior is None:
        return np.linspace(0.0, 1.0, n + 1)
    inner = as_float_array(interior, "interior", ndim=1, allow_empty=True)
    if len(inner) != n - 1:
        raise ValueError(f"interior must hold n_pieces - 1 = {n - 1} nodes, got {len(inner)}")
    if np.any(inner <= 0) or np.any(inner >= 1) or np.any(np.diff(inner) <= 0):
        raise ValueError(f"interior nodes must increase strictly inside (0, 1), got {inner.tolist()}")
    return np.concatenate([[0.0], inner, [1.0]])


def hat_parameters(nodes, heights) -> list[np.ndarray]:
    r"""The parameters ``[W1 (1, 3M), b1, W2 (3M, 1), b2]`` of a ReLU network (identity output) that sums
    one hat per node, ``M = len(nodes)``:

    .. math:: \mathrm{hat}_i(x) = \frac{\mathrm{ReLU}(x - c_{i-1})}{c_i - c_{i-1}}
       - \Big(\frac{1}{c_i - c_{i-1}} + \frac{1}{c_{i+1} - c_i}\Big)\mathrm{ReLU}(x - c_i)
       + \frac{\mathrm{ReLU}(x - c_{i+1})}{c_{i+1} - c_i},

    1 at its node :math:`c_i`, 0 at the neighbouring nodes and beyond, straight in between; the output is
    :math:`\sum_i h_i\,\mathrm{hat}_i(x)`. Hat ``i`` uses hidden units ``3i`` (left hinge), ``3i + 1``
    (centre) and ``3i + 2`` (right). The first and last hats reach as far outside the nodes as their one
    neighbour is inside. On :math:`[c_0, c_{M-1}]` the sum is the broken line through the points
    :math:`(c_i, h_i)`.

    Raises ``ValueError`` unless ``nodes`` (at least 2) increase strictly and ``heights`` has one entry per node.
    """
    c = as_float_array(nodes, "nodes", ndim=1)
    h = as_float_array(heights, "heights", ndim=1)
    if len(c) < 2:
        raise ValueError(f"nodes must hold at least 2 points, got {len(c)}")
    if len(h) != len(c):
        raise ValueError(f"heights must hold one entry per node ({len(c)}), got {len(h)}")
    if np.any(np.diff(c) <= 0):
        raise ValueError(f"nodes must be strictly increasing, got {c.tolist()}")
    gaps = np.diff(c)
    left = np.concatenate([[gaps[0]], gaps])     # c_i - c_{i-1}, the first hat mirrors its right side
    right = np.concatenate([gaps, [gaps[-1]]])   # c_{i+1} - c_i, the last hat mirrors its left side
    m = len(c)
    kinks = np.empty(3 * m)
    kinks[0::3], kinks[1::3], kinks[2::3] = c - left, c, c + right
    out = np.empty(3 * m)
    out[0::3], out[1::3], out[2::3] = h / left, -h * (1 / left + 1 / right), h / right
    return [np.ones((1, 3 * m)), -kinks, out[:, None], np.zeros(1)]


def hat_network(target: str | Target, n_pieces: int) -> Network:
    """A ReLU network of ``n_pieces + 1`` hats (``3 (n_pieces + 1)`` hidden units, identity output) at the
    equally spaced nodes ``i / n_pieces``, with the target's values there as heights."""
    c = _nodes(n_pieces)
    net = Network([1, 3 * len(c), 1], "relu", "identity")
    return net.set_parameters(hat_parameters(c, target_values(target, c)))


def hinge_parameters(nodes, heights) -> list[np.ndarray]:
    r"""The broken line through the points :math:`(c_i, h_i)` with one ReLU unit per piece:
    ``[W1 (1, P), b1 (P,), W2 (P, 1), b2 (1,)]`` with ``P = len(nodes) - 1``, computing

    .. math:: g(x) = h_0 + \sum_{i=0}^{P-1} (m_i - m_{i-1})\,\mathrm{ReLU}(x - c_i),
       \qquad m_i = \frac{h_{i+1} - h_i}{c_{i+1} - c_i},\ m_{-1} = 0,

    which on :math:`[c_0, c_P]` equals the sum of hats of :func:`hat_parameters` (the three hinges of
    neighbouring hats at a shared node add up to one). Raises as :func:`hat_parameters`.
    """
    c = as_float_array(nodes, "nodes", ndim=1)
    h = as_float_array(heights, "heights", ndim=1)
    if len(c) < 2:
        raise ValueError(f"nodes must hold at least 2 points, got {len(c)}")
    if len(h) != len(c):
        raise ValueError(f"heights must hold one entry per node ({len(c)}), got {len(h)}")
    if np.any(np.diff(c) <= 0):
        raise ValueError(f"nodes must be strictly increasing, got {c.tolist()}")
    # (hinges) one hinge ReLU(x - c_i) per piece, bending the line by the change of slope at c_i
    slopes = np.diff(h) / np.diff(c)
    bends = np.diff(np.concatenate([[0.0], slopes]))  # m_0 - 0, m_1 - m_0, ...
    W1, b1 = np.ones((1, len(slopes))), -c[:-1]
    return [W1, b1, bends[:, None], np.array([h[0]])]


def hinge_network(target: str | Target, n_pieces: int) -> Network:
    """A 1-``n_pieces``-1 ReLU network (identity output): the broken line through the target at the
    equally spaced nodes ``i / n_pieces``, one hidden unit per piece (:func:`hinge_parameters`)."""
    c = _nodes(n_pieces)
    net = Network([1, len(c) - 1, 1], "relu", "identity")
    return net.set_parameters(hinge_parameters(c, target_values(target, c)))


# =========================================================================== how close


def sup_error(net: Network, target: str | Target, n: int = GRID_POINTS) -> tuple[float, float]:
    r"""The largest error :math:`\max_x |g(x) - f(x)|` of the network ``net`` (one input, one output) against
    the target, over ``n`` equally spaced points of :math:`[0, 1]`, and the point where it is largest.

    A grid's maximum is a lower bound of the maximum over the whole interval; the tests check that a grid
    ten times finer changes the chapter's values by less than their last shown digit.
    """
    if not isinstance(net, Network) or net.sizes[0] != 1 or net.sizes[-1] != 1:
        raise TypeError(f"net must be a Network with one input and one output, got {net!r}")
    x = grid(n)
    err = np.abs(net.forward(x)[:, 0] - target_values(target, x[:, 0]))
    i = int(np.argmax(err))
    return float(err[i]), float(x[i, 0])


@dataclass(frozen=True)
class ErrorTable:
    """The largest error of the two constructions, per target and number of pieces.

    ``pieces`` (P,): the numbers of bumps / ReLU pieces ``N``; ``sigmoid_units`` = ``2N`` and
    ``relu_units`` = ``N`` their hidden units; ``sigmoid[name]`` and ``relu[name]`` (P,): the largest error
    for target ``name`` (:func:`sup_error`) of :func:`bump_network` and :func:`hinge_network`.
    """

    pieces: tuple[int, ...]
    targets: tuple[str, ...]
    sigmoid_units: tuple[int, ...]
    relu_units: tuple[int, ...]
    sigmoid: dict[str, np.ndarray]
    relu: dict[str, np.ndarray]


def error_table(targets: Sequence[str] = tuple(TARGETS), pieces: Sequence[int] = PIECES,
                relative_steepness: float = RELATIVE_STEEPNESS, n_grid: int = GRID_POINTS) -> ErrorTable:
    """Measure :func:`sup_error` (over ``n_grid`` points) of :func:`bump_network` and :func:`hinge_network` for
    every target and number of pieces."""
    names = tuple(check_choice(t, "targets", TARGETS) for t in targets)
    ns = tuple(check_positive_int(n, "pieces") for n in pieces)
    sig = {t: np.array([sup_error(bump_network(t, n, relative_steepness), t, n_grid)[0] for n in ns]) for t in names}
    relu = {t: np.array([sup_error(hinge_network(t, n), t, n_grid)[0] for n in ns]) for t in names}
    return ErrorTable(ns, names, tuple(2 * n for n in ns), ns, sig, relu)


def convergence_order(pieces: Sequence[int], errors: Sequence[float], last: int = 3) -> float:
    r"""The exponent :math:`p` of :math:`\text{error} \approx C N^{-p}`: minus the least-squares slope of
    :math:`\log(\text{error})` against :math:`\log N` over the ``last`` largest ``N``."""
    n = np.asarray(pieces, dtype=float)[-last:]
    e = np.asarray(errors, dtype=float)[-last:]
    if len(n) < 2 or np.any(e <= 0):
        raise ValueError("convergence_order needs at least two positive errors")
    return float(-np.polyfit(np.log(n), np.log(e), 1)[0])


@dataclass(frozen=True)
class SteepnessSweep:
    r"""The largest error of :func:`bump_network` against the relative steepness :math:`k`.

    ``relative`` (K,): the values of :math:`k`; ``pieces`` (P,): the numbers of bumps; ``errors`` (P, K);
    ``best`` (P,): the :math:`k` of the smallest error for each number of bumps; ``steep_limit`` (P,): the
    error at the sweep's largest :math:`k` (nearly a staircase).
    """

    target: str
    relative: np.ndarray
    pieces: tuple[int, ...]
    errors: np.ndarray
    best: np.ndarray
    steep_limit: np.ndarray


def steepness_sweep(target: str = "wiggly", pieces: Sequence[int] = (8, 32, 128),
                    relative: Sequence[float] | None = None) -> SteepnessSweep:
    """:func:`sup_error` of :func:`bump_network` for every number of bumps and relative steepness
    (by default 13 values from 0.5 to 500, equally spaced in logarithm)."""
    name = check_choice(target, "target", TARGETS)
    ns = tuple(check_positive_int(n, "pieces") for n in pieces)
    if relative is None:
        ks = np.logspace(np.log10(0.5), np.log10(500.0), 13)
    else:
        ks = as_float_array(relative, "relative", ndim=1)
    if np.any(ks <= 0):
        raise ValueError("relative steepness values must be positive")
    errors = np.array([[sup_error(bump_network(name, n, k), name)[0] for k in ks] for n in ns])
    return SteepnessSweep(name, ks, ns, errors, ks[np.argmin(errors, axis=1)], errors[:, -1])


# =========================================================================== two and more inputs: towers


#: The formula of :func:`hill`, in LaTeX.
HILL_TEX = r"f(x_1, x_2) = e^{-5((x_1 - 0.4)^2 + (x_2 - 0.6)^2)} \cos(3 x_1)"


def hill(X) -> np.ndarray:
    r"""The chapter's target with two inputs, :math:`f(x_1, x_2) = e^{-5((x_1 - 0.4)^2 + (x_2 - 0.6)^2)}\,
    \cos(3 x_1)`, for ``X`` of shape ``(n, 2)``; returns ``(n,)``."""
    X = np.asarray(X, dtype=float)
    return np.exp(-5 * ((X[:, 0] - 0.4) ** 2 + (X[:, 1] - 0.6) ** 2)) * np.cos(3 * X[:, 0])


#: The steepness of a corner unit (second hidden layer): its input is 1/2 where every coordinate is past its
#: edge and at most -1/2 where one is not, so it gives sigma(5) = 0.993 and at most sigma(-5) = 0.007 there.
CORNER_STEEPNESS = 10.0


def tower_units(dim: int, n_cells: int) -> tuple[int, int]:
    r"""The hidden units of :func:`tower_network` for ``dim`` inputs and ``n_cells`` cells per input:
    ``(dim (n_cells + 1), n_cells ** dim)``: one step per edge and input in the first hidden layer, one
    corner unit per cell in the second."""
    d = check_positive_int(dim, "dim")
    n = check_positive_int(n_cells, "n_cells")
    return d * (n + 1), n ** d


def tower_network(f: Callable[[np.ndarray], np.ndarray], dim: int, n_cells: int,
                  relative_steepness: float = RELATIVE_STEEPNESS, heights=None) -> Network:
    r"""A network with ``dim`` inputs, two sigmoid hidden layers and an identity output that puts a tower of
    height :math:`f(\text{centre})` on each of the ``n_cells ** dim`` cells of a grid on :math:`[0, 1]^d`.

    First hidden layer: for every input :math:`x_i` and every edge :math:`e_j` of :func:`bump_edges` (outer
    edges outside the cube) a step :math:`\sigma(s(x_i - e_j))`, :math:`s = k\,n`. Second hidden layer: for
    every cell :math:`j = (j_1, \dots, j_d)` a *corner unit*
    :math:`Q_j = \sigma\big(S\,[\sum_i \text{step}_{i, j_i} - (d - \tfrac12)]\big)`, :math:`S` =
    :data:`CORNER_STEEPNESS`, about 1 where every :math:`x_i` is past the cell's lower edge :math:`e_{j_i}`
    and about 0 where one is not. A tower is a signed sum of its cell's :math:`2^d` corner units (inclusion
    and exclusion: in two dimensions :math:`Q_{j_1 j_2} - Q_{j_1+1, j_2} - Q_{j_1, j_2+1} + Q_{j_1+1, j_2+1}`),
    and neighbouring towers share corner units, so the output weights are the mixed differences of the
    heights and there is one corner unit per cell. The towers add up to :math:`Q_{0 \dots 0} \approx 1`
    everywhere, also where cells meet.

    ``f`` takes ``(m, dim)`` points and returns ``(m,)`` values; ``heights`` (``n_cells ** dim`` values in
    the order of ``itertools.product``) replaces :math:`f` at the centres, e.g. a single 1 for one tower.
    """
    d = check_positive_int(dim, "dim")
    n = check_positive_int(n_cells, "n_cells")
    k = check_positive(relative_steepness, "relative_steepness")
    edges, mids = bump_edges(n)
    s = k * n
    first, second = tower_units(d, n)
    cells = np.array(list(itertools.product(range(n), repeat=d)))  # (n**d, d)
    if heights is None:
        if not callable(f):
            raise TypeError(f"f must be a function of points (m, {d}) -> (m,), got {type(f).__name__}")
        h = np.asarray(f(mids[cells]), dtype=float)
    else:
        h = as_float_array(heights, "heights", ndim=1)
    if h.shape != (second,):
        raise ValueError(f"heights must hold one value per cell, shape ({second},), got {h.shape}")
    W1 = np.zeros((d, first))
    b1 = np.zeros(first)
    for i in range(d):
        W1[i, i * (n + 1):(i + 1) * (n + 1)] = s
        b1[i * (n + 1):(i + 1) * (n + 1)] = -s * edges
    W2 = np.zeros((first, second))
    for c, cell in enumerate(cells):
        W2[np.arange(d) * (n + 1) + cell, c] = CORNER_STEEPNESS
    b2 = np.full(second, -CORNER_STEEPNESS * (d - 0.5))
    D = h.reshape((n,) * d)
    for axis in range(d):  # the mixed differences: the weight of the corner unit of cell j
        D = np.diff(D, axis=axis, prepend=0.0)
    net = Network([d, first, second, 1], ["sigmoid", "sigmoid"], "identity")
    return net.set_parameters([W1, b1, W2, b2, D.reshape(-1, 1), np.zeros(1)])


def single_tower(n_cells: int, cell: tuple[int, int], X) -> np.ndarray:
    """The output of :func:`tower_network` with two inputs and ``n_cells`` x ``n_cells`` cells whose heights are
    all 0 except a 1 on ``cell`` (its indices along :math:`x_1` and :math:`x_2`): one tower alone, at the points
    ``X`` of shape ``(m, 2)``; returns ``(m,)``."""
    n = check_positive_int(n_cells, "n_cells")
    i, j = (int(c) for c in cell)
    if not (0 <= i < n and 0 <= j < n):
        raise ValueError(f"cell must hold two indices in 0..{n - 1}, got {cell!r}")
    heights = np.zeros(n * n)
    heights[i * n + j] = 1.0
    return tower_network(None, 2, n, heights=heights).forward(X)[:, 0]


def tower_errors(cells: Sequence[int] = (4, 8, 16), n_grid: int = 101) -> dict[int, float]:
    """The largest error of :func:`tower_network` with two inputs against :func:`hill`, over an
    ``n_grid`` x ``n_grid`` grid of :math:`[0, 1]^2`, for each number of cells per input."""
    g = np.linspace(0.0, 1.0, check_positive_int(n_grid, "n_grid"))
    X = np.stack(np.meshgrid(g, g, indexing="ij"), axis=-1).reshape(-1, 2)
    y = hill(X)
    return {n: float(np.abs(tower_network(hill, 2, n).forward(X)[:, 0] - y).max())
            for n in (check_positive_int(c, "cells") for c in cells)}


@dataclass(frozen=True)
class TowerCount:
    """How many hidden units :func:`tower_network` takes for ``dim`` inputs and ``n_cells`` cells per input:
    ``steps`` (first hidden layer), ``corners`` (second), ``built``: whether the row was read off a network
    built here (else from :func:`tower_units`, the formula the tests check against built networks)."""

    dim: int
    n_cells: int
    steps: int
    corners: int
    built: bool

    @property
    def units(self) -> int:
        return self.steps + self.corners


def tower_counts(dims: Sequence[int] = range(1, 9), n_cells: int = 10, build_up_to: int = 3) -> list[TowerCount]:
    """:class:`TowerCount` for every number of inputs in ``dims``; networks up to ``build_up_to`` inputs are
    built (:func:`tower_network` with heights 0) and their widths read from ``Network.sizes``."""
    rows = []
    for d in dims:
        if d <= build_up_to:
            sizes = tower_network(None, d, n_cells, heights=np.zeros(n_cells ** d)).sizes
            rows.append(TowerCount(d, n_cells, sizes[1], sizes[2], True))
        else:
            steps, corners = tower_units(d, n_cells)
            rows.append(TowerCount(d, n_cells, steps, corners, False))
    return rows


# =========================================================================== depth against width


#: The tent map's layer: ReLU(x) and ReLU(x - 1/2), combined by the next layer as 2 a_1 - 4 a_2.
TENT_HIDDEN = 2


def sawtooth(x, k: int) -> np.ndarray:
    r"""The tent map :math:`m(x) = 2x` for :math:`x \le 1/2`, :math:`2 - 2x` for :math:`x > 1/2`, composed
    ``k`` times, at the points ``x`` of :math:`[0, 1]` (a direct formula, the reference for the networks)."""
    k = check_positive_int(k, "k")
    y = np.asarray(x, dtype=float).copy()
    for _ in range(k):
        y = np.where(y <= 0.5, 2 * y, 2 - 2 * y)
    return y


def sawtooth_network(k: int) -> Network:
    r"""A ReLU network with ``k`` hidden layers of 2 units and an identity output that computes the tent
    map composed ``k`` times on :math:`[0, 1]` (Telgarsky 2016).

    Layer 1: :math:`a_1 = \mathrm{ReLU}(x)`, :math:`a_2 = \mathrm{ReLU}(x - \tfrac12)`, so that
    :math:`m(x) = 2a_1 - 4a_2`. Each later hidden layer takes :math:`m` of the layer below as its input:
    weights :math:`\begin{pmatrix} 2 & 2 \\ -4 & -4 \end{pmatrix}`, biases :math:`(0, -\tfrac12)`. The output
    is :math:`2a_1 - 4a_2` of the last layer. Every weight is a power of two or a sum of two.
    """
    k = check_positive_int(k, "k")
    net = Network([1] + [TENT_HIDDEN] * k + [1], "relu", "identity")
    first = [np.array([[1.0, 1.0]]), np.array([0.0, -0.5])]
    later = [np.array([[2.0, 2.0], [-4.0, -4.0]]), np.array([0.0, -0.5])]
    out = [np.array([[2.0], [-4.0]]), np.zeros(1)]
    return net.set_parameters(first + later * (k - 1) + out)


def shallow_sawtooth_network(k: int) -> Network:
    r"""A ReLU network with one hidden layer of :math:`2^k` units that computes the same sawtooth on
    :math:`[0, 1]`: a hinge :math:`\mathrm{ReLU}(x - j/2^k)` at each of its :math:`2^k` nodes
    :math:`j = 0, \dots, 2^k - 1`, with weight :math:`2^k` at :math:`j = 0` (the first slope) and
    :math:`(-1)^j\,2^{k+1}` after (the slope turns from :math:`+2^k` to :math:`-2^k` and back)."""
    k = check_positive_int(k, "k")
    m = 2 ** k
    j = np.arange(m)
    weights = np.where(j % 2 == 1, -2.0 ** (k + 1), 2.0 ** (k + 1))
    weights[0] = 2.0 ** k
    net = Network([1, m, 1], "relu", "identity")
    return net.set_parameters([np.ones((1, m)), -j / m, weights[:, None], np.zeros(1)])


@dataclass(frozen=True)
class Pieces:
    r"""The exact linear pieces of a one-input, one-output ReLU network on an interval.

    ``breakpoints``: the interval's ends and, between them, every point where the slope changes
    (Fractions, increasing); ``slopes`` and ``intercepts``: the function :math:`m x + c` on each piece
    (Fractions); ``regions``: the number of intervals on which no unit switches on or off (at least the
    number of pieces: two neighbouring regions can carry the same line).
    """

    breakpoints: tuple[Fraction, ...]
    slopes: tuple[Fraction, ...]
    intercepts: tuple[Fraction, ...]
    regions: int

    @property
    def count(self) -> int:
        """The number of linear pieces."""
        return len(self.slopes)


_ZERO = Fraction(0)


def _unit_lines(below: list[tuple[Fraction, Fraction]], W: list[list[Fraction]], b: list[Fraction]
                ) -> list[tuple[Fraction, Fraction]]:
    """The lines :math:`z_j = m_j x + c_j` of a layer's units on one interval, from the lines ``below`` of its
    inputs there: :math:`m_j = \\sum_i m_i W_{ij}`, :math:`c_j = \\sum_i c_i W_{ij} + b_j`."""
    return [(sum((m * W[i][j] for i, (m, _) in enumerate(below)), _ZERO),
             sum((c * W[i][j] for i, (_, c) in enumerate(below)), b[j])) for j in range(len(b))]


def linear_pieces(net: Network, lo=0, hi=1) -> Pieces:
    r"""The linear pieces of ``net`` on :math:`[lo, hi]`, exactly: no sampling, no rounding.

    ``net`` is a plain :class:`~nnlearn.network.Network` with one input, one output, and ReLU or identity
    layers. Each float weight is an exact rational number (:class:`fractions.Fraction`), and the function is
    followed layer by layer as a list of intervals on each of which every unit's pre-activation is a line
    :math:`m x + c`: where a ReLU unit's line crosses zero inside an interval (at :math:`x = -c/m`), the
    interval is split. At the end, neighbouring intervals whose output lines are equal are merged.
    Costs about (pieces x units x inputs) rational operations per layer.

    Raises ``TypeError`` for another kind of network and ``ValueError`` unless ``lo < hi``.
    """
    if not isinstance(net, Network) or not net.is_plain:
        raise TypeError(f"net must be a plain Network of Dense layers, got {type(net).__name__}")
    if net.sizes[0] != 1 or net.sizes[-1] != 1:
        raise ValueError(f"net must have one input and one output, got sizes {net.sizes}")
    kinds = [layer.activation for layer in net.layers]
    if not all(isinstance(a, (ReLU, Identity)) for a in kinds):
        raise ValueError(f"linear_pieces follows ReLU and identity layers only, got {[a.name for a in kinds]}")
    lo_q, hi_q = Fraction(check_number(lo, "lo")), Fraction(check_number(hi, "hi"))
    if not lo_q < hi_q:
        raise ValueError(f"lo must be smaller than hi, got lo={lo}, hi={hi}")
    cuts = [lo_q, hi_q]
    lines: list[list[tuple[Fraction, Fraction]]] = [[(Fraction(1), Fraction(0))]]  # per interval: the input x
    # (follow) per interval, each unit's z is a line m x + c; a ReLU unit whose z crosses 0 splits it
    for layer in net.layers:
        W = [[Fraction(v) for v in row] for row in layer.W.tolist()]
        b = [Fraction(v) for v in layer.b.tolist()]
        relu = isinstance(layer.activation, ReLU)
        new_cuts, new_lines = [cuts[0]], []
        for x0, x1, below in zip(cuts[:-1], cuts[1:], lines):
            z = _unit_lines(below, W, b)
            crossings = {-c / m for m, c in z if relu and m != 0}
            ends = [x0] + sorted(t for t in crossings if x0 < t < x1) + [x1]
            for left, right in zip(ends[:-1], ends[1:]):
                mid = (left + right) / 2
                on = [not relu or m * mid + c > 0 for m, c in z]
                new_lines.append([line if u else (_ZERO, _ZERO) for line, u in zip(z, on)])
                new_cuts.append(right)
        cuts, lines = new_cuts, new_lines

    regions = len(lines)
    points, slopes, intercepts = [cuts[0]], [], []
    for p, ((m, c),) in enumerate(lines):
        if slopes and (m, c) == (slopes[-1], intercepts[-1]):
            points[-1] = cuts[p + 1]
            continue
        slopes.append(m)
        intercepts.append(c)
        points.append(cuts[p + 1])
    return Pieces(tuple(points), tuple(slopes), tuple(intercepts), regions)


@dataclass(frozen=True)
class SawtoothRow:
    r"""One row of the depth-against-width table, for the tent map composed ``k`` times.

    ``deep_units`` (:math:`2k`) and ``deep_parameters``: the deep network's hidden units and weights and
    biases; ``deep_pieces``: its linear pieces on :math:`[0, 1]`, counted exactly; ``shallow_units``
    (:math:`2^k`), ``shallow_parameters``, ``shallow_pieces``: the same for the one-hidden-layer network;
    ``same_function``: whether both have exactly the same pieces (breakpoints, slopes and intercepts).
    """

    k: int
    deep_units: int
    deep_parameters: int
    deep_pieces: int
    shallow_units: int
    shallow_parameters: int
    shallow_pieces: int
    same_function: bool


def sawtooth_table(depths: Sequence[int] = range(1, 9)) -> list[SawtoothRow]:
    """Build :func:`sawtooth_network` and :func:`shallow_sawtooth_network` for every ``k`` in ``depths`` and
    count their pieces with :func:`linear_pieces`."""
    rows = []
    for k in depths:
        deep, shallow = sawtooth_network(k), shallow_sawtooth_network(k)
        p_deep, p_shallow = linear_pieces(deep), linear_pieces(shallow)
        same = (p_deep.breakpoints, p_deep.slopes, p_deep.intercepts) == \
               (p_shallow.breakpoints, p_shallow.slopes, p_shallow.intercepts)
        rows.append(SawtoothRow(k, sum(deep.sizes[1:-1]), count_parameters(deep.sizes), p_deep.count,
                                sum(shallow.sizes[1:-1]), count_parameters(shallow.sizes), p_shallow.count,
                                same))
    return rows


# =========================================================================== constructed against trained


@dataclass
class TrainingStudy:
    r"""Networks of the construction's width trained by gradient descent, against the construction.

    ``width``: hidden ReLU units; ``seeds`` (K,); ``eta``, ``epochs``, ``n_train`` (equally spaced training
    points on :math:`[0, 1]`); ``constructed_error`` and ``constructed_loss``: the largest error
    (:func:`sup_error`) and the training loss (mean squared error) of :func:`hinge_network`;
    ``trained_error`` and ``trained_loss`` (K,): the same for each trained network after training;
    ``trained_error_at_points`` (K,): its largest error at the training points only; ``loss`` (K, epochs):
    the loss curves (before each update); ``best`` and ``median``: the trained networks with the smallest
    and the median largest error.
    """

    target: str
    width: int
    seeds: np.ndarray
    eta: float
    epochs: int
    n_train: int
    constructed_error: float
    constructed_loss: float
    trained_error: np.ndarray
    trained_loss: np.ndarray
    trained_error_at_points: np.ndarray
    loss: np.ndarray
    best: Network
    median: Network

    def reached(self, factor: float = 1.0) -> int:
        """How many trained networks reached a largest error of at most ``factor`` times the construction's."""
        return int(np.sum(self.trained_error <= factor * self.constructed_error))

    def late_drop(self, fraction: float = 0.1) -> np.ndarray:
        """(K,): how much each run's loss still fell over the last ``fraction`` of its epochs, as a fraction
        of the loss at their start (0.05: it fell by 5 percent)."""
        start = self.loss[:, int(round((1 - fraction) * self.epochs))]
        return (start - self.trained_loss) / start


def _random_start(width: int, seed: int) -> Network:
    """A 1-``width``-1 ReLU network whose units bend at uniformly random points of [0, 1]: slopes
    ``N(0, 1)``, kinks ``U(0, 1)``, output weights ``N(0, 1/width)``, output bias 0."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0, (1, width))
    kinks = rng.uniform(0.0, 1.0, width)
    W2 = rng.normal(0.0, 1.0 / math.sqrt(width), (width, 1))
    net = Network([1, width, 1], "relu", "identity")
    return net.set_parameters([w, -w[0] * kinks, W2, np.zeros(1)])


#: The training study's settings: learning rate and number of full-batch epochs.
TRAIN_ETA = 0.25
TRAIN_EPOCHS = 2000


def training_study(target: str = "wiggly", width: int = 16, seeds: Sequence[int] = range(21),
                   eta: float = TRAIN_ETA, epochs: int = TRAIN_EPOCHS, n_train: int = 101) -> TrainingStudy:
    r"""Train 1-``width``-1 ReLU networks (identity output, mean squared error, full-batch gradient descent)
    on ``n_train`` equally spaced points of the target, one per seed, all at once
    (:func:`nnlearn.batched.train_batch`) inside :func:`~nnlearn.portable.portable_arithmetic`, and compare
    them with the construction of the same width, :func:`hinge_network`.

    Each seed's start (:func:`_random_start`) puts every unit's kink at a uniformly random point of
    :math:`[0, 1]`, where it can bend the function: the engine's default start (biases 0) would put
    them all at :math:`x = 0`.
    """
    name = check_choice(target, "target", TARGETS)
    width = check_positive_int(width, "width")
    seed_list = [int(s) for s in seeds]
    if not seed_list:
        raise ValueError("seeds must hold at least one seed")
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    n_train = check_positive_int(n_train, "n_train")
    x = grid(n_train)
    y = target_values(name, x)
    constructed = hinge_network(name, width)
    batch = NetworkBatch([_random_start(width, s) for s in seed_list])
    with portable_arithmetic():
        history = train_batch(batch, x, y, "mse", eta=eta, epochs=epochs)
        nets = [batch.network(r) for r in range(batch.K)]
        errors = np.array([sup_error(net, name)[0] for net in nets])
        at_points = np.abs(batch.forward(x)[:, :, 0] - y[:, 0]).max(axis=1)
        constructed_loss = float(np.mean((constructed.forward(x) - y) ** 2))
    order = np.argsort(errors, kind="stable")
    return TrainingStudy(
        target=name, width=width, seeds=np.array(seed_list), eta=eta, epochs=epochs, n_train=n_train,
        constructed_error=sup_error(constructed, name)[0], constructed_loss=constructed_loss,
        trained_error=errors, trained_loss=history.final_loss, trained_error_at_points=at_points,
        loss=history.loss, best=nets[int(order[0])], median=nets[int(order[len(order) // 2])])


# =========================================================================== the widget's math


#: The display grid of the widget and of the figures: points of [0, 1] at which curves are drawn.
DRAW_POINTS = 401

#: The controls of the chapter's widget and their ranges, for its declaration with the book's widget machinery:
#: the target and the activation (choices), the number of pieces and the relative steepness (a slider each, the
#: steepness on a logarithmic scale); the heights and the interior edges or nodes are dragged on the figure.
WIDGET_CONTROLS = {"target": tuple(TARGETS), "activation": ("sigmoid", "relu"), "pieces": (1, 32),
                   "relative_steepness": (0.5, 500.0)}


@dataclass(frozen=True)
class ApproximationView:
    r"""What the chapter's widget shows for one setting of its controls.

    ``x`` (:data:`DRAW_POINTS`,): where the curves are drawn; ``target`` and ``output``: the target and the
    network's function there; ``parts`` (P, len(x)): each bump's (sigmoid) or hat's (ReLU) contribution, whose
    sum is ``output``; ``positions``: the bumps' edges (N + 1, the outer two outside [0, 1]) or the hats' nodes
    (N + 1); ``heights``: one per bump or hat; ``units``: hidden units of the network; ``error`` and
    ``error_at``: the largest error over :data:`GRID_POINTS` points and where it is, ``error_segment``: the
    network's and the target's values there (the error is their distance); ``network``: the
    :class:`~nnlearn.network.Network` that computed ``output``.
    """

    activation: str
    x: np.ndarray
    target: np.ndarray
    output: np.ndarray
    parts: np.ndarray
    positions: np.ndarray
    heights: np.ndarray
    units: int
    error: float
    error_at: float
    error_segment: tuple[float, float]
    network: Network


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def approximation_view(target: str = "wiggly", activation: str = "sigmoid", pieces: int = 8,
                       relative_steepness: float = RELATIVE_STEEPNESS, heights=None, interior=None
                       ) -> ApproximationView:
    r"""The widget's math, a pure function of its controls.

    ``activation="sigmoid"``: ``pieces`` bumps (``2 * pieces`` units), steps of steepness
    :math:`s = k\,\text{pieces}` with :math:`k` = ``relative_steepness``; ``interior`` moves the
    ``pieces - 1`` inner edges (default: equally spaced); ``heights`` (``pieces`` values) sets the bumps'
    heights (default: the target at the pieces' midpoints). ``activation="relu"``: ``pieces + 1`` hats
    (``3 (pieces + 1)`` units; ``relative_steepness`` is not used) at the nodes 0, ``interior``, 1, with
    ``heights`` (``pieces + 1`` values, default the target at the nodes).

    The output comes from a :class:`~nnlearn.network.Network` holding :func:`bump_parameters` or
    :func:`hat_parameters`; ``parts`` are the same bumps or hats computed one by one.
    Raises ``ValueError``/``TypeError`` for a control outside its range, naming it.
    """
    t = _target(target)
    check_choice(activation, "activation", ("sigmoid", "relu"))
    n = check_positive_int(pieces, "pieces")
    x = np.linspace(0.0, 1.0, DRAW_POINTS)
    if activation == "sigmoid":
        k = check_positive(relative_steepness, "relative_steepness")
        edges, mids = bump_edges(n, interior)
        h = t.f(mids) if heights is None else as_float_array(heights, "heights", ndim=1)
        if len(h) != n:
            raise ValueError(f"heights must hold one value per bump ({n}), got {len(h)}")
        s = k * n
        params = bump_parameters(edges, h, s)
        net = Network([1, 2 * n, 1], "sigmoid", "identity").set_parameters(params)
        parts = h[:, None] * (_sigmoid(s * (x[None, :] - edges[:-1, None]))
                              - _sigmoid(s * (x[None, :] - edges[1:, None])))
        positions = edges
    else:
        c = _nodes(n, interior)
        h = t.f(c) if heights is None else as_float_array(heights, "heights", ndim=1)
        if len(h) != n + 1:
            raise ValueError(f"heights must hold one value per node ({n + 1}), got {len(h)}")
        params = hat_parameters(c, h)
        net = Network([1, 3 * (n + 1), 1], "relu", "identity").set_parameters(params)
        gaps = np.diff(c)
        left = np.concatenate([[gaps[0]], gaps])
        right = np.concatenate([gaps, [gaps[-1]]])
        rise = (x[None, :] - (c - left)[:, None]) / left[:, None]
        fall = ((c + right)[:, None] - x[None, :]) / right[:, None]
        parts = h[:, None] * np.clip(np.minimum(rise, fall), 0.0, None)
        positions = c
    output = net.forward(x[:, None])[:, 0]
    error, at = sup_error(net, t)
    segment = (float(net.forward(np.array([[at]]))[0, 0]), float(t.f(np.array([at]))[0]))
    return ApproximationView(activation, x, t.f(x), output, parts, positions, np.asarray(h, dtype=float),
                             sum(net.sizes[1:-1]), error, at, segment, net)


# =========================================================================== tables for the text


def _sig(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` significant digits, after the book's rounding policy (no last-bit noise)."""
    from ...precision import rounded
    return f"{rounded(float(x)):#.{digits}g}".rstrip(".")


def error_table_markdown(table: ErrorTable, construction: str) -> str:
    """The largest errors of :func:`error_table` for ``construction`` (``"sigmoid"`` or ``"relu"``) as a Markdown
    table: one row per target, one column per number of pieces, two significant digits."""
    errors = {"sigmoid": table.sigmoid, "relu": table.relu}[check_choice(construction, "construction",
                                                                         ("sigmoid", "relu"))]
    lines = ["| target | " + " | ".join(f"N = {n}" for n in table.pieces) + " |",
             "|---|" + "---:|" * len(table.pieces)]
    for name in table.targets:
        lines.append(f"| {TARGETS[name].short} | " + " | ".join(_sig(e) for e in errors[name]) + " |")
    return "\n".join(lines)


def tower_counts_markdown(rows: Sequence[TowerCount]) -> str:
    """The rows of :func:`tower_counts` as a Markdown table."""
    lines = ["| inputs d | steps, d (n + 1) | corner units (towers), n^d | hidden units | counted from |",
             "|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r.dim} | {r.steps:,} | {r.corners:,} | {r.units:,} | "
                     f"{'the built network' if r.built else 'the formula'} |")
    return "\n".join(lines)


def sawtooth_markdown(rows: Sequence[SawtoothRow]) -> str:
    """The rows of :func:`sawtooth_table` as a Markdown table."""
    lines = ["| layers k | units, deep | units, one hidden layer | pieces, deep | pieces, one hidden layer "
             "| same function |", "|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r.k} | {r.deep_units} | {r.shallow_units:,} | {r.deep_pieces:,} | {r.shallow_pieces:,} | "
                     f"{'yes' if r.same_function else 'no'} |")
    return "\n".join(lines)
