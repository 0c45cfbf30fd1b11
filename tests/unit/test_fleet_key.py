"""PIAUDIT_FINGERPRINT_KEY_FILE: one organisation key makes fingerprints agree across hosts;
the key file is checked like the log's passphrase file; the key's family and id (never the
key) are in the scan's JSON, its seal verifies, and the log records the family."""

from __future__ import annotations

import json
import os

import pytest

from scanners.cli.entry import main
from scanners.detection.fingerprint_key import FingerprintKeyError, key_id, read_fleet_key
from scanners.detection.redact import Redactor
from scanners.fleet.seal import verify

from .helpers import ADULT_ID

RULE = "identity.cn_resident_id"


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "fleet.key"
    path.write_bytes(b"0123456789abcdef" * 4 + b"\n")
    path.chmod(0o600)
    return path


def test_one_fleet_key_makes_fingerprints_agree_across_data_folders(tmp_path, key_file,
                                                                    monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    mine = Redactor.for_user(one).fingerprint(ADULT_ID, RULE)
    theirs = Redactor.for_user(two).fingerprint(ADULT_ID, RULE)
    assert mine != theirs  # each machine's own random key
    assert Redactor.for_user(one).key_info.family == "machine"
    monkeypatch.setenv("PIAUDIT_FINGERPRINT_KEY_FILE", str(key_file))
    a, b = Redactor.for_user(one), Redactor.for_user(two)
    assert a.fingerprint(ADULT_ID, RULE) == b.fingerprint(ADULT_ID, RULE)
    assert a.key_info.family == "fleet" and a.key_info.key_id == key_id(b"0123456789abcdef" * 4)
    # the line end is not part of the key: the same key saved without one agrees
    key_file.write_bytes(b"0123456789abcdef" * 4)
    assert Redactor.for_user(one).fingerprint(ADULT_ID, RULE) == a.fingerprint(ADULT_ID, RULE)


def test_an_unsafe_key_file_is_refused(key_file):
    key_file.chmod(0o620)
    with pytest.raises(FingerprintKeyError, match="other users can change it"):
        read_fleet_key(key_file)
    key_file.chmod(0o600)
    os.chown(key_file, 65534, 65534)  # another user's file (the tests run as root)
    if os.geteuid() == 0:
        with pytest.raises(FingerprintKeyError, match="belongs to another user"):
            read_fleet_key(key_file)


def test_a_readable_key_file_is_used_with_a_warning(key_file):
    key_file.chmod(0o644)
    warnings: list[str] = []
    assert read_fleet_key(key_file, warn=warnings.append) == b"0123456789abcdef" * 4
    assert len(warnings) == 1 and "readable by other users" in warnings[0]


@pytest.mark.parametrize(("content", "words"), [
    (b"short\n", "needs at least 32"),
    (b"x" * 5000, "larger than 4096"),
])
def test_a_wrong_key_file_is_refused(key_file, content, words):
    key_file.write_bytes(content)
    with pytest.raises(FingerprintKeyError, match=words):
        read_fleet_key(key_file)


def test_a_missing_key_file_stops_the_scan_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PIAUDIT_FINGERPRINT_KEY_FILE", str(tmp_path / "nope.key"))
    assert main(["scan", str(tmp_path), "--no-log", "--quiet"]) == 2
    assert "cannot read the fingerprint key file" in capsys.readouterr().err


def _scan_json(tmp_path, capsys) -> dict:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(f"身份证号：{ADULT_ID}\n", encoding="utf-8")
    assert main(["scan", str(folder), "--format", "json", "--no-log", "--quiet", "-j1"]) == 0
    out, _ = capsys.readouterr()
    assert ADULT_ID not in out
    return json.loads(out)


def test_the_json_names_the_key_and_a_fleet_key_seals_it(tmp_path, key_file, monkeypatch,
                                                         capsys):
    doc = _scan_json(tmp_path, capsys)
    assert doc["fingerprint_key"]["family"] == "machine" and "seal" not in doc
    monkeypatch.setenv("PIAUDIT_FINGERPRINT_KEY_FILE", str(key_file))
    doc = _scan_json(tmp_path, capsys)
    key = read_fleet_key(key_file)
    assert doc["fingerprint_key"] == {"family": "fleet", "id": key_id(key)}
    assert doc["seal"]["key_id"] == key_id(key)
    assert verify(doc, key) is None
    assert b"0123456789abcdef" not in json.dumps(doc).encode()  # the key itself: never
    doc["findings"][0]["preview"] = "1101**********0000"
    assert "changed after the scan" in (verify(doc, key) or "")
    assert "another key" in (verify(doc, b"k" * 32) or "")
    del doc["seal"]
    assert "no seal" in (verify(doc, key) or "")


def test_the_log_records_the_key_family(tmp_path, key_file, monkeypatch, capsys):
    monkeypatch.setenv("PIAUDIT_FINGERPRINT_KEY_FILE", str(key_file))
    passphrase = tmp_path / "pass"
    passphrase.write_text("correct horse battery\n")
    passphrase.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(passphrase))
    (tmp_path / "a.txt").write_text(f"身份证号：{ADULT_ID}\n", encoding="utf-8")
    assert main(["scan", str(tmp_path / "a.txt"), "--quiet", "-j1", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["history", "--format", "json"]) == 0
    scans = json.loads(capsys.readouterr().out)
    recorded = scans[-1]["settings"]["fingerprint_key"]
    assert recorded == {"family": "fleet", "id": key_id(read_fleet_key(key_file))}
