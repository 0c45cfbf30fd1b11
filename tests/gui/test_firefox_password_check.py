"""Settings' opt-in Firefox empty-password test: off by default, reachable by keyboard, kept
across windows, translated, and it reaches ScanContext.nss_password_check of a scan started
from the Scan screen (a real scan of a fixture Firefox profile with libnss3 missing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from desktop.main_window import MainWindow
from desktop.scan.worker import ScanOutcome
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.sources.stores import nss
from synth.browser_stores import firefox_profile


def _window(qtbot) -> MainWindow:
    window = MainWindow(prefs=gui_settings.load(), pool=QThreadPool())
    qtbot.addWidget(window)
    if not window.session.log_exists():
        window.session.create("a long passphrase", use_keyring=False)
    else:
        window.session.unlock("a long passphrase")
    window._enter_app()
    window.prefs.jobs = 1
    return window


def test_checkbox_is_off_by_default_keyboard_reachable_and_kept(qtbot):
    i18n.install("en")
    window = _window(qtbot)
    box = window.settings_view.firefox_check
    assert not box.isChecked() and not window.prefs.firefox_password_check
    assert box.accessibleName() == ("When libnss3 is missing, test Firefox profiles with the"
                                    " empty password")
    assert "never a saved login" in box.accessibleDescription()
    assert window.settings_view.firefox_note.text() == (
        "Decrypts only Firefox's fixed test value, never a saved login. Off by default.")
    assert box.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.go("settings")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # ticked with the keyboard, kept at once
    assert box.isChecked() and window.prefs.firefox_password_check
    assert gui_settings.load().firefox_password_check

    again = _window(qtbot)  # a new window reads the settings file
    assert again.prefs.firefox_password_check
    assert again.settings_view.firefox_check.isChecked()
    again.settings_view.firefox_check.setChecked(False)
    assert not gui_settings.load().firefox_password_check
    # Save settings writes the box's state with the rest
    again.settings_view.firefox_check.blockSignals(True)
    again.settings_view.firefox_check.setChecked(True)
    again.settings_view.firefox_check.blockSignals(False)
    again.settings_view.save()
    assert gui_settings.load().firefox_password_check


def test_checkbox_is_translated(qtbot):
    i18n.install("zh_CN")
    window = _window(qtbot)
    assert window.settings_view.firefox_check.text() == "缺少 libnss3 时，用空密码测试 Firefox 配置文件"
    assert "默认关闭" in window.settings_view.firefox_note.text()


@pytest.mark.parametrize("switch_on,state", [(True, "not-set"), (False, "unknown")])
def test_scan_screen_passes_the_switch_to_the_firefox_scanner(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, switch_on: bool, state: str):
    home = tmp_path / "home"
    firefox_profile(home, full=False)  # no primary password: the empty password opens it
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    monkeypatch.setenv(nss.LIBNSS3_ENV, "/nonexistent/libnss3.so")  # NSS "missing"
    i18n.install("en")
    window = _window(qtbot)
    if switch_on:
        window.settings_view.firefox_check.click()
    assert window.prefs.firefox_password_check is switch_on
    window.go("scan")
    sv = window.scan_view
    folder = tmp_path / "empty"
    folder.mkdir()
    sv.set_custom_folders([str(folder)])
    for sid, box in sv.scanner_boxes.items():
        box.setChecked(sid == "stores.firefox")
    req = sv.request()
    assert req.nss_password_check is switch_on
    assert req.scanner_ids == ("stores.firefox",)
    with qtbot.waitSignal(window.controller.finished, timeout=60_000) as blocker:
        sv.start_scan()
    outcome: ScanOutcome = blocker.args[0]
    assert outcome.result.errors == []
    logins = [f for f in outcome.result.findings if f.rule == "stores.firefox.logins"]
    assert len(logins) == 1
    detail = logins[0].detail
    assert detail["primary_password"] == state
    assert "libnss3 not found" in detail["primary_password_reason"]
    assert ("empty-password test" in detail["primary_password_reason"]) is switch_on
    # the audit log records that the opt-in test was allowed (and only then)
    settings = window.session.ledger.scans(decrypt=True)[-1].settings
    assert settings["source"] == "gui"
    assert settings.get("firefox_password_check", False) is switch_on
