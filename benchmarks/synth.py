"""Synthetic content of realistic size: N claims spread over reports of 10 claims each.

Each report has an article of 12 paragraphs (~80 words each); each claim has a quote from it, notes of
~150 words of Markdown, three sources with archive links, and a counterclaim with its own quote.
Deterministic: the same N gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = ("minister council figures report growth decline budget percent region official statement data "
         "survey election policy health school hospital police border trade market energy price rate year "
         "month week city village province agency committee inquiry record increase decrease estimate").split()
CLAIMS_PER_REPORT = 10
PARAGRAPHS = 12

MKDOCS_YML = """\
site_name: Benchmark Desk
site_url: https://example.org/bench/
docs_dir: content
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - factcheck:
      example_site: true   # example.org addresses throughout: a demonstration site
nav:
  - Home: index.md
  - Reports: reports/index.md
  - Ratings: ratings.md
  - Claimants: claimants.md
  - Corrections: corrections.md
not_in_nav: |
  /reports/**
"""


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def write_site(root: Path, claims: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    ratings = ["false", "mostly-false", "half-true", "mostly-true", "true", "unverified"]
    for r in range(-(-claims // CLAIMS_PER_REPORT)):
        folder = content / f"report-{r:05d}"
        folder.mkdir(exist_ok=True)
        paragraphs = []
        items = []
        for p in range(PARAGRAPHS):
            marker = f"Statement {r}-{p} says"
            text = f"{marker} {sentence(rng, 14)} {sentence(rng, 30)} {sentence(rng, 30)}"
            paragraphs.append(text)
        for c in range(min(CLAIMS_PER_REPORT, claims - r * CLAIMS_PER_REPORT)):
            quote = paragraphs[c].split(".")[0]
            counter_quote = paragraphs[c + 1].split(".")[0] if c + 1 < PARAGRAPHS else paragraphs[0].split(".")[0]
            sources = [{"title": sentence(rng, 6), "publisher": f"Publisher {3 * rng.randrange(50) + s}",
                        "date": f"20{rng.randrange(19, 26)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}",
                        "url": f"https://example.org/src/{r}/{c}/{s}",
                        "archive_url": f"https://web.archive.org/web/2025/https://example.org/src/{r}/{c}/{s}",
                        "excerpt": sentence(rng, 20), "kind": rng.choice(["primary", "secondary"])} for s in range(3)]
            notes = "\n\n".join([sentence(rng, 40), "- " + sentence(rng, 15) + "\n- " + sentence(rng, 15) +
                                 "\n- " + sentence(rng, 15), sentence(rng, 40)])
            items.append({
                "id": f"claim-{r:05d}-{c}", "quote": quote, "claim": sentence(rng, 8)[:70],
                "claimant": {"name": f"Person {rng.randrange(claims // 3 + 1)}", "type": "person", "role": "Official"},
                "claim_date": f"20{19 + r % 7}-0{1 + c % 9}-15", "rating": ratings[(r + c) % len(ratings)],
                "conclusion": sentence(rng, 25) + " " + sentence(rng, 20), "notes": notes, "sources": sources,
                "counterclaims": [{"claimant": {"name": f"Opponent {r}"}, "text": sentence(rng, 15),
                                   "quote": counter_quote, "sources": [dict(sources[0])]}],
                "reply": {"not_sought": "Benchmark content."},
                "status": "approved", "author": "Bench Checker", "editor": "Bench Editor",
                "published": f"20{19 + r % 7}-0{1 + c % 9}-20",
            })
        front = {"title": f"Report {r}: " + sentence(rng, 6), "publisher": "Bench News",
                 "published": f"20{19 + r % 7}-0{1 + r % 9}-1{r % 10}", "language": "en"}
        (folder / "article.md").write_text("---\n" + yaml.safe_dump(front) + "---\n\n" + "\n\n".join(paragraphs) + "\n",
                                           encoding="utf-8")
        (folder / "claims.yml").write_text(yaml.safe_dump({"claims": items}, sort_keys=False), encoding="utf-8")
    return root
