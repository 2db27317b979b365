"""Browser checks of the built HTML book, in headless Chromium with the network off.

Every page of ``book/_build/html`` is opened from ``file://`` (as a reader who downloaded the
book would) and must: log no console error or warning, make no network request, have every image loaded,
have all its math typeset by the local MathJax (no raw ``\\(``, ``\\[`` or ``$$`` left), and show
every saved widget. Each chapter's widget sliders must be visible. A full-page screenshot of each page is
saved to ``book/_build/screenshots/`` (and of the chapters in dark mode to ``screenshots/dark/``)
for a person to look at.

Run after building the book: ``make test`` does (``make test-browser`` alone checks the current
build). Without a build these tests skip with a message; under ``make test``
(``BOOK_HTML_REQUIRED=1``) a missing build or browser is a failure.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
from dataclasses import dataclass, field

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
HTML = ROOT / "book" / "_build" / "html"
SCREENSHOTS = ROOT / "book" / "_build" / "screenshots"
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = pathlib.Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("BOOK_HTML_REQUIRED") == "1"

# Flags that let Chromium run as root with no network and no background traffic (see TOOLCHAIN.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 20_000

# What is left of a page's text once code, scripts and typeset math are removed: raw math must not be in it.
VISIBLE_TEXT_JS = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight, .MathJax')
       .forEach(e => e.remove());
  return clone.textContent;
}"""

WAIT_FOR_IMAGES_JS = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  return images.filter(img => !(img.complete && img.naturalWidth > 0))
               .map(img => img.getAttribute('src').slice(0, 120));
}"""

WAIT_FOR_MATHJAX_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
}"""

MATH_REPORT_JS = """() => {
  const math = [...document.querySelectorAll('.math')];
  return {
    math: math.length,
    untypeset: math.filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80)),
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)),
  };
}"""

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
WIDGET_STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'


def book_pages() -> list[str]:
    """The HTML pages of the built book, as paths relative to book/_build/html.

    ``index.html`` is left out: it only redirects to the first page (tested on its own).
    """
    if not (HTML / "index.html").exists():
        return []
    skip = {"_static", "_sources", "_images"}
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if not skip.intersection(p.relative_to(HTML).parts) and p != HTML / "index.html")


def chapter_pages() -> list[str]:
    """The chapter pages (one per notebook) among :func:`book_pages`."""
    return [page for page in PAGES if page.startswith("chapters/")]


def unavailable() -> str | None:
    """Why the checks cannot run here, or None when they can."""
    if not PAGES:
        return f"the book is not built: no {HTML.relative_to(ROOT)}/index.html (run `make book` first)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM=/path)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in requirements.txt)"
    return None


PAGES = book_pages()


def screenshot_name(page: str) -> str:
    """``chapters/01_perceptron.html`` -> ``chapters__01_perceptron.png``."""
    return page.removesuffix(".html").replace("/", "__") + ".png"


@dataclass
class PageReport:
    """What a reader's browser saw on one page."""

    console_errors: list[str] = field(default_factory=list)
    network_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    raw_math: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    widget_views: int = 0
    widget_state: bool = False
    widgets_rendered: int = 0
    visible_sliders: int = 0
    theme: str = ""


@pytest.fixture(scope="module")
def browser():
    reason = unavailable()
    if reason:
        if REQUIRED:
            pytest.fail(f"browser checks cannot run: {reason}")
        pytest.skip(f"browser checks skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def visit(browser, page_path: str, color_scheme: str = "light", screenshot_dir: pathlib.Path = SCREENSHOTS) -> PageReport:
    """Open one page from file:// with every network request blocked; report what rendered, save a screenshot."""
    report = PageReport()
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)

    def block(route):
        report.network_requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), block)
    page = context.new_page()
    # A warning is a defect too (readers: e.g. a library's "strict mode" notice on every chapter page).
    page.on("console", lambda msg: report.console_errors.append(f"{msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", lambda req: report.console_errors.append(f"failed to load {req.url[:160]}"))
    try:
        page.goto((HTML / page_path).as_uri(), wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX_JS)
        report.broken_images = page.evaluate(WAIT_FOR_IMAGES_JS)
        report.widget_views = page.locator(WIDGET_VIEW).count()
        report.widget_state = page.locator(WIDGET_STATE).count() > 0
        if report.widget_views and report.widget_state:
            # The widget manager replaces each saved view with live controls, asynchronously.
            try:
                page.wait_for_function(
                    f"document.querySelectorAll('.widget-subarea > *').length >= {report.widget_views}")
            except Exception:  # reported by the widget test below, with the count
                pass
            page.evaluate(WAIT_FOR_IMAGES_JS)
        report.widgets_rendered = page.locator(".widget-subarea > *").count()
        report.visible_sliders = sum(1 for s in page.locator('.widget-slider, .nn-widget input[type="range"]').all()
                                     if s.is_visible())
        report.math = page.evaluate(MATH_REPORT_JS)
        text = page.evaluate(VISIBLE_TEXT_JS)
        report.raw_math = [text[max(0, m.start() - 40):m.end() + 40].strip()
                           for m in re.finditer(r"\\\(|\\\[|\$\$", text)]
        report.theme = page.evaluate("document.documentElement.dataset.theme || ''")
        screenshot_dir.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot_dir / screenshot_name(page_path)), full_page=True)
    finally:
        context.close()
    return report


@pytest.fixture(scope="module")
def reports(browser):
    """Each page visited once (lazily), shared by the checks below."""
    cache: dict[str, PageReport] = {}

    def get(page_path: str) -> PageReport:
        if page_path not in cache:
            cache[page_path] = visit(browser, page_path)
        return cache[page_path]

    return get


# With no build there is nothing to parametrize over: one placeholder id, which the fixture skips (or fails).
PAGE_PARAMS = PAGES or ["(book not built)"]


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_logs_no_console_errors(reports, page):
    assert reports(page).console_errors == []


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_makes_no_network_requests(reports, page):
    assert reports(page).network_requests == [], "the book must work offline: everything it loads comes from disk"


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_every_image_on_the_page_loads(reports, page):
    assert reports(page).broken_images == []


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_no_raw_math_is_left_on_the_page(reports, page):
    assert reports(page).raw_math == [], "MathJax left these untypeset"


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_all_math_is_typeset_without_errors(reports, page):
    math = reports(page).math
    assert math["untypeset"] == [], f"{len(math['untypeset'])} of {math['math']} math elements were not typeset"
    assert math["errors"] == [], "MathJax reported TeX errors"


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_saved_widgets_render(reports, page):
    report = reports(page)
    if report.widget_views == 0:
        return
    assert report.widget_state, "the page has widget views but no saved widget state: re-execute the notebook"
    assert report.widgets_rendered >= report.widget_views, (
        f"{report.widgets_rendered} of {report.widget_views} widgets rendered from the saved state")


#: The chapters with a widget, and the sliders a reader must see on each page (at least this many; a
#: widget that moves one slider at a time shows one, and a dropdown to choose it).
CHAPTER_SLIDERS = {
    "01_perceptron": (3, "w1, w2 and b"),
    "02_loss_and_gradient_descent": (2, "the learning rate and the number of steps"),
    "03_backprop_by_hand": (9, "x1, x2, y, w11, w12, b1, w2, b2 and eta"),
    "04_backprop_general": (1, "the step of the forward and backward pass"),
    "05_xor": (1, "hidden units, eta or seed"),
    "06_vanishing_exploding_gradients": (1, "the depth"),
}


@pytest.mark.parametrize("stem", sorted(CHAPTER_SLIDERS))
def test_chapter_widget_sliders_are_visible(reports, stem):
    page_name = f"chapters/{stem}.html"
    assert (NOTEBOOKS / f"{stem}.ipynb").exists(), f"notebooks/{stem}.ipynb is missing"
    assert page_name in PAGES, f"{page_name} is missing from the built book: is it in book/_toc.yml?"
    report = reports(page_name)
    expected, which = CHAPTER_SLIDERS[stem]
    assert report.visible_sliders >= expected, (
        f"{page_name}: the widget should show sliders for {which}; {report.visible_sliders} visible")


# ---------------------------------------------------------------- sliders move their figures

#: The nnlearn widget declarations each chapter shows, in page order (nnlearn.widgets.declarations()); the
#: widgets of chapters 1-4 compute in the page and are checked in tests/test_book_widgets_html.py.
CHAPTER_WIDGETS = {
    "05_xor": ["playground"],
    "06_vanishing_exploding_gradients": ["gradients"],
}

VISIBLE_FRAME_JS = """(root) => {
  const shown = [...root.querySelectorAll('img.nn-frame')].filter(i => i.offsetParent !== null);
  return shown.map(i => ({alt: i.alt, src: i.getAttribute('src')}));
}"""


def _open_widget_page(browser, page_name: str, width: int = VIEWPORT["width"]):
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
    page = context.new_page()
    page.goto((HTML / page_name).as_uri(), wait_until="load")
    page.wait_for_selector(".nn-widget img.nn-frame")
    return context, page


def _shown_frame(root) -> dict:
    frames = root.evaluate(VISIBLE_FRAME_JS)
    assert len(frames) == 1, f"{len(frames)} frames visible in the widget, expected exactly one"
    return frames[0]


def _wait_for_setting(page, root, setting: str) -> dict:
    root.evaluate("(root, setting) => new Promise((done, fail) => { const t0 = performance.now();"
                  " const check = () => { const i = [...root.querySelectorAll('img.nn-frame')]"
                  ".find(i => i.offsetParent !== null); if (i && i.alt.startsWith(setting)) done();"
                  " else if (performance.now() - t0 > 5000) fail('no frame for ' + setting);"
                  " else requestAnimationFrame(check); }; check(); })", setting)
    return _shown_frame(root)


def _fresh_frame(declaration, values: dict) -> tuple[str, str]:
    """(base64 PNG, alt text) of the frame the declaration's pure function draws now for ``values``."""
    import matplotlib as mpl
    from matplotlib_inline.config import InlineBackend

    from nnlearn.style import apply_book_style
    from nnlearn.widgets.declare import frame_html, parse_frame_html

    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(InlineBackend().rc)
        apply_book_style()
        png, alt, _ = parse_frame_html(frame_html(declaration, values))
    return png, alt


def _check_frame(root, page, declaration, values: dict, before: dict) -> list[str]:
    """The frame shown must be a new one, for ``values``, and be what the pure function draws now."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from nbval_strict import figure_difference

    from nnlearn.widgets.declare import alt_text

    setting = alt_text(declaration, values, "")
    shown = _wait_for_setting(page, root, setting)
    png, alt = _fresh_frame(declaration, values)
    problems = []
    if shown["alt"] == before["alt"]:
        problems.append(f"the frame did not change when moving to {setting[:-2]}")
    elif shown["src"] == before["src"] and figure_difference(png, before["src"].split(",", 1)[1]):
        # the same picture is right only where the function draws the same picture (e.g. every step count
        # at a rate that diverges at step 1)
        problems.append(f"the figure did not change when moving to {setting[:-2]}")
    if shown["alt"] != alt:
        problems.append(f"the page shows {shown['alt']!r}, the function gives {alt!r}")
    difference = figure_difference(png, shown["src"].split(",", 1)[1])
    if difference:
        problems.append(f"the frame for {setting[:-2]} is not what the function draws: {difference}")
    return problems


def _slider_handle(root, declaration, slider):
    """The keyboard handle of ``slider``, after choosing it under "move" when the widget has that dropdown."""
    names = [s.name for s in declaration.sliders]
    if declaration.static == "one-at-a-time" and len(names) > 1:
        move = root.locator("select").filter(has=root.page.locator(f"option:text-is('{declaration.sliders[-1].label}')"))
        move.select_option(label=slider.label)
        handles = [h for h in root.locator(".noUi-handle").all() if h.is_visible()]
        assert len(handles) == 1, f"{len(handles)} sliders visible after choosing {slider.label}"
        return handles[0]
    handles = root.locator(".noUi-handle").all()
    return handles[names.index(slider.name)]


def _moves(index: int, count: int) -> list[tuple[str, int]]:
    """Two key moves from ``index`` on a slider of ``count`` positions, each to a new position:
    ``(key, presses)``."""
    first = ("ArrowLeft", min(2, index)) if index >= 1 else ("ArrowRight", min(2, count - 1))
    after = index - first[1] if first[0] == "ArrowLeft" else index + first[1]
    second = ("ArrowRight", count - 1 - after) if after < count - 1 else ("ArrowLeft", after)
    return [first, second]


WIDGET_PAGES = sorted(CHAPTER_WIDGETS)


@pytest.mark.parametrize("stem", WIDGET_PAGES)
def test_every_slider_moves_its_figure_with_the_keyboard(browser, stem):
    """Each slider of each widget, moved with the arrow keys to two other positions, shows a new frame,
    for the new setting (its alt text), which is the frame the declaration's pure function draws now."""
    from nnlearn.widgets import declarations

    page_name = f"chapters/{stem}.html"
    if page_name not in PAGES:
        pytest.fail(f"{page_name} is not in the built book")
    context, page = _open_widget_page(browser, page_name)
    problems: list[str] = []
    try:
        roots = page.locator(".nn-widget").all()
        assert len(roots) == len(CHAPTER_WIDGETS[stem]), f"{len(roots)} nnlearn widgets on {page_name}"
        for root, name in zip(roots, CHAPTER_WIDGETS[stem]):
            declaration = declarations()[name]
            values = declaration.defaults()
            root.scroll_into_view_if_needed()
            from nnlearn.widgets.declare import alt_text

            _wait_for_setting(page, root, alt_text(declaration, values, ""))
            for slider in declaration.sliders:
                values = declaration.defaults() if declaration.static == "one-at-a-time" else values
                handle = _slider_handle(root, declaration, slider)
                positions = list(slider.static)
                for key, presses in _moves(positions.index(values[slider.name]), len(positions)):
                    before = _shown_frame(root)
                    handle.focus()
                    for _ in range(presses):
                        page.keyboard.press(key)
                    index = positions.index(values[slider.name]) + (presses if key == "ArrowRight" else -presses)
                    values = {**values, slider.name: positions[index]}
                    problems += [f"{name}, {slider.label}: {p}" for p in _check_frame(root, page, declaration, values, before)]
            for choice in declaration.choices:  # every choice: its last option (the last slider stays where it is)
                select = root.locator("select").filter(has=page.locator(f"option:text-is('{choice.options[-1][0]}')"))
                before = _shown_frame(root)
                select.select_option(label=choice.options[-1][0])
                values = {**values, choice.name: choice.options[-1][1]}
                problems += [f"{name}, {choice.label}: {p}" for p in _check_frame(root, page, declaration, values, before)]
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("stem", WIDGET_PAGES)
def test_widgets_fit_a_phone_screen(browser, stem):
    """At 390 px every widget's labels, slider tracks and readouts are on screen, and the figure fits."""
    page_name = f"chapters/{stem}.html"
    context, page = _open_widget_page(browser, page_name, width=390)
    try:
        for root in page.locator(".nn-widget").all():
            root.scroll_into_view_if_needed()
            width = page.evaluate("() => document.documentElement.clientWidth")
            for selector in (".widget-label", ".widget-readout", ".noUi-target", "select", "img.nn-frame"):
                for element in root.locator(selector).all():
                    if not element.is_visible():
                        continue
                    box = element.bounding_box()
                    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
                        f"{selector} runs off a {width} px screen: {box}")
                    if selector == ".noUi-target":
                        assert box["width"] >= 100, f"the slider track collapsed to {box['width']:.0f} px"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            root.screenshot(path=str(SCREENSHOTS / f"phone__{stem}.png"))
    finally:
        context.close()


def test_index_page_leads_to_the_introduction(browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto((HTML / "index.html").as_uri())
        page.wait_for_url("**/intro.html")
        assert page.title().startswith("How Neural Networks Learn")
    finally:
        context.close()


def test_every_notebook_is_a_page_of_the_book(browser):
    missing = [nb.name for nb in sorted(NOTEBOOKS.glob("*.ipynb")) if f"chapters/{nb.stem}.html" not in PAGES]
    assert missing == [], "add these notebooks to book/_toc.yml"


def test_math_pages_exist(reports):
    """The notation page is mostly math: if MathJax failed everywhere, this says so plainly."""
    assert "notation.html" in PAGES
    assert reports("notation.html").math["math"] > 10


@pytest.mark.parametrize("page", chapter_pages() or ["(no chapters)"])
def test_chapter_offers_its_notebook_for_download(browser, page):
    if page == "(no chapters)":
        pytest.skip("no chapter pages in the built book")
    html = (HTML / page).read_text(encoding="utf-8")
    # Relative links only: the Colab, Binder and source links point at the notebook in the repository.
    links = [link for link in re.findall(r'href="([^"]+\.ipynb)"', html) if "://" not in link]
    assert links, "no download link to the chapter's .ipynb"
    for link in links:
        assert ((HTML / page).parent / link).resolve().is_file(), f"the download link {link} points to no file"


@pytest.mark.parametrize("page", ["intro.html", *chapter_pages()])
def test_page_renders_in_dark_mode(browser, page):
    report = visit(browser, page, color_scheme="dark", screenshot_dir=SCREENSHOTS / "dark")
    assert report.theme == "dark"
    assert report.console_errors == []


def test_search_finds_a_word_of_the_book(browser):
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto((HTML / "search.html").as_uri() + "?q=notation", wait_until="load")
        page.wait_for_selector("ul.search li")
        assert page.locator("ul.search li").count() >= 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "search_results.png"))
    finally:
        context.close()


def test_notation_page_colours_are_the_package_colours():
    """The colour table on the notation page must list the hex codes nnlearn.style really uses."""
    from nnlearn import style

    rows = re.findall(r"background:(#[0-9a-fA-F]{6}).*?`([A-Z0-9]+)`",
                      (ROOT / "book" / "notation.md").read_text(encoding="utf-8"))
    assert rows, "no colour rows found on the notation page"
    for colour, name in rows:
        assert getattr(style, name).lower() == colour.lower(), f"{name} is {getattr(style, name)} in nnlearn.style"


#: Size limits of the built book (the precomputed widget figures are most of a chapter page).
MAX_PAGE_BYTES = 10_000_000
MAX_BOOK_BYTES = 80_000_000


def test_the_built_book_stays_small_enough_to_download(browser):
    pages = {page: (HTML / page).stat().st_size for page in PAGES}
    too_big = {page: size for page, size in pages.items() if size > MAX_PAGE_BYTES}
    assert too_big == {}, f"pages over {MAX_PAGE_BYTES / 1e6:.0f} MB: {too_big}"
    total = sum(p.stat().st_size for p in HTML.rglob("*") if p.is_file())
    assert total <= MAX_BOOK_BYTES, f"the built book is {total / 1e6:.1f} MB, over {MAX_BOOK_BYTES / 1e6:.0f} MB"
# ---------------------------------------------------------------- readers: a clean page, downloads, speech
# (the top bar, the notebook download from file:// and over HTTP, MathJax's accessibility explorer, page
# weight, and the chapters at a phone's width)

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_has_no_top_bar_only_repeating_the_search(page):
    if page == "(book not built)":
        pytest.skip("the book is not built")
    html = (HTML / page).read_text(encoding="utf-8")
    header = re.search(r'<header id="pst-header"([^>]*)>(.*?)</header>', html, re.S)
    assert header is None or ("hidden" in header.group(1) and header.group(2).strip() == ""), (
        "the theme's top bar is back: it holds only a second search button")
    assert "search-button-field" in html, "the sidebar's search field is gone too"


@pytest.mark.parametrize("page", chapter_pages() or ["(no chapters)"])
def test_chapter_page_weighs_at_most_10_mb(page):
    if page == "(no chapters)":
        pytest.skip("no chapter pages in the built book")
    path = HTML / page
    html = path.read_text(encoding="utf-8")
    images = {src for src in re.findall(r'<img[^>]+src="([^"]+)"', html) if not src.startswith("data:")}
    total = len(html.encode()) + sum((path.parent / src).stat().st_size for src in images)
    assert total <= MAX_PAGE_BYTES, f"{page} weighs {total / 2**20:.1f} MB with its images"


def _download_notebook(browser, url: str, allow: str) -> tuple[str, bytes]:
    """Open ``url``, choose the download menu's ".ipynb" item, return the saved file's name and bytes."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(rf"^(?!{allow}|file:|data:|blob:|about:)"), lambda route: route.abort())
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type in ("error", "warning") else None)
        page.goto(url, wait_until="load")
        page.click(".dropdown-download-buttons > button")
        with page.expect_download() as info:
            page.click("a.btn-download-source-button")
        download = info.value
        data = pathlib.Path(download.path()).read_bytes()
        assert page.url == url, "the link navigated away instead of downloading"
        assert errors == []
        return download.suggested_filename, data
    finally:
        context.close()


@pytest.mark.parametrize("stem", sorted(CHAPTER_SLIDERS))
def test_notebook_download_saves_the_notebook_from_file(browser, stem):
    name, data = _download_notebook(browser, (HTML / "chapters" / f"{stem}.html").as_uri(), allow="file:")
    assert name == f"{stem}.ipynb"
    assert data == (HTML / "_sources" / "chapters" / f"{stem}.ipynb").read_bytes()


def test_notebook_download_saves_the_notebook_over_http(browser):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        name, data = _download_notebook(browser, f"{origin}/chapters/01_perceptron.html", allow=re.escape(origin))
    finally:
        server.shutdown()
        server.server_close()
    assert name == "01_perceptron.ipynb"
    assert data == (HTML / "_sources" / "chapters" / "01_perceptron.ipynb").read_bytes()


#: Turns on MathJax's accessibility explorer as the context menu's Accessibility > Activate item does.
ACTIVATE_EXPLORER_JS = """async () => {
  await MathJax.startup.promise;
  MathJax.startup.document.menu.menu.pool.lookup('explorer').setValue(true);
}"""


def test_mathjax_accessibility_explorer_speaks_from_file(browser):
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    blocked: list[str] = []
    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: (blocked.append(route.request.url),
                                                                              route.abort()))
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: problems.append(f"{msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: problems.append(f"failed to load {req.url[:160]}"))
        page.goto((HTML / "chapters" / "01_perceptron.html").as_uri(), wait_until="load")
        page.evaluate(ACTIVATE_EXPLORER_JS)
        page.wait_for_function("document.querySelectorAll('mjx-container[role=\"application\"][aria-label]').length"
                               " === document.querySelectorAll('mjx-container').length"
                               " && document.querySelectorAll('mjx-container').length > 0")
        speech = page.evaluate("[...document.querySelectorAll('mjx-container[aria-label]')]"
                               ".map(e => e.getAttribute('aria-label'))")
    finally:
        context.close()
    assert problems == [] and blocked == []
    assert any("plus" in s for s in speech) and any("equals" in s for s in speech), speech[:10]


@pytest.mark.parametrize("page", ["intro.html", *chapter_pages()])
def test_page_fits_a_phone_screen(browser, page):
    context = browser.new_context(viewport=PHONE, service_workers="block", device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
    try:
        tab = context.new_page()
        tab.goto((HTML / page).as_uri(), wait_until="load")
        tab.evaluate(WAIT_FOR_MATHJAX_JS)
        tab.evaluate(WAIT_FOR_IMAGES_JS)
        too_wide = tab.evaluate(f"[...document.querySelectorAll('article img')]"
                                f".filter(img => img.getBoundingClientRect().width > {PHONE['width']})"
                                f".map(img => img.getAttribute('src').slice(0, 80))")
        (SCREENSHOTS / "phone").mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "phone" / screenshot_name(page)), full_page=True)
    finally:
        context.close()
    assert too_wide == [], "figures wider than a phone's screen"


@pytest.mark.parametrize("stem", sorted(CHAPTER_SLIDERS))
def test_downloaded_notebook_is_the_chapter_without_its_saved_widget_state(browser, stem):
    """The download keeps every cell and output of the chapter and drops only the precomputed widget
    frames (the page carries them once; a run in Jupyter builds the widgets live)."""
    served = json.loads((HTML / "_sources" / "chapters" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    chapter = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    assert served["cells"] == chapter["cells"]
    assert "widgets" not in served["metadata"]
    assert {k: v for k, v in chapter["metadata"].items() if k != "widgets"} == served["metadata"]
