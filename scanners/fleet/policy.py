"""The policy file: one TOML file of scan choices and outputs that every host runs by.

    [scan]
    roots = ["~"]
    scanners = ["content", "stores", "permissions"]
    [thresholds]
    fail_above = 60
    [output]
    json = "/var/tmp/piaudit/{host}/audit.json"

The keys, their types and meaning are data (resources/fleet/policy.schema.toml). A key that
is not there, or a value of another type, is a PolicyError naming the key and its line:
a typo must never silently widen or narrow an audit across a fleet.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from scanners.system.paths import resources_dir

# A policy is a few hundred bytes; a huge file is the wrong file named.
MAX_POLICY_BYTES = 1 << 20
PATTERN_FIELDS = frozenset({"host", "user", "date", "time"})


class PolicyError(ValueError):
    """A policy file that cannot be used, with the file, the key and the line."""


@dataclass(frozen=True, slots=True)
class Policy:
    """A checked policy: `values` by dotted key ("scan.roots"), outputs in file order."""

    path: str
    values: Mapping[str, Any] = field(default_factory=dict)
    outputs: tuple[tuple[str, str], ...] = ()  # (format, path pattern)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@cache
def schema() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """{table: {key: {type, option, doc}}} from resources/fleet/policy.schema.toml."""
    with open(resources_dir() / "fleet" / "policy.schema.toml", "rb") as fh:
        return tomllib.load(fh)


def load_policy(path: str | Path) -> Policy:
    """Read and check a policy file (PolicyError when it cannot be used)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_POLICY_BYTES + 1)
    except OSError as exc:
        raise PolicyError(f"cannot read the policy {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyError(f"the policy {path} is larger than {MAX_POLICY_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError(f"the policy {path} is not UTF-8 text") from None
    return parse_policy(text, str(path))


def parse_policy(text: str, name: str = "policy") -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message names the line and column
        raise PolicyError(f"{name}: not valid TOML: {exc}") from None
    tables = schema()
    values: dict[str, Any] = {}
    outputs: list[tuple[str, str]] = []
    for table, content in data.items():
        if table not in tables:
            raise PolicyError(f"{name}{_at(text, None, table)}: unknown table [{table}]"
                              f" (known: {', '.join(sorted(tables))})")
        if not isinstance(content, dict):
            raise PolicyError(f"{name}{_at(text, None, table)}: {table} must be a table"
                              f" ([{table}])")
        for key, value in content.items():
            spec = tables[table].get(key)
            if spec is None:
                raise PolicyError(
                    f"{name}{_at(text, table, key)}: unknown key {table}.{key}"
                    f" (known in [{table}]: {', '.join(sorted(tables[table]))})")
            problem = _type_problem(value, spec["type"])
            if problem:
                raise PolicyError(f"{name}{_at(text, table, key)}: {table}.{key} {problem}")
            if table == "output":
                outputs.append((key, value))
            else:
                values[f"{table}.{key}"] = value
    fail = values.get("thresholds.fail_above")
    if fail is not None and not 0 <= fail <= 100:
        raise PolicyError(f"{name}{_at(text, 'thresholds', 'fail_above')}:"
                          " thresholds.fail_above takes a score from 0 to 100")
    if values.get("scan.jobs", 0) < 0:
        raise PolicyError(f"{name}{_at(text, 'scan', 'jobs')}: scan.jobs must be 0 or more")
    return Policy(name, values, tuple(outputs))


def _type_problem(value: object, kind: str) -> str:
    """Why `value` is not of `kind` ("" when it is)."""
    if kind == "strings":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"must be a list of strings, not {_toml_type(value)}"
    elif kind == "string" and not isinstance(value, str):
        return f"must be a string, not {_toml_type(value)}"
    elif kind == "boolean" and not isinstance(value, bool):
        return f"must be true or false, not {_toml_type(value)}"
    elif kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        return f"must be a whole number, not {_toml_type(value)}"
    elif kind == "path pattern":
        if not isinstance(value, str) or not value:
            return f"must be a path (a non-empty string), not {_toml_type(value)}"
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        except ValueError as exc:
            return f"is not a valid pattern ({exc})"
        unknown = fields - PATTERN_FIELDS
        if unknown:
            names = ", ".join("{" + u + "}" for u in sorted(unknown))
            known = ", ".join("{" + f + "}" for f in sorted(PATTERN_FIELDS))
            return f"uses unknown placeholder(s) {names} (known: {known})"
    return ""


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time" if hasattr(value, "isoformat") else type(value).__name__


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-]+)\s*\]")


def _at(text: str, table: str | None, key: str) -> str:
    """", line N" where `key` is set in [table] (or the table's header when table is None)."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            if table is None and current == key:
                return f", line {number}"
            continue
        match = re.match(r"^\s*([A-Za-z0-9_\-\"'.]+?)\s*=", line)
        if not match:
            continue
        name = match.group(1).strip("\"'")
        if table is None and current == "" and name.split(".")[0] == key:
            return f", line {number}"
        if table is not None and ((current == table and name == key)
                                  or (current == "" and name == f"{table}.{key}")):
            return f", line {number}"
    return ""


def expand_output(pattern: str, *, host: str, user: str, now: datetime | None = None) -> str:
    """A path pattern with its placeholders filled and a leading ~ expanded."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    filled = pattern.format(host=_path_safe(host), user=_path_safe(user),
                            date=moment.strftime("%Y-%m-%d"),
                            time=moment.strftime("%Y%m%dT%H%M%SZ"))
    return str(Path(filled).expanduser()) if filled.startswith("~") else filled


def _path_safe(name: str) -> str:
    """A host or user name as one path component (no separator, no "..")."""
    cleaned = re.sub(r"[/\\\x00]", "_", name).strip()
    return "_" if cleaned in ("", ".", "..") else cleaned
