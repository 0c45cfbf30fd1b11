"""A one-line label that shortens its text with "…" to the width it is given, and then shows
the whole text as its tooltip: a long path or date never widens a page (sideways scrolling)
nor is cut off without a sign."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Plain text on one line; `elide` says where the "…" goes (paths: at the start, so the
    file name stays visible). `full_text()` is the text before shortening."""

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
                 min_chars: int = 8) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""  # a tooltip the caller set, kept when the text fits
        self._mode = elide
        self._min_chars = min_chars
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)  # text() and screen readers get the whole text
        self._refresh()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def set_tip(self, tip: str) -> None:
        """A tooltip of its own (the full text replaces it only while shortened)."""
        self._tip = tip
        self._refresh()

    def is_elided(self) -> bool:
        return self.shown_text() != self._full

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self._full, self._mode, max(0, self.width()))

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance(self._full) + 2, fm.height())

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(min(fm.horizontalAdvance(self._full) + 2,
                         fm.averageCharWidth() * self._min_chars), fm.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh()

    def _refresh(self) -> None:
        elided = self.is_elided()
        super().setToolTip(self._full if elided else self._tip)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        p.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                   self.fontMetrics().elidedText(self._full, self._mode, rect.width()))
        p.end()
