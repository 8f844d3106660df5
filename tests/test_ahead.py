"""A one-off build prepares the reports' pages on a second core: the same bytes, the same errors, nothing left."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import build, claim, make_site, run, taxes_claim, write_report

from generator import ahead, plugin
from generator.ahead import Ahead

forks = pytest.mark.skipif(not ahead.can_fork(), reason="work goes to another process on Linux with 2+ cores")


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
    assert multiprocessing.active_children() == []


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
    assert work.pool is None
    assert multiprocessing.active_children() == []


def test_a_result_that_cannot_travel_between_processes_is_computed_here() -> None:
    work = Ahead([lambda i=i: (lambda: i) for i in range(8)])  # a lambda does not pickle
    assert [work.result(i)() for i in range(8)] == list(range(8))
    work.close()


def _site_of_reports(root: Path, reports: int) -> Path:
    make_site(root)
    for n in range(reports):
        write_report(root / "content", f"report-{n}", [claim(id=f"crime-{n}"), taxes_claim(id=f"taxes-{n}")])
    return root


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _recorded(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave a file named for the process that prepares each report's pages."""
    folder.mkdir()
    prepared = plugin._prepared

    def recording(render: Any, cut: bool) -> Any:
        (folder / f"{os.getpid()}-{time.monotonic_ns()}").touch()
        return prepared(render, cut)

    monkeypatch.setattr(plugin, "_prepared", recording)


@forks
def test_pages_prepared_on_another_core_are_the_bytes_prepared_here(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site_of_reports(tmp_path / "desk", 8)
    _recorded(tmp_path / "calls", monkeypatch)
    shared = _files(build(root))
    pids = {int(call.name.split("-")[0]) for call in (tmp_path / "calls").iterdir()}
    assert pids - {os.getpid()}, "the reports' pages were all prepared in the build's own process"
    assert multiprocessing.active_children() == [], "no process is left behind"

    monkeypatch.setattr(ahead, "can_fork", lambda: False)
    alone = _files(build(root))
    assert alone == shared
    assert any(path.name.startswith("claim") or "crime-3" in str(path) for path in shared)


@forks
def test_a_template_mistake_met_on_the_other_core_fails_the_build_as_here(tmp_path: Path) -> None:
    root = _site_of_reports(tmp_path / "desk", 8)
    site = build(root)
    before = _files(site)
    (root / "templates").mkdir()
    (root / "templates" / "claim-taxes-5.md.j2").write_text("x\n{{ cv.claim.nope }}\n", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "templates/claim-taxes-5.md.j2:2: error: template error: " in result.output and "'nope'" in result.output
    assert "The previous site is unchanged." in result.output and "Traceback" not in result.output
    assert _files(site) == before
    assert multiprocessing.active_children() == []
