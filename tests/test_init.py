"""`factcheck init`: a site a desk can publish the same day, and nothing of the scaffold published by mistake."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import build, new_desk, run

import generator.cli as cli_module


def test_init_without_values_leaves_placeholders_that_a_public_build_refuses_at_their_line(tmp_path: Path) -> None:
    assert run("init", "desk", cwd=tmp_path).exit_code == 0
    result = run("check", cwd=tmp_path / "desk")
    assert result.exit_code == 1
    assert "mkdocs.yml:1: error: site_name 'Fact desk (placeholder)' is a placeholder; write your desk's real name" \
        in result.output
    assert ("mkdocs.yml:4: error: site_url 'https://example.org/' is a placeholder (that domain is reserved for "
            "examples); set the site's public address, e.g. https://<owner>.github.io/<repo>/") in result.output
    review = run("build", "--review", cwd=tmp_path / "desk")
    assert review.exit_code == 0 and "mkdocs.yml:4: warning: site_url 'https://example.org/' is a placeholder" \
        in review.output


def test_init_writes_the_transparency_pages_and_links_them(tmp_path: Path) -> None:
    desk = new_desk(tmp_path)
    config = (desk / "mkdocs.yml").read_text(encoding="utf-8")
    for page in ("methodology", "corrections-policy", "ownership-funding", "contact"):
        assert (desk / "content" / "about" / f"{page}.md").is_file()
        assert f"about/{page}.md" in config
    assert "City Fact Desk is owned by" in (desk / "content/about/ownership-funding.md").read_text(encoding="utf-8")
    assert run("check", cwd=desk).exit_code == 0


def test_the_example_report_is_published_only_with_with_example(tmp_path: Path) -> None:
    site = build(new_desk(tmp_path, "--with-example"))
    assert (site / "reports" / "example-report" / "bridge-cut-traffic.html").is_file()


def test_init_refuses_values_it_cannot_use_and_writes_nothing(tmp_path: Path) -> None:
    result = run("init", "desk", "--site-url", "our.github.io/desk", "--language", "English", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == ("Error: --site-url 'our.github.io/desk' is not an absolute address: write it in full, "
                             "e.g. https://<owner>.github.io/<repo>/; --language 'English' is not a language tag: "
                             "e.g. en, fr, pt-BR\n")
    assert not (tmp_path / "desk").exists()


def test_init_asks_for_what_is_missing_in_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli_module.cli, ["init", "desk", "--language", "fr"],
                                input="Desk Vérif\nhttps://verif.github.io/desk/\n")
    assert result.exit_code == 0, result.output
    config = (tmp_path / "desk" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Desk Vérif\n" in config and "site_url: https://verif.github.io/desk/\n" in config
    assert "language: fr\n" in config


def test_the_workflows_install_step_installs_this_very_version_offline(tmp_path: Path) -> None:
    """requirements.txt, as the Pages workflow uses it, against the vendored wheel and nothing else (--no-index)."""
    desk = new_desk(tmp_path)
    requirements = (desk / "requirements.txt").read_text(encoding="utf-8")
    wheel = next(line for line in requirements.splitlines() if not line.startswith("#"))
    assert wheel == "./vendor/factcheck_generator-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(desk / wheel) as archive:
        names = archive.namelist()
    assert "generator/templates/claim.md.j2" in names and "generator/cli.py" in names
    assert "pip install -r requirements.txt" in (desk / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "-r", "requirements.txt"], cwd=desk,
                   env=env, check=True, capture_output=True)
    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"], env=env, check=True,
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert where.startswith(str(venv)), "the generator now comes from the installed wheel"
    built = subprocess.run([str(venv / "bin" / "factcheck"), "build"], cwd=desk, env=env, check=False, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    assert (desk / "site" / "about" / "methodology.html").is_file()


def test_the_wheel_is_reproducible() -> None:
    from importlib import metadata

    from generator.provenance import build_wheel

    dist = metadata.distribution("factcheck-generator")
    assert build_wheel(dist) == build_wheel(dist)


def test_a_chosen_install_source_is_written_as_given(tmp_path: Path) -> None:
    spec = "factcheck-generator @ git+https://github.com/desk/factcheck@v0.1.0"
    result = run("init", "desk", "--install-from", spec, cwd=tmp_path)
    assert result.exit_code == 0
    assert spec + "\n" in (tmp_path / "desk/requirements.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "desk/vendor").exists()
