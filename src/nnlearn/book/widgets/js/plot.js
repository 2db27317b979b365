// The figures' plotting layer, on d3's modules: scales (d3-scale), axes (d3-axis), lines (d3-shape) and
// contour lines (d3-contour), drawn as SVG in CSS pixels, so text keeps its size at every width.

import { axisBottom, axisLeft } from "d3-axis";
import { contours } from "d3-contour";
import { format } from "d3-format";
import { scaleLinear, scaleLog } from "d3-scale";
import { select } from "d3-selection";
import { line } from "d3-shape";

export { line, scaleLinear, scaleLog, select };

/** An <svg> in `parent` with role img and an accessible name (the live text says the numbers). */
export function svgIn(parent, label) {
  return select(parent).append("svg").attr("role", "img").attr("aria-label", label)
    .attr("xmlns", "http://www.w3.org/2000/svg");
}

/**
 * A panel: a group at (left, top) of size width x height (the plotting area, CSS px), with scales,
 * axes, axis labels and a title, and layers (back to front) to draw into.
 */
export class Panel {
  constructor(svg, { xLabel = "", yLabel = "", title = "", clip = true } = {}) {
    Panel.count = (Panel.count || 0) + 1;
    this.id = `nn-clip-${Panel.count}-${Math.random().toString(36).slice(2, 8)}`;
    this.g = svg.append("g").attr("class", "nn-panel");
    this.clipRect = svg.append("clipPath").attr("id", this.id).append("rect");
    this.plot = this.g.append("g").attr("clip-path", clip ? `url(#${this.id})` : null);
    this.layers = {};
    this.xAxis = this.g.append("g").attr("class", "nn-axis nn-x");
    this.yAxis = this.g.append("g").attr("class", "nn-axis nn-y");
    this.xLabel = this.g.append("text").attr("text-anchor", "middle").text(xLabel);
    this.yLabel = this.g.append("text").attr("text-anchor", "middle").text(yLabel);
    this.title = this.g.append("text").attr("class", "nn-title").attr("text-anchor", "middle").text(title);
    this.overlay = this.g.append("g");
    this.x = scaleLinear();
    this.y = scaleLinear();
  }

  /** A named layer of the plotting area, created on first use (in call order: first is at the back). */
  layer(name) {
    if (!this.layers[name]) this.layers[name] = this.plot.append("g").attr("class", `nn-layer-${name}`);
    return this.layers[name];
  }

  /** Place the panel and set its scales: `x`, `y` are d3 scales with their domains set. */
  place({ left, top, width, height }, x, y) {
    Object.assign(this, { left, top, width, height });
    this.x = x.range([0, width]);
    this.y = y.range([height, 0]);
    this.g.attr("transform", `translate(${left},${top})`);
    // the clip path is read in the plot group's coordinates, which the panel's translation already moved
    this.clipRect.attr("x", 0).attr("y", 0).attr("width", width).attr("height", height);
    return this;
  }

  /** Draw the axes (d3-axis) with about `xTicks` and `yTicks` ticks; a log scale gets its own tick labels. */
  axes({ xTicks = 5, yTicks = 5, xFormat = null, yFormat = null, grid = true } = {}) {
    const ax = axisBottom(this.x).ticks(xTicks, xFormat).tickSizeOuter(0);
    const ay = axisLeft(this.y).ticks(yTicks, yFormat).tickSizeOuter(0);
    if (this.y.base) ay.tickValues(logTicks(this.y.domain())).tickFormat(format("~g"));
    if (grid) ay.tickSizeInner(-this.width);
    this.xAxis.attr("transform", `translate(0,${this.height})`).call(ax);
    this.yAxis.call(ay);
    for (const axis of [this.xAxis, this.yAxis]) {
      axis.attr("font-size", null).attr("font-family", null);
      axis.selectAll("text").text(function () { return this.textContent.replaceAll("-", "\u2212"); });
    }
    this.yAxis.selectAll(".tick line").attr("stroke-opacity", grid ? 0.6 : 1);
    this.xLabel.attr("x", this.width / 2).attr("y", this.height + 34);
    this.yLabel.attr("transform", `translate(${-this.yLabelOffset()},${this.height / 2}) rotate(-90)`);
    this.title.attr("x", this.width / 2).attr("y", -10);
    return this;
  }

  /** Room for the y tick labels: estimated from their length (7.2 px a character at the figure's 12.5 px),
   *  since measuring text would force the page's layout on every redraw. */
  yLabelOffset() {
    let widest = 0;
    this.yAxis.selectAll(".tick text").each(function () { widest = Math.max(widest, this.textContent.length); });
    return widest * 7.2 + 18;
  }
}

/** Tick values for a log axis over [lo, hi]: the powers of ten in it, or 1-2-5 steps when fewer than two. */
export function logTicks([lo, hi]) {
  for (const mantissas of [[1], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]]) {
    const ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = m * 10 ** e;
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
      }
    }
    if (ticks.length >= 2) return ticks.length > 8 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0) : ticks;
  }
  return [lo, hi];
}

/** The path data ("M...Z") of d3-contour's MultiPolygon `geometry` on a grid of nx x ny values, whose corners
 *  are the data points x0..x1, y0..y1, mapped through the panel's scales `x` and `y`. */
export function contourPath(geometry, nx, ny, [x0, x1], [y0, y1], x, y) {
  const sx = (x1 - x0) / (nx - 1);
  const sy = (y1 - y0) / (ny - 1);
  let d = "";
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      // d3-contour puts grid value (i, j) at (i + 0.5, j + 0.5); move it back to the data point
      d += ring.map(([gx, gy], k) =>
        `${k ? "L" : "M"}${x(x0 + (gx - 0.5) * sx).toFixed(1)},${y(y0 + (gy - 0.5) * sy).toFixed(1)}`).join("") + "Z";
    }
  }
  return d;
}

/** Contour polygons (d3-contour) of `values` (row-major, ny rows of nx) at `thresholds`. */
export function contourGeometries(values, nx, ny, thresholds) {
  return contours().size([nx, ny]).thresholds(thresholds)(values);
}
