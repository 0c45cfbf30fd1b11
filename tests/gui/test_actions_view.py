"""History > Accepted risks and vault: restore an accepted risk, restore a vaulted file,
undo an action; each confirmed and recorded in the audit log; cancelling changes nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from desktop.history.actions_view import ActionsView
from desktop.main_window import MainWindow
from desktop.session import Session
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.actions.remediate import Remediator, accepted_risks
from scanners.assessment.access import facts_for


@pytest.fixture
def setup(tmp_path: Path):
    i18n.install("en")
    session = Session(tmp_path / "audit.db")
    session.create("a long passphrase", use_keyring=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    secret = docs / "ids.txt"
    secret.write_text("synthetic record\n", encoding="utf-8")
    other = docs / "phones.txt"
    other.write_text("another synthetic record\n", encoding="utf-8")
    os.chmod(other, 0o644)
    vault_dir = tmp_path / "vault"
    facts = {str(p): facts_for(str(p)) for p in (secret, other)}
    rem = Remediator(session.ledger, None, facts=facts, vault_dir=vault_dir, roots=[str(docs)])
    yes = lambda _plan: True  # noqa: E731
    rem.run("accept", str(docs / "old.csv"), yes, fingerprint="ab" * 16,
            reason="my own test data")
    rem.run("vault", str(secret), yes)
    rem.run("restrict", str(other), yes)
    yield session, vault_dir, secret, other
    session.close()


def _view(qtbot, session: Session, vault_dir: Path) -> ActionsView:
    view = ActionsView(session)
    view.vault_dir = vault_dir
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    return view


def _texts(t, col: int) -> list[str]:
    m = t.model()
    return [m.text(r, col) for r in range(m.rowCount())]


def test_lists_accepted_risks_vault_and_actions(qtbot, setup):
    session, vault_dir, secret, other = setup
    view = _view(qtbot, session, vault_dir)
    assert _texts(view.accepted, 3) == ["my own test data"]
    assert _texts(view.vault, 2) == [str(secret)]
    assert _texts(view.past, 2) == ["Make private", "Move to vault", "Accept risk"]
    assert not view.restore_risk_btn.isEnabled()  # nothing selected yet
    view.past.selectRow(0)
    assert view.undo_btn.isEnabled()


def test_restore_risk_then_file_then_undo_each_logged(qtbot, monkeypatch, setup):
    session, vault_dir, secret, other = setup
    view = _view(qtbot, session, vault_dir)
    asked: list[str] = []
    monkeypatch.setattr(view, "confirm", lambda title, text: asked.append(text) or True)
    assert len(accepted_risks(session.ledger)) == 1
    view.accepted.selectRow(0)
    assert view.restore_risk()
    assert accepted_risks(session.ledger) == []
    assert view.accepted.model().rowCount() == 0
    assert not secret.exists()
    view.vault.selectRow(0)
    assert view.restore_file()
    assert secret.read_text(encoding="utf-8") == "synthetic record\n"
    assert view.vault.model().rowCount() == 0
    assert stat.S_IMODE(other.stat().st_mode) == 0o600
    row = _texts(view.past, 2).index("Make private")
    view.past.selectRow(row)
    assert view.undo_action()
    assert stat.S_IMODE(other.stat().st_mode) == 0o644
    undos = [a for a in session.ledger.actions() if a["kind"] == "undo"]
    assert [a["detail"]["kind"] for a in undos] == ["accept", "vault", "restrict"]
    assert len(asked) == 3
    assert "undone" in _texts(view.past, 4)
    # an undone action cannot be undone twice
    view.past.selectRow(_texts(view.past, 2).index("Make private"))
    assert not view.undo_btn.isEnabled() and not view.undo_action()


def test_cancel_changes_nothing(qtbot, monkeypatch, setup):
    session, vault_dir, secret, _ = setup
    view = _view(qtbot, session, vault_dir)
    monkeypatch.setattr(view, "confirm", lambda title, text: False)
    before = len(session.ledger.actions())
    view.accepted.selectRow(0)
    assert not view.restore_risk()
    view.vault.selectRow(0)
    assert not view.restore_file()
    assert not secret.exists() and len(accepted_risks(session.ledger)) == 1
    assert len(session.ledger.actions()) == before
    assert "nothing was changed" in view.result.text()


def test_history_tab_in_the_window(qtbot, tmp_path):
    i18n.install("en")
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True), pool=QThreadPool())
    qtbot.addWidget(window)
    window._enter_app()
    window.go("history")
    hv = window.history_view
    assert hv.tabs.tabText(1) == "Accepted risks and vault"
    hv.tabs.setCurrentIndex(1)
    assert "Unlock the audit log" in hv.actions_view.note.text()
    window.session.create("a long passphrase", use_keyring=False)
    hv.refresh()
    assert "Accepted risks are left out" in hv.actions_view.note.text()
