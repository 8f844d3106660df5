"""The editor's pass: a checklist per claim, the release manifest, and what changed since a release."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from generator.check import Checked
from generator.memo import Memo, compute
from generator.model import Claim, Scale, Site, to_plain
from generator.select import PUBLIC, select

MANIFEST = "manifest.json"
"""Written into every public build: what it published."""
REVIEW_MARKER = "REVIEW-COPY.txt"
"""Written into every review build; publishing refuses a tree that has it."""


@dataclass(frozen=True)
class Item:
    """One line of a claim's checklist, in label keys (the dashboard shows them in the site's language)."""

    label: str
    """Label key of what is checked (`checklist.sources`)."""
    ok: bool
    detail: str = ""
    """Label key of the detail shown after it, or ''."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """The placeholders of `detail`."""
    warning: bool = False
    """A failed item that does not block publication (the publication policy does not require it)."""
    key: str = ""
    """The item's name in the publication policy (`policy:` in mkdocs.yml), e.g. `archive-links`."""


def checklist(claim: Claim, scale: Scale, checked: Checked) -> list[Item]:
    """Every item an editor looks at before signing a claim off, in reading order.

    Which of them block publication is the publication policy's call (`policy.verdicts`).
    """
    rating = scale.get(claim.rating)
    online = [s for s in claim.sources if s.url]
    publishers = {s.publisher.casefold() for s in claim.sources}
    decisive = scale.is_decisive(rating)
    reply = claim.reply
    counters = claim.counterclaims
    return [
        Item("checklist.anchored", claim.id in checked.anchors, key="quote"),
        Item("checklist.sources", bool(claim.sources), "checklist.sources.detail", {"count": len(claim.sources)},
             key="sources"),
        Item("checklist.independent", not decisive or len(publishers) >= 2,
             "checklist.independent.detail" if decisive else "checklist.independent.not_decisive",
             {"count": len(publishers)}, key="two-sources"),
        Item("checklist.archived", all(s.archive_url for s in online), "checklist.archived.detail",
             {"archived": sum(bool(s.archive_url) for s in online), "online": len(online)}, key="archive-links"),
        Item("checklist.counterclaims", counters is not None,
             "checklist.counterclaims.detail" if counters is not None else "checklist.counterclaims.not_recorded",
             {"count": len(counters or ())}, key="counterclaims"),
        Item("checklist.reply", bool(reply and (reply.contacted or reply.response or reply.not_sought)), key="reply"),
        Item("checklist.claim_date", claim.claim_date is not None,
             "checklist.claim_date.detail" if claim.claim_date else "checklist.claim_date.unknown",
             {"date": claim.claim_date}, key="claim-date"),
        Item("checklist.notes", bool(claim.notes), key="notes"),
        Item("checklist.conclusion", bool(claim.conclusion), key="conclusion"),
        Item("checklist.signoff", bool(claim.editor and claim.published), _signoff(claim),
             {"editor": claim.editor, "date": claim.published}, key="sign-off"),
    ]


def _signoff(claim: Claim) -> str:
    if claim.editor and claim.published:
        return "checklist.signoff.detail"
    if claim.editor:
        return "checklist.signoff.no_date"
    return "checklist.signoff.no_editor" if claim.published else "checklist.signoff.neither"


def claim_hash(claim: Claim, plain: Callable[[Claim], object] = to_plain) -> str:
    """A hash of everything a reader sees of a claim (not where it sits in the file)."""
    text = json.dumps(plain(claim), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def manifest(site: Site, memo: Memo | None = None, plain: Callable[[Claim], object] = to_plain) -> dict[str, Any]:
    """What a public build of `site` publishes: claim ids with rating, status and content hash.

    `plain` gives each claim's plain values when the build has them already (the exports)."""
    claims: dict[str, Any] = {}
    for report in select(site, PUBLIC).reports:
        claims |= compute(memo, ("manifest", report.slug), lambda: report.digest,
                          lambda: {c.id: _entry(c, plain) for c in report.claims})
    return {"format": 1, "claims": claims}


def _entry(claim: Claim, plain: Callable[[Claim], object]) -> dict[str, Any]:
    return {"report": claim.report, "claim": claim.claim, "rating": claim.rating, "status": claim.status,
            "corrections": len(claim.corrections), "hash": claim_hash(claim, plain)}


@dataclass(frozen=True)
class Change:
    kind: str
    """new, removed, re-rated or edited."""
    claim_id: str
    detail: str = ""
    warning: str = ""


def read_manifest(path: Path) -> dict[str, Any]:
    """A release manifest, from the file or from a built site folder holding it."""
    file = path / MANIFEST if path.is_dir() else path
    data = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("claims"), dict):
        raise ValueError(f"{file} is not a release manifest")
    return data


def diff(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[Change]:
    """What changed between two manifests, in a stable order."""
    old, new = previous["claims"], current["claims"]
    changes = []
    for cid in sorted(set(old) | set(new)):
        before, after = old.get(cid), new.get(cid)
        if before is None:
            changes.append(Change("new", cid, f"rated {after['rating']}"))
        elif after is None:
            changes.append(Change("removed", cid, "no longer published"))
        elif before["rating"] != after["rating"]:
            warn = "" if after["corrections"] > before["corrections"] else \
                "rating changed without a new correction entry: add one under 'corrections:'"
            changes.append(Change("re-rated", cid, f"{before['rating']} -> {after['rating']}", warn))
        elif before["hash"] != after["hash"]:
            changes.append(Change("edited", cid, "text or sources changed"))
    return changes
