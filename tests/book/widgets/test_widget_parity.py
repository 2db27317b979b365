"""The widgets' JavaScript against nnlearn: Python writes fixtures (random settings -> nnlearn's numbers),
node's test runner runs the JavaScript on them (parity.test.mjs beside this file).

Agreement is to 1e-12 relative in float64, except on chaotic settings: a gradient-descent path that
amplifies the last bits would be compared only over the steps where nnlearn itself agrees, to 1e-10, with a
run started 1e-13 away (its predictable horizon). Such settings are found by that experiment, never listed
by hand, and named in the output. On these widgets' ranges the experiment finds none: a path stops as
soon as its loss passes 1000 times its start (nnlearn.descent.DIVERGENCE_FACTOR), which bounds how far the
last bits can grow, so even the diverging runs agree to 1e-12 up to the step where they stop. A small MLP (mlp.js, for the widgets
that train): one forward and backward pass agrees to 1e-12; during gradient-descent training the losses agree
to 1e-12 per step taken (the summation orders differ from NumPy's BLAS, so rounding differences add up),
over nnlearn's predictable horizon, with the shortened runs named.
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from nnlearn.book.widgets import format_value
from nnlearn.book.widgets.controls import describe
from nnlearn.chapters.descent.widget import CONTROLS as DESCENT_CONTROLS
from nnlearn.chapters.descent.widget import DescentWidget, descent_summary
from nnlearn.chapters.perceptron.widget import CONTROLS as PERCEPTRON_CONTROLS
from nnlearn.chapters.perceptron.widget import PerceptronWidget, perceptron_summary
from nnlearn.descent import PROBLEMS, descend, loss_surface
from nnlearn.perceptron import perceptron_view

HERE = pathlib.Path(__file__).resolve().parent
NODE = shutil.which("node")
RNG_SEED = 20261207


def _slider_value(control, rng) -> float:
    return control.value(int(rng.integers(0, control.count)))


def perceptron_fixtures(rng) -> list[dict]:
    cases = []
    gates = list(PERCEPTRON_CONTROLS[3].values)
    for k in range(300):
        if k < 200:  # positions the sliders offer
            w1, w2, b = (_slider_value(c, rng) for c in PERCEPTRON_CONTROLS[:3])
        else:  # any float, and exact zeros (no line)
            w1, w2, b = rng.normal(0, 2, 3).tolist()
            if k % 10 == 0:
                w1 = w2 = 0.0
        gate = gates[k % len(gates)]
        view = perceptron_view(w1, w2, b, gate)
        cases.append({"w1": w1, "w2": w2, "b": b, "gate": gate, "z": view.z.tolist(),
                      "yHat": view.y_hat.tolist(), "nMistakes": view.n_mistakes,
                      "summary": perceptron_summary(w1, w2, b, gate)})
    return cases


def _horizon(path, other) -> int:
    """How many first points of two paths agree to 1e-10 relative (both params and losses)."""
    n = min(len(path.losses), len(other.losses))
    for t in range(n):
        scale = max(1.0, float(np.abs(path.params[: t + 1]).max()))
        if (abs(path.losses[t] - other.losses[t]) > 1e-10 * max(1.0, abs(path.losses[t]))
                or np.abs(path.params[t] - other.params[t]).max() > 1e-10 * scale):
            return t
    return n


def descent_fixtures(rng) -> list[dict]:
    problem_c, eta_c, steps_c = DESCENT_CONTROLS
    cases = []
    for k in range(60):
        problem = problem_c.values[k % 3]
        eta = _slider_value(eta_c, rng) if k % 5 else float(rng.choice([0.01, 0.12, 0.29, 0.35]))
        steps = int(_slider_value(steps_c, rng)) if k % 4 else 200
        p = PROBLEMS[problem]
        path = descend(p, eta, steps)
        nudged = descend(p, eta, steps, start=(p.start[0] * (1 + 1e-13), p.start[1]))
        horizon = _horizon(path, nudged)
        chaotic = horizon < len(path.losses) or nudged.diverged_at != path.diverged_at
        cases.append({"problem": problem, "eta": eta, "steps": steps, "params": path.params.tolist(),
                      "losses": [x if math.isfinite(x) else None for x in path.losses.tolist()],
                      "divergedAt": path.diverged_at, "summary": descent_summary(problem, eta, steps),
                      "chaotic": chaotic, "horizon": horizon})
    return cases


def surface_fixtures() -> dict:
    out = {}
    for name in PROBLEMS:
        s = loss_surface(name)
        out[name] = {"w": s.w.tolist(), "b": s.b.tolist(), "L": s.L.ravel().tolist()}
    return out


def gradient_fixtures(rng) -> list[dict]:
    cases = []
    for name, p in PROBLEMS.items():
        for _ in range(20):
            w = float(rng.uniform(*p.w_range)) * (1 if rng.random() < 0.8 else 30)
            b = float(rng.uniform(*p.b_range))
            g = p.gradient_at(w, b)
            cases.append({"problem": name, "w": w, "b": b, "loss": p.loss_at(w, b), "dW": float(g[0]), "db": float(g[1])})
    return cases


def format_fixtures(rng) -> list[dict]:
    xs = [0.0, -0.0, 1.0, -1.5, 0.1, 0.12, 1e-4, 9.999e-5, 1e-5, 123456.0, 1e16, 1e17, 2.5e-7, 0.0005,
          9.995, 99.95, 0.000123456, math.inf, -math.inf]
    xs += (rng.normal(0, 1, 200) * 10.0 ** rng.integers(-8, 9, 200)).tolist()
    return [{"x": x if math.isfinite(x) else ("inf" if x > 0 else "-inf"), "repr": repr(x), "g3": f"{x:.3g}",
             "g5": f"{x:.5g}", "value": format_value(x) if math.isfinite(x) else None,
             "f2": format_value(x, ".2f") if math.isfinite(x) and abs(x) < 1e15 else None} for x in xs]


#: Networks of the kinds chapters 5 and 6 train: (sizes, hidden activation, output activation, loss).
MLP_KINDS = [([2, 2, 1], "sigmoid", "sigmoid", "half_mse"), ([2, 4, 1], "sigmoid", "identity", "bce_logits"),
             ([2, 8, 8, 1], "tanh", "sigmoid", "bce"), ([2, 6, 1], "relu", "sigmoid", "mse"),
             ([16, 12, 12, 4], "relu", "identity", "softmax_ce"), ([8, 6, 6, 6, 3], "sigmoid", "identity", "softmax_ce")]


def by_hand_fixtures(rng) -> list[dict]:
    from nnlearn.by_hand import backprop_by_hand
    from nnlearn.chapters.by_hand.widget import CONTROLS as BY_HAND_CONTROLS
    from nnlearn.chapters.by_hand.widget import by_hand_summary

    cases = []
    for k in range(200):
        values = {c.name: _slider_value(c, rng) for c in BY_HAND_CONTROLS}
        r = backprop_by_hand(**values)
        cases.append({"values": values, "forward": [r.forward.z1, r.forward.a1, r.forward.z2, r.forward.y_hat, r.forward.loss],
                      "gradients": [r.gradients[n] for n in ("w11", "w12", "b1", "w2", "b2")],
                      "new": [row.new for row in r.update], "newLoss": r.new_forward.loss,
                      "summary": by_hand_summary(**values)})
    return cases


def backprop_fixtures() -> dict:
    from dataclasses import asdict

    from nnlearn.backprop_general import N_STEPS, step_frame
    from nnlearn.chapters.backprop.widget import BackpropWidget

    frames = []
    for step in range(N_STEPS):
        f = step_frame(step)
        frames.append({"title": f.title, "summary": f.summary, "loss": [list(x) for x in f.loss],
                       "nodes": [{**asdict(n), "text": list(n.text)} for n in f.nodes],
                       "edges": [{**asdict(e), "text": [list(t) for t in e.text]} for e in f.edges]})
    return {"example": BackpropWidget().data()["example"], "frames": frames}


def _gd_losses(net, X, y, loss, eta, steps) -> list[float]:
    from nnlearn.optim import GradientDescent

    opt, losses = GradientDescent(eta), []
    for _ in range(steps):
        value, grads = net.loss_and_gradients(X, y, loss)
        losses.append(value)
        opt.step(net.parameters(), grads)
    return losses


def mlp_fixtures(rng) -> list[dict]:
    from nnlearn.network import Network

    cases = []
    for k in range(24):
        sizes, hidden, output, loss = MLP_KINDS[k % len(MLP_KINDS)]
        seed = int(rng.integers(0, 1000))
        n = int(rng.integers(4, 40))
        X = rng.normal(0, 1.5, (n, sizes[0]))
        if loss == "softmax_ce":
            Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
        else:
            Y = rng.integers(0, 2, (n, 1)).astype(float)
        net = Network(sizes, hidden, output, seed=seed)
        layers = [{"W": layer.W.tolist(), "b": layer.b.tolist(), "activation": layer.activation.name}
                  for layer in net.layers]
        y_hat = net.forward(X)
        value, grads = net.loss_and_gradients(X, Y, loss)
        eta = float(rng.choice([0.1, 0.5, 2.0, 8.0]))
        losses = _gd_losses(Network(sizes, hidden, output, seed=seed), X, Y, loss, eta, 60)
        nudged_net = Network(sizes, hidden, output, seed=seed)
        nudged_net.layers[0].W[0, 0] *= 1 + 1e-13
        nudged = _gd_losses(nudged_net, X, Y, loss, eta, 60)
        horizon = next((t for t, (a, b) in enumerate(zip(losses, nudged))
                        if abs(a - b) > 1e-10 * max(1.0, abs(a))), len(losses))
        cases.append({"layers": layers, "X": X.tolist(), "Y": Y.tolist(), "loss": loss, "yHat": y_hat.tolist(),
                      "value": value, "grads": [g.ravel().tolist() for g in grads], "eta": eta,
                      "losses": losses, "horizon": horizon, "kind": f"{sizes} {hidden}/{output} {loss}"})
    return cases


def control_fixtures() -> list[dict]:
    out = []
    from nnlearn.chapters.by_hand.widget import CONTROLS as BY_HAND_CONTROLS

    for control in (*PERCEPTRON_CONTROLS, *DESCENT_CONTROLS, *BY_HAND_CONTROLS):
        if hasattr(control, "count"):
            values = [control.value(i) for i in range(control.count)]
            out.append({"declaration": control.to_js(), "values": values,
                        "described": [describe(control, v) for v in values]})
        else:
            out.append({"declaration": control.to_js(), "values": list(control.values),
                        "described": [describe(control, v) for v in control.values]})
    return out


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> pathlib.Path:
    rng = np.random.default_rng(RNG_SEED)
    data = {
        "perceptron": {"gates": PerceptronWidget().data()["gates"], "cases": perceptron_fixtures(rng)},
        "descent": {"problems": DescentWidget().data()["problems"], "cases": descent_fixtures(rng),
                    "surfaces": surface_fixtures(), "gradients": gradient_fixtures(rng)},
        "mlp": mlp_fixtures(rng),
        "byHand": by_hand_fixtures(rng),
        "backprop": backprop_fixtures(),
        "format": format_fixtures(rng),
        "controls": control_fixtures(),
    }
    path = tmp_path_factory.mktemp("parity") / "fixtures.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_fixtures_cover_diverging_paths_and_name_any_chaotic_setting(fixtures):
    """The fixtures hold diverging runs (the hardest to match), and the tolerance is loosened only where
    nnlearn itself cannot predict the path: never for a path at a rate below the chapter's "too large"."""
    cases = json.loads(fixtures.read_text())["descent"]["cases"]
    diverged = [c for c in cases if c["divergedAt"] is not None]
    chaotic = [(c["problem"], c["eta"], c["steps"], c["horizon"]) for c in cases if c["chaotic"]]
    print(f"{len(diverged)} of {len(cases)} descent settings diverge; chaotic (problem, eta, steps, horizon): {chaotic}")
    assert len(diverged) >= 5
    assert all(eta >= 0.29 for _, eta, _, _ in chaotic), chaotic


def test_the_javascript_computes_what_nnlearn_computes(fixtures):
    if NODE is None:
        pytest.fail("node is not installed: the widgets' JavaScript cannot be checked (Debian: apt-get install nodejs)")
    result = subprocess.run([NODE, "--test", "--test-reporter=spec", str(HERE / "parity.test.mjs")],
                            env={**os.environ, "NN_PARITY_FIXTURES": str(fixtures)},
                            capture_output=True, text=True, timeout=300)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
