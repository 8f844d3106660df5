"""The publication policy: a public build refuses an approved claim that breaks it, at the line to edit."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import MKDOCS_YML, build, claim, copy_example, make_site, run, taxes_claim

ONE_SOURCE_FALSE = taxes_claim(sources=[{"title": "Council budget 2025", "publisher": "City Council",
                                         "url": "https://example.org/budget"}], reply=None)


def _policy(root: Path, rules: str) -> None:
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", f"  - factcheck:\n      policy: {rules}\n"),
                                     encoding="utf-8")


def test_public_build_refuses_a_claim_that_breaks_the_default_policy_with_file_line_and_rule(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), ONE_SOURCE_FALSE])
    result = run("build", cwd=root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    path = "content/mayor-interview/claims.yml"
    assert [line.split(";")[0] for line in lines] == [
        (f"{path}:33: error: claim 'taxes-lower': publication policy 'reply': the right of reply recorded (reply: "
         "contacted/response, or not_sought with the reason) is missing"),
        (f"{path}:44: error: claim 'taxes-lower': publication policy 'two-sources': two independent sources "
         "(different publishers) for a decisive rating (the best or worst of the scale) is missing (1 publisher(s))"),
        (f"{path}:45: error: claim 'taxes-lower': publication policy 'archive-links': source 'Council budget 2025' "
         "has a url but no archive_url"),
        "Not built: 3 errors, 0 warnings. The previous site is unchanged.",
    ]
    assert lines[-1] == "Not built: 3 errors, 0 warnings. The previous site is unchanged."
    assert not (root / "site").exists()


def test_a_desk_chooses_its_policy_in_mkdocs_yml(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), ONE_SOURCE_FALSE])
    _policy(root, "[archive-links]")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "'archive-links'" in result.output and "'two-sources'" not in result.output and "'reply'" not in result.output
    _policy(root, "[]")
    site = build(root)
    assert (site / "reports/mayor-interview/taxes-lower.html").is_file()


def test_an_unknown_rule_is_a_configuration_error_naming_the_rules(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    _policy(root, "[archive-link]")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "archive-link" in result.output and "archive-links" in result.output
    assert "Traceback" not in result.output


def test_the_dashboard_shows_the_policys_verdicts(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), ONE_SOURCE_FALSE])
    _policy(root, "[reply, claim-date]")
    dashboard = (build(root, "--review") / "review.html").read_text(encoding="utf-8")
    block = dashboard.split('id="dash-taxes-lower"')[1]
    assert "Missing:</span> Right of reply recorded" in block
    assert "Warning:</span> Two independent sources for a decisive rating" in block, "not in this policy"
    assert "Warning:</span> Archive link for each online source" in block
    assert "publication policy &#39;reply&#39;" in block or "publication policy 'reply'" in block


def test_rerating_without_a_correction_since_the_last_release_is_a_policy_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim()])
    site = build(root)
    (root / "release.json").write_bytes((site / "manifest.json").read_bytes())
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      release: release.json\n"),
                                     encoding="utf-8")
    make_site(root, claims=[claim(rating="half-true")])
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      release: release.json\n"),
                                     encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert ("content/mayor-interview/claims.yml:10: error: claim 'crime-fell': publication policy "
            "'correction-for-rerating': re-rated mostly-true -> half-true since the last release without a new "
            "correction; add a dated entry under "
            "'corrections:' that says what changed and why") in result.output
    corrected = claim(rating="half-true", corrections=[{"date": "2025-04-01", "text": "Re-rated: new figures."}])
    make_site(root, claims=[corrected])
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      release: release.json\n"),
                                     encoding="utf-8")
    build(root)
    assert json.loads((root / "site/manifest.json").read_text(encoding="utf-8"))["claims"]["crime-fell"]["rating"] == "half-true"


def test_approve_refuses_a_claim_that_breaks_the_policy(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), ONE_SOURCE_FALSE | {"status": "review"}])
    before = (root / "content/mayor-interview/claims.yml").read_text(encoding="utf-8")
    result = run("approve", "taxes-lower", "--editor", "E. Ditor", cwd=root)
    assert result.exit_code == 1
    assert "publication policy 'reply'" in result.output and "publication policy 'two-sources'" in result.output
    assert (root / "content/mayor-interview/claims.yml").read_text(encoding="utf-8") == before


def test_the_projects_own_example_meets_the_default_policy(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    result = run("build", cwd=root)
    assert result.exit_code == 0, result.output
