"""A desk's first week, end to end: init -> a report -> approve -> public build -> deploy -> diff -> re-rate."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import ARTICLE_BODY, new_desk, run

CLAIMS = """\
# Checked by the desk on 2025-03-05.
claims:
  - id: crime-fell
    quote: crime fell by 20% last year     # as the article has it
    claim: Crime fell by a fifth last year
    claimant: {name: Jane Mayor, type: person, role: Mayor}
    claim_date: 2025-03-03
    rating: mostly-true
    conclusion: Police figures show a fall of 18%.
    notes: |
      We compared the police figures for both years.
    sources:
      - title: Crime statistics 2024
        publisher: City Police
        url: https://police.city.test/2024
        archive_url: https://web.archive.org/web/2025/https://police.city.test/2024
        kind: primary
    counterclaims: []
    reply: {contacted: 2025-03-05, response: The mayor's office stood by the figure.}
    status: review
    author: A. Checker
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_a_desk_goes_from_init_to_a_corrected_re_rating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Desk")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "desk@city.test")
    desk = new_desk(tmp_path)  # init with --name, --site-url, --language; the four pages written

    assert run("new", "mayor-interview", cwd=desk).exit_code == 0
    report = desk / "content" / "mayor-interview"
    (report / "article.md").write_text("---\ntitle: Mayor gives interview\npublished: 2025-03-04\n---\n\n"
                                       + ARTICLE_BODY, encoding="utf-8")
    claims = report / "claims.yml"
    claims.write_text(CLAIMS, encoding="utf-8")
    assert "  crime-fell  content/mayor-interview/claims.yml:3\n" in run("status", cwd=desk).output

    approved = run("approve", "crime-fell", "--editor", "E. Ditor", "--date", "2025-03-10", cwd=desk)
    assert approved.exit_code == 0, approved.output
    assert claims.read_text(encoding="utf-8") == CLAIMS.replace("status: review", "status: approved") + \
        "    editor: E. Ditor\n    published: 2025-03-10\n"

    built = run("build", cwd=desk)
    assert built.exit_code == 0, built.output
    assert (desk / "site/reports/mayor-interview/crime-fell.html").is_file()
    assert not (desk / "site/reports/example-report").exists()

    remote = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(desk, "init", "-q", "-b", "main")
    git(desk, "add", "-A")
    git(desk, "commit", "-qm", "First fact check")
    git(desk, "remote", "add", "origin", str(remote))
    deployed = run("deploy", cwd=desk)
    assert deployed.exit_code == 0, deployed.output
    assert deployed.output.endswith("Published 1 claim in 1 report to origin/gh-pages.\n")
    assert json.loads(git(remote, "show", "gh-pages:manifest.json"))["claims"]["crime-fell"]["rating"] == "mostly-true"
    assert run("diff", cwd=desk).output == "No changes since that release.\n"

    claims.write_text(claims.read_text(encoding="utf-8").replace("rating: mostly-true", "rating: half-true"),
                      encoding="utf-8")
    refused = run("build", cwd=desk)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "content/mayor-interview/claims.yml:8: error: claim 'crime-fell': publication policy "
        "'correction-for-rerating': re-rated mostly-true -> half-true since the last release without a new "
        "correction; add a dated entry under 'corrections:' that says what changed and why\n")

    claims.write_text(claims.read_text(encoding="utf-8") + "    corrections:\n      - date: 2025-04-01\n"
                      "        text: Re-rated Half true after the police revised their figures.\n", encoding="utf-8")
    assert run("build", cwd=desk).exit_code == 0
    assert run("diff", cwd=desk).output == "re-rated: crime-fell (mostly-true -> half-true)\n"
