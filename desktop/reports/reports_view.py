"""Reports: export the current audit (or one from the log) as HTML, PDF, CSV, JSON..."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import services
from desktop.scan.worker import ScanOutcome
from desktop.session import Session
from desktop.texts.times import local_time

FORMAT_NAMES = {
    "html": "HTML", "pdf": "PDF", "csv": "CSV", "json": "JSON", "sarif": "SARIF 2.1.0",
    "ocsf": "OCSF",
}


class ReportsView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current: ScanOutcome | None = None
        self.language = "en"
        title = QLabel(self.tr("Reports"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr("A report holds masked values only. It is written where you"
                               " choose and is never uploaded."))
        intro.setWordWrap(True)
        self.audit = QComboBox()
        self.audit.setAccessibleName(self.tr("Audit to export"))
        self.fmt = QComboBox()
        self.fmt.setAccessibleName(self.tr("Report format"))
        self.fmt_note = QLabel()
        self.fmt_note.setObjectName("muted")
        self.fmt_note.setWordWrap(True)
        self.export_btn = QPushButton(self.tr("Export…"))
        self.export_btn.setObjectName("primary")
        self.export_btn.clicked.connect(self._export_clicked)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Audit"), self.audit)
        form.addRow(self.tr("Format"), self.fmt)
        form.addRow("", self.fmt_note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(12)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addWidget(self.result)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.audit.clear()
        if self.current is not None:
            self.audit.addItem(self.tr("This session's audit"), -1)
        try:
            scans = self.session.scans() if self.session.unlocked else []
        except Exception:
            scans = []
        for s in sorted(scans, key=lambda s: s.id, reverse=True):
            if s.status in ("complete", "cancelled"):
                self.audit.addItem(self.tr("Audit #%1 of %2").replace("%1", str(s.id))
                                   .replace("%2", local_time(s.started)), s.id)
        self.fmt.clear()
        available = services.report_formats()
        for f in services.ALL_FORMATS:
            self.fmt.addItem(FORMAT_NAMES[f], f)
            if f not in available:
                item = self.fmt.model().item(self.fmt.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        self.fmt.setCurrentIndex(max(0, self.fmt.findData(available[0] if available else "")))
        missing = [FORMAT_NAMES[f] for f in services.ALL_FORMATS if f not in available]
        self.fmt_note.setText(self.tr("Not available in this build yet: %1")
                              .replace("%1", ", ".join(missing)) if missing else "")
        self.export_btn.setEnabled(self.audit.count() > 0)
        if self.audit.count() == 0:
            self.result.setText(self.tr("Run a scan first: there is nothing to export yet."))
        else:
            self.result.setText("")

    def _export_clicked(self) -> None:
        fmt = str(self.fmt.currentData())
        ext = "jsonl" if fmt == "ocsf" else "sarif" if fmt == "sarif" else fmt
        suggested = str(Path.home() / f"piaudit-report.{ext}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), suggested)
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> bool:
        scan_id = self.audit.currentData()
        ledger = self.session.ledger if self.session.unlocked else None
        try:
            if scan_id == -1 and self.current is not None:
                # this session's audit: from the log when it was logged (with its trend)
                logged = self.current.scan_id if ledger is not None else None
                services.export_report(None if logged else self.current.result, fmt, path,
                                       ledger=ledger, scan_id=logged, language=self.language)
            else:
                services.export_report(None, fmt, path, ledger=ledger, scan_id=int(scan_id),
                                       language=self.language)
        except OSError as exc:
            self.result.setText(self.tr("The report could not be written: %1")
                                .replace("%1", exc.strerror or str(exc)))
            return False
        except Exception as exc:  # a log that cannot be read, a renderer error: in words
            self.result.setText(self.tr("The report could not be written: %1")
                                .replace("%1", str(exc)))
            return False
        self.result.setText(self.tr("Report written to %1").replace("%1", str(path)))
        return True
