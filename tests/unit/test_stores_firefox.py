"""stores.firefox against Firefox/Thunderbird's real formats, per generation, OS layout and
bad input; the primary-password check on key4.db files built in NSS's own format."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from scanners.sources.stores import nss
from scanners.sources.stores.common import StoreError
from scanners.sources.stores.firefox import FirefoxScanner
from scanners.sources.stores.nss import empty_password_test
from synth.browser_stores import (
    CARD_NUMBERS,
    FIREFOX_ROOTS,
    KEY4,
    PASSWORDS,
    UNPRIVILEGED_SKIP,
    _der,
    _oid,
    _seq,
    corrupt_sqlite,
    firefox_profile,
    leaked,
    password_check_pbes2,
    run_scanner,
    scan_unprivileged,
    write_autofill_profiles,
    write_key4,
    write_logins_json,
    write_places,
)

ROOT = Path(__file__).resolve().parents[2]


def one(findings, rule):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, (rule, [f.rule for f in findings])
    return got[0]


# ---------------------------------------------------------------------------- primary password


@pytest.mark.parametrize("algo", ["pbes2", "3des"])
@pytest.mark.parametrize("password,state", [("", "not-set"), ("Hunter2-synthetic!", "set")])
def test_empty_password_test(tmp_path, algo, password, state):
    path = write_key4(tmp_path / "key4.db", password, algo=algo)
    with sqlite3.connect(path) as conn:
        assert empty_password_test(conn)[0] == state


def test_libnss3_is_on_this_machine():
    # the NSS tests below ask the real library; CI runs on this same image (Debian libnss3)
    assert nss.find_libnss3() is not None


@pytest.mark.parametrize("algo", ["pbes2", "3des"])
@pytest.mark.parametrize("password,state", [("", "not-set"), ("Hunter2-synthetic!", "set")])
def test_nss_answers_from_a_copy_and_leaves_the_original_alone(tmp_path, monkeypatch, algo,
                                                                password, state):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = write_key4(tmp_path / "profile" / "key4.db", password, algo=algo)
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = path.read_bytes()
    got, why = nss.nss_primary_password(path)
    assert (got, "PK11_NeedLogin" in why) == (state, True)
    assert path.read_bytes() == before and path.stat().st_mtime == 1_600_000_000
    assert sorted(p.name for p in path.parent.iterdir()) == ["key4.db"]  # no cert9.db left
    assert list(scratch.iterdir()) == []  # the private copy is gone


def test_nss_unknown_for_damaged_or_foreign_key_databases(tmp_path):
    garbage = tmp_path / "garbage" / "key4.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x00junk" * 100)
    with pytest.raises(StoreError) as exc:
        nss.nss_primary_password(garbage)
    assert exc.value.reason == "corrupt"
    foreign = tmp_path / "foreign" / "key4.db"  # SQLite, but not an NSS key database
    foreign.parent.mkdir()
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    truncated = tmp_path / "truncated" / "key4.db"
    truncated.parent.mkdir()
    truncated.write_bytes(write_key4(tmp_path / "whole.db", "pw").read_bytes()[:1024 + 100])
    for path in (foreign, truncated):
        state, why = nss.nss_primary_password(path)
        assert state == "unknown" and "NSS could not open key4.db" in why, why


def test_nss_unknown_when_libnss3_is_absent_or_not_nss(tmp_path, monkeypatch):
    path = write_key4(tmp_path / "key4.db", "")
    monkeypatch.setenv(nss.LIBNSS3_ENV, str(tmp_path / "nonexistent" / "libnss3.so"))
    assert nss.find_libnss3() is None
    assert nss.nss_primary_password(path) == ("unknown", "libnss3 not found")
    fake = tmp_path / "libnss3.so"
    fake.write_bytes(b"not a shared library")
    monkeypatch.setenv(nss.LIBNSS3_ENV, str(fake))
    state, why = nss.nss_primary_password(path)
    assert state == "unknown" and "could not be loaded" in why


def test_nss_timeout_is_unknown(tmp_path):
    path = write_key4(tmp_path / "key4.db", "")
    with nss.key_db_copy(path) as folder:
        library = nss.find_libnss3()
        assert library is not None
        assert nss.need_login(library, folder, timeout=0.001) == (
            "unknown", "NSS did not answer in 0 s")


def test_several_profiles_each_get_their_own_answer(tmp_path):
    firefox_profile(tmp_path, folder="a.default", primary_password="", full=False)
    firefox_profile(tmp_path, folder="b.default", primary_password="pw", full=False)
    firefox_profile(tmp_path, folder="c.default", primary_password="", full=False)
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    states = {f.detail["profile"]: f.detail["primary_password"] for f in findings
              if f.rule == "stores.firefox.logins"}
    assert states == {"a.default": "not-set", "b.default": "set", "c.default": "not-set"}


def test_corrupt_key4_is_unknown_and_the_scan_goes_on(tmp_path):
    prof = firefox_profile(tmp_path)
    (prof / "key4.db").write_bytes(b"\x00" * 4096)
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert [(e.reason, e.location.endswith("key4.db")) for e in errors] == [("corrupt", True)]
    logins = one(findings, "stores.firefox.logins")
    assert logins.detail["primary_password"] == "unknown" and "protection" not in logins.detail
    assert "corrupt" in logins.detail["primary_password_reason"]
    assert {f.rule for f in findings} == set(FirefoxScanner.rules)


@pytest.mark.parametrize("opt_in", [False, True])
def test_without_libnss3_only_the_opt_in_decrypts(tmp_path, monkeypatch, opt_in):
    firefox_profile(tmp_path, full=False)
    monkeypatch.setenv(nss.LIBNSS3_ENV, "/nonexistent/libnss3.so")
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path, nss_password_check=opt_in)
    assert errors == []
    logins = one(findings, "stores.firefox.logins")
    reason = logins.detail["primary_password_reason"]
    assert "libnss3 not found" in reason
    if opt_in:
        assert logins.detail["primary_password"] == "not-set"
        assert logins.detail["protection"] == "weak-key" and "empty-password test" in reason
    else:
        assert logins.detail["primary_password"] == "unknown"
        assert "protection" not in logins.detail and "empty-password" not in reason


def test_opt_in_is_not_used_when_nss_answers(tmp_path, monkeypatch):
    import scanners.sources.stores.firefox as firefox_module

    calls = []
    monkeypatch.setattr(firefox_module, "empty_password_test",
                        lambda conn: calls.append(conn) or ("not-set", "test"))
    firefox_profile(tmp_path, primary_password="pw", full=False)
    findings, _, _ = run_scanner(FirefoxScanner, tmp_path, nss_password_check=True)
    logins = one(findings, "stores.firefox.logins")
    assert logins.detail["primary_password"] == "set" and calls == []
    assert "PK11_NeedLogin" in logins.detail["primary_password_reason"]


@pytest.mark.parametrize("flag,state", [([], "unknown"), (["--firefox-password-check"], "set")])
def test_cli_flag_turns_on_the_empty_password_test(tmp_path, monkeypatch, capsys, flag, state):
    from scanners.cli.entry import main

    firefox_profile(tmp_path / "home", primary_password="pw", full=False)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PIAUDIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(nss.LIBNSS3_ENV, "/nonexistent/libnss3.so")
    code = main(["scan", str(tmp_path / "empty"), "--scanners", "stores.firefox", "--format",
                 "json", "--no-log", "--quiet", *flag])
    assert code in (0, 1)
    out = json.loads(capsys.readouterr().out)
    logins = [f for f in out["findings"] if f["rule"] == "stores.firefox.logins"]
    assert [f["detail"]["primary_password"] for f in logins] == [state]


def test_primary_password_unknown_for_hostile_or_foreign_key4(tmp_path):
    salt = b"s" * 20
    huge = password_check_pbes2(salt, "", claimed_iterations=2**40)  # would hang a naive check
    bad_oid = _seq(_seq(_oid("1.2.3.4"), _seq()), _der(0x04, b"x" * 16))
    liar = b"\x30\x84\x7f\xff\xff\xff" + b"\x00" * 10  # claims 2 GB
    for item2, why in [(huge, "unsupported"), (bad_oid, "unknown algorithm"),
                       (liar, "truncated"), ("text", "not binary")]:
        path = tmp_path / "k.db"
        if path.exists():
            path.unlink()
        with sqlite3.connect(path) as conn:
            conn.executescript(KEY4)
            conn.execute("INSERT INTO metaData VALUES ('password', ?, ?)", (salt, item2))
            state, reason = empty_password_test(conn)
        assert state == "unknown" and why in reason
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        assert empty_password_test(conn)[0] == "unknown"


@pytest.mark.parametrize("password,protection,words", [
    ("", "weak-key", "no primary password"),
    ("pw", "primary-password", "protected by a primary password"),
])
def test_logins_protection_follows_the_primary_password(tmp_path, password, protection, words):
    firefox_profile(tmp_path, primary_password=password)
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    logins = one(findings, "stores.firefox.logins")
    assert logins.count == 3  # the Firefox Accounts entry is not a saved login
    assert logins.detail["protection"] == protection and words in logins.preview
    assert logins.detail["primary_password"] == ("not-set" if not password else "set")
    assert logins.detail["enc_types"] == "1:3"
    assert logins.detail["app"] == "Firefox"
    assert leaked(findings) == []


def test_unknown_primary_password_has_no_protection_key(tmp_path):
    prof = firefox_profile(tmp_path, full=False)
    (prof / "key4.db").unlink()
    (prof / "key3.db").write_bytes(b"\x00\x06\x15\x61" + b"\x00" * 60)  # Berkeley DB
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    logins = one(findings, "stores.firefox.logins")
    assert "protection" not in logins.detail
    assert logins.detail["primary_password"] == "unknown"
    assert "key3.db" in logins.detail["primary_password_reason"]


def test_clear_text_logins_are_plaintext_and_never_shown(tmp_path):
    prof = firefox_profile(tmp_path, full=False)
    write_logins_json(prof / "logins.json", enc_type=0)
    findings, _, _ = run_scanner(FirefoxScanner, tmp_path)
    logins = one(findings, "stores.firefox.logins")
    assert logins.detail["protection"] == "plaintext" and "3 stored in the clear" in logins.preview
    assert leaked(findings) == []


# ---------------------------------------------------------------------------- every store


@pytest.mark.parametrize("schema", ["current", "legacy"])
def test_all_parts_of_a_profile(tmp_path, schema):
    prof = firefox_profile(tmp_path)
    write_places(prof / "places.sqlite", schema)
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    hist = one(findings, "stores.firefox.history")
    assert hist.count == 20 and hist.detail["visits"] == "60"  # the bookmark is no visit
    assert hist.detail["first_visit"] == "2024-01-02" and hist.detail["hosts"] == "3"
    assert hist.detail["schema"] == ("moz_places + moz_origins" if schema == "current"
                                     else "moz_places (legacy)")
    assert hist.detail["protection"] == "plaintext" and hist.category == "behaviour"
    forms = one(findings, "stores.firefox.autofill")
    assert forms.count == 4 and forms.category == "contact" and "email" in forms.detail[
        "field_names"]
    cookies = one(findings, "stores.firefox.cookies")
    assert cookies.count == 9 and cookies.detail["hosts"] == "3"
    assert cookies.detail["protection"] == "plaintext"
    addr = one(findings, "stores.firefox.addresses")
    assert addr.count == 1  # the deleted tombstone is not an address
    cards = one(findings, "stores.firefox.cards")
    assert cards.preview.startswith("1 saved card: Visa ••4242 exp 2027-09")
    assert cards.detail["protection"] == "keyring"
    assert leaked(findings) == []


def test_autofill_card_number_in_the_clear(tmp_path):
    prof = firefox_profile(tmp_path, full=False)
    write_autofill_profiles(prof / "autofill-profiles.json", addresses=0, cards=2,
                            plain_number=True)
    findings, _, _ = run_scanner(FirefoxScanner, tmp_path)
    cards = one(findings, "stores.firefox.cards")
    assert cards.detail["protection"] == "plaintext" and cards.severity.label == "high"
    assert "UnionPay ••0018" in cards.preview
    text = json.dumps(cards.to_dict())
    assert all(n not in text for n in CARD_NUMBERS)
    assert [f.rule for f in findings].count("stores.firefox.addresses") == 0


@pytest.mark.parametrize("platform,os_name", [("linux", "linux"), ("darwin", "macos"),
                                              ("win32", "windows")])
def test_os_layouts_firefox_and_thunderbird(tmp_path, platform, os_name):
    firefox_profile(tmp_path, "firefox", os_name)
    firefox_profile(tmp_path, "thunderbird", os_name, "tb.default", primary_password="x",
                    full=False)
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path, platform)
    assert errors == []
    logins = {f.detail["app"]: f for f in findings if f.rule == "stores.firefox.logins"}
    assert set(logins) == {"Firefox", "Thunderbird"}
    assert logins["Thunderbird"].detail["protection"] == "primary-password"
    assert logins["Firefox"].location.startswith(
        "firefox:~/" + FIREFOX_ROOTS[("firefox", os_name)])
    other = "win32" if platform != "win32" else "linux"
    assert run_scanner(FirefoxScanner, tmp_path, other)[0] == []


def test_profiles_ini_absolute_path_and_broken_ini(tmp_path):
    outside = tmp_path / "elsewhere" / "custom"
    firefox_profile(tmp_path, full=False)  # the relative one
    root = tmp_path / ".mozilla" / "firefox"
    write_logins_json(outside / "logins.json")
    write_key4(outside / "key4.db")
    with open(root / "profiles.ini", "a", encoding="utf-8") as fh:
        fh.write(f"\n[Profile9]\nName=custom\nIsRelative=0\nPath={outside}\n")
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    names = sorted(f.detail["profile_name"] for f in findings)
    assert names == ["custom", "default-0"]
    # a broken profiles.ini is an error; profiles are still found by folder name
    (root / "profiles.ini").write_bytes(b"[Profile0\nPath=\xff\n[[[")
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert [e.reason for e in errors] == ["corrupt"]
    assert [f.detail["profile"] for f in findings] == ["abcd1234.default-release"]


def test_legacy_signons_sqlite(tmp_path):
    prof = tmp_path / ".mozilla" / "firefox" / "old.default"
    write_key4(prof / "key4.db")
    with sqlite3.connect(prof / "signons.sqlite") as db:
        db.execute("CREATE TABLE moz_logins (id INTEGER PRIMARY KEY, hostname TEXT NOT NULL,"
                   " httpRealm TEXT, formSubmitURL TEXT, usernameField TEXT NOT NULL,"
                   " passwordField TEXT NOT NULL, encryptedUsername TEXT NOT NULL,"
                   " encryptedPassword TEXT NOT NULL, guid TEXT, encType INTEGER,"
                   " timeCreated INTEGER, timeLastUsed INTEGER, timePasswordChanged INTEGER,"
                   " timesUsed INTEGER)")
        db.executemany("INSERT INTO moz_logins (hostname, usernameField, passwordField,"
                       " encryptedUsername, encryptedPassword, encType) VALUES"
                       " (?, 'u', 'p', 'MDo=', 'MDo=', 1)",
                       [("https://a.example.com",), ("https://b.example.com",)])
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    logins = one(findings, "stores.firefox.logins")
    assert logins.count == 2 and logins.detail["schema"].startswith("signons.sqlite")
    assert logins.detail["protection"] == "weak-key"


def test_no_profile_is_not_present(tmp_path):
    (tmp_path / ".mozilla" / "firefox").mkdir(parents=True)
    findings, errors, ctx = run_scanner(FirefoxScanner, tmp_path)
    assert findings == [] and errors == []
    assert ctx.statuses["stores.firefox"].notes[0][0] == "not-present"


# ---------------------------------------------------------------------------- running browser


def test_running_firefox_places_wal_and_lock(tmp_path):
    prof = firefox_profile(tmp_path)
    places = prof / "places.sqlite"
    browser = sqlite3.connect(places, isolation_level=None)
    try:
        browser.execute("PRAGMA journal_mode=WAL")
        browser.execute("PRAGMA wal_autocheckpoint=0")
        browser.execute("INSERT INTO moz_places (url, rev_host, visit_count, guid) VALUES"
                        " ('https://wal.example.com/', 'moc.elpmaxe.law.', 1, 'w')")
        browser.execute("PRAGMA locking_mode=EXCLUSIVE")
        browser.execute("BEGIN EXCLUSIVE")  # Firefox holds places.sqlite exclusively
        browser.execute("UPDATE moz_places SET frecency = 1")
        listing = sorted(os.listdir(prof))
        before = {p: ((prof / p).read_bytes(), os.stat(prof / p).st_mtime_ns)
                  for p in ("places.sqlite", "places.sqlite-wal")}
        findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
        after = {p: ((prof / p).read_bytes(), os.stat(prof / p).st_mtime_ns)
                 for p in ("places.sqlite", "places.sqlite-wal")}
        assert after == before and sorted(os.listdir(prof)) == listing
    finally:
        browser.execute("ROLLBACK")
        browser.close()
    assert errors == []
    assert one(findings, "stores.firefox.history").count == 21  # the WAL row is seen


# ---------------------------------------------------------------------------- bad input


def test_corrupt_truncated_encrypted_and_bad_json(tmp_path):
    prof = firefox_profile(tmp_path)
    corrupt_sqlite(prof / "cookies.sqlite")
    data = (prof / "places.sqlite").read_bytes()
    (prof / "places.sqlite").write_bytes(data[:2000])
    (prof / "formhistory.sqlite").write_bytes(os.urandom(2048))
    (prof / "logins.json").write_bytes(b'{"logins": [' + PASSWORDS[0].encode())
    (prof / "autofill-profiles.json").write_bytes(b"\xff\xfe\x00garbage")
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    got = {e.location.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert got == {"cookies.sqlite": "corrupt", "places.sqlite": "corrupt",
                   "formhistory.sqlite": "encrypted", "logins.json": "corrupt",
                   "autofill-profiles.json": "corrupt"}
    assert findings == []
    assert all(PASSWORDS[0] not in e.message for e in errors)


def test_unknown_formats_name_what_is_missing(tmp_path):
    prof = firefox_profile(tmp_path)
    (prof / "logins.json").write_text(json.dumps({"version": 9, "items": []}))
    (prof / "cookies.sqlite").unlink()
    with sqlite3.connect(prof / "cookies.sqlite") as db:
        db.execute("CREATE TABLE moz_cookies_v2 (id INTEGER)")
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    got = {(e.location.rsplit("/", 1)[-1], e.reason) for e in errors}
    assert got == {("logins.json", "unknown-format"), ("cookies.sqlite", "unknown-format")}
    assert any("moz_cookies" in e.message for e in errors)
    assert {"stores.firefox.history", "stores.firefox.cards"} <= {f.rule for f in findings}


def test_hostile_values(tmp_path):
    prof = firefox_profile(tmp_path)
    with sqlite3.connect(prof / "places.sqlite") as db:
        db.execute('CREATE TABLE "x""y" (a)')
        db.execute("INSERT INTO moz_places (url, rev_host, visit_count, guid) VALUES"
                   " (?, ?, ?, 'h')", (b"\xff\xfe", b"\xff\x00.", 2**62))
        db.execute("INSERT INTO moz_historyvisits (place_id, visit_date) VALUES (1, ?)",
                   (-(2**63),))
    with sqlite3.connect(prof / "formhistory.sqlite") as db:
        db.execute("INSERT INTO moz_formhistory (fieldname, value) VALUES (?, 'v')",
                   ("\x1b[31mred" + "x" * 5000,))
    logins = json.loads((prof / "logins.json").read_text())
    logins["logins"].append({"hostname": ["not", "a", "string"], "encType": True})
    logins["logins"].append("junk")
    (prof / "logins.json").write_text(json.dumps(logins))
    findings, errors, _ = run_scanner(FirefoxScanner, tmp_path)
    assert errors == []
    assert one(findings, "stores.firefox.history").detail["first_visit"] == "2024-01-02"
    forms = one(findings, "stores.firefox.autofill")
    assert "\x1b" not in forms.detail["field_names"] and len(forms.detail["field_names"]) < 600
    assert one(findings, "stores.firefox.logins").count == 4


@pytest.mark.skipif(**UNPRIVILEGED_SKIP)
def test_permission_denied(tmp_path):
    prof = firefox_profile(tmp_path)
    locked_root = tmp_path / ".thunderbird"
    firefox_profile(tmp_path, "thunderbird", full=False)
    os.chmod(prof / "places.sqlite", 0)
    os.chmod(locked_root, 0)
    try:
        out = scan_unprivileged("scanners.sources.stores.firefox", "FirefoxScanner", tmp_path)
    finally:
        os.chmod(locked_root, 0o700)
        os.chmod(prof / "places.sqlite", 0o600)
    assert out["errors"] == [
        ["firefox:~/.mozilla/firefox/abcd1234.default-release/places.sqlite",
         "permission-denied"],
        ["firefox:~/.thunderbird", "permission-denied"],
    ]
    assert "stores.firefox.logins" in out["rules"] and "stores.firefox.history" not in out[
        "rules"]


# ---------------------------------------------------------------------------- end to end


def test_audit_sees_no_primary_password(tmp_path, monkeypatch):
    from scanners.engine import audit, make_context

    firefox_profile(tmp_path)
    monkeypatch.setenv("PIAUDIT_HOME", str(tmp_path))
    ctx = make_context([tmp_path / "nothing"], cache=False)
    ctx.platform = "linux"
    result = audit(ctx, ["stores.firefox"])
    assert result.statuses["stores.firefox"].state == "ran" and not result.errors
    logins = next(f for f in result.findings if f.rule == "stores.firefox.logins")
    assert result.access[logins.location].protection == "weak-key"
    assert {f.rule for f in result.findings} == set(FirefoxScanner.rules)
    assert leaked(result.findings) == []


@pytest.mark.parametrize("password", ["", "hunter2"])
def test_a_bundled_app_runs_the_nss_check_through_its_own_entry_point(tmp_path, monkeypatch,
                                                                      password):
    """Frozen (PyInstaller), sys.executable is the app: it is asked with CHILD_FLAG."""
    import sys as _sys
    from pathlib import Path as _Path

    root = _Path(__file__).resolve().parents[2]
    app = tmp_path / "piaudit-app"
    entry = (root / "packaging" / "cli_entry.py").read_text(encoding="utf-8")
    app.write_text(f"#!{_sys.executable}\nimport sys\nsys.path.insert(0, {str(root)!r})\n"
                   + entry, encoding="utf-8")
    app.chmod(0o755)
    monkeypatch.setattr(_sys, "frozen", True, raising=False)
    monkeypatch.setattr(_sys, "executable", str(app))
    path = write_key4(tmp_path / "profile" / "key4.db", password)
    state, why = nss.nss_primary_password(path)
    assert state == ("set" if password else "not-set"), why
