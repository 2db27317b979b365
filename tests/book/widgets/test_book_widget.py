"""nnlearn.book.widgets.base.BookWidget: controls as synced traits, results computed by nnlearn, the
starting figure for pages without JavaScript, and the committed bundles."""

from __future__ import annotations

import pathlib
import shutil
import subprocess

import pytest
import traitlets

from nnlearn import style
from nnlearn.book.widgets import BookWidget, Slider, bundle_text
from nnlearn.chapters.perceptron.widget import PerceptronWidget

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_controls_are_synced_traits_and_results_follow_them():
    w = PerceptronWidget(w1=1.0, w2=1.0, b=-1.5, gate="AND")
    assert w.trait_metadata("w1", "sync") and w.trait_metadata("gate", "sync")
    assert (w.summary, w.n_mistakes) == ("no point misclassified", 0)
    w.gate = "XOR"
    assert w.n_mistakes == 3 and w.text == "w₁ = 1, w₂ = 1, b = −1.5, data: XOR: 3 of 4 points misclassified"
    w.b = -0.5
    assert w.summary == "1 of 4 points misclassified"
    assert w.values() == {"w1": 1.0, "w2": 1.0, "b": -0.5, "gate": "XOR"}


def test_results_are_read_only():
    w = PerceptronWidget()
    with pytest.raises(traitlets.TraitError):
        w.summary = "all right"


@pytest.mark.parametrize("name, value, error", [("w1", 0.33, ValueError), ("w1", "1", TypeError),
                                                 ("gate", "XNOR", ValueError), ("gate", 1, TypeError)])
def test_a_bad_value_is_refused_with_the_control_named(name, value, error):
    with pytest.raises(error, match=name):
        PerceptronWidget(**{name: value})
    w = PerceptronWidget()
    with pytest.raises(error, match=name):
        setattr(w, name, value)
    assert getattr(w, name) == PerceptronWidget().values()[name]


def test_an_unknown_control_is_refused_with_the_controls_listed():
    with pytest.raises(TypeError, match="no control 'eta'.*'w1', 'w2', 'b', 'gate'"):
        PerceptronWidget(eta=0.1)


def test_the_browser_gets_the_declaration_the_data_the_palette_and_the_bundle():
    w = PerceptronWidget()
    state = w.get_state()
    assert state["_controls"] == [c.to_js() for c in PerceptronWidget.controls]
    assert state["_palette"] == {"light": style.PALETTE, "dark": style.DARK_PALETTE}
    assert state["_esm"] == bundle_text("perceptron") and state["_esm"].startswith("// nnlearn chapter")
    assert "import " not in state["_esm"].split("\n", 1)[1][:200] and "from\"" not in state["_esm"]
    assert state["_data"]["gates"]["XOR"] == {"X": [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], "y": [0, 1, 1, 0]}


def test_a_widget_displays_its_starting_figure_then_itself():
    w = PerceptronWidget(gate="OR")
    data, metadata = w.fallback()
    assert data["text/html"].startswith('<figure class="nn-fallback"><img src="data:image/png;base64,')
    assert "data: OR: 2 of 4 points misclassified" in data["text/plain"]
    assert metadata["image/png"]["width"] == style.display_width(__import__("base64").b64decode(data["image/png"]))


def test_a_control_cannot_shadow_an_attribute():
    with pytest.raises(TypeError, match="clashes"):
        class Bad(BookWidget):  # noqa: F841
            controls = (Slider("summary", "s", 0, 1, 0.5, default=0),)
            summary = 1


def test_a_chapter_without_a_bundle_says_how_to_build_it():
    with pytest.raises(FileNotFoundError, match="make"):
        bundle_text("no_such_chapter")


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "esbuild").exists(),
                    reason="needs node and `make node_modules/.make-installed`")
def test_the_committed_bundles_are_what_the_lockfile_builds():
    result = subprocess.run(["node", "src/nnlearn/book/widgets/build.mjs", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
