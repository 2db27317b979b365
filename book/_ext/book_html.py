"""Sphinx extension with fixes to the HTML that Jupyter Book 1 writes, so that every page
works offline, from ``file://`` too, with no error or warning in the browser console.

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
   maps that module path to the folder the files are really in, relative to the page, and the module
   ``anywidget`` (the front end of the book's widgets) to its copy in ``_static/offline/anywidget``. And the
   widget manager typesets math in widget labels with MathJax 2's ``MathJax.Hub.Queue``, which
   MathJax 3 (the book's) does not have: a two-line adapter passes the job to MathJax 3.

3. A clean page, downloads and a screen reader's explorer from ``file://`` (the readers' block at the end):
   the theme's top bar, which held only a second search button, is left out (``templates/layout.html``);
   the ".ipynb" download link gets a ``download`` attribute (enough over HTTP), and from ``file://``,
   where browsers ignore that attribute, a click loads the notebook as a script written next to it and
   saves it through a Blob; MathJax's speech rule engine gets a loader for its locale maps that injects
   the script versions ``tools/offline_assets.py`` writes, since ``fetch`` of a ``file://`` JSON fails.
"""

from __future__ import annotations

import json
import pathlib
import re

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

#: Where `make book` puts the widget manager, inside the HTML static folder.
HTML_MANAGER_DIR = "_static/offline/html-manager"
#: Where `make book` puts anywidget's front end (the module the book's widgets run in), without ".js".
ANYWIDGET_MODULE = "_static/offline/anywidget/index"


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
    # The widget manager asks RequireJS for a widget's module by name ("anywidget") and only when that fails
    # loads it from a CDN (an empty data-jupyter-widgets-cdn means jsDelivr): the path keeps it on disk.
    config = {"paths": {"@jupyter-widgets/html-manager/dist": folder,
                        "anywidget": context["pathto"](ANYWIDGET_MODULE, 1)}}
    # A global `require` object defined before require.js loads is its configuration; myst-nb adds
    # require.js at priority 500, so this goes first.
    app.add_js_file(None, priority=450, body=f"var require = {json.dumps(config)};\n{MATHJAX2_ADAPTER}")


# ------------------------------------------------------------------ readers: clean page, download, speech
#: The speech rule engine (SRE) reads the global ``SREfeature`` when it is set up, and its ``custom`` entry is the
#: hook that loads a locale map (a Promise of the JSON text). MathJax's ``a11y/sre`` component sets
#: ``SREfeature = {json: <maps folder>}`` and then ``custom`` to a loader that fetches ``<locale>.json``, which
#: fails from file://. This keeps the folder MathJax chose and answers ``custom`` with a loader that injects
#: ``<locale>.js`` (written by tools/offline_assets.py), which loads from file:// and over HTTP alike.
SRE_LOADER = """(function () {
  var feature;
  function load(folder, locale) {
    return new Promise(function (resolve, reject) {
      var maps = window.nnlearnMathmaps = window.nnlearnMathmaps || {};
      if (maps[locale]) { resolve(maps[locale]); return; }
      var script = document.createElement("script");
      script.src = String(folder).replace(/\\/?$/, "/") + locale + ".js";
      script.onload = function () { maps[locale] ? resolve(maps[locale]) : reject(locale); };
      script.onerror = function () { reject(locale); };
      document.head.appendChild(script);
    });
  }
  Object.defineProperty(window, "SREfeature", {configurable: true, get: function () { return feature; },
    set: function (value) {
      feature = value;
      Object.defineProperty(feature, "custom", {configurable: true, enumerable: true,
        get: function () { return function (locale) { return load(feature.json, locale); }; },
        set: function () {}});
    }});
  // MathJax 3.2.2's menu re-renders the math as soon as the explorer's code has loaded; the first time, the
  // engine may still be reading its maps, and the semantic enrichment then throws MathJax's "retry" signal,
  // which the menu does not wait for: the math is left half re-rendered. Retry the re-rendering when the
  // engine is ready, as MathJax does for its own first typesetting.
  window.addEventListener("load", function () {
    if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) { return; }
    MathJax.startup.promise.then(function () {
      var menu = MathJax.startup.document.menu, retries = MathJax._.util.Retries;
      if (!menu || !retries || menu.nnlearnRetries) { return; }
      var rerender = menu.rerender.bind(menu);
      menu.nnlearnRetries = true;
      menu.rerender = function (start) {
        return retries.handleRetriesFor(function () { rerender(start); }).catch(function (error) {
          console.error("MathJax could not re-render the math:", error);
        });
      };
    });
  });
})();"""

#: From file://, a click on a notebook download link loads ``<notebook>.js`` (its text, see below) and saves
#: it through a Blob, which the browser downloads under the link's ``download`` name.
DOWNLOAD_FROM_FILE = """document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[download][href$='.ipynb']");
  if (!link || location.protocol !== "file:") { return; }
  event.preventDefault();
  var script = document.createElement("script");
  script.src = link.getAttribute("href") + ".js";
  script.onload = function () {
    var text = (window.nnlearnNotebooks || {})[link.getAttribute("download")];
    var blob = new Blob([text], {type: "application/x-ipynb+json"});
    var save = document.createElement("a");
    save.href = URL.createObjectURL(blob);
    save.download = link.getAttribute("download");
    document.body.appendChild(save);
    save.click();
    save.remove();
    setTimeout(function () { URL.revokeObjectURL(save.href); }, 10000);
  };
  document.head.appendChild(script);
});"""

#: The theme's link to a page's source notebook (``_sources/...ipynb``), opened in a new tab.
_SOURCE_LINK = re.compile(r'<a href="([^"]*_sources/[^"]+\.ipynb)" target="_blank"')


def use_the_books_templates(app: Sphinx, config) -> None:
    """Put ``templates/`` (next to this file) first on the template path."""
    config.templates_path = [str(pathlib.Path(__file__).parent / "templates"), *config.templates_path]


def add_reader_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The speech rule engine's map loader on every page; the file:// download handler on pages with a notebook."""
    body = SRE_LOADER
    if context.get("page_source_suffix") == ".ipynb":
        body += "\n" + DOWNLOAD_FROM_FILE
    app.add_js_file(None, priority=460, body=body)


def notebook_to_download(text: str) -> str:
    """The notebook a reader downloads: the chapter's notebook without its saved widget state (the
    precomputed frames that make the sliders move in the HTML page, most of a chapter's weight). Run in
    Jupyter, the widget cells build live widgets again; the page itself already carries the frames once."""
    nb = json.loads(text)
    if "widgets" not in nb.get("metadata", {}):
        return text
    del nb["metadata"]["widgets"]
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def make_notebook_links_download(app: Sphinx, exception) -> None:
    """Give each notebook download link a ``download`` attribute, and write ``<notebook>.ipynb.js`` beside each
    notebook in ``_sources`` (``window.nnlearnNotebooks[name]`` = its exact text) for the file:// handler."""
    if exception is not None or app.builder.format != "html":
        return
    out = pathlib.Path(app.outdir)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        links = _SOURCE_LINK.findall(html)
        if not links:
            continue
        for href in links:
            name = href.rsplit("/", 1)[-1]
            html = html.replace(f'<a href="{href}" target="_blank"', f'<a href="{href}" download="{name}"')
            notebook = (page.parent / href).resolve()
            if notebook.is_file():
                text = notebook_to_download(notebook.read_text(encoding="utf-8"))
                notebook.write_text(text, encoding="utf-8")
                notebook.with_name(name + ".js").write_text(
                    f"(window.nnlearnNotebooks = window.nnlearnNotebooks || {{}})[{json.dumps(name)}] = "
                    f"{json.dumps(text)};\n", encoding="utf-8")
        page.write_text(html, encoding="utf-8")


def _author_year_label(entry) -> str:
    """``Rosenblatt, 1958``, ``Minsky and Papert, 1969``, ``Baydin et al., 2018``: as the text cites the work."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(name.render_as("text") for name in person.rich_last_names) for person in people]
    who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', '')}".strip(", ")


def register_author_year_style() -> None:
    """A pybtex style ``authoryear`` (for ``{bibliography}``'s ``:style:``): sorted by author, year and title
    like ``plain``, labelled by author and year like the citations in the text."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield _author_year_label(entry)

    class AuthorYearStyle(PlainStyle):
        default_label_style = "authoryear"

    register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle, force=True)


def setup(app: Sphinx) -> dict:
    # readers: the clean page, the download and the speech rule engine's maps (see the block above)
    register_author_year_style()
    app.connect("config-inited", use_the_books_templates)
    app.connect("html-page-context", add_reader_scripts)
    app.connect("build-finished", make_notebook_links_download)
    # After every extension's own handlers (default priority 500).
    app.connect("builder-inited", name_inline_scripts_like_sphinx, priority=900)
    app.connect("env-updated", name_inline_scripts_like_sphinx, priority=900)
    app.connect("html-page-context", point_requirejs_at_the_widget_manager)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
