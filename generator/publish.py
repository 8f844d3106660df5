"""Publishing a built tree to a gh-pages branch, refusing anything that is a review copy."""

from __future__ import annotations

import os
from pathlib import Path

import ghp_import

from generator.review import REVIEW_MARKER


class PublishError(Exception):
    """The tree cannot be published; the message says why and what to do."""


def refuse_review_copy(tree: Path) -> None:
    if (tree / REVIEW_MARKER).exists():
        raise PublishError(f"{tree} is a review copy ({REVIEW_MARKER} is present) and is never published; "
                           "publish a public build (factcheck deploy builds one)")


def push_to_branch(tree: Path, repo: Path, remote: str, branch: str, message: str) -> None:
    """Commit `tree` as the whole content of `branch` (with .nojekyll) and push it to `remote`."""
    refuse_review_copy(tree)
    if not (repo / ".git").exists():
        raise PublishError(f"{repo} is not a git repository: run 'git init' and add a remote first")
    old = os.getcwd()
    os.chdir(repo)
    try:
        ghp_import.ghp_import(str(tree), mesg=message, remote=remote, branch=branch, push=True, nojekyll=True)
    except ghp_import.GhpError as exc:
        raise PublishError(f"pushing to {remote}/{branch} failed: {exc.message}") from None
    finally:
        os.chdir(old)
