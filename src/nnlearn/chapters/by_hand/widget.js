// Chapter 3's widget in the browser: the 2->1->1 network worked forward and backward, every number on its
// edge, and the update table, for every value of the nine sliders together. Python side:
// nnlearn/chapters/by_hand/widget.py.

import { formatValue } from "../../book/widgets/js/format.js";
import { select, svgIn } from "../../book/widgets/js/plot.js";
import { defineWidget } from "../../book/widgets/js/widget.js";
import { backpropByHand, byHandSummary, panelFlags } from "./compute.js";

// The computation graph (nnlearn.plots.graph's layout): boxes (inputs, parameters, target), operation nodes.
const NODES = {
  x1: [0.35, 4.3, "box", "x\u2081", true], w11: [0.35, 3.05, "box", "w\u2081\u2081"],
  x2: [0.35, 1.95, "box", "x\u2082", true], w12: [0.35, 0.6, "box", "w\u2081\u2082"],
  m1: [1.55, 3.75, "op", "\u00d7"], m2: [1.55, 1.2, "op", "\u00d7"], s1: [2.95, 2.45, "op", "+"],
  b1: [2.95, 0.6, "box", "b\u2081"], f1: [4.05, 2.45, "op", "\u03c3"], m3: [5.15, 2.45, "op", "\u00d7"],
  w2: [5.15, 4.55, "box", "w\u2082"], s2: [6.3, 2.45, "op", "+"], b2: [6.3, 4.55, "box", "b\u2082"],
  f2: [7.4, 2.45, "op", "\u03c3"], L: [8.5, 2.45, "op", "L"], y: [8.5, 0.6, "box", "y", true], out: [9.7, 2.45, "end", ""],
};
// Edges forward: [from, to, forward label, value key, backward label, gradient key, label side]
const EDGES = [
  ["x1", "m1", "x\u2081", "x1", null, null, "above"], ["w11", "m1", "w\u2081\u2081", "w11", "\u2202L/\u2202w\u2081\u2081", "dL_dw11", "below"],
  ["x2", "m2", "x\u2082", "x2", null, null, "below"], ["w12", "m2", "w\u2081\u2082", "w12", "\u2202L/\u2202w\u2081\u2082", "dL_dw12", "below"],
  ["m1", "s1", "w\u2081\u2081x\u2081", "p11", "\u03b4\u2081", "delta1", "above"], ["m2", "s1", "w\u2081\u2082x\u2082", "p12", "\u03b4\u2081", "delta1", "above"],
  ["b1", "s1", "b\u2081", "b1", "\u2202L/\u2202b\u2081", "dL_db1", "right"], ["s1", "f1", "z\u2081", "z1", "\u03b4\u2081", "delta1", "below"],
  ["f1", "m3", "a\u2081", "a1", "\u2202L/\u2202a\u2081", "dL_da1", "above"], ["w2", "m3", "w\u2082", "w2", "\u2202L/\u2202w\u2082", "dL_dw2", "left"],
  ["m3", "s2", "w\u2082a\u2081", "p2", "\u03b4\u2082", "delta2", "below"], ["b2", "s2", "b\u2082", "b2", "\u2202L/\u2202b\u2082", "dL_db2", "right"],
  ["s2", "f2", "z\u2082", "z2", "\u03b4\u2082", "delta2", "above"], ["f2", "L", "\u0177", "yHat", "\u2202L/\u2202\u0177", "dL_dyhat", "below"],
  ["y", "L", "y", "y", null, null, "right"], ["L", "out", "L", "loss", "\u2202L/\u2202L", "one", "above"],
];
const VIEW = { w: 10.1, h: 5.1 };
const SYMBOL = { w11: "w\u2081\u2081", w12: "w\u2081\u2082", b1: "b\u2081", w2: "w\u2082", b2: "b\u2082" };

function graph(parent, colour, title) {
  const box = document.createElement("div");
  box.style.cssText = "overflow-x: auto; max-width: 100%";
  parent.append(box);
  const heading = document.createElement("p");
  heading.style.cssText = `margin: 0.2rem 0 0; font-weight: 600; color: var(--nn-${colour})`;
  heading.textContent = title;
  box.append(heading);
  const svg = svgIn(box, title);
  return { box, heading, svg, colour };
}

function setup(figure) {
  const forward = graph(figure, "FORWARD", "Forward");
  const backward = graph(figure, "BACKWARD", "Backward: \u2202L/\u2202(edge value) for every edge");
  const step = document.createElement("p");
  step.style.cssText = "margin: 0.4rem 0 0.2rem; font-weight: 600";
  const warnings = document.createElement("p");
  warnings.className = "nn-mistake";
  warnings.style.margin = "0 0 0.2rem";
  const tableBox = document.createElement("div");
  tableBox.style.cssText = "overflow-x: auto; max-width: 100%";
  const table = document.createElement("table");
  table.className = "nn-table";
  const head = table.createTHead().insertRow();
  for (const h of ["parameter", "old value", "gradient \u2202L/\u2202\u03b8", "step \u2212\u03b7 \u2202L/\u2202\u03b8", "new value", "direction"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  const rows = Object.keys(SYMBOL).map(() => {
    const row = body.insertRow();
    return Array.from({ length: 6 }, () => row.insertCell());
  });
  tableBox.append(table);
  figure.append(step, warnings, tableBox);
  return { forward, backward, step, warnings, rows, width: 0 };
}

function layout(g, width, backward) {
  const scale = Math.max(52, Math.min(78, width / VIEW.w));
  const x = (u) => 14 + u * scale;
  const y = (v) => 10 + (VIEW.h - v) * scale * 0.78;
  g.svg.attr("width", x(VIEW.w) + 10).attr("height", y(0) + 22);
  const edges = g.svg.selectAll("g.nn-edge").data(EDGES).join((enter) => {
    const e = enter.append("g").attr("class", "nn-edge");
    e.append("line");
    e.append("path");
    e.append("text").attr("class", "nn-edge-name");
    e.append("text").attr("class", "nn-edge-value");
    return e;
  });
  const ends = (d) => {
    let [a, b] = [NODES[d[0]], NODES[d[1]]];
    if (backward) [a, b] = [b, a];
    const [x0, y0, x1, y1] = [x(a[0]), y(a[1]), x(b[0]), y(b[1])];
    const len = Math.hypot(x1 - x0, y1 - y0);
    const cut = (n) => (n[2] === "op" ? 21 : n[2] === "end" ? 0 : 20);
    const [ux, uy] = [(x1 - x0) / len, (y1 - y0) / len];
    return { x0: x0 + ux * cut(a), y0: y0 + uy * cut(a), x1: x1 - ux * (cut(b) + 2), y1: y1 - uy * (cut(b) + 2), ux, uy,
      mx: (x0 + x1) / 2, my: (y0 + y1) / 2 };
  };
  edges.each(function (d) {
    const e = ends(d);
    const live = !backward || d[5] !== null;
    const colour = live ? `var(--nn-${g.colour})` : "var(--nn-NEUTRAL)";
    const sel = select(this);
    sel.select("line").attr("x1", e.x0).attr("y1", e.y0).attr("x2", e.x1).attr("y2", e.y1)
      .attr("stroke", colour).attr("stroke-width", 2);
    const head = (a) => `${e.x1 - 9 * (e.ux * Math.cos(a) - e.uy * Math.sin(a))},${e.y1 - 9 * (e.uy * Math.cos(a) + e.ux * Math.sin(a))}`;
    sel.select("path").attr("d", `M${e.x1},${e.y1}L${head(0.4)}L${head(-0.4)}Z`).attr("fill", colour);
    const side = d[6];
    const dx = side === "left" ? -8 : side === "right" ? 8 : 0;
    const dy = side === "above" ? -22 : side === "below" ? 16 : -4;
    const anchor = side === "left" ? "end" : side === "right" ? "start" : "middle";
    sel.select(".nn-edge-name").attr("x", e.mx + dx).attr("y", e.my + dy).attr("text-anchor", anchor)
      .style("fill", colour).text(live ? (backward ? d[4] : d[2]) : "");
    sel.select(".nn-edge-value").attr("x", e.mx + dx).attr("y", e.my + dy + 15).attr("text-anchor", anchor)
      .style("fill", colour);
    sel.selectAll("text").style("paint-order", "stroke").style("stroke", "var(--nn-PAPER)").style("stroke-width", 3);
  });
  const nodes = g.svg.selectAll("g.nn-node").data(Object.entries(NODES).filter(([, n]) => n[2] !== "end")).join((enter) => {
    const n = enter.append("g").attr("class", "nn-node");
    n.append("circle");
    n.append("rect");
    n.append("text").attr("text-anchor", "middle").attr("dy", "0.35em").style("font-size", "15px");
    return n;
  });
  nodes.attr("transform", ([, n]) => `translate(${x(n[0])},${y(n[1])})`);
  nodes.select("circle").attr("r", ([, n]) => (n[2] === "op" ? 19 : 0)).attr("fill", "var(--nn-PAPER)")
    .attr("stroke", "var(--nn-INK)").attr("stroke-width", 1.8);
  nodes.select("rect").attr("x", -19).attr("y", -15).attr("width", ([, n]) => (n[2] === "box" ? 38 : 0)).attr("height", 30)
    .attr("rx", 3).attr("fill", "var(--nn-PAPER)").attr("stroke", ([, n]) => (n[4] ? "var(--nn-NEUTRAL)" : "var(--nn-PARAM)"))
    .attr("stroke-width", 1.8);
  nodes.select("text").text(([, n]) => n[3]).style("fill", ([, n]) => (n[4] ? "var(--nn-NEUTRAL)" : null))
    .style("font-style", ([, n]) => (n[2] === "box" ? "italic" : null));
  g.svg.selectAll("text.nn-loss").data([0]).join("text").attr("class", "nn-loss").attr("x", x(8.3)).attr("y", y(4.3))
    .text("L = \u00bd(\u0177 \u2212 y)\u00b2");
}

function draw(state, values, result, width) {
  if (width !== state.width) {
    state.width = width;
    layout(state.forward, width, false);
    layout(state.backward, width, true);
  }
  const f = result.forward;
  const b = result.backward;
  const known = { ...values, p11: values.w11 * values.x1, p12: values.w12 * values.x2, z1: f.z1, a1: f.a1,
    p2: values.w2 * f.a1, z2: f.z2, yHat: f.yHat, loss: f.loss };
  const grads = { ...b, one: 1 };
  state.forward.svg.selectAll("g.nn-edge").select(".nn-edge-value").text((d) => formatValue(known[d[3]], ".4f"));
  state.backward.svg.selectAll("g.nn-edge").select(".nn-edge-value").text((d) => (d[5] === null ? "" : formatValue(grads[d[5]], ".4f")));
  state.forward.heading.textContent = `Forward: \u0177 = ${formatValue(f.yHat, ".4f")}, target y = ${formatValue(values.y)}, loss L = ${formatValue(f.loss, ".4f")}`;
  const change = result.lossDecrease;
  state.step.textContent = `One step with \u03b7 = ${formatValue(values.eta)}: loss ${formatValue(f.loss, ".4f")} \u2192 ` +
    `${formatValue(result.newForward.loss, ".4f")} (${change >= 0 ? "down" : "up"} by ${formatValue(Math.abs(change), ".4f")})`;
  const flags = panelFlags(result);
  state.warnings.textContent = [
    flags.overshot ? `The step overshot: the loss went up by ${formatValue(-change, ".4f")}. Try a smaller learning rate \u03b7.` : "",
    flags.saturated ? "Every gradient rounds to 0.0000: the sigmoids are saturated (|z| large), so this step barely changes anything." : "",
  ].filter(Boolean).join(" ");
  result.update.forEach((r, i) => {
    const stepText = formatValue(r.step, ".4f");
    const signed = stepText.startsWith("\u2212") || Number(stepText.replace("\u2212", "-")) === 0 ? stepText : `+${stepText}`;
    const direction = Number(stepText.replace("\u2212", "-")) === 0 ? "\u2248 0" : r.step > 0 ? "\u2191 up" : "\u2193 down";
    const cells = [SYMBOL[r.name], formatValue(r.old, ".4f"), formatValue(r.gradient, ".4f"), signed, formatValue(r.new, ".4f"), direction];
    state.rows[i].forEach((td, c) => {
      td.textContent = cells[c];
      td.style.color = c === 2 ? "var(--nn-BACKWARD)" : "";
      td.style.fontStyle = c === 0 ? "italic" : "";
    });
  });
}

export default defineWidget({
  name: "by_hand",
  setup,
  compute: (values) => backpropByHand(values),
  draw,
  summary: (values, result) => byHandSummary(result),
});
