"""The Dashboard's status per area (Windows Security's "Virus protection ✓, Firewall ✕"):
✓ nothing to act on, ✕ n to act on (Show), ? could not look (and why), from the scanner
registry, each scanner's state and the findings; kept in the log for the next start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.dashboard.areas import (
    ACTION,
    FINE,
    UNKNOWN,
    area_statuses,
    logged_statuses,
    registry_areas,
)
from desktop.main_window import MainWindow
from desktop.session import Session
from desktop.texts import i18n
from scanners.model import Category, ScannerStatus, Severity
from scanners.registry import SCANNERS
from scanners.sources.permissions.common import Grant
from synth import demo_inventory
from tests.gui.factories import PASS, scanned_window


def _grants() -> list:
    return demo_inventory.grant_findings([
        Grant("flatpak", "org.example.App", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "flatpak override", app_name="Example"),
        Grant("flatpak", "org.example.Other", "camera", Category.BIOMETRIC, Severity.LOW,
              "flatpak override", app_name="Other", state="denied"),
    ])


def _by_key(areas) -> dict:
    return {a.key: a for a in areas}


def test_every_registered_scanner_has_an_area_and_the_phone_its_own():
    areas = registry_areas()
    assert sorted(s for ids in areas.values() for s in ids) == sorted(c.id for c in SCANNERS)
    assert areas["phone"] == ["permissions.android"]
    assert "permissions.android" not in areas["permissions"]
    assert next(iter(areas)) == "files"


def test_fine_action_and_could_not_look_from_states_and_findings():
    i18n.install("en")
    findings = demo_inventory.store_findings()[:1] + _grants()  # a Chrome login store
    statuses = {
        "content.files": ScannerStatus("content.files"),
        "stores.chromium": ScannerStatus("stores.chromium", findings=1),
        "stores.firefox": ScannerStatus("stores.firefox", "not-applicable",
                                        notes=[("not-present", "no profile")]),
        "stores.ssh": ScannerStatus("stores.ssh", "failed"),
        "stores.credentials": ScannerStatus("stores.credentials"),
        "stores.messaging": ScannerStatus("stores.messaging", "not-applicable",
                                          notes=[("not-present", "")]),
        "stores.addressbook": ScannerStatus("stores.addressbook"),
        "permissions.flatpak": ScannerStatus("permissions.flatpak", findings=2),
        "permissions.android": ScannerStatus("permissions.android", "not-applicable",
                                             notes=[("no-device", "no phone")]),
    }
    areas = _by_key(area_statuses(findings, statuses))
    assert areas["browsers"].state == ACTION and areas["browsers"].count == 1
    assert "1 to act on" in areas["browsers"].sentence()
    # the denied grant is not one to act on
    assert areas["permissions"].state == ACTION and areas["permissions"].count == 1
    assert areas["credentials"].state == UNKNOWN
    assert "SSH keys failed" in areas["credentials"].sentence()
    assert areas["phone"].state == UNKNOWN and "no device attached" in areas["phone"].sentence()
    assert areas["files"].state == FINE and areas["files"].sentence() == "Nothing to act on"
    assert areas["messaging"].state == FINE and "none on this computer" in \
        areas["messaging"].sentence()
    assert areas["addressbooks"].state == FINE
    # marks are shapes, never colour alone
    assert {a.mark for a in areas.values()} == {"✓", "✕", "?"}


def test_areas_left_out_of_a_custom_audit_say_so_and_unread_files_are_not_fine():
    i18n.install("en")
    statuses = {"content.files": ScannerStatus("content.files")}
    areas = _by_key(area_statuses([], statuses, asked=("content.files",),
                                  unread_files="3 of 4 files could not be read"))
    assert areas["files"].state == UNKNOWN and "3 of 4 files" in areas["files"].sentence()
    assert areas["browsers"].state == UNKNOWN
    assert "not part of this audit" in areas["browsers"].sentence()
    # an earlier audit that kept no states: nothing is called fine
    old = _by_key(area_statuses([], None))
    assert {a.state for a in old.values()} == {UNKNOWN}


def test_states_kept_in_the_log_read_back_the_same():
    st = ScannerStatus("permissions.android", "not-applicable", 0, 0.5,
                       [("no-device", "no phone attached")])
    back = logged_statuses([st.to_dict()])
    assert back is not None
    got = back["permissions.android"]
    assert (got.state, got.notes, got.absent) == (st.state, st.notes, st.absent)
    assert logged_statuses([]) is None


def test_dashboard_rows_show_and_survive_a_restart(qtbot, fixture_folder: Path, tmp_path: Path):
    window = scanned_window(qtbot, fixture_folder)
    live = _by_key(window.dashboard_data().areas)
    assert set(live) == set(registry_areas())
    files = sum(1 for f in window.controller.model.findings()
                if f.scanner == "content.files")
    assert live["files"].state == ACTION and live["files"].count == files >= 2
    window.go("dashboard")
    assert "files" in window.dashboard.area_buttons
    window.dashboard.area_buttons["files"].click()
    assert window.current_page() == "findings"
    fv = window.findings_view
    assert fv.proxy.rowCount() == files
    # the next start shows the logged audit: the same states, read from the log
    db = window.session.path
    window.session.close()
    session = Session(db)
    session.unlock(PASS)
    again = MainWindow(session=session, prefs=window.prefs, pool=QThreadPool())
    qtbot.addWidget(again)
    again._enter_app()
    assert again.controller.outcome is None
    logged = _by_key(again.dashboard_data().areas)
    assert {k: (a.state, a.count, a.why) for k, a in logged.items()} == \
        {k: (a.state, a.count, a.why) for k, a in live.items()}
