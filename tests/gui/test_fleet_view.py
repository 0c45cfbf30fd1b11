"""The Fleet screen opens a collection folder and shows the hosts ranked, the values found on
several hosts (masked) and the blind spots; a tampered or malformed result is listed as
rejected, never shown as a host. Host results are real scans' JSON documents."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.fleet.fleet_view import FleetView
from desktop.main_window import PAGES, MainWindow
from desktop.session import Session
from desktop.texts import i18n
from desktop.texts.rule_names import rule_title
from scanners.cli.entry import main
from tests.unit.helpers import ric

from .conftest import ID_NUMBER


def _scan(folder: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    assert main(["scan", str(folder), "--format", "json", "--output", str(out), "--no-log",
                 "--quiet", "--jobs", "1"]) == 0


@pytest.fixture
def collection(tmp_path, monkeypatch):
    key = tmp_path / "fleet.key"
    key.write_text("k" * 64 + "\n")
    key.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_FINGERPRINT_KEY_FILE", str(key))
    col = tmp_path / "collected"
    many, one, none = (tmp_path / n for n in ("many", "one", "none"))
    for folder in (many, one, none):
        folder.mkdir()
    people = [ric("310104", f"19{60 + i}0101", f"{i:03d}") for i in range(30)]
    (many / "customers.csv").write_text(
        "姓名,身份证号\n" + f"张三,{ID_NUMBER}\n" + "".join(f"李{i},{p}\n" for i, p in
                                                         enumerate(people)), encoding="utf-8")
    (one / "me.txt").write_text(f"身份证号：{ID_NUMBER}\n", encoding="utf-8")
    (none / "todo.txt").write_text("buy milk\n", encoding="utf-8")
    _scan(many, col / "ws-many" / "audit.json")
    _scan(one, col / "ws-one" / "audit.json")
    _scan(none, col / "ws-none" / "audit.json")
    (col / "ws-broken").mkdir()
    (col / "ws-broken" / "audit.json").write_text('{"tool": "piaudit"', encoding="utf-8")
    return col


def test_the_fleet_screen_shows_hosts_shared_values_and_rejections(qtbot, collection):
    i18n.install("en")
    view = FleetView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded) as signal:
        assert view.load(collection)
    assert "3 host(s)" in signal.args[0] and "1 result(s) rejected" in signal.args[0]
    hosts = [view.hosts.text(r, 1) for r in range(view.hosts.rowCount())]
    assert hosts[:2] == ["ws-many", "ws-one"] and hosts[2] == "ws-none"
    scores = [int(view.hosts.text(r, 2)) for r in range(3)]
    assert scores[0] > scores[1] > scores[2]
    previews = [view.shared.text(r, 0) for r in range(view.shared.rowCount())]
    assert "1101**********002X" in previews
    row = previews.index("1101**********002X")
    assert view.shared.text(row, 3) == "ws-many, ws-one"
    assert view.shared.text(row, 2) == rule_title("identity.cn_resident_id") != \
        "identity.cn_resident_id"  # the rule's title, its id in the tooltip
    assert view.rejected.rowCount() == 1 and view.rejected.text(0, 0) == "ws-broken"
    assert "Rejected (1)" in view.tabs.tabText(3)
    shown = " ".join(m.text(r, c) for m in (view.hosts, view.shared, view.blind, view.rejected)
                     for r in range(m.rowCount()) for c in range(m.columnCount()))
    assert ID_NUMBER not in shown
    # a result changed after collection: rejected, no longer a host
    path = collection / "ws-one" / "audit.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["score"]["value"] = 0
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert view.load(collection)
    assert [view.hosts.text(r, 1) for r in range(view.hosts.rowCount())] == ["ws-many", "ws-none"]
    assert {view.rejected.text(r, 0) for r in range(view.rejected.rowCount())} \
        == {"ws-broken", "ws-one"}


def test_opening_a_folder_reads_it_off_the_gui_thread(qtbot, collection):
    i18n.install("en")
    view = FleetView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=60_000) as signal:
        view.open_folder(collection)
        assert not view.open_button.isEnabled()  # one folder at a time
    assert view.open_button.isEnabled() and "3 host(s)" in signal.args[0]
    assert view.hosts.rowCount() == 3 and view.job is None


def test_choosing_the_fleet_key_verifies_the_folder_shown(qtbot, collection, monkeypatch):
    key = os.environ["PIAUDIT_FINGERPRINT_KEY_FILE"]
    monkeypatch.delenv("PIAUDIT_FINGERPRINT_KEY_FILE")
    i18n.install("en")
    view = FleetView()
    qtbot.addWidget(view)
    assert view.load(collection)
    assert "not verified" in view.summary.text()
    assert view.view is not None and not view.view["fingerprint_key"]["verified"]
    with qtbot.waitSignal(view.loaded, timeout=60_000):
        view.set_key_file(key)
    assert "not verified" not in view.summary.text()
    assert view.view["fingerprint_key"]["verified"]
    # another key: every result is rejected, none is believed
    other = collection.parent / "other.key"
    other.write_text("o" * 64)
    other.chmod(0o600)
    with qtbot.waitSignal(view.loaded, timeout=60_000):
        view.set_key_file(str(other))
    assert view.hosts.rowCount() == 0 and view.rejected.rowCount() == 4


def test_a_folder_that_cannot_be_read_is_said(qtbot, tmp_path):
    view = FleetView()
    qtbot.addWidget(view)
    assert not view.load(tmp_path / "missing")
    assert "Cannot open this folder" in view.summary.text()


def test_the_main_window_has_the_fleet_page_in_chinese_too(qtbot, tmp_path, collection):
    i18n.install("zh_CN")
    window = MainWindow(Session(tmp_path / "audit.db"))
    qtbot.addWidget(window)
    window.go("fleet")
    assert window.current_page() == "fleet" and PAGES[-1] == "fleet"
    assert window.pages.currentWidget() is window.fleet_view
    assert window.nav.item(PAGES.index("fleet")).text() == "机群"
    assert window.fleet_view.load(collection)
    assert window.fleet_view.hosts.headerData(1, _horizontal()) == "主机"
    assert "主机" in window.fleet_view.summary.text()


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
