"""Every rule's human name in English and Chinese, and the legal basis in the reader's words.

Content rules carry `title`/`title_zh` in resources/rules/*.toml; store parts and app
permissions are named in resources/i18n/rule_names.toml. The legal anchors of the rule files
("Civil Code 1034; PIPL 28") are short references; `legal_text(..., "zh")` writes them the
way Chinese readers cite law ("《民法典》第1034条；《个人信息保护法》第28条") by the ordered
replacements of resources/i18n/legal_zh.toml. No Qt: the GUI, the CLI and the reports use it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any


def _zh(language: str) -> bool:
    return language.lower().startswith("zh")


@lru_cache(maxsize=1)
def _toml(name: str) -> Mapping[str, Any]:
    from scanners.system.paths import resources_dir

    try:
        with open(resources_dir() / "i18n" / name, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _names() -> Mapping[str, Any]:
    return _toml("rule_names.toml")


@lru_cache(maxsize=1)
def _content_rules() -> dict[str, tuple[str, str, str]]:
    from scanners.detection.rules import RuleError, load_rules

    try:
        return {r.id: (r.title, r.title_zh, r.legal) for r in load_rules()}
    except (RuleError, OSError):
        return {}


def _pick(entry: object, language: str) -> str:
    if not isinstance(entry, dict):
        return ""
    return str((entry.get("zh") if _zh(language) else None) or entry.get("en") or "")


def rule_name(rule_id: str, language: str = "en") -> str:
    """The rule's name in `language`; the id itself only for a rule nobody named."""
    content = _content_rules().get(rule_id)
    if content is not None:
        title, title_zh, _ = content
        return (title_zh or title) if _zh(language) else (title or rule_id)
    rules = _names().get("rules", {})
    named = _pick(rules.get(rule_id) if isinstance(rules, dict) else None, language)
    if named:
        return named
    if rule_id.startswith("permissions."):
        _, source, key = [*rule_id.split(".", 2), "", ""][:3]
        sources = _names().get("sources", {})
        where = _pick(sources.get(source) if isinstance(sources, dict) else None, language)
        key = key.replace("-", " ")
        if where:
            return f"{key}（{where}）" if _zh(language) else f"{key} ({where})"
    return rule_id


def rule_legal(rule_id: str) -> str:
    content = _content_rules().get(rule_id)
    return content[2] if content is not None else ""


@lru_cache(maxsize=1)
def _legal_replacements() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for item in _toml("legal_zh.toml").get("replace", []):
        if isinstance(item, dict) and "from" in item and "to" in item:
            try:
                out.append((re.compile(str(item["from"])), str(item["to"])))
            except re.error:
                continue
    return tuple(out)


def legal_text(legal: str, language: str = "en") -> str:
    """A rule's legal anchors in `language` (the rule files' English short form as is)."""
    if not legal or not _zh(language):
        return legal
    parts = []
    for part in legal.split("; "):
        for expression, words in _legal_replacements():
            part = expression.sub(words, part)
        parts.append(part)
    return "；".join(parts)


def named_rules(language: str = "en") -> dict[str, str]:
    """Every rule of resources/i18n/rule_names.toml with its name in `language`."""
    rules = _names().get("rules", {})
    if not isinstance(rules, dict):
        return {}
    return {str(k): _pick(v, language) for k, v in rules.items() if _pick(v, language)}
