// The widgets' JavaScript on fixtures written by nnlearn (test_widget_parity.py beside this file writes
// them and runs this file with node's test runner: NN_PARITY_FIXTURES=<file> node --test parity.test.mjs).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { describe as describeControl, valueAt, indexOf } from "../../../src/nnlearn/book/widgets/js/controls.js";
import { fromRows, Network, toRows, trainFullBatch } from "../../../src/nnlearn/book/widgets/js/mlp.js";
import { formatValue, pyFormatG, pyRepr } from "../../../src/nnlearn/book/widgets/js/format.js";
import { descend, descentSummary, lossAndGradients, lossSurface } from "../../../src/nnlearn/chapters/descent/compute.js";
import { N_STEPS, stepFrame } from "../../../src/nnlearn/chapters/backprop/compute.js";
import { backpropByHand, byHandSummary } from "../../../src/nnlearn/chapters/by_hand/compute.js";
import { perceptronSummary, perceptronView } from "../../../src/nnlearn/chapters/perceptron/compute.js";

const fixtures = JSON.parse(readFileSync(process.env.NN_PARITY_FIXTURES, "utf8"));
const TOL = 1e-12;

/** |a - b| within TOL relative to max(scale, |a|, |b|); null (Python's inf) matches Infinity. */
function close(a, b, scale = 1) {
  if (b === null) return a === Infinity;
  return Math.abs(a - b) <= TOL * Math.max(scale, Math.abs(a), Math.abs(b));
}

test("perceptron: z, predictions, mistakes and the summary, as nnlearn.perceptron.perceptron_view", () => {
  const { gates, cases } = fixtures.perceptron;
  for (const c of cases) {
    const view = perceptronView(c.w1, c.w2, c.b, c.gate, gates);
    assert.deepEqual(view.z, c.z, `z at ${JSON.stringify(c)}`); // exact: x is 0 or 1, one rounding per term
    assert.deepEqual(view.yHat, c.yHat);
    assert.equal(view.nMistakes, c.nMistakes);
    assert.equal(perceptronSummary(view), c.summary);
  }
});

test("descent: every step of the path, the losses, the divergence and the summary, as nnlearn.descent.descend", (t) => {
  const { problems, cases } = fixtures.descent;
  const chaotic = [];
  for (const c of cases) {
    const path = descend(problems[c.problem], c.eta, c.steps);
    const setting = `${c.problem}, eta = ${c.eta}, ${c.steps} steps`;
    const n = c.chaotic ? c.horizon : c.params.length;
    if (!c.chaotic) {
      assert.equal(path.params.length, c.params.length, `${setting}: path length`);
      assert.equal(path.divergedAt, c.divergedAt, `${setting}: divergence`);
      assert.equal(descentSummary(path, c.steps), c.summary, `${setting}: summary`);
    } else {
      chaotic.push(`${setting} (nnlearn predictable for ${c.horizon} of ${c.params.length} points)`);
    }
    let scale = 1;
    for (let k = 0; k < Math.min(n, path.params.length); k++) {
      scale = Math.max(scale, Math.abs(c.params[k][0]), Math.abs(c.params[k][1]));
      assert.ok(close(path.params[k][0], c.params[k][0], scale) && close(path.params[k][1], c.params[k][1], scale),
        `${setting}: step ${k}: (${path.params[k]}) against nnlearn's (${c.params[k]})`);
      assert.ok(close(path.losses[k], c.losses[k]), `${setting}: loss at step ${k}: ${path.losses[k]} against ${c.losses[k]}`);
    }
  }
  t.diagnostic(`chaotic settings, compared over nnlearn's predictable horizon: ${chaotic.length}`);
  for (const line of chaotic) t.diagnostic(`  ${line}`);
});

test("descent: the loss and its gradient at random points, as Network.loss_and_gradients", () => {
  const { problems, gradients } = fixtures.descent;
  for (const c of gradients) {
    const g = lossAndGradients(problems[c.problem], c.w, c.b);
    const scale = Math.max(Math.abs(c.dW), Math.abs(c.db), 1e-300);
    assert.ok(close(g.loss, c.loss), `${c.problem} at (${c.w}, ${c.b}): loss ${g.loss} against ${c.loss}`);
    assert.ok(close(g.dW, c.dW, scale) && close(g.db, c.db, scale), `${c.problem} at (${c.w}, ${c.b}): gradient`);
  }
});

test("descent: the loss surface on its grid, as nnlearn.descent.loss_surface", () => {
  const { problems, surfaces } = fixtures.descent;
  for (const [name, s] of Object.entries(surfaces)) {
    const mine = lossSurface(problems[name]);
    assert.deepEqual(mine.w, s.w, `${name}: the grid of w (numpy.linspace)`);
    assert.deepEqual(mine.b, s.b, `${name}: the grid of b`);
    for (let k = 0; k < s.L.length; k++) assert.ok(close(mine.L[k], s.L[k]), `${name}: L[${k}]`);
  }
});

test("numbers are written as Python writes them (repr, .3g, .5g, the controls' format)", () => {
  for (const c of fixtures.format) {
    const x = c.x === "inf" ? Infinity : c.x === "-inf" ? -Infinity : c.x;
    assert.equal(pyRepr(x), c.repr, `repr(${c.repr})`);
    assert.equal(pyFormatG(x, 3), c.g3, `${c.repr}:.3g`);
    assert.equal(pyFormatG(x, 5), c.g5, `${c.repr}:.5g`);
    if (c.value !== null) assert.equal(formatValue(x), c.value, `format_value(${c.repr})`);
    if (c.f2 !== null) assert.equal(formatValue(x, ".2f"), c.f2, `format_value(${c.repr}, ".2f")`);
  }
});

test("every position of every control has the value and the words Python gives it", () => {
  for (const { declaration: c, values, described } of fixtures.controls) {
    values.forEach((v, i) => {
      if (c.kind !== "choice") {
        assert.equal(valueAt(c, i), v, `${c.name} at position ${i}`);
        assert.equal(indexOf(c, v), i, `${c.name}: position of ${v}`);
      }
      assert.equal(describeControl(c, v), described[i]);
    });
  }
});

test("a small MLP: forward, the loss and every gradient, and gradient-descent training, as nnlearn.network.Network", (t) => {
  const shortened = [];
  for (const c of fixtures.mlp) {
    const X = fromRows(c.X);
    const Y = fromRows(c.Y);
    const net = Network.fromLayers(c.layers);
    const yHat = toRows(net.forward(X));
    yHat.forEach((row, i) => row.forEach((v, j) => assert.ok(close(v, c.yHat[i][j]), `${c.kind}: y_hat[${i}][${j}]`)));
    const { loss, grads } = net.lossAndGradients(X, Y, c.loss);
    assert.ok(close(loss, c.value), `${c.kind}: loss ${loss} against ${c.value}`);
    grads.forEach((g, p) => {
      const scale = Math.max(...c.grads[p].map(Math.abs), 1e-300);
      g.forEach((v, k) => assert.ok(close(v, c.grads[p][k], scale), `${c.kind}: gradient ${p}[${k}] ${v} against ${c.grads[p][k]}`));
    });
    const run = trainFullBatch(Network.fromLayers(c.layers), X, Y, c.loss, c.eta, c.losses.length);
    if (c.horizon < c.losses.length) shortened.push(`${c.kind}, eta = ${c.eta}: nnlearn predictable for ${c.horizon} of ${c.losses.length} steps`);
    // rounding differences add up from step to step (different summation orders than NumPy's BLAS):
    // 1e-12 per step taken, over the steps where nnlearn itself is predictable
    for (let k = 0; k < c.horizon; k++) {
      assert.ok(Math.abs(run.losses[k] - c.losses[k]) <= TOL * (k + 1) * Math.max(1, Math.abs(c.losses[k])),
        `${c.kind}, eta = ${c.eta}: loss at step ${k}: ${run.losses[k]} against ${c.losses[k]}`);
    }
  }
  t.diagnostic(`chaotic training runs, compared over nnlearn's predictable horizon: ${shortened.length}`);
  for (const line of shortened) t.diagnostic(`  ${line}`);
});

test("by hand: forward, backward, the step and the summary, as nnlearn.by_hand.backprop_by_hand", () => {
  for (const c of fixtures.byHand) {
    const r = backpropByHand(c.values);
    const f = r.forward;
    const where = JSON.stringify(c.values);
    [f.z1, f.a1, f.z2, f.yHat, f.loss].forEach((v, k) => assert.ok(close(v, c.forward[k]), `${where}: forward ${k}`));
    ["w11", "w12", "b1", "w2", "b2"].forEach((name, k) => {
      assert.ok(close(r.backward.gradients[name], c.gradients[k], Math.max(...c.gradients.map(Math.abs), 1e-300)), `${where}: dL/d${name}`);
      assert.ok(close(r.update[k].new, c.new[k]), `${where}: new ${name}`);
    });
    assert.ok(close(r.newForward.loss, c.newLoss), `${where}: the loss after the step`);
    assert.equal(byHandSummary(r), c.summary, where);
  }
});

test("the step-through: every step's units, weights, loss box, title and summary, as nnlearn.backprop_general.step_frame", () => {
  const { example, frames } = fixtures.backprop;
  assert.equal(frames.length, N_STEPS);
  frames.forEach((want, step) => {
    const got = stepFrame(step, example);
    assert.equal(got.title, want.title, `step ${step}: title`);
    assert.equal(got.summary, want.summary, `step ${step}: summary`);
    assert.deepEqual(got.loss, want.loss, `step ${step}: loss box`);
    assert.deepEqual(got.nodes, want.nodes, `step ${step}: units`);
    assert.deepEqual(got.edges, want.edges, `step ${step}: weights`);
  });
});
