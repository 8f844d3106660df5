"""Which way text runs, and the `lang`/`dir` marks an element needs: the one place that knows a script's direction.

A page's own direction comes from the site's language (Material sets `<html dir>` from `theme.language`);
text in another language (an article, its quotes) carries its own `lang` and `dir` wherever it appears,
so that screen readers pronounce it and the browser lays it out in its own direction.
"""

from __future__ import annotations

from functools import lru_cache

import markupsafe

from generator.dates import locale

RTL = "rtl"
LTR = "ltr"


@lru_cache(maxsize=256)
def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu, `az-Arab`...), else `ltr`.

    CLDR decides (Babel's character order); an unknown tag counts as left to right.
    """
    return RTL if locale(language).character_order == "right-to-left" else LTR


def same_language(one: str, other: str) -> bool:
    """Whether two tags name the same language (`pt-BR` and `pt_br` do; `pt` and `pt-BR` do not)."""
    return one.replace("_", "-").lower() == other.replace("_", "-").lower()


def marks(text_language: str | None, site_language: str) -> markupsafe.Markup:
    """The attributes (` lang="ar" dir="rtl"`) of an element whose text is in `text_language`, on a page of
    the site's language; none when the text is in the site's language or its language is unknown."""
    if not text_language or same_language(text_language, site_language):
        return markupsafe.Markup("")
    return markupsafe.Markup(' lang="{}" dir="{}"').format(text_language, direction(text_language))
