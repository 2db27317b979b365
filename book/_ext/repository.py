"""Sphinx extension: the book's links into its repository, and the commit it was built from.

The repository is named once, in ``_config.yml`` (``repository: url, path_to_book, branch``); Jupyter
Book passes it to sphinx-book-theme as ``repository_url``, ``path_to_docs`` and ``repository_branch``.

1. Chapter links that point at the notebooks. The chapters are ``notebooks/*.ipynb``, reached from
   the book through the committed symlink ``book/chapters -> ../notebooks``. The theme builds every
   link from the page's name, so the "show source", Colab and Binder links of a chapter would point at
   ``book/chapters/01_....ipynb``: a symlink, which GitHub shows as a one-line file and Colab cannot
   open. For each page whose source is reached through a symlink, the links are rewritten to the real
   path in the repository (``notebooks/01_....ipynb``). A notebook's source link opens GitHub's
   rendered view of the notebook, not its JSON text.

2. "Built from commit <short id>, on <date>." in every page's footer, linked to the commit in the
   repository. The date is the commit's date, not the time of the build, so building the same commit
   twice gives the same pages (and publishing it twice adds no commit to ``gh-pages``). A work tree
   with uncommitted changes to tracked files says so; outside a git checkout (a source tarball, say)
   the footer says the commit is unknown.
"""

from __future__ import annotations

import html
import pathlib
import subprocess

from sphinx.application import Sphinx

#: The line when the book is not built from a git checkout.
NO_COMMIT = "Built outside a git checkout: the commit it comes from is unknown."


def git_commit(folder: pathlib.Path) -> dict | None:
    """``{"sha", "short", "date", "dirty"}`` of the commit checked out at ``folder``; None outside git."""
    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    line = git("log", "-1", "--format=%H %h %cs")
    if not line:
        return None
    sha, short, date = line.split()
    changes = git("status", "--porcelain", "--untracked-files=no")
    return {"sha": sha, "short": short, "date": date, "dirty": bool(changes)}


def built_from(commit: dict | None, repository_url: str) -> str:
    """The footer's HTML line for ``commit`` (from :func:`git_commit`)."""
    if commit is None:
        return f'<p class="built-from">{NO_COMMIT}</p>'
    short = html.escape(commit["short"])
    if repository_url:
        url = html.escape(f"{repository_url.rstrip('/')}/commit/{commit['sha']}", quote=True)
        short = f'<a href="{url}">{short}</a>'
    changes = " with uncommitted changes" if commit["dirty"] else ""
    return f'<p class="built-from">Built from commit {short}{changes}, on {html.escape(commit["date"])}.</p>'


def real_path(app: Sphinx, pagename: str) -> tuple[str, str] | None:
    """``(as linked, real)`` repository paths of a page's source when it is reached through a symlink, else None."""
    docs = str(app.config.html_theme_options.get("path_to_docs", "")).strip("/")
    srcdir = pathlib.Path(app.srcdir)
    root = srcdir.joinpath(*[".."] * len(pathlib.PurePosixPath(docs).parts)) if docs else srcdir
    source = pathlib.Path(app.env.doc2path(pagename))
    linked = "/".join(filter(None, [docs, source.relative_to(srcdir).as_posix()]))
    try:
        real = source.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the repository: leave the theme's links alone
        return None
    return (linked, real) if real != linked else None


def rewrite_urls(buttons: list[dict], linked: str, real: str) -> None:
    """Point every header button URL (groups included) that names ``linked`` at ``real`` instead."""
    for button in buttons:
        rewrite_urls(button.get("buttons", []), linked, real)
        url = button.get("url")
        if isinstance(url, str) and f"/{linked}" in url:
            url = url.replace(f"/{linked}", f"/{real}")
            if button.get("label") == "source-file-button" and real.endswith(".ipynb"):
                url = url.removesuffix("?plain=1")  # GitHub renders a notebook; plain=1 would show its JSON
            button["url"] = url


def add_repository_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Fix the theme's repository and launch links of a page reached through a symlink; add the footer line."""
    if pagename in app.env.all_docs:
        paths = real_path(app, pagename)
        if paths:
            rewrite_urls(context.get("header_buttons", []), *paths)
    footer = context.get("theme_extra_footer") or ""
    context["theme_extra_footer"] = footer + app.built_from_html  # type: ignore[attr-defined]


def find_commit(app: Sphinx) -> None:
    app.built_from_html = built_from(git_commit(pathlib.Path(app.srcdir)),  # type: ignore[attr-defined]
                                         str(app.config.html_theme_options.get("repository_url", "")))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", find_commit)
    # After sphinx-book-theme has added its header buttons (priority 501).
    app.connect("html-page-context", add_repository_links, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
