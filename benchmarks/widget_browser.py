"""How fast the widgets that compute in the page answer a move, in headless Chromium (issue 24's target:
one frame at 60 Hz, 16 ms median, for chapters 1-4), against the kernel redraw they replace.

Usage (from the repository root, after ``make book``)::

    .venv/bin/python benchmarks/widget_browser.py [--moves 200] [--harness]

**After** (the page): each chapter page of the built book is opened from ``file://`` with the network off;
a scripted sequence of ``--moves`` moves (every slider in turn, each to a position drawn with a fixed seed,
and every option of every choice) is played by setting the input's value and dispatching its ``input``
event, as a drag does. For each move two times are taken with ``performance.now()`` in the page:
*handler*, from the event to the end of the widget's work (compute, figure, text: the DOM is up to date),
and *frame*, from the event to the next animation frame after it, plus a forced layout (what a reader
waits for; a frame at 60 Hz comes every 16.7 ms, so this includes up to one frame of waiting for vsync).
``--harness`` runs the same on tests/book/widgets/harness.py's bare page instead of the book.

**Before** (the kernel): the redraw of the widgets these replaced, in the same run: the chapter's figure
function draws the setting with matplotlib and ``nnlearn.widgets.declare.render_png`` renders it (what
``LiveWidget.redraw`` did on every slider move in JupyterLab), at 15 settings from the same sequence.

Median and 95th percentile (nearest rank) in milliseconds; the machine's load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "book" / "widgets"))

PAGES = {"perceptron": "01_perceptron", "descent": "02_loss_and_gradient_descent", "by_hand": "03_backprop_by_hand",
         "backprop": "04_backprop_general"}

PLAY_JS = """async ([moves]) => {
  const root = document.querySelector('.nn-widget');
  const handler = [], frame = [];
  const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done()));
  for (const [name, value] of moves) {
    const input = root.querySelector(`[data-name="${name}"]`);
    await nextFrame();
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    await nextFrame();
    root.getBoundingClientRect();
    const t2 = performance.now();
    handler.push(t1 - t0);
    frame.push(t2 - t0);
  }
  return {handler, frame, inner: (root.nnRedrawTimes || []).slice(-moves.length)};
}"""


def widget_classes() -> dict:
    from nnlearn.chapters.backprop.widget import BackpropWidget
    from nnlearn.chapters.by_hand.widget import ByHandWidget
    from nnlearn.chapters.descent.widget import DescentWidget
    from nnlearn.chapters.perceptron.widget import PerceptronWidget

    return {"perceptron": PerceptronWidget, "descent": DescentWidget, "by_hand": ByHandWidget, "backprop": BackpropWidget}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def moves_for(cls, n: int, seed: int = 0) -> list[tuple[str, object]]:
    """A fixed sequence of ``n`` moves: sliders in turn to random positions, and every choice option."""
    rng = random.Random(seed)
    sliders = [c for c in cls.controls if hasattr(c, "count")]
    choices = [c for c in cls.controls if not hasattr(c, "count")]
    moves = []
    for k in range(n):
        if choices and k % 25 == 24:
            c = choices[(k // 25) % len(choices)]
            moves.append((c.name, c.values[(k // 25) % len(c.values)]))
        else:
            c = sliders[k % len(sliders)]
            moves.append((c.name, rng.randrange(c.count)))
    return moves


def browser_times(moves: int, harness: bool) -> list[tuple]:
    from playwright.sync_api import sync_playwright

    from test_book_html import CHROMIUM, CHROMIUM_ARGS, HTML

    classes = widget_classes()
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for name, cls in classes.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "blob:", "data:"))
                          else route.abort())
            page = context.new_page()
            if harness:
                from harness import write_page

                url = write_page(cls(), pathlib.Path(tmp) / f"{name}.html").as_uri()
            else:
                url = (HTML / "chapters" / f"{PAGES[name]}.html").as_uri()
            page.goto(url, wait_until="load")
            page.wait_for_selector(".nn-widget .nn-text")
            page.locator(".nn-widget").first.scroll_into_view_if_needed()
            sequence = moves_for(cls, moves)
            page.evaluate(PLAY_JS, [sequence[:20]])  # warm-up: the JIT, the surfaces' first computation
            result = page.evaluate(PLAY_JS, [sequence])
            rows.append((name, *(f(result[k], q) for k in ("handler", "frame") for f, q in
                                 ((lambda v, q: statistics.median(v), 50), (percentile, 95)))))
            context.close()
        browser.close()
    return rows


def kernel_times(settings: int) -> list[tuple]:
    """The replaced redraw: matplotlib draws the figure, render_png renders it (as LiveWidget.redraw did)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlearn.style import apply_book_style
    from nnlearn.widgets.declare import render_png

    apply_book_style()
    rows = []
    for name, cls in widget_classes().items():
        widget = cls()
        values = widget.values()
        times = []
        for k, (control, raw) in enumerate(moves_for(cls, settings + 1)):
            c = next(c for c in cls.controls if c.name == control)
            values = {**values, control: c.value(raw) if hasattr(c, "count") else raw}
            t0 = time.perf_counter()
            fig = widget.figure(**values)
            render_png(fig)
            plt.close(fig)
            if k:  # the first is a warm-up
                times.append(1000 * (time.perf_counter() - t0))
        rows.append((name, statistics.median(times), percentile(times, 95)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--settings", type=int, default=15)
    parser.add_argument("--harness", action="store_true", help="time the bare harness page instead of the book")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    print(f"\nafter: the page computes and draws ({args.moves} moves; ms)")
    print("| widget | handler median | handler p95 | to next frame median | to next frame p95 |")
    print("|---|---:|---:|---:|---:|")
    for name, hm, hp, fm, fp in browser_times(args.moves, args.harness):
        print(f"| {name} | {hm:.1f} | {hp:.1f} | {fm:.1f} | {fp:.1f} |")
    print(f"\nbefore: the kernel redraws with matplotlib ({args.settings} settings; ms)")
    print("| widget | median | p95 |")
    print("|---|---:|---:|")
    for name, m, p in kernel_times(args.settings):
        print(f"| {name} | {m:.0f} | {p:.0f} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
