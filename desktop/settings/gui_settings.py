"""The GUI's own preferences, kept in an ini file in the user's piaudit data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from scanners.system.paths import data_dir

PRESETS = ("quick", "full", "custom")
THEMES = ("system", "light", "dark")


def quick_folders() -> list[str]:
    """Quick preset: Documents, Desktop and Downloads (those that exist; home if none)."""
    home = Path.home()
    found = [str(home / n) for n in ("Documents", "Desktop", "Downloads") if (home / n).is_dir()]
    return found or [str(home)]


@dataclass(slots=True)
class Prefs:
    language: str = ""  # "" until the first run chose one
    theme: str = "system"
    preset: str = "quick"
    folders: list[str] = field(default_factory=list)  # Custom preset
    excludes: list[str] = field(default_factory=list)
    scanners: list[str] = field(default_factory=list)  # empty: all
    jobs: int = 0
    use_keyring: bool = False
    # stores.firefox: where libnss3 is missing, test the empty password on key4.db's fixed
    # check value (ScanContext.nss_password_check, CLI --firefox-password-check). Opt-in:
    # it is a decryption, however harmless.
    firefox_password_check: bool = False
    first_run_done: bool = False

    def roots(self) -> list[str]:
        if self.preset == "full":
            return [str(Path.home())]
        if self.preset == "custom" and self.folders:
            return list(self.folders)
        return quick_folders()


def _store() -> QSettings:
    path = Path(os.environ.get("PIAUDIT_GUI_SETTINGS", "") or data_dir() / "gui.ini")
    return QSettings(str(path), QSettings.Format.IniFormat)


def _list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if str(v)]
    return []


def _bool(value: object) -> bool:
    return value in (True, "true", "1", 1)


def load() -> Prefs:
    s = _store()
    p = Prefs()
    p.language = str(s.value("language", "") or "")
    p.theme = str(s.value("theme", "system") or "system")
    if p.theme not in THEMES:
        p.theme = "system"
    p.preset = str(s.value("preset", "quick") or "quick")
    if p.preset not in PRESETS:
        p.preset = "quick"
    p.folders = _list(s.value("folders"))
    p.excludes = _list(s.value("excludes"))
    p.scanners = _list(s.value("scanners"))
    try:
        p.jobs = max(0, int(str(s.value("jobs", 0) or 0)))
    except ValueError:
        p.jobs = 0
    p.use_keyring = _bool(s.value("use_keyring", False))
    p.firefox_password_check = _bool(s.value("firefox_password_check", False))
    p.first_run_done = _bool(s.value("first_run_done", False))
    return p


def save(p: Prefs) -> None:
    s = _store()
    s.setValue("language", p.language)
    s.setValue("theme", p.theme)
    s.setValue("preset", p.preset)
    s.setValue("folders", list(p.folders))
    s.setValue("excludes", list(p.excludes))
    s.setValue("scanners", list(p.scanners))
    s.setValue("jobs", int(p.jobs))
    s.setValue("use_keyring", bool(p.use_keyring))
    s.setValue("firefox_password_check", bool(p.firefox_password_check))
    s.setValue("first_run_done", bool(p.first_run_done))
    s.sync()
