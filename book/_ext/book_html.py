"""Sphinx extension with two fixes to the HTML that Jupyter Book 1 writes, so that every page
works offline, from ``file://`` too, with no error in the browser console.

1. Inline scripts written once. Sphinx 7.4 (the version Jupyter Book 1 uses) writes an inline
   script twice when an extension adds it after the builder starts (sphinx-togglebutton does at
   ``builder-inited``, sphinx-thebe at ``env-before-read-docs``): the builder keeps it with the
   file name ``None``, then re-adds it from the registry as ``''``, and the two copies do not
   compare equal. The second copy of sphinx-thebe's ``const THEBE_JS_URL = ...`` is an error on
   every page ("Identifier 'THEBE_JS_URL' has already been declared"). Naming the first copy
   ``''`` lets Sphinx's own de-duplication drop the second.

2. Saved widgets shown with no error. On pages with widgets, one inline script before
   ``require.js`` does two things. ``@jupyter-widgets/html-manager`` (served from
   ``_static/offline/html-manager``, see ``_config.yml``) loads its icon fonts relative to its
   RequireJS module path, which by default is the page's own folder
   (``chapters/@jupyter-widgets/html-manager/dist/...``: not found); a RequireJS configuration
   maps that module path to the folder the files are really in, relative to the page. And the
   widget manager typesets math in widget labels with MathJax 2's ``MathJax.Hub.Queue``, which
   MathJax 3 (the book's) does not have: a two-line adapter passes the job to MathJax 3.
"""

from __future__ import annotations

import json

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

#: Where `make book` puts the widget manager, inside the HTML static folder.
HTML_MANAGER_DIR = "_static/offline/html-manager"


#: Widgets are drawn at the page's load event, after MathJax 3 (a deferred script) has run.
MATHJAX2_ADAPTER = """document.addEventListener("DOMContentLoaded", function () {
  if (window.MathJax && MathJax.startup && !MathJax.Hub) {
    MathJax.Hub = {Queue: function (job) {
      MathJax.startup.promise = MathJax.startup.promise.then(function () { return MathJax.typesetPromise([job[2]]); });
    }};
  }
});"""


def name_inline_scripts_like_sphinx(app: Sphinx, *args) -> None:
    """Rename the builder's inline scripts from ``None`` to ``''``, as Sphinx names them when it re-adds them."""
    scripts = getattr(app.builder, "_js_files", None)
    if scripts is None:
        return
    app.builder._js_files = [
        _JavaScript("", priority=js.priority, **js.attributes) if js.filename is None else js for js in scripts
    ]


def point_requirejs_at_the_widget_manager(app: Sphinx, pagename: str, templatename: str, context: dict,
                                          doctree) -> None:
    """On a page with saved widgets, configure RequireJS (before it loads) to find the widget manager's files."""
    from myst_nb.sphinx_ import NbMetadataCollector

    if app.env is None or "ipywidgets_state" not in NbMetadataCollector.get_js_files(app.env, pagename):
        return
    folder = context["pathto"](HTML_MANAGER_DIR, 1)
    config = {"paths": {"@jupyter-widgets/html-manager/dist": folder}}
    # A global `require` object defined before require.js loads is its configuration; myst-nb adds
    # require.js at priority 500, so this goes first.
    app.add_js_file(None, priority=450, body=f"var require = {json.dumps(config)};\n{MATHJAX2_ADAPTER}")


def setup(app: Sphinx) -> dict:
    # After every extension's own handlers (default priority 500).
    app.connect("builder-inited", name_inline_scripts_like_sphinx, priority=900)
    app.connect("env-updated", name_inline_scripts_like_sphinx, priority=900)
    app.connect("html-page-context", point_requirejs_at_the_widget_manager)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
