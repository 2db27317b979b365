r"""The book's widgets: computed in the reader's browser, live in the HTML book (offline, from ``file://``)
and in JupyterLab, with every value of every control, all together.

How one is made (issue 24):

- **Python** (``nnlearn/chapters/<slug>/widget.py``) declares the controls once
  (:mod:`~nnlearn.book.widgets.controls`), sends the numbers the browser needs from ``nnlearn``, computes
  the results with ``nnlearn`` as traits (``widget.summary``; ``widget.eta = 0.3`` moves the slider), and
  draws the starting figure for pages without JavaScript (:class:`~nnlearn.book.widgets.base.BookWidget`).
- **JavaScript** (``nnlearn/chapters/<slug>/widget.js`` and ``compute.js``) computes the same numbers with
  a small port of ``nnlearn`` (``js/math.js`` here, under nnlearn's names) and draws with d3's modules
  (``js/plot.js``); ``js/controls.js`` builds native range inputs with labels and spoken values,
  ``js/widget.js`` wires controls, figure and the live text alternative; ``js/theme.js`` applies the
  palette of ``nnlearn.style``, light or dark as the page is.
- **esbuild** (``build.mjs``, run by ``make``; versions pinned in ``package-lock.json``) bundles each
  chapter's ``widget.js`` with what it imports into one ES module, ``widget.bundle.js``, committed next to
  it and loaded into the anywidget ``_esm`` trait.
- **Tests**: the JavaScript port against ``nnlearn`` on random settings
  (``tests/book/widgets/test_parity.py``); the bundles rebuilt from the lockfile byte for byte; every
  control driven in headless Chromium (``tests/test_book_html.py``).
"""

from .base import BookWidget, bundle_text
from .controls import Choice, LogSlider, Slider, describe, format_value

__all__ = ["BookWidget", "Slider", "LogSlider", "Choice", "describe", "format_value", "bundle_text"]
