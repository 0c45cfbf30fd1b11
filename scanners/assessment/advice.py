"""Remediation advice per rule, scanner and category, in English and Simplified Chinese.

The text lives in resources/advice.toml; each piece names its legal basis (Civil Code, PIPL
article, standard) and gives concrete steps.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanners.model import Category
from scanners.system.paths import resources_dir

LANGS = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Advice:
    """What to do about one finding (or a whole category), in one language."""

    category: str
    title: str  # the category's name
    why: str
    legal: str
    steps: tuple[str, ...]
    general: tuple[str, ...] = ()


def _pick(d: dict[str, Any], key: str, lang: str) -> Any:
    return d.get(f"{key}_zh" if lang == "zh" else key)


class AdviceBook:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.categories: dict[str, dict[str, Any]] = data.get("category", {})
        self.rules: dict[str, dict[str, Any]] = data.get("rule", {})
        self.scanners: dict[str, dict[str, Any]] = data.get("scanner", {})
        # per protection level, per scanner (prefix): what to do about how a store is kept
        self.protections: dict[str, dict[str, dict[str, Any]]] = data.get("protection", {})
        self.general: dict[str, Any] = data.get("general", {})

    @classmethod
    def load(cls, path: Path | None = None) -> AdviceBook:
        """advice.toml, plus every resources/advice.d/*.toml (one file per store or source)."""
        with open(path or resources_dir() / "advice.toml", "rb") as fh:
            data = tomllib.load(fh)
        if path is None:
            for extra in sorted((resources_dir() / "advice.d").glob("*.toml")):
                with open(extra, "rb") as fh:
                    _merge(data, tomllib.load(fh), extra.name)
        return cls(data)

    def category_title(self, category: str, lang: str = "en") -> str:
        entry = self.categories.get(category, {})
        return str(_pick(entry, "title", lang) or category)

    def rule_steps(self, rule: str, lang: str = "en") -> tuple[str, ...]:
        return tuple(_pick(self.rules.get(rule, {}), "steps", lang) or ())

    def scanner_steps(self, scanner: str, lang: str = "en") -> tuple[str, ...]:
        out: list[str] = []
        for prefix, entry in self.scanners.items():
            if scanner == prefix or scanner.startswith(prefix + "."):
                out.extend(_pick(entry, "steps", lang) or ())
        return tuple(out)

    def protection_steps(self, protection: str | None, scanner: str,
                         lang: str = "en") -> tuple[str, ...]:
        """Steps for a store kept this way by this scanner's app ("weak-key" + "stores.firefox":
        set a primary password). Nothing when the protection is unknown."""
        if not protection:
            return ()
        out: list[str] = []
        for prefix, entry in self.protections.get(protection, {}).items():
            if scanner == prefix or scanner.startswith(prefix + "."):
                out.extend(_pick(entry, "steps", lang) or ())
        return tuple(out)

    def for_category(self, category: str | Category, lang: str = "en") -> Advice:
        cat = str(category)
        entry = self.categories.get(cat, {})
        return Advice(
            category=cat,
            title=str(_pick(entry, "title", lang) or cat),
            why=str(_pick(entry, "why", lang) or ""),
            legal=str(_pick(entry, "legal", lang) or ""),
            steps=tuple(_pick(entry, "steps", lang) or ()),
            general=tuple(_pick(self.general, "steps", lang) or ()),
        )

    def for_finding(self, rule: str, category: str | Category, scanner: str = "",
                    lang: str = "en", protection: str | None = None) -> Advice:
        """What this store's protection calls for first (a store found under a published key),
        then the rule's steps, the scanner's, the category's (no duplicates)."""
        base = self.for_category(category, lang)
        steps = _unique([*self.protection_steps(protection, scanner, lang),
                         *self.rule_steps(rule, lang), *self.scanner_steps(scanner, lang),
                         *base.steps])
        return Advice(base.category, base.title, base.why, base.legal, steps, base.general)


def _merge(into: dict[str, Any], more: dict[str, Any], name: str) -> None:
    for level, entries in more.get("protection", {}).items():
        target = into.setdefault("protection", {}).setdefault(level, {})
        for key, entry in entries.items():
            if key in target:
                raise ValueError(f"advice.d/{name}: [protection.{level!r}.{key!r}] is already "
                                 "defined")
            target[key] = entry
    for section in ("rule", "scanner", "category"):
        for key, entry in more.get(section, {}).items():
            target = into.setdefault(section, {})
            if key in target:  # two files advising the same thing would silently shadow
                raise ValueError(f"advice.d/{name}: [{section}.{key!r}] is already defined")
            target[key] = entry


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


@lru_cache(maxsize=1)
def book() -> AdviceBook:
    return AdviceBook.load()


def advise(rule: str, category: str | Category, scanner: str = "", lang: str = "en",
           protection: str | None = None) -> Advice:
    return book().for_finding(rule, category, scanner, lang, protection)
