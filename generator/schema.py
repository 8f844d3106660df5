"""Validate parsed YAML against the published JSON Schemas and say what is wrong in an editor's words.

The schemas in `generator/schemas/` are the one definition of the content format: the loader checks
against them here, and editors' IDEs can use the same files for completion.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Iterator

import fastjsonschema
from rapidfuzz import fuzz, process

from generator.problems import Problem
from generator.yamlsource import JsonPath, Parsed

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = ("article", "claims", "ratings")
_TYPE_WORDS = {
    "object": "a mapping (key: value lines)",
    "array": "a list ('- ' items)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_ROOT_HINTS = {
    "claims": "start the file with 'claims:' and indent the list of claims under it",
    "article": "write the front matter as 'title: ...' lines between two '---' lines",
    "ratings": "start the file with 'ratings:' and indent the list of ratings under it",
}


def schema_text(name: str) -> str:
    """The JSON Schema of one content file, as published in the package."""
    return (resources.files("generator") / "schemas" / f"{name}.schema.json").read_text("utf-8")


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.protocols.Validator:
    """The full validator, which finds every error; imported only for content that has one (importing
    jsonschema costs ~50 ms of every start-up otherwise)."""
    import jsonschema

    schema = json.loads(schema_text(name))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def _fast_validator(name: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: ~30x faster on valid content, which is most of it.

    It only says valid or not; jsonschema then finds every error. The schemas use only keywords that mean the
    same in draft-07 and 2020-12 (no keyword beside a $ref), so the two agree (a property test checks it).
    """
    schema = json.loads(schema_text(name)) | {"$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(schema, formats={"date": _is_date})


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def is_valid(value: Any, name: str) -> bool:
    """Whether a document is valid, by the fast validator alone."""
    try:
        _fast_validator(name)(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate(parsed: Parsed, name: str, shown: str,
             claim_of: Callable[[JsonPath], str | None] = lambda path: None) -> list[tuple[JsonPath, Problem]]:
    """Every way `parsed` departs from schema `name`, one problem each, at the line of the value.

    Each problem comes with the path of the value it points at, so callers can tell which item is bad.
    """
    found: list[tuple[JsonPath, Problem]] = []
    if is_valid(parsed.value, name):
        return found
    for error in _leaf_errors(_validator(name).iter_errors(parsed.value)):
        path = tuple(error.absolute_path)
        for message, hint, at in _explain(error, path, name):
            found.append((at, Problem(shown, parsed.line(at), "error", message, hint,
                                        claim_of(path), code=f"schema-{error.validator}")))
    return found


def _leaf_errors(errors: Any) -> Iterator[jsonschema.ValidationError]:
    for error in errors:
        if error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


def _field(path: JsonPath) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "value"


def _explain(error: jsonschema.ValidationError, path: JsonPath, name: str) -> list[tuple[str, str, JsonPath]]:
    kind, value, field = error.validator, error.instance, _field(path)
    if not path and kind == "type":
        return [(f"the file must be {_TYPE_WORDS['object']}, not {_describe(value)}", _ROOT_HINTS[name], path)]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return [(f"unknown field '{key}'", _did_you_mean(str(key), allowed), path + (key,))
                for key in value if key not in allowed]
    if kind == "required":
        missing = error.message.split("'")[1]
        where = f" in '{field}'" if path and isinstance(path[-1], str) else ""
        return [(f"missing field '{missing}'{where}", f"add '{missing}: ...'", path)]
    if kind == "type":
        expected = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return [(f"'{field}' must be {expected}, not {_describe(value)}", _type_hint(field, value), path)]
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        return [(f"'{field}' is '{value}', which is not one of: {', '.join(options)}",
                 _did_you_mean(str(value), options, "use one of"), path)]
    if kind == "format":
        return [(f"'{field}' is not a valid date: '{value}'", "write dates as YYYY-MM-DD, e.g. 2025-11-19", path)]
    if kind == "pattern":
        return [_pattern_message(field, value) + (path,)]
    if kind == "minimum":
        return [(f"'{field}' must be at least {error.validator_value}, not {value}", "1 is the lowest value", path)]
    if kind in ("minLength", "minItems"):
        return [(f"'{field}' is empty", f"write a value for '{field}' or remove the line", path)]
    return [(f"'{field}': {error.message}", "see the content format in the README", path)]


def _pattern_message(field: str, value: Any) -> tuple[str, str]:
    if field in ("url", "archive_url", "same_as", "image"):
        return (f"'{field}' is not an http(s) URL: '{_short(value)}'",
                "use a full address starting with https:// (or leave the field out)")
    if field in ("id", "key"):
        return (f"'{field}' '{_short(value)}' is not a slug",
                "use lowercase letters, digits and single hyphens, e.g. zelenskyy-300-soldiers")
    if field == "language":
        return (f"'language' '{_short(value)}' is not a language tag", "use a BCP 47 tag such as en or uk")
    return (f"'{field}' is blank", f"write a value for '{field}' or remove the line")


def _type_hint(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return f"put the value in quotes, e.g. {field}: \"{'yes' if value else 'no'}\""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"put the value in quotes, e.g. {field}: \"{value}\""
    return "see the content format in the README"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return f"the number {value}"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(word: str, options: list[str], otherwise: str = "known fields:") -> str:
    """Suggest the closest known word, or list them all."""
    match = process.extractOne(word, options, scorer=fuzz.ratio, score_cutoff=60)
    if match:
        return f"did you mean '{match[0]}'?"
    return f"{otherwise} {', '.join(options)}"
