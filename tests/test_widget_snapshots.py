"""The precomputed widgets saved in notebooks/ are what the current code builds and draws.

A notebook in ``notebooks/`` is committed with its ipywidgets state (notebook metadata ``widgets`` ->
``application/vnd.jupyter.widget-state+json``), and the HTML book renders that state: every widget is
the precomputed one of :mod:`nnlearn.widgets.declare` (controls, and Stacks of frames linked to them),
so moving a slider in the page swaps frames drawn at execution time. nbval cannot check it (the widget
cells are tagged ``nbval-ignore-output``), so a change to ``nnlearn`` could leave stale frames in the
book. This file checks, for every widget view in every notebook:

1. the saved widget tree (controls with their options and positions, the Stacks, the jslinks, the
   layout) is the one the widget cell's call builds now, with the arguments written in the cell;
2. every saved frame holds the setting the tree says it does (its alt text), and a sample of them
   (every slider at its ends and start, and a few more chosen with a fixed seed) is what the
   declaration's pure function draws now, compared with nbval's figure tolerance
   (``tools/nbval_strict.py``).

The widgets that compute in the browser (:class:`nnlearn.book.widgets.BookWidget`, chapters 1 and 2 so far)
have no frames; for them the check is that the saved model (the module ``_esm``, the controls, the data, the
palette and the controls' starting values) is what the cell's call builds now, and that the starting figure
saved before it (for pages without JavaScript) is what the chapter's figure code draws now.

A failure means: re-execute the notebook (``make notebooks``) and commit it.
``check_widget_snapshots(path)`` does the work for one notebook, so it can be pointed at any copy;
``WIDGET_SNAPSHOT_NOTEBOOKS=a.ipynb:b.ipynb`` runs the test on other notebooks than ``notebooks/``.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import importlib
import inspect
import io
import json
import os
import pathlib
import random
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib_inline.config import InlineBackend  # noqa: E402
from PIL import Image  # noqa: E402

import nnlearn.widgets  # noqa: E402
from nnlearn.book.widgets import BookWidget  # noqa: E402
from nnlearn.style import apply_book_style  # noqa: E402
from nnlearn.widgets import declare  # noqa: E402
from nnlearn.widgets.declare import StaticWidget, frame_html, parse_frame_html  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from nbval_strict import figure_difference  # noqa: E402

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Saved properties that are not compared with the rebuilt widget: a frame's HTML (checked on its own,
#: below, with a figure tolerance) and the id of a captured message.
NOT_COMPARED = frozenset({"msg_id"})
FRAME_CLASS = "nn-frame-box"
FIX = "Re-execute the notebook (make notebooks) and commit it."
#: Frames compared pixel by pixel besides the ends and the start of every slider (fixed seed).
RANDOM_FRAMES = 6

# ---------------------------------------------------------------- the widget cell's call

def _imported_names(cells: list) -> dict[str, tuple[str, str | None]]:
    """Names bound by the top-level imports of ``cells``: name -> (module, attribute or None)."""
    names: dict[str, tuple[str, str | None]] = {}
    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: not imports we need
            continue
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    names[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.split(".")[0]
                        names[top] = (top, None)
    return names


def _evaluate(node: ast.expr, names: Mapping[str, tuple[str, str | None]]) -> Any:
    """The value of a literal, an imported name or an attribute of one."""
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise ValueError(f"the name {node.id!r} is not imported in the notebook")
        module, attribute = names[node.id]
        if attribute is None:
            return importlib.import_module(module)
        try:
            return importlib.import_module(f"{module}.{attribute}")
        except ImportError:
            return getattr(importlib.import_module(module), attribute)
    if isinstance(node, ast.Attribute):
        return getattr(_evaluate(node.value, names), node.attr)
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(f"cannot evaluate {ast.unparse(node)!r} without running the notebook: pass the "
                         "widget literals or imported names") from None


def widget_call(cells: list, index: int) -> tuple[Callable, tuple, dict, str]:
    """The widget factory, positional and keyword arguments of the call that cell ``index`` displays.

    The displayed value is the cell's last expression: a call, or a name assigned from a call earlier
    in the same cell. Names resolve through the imports of cells ``0..index``. Returns
    ``(factory, args, kwargs, call source)``.
    """
    tree = ast.parse(cells[index].source)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        raise ValueError("the cell does not end with the widget as an expression")
    call = last.value
    if isinstance(call, ast.Name):
        assigned = [node.value for node in tree.body[:-1] if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == call.id for t in node.targets)]
        call = assigned[-1] if assigned else call
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) or \
            any(k.arg is None for k in call.keywords):
        raise ValueError(f"the displayed value {ast.unparse(call)!r} is not a plain call of a widget factory")
    names = _imported_names(cells[:index + 1])
    factory = _evaluate(call.func, names)
    args = tuple(_evaluate(a, names) for a in call.args)
    kwargs = {k.arg: _evaluate(k.value, names) for k in call.keywords}
    return factory, args, kwargs, ast.unparse(call)


# ---------------------------------------------------------------- saved state vs live widget

def _is_reference(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("IPY_MODEL_")
    return isinstance(value, list) and bool(value) and all(_is_reference(v) for v in value)


def _label(model_name: str, state: Mapping) -> str:
    description = state.get("description")
    return f"{model_name.removesuffix('Model')} {description!r}" if description else model_name.removesuffix("Model")


def pair_models(saved: Mapping[str, dict], model_id: str, live: widgets.Widget, where: str,
                pairs: dict[int, dict], messages: list[str]) -> None:
    """Walk the saved model ``model_id`` and the live widget ``live`` side by side.

    Every property (except :data:`NOT_COMPARED`) must be equal; properties that refer to other
    models (children, layout, style) are followed. ``pairs`` gets ``id(live widget) -> saved state``;
    each difference is appended to ``messages``.
    """
    if model_id not in saved:
        messages.append(f"{where}: the model {model_id} is missing from the saved widget state")
        return
    model = saved[model_id]
    state = model["state"]
    live_state = json.loads(json.dumps(live.get_state()))
    label = f"{where} {_label(model['model_name'], state)}"
    if model["model_name"] != live._model_name:
        messages.append(f"{label}: a {model['model_name']} in the notebook, a {live._model_name} now")
        return
    pairs[id(live)] = state
    skip = NOT_COMPARED | ({"value"} if FRAME_CLASS in state.get("_dom_classes", ()) else set())
    for key in sorted((set(state) | set(live_state)) - skip):
        old, new = state.get(key, "<missing>"), live_state.get(key, "<missing>")
        if _is_reference(old) and _is_reference(new):
            children = getattr(live, key)
            if isinstance(old, str):
                pair_models(saved, old.removeprefix("IPY_MODEL_"), children, f"{label}.{key}", pairs, messages)
            elif len(old) != len(new):
                messages.append(f"{label}: {len(old)} {key} in the notebook, {len(new)} now")
            else:
                for i, (ref, child) in enumerate(zip(old, children)):
                    pair_models(saved, ref.removeprefix("IPY_MODEL_"), child, f"{label}.{key}[{i}]", pairs, messages)
        elif old != new:
            what = ("the cell's call starts it at" if key in ("value", "index") else "the current code gives")
            messages.append(f"{label}: {key} is {old!r} in the notebook, but {what} {new!r}")


def saved_value(control: widgets.Widget, state: Mapping) -> Any:
    """The value a control had when saved: ``value``, or for a selection the option at ``index``."""
    if "_options_labels" in state:
        options = dict(zip(control._options_labels, control._options_values))
        return options[state["_options_labels"][state["index"]]]
    return state["value"]


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)



# ---------------------------------------------------------------- drawing as the kernel did

@contextlib.contextmanager
def book_rc() -> Iterator[None]:
    """matplotlib as in the notebook's kernel when the frames were drawn: defaults, the inline backend's
    rc, then :func:`nnlearn.style.apply_book_style` (what every notebook's first cell calls)."""
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(InlineBackend().rc)
        apply_book_style()
        yield


def widget_views(nb) -> Iterator[tuple[int, str]]:
    """``(cell index, root model id)`` of every widget view among the notebook's outputs."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", ()) if cell.cell_type == "code" else ():
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                yield index, view["model_id"]


def build_static(factory: Callable, args: tuple, kwargs: dict) -> StaticWidget:
    """The precomputed widget the cell's call builds, without drawing its frames (each frame holds its
    setting's alt text only; the frames are checked one by one in :func:`frame_problems`)."""
    def placeholder(widget, values):
        return "setting: " + declare.alt_text(widget, values, "")

    with book_rc(), mock.patch.object(declare, "frame_html", placeholder):
        built = factory(*args, mode="static", **kwargs)
    if not isinstance(built, StaticWidget):
        raise TypeError(f"the cell's call returns a {type(built).__name__}, not an nnlearn widget")
    return built


def sample_settings(built: StaticWidget) -> list[tuple]:
    """The frames compared pixel by pixel: every slider at its ends or its start (the choices at theirs),
    and a few more chosen with a fixed seed (other choices among them)."""
    widget = built.widget
    ends = {s.name: {built.static_values[s.name][0], built.static_values[s.name][-1], built.start[s.name]}
            for s in widget.sliders}
    start_choices = {c.name: built.start[c.name] for c in widget.choices}
    keys = [key for key in built.frames
            if all(value in ends[name] if name in ends else value == start_choices[name]
                   for name, value in zip((c.name for c in widget.controls), key))]
    rest = [key for key in built.frames if key not in keys]
    return keys + random.Random(0).sample(rest, min(RANDOM_FRAMES, len(rest)))


def frame_problems(built: StaticWidget, saved_frames: Mapping[tuple, str]) -> list[str]:
    """Each saved frame must show its setting (alt text); the sampled ones must be what the declaration draws."""
    widget = built.widget
    names = [c.name for c in widget.controls]
    messages = []
    for key, value in saved_frames.items():
        values = dict(zip(names, key))
        try:
            _, alt, summary = parse_frame_html(value)
        except ValueError:
            messages.append(f"the frame for {values} is not a frame made by frame_html")
            continue
        setting = declare.alt_text(widget, values, "")
        if not alt.startswith(setting):
            messages.append(f"the frame for {setting[:-2]} has the alt text {alt!r}")
    sample = sample_settings(built)
    with book_rc():
        for key in sample:
            values = dict(zip(names, key))
            old_png, old_alt, _ = parse_frame_html(saved_frames[key])
            new_png, new_alt, _ = parse_frame_html(frame_html(widget, values))
            if old_alt != new_alt:
                messages.append(f"the frame's text is {old_alt!r} in the notebook, {new_alt!r} now")
            difference = figure_difference(old_png, new_png)
            if difference:
                messages.append(f"the frame for {declare.alt_text(widget, values, '')[:-2]} differs: {difference}")
    return messages


def check_book_widget(nb, saved: Mapping[str, dict], index: int, model_id: str, built: BookWidget) -> list[str]:
    """Problems with a browser-computed widget's saved model and its saved starting figure; [] if none."""
    if model_id not in saved:
        return [f"the model {model_id} is missing from the saved widget state"]
    state = saved[model_id]["state"]
    live = json.loads(json.dumps(built.get_state()))
    controls = {c.name for c in built.controls}
    messages = []
    for key in sorted((set(state) | set(live)) - {"layout"}):
        old, new = state.get(key, "<missing>"), live.get(key, "<missing>")
        if old == new:
            continue
        if key == "_esm":
            messages.append("the saved module (_esm) is not the bundle the current code loads")
        else:
            what = "the cell's call starts it at" if key in controls else "the current code gives"
            messages.append(f"{key} is {str(old)[:80]!r} in the notebook, but {what} {str(new)[:80]!r}")
    figures = [o["data"]["image/png"] for o in nb.cells[index].get("outputs", ())
               if "nn-fallback" in str(o.get("data", {}).get("text/html", "")) and "image/png" in o["data"]]
    if len(figures) != 1:
        return messages + [f"{len(figures)} starting figures for pages without JavaScript saved, expected 1"]
    with book_rc():
        fresh, _ = built.fallback()
    difference = figure_difference(figures[0], fresh["image/png"])
    if difference:
        messages.append(f"the starting figure differs from what the figure code draws now: {difference}")
    return messages


def check_view(nb, saved: Mapping[str, dict], index: int, model_id: str) -> list[str]:
    """Problems with the widget displayed by cell ``index`` (root model ``model_id``); [] if none."""
    try:
        factory, args, kwargs, source = widget_call(nb.cells, index)
        if "mode" not in inspect.signature(factory).parameters:  # a widget computed in the browser
            with book_rc():
                built = factory(*args, **kwargs)
            if not isinstance(built, BookWidget):
                raise TypeError(f"the cell's call returns a {type(built).__name__}, not an nnlearn widget")
            try:
                return [f"cell {index} ({source}): {m}" for m in check_book_widget(nb, saved, index, model_id, built)]
            finally:
                built.close()
        built = build_static(factory, args, kwargs)
    except Exception as exc:  # noqa: BLE001 - any failure here is reported as this view's problem
        return [f"cell {index}: cannot rebuild the widget it shows: {type(exc).__name__}: {exc}"]
    where = f"cell {index} ({source})"
    try:
        messages: list[str] = []
        pairs: dict[int, dict] = {}
        pair_models(saved, model_id, built.box, "widget", pairs, messages)
        messages += link_problems(saved, pairs, built)
        missing = [key for key, frame in built.frames.items() if id(frame) not in pairs]
        if missing:
            messages.append(f"{len(missing)} of {len(built.frames)} frames are missing from the saved widget")
        else:
            saved_frames = {key: pairs[id(frame)]["value"] for key, frame in built.frames.items()}
            messages += frame_problems(built, saved_frames)
        return [f"{where}: {m}" for m in messages]
    finally:
        for widget in _walk(built.box):
            widget.close()
        for link in built.links:
            link.close()


def link_problems(saved: Mapping[str, dict], pairs: Mapping[int, dict], built: StaticWidget) -> list[str]:
    """Every jslink of the rebuilt widget must be saved (the links are models of their own, reached
    from no view: without them the page's sliders would move no figure)."""
    live_of_state = {id(state): live_id for live_id, state in pairs.items()}
    live_of = {mid: live_of_state.get(id(m["state"])) for mid, m in saved.items()}

    def end(pair: list) -> tuple:
        return live_of.get(pair[0].removeprefix("IPY_MODEL_")), pair[1]

    saved_links = {(*end(m["state"]["source"]), *end(m["state"]["target"]))
                   for m in saved.values() if m["model_name"] == "LinkModel"}
    return [f"no saved jslink from the control {link.source[0].description!r} ({link.source[1]}) to its Stack"
            for link in built.links
            if (id(link.source[0]), link.source[1], id(link.target[0]), link.target[1]) not in saved_links]


def check_widget_snapshots(path: str | os.PathLike) -> list[str]:
    """Every problem with the widget snapshots saved in the notebook at ``path``; [] if they are current."""
    nb = nbformat.read(path, as_version=4)
    views = list(widget_views(nb))
    if not views:
        return []
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    if not state or state.get("version_major") != 2:
        return [f"{len(views)} widget view(s) but no saved ipywidgets state (version 2): the book shows nothing"]
    messages = []
    for index, model_id in views:
        messages += check_view(nb, state["state"], index, model_id)
    return messages


# ---------------------------------------------------------------- tests

def notebook_paths() -> list[pathlib.Path]:
    """The notebooks to check: ``$WIDGET_SNAPSHOT_NOTEBOOKS`` (paths joined by os.pathsep), else notebooks/*."""
    chosen = os.environ.get("WIDGET_SNAPSHOT_NOTEBOOKS")
    if chosen:
        return [pathlib.Path(p) for p in chosen.split(os.pathsep) if p]
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_saved_widget_snapshots_are_what_the_code_draws(path):
    messages = check_widget_snapshots(path)
    assert not messages, f"{path.name}: stale widget snapshot:\n  " + "\n  ".join(messages[:20] + [FIX])


def test_every_widget_cell_has_a_saved_view():
    # Otherwise a notebook whose widget cell lost its view output would pass unchecked.
    missing = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        with_views = {index for index, _ in widget_views(nb)}
        missing += [f"{path.name} cell {i}" for i, cell in enumerate(nb.cells)
                    if cell.cell_type == "code" and i not in with_views
                    and ("nnlearn.widgets" in cell.source or re.search(r"nnlearn\.chapters\.\w+\.widget", cell.source))]
    assert not missing, f"widget cells without a saved widget view: {missing}. {FIX}"


# ---------------------------------------------------------------- the check fails when it should

#: The notebook the tamper tests alter (a copy of it): chapter 1's perceptron widget, whose cell
#: passes ``w1=...`` to the widget.
TAMPERED = ROOT / "notebooks" / "01_perceptron.ipynb"


def _perceptron_model(nb) -> dict:
    models = nb.metadata["widgets"][WIDGET_STATE]["state"].values()
    return next(m["state"] for m in models if m["state"].get("_anywidget_id", "").endswith("PerceptronWidget"))


def _move_w1_slider(nb) -> None:
    """The saved w₁ is moved, as if the notebook were saved after someone dragged the slider."""
    _perceptron_model(nb)["w1"] = -3.0


def _stale_bundle(nb) -> None:
    """The saved module is an older build of the widget's JavaScript."""
    _perceptron_model(nb)["_esm"] += "\n// an older build"


def _paint_over_figure(nb) -> None:
    """A black square is painted into the middle of the saved starting figure, as a code change would alter it."""
    index = next(widget_views(nb))[0]
    output = next(o for o in nb.cells[index].outputs if "nn-fallback" in str(o.get("data", {}).get("text/html", "")))
    with Image.open(io.BytesIO(base64.b64decode(output["data"]["image/png"]))) as image:
        pixels = np.array(image.convert("RGBA"))
    h, w = pixels.shape[:2]
    pixels[h // 2 - 20:h // 2 + 20, w // 2 - 20:w // 2 + 20] = (0, 0, 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    output["data"]["image/png"] = base64.b64encode(buffer.getvalue()).decode()


def _change_w1_in_cell(nb) -> None:
    """The widget cell now passes another w1 than the saved widget shows (the prose was edited)."""
    index = next(widget_views(nb))[0]
    tree = ast.parse(nb.cells[index].source)
    call = tree.body[-2].value  # widget = perceptron_widget(...); widget
    call.keywords = [k for k in call.keywords if k.arg != "w1"] + [ast.keyword("w1", ast.Constant(-3.0))]
    nb.cells[index].source = ast.unparse(tree)


@pytest.mark.parametrize("tamper, expected", [
    (_move_w1_slider, ["w1 is '-3.0' in the notebook, but the cell's call starts it at '1.0'"]),
    (_stale_bundle, ["the saved module (_esm) is not the bundle the current code loads"]),
    (_paint_over_figure, ["the starting figure differs from what the figure code draws now", "of the pixels differ"]),
    (_change_w1_in_cell, ["w1 is '1.0' in the notebook, but the cell's call starts it at '-3.0'"]),
], ids=["slider-moved", "stale-bundle", "stale-figure", "cell-changed"])
def test_a_stale_snapshot_is_caught(tamper, expected, tmp_path):
    nb = nbformat.read(TAMPERED, as_version=4)
    tamper(nb)
    copy_path = tmp_path / TAMPERED.name
    nbformat.write(nb, copy_path)
    report = "\n".join(check_widget_snapshots(copy_path))
    for fragment in expected:
        assert fragment in report, f"{tamper.__name__} was not caught as expected; the check said:\n{report}"
