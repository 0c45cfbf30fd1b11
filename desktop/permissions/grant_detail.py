"""The Permissions screen's detail of the selected cell: each grant's facts and the step that
revokes it, and the Revoke… button: the exact command shown, run only after the user confirms
(off the GUI thread, through scanners.actions.revoke), recorded in the audit log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.findings.sources import state_name
from desktop.permissions.permission_matrix import PermissionMatrix, permission_name
from desktop.texts.fact_names import fact_value
from desktop.texts.labels import category_name
from desktop.widgets.breakable import WrappingLabel
from desktop.widgets.qt_compat import emit
from scanners.actions.revoke import (
    REVOKE_TIMEOUT,
    RevokeResult,
    command_text,
    first_revocable,
    record_revoke,
    revocable_argv,
    run_revoke,
)
from scanners.model import Finding

# The screen's strings keep their context: they are the Permissions screen's in the .ts files.
translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


class RevokeSignals(QObject):
    done = Signal(object)  # RevokeResult


class RevokeJob(QRunnable):
    """Runs one confirmed revoke command off the GUI thread: no shell, a time limit."""

    def __init__(self, argv: Sequence[str], timeout: float = REVOKE_TIMEOUT) -> None:
        super().__init__()
        self.argv = tuple(argv)
        self.timeout = timeout
        self.signals = RevokeSignals()

    def run(self) -> None:
        emit(self.signals.done, run_revoke(self.argv, self.timeout))




class GrantDetail(QWidget):
    """The detail pane and the revoking of the Permissions screen (PermissionsView builds
    on it): `model` and `pool` are the screen's, `context` and `grant_scan` set by the
    window."""

    # (location, outcome sentence) after a revoke command ran
    revoked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.model = PermissionMatrix(self)
        # (ledger, scan id, access facts) of the audit shown; set by the window
        self.context: Callable[[], tuple[Any, int | None, dict[str, Any]]] | None = None
        # the logged audit a grant came from (each phone has its own); set by the window
        self.grant_scan: Callable[[Finding], int | None] | None = None
        self.selected: list[Finding] = []
        self.job: RevokeJob | None = None
        self.last_result: RevokeResult | None = None

    def _build_detail(self) -> QScrollArea:
        """The title, the facts, Revoke… and the outcome line, scrolling as one."""
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setWordWrap(True)
        self.detail = WrappingLabel(translate("PermissionsView",
            "Select a cell to see the grant and how to revoke it."))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revoke_btn = QPushButton(translate("PermissionsView", "Revoke…"))
        self.revoke_btn.setToolTip(translate("PermissionsView",
            "Shows the exact command and runs it only after you confirm"))
        self.revoke_btn.clicked.connect(self.revoke)
        self.revoke_btn.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("resultLine")
        body = QWidget()
        dl = QVBoxLayout(body)
        dl.setContentsMargins(12, 4, 12, 4)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail)
        dl.addWidget(self.revoke_btn, 0, Qt.AlignmentFlag.AlignLeft)
        dl.addWidget(self.outcome)
        dl.addStretch(1)
        self.detail_area = QScrollArea()
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_area.setWidget(body)
        self.detail_area.setAccessibleName(translate("PermissionsView", "Grant details"))
        return self.detail_area

    def open_detail(self, index: QModelIndex) -> None:
        """Enter on a cell: show it and move the focus to what can be done about it."""
        self.show_cell(index)
        (self.revoke_btn if self.revoke_btn.isVisible() else self.detail_area).setFocus()

    def show_cell(self, index: QModelIndex | QPersistentModelIndex) -> None:
        grants = self.model.cell(index.row(), index.column()) if index.isValid() else []
        self.show_grants(grants, translate("PermissionsView",
            "Select a cell to see the grant and how to revoke it.") if not index.isValid()
            else translate("PermissionsView", "This app did not ask for this permission."))

    def show_grants(self, grants: Sequence[Finding], empty: str = "") -> None:
        """The detail of these grants (one app, one permission); `empty` when there are none."""
        grants = list(grants)
        self.selected = grants
        self.outcome.setText("")
        if not grants:
            self.detail_title.setText("")
            self.detail.setText(empty or translate(
                "PermissionsView", "Select a cell to see the grant and how to revoke it."))
            self.revoke_btn.hide()
            return
        d0 = grants[0].detail
        self.detail_title.setText(f"<b>{_esc(d0.get('app_name', ''))}</b> · "
                                  f"{_esc(permission_name(d0.get('permission', '')))}")
        self.detail.setText("<hr>".join(_grant_table(g) for g in grants))
        self.revoke_btn.setVisible(self.revocable() is not None and self.job is None)

    def revocable(self) -> Finding | None:
        """The selected grant a command can revoke (one still allowed, with an argv)."""
        return first_revocable(self.selected)

    # ---- revoking

    def confirm_revoke(self, argv: Sequence[str], grant: Finding) -> bool:
        """Show the exact command; True only when the user chose to run it."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("PermissionsView", "Revoke permission"))
        d = grant.detail
        box.setText(translate("PermissionsView", "Revoke “%1” from %2 by running this command?")
                    .replace("%1", permission_name(d.get("permission", "")))
                    .replace("%2", d.get("app_name", d.get("app", ""))))
        note = translate("PermissionsView", "It runs without a shell, on this computer, and is"
                                           " recorded in the audit log.")
        box.setInformativeText(command_text(d.get("revoke_argv", "")) + "\n\n" + note)
        go = box.addButton(translate("PermissionsView", "Run command"),
                           QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def revoke(self) -> bool:
        """Confirm, then run the selected grant's revoke command off the GUI thread."""
        grant = self.revocable()
        if grant is None or self.job is not None:
            return False
        argv = revocable_argv(grant)
        if not self.confirm_revoke(argv, grant):
            self.outcome.setText(translate("PermissionsView", "Cancelled: nothing was run."))
            return False
        job = RevokeJob(argv)
        job.setAutoDelete(False)  # kept until its result arrived
        job.signals.done.connect(lambda result, g=grant: self._revoke_done(g, result))
        self.job = job
        self.revoke_btn.setEnabled(False)
        self.outcome.setText(translate("PermissionsView", "Running…"))
        self.pool.start(job)
        return True

    def _revoke_done(self, grant: Finding, result: RevokeResult) -> None:
        self.job = None
        self.last_result = result
        self.revoke_btn.setEnabled(True)
        if result.ok:
            text = "✓ " + translate("PermissionsView", "Revoked. Scan again to see the change.")
        elif result.reason == "not-found":
            text = "✕ " + translate("PermissionsView", "The command was not found: %1").replace(
                "%1", result.message)
        elif result.reason == "timeout":
            text = "✕ " + translate("PermissionsView",
                "The command did not finish in time (%1).").replace("%1", result.message)
        else:
            text = "✕ " + translate("PermissionsView",
                "The command failed (exit code %1): %2").replace(
                "%1", str(result.returncode)).replace("%2", result.message)
        logged = self._record(grant, result)
        if not logged:
            text += " " + translate("PermissionsView", "Not recorded in the audit log.")
        self.outcome.setText(text)
        emit(self.revoked, grant.location, text)

    def _record(self, grant: Finding, result: RevokeResult) -> bool:
        """The command and its exit code go to the audit log; its output never does."""
        ledger, scan_id, _ = self.context() if self.context is not None else (None, None, {})
        if ledger is None:
            return False
        if self.grant_scan is not None:  # a phone's grant: its own audit, not the computer's
            scan_id = self.grant_scan(grant)
        from scanners.ledger import LedgerError

        try:
            record_revoke(ledger, grant, result, scan_id)
        except LedgerError:
            return False
        return True

def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grant_table(g: Finding) -> str:
    """One grant's facts as a two-column table; the command in code type."""
    d = g.detail
    rows = [
        (translate("PermissionsView", "State"), _esc(state_name(d.get("state", "")))),
        (translate("PermissionsView", "As the source names it"), _esc(d.get("raw", ""))),
        (translate("PermissionsView", "Source"), _esc(d.get("source", ""))),
        (translate("PermissionsView", "App"), _esc(d.get("app", ""))),
        (translate("PermissionsView", "Reaches"), _esc(category_name(d.get("exposes", "")))),
    ]
    if d.get("broad") == "yes":
        rows.append((translate("PermissionsView", "Broad grant"), _esc(translate("PermissionsView",
            "yes: it reaches more than the app needs to work"))))
    if d.get("last_used"):
        rows.append((translate("PermissionsView", "Last used"), _esc(d["last_used"])))
    rows.append((translate("PermissionsView", "How to revoke"),
                 _esc(fact_value("revoke", d.get("revoke", "")))))
    if d.get("revoke_argv"):
        rows.append((translate("PermissionsView", "Command"),
                     f"<code>{_esc(command_text(d['revoke_argv']))}</code>"))
    return "<table cellspacing='3'>" + "".join(
        f"<tr><td style='padding-right:10px'><b>{_esc(k)}</b>"
        f"</td><td>{v}</td></tr>" for k, v in rows) + "</table>"
