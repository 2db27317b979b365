// What every book widget does, whatever it draws (the anywidget front end of
// nnlearn.book.widgets.BookWidget): read the controls Python declared (`_controls`), the data it sent
// (`_data`) and the palette (`_palette`); build the controls, the figure and a live text alternative;
// on every input event compute and redraw at once; keep the model's traits in step, so that in
// JupyterLab Python sees what the reader set and the page follows what Python sets.
//
// A chapter's widget.js calls defineWidget({name, setup, compute, draw, summary}) and exports the result
// as its default export (what anywidget loads):
//   setup(figure, data)              -> state: build the figure's fixed parts once, in the `figure` element
//   compute(values, data)            -> result: the numbers (pure; tested against nnlearn)
//   draw(state, values, result, width): update the figure (width: the figure's width in CSS pixels)
//   summary(values, result)          -> "1 of 4 points misclassified": the text alternative's result

import { buildControls, defaults, describe } from "./controls.js";
import { applyTheme } from "./theme.js";

/** Milliseconds of each redraw (compute + draw + text), newest last: read by benchmarks/widget_redraw.py. */
function record(root, ms) {
  const times = (root.nnRedrawTimes = root.nnRedrawTimes || []);
  times.push(ms);
  if (times.length > 10000) times.shift();
}

/** How long the controls must rest before the live region announces the new result. */
const ANNOUNCE_AFTER_MS = 400;

export function defineWidget(spec) {
  function render({ model, el }) {
    const declarations = model.get("_controls");
    const data = model.get("_data");
    applyTheme(model.get("_palette"));
    const root = document.createElement("div");
    root.className = `nn-widget nn-widget-${spec.name}`;
    const controlsBox = document.createElement("div");
    controlsBox.className = "nn-controls";
    const figure = document.createElement("div");
    figure.className = "nn-figure";
    const text = document.createElement("p");
    text.className = "nn-text";
    // what a screen reader announces: the same text, once the reader stops moving a control (a polite live
    // region updated on every step of a drag would queue dozens of announcements)
    const live = document.createElement("p");
    live.className = "nn-live";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    root.append(controlsBox, figure, text, live);
    let announce = null;
    el.append(root);

    const values = defaults(declarations);
    for (const c of declarations) {
      const v = model.get(c.name);
      if (v !== undefined && v !== null) values[c.name] = v;
    }
    const state = spec.setup(figure, data);
    let width = 0;

    function redraw() {
      const t0 = performance.now();
      const result = spec.compute(values, data);
      spec.draw(state, values, result, width || figure.clientWidth || 640);
      const setting = declarations.map((c) => describe(c, values[c.name])).join(", ");
      text.textContent = `${setting}: ${spec.summary(values, result)}`;
      clearTimeout(announce);
      announce = setTimeout(() => { live.textContent = text.textContent; }, ANNOUNCE_AFTER_MS);
      record(root, performance.now() - t0);
    }

    const controls = buildControls(controlsBox, declarations, values, (name, value) => {
      values[name] = value;
      redraw();
      model.set(name, value);
      model.save_changes(); // reaches Python in JupyterLab; does nothing in the static book (no kernel)
    });

    const listeners = declarations.map((c) => {
      const listener = () => {
        const value = model.get(c.name);
        if (value === values[c.name]) return;
        values[c.name] = value;
        controls.set(c.name, value);
        redraw();
      };
      model.on(`change:${c.name}`, listener);
      return [c.name, listener];
    });

    // The figure lays itself out for its width (a phone stacks what a desktop puts side by side).
    const resize = new ResizeObserver(() => {
      const w = Math.floor(figure.clientWidth);
      if (w > 0 && w !== width) {
        width = w;
        redraw();
      }
    });
    resize.observe(figure);
    redraw();

    return () => {
      clearTimeout(announce);
      resize.disconnect();
      for (const [name, listener] of listeners) model.off(`change:${name}`, listener);
    };
  }
  return { render };
}
