"""The open audit log for this GUI session: first-run creation, unlock, keyring, history."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

# which audits are phone audits: desktop.permissions.phone_audit (re-exported for older imports)
from desktop.permissions.phone_audit import PHONE_SCANNERS as PHONE_SCANNERS
from desktop.permissions.phone_audit import is_phone_audit as is_phone_audit
from desktop.permissions.phone_audit import is_phone_summary as is_phone_summary
from scanners import ledger as ledger_mod
from scanners.ledger.crypto import DEFAULT_SCRYPT_N

if TYPE_CHECKING:
    from scanners.ledger import Ledger, ScanSummary, VerifyReport
    from scanners.model import Finding


def _kdf_n() -> int:
    # Tests set a small scrypt cost (the file format is the same); users get the default.
    raw = os.environ.get("PIAUDIT_TEST_KDF_N")
    return int(raw) if raw else DEFAULT_SCRYPT_N


class Session:
    """Owns the Ledger; every method raises ledger.LedgerError subclasses with user messages."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or ledger_mod.default_path()
        self.ledger: Ledger | None = None

    # ---- state

    def log_exists(self) -> bool:
        return self.path.exists()

    @property
    def unlocked(self) -> bool:
        return self.ledger is not None and self.ledger.unlocked

    # ---- opening

    def create(self, passphrase: str, use_keyring: bool) -> bool:
        """Create the log; returns False when the keyring was asked for but is unavailable."""
        self.close()
        self.ledger = ledger_mod.Ledger.open(self.path, passphrase, create=True, kdf_n=_kdf_n())
        return ledger_mod.keyring_set(passphrase, self.path) if use_keyring else True

    def unlock(self, passphrase: str, remember: bool = False) -> bool:
        """Open with `passphrase` (WrongPassphrase when wrong); maybe keep it in the keyring."""
        ledger = ledger_mod.Ledger.open(self.path, passphrase, create=False)
        self.close()
        self.ledger = ledger
        return ledger_mod.keyring_set(passphrase, self.path) if remember else True

    def try_keyring(self) -> bool:
        """Unlock from PIAUDIT_PASSPHRASE_FILE or the keyring; False when neither works."""
        try:
            value, _ = ledger_mod.passphrase_from_env_or_keyring(self.path)
        except ledger_mod.LedgerError:
            return False
        if not value:
            return False
        try:
            self.unlock(value)
        except ledger_mod.LedgerError:
            return False
        return True

    def close(self) -> None:
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None

    # ---- reading

    def scans(self) -> list[ScanSummary]:
        if self.ledger is None:
            return []
        return self.ledger.scans(decrypt=self.ledger.unlocked)

    def computer_scans(self) -> list[ScanSummary]:
        """The audits of this computer: every audit but the phone-only ones (on a locked log,
        also those that may be: see is_phone_summary)."""
        return [s for s in self.scans() if not is_phone_summary(s)]

    def findings(self, scan_id: int) -> list[Finding]:
        if self.ledger is None:
            return []
        return list(self.ledger.findings(scan_id))

    def verify(self) -> VerifyReport:
        assert self.ledger is not None
        return self.ledger.verify()

    # ---- keys and purge

    def change_passphrase(self, old: str, new: str) -> None:
        assert self.ledger is not None
        self.ledger.change_passphrase(old, new)
        if ledger_mod.keyring_get(self.path):
            ledger_mod.keyring_set(new, self.path)

    def set_keyring(self, on: bool, passphrase: str = "") -> bool:
        if on:
            return ledger_mod.keyring_set(passphrase, self.path)
        ledger_mod.keyring_delete(self.path)
        return True

    def keyring_holds_key(self) -> bool:
        return ledger_mod.keyring_get(self.path) is not None

    def purge_all(self) -> Any:
        assert self.ledger is not None
        return self.ledger.purge(everything=True)

    def record_action(self, kind: str, location: str, outcome: str,
                      scan_id: int | None = None) -> None:
        if self.ledger is not None and self.ledger.unlocked:
            try:
                self.ledger.record_action(kind, location, outcome, scan_id=scan_id)
            except ledger_mod.LedgerError:
                pass  # an action is never undone because the log could not record it
