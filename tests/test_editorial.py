"""The editor's commands: `approve` edits only the lines it must, `status` lists claims like `git status`."""

from __future__ import annotations

import difflib
from pathlib import Path

from helpers import ARTICLE_BODY, run, write_report

from generator.editorial import set_fields

COMMENTED = """\
# Claims checked in the mayor's interview.   Keep   this   spacing.
claims:
  - id: crime-fell          # the page URL
    quote: "crime fell by 20% last year"
    claim: 'Crime fell by a fifth last year'
    claimant: {name: Jane Mayor, type: person}
    rating: mostly-true
    conclusion: >-
      Police figures show
      a fall of 18%.
    notes: |
      We compared the police figures.
    sources:
      - title: Crime statistics
        publisher: City Police
    counterclaims: []
    reply: {not_sought: "Public figures; the statement is on record."}
    status: review          # ready for the editor
    author: A. Checker
    # editor: to be filled in

  - id: taxes-lower
    quote: Taxes are lower than ever
    claim: Taxes are at their lowest level
    claimant: {name: Jane Mayor, type: person}
    rating: unverified
    status: draft
"""


def _site(root: Path, claims_text: str = COMMENTED) -> Path:
    folder = write_report(root / "content", claims=[], body=ARTICLE_BODY)
    (folder / "claims.yml").write_text(claims_text, encoding="utf-8")
    return folder / "claims.yml"


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_approve_changes_only_the_three_lines_and_keeps_every_comment(tmp_path: Path) -> None:
    path = _site(tmp_path)
    result = run("approve", "crime-fell", "--editor", "E. Ditor", "--date", "2025-03-10", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == ("approved crime-fell in content/mayor-interview/claims.yml: "
                             "status: approved, editor: E. Ditor, published: 2025-03-10\n")
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(COMMENTED, after) == [
        "-     status: review          # ready for the editor",
        "+     status: approved          # ready for the editor",
        "+     editor: E. Ditor",
        "+     published: 2025-03-10",
    ]
    assert run("check", cwd=tmp_path).exit_code == 0


def test_approve_replaces_existing_values_in_place_and_quotes_what_needs_it(tmp_path: Path) -> None:
    text = COMMENTED.replace("    author: A. Checker\n", "    author: A. Checker\n    editor: 'Someone'  # old\n")
    after = set_fields(text, "crime-fell", {"editor": "Zoë: chief editor", "status": "approved"})
    assert _changed_lines(text, after) == [
        "-     status: review          # ready for the editor",
        "+     status: approved          # ready for the editor",
        "-     editor: 'Someone'  # old",
        '+     editor: "Zoë: chief editor"  # old',
    ]


def test_approve_keeps_crlf_line_endings(tmp_path: Path) -> None:
    text = COMMENTED.replace("\n", "\r\n")
    after = set_fields(text, "taxes-lower", {"status": "approved"})
    assert after == text.replace("    status: draft\r\n", "    status: approved\r\n")


def test_approve_refuses_a_claim_that_fails_check_and_writes_nothing(tmp_path: Path) -> None:
    path = _site(tmp_path)
    result = run("approve", "taxes-lower", "--editor", "E. Ditor", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("content/mayor-interview/claims.yml:") and "conclusion" in line for line in lines), lines
    assert any("notes" in line for line in lines), lines
    assert any("publication policy 'reply'" in line for line in lines), lines
    assert lines[-1] == "Not approved: 5 errors, 0 warnings. content is unchanged."
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_approve_an_unknown_or_approved_claim_says_so(tmp_path: Path) -> None:
    _site(tmp_path)
    unknown = run("approve", "nope", "--editor", "E", cwd=tmp_path)
    assert unknown.exit_code == 1
    assert "content:1: error: no claim with id 'nope'; known ids: crime-fell, taxes-lower" in unknown.output
    run("approve", "crime-fell", "--editor", "E. Ditor", cwd=tmp_path)
    again = run("approve", "crime-fell", "--editor", "E. Ditor", cwd=tmp_path)
    assert again.exit_code == 1 and "already approved" in again.output


def test_status_lists_claims_by_status_with_their_problems(tmp_path: Path) -> None:
    _site(tmp_path, COMMENTED.replace("rating: unverified", "rating: mostly-tru"))
    result = run("status", cwd=tmp_path)
    assert result.exit_code == 0
    out = result.output
    assert out.index("In review: 1\n  crime-fell  content/mayor-interview/claims.yml:3\n") \
        < out.index("Draft: 1\n  taxes-lower  content/mayor-interview/claims.yml:22  1 error(s)\n"
                    "      content/mayor-interview/claims.yml:26: error: claim 'taxes-lower': unknown rating")
    assert "Approved" not in out


def test_status_as_markdown_for_a_ci_job_summary(tmp_path: Path) -> None:
    _site(tmp_path, COMMENTED.replace("rating: unverified", "rating: mostly-tru"))
    result = run("status", "--format", "markdown", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.output.startswith("## Fact checks by status\n\n| status | claims | with errors |\n|---|---|---|\n"
                                    "| approved | 0 | 0 |\n| review | 1 | 0 |\n| draft | 1 | 1 |\n| withdrawn | 0 | 0 |\n")
    assert "- `content/mayor-interview/claims.yml:26` error: taxes-lower: unknown rating" in result.output
