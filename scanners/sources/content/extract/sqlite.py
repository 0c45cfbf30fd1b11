"""SQLite databases: a sample of each user table's text values, one text per table.

The database is copied (with its -wal/-shm files) into a private folder of the run's (0700,
files 0600: scanners.system.private_files) and opened read-only there, so a scan never locks,
modifies or checkpoints the original (an app may have it open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from scanners.base import Limits
from scanners.sources.content.extract.problems import problem_for
from scanners.sources.content.extract.tabular import table_parts
from scanners.sources.content.parts import Encrypted, ExtractError, ItemStream, Problem, Source
from scanners.system.paths import sqlite_readonly_uri
from scanners.system.private_files import copy_private, private_dir, write_private

MAGIC = b"SQLite format 3\x00"


def _copy_in(src: Source, limits: Limits, tmp: Path) -> Path:
    db = tmp / "db.sqlite"
    if src.data is not None:
        write_private(db, src.data)
        return db
    assert src.path is not None
    copy_private(src.path, db)
    for suffix in ("-wal", "-shm"):
        side = src.path.with_name(src.path.name + suffix)
        if side.is_file():
            copy_private(side, tmp / f"db.sqlite{suffix}", follow=False)
    return db


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(conn: sqlite3.Connection, table: str, limit: int) -> Iterator[list[str]]:
    try:
        cur = conn.execute(f"SELECT * FROM {_quote(table)} LIMIT ?", (limit,))
    except UnicodeDecodeError:  # sqlite3 decodes column names and error messages strictly
        raise ExtractError(f"table {table}: a column name is not UTF-8") from None
    yield [d[0] for d in cur.description]
    for row in cur:
        # Text, and integers long enough to be a phone, card or ID number stored as INTEGER
        # (apps do that); blobs, floats, NULLs and short numbers (counters, flags) are skipped.
        yield [v if isinstance(v, str) else _long_int(v) for v in row]


def _long_int(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**8:
        return str(value)
    return ""


def extract_sqlite(src: Source, limits: Limits) -> ItemStream:
    if src.head(16) != MAGIC:
        # SQLCipher and other encrypted databases have random bytes where the magic goes.
        raise Encrypted("not a plain SQLite database (encrypted?)")
    # removed however the block ends; in a pool worker it lies in the parent's run folder,
    # which the workers remove if the parent is killed
    with private_dir("db") as tmp:
        db = _copy_in(src, limits, tmp)
        uri = sqlite_readonly_uri(db)
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.text_factory = lambda b: b.decode("utf-8", "replace")
            try:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type='table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                    )
                ]
            except UnicodeDecodeError:  # sqlite3 decodes its error messages strictly
                raise ExtractError("unreadable schema (text that is not UTF-8)") from None
            for table in tables:
                yield from _table(conn, src, table, limits)
        finally:
            conn.close()


def _table(conn: sqlite3.Connection, src: Source, table: str, limits: Limits) -> ItemStream:
    path = f"{src.name}!{table}"
    try:
        yield from table_parts(path, _rows(conn, table, limits.sqlite_rows), limits, "sqlite")
        total = conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]
    except UnicodeDecodeError:
        yield Problem(path, "corrupt", "an error message of the database is not UTF-8")
        return
    except (sqlite3.Error, ExtractError) as exc:  # a broken table must not hide the others
        yield problem_for(path, exc)
        return
    if total > limits.sqlite_rows:
        yield Problem(path, "sampled", f"table {table}: {limits.sqlite_rows} of {total} rows read")
