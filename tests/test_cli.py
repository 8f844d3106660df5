"""The commands a newsroom runs: scaffolding never overwrites, every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import ROOT, build, new_desk, run
from generator.cli import cli


def test_init_makes_a_site_that_previews_at_once_and_publishes_once_filled_in(tmp_path: Path) -> None:
    result = run("init", "desk", "--name", "Our Desk", "--site-url", "https://our.github.io/desk", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    desk = tmp_path / "desk"
    config = (desk / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Our Desk\n" in config and "site_url: https://our.github.io/desk/\n" in config
    assert (desk / ".github/workflows/pages.yml").is_file() and (desk / ".gitignore").is_file()
    review = build(desk, "--review")
    assert (review / "reports" / "example-report" / "bridge-cut-traffic.html").is_file()
    public = run("build", cwd=desk)
    assert public.exit_code == 1
    assert public.output.splitlines()[:4] == [
        f"content/about/{page}.md:3: error: this page is an unedited placeholder; write it, then delete the "
        "'Placeholder' box" for page in ("contact", "corrections-policy", "methodology", "ownership-funding")]
    site = build(new_desk(tmp_path, name="filled"))
    assert "City Fact Desk" in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "reports" / "example-report").exists(), "the example is a draft"
    assert (site / "about" / "methodology.html").is_file()


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "mkdocs.yml").write_text("mine\n", encoding="utf-8")
    result = run("init", "desk", cwd=tmp_path)
    assert result.exit_code == 1
    assert "not overwriting existing files: desk/mkdocs.yml" in result.output
    assert (tmp_path / "desk" / "mkdocs.yml").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "desk" / "content").exists(), "nothing is written when anything would be overwritten"


def test_new_report_scaffold_passes_check_and_is_not_published_empty(tmp_path: Path) -> None:
    desk = new_desk(tmp_path)
    result = run("new", "budget-2025", cwd=desk)
    assert result.exit_code == 0, result.output
    assert "created content/budget-2025/article.md" in result.output
    assert run("check", cwd=desk).exit_code == 0
    site = build(desk)
    assert not (site / "reports" / "budget-2025").exists(), "a report with no approved claim is not published"


def test_new_never_overwrites_an_editors_work(tmp_path: Path) -> None:
    run("init", "desk", cwd=tmp_path)
    desk = tmp_path / "desk"
    run("new", "budget-2025", cwd=desk)
    article = desk / "content" / "budget-2025" / "article.md"
    article.write_text("my work\n", encoding="utf-8")
    result = run("new", "budget-2025", cwd=desk)
    assert result.exit_code == 1
    assert "not overwriting existing files" in result.output
    assert article.read_text(encoding="utf-8") == "my work\n"


def test_new_rejects_a_name_that_is_not_a_slug(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = run("new", "Budget Speech", cwd=tmp_path)
    assert result.exit_code == 1
    assert "'Budget Speech' is not a slug" in result.output


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert "Example:" in (command.help or ""), name
        assert re.search(rf"`factcheck {name}\b", readme), f"README does not document 'factcheck {name}'"


def test_every_content_field_is_documented_in_the_readme() -> None:
    import json

    from generator.schema import schema_text

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    claims = json.loads(schema_text("claims"))["$defs"]
    fields = (set(claims["claim"]["properties"]) | set(claims["source"]["properties"])
              | set(claims["claimant"]["properties"]) | set(claims["counterclaim"]["properties"])
              | set(claims["claim"]["properties"]["reply"]["properties"]))
    fields |= set(json.loads(schema_text("article"))["properties"])
    fields |= set(json.loads(schema_text("ratings"))["properties"]["ratings"]["items"]["properties"])
    missing = sorted(f for f in fields if not re.search(rf"^\s*(- )?#? ?{f}:", readme, re.M))
    assert missing == []
