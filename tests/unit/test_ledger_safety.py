"""Issue 11, data safety of the audit log: the key slot (a lost or emptied log fails verify and
does not lose the vault), column type changes reported as tampering without record bytes,
passphrase files others can read or write, private data folders whatever the umask."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.ledger import (
    KEY_SLOT_FILE,
    Ledger,
    LedgerCorrupt,
    LedgerMissing,
    LedgerTampered,
    NoPassphrase,
    WrongPassphrase,
    passphrase_from_file,
    slot_path,
    subkey_from_slot,
    vault_key_from_slot,
)
from scanners.system import paths

from .ledger_helpers import (
    FAST,
    PW,
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    log_path,
    open_log,
    raw,
    record_scan,
)

is_root = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def pwfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PW + "\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(path))
    return path


@pytest.fixture
def logged(data_dir: Path) -> bytes:
    """A log with two scans; returns its vault key."""
    with open_log(data_dir) as log:
        record_scan(log, 4, scan=0)
        record_scan(log, 3, scan=1)
        return log.subkey("vault")


def _remove_log(path: Path) -> None:
    for p in path.parent.glob(path.name + "*"):
        p.unlink()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- the key slot


@posix_only
def test_slot_is_written_with_the_log_private_and_minimal(data_dir):
    with open_log(data_dir) as log:
        vault_key = log.subkey("vault")
        log_id = log.log_id
    slot = data_dir / KEY_SLOT_FILE
    assert slot_path(log_path(data_dir)) == slot
    assert _mode(slot) == 0o600
    doc = json.loads(slot.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "version", "log_id", "kdf", "wrapped_key"}
    assert doc["log_id"] == log_id
    header = dict(raw(log_path(data_dir)).execute("SELECT key, value FROM meta"))
    assert (doc["kdf"], doc["wrapped_key"]) == (header["kdf"], header["wrapped_key"])
    blob = slot.read_bytes()
    assert PW.encode() not in blob and vault_key not in blob and vault_key.hex().encode() not in blob
    assert not list(data_dir.glob("*.tmp"))  # the temp file was renamed, not left behind


def test_vault_key_from_slot_is_the_logs_vault_key_without_the_log(logged, data_dir):
    with open_log(data_dir) as log:
        other = log.subkey("something else")
    _remove_log(log_path(data_dir))
    assert vault_key_from_slot(PW, data_dir) == logged
    assert vault_key_from_slot(PW) == logged  # the data folder by default
    assert subkey_from_slot(PW, "something else", data_dir) == other != logged


def test_slot_follows_a_passphrase_change(logged, data_dir):
    with open_log(data_dir) as log:
        log.change_passphrase(PW, "a new passphrase")
    with pytest.raises(WrongPassphrase) as exc:
        vault_key_from_slot(PW, data_dir)
    assert PW not in str(exc.value) and "\n" not in str(exc.value)
    assert vault_key_from_slot("a new passphrase", data_dir) == logged


def test_slot_errors_are_one_clear_line(logged, data_dir, tmp_path):
    with pytest.raises(LedgerMissing, match="no audit log key slot"):
        vault_key_from_slot(PW, tmp_path)
    with pytest.raises(NoPassphrase):
        vault_key_from_slot("", data_dir)
    slot = data_dir / KEY_SLOT_FILE
    doc = json.loads(slot.read_text(encoding="utf-8"))
    slot.write_text(json.dumps({**doc, "kdf": "{\"name\": \"scrypt\"}"}), encoding="utf-8")
    with pytest.raises(LedgerCorrupt) as exc:
        vault_key_from_slot(PW, data_dir)
    assert "\n" not in str(exc.value) and doc["wrapped_key"] not in str(exc.value)


def test_a_log_without_slot_gets_one_when_opened_with_its_passphrase(logged, data_dir):
    slot = data_dir / KEY_SLOT_FILE
    slot.unlink()  # as a log written before slots existed
    Ledger.open(log_path(data_dir), None, create=False).close()
    assert not slot.exists()  # without the passphrase nothing proves the header is ours
    with pytest.raises(WrongPassphrase):
        open_log(data_dir, "not it", create=False)
    assert not slot.exists()
    open_log(data_dir, create=False).close()
    assert vault_key_from_slot(PW, data_dir) == logged


def _truncate(path: Path) -> None:
    path.write_bytes(b"")


def _empty_header(path: Path) -> None:
    con = raw(path)
    for table in ("meta", "scans", "findings", "errors", "actions", "settings_changes",
                  "events"):
        con.execute(f"DELETE FROM {table}")
    con.close()


def _fresh_database(path: Path) -> None:
    _remove_log(path)
    sqlite3.connect(path).execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")


LOSSES = {"truncated to 0 bytes": _truncate, "deleted": _remove_log,
          "header and records deleted": _empty_header, "replaced by an empty database":
          _fresh_database}


@pytest.mark.parametrize("lose", LOSSES.values(), ids=LOSSES.keys())
def test_a_lost_log_fails_verify_and_the_vault_key_survives(logged, data_dir, pwfile, capsys,
                                                            lose):
    path = log_path(data_dir)
    lose(path)
    before = path.read_bytes() if path.exists() else None
    assert main(["verify"]) == 1
    out, err = capsys.readouterr()
    assert "FAILED" in out and "records verified" not in out and "OK" not in out, out
    assert "Traceback" not in err
    # verify looked without repairing: the evidence is left as it was
    assert (path.read_bytes() if path.exists() else None) == before
    with pytest.raises(LedgerTampered):
        open_log(data_dir, create=False)
    assert vault_key_from_slot(PW, data_dir) == logged


def test_a_scan_does_not_silently_replace_a_lost_log(logged, data_dir):
    slot = (data_dir / KEY_SLOT_FILE).read_bytes()
    path = log_path(data_dir)
    for lose in (_remove_log, _truncate):
        lose(path)
        with pytest.raises(LedgerTampered, match="key slot"):
            open_log(data_dir)  # create=True, as `piaudit scan` opens it
        assert not path.exists() or path.stat().st_size == 0
        assert (data_dir / KEY_SLOT_FILE).read_bytes() == slot


def test_a_log_replaced_by_another_fails_verify(logged, data_dir, tmp_path, pwfile, capsys):
    other = tmp_path / "other"
    other.mkdir()
    with Ledger.open(other / "audit-log.sqlite", PW, kdf_n=FAST) as log:
        record_scan(log, 2)
    _remove_log(log_path(data_dir))
    (data_dir / "audit-log.sqlite").write_bytes((other / "audit-log.sqlite").read_bytes())
    with open_log(data_dir, create=False) as log:
        report = log.verify()
    assert not report.ok and report.first_bad == "header" and "replaced" in report.problem
    assert main(["verify"]) == 1
    # the slot still belongs to the lost log: its vault items stay recoverable
    assert vault_key_from_slot(PW, data_dir) == logged


def test_no_log_and_no_slot_is_still_just_missing(data_dir, pwfile, capsys):
    assert main(["verify"]) == 2
    assert "no audit log yet" in capsys.readouterr().err


def test_a_purged_log_still_verifies(logged, data_dir):
    with open_log(data_dir) as log:
        log.purge(everything=True)
    with open_log(data_dir) as log:
        assert log.verify().ok


# --------------------------------------------------------------------------- column types


def _rebuild(table: str, columns: str) -> str:
    return (f"CREATE TABLE t2 ({columns}); INSERT INTO t2 SELECT * FROM {table};"
            f" DROP TABLE {table}; ALTER TABLE t2 RENAME TO {table};")


ATTACKS = {
    "a box holds text": "UPDATE findings SET box = CAST(box AS TEXT) WHERE id = 2",
    "severity retyped TEXT": _rebuild(
        "findings", "id INTEGER PRIMARY KEY, scan_id INTEGER, category TEXT, severity TEXT,"
                    " seq INTEGER, prev BLOB, box BLOB"),
    "scan_id retyped TEXT": _rebuild(
        "errors", "id INTEGER PRIMARY KEY, scan_id TEXT, seq INTEGER, prev BLOB, box BLOB"),
    "prev holds an integer": "UPDATE findings SET prev = 7 WHERE id = 2",
    "a status holds ciphertext": "UPDATE scans SET status = CAST(box AS TEXT) WHERE id = 1",
    "an event box holds text": "UPDATE scans SET end_box = CAST(end_box AS TEXT) WHERE id = 2",
    "a column dropped": "ALTER TABLE findings DROP COLUMN severity",
    "the head is not text":
        "UPDATE meta SET value = CAST(X'fffefd00c3' AS TEXT) WHERE key = 'head_tag'",
}


def _record_bytes(path: Path) -> list[bytes]:
    con = raw(path)
    out = [b for (b,) in con.execute("SELECT box FROM findings UNION ALL SELECT box FROM scans"
                                     " UNION ALL SELECT end_box FROM scans WHERE end_box"
                                     " IS NOT NULL UNION ALL SELECT prev FROM findings")]
    con.close()
    return out


def _assert_no_record_bytes(text: str, boxes: list[bytes]) -> None:
    # Ciphertext printed in any form (decoded, replacement characters, repr, hex) leaves
    # characters outside printable ASCII, a "\x" escape, or a hex run of a record.
    assert all(32 <= ord(c) < 127 or c == "\n" for c in text), text
    assert "\\x" not in text and "b'" not in text
    for box in boxes:
        assert box[:8].hex() not in text and box[-8:].hex() not in text


@pytest.mark.parametrize("sql", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_retyped_column_is_tampering_and_no_bytes_are_printed(logged, data_dir, pwfile,
                                                                capsys, sql):
    path = log_path(data_dir)
    boxes = _record_bytes(path)
    con = raw(path)
    con.executescript(sql)
    con.close()
    assert main(["verify"]) == 1
    out, err = capsys.readouterr()
    assert "FAILED" in out and "Traceback" not in err
    _assert_no_record_bytes(out + err, boxes)
    # Every other command reading the log refuses with a one-line error, never bytes.
    for argv in (["show", "1"], ["show", "2"], ["history"], ["export", "1"],
                 ["export", "2"], ["purge", "--scan", "1", "--yes"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in err, argv
        _assert_no_record_bytes(err, boxes)
        if code != 0:
            assert code == 1 and err.count("\n") == 1, (argv, code, err)


def test_reading_a_retyped_severity_is_tampering_not_a_key_error(logged, data_dir):
    con = raw(log_path(data_dir))
    con.executescript(ATTACKS["severity retyped TEXT"])
    con.close()
    with open_log(data_dir, create=False) as log:
        report = log.verify()
        assert not report.ok and report.first_bad == "findings #1"
        with pytest.raises(LedgerTampered):
            list(log.findings(1))


def test_a_locked_history_of_a_retyped_status_is_tampering(logged, data_dir):
    con = raw(log_path(data_dir))
    con.executescript(ATTACKS["a status holds ciphertext"])
    con.close()
    with Ledger.open(log_path(data_dir), None, create=False) as log, \
            pytest.raises(LedgerTampered) as exc:
        log.scans()
    assert "scans #1" in str(exc.value)


# --------------------------------------------------------------------------- passphrase files


@posix_only
def test_a_private_passphrase_file_is_read_silently(pwfile, capsys):
    assert passphrase_from_file(pwfile) == PW
    assert capsys.readouterr().err == ""


@posix_only
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644], ids=oct)
def test_a_passphrase_file_others_can_read_is_used_with_a_warning(pwfile, capsys, mode):
    pwfile.chmod(mode)
    assert passphrase_from_file(pwfile) == PW
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "readable by other users" in err and "chmod 600" in err
    assert PW not in err


@posix_only
@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666], ids=oct)
def test_a_passphrase_file_others_can_write_is_refused(pwfile, mode):
    pwfile.chmod(mode)
    with pytest.raises(NoPassphrase, match="other users can change it") as exc:
        passphrase_from_file(pwfile)
    assert PW not in str(exc.value)


@pytest.mark.skipif(not is_root, reason="needs root to give the file to another user")
def test_a_passphrase_file_of_another_user_is_refused(pwfile):
    os.chown(pwfile, 4242, -1)
    with pytest.raises(NoPassphrase, match="belongs to another user"):
        passphrase_from_file(pwfile)


@posix_only
def test_the_cli_refuses_a_world_writable_passphrase_file(logged, pwfile, capsys):
    pwfile.chmod(0o666)
    assert main(["verify"]) == 2
    err = capsys.readouterr().err
    assert "refusing the passphrase file" in err and err.count("\n") == 1 and PW not in err


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_pipe_is_accepted_as_a_passphrase_file(capsys):
    r, w = os.pipe()
    try:
        os.write(w, b"from a pipe\n")
        os.close(w)
        assert passphrase_from_file(f"/dev/fd/{r}") == "from a pipe"
    finally:
        os.close(r)
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- private folders


@pytest.fixture
def open_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@posix_only
def test_data_dir_and_its_missing_parents_are_0700_under_umask_000(tmp_path, monkeypatch,
                                                                    open_umask):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("PIAUDIT_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(home))
    home.chmod(0o755)
    folder = paths.data_dir()
    assert folder == home / ".local" / "share" / "piaudit"
    for p in (home / ".local", home / ".local" / "share", folder):
        assert _mode(p) == 0o700, p
    assert _mode(home) == 0o755  # an existing parent is not ours to change


@posix_only
def test_cache_dir_and_its_missing_parents_are_0700_under_umask_000(tmp_path, monkeypatch,
                                                                     open_umask):
    monkeypatch.setenv("PIAUDIT_CACHE_DIR", str(tmp_path / "a" / "b" / "cache"))
    folder = paths.cache_dir()
    for p in (tmp_path / "a", tmp_path / "a" / "b", folder):
        assert _mode(p) == 0o700, p


@posix_only
def test_a_new_log_is_private_under_umask_000(tmp_path, open_umask):
    folder = tmp_path / "x" / "piaudit"
    with Ledger.open(folder / "audit-log.sqlite", PW, kdf_n=FAST) as log:
        record_scan(log, 2)
        files = list(folder.iterdir())
        assert {p.name for p in files} >= {"audit-log.sqlite", KEY_SLOT_FILE}
        for p in files:
            assert _mode(p) & 0o077 == 0, p
    assert _mode(tmp_path / "x") == 0o700 and _mode(folder) == 0o700


@posix_only
def test_an_existing_loose_data_dir_is_tightened(data_dir):
    data_dir.chmod(0o755)
    assert paths.data_dir() == data_dir
    assert _mode(data_dir) == 0o700


@pytest.mark.skipif(not is_root, reason="needs root to give the folder to another user")
def test_another_users_folder_is_left_alone(tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o755)
    os.chown(theirs, 4242, -1)
    monkeypatch.setenv("PIAUDIT_DATA_DIR", str(theirs))
    assert paths.data_dir() == theirs
    assert _mode(theirs) == 0o755


def test_a_scan_after_the_log_was_lost_says_so_without_asking_for_a_new_passphrase(
        logged, data_dir, monkeypatch, capsys, tmp_path):
    from scanners.cli import log as ledger_cli

    _remove_log(log_path(data_dir))

    def no_prompt(*_a: object, **_k: object) -> str:
        raise AssertionError("asked for a new passphrase")

    monkeypatch.setattr(ledger_cli, "_prompt_new", no_prompt)
    monkeypatch.setattr(ledger_cli, "_interactive", lambda: True)
    (tmp_path / "empty").mkdir()
    assert main(["scan", str(tmp_path / "empty"), "--scanners", "content", "--jobs", "1",
                 "--format", "jsonl", "-o", os.devnull, "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not logged" in err and "key slot" in err
    assert not log_path(data_dir).exists()


def test_a_file_named_as_the_data_folder_is_an_error_not_chmod_ed(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    not_a_folder.chmod(0o644)
    monkeypatch.setenv("PIAUDIT_DATA_DIR", str(not_a_folder))
    with pytest.raises(NotADirectoryError):
        paths.data_dir()
    assert _mode(not_a_folder) == 0o644
