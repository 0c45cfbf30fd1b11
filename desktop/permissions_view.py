"""Permissions: apps by permission as a matrix, filled by the permission scanners."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from scanners.model import Category, Finding

AnyIndex = QModelIndex | QPersistentModelIndex
KINDS = ("contacts", "location", "camera", "microphone", "sms", "call_log", "files")


class PermissionsModel(QAbstractTableModel):
    """Rows: apps; columns: permissions; a cell is ✓ when the app holds the grant."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.apps: list[str] = []
        self.grants: dict[str, set[str]] = {}

    def set_findings(self, findings: Iterable[Finding]) -> None:
        grants: dict[str, set[str]] = {}
        for f in findings:
            if f.category != Category.PERMISSION:
                continue
            app = f.detail.get("app") or f.location
            perm = f.detail.get("permission", "")
            grants.setdefault(app, set()).add(perm)
        self.beginResetModel()
        self.grants = grants
        self.apps = sorted(grants)
        self.endResetModel()

    def kind_name(self, kind: str) -> str:
        names = {
            "contacts": self.tr("Contacts"), "location": self.tr("Location"),
            "camera": self.tr("Camera"), "microphone": self.tr("Microphone"),
            "sms": self.tr("SMS"), "call_log": self.tr("Call log"), "files": self.tr("Files"),
        }
        return names.get(kind, kind)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.apps)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(KINDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.kind_name(KINDS[section]) if 0 <= section < len(KINDS) else None
        return self.apps[section] if 0 <= section < len(self.apps) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.apps):
            return None
        held = KINDS[index.column()] in self.grants[self.apps[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return "✓" if held else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("granted") if held else self.tr("not granted")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PermissionsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PermissionsModel(self)
        title = QLabel(self.tr("Permissions"))
        title.setObjectName("pageTitle")
        self.empty = QLabel(self.tr(
            "No app permissions have been read yet. The permission scanners for this desktop"
            " and for an attached phone fill this matrix once they are available; the file"
            " scan does not read permissions."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Apps by permission"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(title)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        self.set_findings([])

    def set_findings(self, findings: Iterable[Finding]) -> None:
        self.model.set_findings(findings)
        has = self.model.rowCount() > 0
        self.table.setVisible(has)
        self.empty.setVisible(not has)
