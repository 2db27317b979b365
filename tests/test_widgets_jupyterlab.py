"""The same widget in JupyterLab 4: a real `jupyter lab` on 127.0.0.1 (started here, stopped at the end),
driven by headless Chromium with every request off the machine blocked.

A notebook builds chapter 1's widget; the test checks that it renders (no console error), that setting a
trait from Python moves the slider and redraws the page, and that moving a slider in the page reaches
Python (the trait and the result nnlearn computes there).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from test_book_html import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

REQUIRED = os.environ.get("BOOK_HTML_REQUIRED") == "1"
#: What the page looked like when the test failed (for a person to look at).
SCREENSHOT = SCREENSHOTS / "jupyterlab_failure.png"

CELLS = [
    "from nnlearn.chapters.perceptron.widget import perceptron_widget\nwidget = perceptron_widget()\nwidget",
    "widget.w1 = -1.0\nwidget.gate = 'OR'",
    "print('TRAITS', widget.w2, widget.summary)",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root = tmp_path_factory.mktemp("lab")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                    for c in CELLS],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (root / "widget.ipynb").write_text(json.dumps(nb))
    port, token = _free_port(), secrets.token_hex(16)
    log = open(root / "server.log", "wb")  # noqa: SIM115 - closed below, after the server stops
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=",
         "--LabServerApp.app_settings_dir=" + str(root / "settings")],
        stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "JUPYTER_CONFIG_DIR": str(root / "cfg")})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"jupyter lab stopped: {(root / 'server.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not answer within 2 minutes")
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_the_widget_runs_in_jupyterlab_and_talks_to_python(lab):
    from playwright.sync_api import sync_playwright

    base, token = lab
    messages, outside = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
        context.set_default_timeout(120_000)
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:|data:|blob:|about:)"),
                      lambda route: (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: messages.append(f"uncaught: {e}"))
        try:
            page.goto(f"{base}/lab/tree/widget.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell")
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
            try:  # JupyterLab may ask which kernel to start: the notebook's own
                page.locator(".jp-Dialog button.jp-mod-accept").click(timeout=15_000)
            except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
                pass
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)

            def run(item: str) -> None:
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-itemLabel", has_text=item).first.click()

            run("Run All Cells")  # the widget; then Python sets w1 and the gate; then prints the traits
            root = page.locator(".nn-widget").first
            root.wait_for()
            text = root.locator(".nn-text")
            page.wait_for_function("el => el.textContent.startsWith('w₁ = −1, w₂ = 1, b = −1.5, data: OR')",
                                   arg=text.element_handle())
            assert not page.locator(".nn-fallback").first.is_visible()
            page.locator(".jp-OutputArea-output", has_text="TRAITS 1.0").wait_for()
            slider = root.locator('input[type="range"][data-name="w2"]')
            slider.focus()
            page.keyboard.press("End")  # the page sets w2 = 3
            page.wait_for_function("el => el.textContent.includes('w₂ = 3,')", arg=text.element_handle())
            page_text = text.text_content()
            page.locator(".jp-Notebook .jp-Cell").nth(2).click()
            run("Run Selected Cell")
            output = page.locator(".jp-OutputArea-output", has_text="TRAITS 3.0")
            output.wait_for()
            from nnlearn.chapters.perceptron.widget import PerceptronWidget

            expected = PerceptronWidget(w1=-1.0, w2=3.0, gate="OR")
            assert output.text_content().strip() == f"TRAITS 3.0 {expected.summary}"
            assert page_text == expected.text
        except Exception:
            page.screenshot(path=str(SCREENSHOT))
            raise
        finally:
            context.close()
            browser.close()
    assert messages == [], messages
    assert outside == [], "JupyterLab's page asked for something off this machine"
