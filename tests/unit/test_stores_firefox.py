"""stores.firefox against Firefox/Thunderbird's real formats, per generation, OS layout and
bad input; the primary-password check on key4.db files built in NSS's own format."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scanners.stores.firefox import FirefoxScanner
from scanners.stores.nss import primary_password_state
from tests.synth.browser_stores import (
    CARD_NUMBERS,
    FIREFOX_ROOTS,
    KEY4,
    PASSWORDS,
    _der,
    _oid,
    _seq,
    corrupt_sqlite,
    firefox_profile,
    leaked,
    password_check_pbes2,
    run_scanner,
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
def test_primary_password_check(tmp_path, algo, password, state):
    path = write_key4(tmp_path / "key4.db", password, algo=algo)
    with sqlite3.connect(path) as conn:
        assert primary_password_state(conn)[0] == state


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
            state, reason = primary_password_state(conn)
        assert state == "unknown" and why in reason
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        assert primary_password_state(conn)[0] == "unknown"


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


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("unshare") is None,
    reason="root ignores file modes and unshare is missing to run the case unprivileged",
)
def test_permission_denied(tmp_path):
    prof = firefox_profile(tmp_path)
    locked_root = tmp_path / ".thunderbird"
    firefox_profile(tmp_path, "thunderbird", full=False)
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from scanners.stores.firefox import FirefoxScanner\n"
        "from tests.synth.browser_stores import run_scanner\n"
        "f, e, _ = run_scanner(FirefoxScanner, Path(sys.argv[1]))\n"
        "print(json.dumps({'rules': sorted({x.rule for x in f}),\n"
        "                  'errors': sorted((x.location, x.reason) for x in e)}))\n"
    )
    os.chmod(prof / "places.sqlite", 0)
    os.chmod(locked_root, 0)
    try:
        prefix: list[str] = []
        if os.geteuid() == 0:  # root reads through mode 000: run as a mapped ordinary user
            prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
        proc = subprocess.run([*prefix, sys.executable, "-c", script, str(tmp_path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        os.chmod(locked_root, 0o700)
        os.chmod(prof / "places.sqlite", 0o600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
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
