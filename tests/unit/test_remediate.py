"""Remediation: each action on real files, confirmed, recorded in the log, undone; stale files refused."""

from __future__ import annotations

import os
import stat

import pytest

from scanners import engine
from scanners.actions.remediate import (
    FileChanged,
    RemediationError,
    Remediator,
    accepted_risks,
    redact_text,
)
from scanners.assessment.access import collect, log_facts
from scanners.assessment.scoring import score

from .helpers import ADULT_ID, OTHER_ID
from .ledger_helpers import _no_real_keyring, open_log  # noqa: F401

YES = lambda plan: True  # noqa: E731
NO = lambda plan: False  # noqa: E731


@pytest.fixture
def scanned(tmp_path, data_dir):
    home = tmp_path / "home"
    home.mkdir()
    files = {
        "a.csv": f"姓名,身份证号,手机号\n张三,{ADULT_ID},13812345678\n李四,{OTHER_ID},13912345678\n",
        "b.txt": f"my id {ADULT_ID}\n",
    }
    for name, text in files.items():
        (home / name).write_text(text, encoding="utf-8")
        (home / name).chmod(0o644)
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    log = open_log(data_dir)
    sid = log.begin_scan([str(home)], ["content.files"])
    log.add_findings(sid, result.findings)
    log_facts(log, sid, result.access)
    log.finish_scan(sid, result, score(result.findings, access=result.access))
    yield log, sid, home, result
    log.close()


def test_nothing_happens_without_confirmation(scanned):
    log, sid, home, _ = scanned
    r = Remediator(log, sid, vault_dir=home.parent / "vault")
    before = (home / "b.txt").read_bytes()
    for kind in ("restrict", "vault", "redact", "delete"):
        out = r.run(kind, str(home / "b.txt"), NO)
        assert not out.done
    assert (home / "b.txt").read_bytes() == before
    assert stat.S_IMODE((home / "b.txt").stat().st_mode) == 0o644
    assert log.actions() == []


def test_restrict_and_undo(scanned):
    log, sid, home, _ = scanned
    r = Remediator(log, sid)
    out = r.run("restrict", str(home / "b.txt"), YES)
    assert out.done and stat.S_IMODE((home / "b.txt").stat().st_mode) == 0o600
    [action] = log.actions()
    assert action["kind"] == "restrict" and action["detail"]["old_mode"] == 0o644
    r.undo(out.action_id, YES)
    assert stat.S_IMODE((home / "b.txt").stat().st_mode) == 0o644
    with pytest.raises(RemediationError, match="already undone"):
        r.undo(out.action_id, YES)


def test_vault_move_list_and_restore(scanned, data_dir):
    log, sid, home, _ = scanned
    r = Remediator(log, sid)
    original = (home / "a.csv").read_bytes()
    out = r.run("vault", str(home / "a.csv"), YES)
    assert out.done and not (home / "a.csv").exists()
    vault_files = list((data_dir / "vault").iterdir())
    for f in vault_files:  # item and index are encrypted: no value, no path in clear
        body = f.read_bytes()
        assert ADULT_ID.encode() not in body and b"a.csv" not in body
    index = r.vault().index()
    assert [e["path"] for e in index.values()] == [str(home / "a.csv")]
    r.undo(out.action_id, YES)
    assert (home / "a.csv").read_bytes() == original
    assert stat.S_IMODE((home / "a.csv").stat().st_mode) == 0o644
    assert r.vault().index() == {}


def test_redacted_copy_masks_every_value(scanned):
    log, sid, home, _ = scanned
    r = Remediator(log, sid)
    out = r.run("redact", str(home / "a.csv"), YES)
    copy = home / "a.redacted.csv"
    text = copy.read_text(encoding="utf-8")
    assert out.detail["masked"] >= 4 and ADULT_ID not in text and OTHER_ID not in text
    assert "13812345678" not in text and "姓名,身份证号,手机号" in text
    assert (home / "a.csv").read_text(encoding="utf-8").count(ADULT_ID) == 1  # original kept
    r.undo(out.action_id, YES)
    assert not copy.exists()
    masked, n = redact_text(f"id {ADULT_ID} end")
    assert n == 1 and ADULT_ID not in masked and masked.startswith("id 1101") and masked.endswith(" end")


def test_secure_delete_overwrites_and_is_not_undoable(scanned):
    log, sid, home, _ = scanned
    r = Remediator(log, sid)
    plan = r.plan("delete", str(home / "b.txt"))
    assert "SSD" in plan.warnings[0] and not plan.undoable
    out = r.run("delete", str(home / "b.txt"), YES)
    assert out.done and not (home / "b.txt").exists() and "SSD" in out.message
    assert not [p for p in home.iterdir() if p.name.startswith(".")]
    with pytest.raises(RemediationError, match="cannot be undone"):
        r.undo(out.action_id, YES)


def test_open_folder_returns_the_command(scanned):
    log, sid, home, _ = scanned
    out = Remediator(log, sid).run("open", str(home / "b.txt"), YES)
    assert out.done and out.command and str(home) in " ".join(out.command)
    assert log.actions()[0]["kind"] == "open"


def test_accept_risk_suppresses_by_fingerprint_and_undo(scanned):
    log, sid, home, result = scanned
    f = next(x for x in result.findings if x.rule == "identity.cn_resident_id")
    r = Remediator(log, sid)
    with pytest.raises(RemediationError, match="reason"):
        r.run("accept", f.location, YES, fingerprint=f.fingerprint, reason=" ")
    out = r.run("accept", f.location, YES, fingerprint=f.fingerprint, reason="my own ID")
    acc = accepted_risks(log)
    assert [a.fingerprint for a in acc] == [f.fingerprint] and acc[0].reason == "my own ID"
    full = score(result.findings, access=result.access)
    less = score(result.findings, access=result.access, accepted=acc)
    assert less.accepted >= 2 and less.raw < full.raw  # the same ID in both files
    r.undo(out.action_id, YES)
    assert accepted_risks(log) == []


def test_changed_files_are_refused(scanned):
    log, sid, home, _ = scanned
    r = Remediator(log, sid)
    p = home / "b.txt"
    p.write_text(p.read_text() + "more\n")
    for kind in ("restrict", "vault", "redact", "delete"):
        with pytest.raises(FileChanged, match="rescan"):
            r.run(kind, str(p), YES)
    # same size and mtime, different bytes: the hash catches it
    q = home / "a.csv"
    st = q.stat()
    q.write_bytes(q.read_bytes().replace(b"13812345678", b"13812345679"))
    os.utime(q, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(FileChanged):
        r.run("delete", str(q), YES)
    assert q.exists() and p.exists()
    assert log.actions() == []
    unknown = home / "new.txt"
    unknown.write_text("x")
    with pytest.raises(FileChanged, match="no state"):
        r.run("restrict", str(unknown), YES)


def test_facts_collected_for_every_finding_location(scanned):
    _log, _sid, home, result = scanned
    facts = collect(result)
    assert set(facts) == {f.location for f in result.findings}
    assert all(a.sha256 and a.size for a in facts.values())
