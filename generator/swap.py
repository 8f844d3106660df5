"""Replace a built site atomically: readers see the old tree or the new one, never a mix or nothing.

On Linux, `renameat2(RENAME_EXCHANGE)` swaps the two folders in one step; elsewhere the fallback is two
renames (a moment with no site/).
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def staging_dir(target: Path) -> Path:
    """A fresh folder beside `target` (same file system, so the swap is a rename).

    Folders left by builds that were killed (their process is gone) are removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}-building-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)
    return target.parent / f".{target.name}-building-{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_tree(new: Path, target: Path) -> None:
    """Put `new` in place of `target` and delete the old tree."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)
        return
    old = target.parent / f".{target.name}-old-{os.getpid()}"
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old)
