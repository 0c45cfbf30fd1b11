"""Translatable names of categories, severities and score bands (ids stay in `scanners`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from scanners.model import Category, Severity

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def category_name(cat: Category | str) -> str:
    names = {
        "identity": QCoreApplication.translate("Labels", "Identity documents"),
        "financial": QCoreApplication.translate("Labels", "Financial accounts and payment"),
        "credential": QCoreApplication.translate("Labels", "Credentials"),
        "contact": QCoreApplication.translate("Labels", "Contact details and address books"),
        "location": QCoreApplication.translate("Labels", "Whereabouts"),
        "health": QCoreApplication.translate("Labels", "Health and genetic data"),
        "biometric": QCoreApplication.translate("Labels", "Biometrics"),
        "minor": QCoreApplication.translate("Labels", "Minors' information"),
        "behaviour": QCoreApplication.translate("Labels", "Browsing and consumption records"),
        "communications": QCoreApplication.translate("Labels", "Communications"),
        "basic": QCoreApplication.translate("Labels", "Basic personal details"),
        "permission": QCoreApplication.translate("Labels", "App permissions"),
    }
    return names.get(str(cat), str(cat))


def category_short(cat: Category | str) -> str:
    """A one- or two-word name for chips and chart axes."""
    names = {
        "identity": QCoreApplication.translate("Labels", "Identity"),
        "financial": QCoreApplication.translate("Labels", "Financial"),
        "credential": QCoreApplication.translate("Labels", "Credentials"),
        "contact": QCoreApplication.translate("Labels", "Contact"),
        "location": QCoreApplication.translate("Labels", "Location"),
        "health": QCoreApplication.translate("Labels", "Health"),
        "biometric": QCoreApplication.translate("Labels", "Biometric"),
        "minor": QCoreApplication.translate("Labels", "Minors"),
        "behaviour": QCoreApplication.translate("Labels", "Behaviour"),
        "communications": QCoreApplication.translate("Labels", "Messages"),
        "basic": QCoreApplication.translate("Labels", "Basic"),
        "permission": QCoreApplication.translate("Labels", "Permissions"),
    }
    return names.get(str(cat), str(cat))


def severity_name(sev: Severity) -> str:
    names = {
        Severity.INFO: QCoreApplication.translate("Labels", "Info"),
        Severity.LOW: QCoreApplication.translate("Labels", "Low"),
        Severity.MEDIUM: QCoreApplication.translate("Labels", "Medium"),
        Severity.HIGH: QCoreApplication.translate("Labels", "High"),
        Severity.CRITICAL: QCoreApplication.translate("Labels", "Critical"),
    }
    return names[sev]


SEVERITY_COLOURS = {
    Severity.INFO: "#6b7280", Severity.LOW: "#2e7d32", Severity.MEDIUM: "#b26a00",
    Severity.HIGH: "#c2410c", Severity.CRITICAL: "#b91c1c",
}


@dataclass(frozen=True, slots=True)
class Band:
    """A score band: a word, a colour and an icon shape (never colour alone)."""

    key: str  # "low", "moderate", "high", "severe", "none"
    colour: str
    symbol: str  # drawn beside the word: ✓ ! !! ✕ ?

    @property
    def word(self) -> str:
        if self.key in _REPORT_BAND:  # the reports' words (resources/bands.toml): one source
            from desktop.services import ui_lang
            from scanners.export.band_words import band_word

            return band_word(_REPORT_BAND[self.key], ui_lang())
        words = {
            "none": QCoreApplication.translate("Labels", "Not enough data"),
            "incomplete": QCoreApplication.translate("Labels", "Incomplete audit"),
        }
        return words[self.key]

    @property
    def meaning(self) -> str:
        words = {
            "low": QCoreApplication.translate("Labels", "Little exposed: fix what is listed"),
            "moderate": QCoreApplication.translate("Labels", "Action recommended"),
            "high": QCoreApplication.translate("Labels", "Act soon"),
            "severe": QCoreApplication.translate("Labels", "Act now"),
            "none": QCoreApplication.translate("Labels", "Run a scan to get an index"),
            "incomplete": QCoreApplication.translate(
                "Labels", "Not everything was read: this is not a verdict"),
        }
        return words[self.key]

    @property
    def qcolor(self) -> QColor:
        return QColor(self.colour)


BANDS = {
    "low": Band("low", "#2e7d32", "✓"),
    "moderate": Band("moderate", "#b26a00", "!"),
    "high": Band("high", "#c2410c", "!!"),
    "severe": Band("severe", "#b91c1c", "✕"),
    "none": Band("none", "#6b7280", "?"),
    # An audit that did not cover its scope: grey, never the green of "low".
    "incomplete": Band("incomplete", "#6b7280", "…"),
}

# the scoring module's band id of each UI band
_REPORT_BAND = {"low": "low", "moderate": "medium", "high": "high", "severe": "critical"}

# Band words the scoring module may use, mapped onto the four UI bands.
_BAND_ALIASES = {
    "low": "low", "medium": "moderate", "moderate": "moderate", "high": "high",
    "very high": "severe", "very_high": "severe", "severe": "severe", "critical": "severe",
}


def band_for(value: int | None, band: str | None = None) -> Band:
    """The UI band of a score: the scoring module's word when known, else from the value."""
    if value is None:
        return BANDS["none"]
    if band == "incomplete":
        return BANDS["incomplete"]
    if band and band.lower() in _BAND_ALIASES:
        return BANDS[_BAND_ALIASES[band.lower()]]
    key = "low" if value < 25 else "moderate" if value < 50 else "high" if value < 75 else "severe"
    return BANDS[key]


def pretty_path(path: str) -> str:
    """A location with the home folder shown as ~ (shorter, and the same on every machine)."""
    from pathlib import Path

    home = str(Path.home())
    if home not in ("", "/") and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home):]
    return path


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


# ---- scanners, their states, and why something was not looked at

def scanner_title(scanner_id: str, fallback: str = "") -> str:
    """A scanner's name for people; known ids are translated, others keep the engine's title."""
    names = {
        "content.files": translate("Labels", "Personal data in files"),
        "stores.chromium": translate("Labels", "Chromium browsers"),
        "stores.firefox": translate("Labels", "Firefox and Thunderbird"),
        "stores.ssh": translate("Labels", "SSH keys"),
        "stores.addressbook": translate("Labels", "Address books"),
        "stores.credentials": translate("Labels", "Credential files"),
        "stores.messaging": translate("Labels", "Messaging apps"),
        "permissions.flatpak": translate("Labels", "Flatpak app permissions"),
        "permissions.snap": translate("Labels", "Snap app permissions"),
        "permissions.extensions": translate("Labels", "Browser extensions"),
        "permissions.tcc": translate("Labels", "macOS privacy database"),
        "permissions.windows": translate("Labels", "Windows app permissions"),
        "permissions.android": translate("Labels", "Android phone"),
        "permissions.live": translate("Labels", "Camera and microphone in use"),
    }
    return names.get(scanner_id) or fallback or scanner_id


def incomplete_reasons(coverage: object) -> list[str]:
    """Why an audit is incomplete, in the interface language (from the codes of
    scanners.assessment.coverage)."""
    codes = tuple(getattr(coverage, "codes", ()))
    out: list[str] = []
    if "cancelled" in codes:
        out.append(translate("Labels", "the audit was stopped before it finished (%1 files"
                             " read)").replace("%1", f"{getattr(coverage, 'files_read', 0):,}"))
    if "failed" in codes:
        names = ", ".join(scanner_title(s, s) for s in getattr(coverage, "scanners_failed", ()))
        out.append(translate("Labels", "these parts of the audit failed: %1").replace("%1",
                                                                                   names))
    if "unreadable" in codes:
        unread = int(getattr(coverage, "files_unread", 0))
        tried = unread + int(getattr(coverage, "files_read", 0))
        out.append(translate("Labels", "%1 of %2 files could not be read")
                   .replace("%1", f"{unread:,}").replace("%2", f"{tried:,}"))
    return out


def state_word(state: str) -> str:
    words = {
        "waiting": translate("Labels", "waiting"), "running": translate("Labels", "running…"),
        "ran": translate("Labels", "done"),
        "not-applicable": translate("Labels", "could not look"),
        "absent": translate("Labels", "not on this computer"),
        "failed": translate("Labels", "failed"), "cancelled": translate("Labels", "stopped"),
    }
    return words.get(state, state)


def reason_word(reason: str) -> str:
    """Why a file was skipped, an item not read or a source not looked at, in words."""
    words = {
        # files the scan did not read
        "binary": translate("Labels", "binary files"),
        "empty": translate("Labels", "empty files"),
        "unsupported": translate("Labels", "unsupported formats"),
        "symlink": translate("Labels", "symbolic links"),
        "other-filesystem": translate("Labels", "on another file system"),
        "not-a-file": translate("Labels", "not regular files"),
        "excluded": translate("Labels", "excluded by a pattern"),
        "read-as-store": translate("Labels", "read as application stores"),
        "piaudit-output": translate("Labels", "piaudit's own redacted copies"),
        "piaudit-data": translate("Labels", "piaudit's own data"),
        # items that could not be read
        "unreadable": translate("Labels", "unreadable"),
        "permission-denied": translate("Labels", "permission denied"),
        "corrupt": translate("Labels", "damaged"),
        "encrypted": translate("Labels", "encrypted"),
        "too-large": translate("Labels", "too large"),
        "timeout": translate("Labels", "took too long"),
        "bomb": translate("Labels", "archive bombs"),
        "missing": translate("Labels", "gone before they were read"),
        "too-many-findings": translate("Labels", "too many findings"),
        "internal": translate("Labels", "internal error"),
        "crashed": translate("Labels", "the reader crashed"),
        # sources that could not be looked at
        "not-installed": translate("Labels", "tool not installed"),
        "unsupported-os": translate("Labels", "not this operating system"),
        "no-device": translate("Labels", "no device attached"),
        "unauthorized": translate("Labels", "device did not allow access"),
        "not-present": translate("Labels", "nothing of this kind here"),
        "not-listable": translate("Labels", "cannot be listed on this version"),
        "other": translate("Labels", "other reasons"),
    }
    return words.get(reason, reason)


# Punctuation between parts of a sentence, in the interface language: Chinese text uses
# full-width marks ("、" between list items, "；" between clauses, "：" and "（）").
def comma() -> str:
    return translate("Punctuation", ", ", "between list items")


def semicolon() -> str:
    return translate("Punctuation", "; ", "between clauses")


def colon() -> str:
    return translate("Punctuation", ": ", "after a label")


def aside(text: str) -> str:
    """` (text)` after a word: `（text）` in Chinese."""
    return translate("Punctuation", " (%1)", "an aside after a word").replace("%1", text)


def area_state_word(state: str) -> str:
    """An area's status on the Dashboard, for screen readers (the mark is ✓, ✕ or ?)."""
    words = {
        "fine": translate("Labels", "fine"),
        "action": translate("Labels", "needs action"),
        "unknown": translate("Labels", "could not look"),
    }
    return words.get(state, state)
