r"""Gradient checking: compare backpropagation with central finite differences.

For one parameter :math:`\theta_i` (one entry of some :math:`W^l` or
:math:`b^l`), the central difference

.. math::
    \frac{\partial L}{\partial \theta_i} \approx
    \frac{L(\theta_i + \varepsilon) - L(\theta_i - \varepsilon)}{2\varepsilon}

has an error of order :math:`\varepsilon^2` (the one-sided difference only
:math:`\varepsilon`); :func:`gradient_check` combines two of them into a
fourth-order estimate by default. It costs two forward passes *per parameter*, where
backpropagation gets every gradient from one forward and one backward pass:
that is why we check with it and train with backpropagation.

How close is close enough? :func:`relative_error` compares two gradient arrays
through their norms, :math:`\lVert a-b\rVert / (\lVert a\rVert + \lVert b\rVert)`,
and :func:`verdict` turns the result into advice:

=================================  ===================================================
relative error :math:`r`           verdict
=================================  ===================================================
:math:`r < 10^{-7}`                ``"good"``: the gradients agree
:math:`10^{-7} \le r < 10^{-4}`    ``"acceptable for kinked functions"``: fine when the
                                   network has ReLU-family units (a step of
                                   :math:`\pm\varepsilon` may cross a kink), a bug
                                   otherwise
:math:`10^{-4} \le r < 10^{-2}`    ``"suspicious"``: look for a bug
:math:`r \ge 10^{-2}`              ``"wrong"``: the backward pass has a bug
=================================  ===================================================

**What the check can and cannot tell.** A finite difference divides a
difference of two losses by the step, so the rounding error of each loss
(a few units in the last place of :math:`L`, float64) becomes an absolute
error of about :math:`u |L| / \varepsilon` in every estimated entry
(:math:`u \approx 1.1 \times 10^{-16}`): with the default step, about
:math:`10^{-13}`. :func:`gradient_check` estimates this *noise floor* for
every entry (from the losses it evaluated, and from how much the loss wiggles
when the parameters move by one unit in the last place) and adds it up per
array. When backpropagation and the finite differences disagree by no more
than that floor, the disagreement is rounding, whatever the relative error:
such an array gets ``"good"`` if its relative error is below
:math:`10^{-7}` anyway, and otherwise
``"below what finite differences can resolve"``. That is the honest verdict
for the first layers of a deep sigmoid network, whose gradients (say
:math:`10^{-14}`) vanish below the floor: the check cannot confirm them,
and it cannot refute them either. A disagreement larger than the floor is
judged by the bands below. So a bug shows wherever the gradient it breaks is
larger than the floor; a bug that only touches gradients below the floor cannot
be seen by any finite-difference check in float64.

Everything here runs in float64 on a copy of the network, so a float32 network
is checked for its *code*, not for float32 rounding, and the network itself
is never changed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from .losses import Loss, get_loss
from .optim import l2_norm

__all__ = ["BANDS", "DEFAULT_EPS", "TINY", "UNRESOLVED", "GradCheckResult", "gradient_check",
           "numerical_gradients", "relative_error", "verdict"]

#: Upper limits of the verdict bands, best first (the last band, "wrong", has no limit).
BANDS: tuple[tuple[float, str], ...] = (
    (1e-7, "good"),
    (1e-4, "acceptable for kinked functions"),
    (1e-2, "suspicious"),
)

#: The verdict of an array whose disagreement is within the noise floor of finite differences but whose
#: relative error is not below the "good" limit: the check can neither confirm nor refute it.
UNRESOLVED = "below what finite differences can resolve"

#: Verdicts from best to worst (the overall verdict is the worst over the arrays).
_ORDER = ("good", UNRESOLVED, "acceptable for kinked functions", "suspicious", "wrong")

#: Units in the last place of L assumed for the rounding error of one loss evaluation (a safety margin
#: over the 1-2 ulp seen in practice), and the unit roundoff of float64.
_LOSS_ULPS = 4.0
_U = np.finfo(np.float64).eps / 2

#: The floor of the denominator in :func:`relative_error` (see there why it is not 0).
TINY = 1e-12

#: The default step ``eps`` of each finite-difference order (see :func:`numerical_gradients`).
DEFAULT_EPS = {2: 1e-6, 4: 1e-3}


def relative_error(a: np.ndarray, b: np.ndarray, tiny: float = TINY) -> float:
    r"""The relative error between two arrays of the same shape, measured with their norms.

    .. math::
        r = \frac{\lVert a - b \rVert_2}{\max\big(\lVert a \rVert_2 + \lVert b \rVert_2,\ \text{tiny}\big)}

    where :math:`\lVert\cdot\rVert_2` is the square root of the sum of squares
    of all entries. :math:`r` does not depend on the gradient's scale; it is 0
    for equal arrays and 1 for :math:`b = -a`. Arrays whose norms are both
    below ``tiny`` (default ``1e-12``) are compared against ``tiny`` instead, so
    that two practically zero gradients (say :math:`10^{-17}` against
    :math:`0`) do not count as totally different. Arrays of size 0 give 0.

    Why norms and not the largest entrywise ratio :math:`|a_i - b_i| / (|a_i| + |b_i|)`?
    A finite difference has an absolute error of its own, from rounding in
    :math:`L` divided by the step: about :math:`10^{-10}` for the plain central
    difference with :math:`\varepsilon = 10^{-6}`, about :math:`10^{-13}` for the
    fourth-order one. A gradient entry that happens to be :math:`10^{-7}` would
    then look wrong by one part in a thousand, or a million, even when the
    backward pass is exact. Measured against the whole array, a bug
    in any entry still shows, and rounding noise does not.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    # l2_norm: overflow-safe, and through nnlearn.portable's vdot (the same bits on every machine there)
    denominator = max(l2_norm(a) + l2_norm(b), tiny)
    return l2_norm(a - b) / denominator


def verdict(error: float) -> str:
    """The verdict band of a relative error: ``"good"``, ``"acceptable for kinked functions"``,
    ``"suspicious"`` or ``"wrong"`` (limits in :data:`BANDS`; NaN counts as ``"wrong"``)."""
    for limit, name in BANDS:
        if error < limit:
            return name
    return "wrong"


def _float64_copy(net):
    """A deep copy of ``net`` whose parameters are float64 (the original is never touched)."""
    clone = copy.deepcopy(net)
    for layer in clone.dense_layers:
        layer.W = layer.W.astype(np.float64)
        layer.b = layer.b.astype(np.float64)
    return clone


def _prepare(net, X, y, loss):
    """Check the inputs against ``net`` and return a float64 copy of it with float64 ``X`` and ``y``."""
    from .network import Network, check_loss_matches_output  # here: network imports nothing from gradcheck

    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlearn Network, got {type(net).__name__}")
    loss = get_loss(loss)
    check_loss_matches_output(loss, net.dense_layers[-1].activation)
    X = net.check_input(X).astype(np.float64)
    clone = _float64_copy(net)
    y_hat = clone._forward(X)
    y = loss.check_targets(y, y_hat.shape).astype(np.float64)
    return clone, X, y, loss


def _check_step(eps, order) -> tuple[float, int]:
    if order not in (2, 4) or isinstance(order, bool):
        raise ValueError(f"order must be 2 or 4, got {order!r}")
    if eps is None:
        eps = DEFAULT_EPS[order]
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < 1:
        raise ValueError(f"eps must be a number in (0, 1), got {eps!r}")
    return float(eps), order


def _loss_wiggle(clone, X: np.ndarray, y: np.ndarray, loss: Loss, trials: int = 6) -> float:
    """How much the loss changes when every parameter moves by about one unit in its last place.

    The change has a deterministic part (the gradient times the tiny move) and
    rounding; either way it is a lower bound of what a finite difference cannot
    tell apart from noise. The parameters are restored exactly.
    """
    params = clone.parameters()
    saved = [p.copy() for p in params]
    base = loss.forward(clone._forward(X), y)
    rng = np.random.default_rng(0)
    wiggle = 0.0
    for _ in range(trials):
        for p in params:
            direction = np.where(rng.random(p.shape) < 0.5, -np.inf, np.inf)
            p[...] = np.nextafter(p, direction)
        wiggle = max(wiggle, abs(loss.forward(clone._forward(X), y) - base))
        for p, s in zip(params, saved):
            p[...] = s
    return wiggle


def _numerical_gradients(clone, X: np.ndarray, y: np.ndarray, loss: Loss, eps: float,
                         order: int, with_noise: bool = False):
    """Central differences on already-checked float64 inputs; perturbs ``clone`` and restores it exactly.

    With ``with_noise``, also returns one array per parameter with the noise floor of each
    estimate: the largest rounding error that the loss evaluations can put into it."""
    wiggle = _loss_wiggle(clone, X, y, loss) if with_noise else 0.0

    def central_difference(flat: np.ndarray, i: int, h: float) -> tuple[float, float, float]:
        """[L(theta_i + h) - L(theta_i - h)] / (2h) for the entry ``flat[i]``; also the two losses."""
        old = flat[i]
        flat[i] = old + h
        up = flat[i]
        loss_up = loss.forward(clone._forward(X), y)
        flat[i] = old - h
        down = flat[i]
        loss_down = loss.forward(clone._forward(X), y)
        flat[i] = old  # restore the exact bits
        # divide by the step actually taken: old + h is rounded, and that rounding
        # would otherwise put an error of about 1e-16 * |old| / h into the estimate
        return (loss_up - loss_down) / (up - down), abs(loss_up) + abs(loss_down), up - down

    grads, noises = [], []
    for p in clone.parameters():
        flat = p.reshape(-1)  # a view: writing to it changes the parameter
        g = np.empty_like(flat)
        noise = np.empty_like(flat)
        for i in range(flat.size):
            d1, size1, step1 = central_difference(flat, i, eps)
            # each loss is off by up to max(_LOSS_ULPS ulp, the one-ulp wiggle); a difference of two
            # of them, divided by the step, is off by up to twice that over the step
            err1 = 2.0 * max(_LOSS_ULPS * _U * size1 / 2.0, wiggle) / step1
            if order == 2:
                g[i], noise[i] = d1, err1
            else:  # Richardson: the eps^2 error terms of the two central differences cancel
                d2, size2, step2 = central_difference(flat, i, 2 * eps)
                err2 = 2.0 * max(_LOSS_ULPS * _U * size2 / 2.0, wiggle) / step2
                g[i] = (4.0 * d1 - d2) / 3.0
                noise[i] = (4.0 * err1 + err2) / 3.0
        grads.append(g.reshape(p.shape))
        noises.append(noise.reshape(p.shape))
    return (grads, noises) if with_noise else grads


def numerical_gradients(net, X, y, loss: str | Loss, eps: float | None = 1e-6,
                        order: int = 2) -> list[np.ndarray]:
    r"""Estimate every :math:`\partial L/\partial \theta` by central differences, in float64.

    ``order=2`` (default) is the textbook formula
    :math:`D(\varepsilon) = [L(\theta_i + \varepsilon) - L(\theta_i - \varepsilon)] / 2\varepsilon`,
    with an error of order :math:`\varepsilon^2`. ``order=4`` combines two of
    them (Richardson extrapolation),
    :math:`[4 D(\varepsilon) - D(2\varepsilon)] / 3`, which cancels the
    :math:`\varepsilon^2` term: an error of order :math:`\varepsilon^4`, so a
    larger step (default ``1e-3`` when ``eps=None``) and less rounding.

    Returns one array per parameter, in the order of ``net.parameters()``
    (``[dW^1, db^1, ..., dW^L, db^L]``, each shaped like its parameter). Each
    entry costs two forward passes (four for ``order=4``). ``X`` has shape
    ``(n, n_0)`` and ``y`` is what ``loss`` expects. The work happens on a
    float64 copy of ``net``: the network itself, its parameters and its cache
    are left as they were.
    """
    eps, order = _check_step(eps, order)
    clone, X, y, loss = _prepare(net, X, y, loss)
    return _numerical_gradients(clone, X, y, loss, eps, order)


def _parameter_names(n_layers: int) -> list[str]:
    return [f"{kind}{l}" for l in range(1, n_layers + 1) for kind in ("W", "b")]


def _array_verdict(analytic: np.ndarray, numeric: np.ndarray, noise: np.ndarray) -> str:
    """The verdict of one array, knowing the noise floor of each finite-difference entry."""
    error = relative_error(analytic, numeric)
    if verdict(error) == "good":
        return "good"
    if l2_norm(analytic - numeric) <= l2_norm(noise):
        return UNRESOLVED  # the whole disagreement is rounding: the check cannot tell
    return verdict(error)


@dataclass
class GradCheckResult:
    """The outcome of :func:`gradient_check`: one relative error per parameter array, and a verdict.

    Attributes: ``names`` (``"W1", "b1", ...``), ``analytic`` (backpropagation)
    and ``numeric`` (central differences) gradients, ``noise`` (the noise floor
    of each finite-difference entry, see the module docstring), ``errors`` (the
    :func:`relative_error` of each array), ``max_error`` (the largest of them),
    ``verdicts`` (one per array, knowing the noise floor) and ``verdict`` (the
    worst of them, in the order ``good``, ``below what finite differences can
    resolve``, ``acceptable for kinked functions``, ``suspicious``,
    ``wrong``), ``eps``. ``str(result)`` (and ``repr``) is a table for a notebook.
    """

    names: list[str]
    analytic: list[np.ndarray] = field(repr=False)
    numeric: list[np.ndarray] = field(repr=False)
    errors: list[float]
    eps: float
    noise: list[np.ndarray] | None = field(default=None, repr=False)

    @property
    def max_error(self) -> float:
        """The largest relative error over all parameter arrays."""
        return max(self.errors) if self.errors else 0.0

    @property
    def noise_floors(self) -> list[float]:
        """The norm of each array's noise floor: disagreements up to this size are rounding."""
        if self.noise is None:
            return [0.0] * len(self.names)
        return [l2_norm(n) for n in self.noise]

    @property
    def verdicts(self) -> list[str]:
        """The verdict of each parameter array (see the module docstring)."""
        if self.noise is None:
            return [verdict(e) for e in self.errors]
        return [_array_verdict(a, n, f) for a, n, f in zip(self.analytic, self.numeric, self.noise)]

    @property
    def verdict(self) -> str:
        """The worst verdict over the arrays (``"good"`` when there are none)."""
        return max(self.verdicts, key=_ORDER.index, default="good")

    def to_rows(self) -> list[dict]:
        """One dict per parameter array: name, shape, largest gradient entry, relative error, verdict."""
        return [
            {"parameter": name, "shape": tuple(a.shape),
             "max |gradient|": float(np.max(np.abs(a))) if a.size else 0.0,
             "noise floor": floor, "relative error": err, "verdict": v}
            for name, a, err, floor, v in zip(self.names, self.analytic, self.errors, self.noise_floors,
                                              self.verdicts)
        ]

    def __str__(self) -> str:
        header = (f"{'parameter':<10} {'shape':<10} {'max |grad|':>11} {'noise floor':>11} "
                  f"{'rel. error':>11}  verdict")
        lines = [header, "-" * len(header)]
        for row in self.to_rows():
            lines.append(f"{row['parameter']:<10} {str(row['shape']):<10} {row['max |gradient|']:>11.3e} "
                         f"{row['noise floor']:>11.3e} {row['relative error']:>11.3e}  {row['verdict']}")
        lines.append("-" * len(header))
        lines.append(f"{'overall':<10} {'':<10} {'':>11} {'':>11} {self.max_error:>11.3e}  {self.verdict}")
        return "\n".join(lines)

    __repr__ = __str__


def gradient_check(net, X, y, loss: str | Loss, eps: float | None = None,
                   order: int = 4) -> GradCheckResult:
    r"""Compare backpropagation's gradients with central differences, parameter array by array.

    Both are computed in float64 on a copy of ``net`` (which stays as it
    was). The finite differences are of ``order`` 4 by default (see
    :func:`numerical_gradients`; ``eps=None`` picks the step, ``1e-3``), accurate
    enough that a correct backward pass scores below :math:`10^{-7}` even in
    deep networks; ``order=2, eps=1e-6`` is the plain textbook check. For each
    parameter array (``W1``, ``b1``, ...) the result holds the
    :func:`relative_error` between the two gradients and the noise floor of
    the finite differences; an array whose disagreement is within its floor
    is never called wrong (its verdict is ``"good"`` or ``"below what finite
    differences can resolve"``), any other gets the band of its relative error,
    and ``verdict`` is the worst of them (see the module docstring for what the
    check can and cannot tell). ``eps`` must be in (0, 1) and ``order`` 2 or 4
    (``ValueError`` otherwise); ``X`` and ``y`` are checked as by
    :meth:`~nnlearn.network.Network.loss_and_gradients`:

    >>> from nnlearn.network import Network
    >>> from nnlearn.data import logic_gate
    >>> X, y = logic_gate("XOR")
    >>> gradient_check(Network([2, 3, 1], "tanh", "sigmoid"), X, y, "bce").verdict
    'good'
    """
    eps, order = _check_step(eps, order)
    clone, X, y, loss = _prepare(net, X, y, loss)
    numeric, noise = _numerical_gradients(clone, X, y, loss, eps, order, with_noise=True)
    y_hat = clone._forward(X)
    analytic = [g.copy() for g in clone.backward(loss.backward(y_hat, y))]
    errors = [relative_error(a, b) for a, b in zip(analytic, numeric)]
    return GradCheckResult(names=_parameter_names(len(clone.dense_layers)), analytic=analytic,
                           numeric=numeric, errors=errors, eps=eps, noise=noise)
