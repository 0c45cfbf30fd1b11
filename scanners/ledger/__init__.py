"""The encrypted, tamper-evident audit log: one SQLite file in the user's data dir.

What is plaintext: record ids, timestamps, category, severity, score and counts (what charts
need). Everything else (roots, locations, previews, fingerprints, details, error messages)
is sealed with AES-256-GCM under a random data key, a fresh nonce per record. The data key
is wrapped by a scrypt key of the user's passphrase (`crypto`).

Tamper evidence: all records form one chain. Each record's associated data binds the log's
id, its table, its id, its position (`seq`), its plaintext columns and the tag of the record
before it; the header keeps the chain's head under a MAC. Editing, deleting, reordering or
replaying a record therefore breaks authentication or the chain, and `verify()` names the
first bad record. Rolling the whole file back to an older copy is not detectable from the
file alone.

Crash safety: records are written in batches inside `BEGIN IMMEDIATE` transactions (WAL); a
scan's start record is written when it begins and its end record when it finishes, so a scan
killed in between stays "incomplete" and everything before it still verifies.

The package, one thing per module (`__init__` re-exports the public names):

    errors    the LedgerError family          crypto    keys, sealing, scrypt
    schema    tables and migrations           records   reports, encoding, associated data
    columns   column type checks              location  where the log lives, its file
    slot      the key slot                    header    the header, opening, migrating
    core      connection, lock, write txn     read      reading records
    verify    walking the chain               purge     deleting and re-chaining
    store     Ledger: open and write          keyring   passphrase file and OS keyring
    recorder  AuditRecorder                   export    export_scan
    bench     bench_ledger
"""

from __future__ import annotations

from scanners.ledger.bench import bench_ledger
from scanners.ledger.crypto import DEFAULT_SCRYPT_N
from scanners.ledger.errors import (
    LedgerBusy,
    LedgerCorrupt,
    LedgerError,
    LedgerLocked,
    LedgerMissing,
    LedgerTampered,
    LedgerUnwritable,
    LedgerVersionError,
    NoPassphrase,
    WrongPassphrase,
)
from scanners.ledger.export import export_scan
from scanners.ledger.keyring import (
    KEYRING_ENV,
    KEYRING_SERVICE,
    PASSPHRASE_ENV,
    keyring_delete,
    keyring_get,
    keyring_set,
    passphrase_from_env_or_keyring,
    passphrase_from_file,
)
from scanners.ledger.location import LOG_FILE, default_path
from scanners.ledger.recorder import AuditRecorder
from scanners.ledger.records import (
    BATCH,
    STATUSES,
    LogEvent,
    PurgeReport,
    ScanSummary,
    VerifyReport,
)
from scanners.ledger.schema import SCHEMA_VERSION
from scanners.ledger.slot import (
    KEY_SLOT_FILE,
    check_log_exists,
    slot_path,
    subkey_from_slot,
    vault_key_from_slot,
)
from scanners.ledger.store import Ledger

__all__ = [
    "BATCH",
    "DEFAULT_SCRYPT_N",
    "KEYRING_ENV",
    "KEYRING_SERVICE",
    "KEY_SLOT_FILE",
    "LOG_FILE",
    "PASSPHRASE_ENV",
    "SCHEMA_VERSION",
    "STATUSES",
    "AuditRecorder",
    "Ledger",
    "LedgerBusy",
    "LedgerCorrupt",
    "LedgerError",
    "LedgerLocked",
    "LedgerMissing",
    "LedgerTampered",
    "LedgerUnwritable",
    "LedgerVersionError",
    "LogEvent",
    "NoPassphrase",
    "PurgeReport",
    "ScanSummary",
    "VerifyReport",
    "WrongPassphrase",
    "bench_ledger",
    "check_log_exists",
    "default_path",
    "export_scan",
    "keyring_delete",
    "keyring_get",
    "keyring_set",
    "passphrase_from_env_or_keyring",
    "passphrase_from_file",
    "slot_path",
    "subkey_from_slot",
    "vault_key_from_slot",
]
