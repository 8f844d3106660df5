"""The site folder: ours only if we made it, replaced atomically, never anything else.

Every build leaves `MARKER` in the site it writes. A build refuses a target that exists without the marker
(unless it is an empty folder), and one that is, contains or lies inside a folder the desk works in (the
content and templates folders, the project folder, the home folder). The new site is built in a staging
folder beside the target (same file system) and swapped in with one `renameat2(RENAME_EXCHANGE)` on Linux
(elsewhere two renames), so readers see the old tree or the new one. A symlinked site folder is updated
behind its link. Everything that can make the swap fail is checked before the build starts, so a failure
is reported with the previous site intact, and nothing is reported as failed once the new site is in place.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = ".factcheck-site"
"""File at the root of every site folder a build writes."""
MARKER_TEXT = ("This folder is built by factcheck. The next build replaces all of it:\n"
               "keep nothing of your own here.\n")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class SiteDirError(Exception):
    """The site folder cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Protected:
    """Folders a build must never replace, with the name a user knows them by."""

    folders: tuple[tuple[str, Path], ...]
    """(name, folder) pairs: e.g. ("the content folder", /desk/content)."""
    inside_forbidden: tuple[Path, ...]
    """Of those, the ones a site folder may not lie inside either (content, templates)."""


def protected_folders(project: Path, content: Path, templates: Path | None, docs: Path | None = None) -> Protected:
    """The folders of a site project that no build may replace."""
    named = [("the project folder (where mkdocs.yml is)", project), ("the content folder", content),
             ("your home folder", Path.home())]
    inside = [content]
    for name, folder in (("the templates folder", templates), ("the docs folder", docs)):
        if folder is not None:
            named.append((name, folder))
            inside.append(folder)
    return Protected(tuple((n, f.resolve()) for n, f in named), tuple(f.resolve() for f in inside))


def refusal(target: Path, protected: Protected) -> str | None:
    """Why `target` may not be a site folder, or None when a build may replace it."""
    shown = str(target)
    if target.is_symlink() and not target.exists():
        return f"{shown} is a broken symbolic link: point it at a folder, or remove it"
    real = target.resolve()
    for name, folder in protected.folders:
        if real == folder:
            return f"{shown} is {name}: a build replaces its site folder entirely; choose another site folder"
    for name, folder in protected.folders:
        if folder.is_relative_to(real):
            return f"{shown} contains {name}: a build replaces its site folder entirely; choose another site folder"
    for folder in protected.inside_forbidden:
        if real.is_relative_to(folder):
            name = next(n for n, f in protected.folders if f == folder)
            return f"{shown} is inside {name}: build the site somewhere else"
    if not real.exists():
        return None
    if not real.is_dir():
        return f"{shown} is a file, not a folder: move it away or choose another site folder"
    if os.path.ismount(real):
        return (f"{shown} is a mount point, which cannot be replaced in one step: build into a folder inside it "
                "(e.g. site_dir: <mount>/site) instead")
    if not (real / MARKER).is_file() and any(real.iterdir()):
        return (f"{shown} exists and was not made by factcheck (it has no {MARKER} file), so a build will not "
                f"replace it: move it away or choose another site folder (if it is a site built by an earlier "
                f"version, delete it yourself)")
    return _unwritable(real)


def _unwritable(real: Path) -> str | None:
    """Why the old site could not be swapped out and deleted, if it could not."""
    if not os.access(real.parent, os.W_OK | os.X_OK):
        return f"cannot write in {real.parent}, where the new site is built before it replaces {real.name}/"
    for folder, _, _ in os.walk(real):
        if not os.access(folder, os.W_OK | os.X_OK):
            return (f"{folder} is read-only, so the old site could not be removed after the build: "
                    f"make it writable (chmod -R u+w {real}) or choose another site folder")
    return None


def check_target(target: Path, protected: Protected) -> None:
    """Raise SiteDirError when a build must not write to `target`."""
    reason = refusal(target, protected)
    if reason:
        raise SiteDirError(reason)


def staging_dir(target: Path) -> Path:
    """A fresh folder beside the real target (same file system, so the swap is a rename).

    Folders left by builds that were killed (their process is gone) are removed first.
    """
    real = target.resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    for pattern in (f".{real.name}-building-*", f".{real.name}-old-*"):
        for leftover in real.parent.glob(pattern):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                shutil.rmtree(leftover, ignore_errors=True)
    return real.parent / f".{real.name}-building-{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark(site: Path) -> None:
    """Leave the marker that makes `site` a folder a later build may replace."""
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def replace_tree(new: Path, target: Path) -> str | None:
    """Put `new` in place of `target` (behind its link, if it is one) and delete the old tree.

    Returns a warning when the new site is in place but the old tree could not be deleted.
    """
    real = target.resolve()
    if not real.exists():
        os.rename(new, real)
        return None
    old = real.parent / f".{real.name}-old-{os.getpid()}"
    if _exchange(new, real):
        os.rename(new, old)
    else:
        os.rename(real, old)
        os.rename(new, real)
    problems: list[str] = []
    if sys.version_info >= (3, 12):
        shutil.rmtree(old, onexc=lambda _f, path, exc: problems.append(f"{path}: {exc}"))
    else:
        shutil.rmtree(old, onerror=lambda _f, path, info: problems.append(f"{path}: {info[1]}"))
    if problems:
        return f"the new site is in place, but the old one could not be fully deleted ({problems[0]}); delete {old}"
    return None


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
