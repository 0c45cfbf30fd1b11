"""Fix many findings at once: a preview of every file and action, then one run.

The preview lists exactly which file each action touches, what it does and whether History
can undo it; each row can be unticked or given another action. Deleting is never ticked for
the user, and choosing it asks once more. The run goes file by file (progress, Stop) and
writes each file's result in its row; every action is recorded in the audit log like a single
one, so History's Undo and Restore work on each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import services
from desktop.findings import action_words
from desktop.findings.bulk_model import COL, BulkModel
from desktop.findings.bulk_plan import ALL_KINDS, BulkItem
from desktop.widgets.qt_compat import emit


class BulkFixDialog(QDialog):
    """The preview and the run; `finished_run` carries the summary sentence."""

    finished_run = Signal(str)

    def __init__(self, items: list[BulkItem], ledger: Any, scan_id: int | None,
                 parent: QWidget | None = None, vault_dir: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fix safe items"))
        self.setObjectName("bulkFix")
        self.items = items
        self.ledger = ledger
        self.scan_id = scan_id
        self.vault_dir = vault_dir  # tests point this at a folder; None: the data folder's
        self.stop_requested = False
        self.running = False
        self.intro = QLabel(self.tr(
            "These files will be changed, one action each. Untick any file to leave it as it"
            " is. Actions that can be undone are proposed; deleting is never ticked for you."))
        self.intro.setWordWrap(True)
        self.model = BulkModel(items, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Files and actions"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(COL["file"], QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL["file"], 200)
        head.setSectionResizeMode(COL["folder"], QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COL["action"], QHeaderView.ResizeMode.Fixed)
        for name in ("undo", "count"):
            head.setSectionResizeMode(COL[name], QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL["result"], QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL["result"], 220)
        self.combos: list[QComboBox] = []
        for row, item in enumerate(items):
            self._add_combo(row, item)
        self.model.dataChanged.connect(lambda *_: self._update())
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("warning")
        self.warning.setStyleSheet("color:#b91c1c")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(items)))
        self.progress.setVisible(False)
        self.apply_btn = QPushButton()
        self.apply_btn.setObjectName("primary")
        self.apply_btn.clicked.connect(self.apply)
        self.stop_btn = QPushButton(self.tr("Stop"))
        self.stop_btn.setVisible(False)
        self.stop_btn.clicked.connect(self.stop)
        self.close_btn = QPushButton(self.tr("Cancel"))
        self.close_btn.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.stop_btn)
        buttons.addWidget(self.close_btn)
        buttons.addWidget(self.apply_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.warning)
        lay.addWidget(self.summary)
        lay.addLayout(buttons)
        self.resize(900, 520)
        self._update()

    # ---- the preview

    def _add_combo(self, row: int, item: BulkItem) -> None:
        """The row's action: a combo box over the model's Action cell."""
        combo = QComboBox()
        for kind in ALL_KINDS:
            combo.addItem(services.action_title(kind), kind)
        combo.setCurrentIndex(ALL_KINDS.index(item.kind))
        combo.setEnabled(item.exists)
        combo.setAccessibleName(self.tr("Action for %1").replace(
            "%1", action_words.file_name(item.path)))
        combo.setToolTip(self.model.tip(item, "action"))
        combo.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))
        self.combos.append(combo)
        self.table.setColumnWidth(COL["action"], max(self.table.columnWidth(COL["action"]),
                                                     combo.sizeHint().width() + 4))
        self.table.setIndexWidget(self.model.index(row, COL["action"]), combo)

    def _kind_changed(self, row: int) -> None:
        item = self.items[row]
        item.kind = str(self.combos[row].currentData())
        self.combos[row].setToolTip(self.model.tip(item, "action"))
        self.model.row_changed(row)  # the Undo column and tooltips follow; _update runs

    def text(self, row: int, column: int) -> str:
        """What a cell shows (tests and accessibility read the preview through this)."""
        return str(self.model.index(row, column).data() or "")

    def tip(self, row: int, column: int) -> str:
        return str(self.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) or "")

    def chosen(self) -> list[BulkItem]:
        return [i for i in self.items if i.checked and i.exists and i.done is None]

    def set_checked(self, row: int, on: bool) -> None:
        self.model.setData(self.model.index(row, COL["file"]),
                           Qt.CheckState.Checked if on else Qt.CheckState.Unchecked,
                           Qt.ItemDataRole.CheckStateRole)

    def set_kind(self, row: int, kind: str) -> None:
        self.combos[row].setCurrentIndex(ALL_KINDS.index(kind))

    def _update(self) -> None:
        chosen = self.chosen()
        final = [i for i in chosen if not i.reversible]
        self.apply_btn.setText(self.tr("Apply to 1 file") if len(chosen) == 1 else self.tr(
            "Apply to %1 files").replace("%1", str(len(chosen))))
        self.apply_btn.setEnabled(bool(chosen) and not self.running)
        if final:
            deleted = (self.tr("1 file will be deleted for good: this cannot be undone.")
                       if len(final) == 1 else
                       self.tr("%1 files will be deleted for good: this cannot be undone.")
                       .replace("%1", str(len(final))))
            self.warning.setText("⚠ " + action_words.sentences(deleted,
                                                               action_words.ssd_caveat()))
        else:
            self.warning.setText(self.tr("Every ticked action can be undone in History."))
            self.warning.setStyleSheet("")
        if final:
            self.warning.setStyleSheet("color:#b91c1c")

    # ---- the run

    def confirm_final(self, items: list[BulkItem]) -> bool:
        """Deleting is asked about once more, naming the files."""
        names = "\n".join("• " + action_words.file_name(i.path) for i in items[:12])
        more = len(items) - 12
        if more > 0:
            names += "\n" + self.tr("and %1 more").replace("%1", str(more))
        box = QMessageBox(QMessageBox.Icon.Warning, services.action_title("delete"),
                          self.tr("These files will be overwritten and deleted. This cannot"
                                  " be undone."), QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(names)
        go = box.addButton(services.action_title("delete"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def stop(self) -> None:
        self.stop_requested = True
        self.stop_btn.setEnabled(False)

    def apply(self) -> bool:
        """Run every ticked action; False when nothing ran."""
        chosen = self.chosen()
        if not chosen or self.ledger is None:
            return False
        final = [i for i in chosen if not i.reversible]
        if final and not self.confirm_final(final):
            return False
        from scanners.actions.remediate import Remediator

        remediator = Remediator(self.ledger, self.scan_id, vault_dir=self.vault_dir)
        self.running, self.stop_requested = True, False
        self.progress.setRange(0, len(chosen))
        self.progress.setValue(0)
        for w in (self.progress, self.stop_btn):
            w.setVisible(True)
        self.stop_btn.setEnabled(True)
        self.apply_btn.setEnabled(False)
        self.table.setEnabled(False)
        for n, item in enumerate(chosen):
            QApplication.processEvents()  # Stop can be pressed between two files
            if self.stop_requested:
                break
            self._run_one(remediator.run, item)
            self.progress.setValue(n + 1)
        for item in chosen:
            if item.done is None:
                item.result = item.short = self.tr("Not done: stopped")
                self._show_result(item)
        self.running = False
        self.stop_btn.setVisible(False)
        self.table.setEnabled(True)
        self.close_btn.setText(self.tr("Close"))
        self.apply_btn.setVisible(bool(self.chosen()))  # what is left (a stopped run's rest)
        said = self.summary_text()
        self.summary.setText(said)
        self._update()
        emit(self.finished_run, said)
        return True

    def _run_one(self, run: Callable[..., Any], item: BulkItem) -> None:
        from scanners.actions.remediate import FileChanged, RemediationError

        try:
            outcome = run(item.kind, item.target, lambda _plan: True)
        except RemediationError as exc:
            item.done = False
            item.result = action_words.failure_text(item.path, isinstance(exc, FileChanged))
            item.short = action_words.not_done_word(isinstance(exc, FileChanged))
        except OSError as exc:
            item.done = False
            item.result = action_words.error_text(item.path, exc.strerror or str(exc))
            item.short = action_words.not_done_word(False)
        else:
            item.done = bool(outcome.done)
            item.result = action_words.outcome_text(item.kind, item.path)
            item.short = action_words.done_word(item.kind)
        self._show_result(item)

    def _show_result(self, item: BulkItem) -> None:
        self.model.row_changed(self.items.index(item))

    def summary_text(self) -> str:
        done = sum(1 for i in self.items if i.done)
        failed = sum(1 for i in self.items if i.done is False)
        parts = [self.tr("1 file changed.") if done == 1
                 else self.tr("%1 files changed.").replace("%1", str(done))]
        if failed:
            parts.append(self.tr("%1 could not be changed (see each row).").replace(
                "%1", str(failed)))
        if self.stop_requested:
            parts.append(self.tr("Stopped before the end."))
        if any(i.done and i.reversible for i in self.items):
            parts.append(self.tr("Undo any of them in History."))
        return action_words.sentences(*parts)
