"""The incremental cache: a rescan returns exactly what the first scan found; a damaged or
old-format cache is a miss (the file is read again), never an error or a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scanners import engine

from .helpers import ADULT_ID, CHILD_ID


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(f"身份证号：{ADULT_ID}\n电话 13812345678\n", encoding="utf-8")
    (d / "kid.csv").write_text(f"姓名,身份证号\n张小明,{CHILD_ID}\n", encoding="utf-8")
    (d / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return d


def _scan(folder: Path, data: Path) -> tuple[list[dict[str, object]], list[dict[str, str]], int]:
    ctx = engine.make_context([folder], data=data, jobs=1)
    result = engine.audit(ctx, ["content"])
    found = sorted((f.to_dict() for f in result.findings), key=repr)
    errors = sorted((e.to_dict() for e in result.errors), key=repr)
    return found, errors, result.stats.files_cached


def test_rescan_returns_exactly_the_first_scans_findings_and_errors(tmp_path: Path) -> None:
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)
    first, first_errors, cached = _scan(folder, data)
    assert cached == 0 and first and first_errors
    again, again_errors, cached = _scan(folder, data)
    assert cached == 3
    assert again == first and again_errors == first_errors
    # a file without errors keeps no sealed empty list (a rescan opens nothing for it): the
    # two readable files and the folder; the broken zip keeps its error
    with sqlite3.connect(data / "scan-cache.sqlite") as db:
        assert db.execute("SELECT count(*) FROM files WHERE errors IS NULL").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM files WHERE errors IS NOT NULL"
                          ).fetchone()[0] == 1


def test_damaged_rows_are_misses(tmp_path: Path) -> None:
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)
    first, _e, _c = _scan(folder, data)
    with sqlite3.connect(data / "scan-cache.sqlite") as db:
        db.execute("UPDATE files SET findings = ?, errors = ?", (b"\xff\x00garbage", b""))
    again, _e, cached = _scan(folder, data)
    assert cached == 0 and again == first  # every file read again, same result
    _again, _e, cached = _scan(folder, data)
    assert cached == 3  # and the rows were written anew


def test_an_older_cache_format_is_dropped(tmp_path: Path) -> None:
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)
    first, _e, _c = _scan(folder, data)
    with sqlite3.connect(data / "scan-cache.sqlite") as db:
        db.execute("PRAGMA user_version=3")  # schema 3 kept JSON text
        db.execute("UPDATE files SET findings = '[]', errors = '[]'")
    again, _e, cached = _scan(folder, data)
    assert cached == 0 and again == first


def test_a_skipped_file_counts_the_same_when_unchanged(tmp_path: Path) -> None:
    """A file skipped on the first scan (here: binary data) is skipped again on the rescan,
    not counted among the unchanged files too: an unchanged folder keeps its file count."""
    from scanners import engine

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("电话 13812345678\n", encoding="utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 64)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    counts = []
    for _ in range(2):
        ctx = engine.make_context([folder], data=data, jobs=1)
        result = engine.audit(ctx, ["content"])
        s = result.stats
        counts.append((s.files_scanned + s.files_cached, s.files_skipped))
    assert counts[0] == counts[1]
    assert counts[0][1] >= 1  # the binary file was skipped
