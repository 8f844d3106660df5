"""The `factcheck` command: a thin click adapter over the pipeline (options in, exit codes out)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from generator.pipeline import check_content
from generator.problems import Problem, has_errors


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck-generator")
def cli() -> None:
    """Build a fact-check site from articles and claims files.

    \b
    Typical use, in a site folder:
      factcheck check          # find every problem in content/
      factcheck build          # build the public site into site/
    """


@cli.command()
@click.argument("content_dir", default="content", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def check(content_dir: Path, strict: bool, fmt: str) -> None:
    """Check the content folder and report every problem at once.

    Each problem is printed as `path:line: error|warning: claim 'id': message; hint`.
    Exits 0 when there are no errors, 1 when there are (warnings count with --strict).

    \b
    Example:
      factcheck check content --strict
    """
    content = check_content(content_dir, _shown(content_dir), strict)
    problems = content.problems
    if fmt == "json":
        click.echo(json.dumps({"problems": [p.as_dict() for p in problems], "ok": not has_errors(problems)},
                              indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem))
        claims = len(content.site.all_claims())
        click.echo(f"{len(content.site.reports)} report(s), {claims} claim(s): {_summary(problems)}", err=True)
    raise SystemExit(1 if has_errors(problems) else 0)


def main() -> None:
    cli(prog_name="factcheck")
