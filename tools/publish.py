"""Publish the built HTML book to a ``gh-pages`` branch, and the record `make publish` checks first.

Usage (the Makefile calls these; see ``make publish`` and ``make test``):

    python tools/publish.py state                  print the commit when the work tree is clean, else why not
    python tools/publish.py stamp STAMP STATE      after `make test` passed: record the commit in STAMP, when
                                                   STATE (from `state` before the tests) is still the state now
    python tools/publish.py check STAMP            refuse (exit 1) from a dirty tree or a commit `make test`
                                                   has not passed on
    python tools/publish.py push HTML REMOTE [BRANCH]
                                                   commit HTML (with .nojekyll) on BRANCH with ghp-import and
                                                   push it to REMOTE, unless nothing changed

A publish never adds a commit that changes nothing: ghp-import makes a new commit every time it runs,
so the new commit's tree is compared with the tree already on the remote, and when they are equal the
local branch is put back and nothing is pushed. The branch is based on the remote's own ``gh-pages``
(fetched first), so the push is a fast-forward and the remote keeps its history.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

#: The branch GitHub Pages serves when a repository publishes from a branch.
DEFAULT_BRANCH = "gh-pages"


class PublishError(Exception):
    """A reason not to publish, worded for the person who ran `make publish`."""


def git(*args: str, cwd: pathlib.Path | str | None = None, check: bool = True) -> str:
    """Run git and return its stdout without the final newline; raise PublishError when it fails and check is set."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise PublishError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def tree_state(cwd: pathlib.Path | str | None = None) -> str:
    """The full commit id of HEAD when the work tree is clean; else a sentence starting with "not-clean: "."""
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=cwd, capture_output=True, text=True)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return "not-clean: this is not a git checkout"
    changes = git("status", "--porcelain", cwd=cwd)
    if changes:
        listed = "\n".join("    " + line for line in changes.splitlines()[:20])
        return f"not-clean: the work tree has changes that are not committed:\n{listed}"
    return git("rev-parse", "HEAD", cwd=cwd)


def record_pass(stamp: pathlib.Path, state_before: str, cwd: pathlib.Path | str | None = None) -> str:
    """After `make test` passed: write the commit to ``stamp`` when the tree was clean and unchanged throughout.

    Returns the message to print. A stale stamp is removed when nothing can be recorded.
    """
    now = tree_state(cwd)
    if state_before.startswith("not-clean") or now != state_before:
        stamp.unlink(missing_ok=True)
        reason = state_before if state_before.startswith("not-clean") else (
            now if now.startswith("not-clean") else "HEAD moved while the tests ran")
        return f"== not recorded for `make publish` ({reason.removeprefix('not-clean: ').splitlines()[0]})"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(now + "\n")
    return f"== recorded in {stamp} that `make test` passed on commit {now[:7]} (`make publish` checks it)"


def check_publishable(stamp: pathlib.Path, cwd: pathlib.Path | str | None = None) -> str:
    """The commit to publish; PublishError when the tree is dirty or `make test` has not passed on this commit."""
    state = tree_state(cwd)
    if state.startswith("not-clean"):
        raise PublishError(
            f"refusing to publish: {state.removeprefix('not-clean: ')}\n"
            "The published book must be exactly a commit: commit (or stash) the changes, run `make test`, "
            "then `make publish`.")
    passed = stamp.read_text().strip() if stamp.exists() else ""
    if passed != state:
        last = f"it last passed on commit {passed[:7]}" if passed else "no passing run is recorded"
        raise PublishError(
            f"refusing to publish: `make test` has not passed on commit {state[:7]} ({last}, in {stamp}).\n"
            "Run `make test` on this commit first; it records the commit when every stage passes.")
    return state


def remote_tip(remote: str, branch: str, cwd: pathlib.Path | str | None = None) -> str | None:
    """The commit id of ``branch`` on ``remote``, fetched into the local object store; None if it has none.

    For a named remote its tracking ref (``refs/remotes/<remote>/<branch>``) is brought up to date too, or
    removed when the remote has no such branch: ghp-import starts from that ref when it exists.
    """
    listed = git("ls-remote", "--heads", remote, f"refs/heads/{branch}", cwd=cwd)
    named = remote in git("remote", cwd=cwd).split()
    tracking = f"refs/remotes/{remote}/{branch}"
    if not listed:
        if named:
            git("update-ref", "-d", tracking, cwd=cwd, check=False)
        return None
    tip = listed.split()[0]
    refspec = f"+refs/heads/{branch}:{tracking}" if named else f"refs/heads/{branch}"
    git("fetch", "--quiet", "--no-tags", remote, refspec, cwd=cwd)
    return tip


def publish(html: pathlib.Path, remote: str, branch: str = DEFAULT_BRANCH,
            cwd: pathlib.Path | str | None = None, message: str | None = None) -> str:
    """Commit the folder ``html`` (plus ``.nojekyll``) on ``branch`` with ghp-import; push it unless unchanged.

    Returns a one-line report. Raises PublishError when ``html`` is not a built book or git fails.
    """
    import ghp_import

    html = pathlib.Path(html)
    if not (html / "index.html").is_file():
        raise PublishError(f"nothing to publish: {html}/index.html does not exist (build the book first)")
    if git("symbolic-ref", "--quiet", "HEAD", cwd=cwd, check=False) == f"refs/heads/{branch}":
        raise PublishError(f"refusing to publish: the checked-out branch is {branch}, the branch publishing writes")
    source = git("rev-parse", "--short", "HEAD", cwd=cwd, check=False) or "an unknown commit"
    message = message or f"Publish the book built from commit {source}"

    # Start from the remote's branch, so that the new commit follows its history (a fast-forward push).
    tip = remote_tip(remote, branch, cwd=cwd)
    if tip:
        git("update-ref", f"refs/heads/{branch}", tip, cwd=cwd)
    else:
        git("update-ref", "-d", f"refs/heads/{branch}", cwd=cwd, check=False)

    # ghp-import takes the committer from git's config, or from the environment when it has none (e.g. in CI).
    saved = dict(os.environ)
    for variable, key, fallback in (("GIT_COMMITTER_NAME", "user.name", "make publish"),
                                    ("GIT_COMMITTER_EMAIL", "user.email", "make-publish@localhost")):
        if not os.environ.get(variable) and not git("config", key, cwd=cwd, check=False):
            os.environ[variable] = fallback
    previous_dir = pathlib.Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)  # ghp-import runs git in the current directory
        ghp_import.ghp_import(str(html.resolve()), mesg=message, branch=branch, remote=remote,
                              nojekyll=True, push=False)
    except ghp_import.GhpError as error:
        raise PublishError(f"ghp-import failed: {error.message}") from error
    finally:
        os.chdir(previous_dir)
        os.environ.clear()
        os.environ.update(saved)

    new = git("rev-parse", f"refs/heads/{branch}", cwd=cwd)
    parent = git("rev-parse", "--verify", "--quiet", f"{new}^", cwd=cwd, check=False)
    if tip and parent != tip:
        raise PublishError(f"ghp-import did not build on {remote}'s {branch} ({tip[:7]}), but on "
                           f"{parent[:7] or 'nothing'}: nothing pushed")
    if tip and git("rev-parse", f"{new}^{{tree}}", cwd=cwd) == git("rev-parse", f"{tip}^{{tree}}", cwd=cwd):
        git("update-ref", f"refs/heads/{branch}", tip, cwd=cwd)
        return f"== {remote} {branch} already holds this book ({tip[:7]}): nothing to push, no commit added"
    git("push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}", cwd=cwd)
    return f"== published {html} to {remote} {branch} as commit {new[:7]} (built from {source})"


def main(argv: list[str]) -> int:
    try:
        match argv:
            case ["state"]:
                print(tree_state())
            case ["stamp", stamp, state]:
                print(record_pass(pathlib.Path(stamp), state))
            case ["check", stamp]:
                commit = check_publishable(pathlib.Path(stamp))
                print(f"== publishing commit {commit[:7]}: clean work tree, `make test` passed on it")
            case ["push", html, remote, *rest] if len(rest) <= 1:
                print(publish(pathlib.Path(html), remote, *rest))
            case _:
                print(__doc__.split("\n\n")[1], file=sys.stderr)
                return 2
    except PublishError as error:
        print(f"make publish: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
