// Chapter 1's widget, its numbers: nnlearn.perceptron.perceptron_view in the browser (no DOM here, so
// node's test runner checks it against nnlearn: tests/book/widgets/parity.test.mjs).

import { step } from "../../book/widgets/js/math.js";

/** The four points of `gate` classified by y_hat = step(w1 x1 + w2 x2 + b): nnlearn.perceptron.perceptron_view.
 *  `gates` maps a gate's name to {X: [[x1, x2] x4], y: [4 labels]} (nnlearn.data.logic_gate, sent by Python). */
export function perceptronView(w1, w2, b, gate, gates) {
  const { X, y } = gates[gate];
  const z = X.map(([x1, x2]) => x1 * w1 + x2 * w2 + b);
  const yHat = z.map(step);
  const mistakes = yHat.map((p, i) => p !== y[i]);
  return { X, y, z, yHat, mistakes, nMistakes: mistakes.filter(Boolean).length, hasLine: !(w1 === 0 && w2 === 0) };
}

/** nnlearn.chapters.perceptron.widget.perceptron_summary, word for word. */
export function perceptronSummary(view) {
  const count = view.nMistakes === 0 ? "no point misclassified" : `${view.nMistakes} of ${view.y.length} points misclassified`;
  if (!view.hasLine) return `no line (w\u2081 = w\u2082 = 0), every point predicted ${view.yHat[0]}; ${count}`;
  return count;
}

/** The part of the square [lo, hi]^2 where w1 x1 + w2 x2 + b >= 0 (positive) or < 0: a polygon (Sutherland-Hodgman). */
export function halfPlane(w1, w2, b, [lo, hi], positive) {
  const side = (p) => (positive ? 1 : -1) * (w1 * p[0] + w2 * p[1] + b);
  const corners = [[lo, lo], [hi, lo], [hi, hi], [lo, hi]];
  const out = [];
  for (let i = 0; i < 4; i++) {
    const p = corners[i];
    const q = corners[(i + 1) % 4];
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** The piece of the line w1 x1 + w2 x2 + b = 0 inside the square [lo, hi]^2, or null. */
export function boundarySegment(w1, w2, b, [lo, hi]) {
  if (w1 === 0 && w2 === 0) return null;
  const points = [];
  const add = (p) => {
    if (p[0] >= lo - 1e-12 && p[0] <= hi + 1e-12 && p[1] >= lo - 1e-12 && p[1] <= hi + 1e-12 &&
        !points.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-9)) points.push(p);
  };
  if (w2 !== 0) for (const x1 of [lo, hi]) add([x1, -(w1 * x1 + b) / w2]);
  if (w1 !== 0) for (const x2 of [lo, hi]) add([-(w2 * x2 + b) / w1, x2]);
  return points.length >= 2 ? points.slice(0, 2) : null;
}
