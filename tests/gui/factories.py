"""Synthetic findings for model tests (masked previews, fake fingerprints), and a window
that has scanned a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool

from desktop.main_window import MainWindow
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.model import Category, Finding, Severity


def make_findings(n: int, start: int = 0) -> list[Finding]:
    cats = list(Category)
    return [
        Finding(
            scanner="content.files", rule=f"rule.{i % 7}", category=cats[i % len(cats)],
            severity=Severity(i % 5), location=f"/home/demo/Documents/f{i // 10}.txt",
            preview=f"1101**********{i % 1000:03d}X", fingerprint=f"{i:032x}",
            confidence=0.5 + (i % 50) / 100, line=i % 300 + 1, count=1 + i % 3,
        )
        for i in range(start, start + n)
    ]


PASS = "correct horse battery"  # the audit log's passphrase in GUI tests


def scanned_window(qtbot: Any, folder: Path, language: str = "en",
                   by_keys: bool = False) -> MainWindow:
    """A window past its first run (passphrase set, log unlocked) that has audited `folder`
    with one worker. `by_keys`: as a user at the keyboard does (the window active, the
    mouse on Start, Ctrl+R), else through the widgets' own calls."""
    i18n.install(language)
    prefs = gui_settings.load()
    prefs.language, prefs.jobs = language, 1
    window = MainWindow(prefs=prefs, pool=QThreadPool())
    qtbot.addWidget(window)
    window.start_flow()
    window.show()
    if by_keys:
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow())
    window.first_run.pass1.setText(PASS)
    window.first_run.pass2.setText(PASS)
    if by_keys:
        qtbot.mouseClick(window.first_run.start, Qt.MouseButton.LeftButton)
    else:
        window.first_run.start.click()
    assert window.session.unlocked
    window.go("scan")
    window.scan_view.set_custom_folders([str(folder)])
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        if by_keys:
            qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        else:
            window.scan_view.start_scan()
    return window
