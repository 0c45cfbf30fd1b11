"""A read-only table of text rows (QAbstractTableModel) and the QTableView settings the
app's small tables share: the accepted-risks/vault/actions lists, the Scan screen's
per-scanner states, the History lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.widgets.qt_compat import emit

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class TextRow:
    """One row: a key the view acts on (an action id, a vault item, a scanner id), the cells'
    texts, and tooltips (the cell's own text where none is given)."""

    key: Any
    cells: tuple[str, ...]
    tips: tuple[str, ...] = field(default=())


class TextRowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[TextRow] = []

    def set_rows(self, rows: Sequence[TextRow]) -> None:
        """Replace the rows; when only texts changed, cells are updated in place so a live
        view (the scanners' states, ten times a second) keeps its scroll position."""
        new = list(rows)
        if [r.key for r in new] == [r.key for r in self.rows]:
            changed = [i for i, (a, b) in enumerate(zip(self.rows, new, strict=True)) if a != b]
            self.rows = new
            if changed:
                emit(self.dataChanged, self.index(min(changed), 0),
                     self.index(max(changed), len(self.headers) - 1))
            return
        self.beginResetModel()
        self.rows = new
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self.rows[row].key if 0 <= row < len(self.rows) else None

    def text(self, row: int, col: int) -> str:
        return str(self.data(self.index(row, col)) or "")

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if col >= len(row.cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tips[col] if col < len(row.tips) and row.tips[col] else row.cells[col]
        return None


def make_table(model: QAbstractTableModel, name: str) -> QTableView:
    """A read-only row-selecting table with the app's usual look."""
    t = QTableView()
    t.setModel(model)
    t.setAccessibleName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


def selected_key(table: QTableView) -> Any:
    """The key of the selected row of a TextRowsModel table (None: nothing selected)."""
    model = table.model()
    rows = table.selectionModel().selectedRows()
    if not rows or not isinstance(model, TextRowsModel):
        return None
    return model.key(rows[0].row())
