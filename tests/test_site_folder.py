"""A site folder is ours only if we made it: no build replaces a folder it did not make, or one the desk
works in; the swap fails cleanly (old site intact, nothing left behind) or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.sitedir import MARKER, protected_folders, refusal
from helpers import build, make_site, run
from test_malformed import tree_digest


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "-building-" in p.name or "-old-" in p.name)


@pytest.fixture()
def desk(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "desk")
    (root / "templates").mkdir()
    (root / "templates" / "README.md").write_text("my templates\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("target, why", [
    ("content", "is the content folder"),
    ("templates", "is the templates folder"),
    (".", "is the project folder (where mkdocs.yml is)"),
    ("..", "contains the project folder (where mkdocs.yml is)"),
    ("content/out", "is inside the content folder"),
    ("templates/site", "is inside the templates folder"),
])
def test_a_build_never_replaces_a_folder_the_desk_works_in(desk: Path, target: str, why: str) -> None:
    before = tree_digest(desk)
    result = run("build", "--site-dir", target, cwd=desk)
    assert result.exit_code == 1, result.output
    assert f"Error: {target} {why}" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(desk) == before
    assert leftovers(desk) == [] and leftovers(desk.parent) == []


def test_the_home_folder_and_the_root_are_refused() -> None:
    protected = protected_folders(Path("/srv/desk"), Path("/srv/desk/content"), None)
    assert "is your home folder" in (refusal(Path.home(), protected) or "")
    assert "contains the project folder" in (refusal(Path("/"), protected) or "")


def test_a_folder_factcheck_did_not_make_is_refused_and_an_empty_one_is_used(desk: Path) -> None:
    (desk / "public").mkdir()
    (desk / "public" / "index.html").write_text("the desk's old hand-made site\n", encoding="utf-8")
    result = run("build", "--site-dir", "public", cwd=desk)
    assert result.exit_code == 1
    assert f"public exists and was not made by factcheck (it has no {MARKER} file)" in result.output
    assert (desk / "public" / "index.html").read_text(encoding="utf-8") == "the desk's old hand-made site\n"
    (desk / "empty").mkdir()
    assert run("build", "--site-dir", "empty", cwd=desk).exit_code == 0
    assert (desk / "empty" / MARKER).is_file() and (desk / "empty" / "index.html").is_file()


def test_every_build_leaves_its_marker_and_a_marked_site_is_replaced(desk: Path) -> None:
    site = build(desk)
    assert (site / MARKER).is_file()
    (site / "stale.html").write_text("old", encoding="utf-8")
    site = build(desk)
    assert not (site / "stale.html").exists()
    assert (build(desk, "--review") / MARKER).is_file()


def test_a_file_where_the_site_should_be_is_refused(desk: Path) -> None:
    (desk / "site").write_text("not a folder", encoding="utf-8")
    result = run("build", cwd=desk)
    assert result.exit_code == 1
    assert "site is a file, not a folder" in result.output
    assert (desk / "site").read_text(encoding="utf-8") == "not a folder"


def test_a_symlinked_site_folder_is_updated_behind_its_link(desk: Path, tmp_path: Path) -> None:
    www = tmp_path / "www" / "htdocs"
    www.mkdir(parents=True)
    (desk / "site").symlink_to(www)
    build(desk)
    assert (desk / "site").is_symlink() and (desk / "site").resolve() == www.resolve()
    assert (www / MARKER).is_file() and (www / "index.html").is_file()
    (www / "stale.html").write_text("old", encoding="utf-8")
    build(desk)
    assert (desk / "site").is_symlink()
    assert not (www / "stale.html").exists() and (www / "index.html").is_file()
    assert leftovers(www.parent) == [] and leftovers(desk) == []


def test_a_broken_site_link_is_refused(desk: Path, tmp_path: Path) -> None:
    (desk / "site").symlink_to(tmp_path / "gone")
    result = run("build", cwd=desk)
    assert result.exit_code == 1 and "is a broken symbolic link" in result.output
    assert (desk / "site").is_symlink()


def test_mkdocs_yml_site_dir_is_honoured(desk: Path) -> None:
    config = desk / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: public\n", encoding="utf-8")
    assert run("build", cwd=desk).exit_code == 0
    assert (desk / "public" / "index.html").is_file() and not (desk / "site").exists()
    assert run("build", "--review", cwd=desk).exit_code == 0
    assert (desk / "public-review" / "REVIEW-COPY.txt").is_file()


def test_plain_mkdocs_build_refuses_a_foreign_site_dir_too(desk: Path) -> None:
    config = desk / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: templates\n", encoding="utf-8")
    before = tree_digest(desk / "templates")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=desk, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "not building into site_dir" in done.stderr and "is the templates folder" in done.stderr
    assert tree_digest(desk / "templates") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not restrict root, so a read-only site cannot be made")
def test_a_read_only_site_is_a_clear_error_and_stays_intact(desk: Path) -> None:
    site = build(desk)
    before = tree_digest(site)
    (site / "reports").chmod(0o555)
    try:
        result = run("build", cwd=desk)
        assert result.exit_code == 1 and "is read-only" in result.output
        assert tree_digest(site) == before and leftovers(desk) == []
    finally:
        (site / "reports").chmod(0o755)


def test_an_unwritable_parent_is_a_clear_error(desk: Path, tmp_path: Path) -> None:
    """Building into a folder on a read-only file system (here /proc) fails before anything is built."""
    result = run("build", "--site-dir", "/proc/factcheck-site", cwd=desk)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.strip().endswith("The previous site is unchanged.")


def test_a_failed_build_leaves_no_staging_folder(desk: Path) -> None:
    site = build(desk)
    before = tree_digest(site)
    (desk / "templates" / "claim.md.j2").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    result = run("build", cwd=desk)
    assert result.exit_code == 1
    assert tree_digest(site) == before and leftovers(desk) == []


@pytest.fixture()
def tmpfs(tmp_path: Path):
    """Mount a small RAM file system (skips where mounting is not permitted)."""
    mounted: list[Path] = []

    def mount(at: Path, size_kb: int) -> Path:
        at.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(at)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a file system here: {done.stderr.strip()}")
        mounted.append(at)
        return at

    yield mount
    for at in reversed(mounted):
        subprocess.run(["umount", "-l", str(at)], capture_output=True)


def test_a_full_disk_is_a_clear_error_and_the_previous_site_stays(desk: Path, tmp_path: Path, tmpfs) -> None:
    size_kb = sum(p.stat().st_size for p in build(desk).rglob("*") if p.is_file()) // 1024
    disk = tmpfs(tmp_path / "disk", size_kb * 3 // 2)
    target = disk / "site"
    assert run("build", "--site-dir", str(target), cwd=desk).exit_code == 0
    before = tree_digest(target)
    result = run("build", "--site-dir", str(target), cwd=desk)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert result.output.strip().endswith("The previous site is unchanged.")
    assert tree_digest(target) == before and leftovers(disk) == []


def test_a_site_folder_that_is_a_mount_point_is_refused(desk: Path, tmpfs) -> None:
    site = build(desk)
    before = tree_digest(site)
    tmpfs(desk / "site", 8192)
    result = run("build", cwd=desk)
    assert result.exit_code == 1
    assert "site is a mount point, which cannot be replaced in one step" in result.output
    subprocess.run(["umount", "-l", str(desk / "site")], capture_output=True)
    assert tree_digest(site) == before


def test_a_plain_mkdocs_build_that_fails_leaves_the_previous_site(desk: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=desk, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    before = tree_digest(desk / "site")
    (desk / "content" / "mayor-interview" / "claims.yml").write_text("claims: [{id: broken}]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=desk, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert tree_digest(desk / "site") == before


def test_review_true_in_mkdocs_yml_builds_a_review_copy_beside_the_site(desk: Path) -> None:
    site = build(desk)
    before = tree_digest(site)
    config = desk / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - factcheck\n", "  - factcheck:\n      review: true\n"),
                      encoding="utf-8")
    result = run("build", cwd=desk)
    assert result.exit_code == 0, result.output
    assert "into site-review/" in result.output and "(review copy)" in result.output
    assert (desk / "site-review" / "REVIEW-COPY.txt").is_file() and tree_digest(site) == before
