// The controls a widget declares in Python (nnlearn.book.widgets.controls), built as native form controls:
// <input type="range"> for sliders (keyboard steps, Home/End and a screen reader's slider role come with
// it), <select> for choices, each with a visible <label> that is also its accessible name, a readout, and
// the value with its unit in aria-valuetext ("0.12", not the position "1120").

import { formatValue } from "./format.js";

/** The value of slider declaration `c` at position `i`, computed as Python computes it. */
export function valueAt(c, i) {
  if (c.kind === "slider") {
    const n = c.start + c.step * i;
    return c.scale === 1 ? n : n / c.scale;
  }
  if (c.kind === "log") {
    const perDecade = 9 * 10 ** (c.digits - 1);
    const decade = Math.floor(i / perDecade);
    const mantissa = 10 ** (c.digits - 1) + (i % perDecade);
    return parseFloat(`${mantissa}e${c.lowExp + decade - c.digits + 1}`);
  }
  throw new Error(`not a slider: ${c.kind}`);
}

/** The position of `value` on slider `c` (the nearest one). */
export function indexOf(c, value) {
  let i;
  if (c.kind === "slider") {
    i = Math.round((value * c.scale - c.start) / c.step);
  } else {
    const perDecade = 9 * 10 ** (c.digits - 1);
    let exponent = Math.floor(Math.log10(value));
    let mantissa = Math.round(value / 10 ** (exponent - c.digits + 1));
    if (mantissa >= 10 ** c.digits) { exponent += 1; mantissa = 10 ** (c.digits - 1); }
    if (mantissa < 10 ** (c.digits - 1)) { exponent -= 1; mantissa = 10 ** c.digits - 1; }
    i = (exponent - c.lowExp) * perDecade + mantissa - 10 ** (c.digits - 1);
  }
  return Math.min(c.count - 1, Math.max(0, i));
}

/** "0.12", "30 steps": what a screen reader announces for a slider's value. */
export function valueText(c, value) {
  return formatValue(value, c.format) + (c.unit ? ` ${c.unit}` : "");
}

/** "w₁ = 1.5" or "data: AND": one control's setting, as the text alternative writes it
 *  (nnlearn.book.widgets.controls.describe). */
export function describe(c, value) {
  if (c.kind === "choice") {
    const option = c.options.find(([, v]) => v === value);
    return `${c.label}: ${option ? option[0] : value}`;
  }
  return `${c.label} = ${valueText(c, value)}`;
}

/** The default value of each control, by name. */
export function defaults(declarations) {
  return Object.fromEntries(declarations.map((c) => [c.name, c.kind === "choice" ? c.default : valueAt(c, c.default)]));
}

let counter = 0;

/**
 * Build the controls of `declarations` in `parent`, at `values`. `onInput(name, value)` is called on every
 * input event (every step of a drag, every key press). Returns {set(name, value)} to move a control from
 * outside (a value set from Python) and {elements} (name -> the input or select).
 */
export function buildControls(parent, declarations, values, onInput) {
  const id = `nn-control-${++counter}`;
  const elements = {};
  const readouts = {};
  for (const c of declarations) {
    const row = document.createElement("div");
    row.className = `nn-control nn-control-${c.kind === "choice" ? "choice" : "slider"}`;
    const label = document.createElement("label");
    label.className = "nn-label";
    label.htmlFor = `${id}-${c.name}`;
    label.textContent = c.label;
    row.append(label);
    let input;
    if (c.kind === "choice") {
      input = document.createElement("select");
      for (const [shown, value] of c.options) input.add(new Option(shown, value));
      input.value = values[c.name];
      input.addEventListener("input", () => onInput(c.name, input.value));
    } else {
      input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = String(c.count - 1);
      input.step = "1";
      const readout = document.createElement("output");
      readout.className = "nn-readout";
      readout.setAttribute("aria-hidden", "true"); // the slider itself announces its value
      readouts[c.name] = readout;
      input.addEventListener("input", () => {
        const value = valueAt(c, Number(input.value));
        show(c, value);
        onInput(c.name, value);
      });
    }
    input.id = `${id}-${c.name}`;
    input.dataset.name = c.name;
    if (readouts[c.name]) readouts[c.name].htmlFor = input.id;
    elements[c.name] = input;
    row.append(input);
    if (readouts[c.name]) row.append(readouts[c.name]);
    parent.append(row);
  }

  function show(c, value) {
    if (c.kind === "choice") {
      elements[c.name].value = value;
      return;
    }
    const input = elements[c.name];
    const i = indexOf(c, value);
    if (Number(input.value) !== i) input.value = String(i);
    const text = valueText(c, value);
    input.setAttribute("aria-valuetext", text);
    readouts[c.name].textContent = formatValue(value, c.format);
  }

  for (const c of declarations) show(c, values[c.name]);
  return {
    elements,
    set(name, value) { show(declarations.find((c) => c.name === name), value); },
  };
}
