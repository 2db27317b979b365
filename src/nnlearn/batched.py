r"""Many networks of the same shape trained at once, as one array computation.

An experiment such as "train XOR from 100 seeds" is 100 independent runs of
the same small network. Run one after another, each full-batch step costs a
few dozen NumPy calls on arrays of a handful of numbers, and Python's overhead
per call is most of the time. Here the :math:`K` runs are stacked along a
leading axis instead: layer :math:`l` holds ``W`` of shape ``(K, n_{l-1}, n_l)``
and ``b`` of shape ``(K, n_l)``, and every product is a batched matrix product
(``np.matmul`` over the ``K`` axis). The arithmetic of each run is exactly that
of :class:`~nnlearn.network.Network` and :func:`~nnlearn.train.train`, so run
``r`` ends with the same weights and losses as a separate run (to rounding:
1e-12 in float64, tested), at a fraction of the cost.

The forward and backward rules are not repeated here: each layer uses its
activation's own ``forward`` and ``backward`` (elementwise, or along the last
axis for softmax) and each loss its own ``values_and_gradients``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import as_float_array, check_positive, check_positive_int, check_seed
from .losses import BCEWithLogits, Loss, SoftmaxCrossEntropy, get_loss
from .layers import Dense
from .network import Network, check_loss_matches_output
from .optim import array_norms
from .portable import matmul
from .train import divergence_message

__all__ = ["NetworkBatch", "BatchHistory", "train_batch"]


def _signature(net: Network) -> list[tuple]:
    """What must agree between networks stacked together: each layer's kind, widths and activations."""
    return [(type(m).__name__, m.n_in, m.n_out, tuple(d.activation for d in m.dense_layers)) for m in net.layers]


class NetworkBatch:
    r"""``K`` networks of the same layers, widths and activations, with their parameters stacked.

    Build it from networks (``NetworkBatch(nets)``, copied; plain dense
    networks or networks with residual blocks) or from seeds
    (:meth:`from_seeds`, which builds ``Network(sizes, ..., seed=s)`` for each
    seed: the same initial weights as a separate run). ``Ws[l]`` has shape
    ``(K, n_in, n_out)`` and ``bs[l]`` shape ``(K, n_out)`` for the ``l``-th
    dense layer (in the order of ``Network.dense_layers``); run ``r``'s network
    is :meth:`network` ``(r)``.

    Raises ``TypeError`` unless ``nets`` is a non-empty sequence of
    :class:`~nnlearn.network.Network`, and ``ValueError`` if they differ in
    layers, widths, activations or dtype.
    """

    def __init__(self, nets: Sequence[Network]):
        if isinstance(nets, Network) or not isinstance(nets, Sequence) or len(nets) == 0:
            raise TypeError("nets must be a non-empty list of Network objects")
        for i, net in enumerate(nets):
            if not isinstance(net, Network):
                raise TypeError(f"nets[{i}] must be a Network, got {type(net).__name__}")
        first = nets[0]
        signature = _signature(first)
        for i, net in enumerate(nets[1:], start=1):
            if _signature(net) != signature:
                raise ValueError(f"nets[{i}] ({net!r}) differs from nets[0] ({first!r}): all must have the "
                                 "same layers, widths and activations")
            if net.dtype != first.dtype:
                raise ValueError(f"nets[{i}] has dtype {net.dtype}, nets[0] {first.dtype}")
        self.template = first.copy()
        self.activations = [layer.activation for layer in first.dense_layers]
        # the layers as indices into Ws: ("dense", [l]) or ("residual", [l, ...]) for a block's layers of F
        self.structure: list[tuple[str, list[int]]] = []
        l = 0
        for module in first.layers:
            n = len(module.dense_layers)
            self.structure.append(("dense" if isinstance(module, Dense) else "residual", list(range(l, l + n))))
            l += n
        n_dense = len(self.activations)
        self.Ws = [np.stack([net.dense_layers[l].W for net in nets]) for l in range(n_dense)]
        self.bs = [np.stack([net.dense_layers[l].b for net in nets]) for l in range(n_dense)]

    @classmethod
    def from_seeds(cls, sizes: Sequence[int], seeds: Sequence[int], activation="sigmoid",
                   output_activation=None, *, init: str = "xavier", scale: float | None = None,
                   dtype=np.float64) -> "NetworkBatch":
        """One network per seed, each exactly ``Network(sizes, activation, output_activation,
        init=init, scale=scale, seed=seed, dtype=dtype)``."""
        if isinstance(seeds, (int, np.integer)) or not isinstance(seeds, (Sequence, np.ndarray)) or len(seeds) == 0:
            raise TypeError("seeds must be a non-empty list of integer seeds")
        seeds = [check_seed(s, f"seeds[{i}]") for i, s in enumerate(seeds)]
        return cls([Network(sizes, activation, output_activation, init=init, scale=scale, seed=s, dtype=dtype)
                    for s in seeds])

    @property
    def K(self) -> int:
        """The number of networks."""
        return self.Ws[0].shape[0]

    @property
    def sizes(self) -> list[int]:
        """Widths, inputs first, as ``Network.sizes`` (the same for every network)."""
        return self.template.sizes

    @property
    def dtype(self) -> np.dtype:
        return self.Ws[0].dtype

    def parameters(self) -> list[np.ndarray]:
        """The stacked arrays ``[W^1, b^1, ..., W^L, b^L]``, each with the run axis first."""
        return [p for W, b in zip(self.Ws, self.bs) for p in (W, b)]

    def network(self, r: int) -> Network:
        """Run ``r``'s network as an independent :class:`~nnlearn.network.Network` (copied parameters)."""
        if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or not -self.K <= r < self.K:
            raise ValueError(f"r must be an integer run index in 0..{self.K - 1}, got {r!r}")
        return self.template.copy().set_parameters([p[r] for p in self.parameters()])

    def check_data(self, X, y, loss: Loss) -> tuple[np.ndarray, np.ndarray]:
        """``X`` as ``(n, n_0)`` (shared by every run) or ``(K, n, n_0)`` (one data set per run), and
        ``y`` checked by ``loss`` and shaped ``(n, n_L)`` or ``(K, n, n_L)``; or raise."""
        X = as_float_array(X, "X", ndim=(2, 3), dtype=self.dtype)
        if X.ndim == 3 and X.shape[0] != self.K:
            raise ValueError(f"X of shape {X.shape} has {X.shape[0]} data sets but the batch has {self.K} networks")
        if X.shape[-1] != self.sizes[0]:
            raise ValueError(f"X has {X.shape[-1]} features per example but the networks expect {self.sizes[0]}")
        n = X.shape[-2]
        if X.ndim == 3:  # one data set per run: y holds one target set per run along its first axis
            if isinstance(y, (str, bytes)) or len(y) != self.K:
                raise ValueError(f"with one X per run, y must hold {self.K} target sets, one per network")
            ys = np.stack([loss.check_targets(t, (n, self.sizes[-1])) for t in y])
        else:
            ys = loss.check_targets(y, (n, self.sizes[-1]))
        return X, ys.astype(self.dtype, copy=False)

    def forward(self, X) -> np.ndarray:
        """The outputs of every network, shape ``(K, n, n_L)``, for ``X`` of shape ``(n, n_0)`` or
        ``(K, n, n_0)``."""
        X = as_float_array(X, "X", ndim=(2, 3), dtype=self.dtype)
        if X.shape[-1] != self.sizes[0] or (X.ndim == 3 and X.shape[0] != self.K):
            raise ValueError(f"X must have shape (n, {self.sizes[0]}) or ({self.K}, n, {self.sizes[0]}), "
                             f"got {X.shape}")
        a = X
        for kind, idx in self.structure:
            h = a
            for l in idx:
                h = self.activations[l].forward(matmul(h, self.Ws[l]) + self.bs[l][:, None, :])
            a = h if kind == "dense" else a + h
        return a

    def __repr__(self) -> str:
        return f"NetworkBatch(K={self.K}, {self.template!r})"


@dataclass
class BatchHistory:
    """What happened to each of the ``K`` runs of :func:`train_batch`.

    Attributes
    ----------
    loss
        ``(K, epochs)``: run ``r``'s full-batch loss before each update (the
        ``History.loss`` of a separate :func:`~nnlearn.train.train`); after a
        divergence the entries past it are NaN.
    final_loss
        ``(K,)``: the loss after the last epoch (NaN for a diverged run).
    correct_epoch
        ``(K,)`` integers: the first epoch whose forward pass (before that
        epoch's update) puts every output on the right side of the decision
        threshold (0.5 for probabilities, 0 for logits): chapter 5's test of
        success. ``epochs`` means "only after the last update", -1 "never".
        Only for binary targets (one output, labels 0/1), else ``None``.
    grad_norms
        ``(epochs, K, L)``: :math:`\\lVert \\partial L/\\partial W^l \\rVert` per
        layer, if ``record_grad_norms``, else ``None``.
    diverged_at
        ``(K,)``: the step at which a run's loss became NaN or infinite, -1
        for runs that never diverged.
    """

    loss: np.ndarray
    final_loss: np.ndarray
    correct_epoch: np.ndarray | None
    grad_norms: np.ndarray | None
    diverged_at: np.ndarray

    @property
    def epoch_loss(self) -> np.ndarray:
        """``(K, epochs)``: the loss after each epoch (``History.epoch_loss`` of a separate run)."""
        return np.concatenate([self.loss[:, 1:], self.final_loss[:, None]], axis=1)

    @property
    def messages(self) -> list[str]:
        """One divergence record per run: ``"diverged at step N: ..."`` or ``""``."""
        return [divergence_message(int(t), float(self.loss[r, t])) if t >= 0 else ""
                for r, t in enumerate(self.diverged_at)]


def _threshold(batch: NetworkBatch, loss: Loss) -> float:
    """The decision threshold of a binary output: 0 for logits, 0.5 for probabilities or identity outputs."""
    return 0.0 if isinstance(loss, BCEWithLogits) else 0.5


def train_batch(batch: NetworkBatch, X, y, loss: str | Loss, eta: float = 0.1, epochs: int = 100, *,
                record_grad_norms: bool = False) -> BatchHistory:
    r"""Train every network of ``batch`` by full-batch gradient descent, all at once; parameters change in place.

    Each run does exactly what ``train(net, X, y, loss, "gd", eta=eta,
    epochs=epochs)`` does for its own network: per epoch one forward pass,
    the loss, one backward pass (BP1-BP4 with a leading run axis) and the
    step :math:`\theta \leftarrow \theta - \eta\, \partial L/\partial\theta`.
    A run whose loss becomes NaN or infinite stops there (its parameters keep
    the values they had), as a separate run would; the others go on.

    Parameters
    ----------
    batch
        The :class:`NetworkBatch` (``K`` networks).
    X, y
        One data set for all runs, ``X`` of shape ``(n, n_0)``, or one per run,
        ``(K, n, n_0)``; targets as ``loss`` expects them, shared or one set per run.
    loss
        Any loss of :mod:`nnlearn.losses` (``"bce"`` needs a sigmoid or
        softmax output, as in :func:`~nnlearn.train.train`).
    eta, epochs
        Learning rate (positive) and number of full-batch epochs (at least 1).
    record_grad_norms
        Keep the Frobenius norm of every :math:`\partial L/\partial W^l` of every run at every step.

    Returns
    -------
    BatchHistory
    """
    if not isinstance(batch, NetworkBatch):
        raise TypeError(f"batch must be a NetworkBatch, got {type(batch).__name__}")
    loss = get_loss(loss)
    check_loss_matches_output(loss, batch.activations[-1])
    X, y = batch.check_data(X, y, loss)
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs")
    if not isinstance(record_grad_norms, bool):
        raise TypeError(f"record_grad_norms must be True or False, got {record_grad_norms!r}")

    K, L = batch.K, len(batch.Ws)
    Ws, bs, acts = batch.Ws, batch.bs, batch.activations
    binary = (batch.sizes[-1] == 1 and not isinstance(loss, SoftmaxCrossEntropy)
              and bool(np.all((y == 0) | (y == 1))))
    if binary:
        labels = np.broadcast_to(y > 0.5, (K,) + y.shape[-2:])
        threshold = _threshold(batch, loss)
    correct_epoch = np.full(K, -1, dtype=np.int64)
    losses = np.full((K, epochs), np.nan)
    norms = np.zeros((epochs, K, L)) if record_grad_norms else None
    diverged_at = np.full(K, -1, dtype=np.int64)
    alive = np.ones(K, dtype=bool)
    all_alive = True
    X_T = np.swapaxes(X, -1, -2)  # (n_0, n) or (K, n_0, n): a^0 transposed, for dW^1
    structure = batch.structure
    zs: list = [None] * L    # z of each dense layer
    ins: list = [None] * L   # its input a_prev
    outs: list = [None] * L  # its output a = f(z)
    b_rows = [b[:, None, :] for b in bs]            # views: (K, 1, n_l), broadcast over the examples
    W_T = [np.swapaxes(W, -1, -2) for W in Ws]      # views of the weights, transposed, for BP2
    pending = binary                                 # some run has not yet classified every point

    def dense_backward(l: int, grad: np.ndarray, epoch: int):
        """BP1-BP4 for dense layer l of every run, then its update; returns dL/da_prev (None for layer 0)."""
        delta = acts[l].backward(zs[l], outs[l], grad)                          # BP1 / BP2
        db = np.einsum("rnj->rj", delta)                                        # BP3 (a sum over the examples)
        dW = matmul(X_T if l == 0 else np.swapaxes(ins[l], -1, -2), delta)     # BP4
        grad_prev = matmul(delta, W_T[l]) if l > 0 else None                    # BP2, matrix part
        if not all_alive:  # a stopped run takes no more steps (and its NaNs touch nothing)
            dW[~alive] = 0.0
            db[~alive] = 0.0
        if norms is not None:
            norms[epoch, :, l] = array_norms(dW)
        dW *= eta
        db *= eta
        Ws[l] -= dW  # after grad_prev: the layer below needs the weights of this step
        bs[l] -= db
        return grad_prev

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(epochs + 1):
            # forward: z = a_prev W + b, a = f(z) for each dense layer, a + F(a) for a block; all K runs at once
            a = X
            for kind, idx in structure:
                h = a
                for l in idx:
                    ins[l] = h
                    z = matmul(h, Ws[l])
                    z += b_rows[l]
                    zs[l] = z
                    h = outs[l] = acts[l].forward(z)
                a = h if kind == "dense" else a + h
            if pending:
                newly = ((a > threshold) == labels).reshape(K, -1).all(axis=1) & alive & (correct_epoch < 0)
                if newly.any():
                    correct_epoch[newly] = epoch
                    pending = bool(((correct_epoch < 0) & alive).any())
            values, grad_a = loss.values_and_gradients(a, y)
            if epoch == epochs:
                final = np.where(alive, values, np.nan)
                break
            losses[:, epoch] = values if all_alive else np.where(alive, values, np.nan)
            finite = np.isfinite(values)
            if not finite.all() or not all_alive:
                stopped = alive & ~finite
                diverged_at[stopped] = epoch
                alive &= finite
                all_alive = False
            # backward: the layers in reverse, each dense layer by BP1-BP4 with a leading run axis
            for m in range(len(structure) - 1, -1, -1):
                kind, idx = structure[m]
                grad = grad_a
                for l in reversed(idx):
                    grad = dense_backward(l, grad, epoch)
                if m > 0:
                    grad_a = grad if kind == "dense" else grad_a + grad  # a block passes dL/da on unchanged, too
            if not alive.any():
                final = np.full(K, np.nan)
                break

    return BatchHistory(loss=losses, final_loss=final, correct_epoch=correct_epoch if binary else None,
                        grad_norms=norms, diverged_at=diverged_at)
