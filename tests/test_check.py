"""`factcheck check`: an editor's mistakes, each reported at its file and line with a fix."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from helpers import claim, copy_example, run, write_report

GOOD_CLAIM = """\
claims:
  - id: crime-fell
    quote: crime fell by 20% last year
    claim: Crime fell by a fifth last year
    claimant: {name: Jane Mayor}
    rating: mostly-true
    conclusion: Police figures show a fall of 18%.
    notes: We compared police figures.
    sources:
      - {title: Crime statistics, publisher: City Police}
    status: approved
    editor: E. Ditor
    published: 2025-03-10
"""


def check_claims(tmp_path: Path, claims_yml: str, *args: str) -> tuple[int, list[str]]:
    content = tmp_path / "content"
    folder = write_report(content, claims=[])
    (folder / "claims.yml").write_text(textwrap.dedent(claims_yml), encoding="utf-8")
    result = run("check", "content", *args, cwd=tmp_path)
    return result.exit_code, result.stdout.splitlines()


def with_line(line_no: int, new: str) -> str:
    """GOOD_CLAIM with one line (1-based) replaced."""
    lines = GOOD_CLAIM.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


P = "content/mayor-interview/claims.yml"
SOURCES = "    sources:\n      - {title: Crime statistics, publisher: City Police}\n"


def test_a_clean_claims_file_passes(tmp_path: Path) -> None:
    assert check_claims(tmp_path, GOOD_CLAIM) == (0, [])


RULES = [
    ("unknown field with a suggestion", with_line(9, "    sorces:"),
     [f"{P}:6: error: claim 'crime-fell': rated 'Mostly true' without any source; "
      "list the sources that support the rating under 'sources:'",
      f"{P}:9: error: claim 'crime-fell': unknown field 'sorces'; did you mean 'sources'?"]),
    ("missing field", with_line(6, "    # no rating"),
     [f"{P}:2: error: claim 'crime-fell': missing field 'rating'; add 'rating: ...'"]),
    ("mistyped field", GOOD_CLAIM.replace(SOURCES, "    sources: Police figures\n"),
     [f"{P}:9: error: claim 'crime-fell': 'sources' must be a list ('- ' items), not text; "
      "see the content format in the README"]),
    ("unknown rating", with_line(6, "    rating: mostly-correct"),
     [f"{P}:6: error: claim 'crime-fell': unknown rating 'mostly-correct' (known: false, mostly-false, "
      "half-true, mostly-true, true, unverified); use one of the known keys, or add it to content/ratings.yml"]),
    ("invalid date", with_line(13, "    published: 2025-02-30"),
     [f"{P}:13: error: claim 'crime-fell': 'published' is not a valid date: '2025-02-30'; "
      "write dates as YYYY-MM-DD, e.g. 2025-11-19"]),
    ("URL that is not http(s)",
     with_line(10, "      - {title: Crime statistics, publisher: City Police, url: 'javascript:alert(1)'}"),
     [f"{P}:10: error: claim 'crime-fell': 'url' is not an http(s) URL: 'javascript:alert(1)'; "
      "use a full address starting with https:// (or leave the field out)"]),
    ("quote not found, with the closest passage", with_line(3, "    quote: crime fell by 25% last year"),
     [f"{P}:3: error: claim 'crime-fell': quote not found in the article; closest passage (96% similar): "
      "\"crime fell by 20% last year\", which differs after \"…crime fell by 2\": the quote has U+0035 DIGIT FIVE "
      "where the article has U+0030 DIGIT ZERO; copy the words exactly from article.md"]),
    ("ambiguous quote", with_line(3, "    quote: mayor"),
     [f"{P}:3: error: claim 'crime-fell': quote is ambiguous: it appears 2 times (...The [mayor] said on Monday "
      "that...; ...wer than ever,” the [mayor] added. Council figu...); quote more words so it is unique, or add 'occurrence: N' "
      "(1 = first)"]),
    ("long claim", with_line(4, "    claim: " + "Crime fell " * 8),
     [f"{P}:4: warning: claim 'crime-fell': claim is 87 characters, over 75; "
      "shorten it to a brief neutral statement of what is checked"]),
    ("claim containing its rating's label", with_line(4, "    claim: Crime mostly true to fall"),
     [f"{P}:4: warning: claim 'crime-fell': claim contains its rating's label 'Mostly true'; "
      "state what is checked, not the verdict"]),
    ("decisive rating without a source", GOOD_CLAIM.replace(SOURCES, "    sources: []\n"),
     [f"{P}:6: error: claim 'crime-fell': rated 'Mostly true' without any source; "
      "list the sources that support the rating under 'sources:'"]),
    ("approved without an editor", with_line(12, "    # editor: nobody yet"),
     [f"{P}:11: error: claim 'crime-fell': approved claim has no 'editor'; add 'editor:' or set 'status: review'"]),
    ("wrong status", with_line(11, "    status: aproved"),
     [f"{P}:11: error: claim 'crime-fell': 'status' is 'aproved', which is not one of: draft, review, approved, "
      "withdrawn; did you mean 'approved'?"]),
    ("YAML syntax error with line and column", with_line(7, "    conclusion: Police said: no"),
     [f"{P}:7: error: YAML syntax error, column 28: mapping values are not allowed in this context; "
      "a value containing ': ' must be quoted, e.g. quote: \"He said: no\""]),
    ("tabs", with_line(7, "\tconclusion: x"),
     [f"{P}:7: error: YAML syntax error, column 1: found a tab character that violates indentation; "
      "YAML does not allow tabs for indentation: indent with spaces"]),
    ("duplicate key", with_line(8, "    claim: again"),
     [f"{P}:8: error: duplicate key 'claim'; each key appears once per item; remove or rename one 'claim'"]),
    ("a headline naming another rating", with_line(4, "    claim: Crime fell by a fifth last year\n"
                                                      "    headline: True, crime fell by a fifth"),
     [f"{P}:5: error: claim 'crime-fell': headline says 'True' but the claim is rated 'Mostly true'; "
      "reword it so it agrees with 'Mostly true', or leave 'headline' out to lead with the verdict"]),
    ("a headline too long for a search result", with_line(4, "    claim: Crime fell by a fifth last year\n"
                                                              "    headline: " + "Crime fell " * 11),
     [f"{P}:5: warning: claim 'crime-fell': headline is 120 characters, over 110; "
      "shorten it: search results and shared links cut it off"]),
    ("a headline with the claim's own rating", with_line(4, "    claim: Crime fell by a fifth last year\n"
                                                             "    headline: Mostly true, but crime fell by 18%"), []),
]


@pytest.mark.parametrize("rule, claims_yml, expected", RULES, ids=[r[0] for r in RULES])
def test_each_rule_reports_its_exact_message(tmp_path: Path, rule: str, claims_yml: str, expected: list[str]) -> None:
    code, lines = check_claims(tmp_path, claims_yml)
    assert lines == expected
    assert code == (0 if all(": warning: " in line for line in expected) else 1)


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    code, lines = check_claims(tmp_path, with_line(4, "    claim: Crime mostly true to fall"), "--strict")
    assert code == 1
    assert ": error: claim 'crime-fell': claim contains its rating's label" in lines[0]


def test_duplicate_ids_across_reports(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "first", claims=[claim()])
    write_report(content, "second", claims=[claim()])
    result = run("check", "content", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "content/second/claims.yml:2: error: claim 'crime-fell': duplicate id 'crime-fell' (first used at "
        "content/first/claims.yml:2); ids are page URLs and must be unique in the site: rename one"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = GOOD_CLAIM.replace("mostly-true", "nope").replace("crime fell by 20%", "crime rose by 20%") \
        .replace("2025-03-10", "2025-13-10")
    code, lines = check_claims(tmp_path, bad + "  - id: Second One\n    quote: x\n")
    assert code == 1
    assert [line.split(": error: ")[1].split(";")[0] for line in lines] == [
        "claim 'crime-fell': quote not found in the article",
        "claim 'crime-fell': unknown rating 'nope' (known: false, mostly-false, half-true, mostly-true, true, unverified)",
        "claim 'crime-fell': 'published' is not a valid date: '2025-13-10'",
        "claim 'Second One': 'id' 'Second One' is not a slug",
        "claim 'Second One': missing field 'claim'",
        "claim 'Second One': missing field 'claimant'",
        "claim 'Second One': missing field 'rating'",
        "claim 'Second One': missing field 'status'",
    ]
    assert [line.split(":")[1] for line in lines] == ["3", "6", "13", "14", "14", "14", "14", "14"]


def test_ambiguous_quote_resolved_by_occurrence(tmp_path: Path) -> None:
    code, lines = check_claims(tmp_path, with_line(3, "    quote: mayor\n    occurrence: 2"))
    assert (code, lines) == (0, [])


def test_counterclaim_quote_is_anchored_too(tmp_path: Path) -> None:
    content = tmp_path / "content"
    counter = [{"claimant": {"name": "Opposition"}, "text": "No.", "quote": "crime rose in the suburbs"}]
    write_report(content, claims=[claim(counterclaims=counter)])
    result = run("check", "content", cwd=tmp_path)
    assert result.exit_code == 1
    assert "error: claim 'crime-fell': counterclaim quote not found in the article; closest passage" in result.stdout
    assert "crime rose in the city" in result.stdout


def test_json_format_for_machines(tmp_path: Path) -> None:
    check_claims(tmp_path, with_line(6, "    rating: nope"))
    result = run("check", "content", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["problems"][0] | {"message": ""} == {
        "path": P, "line": 6, "severity": "error", "claim": "crime-fell", "code": "unknown-rating",
        "message": "", "hint": "use one of the known keys, or add it to content/ratings.yml"}


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check", "no-such-folder", cwd=tmp_path).exit_code == 2
    assert run("check", "--nope", cwd=tmp_path).exit_code == 2


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = write_report(content, claims=[])
    (folder / "claims.yml").write_bytes(b"\xef\xbb\xbf" + GOOD_CLAIM.replace("\n", "\r\n").encode())
    article = folder / "article.md"
    article.write_bytes(article.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    assert run("check", "content", cwd=tmp_path).exit_code == 0


def test_non_utf8_file_gets_a_clear_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = write_report(content, claims=[])
    (folder / "claims.yml").write_bytes(GOOD_CLAIM.encode() + b"  - id: caf\xe9\n")
    result = run("check", "content", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == f"{P}:14: error: not UTF-8 text (byte 0xe9); save the file as UTF-8 in your editor\n"


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = write_report(content, claims=[])
    with (folder / "claims.yml").open("w") as f:
        f.write("claims:\n" + "# padding\n" * 1_100_000)
    result = run("check", "content", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == f"{P}:1: error: file is 11.0 MB, over the 10 MB limit; split it into smaller reports\n"


def test_the_example_is_clean() -> None:
    from helpers import ROOT
    result = run("check", "content", "--strict", cwd=ROOT)
    assert result.exit_code == 0, result.stdout


def test_example_with_one_quote_altered_by_a_word(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    claims = site / "content" / "pokrovsk" / "claims.yml"
    text = claims.read_text(encoding="utf-8")
    lines = text.splitlines()
    quote_line = next(i for i, line in enumerate(lines) if line.startswith("    quote:") and "soldiers" in line)
    original = lines[quote_line].split("quote:", 1)[1].strip().strip('"')
    lines[quote_line] = lines[quote_line].replace("soldiers", "troops")
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "content", cwd=site)
    assert result.exit_code == 1
    out = result.stdout.strip()
    assert out.startswith(f"content/pokrovsk/claims.yml:{quote_line + 1}: error: claim '")
    assert "quote not found in the article; closest passage (" in out
    assert f'"{original}"' in out


def test_checking_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The check pauses Python's cyclic collector while it builds the content; a preview, which checks again
    on every change for hours, must find it running again afterwards, or cycles would never be freed."""
    import gc

    from generator.pipeline import check_content

    write_report(tmp_path / "content", claims=[claim()])
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            assert check_content(tmp_path / "content").site.all_claims()
            assert gc.isenabled() is enabled
        gc.enable()
        with pytest.raises(AttributeError):
            check_content(None)  # type: ignore[arg-type]  # a failure half-way through
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
