"""GitHub-flavoured Markdown to HTML with cmark-gfm: `cmarkgfm.github_flavored_markdown_to_html`, without its leak.

cmarkgfm's function never frees the syntax tree it parses nor the HTML text it renders: ~5 KB a call, kept
for the life of the process (130 MB of malloc'd memory in a 10,000-claim build, which checks and renders every
claim's notes). Here both are freed once the HTML is a Python string; the steps and the HTML are cmarkgfm's.

Freeing needs two functions its bindings leave out (`cmark_node_free`, and the `free` of the allocator that
rendered the text); ctypes finds them in its compiled module. Where they cannot be found, rendering falls back
to cmarkgfm's own function: the same HTML, only the memory is not given back.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

import cmarkgfm
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")
"""The extensions `github_flavored_markdown_to_html` attaches, in its order."""

_lib: Any = _cmark.lib
_ffi: Any = _cmark.ffi


class _Allocator(ctypes.Structure):
    """cmark's `cmark_mem`: the allocator a parser, and so its syntax tree and rendered text, uses."""

    _fields_ = [("calloc", ctypes.c_void_p), ("realloc", ctypes.c_void_p),
                ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p))]


def _native_freeing() -> tuple[Callable[[int], None], Callable[[int], None]] | None:
    """(free a syntax tree, free a rendered text), from cmarkgfm's compiled module; None where not found."""
    try:
        native = ctypes.CDLL(_cmark.__file__)
        node_free = native.cmark_node_free
        node_free.argtypes, node_free.restype = [ctypes.c_void_p], None
        allocator = native.cmark_get_default_mem_allocator
        allocator.argtypes, allocator.restype = [], ctypes.POINTER(_Allocator)
        text_free = allocator().contents.free
    except (OSError, AttributeError, ValueError, TypeError):
        return None
    if not text_free:
        return None
    return node_free, text_free


_FREEING = _native_freeing()
_ONE_AT_A_TIME = threading.Lock()
"""cmark-gfm keeps a table of special characters for all parsers, changed around each parse: two parses at
once (the bindings let threads run during the C calls) can give wrong HTML. One render at a time, then."""


def _address(pointer: Any) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def gfm_html(text: str, options: int = 0) -> str:
    """`text` (GitHub-flavoured Markdown) as HTML, exactly as `cmarkgfm.github_flavored_markdown_to_html(text,
    options)` renders it, with cmark's memory given back."""
    with _ONE_AT_A_TIME:
        return _render(text, options)


def _render(text: str, options: int) -> str:
    if _FREEING is None:
        return str(cmarkgfm.github_flavored_markdown_to_html(text, options=options))
    node_free, text_free = _FREEING
    options |= Options.CMARK_OPT_GITHUB_PRE_LANG
    _lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [_lib.cmark_find_syntax_extension(name) for name in EXTENSIONS]
    if any(extension == _ffi.NULL for extension in extensions):
        return str(cmarkgfm.github_flavored_markdown_to_html(text, options=options))
    parser = _lib.cmark_parser_new(options)
    root = _ffi.NULL
    try:
        for extension in extensions:
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        encoded = text.encode("utf-8")
        _lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = _lib.cmark_parser_finish(parser)
        if _lib.cmark_node_get_type(root) == _lib.CMARK_NODE_NONE:
            raise ValueError("Error parsing markdown!")
        rendered = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
        try:
            return str(_ffi.string(rendered).decode("utf-8"))
        finally:
            text_free(_address(rendered))
    finally:
        _lib.cmark_parser_free(parser)
        if root != _ffi.NULL:
            node_free(_address(root))
