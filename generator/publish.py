"""Publishing a built tree to a gh-pages branch, refusing anything that is a review copy.

Everything that can be checked before a commit is checked first (a git repository, a valid branch name, a
configured and reachable remote, a local branch that has not diverged from the remote's), so a deploy that
cannot push leaves nothing behind; if the push still fails, the local branch is put back as it was.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import ghp_import

from generator.review import REVIEW_MARKER


class PublishError(Exception):
    """The tree cannot be published; the message says why and what to do."""


def refuse_review_copy(tree: Path) -> None:
    """Raise PublishError when `tree` is a review build (it carries the review marker)."""
    if (tree / REVIEW_MARKER).exists():
        raise PublishError(f"{tree} is a review copy ({REVIEW_MARKER} is present) and is never published; "
                           "publish a public build (factcheck deploy builds one)")


def preflight(repo: Path, remote: str, branch: str) -> None:
    """Check that `branch` can be pushed to `remote` from `repo`, before anything is built or committed.

    Brings a local `branch` that is missing or behind up to the remote's, so the new commit goes on top.
    """
    if _git(repo, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise PublishError(f"{repo} is not a git repository: run 'git init', commit the site, and add a remote "
                           "with 'git remote add origin URL'")
    if _git(repo, "check-ref-format", "--branch", branch).returncode != 0:
        raise PublishError(f"'{branch}' is not a valid branch name: choose another with --branch")
    url = _git(repo, "remote", "get-url", remote)
    if url.returncode != 0:
        listed = _git(repo, "remote").stdout.split()
        known = f" (configured: {', '.join(listed)})" if listed else " (none is configured)"
        raise PublishError(f"there is no git remote '{remote}'{known}: add it with 'git remote add {remote} URL', "
                           "or name another with --remote")
    heads = _git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    if heads.returncode != 0:
        reason = _first_line(heads.stderr) or "no answer"
        raise PublishError(f"cannot reach remote '{remote}' ({url.stdout.strip()}): {reason}; check the address "
                           "and your access, then try again")
    if heads.stdout.strip():
        _catch_up(repo, remote, branch, heads.stdout.split()[0])


def _catch_up(repo: Path, remote: str, branch: str, tip: str) -> None:
    fetched = _git(repo, "fetch", "--quiet", remote, f"refs/heads/{branch}")
    if fetched.returncode != 0:
        raise PublishError(f"cannot fetch {remote}/{branch}: {_first_line(fetched.stderr)}")
    local = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").stdout.strip()
    if not local or _git(repo, "merge-base", "--is-ancestor", local, tip).returncode == 0:
        _git(repo, "update-ref", f"refs/heads/{branch}", tip)
    elif _git(repo, "merge-base", "--is-ancestor", tip, local).returncode != 0:
        raise PublishError(f"the local branch '{branch}' and {remote}/{branch} have diverged: someone else "
                           f"published; delete the local branch ('git branch -D {branch}') and deploy again")


def push_to_branch(tree: Path, repo: Path, remote: str, branch: str, message: str) -> None:
    """Commit `tree` as the whole content of `branch` (with .nojekyll) and push it to `remote`.

    On failure the local branch is restored, so no unpublished commit is left on it.
    """
    refuse_review_copy(tree)
    preflight(repo, remote, branch)
    before = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").stdout.strip()
    old = os.getcwd()
    os.chdir(repo)
    try:
        ghp_import.ghp_import(str(tree), mesg=message, remote=remote, branch=branch, push=True, nojekyll=True)
    except (ghp_import.GhpError, subprocess.CalledProcessError, OSError) as exc:
        _restore(repo, branch, before)
        detail = exc.message if isinstance(exc, ghp_import.GhpError) else str(exc)
        raise PublishError(f"pushing to {remote}/{branch} failed ({detail}); the local branch is unchanged") from None
    finally:
        os.chdir(old)


def _restore(repo: Path, branch: str, before: str) -> None:
    if before:
        _git(repo, "update-ref", f"refs/heads/{branch}", before)
    else:
        _git(repo, "update-ref", "-d", f"refs/heads/{branch}")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], check=False, capture_output=True, text=True, encoding="utf-8",
                              timeout=120, env=os.environ | {"GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.SubprocessError) as exc:
        return subprocess.CompletedProcess(args, 1, "", str(exc))


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
