"""One table of labels per language: complete in every shipped language, overridable by a desk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT, build, make_site
from generator.dates import locale
from generator.labels import REFERENCE, load_labels, placeholders, shipped_languages, shipped_table
from generator.templating import default_templates_dir


SHIPPED = ["ar", "de", "en", "es", "fr", "pt", "uk", "zh"]
"""The languages the README promises complete tables for."""


def test_the_promised_languages_ship() -> None:
    assert set(SHIPPED) <= set(shipped_languages())


@pytest.mark.parametrize("language", sorted(set(SHIPPED) | set(shipped_languages())))
def test_every_shipped_language_has_every_key_with_the_same_placeholders(language: str) -> None:
    reference, table = shipped_table(REFERENCE), shipped_table(language)
    assert sorted(set(reference) - set(table)) == [], f"{language}.yml lacks these keys"
    assert sorted(set(table) - set(reference)) == [], f"{language}.yml has keys English does not"
    for key, value in table.items():
        assert placeholders(value) == placeholders(reference[key]), f"{language}.yml: {key}"
        if not isinstance(value, str):
            needed = set(locale(language).plural_form.tags) | {"other"}
            assert needed <= set(value), f"{language}.yml: {key} needs the plural forms {sorted(needed)}"


def keys_in_templates() -> tuple[set[str], set[str]]:
    """Label keys the shipped templates use: literal ones, and prefixes of keys built from data."""
    text = "".join(p.read_text(encoding="utf-8") for p in default_templates_dir().glob("*.j2"))
    text += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py"))
    literal = set(re.findall(r'(?:t|text|labels)\("([a-z_.]+)"', text)) | set(re.findall(r'"([a-z_]+\.[a-z_.]+)"', text))
    prefixes = set(re.findall(r'"([a-z_.]+\.)" ~', text)) | set(re.findall(r'f"([a-z_.]+\.)\{', text))
    return literal, prefixes


def test_every_label_a_template_uses_exists_and_every_label_is_used() -> None:
    reference = shipped_table(REFERENCE)
    literal, prefixes = keys_in_templates()
    used = {k for k in literal if k in reference}
    templates = "".join(p.read_text(encoding="utf-8") for p in default_templates_dir().glob("*.j2"))
    assert {k for k in re.findall(r't\("([a-z_.]+[a-z_])"', templates)} - set(reference) == set()
    unused = [k for k in reference if k not in used and not k.startswith(tuple(prefixes)) and k != "date.format"]
    assert unused == []


def test_labels_escape_text_and_keep_markup_and_pick_plural_forms() -> None:
    from markupsafe import Markup

    labels, problems = load_labels("en")
    assert problems == []
    assert labels("claim.contacted", name="<b>", date=Markup("<time>x</time>")) == \
        "We contacted &lt;b&gt; on <time>x</time>."
    assert labels.text("report.claims_checked", count=1) == "1 claim checked"
    assert labels.text("report.claims_checked", count=3) == "3 claims checked"


def test_a_desk_changes_a_word_and_check_reports_an_unknown_key_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "labels.yml").write_text('claim.notes: How we verified it\nclaim.nots: typo\n'
                                       'report.claims_checked: {one: "{count} claim", other: "{count} claims"}\n'
                                       'claim.verdict: [not, text]\n'
                                       'claim.checked_by: "Checked by {nam}."\nclaim.edited_by: "Edited {name"\n',
                                       encoding="utf-8")
    labels, problems = load_labels("en", folder)
    assert labels.text("claim.notes") == "How we verified it"
    assert labels.text("report.claims_checked", count=2) == "2 claims"
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown label key 'claim.nots'"),
        (4, "label 'claim.verdict' must be a text, or plural forms (zero, one, two, few, many, other) with at "
            "least 'other'"),
        (5, "label 'claim.checked_by' uses {nam}, which is not filled in"),
        (6, "label 'claim.edited_by' has an unmatched brace")]
    assert problems[2].hint == "use only the placeholders of the shipped text ({name})"
    assert labels.text("claim.checked_by", name="A") == "Checked by A."
    assert labels.text("claim.verdict") == "Verdict"


def test_a_language_without_a_table_gets_english_words_and_its_own_dates(tmp_path: Path) -> None:
    import datetime as dt

    assert "fi" not in shipped_languages()
    labels, _ = load_labels("fi")
    assert labels.text("claim.verdict") == "Verdict"
    assert labels.date(dt.date(2025, 3, 4)) == "4. maaliskuuta 2025"
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "labels.yml").write_text('date.format: "y-MM-dd"\n', encoding="utf-8")
    assert load_labels("fi", folder)[0].date(dt.date(2025, 3, 4)) == "2025-03-04"


def test_the_site_language_and_a_desk_label_reach_the_built_pages_and_the_menu(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  language: fi\n"),
                      encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "labels.yml").write_text("claim.notes: How we verified it\nnav.ratings: Our scale\n",
                                                   encoding="utf-8")
    site = build(root)
    page = (site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8")
    assert re.search(r'<section class="fc-notes" id="notes">\s*<h2[^>]*>How we verified it</h2>', page)
    assert "How we checked" not in page
    assert '<time datetime="2025-03-10">10. maaliskuuta 2025</time>' in page
    menu = (site / "index.html").read_text(encoding="utf-8").split('md-nav--primary')[1]
    assert "Our scale" in menu and "Ratings" not in menu


def test_the_shipped_scale_speaks_the_sites_language_and_a_desks_own_scale_is_kept() -> None:
    import dataclasses

    from generator.labels import scale_in_language
    from generator.load import DEFAULT_SCALE, _default_scale

    shipped = _default_scale()
    english = shipped_table(REFERENCE)
    assert [(r.label, r.description) for r in shipped.ratings] == \
        [(english[f"scale.{r.key}"], english[f"scale.{r.key}.description"]) for r in shipped.ratings]
    spanish = scale_in_language(shipped, load_labels("es")[0], DEFAULT_SCALE)
    assert [r.label for r in spanish.ratings] == \
        ["Falso", "Engañoso", "Verdad a medias", "Verdadero, pero…", "Verdadero", "No verificable"]
    assert [(r.key, r.value, r.icon) for r in spanish.ratings] == [(r.key, r.value, r.icon) for r in shipped.ratings]
    own = dataclasses.replace(shipped.ratings[0], place=dataclasses.replace(shipped.ratings[0].place,
                                                                             path="content/ratings.yml"))
    kept = scale_in_language(dataclasses.replace(shipped, ratings=(own,)), load_labels("es")[0], DEFAULT_SCALE)
    assert kept.ratings[0].label == "False"
