"""pytest plugin: make nbval stricter in the two ways the book needs.

1. Figures are compared too. nbval checks that re-running a notebook gives the committed text
   outputs, but it skips ``image/png`` outputs, so a figure could go stale after a change to
   ``nnlearn`` while every printed number still matched. The book shows the committed figures, so
   each PNG a cell makes now is decoded and compared pixel by pixel with the committed one. The
   figures must have the same size and may differ only in a tiny fraction of pixels
   (anti-aliasing at the last bit of a float), never in what they show.
2. A code cell that was never executed fails. nbval runs such a cell but compares nothing (it has
   no committed outputs), so a notebook committed without its outputs would pass while the book
   showed none of them.

Load it next to nbval (it is in tools/, so put that on the path):

    PYTHONPATH=tools pytest -p nbval_strict --nbval --nbval-current-env notebooks/

Cells tagged ``nbval-ignore-output`` are not compared, as with nbval.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping

import numpy as np
from nbval.plugin import IPyNbCell
from PIL import Image

#: A pixel "differs" when one of its RGBA channels differs by more than this (out of 255).
CHANNEL_TOLERANCE = 16
#: A figure fails when more than this fraction of its pixels differ.
MAX_DIFFERING_FRACTION = 1e-4


def png_outputs(outputs: Iterable[Mapping]) -> list[str]:
    """The base64 ``image/png`` payloads of a cell's outputs, in order."""
    found = []
    for output in outputs:
        data = output.get("data") or {}
        if "image/png" in data:
            payload = data["image/png"]
            found.append("".join(payload) if isinstance(payload, list) else payload)
    return found


def decode_png(payload: str) -> np.ndarray:
    """The pixels of a base64 PNG as an array of shape (height, width, 4), RGBA, uint8."""
    with Image.open(io.BytesIO(base64.b64decode(payload))) as image:
        return np.asarray(image.convert("RGBA"))


def figure_difference(reference: str, current: str) -> str | None:
    """None when two base64 PNGs show the same figure, else a sentence saying how they differ."""
    if reference == current:
        return None
    ref, cur = decode_png(reference), decode_png(current)
    if ref.shape != cur.shape:
        return f"the figure is {cur.shape[1]}x{cur.shape[0]} px now, {ref.shape[1]}x{ref.shape[0]} px in the notebook"
    differs = (np.abs(ref.astype(np.int16) - cur.astype(np.int16)) > CHANNEL_TOLERANCE).any(axis=-1)
    fraction = float(differs.mean())
    if fraction <= MAX_DIFFERING_FRACTION:
        return None
    rows, cols = np.nonzero(differs)
    return (f"{fraction:.2%} of the pixels differ (allowed: {MAX_DIFFERING_FRACTION:.3%}), in the box "
            f"x {cols.min()}..{cols.max()}, y {rows.min()}..{rows.max()}")


def compare_figures(reference_outputs: Iterable[Mapping], current_outputs: Iterable[Mapping]) -> list[str]:
    """Messages, one per figure that differs between the committed and the current outputs of a cell."""
    reference, current = png_outputs(reference_outputs), png_outputs(current_outputs)
    if len(reference) != len(current):
        return [f"the cell draws {len(current)} figure(s) now, {len(reference)} in the notebook"]
    messages = []
    for index, (ref, cur) in enumerate(zip(reference, current)):
        difference = figure_difference(ref, cur)
        if difference:
            messages.append(f"figure {index + 1} of the cell differs from the committed one: {difference}")
    return messages


_nbval_compare_outputs = IPyNbCell.compare_outputs


def _compare_outputs_and_figures(self, test, ref, skip_compare=None):
    if not _nbval_compare_outputs(self, test, ref, skip_compare):
        return False
    messages = compare_figures(ref, test)
    if messages:
        self.comparison_traceback.extend(
            messages + ["Re-execute the notebook (make notebooks) and commit its outputs."])
        return False
    return True


_nbval_runtest = IPyNbCell.runtest


def _runtest_and_require_execution(self):
    _nbval_runtest(self)
    if self.options.get("check") and self.cell.execution_count is None and self.cell.source.strip():
        self.raise_cell_error(
            "This cell was never executed, so the notebook holds none of its outputs and nothing was compared. "
            "Re-execute the notebook (make notebooks) and commit its outputs.")


def pytest_configure(config) -> None:
    """Install the figure comparison and the executed-cell check into nbval's cell test."""
    IPyNbCell.compare_outputs = _compare_outputs_and_figures
    IPyNbCell.runtest = _runtest_and_require_execution
