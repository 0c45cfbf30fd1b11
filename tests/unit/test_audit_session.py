"""The audit session: one request in, one outcome out (log, accepted risks, score, facts)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from scanners.actions.remediate import Remediator
from scanners.assessment import scoring
from scanners.assessment.access import logged_facts
from scanners.audit_session import (
    AuditHooks,
    AuditRequest,
    AuditRequestError,
    LogProblem,
    prepare_audit,
    run_audit,
)
from scanners.cli.entry import main
from scanners.ledger import LedgerUnwritable
from scanners.model import Category, Finding

from .helpers import ADULT_ID
from .ledger_helpers import PW, _no_real_keyring, log_path, open_log  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the GUI worker test, without a screen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "customers.txt").write_text(f"姓名: 张三\n身份证号: {ADULT_ID}\n手机: 13812345678\n",
                                        encoding="utf-8")
    (root / "notes.txt").write_text("nothing personal here\n", encoding="utf-8")
    return root


def _request(folder: Path, **kw: object) -> AuditRequest:
    options: dict[str, object] = {"scanner_ids": ("content",), "jobs": 1, **kw}
    return AuditRequest(roots=(str(folder),), **options)  # type: ignore[arg-type]


def _key(f: Finding) -> tuple[object, ...]:
    return (f.rule, f.location, f.fingerprint, f.line, f.start, f.end)


def test_a_logged_audit_with_an_accepted_risk(folder: Path, data_dir: Path) -> None:
    with open_log(data_dir) as log:
        first = run_audit(_request(folder, settings={"source": "test"}), ledger=log)
        assert first.logged and first.scan_id == 1 and first.log_warning is None
        ident = next(f for f in first.result.findings if f.category is Category.IDENTITY)
        done = Remediator(log, first.scan_id).run(
            "accept", ident.location, lambda _plan: True, fingerprint=ident.fingerprint,
            reason="test data")
        assert done.done

        seen: list[Finding] = []
        second = run_audit(_request(folder), AuditHooks(on_finding=seen.append), ledger=log)
        # the front end saw every finding as it came; the log kept them too
        assert sorted(map(_key, seen)) == sorted(map(_key, second.result.findings))
        assert [a.fingerprint for a in second.accepted] == [ident.fingerprint]
        # the score leaves the accepted risk out, and is exactly what scoring says
        expected = scoring.score(second.result.findings, access=second.result.access,
                                 accepted=second.accepted)
        assert second.score.value == expected.value and second.score.raw == expected.raw
        assert second.score.raw < first.score.raw
        assert second.coverage.complete and second.scanner_ids == ("content.files",)
        summary = log.summary(second.scan_id)
        assert summary.status == "complete" and summary.score == second.score.value
        assert summary.findings == len(second.result.findings)
        # the choices made, and which key family fingerprinted it (its id, never the key)
        settings = log.summary(1).settings
        assert settings["source"] == "test" and settings["fingerprint_key"]["family"] == "machine"
        assert len(settings["fingerprint_key"]["id"]) == 16
        # the files' states are kept for remediation
        assert ident.location in logged_facts(log, second.scan_id)
        assert log.verify().ok  # the ledger it was given is left open


def test_the_log_opened_through_the_passphrase_callback(folder: Path, data_dir: Path) -> None:
    asked: list[tuple[Path, bool]] = []

    def passphrase(path: Path, *, creating: bool) -> str:
        asked.append((path, creating))
        return PW

    outcome = run_audit(_request(folder), AuditHooks(passphrase=passphrase))
    assert asked == [(log_path(data_dir), True)]
    assert outcome.scan_id == 1 and outcome.log_problems == ()
    with open_log(data_dir) as log:
        assert log.summary(1).status == "complete"
    run_audit(_request(folder), AuditHooks(passphrase=passphrase))
    assert asked[-1] == (log_path(data_dir), False)


def test_a_cancelled_audit_is_recorded_cancelled(folder: Path, data_dir: Path) -> None:
    cancel = threading.Event()
    with open_log(data_dir) as log:
        outcome = run_audit(_request(folder), AuditHooks(cancel=cancel, on_started=cancel.set),
                            ledger=log)
        assert outcome.result.cancelled and not outcome.coverage.complete
        assert outcome.coverage.status == "cancelled"
        assert log.summary(outcome.scan_id).status == "cancelled"


@pytest.mark.parametrize("case", ["wrong", "none", "declined", "no-source"])
def test_a_log_that_cannot_be_opened_warns_and_the_audit_runs(folder: Path, data_dir: Path,
                                                              case: str) -> None:
    open_log(data_dir).close()  # a log exists, under another passphrase

    def passphrase(_path: Path, *, creating: bool) -> str | None:
        assert not creating
        if case == "declined":
            raise KeyboardInterrupt
        return "not the passphrase" if case == "wrong" else None

    problems: list[LogProblem] = []
    hooks = AuditHooks(passphrase=None if case == "no-source" else passphrase,
                       on_log_problem=problems.append)
    outcome = run_audit(_request(folder), hooks)
    assert {f.category for f in outcome.result.findings} >= {Category.IDENTITY, Category.CONTACT}
    assert outcome.score.value > 0 and outcome.coverage.complete
    assert outcome.scan_id is None and not outcome.logged and outcome.accepted == ()
    assert problems == list(outcome.log_problems) and len(problems) == 1
    kind, reason = {"wrong": ("not-opened", "wrong passphrase"),
                    "none": ("not-opened", "no passphrase for the audit log"),
                    "no-source": ("not-opened", "no passphrase for the audit log"),
                    "declined": ("declined", "no passphrase given")}[case]
    assert problems[0].kind == kind and reason in problems[0].reason
    assert outcome.log_warning == problems[0].reason
    assert problems[0].sentence().startswith("not logged: ")
    with open_log(data_dir) as log:
        assert log.scans() == []


def test_a_log_that_fails_at_the_end_says_so_and_keeps_the_result(folder: Path, data_dir: Path,
                                                                   monkeypatch) -> None:
    with open_log(data_dir) as log:
        def full(*_a: object, **_k: object) -> None:
            raise LedgerUnwritable("the disk is full")

        monkeypatch.setattr(log, "finish_scan", full)
        problems: list[LogProblem] = []
        outcome = run_audit(_request(folder), AuditHooks(on_log_problem=problems.append),
                            ledger=log)
        assert outcome.logged and outcome.scan_id is None
        assert [p.kind for p in problems] == ["stopped"]
        assert outcome.log_warning == "the disk is full"
        assert outcome.result.findings and outcome.score.value > 0


def test_no_log_and_an_unscored_pipeline(folder: Path, data_dir: Path) -> None:
    outcome = run_audit(_request(folder, log=False, compute_score=False),
                        AuditHooks(passphrase=lambda _p, *, creating: PW))
    assert outcome.result.findings and outcome.score.value == 0
    assert not outcome.logged and outcome.log_problems == ()
    assert not log_path(data_dir).exists()
    # neither scored nor logged: no access facts are gathered (a stat and more per file)
    assert outcome.result.access == {}
    scored = run_audit(_request(folder, log=False, compute_score=True),
                       AuditHooks(passphrase=lambda _p, *, creating: PW))
    assert scored.result.access and scored.score.value > 0


def test_the_request_is_checked_before_anything_runs(folder: Path) -> None:
    with pytest.raises(AuditRequestError, match="unknown scanner"):
        prepare_audit(_request(folder, scanner_ids=("nope",)))
    with pytest.raises(AuditRequestError, match="no rule matches"):
        prepare_audit(_request(folder, rule_ids=("nonexistent",)))
    session = prepare_audit(AuditRequest(roots=(str(folder),), jobs=1,
                                         android_serial="R58M", nss_password_check=True))
    ctx = session.context  # complete: nothing is set on it afterwards
    assert ctx.android_serial == "R58M" and ctx.nss_password_check and ctx.stats.files_scanned == 0
    session.run()
    with pytest.raises(RuntimeError):
        session.run()


def test_the_cli_and_the_gui_worker_agree(folder: Path, capsys, qtbot) -> None:
    from PySide6.QtCore import QThreadPool

    from desktop.scan.worker import ScanOutcome, ScanRequest, ScanWorker

    assert main(["scan", str(folder), "--scanners", "content", "--format", "json", "--jobs",
                 "1", "--no-log", "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(folder),), scanner_ids=("content",), jobs=1))
    with qtbot.waitSignal(worker.signals.finished, timeout=60_000) as blocker:
        pool.start(worker)
    pool.waitForDone()
    outcome: ScanOutcome = blocker.args[0]
    assert doc["score"]["value"] == outcome.score.value and outcome.score.value > 0
    assert doc["score"]["band"] == outcome.score.band
    cli = sorted((d["rule"], d["location"], d["fingerprint"], d.get("line"))
                 for d in doc["findings"])
    gui = sorted((f.rule, f.location, f.fingerprint, f.line) for f in outcome.result.findings)
    assert cli == gui and len(gui) >= 2
