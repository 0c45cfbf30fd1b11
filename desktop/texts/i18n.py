"""Loading the interface translation: a compiled .qm when built, else the .ts source itself.

The .ts loader keeps a fresh checkout (no build step yet) fully translated; `make dist` and
the Makefile compile .qm files with pyside6-lrelease, which are preferred when up to date.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from scanners.system.paths import resources_dir

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}  # shown in their own language, never translated


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def system_language() -> str:
    """zh_CN for any Chinese system locale, else English."""
    name = QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


class TsTranslator(QTranslator):
    """A QTranslator reading a Qt Linguist .ts file (finished and unfinished-but-filled)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.table: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()
        for ctx in root.iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                source = msg.findtext("source") or ""
                tr = msg.find("translation")
                if tr is None or not (tr.text or "") or tr.get("type") in ("obsolete", "vanished"):
                    continue
                self.table[(name, source)] = tr.text or ""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        # a module-level tr() helper (desktop/findings/action_words.py) is filed by lupdate
        # under the empty context, while it asks with its own: the empty context answers too
        return self.table.get((context, source)) or self.table.get(("", source), "")

    def isEmpty(self) -> bool:
        return not self.table


_installed: list[QTranslator] = []


def install(language: str) -> str:
    """Install the translator for `language` ("zh_CN" or "en"); returns the language used."""
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(old)
    _installed.clear()
    if language not in LANGUAGES:
        language = system_language()
    if language == "en":
        return language
    ts = i18n_dir() / f"piaudit_{language}.ts"
    qm = i18n_dir() / f"piaudit_{language}.qm"
    translator: QTranslator | None = None
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        candidate = QTranslator()
        if candidate.load(str(qm)):
            translator = candidate
    if translator is None and ts.exists():
        translator = TsTranslator(ts)
    if translator is not None:
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
        qt_base = QTranslator()  # Qt's own dialogs (Yes/No, file dialogs) when Qt ships them
        from PySide6.QtCore import QLibraryInfo

        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_base.load(f"qtbase_{language}", path):
            QCoreApplication.installTranslator(qt_base)
            _installed.append(qt_base)
    return language
