"""Rule names, legal anchors and store summaries in the interface language.

The words live on the engine side (scanners/system/rule_names.py, phrases.py: the CLI and
the reports share them); this module only knows which language the interface speaks.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from scanners.model import Finding
from scanners.system import phrases
from scanners.system import rule_names as names


def interface_language() -> str:
    """"zh" when a Chinese translation is installed, else "en"."""
    chinese = QCoreApplication.translate("Labels", "Identity") != "Identity"
    return "zh" if chinese else "en"


def rule_info(rule_id: str) -> tuple[str, str, str]:
    """(English name, Chinese name, legal anchors in the interface language)."""
    return (names.rule_name(rule_id, "en"), names.rule_name(rule_id, "zh"),
            names.legal_text(names.rule_legal(rule_id), interface_language()))


def rule_title(rule_id: str) -> str:
    """The rule's name in the interface language (never the bare id when one is known)."""
    if rule_id.startswith("permissions."):
        from desktop.permissions.permission_matrix import permission_name

        named = names.rule_name(rule_id, interface_language())
        key = rule_id.split(".", 2)[-1]
        if named != rule_id:
            return named.replace(key.replace("-", " "), permission_name(key), 1)
    return names.rule_name(rule_id, interface_language())


def legal_words(legal: str) -> str:
    return names.legal_text(legal, interface_language())


def finding_summary(f: Finding) -> str:
    """A store's summary in the interface language (its preview when it has no message);
    an app permission with the permission's own name ("Firefox: Camera (allowed)")."""
    if f.scanner.startswith("permissions.") and f.detail.get("permission"):
        from desktop.findings.sources import state_name
        from desktop.permissions.permission_matrix import permission_name
        from desktop.texts.labels import aside, colon

        app = f.detail.get("app_name") or f.detail.get("app", "")
        return (f"{app}{colon()}{permission_name(f.detail['permission'])}"
                + aside(state_name(f.detail.get("state", ""))))
    return phrases.summary_text(f.detail, f.preview, interface_language())
