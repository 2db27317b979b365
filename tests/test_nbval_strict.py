"""Tests of tools/nbval_strict.py, the nbval plugin that also compares a notebook's figures."""

from __future__ import annotations

import base64
import io
import pathlib
import sys

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import nbval_strict  # noqa: E402


def png(pixels: np.ndarray) -> str:
    """A base64 PNG of an (h, w, 3) uint8 array, as notebooks store figures."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def figure_output(payload: str) -> dict:
    return {"output_type": "display_data", "data": {"image/png": payload, "text/plain": "<Figure>"}}


WHITE = np.full((100, 200, 3), 255, dtype=np.uint8)


def with_line(row: int, colour=(27, 158, 75)) -> np.ndarray:
    pixels = WHITE.copy()
    pixels[row:row + 3, 20:180] = colour
    return pixels


def test_the_same_figure_passes():
    assert nbval_strict.compare_figures([figure_output(png(with_line(50)))],
                                         [figure_output(png(with_line(50)))]) == []


def test_a_few_faintly_different_pixels_pass():
    noisy = with_line(50)
    noisy[0, 0] = (250, 250, 250)  # anti-aliasing noise: small in value and in extent
    assert nbval_strict.figure_difference(png(with_line(50)), png(noisy)) is None


def test_a_moved_line_fails_and_says_where():
    message = nbval_strict.figure_difference(png(with_line(50)), png(with_line(60)))
    assert message is not None and "pixels differ" in message and "x 20..179" in message


def test_a_changed_colour_fails():
    assert nbval_strict.figure_difference(png(with_line(50)), png(with_line(50, colour=(214, 39, 40))))


def test_a_resized_figure_fails():
    message = nbval_strict.figure_difference(png(WHITE), png(WHITE[:, :150]))
    assert message == "the figure is 150x100 px now, 200x100 px in the notebook"


def test_a_missing_figure_fails():
    messages = nbval_strict.compare_figures([figure_output(png(WHITE))], [])
    assert messages == ["the cell draws 0 figure(s) now, 1 in the notebook"]


def test_outputs_without_figures_are_ignored():
    text = {"output_type": "stream", "name": "stdout", "text": "0.5\n"}
    assert nbval_strict.png_outputs([text]) == []
    assert nbval_strict.compare_figures([text], [text]) == []


@pytest.mark.parametrize("payload_as_list", [False, True])
def test_figures_stored_as_a_list_of_lines_are_read(payload_as_list):
    payload = png(WHITE)
    stored = [payload[:10], payload[10:]] if payload_as_list else payload
    assert nbval_strict.png_outputs([figure_output(stored)]) == [payload]


def run_nbval(tmp_path, cells) -> "subprocess.CompletedProcess[str]":
    """Run pytest with nbval and this plugin on a notebook made of ``cells``; return the finished process."""
    import os
    import subprocess

    import nbformat

    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "check.ipynb"
    nbformat.write(notebook, path)
    tools = pathlib.Path(__file__).resolve().parents[1] / "tools"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tools), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "nbval_strict",
                           "--nbval", "--nbval-current-env", "-q", str(path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_an_executed_notebook_with_current_outputs_passes(tmp_path):
    import nbformat

    cell = nbformat.v4.new_code_cell("print(1 + 1)", execution_count=1,
                                     outputs=[nbformat.v4.new_output("stream", name="stdout", text="2\n")])
    result = run_nbval(tmp_path, [cell])
    assert result.returncode == 0, result.stdout


def test_a_never_executed_cell_fails(tmp_path):
    import nbformat

    result = run_nbval(tmp_path, [nbformat.v4.new_code_cell("print(1 + 1)")])
    assert result.returncode == 1
    assert "This cell was never executed" in result.stdout
