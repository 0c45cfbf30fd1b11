from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from scanners.base import Limits
from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, parts, problems, run, texts


def test_tables_as_tab_separated_text(tmp_path: Path) -> None:
    path = F.write_sqlite(
        tmp_path / "app.db",
        {"users": (["name", "id_no", "phone"], [["张三", ID, PHONE], ["李四", "x\ty", None]])},
    )
    items = run(path)
    assert (
        texts(items)[f"{path}!users"] == f"name\tid_no\tphone\n张三\t{ID}\t{PHONE}\n李四\tx y\t\n"
    )
    assert parts(items)[0].columns == ("name", "id_no", "phone")


def test_sampling_problem_and_original_untouched(tmp_path: Path) -> None:
    rows = [[f"u{i}", PHONE] for i in range(50)]
    path = F.write_sqlite(tmp_path / "big.db", {"t": (["name", "phone"], rows)})
    before = (path.stat().st_mtime_ns, path.read_bytes())
    items = run(path, Limits(sqlite_rows=10))
    text = texts(items)[f"{path}!t"]
    assert text.count(PHONE) == 10
    (problem,) = problems(items)
    assert problem.reason == "sampled" and problem.message == "table t: 10 of 50 rows read"
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_wal_content_is_read_from_the_copy(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (PHONE,))
    conn.commit()
    assert os.path.exists(str(path) + "-wal")
    try:
        assert PHONE in texts(run(path))[f"{path}!t"]
    finally:
        conn.close()


def test_long_integers_are_read_short_ones_are_not(tmp_path: Path) -> None:
    # Apps store phone and card numbers as INTEGER; counters and flags are noise.
    path = tmp_path / "n.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (phone INTEGER, n INTEGER, ratio REAL, v TEXT)")
    conn.execute("INSERT INTO t VALUES (13812345678, 42, 3.5, 'x')")
    conn.commit()
    conn.close()
    text = texts(run(path))[f"{path}!t"]
    assert "13812345678" in text
    assert "42" not in text and "3.5" not in text
