"""One widget per presenter step. Sizes are multiples of the window's (already scaled) font,
so the whole screen grows with the presenter's scale factor."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.presenter import texts
from desktop.presenter.texts import translate
from desktop.texts.labels import band_for, category_short

if TYPE_CHECKING:
    from desktop.presenter.flow import PresenterFlow
    from desktop.scan.worker import ScanOutcome
    from scanners.assessment.linking import Fact, Profile
    from scanners.model import Progress

W = TypeVar("W", bound=QWidget)
CARDS = 6  # people shown on the attacker's view (the most exposed first)
FACTS = 6  # facts per card
PREVIEW = 34  # characters of a fact's preview on a card (a store's summary is long)


_BASE: list[QFont] = []  # the presenter's font (the application's, scaled)


def set_base_font(font: QFont) -> None:
    _BASE[:] = [QFont(font)]


def sized(label: W, factor: float, bold: bool = False) -> W:
    """`label` in the presenter's font times `factor` (set before the label has a parent,
    when it would still have the application's unscaled font)."""
    font = QFont(_BASE[0] if _BASE else label.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    font.setBold(bold)
    label.setFont(font)
    return label


def wrapped(text: str = "", factor: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return sized(label, factor, bold)


class StepPage(QWidget):
    step = ""

    def __init__(self, flow: PresenterFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow

    def enter(self) -> None:
        """Shown: start what this step does the first time (a scan), refresh the view."""

    def advance(self) -> bool:
        """The presenter pressed next: True when this page used the key (it did its action)."""
        return False

    def ready(self) -> bool:
        """Whether next may leave this page."""
        return not self.flow.busy

    def scroll_by(self, lines: int) -> None:
        """Up and Down: a page with more than fits scrolls."""
        area = self.findChild(QScrollArea)
        if area is not None:
            bar = area.verticalScrollBar()
            bar.setValue(bar.value() + lines * bar.singleStep() * 3)


class ScanPage(StepPage):
    """A scan running live: the scanner at work, files read, findings so far."""

    def __init__(self, flow: PresenterFlow, which: str, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.which = which
        self.step = "scan" if which == "before" else "rescan"
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(self.fontMetrics().height())
        self.count = wrapped("", 2.2, bold=True)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = wrapped("", 0.8)
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where.setStyleSheet("color: #555")
        self.status = wrapped("", 1.0)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.count, self.bar, self.where, self.status):
            lay.addWidget(w)
        lay.addStretch(1)
        flow.progress.connect(self._on_progress)
        flow.found.connect(self._on_found)
        flow.scan_done.connect(self._on_done)
        flow.failed.connect(self._on_failed)
        self._show_count(0)

    def outcome(self) -> ScanOutcome | None:
        return self.flow.before if self.which == "before" else self.flow.after

    def enter(self) -> None:
        if self.outcome() is not None or self.flow.busy:
            return
        if self.which == "after" and not self.flow.fixed:
            self.status.setText(translate("Presenter", "Apply the fixes first (step 4)."))
            return
        if self.flow.start_scan(self.which):
            self.bar.setRange(0, 0)  # the walker does not count ahead
            self.status.setText(translate("Presenter", "Scanning…"))

    def ready(self) -> bool:
        return self.outcome() is not None and not self.flow.busy

    def _running_here(self) -> bool:
        return self.flow.busy and self.outcome() is None and self.isVisible()

    def _show_count(self, n: int) -> None:
        self.count.setText(translate("Presenter", "%1 findings").replace("%1", str(n)))

    def _on_found(self, n: int) -> None:
        if self._running_here():
            self._show_count(n)

    def _on_progress(self, p: Progress) -> None:
        if not self._running_here():
            return
        from desktop.texts.labels import scanner_title

        where = scanner_title(p.scanner, p.scanner)
        if p.current:
            where += " · " + texts.short(p.current)
        self.where.setText(where)

    def _on_done(self, which: str) -> None:
        if which != self.which:
            return
        out = self.outcome()
        assert out is not None
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self._show_count(len(out.result.findings))
        self.where.setText("")
        self.status.setText(translate("Presenter", "Done. Press → to go on."))

    def _on_failed(self, message: str) -> None:
        if self.outcome() is None:
            self.bar.setRange(0, 1)
            self.status.setText(translate("Presenter", "The scan failed: %1")
                                .replace("%1", message))


def score_block(out: ScanOutcome | None, title: str, factor: float,
                lines: tuple[str, ...] = ()) -> QFrame:
    """A big score with its band, in its band's colour (and `lines` below it)."""
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    lay = QVBoxLayout(box)
    head = wrapped(title, 1.2, bold=True)
    head.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(head)
    value = out.score.value if out is not None else None
    band = band_for(value, out.score.band if out is not None else None)
    number = sized(QLabel("–" if value is None else str(value)), factor, bold=True)
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    number.setStyleSheet(f"color: {band.colour}")
    number.setObjectName("score")
    word = wrapped(band.word, 1.3, bold=True)
    word.setAlignment(Qt.AlignmentFlag.AlignCenter)
    word.setStyleSheet(f"color: {band.colour}")
    lay.addWidget(number)
    lay.addWidget(word)
    for line in lines:
        extra = wrapped(line, 1.0)
        extra.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(extra)
    return box


def _clear(lay: QVBoxLayout | QGridLayout | QHBoxLayout) -> None:
    while lay.count():
        item = lay.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.deleteLater()


class ScorePage(StepPage):
    step = "score"

    def __init__(self, flow: PresenterFlow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.lay = QVBoxLayout(self)

    def enter(self) -> None:
        _clear(self.lay)
        out = self.flow.before
        row = QHBoxLayout()
        row.addStretch(1)
        block = score_block(out, translate("Presenter", "Exposure index (0-100)"), 5.0)
        block.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        row.addWidget(block)
        row.addStretch(1)
        self.lay.addStretch(1)
        self.lay.addLayout(row)
        if out is not None:
            sentence = wrapped(out.score.sentence(self.flow.language), 1.2)
            sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
            sentence.setObjectName("sentence")
            self.lay.addWidget(sentence)
        self.lay.addStretch(1)


def pick_facts(p: Profile, n: int = FACTS) -> list[Fact]:
    """One fact per kind first (name, ID, phone, card, place, a password…), then the rest:
    a card shows the spread of what is known, not six addresses."""
    first: dict[str, Fact] = {}
    for f in p.facts:
        first.setdefault(f.category, f)
    chosen = list(first.values())[:n]
    chosen += [f for f in p.facts if f not in chosen][: n - len(chosen)]
    return chosen


def _elide(text: str, n: int = PREVIEW) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class PersonCard(QFrame):
    def __init__(self, p: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personCard")
        self.setStyleSheet("#personCard { border: 2px solid #b91c1c; border-radius: 8px;"
                           " background: palette(base); }")
        lay = QVBoxLayout(self)
        lay.setSpacing(2)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(wrapped(p.label, 1.1, bold=True))
        sub = wrapped(translate("Presenter", "%1 facts from %2 sources")
                      .replace("%1", str(len(p.facts))).replace("%2", str(p.sources)), 0.75)
        sub.setStyleSheet("color: #b91c1c")
        lay.addWidget(sub)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        for i, f in enumerate(pick_facts(p)):
            cat = sized(QLabel(category_short(f.category)), 0.7, bold=True)
            value = wrapped(_elide(f.preview), 0.8)
            value.setToolTip(texts.short(f.source))
            grid.addWidget(cat, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, i, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        lay.addStretch(1)


class PeoplePage(StepPage):
    step = "people"

    def __init__(self, flow: PresenterFlow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.summary = wrapped("", 1.1, bold=True)
        outer.addWidget(self.summary)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.area.setWidget(self.inner)
        outer.addWidget(self.area, 1)
        self.cards: list[PersonCard] = []

    def enter(self) -> None:
        _clear(self.grid)
        people = self.flow.people_before
        linked = self.flow.linked(people)
        self.summary.setText(translate("Presenter", "%1 people linked up across files, "
                                                    "browsers and the phone")
                             .replace("%1", str(len(linked))))
        self.cards = [PersonCard(p) for p in people[:CARDS]]
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // 3, i % 3)
        for c in range(3):
            self.grid.setColumnStretch(c, 1)


def plan_rows(flow: PresenterFlow) -> list[tuple[str, str, str]]:
    """The plan by kind: (kind, the fix, what it does); files and grants of one kind are one
    row (the class reads eight rows, not thirty)."""
    by_kind: dict[str, list[object]] = {}
    for step in flow.plan:
        by_kind.setdefault(step.kind, []).append(step)
    rows = []
    for kind, steps in by_kind.items():
        first = steps[0]
        d = getattr(first, "finding", None)
        detail = d.detail if d is not None else {}
        if kind in ("vault", "restrict") and len(steps) > 1:
            names = [texts.short(getattr(s, "target", "")) for s in steps]
            label = translate("Presenter", "%1 files").replace("%1", str(len(steps)))
            title, does = texts.fix_words(kind, label)
            title = texts.aside(title, _elide(texts.listed(names), 60))
        elif kind in ("revoke", "flatpak"):
            perms = texts.listed(list(dict.fromkeys(
                str(getattr(s, "finding").detail.get("permission", ""))  # noqa: B009
                for s in steps if getattr(s, "finding", None) is not None)))
            apps = texts.listed(list(dict.fromkeys(
                str(getattr(s, "finding").detail.get("app", ""))  # noqa: B009
                for s in steps if getattr(s, "finding", None) is not None)))
            title, does = texts.fix_words(kind, "", perms, apps)
        else:
            title, does = texts.fix_words(kind, str(getattr(first, "target", "")),
                                          str(detail.get("permission", "")),
                                          str(detail.get("app", "")))
        rows.append((kind, title, does))
    return rows


class FixesPage(StepPage):
    step = "fixes"

    def __init__(self, flow: PresenterFlow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.lay = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.grid.setVerticalSpacing(4)
        self.lay.addLayout(self.grid)
        self.lay.addStretch(1)
        self.status = wrapped("", 1.0, bold=True)
        self.lay.addWidget(self.status)
        self.marks: dict[str, QLabel] = {}
        flow.fixes_done.connect(self.enter)
        flow.failed.connect(self._on_failed)

    def enter(self) -> None:
        _clear(self.grid)
        self.marks = {}
        outcome: dict[str, bool] = {}
        for r in self.flow.results:
            outcome[r.step.kind] = outcome.get(r.step.kind, True) and r.done
        for i, (kind, title, does) in enumerate(plan_rows(self.flow)):
            mark = sized(QLabel("·"), 1.2, bold=True)
            if kind in outcome:
                mark.setText("✓" if outcome[kind] else "✕")
                mark.setStyleSheet("color: #2e7d32" if outcome[kind] else "color: #b91c1c")
            self.marks[kind] = mark
            self.grid.addWidget(mark, i, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(wrapped(title, 0.95, bold=True), i, 1)
            hint = wrapped(does, 0.8)
            hint.setStyleSheet("color: #555")
            self.grid.addWidget(hint, i, 2)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        if self.flow.fixed:
            done = sum(1 for r in self.flow.results if r.done)
            self.status.setText(translate("Presenter", "%1 of %2 fixes applied. Press → to "
                                                       "scan again.")
                                .replace("%1", str(done))
                                .replace("%2", str(len(self.flow.results))))
        elif self.flow.busy:
            self.status.setText(translate("Presenter", "Applying the fixes…"))
        else:
            self.status.setText(translate("Presenter", "%1 fixes. Press → to apply them.")
                                .replace("%1", str(len(self.flow.plan))))

    def advance(self) -> bool:
        if self.flow.fixed or self.flow.busy:
            return False
        if self.flow.apply_fixes():
            self.status.setText(translate("Presenter", "Applying the fixes…"))
            return True
        return False

    def ready(self) -> bool:
        return self.flow.fixed and not self.flow.busy

    def _on_failed(self, message: str) -> None:
        if not self.flow.fixed:
            self.status.setText(translate("Presenter", "The fixes failed: %1")
                                .replace("%1", message))


class ComparePage(StepPage):
    step = "compare"

    def __init__(self, flow: PresenterFlow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.lay = QVBoxLayout(self)
        self.body = QVBoxLayout()
        self.lay.addLayout(self.body, 1)
        bottom = QHBoxLayout()
        self.export = sized(QPushButton(translate("Presenter", "Export handout")), 0.9)
        self.export.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.saved = wrapped("", 0.8)
        bottom.addWidget(self.export)
        bottom.addWidget(self.saved, 1)
        self.lay.addLayout(bottom)

    def enter(self) -> None:
        _clear(self.body)
        f = self.flow
        row = QHBoxLayout()
        row.addStretch(1)
        for out, people, title in ((f.before, f.people_before, translate("Presenter", "Before")),
                                   (f.after, f.people_after, translate("Presenter", "After"))):
            found = len(out.result.findings) if out is not None else 0
            lines = (translate("Presenter", "%1 findings").replace("%1", str(found)),
                     translate("Presenter", "%1 people linked up")
                     .replace("%1", str(len(f.linked(people)))))
            row.addWidget(score_block(out, title, 4.0, lines), 3)
            if out is f.before:
                row.addWidget(sized(QLabel("→"), 4.0, bold=True))
        row.addStretch(1)
        self.body.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)
