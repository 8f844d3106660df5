"""Load content/: the rating scale and one report per folder (article.md + claims.yml) into the model.

Loading never stops at the first problem: every file is read, every problem is collected, and whatever
is well-formed is returned so the later checks can still run on it.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from generator import schema
from generator.inventory import ARTICLE, CLAIMS, RATINGS, Inventory, take_inventory
from generator.model import (Appearance, Article, Claim, Claimant, Correction, Counterclaim, Place, Rating, Reply,
                             Report, Scale, Site, Source, Withdrawal)
from generator.memo import Job, Memo, compute_every, digest, file_stamp
from generator.problems import Problem
from generator.yamlsource import Parsed, parse_yaml, read_text

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
DEFAULT_SCALE = "(default scale)"
"""Where the ratings of the shipped scale say they come from (their words are labels: `scale.<key>`)."""
_REQUIRED = set(json.loads(schema.schema_text("claims"))["$defs"]["claim"]["required"])


def load_site(content_dir: Path, shown_root: str | None = None, memo: Memo | None = None,
              inventory: Inventory | None = None) -> tuple[Site, list[Problem]]:
    """Read every report under `content_dir`, at any depth. Paths in problems start with `shown_root`.

    A report's URL is its folder's name, so two report folders with the same name are an error.
    With a memo (live preview), a report whose files have not changed since the last call is not read again.
    """
    root = shown_root if shown_root is not None else str(content_dir)
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(Problem(root, 1, "error", "content folder not found",
                                "run the command in your site folder, or pass the content folder", code="no-content"))
        return Site(_default_scale(), ()), problems
    inventory = inventory or take_inventory(content_dir, root)
    scale = _load_scale(content_dir / RATINGS, _join(root, RATINGS), problems)
    reads: list[Job[tuple[Report | None, list[Problem]]]] = []
    first: dict[str, str] = {}
    for folder in inventory.reports:
        shown = _join(root, folder.relative_to(inventory.root).as_posix())
        if folder.name in first:
            problems.append(Problem(shown, 1, "error", f"report folder name '{folder.name}' is used twice "
                                    f"({first[folder.name]} and {shown})",
                                    "a report's folder name is its URL: rename one of them", code="duplicate-report"))
            continue
        first[folder.name] = shown
        stamp = digest(shown, file_stamp(folder / ARTICLE, folder / CLAIMS))
        reads.append((("load", str(folder)), functools.partial(str, stamp),
                      functools.partial(_read_report, folder, shown, stamp)))
    reports = []
    for report, found in compute_every(memo, reads):  # on two cores
        problems += found
        if report:
            reports.append(report)
    reports.sort(key=lambda r: r.slug)
    return Site(scale, tuple(reports)), problems


def _read_report(folder: Path, shown: str, stamp: str) -> tuple[Report | None, list[Problem]]:
    """One report and its problems; `stamp` (from the files' stats) becomes the report's digest."""
    problems: list[Problem] = []
    report = _load_report(folder, shown, problems)
    return (dataclasses.replace(report, digest=stamp) if report else None), problems


def _join(root: str, name: str) -> str:
    return f"{root.rstrip('/')}/{name}" if root else name


def _default_scale() -> Scale:
    text = (resources.files("generator") / "default_ratings.yml").read_text("utf-8")
    parsed, _ = parse_yaml(text, "default_ratings.yml")
    assert parsed is not None
    return _scale_from(parsed, DEFAULT_SCALE)


def _load_scale(path: Path, shown: str, problems: list[Problem]) -> Scale:
    if not path.exists():
        return _default_scale()
    parsed = _read_yaml(path, shown, "ratings", problems)
    if parsed is None:
        return _default_scale()
    scale = _scale_from(parsed, shown)
    seen: set[str] = set()
    for rating in scale.ratings:
        if rating.key in seen:
            problems.append(Problem(shown, rating.place.line, "error", f"rating key '{rating.key}' is listed twice",
                                    "give each rating its own key", code="duplicate-rating"))
        seen.add(rating.key)
    return scale


def _scale_from(parsed: Parsed, shown: str) -> Scale:
    ratings = []
    for i, item in enumerate(parsed.value["ratings"]):
        value = item.get("value")
        default_icon = "?" if value is None else "•"
        ratings.append(Rating(item["key"], item["label"], value, item["description"],
                              item.get("icon", default_icon), Place(shown, parsed.line(("ratings", i)))))
    return Scale(tuple(ratings))


def _read_yaml(path: Path, shown: str, name: str, problems: list[Problem], first_line: int = 1,
               text: str | None = None) -> Parsed | None:
    """Read, parse and validate one YAML file (or front matter); None unless it is entirely valid."""
    parsed = _parse_file(path, shown, name, problems, first_line, text)
    if parsed is None:
        return None
    found = schema.validate(parsed, name, shown)
    problems += [p for _, p in found]
    return None if found else parsed


def _parse_file(path: Path, shown: str, name: str, problems: list[Problem], first_line: int = 1,
                text: str | None = None) -> Parsed | None:
    """Read and parse one YAML file (or the given text); None if it cannot be read, parsed, or is empty."""
    if text is None:
        text, read_problems = read_text(path, shown)
        problems += read_problems
        if text is None:
            return None
    parsed, parse_problems = parse_yaml(text, shown, first_line)
    problems += parse_problems
    if parsed is None:
        return None
    if parsed.value is None:
        problems.append(Problem(shown, first_line, "error", "file is empty", schema._ROOT_HINTS[name], code="empty"))
        return None
    return parsed


def _load_report(folder: Path, shown: str, problems: list[Problem]) -> Report | None:
    article_shown, claims_shown = _join(shown, ARTICLE), _join(shown, CLAIMS)
    for name, path_shown in ((ARTICLE, article_shown), (CLAIMS, claims_shown)):
        if not (folder / name).exists():
            problems.append(Problem(path_shown, 1, "error", f"report '{folder.name}' has no {name}",
                                    f"add {name} (run 'factcheck new {folder.name}' for a template)", code="missing-file"))
    if not SLUG.fullmatch(folder.name):
        problems.append(Problem(shown, 1, "error", f"report folder name '{folder.name}' is not a slug",
                                "rename the folder with lowercase letters, digits and hyphens", code="report-slug"))
    article = _load_article(folder / ARTICLE, article_shown, problems) if (folder / ARTICLE).exists() else None
    claims = _load_claims(folder / CLAIMS, claims_shown, folder.name, problems) if (folder / CLAIMS).exists() else ()
    if article is None:
        return None
    return Report(folder.name, article, claims, claims_shown)


def _load_article(path: Path, shown: str, problems: list[Problem]) -> Article | None:
    text, read_problems = read_text(path, shown)
    problems += read_problems
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(shown, 1, "error", "article.md must start with front matter",
                                "begin the file with a '---' line, 'title: ...', and another '---' line", code="front-matter"))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.append(Problem(shown, 1, "error", "front matter is not closed",
                                "add a '---' line after the front matter", code="front-matter"))
        return None
    parsed = _read_yaml(path, shown, "article", problems, first_line=2, text="\n".join(lines[1:end]))
    if parsed is None:
        return None
    meta = parsed.value
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        problems.append(Problem(shown, end + 2, "error", "the article has no text",
                                "paste the article's paragraphs below the front matter", code="empty-article"))
    return Article(meta["title"], meta.get("publisher"), meta.get("author"), meta.get("url"),
                   _date(meta.get("published")), meta.get("language"), body, end + 2, Place(shown, 1))


def _load_claims(path: Path, shown: str, report: str, problems: list[Problem]) -> tuple[Claim, ...]:
    parsed = _parse_file(path, shown, "claims", problems)
    if parsed is None:
        return ()
    data = parsed.value

    def claim_of(json_path: tuple) -> str | None:
        """The id of the claim a schema error is in, when it has a usable one."""
        if len(json_path) >= 2 and json_path[0] == "claims" and isinstance(data, dict):
            try:
                cid = data["claims"][json_path[1]].get("id")
                return cid if isinstance(cid, str) else None
            except (AttributeError, IndexError, KeyError, TypeError):
                return None
        return None

    found = schema.validate(parsed, "claims", shown, claim_of)
    problems += [p for _, p in found]
    if any(len(at) < 2 for at, _ in found):
        return ()
    claims = []
    for i, item in enumerate(parsed.value["claims"]):
        bad_fields = {at[2] if len(at) > 2 else None for at, _ in found if at[1] == i}
        usable = _usable_part(item, bad_fields)
        if usable is not None:
            claims.append(_claim(usable, parsed, ("claims", i), shown, report, invalid=frozenset(bad_fields)))
    return tuple(claims)


def _usable_part(item: dict, bad_fields: set) -> dict | None:
    """The claim without its invalid fields, so the other checks still run; None if it is unusable."""
    if None in bad_fields or bad_fields & _REQUIRED:
        return None
    return {k: v for k, v in item.items() if k not in bad_fields}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _claimant(d: dict, place: Place) -> Claimant:
    return Claimant(d["name"], d.get("type"), d.get("role"), d.get("same_as"), place, d.get("image"))


def _appearance(d: dict | None, place: Place) -> Appearance | None:
    return Appearance(d["url"], d.get("title"), _date(d.get("date")), place) if d else None


def _sources(items: list | None, parsed: Parsed, at: tuple, shown: str) -> tuple[Source, ...]:
    return tuple(
        Source(s["title"], s["publisher"], _date(s.get("date")), s.get("url"), s.get("archive_url"),
               s.get("excerpt"), s.get("kind"), Place(shown, parsed.line(at + (i,))))
        for i, s in enumerate(items or []))


def _claim(d: dict, parsed: Parsed, at: tuple, shown: str, report: str, invalid: frozenset) -> Claim:
    def place(*sub: Any) -> Place:
        return Place(shown, parsed.line(at + sub))

    counter = None
    if "counterclaims" in d:
        counter = tuple(
            Counterclaim(_claimant(c["claimant"], place("counterclaims", i, "claimant")), c["text"], c.get("quote"),
                         c.get("occurrence"), _sources(c.get("sources"), parsed, at + ("counterclaims", i, "sources"), shown),
                         place("counterclaims", i))
            for i, c in enumerate(d["counterclaims"]))
    r = d.get("reply")
    reply = Reply(_date(r.get("contacted")), r.get("response"), r.get("not_sought"), place("reply")) if r else None
    w = d.get("withdrawal")
    return Claim(
        id=d["id"], report=report, quote=d["quote"], occurrence=d.get("occurrence"), claim=d["claim"],
        claimant=_claimant(d["claimant"], place("claimant")), claim_date=_date(d.get("claim_date")),
        rating=d["rating"], conclusion=d.get("conclusion"), notes=d.get("notes"),
        sources=_sources(d.get("sources"), parsed, at + ("sources",), shown), counterclaims=counter, reply=reply,
        status=d["status"], author=d.get("author"), editor=d.get("editor"), published=_date(d.get("published")),
        updated=_date(d.get("updated")),
        corrections=tuple(Correction(_date(c["date"]), c["text"], place("corrections", i))  # type: ignore[arg-type]
                          for i, c in enumerate(d.get("corrections", []))),
        withdrawal=Withdrawal(_date(w["date"]), w["reason"], place("withdrawal")) if w else None,  # type: ignore[arg-type]
        place=place(), lines={k: parsed.line(at + (k,)) for k in d}, invalid=invalid,
        first_appearance=_appearance(d.get("first_appearance"), place("first_appearance")), location=d.get("location"),
        headline=d.get("headline"),
    )
