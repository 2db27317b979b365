"""Figures of chapter 7: nnlearn and PyTorch trained side by side, and a forgotten ``zero_grad``.

Compute, then draw: each function takes the results of :mod:`nnlearn.torch_compare`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..torch_compare import TrainingComparison

__all__ = ["plot_training_comparison", "plot_forgotten_zero_grad"]


def plot_training_comparison(runs: dict[str, TrainingComparison]) -> Figure:
    """The loss per step of each run: nnlearn as a thick pale line, PyTorch dashed on top of it.

    ``runs`` maps a label (e.g. ``"gradient descent"``) to a :class:`TrainingComparison`. Their
    differences, at the level of rounding, are not drawn: their last digits depend on the machine.
    """
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3.6))
    for colour, (label, run) in zip(style.SERIES, runs.items()):
        steps = np.arange(len(run.nnlearn))
        ax.plot(steps, run.nnlearn, color=colour, linewidth=4.0, alpha=0.45, label=f"{label}, nnlearn")
        ax.plot(steps, run.torch, color=colour, linewidth=1.3, linestyle="--", label=f"{label}, PyTorch")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss (cross-entropy)")
    ax.set_title("nnlearn and PyTorch: the same loss at every step")
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_forgotten_zero_grad(result: dict) -> Figure:
    """Left: the loss per step with and without ``zero_grad``. Right: the size of the gradient the
    optimizer used, relative to that step's own gradient (1 with ``zero_grad``)."""
    fig, (ax, ax_ratio) = plt.subplots(1, 2, figsize=(style.FIG_WIDTH, 3.4))
    with_, without = style.SERIES[0], style.SERIES[1]
    steps = np.arange(len(result["loss_with"]))
    ax.plot(steps, result["loss_with"], color=with_, label="with zero_grad()")
    ax.plot(steps, result["loss_without"], color=without, label="without")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    ax.set_title("Forgetting zero_grad changes the run")
    ax.legend(fontsize=9)
    ax_ratio.plot(steps, result["step_ratio_with"], color=with_, label="with zero_grad()")
    ax_ratio.plot(steps, result["step_ratio_without"], color=without, label="without")
    ax_ratio.set_yscale("log")
    ax_ratio.set_xlabel("step")
    ax_ratio.set_ylabel("|.grad| / |this step's gradient|")
    ax_ratio.set_title("Because .grad is a running sum")
    ax_ratio.legend(fontsize=9)
    fig.tight_layout()
    return fig
