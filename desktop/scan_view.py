"""The Scan screen: presets, custom folders and scanners, live progress, pause and cancel."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import gui_settings
from desktop.controller import ScanController
from desktop.labels import category_short, human_bytes
from desktop.worker import ScanOutcome, ScanRequest
from scanners.model import Category, Progress


def _elide_path(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


class RateMeter:
    """Files/s and bytes/s over a sliding window of progress samples."""

    def __init__(self, window: float = 3.0) -> None:
        self.window = window
        self.samples: list[tuple[float, int, int]] = []

    def add(self, p: Progress, now: float | None = None) -> tuple[float, float]:
        t = time.monotonic() if now is None else now
        self.samples.append((t, p.files_done, p.bytes_done))
        while len(self.samples) > 2 and t - self.samples[0][0] > self.window:
            self.samples.pop(0)
        t0, f0, b0 = self.samples[0]
        dt = t - t0
        if dt <= 0:
            return 0.0, 0.0
        return (p.files_done - f0) / dt, (p.bytes_done - b0) / dt


class ScanView(QWidget):
    show_findings = Signal()

    def __init__(self, controller: ScanController, prefs: gui_settings.Prefs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.prefs = prefs
        self.rates = RateMeter()
        self.paused_seconds = 0.0
        self._paused_at = 0.0

        # -- what to scan
        what = QGroupBox(self.tr("What to scan"))
        self.quick = QRadioButton(self.tr("Quick: Documents, Desktop and Downloads"))
        self.full = QRadioButton(self.tr("Full: your whole home folder"))
        self.custom = QRadioButton(self.tr("Custom: the folders and scanners you choose"))
        self.presets = QButtonGroup(self)
        for i, b in enumerate((self.quick, self.full, self.custom)):
            self.presets.addButton(b, i)
        {"quick": self.quick, "full": self.full, "custom": self.custom}[prefs.preset] \
            .setChecked(True)
        self.presets.idToggled.connect(self._preset_changed)
        self.folders = QListWidget()
        self.folders.setAccessibleName(self.tr("Folders to scan"))
        self.folders.addItems(prefs.folders)
        self.folders.setMaximumHeight(90)
        add = QPushButton(self.tr("Add folder…"))
        add.clicked.connect(self._add_folder)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove_folder)
        self.excludes = QLineEdit(", ".join(prefs.excludes))
        self.excludes.setPlaceholderText(self.tr("e.g. *.iso, node_modules"))
        self.excludes.setAccessibleName(self.tr("Exclude patterns"))
        self.scanner_boxes: dict[str, QCheckBox] = {}
        scanners_row = QHBoxLayout()
        from scanners.registry import SCANNERS

        for cls in SCANNERS:
            box = QCheckBox(self.tr("Personal data in files") if cls.id == "content.files"
                            else cls.title)
            box.setToolTip(cls.id)
            box.setChecked(not prefs.scanners or cls.id in prefs.scanners)
            self.scanner_boxes[cls.id] = box
            scanners_row.addWidget(box)
        scanners_row.addStretch(1)
        self.custom_box = QWidget()
        cf = QFormLayout(self.custom_box)
        cf.setContentsMargins(24, 4, 0, 0)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folders, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        folder_row.addLayout(buttons)
        cf.addRow(self.tr("Folders"), folder_row)
        cf.addRow(self.tr("Exclude"), self.excludes)
        cf.addRow(self.tr("Scanners"), scanners_row)
        wl = QVBoxLayout(what)
        for b in (self.quick, self.full, self.custom):
            wl.addWidget(b)
        wl.addWidget(self.custom_box)

        # -- controls
        self.start_btn = QPushButton(self.tr("Start scan"))
        self.start_btn.setObjectName("primary")
        self.start_btn.setToolTip(self.tr("Start scan (Ctrl+R)"))
        self.start_btn.clicked.connect(self.start_scan)
        self.pause_btn = QPushButton(self.tr("Pause"))
        self.pause_btn.clicked.connect(self._pause_resume)
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setToolTip(self.tr("Cancel the scan (Esc)"))
        self.cancel_btn.clicked.connect(controller.cancel)
        self.results_btn = QPushButton(self.tr("See findings"))
        self.results_btn.clicked.connect(self.show_findings)
        controls = QHBoxLayout()
        for btn in (self.start_btn, self.pause_btn, self.cancel_btn, self.results_btn):
            controls.addWidget(btn)
        controls.addStretch(1)

        # -- progress
        prog = QGroupBox(self.tr("Progress"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Scan progress"))
        self.bar.setTextVisible(False)
        self.status = QLabel(self.tr("Ready."))
        self.status.setObjectName("statusLine")
        self.current = QLabel()
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setMinimumWidth(100)
        self.rate = QLabel()
        self.eta = QLabel()
        self.found = QLabel()
        self.found.setWordWrap(True)
        grid = QGridLayout()
        labels = (self.tr("Now scanning"), self.tr("Speed"), self.tr("Time left"),
                  self.tr("Found so far"))
        for row, (name, w) in enumerate(zip(labels, (self.current, self.rate, self.eta,
                                                     self.found), strict=True)):
            head = QLabel(name)
            head.setObjectName("fieldName")
            grid.addWidget(head, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(w, row, 1)
        grid.setColumnStretch(1, 1)
        pl = QVBoxLayout(prog)
        pl.addWidget(self.status)
        pl.addWidget(self.bar)
        pl.addLayout(grid)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(12)
        title = QLabel(self.tr("Scan"))
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        lay.addWidget(what)
        lay.addLayout(controls)
        lay.addWidget(prog)
        lay.addStretch(1)

        controller.state_changed.connect(self._state)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        controller.model.rowsInserted.connect(self._rows_inserted)
        self._preset_changed(self.presets.checkedId(), True)
        self._state("idle")

    # ---- preset and request

    def _preset_changed(self, _id: int, checked: bool) -> None:
        if checked:
            self.custom_box.setEnabled(self.custom.isChecked())

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to scan"),
                                                str(Path.home()))
        if path:
            self.folders.addItem(path)

    def _remove_folder(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))

    def preset(self) -> str:
        return ("quick", "full", "custom")[max(0, self.presets.checkedId())]

    def request(self) -> ScanRequest:
        p = self.prefs
        p.preset = self.preset()
        p.folders = [self.folders.item(i).text() for i in range(self.folders.count())]
        p.excludes = [e.strip() for e in self.excludes.text().split(",") if e.strip()]
        chosen = [i for i, b in self.scanner_boxes.items() if b.isChecked()]
        p.scanners = [] if len(chosen) == len(self.scanner_boxes) else chosen
        gui_settings.save(p)
        scanners = tuple(p.scanners) if p.preset == "custom" else ()
        return ScanRequest(
            roots=tuple(p.roots()), scanner_ids=scanners,
            excludes=tuple(p.excludes) if p.preset == "custom" else (), jobs=p.jobs,
            settings={"preset": p.preset, "source": "gui"},
        )

    def set_custom_folders(self, folders: list[str]) -> None:
        """Select Custom with exactly these folders (used by tests and drag-and-drop)."""
        self.custom.setChecked(True)
        self.folders.clear()
        self.folders.addItems(folders)

    def start_scan(self) -> None:
        if self.controller.running:
            return
        req = self.request()
        missing = [r for r in req.roots if not Path(r).exists()]
        if missing:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("Folder not found"),
                                self.tr("This folder does not exist any more: %1")
                                .replace("%1", missing[0]))
            return
        if self.preset() == "custom" and not req.scanner_ids and not any(
                b.isChecked() for b in self.scanner_boxes.values()):
            return
        self.rates = RateMeter()
        self.paused_seconds = 0.0
        self.controller.start(req)

    # ---- live state

    def _pause_resume(self) -> None:
        if self.controller.state == "paused":
            self.controller.resume()
        else:
            self.controller.pause()

    def _state(self, state: str) -> None:
        busy = state in ("running", "paused", "stopping")
        self.start_btn.setEnabled(not busy)
        self.pause_btn.setEnabled(state in ("running", "paused"))
        self.cancel_btn.setEnabled(state in ("running", "paused"))
        self.pause_btn.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.results_btn.setEnabled(self.controller.model.rowCount() > 0 or busy)
        if state == "running":
            if self._paused_at:
                self.paused_seconds += time.monotonic() - self._paused_at
                self._paused_at = 0.0
            self.status.setText(self.tr("Scanning…"))
            self.bar.setRange(0, 0)
        elif state == "paused":
            self._paused_at = time.monotonic()
            self.status.setText(self.tr("Paused. Nothing is read until you resume."))
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        elif state == "stopping":
            self.status.setText(self.tr("Stopping…"))

    def _progress(self, p: Progress) -> None:
        files_s, bytes_s = self.rates.add(p)
        self.current.setText(_elide_path(p.current) if p.current else "")
        self.current.setToolTip(p.current)
        self.rate.setText(self.tr("%1 files/s · %2/s · %3 files, %4 read")
                          .replace("%1", f"{files_s:,.0f}")
                          .replace("%2", human_bytes(bytes_s))
                          .replace("%3", f"{p.files_done:,}")
                          .replace("%4", human_bytes(p.bytes_done)))
        if p.files_total:
            self.bar.setRange(0, p.files_total)
            self.bar.setValue(min(p.files_done, p.files_total))
            left = p.files_total - p.files_done
            if files_s > 0:
                secs = int(left / files_s)
                self.eta.setText(self.tr("about %1 min %2 s").replace("%1", str(secs // 60))
                                 .replace("%2", str(secs % 60)))
        else:
            self.eta.setText(self.tr("not known yet (the folders are still being walked)"))

    def _rows_inserted(self, *_args: object) -> None:
        self._found_changed()

    def _found_changed(self) -> None:
        counts = self.controller.model.by_category
        if not counts:
            self.found.setText(self.tr("Nothing yet."))
            return
        parts = [f"{category_short(Category(c))} {n:,}" for c, n in counts.most_common()]
        self.found.setText(" · ".join(parts))

    def _finished(self, outcome: ScanOutcome) -> None:
        r = outcome.result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        files = r.stats.files_scanned + r.stats.files_cached
        text = (self.tr("Stopped. %1 files scanned, %2 findings kept.") if r.cancelled
                else self.tr("Done. %1 files scanned, %2 findings."))
        text = text.replace("%1", f"{files:,}").replace("%2", f"{len(r.findings):,}")
        if r.errors:
            text += " " + self.tr("%1 items could not be read.").replace("%1",
                                                                         f"{len(r.errors):,}")
        if outcome.log_warning:
            text += " " + self.tr("Not recorded in the audit log.")
        self.status.setText(text)
        self.current.setText("")
        self.eta.setText("")
        self._found_changed()
        self._state("idle")

    def _failed(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(self.tr("The scan stopped because of an error: %1")
                            .replace("%1", message))
