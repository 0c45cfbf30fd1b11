"""One export shape: `scan`, `report` and `export` write the same record (JSON, JSON lines)
and the same CSV row for the same finding of the same logged audit."""

from __future__ import annotations

import csv
import io
import json

import pytest

from scanners.assessment.scoring import Acceptance
from scanners.cli.entry import main
from scanners.export.records import (
    CSV_COLUMNS,
    RECORD_FIELDS,
    FindingStream,
    RecordContext,
    csv_row,
    finding_record,
)
from scanners.model import Category, Finding, Severity

from .helpers import ADULT_ID, CHILD_ID

# every field name the README and docs/reports.md document
README_JSONL = ("location", "path", "line", "start", "end", "rule", "category", "severity",
                "confidence", "preview", "fingerprint", "count", "detail", "file", "member")
REPORT_CSV = ("host", "scanned_at", "finding_uid", "category", "severity", "rule", "location",
              "path", "line", "count", "masked_sample", "fingerprint", "confidence", "accepted",
              "remediation")


def _key(record: dict[str, object]) -> tuple[str, ...]:
    return tuple(str(record[k]) for k in ("location", "rule", "start", "fingerprint"))


def _records(text: str) -> list[str]:
    doc = json.loads(text)
    rows = doc["findings"] if isinstance(doc, dict) else doc
    return [json.dumps(r, sort_keys=True) for r in sorted(rows, key=_key)]


def _csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    at = {c: i for i, c in enumerate(CSV_COLUMNS)}
    return sorted(rows[1:], key=lambda r: tuple(r[at[k]] for k in ("location", "rule", "start",
                                                                    "fingerprint")))


def test_documented_fields_all_exist():
    assert set(README_JSONL) <= set(RECORD_FIELDS)
    assert set(REPORT_CSV) <= set(CSV_COLUMNS)
    # the CSV is the record, flattened (plus the report CSV's old name of the preview)
    assert set(CSV_COLUMNS) - {"masked_sample"} == set(RECORD_FIELDS)


def test_a_record_and_its_csv_row():
    f = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH,
                "=x.txt", "1101**********002X", "ab" * 16, 0.9, line=2, start=3, end=21,
                path="=x.txt", detail={"where": "file name"})
    ctx = RecordContext(4, "host", "2026-01-01T00:00:00.000+00:00",
                        [Acceptance("ab" * 16, reason="mine")])
    rec = finding_record(f, ctx)
    assert list(rec) == list(RECORD_FIELDS)
    assert rec["accepted"] is True and rec["scan"] == 4 and rec["remediation"]
    row = dict(zip(CSV_COLUMNS, csv_row(rec), strict=True))
    assert row["location"] == "'=x.txt" and row["masked_sample"] == row["preview"]
    assert row["accepted"] == "yes" and row["line"] == "2" and row["member"] == ""
    assert json.loads(row["detail"]) == {"where": "file name"}
    out = io.StringIO()
    FindingStream(out, "jsonl", ctx).write(f)
    assert json.loads(out.getvalue()) == rec


@pytest.fixture
def logged(tmp_path, monkeypatch):
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery staple\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    root = tmp_path / "scan"
    root.mkdir()
    (root / "a.txt").write_text(f"身份证号 {ADULT_ID}\n手机 13812345678\n", encoding="utf-8")
    (root / "=b.csv").write_text(f"姓名,身份证号\n王小明,{CHILD_ID}\n", encoding="utf-8")
    return root


def _run(*argv: str) -> None:
    assert main(list(argv)) == 0


@pytest.mark.slow
def test_scan_report_and_export_write_the_same_records(logged, tmp_path, capsys):
    out = {name: tmp_path / name for name in ("1.jsonl", "2.csv", "3.json")}
    scan = ("scan", str(logged), "--jobs", "1", "--scanners", "content", "--quiet")
    _run(*scan, "--format", "jsonl", "-o", str(out["1.jsonl"]))
    first = json.loads(out["1.jsonl"].read_text(encoding="utf-8").splitlines()[0])
    assert first["scan"] == 1 and first["accepted"] is False

    def export_and_report(sid: int) -> None:
        for fmt in ("json", "csv"):
            _run("export", str(sid), "--format", fmt, "-o", str(tmp_path / f"e{sid}.{fmt}"))
            _run("report", str(sid), "--format", fmt, "-o", str(tmp_path / f"r{sid}.{fmt}"))

    export_and_report(1)
    # an accepted risk: the next audits' records say so, in every output
    _run("accept", "1", first["fingerprint"], "--reason", "mine", "--yes")
    _run(*scan, "--format", "csv", "-o", str(out["2.csv"]))
    _run(*scan, "--format", "json", "-o", str(out["3.json"]))
    capsys.readouterr()
    export_and_report(2)
    export_and_report(3)

    def text(name: str) -> str:
        return (tmp_path / name).read_text(encoding="utf-8")

    jsonl = "[" + ",".join(out["1.jsonl"].read_text(encoding="utf-8").splitlines()) + "]"
    assert _records(jsonl) == _records(text("e1.json")) == _records(text("r1.json"))
    assert _records(text("3.json")) == _records(text("e3.json")) == _records(text("r3.json"))
    assert any(json.loads(r)["accepted"] for r in _records(text("3.json")))
    for sid in (1, 2, 3):
        assert _csv(text(f"e{sid}.csv")) == _csv(text(f"r{sid}.csv"))
    assert _csv(out["2.csv"].read_text(encoding="utf-8")) == _csv(text("r2.csv"))
    assert (tmp_path / "r2.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's BOM
    assert any(r[CSV_COLUMNS.index("accepted")] == "yes" for r in _csv(text("r2.csv")))
