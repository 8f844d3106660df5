"""A small offline validator of JSON-LD against the schema.org vocabulary (types, properties, domains)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

VOCAB = Path(__file__).parent / "data" / "schemaorg-30.0" / "schemaorg-current-https.jsonld"


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in items]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(type -> direct supertypes, property -> types it is allowed on)."""
    graph = json.loads(VOCAB.read_text(encoding="utf-8"))["@graph"]
    types, props = {}, {}
    for node in graph:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            types[name] = _ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            props[name] = _ids(node.get("schema:domainIncludes"))
    return types, props


def supertypes(name: str) -> set[str]:
    types, _ = vocabulary()
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, []))
    return seen


def problems(data: Any, path: str = "$") -> list[str]:
    """Every unknown type, unknown property, or property used on a type it does not belong to."""
    types, props = vocabulary()
    found: list[str] = []
    if isinstance(data, list):
        for i, item in enumerate(data):
            found += problems(item, f"{path}[{i}]")
        return found
    if not isinstance(data, dict):
        return found
    kind = data.get("@type")
    if kind not in types:
        found.append(f"{path}: unknown @type {kind!r}")
        return found
    allowed_on = supertypes(kind)
    for key, value in data.items():
        if key.startswith("@"):
            continue
        if key not in props:
            found.append(f"{path}.{key}: unknown property")
        elif not allowed_on & set(props[key]):
            found.append(f"{path}.{key}: not a property of {kind}")
        found += problems(value, f"{path}.{key}")
    return found
