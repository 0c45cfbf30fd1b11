"""The Dashboard: exposure index gauge, per-category bars, trend, top five risks."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import services
from desktop.dashboard.areas import ACTION, COLOURS, AreaStatus
from desktop.dashboard.charts import CategoryBars, ScoreGauge, TrendChart
from desktop.texts.labels import (
    area_state_word,
    band_for,
    category_name,
    category_short,
    pretty_path,
)
from desktop.texts.rule_names import finding_summary
from desktop.widgets.breakable import WrappingLabel
from desktop.widgets.elided_label import ElidedLabel
from desktop.widgets.flow_layout import FlowLayout
from desktop.widgets.qt_compat import emit
from scanners.model import Category, Finding


@dataclass(slots=True)
class DashboardData:
    value: int | None = None
    band: str | None = None
    # cat, share of the index (the shares add up to it), distinct values
    parts: list[tuple[str, float, int]] = field(default_factory=list)
    sentence: str = ""  # why this score, in one sentence (scoring.Score.sentence)
    contributions: list[tuple[str, int]] = field(default_factory=list)  # location, +points
    last_audit: str = ""  # local time, formatted
    previous: int | None = None  # index of the audit before, for the change sentence
    trend: list[tuple[str, int]] = field(default_factory=list)
    top: list[Finding] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    findings: int = 0
    # False for a cancelled, failed or largely unreadable audit: no band, no "nothing to do",
    # no comparison with the audit before; `incomplete` says what was not covered.
    complete: bool = True
    incomplete: list[str] = field(default_factory=list)
    areas: list[AreaStatus] = field(default_factory=list)  # fine / act / could not look


def top_risks(findings: Sequence[Finding], n: int = 5, score: object = None) -> list[Finding]:
    """The n findings that add most to the index (the score's own ranking when it has one)."""
    top = getattr(score, "top", None)
    if top:
        by_key = {(f.fingerprint, f.location): f for f in findings}
        picked: list[Finding] = []
        seen: set[str] = set()
        for c in top:
            f = by_key.get((c.fingerprint, c.location))
            if f is not None and f.location not in seen:
                picked.append(f)
                seen.add(f.location)
            if len(picked) == n:
                return picked
        if picked:
            return picked
    from scanners.assessment.scoring import Weights

    try:
        w = Weights.load()
    except (OSError, KeyError, ValueError):
        return list(findings[:n])

    def weight(f: Finding) -> float:
        return (w.category.get(str(f.category), 1.0) * w.severity.get(f.severity.label, 1.0)
                * f.confidence)

    best: dict[str, tuple[float, Finding]] = {}
    for f in findings:
        pts = weight(f)
        old = best.get(f.location)
        if old is None or pts > old[0]:
            best[f.location] = (pts, f)
    ranked = sorted(best.values(), key=lambda t: t[0], reverse=True)
    return [f for _, f in ranked[:n]]


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 12, 16, 14)
        self.box.setSpacing(8)
        head = QLabel(title)
        head.setObjectName("cardTitle")
        head.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.box.addWidget(head)


class Dashboard(QScrollArea):
    """Scrolls down only: every card wraps or shortens its text to the window's width."""

    scan_requested = Signal()
    open_category = Signal(str)
    open_finding = Signal(object)  # Finding
    open_area = Signal(str)  # an area's key (desktop.dashboard.areas)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(16, 12, 16, 16)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        grid.addLayout(self._build_head(), 0, 0, 1, 2)
        grid.addWidget(self._build_score_card(), 1, 0)
        grid.addWidget(self._build_areas_card(), 1, 1)

        cat_card = Card(self.tr("By category"))
        self.bars = CategoryBars()
        self.cat_buttons = FlowLayout(spacing=4)  # wraps instead of widening the card
        self.no_cats = QLabel()
        self.no_cats.setWordWrap(True)
        cat_card.box.addWidget(self.bars)
        cat_card.box.addWidget(self.no_cats)
        cat_card.box.addLayout(self.cat_buttons)
        cat_card.box.addStretch(1)
        grid.addWidget(cat_card, 2, 0)

        top_card = Card(self.tr("Fix these first"))
        self.top_box = QVBoxLayout()
        self.top_box.setSpacing(10)
        top_card.box.addLayout(self.top_box)
        top_card.box.addStretch(1)
        grid.addWidget(top_card, 2, 1)

        trend_card = Card(self.tr("Trend over past audits"))
        self.trend = TrendChart()
        trend_card.box.addWidget(self.trend, 1)
        grid.addWidget(trend_card, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        self.setWidget(body)
        self._top_widgets: list[QWidget] = []
        self._area_widgets: list[QWidget] = []
        self.area_buttons: dict[str, QPushButton] = {}
        self.set_data(DashboardData())

    def _build_head(self) -> QHBoxLayout:
        title = QLabel(self.tr("Dashboard"))
        title.setObjectName("pageTitle")
        self.scan_btn = QPushButton(self.tr("Scan now"))
        self.scan_btn.setObjectName("primary")
        self.scan_btn.setToolTip(self.tr("Start a scan (Ctrl+R)"))
        self.scan_btn.clicked.connect(self.scan_requested)
        self.last = ElidedLabel(min_chars=10)  # shortened with "…", whole in its tooltip
        self.last.setObjectName("muted")
        self.last.setAlignment(Qt.AlignmentFlag.AlignRight)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.last, 1)
        head.addWidget(self.scan_btn)
        return head

    def _build_score_card(self) -> Card:
        score_card = Card(self.tr("Exposure index"))
        self.gauge = ScoreGauge()
        # the band's mark and word once, under the gauge (never drawn over the arc)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.lower_label = QLabel(self.tr("0–100 · lower is better"))
        self.lower_label.setObjectName("muted")
        self.lower_label.setWordWrap(True)
        self.lower_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.change = QLabel()
        self.change.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.change.setWordWrap(True)
        # why this score: the sentence first, then the files whose shares add up to it
        self.why = WrappingLabel()
        self.why.setObjectName("why")
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.why.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.why.setMinimumWidth(self.why.fontMetrics().averageCharWidth() * 12)
        score_card.box.addWidget(self.gauge, 1)
        for w in (self.meaning, self.why, self.lower_label, self.change):
            score_card.box.addWidget(w)
        return score_card

    def _build_areas_card(self) -> Card:
        """A row per area: ✓ nothing to act on, ✕ n to act on (Show), ? could not look."""
        card = Card(self.tr("What was looked at"))
        self.areas_grid = QGridLayout()
        self.areas_grid.setHorizontalSpacing(8)
        self.areas_grid.setVerticalSpacing(6)
        self.areas_grid.setColumnStretch(2, 1)
        card.box.addLayout(self.areas_grid)
        card.box.addStretch(1)
        self.areas_card = card
        return card

    def set_data(self, d: DashboardData) -> None:
        shown_band = d.band if d.complete else "incomplete"
        band = band_for(d.value, shown_band)
        self.gauge.set_score(d.value, shown_band)
        self.meaning.setText(f"<b style='color:{band.colour}'>{band.symbol} {_esc(band.word)}</b>"
                             f" — {_esc(band.meaning)}")
        if not d.complete:
            d.previous = None  # never "since the last audit" for an incomplete one
        self.last.setText(self.tr("Last audit: %1").replace("%1", d.last_audit)
                          if d.last_audit else self.tr("No audit yet"))
        if d.value is not None and d.previous is not None:
            delta = d.value - d.previous
            if delta < 0:
                self.change.setText(self.tr("Down %1 since the last audit ↓")
                                    .replace("%1", str(-delta)))
            elif delta > 0:
                self.change.setText(self.tr("Up %1 since the last audit ↑")
                                    .replace("%1", str(delta)))
            else:
                self.change.setText(self.tr("Unchanged since the last audit"))
        else:
            self.change.setText("")
        self._set_why(d)
        total = sum(p for _, p, _ in d.parts) or 1.0
        accent = QColor("#2563b0")  # one colour: the bars show shares, the gauge shows bands
        rows = []
        for cat, points, distinct in d.parts:
            # each category's points of the index: the bars' numbers add up to the gauge's
            text = self.tr("+%1 of %2 · %3 distinct").replace("%1", str(round(points))) \
                .replace("%2", str(d.value if d.value is not None else "–")) \
                .replace("%3", str(distinct))
            rows.append((category_short(Category(cat)), points / total, text, accent))
        self.bars.set_rows(rows)
        self.bars.setVisible(bool(rows))
        while self.cat_buttons.count():
            item = self.cat_buttons.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for cat, _, _ in d.parts[:4]:
            b = QPushButton(self.tr("Show %1").replace("%1", category_short(Category(cat))))
            b.setObjectName("link")
            b.setAccessibleName(self.tr("Show the findings of %1").replace(
                "%1", category_name(Category(cat))))
            b.clicked.connect(functools.partial(emit, self.open_category, cat))
            self.cat_buttons.addWidget(b)
        if d.value is None:
            self.no_cats.setText(self.tr("Run a scan to see where your personal data is"
                                         " exposed."))
        elif not d.complete:  # the reasons are under the gauge: said once
            self.no_cats.setText(self.tr("Shares of what was read; an incomplete audit is"
                                         " not a verdict.") if rows else
                                 self.tr("Nothing found in what was read; an incomplete"
                                         " audit is not a verdict."))
        elif not rows:
            scope = ", ".join(d.scope) if d.scope else ""
            self.no_cats.setText(self.tr("No exposure found within the scanned scope: %1")
                                 .replace("%1", scope))
        self.no_cats.setVisible(not rows or not d.complete)
        self.trend.set_points(d.trend)
        self._set_top(d.top)
        self._set_areas(d.areas)

    def _set_areas(self, areas: Sequence[AreaStatus]) -> None:
        for w in self._area_widgets:
            w.deleteLater()
        self._area_widgets = []
        self.area_buttons = {}
        self.areas_card.setVisible(bool(areas))
        for row, a in enumerate(areas):
            mark = QLabel(f"<b style='color:{COLOURS[a.state]}'>{a.mark}</b>")
            mark.setAccessibleName(area_state_word(a.state))
            name = QLabel(f"<b>{_esc(a.name)}</b>")
            text = QLabel(_esc(a.sentence()))
            text.setWordWrap(True)
            text.setObjectName("muted" if a.state != ACTION else "")
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            text.setMinimumWidth(text.fontMetrics().averageCharWidth() * 10)
            widgets: list[QWidget] = [mark, name, text]
            self.areas_grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.areas_grid.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            self.areas_grid.addWidget(text, row, 2, Qt.AlignmentFlag.AlignTop)
            if a.state == ACTION:
                b = QPushButton(self.tr("Show"))
                b.setObjectName("link")
                b.setAccessibleName(self.tr("Show the findings of %1").replace("%1", a.name))
                b.clicked.connect(functools.partial(emit, self.open_area, a.key))
                self.areas_grid.addWidget(b, row, 3, Qt.AlignmentFlag.AlignTop)
                self.area_buttons[a.key] = b
                widgets.append(b)
            self._area_widgets += widgets

    def _set_why(self, d: DashboardData) -> None:
        if not d.complete:
            # what was read says nothing of what was not: the reasons, never "nothing found"
            reasons = "; ".join(d.incomplete) or self.tr("not everything was read")
            text = self.tr("This audit is incomplete: %1").replace("%1", reasons)
            self.why.setText(f"<b>{_esc(text)}</b>")
            self.why.setVisible(True)
            return
        lines = [f"<b>{_esc(d.sentence)}</b>"] if d.sentence else []
        if d.contributions and d.value is not None:
            shown = sum(n for _, n in d.contributions)
            parts = [f"+{n} {_esc(_short_path(pretty_path(loc), 36))}"
                     for loc, n in d.contributions]
            if d.value > shown:
                parts.append(self.tr("+%1 elsewhere").replace("%1", str(d.value - shown)))
            lines.append(" · ".join(parts) + f" = {d.value}")
        self.why.setText("<br>".join(lines))
        self.why.setVisible(bool(lines))

    def _set_top(self, top: Sequence[Finding]) -> None:
        for w in self._top_widgets:
            w.deleteLater()
        self._top_widgets = []
        if not top:
            empty = QLabel(self.tr("Nothing to fix yet."))
            empty.setObjectName("muted")
            self.top_box.addWidget(empty)
            self._top_widgets.append(empty)
            return
        for i, f in enumerate(top, 1):
            row = QFrame()
            row.setObjectName("riskRow")
            lay = QGridLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setHorizontalSpacing(10)
            lay.setVerticalSpacing(2)
            title = QLabel(f"<b>{i}. {_esc(category_name(f.category))}</b> · "
                           f"<code>{_esc(finding_summary(f))}</code>")
            title.setWordWrap(True)
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            title.setMinimumWidth(title.fontMetrics().averageCharWidth() * 12)
            # the file name stays visible: "…" replaces the start of a long path
            where = ElidedLabel(pretty_path(f.location), elide=Qt.TextElideMode.ElideLeft)
            where.setObjectName("muted")
            where.set_tip(f.location)
            advice = QLabel(services.advice_line(f))
            advice.setWordWrap(True)
            advice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            advice.setMinimumWidth(advice.fontMetrics().averageCharWidth() * 12)
            btn = QPushButton(self.tr("Show"))
            btn.setAccessibleName(self.tr("Act on risk %1").replace("%1", str(i)))
            btn.clicked.connect(functools.partial(emit, self.open_finding, f))
            lay.addWidget(title, 0, 0)
            lay.addWidget(btn, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            lay.addWidget(where, 1, 0)
            lay.addWidget(advice, 2, 0, 1, 2)
            lay.setColumnStretch(0, 1)
            self.top_box.addWidget(row)
            self._top_widgets.append(row)


def _short_path(path: str, limit: int = 70) -> str:
    return path if len(path) <= limit else "…" + path[-(limit - 1):]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
