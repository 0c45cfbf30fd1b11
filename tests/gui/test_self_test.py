"""`piaudit-gui --self-test` never waits for a click: a scan that fails, a dialog that opens or
an exception in a slot prints FAILED with the reason and returns 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import self_test
from desktop.main_window import MainWindow
from desktop.settings import gui_settings

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture
def broken_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installation whose rule folder holds a file that is not TOML: every scan fails."""
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy)
    (copy / "rules" / "zz-broken.toml").write_text("[[rule]\nid = \n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_RESOURCES", str(copy))
    return copy


def test_the_self_test_passes_on_a_working_installation(qapp: QApplication, capsys) -> None:
    assert self_test.run_self_test("en", timeout_ms=120_000) == 0
    out = capsys.readouterr().out
    from desktop.main_window import PAGES

    assert out.startswith(f"piaudit-gui self-test OK: {len(PAGES)} screens, ")
    assert len(PAGES) >= 8  # dashboard … settings, and the fleet view


def test_a_failed_scan_prints_failed_and_returns_1_without_a_dialog(
        qapp: QApplication, broken_rules: Path, capsys) -> None:
    code = self_test.run_self_test("en", timeout_ms=120_000)
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("piaudit-gui self-test FAILED: the scan failed: ")
    assert "zz-broken.toml" in out
    assert "a dialog opened" not in out  # the window itself opened none
    assert QApplication.activeModalWidget() is None


def test_the_scan_failed_handler_opens_no_dialog_when_unattended(qtbot) -> None:
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True))
    qtbot.addWidget(window)
    window.unattended = True
    window._scan_failed("disk on fire")
    assert QApplication.activeModalWidget() is None
    assert window.statusBar().currentMessage() == (
        "The scan stopped because of an error: disk on fire")


def test_a_dialog_that_opens_anyway_is_closed_and_named(qtbot) -> None:
    """The watchdog: a window that is not unattended opens its modal warning; the self-test's
    guard closes it and reports its words instead of waiting."""
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True))
    qtbot.addWidget(window)
    reasons: list[str] = []
    with self_test._no_modal_dialogs(reasons.append):
        window._scan_failed("disk on fire")  # returns only once the dialog is closed
    assert len(reasons) == 1
    assert reasons[0] == ("a dialog opened (The scan stopped: The scan stopped because of an"
                          " error: disk on fire)")
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]


def test_an_exception_in_a_slot_fails_the_self_test(qapp: QApplication) -> None:
    reasons: list[str] = []
    with self_test._slot_errors(reasons.append):
        import sys

        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    assert reasons == ["unexpected error: RuntimeError: boom"]
