"""`factcheck serve`: the address it prints is the one it serves, and problems reach the terminal."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from helpers import MKDOCS_YML, claim, make_site, write_report


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(stream: object) -> tuple[queue.Queue[str], threading.Thread]:
    found: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [found.put(line) for line in stream], daemon=True)  # type: ignore[attr-defined]
    reader.start()
    return found, reader


def _wait_for(found: queue.Queue[str], text: str, seen: list[str], timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = found.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} not printed; got:\n{''.join(seen)}")


def test_serve_prints_the_address_with_the_sub_path_and_the_problems(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim()])
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("https://desk.test/desk/", "https://desk.test/checks/"),
                                     encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env=os.environ | {"PYTHONUNBUFFERED": "1"})
    (found, reader), seen = _lines(process.stderr), []
    try:
        first = _wait_for(found, "Preview (", seen)
        address = f"http://127.0.0.1:{port}/checks/"
        assert first.startswith(f"Preview (review build, drafts included) at {address} ;"), first
        _wait_for(found, "Serving on", seen)
        with urllib.request.urlopen(address + "index.html", timeout=10) as page:
            assert page.status == 200
        lost = claim(id="lost-quote", quote="taxes are the lowest in history", status="review")
        write_report(root / "content", claims=[claim(), lost])
        line = _wait_for(found, "lost-quote", seen)
        assert "content/mayor-interview/claims.yml:" in line and "error: claim 'lost-quote': quote not found" in line
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=10)
        assert process.stderr is not None
        process.stderr.close()
