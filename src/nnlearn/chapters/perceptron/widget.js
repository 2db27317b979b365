// Chapter 1's widget in the browser: the perceptron (w1, w2, b) on a logic gate's four points. Every
// slider moves the boundary at once, all together; the table gives z and y_hat for each point.
// Python side: nnlearn/chapters/perceptron/widget.py (controls, data, traits, starting figure).

import { formatValue } from "../../book/widgets/js/format.js";
import { Panel, scaleLinear, svgIn } from "../../book/widgets/js/plot.js";
import { defineWidget } from "../../book/widgets/js/widget.js";
import { boundarySegment, halfPlane, perceptronSummary, perceptronView } from "./compute.js";

const SUB = { w1: "w\u2081", w2: "w\u2082", x1: "x\u2081", x2: "x\u2082" };
const HEADS = [SUB.x1, SUB.x2, "y", "z", "\u0177"];

function setup(figure, data) {
  figure.style.display = "flex";
  figure.style.flexWrap = "wrap";
  figure.style.alignItems = "center";
  figure.style.columnGap = "1rem";
  const holder = document.createElement("div");
  holder.style.flex = "0 0 auto";
  const svg = svgIn(holder, "the four points, the boundary line and the weight vector");
  const panel = new Panel(svg, { xLabel: SUB.x1, yLabel: SUB.x2 });
  const tableBox = document.createElement("div");
  tableBox.style.flex = "1 1 12rem";
  const table = document.createElement("table");
  table.className = "nn-table";
  table.createCaption().textContent = "each point: its label y, z = w\u2081x\u2081 + w\u2082x\u2082 + b and the prediction \u0177";
  table.caption.style.cssText = "caption-side: bottom; font-size: 0.85em; padding-top: 0.3rem; text-align: left";
  const head = table.createTHead().insertRow();
  for (const h of HEADS) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  const rows = [0, 1, 2, 3].map(() => {
    const row = body.insertRow();
    return HEADS.map(() => row.insertCell());
  });
  tableBox.append(table);
  figure.append(holder, tableBox);
  return { svg, panel, rows, lims: data.lims, size: 0 };
}

function layout(state, width) {
  const side = Math.max(200, Math.min(330, width - 60));
  if (side === state.size) return;
  state.size = side;
  const margin = { left: 46, top: 30, bottom: 46, right: 10 };
  state.svg.attr("width", side + margin.left + margin.right).attr("height", side + margin.top + margin.bottom);
  const [lo, hi] = state.lims;
  state.panel.place({ left: margin.left, top: margin.top, width: side, height: side },
    scaleLinear().domain([lo, hi]), scaleLinear().domain([lo, hi]));
  state.panel.axes({ xTicks: 2, yTicks: 2, xFormat: "d", yFormat: "d", grid: false });
  const ticks = (axis) => axis.selectAll(".tick").style("display", (d) => (Number.isInteger(d) ? null : "none"));
  ticks(state.panel.xAxis);
  ticks(state.panel.yAxis);
}

function draw(state, values, view, width) {
  layout(state, width);
  const { panel } = state;
  const { w1, w2, b, gate } = values;
  const { x, y } = panel;
  const [lo, hi] = state.lims;
  const points = (poly) => poly.map(([a, c]) => `${x(a)},${y(c)}`).join(" ");
  const shades = view.hasLine
    ? [[halfPlane(w1, w2, b, state.lims, true), "CLASS1"], [halfPlane(w1, w2, b, state.lims, false), "CLASS0"]]
    : [[[[lo, lo], [hi, lo], [hi, hi], [lo, hi]], b >= 0 ? "CLASS1" : "CLASS0"]];
  panel.layer("shade").selectAll("polygon").data(shades.filter(([p]) => p.length >= 3)).join("polygon")
    .attr("points", ([p]) => points(p)).attr("fill", ([, c]) => `var(--nn-${c})`).attr("fill-opacity", 0.16);

  const segment = boundarySegment(w1, w2, b, state.lims);
  panel.layer("line").selectAll("line").data(segment ? [segment] : []).join("line")
    .attr("x1", (s) => x(s[0][0])).attr("y1", (s) => y(s[0][1])).attr("x2", (s) => x(s[1][0])).attr("y2", (s) => y(s[1][1]))
    .attr("stroke", "var(--nn-PARAM)").attr("stroke-width", 3);

  // the weight vector w, from the middle of the visible line, pointing into the side predicted 1
  let arrow = [];
  if (segment) {
    const mx = (segment[0][0] + segment[1][0]) / 2;
    const my = (segment[0][1] + segment[1][1]) / 2;
    const norm = Math.hypot(w1, w2);
    const len = 0.3 * (hi - lo);
    arrow = [{ x0: x(mx), y0: y(my), x1: x(mx + (len * w1) / norm), y1: y(my + (len * w2) / norm) }];
  }
  const arrows = panel.layer("arrow").selectAll("g").data(arrow).join((enter) => {
    const g = enter.append("g");
    g.append("line").attr("stroke", "var(--nn-PARAM)").attr("stroke-width", 2);
    g.append("path").attr("fill", "var(--nn-PARAM)");
    g.append("text").attr("font-style", "italic").text("w");
    return g;
  });
  arrows.select("line").attr("x1", (d) => d.x0).attr("y1", (d) => d.y0).attr("x2", (d) => d.x1).attr("y2", (d) => d.y1);
  arrows.select("path").attr("d", (d) => {
    const angle = Math.atan2(d.y1 - d.y0, d.x1 - d.x0);
    const head = (a) => `${d.x1 - 10 * Math.cos(angle + a)},${d.y1 - 10 * Math.sin(angle + a)}`;
    return `M${d.x1},${d.y1}L${head(0.45)}L${head(-0.45)}Z`;
  });
  arrows.select("text").attr("x", (d) => d.x1 + 6).attr("y", (d) => d.y1 - 4);

  const data = view.X.map((p, i) => ({ p, label: view.y[i], wrong: view.mistakes[i] }));
  panel.layer("rings").selectAll("circle").data(data.filter((d) => d.wrong)).join("circle")
    .attr("cx", (d) => x(d.p[0])).attr("cy", (d) => y(d.p[1])).attr("r", 15)
    .attr("fill", "none").attr("stroke", "var(--nn-MISTAKE)").attr("stroke-width", 3);
  panel.layer("points").selectAll("path").data(data).join("path")
    .attr("d", (d) => (d.label === 1 ? "M-7,-7h14v14h-14Z" : "M8,0A8,8 0 1,1 -8,0A8,8 0 1,1 8,0Z"))
    .attr("transform", (d) => `translate(${x(d.p[0])},${y(d.p[1])})`)
    .attr("fill", (d) => `var(--nn-CLASS${d.label})`).attr("stroke", "var(--nn-INK)").attr("stroke-width", 0.8);

  const notes = [];
  if (!view.hasLine) notes.push(`no line: w\u2081 = w\u2082 = 0, so z = b: all predicted ${view.yHat[0]}`);
  else if (!segment) notes.push(`the line lies outside the view: all predicted ${view.yHat[0]}`);
  notes.push(view.nMistakes === 0 ? "no mistakes" : `misclassified: ${view.nMistakes} of ${view.y.length}`);
  panel.overlay.selectAll("text").data(notes).join("text")
    .attr("x", 6).attr("y", (d, i) => 16 + 17 * i)
    .attr("class", (d, i) => (i === notes.length - 1 && view.nMistakes ? "nn-mistake" : null))
    .style("fill", (d, i) => (i === notes.length - 1 && view.nMistakes ? "var(--nn-MISTAKE)" : null))
    .style("paint-order", "stroke").style("stroke", "var(--nn-PAPER)").style("stroke-width", 4)
    .text((d) => d);
  panel.title.text(`${gate}: ${SUB.w1} = ${formatValue(w1)}, ${SUB.w2} = ${formatValue(w2)}, b = ${formatValue(b)}`);

  view.X.forEach((p, r) => {
    const cells = [formatValue(p[0]), formatValue(p[1]), String(view.y[r]), formatValue(view.z[r], ".2f"), String(view.yHat[r])];
    state.rows[r].forEach((td, c) => {
      td.textContent = cells[c];
      td.className = view.mistakes[r] ? "nn-mistake" : "";
    });
  });
  state.rows.forEach((cells, r) => cells[4].setAttribute("aria-label",
    view.mistakes[r] ? `${view.yHat[r]}, wrong` : String(view.yHat[r])));
}

export default defineWidget({
  name: "perceptron",
  setup,
  compute: ({ w1, w2, b, gate }, data) => perceptronView(w1, w2, b, gate, data.gates),
  draw,
  summary: (values, view) => perceptronSummary(view),
});

