"""Phone-only audits (scanners exactly ["permissions.android"]) from either screen: they are
logged, their grants join the Permissions screen, and this computer's Findings, Dashboard and
revoke records stay its own. Real scans with the fake adb (synth/fake_adb.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.main_window import MainWindow
from desktop.scan.worker import ScanRequest
from desktop.session import Session
from desktop.settings import gui_settings
from desktop.texts import i18n
from synth.fake_adb import FakeDevice, make_fake_adb

PIXEL = FakeDevice.of("28291FDH2001K8", "android14", "Pixel 7", "panther")
PHONE_DEVICE = f"android:{PIXEL.serial}"
PASS = "a long passphrase"


def _window(qtbot, session: Session) -> MainWindow:
    i18n.install("en")
    window = MainWindow(session=session, prefs=gui_settings.Prefs(first_run_done=True),
                        pool=QThreadPool())
    qtbot.addWidget(window)
    window._enter_app()
    return window


def _computer_audit(qtbot, window: MainWindow, folder: Path) -> int:
    with qtbot.waitSignal(window.controller.finished, timeout=120_000):
        assert window.controller.start(ScanRequest(roots=(str(folder),),
                                                   scanner_ids=("content.files",), jobs=1))
    scan_id = window.controller.outcome.scan_id
    assert scan_id is not None
    return scan_id


def _shown(window: MainWindow) -> dict:
    """What the Findings and Dashboard screens show."""
    from desktop.findings.findings_model import finding_key

    return {"findings": sorted(finding_key(f) for f in window.controller.model.findings()),
            "table_rows": window.findings_view.proxy.rowCount(),
            "score": window.dashboard_data().value}


def _phone(tmp_path: Path, monkeypatch) -> None:
    make_fake_adb(tmp_path / "bin", [PIXEL])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))


def _only_android(window: MainWindow, folder: Path) -> None:
    sv = window.scan_view
    sv.set_custom_folders([str(folder)])
    for sid, box in sv.scanner_boxes.items():
        box.setChecked(sid == "permissions.android")


def test_phone_only_custom_scan_from_the_scan_screen_keeps_the_computer_audit(
        qtbot, monkeypatch, tmp_path, fixture_folder):
    session = Session(tmp_path / "audit.db")
    session.create(PASS, use_keyring=False)
    window = _window(qtbot, session)
    computer_id = _computer_audit(qtbot, window, fixture_folder)
    before = _shown(window)
    assert before["findings"] and before["table_rows"] > 0 and before["score"] > 0

    _phone(tmp_path, monkeypatch)
    _only_android(window, fixture_folder)
    window.go("scan")
    with qtbot.waitSignal(window.controller.finished, timeout=60_000) as blocker:
        window.scan_view.start_scan()
    outcome = blocker.args[0]
    assert outcome.scanner_ids == ("permissions.android",) and outcome.result.findings
    assert outcome.scan_id is not None and outcome.scan_id != computer_id
    # Findings and Dashboard: still this computer's audit; the phone's grants are beside it
    assert _shown(window) == before
    assert window.controller.outcome.scan_id == computer_id
    assert window.remediation_context()[1] == computer_id
    assert window.reports_view.current is window.controller.outcome
    assert PHONE_DEVICE in window.phone_grants
    view = window.permissions_view
    assert PHONE_DEVICE in [view.device.itemData(i) for i in range(view.device.count())]
    assert "Phone permissions are on the Permissions screen." in window.scan_view.summary.text()
    assert "permission" in window.scan_view.found.text().lower()
    # after it, a computer audit from the Scan screen replaces the table as always
    for box in window.scan_view.scanner_boxes.values():
        box.setChecked(box.toolTip() == "content.files")
    with qtbot.waitSignal(window.controller.finished, timeout=60_000) as blocker:
        window.scan_view.start_scan()
    assert window.controller.outcome is blocker.args[0]
    assert window.controller.outcome.scan_id not in (computer_id, outcome.scan_id)
    assert "Phone permissions" not in window.scan_view.summary.text()
    session.close()


def test_locked_log_does_not_take_a_phone_audit_for_this_computer(
        qtbot, monkeypatch, tmp_path, fixture_folder):
    """A locked log seals the scanner list: the newest audit (a phone's) must not become this
    computer's index and trend point; the computer's audit before it still shows."""
    from scanners.ledger import Ledger

    path = tmp_path / "audit.db"
    session = Session(path)
    session.create(PASS, use_keyring=False)
    window = _window(qtbot, session)
    _computer_audit(qtbot, window, fixture_folder)
    computer_score = window.dashboard_data().value
    _phone(tmp_path, monkeypatch)
    with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000) as blocker:
        assert window.scan_phone(PIXEL.serial)
    phone = blocker.args[0]
    assert phone.result.findings and int(phone.score.value) != computer_score
    session.close()

    locked = Session(path)
    locked.ledger = Ledger.open(path, None, create=False)  # no passphrase: plaintext only
    assert not locked.unlocked
    scans = locked.scans()
    assert [s.scanners for s in scans] == [(), ()]  # which scanners ran cannot be read
    assert [s.id for s in locked.computer_scans()] == [scans[0].id]
    window2 = _window(qtbot, locked)
    data = window2.dashboard_data()
    assert data.value == computer_score and len(data.trend) == 1
    locked.close()


def test_a_refused_scan_says_a_phone_or_the_computer_is_being_read(
        qtbot, monkeypatch, tmp_path, fixture_folder):
    """One audit at a time (ScanController.peers): the refusal is said, both ways round."""
    from desktop.session import PHONE_SCANNERS

    session = Session(tmp_path / "audit.db")
    session.create(PASS, use_keyring=False)
    fake = make_fake_adb(tmp_path / "bin", [PIXEL])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "bin"))
    window = _window(qtbot, session)
    try:
        # a phone is being read (held before its first item): Start scan / Ctrl+R
        assert window.phone_controller.start(ScanRequest(
            roots=(str(fixture_folder),), scanner_ids=PHONE_SCANNERS, android_serial=PIXEL.serial),
            paused=True)
        window.start_scan()
        assert window.current_page() == "scan" and not window.controller.running
        assert window.scan_view.status.text() == ("A phone is being read: wait for the phone scan"
                                                  " to finish, then start this scan.")
        with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000):
            window.phone_controller.resume()

        # this computer is being scanned: Scan phone… says so before listing or asking anything
        calls = len(fake.calls())
        assert window.controller.start(ScanRequest(roots=(str(fixture_folder),), jobs=1),
                                       paused=True)
        view = window.permissions_view
        busy = "A scan is running on the Scan screen: wait for it to finish, then scan the phone."
        assert not view.pick_phone()
        assert view.phone_job is None and view.phone_note.text() == busy
        assert len(fake.calls()) == calls  # adb was not asked
        view.phone_note.setText("")
        assert not window.scan_phone(PIXEL.serial)  # a phone picked just before: the same words
        assert view.phone_note.text() == busy and not window.phone_controller.running
        with qtbot.waitSignal(window.controller.finished, timeout=60_000):
            window.controller.cancel()
    finally:  # a failed assertion must not leave a held scan behind (the pool waits)
        window.cancel_scan()
        qtbot.waitUntil(lambda: not window.scanning, timeout=60_000)
        session.close()


def test_a_phone_grant_revoke_is_recorded_against_the_phone_audit(
        qtbot, monkeypatch, tmp_path, fixture_folder):
    """Each device's grants keep the audit they came from: revoking a phone's grant records
    the phone audit's id (also after a restart), a computer grant the computer's."""
    from desktop.permissions.permissions_view import RevokeResult
    from scanners.model import Finding

    path = tmp_path / "audit.db"
    session = Session(path)
    session.create(PASS, use_keyring=False)
    window = _window(qtbot, session)
    computer_id = _computer_audit(qtbot, window, fixture_folder)
    _phone(tmp_path, monkeypatch)
    with qtbot.waitSignal(window.phone_controller.finished, timeout=60_000) as blocker:
        assert window.scan_phone(PIXEL.serial)
    phone_id = blocker.args[0].scan_id
    assert phone_id is not None and phone_id != computer_id

    def revoke(w: MainWindow, grant: Finding) -> int | None:
        """Record a revoke of `grant` the way the screen does after the command ran."""
        view = w.permissions_view
        view._revoke_done(grant, RevokeResult(("adb", "shell", "pm", "revoke"), True, 0,
                                              "done", ""))
        assert "Not recorded" not in view.outcome.text()
        actions = [a for a in w.session.ledger.actions() if a["kind"] == "revoke"]
        assert actions[-1]["detail"]["device"] == grant.detail.get("device", "")
        return actions[-1]["scan_id"]

    grant = next(g for g in window.phone_grants[PHONE_DEVICE]
                 if g.detail.get("state") != "denied")
    assert revoke(window, grant) == phone_id
    # a grant of this computer (no device key) goes with this computer's audit
    own = Finding(scanner="permissions.flatpak", rule="permission.camera",
                  category=grant.category, severity=grant.severity, location="flatpak:x",
                  preview="", fingerprint="f", confidence=1.0,
                  detail={"app": "org.example.App"})
    assert revoke(window, own) == computer_id
    session.close()

    again = Session(path)
    again.unlock(PASS)
    window2 = _window(qtbot, again)
    assert window2.phone_scan_ids == {PHONE_DEVICE: phone_id}
    assert revoke(window2, window2.phone_grants[PHONE_DEVICE][0]) == phone_id
    again.close()
