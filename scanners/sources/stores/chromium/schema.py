"""What the database readers share: a part (finding and detail), the meta table's
version, and the columns a reader needs (a missing one is an unknown schema version).
"""

from __future__ import annotations

import sqlite3

from scanners.sources.stores.browsers import (
    clean_text,
)
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
)


def meta_version(conn: sqlite3.Connection, names: set[str]) -> str | None:
    if "meta" not in names:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return clean_text(row[0], 12) if row and row[0] is not None else None


def need_columns(conn: sqlite3.Connection, table: str, cols: tuple[str, ...]) -> set[str]:
    have = columns(conn, table)
    missing = [c for c in cols if c not in have]
    if missing:
        raise StoreError("unknown-format",
                         f"table {table!r} has no column {missing[0]!r} (unknown schema version)")
    return have


Part = tuple[StoreFinding, dict[str, object]]
