// A small multilayer perceptron in the browser, under nnlearn's names and in nnlearn's arithmetic:
// nnlearn.layers.Dense (z = a_prev W + b, a = f(z), and BP1-BP4 in its backward), nnlearn.network.Network
// (forward, loss_and_gradients), nnlearn.losses and nnlearn.optim.GradientDescent, in float64. For the
// widgets that train (chapters 5 and 6): a network's starting weights come from nnlearn (Python sends
// them: the browser cannot draw NumPy's random numbers), and everything after is computed here.
// Checked against nnlearn on random networks (tests/book/widgets/test_widget_parity.py).
//
// A matrix is {rows, cols, data: Float64Array} in row-major order (one example per row, as nnlearn).

import { EXP_LIMIT, sigmoid } from "./math.js";

export function matrix(rows, cols, data = null) {
  return { rows, cols, data: data ? Float64Array.from(data) : new Float64Array(rows * cols) };
}

/** A matrix from nested arrays ([[...], ...]), as Python's ndarray.tolist() gives. */
export function fromRows(rows) {
  return matrix(rows.length, rows[0].length, rows.flat());
}

/** Nested arrays from a matrix (to compare with Python's .tolist()). */
export function toRows(m) {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** A B, summing over k in increasing order. */
export function matmul(A, B) {
  const C = matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let k = 0; k < A.cols; k++) s += A.data[i * A.cols + k] * B.data[k * B.cols + j];
      C.data[i * C.cols + j] = s;
    }
  }
  return C;
}

/** A^T B (nnlearn's dW = a_prev^T delta). */
export function matmulTA(A, B) {
  const C = matrix(A.cols, B.cols);
  for (let i = 0; i < A.cols; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let k = 0; k < A.rows; k++) s += A.data[k * A.cols + i] * B.data[k * B.cols + j];
      C.data[i * C.cols + j] = s;
    }
  }
  return C;
}

/** A B^T (nnlearn's dL/da_prev = delta W^T). */
export function matmulBT(A, B) {
  const C = matrix(A.rows, B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      let s = 0;
      for (let k = 0; k < A.cols; k++) s += A.data[i * A.cols + k] * B.data[j * B.cols + k];
      C.data[i * C.cols + j] = s;
    }
  }
  return C;
}

/** Activations (nnlearn.activations): the function, and dL/dz from dL/da as nnlearn's backward computes it. */
export const ACTIVATIONS = {
  identity: { forward: (z) => z, backward: (z, a, g) => g },
  sigmoid: { forward: sigmoid, backward: (z, a, g) => g * (a * (1 - a)) },
  tanh: { forward: Math.tanh, backward: (z, a, g) => g * (1 - a * a) },
  relu: { forward: (z) => Math.max(z, 0), backward: (z, a, g) => (z > 0 ? g : 0) },
};

/** nnlearn.layers.Dense: W (n_in x n_out), b (n_out), an activation's name. */
export class Dense {
  constructor(W, b, activation) {
    this.W = W;
    this.b = Float64Array.from(b);
    this.activation = activation;
    this.f = ACTIVATIONS[activation];
    if (!this.f) throw new Error(`unknown activation ${activation}`);
  }

  /** z = a_prev W + b and a = f(z); keeps a_prev, z and a for backward. */
  forward(aPrev) {
    this.aPrev = aPrev;
    this.z = matmul(aPrev, this.W);
    const { rows, cols } = this.z;
    this.a = matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        this.z.data[k] += this.b[j];
        this.a.data[k] = this.f.forward(this.z.data[k]);
      }
    }
    return this.a;
  }

  /** BP1-BP4: delta = dL/da (.) f'(z); db = sum of delta's rows; dW = a_prev^T delta; returns delta W^T
   *  (or null for the first layer, which nobody asks for dL/dX). */
  backward(gradA, inputGradient = true) {
    const delta = matrix(gradA.rows, gradA.cols);
    for (let k = 0; k < delta.data.length; k++) delta.data[k] = this.f.backward(this.z.data[k], this.a.data[k], gradA.data[k]);
    this.delta = delta;
    this.db = new Float64Array(delta.cols);
    for (let i = 0; i < delta.rows; i++) for (let j = 0; j < delta.cols; j++) this.db[j] += delta.data[i * delta.cols + j];
    this.dW = matmulTA(this.aPrev, delta);
    return inputGradient ? matmulBT(delta, this.W) : null;
  }
}

const logClamped = (p) => Math.max(Math.log(p), -100);
const log1mClamped = (p) => Math.max(Math.log1p(-p), -100);
const BCE_FLOOR = Math.fround(1e-12);

/** Losses (nnlearn.losses) on matrices yHat and Y of one shape: {value, grad} with grad = dL/dyHat. */
export const LOSSES = {
  mse: (yHat, Y) => squared(yHat, Y, false),
  half_mse: (yHat, Y) => squared(yHat, Y, true),
  bce: (yHat, Y) => {
    const size = yHat.data.length;
    const grad = matrix(yHat.rows, yHat.cols);
    let sum = 0;
    for (let k = 0; k < size; k++) {
      const p = yHat.data[k];
      const y = Y.data[k];
      sum += y * logClamped(p) + (1 - y) * log1mClamped(p);
      grad.data[k] = (p - y) / (Math.max(p * (1 - p), BCE_FLOOR) * size);
    }
    return { value: 0 - sum / size, grad };
  },
  bce_logits: (z, Y) => {
    const size = z.data.length;
    const grad = matrix(z.rows, z.cols);
    let sum = 0;
    for (let k = 0; k < size; k++) {
      const v = z.data[k];
      sum += Math.max(v, 0) - v * Y.data[k] + Math.log1p(Math.exp(-Math.min(Math.abs(v), EXP_LIMIT)));
      grad.data[k] = (sigmoid(v) - Y.data[k]) / size;
    }
    return { value: sum / size, grad };
  },
  softmax_ce: (z, Y) => {
    const { rows, cols } = z;
    const grad = matrix(rows, cols);
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, z.data[i * cols + j]);
      let total = 0;
      let ySum = 0;
      const e = new Float64Array(cols);
      for (let j = 0; j < cols; j++) {
        e[j] = Math.exp(Math.max(z.data[i * cols + j] - max, -EXP_LIMIT));
        total += e[j];
        ySum += Y.data[i * cols + j];
      }
      const logTotal = Math.log(total);
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        sum += Y.data[k] * (z.data[k] - max - logTotal);
        grad.data[k] = ((e[j] / total) * ySum - Y.data[k]) / rows;
      }
    }
    return { value: 0 - sum / rows, grad };
  },
};

function squared(yHat, Y, half) {
  const size = yHat.data.length;
  const grad = matrix(yHat.rows, yHat.cols);
  let sum = 0;
  for (let k = 0; k < size; k++) {
    const diff = yHat.data[k] - Y.data[k];
    sum += diff * diff;
    grad.data[k] = ((half ? 1 : 2) / size) * diff;
  }
  return { value: ((half ? 0.5 : 1) * sum) / size, grad };
}

/** nnlearn.network.Network of Dense layers. */
export class Network {
  constructor(layers) {
    this.layers = layers;
  }

  /** A network from Python's description: [{W: [[...]], b: [...], activation: "sigmoid"}, ...]. */
  static fromLayers(specs) {
    return new Network(specs.map((s) => new Dense(fromRows(s.W), s.b, s.activation)));
  }

  forward(X) {
    let a = X;
    for (const layer of this.layers) a = layer.forward(a);
    return a;
  }

  /** One forward and one backward pass: {loss, grads: [dW1, db1, dW2, db2, ...]} (nnlearn's order). */
  lossAndGradients(X, Y, loss) {
    const yHat = this.forward(X);
    const { value, grad } = LOSSES[loss](yHat, Y);
    let g = grad;
    for (let l = this.layers.length - 1; l >= 0; l--) g = this.layers[l].backward(g, l > 0);
    return { loss: value, grads: this.layers.flatMap((layer) => [layer.dW.data, layer.db]) };
  }

  /** The parameters in nnlearn's order (W1, b1, W2, b2, ...), as the arrays the layers hold. */
  parameters() {
    return this.layers.flatMap((layer) => [layer.W.data, layer.b]);
  }
}

/** nnlearn.optim.GradientDescent.step: p -= eta g for every parameter, in place. */
export function gradientDescentStep(params, grads, eta) {
  params.forEach((p, i) => {
    const g = grads[i];
    for (let k = 0; k < p.length; k++) p[k] -= eta * g[k];
  });
}

/** `epochs` full-batch steps of gradient descent: the loss before each step; stops (divergedAt = the
 *  epoch) at the first loss that is not finite, as nnlearn's training loop reports divergence. */
export function trainFullBatch(net, X, Y, loss, eta, epochs) {
  const losses = [];
  let divergedAt = null;
  for (let t = 0; t < epochs; t++) {
    const { loss: value, grads } = net.lossAndGradients(X, Y, loss);
    losses.push(value);
    if (!Number.isFinite(value)) {
      divergedAt = t;
      break;
    }
    gradientDescentStep(net.parameters(), grads, eta);
  }
  return { losses, divergedAt };
}
