// Chapter 3's widget, its numbers: nnlearn.by_hand.backprop_by_hand in the browser (forward pass, backward
// pass, one gradient-descent step, forward again) for the 2->1->1 sigmoid network on one example. No DOM
// here: node's test runner checks it against nnlearn (tests/book/widgets/parity.test.mjs).

/** nnlearn.by_hand.sigmoid: 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) below, so exp never overflows. */
export function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The parameters in nnlearn.by_hand.PARAMETERS order. */
export const PARAMETERS = ["w11", "w12", "b1", "w2", "b2"];

/** nnlearn.by_hand.forward_pass: {z1, a1, z2, yHat, loss} with L = 1/2 (y_hat - y)^2. */
export function forwardPass({ x1, x2, y, w11, w12, b1, w2, b2 }) {
  const z1 = w11 * x1 + w12 * x2 + b1;
  const a1 = sigmoid(z1);
  const z2 = w2 * a1 + b2;
  const yHat = sigmoid(z2);
  const loss = 0.5 * (yHat - y) ** 2;
  return { z1, a1, z2, yHat, loss };
}

/** nnlearn.by_hand.backward_pass: every derivative from dL/dy_hat down, one chain-rule step a line. */
export function backwardPass({ x1, x2, y, w2 }, forward) {
  const { a1, yHat } = forward;
  const dL_dyhat = yHat - y;
  const dsigma_z2 = yHat * (1 - yHat);
  const delta2 = dL_dyhat * dsigma_z2;
  const dL_dw2 = delta2 * a1;
  const dL_db2 = delta2;
  const dL_da1 = delta2 * w2;
  const dsigma_z1 = a1 * (1 - a1);
  const delta1 = dL_da1 * dsigma_z1;
  return { dL_dyhat, dsigma_z2, delta2, dL_dw2, dL_db2, dL_da1, dsigma_z1, delta1,
    dL_dw11: delta1 * x1, dL_dw12: delta1 * x2, dL_db1: delta1,
    gradients: { w11: delta1 * x1, w12: delta1 * x2, b1: delta1, w2: dL_dw2, b2: dL_db2 } };
}

/** nnlearn.by_hand.backprop_by_hand: {given, forward, backward, update: [{name, old, gradient, step, new}], newForward}. */
export function backpropByHand(given) {
  const forward = forwardPass(given);
  const backward = backwardPass(given, forward);
  const update = PARAMETERS.map((name) => {
    const gradient = backward.gradients[name];
    const step = -given.eta * gradient;
    return { name, old: given[name], gradient, step, new: given[name] + step };
  });
  const next = { ...given, ...Object.fromEntries(update.map((r) => [r.name, r.new])) };
  const newForward = forwardPass(next);
  return { given, forward, backward, update, newForward, lossDecrease: forward.loss - newForward.loss };
}

/** nnlearn.plots.graph.panel_messages: whether the step overshot, whether the gradients vanished. */
export function panelFlags(result) {
  const largest = Math.max(...Object.values(result.backward.gradients).map(Math.abs));
  return { overshot: result.lossDecrease < 0, saturated: largest < 5e-5 && result.forward.loss > 5e-5 };
}

/** nnlearn.chapters.by_hand.widget.by_hand_summary (= the old nnlearn.widgets.by_hand's), word for word. */
export function byHandSummary(result) {
  let line = `prediction ${result.forward.yHat.toFixed(4)}, loss ${result.forward.loss.toFixed(4)} \u2192 ` +
    `${result.newForward.loss.toFixed(4)} after one step`;
  const flags = panelFlags(result);
  if (flags.overshot) line += "; the step overshot (loss went up)";
  if (flags.saturated) line += "; the sigmoids are saturated (gradients near 0)";
  return line;
}
