"""End to end: a full audit WITH the log leaves no full value anywhere on disk.

Known identifiers are planted (with and without separators, in UTF-8 and GBK files), a full
audit runs through the CLI with the log enabled, then every file under the data dir, the
cache dir and the temp dirs the run used is searched, as raw bytes and decoded (UTF-8,
UTF-16 and GBK), for every planted value: zero hits.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from scanners.cli.entry import main

from .helpers import ADULT_ID, CHILD_ID, OTHER_ID
from .ledger_helpers import (
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    open_log,
)

PASS = "privacy passphrase"

# As planted (some with separators); the checks also look for each value without them.
PLANTED_UTF8 = [
    ADULT_ID,
    f"{CHILD_ID[:6]} {CHILD_ID[6:14]} {CHILD_ID[14:]}",
    "138-1234-5678",
    "13912345678",
    "6222020200112345674",
    "6222 0202 0011 2345 674",
    "zhang.xiaoming@example.com",
]
PLANTED_GBK = [
    OTHER_ID,
    f"{ADULT_ID[:6]}-{ADULT_ID[6:14]}-{ADULT_ID[14:]}",
    "137 0000 1234",
    "li.si.private@example.cn",
]


def _forms(value: str) -> set[str]:
    bare = re.sub(r"[\s\-]", "", value)
    return {value, bare, bare.lower()}


def _plant(root: Path) -> None:
    root.mkdir(parents=True)
    (root / "客户名单.txt").write_text(
        "姓名：张小明\n"
        f"身份证号：{PLANTED_UTF8[0]}\n孩子身份证：{PLANTED_UTF8[1]}\n"
        f"手机：{PLANTED_UTF8[2]}  备用电话：{PLANTED_UTF8[3]}\n"
        f"银行卡号：{PLANTED_UTF8[4]}\n信用卡：{PLANTED_UTF8[5]}\n"
        f"邮箱：{PLANTED_UTF8[6]}\n",
        encoding="utf-8",
    )
    (root / "export.csv").write_text(
        f"name,id,phone\nWang,{PLANTED_UTF8[0]},{PLANTED_UTF8[3]}\n", encoding="utf-8"
    )
    (root / "旧档案-gbk.txt").write_bytes(
        (f"姓名：李四\n身份证号码：{PLANTED_GBK[0]}\n证件：{PLANTED_GBK[1]}\n"
         f"联系电话：{PLANTED_GBK[2]}\n电子邮箱：{PLANTED_GBK[3]}\n").encode("gbk")
    )


def _hits(blob: bytes, values: list[str]) -> list[str]:
    texts = [blob.decode("utf-8", "ignore"), blob.decode("gbk", "ignore"),
             blob.decode("utf-16-le", "ignore"), blob[1:].decode("utf-16-le", "ignore"),
             blob.decode("utf-16-be", "ignore"), blob[1:].decode("utf-16-be", "ignore")]
    found = []
    for value in values:
        for form in _forms(value):
            raw_forms = (form.encode("utf-8"), form.encode("gbk"), form.encode("utf-16-le"),
                         form.encode("utf-16-be"))
            if any(r in blob for r in raw_forms) or any(form in t for t in texts):
                found.append(form)
    return found


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


@pytest.mark.slow
def test_full_audit_with_the_log_leaves_no_full_value(tmp_path, data_dir, monkeypatch, capsys):
    root = tmp_path / "scan"
    _plant(root)
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    cache.mkdir()
    tmp.mkdir()
    pw = tmp_path / "pw"
    pw.write_text(PASS + "\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pw))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    system_tmp = Path("/tmp")
    before = set(system_tmp.iterdir()) if system_tmp.is_dir() else set()
    out = tmp_path / "findings.jsonl"

    assert main(["scan", str(root), "--format", "jsonl", "--jobs", "2", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "logged as scan #1" in err and "not logged" not in err

    # The log really holds the findings (masked), so the search below means something.
    with open_log(data_dir, PASS) as log:
        summary, found, _ = log.scan(1)
        assert summary.complete and len(found) >= 8
        assert {f.category.value for f in found} >= {"identity", "contact", "financial"}
        assert log.verify().ok
    assert any(f.preview == "1101**********002X" for f in found)
    assert (data_dir / "audit-log.sqlite").exists()

    searched = _files(data_dir) + _files(cache) + _files(tmp) + [out]
    if os.environ.get("PIAUDIT_CACHE_DIR"):  # compiled pattern databases, if the engine has them
        searched += _files(Path(os.environ["PIAUDIT_CACHE_DIR"]))
    searched += [p for new in set(system_tmp.iterdir()) - before
                 for p in ([new] if new.is_file() else _files(new) if new.is_dir() else [])]
    assert any(p.name == "audit-log.sqlite" for p in searched)
    values = PLANTED_UTF8 + PLANTED_GBK
    for path in searched:
        try:
            blob = path.read_bytes()
        except OSError:
            continue
        assert _hits(blob, values) == [], path
    assert _hits(err.encode(), values) == []


def test_the_search_would_find_a_leak(tmp_path):
    """The detector of leaks works: every form is found raw and decoded."""
    for value in PLANTED_UTF8 + PLANTED_GBK:
        for form in _forms(value):
            for enc in ("utf-8", "gbk", "utf-16-le", "utf-16-be"):
                assert _hits(b"\x00junk" + form.encode(enc) + b"junk", [value]), (form, enc)
    assert _hits(b"1101**********002X and 138****5678", PLANTED_UTF8 + PLANTED_GBK) == []
