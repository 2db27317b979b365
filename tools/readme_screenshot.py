"""Take the README's screenshot of the built book: one browser window's view of a page.

Usage: python tools/readme_screenshot.py [PAGE] [--scroll-to CSS_SELECTOR] [--out docs/screenshot.png]
       (by default chapter 1 at its widget section; build the book first with `make book`)

The page is opened from file:// in headless Chromium with the network blocked, after its math is
typeset and its widgets are drawn, exactly as the browser checks in tests/test_book_html.py see it.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_book_html import CHROMIUM, CHROMIUM_ARGS, HTML, WAIT_FOR_IMAGES_JS, WAIT_FOR_MATHJAX_JS  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="chapters/01_perceptron.html")
    parser.add_argument("--scroll-to", default="#try-it-move-the-boundary-yourself",
                        help="CSS selector of an element to bring to the top ('' for the top of the page)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1100)
    args = parser.parse_args(argv)
    path = HTML / args.page
    if not path.exists():
        parser.error(f"{path} does not exist: build the book first (make book)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": args.width, "height": args.height})
        context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX_JS)
        page.evaluate(WAIT_FOR_IMAGES_JS)
        if args.scroll_to:
            page.locator(args.scroll_to).first.scroll_into_view_if_needed()
            page.evaluate("(y) => window.scrollBy(0, y)", page.locator(args.scroll_to).first.bounding_box()["y"] - 70)
        out = pathlib.Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
