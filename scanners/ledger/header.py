"""The log file's header (the `meta` table) and what opening a file does to it.

Pragmas, migrations, the header's creation and the data key it wraps, and the chain's head
(`_Head`) that each write transaction reads and updates.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from pathlib import Path

import sqlite_utils

import scanners.ledger.schema as schema  # SCHEMA_VERSION read at call time (tests lower it)
from scanners.ledger.crypto import (
    GENESIS,
    BadKey,
    KdfParams,
    Sealer,
    new_data_key,
    unwrap_entries,
    wrap_key,
)
from scanners.ledger.errors import (
    LedgerCorrupt,
    LedgerError,
    LedgerTampered,
    LedgerVersionError,
    NoPassphrase,
    WrongPassphrase,
    _db_error,
)
from scanners.ledger.records import _now
from scanners.ledger.slot import _SLOT_HINT, slot_path


class _Head:
    """The chain's head during one write transaction."""

    __slots__ = ("dirty", "ids", "seq", "tag")

    def __init__(self, seq: int, tag: bytes) -> None:
        self.seq = seq
        self.tag = tag
        self.ids: dict[str, int] = {}
        self.dirty = False


def _prepare(conn: sqlite3.Connection, path: Path, passphrase: str | None,
             kdf_n: int, create: bool = True) -> tuple[str, Sealer | None, int]:
    """Pragmas, migrations and the header. Returns (log id, sealer or None, migrated-from)."""
    try:
        conn.execute("PRAGMA secure_delete = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:
            raise LedgerVersionError(
                f"the audit log {path} was written by a newer piaudit (log format {version};"
                f" this version reads up to {schema.SCHEMA_VERSION}): upgrade piaudit to read it"
            )
        # Checked before anything is written to the file. A log without a header is new (or
        # its creation was cut short) only when we are creating one and no key slot says a
        # log existed here; otherwise it was truncated or emptied, and re-initialising it
        # would hide that (and lose the key the vault's items are sealed with).
        if not _has_header(conn):
            if slot_path(path).exists():
                raise LedgerTampered(
                    f"the audit log {path} is empty or has no header, but its key slot shows"
                    f" that a log existed: it was truncated or replaced. {_SLOT_HINT}"
                )
            if not create:
                raise LedgerTampered(
                    f"the audit log {path} is empty or has no header: it was truncated or"
                    " replaced"
                )
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against crashes
        migrated_from = 0
        if version < schema.SCHEMA_VERSION:
            migrated_from = _migrate(conn, path)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            with contextlib.suppress(OSError):
                if side.exists() and side.stat().st_mode & 0o077:
                    side.chmod(0o600)
        meta = _meta(conn)
        if "wrapped_key" not in meta:
            if passphrase is None:
                raise NoPassphrase("a passphrase is needed to create the audit log")
            meta = _init_header(conn, passphrase, kdf_n)
    except LedgerError:
        raise
    except sqlite3.Error as exc:
        raise _db_error(exc, path, "open the audit log") from None
    # The header's own text is never quoted: it is whatever the file holds.
    damaged = LedgerCorrupt(f"the audit log {path} has a damaged header")
    log_id = meta.get("log_id", "")
    if not log_id:
        raise damaged
    if passphrase is None:
        return log_id, None, migrated_from
    try:
        data_key, _ = unwrap_entries(meta, passphrase, log_id)
    except BadKey:
        raise WrongPassphrase(f"wrong passphrase for the audit log {path}") from None
    except (KeyError, ValueError):
        raise damaged from None
    return log_id, Sealer(data_key), migrated_from


def _has_header(conn: sqlite3.Connection) -> bool:
    """Whether the file holds a log header (read without writing to the file)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'wrapped_key'").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc).lower():
            return False
        raise
    return row is not None


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The header's entries; one whose key or value is not text counts as absent."""
    return {k: v for k, v in conn.execute("SELECT key, value FROM meta")
            if type(k) is str and type(v) is str}


def _read_head(conn: sqlite3.Connection) -> _Head:
    meta = _meta(conn)
    try:
        return _Head(int(meta["head_seq"]), bytes.fromhex(meta["head_tag"]))
    except (KeyError, ValueError):
        raise LedgerTampered(
            "the chain head in the audit log's header is missing or unreadable: the log was"
            " altered (run `piaudit verify`)"
        ) from None


def _migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Run the pending migrations in one transaction; returns the version we started from."""
    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        start = version
        if version > schema.SCHEMA_VERSION:  # another process upgraded it... to the future
            raise LedgerVersionError(f"the audit log {path} was written by a newer piaudit")
        for number in range(version + 1, schema.SCHEMA_VERSION + 1):
            schema.MIGRATIONS[number - 1](db)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
        return start
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _init_header(conn: sqlite3.Connection, passphrase: str, kdf_n: int) -> dict[str, str]:
    log_id = secrets.token_hex(16)
    params = KdfParams.fresh(kdf_n)
    data_key = new_data_key()
    sealer = Sealer(data_key)
    conn.execute("BEGIN IMMEDIATE")
    try:
        meta = _meta(conn)
        if "wrapped_key" in meta:  # another process created it first
            conn.execute("COMMIT")
            return meta
        meta = {
            "format": "piaudit-ledger", "log_id": log_id, "created": _now(),
            "kdf": params.to_json(),
            "wrapped_key": wrap_key(data_key, passphrase, params, log_id).hex(),
            "head_seq": "0", "head_tag": GENESIS.hex(),
            "head_mac": sealer.head_mac(log_id, 0, GENESIS),
        }
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
        conn.execute("COMMIT")
        return meta
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
