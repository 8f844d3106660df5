"""The words of the site: one table of labels per language, looked up by key.

Every user-visible word lives in `generator/locales/<language>.yml` (English, `en.yml`, is the
reference: every key exists there). A desk changes or adds words in its own `labels.yml` in its
templates folder, with the same keys. Templates call `t("claim.verdict")`; Python code calls
`labels.text("title.ratings")`. Values may hold `{name}` placeholders and, for counts, CLDR plural forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import markupsafe

from generator import dates
from generator.model import Scale
from generator.problems import Problem
from generator.yamlsource import parse_yaml, read_text

REFERENCE = "en"
"""The language every other table is checked against."""
OVERRIDE_FILE = "labels.yml"
"""A desk's own labels, in its templates folder."""
DATE_FORMAT = "date.format"
"""The key of the date format; a language without its own gets CLDR's long format, not English's pattern."""
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")

Value = str | Mapping[str, str]


def shipped_languages() -> list[str]:
    """Languages with a table in the package, by file name (`en`, `uk`, ...)."""
    folder = resources.files("generator") / "locales"
    return sorted(entry.name[:-4] for entry in folder.iterdir() if entry.name.endswith(".yml"))


def shipped_table(language: str) -> dict[str, Value]:
    """The package's table for `language` as {key: value}; empty when it ships none."""
    file = resources.files("generator") / "locales" / f"{language}.yml"
    if not file.is_file():
        return {}
    parsed, problems = parse_yaml(file.read_text("utf-8"), f"generator/locales/{language}.yml")
    if problems or parsed is None or not isinstance(parsed.value, dict):
        raise ValueError("\n".join(str(p) for p in problems) or f"{file}: not a table of labels")
    return dict(parsed.value)


@dataclass(frozen=True)
class Labels:
    """The labels of one site: the reference table, overlaid by the language's and then the desk's."""

    language: str = REFERENCE
    """The site's language, as Material's `theme.language` spells it (`en`, `uk`, `pt-BR`...)."""
    table: Mapping[str, Value] = field(default_factory=dict)
    _cache: dict[str, markupsafe.Markup] = field(default_factory=dict, repr=False, compare=False, hash=False)
    """Labels without placeholders, escaped once."""

    def text(self, key: str, /, **values: Any) -> str:
        """The label `key` as plain text, placeholders filled (`count=` picks the plural form)."""
        return self._pattern(key, values).format(**values)

    def __call__(self, key: str, /, **values: Any) -> markupsafe.Markup:
        """The label `key` as safe HTML for templates: the label and plain values are escaped, Markup kept."""
        if not values:
            return self._html(key)
        escaped = {name: markupsafe.escape(value) for name, value in values.items()}
        return markupsafe.Markup(str(markupsafe.escape(self._pattern(key, values))).format(**escaped))

    def _html(self, key: str) -> markupsafe.Markup:
        cache: dict[str, markupsafe.Markup] = self._cache
        if key not in cache:
            cache[key] = markupsafe.escape(self._pattern(key, {}))
        return cache[key]

    def date(self, value: dt.date | None) -> str:
        """A date as readers of the site's language write it ('' for none)."""
        return dates.format_date(value, self.language, str(self.table.get(DATE_FORMAT, "long")))

    def _pattern(self, key: str, values: Mapping[str, Any]) -> str:
        value = self.table[key]
        if isinstance(value, str):
            return value
        form = dates.plural_form(values.get("count", 0), self.language)
        return value.get(form) or value["other"]


def scale_in_language(scale: Scale, labels: Labels, shipped_place: str) -> Scale:
    """The rating scale as readers see it: the shipped scale's labels and descriptions in the site's language
    (labels `scale.<key>` and `scale.<key>.description`); ratings a desk wrote itself are kept as written."""
    return Scale(tuple(
        dataclasses.replace(rating, label=labels.text(f"scale.{rating.key}"),
                            description=labels.text(f"scale.{rating.key}.description"))
        if rating.place.path == shipped_place and f"scale.{rating.key}" in labels.table else rating
        for rating in scale.ratings))


def load_labels(language: str, templates_dir: Path | None = None) -> tuple[Labels, list[Problem]]:
    """The labels for `language` and the desk's `labels.yml` (if its templates folder has one).

    Unknown keys and malformed values in the desk's file are problems; its valid entries still apply.
    A language without a shipped table falls back to English words (and CLDR dates in that language).
    """
    reference = shipped_table(REFERENCE)
    own = shipped_table(_base_language(language)) | shipped_table(language)
    table = reference | {DATE_FORMAT: "long"} | own if language != REFERENCE else reference
    override = templates_dir / OVERRIDE_FILE if templates_dir else None
    problems: list[Problem] = []
    if override and override.is_file():
        entries, problems = _read_override(override, reference)
        table |= entries
    return Labels(language, table), problems


def _base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0]


def _read_override(path: Path, reference: Mapping[str, Value]) -> tuple[dict[str, Value], list[Problem]]:
    shown = _shown(path)
    text, problems = read_text(path, shown)
    if text is None:
        return {}, problems
    parsed, problems = parse_yaml(text, shown)
    if parsed is None:
        return {}, problems
    if not isinstance(parsed.value, dict):
        return {}, [Problem(shown, 1, "error", "labels.yml must be a mapping of label keys to texts",
                            "write one `key: text` per line, with the keys of the shipped table", code="labels")]
    entries: dict[str, Value] = {}
    for key, value in parsed.value.items():
        line = parsed.line((key,))
        problem = _entry_problem(str(key), value, reference)
        if problem:
            message, hint = problem
            problems.append(Problem(shown, line, "error", message, hint, code="labels"))
        else:
            entries[str(key)] = value
    return entries, problems


def _entry_problem(key: str, value: Any, reference: Mapping[str, Value]) -> tuple[str, str] | None:
    if key not in reference:
        close = sorted(k for k in reference if k.split(".")[0] == key.split(".")[0])[:8]
        known = f" (keys of this kind: {', '.join(close)})" if close else ""
        return f"unknown label key '{key}'", f"use a key of the shipped table{known}"
    texts = [value] if isinstance(value, str) else list(value.values()) if isinstance(value, dict) else [None]
    if not isinstance(value, str) and not (isinstance(value, dict) and "other" in value
                                           and set(value) <= set(PLURAL_FORMS)) \
            or not all(isinstance(text, str) for text in texts):
        return (f"label '{key}' must be a text, or plural forms ({', '.join(PLURAL_FORMS)}) with at least 'other'",
                "quote the text if it contains a colon")
    allowed = placeholders(reference[key])
    for text in texts:
        try:
            unknown = placeholders(text) - allowed  # type: ignore[arg-type]
        except ValueError:
            return f"label '{key}' has an unmatched brace", "write {{ and }} for a literal brace"
        if unknown:
            shipped = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            return (f"label '{key}' uses {', '.join('{' + n + '}' for n in sorted(unknown))}, which is not filled in",
                    f"use only the placeholders of the shipped text ({shipped})")
    return None


def placeholders(value: Value) -> set[str]:
    """The `{name}` placeholders of a label (of all its plural forms). Raises ValueError on unmatched braces."""
    texts = [value] if isinstance(value, str) else list(value.values())
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
