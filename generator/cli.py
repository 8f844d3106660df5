"""The `factcheck` command: a thin click adapter over the pipeline (options in, exit codes out)."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from generator import collector
from generator.content import Content
from generator.pipeline import blocking, check_content
from generator.problems import ContentError, Problem, has_errors, sort_problems


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


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck-generator")
def cli() -> None:
    """Build a fact-check site from articles and claims files.

    \b
    Typical use, in a site folder:
      factcheck check          # find every problem in content/
      factcheck build          # build the public site into site/
      factcheck serve          # preview everything, drafts included
    """


@cli.command()
@click.argument("content_dir", default="content", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True, type=Path,
              help="The site's MkDocs configuration, when there is one: its site_url and organization are checked too.")
def check(content_dir: Path, strict: bool, fmt: str, config_file: Path) -> None:
    """Check the content folder and report every problem at once.

    Each problem is printed as `path:line: error|warning: claim 'id': message; hint`.
    Exits 0 when there are no errors, 1 when there are (warnings count with --strict).
    When mkdocs.yml is present, the settings the structured data needs (site_url, organization) are
    checked as for a public build.

    \b
    Example:
      factcheck check content --strict
    """
    publishing, settings_problems = None, []
    _show_mkdocs_log(logging.WARNING)
    if config_file.is_file():
        publishing, settings_problems = _guard(lambda: _settings_for_check(config_file))
    content = check_content(content_dir, _shown(content_dir), strict, publishing)
    problems = sort_problems(settings_problems + content.problems)
    if fmt == "json":
        click.echo(json.dumps({"problems": [p.as_dict() for p in problems], "ok": not has_errors(problems)},
                              indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem))
        claims = len(content.site.all_claims())
        click.echo(f"{len(content.site.reports)} report(s), {claims} claim(s): {_summary(problems)}", err=True)
    raise SystemExit(1 if has_errors(problems) else 0)


def _settings_for_check(config_file: Path) -> tuple[Any, list[Problem]]:
    """How the site is published, or the problems in its settings (reported with the content's)."""
    from generator.mkdocs_build import open_site

    try:
        return open_site(config_file).publishing, []
    except ContentError as exc:
        return None, exc.problems


_config_option = click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True,
                              type=click.Path(exists=True, dir_okay=False, path_type=Path),
                              help="The site's MkDocs configuration.")


@cli.command()
@_config_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--review", is_flag=True, help="Review build: every claim, with banners; goes to site-review/.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build (default: site/, or site-review/ with --review).")
def build(config_file: Path, strict: bool, review: bool, site_dir: Path | None) -> None:
    """Check the content, then build the site with MkDocs.

    The site is built in a new folder and swapped in only when the build succeeded, so a failed build
    leaves the previous site untouched. A public build (the default) publishes approved claims only
    and fails on any error in the content.

    \b
    Example:
      factcheck build --strict
    """
    from generator.mkdocs_build import open_site

    started = time.monotonic()
    _show_mkdocs_log(logging.WARNING)
    opened = _guard(lambda: open_site(config_file, review))
    review = opened.site.publishing.mode == "review"  # `review: true` in mkdocs.yml makes a review copy too
    target = site_dir or opened.default_site_dir(review)
    _guard(lambda: _refuse_target(opened, target))
    content = _checked_content(opened, strict)
    claims = len(content.site.all_claims())
    opened.use(content)
    del content  # the build lets go of it once the pages are written
    summary = _run_build(opened, target, claims)
    seconds = time.monotonic() - started
    click.echo(f"Built {summary['reports']} report(s), {summary['claims']} claim(s), {summary['warnings']} warning(s) "
               f"into {_shown(target)}/ in {seconds:.1f} s" + (" (review copy)" if review else ""), err=True)


def _refuse_target(opened: Any, target: Path) -> None:
    from generator.sitedir import check_target

    check_target(target, opened.site.protected)


def _checked_content(opened: Any, strict: bool) -> Content:
    content_dir = opened.site.content_dir
    content = check_content(content_dir, _shown(content_dir), strict, opened.publishing)
    _print_problems(content.problems)
    if blocking(content.problems, opened.site.publishing.mode):
        click.echo(f"Not built: {_summary(content.problems)}. The previous site is unchanged.", err=True)
        raise SystemExit(1)
    collector.settle()  # the content lives until the command ends (build, deploy, export-docs)
    return content


def _run_build(opened: Any, site_dir: Path, claims: int) -> dict[str, int]:
    from generator.mkdocs_build import build_into

    show = sys.stderr.isatty() and claims > 200

    def progress(done: int, pages: int) -> None:
        if show and (done % 100 == 0 or done == pages):
            click.echo(f"\r  {done}/{pages} pages", err=True, nl=done == pages)

    summary, warning = _guard(lambda: build_into(opened, site_dir, progress))
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return summary


class _ToStderr(logging.Handler):
    """Writes to whatever stderr is at the time (click.echo), so it also works under a test runner."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _show_mkdocs_log(level: int) -> None:
    """MkDocs' own messages (a broken link in a page, the preview's address) reach the terminal."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _ToStderr) for h in logger.handlers):
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def _guard(action: Any) -> Any:
    """Run a builder step; turn its errors into a message and exit code 1, never a traceback."""
    from mkdocs.exceptions import MkDocsException

    from generator.sitedir import SiteDirError

    try:
        return action()
    except SiteDirError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("Not built. The previous site is unchanged.", err=True)
        raise SystemExit(1) from None
    except ContentError as exc:
        _print_problems(exc.problems)
        click.echo(f"Not built: {_summary(exc.problems)}. The previous site is unchanged.", err=True)
        raise SystemExit(1) from None
    except MkDocsException as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("Not built. The previous site is unchanged.", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"Error: {exc.strerror or exc}: {exc.filename or ''}", err=True)
        click.echo("Not built. The previous site is unchanged.", err=True)
        raise SystemExit(1) from None


@cli.command("export-docs")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_config_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def export_docs(directory: Path, config_file: Path, strict: bool) -> None:
    """Write the public site as a plain docs folder that engines without plugins (Zensical) can build.

    DIRECTORY (new or empty) gets docs/, holding every page already generated, the exports and the
    assets, and mkdocs.yml, the site's own with the factcheck plugin taken out. See the README for
    what differs from `factcheck build`.

    \b
    Example:
      factcheck export-docs ../plain && cd ../plain && zensical build
    """
    from generator.mkdocs_build import open_site
    from generator.plaindocs import DOCS, export_docs as write_docs

    opened = _guard(lambda: open_site(config_file))
    content = _checked_content(opened, strict)
    try:
        written = write_docs(_plain_site(opened), content, directory)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    except ContentError as exc:  # a mistake in a template
        _print_problems(exc.problems)
        click.echo(f"Not exported: {_summary(exc.problems)}. Nothing was written.", err=True)
        raise SystemExit(1) from None
    click.echo(f"Wrote {len(written)} file(s) into {_shown(directory)}/{DOCS}/ and {_shown(directory)}/mkdocs.yml",
               err=True)


def _plain_site(opened: Any) -> Any:
    """What the plain docs folder needs from mkdocs.yml, as the plugin sets it up for a build."""
    from generator.layout import WORKER_SHIM
    from generator.plaindocs import PlainSite
    from generator.render import ASSETS, SiteInfo, asset_text

    from generator.plugin import prepare_config

    config, site = opened.config, opened.site
    prepare_config(config, site)  # the nav, stylesheet and shim a build would have
    assets = {f"assets/{name}": asset_text(name) for name in ASSETS}
    assets[WORKER_SHIM] = asset_text("iframe-worker-shim.js")
    info = SiteInfo(config.site_name, config.site_url or "", site.publishing.organization, None,
                    site.publishing.language)
    return PlainSite(Path(config.config_file_path).read_text(encoding="utf-8"), site.docs_dir, site.content_dir,
                     site.templates_dir, info, list(config.nav), list(config.extra_css),
                     list(config.extra.get("polyfills", [])), assets, site.declared)


@cli.command()
@_config_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--public", is_flag=True, help="Preview the public build instead of the review build.")
def serve(config_file: Path, dev_addr: str, public: bool) -> None:
    """Preview the site, rebuilt whenever content/ or templates/ change.

    The address printed includes site_url's sub-path (https://x.github.io/desk/ is previewed at
    http://127.0.0.1:8000/desk/). The preview is a review build (drafts included, with banners) unless
    --public is given; the problems found are printed here as well as shown on the pages. A rebuild
    re-renders only the reports an edit touched and rewrites only the pages that changed (a cache of
    rendered pages is kept in .factcheck-cache/).

    \b
    Example:
      factcheck serve -a 127.0.0.1:8001
    """
    from urllib.parse import urlsplit

    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.mkdocs_build import open_site, serve_plugins

    site_url = _guard(lambda: open_site(config_file, review=not public)).publishing.site_url
    path = urlsplit(site_url or "/").path or "/"
    kind = "public build" if public else "review build, drafts included"
    click.echo(f"Preview ({kind}) at http://{dev_addr}{path if path.endswith('/') else path + '/'} ; "
               "problems are printed here and shown on the pages", err=True)
    _show_mkdocs_log(logging.INFO)
    plugins = _guard(lambda: serve_plugins(config_file, review=not public))
    _guard(lambda: mkdocs_serve(str(config_file), dev_addr=dev_addr, build_type="dirty", plugins=plugins))


@cli.command()
@_config_option
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch that GitHub Pages serves.")
@click.option("--message", "-m", default="Publish fact checks", show_default=True, help="Commit message.")
def deploy(config_file: Path, remote: str, branch: str, message: str) -> None:
    """Make a fresh public build and push it to the gh-pages branch.

    It first checks that the remote exists and answers (nothing is built or committed otherwise), then
    checks the content, builds the public site in a new folder, refuses a review copy, and pushes that
    folder (with .nojekyll) to REMOTE/BRANCH. The manifest.json on that branch records the release:
    `factcheck diff`, the dashboard and the publication policy compare with it.

    \b
    Example:
      factcheck deploy --remote origin --branch gh-pages
    """
    import tempfile

    from generator.mkdocs_build import build_site, open_site
    from generator.publish import PublishError, preflight, push_to_branch

    root = config_file.resolve().parent
    try:
        preflight(root, remote, branch)
    except PublishError as exc:
        raise click.ClickException(f"{exc}. Nothing was built or committed.") from None
    opened = _guard(lambda: open_site(config_file))
    opened.use(_checked_content(opened, strict=False))
    with tempfile.TemporaryDirectory(prefix=".factcheck-deploy-", dir=root) as scratch:
        tree = Path(scratch) / "site"
        summary = _guard(lambda: build_site(opened, tree))
        try:
            push_to_branch(tree, root, remote, branch, message)
        except PublishError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Published {_published(summary)} to {remote}/{branch}.", err=True)


def _published(summary: dict[str, int]) -> str:
    from generator.select import Tally

    shown = Tally(summary["reports"], summary["claims"], summary.get("withdrawn", 0))
    return f"{shown} in {shown.reports} report{'s' * (shown.reports != 1)}"


@cli.command()
@click.argument("previous", required=False, type=click.Path(exists=True, path_type=Path))
@_config_option
def diff(previous: Path | None, config_file: Path) -> None:
    """List what changed since a release: new, removed, re-rated (old -> new) and edited claims.

    Without PREVIOUS, compares with the last release: the manifest.json that `factcheck deploy` pushed to
    the gh-pages branch (or wherever the plugin's `release` option points). PREVIOUS may be a built public
    site folder or a manifest.json file. A rating change without a new correction entry is reported as a
    warning at the rating's line. Exits 0, or 1 when there is no release to compare with.

    \b
    Example:
      factcheck diff
      factcheck diff last-release/site
    """
    from generator.mkdocs_build import open_site
    from generator.review import diff as diff_manifests
    from generator.review import manifest, read_manifest

    opened = _guard(lambda: open_site(config_file))
    content_dir, publishing = opened.site.content_dir, opened.publishing
    if previous is None:
        before = publishing.release
        if before is None:
            raise click.ClickException("no release found to compare with: nothing has been published with "
                                       "'factcheck deploy' from this repository (run 'git fetch' if it was published "
                                       "from elsewhere), or name one: factcheck diff PATH")
    else:
        try:
            before = read_manifest(previous)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"cannot read a release manifest from {previous}: {exc}") from None
    content = check_content(content_dir, _shown(content_dir))
    claims = {c.id: c for c in content.site.all_claims()}
    changes = diff_manifests(before, manifest(content.site))
    for change in changes:
        click.echo(f"{change.kind}: {change.claim_id} ({change.detail})")
        if change.warning:
            claim = claims[change.claim_id]
            click.echo(f"{claim.place.path}:{claim.line('rating')}: warning: claim '{change.claim_id}': "
                       f"{change.warning}", err=True)
    if not changes:
        click.echo("No changes since that release.")


def _site_content_dir(config_file: Path, content_dir: Path | None) -> Path:
    """The content folder: given, or the one mkdocs.yml names, or ./content."""
    if content_dir is not None:
        return content_dir
    if config_file.is_file():
        from generator.mkdocs_build import open_site

        return Path(_shown(_guard(lambda: open_site(config_file)).site.content_dir))
    return Path("content")


def _publishing(config_file: Path) -> Any:
    """How the site is published (policy, last release), from mkdocs.yml when there is one."""
    if not config_file.is_file():
        return None
    from generator.mkdocs_build import open_site

    return _guard(lambda: open_site(config_file)).publishing


_content_option = click.option("--content", "content_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
                               help="The content folder (default: the one mkdocs.yml names, or content/).")
_config_lookup = click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True, type=Path,
                              help="The site's MkDocs configuration, when there is one.")


@cli.command()
@click.argument("claim_id", metavar="ID")
@click.option("--editor", required=True, help="Who signs the claim off (written as its 'editor').")
@click.option("--date", "date", default=None, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date, YYYY-MM-DD (default: today; kept if the claim already has one).")
@_content_option
@_config_lookup
def approve(claim_id: str, editor: str, date: Any, content_dir: Path | None, config_file: Path) -> None:
    """Approve a claim for publication: sets its status, editor and published date in claims.yml.

    Only those lines change: comments, order and formatting are kept. A claim that fails the checks
    is refused, with every problem and its line, and nothing is written.

    \b
    Example:
      factcheck approve crime-fell --editor "E. Ditor" --date 2025-03-10
    """
    import datetime as dt

    from generator.editorial import EditError
    from generator.editorial import approve as approve_claim
    from generator.pipeline import Publishing
    from generator.policy import lint as policy_lint

    folder = _site_content_dir(config_file, content_dir)
    publishing = _publishing(config_file) or Publishing("mkdocs.yml")
    day = date.date() if date else dt.date.today()
    try:
        outcome = approve_claim(folder, _shown(folder), claim_id, editor.strip(), day,
                                lambda site, checked: policy_lint(site, checked, publishing.policy, publishing.release))
    except EditError as exc:
        raise click.ClickException(str(exc)) from None
    if outcome.problems:
        _print_problems(outcome.problems)
        click.echo(f"Not approved: {_summary(outcome.problems)}. {_shown(folder)} is unchanged.", err=True)
        raise SystemExit(1)
    assert outcome.path is not None
    click.echo(f"approved {claim_id} in {_shown(outcome.path)}: " + ", ".join(outcome.changed))


@cli.command()
@_content_option
@_config_lookup
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              help="markdown: a table and a list, e.g. for a CI job summary.")
def status(content_dir: Path | None, config_file: Path, fmt: str) -> None:
    """List every claim by status (approved, in review, draft, withdrawn) with its open problems.

    Like `git status`: what the next public build publishes, what changed since the last release
    ([new], [re-rated], [edited]), and what still needs work (checks and publication policy). Exits 0.

    \b
    Example:
      factcheck status
      factcheck status --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from generator.editorial import by_status, markdown_summary
    from generator.review import diff as diff_manifests
    from generator.review import manifest

    folder = _site_content_dir(config_file, content_dir)
    publishing = _publishing(config_file)
    content = check_content(folder, _shown(folder), publishing=publishing)
    release = publishing.release if publishing else None
    kinds = {c.claim_id: c.kind for c in diff_manifests(release, manifest(content.site))} if release else None
    groups = by_status(content.site, content.problems, kinds)
    if fmt == "markdown":
        click.echo(markdown_summary(groups, [p for p in content.problems if p.claim is None]), nl=False)
        return
    titles = {"approved": "Approved (published by a public build)", "review": "In review", "draft": "Draft",
              "withdrawn": "Withdrawn"}
    for name, entries in groups.items():
        if not entries:
            continue
        click.echo(f"{titles.get(name, name)}: {len(entries)}")
        for entry in entries:
            errors = sum(p.severity == "error" for p in entry.problems)
            state = f"  [{entry.released}]" if entry.released else ""
            mark = f"  {errors} error(s)" if errors else ""
            click.echo(f"  {entry.claim.id}  {entry.claim.place.path}:{entry.claim.place.line}{state}{mark}")
            for problem in entry.problems:
                click.echo(f"      {problem}")
        click.echo("")
    files = [p for p in content.problems if p.claim is None]
    for problem in files:
        click.echo(str(problem))
    if not content.site.all_claims():
        click.echo("No claims yet: start one with 'factcheck new REPORT'.")


@cli.command()
@click.argument("report")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
def new(report: str, content_dir: Path) -> None:
    """Start a new report: content/REPORT/article.md and claims.yml, with a commented example.

    Never overwrites an existing file.

    \b
    Example:
      factcheck new budget-speech-2025
    """
    from generator.scaffold import ScaffoldError, new_report

    try:
        written = new_report(content_dir, report)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"created {_shown(path)}")
    click.echo("Paste the article into article.md, add claims to claims.yml, then run 'factcheck check'.")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=None, help="The desk's name (site_name and the organization).")
@click.option("--site-url", default=None, help="The public address with its sub-path: https://<owner>.github.io/<repo>/.")
@click.option("--language", default=None, help="The site's language, a BCP 47 tag (default: en).")
@click.option("--with-example", is_flag=True, help="Approve the fictional example report (default: a draft).")
@click.option("--install-from", default=None, metavar="REQUIREMENT",
              help="What the site's workflow installs, e.g. 'factcheck-generator @ git+https://github.com/ORG/REPO@v0.1.0' "
                   "(default: this very version, see the README).")
def init(directory: Path, name: str | None, site_url: str | None, language: str | None, with_example: bool,
         install_from: str | None) -> None:
    """Create a new site project in DIRECTORY, ready to fill in.

    Writes mkdocs.yml, content/ with draft transparency pages (methodology, corrections policy,
    ownership and funding, contact) and a fictional example report (a draft unless --with-example),
    templates/, a GitHub Pages workflow, and a requirements.txt that installs this very version of
    factcheck. Asks for the name, address and language when run in a terminal without them; anything
    left out is a placeholder that a public build refuses, with the line to edit. Never overwrites a file.

    \b
    Example:
      factcheck init my-desk --name "My Fact Desk" --site-url https://me.github.io/my-desk/ --language en
    """
    from generator.provenance import this_install
    from generator.scaffold import PLACEHOLDER_NAME, PLACEHOLDER_URL, ScaffoldError, SiteSettings, new_site

    if _interactive():
        name = name or click.prompt("Desk name", default=PLACEHOLDER_NAME)
        site_url = site_url or click.prompt("Public address (https://<owner>.github.io/<repo>/)", default=PLACEHOLDER_URL)
        language = language or click.prompt("Language (BCP 47 tag)", default="en")
    settings = SiteSettings(name or PLACEHOLDER_NAME, site_url or PLACEHOLDER_URL, language or "en", with_example)
    try:
        written = new_site(directory, settings, this_install(install_from))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    where = _shown(directory)
    click.echo(f"created {len(written)} files in {where}/")
    click.echo(f"next: cd {where} && factcheck serve   # preview, drafts included; then 'factcheck check' "
               "lists what to fill in before the first public build")


def _interactive() -> bool:
    """Whether a person is at the terminal to answer questions."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def main() -> None:
    cli(prog_name="factcheck")
