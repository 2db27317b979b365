// Chapter 4's step-through, its numbers and words: nnlearn.backprop_general.step_frame in the browser. The
// 2-2-1 sigmoid network runs forward and backward in mlp.js (nnlearn's Dense and Network), and each step says
// what it shows as plain data (units, weights, the loss box, a title, a summary). No DOM here: node's test
// runner checks every step against nnlearn (tests/book/widgets/parity.test.mjs).

import { formatValue } from "../../book/widgets/js/format.js";
import { fromRows, gradientDescentStep, LOSSES, Network } from "../../book/widgets/js/mlp.js";

/** nnlearn.backprop_general.N_STEPS: the network, three units forward, the loss, three units backward, the update. */
export const N_STEPS = 9;

const f3 = (v) => formatValue(v, ".3f");
const SUB = "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089";
const SUP = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
const sub = (n) => String(n).replace(/\d/g, (d) => SUB[d]);
const sup = (n) => String(n).replace(/\d/g, (d) => SUP[d]);

/** x₁, a¹₂, ŷ: a unit's name as the book writes it. */
export function unitName(layer, index, widths) {
  if (layer === 0) return `x${sub(index + 1)}`;
  if (layer === widths.length - 1 && widths[widths.length - 1] === 1) return "\u0177";
  return `a${sup(layer)}${sub(index + 1)}`;
}

/** The example's network (nnlearn.backprop_general.StepperExample.network): weights as Python sends them. */
function network(example) {
  return Network.fromLayers([
    { W: example.W1, b: example.b1, activation: "sigmoid" },
    { W: example.W2.map((w) => [w]), b: [example.b2], activation: "sigmoid" },
  ]);
}

/** Forward and backward once, then one gradient-descent step (nnlearn.backprop_general._stepper_values). */
export function stepperValues(example) {
  const X = fromRows([example.x]);
  const Y = fromRows([[example.y]]);
  const net = network(example);
  const { loss, grads } = net.lossAndGradients(X, Y, "half_mse");
  const newNet = network(example);
  gradientDescentStep(newNet.parameters(), grads, example.eta);
  const newLoss = LOSSES.half_mse(newNet.forward(X), Y).value;
  return { net, newNet, loss, newLoss };
}

/** nnlearn.backprop_general.step_frame: what step `step` (0 .. N_STEPS - 1) shows, as data. */
export function stepFrame(step, example, values = stepperValues(example)) {
  const { net, newNet, loss, newLoss } = values;
  const widths = [2, 2, 1];
  const [hidden, out] = net.layers;
  const at = (m, i, j) => m.data[i * m.cols + j];
  const forwardUnits = [[1, 0], [1, 1], [2, 0]];
  const backwardUnits = [[2, 0], [1, 0], [1, 1]];
  const nFwd = forwardUnits.length;
  const lossStep = nFwd + 1;
  const key = ([l, k]) => `${l},${k}`;
  const doneFwd = new Set(forwardUnits.slice(0, Math.max(0, Math.min(step, nFwd))).map(key));
  const doneBack = new Set(backwardUnits.slice(0, Math.max(0, Math.min(step - lossStep, backwardUnits.length))).map(key));
  const update = step === N_STEPS - 1;
  const currentFwd = step >= 1 && step <= nFwd ? forwardUnits[step - 1] : null;
  const currentBack = step > lossStep && step <= lossStep + backwardUnits.length ? backwardUnits[step - lossStep - 1] : null;
  const same = (a, b) => a !== null && a[0] === b[0] && a[1] === b[1];

  const nodes = example.x.map((x, j) => ({ layer: 0, index: j, label: unitName(0, j, widths), text: [`x = ${f3(x)}`],
    role: "forward", highlight: false }));
  [[1, hidden], [2, out]].forEach(([l, layer]) => {
    for (let k = 0; k < widths[l]; k++) {
      let text = [];
      let role = "pending";
      if (doneFwd.has(key([l, k]))) {
        text = [`z = ${f3(at(layer.z, 0, k))}`, `a = ${f3(at(layer.a, 0, k))}`];
        role = "forward";
      }
      if (doneBack.has(key([l, k]))) {
        text = [...text, `\u03b4 = ${f3(at(layer.delta, 0, k))}`];
        role = "backward";
      }
      nodes.push({ layer: l, index: k, label: unitName(l, k, widths), text, role,
        highlight: same(currentFwd, [l, k]) || same(currentBack, [l, k]) });
    }
  });
  const edges = [];
  [[1, hidden, newNet.layers[0]], [2, out, newNet.layers[1]]].forEach(([l, layer, next]) => {
    for (let j = 0; j < widths[l - 1]; j++) {
      for (let k = 0; k < widths[l]; k++) {
        let text = [["param", `w = ${f3(at(layer.W, j, k))}`]];
        if (doneBack.has(key([l, k]))) text.push(["backward", `\u2202L/\u2202w = ${f3(at(layer.dW, j, k))}`]);
        if (update) text = [["param", `w \u2192 ${f3(at(next.W, j, k))}`], text[1]];
        const use = same(currentBack, [l, k]) ? "backward" : same(currentFwd, [l, k]) ? "forward" : "";
        edges.push({ layer: l, src: j, dst: k, text, highlight: use });
      }
    }
  });
  let lossBox = [];
  if (step >= lossStep) {
    lossBox = [["forward", `L = ${f3(loss)}`]];
    if (step >= lossStep + 1) lossBox.push(["backward", `\u2202L/\u2202\u0177 = ${f3(at(out.a, 0, 0) - example.y)}`]);
    if (update) lossBox.push(["param", `new L = ${f3(newLoss)}`]);
  }
  let title;
  let summary;
  if (step === 0) {
    title = "Step 0: the network, its input and its weights";
    summary = "Nothing computed yet: the inputs and the weights are given.";
  } else if (currentFwd !== null) {
    const [l, k] = currentFwd;
    const name = unitName(l, k, widths);
    title = `Step ${step}, forward: unit ${name} computes z = \u03a3 w \u00b7 input + b and a = \u03c3(z)`;
    summary = `Forward pass, unit ${name}: z = ${f3(at(net.layers[l - 1].z, 0, k))}, a = ${f3(at(net.layers[l - 1].a, 0, k))}.`;
  } else if (step === lossStep) {
    title = `Step ${step}: the loss L = \u00bd(\u0177 \u2212 y)\u00b2 with the target y = ${f3(example.y)}`;
    summary = `Prediction ${f3(at(out.a, 0, 0))} against target ${f3(example.y)}: loss ${f3(loss)}.`;
  } else if (currentBack !== null) {
    const [l, k] = currentBack;
    const name = unitName(l, k, widths);
    const rule = l === widths.length - 1 ? "(BP1) \u03b4 = \u2202L/\u2202\u0177 \u00b7 \u03c3\u2032(z)" : "(BP2) \u03b4 = (\u03b4 above \u00b7 w) \u00b7 \u03c3\u2032(z)";
    title = `Step ${step}, backward: unit ${name} gets ${rule}; its weights get \u03b4 \u00b7 input`;
    summary = `Backward pass, unit ${name}: \u03b4 = ${f3(at(net.layers[l - 1].delta, 0, k))}; each of its weights gets the gradient \u03b4 times its input (BP4).`;
  } else {
    title = `Step ${step}: the update w \u2192 w \u2212 \u03b7 \u2202L/\u2202w with \u03b7 = ${f3(example.eta)}`;
    summary = `After one step of gradient descent the loss falls from ${f3(loss)} to ${f3(newLoss)}.`;
  }
  return { step, widths, nodes, edges, loss: lossBox, title, summary };
}
