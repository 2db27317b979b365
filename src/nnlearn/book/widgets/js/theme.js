// The book's palette and type in the widget: the colours come from nnlearn.style (sent by Python as the
// `_palette` trait: {light: {FORWARD: "#...", ...}, dark: {...}}), as CSS variables --nn-FORWARD etc.
// The dark ones apply when the page is dark: the Jupyter Book theme's html[data-theme="dark"] or
// JupyterLab's body[data-jp-theme-light="false"]. Text takes the page's own font.

const DARK_PAGES = ['html[data-theme="dark"]', 'body[data-jp-theme-light="false"]'];

function variables(colours) {
  return Object.entries(colours).map(([name, colour]) => `--nn-${name}: ${colour};`).join(" ");
}

/** The widget's style sheet (one per page, shared by every widget on it). */
export function styleSheet(palette) {
  return `
.nn-widget { ${variables(palette.light)} }
${DARK_PAGES.map((page) => `${page} .nn-widget`).join(", ")} { ${variables(palette.dark)} }
.nn-widget { position: relative; color: var(--nn-INK); background: var(--nn-PAPER); font-family: inherit; font-size: 0.95em;
  line-height: 1.4; padding: 6px 4px; border-radius: 4px; max-width: 100%; box-sizing: border-box; }
.nn-widget .nn-controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 0.3rem 1.2rem; margin: 0 0 0.4rem; }
.nn-widget .nn-control { display: grid; grid-template-columns: 4.2rem minmax(6rem, 1fr) 3.6rem; align-items: center;
  gap: 0.4rem; min-width: 0; }
.nn-widget .nn-control-choice { grid-template-columns: 4.2rem minmax(6rem, 1fr); }
.nn-widget .nn-label { font-weight: 600; white-space: nowrap; }
.nn-widget input[type="range"] { width: 100%; min-width: 6rem; margin: 0; accent-color: var(--nn-PARAM); }
.nn-widget select { font: inherit; color: var(--nn-INK); background: var(--nn-PAPER);
  border: 1px solid var(--nn-NEUTRAL); border-radius: 3px; padding: 1px 4px; max-width: 100%; }
.nn-widget .nn-readout { font-variant-numeric: tabular-nums; text-align: right; }
.nn-widget .nn-figure { width: 100%; }
.nn-widget svg { display: block; overflow: visible; color: var(--nn-INK); }
.nn-widget svg text { font-family: inherit; font-size: 12.5px; fill: var(--nn-INK); }
.nn-widget svg .nn-title { font-size: 14px; }
.nn-widget svg .tick line { stroke: var(--nn-NEUTRAL); }
.nn-widget svg .domain { stroke: var(--nn-INK); }
.nn-widget .nn-text { margin: 0.3rem 0 0; }
.nn-widget .nn-live { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.nn-widget table.nn-table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0; }
.nn-widget table.nn-table th, .nn-widget table.nn-table td { padding: 2px 10px; text-align: center;
  color: var(--nn-INK); background: none; border: none; }
.nn-widget table.nn-table thead th { border-bottom: 1px solid var(--nn-NEUTRAL); }
.nn-widget .nn-mistake { color: var(--nn-MISTAKE); font-weight: 600; }
/* The widget has rendered: the starting figure drawn by Python for pages without JavaScript steps aside. */
.cell_output:has(.nn-widget) .nn-fallback, .jp-OutputArea:has(.nn-widget) .nn-fallback,
.output:has(.nn-widget) .nn-fallback { display: none; }
@media (max-width: 600px) { .nn-widget .nn-controls { grid-template-columns: 1fr; } }
`;
}

/** Add the style sheet to the page once (a second widget on the page finds it there). */
export function applyTheme(palette) {
  const id = "nn-widget-style";
  if (document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = styleSheet(palette);
  document.head.append(style);
}
