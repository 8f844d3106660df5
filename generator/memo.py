"""What a live preview keeps between rebuilds, so an edit re-does only the work it affects.

Each result is stored with a digest of what it was computed from (file stats, settings, templates); a
rebuild reuses it while the digest matches. A one-off build uses no memo and computes everything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Callable, Hashable, TypeVar

from generator.ahead import Ahead

T = TypeVar("T")


class Memo:
    """Results kept between rebuilds of a live preview, each with the digest of what it was made from."""

    def __init__(self) -> None:
        self._store: dict[Hashable, tuple[str, Any]] = {}

    def get(self, key: Hashable, digest: str, compute: Callable[[], T]) -> T:
        """The stored result for `key` while its digest matches, else `compute()` (then stored)."""
        held, value = self.held(key, digest)
        if held:
            return value  # type: ignore[no-any-return]
        value = compute()
        self.put(key, digest, value)
        return value

    def held(self, key: Hashable, digest: str) -> tuple[bool, Any]:
        """(True, the stored result) while `key`'s digest matches, else (False, None)."""
        hit = self._store.get(key)
        return (True, hit[1]) if hit is not None and hit[0] == digest else (False, None)

    def put(self, key: Hashable, digest: str, value: Any) -> None:
        self._store[key] = (digest, value)


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


Job = tuple[Hashable, Callable[[], str], Callable[[], T]]
"""A piece of work for `compute_every`: its key in the memo, its stamp, the work."""


def compute_every(memo: Memo | None, jobs: Sequence[Job[T]]) -> list[T]:
    """`work()` of every job, in order, through the memo when there is one; what the memo does not hold is
    computed on two cores where the process can fork (`generator.ahead`), and then stored."""
    if memo is None:
        return Ahead([work for _, _, work in jobs]).every()
    stamps = [stamp() for _, stamp, _ in jobs]
    found = [memo.held(key, stamp) for (key, _, _), stamp in zip(jobs, stamps, strict=True)]
    missing = [i for i, (held, _) in enumerate(found) if not held]
    results = [value for _, value in found]
    for i, value in zip(missing, Ahead([jobs[i][2] for i in missing]).every(), strict=True):
        memo.put(jobs[i][0], stamps[i], value)
        results[i] = value
    return results
