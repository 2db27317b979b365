"""Tests of publishing the book: tools/publish.py and `make publish`, into temporary bare git repositories.

The book itself is not built here: a small folder with an ``index.html`` and one page per entry of
``book/_toc.yml`` stands in for it (`make publish HTML=dir` publishes a folder as it is). Publishing
the real built book is checked with the built HTML, in tests/test_book_links.py.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import publish  # noqa: E402

STAMP = "book/_build/.make-test-passed"

#: No git identity may be configured (CI): commits in these tests name a test committer.
GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def run(*args: str, cwd: pathlib.Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command with a clean make environment (no flags leaking from an outer `make test`)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}}
    env.update(GIT_ENV)
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def toc_pages(toc: pathlib.Path = ROOT / "book" / "_toc.yml") -> list[str]:
    """Every page of the book's table of contents, as the HTML file it becomes (``chapters/01_x.html``)."""
    data = yaml.safe_load(toc.read_text())
    files = [data["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in data.get("parts", []):
        walk(part.get("chapters"))
    walk(data.get("chapters"))
    return [f"{pathlib.PurePosixPath(f).with_suffix('')}.html" for f in files]


def fake_book(folder: pathlib.Path, text: str = "built") -> pathlib.Path:
    """A stand-in for book/_build/html: index.html, every page of _toc.yml and a _static file."""
    for page in ["index.html", *toc_pages()]:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_text(f"<html><body>{page}: {text}</body></html>\n")
    (folder / "_static").mkdir(exist_ok=True)
    (folder / "_static" / "book.css").write_text("body { color: black; }\n")
    return folder


def branch_files(bare: pathlib.Path, branch: str = "gh-pages") -> set[str]:
    return set(run("git", "ls-tree", "-r", "--name-only", branch, cwd=bare).stdout.split())


def commit_count(bare: pathlib.Path, branch: str = "gh-pages") -> int:
    return int(run("git", "rev-list", "--count", branch, cwd=bare).stdout)


@pytest.fixture
def repo(tmp_path) -> pathlib.Path:
    """A git repository with one commit, and a bare repository `remote.git` next to it."""
    work = tmp_path / "work"
    work.mkdir()
    run("git", "init", "-q", "-b", "main", cwd=work)
    (work / ".gitignore").write_text("book/_build/\n")
    (work / "README.md").write_text("a book\n")
    run("git", "add", ".", cwd=work)
    run("git", "commit", "-q", "-m", "first", cwd=work)
    run("git", "init", "-q", "--bare", str(tmp_path / "remote.git"), cwd=tmp_path)
    return work


# ---------------------------------------------------------------- the record of `make test` and the checks


def test_state_is_the_commit_of_a_clean_tree_and_names_the_changes_otherwise(repo, tmp_path):
    head = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    assert publish.tree_state(repo) == head
    (repo / "README.md").write_text("changed\n")
    (repo / "new.txt").write_text("untracked\n")
    state = publish.tree_state(repo)
    assert state.startswith("not-clean") and "README.md" in state and "new.txt" in state
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    assert publish.tree_state(outside) == "not-clean: this is not a git checkout"


def test_a_pass_is_recorded_only_for_a_tree_that_stayed_clean(repo):
    stamp = repo / STAMP
    before = publish.tree_state(repo)
    assert "recorded" in publish.record_pass(stamp, before, cwd=repo)
    assert stamp.read_text().strip() == before
    assert publish.check_publishable(stamp, cwd=repo) == before

    # Dirty while the tests ran: nothing recorded, and the old record goes.
    (repo / "README.md").write_text("changed during the tests\n")
    message = publish.record_pass(stamp, before, cwd=repo)
    assert message.startswith("== not recorded") and not stamp.exists()

    # Dirty before the tests: nothing recorded either, even when clean again at the end.
    dirty = publish.tree_state(repo)
    run("git", "checkout", "README.md", cwd=repo)
    assert publish.record_pass(stamp, dirty, cwd=repo).startswith("== not recorded")
    assert not stamp.exists()

    # A new commit while the tests ran: the tests did not run on it.
    (repo / "README.md").write_text("second\n")
    run("git", "commit", "-q", "-am", "second", cwd=repo)
    assert "HEAD moved" in publish.record_pass(stamp, before, cwd=repo)
    assert not stamp.exists()


def test_check_refuses_a_dirty_tree_and_an_untested_commit(repo):
    stamp = repo / STAMP
    with pytest.raises(publish.PublishError, match=r"`make test` has not passed on commit \w{7} \(no passing run"):
        publish.check_publishable(stamp, cwd=repo)
    publish.record_pass(stamp, publish.tree_state(repo), cwd=repo)
    (repo / "README.md").write_text("second\n")
    with pytest.raises(publish.PublishError, match=r"changes that are not committed:\n +M README.md"):
        publish.check_publishable(stamp, cwd=repo)
    run("git", "commit", "-q", "-am", "second", cwd=repo)
    with pytest.raises(publish.PublishError, match=r"has not passed on commit \w{7} \(it last passed on commit"):
        publish.check_publishable(stamp, cwd=repo)


# ---------------------------------------------------------------- publishing


def test_publish_pushes_the_folder_with_nojekyll_and_adds_no_commit_when_unchanged(repo, tmp_path):
    remote = tmp_path / "remote.git"
    html = fake_book(tmp_path / "html")
    report = publish.publish(html, str(remote), cwd=repo)
    assert report.startswith(f"== published {html} to {remote} gh-pages")
    assert branch_files(remote) == {"index.html", ".nojekyll", "_static/book.css", *toc_pages()}
    assert commit_count(remote) == 1

    report = publish.publish(html, str(remote), cwd=repo)
    assert "nothing to push, no commit added" in report
    assert commit_count(remote) == 1
    # The local branch is put back on the remote's commit too.
    assert (run("git", "rev-parse", "gh-pages", cwd=repo).stdout == run("git", "rev-parse", "gh-pages", cwd=remote).stdout)

    # A changed book: one more commit, on top of the remote's (a fast-forward), and a removed page goes.
    (html / "index.html").write_text("<html>new</html>\n")
    (html / "_static" / "book.css").unlink()
    publish.publish(html, str(remote), cwd=repo)
    assert commit_count(remote) == 2
    assert "_static/book.css" not in branch_files(remote)
    assert run("git", "show", "gh-pages:index.html", cwd=remote).stdout == "<html>new</html>\n"


def test_publish_continues_the_remote_history_not_a_stale_local_branch(repo, tmp_path):
    remote = tmp_path / "remote.git"
    publish.publish(fake_book(tmp_path / "html"), str(remote), cwd=repo)
    first = run("git", "rev-parse", "gh-pages", cwd=remote).stdout.strip()
    # Someone else publishes from another clone; this clone's gh-pages is now behind.
    other = tmp_path / "other"
    run("git", "clone", "-q", str(repo), str(other), cwd=tmp_path)
    publish.publish(fake_book(tmp_path / "html2", "other"), str(remote), cwd=other)
    publish.publish(fake_book(tmp_path / "html3", "third"), str(remote), cwd=repo)  # no force push needed
    log = run("git", "rev-list", "gh-pages", cwd=remote).stdout.split()
    assert len(log) == 3 and log[-1] == first


def test_publish_refuses_a_folder_without_index_html(repo, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(publish.PublishError, match="index.html does not exist"):
        publish.publish(tmp_path / "empty", str(tmp_path / "remote.git"), cwd=repo)


def test_make_test_records_its_pass_for_make_publish():
    # `make test` notes the tree's state before its stages and records the commit after all passed.
    # (Read from the Makefile: `make -n test` would run the recipe, which calls $(MAKE).)
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\ntest:"):].split("\n\n")[0]
    assert "tools/publish.py state" in recipe
    assert recipe.index("tools/publish.py state") < recipe.index("for stage in")
    assert recipe.rstrip().endswith('tools/publish.py stamp $(TEST_STAMP) "$$tree"')
    assert f"TEST_STAMP := {STAMP}" in makefile


# ---------------------------------------------------------------- the real `make publish`, from a clean clone


def test_make_publish_from_a_clone(tmp_path):
    if not shutil.which("make"):
        pytest.skip("GNU make is not installed")
    clone = tmp_path / "clone"
    run("git", "clone", "-q", str(ROOT), str(clone), cwd=tmp_path)
    remote = tmp_path / "published.git"
    run("git", "init", "-q", "--bare", str(remote), cwd=tmp_path)
    html = fake_book(tmp_path / "html")
    make = ["make", "--no-print-directory", "publish", f"REMOTE={remote}", f"HTML={html}", f"VENV={sys.prefix}"]

    untested = run(*make, cwd=clone, check=False)
    assert untested.returncode != 0
    assert "refusing to publish: `make test` has not passed on commit" in untested.stderr

    state = run("python3", "tools/publish.py", "state", cwd=clone).stdout.strip()
    run("python3", "tools/publish.py", "stamp", STAMP, state, cwd=clone)  # what `make test` runs after a pass
    (clone / "notebooks" / "draft.ipynb").write_text("{}\n")
    dirty = run(*make, cwd=clone, check=False)
    assert dirty.returncode != 0
    assert "refusing to publish: the work tree has changes that are not committed" in dirty.stderr
    assert "notebooks/draft.ipynb" in dirty.stderr
    assert run("git", "ls-remote", str(remote), cwd=tmp_path).stdout == ""  # nothing pushed by a refusal

    (clone / "notebooks" / "draft.ipynb").unlink()
    published = run(*make, cwd=clone)
    assert "== published" in published.stdout
    assert {"index.html", ".nojekyll", *toc_pages()} <= branch_files(remote)
    assert commit_count(remote) == 1
    assert state[:7] in run("git", "log", "-1", "--format=%s", "gh-pages", cwd=remote).stdout

    again = run(*make, cwd=clone)
    assert "no commit added" in again.stdout
    assert commit_count(remote) == 1


def test_publish_to_a_named_remote_with_a_stale_tracking_branch(repo, tmp_path):
    remote = tmp_path / "remote.git"
    run("git", "remote", "add", "origin", str(remote), cwd=repo)
    publish.publish(fake_book(tmp_path / "html"), "origin", cwd=repo)
    run("git", "fetch", "-q", "origin", cwd=repo)  # origin/gh-pages: the first publish
    other = tmp_path / "other"
    run("git", "clone", "-q", str(repo), str(other), cwd=tmp_path)
    run("git", "remote", "set-url", "origin", str(remote), cwd=other)
    publish.publish(fake_book(tmp_path / "html2", "other"), "origin", cwd=other)
    # This clone's origin/gh-pages is now one commit behind the remote: publishing still fast-forwards.
    report = publish.publish(fake_book(tmp_path / "html3", "third"), "origin", cwd=repo)
    assert report.startswith("== published"), report
    assert commit_count(remote) == 3
    assert run("git", "rev-parse", "origin/gh-pages", cwd=repo).stdout == run("git", "rev-parse", "gh-pages",
                                                                              cwd=remote).stdout
