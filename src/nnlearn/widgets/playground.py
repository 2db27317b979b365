r"""The chapter 5 playground, declared: a data set, a one-hidden-layer network, a loss and a learning rate.

:func:`playground_run` trains (pure: the same values give the same result) and
:func:`playground_frame` draws the loss curve and the decision surface
(:func:`nnlearn.plots.surface.draw_decision_surface`) with a one-line summary.
Training is bounded (:data:`EPOCHS` full-batch epochs on at most 100 points),
a few tenths of a second at most, so the live widget never freezes the notebook.
A run that stops on a non-finite loss shows its message in the figure, never a traceback
(no setting of the sliders does: the sigmoid output keeps the loss finite).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np

from .. import style
from ..data import circles, logic_gate, spirals, two_moons
from ..network import Network
from ..plots.surface import draw_decision_surface
from ..portable import portable_arithmetic
from ..precision import rounded
from ..train import train
from .declare import Choice, Frame, LiveWidget, Slider, StaticWidget, Widget, show

__all__ = ["PLAYGROUND", "EPOCHS", "DATASETS", "playground_data", "PlaygroundRun", "playground_run",
           "playground_frame", "draw_playground", "playground_widget", "static_frame_count"]

#: Full-batch epochs of every playground run (bounded so a redraw stays well under a second).
EPOCHS = 400
#: The data sets offered, with the square they are drawn in.
DATASETS = {"xor": (-0.5, 1.5), "circles": (-1.5, 1.5), "moons": (-1.5, 2.5), "spirals": (-1.3, 1.3)}


@lru_cache(maxsize=None)
def _data(name: str) -> tuple[np.ndarray, np.ndarray]:
    if name == "xor":
        return logic_gate("XOR")
    if name == "circles":
        return circles(100, noise=0.05, seed=0)
    if name == "moons":
        return two_moons(100, noise=0.1, seed=0)
    if name == "spirals":
        X, y = spirals(100, classes=2, noise=0.1, seed=0)
        return X, y.astype(np.float64)
    raise ValueError(f"data must be one of {list(DATASETS)}, got {name!r}")


def playground_data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The data set ``name`` (``"xor"``, ``"circles"``, ``"moons"``, ``"spirals"``): ``X`` (n, 2), ``y`` (n,) in {0, 1}."""
    X, y = _data(name)
    return X.copy(), y.copy()


@dataclass
class PlaygroundRun:
    """``loss`` (epochs,) before each update, ``network`` after training, ``message`` ("" or why it stopped)."""

    loss: np.ndarray
    network: Network
    message: str


def playground_run(data: str, hidden: int, activation: str, loss: str, eta: float, seed: int) -> PlaygroundRun:
    """Train a 2-``hidden``-1 network (hidden ``activation``, sigmoid output) on ``data`` for
    :data:`EPOCHS` full-batch epochs with ``loss`` (``"half_mse"`` or ``"bce"``) and rate ``eta``;
    weights Xavier-initialised from ``seed``. Raises ``ValueError`` for an unknown data set."""
    X, y = _data(data)
    net = Network([2, int(hidden), 1], activation, "sigmoid", seed=int(seed))
    with portable_arithmetic():  # some settings are chaotic: the machine's last bits would change their frames
        history = train(net, X, y, loss, "gd", eta=float(eta), epochs=EPOCHS)
    return PlaygroundRun(loss=history.loss, network=net, message=history.message)


def playground_frame(data: str, hidden: int, activation: str, loss: str, eta: float, seed: int) -> Frame:
    """The widget's figure (loss curve, decision surface) and summary; never raises for the widget's values."""
    run = playground_run(data, hidden, activation, loss, eta, seed)
    loss_name = {"half_mse": "squared error", "bce": "cross-entropy"}.get(loss, loss)
    title = f"{data}, 2-{int(hidden)}-1 {activation}, {loss_name}, \u03b7 = {eta:g}, seed {int(seed)}"
    return draw_playground(run, data, title)


def draw_playground(run: PlaygroundRun, data: str, title: str) -> Frame:
    """Draw a finished :class:`PlaygroundRun` on ``data``: the loss curve and the decision surface, or,
    for a run that stopped on a non-finite loss, its message in both panels (never raises for that)."""
    X, y = _data(data)
    # fixed margins instead of a layout engine: a frame draws in a third of the time (many are precomputed)
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH * 0.9, 3.0),
                                   gridspec_kw={"width_ratios": [1.15, 1], "left": 0.12, "right": 0.98,
                                                "bottom": 0.16, "top": 0.83, "wspace": 0.3})
    finite = rounded(run.loss[np.isfinite(run.loss)])  # the policy's digits: the same frame on every machine
    if finite.size:
        ax0.plot(np.arange(finite.size), finite, color=style.PARAM, lw=1.8)
        ax0.set_ylim(0, 1.05 * float(finite.max()))
    ax0.set_xlabel("epoch")
    ax0.set_ylabel("loss")
    ax0.set_title("training loss", fontsize=11)
    if run.message:
        ax0.text(0.5, 0.5, run.message, transform=ax0.transAxes, ha="center", va="center", wrap=True,
                 color=style.MISTAKE, fontsize=9, bbox=dict(fc=style.PAPER, ec=style.MISTAKE))
        ax1.text(0.5, 0.5, "training diverged:\nno boundary to draw", transform=ax1.transAxes,
                 ha="center", va="center", color=style.MISTAKE)
        ax1.set_axis_off()
        summary = f"diverged: {run.message}"
    else:
        net = run.network
        draw_decision_surface(ax1, lambda P: net.forward(P)[:, 0], X, y, lims=DATASETS[data], small=True,
                              resolution=61)
        ax1.set_title("decision surface", fontsize=11)
        p = net.forward(X)[:, 0]
        right = int(np.where(y > 0.5, p > 0.5, p < 0.5).sum())
        summary = f"after {EPOCHS} epochs: loss {finite[-1]:.3g}, {right} of {len(y)} points right"
    fig.suptitle(title, fontsize=11)
    return Frame(fig, summary)


#: Live: every value. The book precomputes every data set, activation and loss, each with 4 hidden units,
#: η = 1 and seed 0 and, one slider at a time, 2 hidden units, η = 0.3 or seed 1 (96 frames).
PLAYGROUND = Widget(
    name="playground",
    controls=(
        Choice("data", "data set", (("XOR", "xor"), ("circles", "circles"), ("moons", "moons"),
                                    ("spirals", "spirals")), default="xor"),
        Choice("activation", "activation", (("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu")),
               default="tanh"),
        Choice("loss", "loss", (("cross-entropy", "bce"), ("squared error", "half_mse")), default="bce"),
        Slider.range("hidden", "hidden units", 1, 8, 1, default=4, static=(2, 4)),
        Slider("eta", "\u03b7", (0.03, 0.1, 0.3, 1.0, 3.0, 10.0), 1.0, (0.3, 1.0)),
        Slider.range("seed", "seed", 0, 9, 1, default=0, static=(0, 1)),
    ),
    draw=playground_frame,
    static="one-at-a-time",
)


def playground_widget(*, mode: str | None = None, **start) -> LiveWidget | StaticWidget:
    """The chapter 5 playground with its controls at ``start``; see :func:`nnlearn.widgets.declare.show`."""
    return show(PLAYGROUND, mode=mode, **start)


def static_frame_count() -> int:
    """How many figures the precomputed (static HTML) playground holds."""
    from .declare import static_settings

    return len(static_settings(PLAYGROUND))
