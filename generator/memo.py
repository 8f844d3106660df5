"""What a live preview keeps between rebuilds, so an edit re-does only the work it affects.

Each result is stored with a digest of what it was computed from (file stats, settings, templates); a
rebuild reuses it while the digest matches. A one-off build uses no memo and computes everything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class Memo:
    """Results kept between rebuilds of a live preview, each with the digest of what it was made from."""

    def __init__(self) -> None:
        self._store: dict[Hashable, tuple[str, Any]] = {}

    def get(self, key: Hashable, digest: str, compute: Callable[[], T]) -> T:
        """The stored result for `key` while its digest matches, else `compute()` (then stored)."""
        hit = self._store.get(key)
        if hit is not None and hit[0] == digest:
            return hit[1]  # type: ignore[no-any-return]
        value = compute()
        self._store[key] = (digest, value)
        return value


def digest(*parts: object) -> str:
    """A short stable hash of any values with a stable repr."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def file_stamp(*paths: Path) -> str:
    """Changes whenever one of the files is saved (size, modification time), without reading them."""
    stamps: list[tuple[str, int | None, int | None, int | None]] = []
    for path in paths:
        try:
            st = path.stat()
            stamps.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            stamps.append((str(path), None, None, None))
    return digest(*stamps)


def compute(memo: Memo | None, key: Hashable, stamp: Callable[[], str], work: Callable[[], T]) -> T:
    """`work()`, through the memo when there is one."""
    return work() if memo is None else memo.get(key, stamp(), work)
