"""Drawing the missing share cards beside the build, so that a first build costs (almost) nothing more.

MkDocs builds the pages on one core. When many cards are missing from the cache and the machine has a
second core, `CardWork` draws them there, in a Python process of its own (`python -m generator.cardwork
JOB`), while the pages are built; `finish` waits for it. The cards are the same bytes either way
(`generator.cards.draw` in both processes). A few missing cards (an edit in a preview) are drawn at once
in this process, which costs less than starting another; so are the cards the other process could not
draw because it could not start or stopped early.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from generator import collector
from generator.ahead import cores
from generator.cards import Card, card_files, draw_into, missing

BACKGROUND_FROM = 32
"""Fewest missing cards worth another process (starting one costs about as much as drawing 30 cards)."""
CANNOT_WRITE = 3
"""The drawing process's exit status when a card could not be written; its stderr says why, as JSON."""


class CardWork:
    """The cards of one build: found in `cache`, drawn into it now, or being drawn in another process."""

    def __init__(self, cards: dict[str, Card], cache: Path) -> None:
        """Start drawing the missing cards. Raises OSError when the cache folder cannot be made, or, when they
        are drawn here, when a card cannot be written."""
        cache.mkdir(parents=True, exist_ok=True)
        self.cards = cards
        self.files = card_files(cards, cache)
        """{site path: PNG file in the cache}, complete once `finish` has returned."""
        todo = missing(cards, self.files)
        self._todo = todo
        self._job = cache / f"job-{os.getpid()}.json"
        self._process: subprocess.Popen[bytes] | None = None
        if len(todo) >= BACKGROUND_FROM and cores() > 1:
            self._process = self._start(todo)
        if self._process is None:
            draw_into(todo)

    def _start(self, todo: list[tuple[Card, Path]]) -> subprocess.Popen[bytes] | None:
        # A new file (never one a link planted in the cache leads to): the list of cards and where each goes
        handle, job = tempfile.mkstemp(dir=self._job.parent, prefix=f"job-{os.getpid()}-", suffix=".json")
        self._job = Path(job)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps([[asdict(card), str(file)] for card, file in todo]))
        package_root = str(Path(__file__).resolve().parent.parent)  # the same code as this process's
        env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            return subprocess.Popen([sys.executable, "-m", "generator.cardwork", str(self._job)], env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError:  # no interpreter to start (an embedded Python): draw here
            self._job.unlink(missing_ok=True)
            return None

    def finish(self, share: bool = True) -> dict[str, Path]:
        """Wait until every card is in the cache; {site path: PNG file}. Raises OSError when a card could not be
        written. With `share`, this process (its pages built) draws too, from the last card back, until it meets
        the other process, which draws from the first card on."""
        process = self._process
        if process is not None:
            try:
                if share:
                    self._share(process)
            except BaseException:
                self.stop()
                raise
            self._process = None
            _, errors = process.communicate()
            self._job.unlink(missing_ok=True)
            if process.returncode == CANNOT_WRITE:
                problem = json.loads(errors.decode("utf-8").strip().splitlines()[-1])
                raise OSError(problem["errno"], problem["strerror"], problem["filename"])
            if process.returncode != 0:  # it stopped early (killed, out of memory): finish its work here
                draw_into(missing(self.cards, self.files))
        return self.files

    def _share(self, process: subprocess.Popen[bytes]) -> None:
        with collector.paused():  # a collection here would walk every object of the build, for the few a card makes
            for card, file in reversed(self._todo):
                if process.poll() is not None or file.is_file():
                    return
                draw_into([(card, file)])

    def stop(self) -> None:
        """Stop drawing (a failed build) and wait for the process to end: none is left behind, nor its files."""
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            process.communicate()
            self._job.unlink(missing_ok=True)
            for leftover in self._job.parent.glob(f"*.{process.pid}.tmp"):
                leftover.unlink(missing_ok=True)


def place(files: dict[str, Path], site: Path) -> None:
    """Put each card file at its path in `site`: a hard link to the file in the cache where the file system
    allows one (ten times faster than a copy, and safe: a cache file is never changed, a new card is a new
    file), a copy elsewhere."""
    folders: set[Path] = set()
    for path, png in sorted(files.items()):
        target = site / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.unlink(missing_ok=True)
        try:
            os.link(png, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(png, target)


def main(job: Path) -> int:
    """Draw the cards a job file lists ([[card fields, file], ...]); the exit status of the drawing process."""
    todo = [(Card(**fields), Path(file)) for fields, file in json.loads(job.read_text(encoding="utf-8"))]
    try:
        draw_into(todo)
    except OSError as exc:
        print(json.dumps({"errno": exc.errno, "strerror": exc.strerror or str(exc), "filename": exc.filename}),
              file=sys.stderr)
        return CANNOT_WRITE
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
