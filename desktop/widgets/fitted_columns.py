"""Table columns that fit their view: low-priority columns step aside when the window is
narrow, so a table never scrolls sideways (the stretch column keeps a readable width and
elides the rest; a hidden column's facts stay in the detail pane)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView


class FittedColumns(QObject):
    """Watch `table`'s viewport; on every resize show the columns that fit.

    `widths`: each fixed column's preferred width; `stretch`: the column that takes the
    rest and needs at least `stretch_min`; `drop_order`: the columns hidden first when space
    runs out (the others always stay, shrunk in proportion if need be).
    """

    def __init__(self, table: QTableView, widths: dict[int, int], stretch: int,
                 drop_order: Sequence[int], stretch_min: int = 160) -> None:
        super().__init__(table)
        self._table = table
        self._widths = dict(widths)
        self._stretch = stretch
        self._drop = tuple(drop_order)
        self._stretch_min = stretch_min
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def hidden(self) -> tuple[int, ...]:
        return tuple(c for c in self._widths if self._table.isColumnHidden(c))

    def fit(self) -> None:
        room = self._table.viewport().width() - self._stretch_min
        shown = dict(self._widths)
        for col in self._drop:
            if sum(shown.values()) <= room:
                break
            shown.pop(col, None)
        total = sum(shown.values())
        scale = min(1.0, max(room, 1) / total) if total else 1.0
        for col, width in self._widths.items():
            self._table.setColumnHidden(col, col not in shown)
            if col in shown:
                self._table.setColumnWidth(col, max(40, int(width * scale)))
        self._table.setColumnHidden(self._stretch, False)
