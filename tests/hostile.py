"""Hostile payloads: what a careless paste or a malicious source could put into any text field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from helpers import MKDOCS_YML

M = "window.__pwned=(window.__pwned||0)+1"  # what every payload tries to run

PAYLOADS = [
    f"<script>{M};alert(1)</script>",
    f'<img src=x onerror="{M};alert(2)">',
    f'<svg onload="{M}">',
    f'<a href="javascript:{M}">click</a>',
    f"[click](javascript:{M})",
    f"![img](javascript:{M})",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
    f'<iframe src="javascript:{M}"></iframe>',
    f"<body onload={M}>",
    f'"><script>{M}</script>',
    f"'><img src=x onerror={M}>",
    f"</script><script>{M}</script>",
    "{{ 7*7 }} {{ config }} {{ site }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "&lt;script&gt;alert(16)&lt;/script&gt;",
    "&#60;script&#62;alert(17)&#60;/script&#62;",
    f"<scr<script>ipt>{M}</script>",
    f'<div style="background:url(javascript:{M})">styled</div>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={M}>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{M}">',
    f'<form action="javascript:{M}"><button>go</button></form>',
    f'<object data="javascript:{M}"></object>',
    f'<embed src="javascript:{M}">',
    f'<base href="javascript:{M}//">',
    f"<details open ontoggle={M}>",
    f'<a href="jav&#x09;ascript:{M}">tab</a>',
    f"[mixed](JaVaScRiPt:{M})",
    f'<a href=" javascript:{M}">space</a>',
    f"<!--<script>{M}</script>-->",
    f"<![CDATA[<script>{M}</script>]]>",
    "A" * 5000,
    "\u202egnp.exe bidi override \u2066isolate\u2069",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "<unclosed <b>bold <i>nested",
    f"</div></article></body></html><script>{M}</script>",
    "${alert(39)} `backtick` $(id)",
    f'<a href="#" onclick="{M}">x</a>',
    f"[ref][x]\n\n[x]: javascript:{M}",
    f"<svg><script>{M}</script></svg>",
    f"<input autofocus onfocus={M}>",
    f"<marquee onstart={M}>m</marquee>",
    "--> <!-- ]]> %>",
    f"<a href=\"https://example.org/\" target=_blank rel=opener onmouseover={M}>x</a>",
]
URL_PAYLOADS = [
    f'https://example.org/"><script>{M}</script>',
    f"https://example.org/'onmouseover='{M}'",
    "https://example.org/<img/src=x/onerror=alert(1)>",
]


def hostile_claim(i: int, payload: str) -> dict[str, Any]:
    url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
    person = {"name": f"Name {payload}", "type": "person", "role": f"Role {payload}", "same_as": url}
    source = {"title": f"Source {payload}", "publisher": f"Pub {payload}", "url": url, "archive_url": url,
              "excerpt": payload, "kind": "primary"}
    return {
        "id": f"hostile-{i}", "quote": f"Anchor sentence number {i} is here", "claim": f"Claim {i} {payload}",
        "claimant": person, "rating": f"r{i}", "conclusion": f"Conclusion {payload}", "notes": f"Notes\n\n{payload}",
        "sources": [source, dict(source, publisher=f"Second pub {payload}")],
        "counterclaims": [{"claimant": {"name": f"Other {payload}"}, "text": f"Counter {payload}",
                           "quote": f"Counter sentence {i} too", "sources": [dict(source)]}],
        "reply": {"contacted": "2025-01-02", "response": f"Reply {payload}"},
        "status": "approved", "author": f"Author {payload}", "editor": f"Editor {payload}",
        "published": "2025-01-03", "updated": "2025-01-04",
        "corrections": [{"date": "2025-01-04", "text": f"Correction {payload}"}],
    }


def write_hostile_site(root: Path) -> Path:
    """One site: a report per payload, the payload in every text field; a rating per payload too."""
    content = root / "content"
    content.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    ratings = [{"key": f"r{i}", "label": (f"L{i} " + p)[:40], "value": i + 1, "icon": p[:2] or "?",
                "description": f"Rating {p}"} for i, p in enumerate(PAYLOADS)]
    (content / "ratings.yml").write_text(yaml.safe_dump({"ratings": ratings}, allow_unicode=True), encoding="utf-8")
    for i, payload in enumerate(PAYLOADS):
        folder = content / f"report-{i}"
        folder.mkdir()
        meta = {"title": f"Title {i} {payload}", "publisher": f"Pub {payload}", "author": f"By {payload}",
                "url": URL_PAYLOADS[i % len(URL_PAYLOADS)], "published": "2025-01-01", "language": "en"}
        body = f"Anchor sentence number {i} is here. Counter sentence {i} too.\n\n{payload}\n\nEnd of article {i}.\n"
        (folder / "article.md").write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body,
                                           encoding="utf-8")
        (folder / "claims.yml").write_text(yaml.safe_dump({"claims": [hostile_claim(i, payload)]}, allow_unicode=True),
                                           encoding="utf-8")
    return root
