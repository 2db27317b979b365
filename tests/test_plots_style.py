"""Every figure of the book speaks the vocabulary of :mod:`nnlearn.style`: each colour it draws is a named
colour of the book (listed on the notation page), and each text is at least 10 CSS px tall at book width.

The figures are the ones the chapters draw (the same functions, with the chapters' arguments), and each
widget's figure at its start and at its sliders' extremes. Every artist matplotlib would paint is
inspected: lines, markers, patches, collections (scatter, contours), texts and the boxes behind them.
"""

from __future__ import annotations

import pathlib
import re

import matplotlib
import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from nnlearn import style

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: The width (CSS px) of a chapter's figures in the built book at a 1280 px wide window: the text column
#: of sphinx-book-theme shows a 7 in figure (711 px with its tight crop) 672 px wide, as measured in Chromium.
BOOK_WIDTH_PX = 672
#: The smallest text a figure may show at book width, as a CSS font size.
MIN_TEXT_PX = 10.0


def _figures():
    """(name, builder) of every figure the chapters draw; each builder returns a Figure."""
    from nnlearn import descent
    from nnlearn.by_hand import WORKED_EXAMPLE, backprop_by_hand, from_given
    from nnlearn.data import logic_gate
    from nnlearn.perceptron import Perceptron, train_perceptron
    from nnlearn.plots import boundary, graph
    from nnlearn.plots import descent as pd
    from nnlearn.widgets import declarations

    X, y = logic_gate("AND")
    hist = train_perceptron(X, y, eta=1.0, epochs=100)
    hist_xor = train_perceptron(*logic_gate("XOR"), eta=1.0, epochs=100)
    line = descent.get_problem("line")
    rates = descent.CHAPTER_RATES
    example = from_given(WORKED_EXAMPLE)

    def range_test():
        test = descent.lr_range_test(line)
        etas = np.geomspace(1e-3, 2.0, 25)
        losses, diverged = descent.constant_rate_sweep(line, etas, 50)
        return pd.plot_range_test(test, descent.suggest_lr_range(test), etas, losses, diverged,
                                  limit=descent.stability_limit(line), start_loss=descent.descend(line, 0.01, 1).losses[0])

    return {
        "decision boundary": lambda: boundary.plot_decision_boundary(X, y, np.array([1.0, 1.0]), -1.5,
                                                                     show_normal=True, title="AND").figure,
        "boundary updates": lambda: boundary.plot_boundary_updates(hist, X, y, title="AND"),
        "mistakes per epoch": lambda: boundary.plot_mistakes_per_epoch(hist_xor, title="XOR"),
        "gate settings": lambda: boundary.plot_gate_settings([("AND", 1.0, 1.0, -1.5), ("OR", 1.0, 1.0, -0.5),
                                                               ("XOR", 1.0, 1.0, -0.5)], title="gates"),
        "data": lambda: pd.plot_data(line, {"best": descent.descend(line, rates["about right"], 300).final_point,
                                            "start": line.start}),
        "output gradients": lambda: pd.plot_output_gradients(np.linspace(-8, 8, 401), y=1),
        "loss comparison": lambda: pd.plot_loss_comparison(descent.descend("mse_sigmoid", 1.0, 150),
                                                           descent.descend("bce", 1.0, 150)),
        "gradient field": lambda: pd.plot_gradient_field(line, [(3.0, 2.0), (0.0, -2.0)],
                                                         descent.descend(line, rates["about right"], 25)),
        "learning rates": lambda: pd.plot_learning_rates([descent.descend(line, eta, 30) for eta in rates.values()],
                                                         list(rates)),
        "batch comparison": lambda: pd.plot_batch_comparison(
            descent.compare_batch_sizes(line, eta=0.05, epochs=20, batch_sizes=(None, 8, 1)), line.n),
        "range test": range_test,
        "snapshots": lambda: pd.plot_snapshots([("line", rates["about right"], 30), ("line", 0.33, 30),
                                                ("bce", 1.0, 30), ("mse_sigmoid", 1.0, 30)]),
        "graph forward": lambda: graph.plot_computation_graph(example, "forward"),
        "graph backward": lambda: graph.plot_computation_graph(example, "backward"),
        "by-hand panel": lambda: graph.plot_by_hand_panel(example),
        # chapters 1 and 2's widgets draw in the browser; these are their starting figures without JavaScript
        "widget ch1 XOR": lambda: boundary.draw_perceptron_view(-3.0, 3.0, 3.0, "XOR"),
        "widget ch1 start": lambda: boundary.draw_perceptron_view(1.0, 1.0, -1.5, "AND"),
        "widget ch2 diverged": lambda: pd.plot_descent_view("line", 10.0, 200),
        "widget ch2 barely moved": lambda: pd.plot_descent_view("bce", 1e-3, 1),
        "widget ch3 extreme": lambda: graph.plot_by_hand_panel(backprop_by_hand(
            **{**WORKED_EXAMPLE.as_dict(), "w11": 5.0, "w12": 5.0, "eta": 20.0, "x1": 3.0})),
        # every widget of the book at its starting setting (later chapters' widgets come in by declaration)
        **{f"widget {name}": (lambda w=w: w.draw(**w.defaults()).figure) for name, w in declarations().items()},
    }


FIGURES = list(_figures())


def _rgb_hex(colour) -> str | None:
    """The colour as ``#rrggbb`` without its alpha, or None when it is fully transparent."""
    rgba = mcolors.to_rgba(colour)
    return None if rgba[3] == 0 else mcolors.to_hex(rgba[:3])


def _artist_colours(artist) -> list[str]:
    """The colours matplotlib paints for one artist (its texture map's colours excepted: see below)."""
    found = []
    if isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", "none", "", " "):
            found.append(artist.get_color())
        if artist.get_marker() not in (None, "None", "none", "", " "):
            found += [artist.get_markerfacecolor(), artist.get_markeredgecolor()]
    elif isinstance(artist, Patch):
        if artist.get_fill():
            found.append(artist.get_facecolor())
        if artist.get_linewidth() > 0:
            found.append(artist.get_edgecolor())
    elif isinstance(artist, Collection):
        if artist.get_array() is None:  # colours given directly, not through a colour map
            found += list(artist.get_facecolors()) + (list(artist.get_edgecolors())
                                                       if np.any(artist.get_linewidths()) else [])
        elif isinstance(artist.get_cmap(), ListedColormap) and artist.get_cmap().name != style.SURFACE_CMAP:
            found += list(artist.get_cmap().colors)  # contour lines given ``colors=``: a map of those colours
    elif isinstance(artist, Text) and artist.get_text().strip():
        found.append(artist.get_color())
    return [c for c in (_rgb_hex(c) for c in found if not (isinstance(c, str) and c == "none")) if c]


def _drawn(fig) -> list:
    """Every visible artist of ``fig``, texts' boxes included."""
    artists = [a for a in fig.findobj() if a.get_visible()]
    boxes = [t.get_bbox_patch() for t in artists if isinstance(t, Text) and t.get_bbox_patch() is not None]
    return artists + boxes


@pytest.fixture(scope="module", autouse=True)
def _book_style():
    with matplotlib.rc_context():
        style.apply_book_style()
        yield


@pytest.fixture(scope="module", params=FIGURES)
def figure(request, _book_style):
    """Each figure of :data:`FIGURES`, drawn once for the three checks below and then closed."""
    import matplotlib.pyplot as plt

    fig = _figures()[request.param]()
    fig.canvas.draw()  # lay out, so texts have their final sizes
    yield fig
    plt.close(fig)


@pytest.fixture(autouse=True)
def _close_figures():
    """Override conftest's: each figure is drawn once for three tests and closed by :func:`figure`."""
    yield


def test_every_colour_a_figure_paints_is_a_named_colour_of_the_book(figure):
    fig = figure
    allowed = {mcolors.to_hex(c) for c in style.PALETTE.values()}
    stray = {}
    for artist in _drawn(fig):
        for colour in _artist_colours(artist):
            if colour not in allowed:
                stray.setdefault(colour, type(artist).__name__)
    assert stray == {}, f"colours outside nnlearn.style (colour: artist): {stray}"


def test_colour_maps_are_the_books_surface_map(figure):
    maps = {a.get_cmap().name for a in _drawn(figure)
            if isinstance(a, Collection) and a.get_array() is not None
            and not isinstance(a.get_cmap(), ListedColormap)}  # a listed map's colours are checked above
    assert maps <= {style.SURFACE_CMAP, style.CLASS_CMAP}


def test_every_text_is_at_least_10_px_at_book_width(figure):
    fig = figure
    renderer = fig.canvas.get_renderer()
    tight_width_px = fig.get_tightbbox(renderer).width * style.FIGURE_DPI  # inches -> CSS px
    scale = min(1.0, BOOK_WIDTH_PX / tight_width_px)
    small = sorted({(round(t.get_fontsize() / 72 * style.FIGURE_DPI * scale, 1), t.get_text()[:30])
                    for t in _drawn(fig) if isinstance(t, Text) and t.get_text().strip()
                    and t.get_fontsize() / 72 * style.FIGURE_DPI * scale < MIN_TEXT_PX})
    assert small == [], f"texts smaller than {MIN_TEXT_PX} px at book width (px, text): {small}"


def test_the_notation_page_lists_every_colour_of_the_book():
    page = (ROOT / "book" / "notation.md").read_text(encoding="utf-8")
    rows = dict((name, colour.lower()) for colour, name in
                re.findall(r"background:(#[0-9a-fA-F]{6}).*?`([A-Z0-9_]+)`", page))
    for name, colour in style.PALETTE.items():
        assert rows.get(name) == colour.lower(), f"the notation page's colour table lacks {name} ({colour})"
    assert f"`{style.SURFACE_CMAP}`" in page or "SURFACE_CMAP" in page


def test_the_check_sees_a_stray_colour():
    """The colour check is not blind: a figure with an off-palette line fails it."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="#8c6d31")
    colours = {c for a in _drawn(fig) for c in _artist_colours(a)}
    plt.close(fig)
    assert "#8c6d31" in colours


# ---------------------------------------------------------------- no colour typed outside nnlearn.style

_COLOUR_KEYWORD = re.compile(r"\b(color|colors|c|fc|ec|facecolor|edgecolor|edgecolors|mfc|mec|markerfacecolor|"
                             r"markeredgecolor)\s*=\s*[\"']([^\"']*)[\"']")
_HEX = re.compile(r"[\"']#[0-9a-fA-F]{3,8}[\"']")


def _colour_literals(text: str) -> list[str]:
    """Colours written as literals in ``text``: hex strings, and string values of matplotlib's colour
    keywords other than ``"none"`` (transparent)."""
    found = [m.group(0) for m in _HEX.finditer(text)]
    found += [m.group(0) for m in _COLOUR_KEYWORD.finditer(text) if m.group(2) != "none"]
    return found


def test_no_plotting_code_types_a_colour_outside_nnlearn_style():
    """Every figure takes its colours by name from nnlearn.style, so the notation page's list is complete;
    this catches a literal in code that no figure drawn above happens to reach."""
    src = pathlib.Path(style.__file__).parent
    stray = {str(p.relative_to(src)): _colour_literals(p.read_text(encoding="utf-8"))
             for p in sorted(src.rglob("*.py")) if p.name != "style.py"}
    stray = {name: found for name, found in stray.items() if found}
    assert stray == {}, f"colour literals outside nnlearn.style (use a style name): {stray}"


def test_the_colour_literal_scan_catches_hex_and_keyword_colours():
    assert _colour_literals('ax.plot(x, y, color="#8c6d31")') == ['"#8c6d31"', 'color="#8c6d31"']
    assert _colour_literals("ax.bar(x, y, edgecolor='white')") == ["edgecolor='white'"]
    assert _colour_literals('ax.plot(x, y, mfc="none", color=style.PATH)') == []
