"""The detail of one finding: masked value and context, why it scored, advice, actions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import services
from desktop.findings import action_words
from desktop.findings.sources import fact_rows, is_inventory, section_name, section_of
from desktop.texts.fact_names import example_words
from desktop.texts.labels import SEVERITY_COLOURS, category_name, pretty_path, severity_name
from desktop.texts.rule_names import finding_summary, rule_info, rule_title
from desktop.widgets.breakable import WrappingLabel
from desktop.widgets.flow_layout import FlowLayout
from desktop.widgets.qt_compat import emit
from scanners.model import NAMING_FACTS, Finding, kind_name


class DetailPane(QScrollArea):
    """Shows the selected finding; `acted` is emitted after a confirmed action ran."""

    acted = Signal(str, str, str)  # action id, location, outcome

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # the text wraps to the pane's width instead of scrolling sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Finding details"))
        self.finding: Finding | None = None
        body = QWidget()
        self.box = QVBoxLayout(body)
        self.box.setContentsMargins(12, 8, 12, 8)
        self.box.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        # long paths, URIs and commands wrap at the pane's width instead of widening it
        self.fields = WrappingLabel()
        self.fields.setWordWrap(True)
        self.fields.setTextFormat(Qt.TextFormat.RichText)
        self.why_head = QLabel(self.tr("Why it scored"))
        self.why_head.setContentsMargins(0, 0, 0, 0)
        self.why_head.setObjectName("sectionTitle")
        self.why = WrappingLabel()
        self.why.setWordWrap(True)
        self.advice_head = QLabel(self.tr("What to do"))
        self.advice_head.setObjectName("sectionTitle")
        self.advice = WrappingLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        # the action buttons wrap onto a second line rather than widen the pane
        self.action_row = FlowLayout(spacing=6)
        self.open_btn = QPushButton(self.tr("Open folder"))
        self.open_btn.setAccessibleName(self.tr("Open the folder that holds this file"))
        self.open_btn.clicked.connect(self._open_folder)
        self.copy_btn = QPushButton(self.tr("Copy location"))
        self.copy_btn.clicked.connect(self._copy_location)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        # (ledger, scan id, access facts by location) of the audit shown; set by the window
        self.context: Callable[[], tuple[Any, int | None, dict[str, Any]]] | None = None
        self.empty = QLabel(self.tr("Select a finding to see where it is, why it matters and"
                                    " what to do about it."))
        self.empty.setWordWrap(True)
        # two columns: where and what on the left, why and what to do on the right
        left, right = QVBoxLayout(), QVBoxLayout()
        for w in (self.empty, self.title, self.fields):
            left.addWidget(w)
        left.addStretch(1)
        for w in (self.why_head, self.why, self.advice_head, self.advice):
            right.addWidget(w)
        right.addLayout(self.action_row)
        right.addWidget(self.done_label)
        right.addStretch(1)
        # side by side when the pane is wide, one under the other when it is narrow: a
        # column is never squeezed until "Why it scored" or the advice is cut
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(24)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        self.box.addLayout(self.columns)
        for w in (self.why_head, self.advice_head):
            w.setWordWrap(True)
        self.setWidget(body)
        self._dynamic: list[QPushButton] = []
        self.show_finding(None)

    TWO_COLUMNS_EM = 52  # below this width (in average characters) one column

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.viewport().width() >= self.fontMetrics().averageCharWidth() * \
            self.TWO_COLUMNS_EM
        direction = (QBoxLayout.Direction.LeftToRight if wide
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def show_finding(self, f: Finding | None) -> None:
        self.finding = f
        for w in (self.title, self.fields, self.why_head, self.why, self.advice_head,
                  self.advice, self.open_btn, self.copy_btn):
            w.setVisible(f is not None)
        self.empty.setVisible(f is None)
        for b in self._dynamic:
            b.deleteLater()
        self._dynamic = []
        while self.action_row.count():
            self.action_row.takeAt(0)
        if f is None:
            return
        colour = SEVERITY_COLOURS[f.severity]
        self.title.setText(f"<b>{category_name(f.category)}</b> · "
                           f"<span style='color:{colour}'>{severity_name(f.severity)}</span>")
        _, _, legal = rule_info(f.rule)
        rows = self._inventory_rows(f) if is_inventory(f) else self._content_rows(f, legal)
        # long paths and URIs get break chances: they wrap at the pane's width
        self.fields.setText("<table cellspacing='4'>" + "".join(
            f"<tr><td style='white-space:nowrap; padding-right:10px'><b>{k}</b></td>"
            f"<td>{v}</td></tr>"
            for k, v in rows) + "</table>")
        facts = None
        if self.context is not None:
            facts = self.context()[2].get(f.location)
        self.why.setText(services.why_scored(f, facts))
        advice = services.advice_for(f)
        steps = "".join(f"<li>{_esc(step)}</li>" for step in advice.steps)
        why = f"<p>{_esc(advice.why)}</p>" if advice.why else ""
        self.advice.setText(f"{why}<ul style='margin-left:-20px'>{steps}</ul>")
        # a store URI or a grant is no folder to open: its facts say where it is
        self.open_btn.setVisible(not is_inventory(f))
        self.action_row.addWidget(self.open_btn)
        self.action_row.addWidget(self.copy_btn)
        for kind in services.actions_for(f):
            btn = QPushButton(services.action_title(kind))
            btn.setObjectName("danger" if kind == "delete" else "")
            tip = services.action_summary(kind)
            if services.acts_on_container(f, kind):
                tip = action_words.plan_text(kind, services.action_path(f, kind), True)
            btn.setToolTip(tip)
            btn.clicked.connect(functools.partial(self._run_action, kind))
            self.action_row.addWidget(btn)
            self._dynamic.append(btn)
        self.done_label.setText("")

    def _content_rows(self, f: Finding, legal: str) -> list[tuple[str, str]]:
        rows = [
            (self.tr("Masked value"), f"<code>{_esc(f.preview)}</code>"),
            (self.tr("Location"), _esc(pretty_path(f.location))),
        ]
        if f.line is not None:
            rows.append((self.tr("Line"), str(f.line)))
        keyword = f.detail.get("keyword")
        if keyword:
            rows.append((self.tr("Context"),
                         self.tr("found near the word “%1”").replace("%1", _esc(keyword))))
        rows.append((self.tr("Rule"), f"{_esc(rule_title(f.rule))} <small>({f.rule})</small>"))
        # what the validator named about the value: the service a token opens, a card's brand
        rows += fact_rows({k: kind_name(k, v) for k, v in f.detail.items() if k in NAMING_FACTS})
        if legal:
            rows.append((self.tr("Legal basis"), _esc(legal)))
        rows.append((self.tr("Confidence"), f"{f.confidence:.0%}"))
        if f.is_example:  # why the severity is low: documentation's or a test suite's value
            example = f.detail.get("example")
            why = _esc(example_words(example)) if example else self.tr("published test data")
            rows.append((self.tr("Example"), why + " · " + self.tr("low severity")))
        if f.count > 1:
            rows.append((self.tr("Occurrences"), str(f.count)))
        return rows

    def _inventory_rows(self, f: Finding) -> list[tuple[str, str]]:
        """A store part or an app permission: its summary, where it is, and every fact the
        scanner recorded (protection in words)."""
        rows = [
            (self.tr("Summary"), _esc(finding_summary(f))),
            (self.tr("Source"), _esc(section_name(section_of(f.scanner)))),
            (self.tr("Where"), _esc(pretty_path(f.location))),
            (self.tr("Rule"), f"{_esc(rule_title(f.rule))} <small>({_esc(f.rule)})</small>"),
        ]
        rows += fact_rows(dict(f.detail))  # technical values as code
        return rows

    def _file(self) -> Path | None:
        if self.finding is None:
            return None
        if self.finding.file is None:
            return None
        path = Path(self.finding.file)
        return path if path.exists() else None

    def _open_folder(self) -> None:
        path = self._file()
        if path is None:
            QMessageBox.information(self, self.tr("Not found"),
                                    self.tr("This file is no longer there."))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def _copy_location(self) -> None:
        if self.finding is not None:
            QGuiApplication.clipboard().setText(self.finding.location)

    def confirm(self, kind: str, description: str, warnings: tuple[str, ...]) -> bool:
        """Ask before acting; the text comes from the real operation's plan."""
        box = QMessageBox(self)
        destructive = kind in services.DESTRUCTIVE
        box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        box.setWindowTitle(services.action_title(kind))
        box.setText(services.action_summary(kind))
        box.setInformativeText("\n\n".join((description, *warnings)))
        go = box.addButton(services.action_title(kind), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def _run_action(self, kind: str) -> None:
        f = self.finding
        if f is None:
            return
        ledger, scan_id, _ = self.context() if self.context is not None else (None, None, {})
        if ledger is None or scan_id is None:
            QMessageBox.information(self, services.action_title(kind), self.tr(
                "Actions need the audit log: unlock it and scan again."))
            return
        from scanners.actions.remediate import FileChanged, RemediationError, Remediator

        kw: dict[str, str] = {}
        if kind == "accept":
            reason, ok = QInputDialog.getText(self, services.action_title(kind), self.tr(
                "Why is this not a risk? (kept in the audit log)"))
            if not ok or not reason.strip():
                return
            kw = {"fingerprint": f.fingerprint, "reason": reason.strip()}
        path = services.action_path(f, kind)
        text = action_words.plan_text(kind, path, services.acts_on_container(f, kind))
        try:
            outcome = Remediator(ledger, scan_id).run(
                kind, services.action_target(f, kind),
                lambda _plan: self.confirm(kind, text, action_words.plan_warnings(kind)), **kw)
        except RemediationError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, services.action_title(kind),
                              action_words.failure_text(path, isinstance(exc, FileChanged)),
                              QMessageBox.StandardButton.Ok, self)
            box.setToolTip(action_words.full_path(path))
            box.exec()
            return
        except OSError as exc:
            QMessageBox.warning(self, services.action_title(kind), action_words.error_text(
                path, exc.strerror or str(exc)))
            return
        if not outcome.done:
            return
        said = action_words.outcome_text(kind, path, str(outcome.detail.get("copy", "")))
        self.done_label.setText("✓ " + self.tr("Done: %1").replace(
            "%1", services.action_title(kind)) + " — " + said)
        self.done_label.setToolTip(action_words.full_path(path))
        emit(self.acted, kind, f.location, said)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
