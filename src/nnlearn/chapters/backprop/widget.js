// Chapter 4's step-through in the browser: one forward and backward pass of a 2-2-1 network, one step per
// slider position, each value drawn in the colour of its meaning (forward values, error signals, weights).
// Python side: nnlearn/chapters/backprop/widget.py.

import { svgIn } from "../../book/widgets/js/plot.js";
import { defineWidget } from "../../book/widgets/js/widget.js";
import { stepFrame, stepperValues } from "./compute.js";

const ROLE = { forward: "FORWARD", backward: "BACKWARD", param: "PARAM", pending: "NEUTRAL" };
const DX = 4.2; // between two layers (nnlearn.plots.network_graph's units)
const DY = 3.0; // between two units of a layer
const R = 0.55; // a unit's radius

/** nnlearn.plots.network_graph.unit_positions: layer l at x = 4.2 l, its units 3 apart, centred on y = 0. */
function positions(widths) {
  const pos = {};
  widths.forEach((n, l) => { for (let k = 0; k < n; k++) pos[`${l},${k}`] = [l * DX, ((n - 1) / 2) * DY - k * DY]; });
  return pos;
}

function setup(figure, data) {
  const title = document.createElement("p");
  title.style.cssText = "margin: 0.2rem 0; font-weight: 600";
  const box = document.createElement("div");
  box.style.cssText = "overflow-x: auto; max-width: 100%";
  figure.append(title, box);
  const svg = svgIn(box, "the network: units, weights and the loss, with the values of this step");
  return { title, svg, example: data.example, values: stepperValues(data.example) };
}

function draw(state, values, frame, width) {
  const pos = positions(frame.widths);
  const xs = Object.values(pos).map((p) => p[0]);
  const ys = Object.values(pos).map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 1.3, Math.max(...xs) + 3.4, Math.min(...ys) - 2.1, Math.max(...ys) + 1.0];
  const scale = Math.max(42, Math.min(64, (width - 10) / (x1 - x0)));
  const X = (u) => (u - x0) * scale;
  const Y = (v) => (y1 - v) * scale;
  state.svg.attr("width", X(x1)).attr("height", Y(y0));
  state.title.textContent = frame.title;
  const colour = (role) => `var(--nn-${ROLE[role]})`;

  const edges = state.svg.selectAll("g.nn-edge").data(frame.edges).join((enter) => {
    const g = enter.append("g").attr("class", "nn-edge");
    g.append("line");
    g.append("path");
    return g;
  });
  edges.each(function (e) {
    const [ax, ay] = pos[`${e.layer - 1},${e.src}`];
    const [bx, by] = pos[`${e.layer},${e.dst}`];
    const d = Math.hypot(bx - ax, by - ay);
    const [ux, uy] = [(bx - ax) / d, (by - ay) / d];
    const [sx, sy, tx, ty] = [X(ax + ux * R), Y(ay + uy * R), X(bx - ux * R), Y(by - uy * R)];
    const c = e.highlight ? colour(e.highlight) : "var(--nn-NEUTRAL)";
    const line = this.querySelector("line");
    line.setAttribute("x1", sx); line.setAttribute("y1", sy); line.setAttribute("x2", tx); line.setAttribute("y2", ty);
    line.setAttribute("stroke", c); line.setAttribute("stroke-width", e.highlight ? 2.6 : 1.4);
    const angle = Math.atan2(ty - sy, tx - sx);
    const head = (a) => `${tx - 10 * Math.cos(angle + a)},${ty - 10 * Math.sin(angle + a)}`;
    const path = this.querySelector("path");
    path.setAttribute("d", `M${tx},${ty}L${head(0.4)}L${head(-0.4)}Z`);
    path.setAttribute("fill", c);
  });
  // edge labels: near the source end where edges cross (both layers wider than one unit), else in the middle
  const labels = frame.edges.flatMap((e) => {
    const [ax, ay] = pos[`${e.layer - 1},${e.src}`];
    const [bx, by] = pos[`${e.layer},${e.dst}`];
    const t = frame.widths[e.layer - 1] > 1 && frame.widths[e.layer] > 1 ? 0.3 : 0.5;
    const [lx, ly] = [ax + t * (bx - ax), ay + t * (by - ay)];
    return e.text.map(([role, text], i) => ({ x: X(lx), y: Y(ly + 0.22 - 0.42 * i), role, text }));
  });
  state.svg.selectAll("text.nn-edge-label").data(labels).join("text").attr("class", "nn-edge-label")
    .attr("x", (d) => d.x).attr("y", (d) => d.y).attr("dy", "0.35em").attr("text-anchor", "middle")
    .style("fill", (d) => colour(d.role)).style("paint-order", "stroke").style("stroke", "var(--nn-PAPER)")
    .style("stroke-width", 4).text((d) => d.text);

  const nodes = state.svg.selectAll("g.nn-unit").data(frame.nodes).join((enter) => {
    const g = enter.append("g").attr("class", "nn-unit");
    g.append("circle");
    g.append("text").attr("class", "nn-unit-label").attr("text-anchor", "middle").attr("dy", "0.35em").style("font-size", "15px");
    return g;
  });
  nodes.attr("transform", (n) => { const [x, y] = pos[`${n.layer},${n.index}`]; return `translate(${X(x)},${Y(y)})`; });
  nodes.select("circle").attr("r", R * scale).attr("fill", "var(--nn-PAPER)")
    .attr("stroke", (n) => colour(n.role)).attr("stroke-width", (n) => (n.highlight ? 3.5 : 1.6));
  nodes.select("text.nn-unit-label").text((n) => n.label).style("fill", "var(--nn-PARAM)");
  nodes.selectAll("text.nn-unit-line").data((n) => n.text).join("text").attr("class", "nn-unit-line")
    .attr("text-anchor", "middle").attr("y", (d, i) => (R + 0.3 + 0.36 * i) * scale).attr("dy", "0.35em")
    .style("fill", (d) => colour(d.startsWith("\u03b4") ? "backward" : "forward")).text((d) => d);

  const out = Object.entries(pos).filter(([k]) => k.startsWith(`${frame.widths.length - 1},`)).map(([, p]) => p);
  const lx = out[0][0] + 2.2;
  const ly = out.reduce((s, p) => s + p[1], 0) / out.length;
  const lossLines = frame.loss.length ? [["param", "loss"], ...frame.loss] : [];
  state.svg.selectAll("text.nn-loss").data(lossLines).join("text").attr("class", "nn-loss")
    .attr("x", X(lx)).attr("y", (d, i) => Y(ly + 0.45 - 0.42 * i)).attr("text-anchor", "middle")
    .style("fill", (d) => colour(d[0])).text((d) => d[1]);
}

export default defineWidget({
  name: "backprop",
  setup,
  compute: ({ step }, data, state) => stepFrame(step, data.example),
  draw,
  summary: (values, frame) => frame.summary,
});
