"""The Scan screen's per-scanner list, the end-of-scan "skipped and why" summary and the ETA."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt, QThreadPool

from desktop.main_window import MainWindow
from desktop.scan.worker import ScanOutcome, ScanRequest, ScanWorker
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners import registry
from scanners.base import ScanContext
from scanners.model import Finding, Progress
from scanners.sources.content.scanner import FilesScanner


class NoAdbScanner:
    """A permission scanner on a machine without adb: it must say so, not "no findings"."""

    id: ClassVar[str] = "permissions.android"
    title: ClassVar[str] = "Android phone"

    def applies(self, ctx: ScanContext) -> bool:
        ctx.unavailable(self.id, "not-installed", "adb was not found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        raise AssertionError("not called when applies() is False")


class AbsentStoreScanner:
    id: ClassVar[str] = "stores.firefox"
    title: ClassVar[str] = "Firefox"

    def applies(self, ctx: ScanContext) -> bool:
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        return iter(())


class OtherOsScanner:
    """A source of another operating system: nothing was missed, so not a blind spot."""

    id: ClassVar[str] = "permissions.tcc"
    title: ClassVar[str] = "macOS privacy database"

    def applies(self, ctx: ScanContext) -> bool:
        ctx.unavailable(self.id, "unsupported-os", "TCC exists on macOS only")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        return iter(())


@pytest.fixture
def with_fake_scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "SCANNERS", (FilesScanner, NoAdbScanner, AbsentStoreScanner,
                                               OtherOsScanner))


@pytest.fixture
def mixed_folder(fixture_folder: Path) -> Path:
    (fixture_folder / "blob.bin").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 16)
    (fixture_folder / "link.txt").symlink_to(fixture_folder / "notes.txt")
    return fixture_folder


def test_worker_reports_statuses_and_skips(qtbot, with_fake_scanners, mixed_folder: Path):
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(mixed_folder),), jobs=1))
    payloads: list[tuple] = []
    worker.signals.statuses.connect(payloads.append)
    with qtbot.waitSignal(worker.signals.finished, timeout=60_000) as blocker:
        pool.start(worker)
    outcome: ScanOutcome = blocker.args[0]
    pool.waitForDone()
    assert outcome.scanner_ids == ("content.files", "permissions.android", "stores.firefox",
                                  "permissions.tcc")
    assert outcome.skipped.get("symlink") == 1
    assert outcome.skipped.get("binary") == 1
    assert payloads, "no live status was sent"
    ids, last, skipped = payloads[-1]
    states = {s.scanner: s for s in last}
    assert states["content.files"].state == "ran" and states["content.files"].findings >= 2
    assert states["permissions.android"].state == "not-applicable"
    assert states["permissions.android"].notes == [("not-installed", "adb was not found")]
    # the GUI got copies, not the objects the scan thread mutates
    assert last[0] is not outcome.result.statuses["content.files"]


def _window(qtbot) -> MainWindow:
    i18n.install("en")
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True), pool=QThreadPool())
    qtbot.addWidget(window)
    window.session.create("a long passphrase", use_keyring=False)
    window._enter_app()
    window.prefs.jobs = 1
    return window


def _scan(qtbot, window: MainWindow, folder: Path) -> None:
    window.go("scan")
    window.scan_view.set_custom_folders([str(folder)])
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.scan_view.start_scan()


def test_scan_screen_lists_scanners_and_says_why_they_could_not_look(
        qtbot, with_fake_scanners, mixed_folder: Path):
    window = _window(qtbot)
    _scan(qtbot, window, mixed_folder)
    sv = window.scan_view
    m = sv.scanners_table.model()
    tip = Qt.ItemDataRole.ToolTipRole
    rows = {m.index(r, 0).data(tip): [m.text(r, c) for c in range(4)]
            for r in range(m.rowCount())}
    assert set(rows) == {"content.files", "permissions.android", "stores.firefox",
                         "permissions.tcc"}
    assert rows["content.files"][1] == "done"
    assert int(rows["content.files"][2]) >= 2
    assert "symbolic links" in rows["content.files"][3]
    assert rows["permissions.android"][0] == "Android phone"
    assert rows["permissions.android"][1] == "could not look"
    assert "tool not installed" in rows["permissions.android"][3]
    assert rows["stores.firefox"][1] == "not on this computer"
    summary = sv.summary.text()
    assert "Files not read: 1 binary files, 1 symbolic links." in summary
    assert "Android phone: tool not installed" in summary
    assert "not the same as nothing found" in summary
    assert rows["permissions.tcc"][1] == "not on this computer"
    assert "Not on this computer: Firefox and Thunderbird, macOS privacy database." in summary
    assert "macOS privacy database:" not in summary  # another OS's source is no blind spot


def test_eta_only_from_a_previous_audit_of_the_same_folders(qtbot, fixture_folder: Path):
    window = _window(qtbot)
    sv = window.scan_view
    p = Progress(scanner="content.files", files_done=1)
    window.controller.expected_files = None
    assert "time left not known" in sv.eta_text(p, 10.0)
    assert "elapsed" in sv.eta_text(p, 10.0)
    # a first audit is logged; the second of the same folder knows its file count
    _scan(qtbot, window, fixture_folder)
    req = ScanRequest(roots=(str(fixture_folder),))
    assert window.controller.previous_files(req) == 2
    other = ScanRequest(roots=(str(fixture_folder.parent),))
    assert window.controller.previous_files(other) is None
    window.controller.expected_files = 1200
    text = sv.eta_text(Progress(scanner="content.files", files_done=600), 10.0)
    assert "about 1 min left (based on the last scan)" in text
    text = sv.eta_text(Progress(scanner="content.files", files_done=1500), 10.0)
    assert "almost done" in text


def test_relative_root_matches_logged_root(qtbot, fixture_folder: Path, monkeypatch):
    window = _window(qtbot)
    _scan(qtbot, window, fixture_folder)
    monkeypatch.chdir(fixture_folder.parent)
    rel = os.path.relpath(fixture_folder)
    assert window.controller.previous_files(ScanRequest(roots=(rel,))) == 2
