"""A small JSON Schema checker for the schemas in resources/fleet/ (the subset they use).

The product has no JSON Schema library; the tests check the same files with `jsonschema`.
Supported: type (one or a list), enum, required, properties, items, minimum, maximum,
maxLength, maxItems. The first problem is reported with the path to it ("findings[3].count").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
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


Checker = Callable[[object], None]


class _Fail(Exception):
    """A departure found deep inside; each level on the way up adds where it was, so the
    path is built only when something is wrong."""

    def __init__(self, message: str, parts: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts or []


def check(value: object, schema: Mapping[str, Any]) -> None:
    """Raise SchemaError at the first place `value` departs from `schema`."""
    try:
        _compiled(schema)(value)
    except _Fail as fail:
        where = "".join(reversed(fail.parts)).lstrip(".") or "the document"
        raise SchemaError(f"{where}: {fail.message}") from None


_CACHE: dict[int, tuple[Mapping[str, Any], Checker]] = {}


def _compiled(schema: Mapping[str, Any]) -> Checker:
    hit = _CACHE.get(id(schema))
    if hit is None or hit[0] is not schema:
        hit = _CACHE[id(schema)] = (schema, compile_schema(schema))
    return hit[1]


def compile_schema(schema: Mapping[str, Any]) -> Checker:
    """One checking function per schema node, made once: a host result holds tens of
    thousands of findings, each checked against the same few nodes."""
    steps: list[Checker] = []
    if "type" in schema:
        steps.append(_type_step(schema["type"]))
    if "enum" in schema:
        steps.append(_enum_step(list(schema["enum"])))
    if "maxLength" in schema:
        steps.append(_length_step(int(schema["maxLength"])))
    if "minimum" in schema or "maximum" in schema:
        steps.append(_range_step(schema.get("minimum"), schema.get("maximum")))
    if "required" in schema or "properties" in schema:
        steps.append(_object_step(tuple(schema.get("required", ())),
                                  {k: compile_schema(v)
                                   for k, v in schema.get("properties", {}).items()}))
    if "maxItems" in schema or "items" in schema:
        items = schema.get("items")
        steps.append(_array_step(schema.get("maxItems"),
                                 compile_schema(items) if items is not None else None))
    if len(steps) == 1:
        return steps[0]

    def run(value: object) -> None:
        for step in steps:
            step(value)

    return run


def _type_step(names: str | list[str]) -> Checker:
    wanted = [names] if isinstance(names, str) else list(names)
    kinds = tuple(k for n in wanted for k in _TYPES[n])
    # JSON has no booleans among its numbers: True is not an integer here
    no_bool = ("integer" in wanted or "number" in wanted) and "boolean" not in wanted
    text = " or ".join(wanted)

    def step(value: object) -> None:
        if not isinstance(value, kinds) or (no_bool and isinstance(value, bool)):
            raise _Fail(f"expected {text}, found {_json_type(value)}")

    return step


def _enum_step(options: list[Any]) -> Checker:
    def step(value: object) -> None:
        if value not in options:
            raise _Fail(f"{_short(value)} is not one of {options}")

    return step


def _length_step(limit: int) -> Checker:
    def step(value: object) -> None:
        if isinstance(value, str) and len(value) > limit:
            raise _Fail(f"text longer than {limit} characters")

    return step


def _range_step(low: float | None, high: float | None) -> Checker:
    def step(value: object) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        if low is not None and value < low:
            raise _Fail(f"{value} is below {low}")
        if high is not None and value > high:
            raise _Fail(f"{value} is above {high}")

    return step


def _object_step(required: tuple[str, ...], properties: dict[str, Checker]) -> Checker:
    pairs = tuple(properties.items())

    def step(value: object) -> None:
        if not isinstance(value, dict):
            return
        for key in required:
            if key not in value:
                raise _Fail("missing", [f".{key}"])
        for key, sub in pairs:
            if key in value:
                try:
                    sub(value[key])
                except _Fail as fail:
                    fail.parts.append(f".{key}")
                    raise

    return step


def _array_step(limit: int | None, items: Checker | None) -> Checker:
    def step(value: object) -> None:
        if not isinstance(value, list):
            return
        if limit is not None and len(value) > limit:
            raise _Fail(f"more than {limit} items")
        if items is None:
            return
        i = 0
        try:
            for i, item in enumerate(value):  # noqa: B007 - `i` names the item that failed
                items(item)
        except _Fail as fail:
            fail.parts.append(f"[{i}]")
            raise

    return step


def _json_type(value: object) -> str:
    for name, kinds in _TYPES.items():
        if isinstance(value, kinds) and not (isinstance(value, bool) and name != "boolean"):
            return name
    return type(value).__name__


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:39] + "…"
