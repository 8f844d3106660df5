"""The Jinja environment: where templates are found, what they can call, and how their mistakes are reported.

A name is looked up in the site's templates folder first, then in the shipped templates; the shipped
ones are also reachable under the `default/` prefix, so a desk's `claim.md.j2` can start with
`{% extends "default/claim.md.j2" %}` and override one block (as Pelican's `!simple` prefix).
"""

from __future__ import annotations

import hashlib
import os
import traceback
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
import jinja2.bccache
import jinja2.nodes
import markupsafe

from generator.dates import iso
from generator import direction, headline
from generator.fragments import deep_link
from generator.labels import REFERENCE, Labels, load_labels
from generator.problems import Problem

DEFAULT_PREFIX = "default"
"""`{% extends "default/claim.md.j2" %}` reaches the shipped template even when the site overrides it."""
HINT = "fix the template (see the comment at its top for what it receives)"


def default_templates_dir() -> Path:
    """The shipped templates: inside the installed package, or the project's templates/ in a checkout."""
    packaged = Path(str(resources.files("generator"))) / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"


def template_loader(site_templates: Path | None) -> jinja2.BaseLoader:
    """The site's folder first, then the shipped templates, which also answer to `default/<name>`."""
    shipped = jinja2.FileSystemLoader(str(default_templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if site_templates and site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(site_templates)))
    loaders += [jinja2.PrefixLoader({DEFAULT_PREFIX: shipped}), shipped]
    return jinja2.ChoiceLoader(loaders)


def template_folders(env: jinja2.Environment) -> list[Path]:
    """The folders the environment reads templates from, site's first."""
    loader = env.loader
    loaders = loader.loaders if isinstance(loader, jinja2.ChoiceLoader) else [loader]
    return [Path(folder) for one in loaders if isinstance(one, jinja2.FileSystemLoader) for folder in one.searchpath]


class CompiledOnce(jinja2.BytecodeCache):
    """Templates compiled once per process, in memory: a preview's rebuild (and every build after the first in
    one process) skips compiling them again. Jinja keys each template by its name and file, and compares the
    checksum of its source before using the code, so an edited template is compiled anew: what is rendered
    never depends on what was built before. The compiled code also depends on the environment's settings
    (autoescaping, whitespace, extensions a plugin may add to the theme's): they are part of the key. Never
    on disk: code read back from the project folder would be code that anyone who can write there could make
    the build run."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        key = f"{self.get_cache_key(name, filename)}|{_compile_settings(environment)}"
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _compile_settings(env: jinja2.Environment) -> str:
    """Everything of an environment that changes the code a template compiles to."""
    settings = (type(env).__qualname__, sorted(env.extensions), env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string, env.comment_start_string,
                env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
                getattr(env.autoescape, "__qualname__", env.autoescape), getattr(env.finalize, "__qualname__", None),
                env.code_generator_class.__qualname__)
    return hashlib.sha1(repr(settings).encode()).hexdigest()


PAGE_TEMPLATES = CompiledOnce()
"""Our page templates' compiled code (the environment of `make_env`)."""
THEME_TEMPLATES = CompiledOnce()
"""The theme's templates' compiled code (MkDocs' environment, given it by the plugin's on_env)."""


def make_env(site_templates: Path | None, labels: Labels | None = None,
             relative: Callable[[str, str], str] = lambda page, target: target) -> jinja2.Environment:
    """The environment pages are rendered with: autoescaping, StrictUndefined (a typo fails loudly),
    `t(key, ...)` for labels, `| link` for page URLs (`relative(page_path, target)`), `| iso` and
    `| datefmt` for dates, `badge(rating)`, `lang_of(language)` for the `lang`/`dir` of text in another language,
    `deep_link(url, anchor)` (a text-fragment link to a quoted passage), `title_of(cv)` for a claim's verdict-first
    title and `quoted(text)` for text in the language's quotation marks."""
    labels = labels or Labels()

    @jinja2.pass_context
    def link(context: jinja2.runtime.Context, target: str) -> str:
        return relative(context["page_path"], target)

    env = jinja2.Environment(loader=template_loader(site_templates), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=False, auto_reload=False, bytecode_cache=PAGE_TEMPLATES)
    env.filters["link"] = link
    env.filters["iso"] = iso
    env.filters["datefmt"] = labels.date
    env.globals["t"] = labels
    env.globals["badge"] = _badge_function(env)
    env.globals["lang_of"] = lambda language: direction.marks(language, labels.language)
    env.globals["deep_link"] = deep_link
    env.globals["title_of"] = lambda cv: headline.claim_title(cv.claim, cv.verdict, labels)
    env.globals["quoted"] = lambda text: headline.quoted(text, labels)
    return env


def _badge_function(env: jinja2.Environment) -> Callable[[Any], markupsafe.Markup]:
    """`badge(rating)` in templates: _badge.html.j2 rendered once per rating, then reused (a page shows many)."""
    rendered: dict[Any, markupsafe.Markup] = {}

    def badge(rating: Any) -> markupsafe.Markup:
        if rating not in rendered:
            rendered[rating] = markupsafe.Markup(env.get_template("_badge.html.j2").render(rating=rating))
        return rendered[rating]
    return badge


def template_problem(exc: BaseException) -> Problem:
    """A template failure at render time (syntax, undefined variable, missing or recursive template) as a
    `path:line` problem: the template's own line when Jinja knows it, else the innermost template frame."""
    path, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not path:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            path, line = frames[-1].filename, frames[-1].lineno
    shown = _shown(path) if path else "templates"
    if isinstance(exc, RecursionError):
        return Problem(shown, line or 1, "error", "template error: templates extend or include each other "
                       "without end", 'extend the shipped template with {% extends "default/<name>" %}',
                       code="template-cycle")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(shown, line or 1, "error", f"template error: template '{exc.name}' not found",
                       _missing_hint(), code="template-missing")
    message = getattr(exc, "message", None) or str(exc)
    return Problem(shown, line or 1, "error", f"template error: {message}", HINT, code="template")


def _missing_hint() -> str:
    return f"use a template of the site's folder or a shipped one ({DEFAULT_PREFIX}/claim.md.j2, ...)"


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def templates_folder_problems(site_templates: Path | None) -> list[Problem]:
    """Every problem `factcheck check` finds in a site's templates folder: its templates and its labels.yml."""
    if not site_templates or not site_templates.is_dir():
        return []
    return template_problems(site_templates) + load_labels(REFERENCE, site_templates)[1]


def template_problems(site_templates: Path | None) -> list[Problem]:
    """Every problem of a site's templates folder found without rendering: a syntax error, a reference
    (`extends`, `include`, `import`) to a template that does not exist, a template that extends or includes
    itself or reaches itself through others. Empty when there is no folder."""
    if not site_templates or not site_templates.is_dir():
        return []
    env = jinja2.Environment(loader=template_loader(site_templates))
    problems: list[Problem] = []
    own = sorted(p.name for p in site_templates.glob("*.j2") if p.is_file())
    for name in own:
        path = site_templates / name
        try:
            env.parse(path.read_text(encoding="utf-8", errors="replace"), name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(_shown(str(path)), exc.lineno or 1, "error", f"template error: {exc.message}",
                                    HINT, code="template"))
    graph = _graph(env, own)
    for name in own:
        for target, line in graph.get(name, []):
            shown = _shown(str(site_templates / name))
            if target not in graph:
                problems.append(Problem(shown, line, "error", f"template '{target}' not found", _missing_hint(),
                                        code="template-missing"))
                continue
            loop = _route(graph, target, name)
            if loop is not None:
                problems.append(Problem(shown, line, "error", f"template '{name}' reaches itself "
                                        f"({' -> '.join([name, *loop])}), so it would never finish rendering",
                                        _cycle_hint(env, target), code="template-cycle"))
    return problems


def _graph(env: jinja2.Environment, roots: list[str]) -> dict[str, list[tuple[str, int]]]:
    """{template name: [(referenced name, line)]} for every template reachable from `roots`."""
    graph: dict[str, list[tuple[str, int]]] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in graph:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            graph[name] = list(_references(env.parse(source, name, filename)))
        except jinja2.TemplateNotFound:
            continue
        except jinja2.TemplateSyntaxError:
            graph[name] = []
        todo += [target for target, _ in graph[name]]
    return graph


def _references(tree: jinja2.nodes.Template) -> Iterator[tuple[str, int]]:
    """(template name, line) of every extends/include/import with a literal name."""
    for node in tree.find_all((jinja2.nodes.Extends, jinja2.nodes.Include, jinja2.nodes.Import,
                               jinja2.nodes.FromImport)):
        target = node.template  # type: ignore[attr-defined]  # every kind found has one
        names = target.items if isinstance(target, (jinja2.nodes.List, jinja2.nodes.Tuple)) else [target]
        for one in names:
            if isinstance(one, jinja2.nodes.Const) and isinstance(one.value, str):
                yield one.value, node.lineno


def _route(graph: dict[str, list[tuple[str, int]]], start: str, goal: str) -> list[str] | None:
    """The names from `start` to `goal` (both included) following references, or None (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        name = queue.pop(0)
        if name == goal:
            route = [name]
            while previous[route[-1]] is not None:
                route.append(previous[route[-1]])  # type: ignore[arg-type]
            return route[::-1]
        for target, _ in graph.get(name, []):
            if target not in previous:
                previous[target] = name
                queue.append(target)
    return None


def _cycle_hint(env: jinja2.Environment, target: str) -> str:
    shipped = f"{DEFAULT_PREFIX}/{target}"
    try:
        env.loader.get_source(env, shipped)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        return "break the loop: a template must not extend or include itself, directly or through another"
    return f'to build on the shipped template, write {{% extends "{shipped}" %}}'
