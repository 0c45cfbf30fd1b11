"""Reports: export the current audit (or one from the log) as HTML, PDF, CSV, JSON..."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import services
from desktop.scan.worker import ScanOutcome
from desktop.session import Session
from desktop.texts.times import local_time
from scanners.model import ScanResult

PREVIEW_ROWS = 200  # findings listed in the preview (the file lists them all)
SCOPED = ("html", "pdf")  # the formats with a summary-only form

FORMAT_NAMES = {
    "html": "HTML", "pdf": "PDF", "csv": "CSV", "json": "JSON", "sarif": "SARIF 2.1.0",
    "ocsf": "OCSF",
}


class ReportsView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current: ScanOutcome | None = None
        self._language = "en"
        title = QLabel(self.tr("Reports"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr("A report holds masked values only. It is written where you"
                               " choose and is never uploaded."))
        intro.setWordWrap(True)
        self.audit = QComboBox()
        self.audit.setAccessibleName(self.tr("Audit to export"))
        self.fmt = QComboBox()
        self.fmt.setAccessibleName(self.tr("Report format"))
        self.fmt.currentIndexChanged.connect(self._scope_enabled)
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Report contents"))
        self.scope.addItem(self.tr("Full report (every finding)"), False)
        self.scope.addItem(self.tr("Summary only (score, categories, top risks, advice)"),
                           True)
        self.lang_box = QComboBox()
        self.lang_box.setAccessibleName(self.tr("Report language"))
        self.lang_box.addItem("English", "en")
        self.lang_box.addItem("中文（简体）", "zh_CN")
        self.language = self._language
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(self.tr("Report preview"))
        self.preview.setOpenLinks(False)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("muted")
        self.preview_note.setWordWrap(True)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.update_preview)
        for box in (self.audit, self.scope, self.lang_box):
            box.currentIndexChanged.connect(lambda _i: self._preview_timer.start())
        self.fmt_note = QLabel()
        self.fmt_note.setObjectName("muted")
        self.fmt_note.setWordWrap(True)
        self.export_btn = QPushButton(self.tr("Export…"))
        self.export_btn.setObjectName("primary")
        self.export_btn.clicked.connect(self._export_clicked)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = self.form = QFormLayout()
        form.addRow(self.tr("Audit"), self.audit)
        form.addRow(self.tr("Format"), self.fmt)
        self._note_row = form.rowCount()
        form.addRow("", self.fmt_note)
        form.addRow(self.tr("Contents"), self.scope)
        form.addRow(self.tr("Language"), self.lang_box)
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
        head = QLabel(self.tr("Preview"))
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        lay.addWidget(self.preview_note)
        lay.addWidget(self.preview, 1)
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
        self.form.setRowVisible(self._note_row, bool(missing))  # no empty row
        self.export_btn.setEnabled(self.audit.count() > 0)
        if self.audit.count() == 0:
            self.result.setText(self.tr("Run a scan first: there is nothing to export yet."))
        else:
            self.result.setText("")
        self._scope_enabled()
        self._preview_timer.start()

    # ---- scope, language and preview

    @property
    def summary(self) -> bool:
        return bool(self.scope.currentData())

    def report_language(self) -> str:
        return str(self.lang_box.currentData() or self._language)

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        """The interface language is the report's unless the user picks another here."""
        self._language = language
        if hasattr(self, "lang_box"):
            self.lang_box.setCurrentIndex(1 if language.startswith("zh") else 0)

    def _scope_enabled(self, _i: int = 0) -> None:
        self.scope.setEnabled(str(self.fmt.currentData()) in SCOPED)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._preview_timer.start()

    def _source(self) -> tuple[ScanResult | None, Any, int | None]:
        """(result, ledger, scan id) of the audit chosen."""
        scan_id = self.audit.currentData()
        ledger = self.session.ledger if self.session.unlocked else None
        if scan_id == -1 and self.current is not None:
            # this session's audit: from the log when it was logged (with its trend)
            logged = self.current.scan_id if ledger is not None else None
            return (None if logged else self.current.result), ledger, logged
        return None, ledger, int(scan_id)

    def update_preview(self) -> None:
        """The HTML report as it will be written, in the page (the first findings only)."""
        if self.audit.count() == 0 or self.audit.currentData() is None:
            self.preview.setHtml("")
            self.preview_note.setText("")
            return
        try:
            result, ledger, scan_id = self._source()
            data = services.report_data(result, ledger=ledger, scan_id=scan_id,
                                        language=self.report_language(),
                                        summary=self.summary)
            html = services.report_html(data, PREVIEW_ROWS)
        except Exception as exc:  # a log that cannot be read, a renderer error: in words
            self.preview.setPlainText(self.tr("No preview: %1").replace("%1", str(exc)))
            return
        bar = self.preview.verticalScrollBar()
        keep = bar.value()
        self.preview.setHtml(html)
        bar.setValue(keep)
        n = len(data.findings)
        if not self.summary and n > PREVIEW_ROWS:
            self.preview_note.setText(self.tr(
                "The preview lists the first %1 of %2 findings; the file lists them all.")
                .replace("%1", str(PREVIEW_ROWS)).replace("%2", f"{n:,}"))
        else:
            self.preview_note.setText("")
        self.preview_note.setVisible(bool(self.preview_note.text()))

    def _export_clicked(self) -> None:
        fmt = str(self.fmt.currentData())
        ext = "jsonl" if fmt == "ocsf" else "sarif" if fmt == "sarif" else fmt
        suggested = str(Path.home() / f"piaudit-report.{ext}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), suggested)
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> bool:
        summary = self.summary and fmt in SCOPED
        try:
            result, ledger, scan_id = self._source()
            services.export_report(result, fmt, path, ledger=ledger,
                                   scan_id=scan_id, language=self.report_language(),
                                   summary=summary)
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
