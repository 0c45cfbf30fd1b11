"""scanners/_records.c (rows <-> findings, the JSON line) against its Python twins.

The compiled functions are the reference functions step for step: cache.finding_from,
cache.row_of and records.finding_line (itself held to json.dumps of the record in
test_writers_line.py). Every finding hypothesis makes must give the same objects, rows and
bytes both ways, including what the C side leaves to Python (surrogate escapes, details
that are not plain text, numbers too big for 64 bits).
"""

from __future__ import annotations

import json
import marshal
import shutil
import sysconfig
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.assessment.scoring import Acceptance
from scanners.export import records
from scanners.export.records import RecordContext, finding_line, finding_record, finding_text
from scanners.model import Category, Finding, Severity
from scanners.sources.content import cache
from scanners.sources.content.cache import finding_from, findings_from, row_of, rows_of

native = records._native

TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(
    ["\ud800", "\udcff", '"', "\\", "\n", "\x00", "\x1f", "\x7f", "\u2028", "手", "机"]), max_size=30)
INT = st.none() | st.integers(-(2**70), 2**70) | st.integers(0, 10**6)
DETAIL = (st.dictionaries(TEXT, TEXT, max_size=3)
          | st.dictionaries(st.sampled_from(["protection", "keyword"]),
                            st.sampled_from(["none", "passphrase", "身份证"]), max_size=2)
          | st.dictionaries(TEXT, st.integers() | st.booleans() | st.none(), max_size=2))


@st.composite
def findings(draw: Any) -> Finding:
    return Finding(
        scanner=draw(st.sampled_from(["content.files", "stores.browser", "permissions.snap"])),
        rule=draw(st.sampled_from(["identity.cn_resident_id", "contact.email", "x.y"])),
        category=draw(st.sampled_from(list(Category))),
        severity=draw(st.sampled_from(list(Severity))),
        location=draw(TEXT), preview=draw(TEXT),
        fingerprint=draw(st.sampled_from(["ab" * 16, "", "é" * 70]) | TEXT),
        confidence=draw(st.sampled_from([0.4, 0.95, 1.0, 0.1 + 0.2, 0.123456])),
        line=draw(INT), start=draw(INT), end=draw(INT), path=draw(st.none() | TEXT),
        count=draw(st.integers(1, 10) | st.booleans() | st.integers(2**63, 2**64)),
        detail=draw(DETAIL), file=draw(st.none() | TEXT), member=draw(TEXT),
    )


def _contexts() -> list[RecordContext]:
    return [RecordContext(), RecordContext(7, "h\u00e9", "2026-01-01T00:00:00.000+00:00",
                                           [Acceptance("ab" * 16, reason="ok")], "zh")]


def test_built_where_a_compiler_is() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if (shutil.which(compiler) or shutil.which("cc")) and headers.exists():
        assert native is not None, "setup.py did not build scanners/_records.c"
        assert cache._native is native


@settings(max_examples=300, deadline=None)
@given(st.lists(findings(), max_size=6))
def test_lines_are_the_python_lines(items: list[Finding]) -> None:
    for ctx in _contexts():
        python = [finding_line(f, RecordContext(ctx.scan, ctx.host, ctx.scanned_at,
                                                ctx.accepted, ctx.lang)) + "\n" for f in items]
        assert [finding_text(f, ctx) for f in items] == python
        # and again, from the memo that the first pass filled
        assert [finding_text(f, ctx) for f in items] == python


@settings(max_examples=300, deadline=None)
@given(st.lists(findings(), max_size=6), st.booleans())
def test_rows_and_findings_are_the_python_ones(items: list[Finding], share: bool) -> None:
    rows = rows_of(items, share)
    assert rows == [row_of(f, share) for f in items]
    if share:  # the finding's own dict, as row_of(share=True) gives it
        for f, row in zip(items, rows, strict=True):
            assert row[13] is (f.detail or None) or not f.detail
    back = findings_from(rows)
    assert back == [finding_from(r) for r in rows] == items
    assert all(type(f.category) is Category and type(f.severity) is Severity for f in back)
    assert findings_from(marshal.loads(marshal.dumps(rows))) == items


@pytest.mark.skipif(native is None, reason="scanners/_records.c not built (no compiler)")
def test_the_c_side_takes_the_usual_finding_itself() -> None:
    """What a scan writes most (plain text, text details) does not go back to Python."""
    f = Finding("content.files", "contact.cn_mobile", Category.CONTACT, Severity.HIGH,
                "/home/u/通讯录.csv", "138****5678", "ab" * 16, 0.95, 12, 100, 111,
                "/home/u/通讯录.csv", 1, {"keyword": "手机"}, "/home/u/通讯录.csv", "")
    ctx = RecordContext()
    assert native.line(f, ctx._memo, False) is NotImplemented  # nothing in the memo yet
    text = finding_text(f, ctx)
    assert native.line(f, ctx._memo, False) == text
    assert json.loads(text) == json.loads(json.dumps(finding_record(f, RecordContext())))
    surrogate = Finding("content.files", "x.y", Category.BASIC, Severity.LOW, "a\udcffb", "p",
                        "f", 0.4)
    assert native.line(surrogate, ctx._memo, False) is NotImplemented
    assert finding_text(surrogate, ctx) == finding_line(surrogate, ctx) + "\n"


@pytest.mark.parametrize("row, error", [
    (["s"] * 15, ValueError),
    (["s", "r", "no-such-category", "high", *["x"] * 12], KeyError),
    (["s", "r", "contact", "no-such-severity", *["x"] * 12], KeyError),
    ("a string is not a row of sixteen", ValueError),
    (7, TypeError),
])
def test_a_bad_row_raises_what_finding_from_raises(row: Any, error: type[Exception]) -> None:
    good = row_of(Finding("s", "r", Category.CONTACT, Severity.HIGH, "l", "p", "f", 0.5))
    for rows in ([row], [good, row]):
        with pytest.raises(error):
            findings_from(rows)
        with pytest.raises(error):
            [finding_from(r) for r in rows]


def test_findings_from_a_damaged_cache_row_is_a_miss(tmp_path: Path) -> None:
    """The cache takes a row that does not decode as a miss: the file is read again."""
    from datetime import date

    from scanners.sources.content.walk import FileEntry

    target = tmp_path / "a.txt"
    target.write_text("x")
    s = target.stat()
    entry = FileEntry(str(target), str(target), s.st_size, s.st_dev, s.st_ino, s.st_mtime_ns,
                      s.st_mode)
    c = cache.ScanCache(tmp_path / "c.sqlite", "d", b"k" * 32)
    f = Finding("s", "r", Category.CONTACT, Severity.HIGH, "l", "p", "f", 0.5)
    c.store(entry, [f], [], "", None)
    c.commit()
    assert c.lookup(entry, date.today()) == ([f], [], "", None)
    key = c._key(entry)
    bad = c._seal(key, marshal.dumps([["s", "r", "contact", "bogus", *["x"] * 12]]))
    c._db.execute("UPDATE files SET findings = ? WHERE key = ?", (bad, key))
    assert c.lookup(entry, date.today()) is None
    c.close()
