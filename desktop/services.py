"""What the GUI asks of the engine's advice, remediation and report modules.

Those modules (scanners/assessment/advice.py, scanners/actions/remediate.py,
scanners/export/report/) are optional at import time: each call here uses them when present
and otherwise falls back to what the engine already offers (the CLI's writers for
JSON/CSV/JSONL, a sentence per category).
The GUI adds no detection logic: everything here only formats what the engine produced.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from scanners.model import Finding, ScanResult

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# --------------------------------------------------------------------------- advice


_ADVICE = {
    "identity": QT_TRANSLATE_NOOP(
        "Advice", "Delete copies of ID documents you no longer need, or keep them in an"
        " encrypted archive; never leave them in Downloads or on the Desktop."),
    "financial": QT_TRANSLATE_NOOP(
        "Advice", "Remove card and account numbers from documents and exports; if a full"
        " card number was exposed, ask your bank for a new card."),
    "credential": QT_TRANSLATE_NOOP(
        "Advice", "Move passwords and keys into a password manager, change any that were"
        " stored in plain files, and protect private keys with a passphrase."),
    "contact": QT_TRANSLATE_NOOP(
        "Advice", "Contact lists hold other people's data: keep only what you need and delete"
        " old exports."),
    "location": QT_TRANSLATE_NOOP(
        "Advice", "Strip location data from photos before sharing them and delete old"
        " location exports."),
    "health": QT_TRANSLATE_NOOP(
        "Advice", "Keep medical records in an encrypted folder and delete copies you no"
        " longer need."),
    "biometric": QT_TRANSLATE_NOOP(
        "Advice", "Delete stored face or fingerprint images and ID-card photos you no longer"
        " need."),
    "minor": QT_TRANSLATE_NOOP(
        "Advice", "Data about children under 14 is sensitive by law: delete it or keep it"
        " encrypted."),
    "behaviour": QT_TRANSLATE_NOOP(
        "Advice", "Clear browsing history and delete old order exports you no longer need."),
    "communications": QT_TRANSLATE_NOOP(
        "Advice", "Archive old chats and mail in encrypted form and delete exports you no"
        " longer need."),
    "basic": QT_TRANSLATE_NOOP(
        "Advice", "Names and birth dates identify people when combined with other data:"
        " remove them from files you share."),
    "permission": QT_TRANSLATE_NOOP(
        "Advice", "Revoke the permission from apps that do not need it."),
}
_ADVICE_DEFAULT = QT_TRANSLATE_NOOP(
    "Advice", "Delete the file if you no longer need it, or move it into an encrypted folder.")
_WHY = QT_TRANSLATE_NOOP(
    "Advice", "Category weight %1 × severity %2 × confidence %3 = %4 points before the count"
    " and saturation are applied.")


def _fallback_advice(category: str) -> str:
    return QCoreApplication.translate("Advice", str(_ADVICE.get(category, _ADVICE_DEFAULT)))


def ui_lang() -> str:
    """The engine's language code for the interface language ("zh" or "en")."""
    return "zh" if QCoreApplication.translate("Labels", "Identity") != "Identity" else "en"


@dataclass(frozen=True, slots=True)
class AdviceText:
    why: str  # why this kind of data matters (may be empty)
    steps: tuple[str, ...]  # what to do, most specific first
    legal: str = ""


def advice_for(finding: Finding) -> AdviceText:
    """The advice module's text for a finding, in the interface language."""
    mod = _module("scanners.assessment.advice")
    advise = getattr(mod, "advise", None) if mod is not None else None
    if callable(advise):
        try:
            got = advise(finding.rule, finding.category, finding.scanner, lang=ui_lang(),
                         protection=finding.detail.get("protection"))
            steps = tuple(str(s) for s in getattr(got, "steps", ()) or ())
            if steps:
                return AdviceText(str(getattr(got, "why", "") or ""), steps,
                                  str(getattr(got, "legal", "") or ""))
        except Exception:
            pass
    return AdviceText("", (_fallback_advice(str(finding.category)),))


def advice_line(finding: Finding) -> str:
    """The first step of the advice: one sentence for lists and the dashboard."""
    return advice_for(finding).steps[0]


def why_scored(finding: Finding, facts: Any = None) -> str:
    """The factors of the finding's points, from the scoring module, in words."""
    try:
        from scanners.assessment.scoring import default_weights, factors_of

        fac = factors_of(finding, facts, default_weights())
    except Exception:
        return ""
    parts = [
        translate("Advice", "confidence %1").replace("%1", f"{fac.confidence:.2f}"),
        translate("Advice", "sensitivity %1").replace("%1", f"{fac.sensitivity:g}"),
        translate("Advice", "severity %1").replace("%1", f"{fac.severity:g}"),
    ]
    if fac.identifiability != 1:
        parts.append(translate("Advice", "identifiability %1")
                     .replace("%1", f"{fac.identifiability:g}"))
    if fac.access != 1:
        parts.append(translate("Advice", "accessibility %1").replace("%1", f"{fac.access:g}"))
    if fac.kit != 1:
        parts.append(translate("Advice", "identity kit %1").replace("%1", f"{fac.kit:g}"))
    text = " × ".join(parts) + " = " + translate("Advice", "%1 points").replace(
        "%1", f"{fac.points:.2f}")
    if fac.access_words and ui_lang() == "en":
        text += " (" + ", ".join(fac.access_words) + ")"
    elif fac.access_words:  # where and how the file is kept, from the command line's catalog
        from scanners.system.language import words_in

        text += "（" + "，".join(words_in(w, "zh") for w in fac.access_words) + "）"
    return text


# --------------------------------------------------------------------------- actions

ACTION_KINDS = ("restrict", "vault", "redact", "delete", "accept")
DESTRUCTIVE = ("vault", "delete")


def action_title(kind: str) -> str:
    titles = {
        "restrict": translate("Actions", "Make private"),
        "vault": translate("Actions", "Move to vault"),
        "redact": translate("Actions", "Redacted copy"),
        "delete": translate("Actions", "Delete permanently"),
        "accept": translate("Actions", "Accept risk"),
    }
    return titles.get(kind, kind)


def action_summary(kind: str) -> str:
    """What the action does, in the interface language (the engine's plan follows it)."""
    texts = {
        "restrict": translate("Actions", "Only you will be able to read and change this"
                              " file. This can be undone."),
        "vault": translate("Actions", "The file is encrypted into piaudit's vault and removed"
                           " from its folder. It can be restored."),
        "redact": translate("Actions", "A copy with every detected value masked is written"
                            " next to the file. The original is not changed."),
        "delete": translate("Actions", "The file is overwritten and deleted. This cannot be"
                            " undone."),
        "accept": translate("Actions", "This value is left out of later exposure indexes and"
                            " shown as accepted. This can be undone."),
    }
    return texts.get(kind, "")


def actions_for(finding: Finding) -> list[str]:
    """The remediation kinds that apply to this finding's location."""
    mod = _module("scanners.actions.remediate")
    if mod is None:
        return []
    kinds = ["accept"]
    # Actions act on the file on disk itself; for a member of an archive or a sheet of a
    # workbook that is the container (the finding's `file`), never a redacted copy of it.
    if finding.file is not None:
        kinds = ["restrict", "vault"]
        suffixes = tuple(getattr(mod, "REDACT_SUFFIXES", ()))
        if not finding.member and finding.file.lower().endswith(suffixes):
            kinds.append("redact")
        kinds += ["delete", "accept"]
    return [k for k in kinds if k in getattr(mod, "ACTIONS", ACTION_KINDS)]


def acts_on_container(finding: Finding, kind: str) -> bool:
    """The action changes the whole container file, not only the part with the value."""
    return bool(finding.member) and finding.file is not None and kind != "accept"


def action_target(finding: Finding, kind: str) -> Finding | str:
    """What the Remediator is given: the finding, or the container file's path."""
    if acts_on_container(finding, kind):
        assert finding.file is not None
        return finding.file
    return finding


def action_path(finding: Finding, kind: str) -> str:
    """The file an action is about, for sentences (the location for accepting a risk)."""
    if kind == "accept" or finding.file is None:
        return finding.location
    return finding.file


# --------------------------------------------------------------------------- reports

FALLBACK_FORMATS = ("json", "csv")
ALL_FORMATS = ("html", "pdf", "csv", "json", "sarif", "ocsf")


def report_formats() -> list[str]:
    """Formats the export can write: the report module's (or the CLI writers' JSON/CSV)."""
    mod = _module("scanners.export.report")
    have = tuple(getattr(mod, "FORMATS", ()) or ()) if mod is not None else FALLBACK_FORMATS
    return [f for f in ALL_FORMATS if f in have]


def report_data(result: ScanResult | None, *, ledger: Any = None, scan_id: int | None = None,
                language: str = "en", summary: bool = False) -> Any:
    """The report module's data of a logged scan (ledger + scan_id) or of `result`."""
    lang = "zh" if language.startswith("zh") else "en"
    mod = _module("scanners.export.report")
    assert mod is not None
    if ledger is not None and scan_id is not None:
        data = mod.from_ledger(ledger, scan_id, lang=lang)
    else:
        assert result is not None
        accepted: list[Any] = []
        if ledger is not None:
            from scanners.actions.remediate import accepted_risks

            accepted = accepted_risks(ledger)
        data = mod.from_result(result, accepted=accepted, lang=lang, scan_id=scan_id)
    data.summary_only = summary
    return data


def report_html(data: Any, row_limit: int | None = None) -> str:
    """The HTML report of `data` (for the preview: at most `row_limit` findings listed)."""
    from dataclasses import replace

    from scanners.export.report.html import render_html

    html = render_html(replace(data, row_limit=row_limit))
    if row_limit is not None:
        # the preview (QTextBrowser) draws no inline SVG: its gauge and bars would show as
        # stray numbers; the band word and the table say the same
        html = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
    return html


def export_report(result: ScanResult | None, fmt: str, path: Path, *, ledger: Any = None,
                  scan_id: int | None = None, language: str = "en",
                  summary: bool = False) -> None:
    """Write a report of a logged scan (ledger + scan_id) or of `result` to `path`;
    `summary`: the summary only (HTML and PDF), without the list of every finding."""
    mod = _module("scanners.export.report")
    if mod is not None and hasattr(mod, "write"):
        mod.write(report_data(result, ledger=ledger, scan_id=scan_id, language=language,
                              summary=summary), fmt, path)
        return
    from scanners.assessment.scoring import score
    from scanners.export import writers
    from scanners.system.private_files import open_private

    assert result is not None
    with open_private(path) as out:  # 0600 whatever the umask, like scanners.export.report.write
        if fmt == "json":
            writers.write_json(result, score(result.findings), out)
        elif fmt == "csv":
            writers.write_csv(result.findings, out)
        else:
            raise ValueError(f"unknown report format {fmt!r}")
