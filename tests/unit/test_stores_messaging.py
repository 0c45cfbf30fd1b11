"""stores.messaging against chat and mail folders laid out as the apps do: sizes, accounts,
encrypted or not from the first bytes only, and huge, looping or unreadable folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanners import engine
from scanners.model import Finding, ScanError
from scanners.sources.stores import messaging as msg
from scanners.sources.stores.messaging import MessagingScanner
from synth import other_stores as S


def _run(home: Path, platform: str = "linux") -> tuple[list[Finding], list[ScanError]]:
    ctx = engine.make_context([home], use_cache=False, cache=False)
    ctx.home, ctx.platform = home, platform
    errors: list[ScanError] = []
    ctx.on_error = errors.append
    assert MessagingScanner().applies(ctx)
    return list(MessagingScanner().scan(ctx)), errors


def _by_rule(findings: list[Finding]) -> dict[str, Finding]:
    return {f.rule: f for f in findings}


def test_linux_apps(tmp_path):
    S.wechat4(tmp_path)
    S.qq_nt_linux(tmp_path)
    S.telegram(tmp_path, accounts=2)
    S.signal(tmp_path, "encryptedKey")
    S.slack(tmp_path)
    S.thunderbird_mail(tmp_path)
    findings, errors = _run(tmp_path)
    assert not errors
    by = _by_rule(findings)
    wechat = by["stores.messaging.wechat"]
    assert wechat.detail["encrypted"] == "yes" and wechat.detail["protection"] == "encrypted"
    assert wechat.detail["accounts"] == "1" and wechat.detail["databases_encrypted"] == "2"
    assert int(wechat.detail["size_bytes"]) == 2 * 8192
    assert wechat.category == "communications" and wechat.location == \
        "wechat:~/Documents/xwechat_files"
    qq = by["stores.messaging.qq"]
    assert qq.detail["encrypted"] == "yes" and qq.detail["accounts"] == "1"
    tg = by["stores.messaging.telegram"]
    assert tg.count == 2 and tg.detail["encrypted"] == "yes"
    assert tg.detail["protection"] == "weak-key" and tg.detail["passcode"] == "unknown"
    sig = by["stores.messaging.signal"]
    assert sig.detail["key_storage"] == "keyring" and sig.detail["protection"] == "keyring"
    slack = by["stores.messaging.slack"]
    assert slack.detail["encrypted"] == "no" and slack.detail["protection"] == "plaintext"
    mail = [f for f in findings if f.rule == "stores.messaging.thunderbird"]
    assert sorted(f.detail["mail_folders"] for f in mail) == ["1", "2"]
    assert all(f.detail["protection"] == "plaintext" for f in mail)
    assert all(f.detail["size_capped"] == "no" for f in findings)


def test_signal_with_a_plain_key_next_to_the_database(tmp_path):
    S.signal(tmp_path, "key")
    (f,), _ = _run(tmp_path)
    assert f.detail["key_storage"] == "plain" and f.detail["protection"] == "weak-key"
    assert "763a2f" not in json.dumps(f.to_dict())


def test_windows_wechat_qq_and_outlook(tmp_path):
    S.wechat_windows(tmp_path)
    S.write(tmp_path / "Documents/Tencent Files/12345678/Msg3.0.db", os.urandom(4096))
    S.pst(tmp_path / "Documents/Outlook Files/archive.pst", unicode=True, crypt=1)
    S.pst(tmp_path / "AppData/Local/Microsoft/Outlook/me@example.com.ost", unicode=True, crypt=0)
    S.pst(tmp_path / "Documents/Outlook Files/old.pst", unicode=False, crypt=0x10)
    findings, errors = _run(tmp_path, "win32")
    assert not errors
    by_loc = {f.location.rsplit("/", 1)[-1]: f for f in findings}
    wechat = by_loc["WeChat Files"]
    assert wechat.detail["accounts"] == "1" and wechat.detail["encrypted"] == "yes"
    assert by_loc["Tencent Files"].detail["accounts"] == "1"
    assert by_loc["archive.pst"].detail["pst_encryption"] == "compressible"
    assert by_loc["archive.pst"].detail["protection"] == "weak-key"
    assert by_loc["me@example.com.ost"].detail["protection"] == "plaintext"
    assert by_loc["old.pst"].detail["format"] == "pst ansi"
    assert by_loc["old.pst"].detail["pst_encryption"] == "high"


def test_plain_sqlite_message_database_is_plaintext(tmp_path):
    root = tmp_path / "Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles"
    import sqlite3

    (root / "Main Profile/Data").mkdir(parents=True)
    with sqlite3.connect(root / "Main Profile/Data/Outlook.sqlite") as c:
        c.execute("CREATE TABLE Mail (Record_RecordID INTEGER PRIMARY KEY)")
    c.close()
    (f,), errors = _run(tmp_path, "darwin")
    assert not errors and f.detail["encrypted"] == "no" and f.detail["protection"] == "plaintext"


def test_huge_folder_is_capped_and_says_at_least(tmp_path, monkeypatch):
    root = tmp_path / ".config/Slack/Cache"
    root.mkdir(parents=True)
    for i in range(300):
        (root / f"f{i}").write_bytes(b"x" * 10)
    monkeypatch.setattr(msg, "MAX_ENTRIES", 100)
    real_walk = msg.walk
    monkeypatch.setattr(msg, "walk", lambda ctx, r, d, **k: real_walk(ctx, r, d,
                                                                      max_entries=100))
    (f,), errors = _run(tmp_path)
    assert f.detail["size_capped"] == "yes" and f.preview.startswith("Slack: at least")
    assert int(f.detail["size_bytes"]) < 3000


def test_loops_garbage_and_unreadable_folders(tmp_path, monkeypatch):
    tg = S.telegram(tmp_path)
    os.symlink(tg, tg / "loop")  # a symlink back to the root is never followed
    S.write(tmp_path / "Documents/xwechat_files/wxid_a/db_storage/message/message_0.db", b"")
    S.write(tmp_path / ".config/Signal/sql/db.sqlite", b"SQLite format 3\x00" + b"\0" * 100)
    (tmp_path / ".config/QQ").mkdir(parents=True)
    real_scandir = os.scandir

    def guarded(path):  # root ignores modes: deny as the OS would
        if str(path).endswith(".config/QQ"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(msg.os, "scandir", guarded)
    findings, errors = _run(tmp_path)
    by = _by_rule(findings)
    assert by["stores.messaging.telegram"].detail["files"] == "5"
    assert by["stores.messaging.wechat"].detail["encrypted"] == "unknown"  # an empty db file
    assert by["stores.messaging.signal"].detail["encrypted"] == "no"
    assert [(e.location, e.reason) for e in errors] == [("qq:~/.config/QQ", "permission-denied")]


@pytest.mark.parametrize(("data", "reason"), [
    (b"!BD", "corrupt"), (b"NOTAPST" * 100, "corrupt"),
    (b"!BDN\0\0\0\0SM" + (99).to_bytes(2, "little") + b"\0" * 600, "unknown-version"),
    (b"!BDN\0\0\0\0SM" + (23).to_bytes(2, "little") + b"\0" * 100, "corrupt"),
])
def test_bad_pst_headers(tmp_path, data, reason):
    S.write(tmp_path / "Documents/Outlook Files/bad.pst", data)
    findings, errors = _run(tmp_path, "win32")
    assert findings == [] and [e.reason for e in errors] == [reason]


def test_audit_end_to_end(tmp_path, monkeypatch):
    home = tmp_path / "home"
    S.wechat4(home)
    S.telegram(home)
    S.thunderbird_mail(home)
    files = [p for p in home.rglob("*") if p.is_file()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    result = engine.audit(engine.make_context([home], use_cache=False, cache=False),
                          ["stores.messaging"])
    assert result.statuses["stores.messaging"].state == "ran" and not result.errors
    prot = {f.rule: result.access[f.location].protection for f in result.findings}
    assert prot == {"stores.messaging.wechat": "encrypted",
                    "stores.messaging.telegram": "weak-key",
                    "stores.messaging.thunderbird": "plaintext"}
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
