"""The CI workflow (.github/workflows/book.yml): what it runs, on what, and how it publishes the book."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"

#: `owner/name@v1.2.3` (an exact release) or `owner/name@<40-hex commit>`; a bare `@v4` or `@main` moves.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def all_uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def test_runs_on_every_push_and_pull_request(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert set(triggers) == {"push", "pull_request"}
    assert not (triggers["push"] or {}).get("branches"), "every push, not only some branches"
    assert workflow["permissions"] == {"contents": "read"}


def test_every_action_is_pinned_to_a_version(workflow):
    uses = all_uses(workflow)
    assert len(uses) >= 5
    unpinned = [u for u in uses if not PINNED.match(u)]
    assert not unpinned, f"actions not pinned to an exact version: {unpinned}"


def test_the_pages_actions_are_the_versions_known_to_work(workflow):
    majors = {u.split("@")[0]: u.split("@")[1].split(".")[0] for u in all_uses(workflow)}
    assert majors["actions/upload-pages-artifact"] == "v4"
    assert majors["actions/deploy-pages"] == "v4"  # v5 needs Node 24


def test_the_test_job_runs_make_test_with_python_311_debian_chromium_and_a_pip_cache(workflow):
    job = workflow["jobs"]["test"]
    assert re.fullmatch(r"python:3\.11-(bookworm|trixie)", job["container"])
    runs = [step.get("run", "") for step in job["steps"]]
    chromium = next(i for i, run in enumerate(runs) if re.search(r"apt-get install\b.*\bchromium\b", run))
    make_test = next(i for i, run in enumerate(runs) if run.strip() == "make test")
    assert chromium < make_test
    assert steps_using(job, "actions/checkout")
    cache = steps_using(job, "actions/cache")[0]["with"]
    assert cache["path"] == job["env"]["PIP_CACHE_DIR"]
    assert "hashFiles('requirements.txt'" in cache["key"]


def test_pull_requests_get_the_built_html_as_an_artifact(workflow):
    job = workflow["jobs"]["test"]
    (upload,) = steps_using(job, "actions/upload-artifact")
    assert "github.event_name == 'pull_request'" in upload["if"]
    assert upload["with"]["path"] == "book/_build/html"
    steps = job["steps"]
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if s.get("run", "").strip() == "make test")


def test_pushes_to_main_deploy_to_github_pages(workflow):
    (pages,) = steps_using(workflow["jobs"]["test"], "actions/upload-pages-artifact")
    assert pages["with"]["path"] == "book/_build/html"
    main_push = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert pages["if"] == main_push
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert deploy["if"] == main_push
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"
    # Only the deploy job may write to Pages.
    assert "permissions" not in workflow["jobs"]["test"]
