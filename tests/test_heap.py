"""Freed memory is given back to the system where glibc allows it, and asking elsewhere does nothing."""

from __future__ import annotations

import sys

import pytest

from generator import heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_on_linux_the_freed_heap_is_given_back() -> None:
    blocks = [bytearray(100_000) for _ in range(200)]  # heap blocks, under glibc's mmap threshold once it rose
    del blocks
    assert heap.give_back() is True


def test_elsewhere_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert heap._malloc_trim() is None
