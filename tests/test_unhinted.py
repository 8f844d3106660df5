"""Unhinted copies of the cards' fonts: the same glyphs without hinting, and a cache that is never trusted blindly."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from generator import textlayout, unhinted

LATIN = next(face.path for face in textlayout.font_chain(True) if Path(face.path).name == "NotoSans-Bold.ttf")
ARABIC = next(face.path for face in textlayout.font_chain(False, "ar") if "Arabic" in face.path)
CJK = next(face.path for face in textlayout.font_chain(False, "ja") if face.path.endswith(".ttc"))


@pytest.fixture
def folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The user's font cache, in a process that has not loaded a font yet."""
    cache = tmp_path / "fonts"
    monkeypatch.setattr(unhinted, "cache_folder", lambda: cache)
    unhinted.font_data.cache_clear()
    yield cache
    unhinted.font_data.cache_clear()


def again(path: str) -> bytes | None:
    """The font's data as a new process finds it."""
    unhinted.font_data.cache_clear()
    return unhinted.font_data(path)


def copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("path", [LATIN, ARABIC])
def test_the_copy_has_every_glyph_and_metric_and_no_hinting(path: str) -> None:
    data = unhinted.dehint(path)
    assert data is not None and data == unhinted.dehint(path), "the same bytes every time"
    with TTFont(path) as source, TTFont(io.BytesIO(data)) as copy:
        assert not {"fpgm", "prep", "cvt "} & set(copy.keys())
        assert copy.getGlyphOrder() == source.getGlyphOrder() and copy.getBestCmap() == source.getBestCmap()
        assert copy["hmtx"].metrics == source["hmtx"].metrics
        for name in source.getGlyphOrder()[:400]:
            glyph, original = copy["glyf"][name], source["glyf"][name]
            assert not getattr(glyph, "program", None) or not glyph.program.getBytecode()
            assert glyph.getCoordinates(copy["glyf"])[0] == original.getCoordinates(source["glyf"])[0]
        assert set(source.keys()) - set(copy.keys()) <= set(unhinted.HINTING_TABLES)


def test_a_font_without_truetype_hinting_is_used_as_it_is(folder: Path, tmp_path: Path) -> None:
    assert unhinted.font_data(CJK) is None, "a collection of CFF fonts: no bytecode to remove"
    broken = tmp_path / "Broken-Bold.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not really a font")
    assert unhinted.font_data(str(broken)) is None, "FreeType opens it as before (and says what is wrong)"
    assert not folder.exists() or copies(folder) == []


def test_a_copy_is_made_once_and_read_by_the_next_process(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = unhinted.font_data(LATIN)
    assert made == unhinted.dehint(LATIN)
    (kept,) = copies(folder)
    assert kept.startswith("NotoSans-Bold-") and (folder / kept).read_bytes() == made
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700), "the folder is the user's alone"
    monkeypatch.setattr(unhinted, "dehint", lambda path: pytest.fail("made again"))
    assert again(LATIN) == made


def test_an_updated_font_gets_a_new_copy_and_the_old_one_goes(folder: Path, tmp_path: Path) -> None:
    font = tmp_path / "NotoSans-Bold.ttf"
    font.write_bytes(Path(LATIN).read_bytes())
    unhinted.font_data(str(font))
    (old,) = copies(folder)
    font.write_bytes(Path(ARABIC).read_bytes())  # another font under the same name: a package update
    assert again(str(font)) == unhinted.dehint(ARABIC)
    assert len(copies(folder)) == 1 and copies(folder) != [old]


def test_a_link_planted_at_a_copys_name_is_not_followed_and_is_replaced(folder: Path, tmp_path: Path) -> None:
    made = unhinted.font_data(LATIN)
    (name,) = copies(folder)
    planted = tmp_path / "planted.ttf"
    planted.write_bytes(made or b"")  # even a link to the right bytes: the file is not one the cache wrote
    (folder / name).unlink()
    (folder / name).symlink_to(planted)
    assert again(LATIN) == made
    assert not (folder / name).is_symlink() and (folder / name).read_bytes() == made
    assert planted.read_bytes() == made, "nothing is written through the link"


def test_a_file_planted_at_a_copys_name_with_other_bytes_is_not_used(folder: Path) -> None:
    made = unhinted.font_data(LATIN)
    (name,) = copies(folder)
    (folder / name).write_bytes(Path(ARABIC).read_bytes())  # a valid font, but not the one its name records
    assert again(LATIN) == made
    assert (folder / name).read_bytes() == made


def test_a_folder_others_may_write_to_is_neither_read_nor_written(folder: Path) -> None:
    made = unhinted.font_data(LATIN)
    (name,) = copies(folder)
    folder.chmod(0o777)
    (folder / name).write_bytes(b"planted")
    assert again(LATIN) == made
    assert (folder / name).read_bytes() == b"planted", "made in memory: nothing written there"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_copy_owned_by_someone_else_is_not_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = unhinted.font_data(LATIN)
    (name,) = copies(folder)
    os.chown(folder / name, 12345, 12345)
    made: list[str] = []
    monkeypatch.setattr(unhinted, "dehint", lambda path, dehint=unhinted.dehint: made.append(path) or dehint(path))
    assert again(LATIN) == expected and made == [LATIN], "made again, not read from that file"


def test_a_link_in_place_of_the_folder_is_not_followed(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder.symlink_to(elsewhere, target_is_directory=True)
    assert unhinted.font_data(LATIN) == unhinted.dehint(LATIN)
    assert list(elsewhere.iterdir()) == [], "made in memory: nothing written where the link leads"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a link away needs root")
def test_a_link_another_user_planted_above_the_folder_is_not_trusted(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """Someone else's link in a shared cache folder, leading to a folder of the user's own (a clone of their
    repository, say) with a font they chose under the right name: FreeType never reads it."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    theirs = tmp_path / "clone" / "cache"
    (theirs / "fonts").mkdir(parents=True, mode=0o700)
    planted = b"planted: not a font the build made"
    name = unhinted._name(LATIN, os.stat(LATIN))
    (theirs / "fonts" / f"{name}-{unhinted._digest(planted)}.ttf").write_bytes(planted)
    (shared / "factcheck").symlink_to(theirs, target_is_directory=True)
    os.lchown(shared / "factcheck", 4242, 4242)
    monkeypatch.setattr(unhinted, "cache_folder", lambda: shared / "factcheck" / "fonts")
    assert again(LATIN) == unhinted.dehint(LATIN)


def test_a_fifo_at_a_copys_name_does_not_stop_the_build(folder: Path) -> None:
    import threading

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.mkfifo(folder / f"{unhinted._name(LATIN, os.stat(LATIN))}-0.ttf", 0o600)
    found: list[bytes | None] = []
    reading = threading.Thread(target=lambda: found.append(again(LATIN)), daemon=True)
    reading.start()
    reading.join(60)
    assert not reading.is_alive() and found == [unhinted.dehint(LATIN)]


def test_a_font_changed_in_place_with_its_time_put_back_gets_a_new_copy(folder: Path, tmp_path: Path) -> None:
    font = tmp_path / "Changed-Bold.ttf"
    font.write_bytes(Path(LATIN).read_bytes())
    first = unhinted.font_data(str(font))
    before = os.stat(font)
    with TTFont(str(font)) as changed:  # the same size, other widths, as `cp -p` or `rsync -a` could bring
        changed["hmtx"].metrics = {name: (width + 1, lsb) for name, (width, lsb) in changed["hmtx"].metrics.items()}
        data = io.BytesIO()
        changed.save(data)
    font.write_bytes(data.getvalue())
    os.utime(font, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert again(str(font)) == unhinted.dehint(str(font)) != first
