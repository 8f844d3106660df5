"""Dates and counts for readers, by CLDR (Babel): the one place a date is turned into words.

Machine dates (`<time datetime>`, JSON-LD, exports) stay ISO 8601 (`iso`); a date a reader sees is
formatted here in the site's language, never with the process locale.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import babel
import babel.dates

FALLBACK = "en"


@lru_cache(maxsize=64)
def locale(language: str) -> babel.Locale:
    """The CLDR locale for a language tag as Material spells it (`en`, `pt-BR`, `zh-Hant`); English if unknown."""
    try:
        return babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return babel.Locale.parse(FALLBACK)


def iso(date: dt.date | None) -> str:
    """The machine form, YYYY-MM-DD ('' for none)."""
    return date.isoformat() if date else ""


@lru_cache(maxsize=4096)
def format_date(date: dt.date | None, language: str, form: str = "long") -> str:
    """`date` as a reader of `language` writes it: `form` is a CLDR format name (short, medium, long,
    full) or a CLDR pattern such as `d MMMM y`. '' for no date."""
    if date is None:
        return ""
    return babel.dates.format_date(date, format=form, locale=locale(language))


def plural_form(count: int, language: str) -> str:
    """The CLDR plural category of `count` in `language` (one, few, many, other...)."""
    return str(locale(language).plural_form(count))
