"""Databases are opened read-only through a URI: odd characters in the path must survive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scanners.system.paths import sqlite_readonly_uri


@pytest.mark.parametrize("name", ["plain.db", "a b.db", "客户 #1?.db", "100%.db", "x;y&z=1.db"])
def test_readonly_uri_opens_the_file_and_refuses_writes(tmp_path: Path, name: str) -> None:
    path = tmp_path / "dir with space" / name
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (v TEXT)")
        db.execute("INSERT INTO t VALUES ('ok')")
    conn = sqlite3.connect(sqlite_readonly_uri(path), uri=True)
    try:
        assert conn.execute("SELECT v FROM t").fetchone() == ("ok",)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO t VALUES ('no')")
    finally:
        conn.close()
    assert not (tmp_path / "dir with space" / "x").exists()  # no stray file from a bad URI
