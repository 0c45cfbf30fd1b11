"""The report, fix, undo, vault and accept commands end to end through cli.main()."""

from __future__ import annotations

import json
import os
import stat

import pytest

from scanners.cli.entry import main

from .helpers import ADULT_ID


@pytest.fixture
def logged(tmp_path, monkeypatch, capsys):
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery staple\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    export = home / "Downloads" / "customers.csv"
    export.write_text(f"姓名,身份证号,手机\n张三,{ADULT_ID},13812345678\n", encoding="utf-8")
    os.chmod(export, 0o644)
    assert main(["scan", str(home), "--format", "jsonl", "--jobs", "1"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    return home, export, rows


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "sarif", "ocsf", "pdf"])
def test_report_of_a_logged_scan(logged, tmp_path, fmt, capsys):
    out = tmp_path / f"report.{fmt}"
    assert main(["report", "latest" if fmt != "html" else "1", "--format", fmt, "--output", str(out)]) == 0
    data = out.read_bytes()
    assert data and ADULT_ID.encode() not in data
    if fmt in ("html", "json", "csv"):
        assert "1101**********002X" in data.decode("utf-8-sig")


def test_restrict_then_undo(logged, capsys):
    _, export, _ = logged
    assert main(["fix", "latest", str(export), "--action", "restrict", "--yes"]) == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["actions"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    action_id = next(r[0] for r in rows if "restrict" in r)
    assert main(["undo", action_id, "--yes"]) == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o644


def test_fix_refuses_a_file_changed_since_the_scan(logged, capsys):
    _, export, _ = logged
    export.write_text("changed\n", encoding="utf-8")
    assert main(["fix", "latest", str(export), "--action", "restrict", "--yes"]) != 0
    assert "rescan" in capsys.readouterr().err.lower()


def test_vault_and_restore(logged, capsys):
    _, export, _ = logged
    original = export.read_bytes()
    assert main(["fix", "latest", str(export), "--action", "vault", "--yes"]) == 0
    assert not export.exists()
    capsys.readouterr()
    assert main(["vault", "list"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    entry = next(r[0] for r in rows if r[-1] == str(export))
    assert main(["vault", "restore", entry, "--yes"]) == 0
    assert export.read_bytes() == original


def test_accepted_risk_leaves_the_score(logged, capsys):
    _, export, rows = logged
    ric = next(r for r in rows if r["rule"] == "identity.cn_resident_id")
    assert main(["accept", "latest", ric["fingerprint"], "--reason", "my own ID", "--yes"]) == 0
    capsys.readouterr()
    assert main(["scan", str(export.parent), "--format", "json", "--jobs", "1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "identity" not in {c["category"] for c in doc["score"]["categories"]}


@pytest.mark.parametrize("loss", ["emptied", "deleted"])
def test_vault_survives_the_loss_of_the_log(logged, capsys, data_dir, loss):
    """An emptied or deleted log fails verify, and the vault still opens with the passphrase."""
    from scanners.ledger import default_path

    _, export, _ = logged
    original = export.read_bytes()
    assert main(["fix", "latest", str(export), "--action", "vault", "--yes"]) == 0
    log = default_path()
    for extra in (log.with_name(log.name + "-wal"), log.with_name(log.name + "-shm")):
        extra.unlink(missing_ok=True)
    if loss == "emptied":
        log.write_bytes(b"")
    else:
        log.unlink()
    capsys.readouterr()
    assert main(["verify"]) == 1
    assert main(["vault", "list"]) == 0
    out = capsys.readouterr()
    assert "key slot" in out.err
    entry = next(line.split()[0] for line in out.out.splitlines()[1:]
                 if line.split()[-1] == str(export))
    assert main(["vault", "restore", entry, "--yes"]) == 0
    assert export.read_bytes() == original


def test_fix_acts_on_a_name_with_a_bang(tmp_path, monkeypatch, capsys):
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery staple\n", encoding="utf-8")
    pp.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes").write_text(f"id {ADULT_ID}\n", encoding="utf-8")
    bang = home / "notes!old.txt"
    bang.write_text(f"id {ADULT_ID}\n", encoding="utf-8")
    assert main(["scan", str(home), "--format", "jsonl", "--jobs", "1"]) == 0
    before = (home / "notes").read_bytes()
    assert main(["fix", "latest", str(bang), "--action", "delete", "--yes"]) == 0
    assert not bang.exists() and (home / "notes").read_bytes() == before


def test_ocsf_lines_name_the_fingerprint_key_family(logged, tmp_path, capsys):
    """A SIEM links fingerprints only within one key family: every OCSF line names it (the
    key's public id, never the key), from a scan's own output and from the log's report."""
    home, _, rows = logged
    capsys.readouterr()
    assert main(["scan", str(home), "--format", "ocsf", "--jobs", "1", "--no-log"]) == 0
    live = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    out = tmp_path / "report.ocsf"
    assert main(["report", "latest", "--format", "ocsf", "--output", str(out)]) == 0
    logged_lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for events in (live, logged_lines):
        assert events
        keys = {json.dumps(ev["unmapped"]["fingerprint_key"], sort_keys=True) for ev in events}
        assert len(keys) == 1
        key = json.loads(keys.pop())
        assert key["family"] == "machine" and len(key["id"]) == 16
    assert live[0]["unmapped"]["fingerprint_key"] == logged_lines[0]["unmapped"]["fingerprint_key"]
