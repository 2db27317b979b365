r"""The Python side of a book widget: an anywidget whose controls are traits, whose results Python computes.

A chapter's widget is a subclass of :class:`BookWidget` that names its chapter and declares its controls
(:mod:`nnlearn.book.widgets.controls`) once::

    class PerceptronWidget(BookWidget):
        chapter = "perceptron"                      # loads nnlearn/chapters/perceptron/widget.bundle.js
        controls = (Slider("w1", "w₁", -3, 3, 0.05, default=1.0), ...)
        n_mistakes = traitlets.Int(read_only=True)  # a result, computed by nnlearn

        def data(self): ...                         # the numbers the browser needs (JSON), from nnlearn
        def compute(self, w1, w2, b, gate): ...     # {"summary": ..., "n_mistakes": ...}, from nnlearn
        def figure(self, w1, w2, b, gate): ...      # the starting figure without JavaScript (matplotlib)

Each control becomes a synced trait of the same name (``widget.w1 = 0.5`` moves the slider in the page;
moving the slider sets ``widget.w1``), checked by the control (a value between two steps raises
``ValueError``, a string where a number belongs ``TypeError``). After every change Python recomputes
the results with ``nnlearn`` (the source of truth): ``widget.summary`` ("1 of 4 points misclassified"),
``widget.text`` (the text alternative with the setting) and the chapter's own results. The browser
computes the same numbers itself, with its JavaScript port, so the widget also works where no Python runs:
the static HTML book, from ``file://``, offline.

What the browser receives: ``_esm`` (the chapter's bundle, one ES module), ``_controls`` (each control's
:meth:`to_js`), ``_data`` (:meth:`data`) and ``_palette`` (``nnlearn.style``'s colours, light and dark).

Displayed, a widget shows two outputs: its starting figure drawn by :meth:`figure` with a caption (a
``<figure class="nn-fallback">``, and a PNG for the PDF), then the live widget. When the widget's script
runs, its style sheet hides the starting figure; a page without JavaScript, or whose scripts failed, and
the PDF, keep it.
"""

from __future__ import annotations

import base64
import html
from importlib import resources
from typing import Any, ClassVar

import anywidget
import traitlets

from ... import style
from .controls import Control, describe

__all__ = ["BookWidget", "ControlTrait", "bundle_text"]


def bundle_text(chapter: str) -> str:
    """The text of ``nnlearn/chapters/<chapter>/widget.bundle.js`` (built by ``make`` from ``widget.js``).

    Raises
    ------
    FileNotFoundError
        If the chapter has no bundle (run ``make``).
    """
    path = resources.files("nnlearn.chapters").joinpath(chapter, "widget.bundle.js")
    if not path.is_file():
        raise FileNotFoundError(f"no widget bundle for chapter {chapter!r} at {path}: run `make` to build it")
    return path.read_text(encoding="utf-8")


class ControlTrait(traitlets.TraitType):
    """A synced trait that takes only the values its control offers (snapped: ``0.15000000000000002`` is
    ``0.15``). Raises the control's ``TypeError``/``ValueError`` for any other value."""

    def __init__(self, control: Control):
        self.control = control
        self.info_text = f"a value of the control {control.name!r}"
        super().__init__(default_value=control.snap(control.default))
        self.tag(sync=True)

    def validate(self, obj: Any, value: Any) -> Any:
        return self.control.snap(value)


class _DeclaredControls(type(anywidget.AnyWidget)):
    """Turns a widget class's ``controls`` into traits, and its ``chapter`` into the ``_esm`` trait."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        for control in namespace.get("controls", ()):
            if control.name in namespace:
                raise TypeError(f"{name}: control {control.name!r} clashes with an attribute of the class")
            namespace[control.name] = ControlTrait(control)
        if "chapter" in namespace:
            namespace["_esm"] = traitlets.Unicode(bundle_text(namespace["chapter"])).tag(sync=True)
        return super().__new__(mcls, name, bases, namespace, **kwargs)


class BookWidget(anywidget.AnyWidget, metaclass=_DeclaredControls):
    """Base class of the book's widgets (see the module docstring). Keyword arguments set controls:
    ``PerceptronWidget(w1=0.5, gate="OR")``; an unknown name raises ``TypeError``."""

    #: The chapter's slug: its bundle is ``nnlearn/chapters/<chapter>/widget.bundle.js``.
    chapter: ClassVar[str]
    #: The controls, in the order shown (each a trait of the same name).
    controls: ClassVar[tuple[Control, ...]] = ()
    #: Said under the starting figure drawn for pages without JavaScript (after the setting).
    fallback_note: ClassVar[str] = ("Moving the sliders redraws this figure in the HTML book and in JupyterLab "
                                    "(it needs JavaScript).")

    _controls = traitlets.List().tag(sync=True)
    _data = traitlets.Dict().tag(sync=True)
    _palette = traitlets.Dict().tag(sync=True)

    #: The result in words, computed by nnlearn ("1 of 4 points misclassified").
    summary = traitlets.Unicode(read_only=True)
    #: The text alternative: the setting and the result ("w₁ = 1.5, w₂ = 1, b = −1.5, data: AND: 1 of 4 ...").
    text = traitlets.Unicode(read_only=True)

    def __init__(self, **values: Any):
        names = [c.name for c in self.controls]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no control {unknown[0]!r}; its controls: {names}")
        super().__init__(_controls=[c.to_js() for c in self.controls], _data=self.data(),
                         _palette={"light": dict(style.PALETTE), "dark": dict(style.DARK_PALETTE)}, **values)
        self._update_results()
        self.observe(self._update_results, names=names)

    # ------------------------------------------------------------ what a chapter's widget defines
    def data(self) -> dict:
        """The numbers the browser needs to compute (JSON: lists, numbers, strings), from nnlearn."""
        return {}

    def compute(self, **values: Any) -> dict[str, Any]:
        """The results at ``values`` (one per control), from nnlearn: at least ``"summary"``."""
        raise NotImplementedError

    def figure(self, **values: Any):
        """The figure at ``values`` drawn by the book's Python figure code (a matplotlib Figure)."""
        raise NotImplementedError

    # ------------------------------------------------------------ the rest is the same for every widget
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {c.name: getattr(self, c.name) for c in self.controls}

    def describe(self, values: dict[str, Any] | None = None) -> str:
        """The setting in words, ``"w₁ = 1.5, w₂ = 1, b = −1.5, data: AND"`` (default: the current values)."""
        values = self.values() if values is None else values
        return ", ".join(describe(c, values[c.name]) for c in self.controls)

    def _update_results(self, change: object = None) -> None:
        results = self.compute(**self.values())
        with self.hold_trait_notifications():
            for name, value in results.items():
                self.set_trait(name, value)
            self.set_trait("text", f"{self.describe()}: {results['summary']}")

    def fallback(self) -> tuple[dict[str, str], dict[str, dict]]:
        """The starting figure for pages without JavaScript: ``(data, metadata)`` of a display output with
        an HTML ``<figure class="nn-fallback">`` (image, text alternative, caption), the PNG and the text."""
        import matplotlib.pyplot as plt

        fig = self.figure(**self.values())
        try:
            png = style.render_png(fig)
        finally:
            plt.close(fig)
        width = style.display_width(png)
        encoded = base64.b64encode(png).decode("ascii")
        caption = f"{self.text}. {self.fallback_note}"
        figure = (f'<figure class="nn-fallback"><img src="data:image/png;base64,{encoded}" width="{width}" '
                  f'alt="{html.escape(self.text)}"><figcaption>{html.escape(caption)}</figcaption></figure>')
        return ({"text/html": figure, "image/png": encoded, "text/plain": caption},
                {"image/png": {"width": width}})

    def _ipython_display_(self) -> None:
        from IPython.display import display

        data, metadata = self.fallback()
        display(data, metadata=metadata, raw=True)
        bundle = self._repr_mimebundle_()  # anywidget gives (data, metadata), ipywidgets a dict
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        display(data, metadata=metadata, raw=True)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.values().items())})"

