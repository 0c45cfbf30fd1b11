"""The presenter window: one step per screen, large type, driven from the keyboard.

    Right, Space, PageDown   next (a step with an action, the fixes, does it first)
    Left, PageUp             back
    Down, Up                 scroll a page longer than the screen (the people)
    F11                      full screen; Esc leaves it

The window's font is the application's times SCALE (readable from the back of a room);
every size on the pages is a multiple of it. Nothing here opens a dialog: the handout is
written into the sandbox's folder and its path shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.presenter import texts
from desktop.presenter.flow import PresenterFlow
from desktop.presenter.pages import (
    ComparePage,
    FixesPage,
    PeoplePage,
    ScanPage,
    ScorePage,
    StepPage,
    set_base_font,
    sized,
    wrapped,
)
from desktop.presenter.texts import translate
from desktop.widgets.qt_compat import emit
from scanners.demo.sandbox import Sandbox

SCALE = 1.6
SIZE = (1600, 900)
HANDOUT = "piaudit-handout.html"
NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown)
BACK_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


class PresenterWindow(QWidget):
    step_changed = Signal(str)

    def __init__(self, box: Sandbox, language: str = "en", scale: float = SCALE,
                 flow: PresenterFlow | None = None) -> None:
        super().__init__()
        self.box = box
        self.flow = flow or PresenterFlow(box, parent=self)
        self.flow.language = language
        base = QFont(QApplication.font())
        base.setPointSizeF(base.pointSizeF() * scale)
        self.setFont(base)
        set_base_font(base)
        self.setWindowTitle(translate("Presenter", "piaudit training: %1")
                            .replace("%1", box.root.name))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(*SIZE)
        lay = QVBoxLayout(self)
        m = self.fontMetrics().height()
        lay.setContentsMargins(m, m // 2, m, m // 2)
        self.title = wrapped("", 1.6, bold=True)
        self.caption = wrapped("", 0.9)
        self.caption.setStyleSheet("color: #444")
        lay.addWidget(self.title)
        lay.addWidget(self.caption)
        self.stack = QStackedWidget()
        self.compare = ComparePage(self.flow)
        self.pages: list[StepPage] = [
            ScanPage(self.flow, "before"), ScorePage(self.flow), PeoplePage(self.flow),
            FixesPage(self.flow), ScanPage(self.flow, "after"), self.compare]
        for page in self.pages:
            self.stack.addWidget(page)
        lay.addWidget(self.stack, 1)
        self.case = QFrame()
        self.case.setObjectName("caseBox")
        self.case.setStyleSheet("#caseBox { background: #fff7e6; border-left: 6px solid "
                                "#c2410c; }")
        case_lay = QVBoxLayout(self.case)
        self.case_title = wrapped("", 0.9, bold=True)
        self.case_text = wrapped("", 0.8)
        case_lay.addWidget(self.case_title)
        case_lay.addWidget(self.case_text)
        lay.addWidget(self.case)
        foot = QHBoxLayout()
        self.dots = sized(QLabel(), 0.8, bold=True)
        self.hint = sized(QLabel(translate("Presenter", "→ next   ← back   F11 full screen")),
                          0.7)
        self.hint.setStyleSheet("color: #777")
        foot.addWidget(self.dots)
        foot.addStretch(1)
        foot.addWidget(self.hint)
        lay.addLayout(foot)
        self.compare.export.clicked.connect(self.export_handout)
        self.flow.busy_changed.connect(self._refresh_dots)
        self.flow.scan_done.connect(self._refresh_dots)
        self.index = -1
        self.go(0)

    # ---- steps

    @property
    def step(self) -> str:
        return texts.STEPS[self.index]

    @property
    def page(self) -> StepPage:
        return self.pages[self.index]

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        if index == self.index:
            return
        self.index = index
        step = texts.STEPS[index]
        self.title.setText(texts.step_title(step))
        self.caption.setText(texts.step_caption(step))
        case = texts.cases()[texts.STEP_CASE[step]]
        self.case_title.setText(case.title)
        self.case_text.setText(texts.sentences(case.story, case.lesson))
        self.stack.setCurrentIndex(index)
        self.page.enter()
        self._refresh_dots()
        emit(self.step_changed, step)

    def next(self) -> None:
        if self.page.advance():
            self._refresh_dots()
            return
        if self.page.ready():
            self.go(self.index + 1)

    def back(self) -> None:
        self.go(self.index - 1)

    def _refresh_dots(self, *_args: object) -> None:
        marks = []
        for i in range(len(self.pages)):
            marks.append(f"[{i + 1}]" if i == self.index else str(i + 1))
        wait = self.flow.busy or not self.page.ready()
        self.dots.setText("  ".join(marks) + ("   …" if wait else "   →"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.back()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.page.scroll_by(1 if key == Qt.Key.Key_Down else -1)
        elif key == Qt.Key.Key_F11:
            self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)
        elif key == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ---- handout

    def export_handout(self, path: Path | None = None) -> Path:
        """The session as one HTML page (in the sandbox's folder unless told otherwise)."""
        from desktop.presenter.handout import write_handout

        target = Path(path) if path else self.box.root / HANDOUT
        write_handout(self.flow, target)
        self.compare.saved.setText(translate("Presenter", "Handout saved: %1")
                                   .replace("%1", str(target)))
        return target

    def cancel_scan(self) -> None:
        """Stop a running scan (on quit, SIGTERM: desktop.app._quit_on_signal)."""
        self.flow.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flow.cancel()
        self.flow.wait(10)
        super().closeEvent(event)
