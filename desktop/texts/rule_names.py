"""Rule titles and legal anchors for display (read from the engine's rule files, cached)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[str, str, str]]:
    """rule id -> (title, title_zh, legal anchor)."""
    from scanners.detection.rules import RuleError, load_rules

    try:
        return {r.id: (r.title, r.title_zh, r.legal) for r in load_rules()}
    except (RuleError, OSError):
        return {}


def rule_info(rule_id: str) -> tuple[str, str, str]:
    return _rules().get(rule_id, (rule_id, "", ""))


def rule_title(rule_id: str) -> str:
    """The rule's title in the interface language (the rule files carry both)."""
    title, title_zh, _ = rule_info(rule_id)
    chinese = QCoreApplication.translate("Labels", "Identity") != "Identity"
    return (title_zh or title) if chinese else (title or rule_id)
