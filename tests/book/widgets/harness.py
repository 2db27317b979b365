"""A page that runs one book widget outside Jupyter: its bundle as an ES module and a small stand-in for
anywidget's model (get, set, on, off, save_changes) holding the widget's state from Python.

Used by the widget tests in this folder and by benchmarks/widget_redraw.py to drive a widget in headless
Chromium without building the book; the book's own pages are checked in tests/test_book_html.py.
"""

from __future__ import annotations

import json
import pathlib

PAGE = """<!doctype html>
<html lang="en"{theme}><head><meta charset="utf-8"><title>{name} widget</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font-family: system-ui, sans-serif; margin: 16px; }}
html[data-theme="dark"] body {{ background: #14181e; color: #ced6dd; }}</style></head>
<body><div class="cell_output"><figure class="nn-fallback"><img alt="fallback"></figure><div id="widget"></div></div>
<script type="application/json" id="state">{state}</script>
<script type="module">
const state = JSON.parse(document.getElementById("state").textContent);
const listeners = {{}};
const model = {{
  get: (name) => state[name],
  set: (name, value) => {{ const old = state[name]; state[name] = value;
    if (old !== value) (listeners["change:" + name] || []).forEach((f) => f()); }},
  on: (event, f) => {{ (listeners[event] = listeners[event] || []).push(f); }},
  off: (event, f) => {{ listeners[event] = (listeners[event] || []).filter((g) => g !== f); }},
  save_changes: () => {{ window.nnSaved = (window.nnSaved || 0) + 1; }},
}};
window.nnModel = model;
const url = URL.createObjectURL(new Blob([state._esm], {{type: "text/javascript"}}));
const mod = await import(url);
mod.default.render({{model, el: document.getElementById("widget")}});
window.nnReady = true;
</script></body></html>
"""


def write_page(widget, path: pathlib.Path, theme: str = "light") -> pathlib.Path:
    """Write the harness page for ``widget`` (a BookWidget) to ``path`` and return it."""
    state = {k: v for k, v in widget.get_state().items() if not k.startswith("_view") and k != "layout"}
    text = json.dumps(state).replace("</", "<\\/")
    attr = ' data-theme="dark"' if theme == "dark" else ""
    path.write_text(PAGE.format(name=type(widget).__name__, state=text, theme=attr), encoding="utf-8")
    return path
