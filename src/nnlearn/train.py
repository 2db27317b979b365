r"""The training loop: forward, loss, backward, step; again and again.

One *step* takes a batch of examples, computes the loss :math:`L` on it
(forward pass), the gradient of :math:`L` with respect to every parameter
(backward pass), and lets the optimiser update the parameters. One *epoch* is
enough steps to see every example once:

- full batch (``batch_size=None``): one step per epoch, on all ``n`` examples;
- mini-batch (``batch_size=B``): :math:`\lceil n/B \rceil` steps per epoch, on
  the examples in a fresh random order each epoch (the last batch may be
  smaller); ``batch_size=1`` is stochastic gradient descent.

The inputs are checked once, before the first step; the loop itself checks
nothing except whether the loss is still a finite number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._checks import check_positive, check_positive_int, check_seed
from .losses import Loss, get_loss
from .network import Network, check_loss_matches_output
from .optim import Optimizer, clip_by_global_norm, get_optimizer, l2_norm

__all__ = ["Divergence", "History", "train", "divergence_message"]


@dataclass
class History:
    """What happened during :func:`train`.

    Attributes
    ----------
    loss
        ``(n_steps,)``: the loss on each step's batch, *before* that step's
        update. After a divergence the last entry is the non-finite value.
    epoch_loss
        ``(n_epochs,)``: the loss on the whole data set after each completed
        epoch (the last entry is non-finite if the run diverged there).
    examples_seen
        ``(n_steps,)``: how many examples the steps up to and including this
        one have used (for plotting loss against examples seen).
    grad_norms
        ``(n_updates, L)``: :math:`\\lVert \\partial L/\\partial W^l \\rVert` (Frobenius norm)
        for each layer ``l = 1..L`` at each step that made an update (all
        steps, or all but the last after a divergence), if
        ``record_grad_norms`` was set, else ``None``.
    diverged_at
        The number of updates after which the loss became NaN or infinite
        (the index in ``loss`` of that value, for a batch loss), or ``None``.
    message
        ``"diverged at step N: the loss became inf"`` (or ``nan``), or ``""``.
    """

    loss: np.ndarray
    epoch_loss: np.ndarray
    examples_seen: np.ndarray
    grad_norms: np.ndarray | None
    diverged_at: int | None
    message: str

    @property
    def diverged(self) -> bool:
        """True if training stopped because the loss became NaN or infinite."""
        return self.diverged_at is not None

    @property
    def n_steps(self) -> int:
        """The number of steps whose loss was recorded."""
        return len(self.loss)

    @property
    def final_loss(self) -> float:
        """The last full-data loss (after the last completed epoch); NaN if no epoch completed."""
        return float(self.epoch_loss[-1]) if len(self.epoch_loss) else math.nan


@dataclass(frozen=True)
class Divergence:
    """The package's one record of a run that diverged: at which step, and why.

    ``step`` counts updates from 0 in the loop that stopped (a training step,
    a descent step, a step of the learning-rate range test); ``reason`` says
    what happened, e.g. ``"the loss became inf"``. Its :attr:`message`,
    ``"diverged at step N: <reason>"``, is the one wording used by
    :func:`train`, :func:`nnlearn.descent.descend`,
    :func:`nnlearn.descent.lr_range_test` and :mod:`nnlearn.batched`.
    """

    step: int
    reason: str

    @classmethod
    def non_finite(cls, step: int, value: float, what: str = "the loss", note: str = "") -> "Divergence":
        """``what`` became ``inf`` or ``nan`` (as ``value`` is) at ``step``; ``note`` is appended."""
        kind = "nan" if math.isnan(value) else "inf"
        return cls(step, f"{what} became {kind}{note}")

    @property
    def message(self) -> str:
        """``"diverged at step N: <reason>"``."""
        return f"diverged at step {self.step}: {self.reason}"

    def __str__(self) -> str:
        return self.message


def divergence_message(step: int, value: float) -> str:
    """``Divergence.non_finite(step, value).message``: ``"diverged at step N: the loss became inf"`` (or ``nan``)."""
    return Divergence.non_finite(step, value).message


def _check_batch_size(batch_size) -> int | None:
    if batch_size is None:
        return None
    return check_positive_int(batch_size, "batch_size")


def train(net: Network, X, y, loss: str | Loss, optimizer: str | Optimizer = "gd",
          eta: float | None = None, epochs: int = 100, batch_size: int | None = None,
          shuffle: bool = True, seed: int | None = 0, clip: float | None = None,
          record_grad_norms: bool = False, epoch_loss: bool = True) -> History:
    r"""Train ``net`` on ``(X, y)`` by gradient descent and return its :class:`History`.

    Parameters
    ----------
    net
        The network; its parameters are updated in place.
    X, y
        ``X`` of shape ``(n, n_0)`` (one example per row) in the network's
        dtype, and targets as ``loss`` expects them (e.g. labels 0/1 of shape
        ``(n,)`` for ``"bce"``, class indices for ``"softmax_ce"``).
    loss
        A loss name (``"mse"``, ``"half_mse"``, ``"bce"``, ``"bce_logits"``,
        ``"softmax_ce"``) or a :class:`~nnlearn.losses.Loss`.
    optimizer, eta
        ``"gd"``, ``"momentum"`` or ``"adam"`` with learning rate ``eta``
        (default 0.1), or an :class:`~nnlearn.optim.Optimizer` instance, which
        carries its own ``eta`` (then leave ``eta`` out).
    epochs
        Passes over the data set.
    batch_size
        ``None`` for full batch, else the mini-batch size.
    shuffle, seed
        Mini-batches are drawn in a new order each epoch from a generator
        seeded with ``seed`` (``shuffle=False`` keeps the data's order).
        A full batch is never shuffled.
    clip
        If set, gradients are scaled down to this global norm before each
        step (:func:`~nnlearn.optim.clip_by_global_norm`).
    record_grad_norms
        Keep :math:`\lVert \partial L/\partial W^l \rVert` for every layer at every step.
    epoch_loss
        Compute ``History.epoch_loss``. With mini-batches that is one extra
        forward pass over all of ``X`` per epoch; ``False`` skips it (and
        leaves ``epoch_loss`` empty) when only the speed of the steps matters.

    Training stops early, without raising and without floating-point
    warnings, if the loss becomes NaN or infinite: ``History.diverged`` is
    then true and ``History.message`` says at which step.
    """
    # ---- every check happens here, once -------------------------------------------------
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlearn Network, got {type(net).__name__}")
    loss = get_loss(loss)
    check_loss_matches_output(loss, net.dense_layers[-1].activation)
    seed = check_seed(seed)
    if isinstance(optimizer, Optimizer):
        if eta is not None:
            raise ValueError("eta is given twice: the optimizer instance already has its eta "
                             f"({optimizer.eta}); leave eta out")
    else:
        optimizer = get_optimizer(optimizer, eta=0.1 if eta is None else check_positive(eta, "eta"))
    X = net.check_input(X)
    n = X.shape[0]
    y = loss.check_targets(y, (n, net.sizes[-1])).astype(net.dtype, copy=False)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = _check_batch_size(batch_size)
    if clip is not None:
        clip = check_positive(clip, "clip")
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    if not isinstance(record_grad_norms, bool):
        raise TypeError(f"record_grad_norms must be True or False, got {record_grad_norms!r}")
    if not isinstance(epoch_loss, bool):
        raise TypeError(f"epoch_loss must be True or False, got {epoch_loss!r}")
    if batch_size is not None and batch_size >= n:
        batch_size = None  # one batch holding every example is full batch
    rng = np.random.default_rng(seed)

    # ---- the loop -----------------------------------------------------------------------
    params = net.parameters()
    layers = net.dense_layers
    losses: list[float] = []
    epoch_losses: list[float] = []
    seen: list[int] = []
    norms: list[list[float]] | None = [] if record_grad_norms else None
    diverged_at: int | None = None
    message = ""
    total_seen = 0

    def step(Xb: np.ndarray, yb: np.ndarray) -> bool:
        """One update on the batch (Xb, yb); False (and no update) if its loss is not finite."""
        nonlocal total_seen
        value, grad_output = loss.value_and_gradient(net._forward(Xb), yb)  # L and dL/dy_hat
        losses.append(value)
        total_seen += Xb.shape[0]
        seen.append(total_seen)
        if not math.isfinite(value):
            return False
        grads = net.backward(grad_output)
        if norms is not None:
            norms.append([l2_norm(layer.dW) for layer in layers])
        if clip is not None:
            grads, _ = clip_by_global_norm(grads, clip)
        optimizer.step(params, grads)
        return True

    # A diverging run overflows: silence NumPy's warnings here only (the loss tells us).
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(epochs):
            if batch_size is None:
                ok = step(X, y)
                if epoch > 0 and epoch_loss:  # this step's loss is the full-data loss after the previous epoch
                    epoch_losses.append(losses[-1])
            else:
                order = rng.permutation(n) if shuffle else np.arange(n)
                for start in range(0, n, batch_size):
                    idx = order[start:start + batch_size]
                    ok = step(X[idx], y[idx])
                    if not ok:
                        break
            if not ok:
                diverged_at = len(losses) - 1
                message = divergence_message(diverged_at, losses[-1])
                break
            if epoch_loss and (batch_size is not None or epoch == epochs - 1):
                value = loss.forward(net._forward(X), y)
                epoch_losses.append(value)
                if not math.isfinite(value):
                    diverged_at = len(losses)
                    message = divergence_message(diverged_at, value)
                    break

    return History(loss=np.array(losses, dtype=np.float64),
                   epoch_loss=np.array(epoch_losses, dtype=np.float64),
                   examples_seen=np.array(seen, dtype=np.int64),
                   grad_norms=None if norms is None else np.array(norms, dtype=np.float64).reshape(-1, len(layers)),
                   diverged_at=diverged_at, message=message)
