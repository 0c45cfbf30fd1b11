"""The Scan screen: presets, custom folders and scanners, live progress, pause and cancel."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.permissions.phone_audit import is_phone_audit
from desktop.scan.controller import ScanController
from desktop.scan.worker import ScanOutcome, ScanRequest
from desktop.settings import gui_settings
from desktop.texts.labels import (
    aside,
    category_short,
    colon,
    comma,
    human_bytes,
    incomplete_reasons,
    reason_word,
    scanner_title,
    semicolon,
    state_word,
)
from desktop.texts.status_notes import note_text
from desktop.widgets.elided_label import ElidedLabel
from desktop.widgets.form_rows import folder_row, scanner_boxes
from desktop.widgets.text_table import TextRow, TextRowsModel, make_table
from scanners.model import Category, Progress, ScanError, ScannerStatus


def _minutes(secs: float) -> str:
    secs = max(0, int(secs))
    return f"{secs // 60}:{secs % 60:02d}"


def _counts(counter: dict[str, int]) -> str:
    """ "12 binary files, 3 too large" - most frequent first."""
    from PySide6.QtCore import QCoreApplication

    # "%1 %2": the count, then the reason (Chinese puts the reason first, with a measure word)
    pattern = QCoreApplication.translate("ScanView", "%1 %2", "a count and a reason")
    return comma().join(pattern.replace("%1", f"{n:,}").replace("%2", reason_word(r))
                     for r, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


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
        from scanners.registry import SCANNERS

        self.titles = {cls.id: cls.title for cls in SCANNERS}
        what = self._build_what()
        controls = self._build_controls()
        prog = self._build_progress()
        # the page scrolls down, never sideways: at the window's minimum size nothing is
        # squeezed over its neighbour (a button to a sliver, a label over a row)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(12)
        title = QLabel(self.tr("Scan"))
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        lay.addWidget(what)
        lay.addLayout(controls)
        lay.addWidget(prog)
        lay.addStretch(1)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)
        self._connect(controller)
        self._preset_changed(self.presets.checkedId(), True)
        self._state("idle")
        self._show_figures()

    # ---- building

    def _build_what(self) -> QGroupBox:
        """What to scan: the presets, and Custom's folders, excludes and scanners."""
        prefs = self.prefs
        what = QGroupBox(self.tr("What to scan"))
        self.quick = QRadioButton(self.tr("Quick: Documents, Desktop and Downloads"))
        self.full = QRadioButton(self.tr("Full: your whole home folder"))
        self.custom = QRadioButton(self.tr("Custom: the folders and scanners you choose"))
        for b in (self.quick, self.full, self.custom):
            b.setToolTip(b.text())
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
        self.folders.setMinimumHeight(self.fontMetrics().height() * 3)
        add = QPushButton(self.tr("Add folder…"))
        add.clicked.connect(self._add_folder)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove_folder)
        self.excludes = QLineEdit(", ".join(prefs.excludes))
        self.excludes.setPlaceholderText(self.tr("e.g. *.iso, node_modules"))
        self.excludes.setAccessibleName(self.tr("Exclude patterns"))
        boxes, self.scanner_boxes = scanner_boxes(prefs.scanners,
                                                  self.tr("Personal data in files"))
        self.custom_box = QWidget()
        cf = QFormLayout(self.custom_box)
        cf.setContentsMargins(24, 4, 0, 0)
        cf.addRow(self.tr("Folders"), folder_row(self.folders, add, remove))
        cf.addRow(self.tr("Exclude"), self.excludes)
        cf.addRow(self.tr("Scanners"), boxes)
        wl = QVBoxLayout(what)
        for b in (self.quick, self.full, self.custom):
            wl.addWidget(b)
        wl.addWidget(self.custom_box)
        return what

    def _build_controls(self) -> QHBoxLayout:
        """Start, Pause, Cancel, See findings."""
        self.start_btn = QPushButton(self.tr("Start scan"))
        self.start_btn.setObjectName("primary")
        self.start_btn.setToolTip(self.tr("Start scan (Ctrl+R)"))
        self.start_btn.clicked.connect(self.start_scan)
        self.pause_btn = QPushButton(self.tr("Pause"))
        self.pause_btn.clicked.connect(self._pause_resume)
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setToolTip(self.tr("Cancel the scan (Esc)"))
        self.cancel_btn.clicked.connect(self.controller.cancel)
        self.results_btn = QPushButton(self.tr("See findings"))
        self.results_btn.clicked.connect(self.show_findings)
        controls = QHBoxLayout()
        for btn in (self.start_btn, self.pause_btn, self.cancel_btn, self.results_btn):
            controls.addWidget(btn)
        controls.addStretch(1)
        return controls

    def _build_progress(self) -> QGroupBox:
        """The status line, the bar, the live figures, the scanners' table, the summary."""
        prog = QGroupBox(self.tr("Progress"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Scan progress"))
        self.bar.setTextVisible(False)
        self.status = QLabel(self.tr("Ready."))
        self.status.setWordWrap(True)  # an incomplete audit says why: a long line
        self.status.setObjectName("statusLine")
        self.summary = QLabel()
        self.summary.setObjectName("scanSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pl = QVBoxLayout(prog)
        pl.addWidget(self.status)
        pl.addWidget(self.bar)
        pl.addLayout(self._build_figures())
        pl.addWidget(self._build_scanners_table())
        pl.addWidget(self.summary)
        return prog

    def _build_figures(self) -> QGridLayout:
        """Now scanning, speed, time left, found so far."""
        # the path being read: "…" in its middle (the file name stays), whole in its tooltip
        self.current = ElidedLabel(elide=Qt.TextElideMode.ElideMiddle)
        self.rate = QLabel()
        self.eta = QLabel()
        self.found = QLabel()
        for w in (self.rate, self.eta, self.found):
            w.setWordWrap(True)
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            w.setMinimumWidth(w.fontMetrics().averageCharWidth() * 12)
        grid = QGridLayout()
        labels = (self.tr("Now scanning"), self.tr("Speed"), self.tr("Time left"),
                  self.tr("Found so far"))
        # a figure with no value (after Done: nothing is being scanned) hides with its name
        self.figure_heads: dict[QLabel, QLabel] = {}
        for row, (name, w) in enumerate(zip(labels, (self.current, self.rate, self.eta,
                                                     self.found), strict=True)):
            head = QLabel(name)
            head.setObjectName("fieldName")
            grid.addWidget(head, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(w, row, 1)
            self.figure_heads[w] = head
        grid.setColumnStretch(1, 1)
        return grid

    def _show_figures(self) -> None:
        """Each figure row shown only while it has a value."""
        for w, head in self.figure_heads.items():
            text = w.full_text() if isinstance(w, ElidedLabel) else w.text()
            w.setVisible(bool(text))
            head.setVisible(bool(text))

    def _build_scanners_table(self) -> QWidget:
        """Per scanner: what it is doing, what it found, and why it could not look."""
        self.scanners_model = TextRowsModel(
            [self.tr("Scanner"), self.tr("State"), self.tr("Found"), self.tr("Notes")], self)
        self.scanners_table = make_table(self.scanners_model, self.tr("Scanners of this audit"))
        self.scanners_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.scanners_table.setAlternatingRowColors(False)
        self.scanners_table.setWordWrap(False)
        sh = self.scanners_table.horizontalHeader()
        sh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.scanners_table.verticalHeader().setDefaultSectionSize(
            self.scanners_table.fontMetrics().height() + 6)
        self.scanners_table.setMaximumHeight(230)
        self.scanners_table.setMinimumHeight(
            (self.scanners_table.fontMetrics().height() + 6) * 4)
        return self.scanners_table

    def _connect(self, controller: ScanController) -> None:
        controller.state_changed.connect(self._state)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        controller.statuses.connect(self._statuses)
        controller.started.connect(self._started)
        controller.model.rowsInserted.connect(self._rows_inserted)

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
        settings: dict[str, object] = {"preset": p.preset, "source": "gui"}
        if p.firefox_password_check:  # the log says the opt-in test was allowed for this audit
            settings["firefox_password_check"] = True
        return ScanRequest(
            roots=tuple(p.roots()), scanner_ids=scanners,
            excludes=tuple(p.excludes) if p.preset == "custom" else (), jobs=p.jobs,
            settings=settings, nss_password_check=p.firefox_password_check,
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
        if any(p.running for p in self.controller.peers):
            # the only peer is Scan phone… (one audit at a time is written to the log)
            self.status.setText(self.tr("A phone is being read: wait for the phone scan to"
                                        " finish, then start this scan."))
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
        self.current.setText(p.current or "")
        # files checked include those unchanged since the last scan, which are not read again
        self.rate.setText(self.tr("%1 files/s · %2/s · %3 files checked, %4 read")
                          .replace("%1", f"{files_s:,.0f}")
                          .replace("%2", human_bytes(bytes_s))
                          .replace("%3", f"{p.files_done:,}")
                          .replace("%4", human_bytes(p.bytes_done)))
        self.eta.setText(self.eta_text(p, files_s))
        self._show_figures()

    def elapsed(self) -> float:
        if not self.controller.started_at:
            return 0.0
        paused = self.paused_seconds + (time.monotonic() - self._paused_at
                                        if self._paused_at else 0.0)
        return max(0.0, time.monotonic() - self.controller.started_at - paused)

    def eta_text(self, p: Progress, files_s: float) -> str:
        """Elapsed time, and a time left only when something real backs it: a total the
        scanner reported, or the file count of the last audit of the same folders."""
        elapsed = self.tr("%1 elapsed").replace("%1", _minutes(self.elapsed()))
        expected = p.files_total or self.controller.expected_files
        if not expected:
            return elapsed + " · " + self.tr("time left not known (no earlier audit of these"
                                             " folders to compare with)")
        if p.files_total:
            self.bar.setRange(0, p.files_total)
            self.bar.setValue(min(p.files_done, p.files_total))
        left = expected - p.files_done
        if left <= 0:
            return elapsed + " · " + self.tr("almost done (more files than the last audit)")
        if files_s <= 0:
            return elapsed
        mins = max(1, round(left / files_s / 60))
        text = (self.tr("about %1 min left") if p.files_total
                else self.tr("about %1 min left (based on the last scan)"))
        return elapsed + " · " + text.replace("%1", str(mins))

    def _rows_inserted(self, *_args: object) -> None:
        self._found_changed()

    def _found_changed(self, counts: Counter[str] | None = None) -> None:
        if counts is None:
            if self.controller.phone_audit and self.controller.running:
                return  # a phone audit's findings do not go into this computer's table
            counts = self.controller.model.by_category
        if not counts:
            self.found.setText(self.tr("Nothing yet."))
            self._show_figures()
            return
        parts = [f"{category_short(Category(c))} {n:,}" for c, n in counts.most_common()]
        self.found.setText(" · ".join(parts))
        self._show_figures()

    def _finished(self, outcome: ScanOutcome) -> None:
        r = outcome.result
        from scanners.assessment.coverage import coverage_of

        cov = coverage_of(r)
        if cov.complete:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
        elif self.bar.maximum() == 0:  # stopped while still counting: an empty bar, not a full one
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        # else: the bar stays where the audit stopped
        files = r.stats.files_scanned + r.stats.files_cached
        text = (self.tr("Stopped. %1 files scanned, %2 findings kept.") if r.cancelled
                else self.tr("Done. %1 files scanned, %2 findings."))
        text = text.replace("%1", f"{files:,}").replace("%2", f"{len(r.findings):,}")
        if r.errors:
            text += " " + self.tr("%1 items could not be read.").replace("%1",
                                                                         f"{len(r.errors):,}")
        if outcome.log_warning:
            text += " " + self.tr("Not recorded in the audit log.")
        if not cov.complete:
            text += " " + self.tr("Incomplete audit: %1. Its index is not a verdict and is not"
                                  " compared with other audits.").replace(
                                      "%1", "; ".join(incomplete_reasons(cov)))
        self.status.setText(text)
        self._show_statuses(outcome.scanner_ids, list(r.statuses.values()), outcome.skipped,
                            final=True)
        summary = self.summary_text(outcome.skipped, r.errors, list(r.statuses.values()))
        self.current.setText("")
        self.eta.setText("")
        self._show_figures()
        if is_phone_audit(outcome.scanner_ids):
            # this computer's findings stay in the table: say where the phone's grants went
            summary += "\n" + self.tr("Phone permissions are on the Permissions screen.")
            self._found_changed(Counter(str(f.category) for f in r.findings))
        else:
            self._found_changed()
        self.summary.setText(summary)
        self._state("idle")

    def _failed(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(self.tr("The scan stopped because of an error: %1")
                            .replace("%1", message))

    # ---- per-scanner states and the end-of-scan summary

    def _started(self) -> None:
        ids = tuple(b for b, box in self.scanner_boxes.items() if box.isChecked()) \
            if self.preset() == "custom" else tuple(self.scanner_boxes)
        self._show_statuses(ids, [], {})
        self.summary.setText("")
        if self.controller.phone_audit:
            self._found_changed(Counter())  # not this computer's findings, still shown

    def _statuses(self, payload: tuple[tuple[str, ...], list[ScannerStatus],
                                       dict[str, int]]) -> None:
        ids, statuses, skipped = payload
        self._show_statuses(ids, statuses, skipped)

    def _show_statuses(self, ids: tuple[str, ...], statuses: list[ScannerStatus],
                       skipped: dict[str, int], final: bool = False) -> None:
        by_id = {s.scanner: s for s in statuses}
        order = list(ids) + [s.scanner for s in statuses if s.scanner not in ids]
        # the scanner started last is the one running (the engine runs them in turn)
        running = statuses[-1].scanner if statuses and not final else None
        rows = []
        for sid in order:
            st = by_id.get(sid)
            if st is None:
                state = "cancelled" if final else "waiting"
            elif st.state == "ran" and sid == running:
                state = "running"
            elif st.absent and st.notes:
                state = "absent"  # nothing of its kind here: not the same as "could not look"
            else:
                state = st.state
            found = "" if st is None else f"{st.findings:,}"
            notes = semicolon().join(reason_word(r) + (aside(note_text(m)) if m else "")
                              for r, m in (st.notes if st else ()))
            if sid == "content.files" and skipped:
                skip = self.tr("skipped: %1").replace("%1", _counts(skipped))
                notes = f"{notes}{semicolon()}{skip}" if notes else skip
            cells = (scanner_title(sid, self.titles.get(sid, "")), state_word(state), found,
                     notes)
            rows.append(TextRow(sid, cells, (sid,)))  # the id as the name's tooltip
        self.scanners_model.set_rows(rows)

    def summary_text(self, skipped: dict[str, int], errors: list[ScanError],
                     statuses: list[ScannerStatus]) -> str:
        """Files skipped and why, items not read and why, sources not looked at and why."""
        lines = []
        if skipped:
            lines.append(self.tr("Files not read: %1.").replace("%1", _counts(skipped)))
        by_reason: dict[str, int] = {}
        for e in errors:
            by_reason[e.reason] = by_reason.get(e.reason, 0) + 1
        if by_reason:
            lines.append(self.tr("Could not be read: %1.").replace("%1", _counts(by_reason)))
        blind, absent = [], []
        for st in statuses:
            if st.state == "ran" and not st.blind_spots():
                continue
            if st.absent:  # no such store, another OS's source: nothing was missed
                absent.append(scanner_title(st.scanner, self.titles.get(st.scanner, "")))
                continue
            if st.state == "ran" and st.notes:  # looked, but some of its sources not
                head = self.tr("%1 (partly)").replace(
                    "%1", scanner_title(st.scanner, self.titles.get(st.scanner, "")))
            else:
                head = scanner_title(st.scanner, self.titles.get(st.scanner, ""))
            why = comma().join(dict.fromkeys(reason_word(r) for r, _ in st.blind_spots())) \
                or state_word(st.state)
            blind.append(f"{head}{colon()}{why}")
        if blind:
            lines.append(self.tr("Could not look: %1. This is not the same as nothing"
                                 " found.").replace("%1", semicolon().join(blind)))
        if absent:
            lines.append(self.tr("Not on this computer: %1.").replace("%1", comma().join(absent)))
        if not lines:
            return self.tr("Every file was read and every scanner could look.")
        return "\n".join(lines)
