"""Work done ahead, on a second core: a few tasks past the one asked for, in a forked copy of this process.

MkDocs builds pages one after the other on one core. A one-off build (not a preview) hands the rendering of
the reports' pages to `Ahead`: a forked copy of the build process runs the next few tasks while MkDocs builds
the theme around the current page, and hands their results back in order. The copy runs the same code on
the same objects (it is a copy), so its results are what this process would compute; a task it could not
run (it could not start, it stopped, the task raised, its result would not pickle) is run here instead, so
results never depend on it. Only a few results are ever waiting (`WINDOW`), so memory stays bounded.

Linux only (where `fork` is safe and measured); elsewhere, and on one core, every task runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

T = TypeVar("T")

WINDOW = 6
"""Tasks handed to the other process ahead of the one asked for: enough to keep it busy, few held."""
FEWEST = 4
"""Fewest tasks worth forking for (a fork and its first results cost a few milliseconds)."""

_tasks: Sequence[Callable[[], object]] = ()
"""In the forked process: the tasks of the `Ahead` that forked it."""


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work can go to a forked process: Linux, with more than one core."""
    return sys.platform == "linux" and cores() > 1


class Ahead(Generic[T]):
    """`tasks[i]()` for each i asked for, most of them already computed by another process."""

    def __init__(self, tasks: Sequence[Callable[[], T]], window: int = WINDOW, other_process: bool = True) -> None:
        """With `other_process` false (or where one cannot be forked), every task runs in this process."""
        self.tasks = tasks
        self.window = window
        self.waiting: dict[int, Future[T]] = {}
        self.handed = 0
        """Tasks before this one have been handed to the other process (or skipped)."""
        self.pool: ProcessPoolExecutor | None = None
        if other_process and len(tasks) >= FEWEST and can_fork():
            self.pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"), _install, (tasks,))
        self._hand_on(0)

    def result(self, index: int) -> T:
        """What `tasks[index]()` returns (or raises), from the other process when it has computed it."""
        future = self.waiting.pop(index, None)
        self._hand_on(index + 1)  # keep the other process busy while this one waits or works
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:  # the other process stopped (killed, out of memory): the rest runs here
                self.close()
            except Exception:  # the task raised there, or its result would not pickle: run it here, where it
                pass  # raises as it would without the other process
        return self.tasks[index]()

    def close(self) -> None:
        """Stop the other process; tasks asked for after this run here."""
        pool, self.pool = self.pool, None
        self.waiting.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _hand_on(self, start: int) -> None:
        if self.pool is None:
            return
        self.handed = max(self.handed, start)
        while len(self.waiting) < self.window and self.handed < len(self.tasks):
            try:
                self.waiting[self.handed] = self.pool.submit(_run, self.handed)
            except RuntimeError:  # the pool broke (its process was killed) or is shutting down
                self.close()
                return
            self.handed += 1


def _install(tasks: Sequence[Callable[[], object]]) -> None:
    """In the forked process: its tasks, and Ctrl-C left to the build (which stops this process)."""
    global _tasks
    _tasks = tasks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(index: int) -> Any:
    return _tasks[index]()
