"""The bulk fix's preview as a table model: one row a file, read straight from its BulkItem
(what is ticked, the action chosen, whether History can undo it, the run's result)."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.findings import action_words
from desktop.findings.bulk_plan import BulkItem
from desktop.widgets.qt_compat import emit

COLUMNS = ("file", "folder", "action", "undo", "count", "result")
COL = {name: i for i, name in enumerate(COLUMNS)}
Index = QModelIndex | QPersistentModelIndex
_RED, _GREEN = QColor("#8b0000"), QColor("#006400")


class BulkModel(QAbstractTableModel):
    def __init__(self, items: list[BulkItem], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self._heads = (self.tr("File"), self.tr("Folder"), self.tr("Action"), self.tr("Undo"),
                       self.tr("Findings"), self.tr("Result"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return self._heads[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        item = self.items[index.row()]
        if index.column() == COL["file"]:
            if not item.exists:
                return Qt.ItemFlag.NoItemFlags
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self.items[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(item, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == "file":
            return Qt.CheckState.Checked if item.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and col == "undo":
            return _GREEN if item.reversible else _RED
        return None

    def text(self, item: BulkItem, col: str) -> str:
        if col == "file":
            return action_words.file_name(item.path)
        if col == "folder":  # the folder too: two files of one name are never confused
            return action_words.full_path(os.path.dirname(item.path))
        if col == "undo":
            return (self.tr("Undo in History") if item.reversible
                    else self.tr("Cannot be undone"))
        if col == "count":
            return str(len(item.findings))
        if col == "result":
            if item.done is None and not item.result:
                return "" if item.exists else self.tr("No longer there")
            return ("✓ " if item.done else "✕ ") + (item.short or item.result)
        return ""  # the action column holds its combo box

    def tip(self, item: BulkItem, col: str) -> str:
        if col in ("file", "folder"):
            return action_words.full_path(item.path)
        if col in ("action", "undo"):  # what exactly will be done
            return action_words.plan_text(item.kind, item.path, item.container)
        if col == "result" and item.result:
            return item.result + "\n" + action_words.full_path(item.path)
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL["file"]:
            return False
        item = self.items[index.row()]
        if not item.exists:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        item.checked = state == Qt.CheckState.Checked
        emit(self.dataChanged, index, index)
        return True

    def row_changed(self, row: int) -> None:
        """An item changed outside the model (its action, its result): repaint its row."""
        emit(self.dataChanged, self.index(row, 0), self.index(row, len(COLUMNS) - 1))
