r"""Widgets as data: a declaration of controls and a pure drawing function, built two ways.

A widget is declared once, as a :class:`Widget`: its controls (:class:`Slider`,
:class:`Choice`) and a pure function ``draw(**values) -> Frame`` that returns the
figure and a one-line summary of what it shows. :func:`show` builds, from that one
declaration, either

- the **live** widget (JupyterLab, a running kernel): every slider position, and each
  change redraws through ``draw``; or
- the **precomputed** widget (the static HTML book): every frame is drawn by ``draw``
  while the notebook executes and saved in the page as an ``ipywidgets.Stack`` of
  frames, whose ``selected_index`` is linked (``jslink``) to the slider, so the
  browser swaps frames with no kernel and no network.

Which one :func:`show` builds: ``mode="live"`` or ``"static"``, or by default the
environment variable ``NNLEARN_WIDGETS`` (``tools/execute_notebooks.py`` sets it to
``static``, so the committed notebooks and the book hold the precomputed widget;
a reader who runs the notebook in JupyterLab gets the live one, with every value). Why two builds
rather than one widget doing both: a slider in the static page can only select frames that exist, so
a widget that also redrew off-grid values in a kernel would show blank or stale positions in the
book; built per mode, the book's sliders offer exactly the positions it holds, and the kernel's offer
every value. The saved notebook (and so the book, and ``tests/test_widget_snapshots.py``) always
holds the precomputed widget.

Example (a new widget is these lines)::

    from nnlearn.widgets import Choice, Frame, Slider, Widget, show

    def sine_frame(a: float, kind: str) -> Frame:
        fig, ax = plt.subplots()
        ...                                   # draw with a and kind
        return Frame(fig, f"peak {a:.2f}")    # the figure and a one-line summary

    SINE = Widget(
        name="sine",
        controls=(Slider.range("a", "amplitude a", 0, 2, 0.1, default=1, static_step=0.5),
                  Choice("kind", "wave", (("sine", "sin"), ("cosine", "cos")), default="sin")),
        draw=sine_frame,
        static="grid",                        # or "one-at-a-time" for many sliders
    )

    show(SINE, a=1.5)                         # the cell's displayed value

In the precomputed widget, a :class:`Choice` is always a full dimension; sliders are
either a full grid (``static="grid"``, for two or three sliders on a coarse grid) or
varied one at a time with the others at their starting values
(``static="one-at-a-time"``: a dropdown chooses which slider to move). Every slider's
positions come from integers (:meth:`Slider.range`, :meth:`Slider.log_range`), so the
saved state holds values such as ``0.3``, never ``0.30000000000000004``.
Each frame is an ``<img>`` with an alt text (the setting and the summary, e.g.
"w₁ = 1.5, w₂ = 1, b = −1.5: 1 of 4 points misclassified") and the summary below it;
every frame is rendered by :func:`render_png`, the one place that sets the
pixel density.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from matplotlib.figure import Figure

from .. import style

__all__ = ["Slider", "Choice", "Frame", "Widget", "show", "refused_frame", "render_png", "frame_html", "alt_text", "parse_frame_html",
           "static_settings", "MODE_VARIABLE", "FRAME_DPI"]

#: The environment variable that chooses :func:`show`'s default mode (``live`` or ``static``).
MODE_VARIABLE = "NNLEARN_WIDGETS"
#: Dots per inch of every widget frame as stored: :data:`nnlearn.style.FIGURE_DPI` CSS pixels per inch times
#: :data:`nnlearn.style.FRAME_DENSITY` device pixels per CSS pixel (both set in nnlearn.style only).
FRAME_DPI = style.FIGURE_DPI * style.FRAME_DENSITY
#: Colours in each frame's palette (see :func:`render_png`).
FRAME_COLOURS = 64
#: The CSS class on every widget's outer box (book/_assets/book.css lays it out for phones).
CSS_CLASS = "nn-widget"
MINUS = "\u2212"


def _label_of(value: float) -> str:
    """A number as a slider shows it: shortest form, a real minus sign, no ``-0``."""
    value = float(value) + 0.0
    text = f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.3g}"
    return text.replace("-", MINUS)


@dataclass(frozen=True)
class Slider:
    """A slider: ``name`` (the argument of ``draw`` it sets), ``label`` (shown), the ``values`` it
    offers live (ascending), its ``default`` (one of them) and the ``static`` values precomputed
    for the HTML book (a subset of ``values`` that contains ``default``).

    Build one with :meth:`range` or :meth:`log_range`, which compute every value from integers.

    Raises
    ------
    ValueError
        If ``values`` is empty or not increasing, or ``default`` or a ``static`` value is not one
        of ``values``.
    """

    name: str
    label: str
    values: tuple[float, ...]
    default: float
    static: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.values or any(b <= a for a, b in zip(self.values, self.values[1:])):
            raise ValueError(f"slider {self.name!r}: values must be a non-empty increasing sequence")
        if self.default not in self.values:
            raise ValueError(f"slider {self.name!r}: default {self.default} is not one of its values")
        missing = [v for v in self.static if v not in self.values]
        if missing or self.default not in self.static:
            raise ValueError(f"slider {self.name!r}: static values must be among its values and include the "
                             f"default {self.default}; not among them: {missing}")

    @classmethod
    def range(cls, name: str, label: str, low: float, high: float, step: float, *, default: float,
              static_step: float | None = None, static: Sequence[float] | None = None) -> Slider:
        """Values ``low, low + step, ..., high``, computed in decimal (``0.1 * 3`` is ``0.3``).

        ``static_step`` (a multiple of ``step``) or ``static`` (a list) choose the precomputed
        positions; by default every value is precomputed.
        """
        lo, hi, st = (Decimal(str(v)) for v in (low, high, step))
        if st <= 0 or hi <= lo:
            raise ValueError(f"slider {name!r}: need low < high and step > 0, got {low}, {high}, {step}")
        n = (hi - lo) / st
        if n != n.to_integral_value():
            raise ValueError(f"slider {name!r}: (high - low) / step must be a whole number, got {n}")
        values = tuple(float(lo + i * st) + 0.0 for i in range(int(n) + 1))
        if static is None:
            if static_step is None:
                static = values
            else:
                every = Decimal(str(static_step)) / st
                if every != every.to_integral_value():
                    raise ValueError(f"slider {name!r}: static_step must be a multiple of step")
                static = values[::int(every)]
                # keep the grid symmetric about the default when the default is off the coarse grid
                if float(default) not in static:
                    static = tuple(sorted({*static, float(default)}))
        return cls(name, label, values, float(default), tuple(float(v) for v in static))

    @classmethod
    def log_range(cls, name: str, label: str, low_exp: int, high_exp: int, per_decade: int, *,
                  default: float, static_per_decade: int | None = None, digits: int = 3) -> Slider:
        """Values ``10 ** (k / per_decade)`` for ``k`` from ``low_exp * per_decade`` to
        ``high_exp * per_decade``, each rounded to ``digits`` significant digits; precomputed:
        ``static_per_decade`` per decade (a divisor of ``per_decade``) plus the default."""
        def value(k: int) -> float:
            return float(f"{10 ** (k / per_decade):.{digits}g}")

        ks = range(low_exp * per_decade, high_exp * per_decade + 1)
        values = tuple(value(k) for k in ks)
        if static_per_decade is None:
            static = values
        else:
            if per_decade % static_per_decade:
                raise ValueError(f"slider {name!r}: static_per_decade must divide per_decade")
            every = per_decade // static_per_decade
            static = tuple(sorted({*(value(k) for k in ks if k % every == 0), float(default)}))
        return cls(name, label, values, float(default), static)

    def labels(self, values: Sequence[float] | None = None) -> list[str]:
        """How the slider shows each of ``values`` (default: all of them)."""
        return [_label_of(v) for v in (self.values if values is None else values)]

    def describe(self, value: Any) -> str:
        """``"label = value"`` for alt texts."""
        return f"{self.label} = {_label_of(value)}"


@dataclass(frozen=True)
class Choice:
    """A dropdown: ``name`` (the argument of ``draw`` it sets), ``label``, ``options`` as
    ``(shown, value)`` pairs, and the ``default`` value. Precomputed for every option."""

    name: str
    label: str
    options: tuple[tuple[str, Any], ...]
    default: Any

    def __post_init__(self) -> None:
        if self.default not in self.values:
            raise ValueError(f"choice {self.name!r}: default {self.default!r} is not one of its options")

    @property
    def values(self) -> tuple:
        return tuple(v for _, v in self.options)

    @property
    def static(self) -> tuple:
        return self.values

    def describe(self, value: Any) -> str:
        shown = dict((v, s) for s, v in self.options)[value]
        return f"{self.label}: {shown}"


Control = Slider | Choice


@dataclass(frozen=True)
class Frame:
    """What a widget's ``draw`` returns: the matplotlib ``figure`` and a one-line ``summary`` of the
    result ("1 of 4 points misclassified")."""

    figure: Figure
    summary: str


@dataclass(frozen=True)
class Widget:
    """A widget declaration: ``controls`` (in the order shown), the pure function
    ``draw(**values) -> Frame`` and how the HTML book precomputes it (``static``: ``"grid"`` or
    ``"one-at-a-time"``). ``name`` names it in tests and benchmarks."""

    name: str
    controls: tuple[Control, ...]
    draw: Callable[..., Frame]
    static: str = "grid"
    notes: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.static not in ("grid", "one-at-a-time"):
            raise ValueError(f"static must be 'grid' or 'one-at-a-time', got {self.static!r}")
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"widget {self.name!r}: control names repeat: {names}")

    @property
    def sliders(self) -> tuple[Slider, ...]:
        return tuple(c for c in self.controls if isinstance(c, Slider))

    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.controls if isinstance(c, Choice))

    def control(self, name: str) -> Control:
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {c.name: c.default for c in self.controls}

    def settings(self, **start: Any) -> dict[str, Any]:
        """The defaults updated by ``start``, checked: every name is a control, every value one it offers.

        Raises
        ------
        TypeError
            If a name is not one of the widget's controls.
        ValueError
            If a value is not one the control offers.
        """
        values = self.defaults()
        for name, value in start.items():
            if name not in values:
                raise TypeError(f"{self.name} widget has no control {name!r}; its controls: {list(values)}")
            control = self.control(name)
            if isinstance(control, Slider):
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    raise TypeError(f"{name} must be a number, got {type(value).__name__}")
                match = [v for v in control.values if math.isclose(v, value, rel_tol=1e-9, abs_tol=1e-12)]
                if not match:
                    raise ValueError(f"{name} must be one of the slider's values {control.values[0]} ... "
                                     f"{control.values[-1]} (step as declared), got {value}")
                value = match[0]
            elif value not in control.values:
                raise ValueError(f"{name} must be one of {control.values}, got {value!r}")
            values[name] = value
        return values

    def alt(self, values: Mapping[str, Any], summary: str) -> str:
        return alt_text(self, values, summary)


# ---------------------------------------------------------------- rendering one frame

_MATHTEXT_PARSER = None  # one parser for every frame (see _mathtext_parser)


def _mathtext_parser():
    """A mathtext parser that remembers every ``$...$`` label it has laid out, shared by every frame.

    Agg gives each new canvas a new ``MathTextParser``, whose cache holds 50 parses and is keyed by the
    parser, so a widget redrawn on a fresh canvas parsed each of its labels again (chapter 3's panel has 46:
    about a third of its redraw). The parse of a given text, size and font is what matplotlib itself
    reuses within one parser, so sharing it changes no pixel (tested: the same PNG bytes).
    """
    global _MATHTEXT_PARSER
    if _MATHTEXT_PARSER is None:
        from matplotlib.mathtext import MathTextParser

        class _Remembering(MathTextParser):
            def __init__(self):
                super().__init__("path")  # what Agg's renderer uses
                self._parsed: dict = {}

            def parse(self, s, dpi=72, prop=None, *, antialiased=None):
                key = (s, dpi, prop.copy() if prop is not None else None, antialiased)
                parsed = self._parsed.get(key)
                if parsed is None:
                    if len(self._parsed) >= 5000:  # bounded: a long session drawing ever new labels
                        self._parsed.clear()
                    parsed = self._parsed[key] = super().parse(s, dpi, prop, antialiased=antialiased)
                return parsed

        _MATHTEXT_PARSER = _Remembering()
    return _MATHTEXT_PARSER


def refused_frame(exc: Exception) -> Frame:
    """The frame for a setting the widget's function refuses (a ``TypeError`` or ``ValueError``): the message
    in the figure, in the mistake colour, and as the summary. A slider at an extreme never shows a traceback."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 1.6))
    ax.axis("off")
    ax.text(0.5, 0.5, f"cannot draw this setting:\n{exc}", ha="center", va="center", wrap=True,
            color=style.MISTAKE, fontsize=11, transform=ax.transAxes)
    return Frame(fig, f"cannot draw this setting: {exc}")


def render_png(fig: Figure) -> bytes:
    """The PNG of ``fig`` as every widget frame is rendered: drawn once by Agg at :data:`FRAME_DPI`,
    cropped to the figure's tight bounding box (as a notebook's inline figures are, plus a small
    margin), on white, then quantised to a :data:`FRAME_COLOURS`-colour palette (no dithering),
    which keeps text and lines sharp and makes the file about three times smaller. The one place
    that sets how widget frames are rendered; one draw instead of ``savefig``'s two for a tight box.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(FRAME_DPI)
    fig.set_facecolor(style.PAPER)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    if hasattr(renderer, "mathtext_parser"):
        renderer.mathtext_parser = _mathtext_parser()
    canvas.draw()  # reuses the renderer made above (same size and dpi)
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    box = fig.get_tightbbox(renderer)  # inches
    pad = 0.05
    x0 = max(0, int(np.floor((box.x0 - pad) * FRAME_DPI)))
    x1 = min(width, int(np.ceil((box.x1 + pad) * FRAME_DPI)))
    y0 = max(0, int(np.floor(height - (box.y1 + pad) * FRAME_DPI)))  # image rows count from the top
    y1 = min(height, int(np.ceil(height - (box.y0 - pad) * FRAME_DPI)))
    image = Image.fromarray(pixels[y0:y1, x0:x1, :3])
    small = image.quantize(colors=FRAME_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def alt_text(widget: Widget, values: Mapping[str, Any], summary: str) -> str:
    """The text alternative of a frame: the setting, then the summary
    (``"w₁ = 1.5, w₂ = 1, b = −1.5: 1 of 4 points misclassified"``)."""
    setting = ", ".join(widget.control(name).describe(value) for name, value in values.items())
    return f"{setting}: {summary}"


def frame_html(widget: Widget, values: Mapping[str, Any]) -> str:
    """One frame as HTML: the figure ``draw(**values)`` as an ``<img>`` with its alt text, and the
    summary below it. Closes the figure."""
    import matplotlib.pyplot as plt

    frame = widget.draw(**values)
    if not isinstance(frame, Frame):
        raise TypeError(f"{widget.name}: draw must return a Frame, got {type(frame).__name__}")
    try:
        png = render_png(frame.figure)
    finally:
        plt.close(frame.figure)
    alt = html.escape(alt_text(widget, values, frame.summary), quote=True)
    data = base64.b64encode(png).decode("ascii")
    width = style.display_width(png, style.FRAME_DENSITY)  # CSS pixels: sharp on high-density screens, the same size elsewhere
    return (f'<img class="nn-frame" src="data:image/png;base64,{data}" width="{width}" alt="{alt}">'
            f'<p class="nn-summary">{html.escape(frame.summary)}</p>')


# ---------------------------------------------------------------- the controls as ipywidgets

def parse_frame_html(value: str) -> tuple[str, str, str]:
    """``(base64 PNG, alt text, summary)`` of a frame made by :func:`frame_html` (for tests)."""
    import re

    match = re.fullmatch(r'<img class="nn-frame" src="data:image/png;base64,([^"]*)" width="[0-9]+" alt="([^"]*)">'
                         r'<p class="nn-summary">(.*)</p>', value, flags=re.S)
    if not match:
        raise ValueError("not a widget frame made by frame_html")
    return match[1], html.unescape(match[2]), html.unescape(match[3])


def _control_widget(control: Control, value: Any, values: Sequence | None = None):
    import ipywidgets as widgets

    if isinstance(control, Choice):
        return widgets.Dropdown(options=list(control.options), value=value, description=control.label,
                                style={"description_width": "initial"},
                                layout=widgets.Layout(width="auto", max_width="320px"))
    offered = list(control.values if values is None else values)
    return widgets.SelectionSlider(options=list(zip(control.labels(offered), offered)), value=value,
                                   description=control.label, continuous_update=False,
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="100%", max_width="340px"))


def _box(children: list):
    """The controls in a row that wraps onto more lines on a narrow screen."""
    import ipywidgets as widgets

    controls = widgets.Box(children, layout=widgets.Layout(display="flex", flex_flow="row wrap",
                                                              align_items="center", width="100%"))
    controls.add_class("nn-controls")
    return controls


def _note(text: str):
    """A line of small text under the widget."""
    import ipywidgets as widgets

    return widgets.HTML(value=f'<p class="nn-note">{html.escape(text)}</p>')


class LiveWidget:
    """What :func:`show` returns in live mode: ``box`` (displayed), ``controls`` (name -> widget),
    ``frame`` (the HTML widget holding the current figure) and ``values()``. Each change redraws."""

    def __init__(self, widget: Widget, values: dict[str, Any]):
        import ipywidgets as widgets

        self.widget = widget
        self.controls = {c.name: _control_widget(c, values[c.name]) for c in widget.controls}
        self.frame = widgets.HTML(value=frame_html(widget, values))
        self.box = widgets.VBox([_box(list(self.controls.values())), self.frame])
        self.box.add_class(CSS_CLASS)
        for control in self.controls.values():
            control.observe(self.redraw, names="value")

    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items()}

    def redraw(self, change: object = None) -> None:
        """Draw the figure for the controls' current values into :attr:`frame`."""
        self.frame.value = frame_html(self.widget, self.values())

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def static_settings(widget: Widget, start: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every setting the precomputed widget holds a frame for (each once), in drawing order.

    ``grid``: the product of every control's static values. ``one-at-a-time``: for every choice
    combination, each slider's static values with the other sliders at ``start`` (default: the
    declared defaults).
    """
    start = dict(widget.defaults() if start is None else widget.settings(**start))
    seen: dict[tuple, dict] = {}
    choice_grid = itertools.product(*(c.static for c in widget.choices))
    if widget.static == "grid":
        for combo in itertools.product(*(c.static for c in widget.controls)):
            values = dict(zip((c.name for c in widget.controls), combo))
            seen.setdefault(tuple(values.values()), values)
    else:
        for choice_values in choice_grid:
            for slider in widget.sliders:
                for v in slider.static:
                    values = {**start, **dict(zip((c.name for c in widget.choices), choice_values)),
                              slider.name: v}
                    values = {c.name: values[c.name] for c in widget.controls}
                    seen.setdefault(tuple(values.values()), values)
    return list(seen.values())


class StaticWidget:
    """What :func:`show` returns in static mode: ``box`` (displayed), ``controls`` (name -> widget;
    in one-at-a-time mode also ``"vary"``, the dropdown that picks the slider), ``frames``
    (setting tuple -> HTML frame widget) and ``links`` (the jslinks)."""

    def __init__(self, widget: Widget, values: dict[str, Any]):
        import ipywidgets as widgets

        self.widget = widget
        self.start = values
        self.frames: dict[tuple, Any] = {}
        self.links: list = []
        self.controls: dict[str, Any] = {}
        for c in widget.choices:
            self.controls[c.name] = _control_widget(c, values[c.name])
        static_values = {s.name: s.static if values[s.name] in s.static else tuple(sorted({*s.static, values[s.name]}))
                         for s in widget.sliders}
        self.static_values = static_values
        for s in widget.sliders:
            self.controls[s.name] = _control_widget(s, values[s.name], static_values[s.name])
        shown: list = [self.controls[c.name] for c in widget.choices]
        if widget.static == "one-at-a-time" and len(widget.sliders) > 1:
            vary = widgets.Dropdown(options=[(s.label, s.name) for s in widget.sliders],
                                    value=widget.sliders[0].name, description="move",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="auto", max_width="320px"))
            self.controls["vary"] = vary
            slider_stack = widgets.Stack([self.controls[s.name] for s in widget.sliders], selected_index=0,
                                         layout=widgets.Layout(width="100%", max_width="340px"))
            self._link(vary, slider_stack)
            shown += [vary, slider_stack]
        else:
            shown += [self.controls[s.name] for s in widget.sliders]
        frames = self._choices(list(widget.choices), dict(values))
        self.box = widgets.VBox([_box(shown), frames, _note(self.note())])
        self.box.add_class(CSS_CLASS)

    def _link(self, control, stack) -> None:
        import ipywidgets as widgets

        stack.selected_index = control.index
        self.links.append(widgets.jslink((control, "index"), (stack, "selected_index")))

    def _frame(self, values: dict[str, Any]):
        import ipywidgets as widgets

        ordered = {c.name: values[c.name] for c in self.widget.controls}
        key = tuple(ordered.values())
        if key not in self.frames:
            if not hasattr(self, "_frame_layout"):  # one Layout and one style for every frame: less saved state
                self._frame_layout, self._frame_style = widgets.Layout(), widgets.widget_string.HTMLStyle()
            frame = widgets.HTML(value=frame_html(self.widget, ordered), layout=self._frame_layout,
                                 style=self._frame_style)
            frame.add_class("nn-frame-box")
            self.frames[key] = frame
        return self.frames[key]

    def _stack(self, control_name: str, options: Sequence, build: Callable[[Any], Any]):
        import ipywidgets as widgets

        stack = widgets.Stack([build(v) for v in options])
        self._link(self.controls[control_name], stack)
        return stack

    def _choices(self, remaining: list[Choice], values: dict[str, Any]):
        if remaining:
            first, rest = remaining[0], remaining[1:]
            return self._stack(first.name, first.values, lambda v: self._choices(rest, {**values, first.name: v}))
        return self._sliders(values)

    def _sliders(self, values: dict[str, Any]):
        import ipywidgets as widgets

        sliders = list(self.widget.sliders)
        if not sliders:
            return self._frame(values)
        if self.widget.static == "grid" or len(sliders) == 1:
            return self._grid(sliders, values)
        per_slider = [self._grid([s], {**self.start, **{c.name: values[c.name] for c in self.widget.choices}})
                      for s in sliders]
        stack = widgets.Stack(per_slider)
        self._link(self.controls["vary"], stack)
        return stack

    def _grid(self, sliders: list[Slider], values: dict[str, Any]):
        if not sliders:
            return self._frame(values)
        first, rest = sliders[0], sliders[1:]
        return self._stack(first.name, self.static_values[first.name],
                           lambda v: self._grid(rest, {**values, first.name: v}))

    def note(self) -> str:
        """What the page holds, in words (shown under the widget)."""
        counts = ", ".join(f"{s.label} {len(self.static_values[s.name])}" for s in self.widget.sliders)
        choices = " and ".join(c.label for c in self.widget.choices)
        how = ("every combination" if self.widget.static == "grid" or len(self.widget.sliders) == 1 else
               'one slider at a time (choose it under "move"; the others stay at their starting values)')
        per = f", for each choice of {choices}" if choices else ""
        return (f"Precomputed in this page: {len(self.frames)} figures, {how}{per}; positions per slider: "
                f"{counts}. Run the notebook in JupyterLab for every value of every slider at once.")

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def show(widget: Widget, *, mode: str | None = None, **start: Any) -> LiveWidget | StaticWidget:
    """Build ``widget`` with its controls at ``start`` (the rest at their defaults).

    ``mode``: ``"live"`` (redraw on every change, every value; needs a kernel) or ``"static"``
    (every precomputed frame saved in the page; works in the static HTML book); default: the
    environment variable :data:`MODE_VARIABLE`, else ``"live"``. The returned object displays
    itself; its ``box`` is the displayed ipywidget and ``controls`` maps names to controls.

    Raises
    ------
    TypeError, ValueError
        For an unknown control name, a value the control does not offer, or an unknown mode.
    """
    if not isinstance(widget, Widget):
        raise TypeError(f"widget must be a Widget declaration, got {type(widget).__name__}")
    if mode is None:
        mode = os.environ.get(MODE_VARIABLE, "live") or "live"
    if mode not in ("live", "static"):
        raise ValueError(f"mode must be 'live' or 'static' (or {MODE_VARIABLE}), got {mode!r}")
    values = widget.settings(**start)
    return LiveWidget(widget, values) if mode == "live" else StaticWidget(widget, values)
