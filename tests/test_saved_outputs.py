"""Every saved output of every notebook obeys the precision policy of :mod:`nnlearn.precision`.

A float saved with all its digits (``repr`` gives 15-17 significant digits) changes with the BLAS
kernel, the thread count or the CPU, and then ``make test`` fails on another machine. This test
scans what the notebooks saved, without running them: every text output (printed streams,
``text/plain``, Markdown, LaTeX, HTML, glue records of any mime type), every JSON output, and the
widget state in the notebook's metadata (the numbers in it and the text in its strings). Images
are skipped: ``tools/nbval_strict.py`` compares figures with a tolerance. A number with more than
:data:`~nnlearn.precision.SIGNIFICANT_DIGITS` significant digits fails, and so does a negative zero
(``-0.0``, ``−0.0000``: the policy never shows one), with the notebook, the cell and the value in the
message.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator

import nbformat
import pytest

from nnlearn.precision import SIGNIFICANT_DIGITS, rounded, significant_digits

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: What a browser-computed widget's state holds that is not an output: its module and its input data.
BROWSER_INPUTS = ("_esm", "_data")

#: A decimal number in text: digits, a point, digits, an optional exponent; or digits with an exponent.
#: Not inside a word or a dotted version string (``1.0.15``), and never in hexadecimal ids.
NUMBER = re.compile(r"(?<![\w.])(?:\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.])")
#: A negative zero in text, ``-0``, ``-0.0``, ``\u22120.0000`` (hyphen or true minus), not inside a word or a range.
NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-\u2212]0(?:\.0+)?(?![\d.])")


def _too_long_in_text(text: str) -> Iterator[str]:
    for match in NUMBER.finditer(text):
        if significant_digits(match.group()) > SIGNIFICANT_DIGITS:
            yield match.group()
    for match in NEGATIVE_ZERO.finditer(text):
        yield f"negative zero {match.group()!r}"


def _too_long_in_json(value, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, value) for every float with too many digits in a JSON value, and every such number in its strings."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, float):
        if significant_digits(json.dumps(value).replace("Infinity", "0").replace("NaN", "0")) > SIGNIFICANT_DIGITS:
            yield path, repr(value)
        elif value == 0 and str(value).startswith("-"):
            yield path, "negative zero -0.0"
    elif isinstance(value, str):
        for number in _too_long_in_text(value):
            yield path, number
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _too_long_in_json(item, f"{path}/{key}")
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _too_long_in_json(item, f"{path}[{k}]")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def violations(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """Every saved number of the notebook ``nb`` with more digits than the policy allows, one message each."""
    found = []
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index} (id {cell.get('id', '?')})"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                stream = output.get("name", "stream")
                found += [f"{where}, {stream}: {v}" for v in _too_long_in_text(_text(output.text))]
                continue
            for mime, data in output.get("data", {}).items():
                kind = mime.rsplit("/", 2)[-2:]  # a glue record's mime is application/papermill.record/<mime>
                if kind[0] == "image" or mime.endswith("widget-view+json"):
                    continue
                label = output.get("metadata", {}).get("scrapbook", {}).get("name")
                what = f"{where}, glue {label!r}" if label else f"{where}, {mime}"
                if isinstance(data, (dict, list)) or mime.endswith("json"):
                    found += [f"{what} at {p or '/'}: {v}" for p, v in _too_long_in_json(data)]
                else:
                    found += [f"{what}: {v}" for v in _too_long_in_text(_text(data))]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in state.items():
        label = f"{name}, widget state of {model.get('model_name', 'a model')} {model_id[:8]}"
        values = model.get("state", {})
        if str(values.get("_anywidget_id", "")).startswith("nnlearn."):
            # a widget that computes in the browser (nnlearn.book.widgets): its module is JavaScript source,
            # not a number, and its data are nnlearn's data sets as NumPy's generator makes them from a seed
            # (no BLAS; libm only in the ziggurat's accept test), inputs the browser must compute from, unrounded,
            # to give nnlearn's numbers; the snapshot test compares them with a fresh copy exactly
            values = {k: v for k, v in values.items() if k not in BROWSER_INPUTS}
        found += [f"{label} at {p}: {v}" for p, v in _too_long_in_json(values)]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_saved_output_carries_more_digits_than_the_policy(path):
    found = violations(nbformat.read(path, as_version=4), path.name)
    assert not found, (f"{len(found)} saved value(s) with more than {SIGNIFICANT_DIGITS} significant digits "
                       "(glue through nnlearn.precision.glue, print with a format): \n" + "\n".join(found))


def test_there_are_notebooks_to_scan():
    assert len(NOTEBOOKS) >= 3


# ----------------------------------------------------------------------------- the scan can fail

def _glue_output(name: str, mime: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={f"application/papermill.record/{mime}": text},
                                  metadata={"scrapbook": {"name": name,
                                                          "mime_prefix": "application/papermill.record/"}})


def _planted() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    clean = nbformat.v4.new_code_cell("glue('ok', 9.635338765528457)", id="clean001")
    clean.outputs = [_glue_output("ok", "text/plain", repr(rounded(9.635338765528457))),
                     nbformat.v4.new_output("stream", name="stdout",
                                            text="z = 0.3000, version 1.0.15, n = 101770, 10-0, [-0.5, -0.05]\n")]
    planted = nbformat.v4.new_code_cell("glue('lam_big', lam_big)", id="planted1")
    planted.outputs = [_glue_output("lam_big", "text/plain", "9.635338765528457"),
                       _glue_output("table", "text/markdown", "| a | 0.23189262130433086 | \u22120.0000 |"),
                       _glue_output("zero", "text/plain", "-0.0"),
                       nbformat.v4.new_output("stream", name="stdout", text="loss 0.2318926213043308\n"),
                       nbformat.v4.new_output("execute_result", data={"text/latex": r"$x = 1.0000000000000002e-05$"},
                                              execution_count=1)]
    nb.cells = [clean, planted]
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": {"abcdef0123456789": {
        "model_name": "FloatSliderModel", "state": {"value": 0.30000000000000004, "step": 0.1, "min": -0.0,
                                                     "readout": "eta = 0.12345678912"}}}}}
    return nb


def test_the_scan_catches_planted_full_precision_values_and_names_them():
    found = violations(_planted(), "planted.ipynb")
    text = "\n".join(found)
    assert len(found) == 9, text
    assert "planted.ipynb, cell 1 (id planted1), glue 'lam_big': 9.635338765528457" in text
    assert "glue 'table': 0.23189262130433086" in text
    assert "stdout: 0.2318926213043308" in text
    assert "text/latex: 1.0000000000000002e-05" in text
    assert "widget state of FloatSliderModel abcdef01 at /value: 0.30000000000000004" in text
    assert "at /readout: 0.12345678912" in text
    assert "glue 'table': negative zero '\u22120.0000'" in text and "glue 'zero': negative zero '-0.0'" in text
    assert "at /min: negative zero -0.0" in text
    assert not any("cell 0" in f for f in found), "the policy-rounded glue and short prints must pass"


def test_the_scan_passes_what_the_policy_produces():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("", id="rounded1")
    values = [0.1 + 0.2, 9.635338765528457, 10106.375247595624, -2.7755575615628914e-17, 2 / 3, 1e300 / 3]
    cell.outputs = [_glue_output(f"v{k}", "text/plain", repr(rounded(v))) for k, v in enumerate(values)]
    nb.cells = [cell]
    assert violations(nb, "rounded.ipynb") == []
