// Chapter 2's widget, its numbers: nnlearn.descent.descend (gradient descent on one neuron's two
// parameters) and nnlearn.descent.loss_surface, in the browser. No DOM here: node's test runner checks
// it against nnlearn (tests/book/widgets/parity.test.mjs).

import { ACTIVATIONS, EXP_LIMIT, LOSSES } from "../../book/widgets/js/math.js";
import { pyFormatG } from "../../book/widgets/js/format.js";

/** nnlearn.descent.DIVERGENCE_FACTOR: a path diverged once its loss passes this many times its start. */
export const DIVERGENCE_FACTOR = 1e3;

/**
 * One neuron y_hat = f(w x + b) on the problem's data: the loss and its gradient (dL/dw, dL/db), as
 * nnlearn.network.Network.loss_and_gradients computes them (forward, the loss, BP1-BP4).
 * `problem`: {x: [n], y: [n], activation: "identity" | "sigmoid", loss: "mse" | "bce_logits"}.
 */
export function lossAndGradients(problem, w, b) {
  const { x, y } = problem;
  const f = ACTIVATIONS[problem.activation];
  const n = x.length;
  const z = new Float64Array(n);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = x[i] * w + b;
    a[i] = f.forward(z[i]);
  }
  const { value, grad } = LOSSES[problem.loss](a, y); // L and dL/da
  let dW = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const delta = grad[i] * f.derivative(z[i], a[i]); // BP1: delta = dL/da * f'(z)
    db += delta; // BP3
    dW += x[i] * delta; // BP4
  }
  return { loss: value, dW, db };
}

/** The loss alone at (w, b) (nnlearn.descent.TwoParamProblem.loss_at): the same sums as lossAndGradients,
 *  without its arrays (the surface evaluates it 6,561 times). */
export function lossAt(problem, w, b) {
  const { x, y } = problem;
  const n = x.length;
  let sum = 0;
  if (problem.loss === "bce_logits") {
    for (let i = 0; i < n; i++) {
      const z = x[i] * w + b;
      sum += Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.min(Math.abs(z), EXP_LIMIT)));
    }
  } else {
    const f = ACTIVATIONS[problem.activation].forward;
    for (let i = 0; i < n; i++) {
      const diff = f(x[i] * w + b) - y[i];
      sum += diff * diff;
    }
  }
  return sum / n;
}

/**
 * nnlearn.descent.descend: `steps` updates theta <- theta - eta grad L(theta) from the problem's start.
 * Returns {params: [[w, b], ...], losses: [...], divergedAt: t or null}: the path stops at the first step
 * whose parameters are not finite (loss Infinity), whose loss is not finite, or whose loss passes
 * DIVERGENCE_FACTOR times the starting loss.
 */
export function descend(problem, eta, steps) {
  let [w, b] = problem.start;
  const params = [[w, b]];
  let { loss, dW, db } = lossAndGradients(problem, w, b);
  const losses = [loss];
  const limit = DIVERGENCE_FACTOR * loss;
  let divergedAt = null;
  for (let t = 1; t <= steps; t++) {
    w -= eta * dW;
    b -= eta * db;
    params.push([w, b]);
    if (!Number.isFinite(w) || !Number.isFinite(b)) {
      losses.push(Infinity);
      divergedAt = t;
      break;
    }
    ({ loss, dW, db } = lossAndGradients(problem, w, b));
    losses.push(loss);
    if (!Number.isFinite(loss) || loss > limit) {
      divergedAt = t;
      break;
    }
  }
  return { params, losses, divergedAt };
}

/** numpy.linspace(start, stop, n): i * step + start, with the last point exactly stop. */
export function linspace(start, stop, n) {
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : i * step + start));
}

/** nnlearn.descent.loss_surface: the loss on an nb x nw grid of the problem's window, row-major
 *  (row i is b_i, column j is w_j), with the grid points w and b. */
export function lossSurface(problem, nw = 81, nb = 81) {
  const [w0, w1] = problem.wRange;
  const [b0, b1] = problem.bRange;
  const w = linspace(w0, w1, nw);
  const b = linspace(b0, b1, nb);
  const L = new Float64Array(nw * nb);
  for (let i = 0; i < nb; i++) for (let j = 0; j < nw; j++) L[i * nw + j] = lossAt(problem, w[j], b[i]);
  return { w, b, L, nw, nb };
}

/** nnlearn.chapters.descent.widget.descent_summary, word for word. */
export function descentSummary(path, steps) {
  const start = path.losses[0];
  const end = path.losses[path.losses.length - 1];
  if (path.divergedAt !== null) {
    return `diverged at step ${path.divergedAt}: the loss grew from ${pyFormatG(start, 3)} to ${pyFormatG(end, 3)}`;
  }
  return `loss ${pyFormatG(start, 3)} \u2192 ${pyFormatG(end, 3)} after ${steps} step${steps !== 1 ? "s" : ""}`;
}

/** The message the figure shows for a path, or null (nnlearn.plots.descent._view_messages). */
export function pathMessage(problem, path) {
  const last = path.losses.length - 1;
  if (path.divergedAt !== null) {
    return { text: `diverged at step ${path.divergedAt}: the loss grew over ${pyFormatG(path.losses[last] / path.losses[0], 3)}\u00d7`, mistake: true };
  }
  const [p0, p1] = [path.params[0], path.params[path.params.length - 1]];
  const ww = problem.wRange[1] - problem.wRange[0];
  const wb = problem.bRange[1] - problem.bRange[0];
  if (Math.abs(p1[0] - p0[0]) < 0.01 * ww && Math.abs(p1[1] - p0[1]) < 0.01 * wb) {
    return { text: "barely moved: raise \u03b7 or the steps", mistake: false };
  }
  return null;
}
