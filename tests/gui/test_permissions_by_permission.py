"""The Permissions screen's per-permission view (the platforms' dashboards: "Camera: these
apps"): built-in and third-party apps marked, where a repeated grant comes from, the same
filters as the matrix, and Revoke… in place (the real command, confirmed, logged)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from desktop.permissions.by_permission import GrantsRole, app_kind, origin
from desktop.permissions.permissions_view import PermissionsView
from desktop.session import Session
from desktop.texts import i18n
from scanners.model import Category, Severity
from scanners.sources.permissions.common import Grant
from synth import demo_inventory


def _view(qtbot, findings) -> PermissionsView:
    i18n.install("en")
    view = PermissionsView(pool=QThreadPool())
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_findings(findings)
    return view


def _extension(profile: str, builtin: bool, app: str = "abcdefghijklmnopabcdefghijklmnop",
               name: str = "Reader") -> Grant:
    extra = {"profile": profile, "builtin": "yes" if builtin else "no"}
    if builtin:
        extra["installed_by"] = "browser"
    return Grant("chromium-extension", app, "all-sites", Category.BEHAVIOUR, Severity.HIGH,
                 "chrome://extensions > Details > Site access", app_name=name,
                 raw="<all_urls>", broad=True, extra=extra,
                 location=f"chromium-extension:{profile}")


def test_each_permission_lists_its_apps_first_of_the_two_views(qtbot):
    view = _view(qtbot, demo_inventory.grant_findings())
    bp = view.by_permission
    assert view.views.currentWidget() is bp  # the list first, the matrix a tab away
    assert bp.permissions_shown() == view.model.perms
    assert bp.apps_of("camera") == ["Telegram", "Zoom"]
    assert bp.apps_of("filesystem-home") == ["Spotify", "Telegram"]
    home = next(t for t in bp.tops() if t.data(0, GrantsRole) == [] and
                "Home folder" in t.text(0))
    assert home.text(0) == "Home folder: 1 of 2 apps allowed"  # Spotify's grant is denied
    zoom = next(i for i in bp.app_items("camera") if i.text(0) == "Zoom")
    assert (zoom.text(1), zoom.text(2), zoom.text(3)) == ("Third-party", "allowed", "Snap")
    # the filters are the matrix's: a text filter, then the phone
    view.filter.setText("micro")
    assert bp.permissions_shown() == ["microphone"]
    view.filter.setText("")
    view.set_device("android:R58N12ABCDE")
    assert bp.permissions_shown() == ["contacts", "location"]
    assert bp.apps_of("location") == ["Example Shop", "Maps"]


def test_built_in_apps_and_a_grant_repeated_in_two_profiles(qtbot):
    findings = demo_inventory.grant_findings([
        _extension("Default", builtin=False), _extension("Work", builtin=False),
        _extension("Default", builtin=True, app="pdfviewerpdfviewerpdfviewerpdfv",
                   name="PDF viewer"),
    ])
    assert [app_kind(f) for f in findings] == ["third-party", "third-party", "built-in"]
    view = _view(qtbot, findings)
    rows = {i.text(0): i for i in view.by_permission.app_items("all-sites")}
    assert set(rows) == {"Reader", "PDF viewer"}
    assert rows["PDF viewer"].text(1) == "Built-in"
    reader = rows["Reader"]
    assert reader.text(1) == "Third-party"
    # one row for the app, naming both profiles its grant comes from
    assert reader.text(3) == "Browser extensions · Default; Browser extensions · Work"
    assert len(reader.data(0, GrantsRole)) == 2
    assert origin(findings[1]) == "Browser extensions · Work"
    # selecting the row shows both grants' facts in the detail pane
    view.by_permission.setCurrentItem(reader)
    assert view.detail.text().count("<table") == 2 and "Reader" in view.detail_title.text()


@pytest.fixture
def session(tmp_path: Path):
    s = Session(tmp_path / "audit.db")
    s.create("a long passphrase", use_keyring=False)
    yield s
    s.close()


def test_revoke_in_place_runs_the_rows_command_after_confirming(qtbot, monkeypatch,
                                                                 tmp_path: Path, session):
    marker = tmp_path / "ran.txt"
    script = tmp_path / "fake_revoke.py"
    script.write_text("import sys, pathlib\n"
                      "pathlib.Path(sys.argv[1]).write_text(' '.join(sys.argv[2:]))\n",
                      encoding="utf-8")
    argv = [sys.executable, str(script), str(marker), "org.example.App"]
    grants = demo_inventory.grant_findings([
        Grant("flatpak", "org.example.App", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "flatpak override --user --nodevice=all org.example.App", app_name="Example",
              raw="devices=all", revoke_argv=tuple(argv)),
        Grant("flatpak", "org.example.Plain", "camera", Category.BIOMETRIC, Severity.LOW,
              "Flatseal", app_name="Plain"),  # no command: no button
    ])
    view = _view(qtbot, grants)
    view.context = lambda: (session.ledger, None, {})
    buttons = view.by_permission.revoke_buttons
    assert list(buttons) == [("flatpak", "org.example.App", "camera")]
    shown: list[list[str]] = []
    monkeypatch.setattr(view, "confirm_revoke", lambda a, g: shown.append(list(a)) or True)
    with qtbot.waitSignal(view.revoked, timeout=30_000):
        buttons[("flatpak", "org.example.App", "camera")].click()
    assert shown == [argv]
    assert marker.read_text() == "org.example.App"
    assert view.outcome.text().startswith("✓ Revoked")
    actions = [a for a in session.ledger.actions() if a["kind"] == "revoke"]
    assert len(actions) == 1 and actions[0]["detail"]["app"] == "org.example.App"


def test_a_cancelled_revoke_in_place_runs_nothing(qtbot, monkeypatch, tmp_path: Path):
    marker = tmp_path / "ran.txt"
    argv = [sys.executable, "-c", f"open({str(marker)!r}, 'w').write('ran')"]
    view = _view(qtbot, demo_inventory.grant_findings([
        Grant("snap", "zoom-client", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "snap disconnect zoom-client:camera", app_name="Zoom", revoke_argv=tuple(argv))]))
    monkeypatch.setattr(view, "confirm_revoke", lambda a, g: False)
    (button,) = view.by_permission.revoke_buttons.values()
    button.click()
    assert not marker.exists()
    assert view.outcome.text() == "Cancelled: nothing was run."
