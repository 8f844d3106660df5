"""The site's settings, validated like content: every problem at once, each with `mkdocs.yml:line`.

`mkdocs.yml` is untrusted input like `content/`: its URLs get the rules content URLs get, its folders must
lie inside the project, and its line numbers are found by composing the YAML (no tag is constructed, so
`!ENV` and other MkDocs tags are harmless here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.problems import Problem

URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
"""The rule content URLs follow (claims.schema.json's `url`): absolute http(s), no spaces."""
ConfigPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigLines:
    """The line of each value of a YAML configuration file, by its path (plugins by name)."""

    path: str
    """The file, as shown in problems."""
    lines: dict[ConfigPath, int] = field(default_factory=dict)
    inherit: str = ""
    """The file named by `INHERIT:`, if any (MkDocs merges it under this one)."""
    files: dict[ConfigPath, str] = field(default_factory=dict)
    """For merged files: the file each value comes from, when it is not `path`."""

    def _found(self, keys: tuple[str | int, ...]) -> ConfigPath | None:
        path = tuple(keys)
        while path:
            if path in self.lines:
                return path
            path = path[:-1]
        return None

    def line(self, *keys: str | int) -> int:
        """The line of the value at `keys`, or of its nearest parent that has one (1 when none)."""
        found = self._found(tuple(keys))
        return self.lines[found] if found is not None else 1

    def problem(self, keys: tuple[str | int, ...], message: str, hint: str, code: str) -> Problem:
        """An error at the line of the setting at `keys`, in the file it comes from."""
        found = self._found(keys)
        path = self.files.get(found, self.path) if found is not None else self.path
        return Problem(path, self.line(*keys), "error", message, hint, code=code)


def merge_lines(chain: list[ConfigLines]) -> ConfigLines:
    """One file's lines over those of the file it inherits from (MkDocs' `INHERIT:`), first file first."""
    lines: dict[ConfigPath, int] = {}
    files: dict[ConfigPath, str] = {}
    for config in reversed(chain):
        for key, line in config.lines.items():
            if key == ():
                continue
            lines[key] = line
            files[key] = config.path
    return ConfigLines(chain[0].path, lines | {(): 1}, "", files)


def config_lines(text: str, shown: str) -> ConfigLines:
    """Lines of every value in `text`; a list item that is a one-key mapping (a plugin) is also found by its key."""
    lines: dict[ConfigPath, int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return ConfigLines(shown, lines)
    stack: list[tuple[yaml.Node, ConfigPath, int]] = [(root, (), 0)] if root is not None else []
    while stack:
        node, path, depth = stack.pop()
        if depth > 40:
            continue
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                lines.setdefault(path + (name,), key.start_mark.line + 1)
                stack.append((value, path + (name,), depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, path + (i,), depth + 1))
                if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                    key, value = item.value[0]
                    if isinstance(key, yaml.ScalarNode):
                        lines.setdefault(path + (key.value,), key.start_mark.line + 1)
                        stack.append((value, path + (key.value,), depth + 1))
                elif isinstance(item, yaml.ScalarNode):
                    lines.setdefault(path + (item.value,), item.start_mark.line + 1)
    inherit = _inherit(root)
    return ConfigLines(shown, lines, inherit)


def _inherit(root: yaml.Node | None) -> str:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return ""


def site_url_problems(site_url: str, where: ConfigLines) -> list[Problem]:
    """`site_url` must be `http(s)://host/path/`: no query, fragment or credentials (they would be published)."""
    if not site_url:
        return []
    parts = urlsplit(site_url)
    hint = "write it as https://host/path/, e.g. https://example.org/factchecks/"
    if parts.scheme not in ("http", "https") or not parts.hostname or not URL.fullmatch(site_url):
        return [where.problem(("site_url",), f"site_url '{site_url}' is not an absolute http(s) URL", hint, "site-url")]
    wrong = [what for what, present in (("a user name or password", parts.username or parts.password),
                                        ("a query string", parts.query or site_url.endswith("?")),
                                        ("a fragment", parts.fragment or "#" in site_url)) if present]
    if wrong:
        return [where.problem(("site_url",), f"site_url has {' and '.join(wrong)}, which would be part of every "
                              "published address", hint, "site-url")]
    return []


def organization_problems(url: str, logo: str, where: ConfigLines, plugin: str = "factcheck") -> list[Problem]:
    """The organization's `url` is an absolute http(s) URL; its `logo` one too, or a path of a file in the site."""
    problems = []
    at = ("plugins", plugin, "organization")
    if url and not URL.fullmatch(url):
        problems.append(where.problem(at + ("url",), f"organization url '{_short(url)}' is not an http(s) URL",
                                      "use a full address starting with https:// (or leave it out)", "organization-url"))
    if logo and not URL.fullmatch(logo) and not _site_path(logo):
        problems.append(where.problem(at + ("logo",), f"organization logo '{_short(logo)}' is neither an http(s) URL "
                                      "nor a path in the site", "use https://... or a path under the content folder, "
                                      "e.g. assets/logo.png", "organization-logo"))
    return problems


def _site_path(value: str) -> bool:
    """A relative path without a scheme, '..', backslashes or spaces: a file of the site."""
    return bool(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", value)) and ".." not in value.split("/") \
        and ":" not in value


def folder_problems(project: Path, folders: dict[str, str], where: ConfigLines, plugin: str = "factcheck") -> list[Problem]:
    """`content_dir` and `templates_dir` (as written, relative to the project) lie inside the project folder,
    and are not the project folder itself."""
    problems = []
    root = project.resolve()
    for option, folder in folders.items():
        real = (root / folder).resolve()
        at = ("plugins", plugin, option)
        if real == root:
            problems.append(where.problem(at, f"{option} is the project folder itself",
                                          f"name a folder inside it, e.g. {option}: {option.split('_')[0]}", "folder"))
        elif not real.is_relative_to(root):
            problems.append(where.problem(at, f"{option} '{folder}' is outside the project folder",
                                          "name a folder next to mkdocs.yml", "folder"))
    return problems


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
