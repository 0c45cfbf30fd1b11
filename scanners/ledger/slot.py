"""The key slot: `audit-log.keyslot` next to the log.

The vault's key is derived from the log's data key, so losing the log file would lose
every vault item for good. The key slot is a small file next to the log holding only what
opens the data key with the passphrase: the log's id, the scrypt parameters and salt, and
the data key wrapped exactly as in the header. It is no weaker than the header (which any
copy of the log carries), and the passphrase stays the only secret. It also records that
a log existed here, so that a deleted or emptied log fails verification.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scanners.ledger.crypto import BadKey, Sealer, unwrap_entries
from scanners.ledger.errors import (
    LedgerCorrupt,
    LedgerError,
    LedgerMissing,
    LedgerTampered,
    LedgerUnwritable,
    NoPassphrase,
    WrongPassphrase,
)
from scanners.system.paths import data_dir

KEY_SLOT_FILE = "audit-log.keyslot"  # next to LOG_FILE: see slot_path()
_SLOT_FORMAT = "piaudit-keyslot"
_SLOT_HINT = ("The vault still opens with the passphrase (its key is in the key slot); to"
              " start a new log, move the key slot away as well")


def slot_path(log: Path) -> Path:
    """The key slot of the log at `log` ("audit-log.keyslot" next to "audit-log.sqlite")."""
    return log.with_name(log.stem + ".keyslot")


def check_log_exists(path: Path) -> None:
    """Raise LedgerTampered if the log at `path` is gone but its key slot says it existed,
    LedgerMissing if there never was one; return if the file exists."""
    if path.exists():
        return
    if slot_path(path).exists():
        raise LedgerTampered(
            f"the audit log {path} is missing, but its key slot shows that a log existed:"
            f" it was deleted or moved. {_SLOT_HINT}"
        )
    raise LedgerMissing(f"there is no audit log yet at {path}")


def _read_slot(target: Path) -> dict[str, str] | None:
    """The slot's entries, None if there is no slot; LedgerCorrupt if it is damaged."""
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LedgerUnwritable(
            f"cannot read the audit log key slot {target}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is a ValueError
        doc = None
    keys = ("log_id", "kdf", "wrapped_key")
    if not (isinstance(doc, dict) and doc.get("format") == _SLOT_FORMAT
            and doc.get("version") == 1 and all(type(doc.get(k)) is str for k in keys)):
        raise LedgerCorrupt(f"the audit log key slot {target} is damaged")
    return {k: doc[k] for k in keys}


def _slot_or_none(target: Path) -> dict[str, str] | None:
    try:
        return _read_slot(target)
    except LedgerError:
        return None


def _sync_slot(log: Path, log_id: str, kdf: str, wrapped: str) -> None:
    """Write the log's key slot unless it already holds this wrapping (best effort).

    A slot of another log is left alone (that log's vault items need it; verify reports the
    mismatch). Failing to write is not an error here: the next open with the passphrase
    tries again, and the log itself is unaffected.
    """
    target = slot_path(log)
    try:
        current = _read_slot(target)
    except LedgerError:
        current = None  # damaged or unreadable: rewritten from the header that just opened
    if current is not None:
        if current["log_id"] != log_id:
            return
        if current["kdf"] == kdf and current["wrapped_key"] == wrapped:
            return
    with contextlib.suppress(OSError):
        _write_slot(target, {"format": _SLOT_FORMAT, "version": 1, "log_id": log_id,
                             "kdf": kdf, "wrapped_key": wrapped})


def _write_slot(target: Path, doc: Mapping[str, object]) -> None:
    """Replace the slot atomically: a unique temp file (0600), fsync, rename, fsync folder.

    A reader sees the old slot or the new one, never a partial one, even when two processes
    write it at once or the machine stops mid-write.
    """
    data = (json.dumps(doc, sort_keys=True, indent=1) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600)  # mkstemp's mode already, whatever the umask
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable
        with contextlib.suppress(OSError):
            dfd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def subkey_from_slot(passphrase: str, purpose: str, folder: Path | None = None) -> bytes:
    """`Ledger.subkey(purpose)` of the log whose key slot is in `folder`, without the log.

    `folder` is the data folder (default: `data_dir()`). Raises NoPassphrase (empty),
    LedgerMissing (no slot), WrongPassphrase, or LedgerCorrupt (damaged slot), each with a
    one-line message for the user.
    """
    if not passphrase:
        raise NoPassphrase("the audit log passphrase must not be empty")
    folder = Path(folder) if folder is not None else data_dir()
    target = folder / KEY_SLOT_FILE
    slot = _read_slot(target)
    if slot is None:
        raise LedgerMissing(
            f"there is no audit log key slot {target}: without it (or the audit log) the"
            " vault's key cannot be recovered"
        )
    try:
        data_key, _ = unwrap_entries(slot, passphrase, slot["log_id"])
    except BadKey:
        raise WrongPassphrase(f"wrong passphrase for the audit log key slot {target}") from None
    except (KeyError, ValueError):
        raise LedgerCorrupt(f"the audit log key slot {target} is damaged") from None
    return Sealer(data_key).subkey(purpose)


def vault_key_from_slot(passphrase: str, folder: Path | None = None) -> bytes:
    """The vault's key, exactly `Ledger.subkey("vault")` of the log, from the key slot alone.

    For restoring vault items when the log is missing, emptied or damaged: only the
    passphrase is needed. See `subkey_from_slot` for `folder` and the errors raised.
    """
    return subkey_from_slot(passphrase, "vault", folder)
