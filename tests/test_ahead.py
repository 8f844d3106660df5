"""A one-off build prepares the reports' pages on a second core: the same bytes, the same errors, nothing left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import (add_hook, assert_template_mistake_fails_the_build, build, claim, make_site, site_files,
                     taxes_claim, write_report)

from generator import ahead, plugin
from generator.ahead import Ahead

forks = pytest.mark.skipif(sys.platform != "linux" or ahead.cores() < 2,
                           reason="work goes to another process on Linux with 2+ cores")


@pytest.fixture(autouse=True)
def _threads_of_other_tests_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Browser tests leave their driver's threads running in this process; a build run from the command line has
    none (that a preview has some, and so keeps every task in its own process, is tested below)."""
    monkeypatch.setattr(ahead, "single_threaded", lambda: True)


def _children() -> set[int]:
    """The processes this one has started and not waited for (zombies included)."""
    return {int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


@pytest.fixture(autouse=True)
def _no_process_left_behind() -> Any:
    before = _children()
    yield
    assert _children() <= before, "a forked copy was left running (or unreaped)"


def _pid(i: int) -> tuple[int, int]:
    return i, os.getpid()


def test_every_result_is_the_task_s_whatever_order_they_are_asked_in() -> None:
    tasks = [lambda i=i: i * i for i in range(30)]
    for order in (list(range(30)), list(reversed(range(30))), [5, 0, 29, 5, 12, 13, 1, 28]):
        work = Ahead(tasks)
        assert [work.result(i) for i in order] == [i * i for i in order]
        work.close()


@forks
def test_the_tasks_ahead_run_in_another_process() -> None:
    work = Ahead([lambda i=i: _pid(i) for i in range(20)])
    results = [work.result(i) for i in range(20)]
    work.close()
    assert [i for i, _ in results] == list(range(20))
    assert {pid for _, pid in results} - {os.getpid()}, "no task ran in another process"


@forks
def test_a_fresh_copy_takes_over_every_few_tasks_and_every_one_is_reaped() -> None:
    work = Ahead([lambda i=i: _pid(i) for i in range(40)], window=3, renew_every=5)
    results = [work.result(i) for i in range(40)]
    work.close()
    assert [i for i, _ in results] == list(range(40))
    assert len({pid for _, pid in results} - {os.getpid()}) >= 5, "the copy was renewed"


@forks
def test_the_other_process_runs_at_most_a_window_ahead_of_what_is_asked() -> None:
    window = 3
    work = Ahead([lambda: time.monotonic() for _ in range(16)], window=window)
    asked, started = [], []
    for i in range(16):
        asked.append(time.monotonic())
        started.append(work.result(i))
        time.sleep(0.005)
    work.close()
    for i in range(window + 1, 16):  # task i is handed on only once task i - window is asked for
        assert started[i] >= asked[i - window]


def _fails_on_seven(i: int) -> int:
    if i == 7:
        raise ValueError(f"task {i} cannot be done")
    return i


def test_a_task_that_raises_raises_here_and_the_others_still_come() -> None:
    work = Ahead([lambda i=i: _fails_on_seven(i) for i in range(12)])
    for i in range(12):
        if i == 7:
            with pytest.raises(ValueError, match="task 7 cannot be done"):
                work.result(i)
        else:
            assert work.result(i) == i
    work.close()


@forks
def test_when_the_other_process_dies_the_tasks_run_here() -> None:
    parent = os.getpid()

    def task(i: int) -> tuple[int, int]:
        if i == 4 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return i, os.getpid()

    work = Ahead([lambda i=i: task(i) for i in range(12)])
    results = [work.result(i) for i in range(12)]
    assert [i for i, _ in results] == list(range(12))
    assert all(pid == parent for _, pid in results[4:])
    assert work.copy is None


@forks
def test_a_copy_killed_while_idle_is_reaped_at_the_next_task_asked_for() -> None:
    work = Ahead([lambda i=i: _pid(i) for i in range(40)], window=2)
    assert work.result(0)[0] == 0 and work.result(1)[0] == 1
    assert work.copy is not None
    copy = work.copy.pid
    time.sleep(0.2)  # it has sent what it was asked for and waits for more
    os.kill(copy, signal.SIGKILL)
    time.sleep(0.2)
    assert [work.result(i)[0] for i in range(2, 40)] == list(range(2, 40))
    assert copy not in _children() and work.copy is None


def test_a_result_that_cannot_travel_between_processes_is_computed_here() -> None:
    work = Ahead([lambda i=i: (lambda: i) for i in range(8)])  # a lambda does not pickle
    assert [work.result(i)() for i in range(8)] == list(range(8))
    work.close()


@forks
def test_every_task_is_shared_between_both_processes_and_the_first_failure_in_order_raises() -> None:
    tasks = [lambda i=i: _pid(i) for i in range(40)]
    results = Ahead(tasks).every()
    assert [i for i, _ in results] == list(range(40))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2, "both processes ran tasks"

    def failing(i: int) -> int:
        if i in (3, 37):
            raise ValueError(f"task {i} cannot be done")
        return i

    with pytest.raises(ValueError, match="task 3 cannot be done"):
        Ahead([lambda i=i: failing(i) for i in range(40)]).every()


def _site_of_reports(root: Path, reports: int) -> Path:
    make_site(root)
    for n in range(reports):
        write_report(root / "content", f"report-{n}", [claim(id=f"crime-{n}"), taxes_claim(id=f"taxes-{n}")])
    return root


def _recorded(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave a file named for the process that prepares each report's pages."""
    folder.mkdir()
    prepared = plugin._prepared

    def recording(*args: Any) -> Any:
        (folder / f"{os.getpid()}-{time.monotonic_ns()}").touch()
        return prepared(*args)

    monkeypatch.setattr(plugin, "_prepared", recording)


@forks
def test_pages_prepared_on_another_core_are_the_bytes_prepared_here(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site_of_reports(tmp_path / "desk", 8)
    _recorded(tmp_path / "calls", monkeypatch)
    shared = site_files(build(root))
    pids = {int(call.name.split("-")[0]) for call in (tmp_path / "calls").iterdir()}
    assert pids - {os.getpid()}, "the reports' pages were all prepared in the build's own process"

    monkeypatch.setattr(ahead, "can_fork", lambda: False)
    alone = site_files(build(root))
    assert alone == shared
    assert any(path.name.startswith("claim") or "crime-3" in str(path) for path in shared)


@forks
def test_a_template_mistake_met_on_the_other_core_fails_the_build_as_here(tmp_path: Path) -> None:
    assert_template_mistake_fails_the_build(_site_of_reports(tmp_path / "desk", 8), "claim-taxes-5.md.j2")


@forks
def test_checking_and_rendering_on_two_cores_find_the_same_problems_and_write_the_same_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import check_content
    from generator.render import render_site
    from generator.select import REVIEW

    root = _site_of_reports(tmp_path / "desk", 12)
    broken = [claim(id="crime-4", quote="a quote the article does not have"), taxes_claim(id="taxes-9")]
    write_report(root / "content", "report-extra", broken)  # a missing quote, two ids used twice

    def outcome() -> tuple[list[str], dict[str, str], dict[str, str]]:
        content = check_content(root / "content", "content")
        output = render_site(content, REVIEW)
        return [str(p) for p in content.problems], output.files, output.head

    shared = outcome()
    monkeypatch.setattr(ahead, "can_fork", lambda: False)
    alone = outcome()
    assert shared == alone
    assert any("quote not found" in p for p in shared[0]) and any("duplicate id 'taxes-9'" in p for p in shared[0])


def test_a_process_with_other_threads_runs_every_task_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real count of threads
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        results = Ahead([lambda i=i: _pid(i) for i in range(20)]).every()
    finally:
        release.set()
        other.join()
    assert {pid for _, pid in results} == {os.getpid()}


@forks
def test_a_preview_memo_keeps_what_both_processes_computed_and_computes_only_what_changed(tmp_path: Path) -> None:
    from generator.memo import Memo, compute_every

    runs = tmp_path / "runs"
    runs.mkdir()

    def work(i: int) -> tuple[int, int]:
        (runs / f"{i}-{os.getpid()}-{time.monotonic_ns()}").touch()
        return i, os.getpid()

    memo = Memo()
    stamps = {i: "a" for i in range(20)}

    def jobs() -> list[Any]:
        return [(("job", i), lambda i=i: stamps[i], lambda i=i: work(i)) for i in range(20)]

    first = compute_every(memo, jobs())
    assert [i for i, _ in first] == list(range(20)) and len({pid for _, pid in first}) == 2
    assert len(list(runs.iterdir())) == 20
    stamps[7] = stamps[12] = "b"
    again = compute_every(memo, jobs())
    assert again[:7] == first[:7] and again[13:] == first[13:]
    assert sorted(int(run.name.split("-")[0]) for run in runs.iterdir()) == sorted([*range(20), 7, 12])


@forks
def test_the_copy_dies_with_its_parent_rather_than_finish_its_task_orphaned(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from generator.ahead import Ahead\n"
        "parent = os.getpid()\n"
        "def slow(i):\n"
        "    if os.getpid() != parent:\n"
        "        time.sleep(60)\n"
        "    return i\n"
        "work = Ahead([lambda i=i: slow(i) for i in range(10)])\n"
        "work.result(0)\n"  # hands tasks 1.. to the copy, which sleeps in task 1
        "print(work.copy.pid, flush=True)\n"
        "time.sleep(60)\n", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    with parent, parent.stdout:
        copy = int(parent.stdout.readline())
        parent.kill()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _running(copy):
        time.sleep(0.05)
    assert not _running(copy), "the copy went on after its parent was killed"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@forks
def test_many_open_files_do_not_stop_the_copy_s_results_coming_back() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this system allows fewer than 1,200 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]  # the copy's pipe gets a number over 1024
    try:
        results = Ahead([lambda i=i: _pid(i) for i in range(30)]).every()
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert [i for i, _ in results] == list(range(30)) and len({pid for _, pid in results}) == 2


@forks
def test_a_preview_s_first_build_prepares_its_pages_on_another_core_and_writes_the_same_bytes(tmp_path: Path) -> None:
    root = _site_of_reports(tmp_path / "desk", 8)
    calls = tmp_path / "calls"
    calls.mkdir()

    def preview(site: Path, fork: bool) -> int:
        """A preview's first build, in a process of its own (MkDocs keeps a preview's plugins for the process)."""
        done = subprocess.run([sys.executable, "-c", PREVIEW, str(root / "mkdocs.yml"), str(site), str(calls), str(fork)],
                              check=True, capture_output=True, text=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})
        return int(done.stdout)

    first = preview(tmp_path / "shared", fork=True)
    pids = {int(call.name.split("-")[0]) for call in calls.iterdir()}
    assert pids - {first}, "every page was prepared in the preview's own process"
    preview(tmp_path / "alone", fork=False)
    assert site_files(tmp_path / "alone") == site_files(tmp_path / "shared")


PREVIEW = """
import os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from generator import ahead, plugin
config_file, site, calls, fork = sys.argv[1:]
if fork != "True":
    ahead.can_fork = lambda: False
ready = plugin._ready
def recording(*args):
    (Path(calls) / f"{os.getpid()}-{time.monotonic_ns()}").touch()
    return ready(*args)
plugin._ready = recording
config = load_config(config_file, site_dir=site)
config.plugins.on_startup(command="serve", dirty=True)  # as `factcheck serve` starts
build(config, serve_url="http://127.0.0.1:8000/desk/", dirty=True)
print(os.getpid())
"""


def test_a_generated_page_another_plugin_changes_before_us_is_prepared_as_changed(tmp_path: Path) -> None:
    root = _site_of_reports(tmp_path / "desk", 8)
    add_hook(root, "from mkdocs.plugins import event_priority\n"
                   "@event_priority(100)\n"
                   "def on_page_markdown(markdown, page, config, files):\n"
                   "    if page.file.src_uri == 'index.md':\n"
                   "        return markdown + '\\n<p>Added by a hook</p>\\n'\n"
                   "    return markdown\n")
    site = build(root)
    assert "Added by a hook" in (site / "index.html").read_text(encoding="utf-8")


class _Unloadable:
    """Pickles, but does not unpickle."""

    def __init__(self, i: int) -> None:
        self.i, self.pid = i, os.getpid()

    def __setstate__(self, state: dict[str, int]) -> None:
        raise ValueError("cannot be loaded")


@forks
def test_a_result_that_does_not_unpickle_is_computed_here() -> None:
    work = Ahead([lambda i=i: _Unloadable(i) for i in range(12)])
    results = [work.result(i) for i in range(12)]
    work.close()
    assert [r.i for r in results] == list(range(12)) and {r.pid for r in results} == {os.getpid()}
