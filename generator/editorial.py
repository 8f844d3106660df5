"""The editor's commands on claims.yml: approve a claim (status, editor, published date) and list claims by status.

An edit touches only the lines of the fields it sets: the file is parsed with ruamel.yaml's round-trip
composer, which knows where every value starts and ends, and only those spans are replaced (or one line
inserted for a field that was missing). Comments, key order, quoting and indentation elsewhere stay byte
for byte as the editor left them; a full re-dump would re-flow folded text and re-indent lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.check import check_site
from generator.load import CLAIMS, load_site
from generator.model import Claim, Report, Site
from generator.problems import Problem, sort_problems

STATUS_ORDER = ("approved", "review", "draft", "withdrawn")
_ORDER = ("status", "author", "editor", "published")
"""Where a missing field goes: after the nearest of these that the claim has, in this order."""
_PLAIN = re.compile(r"[^\W\d_][\w .,'()-]*(?<! )")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORDS = {"yes", "no", "true", "false", "null", "on", "off", "y", "n"}


class EditError(Exception):
    """The file cannot be edited safely (its shape is not what the loader accepted); the message says why."""


@dataclass(frozen=True)
class Approval:
    """The outcome of `approve`: the problems that stop it, or the file and lines that were changed."""

    problems: list[Problem]
    """Errors that stop the approval (nothing was written), every one with its file and line."""
    path: Path | None = None
    """The claims file that was rewritten."""
    changed: tuple[str, ...] = ()
    """The fields set, as `field: value`."""


Lint = Callable[[Site, Any], list[Problem]]
"""Extra rules run on the site with the claim approved (the publication policy): (site, checked) -> problems."""


def approve(content_dir: Path, shown_root: str, claim_id: str, editor: str, date: dt.date,
            extra: Lint | None = None) -> Approval:
    """Approve `claim_id`: set status, editor and (unless already set) published, if it passes check and `extra`.

    Nothing is written when the claim is not found or would fail: the returned problems say why.
    """
    site, load_problems = load_site(content_dir, shown_root)
    claim = next((c for c in site.all_claims() if c.id == claim_id), None)
    if claim is None:
        known = ", ".join(sorted(c.id for c in site.all_claims())[:20]) or "none"
        return Approval([Problem(shown_root, 1, "error", f"no claim with id '{claim_id}'",
                                 f"known ids: {known}", code="unknown-claim")])
    if claim.status == "approved":
        return Approval([Problem(claim.place.path, claim.line("status"), "error", "already approved",
                                 "nothing to do", claim_id, "already-approved")])
    published = claim.published or date
    approved = dataclasses.replace(claim, status="approved", editor=editor, published=published)
    site = _with_claim(site, approved)
    checked = check_site(site)
    found = load_problems + checked.problems + (extra(site, checked) if extra else [])
    blocking = [p for p in found if p.severity == "error" and (p.claim == claim_id or
                                                                (p.claim is None and p.path == claim.place.path))]
    if blocking:
        return Approval(sort_problems(blocking))
    path = content_dir / claim.report / CLAIMS
    values = {"status": "approved", "editor": editor, "published": published.isoformat()}
    text = path.read_text(encoding="utf-8")
    path.write_bytes(set_fields(text, claim_id, values).encode("utf-8"))
    return Approval([], path, tuple(f"{k}: {v}" for k, v in values.items()))


def _with_claim(site: Site, claim: Claim) -> Site:
    reports = tuple(Report(r.slug, r.article, tuple(claim if c.id == claim.id else c for c in r.claims),
                           r.claims_path, r.digest) if r.slug == claim.report else r for r in site.reports)
    return Site(site.scale, reports)


def set_fields(text: str, claim_id: str, values: dict[str, str]) -> str:
    """`text` (a claims.yml) with the given scalar fields of one claim set; every other byte unchanged."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.replace("\r\n", "\n")
    mapping = _claim_node(body, claim_id)
    entries = {key.value: value for key, value in mapping.value if isinstance(key, ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    indent = mapping.value[0][0].start_mark.column
    for name, value in values.items():
        node = entries.get(name)
        if node is not None:
            if not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line:
                raise EditError(f"claim '{claim_id}': '{name}' is not a one-line value; edit it by hand")
            edits.append((node.start_mark.index, node.end_mark.index, _scalar(value)))
        else:
            at = _insert_at(body, entries, name)
            edits.append((at, at, f"{' ' * indent}{name}: {_scalar(value)}\n"))
    # Applied from the end backwards; insertions at one place keep the order they were asked in.
    for _, (start, end, new) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]), reverse=True):
        body = body[:start] + new + body[end:]
    return body.replace("\n", newline) if newline != "\n" else body


def _claim_node(text: str, claim_id: str) -> MappingNode:
    root = YAML(typ="rt").compose(text)
    claims = _get(root, "claims") if isinstance(root, MappingNode) else None
    if not isinstance(claims, SequenceNode):
        raise EditError("the file has no 'claims:' list")
    for item in claims.value:
        if isinstance(item, MappingNode):
            node = _get(item, "id")
            if isinstance(node, ScalarNode) and node.value == claim_id:
                return item
    raise EditError(f"no claim with id '{claim_id}' in the file")


def _get(mapping: MappingNode, name: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == name), None)


def _insert_at(text: str, entries: dict[str, Node], name: str) -> int:
    """The start of the line after the nearest earlier field of _ORDER (or after `id`)."""
    before = [n for n in _ORDER[: _ORDER.index(name)] if n in entries] if name in _ORDER else []
    anchor = entries[before[-1]] if before else entries["id"]
    if not isinstance(anchor, ScalarNode):
        anchor = entries["id"]
    end = text.find("\n", anchor.end_mark.index)
    return len(text) if end == -1 else end + 1


def _scalar(value: str) -> str:
    """A value as YAML: plain when it reads back as the same string, JSON-style double-quoted otherwise."""
    if _DATE.fullmatch(value):
        return value
    if _PLAIN.fullmatch(value) and value.lower() not in _WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Entry:
    """One claim as `factcheck status` lists it."""

    claim: Claim
    problems: list[Problem]
    """Its open errors and warnings (check and policy)."""
    released: str = ""
    """Against the last release: '', 'new', 're-rated', 'edited', or 'released' when unchanged."""


def by_status(site: Site, problems: list[Problem], release_state: dict[str, str] | None = None) -> dict[str, list[Entry]]:
    """Every claim grouped by status (approved, review, draft, withdrawn), in file order, with its problems."""
    groups: dict[str, list[Entry]] = {s: [] for s in STATUS_ORDER}
    mine: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.claim:
            mine.setdefault(problem.claim, []).append(problem)
    for claim in site.all_claims():
        state = (release_state or {}).get(claim.id, "")
        groups.setdefault(claim.status, []).append(Entry(claim, mine.get(claim.id, []), state))
    return groups


def markdown_summary(groups: dict[str, list[Entry]], file_problems: list[Problem]) -> str:
    """The status as Markdown, for a CI job summary: counts by status, then every open error and warning."""
    lines = ["## Fact checks by status", "", "| status | claims | with errors |", "|---|---|---|"]
    for status, entries in groups.items():
        errors = sum(any(p.severity == "error" for p in e.problems) for e in entries)
        lines.append(f"| {status} | {len(entries)} | {errors} |")
    problems = file_problems + [p for entries in groups.values() for e in entries for p in e.problems]
    lines += ["", "### Open problems" if problems else "No open problems.", ""]
    lines += [f"- `{p.path}:{p.line}` {p.severity}: {_md(p.claim or '')}{': ' if p.claim else ''}{_md(p.message)}"
              for p in problems]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown list item: no HTML, links or emphasis from content."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", text.replace("\n", " "))
