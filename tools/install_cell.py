"""Give every chapter notebook a first code cell that installs nnlearn where it is missing.

Usage: python tools/install_cell.py [--check] [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

A chapter opened on Colab or Binder (the launch links on each page of the book) runs in a Python that
does not have the book's package, nor myst-nb (whose ``glue`` puts the computed numbers into the
text). The first code cell of every notebook installs both from the book's repository, named once in
``book/_config.yml`` (``repository: url, branch``), when either is missing. Where they are installed
(here, in CI, in a reader's ``make lab``) the cell imports nothing new, prints nothing and never uses
the network, so nbval compares nothing in it. It is tagged ``remove-cell``: the HTML book does not
show it (its pages render saved outputs and need no package).

Without ``--check`` the cell is inserted (before the first code cell) or brought up to date in place;
re-execute a notebook after its cell was inserted (`make notebooks`). With ``--check`` nothing is
written, and the exit status is 1 when a notebook lacks the cell or has an outdated one
(tests/test_install_cell.py runs this check, so a new chapter cannot forget it).
"""

from __future__ import annotations

import pathlib
import sys

import nbformat
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIG = ROOT / "book" / "_config.yml"

#: The cell's id (nbformat 4.5), the same in every notebook: how the tool and the tests find it.
CELL_ID = "install-nnlearn"
TAGS = ["remove-cell"]

TEMPLATE = '''\
# On Colab, Binder or any Python without the book's package: install nnlearn, and myst-nb (which puts
# the computed numbers into the text), from the book's repository. Where both are installed, nothing happens.
import importlib.util

if any(importlib.util.find_spec(name) is None for name in ("nnlearn", "myst_nb")):
    %pip install --quiet "{requirement}"'''


def repository(config: pathlib.Path = CONFIG) -> tuple[str, str]:
    """The repository URL and branch named in the book's ``_config.yml``."""
    settings = yaml.safe_load(config.read_text())
    repo = settings.get("repository") or {}
    url, branch = str(repo.get("url", "")).rstrip("/"), str(repo.get("branch", ""))
    if not url.startswith("https://") or not branch:
        raise ValueError(f"{config}: `repository:` needs an https `url` and a `branch`, got {repo!r}")
    return url, branch


def requirement(config: pathlib.Path = CONFIG) -> str:
    """What pip installs: nnlearn with its ``book`` extra, from the configured repository and branch."""
    url, branch = repository(config)
    return f"nnlearn[book] @ git+{url}@{branch}"


def cell_source(config: pathlib.Path = CONFIG) -> str:
    """The source of the install cell for the repository named in ``config``."""
    return TEMPLATE.format(requirement=requirement(config))


def first_code_cell(nb: nbformat.NotebookNode) -> int | None:
    """Index of the first code cell of ``nb``, or None when it has none."""
    return next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), None)


def problem(nb: nbformat.NotebookNode, source: str) -> str | None:
    """Why the notebook's install cell is not right, or None when it is."""
    index = first_code_cell(nb)
    if index is None:
        return "has no code cell"
    cell = nb.cells[index]
    if cell.get("id") != CELL_ID:
        where = [i for i, c in enumerate(nb.cells) if c.get("id") == CELL_ID]
        return (f"its install cell is cell {where[0]}, not the first code cell" if where
                else "has no install cell (its first code cell is not the install cell)")
    if cell.source != source:
        return "its install cell is outdated (the repository in book/_config.yml changed?)"
    if not set(TAGS) <= set(cell.metadata.get("tags", [])):
        return f"its install cell lacks the tags {TAGS}"
    if cell.get("outputs"):
        return "its install cell has outputs (where nnlearn is installed it must print nothing)"
    return None


def fix(nb: nbformat.NotebookNode, source: str) -> bool:
    """Insert or update the install cell of ``nb`` in place; True when something changed."""
    if problem(nb, source) is None:
        return False
    existing = [c for c in nb.cells if c.get("id") == CELL_ID]
    if existing:  # out of date, mis-tagged or misplaced: update it and move it to the front
        cell = existing[0]
        nb.cells.remove(cell)
        cell.source = source
        cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | set(TAGS))
        cell.outputs = []
    else:
        cell = nbformat.v4.new_code_cell(source=source, metadata={"tags": list(TAGS)})
        cell.id = CELL_ID
    index = first_code_cell(nb)
    nb.cells.insert(len(nb.cells) if index is None else index, cell)
    return True


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [pathlib.Path(p) for p in argv if p != "--check"] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    source = cell_source()
    failures = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if check:
            reason = problem(nb, source)
            if reason:
                failures += 1
                print(f"{path}: {reason}; run `python tools/install_cell.py {path}`, then re-execute it")
        elif fix(nb, source):
            path.write_text(nbformat.writes(nb))
            print(f"{path}: install cell written; re-execute the notebook (make notebooks)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
