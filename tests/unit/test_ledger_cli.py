"""The log on the command line: scan records it; history, show, verify, export, purge, passphrase."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from scanners.cli.entry import main

from .helpers import ADULT_ID, CHILD_ID
from .ledger_helpers import (
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    open_log,
    record_scan,
)

PASS = "cli passphrase"


@pytest.fixture
def pwfile(tmp_path, monkeypatch):
    path = tmp_path / "passphrase"
    path.write_text(PASS + "\n", encoding="utf-8")
    path.chmod(0o600)  # a file others can read gets a warning line on stderr
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(path))
    return path


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "scan"
    root.mkdir()
    (root / "a.txt").write_text(f"身份证号 {ADULT_ID}\n手机 13812345678\n", encoding="utf-8")
    (root / "=b.csv").write_text(f"姓名,身份证号\n王小明,{CHILD_ID}\n", encoding="utf-8")
    return root


def _scan(root, *extra):
    return main(["scan", str(root), "--format", "jsonl", "--jobs", "1", "-o", "/dev/null",
                 "--scanners", "content", "--rules", "identity,contact", *extra])


def _seed(data_dir, n_scans=1, passphrase=PASS):
    """A log with synthetic scans, written through the API (real scans are slow to start)."""
    with open_log(data_dir, passphrase) as log:
        for i in range(n_scans):
            record_scan(log, 4, scan=i)


@pytest.mark.slow
def test_scan_is_logged_and_history_show_verify_export(corpus, pwfile, capsys, tmp_path, data_dir):
    assert _scan(corpus) == 0
    assert _scan(corpus, "--no-log") == 0
    err = capsys.readouterr().err
    assert err.count("logged as scan #1") == 1 and "not logged" not in err
    _seed(data_dir)  # a second, synthetic scan
    with open_log(data_dir, PASS) as log:
        scans = log.scans(decrypt=True)
        assert [s.id for s in scans] == [1, 2] and all(s.complete for s in scans)
        assert scans[0].roots == (str(corpus),) and scans[0].findings >= 3
        assert scans[0].settings["format"] == "jsonl"

    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "complete" in out and str(corpus) in out

    assert main(["history", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc[0]["score"] == scans[0].score

    assert main(["show", "1"]) == 0
    out = capsys.readouterr().out
    assert "1101**********002X" in out and ADULT_ID not in out and "Score:" in out

    assert main(["verify"]) == 0
    assert "OK" in capsys.readouterr().out

    target = tmp_path / "export.csv"
    assert main(["export", "1", "--format", "csv", "-o", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert "identity.cn_resident_id" in {r["rule"] for r in rows}
    assert any(r["location"].startswith("'/") or r["location"].startswith("/") for r in rows)
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert main(["export", "2", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scan"] == 2 and doc["summary"]["id"] == 2 and ADULT_ID not in json.dumps(doc)


def test_verify_fails_with_exit_1_and_names_the_record(pwfile, capsys, data_dir):
    _seed(data_dir)
    con = sqlite3.connect(str(data_dir / "audit-log.sqlite"), isolation_level=None)
    con.execute("UPDATE findings SET severity = 0 WHERE id = 2")
    con.close()
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "findings #2" in out
    assert main(["show", "1"]) == 1
    assert "does not authenticate" in capsys.readouterr().err


def test_no_passphrase_warns_once_and_scans_anyway(corpus, capsys, data_dir):
    assert _scan(corpus) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "not logged" in line]
    assert lines == ["piaudit: not logged: no passphrase for the audit log;"
                     " set PIAUDIT_PASSPHRASE_FILE or use --no-log"]
    assert not (data_dir / "audit-log.sqlite").exists()
    assert main(["history"]) == 2
    assert "no audit log yet" in capsys.readouterr().err


def test_wrong_passphrase_is_one_clear_line(corpus, pwfile, capsys, data_dir):
    _seed(data_dir, passphrase="something else")
    assert _scan(corpus) == 0  # the scan still runs...
    err = capsys.readouterr().err
    assert "piaudit: not logged: wrong passphrase" in err and "Traceback" not in err
    assert main(["verify"]) == 2  # ...and the log commands refuse clearly
    err = capsys.readouterr().err
    assert err.startswith("piaudit: error: wrong passphrase") and err.count("\n") == 1


def test_history_without_passphrase_shows_plaintext_only(capsys, data_dir):
    _seed(data_dir)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "(locked)" in out and "/home/demo" not in out and "complete" in out
    assert main(["show", "1"]) == 2
    assert "passphrase is needed" in capsys.readouterr().err


def test_purge_and_usage_errors(pwfile, capsys, data_dir):
    _seed(data_dir, 3)
    assert main(["purge", "--scan", "2"]) == 2  # not a terminal: needs --yes
    assert "--yes" in capsys.readouterr().err
    assert main(["purge", "--scan", "2", "--yes"]) == 0
    assert "purged 1 scan(s)" in capsys.readouterr().err
    assert main(["purge", "--scan", "9", "--yes"]) == 2
    assert "no scan #9" in capsys.readouterr().err
    assert main(["purge", "--before", "not-a-date", "--yes"]) == 2
    assert main(["purge"]) == 2  # one of --scan/--before/--all is required
    assert main(["purge", "--all", "--scan", "1"]) == 2
    assert main(["show", "x"]) == 2
    capsys.readouterr()
    assert main(["verify"]) == 0
    with open_log(data_dir, PASS) as log:
        assert [s.id for s in log.scans()] == [1, 3]
        assert [e.kind for e in log.events()] == ["purge"]
    assert main(["purge", "--all", "--yes"]) == 0
    with open_log(data_dir, PASS) as log:
        assert log.scans() == []


def test_passphrase_change_and_keyring(corpus, pwfile, capsys, tmp_path, monkeypatch, data_dir):
    _seed(data_dir)
    new = tmp_path / "new"
    new.write_text("brand new\n", encoding="utf-8")
    assert main(["passphrase", "--new-passphrase-file", str(new), "--keyring"]) == 0
    err = capsys.readouterr().err
    assert "changed" in err and "keyring now holds" in err and "still holds the old" in err
    monkeypatch.delenv("PIAUDIT_PASSPHRASE_FILE")  # from now on the keyring has it
    assert main(["verify"]) == 0
    assert _scan(corpus, "-q") == 0
    with open_log(data_dir, "brand new") as log:
        assert len(log.scans()) == 2
    assert main(["passphrase", "--forget"]) == 0
    assert "removed" in capsys.readouterr().err
    assert main(["verify"]) == 2
