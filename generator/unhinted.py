"""Unhinted copies of the TrueType fonts the share cards use: the same outlines, drawn three times faster.

A TrueType font's hinting is a program FreeType runs for every glyph it draws, to fit the outline to the
pixel grid of small text; at the sizes of a card (34-84 px) it changes nothing a reader sees, but it is
most of the time a card costs. `font_data` gives the font without it (the font-wide programs and tables
of hinting, and every glyph's program, removed by fontTools; the outlines are untouched), made once and
kept in the user's cache folder, never in the project's `.factcheck-cache/`, which anyone who may write to
the project could fill with a font for FreeType to parse. Fonts that have no TrueType hinting program
(CFF outlines, such as Noto CJK) and font collections are used as they are.

A copy is only read from a folder of the user's own that no one else may write to, from a regular file (a
link is not followed) whose SHA-256 is the one its name records; anything else is made again in memory.
The cache is never a reason to fail: when it cannot be read or written, the copy is made in memory for this
process. Made or read, it is the same bytes, so a card does not depend on the cache's state.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = "1"
"""Changes whenever the way copies are made changes, so that older copies are not used."""
HINTING_TABLES = ("fpgm", "prep", "cvt ", "cvar", "hdmx", "VDMX", "LTSH")
"""Font-wide TrueType hinting: its programs, their variations and the metrics of hinted glyphs."""
LARGEST = 64 * 1024 * 1024
"""Bytes: a larger file in the cache is not a copy this module wrote."""


def cache_folder() -> Path:
    """Where the copies are kept: `fonts` in the user's cache folder (~/.cache/factcheck/fonts on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("factcheck", appauthor=False)) / "fonts"


@cache  # once per font file and process
def font_data(path: str) -> bytes | None:
    """The unhinted copy of the font file at `path`, or None when the file is to be used as it is (no TrueType
    hinting to remove, a collection, or a file fontTools cannot read: FreeType opens it as it did)."""
    if Path(path).suffix.lower() in (".ttc", ".otc"):
        return None
    try:
        state = os.stat(path)
    except OSError:
        return None
    name = _name(path, state)
    folder = _own_folder(cache_folder())
    found = _read_copy(folder, name) if folder else None
    if found is not None:
        return found
    made = dehint(path)
    if made is not None and folder is not None:
        _keep(folder, name, made)
    return made


def dehint(path: str) -> bytes | None:
    """The font at `path` without TrueType hinting (same bytes every time), or None when it has none to remove
    or fontTools cannot read it. Glyphs are trimmed as they are stored, without decoding their outlines."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, recalcBBoxes=False, recalcTimestamp=False) as font:
            if "glyf" not in font:
                return None
            for tag in HINTING_TABLES:
                if tag in font:
                    del font[tag]
            glyf = font["glyf"]
            for glyph in glyf.glyphs.values():
                glyph.trim(remove_hinting=True)
            _no_hinting_limits(font["maxp"])
            out = io.BytesIO()
            font.save(out)
            return out.getvalue()
    except Exception:  # noqa: BLE001 - a font fontTools cannot read is drawn as FreeType reads it
        return None


def _no_hinting_limits(maxp: Any) -> None:
    """The hinting program's limits in `maxp` (a TrueType font's, version 1.0), as a font without one has them."""
    if maxp.tableVersion == 0x00010000:
        for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions"):
            setattr(maxp, field, 0)
        maxp.maxZones = 1


def _name(path: str, state: os.stat_result) -> str:
    """The copy's name without its hash: <file name>-<its path>-<its size, times of change, inode and device,
    the maker's version> (each hashed), so that the copy of an updated font has a name of its own."""
    from fontTools import version

    where = os.path.abspath(path)
    # the time of the last change of the file's status too: restoring a modification time changes it
    made_from = json.dumps([FORMAT, os.fsencode(where).hex(), state.st_size, state.st_mtime_ns, state.st_ctime_ns,
                            state.st_ino, state.st_dev, version])
    return f"{Path(path).stem}-{_digest(os.fsencode(where))[:12]}-{_digest(made_from.encode())[:16]}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _own_folder(folder: Path) -> Path | None:
    """The folder, made if needed, when it is a folder (not a link) of this user that no one else may write to,
    and no one else could move or replace it or a folder above it (each is the user's or the system's, not a
    link, and writable by others only if it is the system's and sticky, as /tmp is)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = Path(os.path.abspath(folder))
        if not _private(os.lstat(folder), stat.S_ISDIR):
            return None
        # the path as written (its links included) and the path its links lead to
        paths = (folder.parents, Path(os.path.realpath(folder)).parents)
        return folder if all(_safe_above(os.lstat(above)) for path in paths for above in path) else None
    except OSError:
        return None


def _safe_above(state: os.stat_result) -> bool:
    """Whether a folder (or a link to one) above the cache cannot be replaced by another user: this user's or
    the system's, and a folder others may write to only if it is the system's and sticky (as /tmp is)."""
    if os.name == "nt":  # folders are guarded by access lists there, which these modes do not show
        return True
    if state.st_uid not in (0, _user()):
        return False
    if stat.S_ISLNK(state.st_mode):
        return True  # where it leads is checked too
    if not stat.S_ISDIR(state.st_mode):
        return False
    shared = state.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return not shared or (state.st_uid == 0 and bool(state.st_mode & stat.S_ISVTX))


def _user() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def _private(state: os.stat_result, kind: Callable[[int], bool]) -> bool:
    """Whether a file is of that kind, this user's, and not writable by anyone else (on Windows, where modes do
    not show who may write, of that kind)."""
    if os.name == "nt":
        return kind(state.st_mode)
    return kind(state.st_mode) and state.st_uid == _user() and not state.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_copy(folder: Path, name: str) -> bytes | None:
    """The bytes of a copy named `name`-<its hash>.ttf, read without following a link, if one is sound."""
    try:
        names = sorted(entry for entry in os.listdir(folder) if entry.startswith(f"{name}-") and entry.endswith(".ttf"))
    except OSError:
        return None
    for entry in names:
        data = _read_own_file(folder / entry)
        if data is not None and entry == f"{name}-{_digest(data)}.ttf":
            return data
    return None


def _read_own_file(path: Path) -> bytes | None:
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) |
                         getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))  # a FIFO or device must not block
    except OSError:
        return None
    try:
        state = os.fstat(handle)
        if not _private(state, stat.S_ISREG) or state.st_size > LARGEST:
            return None
        with os.fdopen(os.dup(handle), "rb") as source:
            return source.read(LARGEST + 1)
    except OSError:
        return None
    finally:
        os.close(handle)


def _keep(folder: Path, name: str, data: bytes) -> None:
    """Write the copy as a new file and rename it into place (a link at its name is replaced, never written
    through); older copies of the same font go. A folder that cannot be written is no error."""
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        final = f"{name}-{_digest(data)}.ttf"
        os.replace(temporary, folder / final)
        _forget_older(folder, name, final)
    except OSError:
        pass
    finally:
        Path(temporary).unlink(missing_ok=True)


def _forget_older(folder: Path, name: str, kept: str) -> None:
    """Remove the copies of earlier states of the same font file (an updated font): the cache stays small."""
    same_file = name.rpartition("-")[0] + "-"
    for entry in os.listdir(folder):
        if entry.startswith(same_file) and entry.endswith(".ttf") and entry != kept:
            (folder / entry).unlink(missing_ok=True)
        elif entry.startswith(f".{same_file}") and entry.endswith(".tmp") and _stale(folder / entry):
            (folder / entry).unlink(missing_ok=True)  # left by a process stopped while it wrote


def _stale(path: Path) -> bool:
    try:
        return time.time() - os.lstat(path).st_mtime > 3600
    except OSError:
        return False
