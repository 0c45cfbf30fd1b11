"""Accepted risks (with Restore), the vault's files (with Restore) and past actions (with
Undo). Every change goes through scanners.actions.remediate, which records it in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.findings import action_words
from desktop.services import action_title
from desktop.session import Session
from desktop.texts.labels import human_bytes, pretty_path
from desktop.texts.times import local_time
from desktop.widgets.qt_compat import emit
from desktop.widgets.text_table import TextRow, TextRowsModel, make_table, selected_key


def _table(headers: list[str], name: str) -> QTableView:
    t = make_table(TextRowsModel(headers), name)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return t


def _fill(t: QTableView, rows: list[tuple[Any, list[str]]]) -> None:
    """Rows of (key the buttons act on, texts)."""
    model = t.model()
    assert isinstance(model, TextRowsModel)
    model.set_rows([TextRow(key, tuple(texts)) for key, texts in rows])


class ActionsView(QWidget):
    """A tab of History: what the user accepted, what is in the vault, what was done."""

    changed = Signal(str)  # the outcome sentence, after a restore or an undo

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vault_dir: Any = None  # tests point this at a folder; None: the data folder's
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("muted")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("resultLine")

        self.accepted = _table([self.tr("Action"), self.tr("Accepted"), self.tr("Location"),
                                self.tr("Reason")], self.tr("Accepted risks"))
        self.restore_risk_btn = QPushButton(self.tr("Restore risk"))
        self.restore_risk_btn.setToolTip(self.tr("Withdraw the acceptance: the value counts"
                                                 " in the next exposure index again"))
        self.restore_risk_btn.clicked.connect(self.restore_risk)
        self.vault = _table([self.tr("File"), self.tr("Moved"), self.tr("Original location"),
                             self.tr("Size")], self.tr("Files in the vault"))
        self.restore_file_btn = QPushButton(self.tr("Restore file"))
        self.restore_file_btn.setToolTip(self.tr("Decrypt the file and put it back where it"
                                                 " was"))
        self.restore_file_btn.clicked.connect(self.restore_file)
        self.past = _table([self.tr("Action"), self.tr("When"), self.tr("What"),
                               self.tr("Location"), self.tr("Outcome")],
                              self.tr("Past actions"))
        self.undo_btn = QPushButton(self.tr("Undo"))
        self.undo_btn.clicked.connect(self.undo_action)
        for t, btn in ((self.accepted, self.restore_risk_btn), (self.vault, self.restore_file_btn),
                       (self.past, self.undo_btn)):
            btn.setEnabled(False)
            t.selectionModel().selectionChanged.connect(
                lambda *_a, t=t, b=btn: b.setEnabled(self._can_act(t)))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.note)
        lay.addWidget(self.result)
        for title, t, btn in ((self.tr("Accepted risks"), self.accepted, self.restore_risk_btn),
                              (self.tr("Vault"), self.vault, self.restore_file_btn),
                              (self.tr("Past actions"), self.past, self.undo_btn)):
            row = QHBoxLayout()
            head = QLabel(title)
            head.setObjectName("sectionTitle")
            row.addWidget(head)
            row.addStretch(1)
            row.addWidget(btn)
            lay.addLayout(row)
            lay.addWidget(t, 1)
        self._undoable: set[int] = set()
        self._by_id: dict[int, dict[str, Any]] = {}  # the log's actions by id
        self._vault_index: dict[str, Any] = {}  # the vault's items by id

    # ---- reading the log and the vault

    def _ledger(self) -> Any:
        return self.session.ledger if self.session.unlocked else None

    def refresh(self) -> None:
        ledger = self._ledger()
        if ledger is None:
            self.note.setText(self.tr("Unlock the audit log to see accepted risks, the vault"
                                      " and past actions."))
            for t in (self.accepted, self.vault, self.past):
                _fill(t, [])
            return
        from scanners.actions.remediate import UNDOABLE, vault_for
        from scanners.actions.vault import VaultError

        try:
            actions = ledger.actions()
        except Exception as exc:
            self.note.setText(self.tr("The audit log cannot be read: %1").replace("%1", str(exc)))
            return
        undone = {a["detail"].get("of") for a in actions if a.get("kind") == "undo"}
        self._by_id = {a["id"]: a for a in actions}
        live_accepts = [a for a in actions if a.get("kind") == "accept"
                        and a.get("outcome") == "done" and a["id"] not in undone]
        _fill(self.accepted, [
            (a["id"], [f"#{a['id']}", local_time(a.get("ts")), pretty_path(a["location"]),
                       str(a["detail"].get("reason", ""))]) for a in reversed(live_accepts)])
        try:
            index = vault_for(ledger, self.vault_dir).index()
            vault_note = ""
        except VaultError as exc:
            index, vault_note = {}, str(exc)
        self._vault_index = dict(index)
        _fill(self.vault, [
            (item, [action_words.file_name(str(e.get("shown") or e.get("path") or item)),
                    local_time(e.get("added")),
                    pretty_path(str(e.get("shown") or e.get("path", ""))),
                    human_bytes(float(e.get("size", 0)))])
            for item, e in sorted(index.items(), key=lambda kv: str(kv[1].get("added", "")),
                                  reverse=True)])
        self._undoable = {a["id"] for a in actions if a.get("kind") in UNDOABLE
                          and a.get("outcome") == "done" and a["id"] not in undone}
        rows = []
        for a in reversed(actions):
            outcome = self._outcome_word(a, undone)
            rows.append((a["id"], [f"#{a['id']}", local_time(a.get("ts")),
                                   self._kind_word(a), pretty_path(a["location"]), outcome]))
        _fill(self.past, rows)
        self.note.setText(vault_note or self.tr(
            "Accepted risks are left out of the exposure index until you restore them. Files"
            " moved to the vault are encrypted with a key of this audit log."))
        for t, btn in ((self.accepted, self.restore_risk_btn),
                       (self.vault, self.restore_file_btn), (self.past, self.undo_btn)):
            btn.setEnabled(self._can_act(t))

    def _kind_word(self, a: dict[str, Any]) -> str:
        kind = str(a.get("kind", ""))
        words = {"undo": self.tr("Undo of #%1").replace("%1", str(a["detail"].get("of", ""))),
                 "revoke": self.tr("Revoke permission"), "open": self.tr("Open folder"),
                 "vault-restore": self.tr("Restore from the vault")}
        return words.get(kind) or action_title(kind)

    def _outcome_word(self, a: dict[str, Any], undone: set[Any]) -> str:
        if a["id"] in undone:
            return self.tr("undone")
        return {"done": self.tr("done"), "failed": self.tr("failed")}.get(
            str(a.get("outcome", "")), str(a.get("outcome", "")))

    def _can_act(self, t: QTableView) -> bool:
        key = selected_key(t)
        if key is None:
            return False
        return key in self._undoable if t is self.past else True

    # ---- acting (each confirmed; the remediation module records it)

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        go = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def _remediator(self) -> Any:
        from scanners.actions.remediate import Remediator

        return Remediator(self._ledger(), vault_dir=self.vault_dir)

    def _action_path(self, aid: int) -> tuple[str, str]:
        """(kind, file) of a logged action, for sentences that name the file."""
        from scanners.actions.vault import decode_path

        a = self._by_id.get(aid, {})
        detail = a.get("detail", {})
        path = str(a.get("location", ""))
        if "file_b64" in detail:
            try:
                path = decode_path(detail["file_b64"])
            except Exception:
                pass  # the location as logged
        return str(a.get("kind", "")), path

    def _vault_path(self, item: str) -> str:
        e = self._vault_index.get(item, {})
        return str(e.get("shown") or e.get("path") or item)

    def _run(self, title: str, text: str, act: Callable[[Any, Any], Any],
             done: str = "", path: str = "") -> bool:
        if self._ledger() is None:
            return False
        from scanners.actions.remediate import FileChanged, RemediationError

        try:
            outcome = act(self._remediator(), lambda _plan: self.confirm(title, text))
        except RemediationError as exc:
            self.result.setText("✕ " + action_words.failure_text(
                path, isinstance(exc, FileChanged)))
            self.result.setToolTip(action_words.full_path(path))
            return False
        except OSError as exc:
            self.result.setText("✕ " + action_words.error_text(path, exc.strerror or str(exc)))
            self.result.setToolTip(action_words.full_path(path))
            return False
        if not outcome.done:
            self.result.setText(self.tr("Cancelled: nothing was changed."))
            return False
        said = done or outcome.message
        self.result.setText("✓ " + said)
        self.result.setToolTip(action_words.full_path(path) if path else "")
        self.refresh()
        emit(self.changed, said)
        return True

    def restore_risk(self) -> bool:
        aid = selected_key(self.accepted)
        if aid is None:
            return False
        _, path = self._action_path(int(aid))
        return self._run(self.tr("Restore risk"), action_words.undo_question("accept", path),
                         lambda r, c: r.undo(int(aid), c),
                         action_words.undone_text("accept", path), path)

    def restore_file(self) -> bool:
        item = selected_key(self.vault)
        if item is None:
            return False
        path = self._vault_path(str(item))
        return self._run(self.tr("Restore file"), action_words.undo_question("vault", path),
                         lambda r, c: r.restore_from_vault(str(item), c),
                         action_words.undone_text("vault", path), path)

    def undo_action(self) -> bool:
        aid = selected_key(self.past)
        if aid is None or aid not in self._undoable:
            return False
        kind, path = self._action_path(int(aid))
        return self._run(self.tr("Undo"), action_words.undo_question(kind, path),
                         lambda r, c: r.undo(int(aid), c),
                         action_words.undone_text(kind, path), path)
