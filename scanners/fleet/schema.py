"""A small JSON Schema checker for the schemas in resources/fleet/ (the subset they use).

The product has no JSON Schema library; the tests check the same files with `jsonschema`.
Supported: type (one or a list), enum, required, properties, items, minimum, maximum,
maxLength, maxItems. The first problem is reported with the path to it ("findings[3].count").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from scanners.system.paths import resources_dir

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "null": (type(None),), "integer": (int,), "number": (int, float),
}


class SchemaError(ValueError):
    """Where a document departs from its schema, and how."""


@cache
def load_schema(name: str) -> Mapping[str, Any]:
    with open(resources_dir() / "fleet" / name, encoding="utf-8") as fh:
        schema: Mapping[str, Any] = json.load(fh)
    return schema


def _type_ok(value: object, names: str | list[str]) -> bool:
    for name in [names] if isinstance(names, str) else names:
        kinds = _TYPES[name]
        # JSON has no booleans among its numbers: True is not an integer here
        if isinstance(value, bool) and name in ("integer", "number"):
            continue
        if isinstance(value, kinds):
            return True
    return False


def check(value: object, schema: Mapping[str, Any], where: str = "") -> None:
    """Raise SchemaError at the first place `value` departs from `schema`."""
    here = where or "the document"
    if "type" in schema and not _type_ok(value, schema["type"]):
        want = schema["type"] if isinstance(schema["type"], str) else " or ".join(schema["type"])
        raise SchemaError(f"{here}: expected {want}, found {_json_type(value)}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{here}: {_short(value)} is not one of {schema['enum']}")
    if isinstance(value, str) and len(value) > schema.get("maxLength", len(value)):
        raise SchemaError(f"{here}: text longer than {schema['maxLength']} characters")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{here}: {value} is below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError(f"{here}: {value} is above {schema['maximum']}")
    if isinstance(value, dict):
        _check_object(value, schema, where)
    elif isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            raise SchemaError(f"{here}: more than {schema['maxItems']} items")
        items = schema.get("items")
        if items is not None:
            for i, item in enumerate(value):
                check(item, items, f"{where}[{i}]")


def _check_object(value: dict[Any, Any], schema: Mapping[str, Any], where: str) -> None:
    for key in schema.get("required", ()):
        if key not in value:
            raise SchemaError(f"{where + '.' if where else ''}{key}: missing")
    for key, sub in schema.get("properties", {}).items():
        if key in value:
            check(value[key], sub, f"{where}.{key}" if where else key)


def _json_type(value: object) -> str:
    for name, kinds in _TYPES.items():
        if isinstance(value, kinds) and not (isinstance(value, bool) and name != "boolean"):
            return name
    return type(value).__name__


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:39] + "…"
