"""What the GUI asks of the engine's advice, remediation and report modules.

Those modules (scanners/advice.py, scanners/remediate.py, scanners/report/) are optional at
import time: each call here uses them when present and otherwise falls back to what the
engine already offers (the CLI's writers for JSON/CSV/JSONL, a sentence per category).
The GUI adds no detection logic: everything here only formats what the engine produced.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from scanners.model import Finding, ScanResult


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


def advice_for(finding: Finding) -> str:
    """One or two sentences of advice for a finding (the advice module's, when present)."""
    mod = _module("scanners.advice")
    for name in ("advice_for", "advise", "advice"):
        fn = getattr(mod, name, None) if mod is not None else None
        if callable(fn):
            try:
                got = fn(finding)
            except Exception:
                break
            text = getattr(got, "text", None) or getattr(got, "summary", None) or got
            if isinstance(text, str) and text:
                return text
            break
    return _fallback_advice(str(finding.category))


def why_scored(finding: Finding) -> str:
    """Why this finding weighs what it does: category weight × severity × confidence."""
    from scanners.scoring import Weights
    try:
        w = Weights.load()
        cat = w.category.get(str(finding.category), 1.0)
        sev = w.severity.get(finding.severity.label, 1.0)
    except (OSError, KeyError, ValueError):
        return ""
    points = cat * sev * finding.confidence * 10
    return (QCoreApplication.translate("Advice", str(_WHY))
            .replace("%1", f"{cat:g}").replace("%2", f"{sev:g}")
            .replace("%3", f"{finding.confidence:.2f}").replace("%4", f"{points:.1f}"))


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class Action:
    """A remediation the user may run on a finding, after a confirmation."""

    id: str
    title: str
    confirm: str  # the confirmation text, generated from the real operation
    destructive: bool
    run: Callable[[], str]  # returns the outcome in words


def actions_for(finding: Finding) -> list[Action]:
    """Remediations offered by scanners.remediate for this finding (none without it)."""
    mod = _module("scanners.remediate")
    fn = getattr(mod, "actions_for", None) if mod is not None else None
    if not callable(fn):
        return []
    try:
        offered = list(fn(finding))
    except Exception:
        return []
    out: list[Action] = []
    for a in offered:
        apply = getattr(a, "apply", None) or getattr(a, "run", None)
        if not callable(apply):
            continue
        preview = getattr(a, "preview", None)
        confirm = preview() if callable(preview) else str(preview or getattr(a, "title", ""))

        def runner(apply: Callable[[], Any] = apply) -> str:
            got = apply()
            return str(getattr(got, "message", None) or got or "")

        out.append(Action(
            id=str(getattr(a, "id", getattr(a, "kind", "action"))),
            title=str(getattr(a, "title", getattr(a, "label", "")) or "action"),
            confirm=str(confirm),
            destructive=bool(getattr(a, "destructive", True)),
            run=runner,
        ))
    return out


# --------------------------------------------------------------------------- reports

BUILTIN_FORMATS = ("json", "jsonl", "csv")
ALL_FORMATS = ("html", "pdf", "csv", "json", "sarif", "ocsf", "jsonl")


def report_formats() -> list[str]:
    """Formats the export can write now: the report module's, plus the CLI writers'."""
    mod = _module("scanners.report")
    extra: Sequence[str] = ()
    if mod is not None:
        extra = tuple(getattr(mod, "FORMATS", ()) or ())
    return [f for f in ALL_FORMATS if f in extra or f in BUILTIN_FORMATS]


def export_report(result: ScanResult, score: Any, fmt: str, path: Path,
                  language: str = "en") -> None:
    """Write a report of `result` as `fmt` to `path` (raises OSError / ValueError)."""
    mod = _module("scanners.report")
    fn = getattr(mod, "export", None) if mod is not None else None
    if callable(fn) and fmt in (getattr(mod, "FORMATS", ()) or ()):
        try:
            fn(result, score, fmt, path, language=language)
        except TypeError:
            fn(result, score, fmt, path)
        return
    from scanners.output import writers

    with open(path, "w", encoding="utf-8", newline="") as out:
        if fmt == "json":
            writers.write_json(result, score, out)
        elif fmt == "jsonl":
            writers.write_jsonl(result.findings, out)
        elif fmt == "csv":
            writers.write_csv(result.findings, out)
        else:
            raise ValueError(f"unknown report format {fmt!r}")
