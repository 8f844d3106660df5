"""Templates a desk can extend, and every mistake in them reported as `path:line: error`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import ROOT, build, claim, make_site, run, taxes_claim, write_report
from generator.pipeline import check_content
from generator.problems import ContentError
from generator.render import render_site
from generator.select import PUBLIC
from generator.templating import default_templates_dir, template_problems

DESK_NOTE = "Found a mistake? Tell us and we will correct it."


def documented_override(readme: Path) -> str:
    """The one-block override shown in a README, after its `<!-- one-block-override -->` marker."""
    text = readme.read_text(encoding="utf-8").split("<!-- one-block-override -->", 1)[1]
    return text.split("```jinja\n", 1)[1].split("```", 1)[0]


def test_the_documented_one_block_override_is_five_lines_and_the_same_in_both_readmes() -> None:
    override = documented_override(ROOT / "README.md")
    assert override == documented_override(ROOT / "generator" / "scaffold" / "site" / "templates" / "README.md")
    assert len(override.splitlines()) == 5 and DESK_NOTE in override


def test_the_documented_override_changes_one_block_and_keeps_the_rest_of_the_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), taxes_claim()])
    (root / "templates").mkdir()
    (root / "templates" / "claim.md.j2").write_text(documented_override(ROOT / "README.md"), encoding="utf-8")
    (root / "templates" / "claim-taxes-lower.md.j2").write_text(
        '{% extends "claim.md.j2" %}\n{% block notes %}<p>Only on the taxes claim.</p>\n{% endblock %}\n',
        encoding="utf-8")
    site = build(root)
    crime = (site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8")
    taxes = (site / "reports/mayor-interview/taxes-lower.html").read_text(encoding="utf-8")
    verdict = crime.split('<section class="fc-verdict ')[1].split('id="the-claim"')[0]
    assert DESK_NOTE in verdict and "About our ratings" in verdict
    for rest in ("Crime fell by a fifth last year", "Our verdict", "How we checked", "Sources", "What others say",
                 "Police figures show a fall of 18%.", 'datetime="2025-03-10"'):
        assert rest in crime, rest
    assert DESK_NOTE in taxes, "the per-claim override extends the site's claim.md.j2"
    assert "Only on the taxes claim." in taxes and "How we checked" not in taxes
    assert "Only on the taxes claim." not in crime


def content_with(tmp_path: Path, templates: dict[str, str]) -> tuple[Path, Path]:
    write_report(tmp_path / "content", claims=[claim()])
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "content", folder


def problems_of(folder: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}; {p.hint}" for p in template_problems(folder)]


def test_a_template_that_extends_itself_is_one_clean_problem_that_names_the_fix(tmp_path: Path) -> None:
    _, folder = content_with(tmp_path, {"claim.md.j2": '{% extends "claim.md.j2" %}\n'})
    assert problems_of(folder) == [
        "claim.md.j2:1: template 'claim.md.j2' reaches itself (claim.md.j2 -> claim.md.j2), so it would never "
        'finish rendering; to build on the shipped template, write {% extends "default/claim.md.j2" %}']


def test_templates_that_include_each_other_are_a_problem_in_each(tmp_path: Path) -> None:
    _, folder = content_with(tmp_path, {"_status.html.j2": '{% include "_ref.html.j2" %}\n',
                                        "_ref.html.j2": 'x\n{% include "_status.html.j2" %}\n'})
    assert [p.split(";")[0] for p in problems_of(folder)] == [
        "_ref.html.j2:2: template '_ref.html.j2' reaches itself (_ref.html.j2 -> _status.html.j2 -> _ref.html.j2), "
        "so it would never finish rendering",
        "_status.html.j2:1: template '_status.html.j2' reaches itself (_status.html.j2 -> _ref.html.j2 -> "
        "_status.html.j2), so it would never finish rendering"]


def test_a_shipped_template_that_includes_an_override_that_loops_back_is_found(tmp_path: Path) -> None:
    _, folder = content_with(tmp_path, {"_status.html.j2": '{% include "claim.md.j2" %}\n'})
    assert problems_of(folder)[0].startswith(
        "_status.html.j2:1: template '_status.html.j2' reaches itself (_status.html.j2 -> claim.md.j2 -> "
        "_status.html.j2)")


def test_a_missing_template_and_a_syntax_error_are_problems_with_their_line(tmp_path: Path) -> None:
    _, folder = content_with(tmp_path, {"report.md.j2": 'ok\n{% include "_nope.html.j2" %}\n',
                                        "ratings.md.j2": "a\nb\n{% if x %}\n"})
    assert problems_of(folder) == [
        "ratings.md.j2:3: template error: Unexpected end of template. Jinja was looking for the following tags: "
        "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.; fix the template "
        "(see the comment at its top for what it receives)",
        "report.md.j2:2: template '_nope.html.j2' not found; use a template of the site's folder or a shipped one "
        "(default/claim.md.j2, ...)"]


def test_the_shipped_templates_have_no_problem_and_no_folder_is_none() -> None:
    assert template_problems(default_templates_dir()) == []
    assert template_problems(None) == []


@pytest.mark.parametrize("name, text, expected", [
    ("ratings.md.j2", "x\n{{ ratingz }}\n", "ratings.md.j2:2: error: template error: 'ratingz' is undefined"),
    ("claim.md.j2", '{% extends "claim.md.j2" %}\n', "claim.md.j2:1: error: template 'claim.md.j2' reaches itself"),
    ("_badge.html.j2", "{{ rating.labl }}\n", "_badge.html.j2:1: error: template error: 'generator.views.RatingView "
                                              "object' has no attribute 'labl'"),
])
def test_rendering_turns_every_template_failure_into_a_problem(tmp_path: Path, name: str, text: str,
                                                               expected: str) -> None:
    content_dir, folder = content_with(tmp_path, {name: text})
    content = check_content(content_dir)
    with pytest.raises(ContentError) as failure:
        render_site(content, PUBLIC, folder)
    first = failure.value.problems[0]
    assert f"{Path(first.path).name}{str(first)[len(first.path):]}".startswith(expected)


def test_a_template_recursing_at_render_time_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    content_dir, folder = content_with(tmp_path, {
        "ratings.md.j2": '{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n{{ down(1) }}\n'})
    with pytest.raises(ContentError) as failure:
        render_site(check_content(content_dir), PUBLIC, folder)
    assert failure.value.problems[0].code == "template-cycle"


def test_check_and_build_report_a_self_extending_template_without_a_traceback(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "claim.md.j2").write_text('{% extends "claim.md.j2" %}\n', encoding="utf-8")
    line = ("templates/claim.md.j2:1: error: template 'claim.md.j2' reaches itself (claim.md.j2 -> claim.md.j2), "
            'so it would never finish rendering; to build on the shipped template, write '
            '{% extends "default/claim.md.j2" %}')
    checked = run("check", cwd=root)
    assert checked.exit_code == 1 and line in checked.output.splitlines()
    built = run("build", cwd=root)
    assert built.exit_code == 1 and line in built.output and "Traceback" not in built.output
    assert not (root / "site").exists()


def test_every_page_template_is_made_of_blocks_and_lists_them() -> None:
    for template in sorted(default_templates_dir().glob("[!_]*.md.j2")):
        text = template.read_text(encoding="utf-8")
        blocks = re.findall(r"{% block (\w+) %}", text)
        assert len(blocks) >= 2, template.name
        header = text.split("-#}", 1)[0]
        assert all(block in header for block in blocks), f"{template.name}: list its blocks in its comment"


def test_no_template_line_is_an_unreadable_conditional() -> None:
    for template in sorted(default_templates_dir().glob("*.j2")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            assert len(line) <= 240, f"{template.name}:{number} is {len(line)} characters"


def test_dates_are_formatted_in_one_place_and_never_by_strftime() -> None:
    sources = [p for p in (ROOT / "generator").rglob("*.py")]
    assert not [p.name for p in sources if "strftime" in p.read_text(encoding="utf-8")]
    from generator.dates import format_date

    assert format_date(dt.date(2025, 3, 4), "en", "d MMMM y") == "4 March 2025"
    assert format_date(dt.date(2025, 3, 4), "uk", "d MMMM y") == "4 березня 2025"
    assert format_date(dt.date(2025, 3, 4), "xx-nonsense") == "March 4, 2025"


def test_templates_compiled_once_are_compiled_again_for_an_environment_that_compiles_them_otherwise() -> None:
    """The in-memory compiled templates are shared by every build of a process: the same template in an
    environment with other settings (whitespace, an extension a plugin adds) is compiled for that one."""
    import jinja2

    from generator.templating import CompiledOnce

    cache = CompiledOnce()
    source = {"page.html": "{% if true %}\nyes{% do [] %}\n{% endif %}\n"}
    plain = lambda **options: jinja2.Environment(loader=jinja2.DictLoader(source), bytecode_cache=cache,  # noqa: E731
                                                 extensions=["jinja2.ext.do"], **options)
    assert plain().get_template("page.html").render() == "\nyes\n"
    assert plain(trim_blocks=True).get_template("page.html").render() == "yes"
    with pytest.raises(jinja2.TemplateSyntaxError):  # without the extension, `do` is unknown: never the code from before
        jinja2.Environment(loader=jinja2.DictLoader(source), bytecode_cache=cache).get_template("page.html")
    assert plain().get_template("page.html").render() == "\nyes\n"
