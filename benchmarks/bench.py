"""Benchmarks of nnlearn against the same model as a raw inline NumPy loop and as PyTorch on the CPU.

Run from the repository root (see benchmarks/README.md for the exact command used):

    .venv/bin/python benchmarks/bench.py [--repeats 5] [--threads 2] [--quick]

Every workload starts the three implementations from the same initial weights on the
same data and runs the same number of steps; before timing, the script checks that the
three give the same loss history (so they really do the same work). Each time is the
median of ``--repeats`` runs after one warm-up run; ratios are taken in the same run.
numpy's BLAS and torch use the same number of threads (``--threads``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import threadpoolctl
import torch
import torch.nn.functional as F

from nnlearn.batched import NetworkBatch, train_batch
from nnlearn.data import logic_gate
from nnlearn.gradcheck import numerical_gradients
from nnlearn.losses import get_loss
from nnlearn.network import Network
from nnlearn.optim import GradientDescent
from nnlearn.train import train


# ----------------------------------------------------------------------------- timing
def median_time(fn, repeats: int) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def assert_same_losses(runs, rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """Run each implementation once and require the same loss at every step, so the timings compare equal work."""
    histories = [np.asarray(run()) for run in runs]
    for h in histories[1:]:
        np.testing.assert_allclose(histories[0], h, rtol=rtol, atol=atol)


def interleaved_times(fns: dict, repeats: int) -> dict:
    """Median wall time of each function, timed in turns (a, b, c, a, b, c, ...) after one warm-up each.

    Taking turns spreads any load from other processes over all the
    implementations alike, so their ratios stay fair on a shared machine.
    """
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def wall_and_cpu(fn) -> tuple[float, float]:
    """Wall time and CPU time of this process (all threads) for one call of ``fn``."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - start_cpu


def interleaved_wall_and_cpu(fns: dict, repeats: int) -> tuple[dict, dict]:
    """Like :func:`interleaved_times`, and also the median CPU time of the process for each function.

    On a shared machine the wall time includes waiting for a core; the CPU time
    does not, so it says what the work costs when the machine is idle.
    """
    for fn in fns.values():
        fn()
    wall = {name: [] for name in fns}
    cpu = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            w, c = wall_and_cpu(fn)
            wall[name].append(w)
            cpu[name].append(c)
    return ({name: statistics.median(t) for name, t in wall.items()},
            {name: statistics.median(t) for name, t in cpu.items()})


def torch_params(params, dtype):
    return [torch.tensor(p, dtype=dtype, requires_grad=True) for p in params]


# ----------------------------------------------------------------------------- 1. XOR
def xor_workload(repeats: int, steps: int = 5000, eta: float = 2.0) -> dict:
    """XOR, 2 -> 4 -> 1 sigmoid, mean squared error, full batch, float64."""
    X, y = logic_gate("XOR")
    Y = y[:, None]
    start = Network([2, 4, 1], "sigmoid", seed=1).parameters()

    def run_nnlearn():
        net = Network([2, 4, 1], "sigmoid").set_parameters(start)
        return train(net, X, y, "mse", optimizer=GradientDescent(eta), epochs=steps).loss

    def run_numpy():
        W1, b1, W2, b2 = (p.copy() for p in start)
        losses = []
        for _ in range(steps):
            a1 = 1.0 / (1.0 + np.exp(-(X @ W1 + b1)))
            a2 = 1.0 / (1.0 + np.exp(-(a1 @ W2 + b2)))
            diff = a2 - Y
            losses.append(float(np.mean(diff * diff)))
            d2 = (2.0 / diff.size) * diff * a2 * (1.0 - a2)
            d1 = (d2 @ W2.T) * a1 * (1.0 - a1)
            W2 -= eta * (a1.T @ d2)
            b2 -= eta * d2.sum(axis=0)
            W1 -= eta * (X.T @ d1)
            b1 -= eta * d1.sum(axis=0)
        return losses

    Xt, Yt = torch.tensor(X), torch.tensor(Y)

    def run_torch():
        W1, b1, W2, b2 = params = torch_params(start, torch.float64)
        opt = torch.optim.SGD(params, lr=eta)
        losses = []
        for _ in range(steps):
            out = torch.sigmoid(torch.sigmoid(Xt @ W1 + b1) @ W2 + b2)
            loss = F.mse_loss(out, Yt)
            losses.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
        return losses

    assert_same_losses((run_nnlearn, run_numpy, run_torch))
    return {"name": f"XOR 2-4-1 sigmoid, {steps} full-batch epochs, float64",
            **interleaved_times({"nnlearn": run_nnlearn, "numpy": run_numpy, "torch": run_torch}, repeats)}


# ----------------------------------------------------------------------------- 2. MLP
def mlp_data(n: int, seed: int = 0):
    """Synthetic 784-dimensional inputs labelled by a random linear teacher (10 classes), float32."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, 784)).astype(np.float32)
    labels = np.argmax(X @ rng.normal(0.0, 1.0, (784, 10)), axis=1)
    return X, labels


def mlp_flops(batch: int, sizes=(784, 128, 10)) -> float:
    """Multiply-adds x 2 of the matrix products in one training step (the elementwise work is not counted).

    Forward a @ W for each layer, backward dW = a^T delta for each layer, and
    dL/da = delta W^T for every layer but the first (dL/da^0 is never needed).
    """
    products = [n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return 2.0 * batch * (2 * sum(products) + sum(products[1:]))


def mlp_workload(repeats: int, steps: int = 200, batch: int = 256, epochs: int = 4, eta: float = 0.05) -> dict:
    """784 -> 128 (ReLU) -> 10 (softmax cross-entropy), mini-batches of 256, float32."""
    n = steps // epochs * batch
    X, labels = mlp_data(n)
    one_hot = np.eye(10, dtype=np.float32)[labels]
    start = Network([784, 128, 10], "relu", "identity", init="he", seed=2, dtype=np.float32).parameters()
    # the shuffled order of each epoch, drawn exactly as nnlearn.train draws it
    rng = np.random.default_rng(0)
    orders = [rng.permutation(n) for _ in range(epochs)]

    def run_nnlearn():
        net = Network([784, 128, 10], "relu", "identity", dtype=np.float32).set_parameters(start)
        return train(net, X, labels, "softmax_ce", optimizer=GradientDescent(eta), epochs=epochs,
                     batch_size=batch, seed=0, epoch_loss=False).loss

    def run_numpy():
        W1, b1, W2, b2 = (p.copy() for p in start)
        losses = []
        for order in orders:
            for s in range(0, n, batch):
                idx = order[s:s + batch]
                xb, yb = X[idx], one_hot[idx]
                z1 = xb @ W1 + b1
                a1 = np.maximum(z1, 0.0)
                z2 = a1 @ W2 + b2
                shifted = z2 - z2.max(axis=1, keepdims=True)
                e = np.exp(shifted)
                total = e.sum(axis=1, keepdims=True)
                losses.append(-float((yb * (shifted - np.log(total))).sum()) / batch)
                d2 = (e / total - yb) / batch
                d1 = (d2 @ W2.T) * (z1 > 0)
                W2 -= eta * (a1.T @ d2)
                b2 -= eta * d2.sum(axis=0)
                W1 -= eta * (xb.T @ d1)
                b1 -= eta * d1.sum(axis=0)
        return losses

    Xt, Lt = torch.from_numpy(X), torch.from_numpy(labels)
    torch_orders = [torch.from_numpy(order) for order in orders]

    def run_torch():
        W1, b1, W2, b2 = params = torch_params(start, torch.float32)
        opt = torch.optim.SGD(params, lr=eta)
        losses = []
        for order in torch_orders:
            for s in range(0, n, batch):
                idx = order[s:s + batch]
                z2 = torch.relu(Xt[idx] @ W1 + b1) @ W2 + b2
                loss = F.cross_entropy(z2, Lt[idx])
                losses.append(loss.item())
                opt.zero_grad()
                loss.backward()
                opt.step()
        return losses

    assert len(run_nnlearn()) == steps
    assert_same_losses((run_nnlearn, run_numpy, run_torch), rtol=2e-4, atol=1e-5)  # float32 rounding

    # the matmul peaks are timed in turns with the three trainings, so that all see the same machine
    peak_same, peak_square = matmul_peak_functions(batch, steps)
    times = interleaved_times({"nnlearn": run_nnlearn, "numpy": run_numpy, "torch": run_torch,
                               "peak_same": peak_same, "peak_square": peak_square}, repeats)
    flops = steps * mlp_flops(batch)
    result = {"name": f"MLP 784-128-10 ReLU/softmax-CE, batch {batch}, {steps} steps, float32",
              **{k: times[k] for k in ("nnlearn", "numpy", "torch")}}
    result["gflops"] = {k: flops / times[k] / 1e9 for k in ("nnlearn", "numpy", "torch")}
    result["peak"] = {"same_shapes": flops / times["peak_same"] / 1e9,
                      "square_2048": 2.0 * 2048**3 / times["peak_square"] / 1e9}
    return result


def matmul_peak_functions(batch: int, steps: int):
    """Two float32 matmul workloads that measure the machine's peak: the MLP step's own five
    products (same shapes, preallocated operands) ``steps`` times, and one 2048x2048 product."""
    rng = np.random.default_rng(3)
    f32 = np.float32
    xb, W1 = rng.normal(size=(batch, 784)).astype(f32), rng.normal(size=(784, 128)).astype(f32)
    a1, W2 = rng.normal(size=(batch, 128)).astype(f32), rng.normal(size=(128, 10)).astype(f32)
    d1, d2 = rng.normal(size=(batch, 128)).astype(f32), rng.normal(size=(batch, 10)).astype(f32)
    big = rng.normal(size=(2048, 2048)).astype(f32)

    def step_products():
        for _ in range(steps):
            xb @ W1, a1 @ W2, a1.T @ d2, d2 @ W2.T, xb.T @ d1

    return step_products, lambda: big @ big


# ----------------------------------------------------------------------------- 3. deep sigmoid net
def deep_workload(repeats: int, steps: int = 200, n: int = 256, eta: float = 0.5) -> dict:
    """A 10-layer, 64-wide sigmoid network ([64]*10 + [1]), full batch of 256, mean squared error, float64."""
    sizes = [64] * 10 + [1]
    rng = np.random.default_rng(4)
    X = rng.normal(0.0, 1.0, (n, 64))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    Y = y[:, None]
    start = Network(sizes, "sigmoid", seed=5).parameters()

    def run_nnlearn():
        net = Network(sizes, "sigmoid").set_parameters(start)
        return train(net, X, y, "mse", optimizer=GradientDescent(eta), epochs=steps).loss

    def run_numpy():
        params = [p.copy() for p in start]
        Ws, bs = params[0::2], params[1::2]
        losses = []
        for _ in range(steps):
            activations = [X]
            for W, b in zip(Ws, bs):
                activations.append(1.0 / (1.0 + np.exp(-(activations[-1] @ W + b))))
            diff = activations[-1] - Y
            losses.append(float(np.mean(diff * diff)))
            grad_a = (2.0 / diff.size) * diff
            for l in range(len(Ws) - 1, -1, -1):
                a = activations[l + 1]
                delta = grad_a * a * (1.0 - a)
                if l > 0:
                    grad_a = delta @ Ws[l].T
                Ws[l] -= eta * (activations[l].T @ delta)
                bs[l] -= eta * delta.sum(axis=0)
        return losses

    Xt, Yt = torch.tensor(X), torch.tensor(Y)

    def run_torch():
        params = torch_params(start, torch.float64)
        opt = torch.optim.SGD(params, lr=eta)
        losses = []
        for _ in range(steps):
            a = Xt
            for W, b in zip(params[0::2], params[1::2]):
                a = torch.sigmoid(a @ W + b)
            loss = F.mse_loss(a, Yt)
            losses.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
        return losses

    assert_same_losses((run_nnlearn, run_numpy, run_torch))
    return {"name": f"10-layer 64-wide sigmoid, batch {n}, {steps} full-batch steps, float64",
            **interleaved_times({"nnlearn": run_nnlearn, "numpy": run_numpy, "torch": run_torch}, repeats)}


# ----------------------------------------------------------------------------- 4. backprop vs finite differences
def scaling_workload(repeats: int, quick: bool = False) -> list[dict]:
    """Time of one gradient by backpropagation and by central differences, as the parameter count grows.

    Networks [10, h, 1] (tanh hidden layer, identity output, mean squared error) on 64
    examples, float64, with h chosen for about 10, 100, ..., 100,000 parameters.
    Central differences take two forward passes per parameter: up to 1,000 parameters
    they are timed whole (nnlearn.gradcheck.numerical_gradients); beyond, the same two
    passes are timed for a sample of 100 parameters and the time is multiplied by the
    parameter count (extrapolated, and marked so).
    """
    rng = np.random.default_rng(6)
    X = rng.normal(0.0, 1.0, (64, 10))
    y = rng.normal(0.0, 1.0, 64)
    loss = get_loss("mse")
    rows = []
    widths = [1, 8, 83, 833] if quick else [1, 8, 83, 833, 8333]
    for h in widths:
        net = Network([10, h, 1], "tanh", "identity", seed=7)
        Y = y[:, None]
        P = net.n_parameters

        def forward():
            return loss.forward(net._forward(X), Y)

        def backprop():
            y_hat = net._forward(X)
            loss.forward(y_hat, Y)
            net.backward(loss.backward(y_hat, Y))

        times = interleaved_times({"forward": forward, "backprop": backprop}, repeats)
        t_forward, t_backprop = times["forward"], times["backprop"]
        if P <= 1000:
            t_fd = median_time(lambda: numerical_gradients(net, X, y, "mse"), max(1, repeats // 2))
            extrapolated = False
        else:
            t_fd = sampled_differences_time(net, forward, rng, repeats)
            extrapolated = True
        rows.append({"P": P, "forward": t_forward, "backprop": t_backprop, "fd": t_fd,
                     "extrapolated": extrapolated})
    return rows


def sampled_differences_time(net, forward, rng, repeats: int, sample: int = 100) -> float:
    """Seconds for central differences over every parameter of ``net``, extrapolated from ``sample``
    weights of its first layer drawn with ``rng``: two ``forward()`` calls per weight, the median of
    ``repeats`` timed runs, times ``net.n_parameters / sample``."""
    flat = net.layers[0].W.reshape(-1)
    idx = rng.choice(flat.size, sample, replace=False)

    def some_differences():
        for i in idx:
            old = flat[i]
            flat[i] = old + 1e-6
            up = forward()
            flat[i] = old - 1e-6
            down = forward()
            flat[i] = old
            (up - down) / 2e-6

    return median_time(some_differences, repeats) / sample * net.n_parameters


# ----------------------------------------------------------------------------- 5. many networks at once
MANY_CONFIGS = (([2, 2, 1], "half_mse"), ([2, 2, 1], "bce"), ([2, 4, 1], "half_mse"), ([2, 4, 1], "bce"))


def many_xor_workload(repeats: int, seeds: int = 100, epochs: int = 5000, eta: float = 1.0,
                      loop_sample: int = 10, torch_sample: int = 2, vmap: bool = True) -> dict:
    """400 XOR runs: 2-2-1 and 2-4-1 sigmoid nets, half-MSE and BCE, ``seeds`` seeds each, full batch.

    nnlearn batched (``nnlearn.batched.train_batch``, one call per configuration) is
    timed whole. The loops over runs (nnlearn ``train`` and PyTorch) are timed on the
    first ``loop_sample`` / ``torch_sample`` seeds of every configuration and scaled
    to all ``seeds`` (each run costs the same: same shapes, same number of steps).
    ``torch.func.vmap`` over the seeds is timed whole, once per configuration.
    """
    X, y = logic_gate("XOR")
    Y = y[:, None]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    seed_list = list(range(seeds))

    def batched():
        out = []
        for sizes, loss in MANY_CONFIGS:
            batch = NetworkBatch.from_seeds(sizes, seed_list, "sigmoid")
            out.append(train_batch(batch, X, y, loss, eta=eta, epochs=epochs).loss)
        return out

    def looped(n_seeds):
        out = []
        for sizes, loss in MANY_CONFIGS:
            out.append(np.array([train(Network(sizes, "sigmoid", seed=s), X, y, loss, "gd", eta=eta,
                                       epochs=epochs).loss for s in seed_list[:n_seeds]]))
        return out

    def torch_loss(out, loss):
        return 0.5 * F.mse_loss(out, Yt) if loss == "half_mse" else F.binary_cross_entropy(out, Yt)

    def torch_looped(n_seeds):
        out = []
        for sizes, loss in MANY_CONFIGS:
            runs = []
            for s in seed_list[:n_seeds]:
                W1, b1, W2, b2 = params = torch_params(Network(sizes, "sigmoid", seed=s).parameters(), torch.float64)
                opt = torch.optim.SGD(params, lr=eta)
                losses = []
                for _ in range(epochs):
                    value = torch_loss(torch.sigmoid(torch.sigmoid(Xt @ W1 + b1) @ W2 + b2), loss)
                    losses.append(value.item())
                    opt.zero_grad()
                    value.backward()
                    opt.step()
                runs.append(losses)
            out.append(np.array(runs))
        return out

    def torch_vmapped():
        from torch.func import grad_and_value, vmap as tvmap
        out = []
        for sizes, loss in MANY_CONFIGS:
            nets = [Network(sizes, "sigmoid", seed=s).parameters() for s in seed_list]
            params = [torch.tensor(np.stack([p[i] for p in nets])) for i in range(4)]

            def one(W1, b1, W2, b2):
                return torch_loss(torch.sigmoid(torch.sigmoid(Xt @ W1 + b1) @ W2 + b2), loss)

            step = tvmap(grad_and_value(one, argnums=(0, 1, 2, 3)))
            losses = torch.empty(seeds, epochs, dtype=torch.float64)
            for t in range(epochs):
                grads, value = step(*params)
                losses[:, t] = value
                params = [p - eta * g for p, g in zip(params, grads)]
            out.append(losses.numpy())
        return out

    # the same work: every implementation gives the same loss at every step of the sampled runs
    reference = batched()
    for got in (looped(2), torch_looped(1)):
        for ref, g in zip(reference, got):
            np.testing.assert_allclose(g, ref[:len(g)], rtol=1e-9, atol=1e-12)
    for ref, b in zip(reference, looped(2)):  # batched equals separate runs to 1e-12
        np.testing.assert_allclose(b, ref[:2], rtol=0, atol=1e-12)
    vmap_error = None
    if vmap:
        try:
            for ref, g in zip(reference, torch_vmapped()):
                np.testing.assert_allclose(g, ref, rtol=1e-9, atol=1e-12)
        except Exception as exc:  # report, do not fail: vmap is an optional comparison
            vmap_error = f"{type(exc).__name__}: {exc}"[:200]

    n_runs = seeds * len(MANY_CONFIGS)
    fns = {"batched": batched, "looped_sample": lambda: looped(loop_sample)}
    times, cpu = interleaved_wall_and_cpu(fns, repeats)
    times["torch_sample"], cpu["torch_sample"] = wall_and_cpu(lambda: torch_looped(torch_sample))
    if vmap and vmap_error is None:
        times["torch_vmap"], cpu["torch_vmap"] = wall_and_cpu(torch_vmapped)
    result = {
        "name": f"{n_runs} XOR runs (2-2-1 and 2-4-1 sigmoid; half-MSE and BCE; {seeds} seeds each), "
                f"{epochs} full-batch epochs, eta={eta}, float64",
        "runs": n_runs, "epochs": epochs,
        "nnlearn_batched_s": times["batched"],
        "nnlearn_looped_s": times["looped_sample"] * seeds / loop_sample,
        "nnlearn_looped_sampled_runs": loop_sample * len(MANY_CONFIGS),
        "torch_looped_s": times["torch_sample"] * seeds / torch_sample,
        "torch_looped_sampled_runs": torch_sample * len(MANY_CONFIGS),
        "torch_vmap_s": times.get("torch_vmap"),
        "torch_vmap_error": vmap_error,
        "cpu_s": {"nnlearn_batched": cpu["batched"], "nnlearn_looped": cpu["looped_sample"] * seeds / loop_sample,
                  "torch_looped": cpu["torch_sample"] * seeds / torch_sample, "torch_vmap": cpu.get("torch_vmap")},
    }
    result["looped_over_batched"] = result["nnlearn_looped_s"] / result["nnlearn_batched_s"]
    result["torch_looped_over_batched"] = result["torch_looped_s"] / result["nnlearn_batched_s"]
    if result["torch_vmap_s"] is not None:
        result["torch_vmap_over_batched"] = result["torch_vmap_s"] / result["nnlearn_batched_s"]
    return result


def print_many(r: dict) -> None:
    cpu = r["cpu_s"]
    print(f"\nMany networks at once: {r['name']}\n")
    print("| implementation | wall time (s) | CPU time (s) | wall / nnlearn batched | how timed |")
    print("|---|---:|---:|---:|---|")
    print(f"| nnlearn batched (`train_batch`, one call per configuration) | {r['nnlearn_batched_s']:.2f} | "
          f"{cpu['nnlearn_batched']:.2f} | 1 | all {r['runs']} runs |")
    print(f"| nnlearn looped (`train`, one run at a time) | {r['nnlearn_looped_s']:.1f} | {cpu['nnlearn_looped']:.1f} | "
          f"{r['looped_over_batched']:.0f} | {r['nnlearn_looped_sampled_runs']} runs, scaled to {r['runs']} |")
    print(f"| PyTorch looped (autograd + `optim.SGD`) | {r['torch_looped_s']:.0f} | {cpu['torch_looped']:.0f} | "
          f"{r['torch_looped_over_batched']:.0f} | {r['torch_looped_sampled_runs']} runs, scaled to {r['runs']} |")
    if r["torch_vmap_s"] is not None:
        print(f"| PyTorch `torch.func.vmap` over the runs | {r['torch_vmap_s']:.1f} | {cpu['torch_vmap']:.1f} | "
              f"{r['torch_vmap_over_batched']:.1f} | all {r['runs']} runs, once |")
    else:
        print(f"| PyTorch `torch.func.vmap` | - | - | did not run: {r['torch_vmap_error']} |")


# ----------------------------------------------------------------------------- 5. chapter 4: the cost of one gradient
def gradient_cost_workload(repeats: int, quick: bool = False) -> list[dict]:
    """Chapter 4's measurement: one gradient by backpropagation and by central differences, from
    about 10 to about 1,000,000 parameters, saved to results.json for the chapter to read.

    The same family as :func:`scaling_workload` (``[10, h, 1]``, tanh hidden layer, identity output,
    mean squared error, 64 examples, float64), extended to one million parameters because that is
    where chapter 4 checks a claim. Per size: ``forward`` (one forward pass with the loss),
    ``backprop`` (forward and backward pass: every gradient), both timed in turns; ``fd`` (central
    differences, two forward passes per parameter): timed whole with
    ``nnlearn.gradcheck.numerical_gradients`` up to 1,000 parameters, beyond that timed on a sample
    of 100 parameters and multiplied by the parameter count (``extrapolated``: true).
    """
    rng = np.random.default_rng(8)
    X = rng.normal(0.0, 1.0, (64, 10))
    y = rng.normal(0.0, 1.0, 64)
    Y = y[:, None]
    loss = get_loss("mse")
    rows = []
    widths = [1, 8, 83, 833] if quick else [1, 8, 83, 833, 8333, 83333]
    for h in widths:
        net = Network([10, h, 1], "tanh", "identity", seed=9)
        P = net.n_parameters

        def forward():
            return loss.forward(net._forward(X), Y)

        def backprop():
            y_hat = net._forward(X)
            loss.forward(y_hat, Y)
            net.backward(loss.backward(y_hat, Y))

        times = interleaved_times({"forward": forward, "backprop": backprop}, repeats)
        if P <= 1000:
            t_fd = median_time(lambda: numerical_gradients(net, X, y, "mse", eps=1e-6, order=2), max(1, repeats // 2))
            extrapolated = False
        else:
            t_fd = sampled_differences_time(net, forward, rng, repeats)
            extrapolated = True
        rows.append({"P": P, "h": h, "forward": times["forward"], "backprop": times["backprop"], "fd": t_fd,
                     "extrapolated": extrapolated})
    return rows


def print_gradient_cost(rows: list[dict]) -> None:
    print("\nChapter 4, one gradient ([10, h, 1] tanh, 64 examples, float64), saved to results.json:\n")
    print("| parameters | forward (ms) | backprop (ms) | backprop / forward | central differences (s) "
          "| differences / backprop |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        mark = " (extrapolated)" if row["extrapolated"] else ""
        print(f"| {row['P']:,} | {1e3 * row['forward']:.3f} | {1e3 * row['backprop']:.3f} | "
              f"{row['backprop'] / row['forward']:.1f} | {row['fd']:.3g}{mark} | {row['fd'] / row['backprop']:,.0f} |")


# ----------------------------------------------------------------------------- report
def environment(threads: int) -> list[str]:
    blas = [info for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"]
    lines = [f"python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
             f"{os.cpu_count()} CPUs ({platform.machine()})"]
    for info in blas:
        lines.append(f"numpy BLAS: {info['internal_api']} {info.get('version')}, kernel "
                     f"{info.get('architecture')}, {info['num_threads']} threads")
    lines.append(f"torch: {torch.get_num_threads()} threads")
    lines.append("load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS"):
        lines.append(f"{var}={os.environ.get(var, '(unset)')}")
    return lines


RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.json")


def save_results(path: str, key: str, value: dict) -> None:
    """Write ``value`` under ``key`` into the JSON file ``path``, keeping the other sections there."""
    data = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    data[key] = value
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per measurement (median)")
    parser.add_argument("--threads", type=int, default=2, help="threads for numpy's BLAS and for torch")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and no 100,000-parameter row")
    parser.add_argument("--only", choices=("all", "many", "gradient-cost", "workloads"), default="all",
                        help="'many' runs only the many-networks-at-once workload, 'gradient-cost' only "
                             "chapter 4's backpropagation-vs-differences timing, 'workloads' only the "
                             "nnlearn / NumPy / PyTorch workloads (chapter 7 reads them)")
    parser.add_argument("--results", default=RESULTS,
                        help="JSON file that receives the measurements (each section with its date and machine)")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else args.repeats

    torch.set_num_threads(args.threads)
    with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
        env = environment(args.threads)
        print("\n".join(env))
        print(f"median of {repeats} runs each, after a warm-up run\n")
        stamp = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "threads": args.threads, "repeats": repeats, "quick": args.quick, "environment": env}
        if args.only in ("all", "gradient-cost"):
            cost = gradient_cost_workload(repeats, quick=args.quick)
            print_gradient_cost(cost)
            save_results(args.results, f"gradient_cost_{args.threads}_threads", {**stamp, "rows": cost})
            if args.only == "gradient-cost":
                return 0
        if args.only != "workloads":
            many = many_xor_workload(repeats)
            print_many(many)
            save_results(args.results, f"many_xor_{args.threads}_threads", {**stamp, **many})
        if args.only == "many":
            print("\nload average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
            return 0
        results = [xor_workload(repeats), mlp_workload(repeats), deep_workload(repeats)]
        save_results(args.results, f"workloads_{args.threads}_threads",
                     {**stamp, "rows": [{k: v for k, v in r.items() if isinstance(v, (int, float, str))}
                                        for r in results]})

        header = (f"| workload | nnlearn (s) | raw NumPy (s) | PyTorch (s) | nnlearn / NumPy | "
                  f"PyTorch / nnlearn |")
        print(header)
        print("|---|---:|---:|---:|---:|---:|")
        for r in results:
            print(f"| {r['name']} | {r['nnlearn']:.3f} | {r['numpy']:.3f} | {r['torch']:.3f} | "
                  f"{r['nnlearn'] / r['numpy']:.2f} | {r['torch'] / r['nnlearn']:.2f} |")

        mlp = results[1]
        peak = mlp["peak"]
        print("\nMLP matrix-product throughput (GFLOP/s, float32):\n")
        print("| | GFLOP/s | % of same-shape matmul peak | % of 2048x2048 matmul peak |")
        print("|---|---:|---:|---:|")
        print(f"| same-shape matmul peak (the step's 5 products in a loop) | {peak['same_shapes']:.1f} | 100 | "
              f"{100 * peak['same_shapes'] / peak['square_2048']:.0f} |")
        print(f"| 2048x2048 matmul | {peak['square_2048']:.1f} | | 100 |")
        for k, label in (("nnlearn", "nnlearn training step"), ("numpy", "raw NumPy training step"),
                         ("torch", "PyTorch training step")):
            g = mlp["gflops"][k]
            print(f"| {label} | {g:.1f} | {100 * g / peak['same_shapes']:.0f} | "
                  f"{100 * g / peak['square_2048']:.0f} |")

        print("\nOne gradient: backpropagation vs central differences ([10, h, 1] tanh, 64 examples, float64):\n")
        print("| parameters | forward (ms) | backprop (ms) | backprop / forward | central differences (s) "
              "| differences / backprop |")
        print("|---:|---:|---:|---:|---:|---:|")
        for row in scaling_workload(repeats, quick=args.quick):
            mark = " (extrapolated)" if row["extrapolated"] else ""
            print(f"| {row['P']:,} | {1e3 * row['forward']:.3f} | {1e3 * row['backprop']:.3f} | "
                  f"{row['backprop'] / row['forward']:.1f} | {row['fd']:.3g}{mark} | "
                  f"{row['fd'] / row['backprop']:,.0f} |")
    print("\nload average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
