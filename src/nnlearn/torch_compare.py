r"""Chapter 7: the book's networks in PyTorch, number for number.

Every function here computes something twice, once with nnlearn (or by hand)
and once with PyTorch, and returns both with their largest difference, so the
chapter can show that the two agree and by how much. PyTorch is imported only
when a function needs it.

- :func:`worked_example_in_torch`, :func:`compare_worked_example`: chapter 3's
  2-1-1 network with ``requires_grad`` tensors, in float64 and in float32.
- :func:`torch_sequential`, :func:`parity_table`: an nnlearn
  :class:`~nnlearn.network.Network` copied into an equivalent ``torch.nn.Sequential``.
  nnlearn's ``W`` has shape ``(n_in, n_out)`` (one example per row:
  :math:`z = aW + b`); ``torch.nn.Linear.weight`` has shape ``(n_out, n_in)``
  (:math:`z = a W_{\text{torch}}^{\mathsf T} + b`), so the copy is ``W.T``.
- :func:`train_both`: the same model trained both ways, step by step.
- :func:`forgotten_zero_grad`, :func:`bce_at_extreme_logits`, :func:`dropout_train_eval`:
  three PyTorch habits, each with numbers.
- :func:`load_benchmark_results`: the committed timings of ``benchmarks/``.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .by_hand import PARAMETERS, WORKED_EXAMPLE, Given, from_given
from .network import Network
from .optim import Adam, GradientDescent
from .precision import bound_exponent

__all__ = [
    "TORCH_ACTIVATIONS", "worked_example_in_torch", "compare_worked_example", "torch_sequential",
    "torch_loss", "parity_table", "TrainingComparison", "train_both", "forgotten_zero_grad",
    "bce_at_extreme_logits", "dropout_train_eval", "BENCHMARK_RESULTS", "load_benchmark_results", "markdown_table",
    "FLOAT64_FLOOR", "bound_latex", "bound_markdown", "worked_example_table_markdown", "parity_table_markdown", "bce_table_markdown",
    "benchmark_table_markdown",
]


def _torch():
    import torch  # lazily: only the functions that need PyTorch import it
    return torch


def _torch_dtype(dtype):
    torch = _torch()
    name = np.dtype(dtype).name
    if name not in ("float32", "float64"):
        raise TypeError(f"dtype must be float32 or float64, got {name}")
    return getattr(torch, name)


# --------------------------------------------------------------------------- chapter 3 in PyTorch

def worked_example_in_torch(given: Given = WORKED_EXAMPLE, dtype=np.float64, layout: str = "rows") -> dict:
    r"""Chapter 3's network in PyTorch: forward pass, ``loss.backward()``, the five gradients.

    ``layout="rows"`` is the book's: :math:`x` is a row ``(1, 2)``, ``W1`` has
    shape ``(2, 1)``, :math:`z_1 = x W_1 + b_1`. ``layout="columns"`` is the
    source article's: :math:`x` a column ``(2, 1)``, ``W1`` a row ``(1, 2)``,
    :math:`z_1 = W_1 x + b_1`, and by default in float32 (PyTorch's default
    dtype). Both compute the same five numbers.

    Returns a dict: ``"loss"``, ``"y_hat"`` and ``"w11", "w12", "b1", "w2", "b2"``
    (their gradients), all Python floats.
    """
    if layout not in ("rows", "columns"):
        raise ValueError(f"layout must be 'rows' or 'columns', got {layout!r}")
    if not isinstance(given, Given):
        raise TypeError(f"given must be a Given, got {type(given).__name__}")
    torch, dt = _torch(), _torch_dtype(dtype)
    g = given
    if layout == "rows":
        x = torch.tensor([[g.x1, g.x2]], dtype=dt)
        W1 = torch.tensor([[g.w11], [g.w12]], dtype=dt, requires_grad=True)
        z1_of = lambda: x @ W1  # noqa: E731
    else:
        x = torch.tensor([[g.x1], [g.x2]], dtype=dt)
        W1 = torch.tensor([[g.w11, g.w12]], dtype=dt, requires_grad=True)
        z1_of = lambda: W1 @ x  # noqa: E731
    b1 = torch.tensor([[g.b1]], dtype=dt, requires_grad=True)
    W2 = torch.tensor([[g.w2]], dtype=dt, requires_grad=True)
    b2 = torch.tensor([[g.b2]], dtype=dt, requires_grad=True)
    y = torch.tensor([[g.y]], dtype=dt)

    a1 = torch.sigmoid(z1_of() + b1)
    y_hat = torch.sigmoid(a1 @ W2 + b2)
    loss = (0.5 * (y_hat - y) ** 2).sum()
    loss.backward()

    w1_grad = W1.grad.reshape(-1)
    return {"loss": loss.item(), "y_hat": y_hat.item(), "w11": w1_grad[0].item(), "w12": w1_grad[1].item(),
            "b1": b1.grad.item(), "w2": W2.grad.item(), "b2": b2.grad.item()}


def compare_worked_example(given: Given = WORKED_EXAMPLE) -> dict:
    """Chapter 3's five gradients (and the loss) by hand, by PyTorch in float64 and in float32.

    Returns ``{"rows": [...], "max_diff64": float, "max_diff32": float}``; each row
    is ``{"name", "by_hand", "torch64", "diff64", "torch32", "diff32"}`` for
    ``"loss"`` and the five parameters (``diff`` = absolute difference to by hand).
    """
    example = from_given(given)
    exact = {"loss": example.forward.loss, **example.backward.gradients}
    t64 = worked_example_in_torch(given, np.float64, "rows")
    t32 = worked_example_in_torch(given, np.float32, "columns")
    rows = [{"name": name, "by_hand": exact[name], "torch64": t64[name], "diff64": abs(t64[name] - exact[name]),
             "torch32": t32[name], "diff32": abs(t32[name] - exact[name])} for name in ("loss", *PARAMETERS)]
    return {"rows": rows, "max_diff64": max(r["diff64"] for r in rows),
            "max_diff32": max(r["diff32"] for r in rows)}


# --------------------------------------------------------------------------- Network <-> Sequential

#: The torch module for each activation name of :mod:`nnlearn.activations` that has one here.
TORCH_ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu")


def torch_sequential(net: Network, activations: Sequence[str]):
    """A ``torch.nn.Sequential`` computing the same function as ``net``, with its parameters copied.

    ``activations`` names each layer's activation (``"identity"``, ``"sigmoid"``,
    ``"tanh"``, ``"relu"``; one per layer), as the network was built. Layer
    :math:`l` becomes ``Linear(n_{l-1}, n_l)`` with ``weight = W^l.T`` (torch
    stores ``(out, in)``; nnlearn ``(in, out)``) and ``bias = b^l``, followed by
    the activation module (none for ``"identity"``). The dtype is the network's.

    Raises
    ------
    TypeError
        If ``net`` is not a Network.
    ValueError
        If ``activations`` does not name one known activation per layer.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlearn Network, got {type(net).__name__}")
    torch = _torch()
    params = net.parameters()
    n_layers = len(params) // 2
    if isinstance(activations, str) or len(activations) != n_layers:
        raise ValueError(f"activations must name one activation per layer ({n_layers}), got {activations!r}")
    modules = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    dt = _torch_dtype(net.dtype)
    layers = []
    for W, b, act in zip(params[0::2], params[1::2], activations):
        if act not in TORCH_ACTIVATIONS:
            raise ValueError(f"activation must be one of {TORCH_ACTIVATIONS}, got {act!r}")
        linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=dt)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))  # (n_in, n_out) -> (n_out, n_in)
            linear.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(linear)
        if act != "identity":
            layers.append(modules[act]())
    return torch.nn.Sequential(*layers)


def torch_loss(name: str):
    """PyTorch's counterpart of an nnlearn loss on one-hot or real targets ``y``: a function ``(out, y)``."""
    torch = _torch()
    F = torch.nn.functional
    losses = {
        "softmax_ce": lambda z, y: F.cross_entropy(z, y.argmax(dim=1)),
        "mse": F.mse_loss,
        "half_mse": lambda a, y: 0.5 * F.mse_loss(a, y),
        "bce_logits": F.binary_cross_entropy_with_logits,
        "bce": F.binary_cross_entropy,
    }
    if name not in losses:
        raise ValueError(f"loss must be one of {sorted(losses)}, got {name!r}")
    return losses[name]


def parity_table(net: Network, activations: Sequence[str], X, y, loss: str = "softmax_ce") -> list[dict]:
    r"""The largest absolute difference between ``net`` and its copy in PyTorch, quantity by quantity.

    ``y`` are targets as the loss takes them (one-hot rows for ``"softmax_ce"``).
    Returns rows ``{"quantity", "shape", "max_abs_diff", "max_abs_value"}`` for the outputs
    :math:`\hat y`, the loss, and :math:`\partial L/\partial W^l`, :math:`\partial L/\partial b^l`
    of every layer (compared in nnlearn's shape: torch's weight gradient is transposed back).
    """
    torch = _torch()
    X = net.check_input(X)
    y = np.asarray(y, dtype=net.dtype)
    model = torch_sequential(net, activations)
    out = net.forward(X)
    value, grads = net.loss_and_gradients(X, y, loss)

    out_t = model(torch.from_numpy(X))
    loss_t = torch_loss(loss)(out_t, torch.from_numpy(y))
    loss_t.backward()
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]

    def row(quantity, ours, theirs):
        ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
        return {"quantity": quantity, "shape": tuple(ours.shape),
                "max_abs_diff": float(np.max(np.abs(ours - theirs))),
                "max_abs_value": float(np.max(np.abs(ours)))}

    rows = [row("outputs", out, out_t.detach().numpy()), row("loss", value, loss_t.item())]
    for l, (lin, dW, db) in enumerate(zip(linears, grads[0::2], grads[1::2]), start=1):
        rows.append(row(f"dL/dW{l}", dW, lin.weight.grad.numpy().T))
        rows.append(row(f"dL/db{l}", db, lin.bias.grad.numpy()))
    return rows


# --------------------------------------------------------------------------- training both ways

@dataclass(frozen=True)
class TrainingComparison:
    """Loss per step (before each update) of nnlearn and of PyTorch, and their test accuracies."""

    nnlearn: np.ndarray
    torch: np.ndarray
    accuracy_nnlearn: float
    accuracy_torch: float

    @property
    def max_diff(self) -> float:
        """The largest absolute difference of the two loss curves."""
        return float(np.max(np.abs(self.nnlearn - self.torch)))


def train_both(sizes: Sequence[int], activations: Sequence[str], X_train, y_train, X_test, y_test,
               optimizer: str = "gd", eta: float = 0.5, steps: int = 100, seed: int = 0,
               dtype=np.float64) -> TrainingComparison:
    r"""Train the same network with nnlearn and with PyTorch, full batch, from the same initial weights.

    The model is ``Network(sizes)`` with the given per-layer ``activations``
    (the last ``"identity"``: logits for ``"softmax_ce"``), its weights drawn
    from ``seed`` and copied into PyTorch by :func:`torch_sequential`.
    ``optimizer`` is ``"gd"`` (nnlearn's GradientDescent, ``torch.optim.SGD``)
    or ``"adam"`` (nnlearn's Adam, ``torch.optim.Adam``, default betas and eps).
    ``y_train``/``y_test`` are one-hot rows. Returns a :class:`TrainingComparison`.
    """
    if optimizer not in ("gd", "adam"):
        raise ValueError(f"optimizer must be 'gd' or 'adam', got {optimizer!r}")
    torch = _torch()
    *hidden, out_act = activations
    if len(set(hidden)) > 1:
        raise ValueError("this comparison uses one activation for every hidden layer")
    net = Network(sizes, hidden[0] if hidden else out_act, out_act, seed=seed, dtype=dtype)
    model = torch_sequential(net, activations)
    X_train = net.check_input(X_train)
    y_train = np.asarray(y_train, dtype=net.dtype)

    opt = GradientDescent(eta) if optimizer == "gd" else Adam(eta)
    ours = np.empty(steps)
    for t in range(steps):
        ours[t], grads = net.loss_and_gradients(X_train, y_train, "softmax_ce")
        opt.step(net.parameters(), grads)

    opt_t = (torch.optim.SGD if optimizer == "gd" else torch.optim.Adam)(model.parameters(), lr=eta)
    Xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train.argmax(axis=1))
    theirs = np.empty(steps)
    for t in range(steps):
        opt_t.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        opt_t.step()
        theirs[t] = loss.item()

    labels = np.asarray(y_test).argmax(axis=1)
    acc_ours = float(np.mean(net.forward(X_test).argmax(axis=1) == labels))
    with torch.no_grad():
        acc_theirs = float(np.mean(model(torch.from_numpy(net.check_input(X_test))).numpy().argmax(axis=1)
                                   == labels))
    return TrainingComparison(ours, theirs, acc_ours, acc_theirs)


# --------------------------------------------------------------------------- three habits

def forgotten_zero_grad(X, y, sizes: Sequence[int] = (64, 16, 10), eta: float = 0.5, steps: int = 30,
                        seed: int = 0) -> dict:
    r"""What ``optimizer.zero_grad()`` is for: gradients add up in ``.grad`` until it is called.

    Part one: ``loss.backward()`` three times on the same batch, no step in
    between; ``"ratio_after_k"`` holds :math:`\lVert g_k\rVert / \lVert g_1\rVert` for k = 1, 2, 3
    (1, 2, 3: the gradients are summed). Part two: the same SGD training
    (``eta``, ``steps``, full batch, float64, tanh hidden layer, cross-entropy)
    with and without ``zero_grad``: ``"loss_with"`` and ``"loss_without"`` are the
    two loss curves (loss before each step), ``"step_ratio_with"`` and
    ``"step_ratio_without"`` the norm of the ``.grad`` the optimizer used divided by
    the norm of that step's own gradient (always 1 with ``zero_grad``). ``y`` are
    one-hot rows.
    """
    torch = _torch()
    Xt = torch.from_numpy(np.asarray(X, dtype=np.float64))
    yt = torch.from_numpy(np.asarray(y).argmax(axis=1))
    F = torch.nn.functional

    def fresh_model():
        net = Network(list(sizes), "tanh", "identity", seed=seed)
        return torch_sequential(net, ["tanh"] * (len(sizes) - 2) + ["identity"])

    model = fresh_model()
    norms = []
    for _ in range(3):
        F.cross_entropy(model(Xt), yt).backward()
        norms.append(torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters())).item())
    ratios = [n / norms[0] for n in norms]

    curves = {}
    for forget in (False, True):
        model = fresh_model()
        params = list(model.parameters())
        opt = torch.optim.SGD(params, lr=eta)
        losses, step_ratio = [], []
        for _ in range(steps):
            if not forget:
                opt.zero_grad()
            loss = F.cross_entropy(model(Xt), yt)
            fresh = torch.autograd.grad(loss, params, retain_graph=True)  # this step's own gradient
            loss.backward()
            used = torch.sqrt(sum((p.grad ** 2).sum() for p in params))
            step_ratio.append((used / torch.sqrt(sum((g ** 2).sum() for g in fresh))).item())
            opt.step()
            losses.append(loss.item())
        key = "without" if forget else "with"
        curves[f"loss_{key}"] = np.array(losses)
        curves[f"step_ratio_{key}"] = np.array(step_ratio)
    return {"ratio_after_k": ratios, **curves}


def bce_at_extreme_logits(logits: Sequence[float] = (-200.0, -40.0, -20.0, 0.0, 20.0), target: float = 1.0,
                          dtype=np.float32) -> list[dict]:
    r"""``BCELoss(sigmoid(z))`` against ``BCEWithLogitsLoss(z)`` for one example, at each logit ``z``.

    The exact loss for target 1 is :math:`\ln(1 + e^{-z})` and its derivative
    :math:`\sigma(z) - 1`. Sigmoid first rounds :math:`\sigma(z)` to exactly 0 or 1
    once :math:`|z|` is large for the dtype, and ``BCELoss`` then clamps the
    log at -100 (PyTorch's documented clamp), so its loss stops at 100 and
    its gradient is 0; the fused form never forms :math:`\sigma(z)` and stays
    exact. Returns rows ``{"z", "exact", "separate", "fused", "grad_exact",
    "grad_separate", "grad_fused"}`` (floats; the exact values in float64).
    """
    torch, dt = _torch(), _torch_dtype(dtype)
    F = torch.nn.functional
    rows = []
    for z in logits:
        z = float(z)
        zs = torch.tensor([z], dtype=dt, requires_grad=True)
        yt = torch.tensor([float(target)], dtype=dt)
        separate = F.binary_cross_entropy(torch.sigmoid(zs), yt)
        separate.backward()
        zf = torch.tensor([z], dtype=dt, requires_grad=True)
        fused = F.binary_cross_entropy_with_logits(zf, yt)
        fused.backward()
        # exact in float64: y softplus(-z) + (1 - y) softplus(z), derivative sigma(z) - y
        exact = target * np.logaddexp(0.0, -z) + (1 - target) * np.logaddexp(0.0, z)
        sig = 0.5 * (1.0 + np.tanh(0.5 * z))
        rows.append({"z": z, "exact": float(exact), "separate": separate.item(), "fused": fused.item(),
                     "grad_exact": float(sig - target), "grad_separate": zs.grad.item(),
                     "grad_fused": zf.grad.item()})
    return rows


def dropout_train_eval(n: int = 1000, p: float = 0.5, seed: int = 0) -> dict:
    r"""``torch.nn.Dropout(p)`` in training and in evaluation mode, on ``n`` inputs equal to 1.

    In ``train()`` mode each call draws a new mask: a fraction of about ``p``
    of the outputs is 0 and the rest are scaled by :math:`1/(1-p)`. The
    backward pass of that call uses *the same mask* (the gradient is 0
    exactly where the output was 0). In ``eval()`` mode dropout is the
    identity. Returns counts and flags: ``"dropped"`` (fraction zeroed),
    ``"scale"`` (the value of a kept output), ``"same_mask_in_backward"``,
    ``"masks_differ_between_calls"`` (outputs that differ between two calls),
    ``"eval_is_identity"``.
    """
    if not 0 <= p < 1:
        raise ValueError(f"p must be in [0, 1), got {p!r}")
    torch = _torch()
    gen_state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        drop = torch.nn.Dropout(p)
        x = torch.ones(n, dtype=torch.float64, requires_grad=True)
        drop.train()
        out = drop(x)
        out.sum().backward()
        kept_forward = out.detach() != 0
        kept_backward = x.grad != 0
        second = drop(torch.ones(n, dtype=torch.float64))
        drop.eval()
        evaluated = drop(torch.ones(n, dtype=torch.float64))
    finally:
        torch.random.set_rng_state(gen_state)
    return {
        "dropped": float((~kept_forward).double().mean().item()),
        "scale": float(out.detach()[kept_forward][0].item()),
        "grad_of_kept": float(x.grad[kept_backward][0].item()),
        "same_mask_in_backward": bool(torch.equal(kept_forward, kept_backward)),
        "masks_differ_between_calls": int((second != out.detach()).sum().item()),
        "eval_is_identity": bool(torch.equal(evaluated, torch.ones(n, dtype=torch.float64))),
    }


# --------------------------------------------------------------------------- the benchmarks

#: Where ``benchmarks/bench.py`` commits its results, next to the package's ``src/`` in the repository.
BENCHMARK_RESULTS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "results.json"


def load_benchmark_results(path: str | pathlib.Path = BENCHMARK_RESULTS) -> list[dict] | None:
    """The workloads of the committed benchmark results file, or ``None`` if there is none.

    Reads the JSON written by ``benchmarks/bench.py`` and returns every object in
    it that has both an ``"nnlearn"`` and a ``"torch"`` time (seconds), with its
    ``"name"`` and, when present, ``"threads"`` and ``"numpy"``: one dict per
    workload and thread count. A missing file gives ``None`` (the chapter then
    says the results are not there yet); a file that is not valid JSON raises
    ``ValueError``.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from exc
    found: list[dict] = []

    def walk(node, threads=None):
        if isinstance(node, dict):
            threads = node.get("threads", threads)
            if "nnlearn" in node and "torch" in node and all(
                    isinstance(node[k], (int, float)) for k in ("nnlearn", "torch")):
                found.append({"name": str(node.get("name", node.get("workload", "?"))), "threads": threads,
                              "nnlearn": float(node["nnlearn"]), "torch": float(node["torch"]),
                              "numpy": float(node["numpy"]) if isinstance(node.get("numpy"), (int, float))
                              else None})
                return
            for value in node.values():
                walk(value, threads)
        elif isinstance(node, list):
            for value in node:
                walk(value, threads)

    walk(data)
    return found


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A Markdown table from already formatted cells (``align``: one ``l``/``r`` per column, default right)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---" if a == "l" else "---:" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- text for the chapter

def _math(latex: str) -> str:
    return "{math}`" + latex + "`"


#: Differences below ``10**-FLOAT64_FLOOR`` are all shown as "below 10^-12": their digits depend on the
#: BLAS kernel and the CPU, the bound does not.
FLOAT64_FLOOR = 12


def bound_latex(value: float, floor: int = FLOAT64_FLOOR) -> str:
    """The smallest power of ten above ``abs(value)`` as LaTeX (``10^{-7}`` for ``1.2e-8``), but never
    below ``10^{-floor}``: a bound that is the same on every machine, where the digits of a
    rounding-level difference are not."""
    return f"10^{{{bound_exponent(value, floor)}}}"


def bound_markdown(value: float, floor: int = FLOAT64_FLOOR):
    """:func:`bound_latex` as the Markdown role ``{math}`10^{-k}``` for glue."""
    from IPython.display import Markdown
    return Markdown(_math(bound_latex(value, floor)))


def worked_example_table_markdown(result: dict) -> str:
    """The table of :func:`compare_worked_example`: by hand, PyTorch float64, PyTorch float32 (8 decimals),
    and a bound on the float32 difference (the float64 one is given in the text)."""
    from .by_hand import PARAMETER_LATEX, fmt

    def name(n):
        return "$L$" if n == "loss" else rf"$\partial L/\partial {PARAMETER_LATEX[n]}$"
    rows = [[name(r["name"]), fmt(r["by_hand"], 8), fmt(r["torch64"], 8), fmt(r["torch32"], 8),
             _math("< " + bound_latex(r["diff32"]))] for r in result["rows"]]
    return markdown_table(["", "by hand", "PyTorch float64", "PyTorch float32", "float32 − by hand"], rows)


def parity_table_markdown(rows: list[dict]) -> str:
    """The table of :func:`parity_table`: quantity, shape, largest absolute value, and a bound on the
    largest difference (:func:`bound_latex`)."""

    def quantity(q):
        if q.startswith("dL/d"):
            return rf"$\partial L/\partial {q[4]}^{{{q[5:]}}}$"
        return {"outputs": r"outputs $\hat y$", "loss": "loss $L$"}[q]
    body = [[quantity(r["quantity"]), " × ".join(map(str, r["shape"])) or "scalar",
             f"{r['max_abs_value']:.3f}", _math("< " + bound_latex(r["max_abs_diff"]))] for r in rows]
    return markdown_table(["quantity", "shape", "largest value", "largest difference"], body)


def bce_table_markdown(rows: list[dict]) -> str:
    """The table of :func:`bce_at_extreme_logits`, four significant digits ("separate": sigmoid then
    ``BCELoss``; "fused": ``BCEWithLogitsLoss``)."""
    def g(x):
        return "0" if x == 0 else f"{x:.4g}".replace("-", "\u2212")  # 0, never -0
    body = [[g(r["z"]), g(r["exact"]), g(r["separate"]), g(r["fused"]), g(r["grad_exact"]), g(r["grad_separate"]),
             g(r["grad_fused"])] for r in rows]
    return markdown_table(["$z$", "$L$ exact", "$L$ separate", "$L$ fused", r"$\partial L/\partial z$ exact",
                           "separate", "fused"], body)


def benchmark_table_markdown(rows: list[dict] | None) -> str:
    """The workloads of :func:`load_benchmark_results` as a table (times in seconds, 3 decimals), or a
    sentence saying that the results file is missing (``None``) or holds no workload (``[]``)."""
    if rows is None:
        return ("*The benchmark results file (`benchmarks/results.json`) is not part of this version of "
                "the book, so there are no timings to show here; run `make bench` to produce them.*")
    if not rows:
        return ("*The benchmark results file (`benchmarks/results.json`) holds no nnlearn-against-PyTorch "
                "timings yet; run `make bench` to add them.*")
    body = [[r["name"], "" if r["threads"] is None else str(r["threads"]), f"{r['nnlearn']:.3f}",
             f"{r['torch']:.3f}", f"{r['torch'] / r['nnlearn']:.1f}"] for r in rows]
    return markdown_table(["workload", "threads", "nnlearn (s)", "PyTorch (s)", "PyTorch / nnlearn"], body)
