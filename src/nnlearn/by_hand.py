r"""Backpropagation by hand on the smallest interesting network: 2 inputs, 1 hidden unit, 1 output.

Every quantity is a plain Python ``float`` and every line below is one line of
the chapter's math, so the code can be read side by side with the text.

The network (chapter 3), with sigmoid units and the half squared error:

.. math::
    z_1 = w_{11} x_1 + w_{12} x_2 + b_1, \quad a_1 = \sigma(z_1), \quad
    z_2 = w_2 a_1 + b_2, \quad \hat y = \sigma(z_2), \quad
    L = \tfrac12 (\hat y - y)^2 .

In the book's matrix notation (one example per row) this is
``Network([2, 1, 1], "sigmoid")`` with :math:`W^1 = [[w_{11}], [w_{12}]]`
(shape ``(2, 1)``), :math:`b^1 = [b_1]`, :math:`W^2 = [[w_2]]`,
:math:`b^2 = [b_2]` and the loss ``"half_mse"``.

What is here:

- :func:`forward_pass`, :func:`backward_pass`, :func:`gradient_step`: the three
  steps, each a handful of scalar lines; :func:`backprop_by_hand` runs all three
  and the forward pass again with the new parameters.
- :func:`check_gradients`: the same gradients three independent ways (by hand,
  central finite differences, nnlearn's :class:`~nnlearn.network.Network`).
- Presentation helpers that turn results into LaTeX lines and Markdown tables
  (:func:`forward_latex`, :func:`backward_latex`, :func:`update_table_markdown`,
  ...), so the notebook glues text built from the numbers and never types one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from ._checks import check_number as _check_number
from .gradcheck import numerical_gradients
from .network import Network

__all__ = [
    "Given", "ForwardPass", "BackwardPass", "UpdateRow", "WorkedExample", "GradientChecks",
    "WORKED_EXAMPLE", "EXERCISE", "PARAMETERS", "PARAMETER_LATEX",
    "sigmoid", "forward_pass", "backward_pass", "gradient_step", "backprop_by_hand", "from_given",
    "network_for", "check_gradients", "checks_for", "quantities", "glue_items", "checks_glue_items",
    "fmt", "fmt_signed", "fmt_given", "fmt_power", "fmt_bound", "BOUND_FLOOR_EXPONENT", "direction_label",
    "forward_latex", "backward_latex", "new_forward_latex",
    "given_table_markdown", "update_table_markdown", "checks_table_markdown",
]

#: The five parameters in the order of ``Network([2, 1, 1]).parameters()`` (W1 column, b1, W2, b2).
PARAMETERS: tuple[str, ...] = ("w11", "w12", "b1", "w2", "b2")

#: LaTeX for each parameter and input name.
PARAMETER_LATEX: dict[str, str] = {
    "x1": "x_1", "x2": "x_2", "y": "y",
    "w11": "w_{11}", "w12": "w_{12}", "b1": "b_1", "w2": "w_2", "b2": "b_2", "eta": r"\eta",
}


# --------------------------------------------------------------------------- the given values

@dataclass(frozen=True)
class Given:
    """The inputs :math:`x_1, x_2`, the target :math:`y`, the five parameters and the learning rate."""

    x1: float
    x2: float
    y: float
    w11: float
    w12: float
    b1: float
    w2: float
    b2: float
    eta: float

    def as_dict(self) -> dict[str, float]:
        """The values by name, in the order ``x1, x2, y, w11, w12, b1, w2, b2, eta``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: The chapter's worked example (the values of source article 004; every result is recomputed here).
WORKED_EXAMPLE = Given(x1=0.5, x2=0.8, y=1.0, w11=0.4, w12=0.6, b1=0.1, w2=0.9, b2=0.1, eta=0.5)

#: The chapter's exercise: the same network and parameters, a second input x = (0.5, 0.3), target 1.
EXERCISE = Given(x1=0.5, x2=0.3, y=1.0, w11=0.4, w12=0.6, b1=0.1, w2=0.9, b2=0.1, eta=0.5)


def _check_all(**values) -> dict[str, float]:
    """Check every value with :func:`_check_number` (and that ``eta`` is positive); return them as floats."""
    checked = {name: _check_number(v, name) for name, v in values.items()}
    if "eta" in checked and checked["eta"] <= 0:
        raise ValueError(f"eta must be a positive learning rate, got {checked['eta']}")
    return checked


def _floats(**values) -> tuple[float, ...]:
    """The checked values as Python floats, in the order given."""
    return tuple(_check_all(**values).values())


# --------------------------------------------------------------------------- the arithmetic

def sigmoid(z: float) -> float:
    r""":math:`\sigma(z) = 1/(1 + e^{-z})` for one number, written so ``exp`` never overflows."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # for z < 0, e^{z} <= 1, and sigma(z) = e^{z} / (1 + e^{z})
    return e / (1.0 + e)


@dataclass(frozen=True)
class ForwardPass:
    """The forward pass: pre-activations, activations, prediction and loss (all floats)."""

    z1: float
    a1: float
    z2: float
    y_hat: float
    loss: float


def forward_pass(x1: float, x2: float, y: float, w11: float, w12: float,
                 b1: float, w2: float, b2: float) -> ForwardPass:
    """Run the network forward on one example and compute its loss
    L = 1/2 (y_hat - y)^2."""
    x1, x2, y, w11, w12, b1, w2, b2 = _floats(x1=x1, x2=x2, y=y, w11=w11, w12=w12,
                                              b1=b1, w2=w2, b2=b2)
    z1 = w11 * x1 + w12 * x2 + b1  # hidden pre-activation
    a1 = sigmoid(z1)               # hidden activation
    z2 = w2 * a1 + b2              # output pre-activation
    y_hat = sigmoid(z2)            # prediction
    loss = 0.5 * (y_hat - y) ** 2  # half squared error
    return ForwardPass(z1, a1, z2, y_hat, loss)


@dataclass(frozen=True)
class BackwardPass:
    """The backward pass: every derivative of the chapter, from :math:`\\partial L/\\partial \\hat y` down.

    ``delta2`` is :math:`\\delta_2 = \\partial L/\\partial z_2` and ``delta1`` is
    :math:`\\delta_1 = \\partial L/\\partial z_1`; ``dsigma_z2`` and ``dsigma_z1`` are
    the local slopes :math:`\\sigma'(z_2)` and :math:`\\sigma'(z_1)`.
    """

    dL_dyhat: float
    dsigma_z2: float
    delta2: float
    dL_dw2: float
    dL_db2: float
    dL_da1: float
    dsigma_z1: float
    delta1: float
    dL_dw11: float
    dL_dw12: float
    dL_db1: float

    @property
    def gradients(self) -> dict[str, float]:
        """The five parameter gradients by name, in the order of :data:`PARAMETERS`."""
        return {"w11": self.dL_dw11, "w12": self.dL_dw12, "b1": self.dL_db1,
                "w2": self.dL_dw2, "b2": self.dL_db2}


def backward_pass(x1: float, x2: float, y: float, w2: float,
                  forward: ForwardPass) -> BackwardPass:
    """Walk back from the loss to every parameter, one chain-rule step a line.

    Each line multiplies the derivative arriving from above by one local
    derivative, reusing values the forward pass stored (a1 and y_hat).
    """
    x1, x2, y, w2 = _floats(x1=x1, x2=x2, y=y, w2=w2)
    _check_forward(forward)
    a1, y_hat = forward.a1, forward.y_hat
    dL_dyhat = y_hat - y             # L = 1/2 (y_hat - y)^2
    dsigma_z2 = y_hat * (1 - y_hat)  # sigma'(z2) = y_hat (1 - y_hat)
    delta2 = dL_dyhat * dsigma_z2    # dL/dz2
    dL_dw2 = delta2 * a1             # z2 = w2 a1 + b2
    dL_db2 = delta2
    dL_da1 = delta2 * w2
    dsigma_z1 = a1 * (1 - a1)        # sigma'(z1) = a1 (1 - a1)
    delta1 = dL_da1 * dsigma_z1      # dL/dz1
    dL_dw11 = delta1 * x1            # z1 = w11 x1 + w12 x2 + b1
    dL_dw12 = delta1 * x2
    dL_db1 = delta1
    return BackwardPass(dL_dyhat, dsigma_z2, delta2, dL_dw2, dL_db2, dL_da1,
                        dsigma_z1, delta1, dL_dw11, dL_dw12, dL_db1)


def _check_forward(forward) -> None:
    """Raise ``TypeError`` unless ``forward`` is a :class:`ForwardPass`."""
    if not isinstance(forward, ForwardPass):
        raise TypeError(f"forward must be a ForwardPass, got {type(forward).__name__}")


@dataclass(frozen=True)
class UpdateRow:
    r"""One row of the update table: :math:`\theta_{\text{new}} = \theta - \eta\,\partial L/\partial\theta`.

    ``direction`` is ``"increase"``, ``"decrease"`` or ``"no change"`` (the sign of ``step``).
    """

    name: str
    old: float
    gradient: float
    step: float
    new: float
    direction: str


def gradient_step(parameters: dict[str, float], gradients: dict[str, float],
                  eta: float) -> tuple[UpdateRow, ...]:
    r"""One gradient-descent step on each parameter: step :math:`= -\eta\,\partial L/\partial\theta`.

    ``parameters`` and ``gradients`` map the names of :data:`PARAMETERS` to floats.
    """
    eta = _check_all(eta=eta)["eta"]
    for arg, mapping in (("parameters", parameters), ("gradients", gradients)):
        if not isinstance(mapping, dict) or set(mapping) != set(PARAMETERS):
            raise ValueError(f"{arg} must be a dict with exactly the keys {PARAMETERS}")
    rows = []
    for name in PARAMETERS:
        old = _check_number(parameters[name], f"parameters[{name!r}]")
        gradient = _check_number(gradients[name], f"gradients[{name!r}]")
        step = -eta * gradient
        direction = "increase" if step > 0 else "decrease" if step < 0 else "no change"
        rows.append(UpdateRow(name=name, old=old, gradient=gradient, step=step, new=old + step,
                              direction=direction))
    return tuple(rows)


@dataclass(frozen=True)
class WorkedExample:
    """Everything the chapter computes for one example: forward, backward, update, forward again.

    ``loss_decrease`` is :math:`L - L_{\\text{new}}` (positive when the step helped);
    ``predicted_decrease`` is the first-order prediction :math:`\\eta\\,\\lVert\\nabla L\\rVert^2`
    of that decrease (gradient times step, summed over the parameters).
    """

    given: Given
    forward: ForwardPass
    backward: BackwardPass
    update: tuple[UpdateRow, ...]
    new_forward: ForwardPass

    @property
    def gradients(self) -> dict[str, float]:
        """The five gradients by name (order of :data:`PARAMETERS`)."""
        return self.backward.gradients

    @property
    def new_parameters(self) -> dict[str, float]:
        """The parameters after the step, by name."""
        return {row.name: row.new for row in self.update}

    @property
    def loss_decrease(self) -> float:
        """:math:`L - L_{\\text{new}}`: how much one step lowered the loss (negative if it rose)."""
        return self.forward.loss - self.new_forward.loss

    @property
    def predicted_decrease(self) -> float:
        """:math:`\\eta \\sum_\\theta (\\partial L/\\partial\\theta)^2`, the decrease a small step would give."""
        return self.given.eta * sum(g * g for g in self.gradients.values())


def backprop_by_hand(x1: float, x2: float, y: float, w11: float, w12: float, b1: float,
                     w2: float, b2: float, eta: float) -> WorkedExample:
    """Forward pass, backward pass, one gradient-descent step with rate ``eta``, and the forward pass
    again with the new parameters, for the 2->1->1 sigmoid network on the example ``(x1, x2)``,
    target ``y``. Raises ``TypeError``/``ValueError`` naming a bad argument."""
    given = Given(**_check_all(x1=x1, x2=x2, y=y, w11=w11, w12=w12, b1=b1, w2=w2, b2=b2, eta=eta))
    forward = forward_pass(x1, x2, y, w11, w12, b1, w2, b2)
    backward = backward_pass(x1, x2, y, w2, forward)
    old = {"w11": given.w11, "w12": given.w12, "b1": given.b1, "w2": given.w2, "b2": given.b2}
    update = gradient_step(old, backward.gradients, given.eta)
    new = {row.name: row.new for row in update}
    new_forward = forward_pass(given.x1, given.x2, given.y, **new)
    return WorkedExample(given=given, forward=forward, backward=backward, update=update,
                         new_forward=new_forward)


def from_given(given: Given) -> WorkedExample:
    """:func:`backprop_by_hand` on the values of a :class:`Given`."""
    if not isinstance(given, Given):
        raise TypeError(f"given must be a Given, got {type(given).__name__}")
    return backprop_by_hand(**given.as_dict())


# --------------------------------------------------------------------------- three independent checks

def network_for(w11: float, w12: float, b1: float, w2: float, b2: float) -> Network:
    """``Network([2, 1, 1], "sigmoid")`` (float64) holding these five parameters:
    :math:`W^1 = [[w_{11}], [w_{12}]]` (shape ``(2, 1)``), :math:`b^1 = [b_1]`,
    :math:`W^2 = [[w_2]]`, :math:`b^2 = [b_2]`."""
    p = _check_all(w11=w11, w12=w12, b1=b1, w2=w2, b2=b2)
    net = Network([2, 1, 1], "sigmoid", seed=0)
    net.set_parameters([np.array([[p["w11"]], [p["w12"]]]), np.array([p["b1"]]),
                        np.array([[p["w2"]]]), np.array([p["b2"]])])
    return net


@dataclass(frozen=True)
class GradientChecks:
    """The five gradients computed three independent ways, in the order of :data:`PARAMETERS`.

    ``by_hand`` comes from :func:`backward_pass`, ``finite_differences`` from
    :func:`nnlearn.gradcheck.numerical_gradients` (central differences with step
    ``eps``), ``network`` from :meth:`nnlearn.network.Network.loss_and_gradients`
    with the loss ``"half_mse"``. ``network_loss`` is the network's loss, to compare
    with the hand-computed :math:`L`.
    """

    names: tuple[str, ...]
    by_hand: tuple[float, ...]
    finite_differences: tuple[float, ...]
    network: tuple[float, ...]
    network_loss: float
    eps: float

    @property
    def max_diff_finite_differences(self) -> float:
        """:math:`\\max_\\theta |g_{\\text{hand}} - g_{\\text{fd}}|` over the five parameters."""
        return max(abs(a - b) for a, b in zip(self.by_hand, self.finite_differences))

    @property
    def max_diff_network(self) -> float:
        """:math:`\\max_\\theta |g_{\\text{hand}} - g_{\\text{network}}|` over the five parameters."""
        return max(abs(a - b) for a, b in zip(self.by_hand, self.network))


def check_gradients(x1: float, x2: float, y: float, w11: float, w12: float, b1: float,
                    w2: float, b2: float, eps: float = 1e-6) -> GradientChecks:
    """Compute the five gradients by hand, by central finite differences and with nnlearn's
    Network, for the example ``(x1, x2)`` with target ``y``."""
    forward = forward_pass(x1, x2, y, w11, w12, b1, w2, b2)
    hand = backward_pass(x1, x2, y, w2, forward).gradients
    net = network_for(w11, w12, b1, w2, b2)
    X, Y = np.array([[float(x1), float(x2)]]), np.array([[float(y)]])
    numeric = numerical_gradients(net, X, Y, "half_mse", eps=eps)
    loss, grads = net.loss_and_gradients(X, Y, "half_mse")

    def flat(arrays):  # [dW1 (2,1), db1 (1,), dW2 (1,1), db2 (1,)] -> w11, w12, b1, w2, b2
        return tuple(float(v) for v in np.concatenate([np.ravel(a) for a in arrays]))

    return GradientChecks(names=PARAMETERS, by_hand=tuple(hand[n] for n in PARAMETERS),
                          finite_differences=flat(numeric), network=flat(grads),
                          network_loss=float(loss), eps=float(eps))


# --------------------------------------------------------------------------- presentation

def quantities(result: WorkedExample, prefix: str = "") -> dict[str, float]:
    """Every number of a worked example by a flat name, for gluing into the text.

    Names: the given values (``x1`` ... ``eta``), the forward pass (``z1``,
    ``a1``, ``z2``, ``y_hat``, ``loss``), the backward pass (the fields of
    :class:`BackwardPass`), per parameter ``new_<name>`` and ``step_<name>``,
    the forward pass again (``new_z1`` ... ``new_loss``), ``loss_decrease`` and
    ``predicted_decrease``.
    """
    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    out: dict[str, float] = dict(result.given.as_dict())
    out.update({f.name: getattr(result.forward, f.name) for f in fields(ForwardPass)})
    out.update({f.name: getattr(result.backward, f.name) for f in fields(BackwardPass)})
    for row in result.update:
        out[f"step_{row.name}"] = row.step
        out[f"new_{row.name}"] = row.new
    out.update({f"new_{f.name}": getattr(result.new_forward, f.name) for f in fields(ForwardPass)})
    out["loss_decrease"] = result.loss_decrease
    out["predicted_decrease"] = result.predicted_decrease
    return {prefix + name: float(value) for name, value in out.items()}


def checks_for(given: Given, eps: float = 1e-6) -> GradientChecks:
    """:func:`check_gradients` on the example, target and parameters of a :class:`Given`."""
    if not isinstance(given, Given):
        raise TypeError(f"given must be a Given, got {type(given).__name__}")
    values = given.as_dict()
    del values["eta"]
    return check_gradients(**values, eps=eps)


def glue_items(result: WorkedExample, prefix: str = "") -> dict[str, object]:
    """Everything the chapter glues into its text for one worked example, by name (each name
    starts with ``prefix``).

    The numbers of :func:`quantities` and ``delta_ratio``
    (:math:`\\delta_1/\\delta_2 = w_2\\,\\sigma'(z_1)`) as ready-formatted text: given values as
    given (:func:`fmt_given`), computed values to 4 decimals with a true minus sign (:func:`fmt`),
    so the text shows exactly what the equations and tables show. And display objects built from
    them: ``given_table``, ``update_table`` (Markdown), ``forward_lines``, ``backward_lines``,
    ``new_forward_lines`` (LaTeX).
    """
    from IPython.display import Latex, Markdown

    if not isinstance(result, WorkedExample):
        raise TypeError(f"result must be a WorkedExample, got {type(result).__name__}")
    b = result.backward
    numbers = quantities(result)
    numbers["delta_ratio"] = b.delta1 / b.delta2 if b.delta2 != 0 else 0.0
    given = result.given.as_dict()
    items: dict[str, object] = {prefix + name: fmt_given(value) if name in given else fmt(value)
                                for name, value in numbers.items()}
    items[prefix + "given_table"] = Markdown(given_table_markdown(result.given))
    items[prefix + "update_table"] = Markdown(update_table_markdown(result))
    items[prefix + "forward_lines"] = Latex("$$\n" + forward_latex(result.given, result.forward) + "\n$$")
    items[prefix + "backward_lines"] = Latex("$$\n" + backward_latex(result.given, result.forward, b) + "\n$$")
    items[prefix + "new_forward_lines"] = Latex("$$\n" + new_forward_latex(result) + "\n$$")
    return items


def checks_glue_items(checks: GradientChecks, prefix: str = "") -> dict[str, object]:
    """What the chapter glues about the three gradient checks, as Markdown: ``checks_table``,
    ``max_diff_fd`` and ``max_diff_network`` (powers of ten above the largest difference, see
    :func:`fmt_bound`; the text says "below") and ``eps``."""
    from IPython.display import Markdown

    if not isinstance(checks, GradientChecks):
        raise TypeError(f"checks must be a GradientChecks, got {type(checks).__name__}")
    return {prefix + "checks_table": Markdown(checks_table_markdown(checks)),
            prefix + "max_diff_fd": Markdown(_math_role(fmt_bound(checks.max_diff_finite_differences)[2:])),
            prefix + "max_diff_network": Markdown(_math_role(fmt_bound(checks.max_diff_network)[2:])),
            prefix + "eps": Markdown(_math_role(fmt_power(checks.eps)))}


def fmt(value: float, decimals: int = 4) -> str:
    """``value`` rounded to ``decimals`` places, with a true minus sign and never ``-0.0000``."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def fmt_signed(value: float, decimals: int = 4) -> str:
    """Like :func:`fmt`, with an explicit ``+`` on positive numbers (a step up reads ``+0.0035``)."""
    text = fmt(value, decimals)
    return text if text.startswith("\u2212") or float(text) == 0 else "+" + text


def fmt_given(value: float) -> str:
    """A given value as it is given (``0.5``, ``1``): up to 6 significant digits, true minus sign."""
    return f"{value:.6g}".replace("-", "\u2212")


def _tex(text: str) -> str:
    """A formatted number for LaTeX: the unicode minus becomes ``-``."""
    return text.replace("\u2212", "-")


def _p(text: str) -> str:
    """Wrap a negative number in parentheses for a product: ``(-0.0723)``."""
    return f"({text})" if text.startswith("-") else text


def _aligned(lines: list[str]) -> str:
    return "\\begin{aligned}\n" + " \\\\[3pt]\n".join(lines) + "\n\\end{aligned}"


def forward_latex(given: Given, forward: ForwardPass, prime: bool = False) -> str:
    r"""The forward pass as LaTeX (an ``aligned`` block, no ``$`` delimiters): one line per
    quantity, each formula = substituted numbers = result. ``prime=True`` writes the
    quantities as :math:`z_1'`, ..., shows the parameters to 4 decimals and leaves out the
    formulas of the two sums (used for the pass with the new parameters, which ``given`` then
    holds)."""
    g = {k: _tex(fmt_given(v)) for k, v in given.as_dict().items()}
    f = {k.name: _tex(fmt(getattr(forward, k.name))) for k in fields(ForwardPass)}
    if prime:  # the new parameters are computed numbers: show them to 4 decimals
        g.update({k: _tex(fmt(getattr(given, k))) for k in PARAMETERS})
    q = "'" if prime else ""
    exp1 = _tex(fmt(math.exp(-forward.z1)))
    exp2 = _tex(fmt(math.exp(-forward.z2)))
    # the primed pass skips the formulas of the two sums, to keep its lines short
    sum1 = "" if prime else r" = w_{11} x_1 + w_{12} x_2 + b_1"
    sum2 = "" if prime else r" = w_2 a_1 + b_2"
    lines = [
        rf"z_1{q} &{sum1} = {_p(g['w11'])} \cdot {_p(g['x1'])} + "
        rf"{_p(g['w12'])} \cdot {_p(g['x2'])} + {_p(g['b1'])} = {f['z1']}",
        rf"a_1{q} &= \sigma(z_1{q}) = \frac{{1}}{{1 + e^{{-{_p(f['z1'])}}}}} = \frac{{1}}{{1 + {exp1}}} = {f['a1']}",
        rf"z_2{q} &{sum2} = {_p(g['w2'])} \cdot {_p(f['a1'])} + {_p(g['b2'])} = {f['z2']}",
        rf"\hat y{q} &= \sigma(z_2{q}) = \frac{{1}}{{1 + e^{{-{_p(f['z2'])}}}}} = \frac{{1}}{{1 + {exp2}}}"
        rf" = {f['y_hat']}",
        rf"L{q} &= \tfrac{{1}}{{2}}(\hat y{q} - y)^2 = \tfrac{{1}}{{2}}({f['y_hat']} - {_p(g['y'])})^2 = {f['loss']}",
    ]
    return _aligned(lines)


def backward_latex(given: Given, forward: ForwardPass, backward: BackwardPass) -> str:
    r"""The backward pass as LaTeX (an ``aligned`` block): one line per derivative, each
    chain-rule formula = substituted numbers = result."""
    g = {k: _tex(fmt_given(v)) for k, v in given.as_dict().items()}
    f = {k.name: _tex(fmt(getattr(forward, k.name))) for k in fields(ForwardPass)}
    b = {k.name: _tex(fmt(getattr(backward, k.name))) for k in fields(BackwardPass)}
    d = r"\frac{\partial L}{\partial %s}"
    d_yhat = d % r"\hat y"
    lines = [
        rf"{d_yhat} &= \hat y - y = {f['y_hat']} - {_p(g['y'])} = {b['dL_dyhat']}",
        rf"\sigma'(z_2) &= \hat y\,(1 - \hat y) = {f['y_hat']} \cdot (1 - {f['y_hat']}) = {b['dsigma_z2']}",
        rf"\delta_2 &= {d_yhat}\,\sigma'(z_2) = {_p(b['dL_dyhat'])} \cdot {_p(b['dsigma_z2'])} = {b['delta2']}",
        rf"{d % 'w_2'} &= \delta_2\, a_1 = {_p(b['delta2'])} \cdot {_p(f['a1'])} = {b['dL_dw2']}",
        rf"{d % 'b_2'} &= \delta_2 = {b['dL_db2']}",
        rf"{d % 'a_1'} &= \delta_2\, w_2 = {_p(b['delta2'])} \cdot {_p(g['w2'])} = {b['dL_da1']}",
        rf"\sigma'(z_1) &= a_1 (1 - a_1) = {f['a1']} \cdot (1 - {f['a1']}) = {b['dsigma_z1']}",
        rf"\delta_1 &= {d % 'a_1'}\,\sigma'(z_1) = {_p(b['dL_da1'])} \cdot {_p(b['dsigma_z1'])} = {b['delta1']}",
        rf"{d % 'w_{11}'} &= \delta_1\, x_1 = {_p(b['delta1'])} \cdot {_p(g['x1'])} = {b['dL_dw11']}",
        rf"{d % 'w_{12}'} &= \delta_1\, x_2 = {_p(b['delta1'])} \cdot {_p(g['x2'])} = {b['dL_dw12']}",
        rf"{d % 'b_1'} &= \delta_1 = {b['dL_db1']}",
    ]
    return _aligned(lines)


def new_forward_latex(result: WorkedExample) -> str:
    r"""The forward pass with the new parameters (primed symbols), then the decrease of the loss
    :math:`L - L'`, as one LaTeX ``aligned`` block."""
    new_given = Given(**{**result.given.as_dict(), **result.new_parameters})
    block = forward_latex(new_given, result.new_forward, prime=True)
    decrease = (rf" \\[3pt]" "\n" rf"L - L' &= {_tex(fmt(result.forward.loss))} - {_tex(fmt(result.new_forward.loss))}"
                rf" = {_tex(fmt(result.loss_decrease))}")
    return block.replace("\n\\end{aligned}", decrease + "\n\\end{aligned}")


def _md_table(header: list[str], rows: list[list[str]], align: list[str]) -> str:
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _sym(name: str) -> str:
    return "{math}`" + PARAMETER_LATEX[name] + "`"


def given_table_markdown(given: Given) -> str:
    """A MyST Markdown table of the given values: input, target, parameters, learning rate."""
    roles = {"x1": "input", "x2": "input", "y": "target", "w11": "hidden weight", "w12": "hidden weight",
             "b1": "hidden bias", "w2": "output weight", "b2": "output bias", "eta": "learning rate"}
    rows = [[_sym(k), roles[k], fmt_given(v)] for k, v in given.as_dict().items()]
    return _md_table(["symbol", "what it is", "value"], rows, ["c", "l", "r"])


def direction_label(step: float, decimals: int = 4) -> str:
    """How a parameter moves in a step, as the update tables show it: ``"\u2191 up"``,
    ``"\u2193 down"``, or ``"\u2248 0"`` when the step rounds to zero at ``decimals`` places (a
    step too small to show is not called a move)."""
    step = _check_number(step, "step")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative int, got {decimals!r}")
    if float(fmt(step, decimals).replace("\u2212", "-")) == 0:
        return "\u2248 0"
    return "\u2191 up" if step > 0 else "\u2193 down"


def update_table_markdown(result: WorkedExample) -> str:
    """A MyST Markdown table of the update: parameter, old value, gradient, step, new value, direction
    (numbers to 4 decimals)."""
    eta = "{math}`" + rf"-\eta\,\partial L/\partial\theta" + "`"
    header = ["parameter {math}`\\theta`", "old value", "gradient {math}`\\partial L/\\partial\\theta`",
              f"step {eta}", "new value", "direction"]
    rows = [[_sym(r.name), fmt(r.old), fmt(r.gradient), fmt_signed(r.step), fmt(r.new), direction_label(r.step)]
            for r in result.update]
    return _md_table(header, rows, ["c", "r", "r", "r", "r", "l"])


#: Differences below this are reported as "below 10^-15": the last digits of double precision.
BOUND_FLOOR_EXPONENT = 15


def fmt_power(value: float) -> str:
    """A positive number in LaTeX scientific notation: ``10^{-6}`` for a power of ten, else
    ``2.5 \\times 10^{-6}``."""
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1.0" else rf"{mantissa} \times {power}"


def fmt_bound(value: float) -> str:
    """An upper bound of a small non-negative difference as LaTeX, ``< 10^{-11}`` for
    ``7.3e-12``: the smallest power of ten above ``value``, and never below
    ``10^{-BOUND_FLOOR_EXPONENT}``. Robust to last-bit differences between machines, where the
    digits of such a difference are not."""
    value = abs(float(value))
    k = BOUND_FLOOR_EXPONENT
    if value >= 10.0 ** -BOUND_FLOOR_EXPONENT:
        k = math.floor(-math.log10(value))
        if 10.0 ** -k <= value:
            k -= 1
    return f"< 10^{{{-k}}}"


def _math_role(latex: str) -> str:
    return "{math}`" + latex + "`"


def checks_table_markdown(checks: GradientChecks) -> str:
    """A MyST Markdown table of the three gradient computations side by side (4 decimals) and,
    per parameter, upper bounds of the absolute differences from the hand computation."""
    if not isinstance(checks, GradientChecks):
        raise TypeError(f"checks must be a GradientChecks, got {type(checks).__name__}")
    header = ["parameter", "by hand", "central differences", "`Network`",
              "\\|hand \u2212 differences\\|", "\\|hand \u2212 `Network`\\|"]
    rows = [[_sym(n), fmt(h), fmt(fd), fmt(nw), _math_role(fmt_bound(h - fd)), _math_role(fmt_bound(h - nw))]
            for n, h, fd, nw in zip(checks.names, checks.by_hand, checks.finite_differences, checks.network)]
    rows.append(["**largest**", "", "", "", _math_role(fmt_bound(checks.max_diff_finite_differences)),
                 _math_role(fmt_bound(checks.max_diff_network))])
    return _md_table(header, rows, ["c", "r", "r", "r", "r", "r"])
