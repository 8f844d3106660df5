"""Nothing lost: builds are atomic and reproducible, and no command writes into content/."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import build, claim, copy_example, make_site, run
from test_malformed import tree_digest

def many_claims_site(root: Path, claims: int, marker: str) -> Path:
    paragraphs = "\n\n".join(f"Paragraph {i} says that figure {i} grew by {i} percent." for i in range(claims))
    items = [claim(id=f"c-{i}", quote=f"figure {i} grew by {i} percent", claim=f"Figure {i} grew {marker}",
                   counterclaims=[]) for i in range(claims)]
    return make_site(root, claims=items, body=paragraphs + "\n")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(copy_example(tmp_path / "a"))
    kept = tmp_path / "first-site"
    shutil.copytree(first, kept)
    second = build(tmp_path / "a")
    assert tree_digest(kept) == tree_digest(second)
    review = build(tmp_path / "a", "--review")
    kept_review = tmp_path / "first-review"
    shutil.copytree(review, kept_review)
    assert tree_digest(kept_review) == tree_digest(build(tmp_path / "a", "--review"))


def test_builds_in_other_folders_are_identical_too(tmp_path: Path) -> None:
    assert tree_digest(build(copy_example(tmp_path / "a"))) == tree_digest(build(copy_example(tmp_path / "b")))


def test_a_killed_build_leaves_the_old_or_the_new_site_never_a_mix(tmp_path: Path) -> None:
    root = many_claims_site(tmp_path / "desk", 150, "old")
    old = tree_digest(build(root))
    new_copy = many_claims_site(tmp_path / "other", 150, "new")
    new = tree_digest(build(new_copy))
    assert old != new
    shutil.copytree(new_copy / "content", root / "content", dirs_exist_ok=True)
    seen = set()
    for delay in (0.2, 0.5, 0.9, 1.3, 1.8, 2.4, 3.0, 4.0):
        process = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=root,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (root / "site").is_dir(), f"no site/ after a kill at {delay} s"
        digest = tree_digest(root / "site")
        assert digest in (old, new), f"a mix of old and new after a kill at {delay} s"
        seen.add("old" if digest == old else "new")
    assert run("build", cwd=root).exit_code == 0
    assert tree_digest(root / "site") == new
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == [], "leftovers are cleaned up"
    assert "old" in seen, "the kills should have hit a build in progress at least once"


def test_no_command_writes_into_content(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk", claims=[claim()])
    content = root / "content"
    before = tree_digest(content), {p: p.stat().st_mtime_ns for p in content.rglob("*")}
    for args in (["check", "content"], ["check", "content", "--format", "json"], ["build"], ["build", "--review"],
                 ["diff", "site"], ["build", "--strict"]):
        run(*args, cwd=root)
    assert (tree_digest(content), {p: p.stat().st_mtime_ns for p in content.rglob("*")}) == before


def test_a_link_planted_in_the_build_cache_is_replaced_never_written_through(tmp_path: Path) -> None:
    """The build writes its data files into .factcheck-cache/, a folder of the project anyone may fill."""
    root = make_site(tmp_path / "desk")
    victim = tmp_path / "victim.txt"
    victim.write_text("the desk's own file\n", encoding="utf-8")
    cache = root / ".factcheck-cache" / "public"
    cache.mkdir(parents=True)
    (cache / "claims.json").symlink_to(victim)
    site = build(root)
    assert victim.read_text(encoding="utf-8") == "the desk's own file\n"
    assert not (cache / "claims.json").is_symlink() and '"claims":[' in (site / "claims.json").read_text("utf-8")

    shutil.rmtree(cache)
    cache.symlink_to(tmp_path, target_is_directory=True)
    result = run("build", cwd=root)
    assert result.exit_code == 1 and "is a link out of the cache folder" in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "victim.txt"]
