"""Releases: deploy checks before it commits, records what it pushed, and `diff` compares with it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import build, claim, make_site, run, taxes_claim


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Desk")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "desk@example.org")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Site")
    return root


def _branches(root: Path) -> list[str]:
    return git(root, "branch", "--format=%(refname:short)").split()


def test_deploy_without_a_remote_says_so_and_commits_nothing(tmp_path: Path) -> None:
    root = _repo(make_site(tmp_path / "desk"))
    result = run("deploy", cwd=root)
    assert result.exit_code == 1
    assert result.output == ("Error: there is no git remote 'origin' (none is configured): add it with "
                             "'git remote add origin URL', or name another with --remote. Nothing was built or "
                             "committed.\n")
    assert _branches(root) == ["main"], "no stray gh-pages commit"
    assert not (root / "site").exists()


def test_deploy_to_an_unreachable_remote_says_so_and_commits_nothing(tmp_path: Path) -> None:
    root = _repo(make_site(tmp_path / "desk"))
    git(root, "remote", "add", "origin", str(tmp_path / "missing.git"))
    result = run("deploy", cwd=root)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach remote 'origin' ({tmp_path / 'missing.git'}): ")
    assert "Traceback" not in result.output and _branches(root) == ["main"]


def test_deploy_outside_git_says_what_to_do(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    result = run("deploy", cwd=root)
    assert result.exit_code == 1 and "is not a git repository: run 'git init'" in result.output


def test_deploy_records_the_release_and_diff_compares_with_it(tmp_path: Path) -> None:
    remote = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    root = _repo(make_site(tmp_path / "desk"))
    git(root, "remote", "add", "origin", str(remote))
    assert run("diff", cwd=root).output.startswith("Error: no release found to compare with")
    result = run("deploy", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Published 2 claims in 1 report to origin/gh-pages.\n")
    released = json.loads(git(remote, "show", "gh-pages:manifest.json"))
    assert sorted(released["claims"]) == ["crime-fell", "taxes-lower"]
    assert git(remote, "show", "gh-pages:.nojekyll") == ""
    assert not (root / "site").exists(), "diff needs no local site/"
    assert run("diff", cwd=root).output == "No changes since that release.\n"

    make_site(root, claims=[claim(rating="half-true")])
    changed = run("diff", cwd=root)
    assert changed.output.splitlines() == [
        "re-rated: crime-fell (mostly-true -> half-true)",
        ("content/mayor-interview/claims.yml:10: warning: claim 'crime-fell': rating changed without a new "
         "correction entry: add one under 'corrections:'"),
        "removed: taxes-lower (no longer published)",
    ]
    status = run("status", cwd=root).output
    assert "  crime-fell  content/mayor-interview/claims.yml:2  [re-rated]  1 error(s)\n" in status
    assert "publication policy 'correction-for-rerating'" in status


def test_a_fresh_clone_finds_the_release_on_the_remote(tmp_path: Path) -> None:
    remote = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    root = _repo(make_site(tmp_path / "desk"))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    assert run("deploy", cwd=root).exit_code == 0
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), "clone")
    assert run("diff", cwd=tmp_path / "clone").output == "No changes since that release.\n"


def test_one_count_of_what_is_published_everywhere(tmp_path: Path) -> None:
    withdrawn = taxes_claim(status="withdrawn", withdrawal={"date": "2025-04-01", "reason": "Wrong article."})
    draft = claim(id="draft-one", status="draft", quote="Council figures show taxes rose by 3%")
    root = make_site(tmp_path / "desk", claims=[claim(), withdrawn, draft])
    result = run("build", cwd=root)
    assert "Built 1 report(s), 1 claim(s)" in result.output
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert "1 claim, 1 withdrawn" in home
    overview = (root / "site/reports/mayor-interview/index.html").read_text(encoding="utf-8")
    assert "1 claim checked, 1 withdrawn" in overview
    dashboard = (build(root, "--review") / "review.html").read_text(encoding="utf-8")
    assert "A public build would publish 1 claim, 1 withdrawn in one report." in dashboard
