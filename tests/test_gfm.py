"""Editors' Markdown is rendered by cmark-gfm exactly as cmarkgfm renders it, and its memory is given back."""

from __future__ import annotations

import ctypes
import sys

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st

from generator import gfm
from generator.gfm import gfm_html

DOCUMENTS = [
    "",
    "Plain *emphasis*, **strong**, `code` and ~~struck~~ text.",
    "| claim | rating |\n|---|:-:|\n| a | *false* |\n",
    "- [ ] open\n- [x] done\n\n1. one\n2. two\n",
    "See https://example.org/a?b=c and www.example.org. <script>alert(1)</script> <b>raw</b>\n",
    "```python\nprint('x')\n```\n\n> quoted\n> > twice\n",
    "Заголовок\n=========\n\nنص عربي و 漢字 [link](https://example.org/\"x\")\n",
]

MARKDOWN_PIECES = st.sampled_from(["*", "_", "~", "|", "-", "#", ">", "[", "]", "(", ")", "`", ":", "/", " ", "\n",
                                   "\n\n", "a", "é", "漢", "<b>", "https://example.org", "| a |\n|---|\n"])


@pytest.mark.parametrize("options", [0, Options.CMARK_OPT_SOURCEPOS])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_html_is_cmarkgfms(document: str, options: int) -> None:
    assert gfm_html(document, options) == cmarkgfm.github_flavored_markdown_to_html(document, options=options)


@given(st.lists(MARKDOWN_PIECES, max_size=80).map("".join))
def test_any_markdown_renders_as_cmarkgfm_renders_it(document: str) -> None:
    assert gfm_html(document) == cmarkgfm.github_flavored_markdown_to_html(document)


class MallInfo2(ctypes.Structure):
    """glibc's `struct mallinfo2`."""

    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                     "fsmblks", "uordblks", "fordblks", "keepcost")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallinfo2 measures the C heap")
def test_rendering_gives_its_memory_back() -> None:
    assert gfm._FREEING is not None, "cmark_node_free and the allocator's free are found in cmarkgfm's module"
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        pytest.skip("not glibc >= 2.33")
    mallinfo2.restype = MallInfo2
    document = "A paragraph of *notes* with [a link](https://example.org/) and a | table |\n|---|\n| row |\n" * 20
    gfm_html(document)
    before = mallinfo2().uordblks
    for _ in range(2000):
        gfm_html(document)
    assert mallinfo2().uordblks - before < 1_000_000  # cmarkgfm's own function keeps ~20 MB of these 2,000 renderings
