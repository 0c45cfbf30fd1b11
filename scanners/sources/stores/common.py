"""What every store scanner shares: where stores live, a private read-only copy of a
database, schema probing, and building a finding that holds no secret.

Rules (issue 5/6): never lock or change a store - a database is copied with its -wal and
-shm files into a private folder of the run's (0700, files 0600: scanners.system.private_files),
the copy is opened read-only and deleted after; never decrypt - counts, protection level
and masked samples only.
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, ScanError, Severity
from scanners.system.paths import resources_dir, sqlite_readonly_uri
from scanners.system.phrases import DETAIL_KEY as PHRASE_KEY
from scanners.system.phrases import Phrase
from scanners.system.private_files import copy_private, private_dir
from scanners.system.textsafe import safe_message

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A store that could not be read; `reason` is a ScanError reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def scan_error(scanner: str, location: str, exc: BaseException) -> ScanError:
    """A ScanError for anything raised while reading one store (the audit goes on).

    Parsers' messages can quote what they read ("invalid literal for int(): 'hunter2'", a
    KeyError holding a token): for parse errors only the kind is kept, and other texts are
    scrubbed of value-like runs (redact.safe_message).
    """
    if isinstance(exc, StoreError):
        return ScanError(scanner, location, exc.reason, exc.message)
    if isinstance(exc, PermissionError):
        return ScanError(scanner, location, "permission-denied", "permission denied")
    if isinstance(exc, sqlite3.DatabaseError):
        return ScanError(scanner, location, "corrupt", safe_message(f"database error: {exc}"))
    if isinstance(exc, OSError):
        return ScanError(scanner, location, "unreadable", safe_message(exc.strerror or str(exc)))
    if isinstance(exc, (ValueError, KeyError, UnicodeError, IndexError, TypeError)):
        return ScanError(scanner, location, "corrupt",
                         f"could not be parsed ({type(exc).__name__})")
    return ScanError(scanner, location, "internal",
                     safe_message(f"{type(exc).__name__}: {exc}"))


# ---------------------------------------------------------------------------- locations


@lru_cache(maxsize=1)
def _stores_toml() -> dict[str, Any]:
    with open(resources_dir() / "stores.toml", "rb") as fh:
        return tomllib.load(fh)


def store_table(name: str) -> Mapping[str, Any]:
    """One top-level table of resources/stores.toml (e.g. "chromium", "credentials")."""
    table = _stores_toml().get(name, {})
    if not isinstance(table, dict):
        raise ValueError(f"stores.toml: [{name}] is not a table")
    return table


def os_key(ctx: ScanContext) -> str:
    """"linux", "macos" or "windows": the keys stores.toml uses for per-OS locations."""
    if ctx.platform.startswith("win"):
        return "windows"
    if ctx.platform == "darwin":
        return "macos"
    return "linux"


def expand(ctx: ScanContext, pattern: str) -> list[Path]:
    """Existing paths matching one stores.toml location.

    "~/" is the scanned home (ctx.home), a leading "/" is the system root (ctx.sysroot);
    glob wildcards are allowed ("~/.mozilla/firefox/*/logins.json"). Sorted, so results and
    tests are stable.
    """
    if pattern.startswith("~/"):
        root, rest = ctx.home, pattern[2:]
    elif pattern.startswith("/"):
        root, rest = ctx.sysroot, pattern.lstrip("/")
    else:
        root, rest = ctx.home, pattern
    if glob.has_magic(rest):
        # the root is escaped: a home folder named "[x]" must not become a pattern
        found = glob.glob(os.path.join(glob.escape(str(root)), rest))
        return sorted(Path(p) for p in found)
    path = root / rest
    return [path] if os.path.lexists(path) else []


def display_path(ctx: ScanContext, path: Path) -> str:
    """A path as users know it: "~/.config/google-chrome/Default" rather than the full path."""
    try:
        return "~/" + path.relative_to(ctx.home).as_posix()
    except ValueError:
        try:
            return "/" + path.relative_to(ctx.sysroot).as_posix()
        except ValueError:
            return str(path)


def store_uri(kind: str, where: str, part: str = "") -> str:
    """A finding location for a store: "chromium:~/.config/chromium/Default/Web Data#logins"."""
    return f"{kind}:{where}" + (f"#{part}" if part else "")


# ---------------------------------------------------------------------------- databases


@contextmanager
def sqlite_copy(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a private copy of the database at `path` (and its -wal/-shm).

    The original is only read, never opened by SQLite: a browser that is running does not
    notice, and its locks cannot block us. Raises StoreError("encrypted"|"corrupt"|...).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise StoreError("missing", "the file disappeared during the scan") from None
        raise StoreError("unreadable", exc.strerror or str(exc)) from None
    if len(head) < 16:
        raise StoreError("corrupt", "truncated: shorter than a SQLite header")
    if head != SQLITE_MAGIC:
        raise StoreError("encrypted", "not a plain SQLite database (encrypted or another format)")
    # removed however the block ends: an exception, Ctrl-C, SIGTERM (cli), or at the next
    # start after a kill -9 (private_files.sweep_stale)
    with private_dir("store") as tmp:
        db = tmp / "store.sqlite"
        copy_private(path, db)
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.is_file():
                try:
                    copy_private(side, tmp / f"store.sqlite{suffix}", follow=False)
                except OSError:
                    pass  # a side file that vanished mid-copy (or a link): the main file reads
        conn = sqlite3.connect(sqlite_readonly_uri(db), uri=True)
        try:
            conn.text_factory = lambda b: b.decode("utf-8", "replace")
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreError("corrupt", f"not a readable database: {exc}"[:200]) from None
            yield conn
        finally:
            conn.close()


T = TypeVar("T")


def read_store(ctx: ScanContext, scanner: str, location: str, path: Path,
               read: Callable[[Any], T], *, sqlite: bool = True) -> T | None:
    """`read` one store file and return what it made of it; None when the file is absent.

    `read` gets a read-only connection to a private copy (sqlite) or the path itself. A
    file that is not a regular file (a link, a device), cannot be read or is corrupt is a
    ScanError at `location`, and None: one bad store never stops the others.
    """
    if not os.path.lexists(path):
        return None
    ctx.check()
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise StoreError("not-a-file", "not a regular file (a link or a device)")
        # read here as a store: the file scan skips it (and its journal files)
        for claimed in (path, *(path.with_name(path.name + sfx)
                                for sfx in ("-wal", "-shm", "-journal"))):
            ctx.claim(claimed, scanner)
        if not sqlite:
            return read(path)
        with sqlite_copy(path) as conn:
            return read(conn)
    except ScanCancelled:
        raise
    except Exception as exc:
        ctx.error(scan_error(scanner, location, exc))
        return None


def strings(value: object) -> list[str]:
    """A stores.toml value that is a string or a list of strings, as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    return {r[1] for r in conn.execute(f"PRAGMA table_info({quoted})")}


def count(conn: sqlite3.Connection, table: str, where: str = "") -> int:
    quoted = '"' + table.replace('"', '""') + '"'
    sql = f"SELECT count(*) FROM {quoted}" + (f" WHERE {where}" if where else "")
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class StoreFinding:
    """What a store scanner knows about one store part, before it becomes a Finding."""

    rule: str  # "stores.chromium.logins": ids are a public contract, never rename
    category: Category
    severity: Severity
    location: str  # store_uri(...)
    # shown as the preview: "12 saved logins (v10: fixed key)"; never a secret. A Phrase
    # (scanners.system.phrases) also lands in the detail, for front ends in other languages
    summary: str | Phrase
    records: int  # how many people or records the finding stands for (the score's quantity)
    protection: str | None = None  # a key of [protection] in scoring.toml
    confidence: float = 1.0  # an inventory is certain: the store says what it holds
    file: str | None = None  # the store's own file when it is one (a key, a credentials file)


def make_finding(ctx: ScanContext, scanner: str, sf: StoreFinding,
                 detail: Mapping[str, object] | None = None) -> Finding:
    """A Finding for a store: count = records, detail carries protection and facts as text.

    The fingerprint is keyed on the location and rule (a store has no single value): the
    same store found again is the same finding, so trends and "new since last" work.
    """
    d: dict[str, str] = {"records": str(sf.records)}
    if sf.protection:
        d["protection"] = sf.protection
    for k, v in (detail or {}).items():
        if v is None:
            continue
        d[str(k)] = v if isinstance(v, str) else str(v)
    if isinstance(sf.summary, Phrase):
        d[PHRASE_KEY] = sf.summary.to_json()
    if sf.file:
        ctx.claim(sf.file, scanner)  # a key or credentials file: reported here, not twice
    return Finding(
        scanner=scanner,
        rule=sf.rule,
        category=sf.category,
        severity=sf.severity,
        location=sf.location,
        preview=str(sf.summary),
        fingerprint=ctx.redactor.fingerprint(f"{sf.rule}\x00{sf.location}"),
        confidence=sf.confidence,
        count=max(1, sf.records),
        detail=d,
        file=sf.file,
    )
