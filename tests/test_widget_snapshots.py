"""The widget snapshots saved in notebooks/ are what the current code draws.

A notebook in ``notebooks/`` is committed with its ipywidgets state (notebook metadata
``widgets`` -> ``application/vnd.jupyter.widget-state+json``), and the HTML book renders that
state: the reader sees each control at its saved value and the figure captured in the widget's
``Output`` at execution time. nbval cannot check it (the widget cells are tagged
``nbval-ignore-output``), so a change to ``nnlearn`` could leave a stale figure in the book.
This file checks, for every widget view in every notebook:

1. the controls as saved (descriptions, ranges, values, every other property, the layout) are the
   ones the widget cell's call builds now, with the arguments written in the cell, so the snapshot
   is the one the prose describes;
2. the figure (and its text) saved in the widget's ``Output`` is what the pure function behind the
   widget draws now for the saved control values, rendered as the inline backend renders a
   ``display(fig)`` (the book's style, PNG, ``bbox_inches="tight"``) and compared with the same
   tolerance as nbval's figures (``tools/nbval_strict.py``).

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
import pkgutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib_inline.config import InlineBackend  # noqa: E402
from PIL import Image  # noqa: E402

import nnlearn.widgets  # noqa: E402
from nnlearn.style import apply_book_style, png_for_display  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from nbval_strict import compare_figures  # noqa: E402

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Saved properties that are not compared with the live widget: what the kernel put into an
#: Output (checked against the recomputed figure instead) and the id of the message it captured.
NOT_COMPARED = frozenset({"outputs", "msg_id"})
FIX = "Re-execute the notebook (make notebooks) and commit it."


# ---------------------------------------------------------------- how each widget draws

@dataclass(frozen=True)
class Binding:
    """What a widget factory builds, in the terms this test needs.

    ``root(w)`` is the ipywidget that is displayed (its model is the view's root in the saved
    state); ``controls(w)`` maps each argument of ``figure`` to the control that sets it;
    ``output(w)`` is the Output widget the figure is displayed in; ``figure(**values)`` is the
    pure function the widget's redraw calls, returning the matplotlib Figure it displays.
    """

    root: Callable[[Any], widgets.Widget]
    controls: Callable[[Any], dict[str, widgets.Widget]]
    output: Callable[[Any], widgets.Output]
    figure: Callable[..., Figure]


def binding_for(factory: Callable) -> Binding:
    """How the widget built by ``factory`` draws its figure.

    A widget module can say it itself: a function ``widget_figure(**values) -> Figure`` (the one its
    redraw calls) and, on the object the factory returns, ``controls`` (argument name -> control)
    and ``output`` (the Output widget); the object is displayed itself or through ``.box``.
    Every widget module of the book states it so; a new one that does not fails here.
    """
    module = sys.modules[factory.__module__]
    if hasattr(module, "widget_figure"):
        return Binding(root=lambda w: w if isinstance(w, widgets.Widget) else w.box,
                       controls=lambda w: dict(w.controls), output=lambda w: w.output,
                       figure=module.widget_figure)
    raise LookupError(f"no binding for the widget factory {factory.__module__}.{factory.__qualname__}: give its "
                      f"module a widget_figure function, and the widget controls and output attributes")


def widget_factories() -> list[Callable]:
    """Every public widget factory in :mod:`nnlearn.widgets` (the functions named ``*_widget``)."""
    found = []
    for info in sorted(pkgutil.iter_modules(nnlearn.widgets.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"nnlearn.widgets.{info.name}")
        found += [getattr(module, name) for name in getattr(module, "__all__", ())
                  if name.endswith("_widget") and inspect.isfunction(getattr(module, name))]
    return found


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
    for key in sorted((set(state) | set(live_state)) - NOT_COMPARED):
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


# ---------------------------------------------------------------- drawing as the widget did

@contextlib.contextmanager
def book_rc() -> Iterator[None]:
    """matplotlib as in the notebook's kernel when the widget drew: defaults, the inline backend's rc,
    then :func:`nnlearn.style.apply_book_style` (what every notebook's first cell calls)."""
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(InlineBackend().rc)
        apply_book_style()
        yield


def displayed(fig: Figure) -> dict:
    """The output ``display(fig)`` gives in the book's notebooks (after :func:`nnlearn.style.apply_book_style`)."""
    png, metadata = png_for_display(fig)  # the book's formatter (nnlearn.style), which apply_book_style installs
    return {"output_type": "display_data", "metadata": {"image/png": metadata},
            "data": {"image/png": base64.b64encode(png).decode(), "text/plain": repr(fig)}}


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else value


def output_differences(saved: list[dict], current: list[dict]) -> list[str]:
    """How the outputs saved in an Output widget differ from the recomputed ones (text exactly,
    figures with :func:`nbval_strict.compare_figures`)."""
    kinds = ([(o["output_type"], sorted(o.get("data", {}))) for o in saved],
             [(o["output_type"], sorted(o.get("data", {}))) for o in current])
    if kinds[0] != kinds[1]:
        return [f"the Output holds {kinds[0]} in the notebook, the widget shows {kinds[1]} now"]
    messages = []
    for old, new in zip(saved, current):
        for mime, value in old.get("data", {}).items():
            if mime != "image/png" and _text(value) != _text(new["data"][mime]):
                messages.append(f"its {mime} is {_text(value)!r} in the notebook, {_text(new['data'][mime])!r} now")
        if "text" in old and _text(old["text"]) != _text(new.get("text", "")):
            messages.append(f"its {old.get('name')} text differs: {_text(old['text'])!r} in the notebook")
    return messages + compare_figures(saved, current)


# ---------------------------------------------------------------- the check

def widget_views(nb) -> Iterator[tuple[int, str]]:
    """``(cell index, root model id)`` of every widget view among the notebook's outputs."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", ()) if cell.cell_type == "code" else ():
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                yield index, view["model_id"]


def build_widget(factory: Callable, args: tuple, kwargs: dict) -> Any:
    """What the cell's call returns, built here without a kernel (its first drawing is discarded)."""
    figures = set(plt.get_fignums())
    with book_rc(), contextlib.redirect_stdout(io.StringIO()):  # without a kernel, display() prints
        live = factory(*args, **kwargs)
    for number in set(plt.get_fignums()) - figures:
        plt.close(number)
    return live


def check_view(nb, saved: Mapping[str, dict], index: int, model_id: str) -> list[str]:
    """Problems with the widget displayed by cell ``index`` (root model ``model_id``); [] if none."""
    try:
        factory, args, kwargs, source = widget_call(nb.cells, index)
        binding = binding_for(factory)
        live = build_widget(factory, args, kwargs)
        root = binding.root(live)
    except Exception as exc:  # noqa: BLE001 - any failure here is reported as this view's problem
        return [f"cell {index}: cannot rebuild the widget it shows: {type(exc).__name__}: {exc}"]
    where = f"cell {index} ({source})"
    try:
        return [f"{where}: {m}" for m in _check_live_widget(saved, model_id, binding, live, root)]
    finally:
        for widget in _walk(root):
            widget.close()


def _check_live_widget(saved: Mapping[str, dict], model_id: str, binding: Binding, live: Any,
                       root: widgets.Widget) -> list[str]:
    """Compare the saved widget with the live one, then its saved figure with a fresh drawing."""
    messages: list[str] = []
    pairs: dict[int, dict] = {}
    pair_models(saved, model_id, root, "widget", pairs, messages)
    controls, output = binding.controls(live), binding.output(live)
    if id(output) not in pairs or not all(id(c) in pairs for c in controls.values()):
        return ["the saved widget is not the one this call builds now", *messages]
    for widget in _walk(root):
        if isinstance(widget, widgets.Output) and widget is not output and pairs[id(widget)].get("outputs"):
            messages.append("an Output other than the figure's holds outputs this test cannot recompute")
    try:
        values = {name: saved_value(control, pairs[id(control)]) for name, control in controls.items()}
    except (KeyError, IndexError) as exc:
        return [*messages, f"a saved choice is not an option of the current widget: {exc}"]
    with book_rc():
        fig = binding.figure(**values)
        try:
            current = [displayed(fig)]
        finally:
            plt.close(fig)
    shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
    return messages + [f"the figure for the saved controls ({shown}) differs: {m}"
                       for m in output_differences(pairs[id(output)]["outputs"], current)]


def check_widget_snapshots(path: str | os.PathLike) -> list[str]:
    """Every problem with the widget snapshots saved in the notebook at ``path``; [] if they are current.

    For each widget view: the saved controls must be what the cell's call builds now, and the
    figure saved in its Output what the widget's pure function draws now for the saved values.
    """
    nb = nbformat.read(path, as_version=4)
    views = list(widget_views(nb))
    if not views:
        return []
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    if not state or state.get("version_major") != 2:
        return [f"{len(views)} widget view(s) but no saved ipywidgets state (version 2): the book shows nothing"]
    by_cell: dict[int, int] = {}
    for index, _ in views:
        by_cell[index] = by_cell.get(index, 0) + 1
    messages = [f"cell {i}: {n} widget views; this test reads one per cell" for i, n in by_cell.items() if n > 1]
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
    assert not messages, f"{path.name}: stale widget snapshot:\n  " + "\n  ".join(messages + [FIX])


def test_every_widget_cell_has_a_saved_view():
    # Otherwise a notebook whose widget cell lost its view output would pass unchecked.
    missing = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        with_views = {index for index, _ in widget_views(nb)}
        missing += [f"{path.name} cell {i}" for i, cell in enumerate(nb.cells)
                    if cell.cell_type == "code" and "nnlearn.widgets" in cell.source and i not in with_views]
    assert not missing, f"widget cells without a saved widget view: {missing}. {FIX}"


@pytest.mark.parametrize("factory", widget_factories(), ids=lambda f: f.__name__)
def test_every_widget_factory_says_how_it_draws(factory):
    assert binding_for(factory).figure is not None


# ---------------------------------------------------------------- the check fails when it should

#: The notebook the tamper tests alter (a copy of it): chapter 1's perceptron widget, whose cell
#: passes ``w1=...`` to the slider labelled ``w₁``.
TAMPERED = ROOT / "notebooks" / "01_perceptron.ipynb"


def _saved_models(nb, model_name: str) -> list[dict]:
    models = nb.metadata["widgets"][WIDGET_STATE]["state"].values()
    return [m["state"] for m in models if m["model_name"] == model_name]


def _other_end(slider: Mapping) -> float:
    """The end of the slider's range farthest from its saved value."""
    return slider["min"] if slider["value"] - slider["min"] > slider["max"] - slider["value"] else slider["max"]


def _move_w1_slider(nb) -> None:
    """The saved w₁ slider is moved, as if the notebook were saved after someone dragged it."""
    w1 = next(s for s in _saved_models(nb, "FloatSliderModel") if s["description"] == "w₁")
    w1["value"] = _other_end(w1)


def _paint_over_figure(nb) -> None:
    """A black square is painted into the middle of the saved figure, as a code change would alter it."""
    data = _saved_models(nb, "OutputModel")[0]["outputs"][0]["data"]
    with Image.open(io.BytesIO(base64.b64decode(_text(data["image/png"])))) as image:
        pixels = np.array(image.convert("RGBA"))
    h, w = pixels.shape[:2]
    pixels[h // 2 - 20:h // 2 + 20, w // 2 - 20:w // 2 + 20] = (0, 0, 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    data["image/png"] = base64.b64encode(buffer.getvalue()).decode()


def _change_w1_in_cell(nb) -> None:
    """The widget cell now passes another w1 than the saved widget shows (the prose was edited)."""
    index = next(widget_views(nb))[0]
    tree = ast.parse(nb.cells[index].source)
    call = tree.body[-1].value
    w1 = next(s for s in _saved_models(nb, "FloatSliderModel") if s["description"] == "w₁")
    call.keywords = [k for k in call.keywords if k.arg != "w1"] + [ast.keyword("w1", ast.Constant(_other_end(w1)))]
    nb.cells[index].source = ast.unparse(tree)


@pytest.mark.parametrize("tamper, expected", [
    (_move_w1_slider, ["FloatSlider 'w₁': value is", "but the cell's call starts it at 1.0",
                       "the figure for the saved controls (w1=-3.0", "differs from the committed one"]),
    (_paint_over_figure, ["the figure for the saved controls (w1=1.0", "of the pixels differ"]),
    (_change_w1_in_cell, ["FloatSlider 'w₁': value is 1.0 in the notebook, but the cell's call starts it at -3.0"]),
], ids=["slider-moved", "stale-figure", "cell-changed"])
def test_a_stale_snapshot_is_caught(tamper, expected, tmp_path):
    nb = nbformat.read(TAMPERED, as_version=4)
    tamper(nb)
    copy_path = tmp_path / TAMPERED.name
    nbformat.write(nb, copy_path)
    report = "\n".join(check_widget_snapshots(copy_path))
    for fragment in expected:
        assert fragment in report, f"{tamper.__name__} was not caught as expected; the check said:\n{report}"
