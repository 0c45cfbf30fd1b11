"""The audit log: encryption, keys, migrations, tamper evidence, purge, concurrency, full disk."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import threading
import time
from datetime import UTC, datetime

import keyring.backends.fail
import pytest

import scanners.ledger.schema as ledger_mod
from scanners.assessment.scoring import score
from scanners.ledger import (
    AuditRecorder,
    Ledger,
    LedgerBusy,
    LedgerCorrupt,
    LedgerError,
    LedgerLocked,
    LedgerMissing,
    LedgerTampered,
    LedgerUnwritable,
    LedgerVersionError,
    NoPassphrase,
    WrongPassphrase,
    bench_ledger,
    export_scan,
    keyring_get,
    keyring_set,
    passphrase_from_env_or_keyring,
)
from scanners.ledger.schema import SCHEMA_VERSION
from scanners.model import Category, Finding, ScanResult, Severity

from .ledger_helpers import (
    PW,
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    errors,
    file_bytes,
    findings,
    log_path,
    open_log,
    raw,
    record_scan,
)

# --------------------------------------------------------------------------- basics


def test_round_trip_and_file_properties(data_dir):
    found = findings(30)
    result = ScanResult(started=datetime.now(UTC), finished=datetime.now(UTC),
                        roots=("/home/demo",), scanners=("content.files",), findings=found)
    result.stats.files_scanned = 12
    total = score(found)
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/home/demo"], ["content.files"], {"jobs": 2, "rules": "identity"})
        assert log.summary(sid).status == "incomplete"
        assert log.add_findings(sid, found, batch=7) == 30
        assert log.add_errors(sid, errors(3)) == 3
        summary = log.finish_scan(sid, result, total)
        assert summary.status == "complete" and summary.complete
        assert summary.score == total.value and summary.band == total.band
        assert summary.findings == 30 and summary.errors == 3 and summary.files == 12
        assert sum(summary.categories.values()) == 30
        assert summary.roots == ("/home/demo",) and summary.settings["rules"] == "identity"
        got_summary, got, errs = log.scan(sid)
        assert got == found  # every field, including detail, category and severity enums
        assert errs == errors(3)
        assert [s.id for s in log.scans()] == [sid]
        assert log.verify().ok
    path = log_path(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for side in path.parent.glob(path.name + "-*"):
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0, side
    con = raw(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_only_chart_columns_are_plaintext(data_dir):
    found = findings(10)
    with open_log(data_dir) as log:
        record_scan(log, 10)
    blob = file_bytes(log_path(data_dir))
    for f in found:
        for secret in (f.location, f.preview, f.fingerprint, f.detail["note"]):
            assert secret.encode() not in blob, secret
    assert b"/home/demo" not in blob and b"content.files" not in blob and b"bad zip" not in blob
    assert b"identity.ric18" not in blob
    cols = {r[1] for r in raw(log_path(data_dir)).execute("PRAGMA table_info(findings)")}
    assert cols == {"id", "scan_id", "category", "severity", "seq", "prev", "box"}


def test_every_record_has_a_fresh_nonce(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 50)
    boxes = [r[0] for r in raw(log_path(data_dir)).execute("SELECT box FROM findings")]
    assert len({b[:12] for b in boxes}) == len(boxes) == 50


def test_locked_log_reads_plaintext_only(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 4)
    with Ledger.open(log_path(data_dir), None, create=False) as log:
        assert not log.unlocked
        [s] = log.scans()
        assert s.findings == 4 and s.status == "complete" and s.roots == ()
        with pytest.raises(LedgerLocked):
            log.scan(s.id)
        with pytest.raises(LedgerLocked):
            log.begin_scan([], [])


def test_wrong_missing_and_empty_passphrases(data_dir):
    with pytest.raises(LedgerMissing):
        open_log(data_dir, create=False)
    with pytest.raises(NoPassphrase):
        open_log(data_dir, None)
    with pytest.raises(NoPassphrase):
        open_log(data_dir, "")
    open_log(data_dir).close()
    with pytest.raises(WrongPassphrase) as exc:
        open_log(data_dir, "not it")
    assert isinstance(exc.value, LedgerError)
    assert "wrong passphrase" in str(exc.value) and "\n" not in str(exc.value)


def test_change_passphrase_rewraps_without_rewriting_records(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 8)
        before = raw(log_path(data_dir)).execute("SELECT box FROM findings ORDER BY id").fetchall()
        with pytest.raises(WrongPassphrase):
            log.change_passphrase("nope", "new secret")
        log.change_passphrase(PW, "new secret")
        assert [e.kind for e in log.events()] == ["passphrase-changed"]
    after = raw(log_path(data_dir)).execute("SELECT box FROM findings ORDER BY id").fetchall()
    assert before == after
    with pytest.raises(WrongPassphrase):
        open_log(data_dir, PW)
    with open_log(data_dir, "new secret") as log:
        assert len(log.scan(1)[1]) == 8
        assert log.verify().ok


def test_corrupt_file_is_a_clear_error(data_dir):
    log_path(data_dir).write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(LedgerCorrupt) as exc:
        open_log(data_dir)
    assert "damaged" in str(exc.value)


# --------------------------------------------------------------------------- migrations


def test_version_1_log_is_upgraded(data_dir, monkeypatch):
    monkeypatch.setattr(ledger_mod, "SCHEMA_VERSION", 1)
    with open_log(data_dir) as log:
        sid = record_scan(log, 6)
    con = raw(log_path(data_dir))
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "events" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    monkeypatch.undo()
    with open_log(data_dir) as log:
        assert raw(log_path(data_dir)).execute("PRAGMA user_version").fetchone()[0] == 2
        assert len(log.scan(sid)[1]) == 6
        [event] = log.events()
        assert event.kind == "migrated" and event.data == {"from": 1, "to": 2}
        log.record_action("chmod", "/home/demo/id.txt", "done", scan_id=sid)
        assert log.verify().ok


def test_newer_log_is_refused_clearly(data_dir):
    open_log(data_dir).close()
    raw(log_path(data_dir)).execute("PRAGMA user_version = 99")
    with pytest.raises(LedgerVersionError) as exc:
        open_log(data_dir)
    assert "newer piaudit" in str(exc.value)


# --------------------------------------------------------------------------- tamper evidence


@pytest.fixture
def three_scans(data_dir):
    with open_log(data_dir) as log:
        for i in range(3):
            record_scan(log, 5, scan=i)
        log.record_action("delete", "/home/demo/old.csv", "done", scan_id=1)
        log.record_setting("exclude", [], ["*.iso"])
        assert log.verify().ok
    return log_path(data_dir)


def _verify(data_dir):
    with open_log(data_dir) as log:
        return log.verify()


def _box(con, table, rid, col="box"):
    return con.execute(f"SELECT {col} FROM {table} WHERE id = ?", (rid,)).fetchone()[0]


def test_edited_ciphertext_is_named(three_scans, data_dir):
    con = raw(three_scans)
    box = bytearray(_box(con, "findings", 7))
    box[20] ^= 1
    con.execute("UPDATE findings SET box = ? WHERE id = 7", (bytes(box),))
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "findings #7"
    assert "authenticate" in report.problem
    with open_log(data_dir) as log, pytest.raises(LedgerTampered):
        log.scan(2)


@pytest.mark.parametrize("sql, bad", [
    ("UPDATE findings SET severity = 0 WHERE id = 9", "findings #9"),
    ("UPDATE findings SET category = 'basic' WHERE id = 9", "findings #9"),
    ("UPDATE findings SET scan_id = 1 WHERE id = 9", "findings #9"),
    ("UPDATE scans SET score = 3 WHERE id = 2", "scans #2 (end)"),
    ("UPDATE scans SET findings = 1 WHERE id = 2", "scans #2 (end)"),
    ("UPDATE scans SET started = '2020-01-01T00:00:00.000+00:00' WHERE id = 2", "scans #2 (start)"),
    ("UPDATE scans SET status = 'cancelled' WHERE id = 2", "scans #2 (end)"),
    ("UPDATE actions SET scan_id = 3 WHERE id = 1", "actions #1"),
])
def test_edited_plaintext_column_is_named(three_scans, data_dir, sql, bad):
    raw(three_scans).execute(sql)
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == bad, report


def test_incomplete_marked_complete_is_detected(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 2)
        log.begin_scan(["/x"], ["content.files"])
    raw(log_path(data_dir)).execute("UPDATE scans SET status = 'complete' WHERE id = 2")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "scans #2 (start)" and "no end record" in report.problem


def test_deleted_record_is_named(three_scans, data_dir):
    raw(three_scans).execute("DELETE FROM findings WHERE id = 8")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "findings #9" and "missing" in report.problem


def test_deleted_scan_with_its_findings_is_detected(three_scans, data_dir):
    con = raw(three_scans)
    con.execute("DELETE FROM findings WHERE scan_id = 2")
    con.execute("DELETE FROM errors WHERE scan_id = 2")
    con.execute("DELETE FROM scans WHERE id = 2")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "scans #3 (start)"


def test_truncated_tail_is_detected(three_scans, data_dir):
    con = raw(three_scans)
    con.execute("DELETE FROM settings_changes")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "end of log" and "deleted" in report.problem


def test_forged_head_is_detected(three_scans, data_dir):
    con = raw(three_scans)
    con.execute("DELETE FROM settings_changes")
    con.execute("UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'head_seq'")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "header"


def test_reordered_records_are_detected(three_scans, data_dir):
    con = raw(three_scans)
    a = con.execute("SELECT seq, prev, box FROM findings WHERE id = 4").fetchone()
    b = con.execute("SELECT seq, prev, box FROM findings WHERE id = 5").fetchone()
    con.execute("UPDATE findings SET seq = -1 WHERE id = 4")
    con.execute("UPDATE findings SET seq = ?, prev = ?, box = ? WHERE id = 5", a)
    con.execute("UPDATE findings SET seq = ?, prev = ?, box = ? WHERE id = 4", b)
    report = _verify(data_dir)
    # row 5 now sits at row 4's place in the chain: it is the first bad record
    assert not report.ok and report.first_bad == "findings #5", report


def test_swapped_positions_are_detected(three_scans, data_dir):
    con = raw(three_scans)
    con.execute("UPDATE findings SET seq = -seq WHERE id IN (4, 5)")
    con.execute("UPDATE findings SET seq = -seq + 1 WHERE id = 4")
    con.execute("UPDATE findings SET seq = -seq - 1 WHERE id = 5")
    report = _verify(data_dir)
    assert not report.ok and report.first_bad in ("findings #4", "findings #5"), report


def test_replayed_record_is_detected(three_scans, data_dir):
    con = raw(three_scans)
    # An old record copied over a newer one...
    old = con.execute("SELECT prev, box FROM findings WHERE id = 1").fetchone()
    con.execute("UPDATE findings SET prev = ?, box = ? WHERE id = 12", old)
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "findings #12", report


def test_replayed_record_appended_is_detected(three_scans, data_dir):
    con = raw(three_scans)
    head = int(con.execute("SELECT value FROM meta WHERE key = 'head_seq'").fetchone()[0])
    row = con.execute("SELECT scan_id, category, severity, prev, box FROM findings WHERE id = 3").fetchone()
    con.execute("INSERT INTO findings (id, scan_id, category, severity, seq, prev, box)"
                " VALUES (999, ?, ?, ?, ?, ?, ?)", (row[0], row[1], row[2], head + 1, row[3], row[4]))
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "findings #999", report


def test_record_from_another_log_is_detected(three_scans, data_dir, tmp_path):
    other = Ledger.open(tmp_path / "other.sqlite", PW, kdf_n=2**10)
    record_scan(other, 5)
    other.close()
    stolen = raw(tmp_path / "other.sqlite").execute("SELECT prev, box FROM findings WHERE id = 1").fetchone()
    raw(three_scans).execute("UPDATE findings SET prev = ?, box = ? WHERE id = 1", stolen)
    report = _verify(data_dir)
    assert not report.ok and report.first_bad == "findings #1"


# --------------------------------------------------------------------------- purge


def test_purge_one_scan_leaves_no_trace_and_is_recorded(data_dir):
    with open_log(data_dir) as log:
        for i in range(3):
            record_scan(log, 40, scan=i)
    con = raw(log_path(data_dir))
    purged_boxes = [r[0] for r in con.execute(
        "SELECT box FROM findings WHERE scan_id = 2 UNION ALL SELECT box FROM errors WHERE scan_id = 2"
        " UNION ALL SELECT box FROM scans WHERE id = 2 UNION ALL SELECT end_box FROM scans WHERE id = 2")]
    con.close()
    assert all(b[:32] in file_bytes(log_path(data_dir)) for b in purged_boxes)
    with open_log(data_dir) as log:
        report = log.purge(scan_ids=[2])
        assert (report.scans, report.findings, report.errors) == (1, 40, 1)
        assert report.wal_cleared
        assert [s.id for s in log.scans()] == [1, 3]
        assert log.verify().ok
        assert len(log.scan(3)[1]) == 40
        [event] = log.events()
        assert event.kind == "purge" and event.data["findings"] == 40 and "#2" in event.data["criteria"]
        assert log.begin_scan(["/"], ["x"]) == 4  # ids are never reused
    blob = file_bytes(log_path(data_dir))
    for b in purged_boxes:  # neither whole ciphertexts nor their nonces
        assert b[:12] not in blob and b[-16:] not in blob
    wal = log_path(data_dir).with_name("audit-log.sqlite-wal")
    if wal.exists():
        assert all(b[-16:] not in wal.read_bytes() for b in purged_boxes)


def test_purge_before_a_date_and_all(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 3)
        record_scan(log, 3)
    raw(log_path(data_dir)).execute(
        "UPDATE scans SET started = '2020-01-01T00:00:00.000+00:00' WHERE id = 1")
    with open_log(data_dir) as log:
        with pytest.raises(LedgerTampered):  # the edit above: a partial purge would hide it
            log.purge(before="2021-01-01")
        log.purge(everything=True)
        assert log.scans() == [] and log.verify().ok
        assert [e.kind for e in log.events()] == ["purge"]
        record_scan(log, 2)
        record_scan(log, 2)
    raw(log_path(data_dir)).execute("UPDATE scans SET started = '2020-01-01T00:00:00.000+00:00',"
                                    " finished = NULL WHERE id = 3")  # breaks the chain again
    with open_log(data_dir) as log:
        log.purge(everything=True)
        a, b = record_scan(log, 2), record_scan(log, 2)
        assert log.purge(before=datetime.now(UTC).date().isoformat()).scans == 0
        assert log.purge(before="2999-01-01").scans == 2
        assert log.scans() == [] and log.verify().ok
        with pytest.raises(LedgerError):
            log.purge(scan_ids=[a])
        with pytest.raises(LedgerError, match="not a date"):
            log.purge(before="yesterday")
    assert b == a + 1


# --------------------------------------------------------------------------- concurrency


def test_a_reader_reads_while_a_writer_writes(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 10)
    stop = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with open_log(data_dir) as w:
                sid = w.begin_scan(["/"], ["content.files"])
                for i in range(30):
                    w.add_findings(sid, findings(100, scan=i), batch=50)
                w.finish_scan(sid, status="complete")
        except BaseException as exc:
            failures.append(exc)
        finally:
            stop.set()

    t = threading.Thread(target=write)
    reads = 0
    with open_log(data_dir) as reader:
        t.start()
        while not stop.is_set() or reads < 3:
            assert reader.scans()[0].findings == 10
            assert len(reader.scan(1)[1]) == 10
            assert reader.verify().ok  # a consistent snapshot mid-write
            reads += 1
        t.join()
        assert not failures, failures
        assert reader.scans()[1].findings == 3000 and reader.verify().ok


def test_a_second_writer_waits_or_fails_clearly(data_dir):
    open_log(data_dir).close()
    blocker = sqlite3.connect(str(log_path(data_dir)), isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    with open_log(data_dir, busy_timeout=0.2) as log:
        with pytest.raises(LedgerBusy) as exc:
            log.begin_scan(["/"], ["x"])
        assert "busy" in str(exc.value)
        threading.Timer(0.3, lambda: blocker.execute("COMMIT")).start()
    with open_log(data_dir, busy_timeout=10) as log:
        t0 = time.monotonic()
        sid = log.begin_scan(["/"], ["x"])
        assert time.monotonic() - t0 < 10
        log.finish_scan(sid, status="complete")
        assert log.verify().ok


# --------------------------------------------------------------------------- full disk


def test_full_disk_is_a_clear_error_and_the_log_stays_sound(data_dir):
    with open_log(data_dir) as log:
        record_scan(log, 5)
        pages = log._conn.execute("PRAGMA page_count").fetchone()[0]
        log._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up
        sid = log.begin_scan(["/home/demo"], ["content.files"])
        with pytest.raises(LedgerUnwritable) as exc:
            log.add_findings(sid, findings(3000), batch=1000)
        assert "full" in str(exc.value)
    with open_log(data_dir) as log:
        assert log.verify().ok
        assert log.summary(sid).status == "incomplete"


def test_recorder_survives_a_full_disk_and_the_caller_keeps_its_findings(data_dir):
    warnings: list[str] = []
    log = open_log(data_dir)
    rec = AuditRecorder(log, ["/home/demo"], ["content.files"], warn=warnings.append, batch=100)
    pages = log._conn.execute("PRAGMA page_count").fetchone()[0]
    log._conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    result = ScanResult(started=datetime.now(UTC), finished=datetime.now(UTC))
    for f in findings(2000):  # what the engine does: collect, and call back
        result.findings.append(f)
        rec.on_finding(f)
    assert rec.finish(result, score(result.findings)) is None
    assert len(warnings) == 1 and "full" in warnings[0]
    assert len(result.findings) == 2000
    with open_log(data_dir) as log:
        assert log.verify().ok


# --------------------------------------------------------------------------- keys


def test_passphrase_file_and_keyring(data_dir, tmp_path, monkeypatch):
    assert passphrase_from_env_or_keyring(log_path(data_dir)) == (None, "")
    assert keyring_set("from keyring", log_path(data_dir))
    assert keyring_get(log_path(data_dir)) == "from keyring"
    assert passphrase_from_env_or_keyring(log_path(data_dir)) == ("from keyring", "keyring")
    secret = tmp_path / "pw"
    secret.write_text("from file\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(secret))
    assert passphrase_from_env_or_keyring(log_path(data_dir)) == ("from file", "file")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(tmp_path / "missing"))
    with pytest.raises(NoPassphrase, match="cannot read the passphrase file"):
        passphrase_from_env_or_keyring(log_path(data_dir))
    monkeypatch.delenv("PIAUDIT_PASSPHRASE_FILE")
    monkeypatch.setenv("PIAUDIT_KEYRING", "0")
    assert keyring_get(log_path(data_dir)) is None


def test_no_keyring_backend_degrades_gracefully(data_dir):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert keyring_get(log_path(data_dir)) is None
    assert keyring_set("x", log_path(data_dir)) is False
    assert passphrase_from_env_or_keyring(log_path(data_dir)) == (None, "")


def test_fingerprint_key_and_data_key_never_enter_the_log(data_dir):
    from scanners.detection.redact import Redactor

    redactor = Redactor.for_user(data_dir)
    key = redactor.key_bytes()
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/home/demo"], ["content.files"])
        preview, fp = redactor.redact("11011319491231002X", "digits")
        log.add_findings(sid, [Finding("content.files", "identity.ric18", Category.IDENTITY,
                                       Severity.HIGH, "/home/demo/a.txt", preview, fp, 1.0)])
        log.finish_scan(sid, status="complete")
        data_key = log._sealer._aead  # type: ignore[union-attr]
        assert data_key is not None
        assert log.scan(sid)[1][0].fingerprint == fp
    blob = file_bytes(log_path(data_dir))
    for form in (key, key.hex().encode(), key.hex().upper().encode()):
        assert form not in blob
    assert fp.encode() not in blob  # fingerprints are encrypted too


# --------------------------------------------------------------------------- export, bench


def test_export_json_and_csv_escape_formulas(data_dir):
    nasty = Finding("content.files", "contact.email", Category.CONTACT, Severity.LOW,
                    "=HYPERLINK(\"http://x\")", "+1***@x.com", "fp", 0.5, path="@sum(A1)")
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/"], ["content.files"])
        log.add_findings(sid, [nasty, *findings(3)])
        log.finish_scan(sid, status="complete")
        out = io.StringIO()
        assert export_scan(log, sid, "json", out) == 4
        doc = json.loads(out.getvalue())
        assert doc["scan"] == sid and doc["summary"]["id"] == sid and len(doc["findings"]) == 4
        assert all(f["scan"] == sid for f in doc["findings"])
        assert doc["findings"][1]["preview"] == "1101******0000**2X"
        out = io.StringIO()
        export_scan(log, sid, "csv", out)
        rows = list(csv.reader(io.StringIO(out.getvalue())))
    header, first = rows[0], rows[1]
    assert header[0] == "scan" and len(rows) == 5
    cell = dict(zip(header, first, strict=True))
    assert cell["location"].startswith("'=") and cell["preview"].startswith("'+")
    assert cell["path"].startswith("'@")


def test_bench_ledger_reports_its_figures():
    figures = bench_ledger(2000)
    assert figures["findings"] == 2000
    assert figures["record_s"] > 0 and figures["read_s"] > 0 and figures["bytes"] > 0


def test_the_log_is_never_written_in_plain_sqlite_mode(data_dir):
    """secure_delete is on for every connection the ledger opens."""
    with open_log(data_dir) as log:
        assert log._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert os.path.exists(log_path(data_dir))


def test_sqlite_errors_never_escape_as_tracebacks(data_dir):
    with open_log(data_dir) as log:
        log._conn.execute("DROP TABLE findings")
        sid = log.begin_scan(["/"], ["x"])
        with pytest.raises(LedgerError):
            log.add_findings(sid, findings(2))
    assert sqlite3.sqlite_version
