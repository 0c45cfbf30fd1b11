"""The whole flow in one window: first run, scan, filter, detail, history, report, language,
unlock with a wrong then right passphrase, and quitting during a scan."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox

from desktop.main_window import MainWindow
from desktop.settings import gui_settings
from desktop.texts import i18n
from tests.gui.conftest import ID_NUMBER, PHONE

PASS = "correct horse battery"


def _window(qtbot) -> MainWindow:
    i18n.install("en")
    window = MainWindow(prefs=gui_settings.load(), pool=QThreadPool())
    qtbot.addWidget(window)
    window.start_flow()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    return window


def _scan(qtbot, window: MainWindow, folder: Path) -> None:
    window.go("scan")
    window.scan_view.set_custom_folders([str(folder)])
    window.prefs.jobs = 1
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)


def test_full_flow(qtbot, monkeypatch, fixture_folder: Path, tmp_path: Path):
    window = _window(qtbot)
    # first run: the privacy promise is shown, a short passphrase is refused
    assert window.root.currentWidget() is window.first_run
    assert "Nothing leaves this computer" in window.first_run.promise.text()
    window.first_run.pass1.setText("short")
    window.first_run.pass2.setText("short")
    qtbot.mouseClick(window.first_run.start, Qt.MouseButton.LeftButton)
    assert window.first_run.error.text()
    window.first_run.pass1.setText(PASS)
    window.first_run.pass2.setText(PASS)
    qtbot.mouseClick(window.first_run.start, Qt.MouseButton.LeftButton)
    assert window.root.currentWidget() is window.main_area
    assert window.session.unlocked

    # scan a fixture folder; findings appear
    _scan(qtbot, window, fixture_folder)
    model = window.controller.model
    assert model.rowCount() >= 2
    assert window.dashboard.gauge.value is not None and window.dashboard.gauge.value > 0
    assert "Done." in window.scan_view.status.text()

    # filter with a chip and the text box (Ctrl+F focuses it)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    fv = window.findings_view
    assert window.current_page() == "findings"
    fv.cat_chips["identity"].click()
    assert fv.proxy.rowCount() >= 1
    assert all(model.finding(fv.proxy.mapToSource(fv.proxy.index(r, 0)).row()).category
               == "identity" for r in range(fv.proxy.rowCount()))

    # open a detail: masked value, why it scored, advice
    fv.select_row(0)
    assert "Identity" in fv.detail.title.text()
    assert "**" in fv.detail.fields.text() and ID_NUMBER not in fv.detail.fields.text()
    assert fv.detail.why.text() and fv.detail.advice.text()

    # a remediation, confirmed: the file becomes private and the action is in the log
    asked: list[str] = []

    def confirm(kind: str, description: str, warnings: tuple[str, ...]) -> bool:
        asked.append(description)
        return True

    monkeypatch.setattr(fv.detail, "confirm", confirm)
    target = fixture_folder / "customers.txt"
    target.chmod(0o644)
    buttons = {b.text(): b for b in fv.detail._dynamic}
    assert "Move to vault" in buttons and "Delete permanently" in buttons
    buttons["Make private"].click()
    assert asked and "customers.txt" in asked[0]
    assert target.stat().st_mode & 0o777 == 0o600
    assert any(a["kind"] == "restrict" for a in window.session.ledger.actions())
    assert "Make private" in fv.detail.done_label.text()
    # refused: nothing happens
    monkeypatch.setattr(fv.detail, "confirm", lambda *a: False)
    buttons["Move to vault"].click()
    assert target.exists()
    fv.clear_filters()
    assert fv.proxy.rowCount() == model.rowCount()

    # a second scan, then history: two audits, compare, verify
    _scan(qtbot, window, fixture_folder)
    window.go("history")
    hv = window.history_view
    assert hv.model.rowCount() == 2
    counts = hv.compare(1, 2)
    assert counts["new"] == 0 and counts["unchanged"] >= 2
    assert hv.verify()
    assert "intact" in hv.verify_result.text()

    # export reports: masked values only
    window.go("reports")
    out = tmp_path / "report.json"
    assert window.reports_view.export_to(out, "json"), window.reports_view.result.text()
    text = out.read_text(encoding="utf-8")
    assert ID_NUMBER not in text and PHONE not in text
    assert json.loads(text)
    html = tmp_path / "report.html"
    assert window.reports_view.export_to(html, "html"), window.reports_view.result.text()
    assert "<html" in html.read_text(encoding="utf-8").lower()
    assert ID_NUMBER not in html.read_text(encoding="utf-8")

    # change the language: the whole window follows
    window.go("settings")
    window.set_language("zh_CN")
    assert window.nav.item(0).text() == "总览"
    assert window.findings_view.model is model and model.rowCount() >= 2
    window.set_language("en")
    assert window.nav.item(0).text() == "Dashboard"


def test_unlock_wrong_then_right(qtbot, fixture_folder: Path):
    from desktop.session import Session

    s = Session()
    s.create(PASS, use_keyring=False)
    s.close()
    prefs = gui_settings.Prefs(language="en", first_run_done=True)
    gui_settings.save(prefs)
    window = _window(qtbot)
    assert window.root.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText("not it at all")
    qtbot.mouseClick(window.unlock_page.open_btn, Qt.MouseButton.LeftButton)
    assert "wrong" in window.unlock_page.error.text()
    assert window.root.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText(PASS)
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    assert window.root.currentWidget() is window.main_area and window.session.unlocked


def test_quit_during_scan_asks_cancels_and_waits(qtbot, monkeypatch, big_folder: Path):
    window = _window(qtbot)
    window.session.create(PASS, use_keyring=False)
    window._enter_app()
    window.prefs.jobs = 1
    asked: list[str] = []

    def answer_no(*args, **_kw):
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    window.scan_view.set_custom_folders([str(big_folder)])
    window.controller.start(window.scan_view.request(), paused=True)
    worker = window.controller.worker
    assert worker is not None
    assert not window.close()  # "No": the window stays, the scan goes on
    assert asked and not worker.done.is_set()

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.close()
    assert worker.done.is_set() and worker.cancel_event.is_set()
    assert window.session.ledger is None  # the log was closed cleanly after the worker
    from scanners.ledger import Ledger, default_path

    with Ledger.open(default_path(), PASS) as log:
        (summary,) = log.scans()
        assert summary.status == "cancelled"
        assert log.verify().ok
