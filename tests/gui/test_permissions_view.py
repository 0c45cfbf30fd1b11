"""The Permissions screen: the apps × permission matrix per device, filters, the detail and
the revoke command (shown, confirmed, run off the GUI thread, recorded in the log)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from desktop.main_window import MainWindow
from desktop.permissions.permissions_view import GrantsRole, PermissionsView
from desktop.session import Session
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.model import Category, Severity
from scanners.sources.permissions.common import Grant
from synth import demo_inventory


def _view(qtbot, findings=None) -> PermissionsView:
    i18n.install("en")
    view = PermissionsView(pool=QThreadPool())
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_findings(demo_inventory.grant_findings() if findings is None else findings)
    return view


def _matrix(view: PermissionsView) -> dict[tuple[str, str], str]:
    m = view.model
    return {(m.headerData(r, Qt.Orientation.Vertical), m.perms[c]): m.data(m.index(r, c))
            for r in range(m.rowCount()) for c in range(m.columnCount())
            if m.data(m.index(r, c))}


def test_empty_state_without_grants(qtbot):
    view = _view(qtbot, findings=[])
    assert view.empty.isVisibleTo(view) and not view.split.isVisibleTo(view)


def test_matrix_per_device_with_markers_colours_and_tooltips(qtbot):
    view = _view(qtbot)
    assert [view.device.itemText(i) for i in range(view.device.count())] == [
        "This computer", "Pixel 7 (Android 14)"]
    m = view.model
    assert m.perms == ["all-sites", "camera", "filesystem-home", "microphone"]
    cells = _matrix(view)
    assert cells == {
        ("Telegram", "filesystem-home"): "● !", ("Telegram", "camera"): "● !",
        ("Spotify", "filesystem-home"): "○",
        ("Zoom", "camera"): "●", ("Zoom", "microphone"): "◉",
        ("Translate helper", "all-sites"): "● !",
    }
    r = next(i for i in range(m.rowCount())
             if m.headerData(i, Qt.Orientation.Vertical) == "Zoom")
    mic = m.index(r, m.perms.index("microphone"))
    assert "audio-record: in use now" in m.data(mic, Qt.ItemDataRole.ToolTipRole)
    assert "last used 2025-05-02 10:14" in m.data(mic, Qt.ItemDataRole.ToolTipRole)
    assert m.data(mic, Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
    cam = m.index(r, m.perms.index("camera"))
    assert m.data(cam, Qt.ItemDataRole.BackgroundRole).color().name() == "#fff4d6"
    assert m.data(m.index(r, m.perms.index("all-sites"))) is None
    assert m.headerData(m.perms.index("filesystem-home"), Qt.Orientation.Horizontal) == \
        "Home folder"
    # the phone: its own apps and columns
    view.set_device("android:R58N12ABCDE")
    assert m.perms == ["contacts", "location"]
    assert _matrix(view) == {("Example Shop", "contacts"): "●",
                             ("Example Shop", "location"): "●", ("Maps", "location"): "● !"}


def test_filters_hide_columns_and_rows(qtbot):
    view = _view(qtbot)
    view.filter.setText("camera")
    assert view.model.perms == ["camera"]
    assert {app for app, _ in _matrix(view)} == {"Telegram", "Zoom"}
    view.filter.setText("filesystems=home")  # the raw name matches too
    assert view.model.perms == ["filesystem-home"]
    view.filter.clear()
    sources = [view.source.itemData(i) for i in range(view.source.count())]
    assert sources == ["", "flatpak", "snap", "extensions"]
    view.set_source_filter("snap")
    assert view.model.perms == ["camera", "microphone"]
    assert {app for app, _ in _matrix(view)} == {"Zoom"}
    view.set_source_filter("extensions")
    assert _matrix(view) == {("Translate helper", "all-sites"): "● !"}


def test_keyboard_arrows_enter_and_ctrl_f(qtbot):
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True), pool=QThreadPool())
    qtbot.addWidget(window)
    window._enter_app()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.controller.model.add(demo_inventory.grant_findings())
    window.refresh_all()
    window.go("permissions")
    view = window.permissions_view
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "permissions" and view.filter.hasFocus()
    table = view.table
    table.setFocus()
    table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert table.currentIndex().column() == 1
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    # go to Zoom's camera cell and press Enter: the detail shows it, the focus goes to Revoke
    m = view.model
    r = next(i for i in range(m.rowCount()) if m.headerData(i, Qt.Orientation.Vertical) == "Zoom")
    table.setCurrentIndex(m.index(r, m.perms.index("camera")))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert "snap disconnect zoom-client:camera" in view.detail.text()
    assert view.revoke_btn.isVisible() and view.revoke_btn.hasFocus()


def _fake_command(tmp_path: Path, code: int = 0) -> Path:
    script = tmp_path / "fake_revoke.py"
    script.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text(' '.join(sys.argv[2:]))\n"
        f"print('revoked' if {code} == 0 else 'no such grant', file=sys.stderr)\n"
        f"sys.exit({code})\n", encoding="utf-8")
    return script


def _grant(argv: list[str]) -> list:
    g = Grant("flatpak", "org.example.App", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "flatpak override --user --nodevice=all org.example.App", app_name="Example",
              raw="devices=all", broad=True, revoke_argv=tuple(argv))
    return demo_inventory.grant_findings([g])


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(tmp_path / "audit.db")
    s.create("a long passphrase", use_keyring=False)
    yield s
    s.close()


def _select_only_cell(view: PermissionsView) -> None:
    idx = view.model.index(0, 0)
    view.table.setCurrentIndex(idx)
    assert view.model.data(idx, GrantsRole)


@pytest.mark.parametrize("code", [0, 3])
def test_confirmed_revoke_runs_the_command_and_records_it(qtbot, monkeypatch, tmp_path,
                                                          session, code):
    marker = tmp_path / "ran.txt"
    argv = [sys.executable, str(_fake_command(tmp_path, code)), str(marker), "org.example.App"]
    view = _view(qtbot, _grant(argv))
    view.context = lambda: (session.ledger, None, {})
    _select_only_cell(view)
    shown: list[list[str]] = []
    monkeypatch.setattr(view, "confirm_revoke", lambda a, g: shown.append(list(a)) or True)
    with qtbot.waitSignal(view.revoked, timeout=30_000):
        assert view.revoke()
    assert shown == [argv]  # the exact command was shown before it ran
    assert marker.read_text() == "org.example.App"
    assert view.last_result is not None and view.last_result.returncode == code
    if code == 0:
        assert view.outcome.text().startswith("✓ Revoked")
    else:
        assert "exit code 3" in view.outcome.text() and "no such grant" in view.outcome.text()
    actions = [a for a in session.ledger.actions() if a["kind"] == "revoke"]
    assert len(actions) == 1
    a = actions[0]
    assert a["outcome"] == ("done" if code == 0 else "failed")
    assert a["detail"]["command"] == argv and a["detail"]["returncode"] == code
    assert a["detail"]["permission"] == "camera" and a["detail"]["app"] == "org.example.App"
    assert "no such grant" not in json.dumps(a)  # the command's output is not logged


def test_cancelled_revoke_runs_nothing(qtbot, monkeypatch, tmp_path, session):
    marker = tmp_path / "ran.txt"
    argv = [sys.executable, str(_fake_command(tmp_path)), str(marker), "x"]
    view = _view(qtbot, _grant(argv))
    view.context = lambda: (session.ledger, None, {})
    _select_only_cell(view)
    monkeypatch.setattr(view, "confirm_revoke", lambda a, g: False)
    assert not view.revoke()
    qtbot.wait(300)
    assert not marker.exists()
    assert view.job is None and "nothing was run" in view.outcome.text()
    assert [a for a in session.ledger.actions() if a["kind"] == "revoke"] == []


def test_missing_command_and_grants_without_argv(qtbot, monkeypatch, tmp_path, session):
    view = _view(qtbot, _grant([str(tmp_path / "no-such-tool"), "x"]))
    view.context = lambda: (session.ledger, None, {})
    _select_only_cell(view)
    monkeypatch.setattr(view, "confirm_revoke", lambda a, g: True)
    with qtbot.waitSignal(view.revoked, timeout=30_000):
        view.revoke()
    assert "not found" in view.outcome.text()
    assert session.ledger.actions()[-1]["outcome"] == "failed"
    # a grant without a command: the step in words, no button
    view.set_findings(demo_inventory.grant_findings())
    m = view.model
    r = next(i for i in range(m.rowCount())
             if m.headerData(i, Qt.Orientation.Vertical) == "Translate helper")
    view.table.setCurrentIndex(m.index(r, m.perms.index("all-sites")))
    assert "chrome://extensions" in view.detail.text()
    assert not view.revoke_btn.isVisibleTo(view)


def test_confirmation_dialog_shows_the_command(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    argv = ["flatpak", "override", "--user", "--nodevice=all", "org.example.App"]
    view = _view(qtbot, _grant(argv))
    _select_only_cell(view)
    seen: dict[str, str] = {}

    def fake_exec(box: QMessageBox) -> int:
        seen["text"] = box.text()
        seen["info"] = box.informativeText()
        return 0  # closed: no button clicked

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert not view.revoke()
    assert "flatpak override --user --nodevice=all org.example.App" in seen["info"]
    assert "Camera" in seen["text"] and "Example" in seen["text"]


# ---------------------------------------------------------------------------- phone picker

from synth.fake_adb import FakeDevice, make_fake_adb  # noqa: E402

PIXEL = FakeDevice.of("28291FDH2001K8", "android14", "Pixel 7", "panther")
SAMSUNG = FakeDevice.of("R58M3418ZXY", "android10", "SM-A505F", "a50dd", transport=2)
LOCKED = FakeDevice("0123456789ABCDEF", "unauthorized", None, "usb:1-4 transport_id:4")


def _window(qtbot) -> MainWindow:
    i18n.install("en")
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True), pool=QThreadPool())
    qtbot.addWidget(window)
    window._enter_app()
    return window


def _pick(qtbot, view: PermissionsView) -> list[str]:
    """Press "Scan phone…" and wait for the listing (off the GUI thread) to come back; the
    serials scan_phone was emitted with."""
    picked: list[str] = []
    view.scan_phone.connect(picked.append)
    assert view.pick_phone()
    qtbot.waitUntil(lambda: view.phone_job is None, timeout=30_000)
    view.scan_phone.disconnect(picked.append)
    return picked


def test_phone_picker_asks_which_of_two_and_scans_only_that_one(qtbot, monkeypatch, tmp_path):
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, SAMSUNG])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    window = _window(qtbot)
    # the computer's grants are already shown; the phone's are added beside them
    window.controller.model.add(demo_inventory.grant_findings()[:3])
    window.refresh_all()
    view = window.permissions_view
    offered: list[list[str]] = []

    def choose(devices):
        offered.append([f"{d.model} {d.serial}" for d in devices])
        return SAMSUNG.serial

    monkeypatch.setattr(view, "choose_device", choose)
    with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000) as blocker:
        assert _pick(qtbot, view) == [SAMSUNG.serial]
    assert offered == [["Pixel 7 28291FDH2001K8", "SM-A505F R58M3418ZXY"]]
    outcome = blocker.args[0]
    assert outcome.result.scanners == ("permissions.android",)
    assert {c[1] for c in fake.calls() if c[:1] == ["-s"]} == {SAMSUNG.serial}
    devices = [view.device.itemData(i) for i in range(view.device.count())]
    assert devices[0] == "this computer" and f"android:{SAMSUNG.serial}" in devices
    assert window.current_page() == "permissions"
    view.set_device(f"android:{SAMSUNG.serial}")
    assert view.model.rowCount() > 0


def test_one_phone_is_used_without_asking(qtbot, monkeypatch, tmp_path):
    make_fake_adb(tmp_path / "bin", [PIXEL])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    window = _window(qtbot)
    view = window.permissions_view
    monkeypatch.setattr(view, "choose_device", lambda d: pytest.fail("asked with one phone"))
    with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000):
        assert _pick(qtbot, view) == [PIXEL.serial]


def test_no_adb_and_unauthorized_phone_say_why(qtbot, monkeypatch, tmp_path):
    window = _window(qtbot)
    view = window.permissions_view
    assert _pick(qtbot, view) == []  # the test tool path is empty: no adb
    assert "adb (Android platform tools) is not installed" in view.phone_note.text()
    make_fake_adb(tmp_path / "bin", [LOCKED])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    assert _pick(qtbot, view) == []
    assert "did not allow USB debugging" in view.phone_note.text()
    assert not window.controller.running and view.phone_btn.isEnabled()


def test_looking_for_phones_keeps_the_window_responsive(qtbot, monkeypatch, tmp_path):
    """`adb devices` runs off the GUI thread: a slow adb (its server starting) leaves the
    event loop running, the button disabled meanwhile, and the picker comes after."""
    import threading

    from PySide6.QtCore import QTimer

    fake = make_fake_adb(tmp_path / "bin", [PIXEL, SAMSUNG], hang={"devices": 1.5})
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    window = _window(qtbot)
    view = window.permissions_view
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(1))
    asked: list[tuple[int, bool, bool]] = []

    def choose(devices):  # (ticks so far, on the GUI thread?, button enabled again?)
        asked.append((len(ticks), threading.current_thread() is threading.main_thread(),
                      view.phone_btn.isEnabled()))
        return None  # cancelled: nothing is scanned

    monkeypatch.setattr(view, "choose_device", choose)
    timer.start()
    assert view.pick_phone()
    # back at once, busy: the listing has not answered yet
    assert asked == [] and ticks == []
    assert view.phone_note.text() == "Looking for phones…" and not view.phone_btn.isEnabled()
    assert not view.pick_phone()  # a second press while looking starts nothing
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    timer.stop()
    assert asked[0][0] >= 10  # the timer kept ticking while adb was slow (1.5 s / 50 ms)
    assert asked[0][1:] == (True, True)
    assert view.phone_note.text() == "" and not window.controller.running
    assert fake.calls() == [["devices", "-l"]]  # listed once, nothing else asked


def _state(window: MainWindow) -> dict:
    """What the Findings, Dashboard and Permissions screens show."""
    from desktop.findings.findings_model import finding_key

    view = window.permissions_view
    devices = [view.device.itemData(i) for i in range(view.device.count())]
    grants: dict[str, int] = {}
    for g in view.model.grants:
        d = g.detail.get("device", "this computer")
        grants[d] = grants.get(d, 0) + 1
    return {"findings": sorted(finding_key(f) for f in window.controller.model.findings()),
            "table_rows": window.findings_view.proxy.rowCount(),
            "score": window.dashboard_data().value, "devices": devices, "grants": grants}


def test_phone_audit_keeps_the_computer_audit_shown_and_after_restart(
        qtbot, monkeypatch, tmp_path, fixture_folder):
    """Scan phone... is its own logged audit: History lists it and its grants join the
    Permissions screen, but Findings and Dashboard keep this computer's audit, also when the
    window starts again from the log."""
    import os

    from desktop.scan.worker import ScanRequest
    from synth.permission_fixtures import FIREFOX_METADATA, flatpak_app

    # this computer has grants too: a Flatpak app in the test's system root
    flatpak_app(Path(os.environ["PIAUDIT_SYSROOT"]) / "var/lib/flatpak", "org.mozilla.firefox",
                FIREFOX_METADATA)
    i18n.install("en")
    session = Session(tmp_path / "audit.db")
    session.create("a long passphrase", use_keyring=False)
    window = MainWindow(session=session, prefs=gui_settings.Prefs(first_run_done=True),
                        pool=QThreadPool())
    qtbot.addWidget(window)
    window._enter_app()
    with qtbot.waitSignal(window.controller.finished, timeout=120_000):
        assert window.controller.start(ScanRequest(roots=(str(fixture_folder),), jobs=1))
    computer_id = window.controller.outcome.scan_id
    before = _state(window)
    assert computer_id is not None and before["findings"] and before["score"] > 0
    assert before["devices"] == ["this computer"] and before["grants"]["this computer"] > 0

    # now a phone is attached (adb appears only now: the computer audit did not read it)
    make_fake_adb(tmp_path / "bin", [PIXEL])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    view = window.permissions_view
    with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000) as blocker:
        assert _pick(qtbot, view) == [PIXEL.serial]
    phone_id = blocker.args[0].scan_id
    after = _state(window)
    pixel = f"android:{PIXEL.serial}"
    assert after["devices"] == ["this computer", pixel] and after["grants"][pixel] > 0
    # Findings and Dashboard: still this computer's audit
    assert {k: after[k] for k in ("findings", "table_rows", "score")} == \
        {k: before[k] for k in ("findings", "table_rows", "score")}
    assert after["grants"]["this computer"] == before["grants"]["this computer"]
    assert window.controller.outcome.scan_id == computer_id
    assert window.remediation_context()[1] == computer_id
    assert window.reports_view.current is window.controller.outcome
    # History lists both audits
    scans = session.scans()
    assert [(s.id, s.status, s.scanners) for s in scans][-1] == \
        (phone_id, "complete", ("permissions.android",))
    assert computer_id in [s.id for s in scans]
    window.go("history")
    assert window.history_view.model.rowCount() == len(scans) == 2

    # the window starts again from the log: the same screens
    window.session.close()
    again = Session(tmp_path / "audit.db")
    again.unlock("a long passphrase")
    window2 = MainWindow(session=again, prefs=gui_settings.Prefs(first_run_done=True),
                         pool=QThreadPool())
    qtbot.addWidget(window2)
    window2._enter_app()
    assert window2.shown_scan_id == computer_id
    assert _state(window2) == after
    # a newer computer audit that reads the phone as well replaces the phone audit's grants
    with qtbot.waitSignal(window2.controller.finished, timeout=120_000):
        assert window2.controller.start(ScanRequest(roots=(str(fixture_folder),), jobs=1))
    assert window2.phone_grants == {}
    assert _state(window2)["grants"][pixel] == after["grants"][pixel]
    again.close()
