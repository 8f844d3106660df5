"""Malformed content never crashes: a clear `path:line` message, exit 1 or 2, and the last site untouched."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from generator.cli import cli
from helpers import GOOD_CLAIMS_YML, build, make_site

PROBLEM_LINE = re.compile(r"^\S+:\d+: (error|warning): ", re.M)
Mutation = Callable[[Path], None]


def claims(root: Path) -> Path:
    return root / "content" / "mayor-interview" / "claims.yml"


def article(root: Path) -> Path:
    return root / "content" / "mayor-interview" / "article.md"


def write(path_of: Callable[[Path], Path], data: str | bytes) -> Mutation:
    def mutate(root: Path) -> None:
        path = path_of(root)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return mutate


def remove(path_of: Callable[[Path], Path]) -> Mutation:
    return lambda root: path_of(root).unlink()


def ratings(data: str) -> Mutation:
    return lambda root: (root / "content" / "ratings.yml").write_text(data, encoding="utf-8")


def huge(path_of: Callable[[Path], Path], megabytes: int) -> Mutation:
    def mutate(root: Path) -> None:
        with path_of(root).open("w", encoding="utf-8") as f:
            f.write("claims:\n")
            line = "  # " + "x" * 1020 + "\n"
            for _ in range(megabytes * 1024):
                f.write(line)
    return mutate


def quote_not_in_huge_article(root: Path) -> None:
    """A 200 KB quote, one letter off, in a 1 MB article: the closest-passage hint is bounded work."""
    words = " ".join(f"w{(i * 7919) % 5000:04d}x" for i in range(150_000))[:1_000_000]
    with article(root).open("a", encoding="utf-8") as f:
        f.write("\n" + words + "\n")
    quote = words[300_000:500_000].strip().replace("x", "y", 1)
    claims(root).write_text(GOOD_CLAIMS_YML.replace("quote: crime fell by 20% last year", f"quote: {quote}"),
                            encoding="utf-8")


BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)) + "claims: *i\n"
WRONG_TYPES = """\
claims:
  - id: 12
    quote: [not, text]
    claim: {a: b}
    claimant: Just A Name
    rating: 5
    status: true
    sources: yes
    counterclaims: none
    corrections: 2025-01-01
    published: tomorrow
"""
ABSURD_DATES = GOOD_CLAIMS_YML.replace("published: 2025-03-10", "published: 9999-99-99") \
    .replace("claim_date: 2025-03-03", "claim_date: 0000-01-01")

CASES: dict[str, Mutation] = {
    "yaml syntax error": write(claims, "claims:\n  - id: [unclosed\n"),
    "wrong types everywhere": write(claims, WRONG_TYPES),
    "empty claims file": write(claims, ""),
    "empty article": write(article, ""),
    "only whitespace article": write(article, "\n\n   \n"),
    "missing article": remove(article),
    "missing claims file": remove(claims),
    "duplicate keys": write(claims, GOOD_CLAIMS_YML.replace("  rating:", "  rating: half-true\n  rating:", 1)),
    "claims file is a list": write(claims, "- id: a\n- id: b\n"),
    "claims file is a string": write(claims, "just some words\n"),
    "claims is null": write(claims, "claims:\n"),
    "tabs for indentation": write(claims, GOOD_CLAIMS_YML.replace("  quote:", "\tquote:", 1)),
    "non-UTF-8 claims": write(claims, GOOD_CLAIMS_YML.encode() + b"# caf\xe9\n"),
    "non-UTF-8 article": write(article, b"---\ntitle: x\n---\n\nna\xefve\n"),
    "binary garbage": write(claims, bytes(range(256)) * 8),
    "null byte": write(claims, "claims:\n  - id: a\x00b\n"),
    "BOM only": write(claims, b"\xef\xbb\xbf"),
    "absurd dates": write(claims, ABSURD_DATES),
    "deep nesting": write(claims, "claims: " + "[" * 100_000),
    "deep mappings": write(claims, "claims:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))),
    "billion laughs": write(claims, BILLION_LAUGHS),
    "50 MB file": huge(claims, 50),
    "front matter not closed": write(article, "---\ntitle: x\n\nbody\n"),
    "front matter is a list": write(article, "---\n- a\n- b\n---\n\nbody\n"),
    "no front matter": write(article, "Just the article.\n"),
    "custom YAML tag": write(claims, "claims: !!python/object/apply:os.system ['echo pwned']\n"),
    "two documents": write(claims, "claims: []\n---\nclaims: []\n"),
    "ratings file is a string": ratings("scale\n"),
    "ratings empty list": ratings("ratings: []\n"),
    "ratings with bad values": ratings("ratings:\n  - {key: Bad Key, label: '', value: -3, description: 5}\n"),
    "claims file is a directory": lambda root: (claims(root).unlink(), claims(root).mkdir()),
    "claims file is a device": lambda root: (claims(root).unlink(), claims(root).symlink_to("/dev/zero")),
    "huge number": write(claims, GOOD_CLAIMS_YML.replace("rating: mostly-true", "rating: 1e999999")),
    "very long line": write(claims, "claims:\n  - id: " + "a" * 2_000_000 + "\n"),
    "notes nested 20 KB deep": write(claims, GOOD_CLAIMS_YML.replace("notes: We compared police figures.",
                                                                     "notes: '" + ">" * 20_000 + " deep'")),
    "notes of nested lists": write(claims, GOOD_CLAIMS_YML.replace("notes: We compared police figures.",
                                                                   "notes: '" + "- " * 10_000 + "x'")),
    "article nested 20 KB deep": write(article, "---\ntitle: x\n---\n\n" + ">" * 20_000 + " crime fell by 20% last year\n"),
    "desk page nested 20 KB deep": lambda root: page(root, "about/deep.md", "# Deep\n\n" + "> " * 20_000 + "x\n"),
    "desk page of nested admonitions": lambda root: page(root, "about/notes.md", "\n\n".join(
        "    " * i + "!!! note" for i in range(1000))),
    "desk page of nested raw HTML": lambda root: page(root, "about/divs.md", "<div>" * 100_000 + "x\n"),
    "link out of content": lambda root: (root / "content" / "leak.txt").symlink_to("/etc/passwd"),
    "report folder linked from outside": lambda root: (root / "content" / "linked").symlink_to(root.parent),
    "link loop": lambda root: (root / "content" / "loop").symlink_to("."),
    "claims file directly in content": lambda root: page(root, "claims.yml", GOOD_CLAIMS_YML),
    "content file named like an export": lambda root: page(root, "claims.json", "{}"),
    "content page named like a generated page": lambda root: page(root, "ratings.md", "# Ratings\n"),
    "content file at the worker shim's path": lambda root: page(root, "assets/javascripts/iframe-worker-shim.js",
                                                                "alert(1)"),
    "200 KB quote not in a 1 MB article": quote_not_in_huge_article,
}
SLOW = {"50 MB file", "billion laughs", "deep nesting", "very long line", "notes nested 20 KB deep",
        "desk page of nested admonitions", "desk page of nested raw HTML",
        "notes of nested lists", "article nested 20 KB deep", "desk page nested 20 KB deep",
        "200 KB quote not in a 1 MB article"}
SECONDS = {"50 MB file": 45}
"""How long check and build may take on a slow case together (default 30 s, on a busy 2-core machine; the
quadratic cases these guard against took minutes)."""


def page(root: Path, rel: str, text: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One site with a public release, built once for the module; each case works on a copy."""
    root = make_site(tmp_path_factory.mktemp("release") / "desk")
    (root / "content/mayor-interview/claims.yml").write_text(GOOD_CLAIMS_YML, encoding="utf-8")
    return root, tree_digest(build(root))


@pytest.fixture()
def site_with_release(released: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    source, digest = released
    root = tmp_path / "desk"
    shutil.copytree(source, root, symlinks=True)
    return root, digest


def run_in_process(root: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("case", sorted(set(CASES) - SLOW))
def test_malformed_content_gets_a_clear_message_and_keeps_the_site(case: str, site_with_release) -> None:
    root, before = site_with_release
    CASES[case](root)
    for command in (["check", "content"], ["build"]):
        code, output = run_in_process(root, *command)
        assert code in (1, 2), (command, output)
        assert PROBLEM_LINE.search(output), (command, output)
        assert "Traceback" not in output
    assert tree_digest(root / "site") == before


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


@pytest.mark.parametrize("case", sorted(SLOW))
def test_hostile_sizes_end_quickly_in_bounded_memory(case: str, site_with_release) -> None:
    root, before = site_with_release
    CASES[case](root)
    started = time.monotonic()
    for command in (["check", "content"], ["build"]):
        done = subprocess.run([sys.executable, "-m", "generator", *command], cwd=root, capture_output=True, text=True,
                              timeout=60, preexec_fn=_limit_memory)
        assert done.returncode in (1, 2), done.stderr
        output = done.stdout + done.stderr
        assert PROBLEM_LINE.search(output) and "Traceback" not in output, output[-2000:]
        assert len(output) < 20_000, "messages are bounded"
    assert time.monotonic() - started < SECONDS.get(case, 30)
    assert tree_digest(root / "site") == before
