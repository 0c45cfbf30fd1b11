"""The audit log's errors: one family, each with a one-line message for the user."""

from __future__ import annotations

import errno
from pathlib import Path


class LedgerError(Exception):
    """A problem with the audit log. `str(exc)` is a one-line message fit for the user."""


class LedgerMissing(LedgerError):
    """There is no log yet (and the caller did not ask to create one)."""


class NoPassphrase(LedgerError):
    """No passphrase was given, found in PIAUDIT_PASSPHRASE_FILE or in the keyring."""


class WrongPassphrase(LedgerError):
    """The passphrase does not open this log."""


class LedgerLocked(LedgerError):
    """The log was opened without a passphrase: only its plaintext columns can be read."""


class LedgerVersionError(LedgerError):
    """The log was written by a newer piaudit."""


class LedgerBusy(LedgerError):
    """Another process held the log's write lock for longer than the busy timeout."""


class LedgerUnwritable(LedgerError):
    """The disk is full, or the log or its folder is read-only or cannot be created."""


class LedgerCorrupt(LedgerError):
    """The file is not a readable SQLite database."""


class LedgerTampered(LedgerError):
    """A record does not authenticate: the log was altered."""


def _db_error(exc: BaseException, path: Path, doing: str) -> LedgerError:
    """Map a sqlite3/OS error to a LedgerError with a message that says what to do."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    where = f"the audit log {path}"
    if "locked" in text or "busy" in text:
        return LedgerBusy(
            f"cannot {doing}: {where} is busy (another piaudit is writing to it); try again"
        )
    if "full" in text or code == errno.ENOSPC:
        return LedgerUnwritable(f"cannot {doing}: the disk holding {where} is full")
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES,
                                                            errno.EPERM):
        return LedgerUnwritable(f"cannot {doing}: {where} or its folder is read-only")
    if "unable to open" in text:
        return LedgerUnwritable(
            f"cannot {doing}: {where} cannot be opened (is its folder read-only or missing?)"
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return LedgerCorrupt(f"cannot {doing}: {where} is damaged or not a piaudit log")
    if "could not decode" in text or "no such column" in text or "no such table" in text \
            or "datatype mismatch" in text:
        return LedgerTampered(
            f"cannot {doing}: a table of {where} was altered (a column is missing or holds"
            " values of the wrong type; run `piaudit verify`)"
        )
    # Never the driver's message itself: SQLite quotes column values in some of them (a
    # "could not decode" error prints a whole ciphertext), and those are record bytes.
    kind = getattr(exc, "sqlite_errorname", None) or getattr(exc, "strerror", None) \
        or type(exc).__name__
    return LedgerError(f"cannot {doing}: {where}: {kind}")
