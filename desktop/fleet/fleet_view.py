"""Fleet: open a collection folder (DIR/<host>/audit.json, what `piaudit fleet` and the
Ansible play use) and see the hosts ranked by exposure, the values found on several hosts
(masked, linked by fingerprint) and what each host's audit could not look at.

The merge is the engine's (scanners.fleet); this screen only shows it. With
PIAUDIT_FINGERPRINT_KEY_FILE set, every result's seal is verified with that key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.texts.labels import band_for, category_short
from desktop.texts.rule_names import rule_title
from desktop.widgets.qt_compat import emit
from desktop.widgets.text_table import TextRow, TextRowsModel, make_table
from scanners.fleet.collect import read_collection
from scanners.fleet.key import FLEET_KEY_ENV, FingerprintKeyError, read_fleet_key
from scanners.fleet.merge import merge
from scanners.system.textsafe import terminal


def merged_view(folder: Path, key_file: str | None = None) -> tuple[dict[str, Any], bool]:
    """(the merged view of `folder`, whether it was verified with the fleet key: `key_file`,
    else PIAUDIT_FINGERPRINT_KEY_FILE); FingerprintKeyError or OSError when it cannot be
    read."""
    key_file = key_file or os.environ.get(FLEET_KEY_ENV)
    key = read_fleet_key(key_file, warn=lambda _text: None) if key_file else None
    return merge(read_collection(folder, key)), key is not None


class FleetLoadSignals(QObject):
    done = Signal(object, object)  # (folder, (view, verified) or the error's sentence)


class FleetLoadJob(QRunnable):
    """Reading and checking a collection off the GUI thread: a hundred hosts' results are
    gigabytes of JSON, and the window must keep repainting meanwhile."""

    def __init__(self, folder: Path, key_file: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.key_file = key_file
        self.signals = FleetLoadSignals()  # made on the GUI thread: emits arrive there queued

    def run(self) -> None:
        try:
            outcome: object = merged_view(self.folder, self.key_file)
        except (FingerprintKeyError, OSError) as exc:
            outcome = str(exc)
        except Exception as exc:  # never let an exception die silently on a pool thread
            outcome = f"{type(exc).__name__}: {exc}"
        emit(self.signals.done, self.folder, outcome)


class FleetView(QWidget):
    loaded = Signal(str)  # the summary line, for the status bar

    def __init__(self, parent: QWidget | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.view: dict[str, Any] | None = None
        self.pool = pool or QThreadPool.globalInstance()
        self.job: FleetLoadJob | None = None  # the folder being read, if any
        self.folder: Path | None = None  # the folder shown
        self.key_file: str | None = None  # chosen here; else PIAUDIT_FINGERPRINT_KEY_FILE
        self.open_button = QPushButton(self.tr("Open collection folder…"))
        self.open_button.clicked.connect(self._choose)
        self.key_button = QPushButton(self.tr("Fleet key…"))
        self.key_button.setToolTip(self.tr(
            "The organisation's fingerprint key: every result's seal is verified with it, and a"
            " result changed after collection is rejected"))
        self.key_button.clicked.connect(self._choose_key)
        self.folder_label = QLabel(self.tr("No folder open. A collection folder holds one"
                                           " folder per host, each with its audit.json"
                                           " (piaudit scan --format json)."))
        self.folder_label.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.hosts = TextRowsModel([self.tr("#"), self.tr("Host"), self.tr("Score"),
                                    self.tr("Band"), self.tr("Complete"), self.tr("Findings"),
                                    self.tr("Change"), self.tr("Top categories")], self)
        self.shared = TextRowsModel([self.tr("Preview"), self.tr("Category"), self.tr("Rule"),
                                     self.tr("Hosts")], self)
        self.blind = TextRowsModel([self.tr("Host"), self.tr("Where"), self.tr("Not looked at")],
                                   self)
        self.rejected = TextRowsModel([self.tr("Host"), self.tr("Why it was rejected")], self)
        self.hosts_table = make_table(self.hosts, self.tr("Hosts by exposure"))
        self.shared_table = make_table(self.shared, self.tr("Values found on several hosts"))
        self.blind_table = make_table(self.blind, self.tr("Blind spots"))
        self.rejected_table = make_table(self.rejected, self.tr("Rejected results"))
        self.tabs = QTabWidget()
        for table, name in ((self.hosts_table, self.tr("Hosts")),
                            (self.shared_table, self.tr("Shared values")),
                            (self.blind_table, self.tr("Blind spots")),
                            (self.rejected_table, self.tr("Rejected"))):
            self.tabs.addTab(table, name)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.key_button)
        top.addWidget(self.folder_label, 1)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Fleet"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open collection folder"))
        if folder:
            self.open_folder(Path(folder))

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Fleet key"))
        if path:
            self.set_key_file(path)

    def set_key_file(self, path: str) -> None:
        """Verify with this key from now on; the folder shown is read again."""
        self.key_file = path
        if self.folder is not None:
            self.open_folder(self.folder)

    def open_folder(self, folder: Path) -> None:
        """Read and merge `folder` on the pool; `loaded` is emitted when it is shown."""
        job = FleetLoadJob(folder, self.key_file)
        job.setAutoDelete(False)  # kept until its result arrived
        job.signals.done.connect(self._job_done)  # a slot of this widget: the GUI thread
        self.job = job
        self.open_button.setEnabled(False)
        self.summary.setText(self.tr("Reading {0}…").format(terminal(str(folder))))
        self.pool.start(job)

    def _job_done(self, folder: Path, outcome: object) -> None:
        self.job = None
        self.open_button.setEnabled(True)
        self._show(folder, outcome)

    def load(self, folder: Path) -> bool:
        """Read and merge a collection folder here and now; False (said on the screen) when
        it cannot."""
        try:
            outcome: object = merged_view(folder, self.key_file)
        except (FingerprintKeyError, OSError) as exc:
            outcome = str(exc)
        return self._show(folder, outcome)

    def _show(self, folder: Path, outcome: object) -> bool:
        if not isinstance(outcome, tuple):
            self.summary.setText(self.tr("Cannot open this folder: {0}").format(
                terminal(str(outcome))))
            return False
        view, verified = outcome
        self.view, self.folder = view, folder
        self.folder_label.setText(terminal(str(folder)))
        self._fill(view, verified=verified)
        return True

    def _fill(self, view: dict[str, Any], verified: bool) -> None:
        self.hosts.set_rows([self._host_row(h) for h in view["hosts"]])
        self.shared.set_rows([
            TextRow(v["fingerprint"], (terminal(v["preview"]), category_short(v["category"]),
                                       terminal(rule_title(v["rule"])),
                                       ", ".join(terminal(h) for h in v["hosts"])),
                    tips=("", "", v["rule"], ""))
            for v in view["shared_values"]])
        self.blind.set_rows([
            TextRow((h["host"], i), (terminal(h["host"]), b["scanner"], terminal(b["text"])))
            for h in view["hosts"] for i, b in enumerate(h["blind_spots"])])
        self.rejected.set_rows([
            TextRow(i, (terminal(r["host"]), terminal(r["reason"])))
            for i, r in enumerate(view["rejected"])])
        n, shared, rejected = len(view["hosts"]), len(view["shared_values"]), len(view["rejected"])
        text = self.tr("{0} host(s), {1} value(s) on several hosts, {2} result(s) rejected.") \
            .format(n, shared, rejected)
        if view["fingerprint_key"]["id"] is None:
            text += " " + self.tr("No two hosts share a fleet key: values cannot be linked.")
        if not verified:
            text += " " + self.tr("Results were not verified: choose the fleet key (or set {0})"
                                  " to detect a result changed after collection.").format(
                FLEET_KEY_ENV)
        self.summary.setText(text)
        self.tabs.setTabText(3, self.tr("Rejected ({0})").format(rejected))
        self.loaded.emit(text)

    def _host_row(self, h: dict[str, Any]) -> TextRow:
        band = band_for(h["score"], h["band"] if h["complete"] else "incomplete").word
        top = sorted((c for c in h["categories"] if c["value"]), key=lambda c: -c["value"])[:3]
        change = "" if h["change"] is None else f"{h['change']:+d}"
        return TextRow(h["host"], (
            str(h["rank"]), terminal(h["host"]), str(h["score"]), band,
            self.tr("yes") if h["complete"] else self.tr("no"), str(h["findings"]), change,
            ", ".join(category_short(c["category"]) for c in top)))

    def table(self, name: str) -> QTableView:
        return {"hosts": self.hosts_table, "shared": self.shared_table,
                "blind": self.blind_table, "rejected": self.rejected_table}[name]
