"""Read content files: size and encoding rules, then YAML into plain values with the line of each value.

YAML is read from PyYAML's event stream (libyaml when available) rather than its constructor, so that
every value keeps its line, duplicate keys and aliases are caught (aliases are refused: they are how
"billion laughs" files blow up), nesting depth is bounded, and nothing recurses on untrusted input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from generator.problems import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Content files larger than this are refused before they are read (10 MB)."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and lists accepted in a YAML file."""

JsonPath = tuple[str | int, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Parsed:
    """A YAML document as plain JSON-like values, with the line of each value by its path."""

    value: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)

    def line(self, path: JsonPath) -> int:
        """Line of the value at `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Refused(Exception):
    def __init__(self, line: int, message: str, hint: str, code: str):
        super().__init__(message)
        self.line, self.message, self.hint, self.code = line, message, hint, code


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a content file, or the problem that stops it being read.

    UTF-8 with or without a BOM is accepted; CRLF and CR line endings become LF.
    """
    try:
        if not path.is_file():
            return None, [_file_problem(shown, 1, "not a regular file", "replace it with a plain text file",
                                        "not-a-file")]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [_file_problem(shown, 1, f"file is {size / 1e6:.1f} MB, over the 10 MB limit",
                                        "split it into smaller reports", "file-too-large")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [_file_problem(shown, 1, f"cannot read file ({exc.strerror})",
                                    "check that it exists and is readable", "unreadable")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [_file_problem(shown, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
                                    "save the file as UTF-8 in your editor", "encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[Parsed | None, list[Problem]]:
    """Parse one YAML document; `first_line` is the file line the text starts on."""
    try:
        return _build(_events(text), first_line - 1), []
    except _Refused as exc:
        return None, [_file_problem(shown, exc.line, exc.message, exc.hint, exc.code)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        column = f", column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        lines = text.split("\n")
        tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]
        return None, [_file_problem(shown, line, f"YAML syntax error{column}: {what}",
                                    _syntax_hint(what, tab), "yaml-syntax")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        return None, [_file_problem(shown, line, f"control character U+{exc.character:04X} is not allowed in YAML"
                                    if isinstance(exc.character, int) else "unreadable character in YAML",
                                    "delete it (it is invisible in most editors)", "yaml-character")]
    except yaml.YAMLError as exc:
        return None, [_file_problem(shown, first_line, f"YAML error: {exc}", "fix the YAML syntax",
                                    "yaml-syntax")]
    except RecursionError:
        return None, [_file_problem(shown, first_line, "YAML nested too deeply",
                                    f"keep nesting under {MAX_DEPTH} levels", "yaml-depth")]


def _syntax_hint(what: str, tab: bool) -> str:
    if tab or "tab" in what:
        return "YAML does not allow tabs for indentation: indent with spaces"
    if "mapping values are not allowed" in what:
        return "a value containing ': ' must be quoted, e.g. quote: \"He said: no\""
    return "check the indentation and quoting around this line"


def _file_problem(shown: str, line: int, message: str, hint: str, code: str) -> Problem:
    return Problem(shown, line, "error", message, hint, code=code)


class _Frame:
    __slots__ = ("container", "path", "key", "key_line")

    def __init__(self, container: Any, path: JsonPath):
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_line = 0


def _events(text: str) -> Any:
    """PyYAML's event stream without its generator wrapper (a third of the time on big files)."""
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            yield event
            if type(event) is ev.StreamEndEvent:
                return
    finally:
        loader.dispose()


def _build(stream: Any, offset: int) -> Parsed:
    parsed = Parsed(None)
    stack: list[_Frame] = []
    documents = 0
    for event in stream:
        kind = type(event)
        if kind is ev.ScalarEvent or kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            _place(parsed, stack, event, event.start_mark.line + 1 + offset)
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            stack.pop()
        elif kind is ev.AliasEvent:
            raise _Refused(event.start_mark.line + 1 + offset, f"YAML alias '*{event.anchor}' is not allowed",
                           "write the value out in full instead of using &anchors and *aliases", "yaml-alias")
        elif kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark.line + 1 + offset, "more than one YAML document in this file",
                               "remove the extra '---' line", "yaml-documents")
    return parsed


def _place(parsed: Parsed, stack: list[_Frame], event: Any, line: int) -> None:
    scalar = type(event) is ev.ScalarEvent
    if scalar:
        value: Any = _scalar(event, line)
    else:
        _refuse_tag(event, line)
        value = {} if type(event) is ev.MappingStartEvent else []
    if not stack:
        parsed.value = value
        parsed.lines[()] = line
        path: JsonPath = ()
    else:
        top = stack[-1]
        container = top.container
        if type(container) is list:
            path = top.path + (len(container),)
            container.append(value)
            parsed.lines[path] = line
        elif top.key is None:
            if not scalar:
                raise _Refused(line, "a mapping or list cannot be used as a key",
                               "keys are plain words such as 'quote:'", "yaml-key")
            key = value if type(value) is str else str(value)
            if key in container:
                raise _Refused(line, f"duplicate key '{key}'",
                               f"each key appears once per item; remove or rename one '{key}'",
                               "duplicate-key")
            top.key, top.key_line = key, line
            return
        else:
            path = top.path + (top.key,)
            container[top.key] = value
            parsed.lines[path] = top.key_line
            top.key = None
    if not scalar:
        if len(stack) >= MAX_DEPTH:
            raise _Refused(line, "YAML nested too deeply", f"keep nesting under {MAX_DEPTH} levels",
                           "yaml-depth")
        stack.append(_Frame(value, path))


def _refuse_tag(event: Any, line: int) -> None:
    tag = event.tag
    if tag and tag not in _PLAIN_TAGS and tag not in ("!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        raise _Refused(line, f"YAML tag '{tag}' is not supported",
                       "remove the '!' tag; write plain text, numbers and dates", "yaml-tag")


_RESOLVABLE_STARTS = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)


def _scalar(event: ev.ScalarEvent, line: int) -> Any:
    value = event.value
    if event.tag is None and event.implicit[0] and value and value[0] not in _RESOLVABLE_STARTS:
        return value  # plain text: no implicit type starts with this character
    _refuse_tag(event, line)
    if event.tag and event.tag != "!":
        tag = event.tag
    elif event.tag == "!" or not event.implicit[0]:
        return value
    else:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
    if tag not in _PLAIN_TAGS or tag == "tag:yaml.org,2002:str":
        return value
    node = yaml.ScalarNode(tag, value, None, None, style=event.style)
    try:
        result = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ValueError, OverflowError):
        return value  # an impossible date stays text; the schema's date format reports it
    if isinstance(result, dt.datetime):
        return value
    if isinstance(result, dt.date):
        return result.isoformat()
    return result
