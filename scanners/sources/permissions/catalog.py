"""resources/permissions.toml: which permission names of a source reach which personal data.

Layout (one table per source, one sub-table per kind of name):

    [<source>.<section>]
    revoke = "words, with {app} {app_name} {raw} {name} {plug} {service} {page} placeholders"
    argv = ["flatpak", "override", "--user", "--nofilesystem={raw}", "{app}"]   # optional
    [<source>.<section>.map]
    "<name or fnmatch pattern>" = { key = "...", exposes = "<category>", severity = "high",
                                    broad = true, page = "...", revoke = "...", argv = [...] }

An entry's own `revoke`/`argv`/`page` win over its section's. Names are matched exactly
first, then as fnmatch patterns in file order (so "org.gnome.evolution.dataserver.*" works).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scanners.model import Category, Severity
from scanners.system.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Entry:
    """One mapped permission name: what it is called, what it exposes, how to revoke it."""

    key: str
    exposes: Category
    severity: Severity
    broad: bool
    revoke: str
    argv: tuple[str, ...]
    page: str = ""
    min_sdk: int = 0  # Android: the oldest version where `argv` works

    def revoke_words(self, **fields: str) -> str:
        return _fill(self.revoke, {"page": self.page, **fields})

    def revoke_argv(self, **fields: str) -> tuple[str, ...]:
        values = {"page": self.page, **fields}
        return tuple(_fill(a, values) for a in self.argv)


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_Default(values))


def fill(template: str, **values: str) -> str:
    """A revoke template with its {placeholders} filled; unknown ones stay as written."""
    return _fill(template, values)


@lru_cache(maxsize=1)
def _toml() -> dict[str, Any]:
    with open(resources_dir() / "permissions.toml", "rb") as fh:
        return tomllib.load(fh)


def source_table(source: str) -> Mapping[str, Any]:
    """The whole [<source>] table (settings such as profile roots live there)."""
    table = _toml().get(source, {})
    if not isinstance(table, dict):
        raise ValueError(f"permissions.toml: [{source}] is not a table")
    return table


def strings(source: str, key: str) -> list[str]:
    """A list of strings from [<source>] (e.g. installation paths)."""
    value = source_table(source).get(key, [])
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@lru_cache(maxsize=64)
def _section(source: str, section: str) -> tuple[dict[str, Entry], tuple[tuple[str, Entry], ...]]:
    sec = source_table(source).get(section, {})
    revoke = str(sec.get("revoke", ""))
    argv = tuple(str(a) for a in sec.get("argv", ()))
    exact: dict[str, Entry] = {}
    patterns: list[tuple[str, Entry]] = []
    for name, raw in sec.get("map", {}).items():
        e = Entry(
            key=str(raw["key"]),
            exposes=Category(str(raw["exposes"])),
            severity=Severity.parse(str(raw.get("severity", "medium"))),
            broad=bool(raw.get("broad", False)),
            revoke=str(raw.get("revoke", revoke)),
            argv=tuple(str(a) for a in raw.get("argv", argv)),
            page=str(raw.get("page", "")),
            min_sdk=int(raw.get("min_sdk", 0)),
        )
        if any(c in name for c in "*?["):
            patterns.append((name, e))
        else:
            exact[name] = e
    return exact, tuple(patterns)


def lookup(source: str, section: str, name: str) -> Entry | None:
    """The entry for one permission name, or None when the name reaches no personal data."""
    exact, patterns = _section(source, section)
    if name in exact:
        return exact[name]
    for pattern, e in patterns:
        if fnmatch.fnmatchcase(name, pattern):
            return e
    return None


def entries(source: str, section: str) -> Mapping[str, Entry]:
    """The exactly named entries of a section (Android's permission names)."""
    return _section(source, section)[0]


def names(source: str, section: str) -> Sequence[str]:
    exact, patterns = _section(source, section)
    return [*exact, *(p for p, _ in patterns)]
