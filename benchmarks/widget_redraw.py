"""How fast the book's widgets answer: live redraws in a kernel, and frame switches in the static HTML book.

Usage (from the repository root)::

    .venv/bin/python benchmarks/widget_redraw.py [--settings 15] [--browser]

**Live** (JupyterLab): for every widget declaration in :func:`nnlearn.widgets.declarations`, the time of
one redraw (:meth:`nnlearn.widgets.declare.LiveWidget.redraw`: the pure function draws the figure, then
:func:`~nnlearn.widgets.declare.render_png` renders it) at ``--settings`` settings drawn at random (fixed
seed) from the values the live sliders offer, after one warm-up; median and maximum, and the share
spent drawing versus rendering. Target: median at most 100 ms.

**Static** (``--browser``, needs the built book and Chromium): in each chapter page, headless Chromium
(file://, network blocked) focuses a slider and presses an arrow key ten times; the time from the
``keydown`` event to the next painted frame after the shown image changed, measured in the page with
``performance.now()``. Target: at most 100 ms.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import re
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def live_times(settings: int) -> list[tuple[str, float, float, float, float]]:
    """(widget, median ms, max ms, median draw ms, median render ms) per declaration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlearn.style import apply_book_style
    from nnlearn.widgets import declarations
    from nnlearn.widgets.declare import frame_html, render_png

    apply_book_style()
    rows = []
    rng = random.Random(0)
    for name, widget in declarations().items():
        choices = [{c.name: rng.choice(c.values) for c in widget.controls} for _ in range(settings + 1)]
        frame_html(widget, choices[0])  # warm-up: caches, fonts
        total, draw, render = [], [], []
        for values in choices[1:]:
            t0 = time.perf_counter()
            frame = widget.draw(**values)
            t1 = time.perf_counter()
            render_png(frame.figure)
            t2 = time.perf_counter()
            plt.close(frame.figure)
            total.append(t2 - t0)
            draw.append(t1 - t0)
            render.append(t2 - t1)
        rows.append((name, 1000 * statistics.median(total), 1000 * max(total), 1000 * statistics.median(draw),
                     1000 * statistics.median(render)))
    return rows


SWITCH_JS = """async (root) => {
  const handle = [...root.querySelectorAll('.noUi-handle')].find(h => h.offsetParent !== null);
  const shown = () => { const i = [...root.querySelectorAll('img.nn-frame')].find(i => i.offsetParent !== null);
                        return i ? i.alt : null; };
  const times = [];
  for (let k = 0; k < 10; k++) {
    const key = k < 5 ? 'ArrowRight' : 'ArrowLeft';
    const before = shown();
    const t0 = performance.now();
    handle.dispatchEvent(new KeyboardEvent('keydown', {key, keyCode: key === 'ArrowRight' ? 39 : 37, bubbles: true}));
    await new Promise(done => { const check = () => (shown() !== before || performance.now() - t0 > 2000)
      ? requestAnimationFrame(() => done()) : requestAnimationFrame(check); check(); });
    if (shown() !== before) times.push(performance.now() - t0);  // a press at the slider's end changes nothing
  }
  return times;
}"""


def static_times() -> list[tuple[str, float, float]]:
    """(page, median ms, max ms) of frame switches after a key press, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    html = ROOT / "book" / "_build" / "html" / "chapters"
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             headless=True, args=args)
        for page_path in sorted(html.glob("*.html")):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
            page = context.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            if page.locator(".nn-widget").count():
                page.wait_for_selector(".nn-widget img.nn-frame", timeout=30_000)
                root = page.locator(".nn-widget").first
                root.scroll_into_view_if_needed()
                times = root.evaluate(SWITCH_JS)
                rows.append((page_path.name, statistics.median(times), max(times)))
            context.close()
        browser.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=int, default=15, help="random settings per widget (live)")
    parser.add_argument("--browser", action="store_true", help="also time frame switches in the built book")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("\nLive redraw (draw + render_png), ms:\n")
    print("| widget | median | max | draw (median) | render (median) |\n|---|---:|---:|---:|---:|")
    for name, median, worst, draw, render in live_times(args.settings):
        print(f"| {name} | {median:.0f} | {worst:.0f} | {draw:.0f} | {render:.0f} |")
    if args.browser:
        print("\nStatic frame switch after a key press (headless Chromium), ms:\n")
        print("| page | median | max |\n|---|---:|---:|")
        for page, median, worst in static_times():
            print(f"| {page} | {median:.1f} | {worst:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
