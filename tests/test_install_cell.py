"""Every chapter notebook starts its code with the cell that installs nnlearn on Colab or Binder (tools/install_cell.py)."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import install_cell  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


class FakeIPython:
    """Records the magics a cell runs instead of running them (no pip, no network)."""

    def __init__(self):
        self.magics: list[tuple[str, str]] = []

    def run_line_magic(self, name: str, line: str) -> None:
        self.magics.append((name, line))


def run_cell(source: str, missing: set[str]) -> list[tuple[str, str]]:
    """Run the cell's Python (magics transformed as IPython does) with ``missing`` modules absent; return its magics."""
    shell = FakeIPython()
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name in missing else real_find_spec(name, *args, **kwargs)

    code = TransformerManager().transform_cell(source)
    patched = pytest.MonkeyPatch()
    patched.setattr(importlib.util, "find_spec", find_spec)
    try:
        exec(compile(code, "<install cell>", "exec"), {"get_ipython": lambda: shell})
    finally:
        patched.undo()
    return shell.magics


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_install_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert install_cell.problem(nb, install_cell.cell_source()) is None, (
        f"{path.name}: {install_cell.problem(nb, install_cell.cell_source())}")
    cell = nb.cells[install_cell.first_code_cell(nb)]
    assert "remove-cell" in cell.metadata["tags"]
    assert cell.outputs == [], "the install cell must print nothing where nnlearn is installed"


def test_the_check_command_passes_on_the_committed_notebooks(capsys):
    assert install_cell.main(["--check", *map(str, NOTEBOOKS)]) == 0, capsys.readouterr().out


def test_the_cell_installs_from_the_configured_repository():
    url, branch = install_cell.repository()
    source = install_cell.cell_source()
    assert f"git+{url}@{branch}" in source
    magics = run_cell(source, missing={"nnlearn", "myst_nb"})
    assert len(magics) == 1
    name, line = magics[0]
    assert name == "pip"
    assert line.split()[:2] == ["install", "--quiet"]
    assert f'"nnlearn[book] @ git+{url}@{branch}"' in line


@pytest.mark.parametrize("missing", [{"nnlearn"}, {"myst_nb"}])
def test_the_cell_installs_when_either_package_is_missing(missing):
    assert [name for name, _ in run_cell(install_cell.cell_source(), missing=missing)] == ["pip"]


def test_the_cell_does_nothing_where_nnlearn_is_installed():
    # Here nnlearn and myst_nb import: the cell must not run pip (no network, no output).
    assert importlib.util.find_spec("nnlearn") is not None
    assert run_cell(install_cell.cell_source(), missing=set()) == []


def test_the_book_extra_provides_what_the_notebooks_import():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "myst-nb" in extras["book"]


def test_fix_inserts_the_cell_before_the_first_code_cell_and_check_finds_problems(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("x = 1")])
    source = install_cell.cell_source()
    assert install_cell.problem(nb, source) == "has no install cell (its first code cell is not the install cell)"
    assert install_cell.fix(nb, source)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert nb.cells[1].id == install_cell.CELL_ID and nb.cells[1].source == source
    assert install_cell.problem(nb, source) is None
    assert not install_cell.fix(nb, source)  # idempotent
    nbformat.validate(nb)

    # A fork changes the repository: the cell is outdated, and fixing it updates it in place.
    fork = tmp_path / "_config.yml"
    fork.write_text("repository:\n  url: https://github.com/someone/fork\n  branch: trunk\n")
    forked = install_cell.cell_source(fork)
    assert "git+https://github.com/someone/fork@trunk" in forked
    assert "outdated" in install_cell.problem(nb, forked)
    assert install_cell.fix(nb, forked)
    assert [c.id for c in nb.cells if c.get("id") == install_cell.CELL_ID] == [install_cell.CELL_ID]
    assert nb.cells[1].source == forked

    # A code cell moved above it: the install cell is no longer first.
    nb.cells.insert(0, nbformat.v4.new_code_cell("y = 2"))
    assert "not the first code cell" in install_cell.problem(nb, forked)


def test_repository_rejects_a_config_without_it(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n")
    with pytest.raises(ValueError, match="repository"):
        install_cell.repository(config)


def test_binder_pins_what_the_chapters_import_at_the_versions_of_requirements_txt():
    def pins(path: pathlib.Path) -> dict[str, str]:
        lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
        return dict(line.lower().split("==") for line in lines if line)

    binder, everything = pins(ROOT / "binder" / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert {"numpy", "matplotlib", "ipywidgets", "myst-nb"} <= set(binder)
    assert "torch" not in binder
    assert {name: everything.get(name) for name in binder} == binder
