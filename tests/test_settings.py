"""mkdocs.yml is untrusted like content: every setting is validated, with its line, before anything is built."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.settings import config_lines, site_url_problems
from helpers import MKDOCS_YML, build, make_site, run
from test_malformed import tree_digest

ORGANIZATION = """\
  - factcheck:
      organization:
        name: Desk
        url: {url}
        logo: {logo}
"""


def with_config(root: Path, text: str) -> Path:
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def plugin_options(options: str) -> str:
    return MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n" + options)


@pytest.fixture()
def desk(tmp_path: Path) -> tuple[Path, str]:
    root = make_site(tmp_path / "desk")
    return root, tree_digest(build(root))


def assert_refused(root: Path, before: str, *expected: str) -> str:
    """Both check and build report the problem with its line; the site is untouched."""
    outputs = []
    for command in (["check", "content"], ["build"]):
        result = run(*command, cwd=root)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        for text in expected:
            assert text in result.output, result.output
        outputs.append(result.output)
    assert tree_digest(root / "site") == before
    return outputs[1]


@pytest.mark.parametrize("url, logo, line, expected", [
    ("javascript:alert(1)", "https://example.org/logo.png", 13, "organization url 'javascript:alert(1)' is not an http(s) URL"),
    ("https://example.org/", "javascript:alert(1)", 14,
     "organization logo 'javascript:alert(1)' is neither an http(s) URL nor a path in the site"),
    ("https://example.org/", "../../etc/passwd", 14, "organization logo '../../etc/passwd' is neither"),
    ("data:text/html,x", "https://example.org/logo.png", 13, "organization url 'data:text/html,x' is not"),
])
def test_organization_url_and_logo_follow_the_rules_of_content_urls(desk, url: str, logo: str, line: int,
                                                                     expected: str) -> None:
    root, before = desk
    with_config(root, MKDOCS_YML.replace("  - factcheck\n", ORGANIZATION.format(url=url, logo=logo)))
    assert_refused(root, before, f"mkdocs.yml:{line}: error: {expected}")


@pytest.mark.parametrize("site_url, expected", [
    ("https://x.org/desk/?utm=1", "site_url has a query string"),
    ("https://x.org/desk/#top", "site_url has a fragment"),
    ("https://editor:hunter2@x.org/desk/", "site_url has a user name or password"),
    ("ftp://x.org/desk/", "site_url 'ftp://x.org/desk/' is not an absolute http(s) URL"),
])
def test_site_url_is_a_plain_http_address(desk, site_url: str, expected: str) -> None:
    root, before = desk
    with_config(root, MKDOCS_YML.replace("https://desk.test/desk/", site_url))
    output = assert_refused(root, before, f"mkdocs.yml:2: error: {expected}")
    assert "hunter2" not in output.replace(f"'{site_url}'", "") or "password" in expected


def test_an_unknown_plugin_option_is_an_error_with_its_line_and_the_option_meant(desk) -> None:
    root, before = desk
    with_config(root, plugin_options("      contnet_dir: content\n"))
    assert_refused(root, before, "mkdocs.yml:11: error: unknown option 'contnet_dir'; did you mean 'content_dir'?")


def test_the_plugin_listed_twice_is_an_error(desk) -> None:
    root, before = desk
    with_config(root, MKDOCS_YML + "  - factcheck\n")
    assert_refused(root, before, "mkdocs.yml:8: error: the 'factcheck' plugin is listed 2 times; list it once")


@pytest.mark.parametrize("option, value, expected", [
    ("content_dir", "/", "content_dir '/' is outside the project folder"),
    ("templates_dir", "/", "templates_dir '/' is outside the project folder"),
    ("content_dir", ".", "content_dir is the project folder itself"),
    ("templates_dir", "..", "templates_dir '..' is outside the project folder"),
    ("content_dir", "../../etc", "content_dir '../../etc' is outside the project folder"),
])
def test_folders_outside_the_project_or_the_project_itself_are_refused_at_once(desk, option: str, value: str,
                                                                                expected: str) -> None:
    root, before = desk
    with_config(root, plugin_options(f"      {option}: {value}\n"))
    started = time.monotonic()
    assert_refused(root, before, f"mkdocs.yml:11: error: {expected}")
    assert time.monotonic() - started < 30, "the file system must not be walked"


def test_every_settings_problem_is_reported_at_once(desk) -> None:
    root, before = desk
    text = MKDOCS_YML.replace("https://desk.test/desk/", "https://x.org/?a=1").replace(
        "  - factcheck\n", ORGANIZATION.format(url="javascript:x", logo="https://x.org/l.png"))
    with_config(root, text.replace("use_directory_urls: false", "use_directory_urls: true"))
    assert_refused(root, before, "mkdocs.yml:2: error: site_url has a query string",
                   "mkdocs.yml:4: error: use_directory_urls is on", "mkdocs.yml:13: error: organization url")


def test_config_lines_find_plugins_by_name_and_survive_mkdocs_tags() -> None:
    lines = config_lines("site_name: !ENV [NAME, x]\nplugins:\n  - search\n  - factcheck:\n      content_dir: c\n", "m.yml")
    assert (lines.line("site_name"), lines.line("plugins", "search"), lines.line("plugins", "factcheck", "content_dir")) \
        == (1, 3, 5)
    assert site_url_problems("https://example.org/factchecks/", lines) == []


def test_with_inherit_problems_point_at_the_file_and_line_they_come_from(desk) -> None:
    root, before = desk
    base = MKDOCS_YML.replace("site_name: Test Desk\n", "").replace("https://desk.test/desk/", "https://u:pw@x.org/?q")
    (root / "base.yml").write_text(plugin_options("      contnet_dir: content\n").replace(MKDOCS_YML, base)
                                   if False else base.replace("  - factcheck\n", "  - factcheck:\n      contnet_dir: content\n"),
                                   encoding="utf-8")
    with_config(root, "INHERIT: base.yml\nsite_name: Test Desk\n")
    assert_refused(root, before, "base.yml:1: error: site_url has a user name or password and a query string",
                   "base.yml:10: error: unknown option 'contnet_dir'; did you mean 'content_dir'?")
