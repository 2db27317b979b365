"""Execute the book's notebooks in place, top to bottom in a fresh kernel, saving widget state.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

This is how committed outputs are made; nbval (in `make test`) then proves they
are exactly what the current code produces. Metadata that would differ from
machine to machine (kernel display names, language versions) is normalised, and the
random ids of the saved widget models are replaced by ids derived from the notebook's
name and the order in which the models were created, so re-executing an unchanged
notebook gives an unchanged file. Widgets are saved precomputed (``NNLEARN_WIDGETS=static``, see
``nnlearn.widgets.declare``): every frame of every slider position is drawn here.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

#: Seconds a single cell may take. The book's cells take a few seconds at most, except the widget cells,
#: which draw every precomputed frame (up to about a minute on a busy two-core machine); a cell that
#: waits this long has met a stalled kernel (seen a few times on a loaded machine), and the
#: notebook is run again from a fresh kernel rather than waiting for longer.
CELL_TIMEOUT = 300
ATTEMPTS = 2

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run(path: pathlib.Path) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in a fresh kernel and return it; retry once after a stalled or dead kernel."""
    for attempt in range(1, ATTEMPTS + 1):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", store_widget_state=True,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            return nb
        except (CellTimeoutError, DeadKernelError) as exc:
            if attempt == ATTEMPTS:
                raise
            print(f"{path.name}: {type(exc).__name__} ({str(exc).splitlines()[0][:100]}); running it again")
    raise AssertionError("unreachable")


def execute(path: pathlib.Path) -> None:
    nb = run(path)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    path.write_text(stable_widget_ids(nbformat.writes(nb), path.stem))


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def stable_widget_ids(text: str, name: str) -> str:
    """Replace every saved widget model id in the notebook JSON ``text`` by a deterministic one.

    The models are numbered in a depth-first walk of the widget tree, starting from the
    widget views in the cells' outputs (in cell order) and following ``IPY_MODEL_``
    references in the order of the state's keys; models no view reaches (links) come last, in
    the order of their content with the ids they reference already renumbered. The n-th model gets the md5 of ``"<name>:<n>"`` (32 hex
    digits, as the originals), and every occurrence of the old id is replaced.
    Written back with sorted keys, so the file does not depend on the old ids either.
    """
    nb = json.loads(text)
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []

    def refs(value):
        if isinstance(value, str) and value.startswith("IPY_MODEL_"):
            yield value[len("IPY_MODEL_"):]
        elif isinstance(value, list):
            for item in value:
                yield from refs(item)
        elif isinstance(value, dict):
            for key in sorted(value):
                yield from refs(value[key])

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in refs(state[model_id].get("state", {})):
                visit(ref)

    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view["model_id"])
    rest = [m for m in state if m not in order]
    numbered = {old: f"#{index}" for index, old in enumerate(order)}

    def content(model_id: str) -> str:
        """The model's state with the ids it references replaced by their new numbers: a link (jslink) is
        reached from no view, and its old, random ids must not decide where it sorts."""
        text = json.dumps(state[model_id], sort_keys=True)
        for old, new in numbered.items():
            text = text.replace(old, new)
        return text

    order += sorted(rest, key=content)
    for index, old in enumerate(order):
        text = text.replace(old, hashlib.md5(f"{name}:{index}".encode()).hexdigest())
    return nbformat.writes(nbformat.reads(text, as_version=4))  # re-sorts the state by the new ids


def main(argv: list[str]) -> int:
    # The kernels inherit this: every nnlearn widget is built precomputed (frames saved in the page, linked to
    # the sliders in the browser), so the sliders move their figures in the static HTML book (nnlearn.widgets.declare).
    os.environ["NNLEARN_WIDGETS"] = "static"
    paths = [pathlib.Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    # Each notebook runs in its own kernel and writes only its own file, so they run side by side, one per
    # core (the order of the results does not matter). NNLEARN_JOBS=1 runs them one after the other.
    jobs = max(1, min(len(paths), int(os.environ.get("NNLEARN_JOBS", os.cpu_count() or 1))))
    start = time.perf_counter()
    if jobs == 1:
        for path in paths:
            print(timed(path), flush=True)
    else:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:  # the work is in the kernels, not here
            # the longest notebooks first, so the last one to start is a short one
            for line in pool.map(timed, sorted(paths, key=lambda p: -p.stat().st_size)):
                print(line, flush=True)
    print(f"executed {len(paths)} notebook(s) in {time.perf_counter() - start:.1f} s ({jobs} at a time)")
    return 0


def timed(path: pathlib.Path) -> str:
    start = time.perf_counter()
    execute(path)
    return f"executed {path.name} in {time.perf_counter() - start:.1f} s"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
