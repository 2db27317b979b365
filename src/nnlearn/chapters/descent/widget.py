r"""Chapter 2's widget: gradient descent on one neuron's two parameters :math:`(w, b)`.

The loss (which picks the neuron and its data, :data:`nnlearn.descent.PROBLEMS`), the learning rate
:math:`\eta` (every value from 0.001 to 10 with three significant digits, on a log scale, so the chapter's
rates 0.01, 0.12, 0.29 and 0.35 are all on it) and the number of steps (1 to 200), all together. The
browser computes with ``widget.js``/``compute.js``; Python computes the same with
:func:`nnlearn.descent.descend`:

>>> w = DescentWidget(problem="line", eta=0.12, steps=30)
>>> w.summary
'loss 9.64 → 0.238 after 30 steps'
>>> w.eta = 0.35; w.diverged_at
13
"""

from __future__ import annotations

import traitlets

from ...book.widgets import BookWidget, Choice, LogSlider, Slider
from ...descent import CHAPTER_RATES, PROBLEMS, descend, get_problem
from ...plots.descent import plot_descent_view

__all__ = ["DescentWidget", "descent_widget", "descent_summary", "CONTROLS", "LOSS_OPTIONS"]

#: The dropdown's options: (label shown, problem name).
LOSS_OPTIONS = (("MSE, linear neuron", "line"), ("BCE, sigmoid neuron", "bce"),
                ("MSE, sigmoid neuron", "mse_sigmoid"))

#: The controls: the loss, the learning rate and the number of steps.
CONTROLS = (
    Choice("problem", "loss", LOSS_OPTIONS, default="line"),
    LogSlider("eta", "\u03b7", -3, 1, 3, default=CHAPTER_RATES["about right"]),
    Slider("steps", "steps", 1, 200, 1, default=30),
)


def descent_summary(problem: str, eta: float, steps: int) -> str:
    """One line on where ``steps`` steps of gradient descent at rate ``eta`` take ``problem``'s loss (the
    browser writes the same: ``compute.js``'s ``descentSummary``)."""
    path = descend(get_problem(problem), eta, steps)
    start, end = float(path.losses[0]), float(path.losses[-1])
    if path.diverged:
        return f"diverged at step {path.diverged_at}: the loss grew from {start:.3g} to {end:.3g}"
    return f"loss {start:.3g} \u2192 {end:.3g} after {steps} step{'s' if steps != 1 else ''}"


class DescentWidget(BookWidget):
    """The chapter 2 widget (see the module docstring). Traits: the controls ``problem``, ``eta``,
    ``steps``; the results ``summary``, ``text``, ``final_loss`` (the loss where the path ends) and
    ``diverged_at`` (the step at which it diverged, or None)."""

    chapter = "descent"
    controls = CONTROLS
    final_loss = traitlets.Float(read_only=True)
    diverged_at = traitlets.Int(None, allow_none=True, read_only=True)

    def data(self) -> dict:
        problems = {}
        for name, p in PROBLEMS.items():
            activation = p.network(0.0, 0.0).layers[0].activation.name
            problems[name] = {"x": p.X[:, 0].tolist(), "y": p.y.tolist(), "activation": activation, "loss": p.loss,
                              "start": list(p.start), "wRange": list(p.w_range), "bRange": list(p.b_range)}
        return {"problems": problems}

    def compute(self, problem: str, eta: float, steps: int) -> dict:
        path = descend(get_problem(problem), eta, steps)
        return {"summary": descent_summary(problem, eta, steps), "final_loss": path.final_loss,
                "diverged_at": path.diverged_at}

    def figure(self, problem: str, eta: float, steps: int):
        return plot_descent_view(problem, eta, steps)


def descent_widget(**start) -> DescentWidget:
    """The chapter 2 widget with its controls at ``start`` (``problem``, ``eta``, ``steps``; the others at
    their defaults). Raises ``TypeError`` for an unknown control and ``ValueError`` for a value it does not offer."""
    return DescentWidget(**start)
