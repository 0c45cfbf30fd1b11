"""History: past audits from the log, compare two (new / resolved / unchanged), verify."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.findings.findings_model import finding_key
from desktop.history.actions_view import ActionsView
from desktop.session import Session
from desktop.texts.labels import band_for, category_short, pretty_path, severity_name
from desktop.texts.rule_names import finding_summary
from desktop.texts.times import local_time
from desktop.widgets.text_table import make_table
from scanners.model import Finding

AnyIndex = QModelIndex | QPersistentModelIndex


def status_word(status: str) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {
        "complete": QCoreApplication.translate("HistoryModel", "complete"),
        "cancelled": QCoreApplication.translate("HistoryModel", "cancelled"),
        "failed": QCoreApplication.translate("HistoryModel", "failed"),
        "incomplete": QCoreApplication.translate("HistoryModel", "incomplete"),
        "partial": QCoreApplication.translate("HistoryModel", "incomplete: not all read"),
    }
    return words.get(status, status)


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []  # ScanSummary, newest first

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda s: s.id, reverse=True)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Audit"), self.tr("Started"), self.tr("Status"),
                  self.tr("Exposure index"), self.tr("Findings"), self.tr("Folders"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"#{s.id}"
            if col == 1:
                return local_time(s.started)
            if col == 2:
                return status_word(s.status)
            if col == 3:
                if s.score is None:
                    return "–"
                if not s.complete:
                    # an audit that did not cover its scope has no band and is not compared
                    return self.tr("%1/100 · incomplete, not compared").replace(
                        "%1", str(s.score))
                return f"{s.score}/100 · {band_for(s.score, s.band).word}"
            if col == 4:
                return f"{s.findings:,}"
            return ", ".join(pretty_path(r) for r in s.roots) if s.roots else "–"
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return "\n".join(s.roots)
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 3) and not s.complete:
            reasons = (s.coverage or {}).get("reasons") or []
            return "\n".join([self.tr("This audit did not cover everything it was asked to;"
                                       " it is left out of the trend."), *map(str, reasons)])
        return None


class DiffModel(QAbstractTableModel):
    """Findings of two audits, each marked new, resolved or unchanged."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Finding]] = []

    def set_diff(self, older: Sequence[Finding], newer: Sequence[Finding]) -> dict[str, int]:
        old = {finding_key(f): f for f in older}
        new = {finding_key(f): f for f in newer}
        rows = [("new", f) for k, f in new.items() if k not in old]
        rows += [("resolved", f) for k, f in old.items() if k not in new]
        rows += [("unchanged", f) for k, f in new.items() if k in old]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return {"new": sum(1 for r in rows if r[0] == "new"),
                "resolved": sum(1 for r in rows if r[0] == "resolved"),
                "unchanged": sum(1 for r in rows if r[0] == "unchanged")}

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Change"), self.tr("Category"), self.tr("Severity"),
                  self.tr("Location"), self.tr("Masked value"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        change, f = self.rows[index.row()]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == 0:
            return {"new": self.tr("new"), "resolved": self.tr("resolved"),
                    "unchanged": self.tr("unchanged")}[change]
        if col == 1:
            return category_short(f.category)
        if col == 2:
            return severity_name(f.severity)
        if col == 3:
            return pretty_path(f.location)
        return finding_summary(f)


class HistoryView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = HistoryModel(self)
        self.diff = DiffModel(self)
        self.table = make_table(self.model, self.tr("Past audits"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.diff_table = make_table(self.diff, self.tr("Differences"))
        self.diff_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        title = QLabel(self.tr("History"))
        title.setObjectName("pageTitle")
        self.hint = QLabel(self.tr("Select two audits to compare them."))
        self.hint.setObjectName("muted")
        self.compare_btn = QPushButton(self.tr("Compare"))
        self.compare_btn.setEnabled(False)
        self.compare_btn.clicked.connect(self.compare_selected)
        self.verify_btn = QPushButton(self.tr("Verify log"))
        self.verify_btn.setToolTip(self.tr("Check that no record of the log was altered,"
                                           " removed or reordered"))
        self.verify_btn.clicked.connect(self.verify)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("resultLine")
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.compare_btn)
        row.addWidget(self.verify_btn)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.diff_table)
        split.setSizes([300, 200])
        audits = QWidget()
        al = QVBoxLayout(audits)
        al.setContentsMargins(0, 8, 0, 0)
        al.addLayout(row)
        al.addWidget(self.verify_result)
        al.addWidget(self.result)
        al.addWidget(split, 1)
        self.actions_view = ActionsView(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(audits, self.tr("Audits"))
        self.tabs.addTab(self.actions_view, self.tr("Accepted risks and vault"))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(title)
        lay.addWidget(self.tabs, 1)
        self.diff_table.hide()

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.actions_view.refresh()

    def refresh(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.actions_view.refresh()
        try:
            self.model.set_rows(self.session.scans())
        except Exception as exc:  # a damaged log says so in words
            self.result.setText(self.tr("The audit log cannot be read: %1").replace("%1",
                                                                                  str(exc)))
            return
        if not self.session.unlocked:
            self.result.setText(self.tr("The audit log is locked or off: unlock it to compare"
                                        " and verify."))
        elif not self.model.rows:
            self.result.setText(self.tr("No audit recorded yet."))

    def _selection(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.compare_btn.setEnabled(n == 2 and self.session.unlocked)

    def compare(self, older_id: int, newer_id: int) -> dict[str, int]:
        counts = self.diff.set_diff(self.session.findings(older_id),
                                    self.session.findings(newer_id))
        self.result.setText(self.tr("Audit #%1 against #%2: %3 new, %4 resolved, %5"
                                    " unchanged.")
                            .replace("%1", str(newer_id)).replace("%2", str(older_id))
                            .replace("%3", str(counts["new"]))
                            .replace("%4", str(counts["resolved"]))
                            .replace("%5", str(counts["unchanged"])))
        self.diff_table.show()
        return counts

    def compare_selected(self) -> None:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        if len(rows) != 2:
            return
        ids = sorted(self.model.rows[r].id for r in rows)
        self.compare(ids[0], ids[1])

    def verify(self) -> bool:
        if not self.session.unlocked:
            self.verify_result.setText(self.tr("Unlock the audit log to verify it."))
            return False
        try:
            report = self.session.verify()
        except Exception as exc:
            self.verify_result.setText(self.tr("The audit log cannot be verified: %1")
                                .replace("%1", str(exc)))
            return False
        if report.ok:
            text = self.tr("The audit log is intact: %1 records verified.")
            self.verify_result.setText("✓ " + text.replace("%1", str(report.records)))
        else:
            self.verify_result.setText("✕ " + self.tr("The audit log was altered at %1: %2")
                                .replace("%1", str(report.first_bad))
                                .replace("%2", report.problem))
        return bool(report.ok)
