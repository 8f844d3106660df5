"""What is in the content folder and what of it may be published: an allowlist, decided in one place.

A public site holds the generated pages and exports, the desk's own Markdown pages, and static files of
the types a site needs. Everything else found in the folder is withheld, with the reason: the sources of
reports (a folder holding `claims.yml` or `article.md`, at any depth, is a report and none of its files is
published raw), YAML, dotfiles, editor backups and temporary files, scripts and stylesheets that
`mkdocs.yml` does not declare, files named like our own outputs. Symbolic links are followed only while
they stay inside the folder; one that leaves it, dangles or loops is an error.

No MkDocs here: the adapter asks `publishable()` about each file MkDocs found.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem

ARTICLE = "article.md"
CLAIMS = "claims.yml"
RATINGS = "ratings.yml"
REPORT_FILES = (ARTICLE, CLAIMS)
"""A folder holding either of these is a report."""

MEDIA = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf",
                   ".woff", ".woff2", ".ttf", ".otf", ".mp3", ".mp4", ".webm", ".ogg"})
"""Static files published wherever they are (outside report folders). Not SVG: it can carry scripts."""
ROOT_FILES = frozenset({"CNAME", "robots.txt"})
"""Files a host reads at the site root (a GitHub Pages custom domain, crawler rules)."""
DECLARED = frozenset({".css", ".js", ".mjs"})
"""Published only when mkdocs.yml declares them (`extra_css`, `extra_javascript`)."""
NEVER_OUTPUT = frozenset({"hidden file", "source of a report", "file in a report folder"})
"""Reasons that keep a file out of every build whatever its name (so its name cannot collide with anything)."""
MAX_ENTRIES = 200_000
"""Files and folders looked at, at most: a content folder is not a file system."""


@dataclass(frozen=True)
class Inventory:
    """The content folder, sorted into what it holds."""

    root: Path
    reports: tuple[Path, ...] = ()
    """Report folders, at any depth, sorted by path."""
    pages: tuple[str, ...] = ()
    """The desk's own Markdown pages (paths relative to the root, with '/')."""
    static: tuple[str, ...] = ()
    """Other files that may be published."""
    withheld: tuple[tuple[str, str], ...] = ()
    """(path, reason) of every file that is never published."""
    problems: tuple[Problem, ...] = ()
    """Links that leave the folder, dangle or loop; a folder too large to look at."""

    @property
    def published(self) -> frozenset[str]:
        """Every path that a build may publish: pages and static files."""
        return frozenset(self.pages) | frozenset(self.static)


@dataclass
class _Walk:
    root: Path
    shown: str
    declared: frozenset[str]
    reports: list[Path] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    static: list[str] = field(default_factory=list)
    withheld: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: int = 0
    inodes: dict[tuple[int, int], list[tuple[str, str | None]]] = field(default_factory=dict)


def take_inventory(root: Path, shown: str, declared: frozenset[str] = frozenset()) -> Inventory:
    """Every file under `root` (paths in problems start with `shown`), sorted into reports, pages,
    publishable static files and withheld files. `declared` are the stylesheets and scripts that the
    site's configuration names (paths relative to the root)."""
    real = root.resolve()
    walk = _Walk(real, shown.rstrip("/") or ".", declared)
    if real.is_dir():
        _visit(walk, real, "", {real})
        _hard_link_problems(walk)
    return Inventory(real, tuple(sorted(walk.reports)), tuple(sorted(walk.pages)), tuple(sorted(walk.static)),
                     tuple(sorted(walk.withheld)), tuple(walk.problems))


def _visit(walk: _Walk, folder: Path, rel: str, ancestors: set[Path], inside_report: bool = False) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        walk.problems.append(_problem(walk, rel or ".", f"cannot read this folder ({exc.strerror})",
                                      "check its permissions", "unreadable"))
        return
    in_report = inside_report or _holds_report(entries)
    if in_report and not rel:
        in_report = False
        for entry in entries:
            if entry.name.lower() in REPORT_FILES:
                walk.problems.append(_problem(walk, entry.name, f"{entry.name} is directly in the content folder, "
                                              "not in a report folder", f"move it into a folder of its own: "
                                              f"{walk.shown}/<report>/{entry.name.lower()}", "report-at-root"))
    elif in_report and not inside_report:
        walk.reports.append(walk.root / rel)
    for entry in entries:
        walk.seen += 1
        if walk.seen > MAX_ENTRIES:
            walk.problems.append(_problem(walk, rel or ".", f"the content folder holds over {MAX_ENTRIES} entries",
                                          "keep only the site's content in it", "too-many-files"))
            return
        path = posixpath.join(rel, entry.name) if rel else entry.name
        if in_report and entry.name.lower() in REPORT_FILES and entry.name not in REPORT_FILES:
            walk.problems.append(_problem(walk, path, f"a report file is named {entry.name}",
                                          f"rename it to {entry.name.lower()}", "report-file-name"))
        target = _link_target(walk, entry, path)
        if target is None:
            continue
        if target.is_dir():
            if target in ancestors:
                walk.problems.append(_problem(walk, path, "symbolic link loops back to a folder that contains it",
                                              "remove the link", "symlink-loop"))
            elif not entry.name.startswith("."):
                _visit(walk, target, path, ancestors | {target}, in_report)
            continue
        reason = _withheld_reason(path, in_report, walk.declared)
        if reason is None and entry.is_symlink():
            reason = _target_reason(walk, target)
        _note_links(walk, entry, path, reason)
        if reason:
            walk.withheld.append((path, reason))
        elif path.endswith(".md"):
            walk.pages.append(path)
        else:
            walk.static.append(path)


def _link_target(walk: _Walk, entry: os.DirEntry[str], path: str) -> Path | None:
    """Where an entry really is; None (with a problem) when it is a link that leaves the root or is broken."""
    if not entry.is_symlink():
        return Path(entry.path)
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        walk.problems.append(_problem(walk, path, "symbolic link is broken or loops",
                                      "remove the link, or replace it with the file itself", "symlink-broken"))
        return None
    if target != walk.root and walk.root not in target.parents:
        walk.problems.append(_problem(walk, path, f"symbolic link points outside the content folder (to {target})",
                                      "copy the file into the content folder instead of linking to it",
                                      "symlink-outside"))
        return None
    return target


def _holds_report(entries: list[os.DirEntry[str]]) -> bool:
    return any(entry.name.lower() in REPORT_FILES for entry in entries)


def _target_reason(walk: _Walk, target: Path) -> str | None:
    """A link is judged by what it points to as well: a report's file or YAML stays withheld behind a link."""
    rel = target.relative_to(walk.root).as_posix()
    in_report = any(_holds_report(list(os.scandir(folder))) for folder in target.parents
                    if folder == walk.root or walk.root in folder.parents)
    reason = _withheld_reason(rel, in_report, walk.declared)
    return f"link to {rel}: {reason}" if reason else None


def _note_links(walk: _Walk, entry: os.DirEntry[str], path: str, reason: str | None) -> None:
    """Files with several hard links: one name must not publish what another name withholds."""
    try:
        stat = entry.stat()
    except OSError:
        return
    if stat.st_nlink > 1:
        walk.inodes.setdefault((stat.st_dev, stat.st_ino), []).append((path, reason))


def _hard_link_problems(walk: _Walk) -> None:
    for names in walk.inodes.values():
        published = [path for path, reason in names if reason is None]
        withheld = [path for path, reason in names if reason is not None]
        for path in published:
            if withheld:
                walk.problems.append(_problem(walk, path, f"this file is a hard link to {withheld[0]}, which is never "
                                              "published", "make it a copy of what may be published, or remove it",
                                              "hard-link"))


def _withheld_reason(path: str, in_report: bool, declared: frozenset[str]) -> str | None:
    """Why a file is never published, or None when it may be."""
    name = posixpath.basename(path)
    suffix = posixpath.splitext(name)[1].lower()
    if any(part.startswith(".") for part in path.split("/")):
        return "hidden file"
    if in_report or name.lower() in REPORT_FILES and "/" not in path:
        return "source of a report" if name.lower() in REPORT_FILES else "file in a report folder"
    if path == RATINGS or suffix in (".yml", ".yaml"):
        return "YAML data"
    if _is_backup(name):
        return "editor backup or temporary file"
    if suffix == ".md" and not name.endswith(".md"):
        return "a page must end in lowercase .md"
    if suffix == ".md" or path in ROOT_FILES or suffix in MEDIA:
        return None
    if suffix in DECLARED:
        return None if path in declared else "stylesheet or script not declared in mkdocs.yml (extra_css, extra_javascript)"
    return f"'{suffix or name}' is not a type the site publishes"


_BACKUP_SUFFIXES = (".bak", ".orig", ".rej", ".swp", ".swo", ".swx", ".swn", ".tmp", ".temp", ".part",
                    ".crdownload", ".kate-swp", ".old", ".save", ".sav", ".backup")


def _is_backup(name: str) -> bool:
    lower = name.lower()
    return (lower.endswith("~") or lower.endswith(_BACKUP_SUFFIXES) or (lower.startswith("#") and lower.endswith("#"))
            or lower.startswith("~$") or lower in ("4913", "thumbs.db", "desktop.ini") or ".md." in lower)


def _problem(walk: _Walk, path: str, message: str, hint: str, code: str) -> Problem:
    return Problem(f"{walk.shown}/{path}" if path != "." else walk.shown, 1, "error", message, hint, code=code)


def withheld_warning(inventory: Inventory, shown: str) -> Problem | None:
    """One warning listing the files a build will not publish (so the surprise comes before the build).

    Report sources are expected and not listed."""
    listed = [f"{path} ({reason})" for path, reason in inventory.withheld if reason != "source of a report"]
    if not listed:
        return None
    more = f" and {len(listed) - 20} more" if len(listed) > 20 else ""
    return Problem(shown, 1, "warning", f"{len(listed)} file(s) will not be published: " + "; ".join(listed[:20]) + more,
                   "move them out of the content folder if they are not meant for the site", code="not-published")
