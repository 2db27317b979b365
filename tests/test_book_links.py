"""Checks of the built HTML book's links into its repository, its footer, and publishing it.

Every page's source, issue and (on chapters) Colab and Binder links must point at the repository named
in ``book/_config.yml`` and, for a chapter, at its notebook in ``notebooks/`` (the file itself, not the
``book/chapters`` symlink); every page's footer names the commit the book was built from; the built
book, published into a temporary bare repository, holds every page and ``.nojekyll``, and publishing
it again adds no commit.

Needs a built book (``make book``); ``make test-browser`` runs it after the build. Without a build these
tests skip; under ``make test`` (``BOOK_HTML_REQUIRED=1``) a missing build is a failure.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import urllib.parse

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = pathlib.Path(__file__).resolve().parents[1]
HTML = ROOT / "book" / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

import publish  # noqa: E402
from test_publish import GIT_ENV, branch_files, commit_count, toc_pages  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
ORG, NAME = urllib.parse.urlparse(REPO_URL).path.strip("/").split("/")[:2]
BINDER = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
COLAB = CONFIG["launch_buttons"]["colab_url"].rstrip("/")
PAGES = toc_pages()
CHAPTERS = [page for page in PAGES if page.startswith("chapters/")]


@pytest.fixture(autouse=True)
def built_book():
    if not (HTML / "index.html").exists():
        message = f"the book is not built: no {HTML.relative_to(ROOT)}/index.html (run `make book` first)"
        if os.environ.get("BOOK_HTML_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)


def header_links(page: str) -> list[str]:
    """The absolute URLs of the page's header buttons (source, issue, launch)."""
    soup = BeautifulSoup((HTML / page).read_text(), "html.parser")
    return [a["href"] for a in soup.select(".article-header-buttons a[href]") if a["href"].startswith("http")]


def notebook_of(page: str) -> str:
    """``chapters/01_x.html`` -> ``notebooks/01_x.ipynb``, the chapter's file in the repository."""
    return f"notebooks/{pathlib.PurePosixPath(page).stem}.ipynb"


def test_the_repository_is_named_once():
    config = (ROOT / "book" / "_config.yml").read_text()
    assert config.count(REPO_URL) == 1
    assert REPO_URL.startswith("https://github.com/")


def test_chapters_are_listed():
    assert CHAPTERS, "no chapter in book/_toc.yml"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_links_point_at_its_notebook(page):
    notebook = notebook_of(page)
    path = ROOT / notebook
    assert path.is_file() and not path.is_symlink(), f"{notebook} is not a notebook file in the repository"
    links = header_links(page)
    expected = {
        "Binder": f"{BINDER}/v2/gh/{ORG}/{NAME}/{BRANCH}?urlpath=lab/tree/{notebook}",
        "Colab": f"{COLAB}/github/{ORG}/{NAME}/blob/{BRANCH}/{notebook}",
        "source": f"{REPO_URL}/blob/{BRANCH}/{notebook}",
    }
    for what, url in expected.items():
        assert url in links, f"{page}: no {what} link {url}; its links are {links}"
    assert not [link for link in links if "book/chapters/" in link], "a link points at the book/chapters symlink"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_links_to_the_repository_its_source_and_its_issues(page):
    links = header_links(page)
    assert REPO_URL in links
    issues = [link for link in links if link.startswith(f"{REPO_URL}/issues/new?")]
    assert len(issues) == 1 and f"Issue on page /{page}" in urllib.parse.unquote(issues[0])
    sources = [link for link in links if link.startswith(f"{REPO_URL}/blob/{BRANCH}/")]
    assert len(sources) == 1, links
    source_path = sources[0].removeprefix(f"{REPO_URL}/blob/{BRANCH}/").split("?")[0]
    assert (ROOT / source_path).is_file() and not (ROOT / source_path).is_symlink(), source_path
    assert not [link for link in links if not link.startswith((REPO_URL, BINDER, COLAB))], links


@pytest.mark.parametrize("page", CHAPTERS)
def test_the_install_cell_is_not_shown(page):
    text = BeautifulSoup((HTML / page).read_text(), "html.parser").get_text()
    assert "importlib.util" not in text and "pip install" not in text


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("page", PAGES)
def test_the_footer_names_the_commit_the_book_was_built_from(page):
    footer = BeautifulSoup((HTML / page).read_text(), "html.parser").select(".built-from")
    assert len(footer) == 1
    text = " ".join(footer[0].get_text().split())
    match = re.fullmatch(r"Built from commit (\w{7,})( with uncommitted changes)?, on (\d{4}-\d{2}-\d{2})\.", text)
    assert match, text
    link = footer[0].find("a")["href"]
    assert link.startswith(f"{REPO_URL}/commit/")
    sha = link.rsplit("/", 1)[1]
    assert sha.startswith(match.group(1))
    assert git("log", "-1", "--format=%cs", sha) == match.group(3)  # the commit's date: same pages every build


def test_the_built_book_publishes_with_every_page_and_once(tmp_path):
    work, remote = tmp_path / "work", tmp_path / "remote.git"
    work.mkdir()
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", str(work)], ["-C", str(work), "commit", "-q", "--allow-empty", "-m", "x"],
                 ["init", "-q", "--bare", str(remote)]):
        subprocess.run(["git", *args], check=True, env=env, capture_output=True)
    report = publish.publish(HTML, str(remote), cwd=work)
    assert report.startswith("== published"), report
    files = branch_files(remote)
    assert {"index.html", ".nojekyll", *PAGES} <= files
    assert any(f.startswith("_static/") for f in files)
    assert "no commit added" in publish.publish(HTML, str(remote), cwd=work)
    assert commit_count(remote) == 1
