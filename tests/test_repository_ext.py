"""Tests of book/_ext/repository.py: the footer's commit line and the chapter links rewritten past the symlink."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import repository  # noqa: E402

URL = "https://github.com/someone/book"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
       "GIT_COMMITTER_DATE": "2024-02-29T12:00:00+00:00", "GIT_AUTHOR_DATE": "2024-02-29T12:00:00+00:00"}


def git(cwd: pathlib.Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout.strip()


def test_the_footer_names_the_commit_and_its_date(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text("a\n")
    git(tmp_path, "add", "a.md")
    git(tmp_path, "commit", "-q", "-m", "one")
    sha = git(tmp_path, "rev-parse", "HEAD")
    commit = repository.git_commit(tmp_path)
    assert commit == {"sha": sha, "short": sha[:len(commit["short"])], "date": "2024-02-29", "dirty": False}
    line = repository.built_from(commit, URL)
    assert line == (f'<p class="built-from">Built from commit <a href="{URL}/commit/{sha}">{commit["short"]}</a>, '
                    f'on 2024-02-29.</p>')
    # The same commit gives the same line whenever it is built: the date is the commit's, not the build's.
    assert repository.built_from(repository.git_commit(tmp_path), URL) == line

    (tmp_path / "a.md").write_text("changed\n")
    dirty = repository.git_commit(tmp_path)
    assert dirty["dirty"]
    assert "with uncommitted changes, on 2024-02-29." in repository.built_from(dirty, URL)
    (tmp_path / "untracked.md").write_text("new\n")  # untracked files (a build folder, say) do not count
    git(tmp_path, "checkout", "a.md")
    assert not repository.git_commit(tmp_path)["dirty"]


def test_outside_a_git_checkout_the_footer_says_the_commit_is_unknown(tmp_path):
    assert repository.git_commit(tmp_path) is None
    assert repository.built_from(None, URL) == f'<p class="built-from">{repository.NO_COMMIT}</p>'


def test_without_a_repository_url_the_commit_is_not_a_link():
    commit = {"sha": "a" * 40, "short": "aaaaaaa", "date": "2024-01-01", "dirty": False}
    assert repository.built_from(commit, "") == '<p class="built-from">Built from commit aaaaaaa, on 2024-01-01.</p>'


def test_links_through_the_symlink_are_rewritten_to_the_notebook():
    linked, real = "book/chapters/01_x.ipynb", "notebooks/01_x.ipynb"
    buttons = [
        {"label": "launch-buttons", "buttons": [
            {"url": f"https://mybinder.org/v2/gh/someone/book/main?urlpath=lab/tree/{linked}"},
            {"url": f"https://colab.research.google.com/github/someone/book/blob/main/{linked}"}]},
        {"label": "source-buttons", "buttons": [
            {"label": "source-repository-button", "url": URL},
            {"label": "source-file-button", "url": f"{URL}/blob/main/{linked}?plain=1"}]},
        {"label": "fullscreen-button", "javascript": "toggleFullScreen()"},
    ]
    repository.rewrite_urls(buttons, linked, real)
    assert [b["url"] for b in buttons[0]["buttons"]] == [
        f"https://mybinder.org/v2/gh/someone/book/main?urlpath=lab/tree/{real}",
        f"https://colab.research.google.com/github/someone/book/blob/main/{real}"]
    # GitHub renders a notebook; ?plain=1 would show its JSON.
    assert [b["url"] for b in buttons[1]["buttons"]] == [URL, f"{URL}/blob/main/{real}"]
    assert "url" not in buttons[2]
