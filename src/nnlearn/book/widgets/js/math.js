// The few pieces of nnlearn a widget computes in the browser, under nnlearn's names and formulas, in
// float64 (JavaScript's numbers). Each is tested against nnlearn on random settings
// (tests/book/widgets/test_parity.py writes the fixtures; parity.test.mjs checks them to about 1e-12).

/** nnlearn.activations.exp_limit(float64): exponents are clipped here, so exp never overflows. */
export const EXP_LIMIT = 700;

/** nnlearn.perceptron.step: 1 where z >= 0, else 0 (a point on the boundary is in class 1). */
export function step(z) {
  return z >= 0 ? 1 : 0;
}

/** nnlearn.activations.sigmoid: 1 / (1 + e^(-z)), with z clipped to [-700, 700]. */
export function sigmoid(z) {
  return 1 / (1 + Math.exp(-Math.min(Math.max(z, -EXP_LIMIT), EXP_LIMIT)));
}

/** The activations of a layer, with the derivative written from the activation a, as nnlearn's are. */
export const ACTIVATIONS = {
  identity: { forward: (z) => z, derivative: (z, a) => 1 },
  sigmoid: { forward: sigmoid, derivative: (z, a) => a * (1 - a) },
  tanh: { forward: Math.tanh, derivative: (z, a) => 1 - a * a },
  relu: { forward: (z) => Math.max(z, 0), derivative: (z, a) => (z > 0 ? 1 : 0) },
};

/** nnlearn.losses.MSE (plain mean, half=false): value and dL/dy_hat, for arrays yHat and y of equal length. */
export function mse(yHat, y) {
  const n = yHat.length;
  let sum = 0;
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const diff = yHat[i] - y[i];
    sum += diff * diff;
    grad[i] = (2 / n) * diff;
  }
  return { value: sum / n, grad };
}

/** nnlearn.losses.BCEWithLogits: the binary cross-entropy of sigmoid(z), from the logits z; value and dL/dz.
 *  L = mean(max(z, 0) - z y + log1p(exp(-min(|z|, 700)))), dL/dz = (sigmoid(z) - y) / n. */
export function bceWithLogits(z, y) {
  const n = z.length;
  let sum = 0;
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sum += Math.max(z[i], 0) - z[i] * y[i] + Math.log1p(Math.exp(-Math.min(Math.abs(z[i]), EXP_LIMIT)));
    grad[i] = (sigmoid(z[i]) - y[i]) / n;
  }
  return { value: sum / n, grad };
}

/** Losses by nnlearn's names (nnlearn.losses.get_loss). */
export const LOSSES = { mse, bce_logits: bceWithLogits };
