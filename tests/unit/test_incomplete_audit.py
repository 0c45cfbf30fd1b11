"""Incomplete is never clean (issue 12): a cancelled, failed or largely unreadable audit has no
band, is logged as such, and is never a trend point or a "previous audit"."""

from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest

from scanners import engine
from scanners.assessment.coverage import coverage_of
from scanners.assessment.scoring import score
from scanners.assessment.trend import previous_scan
from scanners.cli.entry import main
from scanners.model import ScanError, ScannerStatus, ScanResult, ScanStats

from .helpers import ADULT_ID
from .ledger_helpers import _no_real_keyring, open_log  # noqa: F401


def _result(**kw) -> ScanResult:
    return ScanResult(started=datetime.now(), **kw)


def test_coverage_judges_cancelled_failed_and_unreadable():
    assert coverage_of(_result(stats=ScanStats(files_scanned=10))).complete
    cancelled = coverage_of(_result(cancelled=True))
    assert not cancelled.complete and cancelled.status == "cancelled"
    failed = coverage_of(_result(statuses={"stores.chromium": ScannerStatus(
        "stores.chromium", state="failed")}, stats=ScanStats(files_scanned=10)))
    assert not failed.complete and failed.status == "partial"
    assert "stores.chromium" in failed.reasons[0]
    errors = [ScanError("content.files", f"/h/f{i}", "unreadable", "permission denied")
              for i in range(5)]
    half = coverage_of(_result(errors=errors, stats=ScanStats(files_scanned=5)))
    assert not half.complete and half.files_unread == 5 and "5 of 10" in half.reasons[0]
    few = coverage_of(_result(errors=errors[:1], stats=ScanStats(files_scanned=50)))
    assert few.complete
    # a member of an archive that could not be read is part of a file that was read
    members = [ScanError("content.files", f"/h/a.zip!m{i}", "timeout", "", member=f"m{i}")
               for i in range(9)]
    assert coverage_of(_result(errors=members, stats=ScanStats(files_scanned=1))).complete
    # nothing read at all, one root that could not be listed: incomplete
    # piaudit's own failure on every file (a bug met there) is no all-clear either
    bugs = [ScanError("content.files", f"/h/f{i}", "internal", "NameError") for i in range(8)]
    assert not coverage_of(_result(errors=bugs, stats=ScanStats(files_scanned=8))).complete
    assert coverage_of(_result(errors=bugs[:1], stats=ScanStats(files_scanned=50))).complete
    died = [ScanError("content.files", f"/h/f{i}", "crashed", "the worker process scanning "
                      "this file stopped") for i in range(8)]
    assert not coverage_of(_result(errors=died, stats=ScanStats(files_scanned=2))).complete
    root = [ScanError("content.files", "/h", "unreadable", "permission denied")]
    assert not coverage_of(_result(errors=root)).complete


def _cancelled_before_anything(home):
    ctx = engine.make_context([home], jobs=1, cache=False)
    ctx.cancel.set()
    return engine.audit(ctx, ["content"])


def test_partial_and_cancelled_audits_are_never_the_previous_audit(tmp_path, data_dir):
    home = tmp_path / "home"
    home.mkdir()
    (home / "a.txt").write_text(f"id {ADULT_ID}\n")
    log = open_log(data_dir)
    try:
        full = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
        s1 = log.begin_scan([str(home)], ["content.files"])
        log.add_findings(s1, full.findings)
        log.finish_scan(s1, full, score(full.findings))
        stopped = _cancelled_before_anything(home)
        assert stopped.cancelled
        s2 = log.begin_scan([str(home)], ["content.files"])
        log.finish_scan(s2, stopped, score(stopped.findings), complete=False)
        broken = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
        broken.statuses["content.files"].state = "failed"
        s3 = log.begin_scan([str(home)], ["content.files"])
        log.finish_scan(s3, broken, score(broken.findings))
        statuses = {s.id: s.status for s in log.scans()}
        assert statuses == {s1: "complete", s2: "cancelled", s3: "partial"}
        assert log.summary(s3).coverage["codes"] == ["failed"]
        s4 = log.begin_scan([str(home)], ["content.files"])
        log.finish_scan(s4, full, score(full.findings))
        prev = previous_scan(log, s4)
        assert prev is not None and prev.id == s1  # not the cancelled or the partial one
        assert log.verify().ok
    finally:
        log.close()


def test_cli_json_and_table_of_a_cancelled_audit_show_no_band(tmp_path, capsys, monkeypatch):
    """The CLI is stopped (as by Ctrl+C) before anything is read."""
    from scanners.cli import entry as cli_mod

    home = tmp_path / "home"
    home.mkdir()
    (home / "a.txt").write_text(f"id {ADULT_ID}\n")
    real_audit = engine.audit

    def stopped_audit(ctx, *a, **kw):
        ctx.cancel.set()
        return real_audit(ctx, *a, **kw)

    monkeypatch.setattr(cli_mod.engine if hasattr(cli_mod, "engine") else engine, "audit",
                        stopped_audit)
    code = main(["scan", str(home), "--format", "json", "--no-log", "--jobs", "1"])
    doc = json.loads(capsys.readouterr().out)
    assert code != 0
    assert doc["complete"] is False and doc["score"]["band"] is None
    assert "cancelled" in doc["coverage"]["codes"]
    main(["scan", str(home), "--format", "table", "--no-log", "--jobs", "1"])
    captured = capsys.readouterr()
    assert "INCOMPLETE AUDIT" in captured.out
    assert "(low)" not in captured.out and "nothing to do" not in captured.out.lower()
    assert "incomplete audit" in captured.err


@pytest.mark.parametrize("stop", [False, True])
def test_threaded_cancel_midway_is_incomplete(tmp_path, stop):
    home = tmp_path / "home"
    home.mkdir()
    for i in range(50):
        (home / f"f{i}.txt").write_text(f"id {ADULT_ID}\n" * 20)
    ctx = engine.make_context([home], jobs=1, cache=False)
    if stop:
        threading.Timer(0.0, ctx.cancel.set).start()
    result = engine.audit(ctx, ["content"])
    assert coverage_of(result).complete == (not result.cancelled)


def test_a_file_that_cannot_be_read_is_counted_once(tmp_path, monkeypatch):
    """A file whose open fails is unread, not also scanned: "10 of 30 files", not "of 40"."""
    from scanners.sources.content import parts

    home = tmp_path / "home"
    home.mkdir()
    for i in range(30):
        (home / f"{'locked' if i < 10 else 'open'}{i:02d}.txt").write_text(f"id {ADULT_ID}\n")
    real_open = parts.Source.open

    def denied(self):  # the operating system refusing the read (root ignores chmod)
        if self.path is not None and self.path.name.startswith("locked"):
            raise PermissionError(13, "Permission denied", str(self.path))
        return real_open(self)

    monkeypatch.setattr(parts.Source, "open", denied)
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    assert result.stats.files_scanned == 20 and result.stats.files_unread == 10
    cov = coverage_of(result)
    assert cov.files_read == 20 and cov.files_unread == 10
    assert not cov.complete and "10 of 30 files" in cov.reasons[0]
    assert len({f.file for f in result.findings}) == 20
