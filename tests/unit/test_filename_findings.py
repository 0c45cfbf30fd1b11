"""Personal values in file and folder names (issue 11): reported as findings on the file, and
never kept in clear in the scan cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.unit.content.helpers import ID, PHONE

ROOT = Path(__file__).resolve().parents[2]
NAME = f"张三_{ID}.txt"


def scan(*roots: str | bytes, jobs: str = "1") -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "scanners", "scan", "--scanners", "content", "--no-log", "-q",
         "-j", jobs, "--format", "json", *roots],
        capture_output=True, timeout=300, cwd=ROOT, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert isinstance(doc, dict)
    return doc


def findings(doc: dict[str, object]) -> list[dict[str, object]]:
    found = doc["findings"]
    assert isinstance(found, list)
    return found


def test_value_in_a_file_name_is_a_finding_on_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / NAME).write_text("nothing personal inside\n", encoding="utf-8")
    for jobs in ("1", "2"):  # inline and through the worker pool; the second run is cached
        found = findings(scan(str(folder), jobs=jobs))
        assert len(found) == 1
        f = found[0]
        assert f["rule"] == "identity.cn_resident_id"
        assert f["detail"] == {"where": "file name"}
        assert f["location"] == f"{folder}/{NAME}" and f["file"] == f"{folder}/{NAME}"
        assert f["line"] is None and f["start"] is None
        # The value shows only masked; the path is where the user must act, and is kept.
        assert f["preview"] == "1101**********002X"
        assert ID not in json.dumps({k: v for k, v in f.items() if k not in ("location", "path",
                                                                          "file")})


def test_name_and_content_findings_share_the_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / NAME).write_text(f"身份证号 {ID}\n", encoding="utf-8")
    found = findings(scan(str(folder)))
    assert sorted(str(f["detail"].get("where", "content")) for f in found  # type: ignore[attr-defined]
                  ) == ["content", "file name"]
    # The same value: one fingerprint, so the score counts one exposed value, not two.
    assert len({f["fingerprint"] for f in found}) == 1


def test_value_in_a_folder_name_is_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / f"李四_{PHONE}"
    folder.mkdir(parents=True)
    for i in range(3):
        (folder / f"note{i}.txt").write_text("x\n")
    found = findings(scan(str(tmp_path / "docs")))
    assert [(f["rule"], f["location"], f["detail"]) for f in found] == [
        ("contact.cn_mobile", str(folder), {"where": "folder name"})
    ]
    assert found[0]["file"] is None  # a folder is not a file to act on


def test_name_that_is_not_utf8_is_tried_as_gb18030(tmp_path: Path) -> None:
    # What Chinese Windows and old zip tools wrote: the name in GBK bytes.
    raw = os.path.join(os.fsencode(tmp_path), f"身份证{ID}.txt".encode("gb18030"))
    with open(raw, "wb") as fh:
        fh.write(b"x\n")
    found = findings(scan(str(tmp_path)))
    assert [f["rule"] for f in found] == ["identity.cn_resident_id"]
    assert os.fsencode(str(found[0]["file"])) == raw


def test_ordinary_names_are_not_findings(tmp_path: Path) -> None:
    for name in ("IMG_20230101_123456.jpg.txt", "report-2024-05-01.txt", "v1.2.3-build-4567.log",
                 "invoice_000123.txt", "a1b2c3d4e5f6.txt"):
        (tmp_path / name).write_text("x\n")
    assert findings(scan(str(tmp_path))) == []


def test_scan_cache_holds_no_clear_name(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / f"李四_{PHONE}"
    folder.mkdir(parents=True)
    (folder / NAME).write_text(f"身份证号 {ID}\n", encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"\xff_" + ID.encode() + b".txt")
    with open(bad, "wb") as fh:
        fh.write(b"x\n")
    first = findings(scan(str(tmp_path / "docs")))
    cache = Path(os.environ["PIAUDIT_DATA_DIR"]) / "scan-cache.sqlite"
    with sqlite3.connect(cache) as db:  # everything SQLite wrote, the WAL included
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = b"".join(p.read_bytes() for p in cache.parent.glob("scan-cache.sqlite*"))
    for secret in (ID, PHONE, "张三", "李四", "docs"):
        assert secret.encode() not in stored, secret
    # And the cache still answers: a rescan gives the same findings from it.
    doc = scan(str(tmp_path / "docs"))
    stats = doc["stats"]
    assert isinstance(stats, dict) and stats["files_cached"] == 2
    key = lambda f: (f["location"], f["rule"], str(f["detail"]))  # noqa: E731
    assert sorted(map(key, findings(doc))) == sorted(map(key, first))
