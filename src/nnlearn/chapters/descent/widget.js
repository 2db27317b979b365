// Chapter 2's widget in the browser: gradient descent on one neuron's (w, b), every rate from 0.001 to 10
// (three significant digits) and every step count from 1 to 200, for each loss. Left: the path on the
// loss's contours; right: the loss at each step. Python side: nnlearn/chapters/descent/widget.py.

import { pyFormatG } from "../../book/widgets/js/format.js";
import { contourGeometries, contourPath, line, Panel, scaleLinear, scaleLog, svgIn } from "../../book/widgets/js/plot.js";
import { defineWidget } from "../../book/widgets/js/widget.js";
import { descend, descentSummary, lossSurface, pathMessage } from "./compute.js";

const TITLES = { line: "MSE, linear neuron", bce: "BCE, sigmoid neuron", mse_sigmoid: "MSE, sigmoid neuron" };

/** Contour levels spaced evenly on a log scale above the minimum (nnlearn.plots.descent._levels). */
function levels(L, n = 14) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of L) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const a = (hi - lo) * 2e-3;
  const b = hi - lo;
  return Array.from({ length: n }, (_, k) => lo + a * (b / a) ** (k / (n - 1)));
}

function setup(figure, data) {
  const svg = svgIn(figure, "gradient descent: the path on the loss surface and the loss at each step");
  const surface = new Panel(svg, { xLabel: "weight w", yLabel: "bias b" });
  const curve = new Panel(svg, { xLabel: "step", yLabel: "loss L" });
  const state = { svg, surface, curve, problems: data.problems, cache: {}, key: "" };
  // the other losses' surfaces, computed while the reader reads, so a switch of loss redraws at once
  setTimeout(() => Object.keys(data.problems).forEach((name) => surfaceOf(state, name)), 200);
  return state;
}

/** The problem's surface, contours and minimum, computed once per problem. */
function surfaceOf(state, name) {
  if (!state.cache[name]) {
    const problem = state.problems[name];
    const s = lossSurface(problem);
    let k = 0;
    for (let i = 1; i < s.L.length; i++) if (s.L[i] < s.L[k]) k = i;
    state.cache[name] = { ...s, geometries: contourGeometries(s.L, s.nw, s.nb, levels(s.L)),
      argmin: [s.w[k % s.nw], s.b[Math.floor(k / s.nw)]] };
  }
  return state.cache[name];
}

function layout(state, width, name) {
  const key = `${width}:${name}`;
  const problem = state.problems[name];
  const s = surfaceOf(state, name);
  if (key === state.key) return s;
  state.key = key;
  const wide = width >= 600;
  const m = { left: 58, right: 14, top: 26, bottom: 46 };
  const pw = wide ? Math.floor((width - 2 * (m.left + m.right) - m.right) / 2) : Math.max(220, width - m.left - m.right);
  const ph = Math.round(Math.min(300, Math.max(200, pw * 0.8)));
  state.svg.attr("width", wide ? width : pw + m.left + m.right)
    .attr("height", wide ? ph + m.top + m.bottom : 2 * (ph + m.top + m.bottom));
  state.surface.place({ left: m.left, top: m.top, width: pw, height: ph },
    scaleLinear().domain(problem.wRange), scaleLinear().domain(problem.bRange));
  state.surface.axes({ xTicks: 5, yTicks: 5, grid: false });
  state.surface.title.text(TITLES[name]);
  const { x, y } = state.surface;
  const dims = [s.nw, s.nb, problem.wRange, problem.bRange, x, y];
  const paths = s.geometries.map((g, i) => ({ d: contourPath(g, ...dims), i }));
  state.surface.layer("fill").selectAll("path").data(paths).join("path")
    .attr("d", (p) => p.d).attr("fill", "var(--nn-INK)").attr("fill-opacity", 0.045).attr("stroke", "none");
  state.surface.layer("contours").selectAll("path").data(paths).join("path")
    .attr("d", (p) => p.d).attr("fill", "none").attr("stroke", "var(--nn-NEUTRAL)").attr("stroke-width", 0.8);
  state.surface.layer("minimum").selectAll("path").data([s.argmin]).join("path")
    .attr("d", starPath(9)).attr("transform", (p) => `translate(${x(p[0])},${y(p[1])})`)
    .attr("fill", "var(--nn-NEUTRAL)").attr("stroke", "var(--nn-PAPER)").attr("stroke-width", 0.8);
  const left = wide ? m.left * 2 + m.right * 2 + pw : m.left;
  const top = wide ? m.top : ph + m.top * 2 + m.bottom;
  state.curve.place({ left, top, width: pw, height: ph }, scaleLinear(), scaleLinear());
  return s;
}

function starPath(r) {
  let d = "";
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 ? r * 0.45 : r;
    const angle = (Math.PI / 5) * k - Math.PI / 2;
    d += `${k ? "L" : "M"}${(radius * Math.cos(angle)).toFixed(2)},${(radius * Math.sin(angle)).toFixed(2)}`;
  }
  return `${d}Z`;
}

function draw(state, values, path, width) {
  const { problem: name, eta, steps } = values;
  const problem = state.problems[name];
  layout(state, width, name);
  const { x, y } = state.surface;
  const last = path.params.length - 1;
  state.surface.layer("path").selectAll("path").data([path.params]).join("path")
    .attr("d", line().x((p) => x(p[0])).y((p) => y(p[1]))).attr("fill", "none")
    .attr("stroke", "var(--nn-PARAM)").attr("stroke-width", 1.5);
  state.surface.layer("steps").selectAll("circle").data(path.params.length <= 400 ? path.params : []).join("circle")
    .attr("cx", (p) => x(p[0])).attr("cy", (p) => y(p[1])).attr("r", 1.6).attr("fill", "var(--nn-PARAM)");
  state.surface.layer("start").selectAll("circle").data([path.params[0]]).join("circle")
    .attr("cx", (p) => x(p[0])).attr("cy", (p) => y(p[1])).attr("r", 5)
    .attr("fill", "var(--nn-PAPER)").attr("stroke", "var(--nn-PARAM)").attr("stroke-width", 2);
  const end = path.divergedAt !== null ? [path.params[last]] : [];
  state.surface.layer("end").selectAll("path").data(end).join("path")
    .attr("d", "M-6,-6L6,6M-6,6L6,-6").attr("stroke", "var(--nn-MISTAKE)").attr("stroke-width", 3)
    .attr("transform", (p) => `translate(${Math.max(-20, Math.min(state.surface.width + 20, x(p[0])))},${Math.max(-20, Math.min(state.surface.height + 20, y(p[1])))})`);

  // the loss curve: a log scale when the loss spans more than a factor of 20 (as the Python figure)
  const finite = path.losses.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const log = hi > 20 * lo && lo > 0;
  const yScale = (log ? scaleLog() : scaleLinear()).domain(lo === hi ? [lo * 0.99, hi * 1.01 + 1e-12] : [lo, hi]);
  if (!log) yScale.nice();
  const xMax = path.divergedAt !== null ? Math.max(1, last) : steps;
  const curve = state.curve.place(state.curve, scaleLinear().domain([0, xMax]), yScale);
  curve.axes({ xTicks: Math.min(6, xMax), yTicks: 5, xFormat: "d", yFormat: log ? "~g" : null });
  curve.yLabel.text(log ? "loss L (log scale)" : "loss L");
  const points = path.losses.map((l, t) => [t, l]).filter(([, l]) => Number.isFinite(l));
  curve.layer("line").selectAll("path").data([points]).join("path")
    .attr("d", line().x((p) => curve.x(p[0])).y((p) => curve.y(p[1]))).attr("fill", "none")
    .attr("stroke", "var(--nn-PARAM)").attr("stroke-width", 1.8);
  curve.layer("marks").selectAll("circle").data(points.length <= 13 ? points : []).join("circle")
    .attr("cx", (p) => curve.x(p[0])).attr("cy", (p) => curve.y(p[1])).attr("r", 2.5).attr("fill", "var(--nn-PARAM)");
  const tail = path.divergedAt !== null && points.length ? [points[points.length - 1]] : [];
  curve.layer("end").selectAll("path").data(tail).join("path")
    .attr("d", "M-6,-6L6,6M-6,6L6,-6").attr("stroke", "var(--nn-MISTAKE)").attr("stroke-width", 3)
    .attr("transform", (p) => `translate(${curve.x(p[0])},${curve.y(p[1])})`);
  curve.title.text(`\u03b7 = ${pyFormatG(eta, 3)}, loss ${pyFormatG(path.losses[0], 3)} \u2192 ${pyFormatG(path.losses[last], 3)}`);
  const message = pathMessage(problem, path);
  curve.overlay.selectAll("text").data(message ? [message] : []).join("text")
    .attr("x", curve.width - 4).attr("y", path.divergedAt !== null ? curve.height - 8 : 16).attr("text-anchor", "end")
    .style("fill", (m) => (m.mistake ? "var(--nn-MISTAKE)" : null)).style("font-weight", (m) => (m.mistake ? 600 : null))
    .style("paint-order", "stroke").style("stroke", "var(--nn-PAPER)").style("stroke-width", 4)
    .text((m) => m.text);
}

export default defineWidget({
  name: "descent",
  setup,
  compute: ({ problem, eta, steps }, data) => descend(data.problems[problem], eta, steps),
  draw,
  summary: (values, path) => descentSummary(path, values.steps),
});
