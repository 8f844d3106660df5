"""The last release: the manifest of what was published, found without a local site/ folder.

`factcheck deploy` pushes each public build, its manifest.json included, to a git branch (gh-pages). That
branch is the record of what readers see: this module reads manifest.json from it with `git show`, from the
local branch or, in a fresh clone, from a remote's copy of it (after `git fetch`). A site deployed another way
can point the plugin's `release` option at a manifest.json file or a built site folder instead.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from generator.review import MANIFEST, read_manifest

DEFAULT_BRANCH = "gh-pages"


def last_release(root: Path, where: str = DEFAULT_BRANCH) -> dict[str, Any] | None:
    """The last release's manifest: `where` is a path under `root` (a manifest or a site folder) or a git
    branch of the repository holding `root`. None when there has been no release yet."""
    path = root / where
    if where and path.exists():
        try:
            return read_manifest(path)
        except (OSError, ValueError):
            return None
    text = branch_file(root, where, MANIFEST)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("claims"), dict) else None


def branch_file(root: Path, branch: str, name: str) -> str | None:
    """A file's text on `branch` (local, else any remote's copy), or None."""
    for ref in [f"refs/heads/{branch}", *_remote_refs(root, branch)]:
        shown = _git(root, "show", f"{ref}:{name}")
        if shown is not None:
            return shown
    return None


def _remote_refs(root: Path, branch: str) -> list[str]:
    listed = _git(root, "for-each-ref", "--format=%(refname)", f"refs/remotes/*/{branch}")
    return sorted(listed.split()) if listed else []


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], check=False, capture_output=True, text=True, timeout=30,
                              encoding="utf-8")
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
