"""Work shared with a second core: a forked copy of this process runs some of the tasks and sends back results.

MkDocs builds pages one after the other on one core, and loading, checking and rendering a site is a loop
over its reports. `Ahead` gives such a loop's tasks to a forked copy of the process as well:
- `result(i)`, asked in order (a build asking for each report's pages as MkDocs reaches them): the copy runs
  the next few tasks (`WINDOW`) while this process does other work, so at most that many results wait, and
  a fresh copy takes over every `RENEW_EVERY` tasks;
- `every()`: the copy runs tasks from the first on while this process runs them from the last back, until
  they meet.

The copy runs the same code on the same objects (it is a copy), so its results are what this process would
compute. A task it could not run (the fork failed, the copy stopped, the task raised, its result would not
pickle) is run here instead, so results never depend on it; a task that raises raises here, as it would
without the copy. Results come back pickled through a pipe that this thread reads (no helper thread, which
would wait for the interpreter lock at every read of a large result).

Tasks are computations: what a task logs, prints or changes beside its result happens in the copy only, so
none of the loops given to `Ahead` logs or keeps state (the core logs nothing).

Linux only (where `fork` is safe and measured), with one thread (a lock held by another thread when the
process forks would stay held in the copy); elsewhere, and on one core, every task runs here.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import pickle
import select
import signal
import struct
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

WINDOW = 6
"""Tasks handed to the copy ahead of the one asked for with `result`: enough to keep it busy, few held."""
RENEW_EVERY = 100
"""Tasks a copy is handed by `result` before a fresh copy takes over. After a fork, every page of memory that
either process writes (Python writes reference counts everywhere) is copied: a copy that lived through a whole
build would come to double much of the build's memory, one renewed every hundred tasks, a little of it."""
FEWEST = 4
"""Fewest tasks worth forking for (a fork and its first result cost a few milliseconds)."""
PIPE_BYTES = 4 << 20
"""What the results pipe holds (Linux allows up to /proc/sys/fs/pipe-max-size, 1 MiB by default, unless root)."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent dies."""
_ASK = struct.Struct("<II")  # tasks start..stop - 1
_SENT = struct.Struct("<IBQ")  # task, whether it returned, length of its pickled result


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work can go to a forked copy: Linux, more than one core, and no other thread."""
    return sys.platform == "linux" and cores() > 1 and single_threaded()


def single_threaded() -> bool:
    """Whether this process runs one thread (a preview's server runs several)."""
    return threading.active_count() == 1


class Ahead(Generic[T]):
    """`tasks[i]()` for each i asked for, many of them computed by a forked copy of this process."""

    def __init__(self, tasks: Sequence[Callable[[], T]], window: int = WINDOW, other_process: bool = True,
                 fewest: int = FEWEST, renew_every: int = RENEW_EVERY) -> None:
        """With `other_process` false, fewer than `fewest` tasks, or where no copy can be forked, every task
        runs in this process."""
        self.tasks = tasks
        self.window = window
        self.renew_every = renew_every
        self.handed = 0
        """Tasks before this one have been handed to the copy (or passed over)."""
        self.copy: _Copy | None = None
        self.unforked = other_process and len(tasks) >= fewest
        """The copy is forked when first needed (pages written by either process after the fork are copied:
        what this process does before its first question would be for nothing)."""
        self.since = 0
        """`handed` when the copy started."""
        self.retiring: _Copy | None = None
        """The copy before, renewed, until the results it was asked for are taken."""

    def result(self, index: int) -> T:
        """What `tasks[index]()` returns (or raises), from the copy when it has computed it."""
        self._hand_on(index + 1)  # keep the copy busy while this process waits or works
        return self._settled(index)

    def every(self) -> list[T]:
        """Every task's result, in order, both processes working: the copy on runs of a few tasks from the first
        on (two runs handed at a time, so that it never waits for this process), this process from the last
        back, until they meet. The first task that raises (in order) raises here. The copy stops then."""
        self._fork()
        tasks, copy = self.tasks, self.copy
        run = min(32, max(4, len(tasks) // 64))  # a handful: each hand-over costs a little waiting
        here: dict[int, Callable[[], T]] = {}
        front, back = 0, len(tasks)
        while front < back:
            if copy is not None and copy.alive:
                copy.receive(block=False)
                while front < back and copy.runs_waiting() < 2:
                    stop = min(front + run, back)
                    copy.ask(front, stop)
                    front = stop
            if front < back:
                back -= 1
                here[back] = _outcome(tasks[back])
        try:
            return [here[i]() if i in here else self._settled(i) for i in range(len(tasks))]
        finally:
            self.close()

    def _fork(self) -> None:
        if self.unforked:
            self.unforked = False
            self.copy = _Copy.start(self.tasks) if can_fork() else None

    def close(self) -> None:
        """Stop the copy; tasks asked for after this run here."""
        self.unforked = False
        for copy in (self.retiring, self.copy):
            if copy is not None:
                copy.stop()
        self.copy = self.retiring = None

    def _settled(self, index: int) -> T:
        for copy in (self.retiring, self.copy):
            if copy is not None and index in copy.asked:
                sent = copy.wait_for(index)
                if copy is self.retiring and (not copy.alive or not copy.due()):
                    copy.stop()
                    self.retiring = None
                elif not copy.alive:
                    self.close()
                if sent is not None and sent[0]:
                    try:
                        return pickle.loads(sent[1])
                    except Exception:  # a result that does not unpickle (a class of its own): computed here
                        pass
                break
        return self.tasks[index]()

    def _hand_on(self, start: int) -> None:
        """Hand the copy tasks from `start` on, one at a time, until `window` results are waiting or due."""
        self._fork()
        copy = self.copy
        if copy is None:
            return
        self.handed = max(self.handed, start)
        copy.receive(block=False)
        if not copy.alive:  # it stopped: reap it now, and run the rest here
            self.close()
            return
        if self.handed - self.since >= self.renew_every and self.retiring is None and can_fork():
            fresh = _Copy.start(self.tasks)
            if fresh is not None:
                self.retiring, self.copy, self.since = copy, fresh, self.handed
                copy = fresh
        while copy.due() < self.window and self.handed < len(self.tasks):
            copy.ask(self.handed, self.handed + 1)
            self.handed += 1


class _Copy:
    """A forked copy of this process that runs the tasks it is asked for, in order, and sends each result back."""

    def __init__(self, pid: int, requests: int, results: int) -> None:
        self.pid, self.requests, self.results = pid, requests, results
        self.alive = True
        self.asked: set[int] = set()
        """Tasks asked for and not taken yet."""
        self.sent: dict[int, tuple[bool, bytearray]] = {}
        """Results received and not taken yet: (whether the task returned, its pickled result)."""
        self.runs: list[int] = []
        """The last task of each run asked for, to count the runs not fully received."""
        self.header = b""
        """What has come of the header of the next result."""
        self.body: tuple[int, bool, bytearray, int] | None = None
        """The result being received: its task, whether it returned, its buffer and how much of it is filled."""
        self._reaper = weakref.finalize(self, _reap, pid, requests, results)
        self._poll = select.poll()
        self._poll.register(results, select.POLLIN)

    @classmethod
    def start(cls, tasks: Sequence[Callable[[], object]]) -> _Copy | None:
        try:
            requests_out, requests_in = os.pipe()
            results_out, results_in = os.pipe()
        except OSError:
            return None
        cls._widen(results_in)
        parent = os.getpid()
        # Ctrl-C held back until each process knows what it is: the parent tracking its copy, the copy deaf to it
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            try:
                pid = os.fork()
            except OSError:
                for fd in (requests_out, requests_in, results_out, results_in):
                    os.close(fd)
                return None
            if pid == 0:  # the copy: never returns, never runs the parent's handlers
                status = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops this
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    _die_with(parent)
                    _quiet()
                    os.close(requests_in)
                    os.close(results_out)
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
                    _serve(tasks, requests_out, results_in)
                    status = 0
                finally:
                    os._exit(status)
            os.close(requests_out)
            os.close(results_in)
            os.set_blocking(results_out, False)
            return cls(pid, requests_in, results_out)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    @staticmethod
    def _widen(fd: int) -> None:
        """A pipe that holds several results, so that the copy seldom waits for this process to read."""
        for size in (PIPE_BYTES, 1 << 20):
            try:
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
                return
            except OSError:  # over the system's limit for this user
                continue

    def ask(self, start: int, stop: int) -> None:
        try:
            os.write(self.requests, _ASK.pack(start, stop))
        except OSError:  # the copy has stopped
            self.alive = False
            return
        self.asked.update(range(start, stop))
        self.runs.append(stop - 1)

    def due(self) -> int:
        """Results asked for and not taken: being computed, or received and waiting."""
        return len(self.asked)

    def runs_waiting(self) -> int:
        self.runs = [last for last in self.runs if last in self.asked and last not in self.sent]
        return len(self.runs)

    def wait_for(self, index: int) -> tuple[bool, bytearray] | None:
        """The result of a task asked for, once received; None if the copy stopped before sending it."""
        while index not in self.sent and self.alive:
            self.receive(block=True)
        self.asked.discard(index)
        return self.sent.pop(index, None)

    def receive(self, block: bool) -> None:
        """Read what the copy has sent (with `block`, wait for something first), each result straight into a
        buffer of its size."""
        if block:
            self._poll.poll()
        while self.alive:
            try:
                if self.body is None:
                    data = os.read(self.results, _SENT.size - len(self.header))
                    if data:
                        self._header(data)
                else:
                    index, returned, body, filled = self.body
                    count = os.readv(self.results, [memoryview(body)[filled:]]) if filled < len(body) else 0
                    data = b"." if count or filled == len(body) else b""
                    self._filled(index, returned, body, filled + count)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:  # the copy has stopped
                self.alive = False

    def _header(self, data: bytes) -> None:
        self.header += data
        if len(self.header) == _SENT.size:
            index, returned, length = _SENT.unpack(self.header)
            self.header = b""
            self._filled(index, bool(returned), bytearray(length), 0)

    def _filled(self, index: int, returned: bool, body: bytearray, filled: int) -> None:
        if filled == len(body):
            self.sent[index] = (returned, body)
            self.body = None
        else:
            self.body = (index, returned, body, filled)

    def stop(self) -> None:
        self.alive = False
        self._reaper()


def _reap(pid: int, requests: int, results: int) -> None:
    """Stop the copy (it holds nothing of its own to save) and wait for it, so no process is left behind (Ctrl-C
    held back meanwhile, so that it cannot leave the copy unreaped)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        for fd in (requests, results):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _die_with(parent: int) -> None:
    """In the copy: be killed when the parent dies (else it would run on, orphaned, to the end of its task)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before that was set
        os._exit(1)


def _quiet() -> None:
    """In the copy: nothing to read, nothing to print (whatever it would print, the parent prints itself)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _serve(tasks: Sequence[Callable[[], object]], requests: int, results: int) -> None:
    """In the copy: run each run of tasks asked for, sending each result, until the parent closes the pipe."""
    pending = b""
    while True:
        data = os.read(requests, 4096)
        if not data:
            return
        pending += data
        while len(pending) >= _ASK.size:
            start, stop = _ASK.unpack_from(pending)
            pending = pending[_ASK.size:]
            for index in range(start, stop):
                try:
                    sent = pickle.dumps(tasks[index](), protocol=pickle.HIGHEST_PROTOCOL)
                    returned = 1
                except Exception:  # raised, or would not pickle: the parent runs it again itself
                    sent, returned = b"", 0
                _write(results, _SENT.pack(index, returned, len(sent)) + sent)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _outcome(task: Callable[[], T]) -> Callable[[], T]:
    """The task run now; what it returned, or raises again what it raised, when called."""
    try:
        result = task()
    except Exception as exc:
        failure = exc

        def raised() -> T:
            raise failure
        return raised
    return lambda: result
