"""Small QPainter charts (QtCharts is not in PySide6-Essentials): gauge, bars, trend."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.texts.labels import Band, band_for


def _muted(widget: QWidget) -> QColor:
    c = widget.palette().color(QPalette.ColorRole.WindowText)
    c.setAlphaF(0.6)
    return c


class ScoreGauge(QWidget):
    """A 240° arc filled to the exposure index, in the band's colour. The band's word is the
    label under it (Dashboard.meaning): drawn here too it said the same thing twice and, in
    longer words, ran over the arc's ends."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value: int | None = None
        self.band: Band = band_for(None)
        self.setMinimumSize(200, 170)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._update_accessible()

    def set_score(self, value: int | None, band: str | None = None) -> None:
        self.value = value
        self.band = band_for(value, band)
        self._update_accessible()
        self.update()

    def _update_accessible(self) -> None:
        self.setAccessibleName(self.tr("Exposure index"))
        if self.value is None:
            self.setAccessibleDescription(self.band.word)
        else:
            self.setAccessibleDescription(
                self.tr("%1 out of 100, %2: %3").replace("%1", str(self.value))
                .replace("%2", self.band.word).replace("%3", self.band.meaning))

    def sizeHint(self) -> QSize:
        return QSize(240, 200)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height() * 1.15) - 16
        rect = QRectF((self.width() - side) / 2, 8, side, side)
        thick = max(10.0, side * 0.09)
        track = QColor(_muted(self))
        track.setAlphaF(0.15)
        pen = QPen(track, thick, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        inner = rect.adjusted(thick / 2, thick / 2, -thick / 2, -thick / 2)
        p.drawArc(inner, 210 * 16, -240 * 16)
        if self.value is not None:
            pen.setColor(self.band.qcolor)
            p.setPen(pen)
            p.drawArc(inner, 210 * 16, int(-240 * 16 * max(self.value, 1) / 100))
        text = self.palette().color(QPalette.ColorRole.WindowText)
        p.setPen(text)
        f = QFont(self.font())
        f.setPixelSize(int(side * 0.26))
        f.setBold(True)
        p.setFont(f)
        centre = inner.center()
        big = "–" if self.value is None else str(self.value)
        p.drawText(QRectF(inner.left(), centre.y() - side * 0.22, inner.width(), side * 0.3),
                   Qt.AlignmentFlag.AlignCenter, big)
        f.setPixelSize(max(11, int(side * 0.07)))
        f.setBold(False)
        p.setFont(f)
        p.setPen(_muted(self))
        p.drawText(QRectF(inner.left(), centre.y() + side * 0.06, inner.width(), side * 0.1),
                   Qt.AlignmentFlag.AlignCenter, "/100")
        p.end()


class CategoryBars(QWidget):
    """One horizontal bar per category: its share of the index, with the count as text. When
    the label, the bar and the text do not fit on one line, the text goes above the bar."""

    ROW = 26
    STACKED_ROW = 42

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, float, str, QColor]] = []  # label, fraction, text, colour
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self.tr("Exposure by category"))

    def set_rows(self, rows: Sequence[tuple[str, float, str, QColor]]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription("; ".join(f"{r[0]}: {r[2]}" for r in self.rows))
        self.updateGeometry()
        self.update()

    def _widths(self) -> tuple[int, int]:
        fm = self.fontMetrics()
        label_w = max([fm.horizontalAdvance(r[0]) for r in self.rows] + [60]) + 12
        text_w = max([fm.horizontalAdvance(r[2]) for r in self.rows] + [40]) + 10
        return label_w, text_w

    def stacked(self, width: int) -> bool:
        label_w, text_w = self._widths()
        return width < label_w + text_w + 80

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        row = self.STACKED_ROW if self.stacked(width) else self.ROW
        return max(30, row * len(self.rows) + 8)

    def sizeHint(self) -> QSize:
        label_w, text_w = self._widths()
        return QSize(label_w + text_w + 160, self.heightForWidth(label_w + text_w + 160))

    def minimumSizeHint(self) -> QSize:
        label_w, text_w = self._widths()
        width = max(label_w, text_w) + 20
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w, text_w = self._widths()
        stacked = self.stacked(self.width())
        track = QColor(_muted(self))
        track.setAlphaF(0.12)
        for i, (label, frac, text, colour) in enumerate(self.rows):
            if stacked:  # label and text on a line, the bar under them, full width
                y = 4 + i * self.STACKED_ROW
                p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                p.drawText(QRectF(0, y, self.width(), 20),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
                p.setPen(_muted(self))
                p.drawText(QRectF(0, y, self.width(), 20),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
                bar = QRectF(0, y + 22, self.width(), 12)
            else:
                y = 4 + i * self.ROW
                bar_w = max(40, self.width() - label_w - text_w - 8)
                p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                p.drawText(QRectF(0, y, label_w - 8, 20),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
                p.setPen(_muted(self))
                p.drawText(QRectF(label_w + bar_w + 8, y, text_w, 20),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                bar = QRectF(label_w, y + 4, bar_w, 12)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(bar, 4, 4)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(bar.left(), bar.top(), max(4.0, bar.width() * min(frac, 1.0)),
                                     bar.height()), 4, 4)
        p.end()


class TrendChart(QWidget):
    """The index over past audits (oldest left); band zones behind the line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, int]] = []  # (short date, value)
        self.setMinimumHeight(150)
        self.setAccessibleName(self.tr("Exposure index over past audits"))

    def set_points(self, points: Sequence[tuple[str, int]]) -> None:
        self.points = list(points)[-20:]
        self.setAccessibleDescription(", ".join(f"{d}: {v}" for d, v in self.points))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 170)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        left, right, top, bottom = fm.horizontalAdvance("100") + 10, 10, 8, fm.height() + 8
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        for lo, hi, key in ((0, 25, "low"), (25, 50, "moderate"), (50, 75, "high"),
                            (75, 100, "severe")):
            c = QColor(band_for(lo).colour if key else "#888")
            c.setAlphaF(0.07)
            y1 = plot.bottom() - plot.height() * hi / 100
            p.fillRect(QRectF(plot.left(), y1, plot.width(), plot.height() * (hi - lo) / 100), c)
        p.setPen(_muted(self))
        for v in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * v / 100
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(v))
        if not self.points:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                       self.tr("The trend appears after your first audits."))
            p.end()
            return
        n = len(self.points)
        step = plot.width() / max(n - 1, 1)
        pts = [QPointF(plot.left() + (i * step if n > 1 else plot.width() / 2),
                       plot.bottom() - plot.height() * v / 100)
               for i, (_, v) in enumerate(self.points)]
        path = QPainterPath(pts[0])
        for q in pts[1:]:
            path.lineTo(q)
        line = self.palette().color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(line, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        every = max(1, n // 6)
        for i, (q, (label, v)) in enumerate(zip(pts, self.points, strict=True)):
            p.setBrush(band_for(v).qcolor)
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1.5))
            p.drawEllipse(q, 4.5, 4.5)
            if i % every == 0 or i == n - 1:
                p.setPen(_muted(self))
                w = fm.horizontalAdvance(label) + 4
                x = min(max(q.x() - w / 2, 0), self.width() - w)
                p.drawText(QRectF(x, plot.bottom() + 4, w, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, label)
        p.end()
