r"""Chapter 5: learning XOR with one hidden layer.

The experiments of the chapter, each a tested function returning plain data
(the figures in :mod:`nnlearn.plots.surface` draw them):

- :func:`article_parameters`, :func:`article_run`: a published training run
  (2-4-1 sigmoid, :math:`\eta = 2`, 5,000 full-batch epochs, NumPy's legacy
  ``np.random.seed(42)`` with weights drawn as ``randn * 0.5`` in the order
  ``W1 (4, 2)``, then ``W2 (1, 4)``, biases 0; loss :math:`\frac12(\hat y - y)^2`
  averaged over the four points), reproduced with the book's engine.
- :func:`train_with_snapshots`: one run with copies of the network at chosen epochs.
- :func:`success_study`: many seeds at once (:mod:`nnlearn.batched`), the
  success rate (every point on the right side of 0.5) and the median number
  of epochs to success.
- :func:`hidden_values`: what a trained network's hidden units compute on the four points.
- :func:`rate_scale_grid`: learning rate :math:`\times` initial scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import check_positive, check_positive_int, check_seed
from .batched import NetworkBatch, train_batch
from .data import logic_gate
from .network import Network
from .train import train

__all__ = ["xor_data", "article_parameters", "article_network", "ArticleRun", "article_run",
           "train_with_snapshots", "all_correct", "SuccessStudy", "success_study", "hidden_values",
           "RateScaleGrid", "rate_scale_grid", "loss_drop_epochs", "LOSS_NAMES"]

#: The two losses the chapter compares, by the engine's names, with the words the book uses.
LOSS_NAMES = {"half_mse": "squared error", "bce": "cross-entropy"}


def xor_data() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points ``X`` (4, 2) and labels ``y`` (4,), in the order (0,0), (0,1), (1,0), (1,1)."""
    return logic_gate("XOR")


def article_parameters(hidden: int = 4, scale: float = 0.5, seed: int = 42) -> list[np.ndarray]:
    """The article's initial parameters in the engine's layout ``[W1 (2, h), b1 (h,), W2 (h, 1), b2 (1,)]``.

    Drawn as the article draws them: ``np.random.seed(seed)``, then ``randn(h, 2) * scale`` and
    ``randn(1, h) * scale`` (the article's matrices act on column vectors, ``z = W x + b``; the
    engine's on rows, ``z = a W + b``, so each is transposed). A private
    ``np.random.RandomState(seed)`` gives the same numbers as the legacy global seed without
    touching NumPy's global state. Biases start at zero.
    """
    hidden = check_positive_int(hidden, "hidden")
    scale = check_positive(scale, "scale")
    rs = np.random.RandomState(check_seed(seed))
    W1 = rs.randn(hidden, 2) * scale
    W2 = rs.randn(1, hidden) * scale
    return [W1.T.copy(), np.zeros(hidden), W2.T.copy(), np.zeros(1)]


def article_network(hidden: int = 4, scale: float = 0.5, seed: int = 42) -> Network:
    """A 2-``hidden``-1 sigmoid :class:`~nnlearn.network.Network` holding :func:`article_parameters`."""
    net = Network([2, hidden, 1], "sigmoid")
    return net.set_parameters(article_parameters(hidden, scale, seed))


@dataclass
class ArticleRun:
    """The reproduced run.

    ``loss`` (epochs,): the loss computed in epoch ``t``'s forward pass, *before* that epoch's
    update, which is what the article's loop appends and prints at ``epoch % 1000 == 0``.
    ``printed_epochs`` and ``printed_loss``: the epochs the article's loop prints and those losses.
    ``printed_predictions`` (4,): what the article prints after the loop: ``y_hat`` of the last
    forward pass, i.e. of the weights after ``epochs - 1`` updates. ``final_predictions`` (4,):
    the outputs after all ``epochs`` updates. ``final_loss``: the loss after all updates.
    """

    loss: np.ndarray
    printed_epochs: np.ndarray
    printed_loss: np.ndarray
    printed_predictions: np.ndarray
    final_predictions: np.ndarray
    final_loss: float
    network: Network


def article_run(eta: float = 2.0, epochs: int = 5000, print_every: int = 1000) -> ArticleRun:
    """Train :func:`article_network` on XOR with ``"half_mse"`` by full-batch gradient descent."""
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    print_every = check_positive_int(print_every, "print_every")
    X, y = xor_data()
    net = article_network()
    history = train(net, X, y, "half_mse", "gd", eta=eta, epochs=epochs - 1)
    printed_predictions = net.forward(X)[:, 0].copy()       # the forward pass of the last epoch
    last = train(net, X, y, "half_mse", "gd", eta=eta, epochs=1)
    loss = np.concatenate([history.loss, last.loss])
    printed = np.arange(0, epochs, print_every)
    return ArticleRun(loss=loss, printed_epochs=printed, printed_loss=loss[printed],
                      printed_predictions=printed_predictions, final_predictions=net.forward(X)[:, 0].copy(),
                      final_loss=float(last.epoch_loss[-1]), network=net)


def train_with_snapshots(net: Network, X, y, loss: str, eta: float, snapshots: Sequence[int]
                         ) -> tuple[dict[int, Network], np.ndarray]:
    """Train ``net`` (in place) by full-batch gradient descent up to ``max(snapshots)`` epochs.

    Returns ``({epoch: copy of the network after that many updates}, loss per epoch before its
    update)``. Training in pieces is the same arithmetic as one call: full-batch steps carry no state.
    Raises ``ValueError`` unless ``snapshots`` are distinct non-negative integers.
    """
    marks = sorted(int(s) for s in snapshots)
    if not marks or marks[0] < 0 or len(set(marks)) != len(marks):
        raise ValueError(f"snapshots must be distinct non-negative epoch numbers, got {list(snapshots)}")
    copies: dict[int, Network] = {}
    losses: list[np.ndarray] = []
    done = 0
    for mark in marks:
        if mark > done:
            losses.append(train(net, X, y, loss, "gd", eta=eta, epochs=mark - done).loss)
            done = mark
        copies[mark] = net.copy()
    return copies, (np.concatenate(losses) if losses else np.zeros(0))


def all_correct(y_hat, y) -> np.ndarray:
    """Whether every point is on the right side of 0.5: ``y_hat`` (..., n) or (..., n, 1), ``y`` (n,).

    Exactly 0.5 counts as wrong (it is on neither side). Returns a bool array over the leading axes.
    """
    y_hat = np.asarray(y_hat, dtype=float)
    if y_hat.ndim >= 2 and y_hat.shape[-1] == 1:
        y_hat = y_hat[..., 0]
    y = np.asarray(y, dtype=float)
    if y_hat.shape[-1:] != y.shape:
        raise ValueError(f"y_hat must end with the {y.shape[0]} points of y, got shape {y_hat.shape}")
    right = np.where(y > 0.5, y_hat > 0.5, y_hat < 0.5)
    return right.all(axis=-1)


@dataclass
class SuccessStudy:
    """Many seeds of one setting. ``success`` (K,) bool: every point right after the last epoch;
    ``epochs_to_success`` (K,): the first epoch whose forward pass had every point right (-1 if
    never); ``final_loss`` (K,); ``hidden``, ``loss``, ``eta``, ``epochs``, ``seeds`` as given;
    ``batch``: the trained networks."""

    hidden: int
    loss: str
    eta: float
    epochs: int
    seeds: np.ndarray
    success: np.ndarray
    epochs_to_success: np.ndarray
    final_loss: np.ndarray
    batch: NetworkBatch

    @property
    def rate(self) -> float:
        """The fraction of seeds that succeeded."""
        return float(self.success.mean())

    @property
    def n_success(self) -> int:
        return int(self.success.sum())

    @property
    def median_epochs(self) -> float:
        """The median epochs to success over the successful seeds (NaN if none succeeded)."""
        ok = self.epochs_to_success[self.success]
        return float(np.median(ok)) if ok.size else float("nan")


def success_study(hidden: int, loss: str, seeds: Sequence[int], eta: float = 2.0, epochs: int = 5000,
                  scale: float = 1.0) -> SuccessStudy:
    r"""Train a 2-``hidden``-1 sigmoid network on XOR from every seed at once (:func:`~nnlearn.batched.train_batch`).

    Each seed ``s`` starts from ``Network([2, hidden, 1], "sigmoid", init="normal", scale=scale,
    seed=s)``: weights :math:`\mathcal N(0, \text{scale}^2)`, biases 0. ``loss`` is ``"half_mse"``
    or ``"bce"``. Raises ``ValueError``/``TypeError`` for bad arguments (from the engine).
    """
    if loss not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {list(LOSS_NAMES)}, got {loss!r}")
    seeds = np.asarray(list(seeds), dtype=np.int64)
    X, y = xor_data()
    batch = NetworkBatch.from_seeds([2, hidden, 1], [int(s) for s in seeds], "sigmoid", init="normal",
                                    scale=scale)
    history = train_batch(batch, X, y, loss, eta=eta, epochs=epochs)
    success = all_correct(batch.forward(X), y) & np.isfinite(history.final_loss)
    to_success = np.where(success, history.correct_epoch, -1)
    return SuccessStudy(hidden=hidden, loss=loss, eta=float(eta), epochs=int(epochs), seeds=seeds,
                        success=success, epochs_to_success=to_success, final_loss=history.final_loss,
                        batch=batch)


def hidden_values(net: Network, X=None) -> tuple[np.ndarray, np.ndarray]:
    """The hidden layer of a one-hidden-layer network on ``X`` (default the XOR points):
    ``(z, a)``, each of shape ``(n, hidden)``."""
    if X is None:
        X, _ = xor_data()
    net.forward(X)
    return net.zs[0].copy(), net.activations[1].copy()


@dataclass
class RateScaleGrid:
    """Success rate and median epochs to success, ``(len(etas), len(scales))`` each, over ``n_seeds`` seeds."""

    etas: np.ndarray
    scales: np.ndarray
    rate: np.ndarray
    median_epochs: np.ndarray
    n_seeds: int
    epochs: int


def rate_scale_grid(etas: Sequence[float], scales: Sequence[float], hidden: int = 2, loss: str = "half_mse",
                    n_seeds: int = 20, epochs: int = 5000) -> RateScaleGrid:
    """:func:`success_study` for every learning rate in ``etas`` and initial scale in ``scales``
    (seeds ``0 .. n_seeds - 1`` for each cell)."""
    etas = np.asarray(etas, dtype=float)
    scales = np.asarray(scales, dtype=float)
    n_seeds = check_positive_int(n_seeds, "n_seeds")
    rate = np.zeros((etas.size, scales.size))
    med = np.zeros_like(rate)
    for i, eta in enumerate(etas):
        for j, scale in enumerate(scales):
            study = success_study(hidden, loss, range(n_seeds), eta=float(eta), epochs=epochs, scale=float(scale))
            rate[i, j] = study.rate
            med[i, j] = study.median_epochs
    return RateScaleGrid(etas=etas, scales=scales, rate=rate, median_epochs=med, n_seeds=n_seeds, epochs=epochs)


def loss_drop_epochs(loss, fraction: float = 0.1) -> tuple[int, int]:
    """Where a loss curve leaves its plateau: ``(start, end)``, the first epoch whose loss is below 90 %
    of the first loss, and the first below ``fraction`` of it (``-1`` where never). ``loss`` (epochs,)."""
    loss = np.asarray(loss, dtype=float)
    if loss.ndim != 1 or loss.size == 0:
        raise ValueError(f"loss must be a non-empty 1-d array, got shape {loss.shape}")
    fraction = check_positive(fraction, "fraction")

    def first(mask: np.ndarray) -> int:
        hits = np.flatnonzero(mask)
        return int(hits[0]) if hits.size else -1

    return first(loss < 0.9 * loss[0]), first(loss < fraction * loss[0])
