"""stores.chromium against Chromium's real schemas, per generation, OS layout and bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from scanners.base import ScanCancelled, ScanContext
from scanners.detection.redact import Redactor
from scanners.sources.stores.chromium.scanner import ChromiumScanner
from synth.browser_stores import (
    CARD_NUMBERS,
    CHROMIUM_ROOTS,
    IBAN,
    PASSWORDS,
    UNPRIVILEGED_SKIP,
    chromium_profile,
    corrupt_sqlite,
    leaked,
    run_scanner,
    scan_unprivileged,
    write_history,
    write_login_data,
    write_web_data,
)

ROOT = Path(__file__).resolve().parents[2]


def by_rule(findings):
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


def one(findings, rule):
    got = by_rule(findings).get(rule, [])
    assert len(got) == 1, (rule, [f.rule for f in findings])
    return got[0]


# ---------------------------------------------------------------------------- generations


@pytest.mark.parametrize("generation,schema,gen_label", [
    ("2022", "autofill_profiles", "before 2023"),
    ("2023", "local_addresses", "2023-24"),
    ("2024", "addresses", "2024+"),
])
def test_each_web_data_generation(tmp_path, generation, schema, gen_label):
    chromium_profile(tmp_path, generation=generation)
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    addr = one(findings, "stores.chromium.addresses")
    assert addr.count == 2 and addr.detail["schema"] == schema
    assert addr.detail["generation"] == gen_label
    assert "name (2)" in addr.preview and "email (2)" in addr.preview
    assert addr.detail["protection"] == "plaintext" and addr.category == "contact"
    cards = one(findings, "stores.chromium.cards")
    assert cards.count == 2  # one local (encrypted), one server copy (last four)
    assert "UnionPay ••0018 exp 2028-03" in cards.preview
    assert cards.detail["local_cards"] == "1" and cards.detail["server_cards"] == "1"
    assert cards.detail["protection"] == "weak-key"  # Linux v10
    ibans = one(findings, "stores.chromium.ibans")
    if generation == "2022":  # the ibans table kept the value itself
        assert ibans.detail["protection"] == "plaintext" and "DE••3000" in ibans.preview
    else:
        assert ibans.count == 2 and "FR••0189" in ibans.preview
        assert ibans.detail["protection"] == "weak-key"
        assert cards.detail["cvc_stored"] == "1" and "security code" in cards.preview
    auto = one(findings, "stores.chromium.autofill")
    assert auto.count == 3 and auto.category == "contact"  # "email", "name" fields
    assert auto.detail["first_used"] == "2024-01-02"
    assert leaked(findings) == []


@pytest.mark.parametrize("schema", ["v28", "v41"])
def test_login_data_generations(tmp_path, schema):
    prof = tmp_path / CHROMIUM_ROOTS["linux"] / "Default"
    write_login_data(prof / "Login Data", b"v10", schema=schema)
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    f = one(findings, "stores.chromium.logins")
    assert f.count == 3  # the blocklisted "never save" site is not a login
    assert f.detail["blocklisted"] == "1"
    assert f.detail["protection"] == "weak-key" and f.severity.label == "high"
    assert f.preview.startswith("3 saved logins on 3 sites (v10: fixed key, effectively plaintext")
    assert "shop.example.org" in f.detail["top_sites"]
    assert "u:pw" not in json.dumps(f.to_dict())  # credentials in a URL never reach a finding
    if schema == "v41":
        assert f.detail["insecure_leaked"] == "1" and "1 leaked" in f.preview
    assert leaked(findings) == []


# ---------------------------------------------------------------------------- OS layouts


@pytest.mark.parametrize("platform,os_name,prefix,expected,words", [
    ("linux", "linux", b"v10", "weak-key", "fixed key"),
    ("linux", "linux", b"v11", "keyring", "system keyring"),
    ("darwin", "macos", b"v10", "keyring", "macOS Keychain"),
    ("win32", "windows", b"v10", "keyring", "DPAPI"),
    ("win32", "windows", b"v20", "keyring", "app-bound"),
    ("win32", "windows", b"\x01\x00\x00\x00\xd0\x8c", "keyring", "DPAPI-encrypted"),
])
def test_protection_per_os(tmp_path, platform, os_name, prefix, expected, words):
    prof = chromium_profile(tmp_path, os_name, prefix=prefix, app_bound=prefix == b"v20")
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path, platform)
    assert errors == []
    logins = one(findings, "stores.chromium.logins")
    assert logins.detail["protection"] == expected and words in logins.preview
    assert logins.location.startswith("chromium:~/" + CHROMIUM_ROOTS[os_name])
    assert one(findings, "stores.chromium.cards").detail["protection"] == expected
    assert one(findings, "stores.chromium.cookies").detail["protection"] == expected
    assert one(findings, "stores.chromium.history").detail["protection"] == "plaintext"
    if prefix == b"v20":
        assert logins.detail["app_bound_key"] == "yes"
    assert prof.is_dir()
    # another OS's layout is not this machine's
    other = "linux" if platform != "linux" else "darwin"
    assert run_scanner(ChromiumScanner, tmp_path, other)[0] == []


def test_legacy_clear_text_is_plaintext_and_shows_only_last_four(tmp_path):
    prof = tmp_path / CHROMIUM_ROOTS["linux"] / "Default"
    write_login_data(prof / "Login Data", b"")
    write_web_data(prof / "Web Data", "2024", b"",
                   cards=[(CARD_NUMBERS[0], 9, 2027), (CARD_NUMBERS[1], 1, 2030)],
                   server_cards=())
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    logins = one(findings, "stores.chromium.logins")
    assert logins.detail["protection"] == "plaintext" and "in the clear" in logins.preview
    cards = one(findings, "stores.chromium.cards")
    assert cards.detail["protection"] == "plaintext"
    assert cards.detail["number_stored"] == "in the clear"
    assert "Visa ••4242 exp 2027-09" in cards.preview
    assert "UnionPay ••0018 exp 2030-01" in cards.preview
    assert leaked(findings) == []
    text = json.dumps([f.to_dict() for f in findings])
    for secret in [*PASSWORDS, *CARD_NUMBERS, IBAN, CARD_NUMBERS[0][:12]]:
        assert secret not in text


def test_masked_server_cards_only_say_no_number_is_stored(tmp_path):
    prof = tmp_path / CHROMIUM_ROOTS["linux"] / "Default"
    write_web_data(prof / "Web Data", "2024", cards=(), addresses=0, entries=0, ibans=False,
                   server_cards=[("visa", "4242", 9, 2027), ("mastercard", "4444", 1, 2026)])
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    assert [f.rule for f in findings] == ["stores.chromium.cards"]  # empty parts: no finding
    cards = findings[0]
    assert cards.preview.startswith("2 saved cards: Visa ••4242 exp 2027-09, Mastercard ••4444")
    assert "number not stored" in cards.preview
    assert "protection" not in cards.detail and cards.detail["number_stored"].startswith("no")


def test_every_profile_with_local_state_names_and_opera_single_profile(tmp_path):
    chromium_profile(tmp_path, profile="Default", profile_name="Work")
    chromium_profile(tmp_path, profile="Profile 3", profile_name="Home")
    chromium_profile(tmp_path, profile="", root=".config/opera", profile_name="x")
    chromium_profile(tmp_path, root=".config/BraveSoftware/Brave-Browser")
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    logins = by_rule(findings)["stores.chromium.logins"]
    seen = {(f.detail["browser"], f.detail["profile"], f.detail["profile_name"]) for f in logins}
    assert seen == {("Google Chrome", "Default", "Work"), ("Google Chrome", "Profile 3", "Home"),
                    ("Opera", "(single)", "x"), ("Brave", "Default", "Person 1")}


def test_no_profile_is_reported_as_not_present(tmp_path):
    (tmp_path / ".config" / "google-chrome" / "Default").mkdir(parents=True)  # empty profile
    errors: list = []
    ctx = ScanContext(roots=[tmp_path], rules=None, redactor=Redactor(b"k" * 32),
                      home=tmp_path, platform="linux", on_error=errors.append)
    assert ChromiumScanner().applies(ctx) is False
    assert ctx.statuses["stores.chromium"].notes == [
        ("not-present", "no Chromium-family browser profile found")]


def test_cancel_stops_between_stores(tmp_path):
    chromium_profile(tmp_path)
    ctx = ScanContext(roots=[tmp_path], rules=None, redactor=Redactor(b"k" * 32),
                      home=tmp_path, platform="linux", cancel=threading.Event())
    scanner = ChromiumScanner()
    assert scanner.applies(ctx)
    it = scanner.scan(ctx)
    next(it)
    ctx.cancel.set()
    with pytest.raises(ScanCancelled):
        list(it)


# ---------------------------------------------------------------------------- a running browser


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def test_running_browser_wal_is_read_and_nothing_changes(tmp_path):
    prof = chromium_profile(tmp_path)
    history = prof / "History"
    browser = sqlite3.connect(history)
    try:
        browser.execute("PRAGMA journal_mode=WAL")
        browser.execute("PRAGMA wal_autocheckpoint=0")
        # committed rows that only exist in History-wal (the browser has not checkpointed)
        browser.executemany(
            "INSERT INTO urls (url, visit_count, last_visit_time) VALUES (?, 1, 0)",
            [(f"https://wal.example.com/{i}",) for i in range(5)])
        browser.commit()
        # and a write transaction still open, as a browser writing a visit holds
        browser.execute("BEGIN IMMEDIATE")
        browser.execute("INSERT INTO urls (url, visit_count, last_visit_time) VALUES ('x', 1, 0)")
        listing = sorted(os.listdir(prof))
        before = {p: _state(prof / p) for p in ("History", "History-wal", "Login Data")}
        findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
        after = {p: _state(prof / p) for p in ("History", "History-wal", "Login Data")}
        assert sorted(os.listdir(prof)) == listing  # no -wal/-shm/-journal of ours
        assert after == before
    finally:
        browser.rollback()
        browser.close()
    assert errors == []
    hist = one(findings, "stores.chromium.history")
    assert hist.detail["pages"] == "35"  # 30 in the main file + 5 only in the WAL
    assert "wal.example.com (5)" in hist.detail["top_hosts"]


def test_exclusive_lock_on_the_original_does_not_block_the_scan(tmp_path):
    prof = chromium_profile(tmp_path)
    login = prof / "Login Data"
    browser = sqlite3.connect(login, isolation_level=None)
    try:
        browser.execute("PRAGMA locking_mode=EXCLUSIVE")
        browser.execute("BEGIN EXCLUSIVE")
        browser.execute("UPDATE logins SET times_used = times_used")
        listing = sorted(os.listdir(prof))
        before = _state(login)
        findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
        assert _state(login) == before and sorted(os.listdir(prof)) == listing
    finally:
        browser.execute("ROLLBACK")
        browser.close()
    assert errors == []
    assert one(findings, "stores.chromium.logins").count == 3


# ---------------------------------------------------------------------------- bad input


def _errors_by_file(errors):
    return {e.location.split("#")[0].rsplit("/", 1)[-1]: e.reason for e in errors}


def test_corrupt_truncated_encrypted_stores_are_errors_and_the_rest_goes_on(tmp_path):
    prof = chromium_profile(tmp_path)
    corrupt_sqlite(prof / "Web Data")
    data = (prof / "History").read_bytes()
    (prof / "History").write_bytes(data[:1500])  # header intact, pages cut off
    (prof / "Network" / "Cookies").write_bytes(os.urandom(4096))  # no SQLite magic
    (prof / "Login Data For Account").write_bytes(b"SQLite f")  # shorter than a header
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    reasons = _errors_by_file(errors)
    assert reasons == {"Web Data": "corrupt", "History": "corrupt", "Cookies": "encrypted",
                       "Login Data For Account": "corrupt"}
    assert [f.rule for f in findings] == ["stores.chromium.logins"]  # the intact store
    for e in errors:
        assert all(s not in e.message for s in PASSWORDS)


def test_unknown_schema_names_what_is_missing_and_other_parts_go_on(tmp_path):
    prof = chromium_profile(tmp_path)
    with sqlite3.connect(prof / "Web Data") as db:
        db.execute("DROP TABLE credit_cards")
        db.execute("CREATE TABLE credit_cards (guid VARCHAR PRIMARY KEY, name_on_card VARCHAR,"
                   " number_v2 BLOB)")
        db.execute("INSERT INTO credit_cards VALUES ('g', 'n', X'00')")
    login = prof / "Login Data"
    login.unlink()
    with sqlite3.connect(login) as db:
        db.execute("CREATE TABLE credentials (id INTEGER)")
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    got = {(e.location.rsplit("/", 1)[-1], e.reason) for e in errors}
    assert got == {("Web Data#cards", "unknown-format"), ("Login Data", "unknown-format")}
    assert any("card_number_encrypted" in e.message for e in errors)
    assert any("'logins'" in e.message for e in errors)
    rules = set(by_rule(findings))
    assert {"stores.chromium.addresses", "stores.chromium.ibans",
            "stores.chromium.history"} <= rules
    assert "stores.chromium.cards" not in rules


def test_hostile_names_huge_counts_non_utf8_and_links(tmp_path):
    prof = chromium_profile(tmp_path)
    with sqlite3.connect(prof / "History") as db:
        db.execute('CREATE TABLE "we""ird ] table" ("col""x" INTEGER)')
        db.execute("INSERT INTO urls (url, visit_count, last_visit_time) VALUES (?, ?, ?)",
                   (b"https://\xff\xfe.example.com/\x00x", 2**62, 2**62))
        db.execute("INSERT INTO visits (url, visit_time) VALUES (1, ?)", (2**63 - 1,))
        db.execute("INSERT INTO urls (url, visit_count, last_visit_time) VALUES (?, 1, 0)",
                   ("javascript:alert('x')",))
    with sqlite3.connect(prof / "Network" / "Cookies") as db:
        db.execute("UPDATE cookies SET host_key = CAST(X'2eff6578616d706c65' AS TEXT)"
                   " WHERE rowid = 1")
    (prof.parent / "Local State").write_bytes(b"\xff\xfe{not json")
    os.symlink("/dev/zero", prof / "Login Data For Account")
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert _errors_by_file(errors) == {"Login Data For Account": "not-a-file"}
    hist = one(findings, "stores.chromium.history")
    assert hist.detail["pages"] == "32"
    assert hist.detail["last_visit"] == "2024-03-01"  # the absurd timestamp is left out
    assert one(findings, "stores.chromium.logins").detail["profile_name"] == "Default"
    for f in findings:
        json.dumps(f.to_dict())  # every detail is text
        assert "\x00" not in f.preview


@pytest.mark.skipif(**UNPRIVILEGED_SKIP)
def test_permission_denied_profile_and_store(tmp_path):
    chromium_profile(tmp_path, profile="Default")
    locked_prof = chromium_profile(tmp_path, profile="Profile 1")
    locked_file = tmp_path / CHROMIUM_ROOTS["linux"] / "Default" / "Login Data"
    os.chmod(locked_file, 0)
    os.chmod(locked_prof, 0)
    try:
        out = scan_unprivileged("scanners.sources.stores.chromium.scanner", "ChromiumScanner", tmp_path)
    finally:
        os.chmod(locked_prof, 0o700)
        os.chmod(locked_file, 0o600)
    assert out["errors"] == [
        ["chromium:~/.config/google-chrome/Default/Login Data", "permission-denied"],
        ["chromium:~/.config/google-chrome/Profile 1", "permission-denied"],
    ]
    # the readable parts of the readable profile are still inventoried
    assert "stores.chromium.history" in out["rules"] and "stores.chromium.cards" in out["rules"]
    assert "stores.chromium.logins" not in out["rules"]


def test_large_history_is_counted_in_sql(tmp_path):
    prof = tmp_path / CHROMIUM_ROOTS["linux"] / "Default"
    write_history(prof / "History", pages=3)
    with sqlite3.connect(prof / "History") as db:
        db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                   "WHERE i < 200000) INSERT INTO urls (url, visit_count, last_visit_time) "
                   "SELECT 'https://h' || (i % 997) || '.example.com/' || i, 1, 0 FROM n")
    findings, errors, _ = run_scanner(ChromiumScanner, tmp_path)
    assert errors == []
    hist = one(findings, "stores.chromium.history")
    assert hist.count == 200_003 and hist.detail["hosts"] == str(997 + 3)
    assert len(hist.detail["top_hosts"].split(", ")) == 20


# ---------------------------------------------------------------------------- end to end


def test_audit_sees_the_weak_key(tmp_path, monkeypatch):
    from scanners.engine import audit, make_context

    chromium_profile(tmp_path)
    monkeypatch.setenv("PIAUDIT_HOME", str(tmp_path))
    ctx = make_context([tmp_path / "nothing"], cache=False)
    ctx.platform = "linux"
    result = audit(ctx, ["stores.chromium"])
    assert result.statuses["stores.chromium"].state == "ran"
    logins = next(f for f in result.findings if f.rule == "stores.chromium.logins")
    assert result.access[logins.location].protection == "weak-key"
    history = next(f for f in result.findings if f.rule == "stores.chromium.history")
    assert result.access[history.location].protection == "plaintext"
    assert not result.errors
    assert {f.rule for f in result.findings} == set(ChromiumScanner.rules)
    assert leaked(result.findings) == []


def test_every_browser_rule_has_advice_in_both_languages():
    import re

    from scanners.assessment.advice import AdviceBook
    from scanners.sources.stores.firefox import FirefoxScanner

    book = AdviceBook.load()
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for rule in (*ChromiumScanner.rules, *FirefoxScanner.rules):
        en, zh = book.rule_steps(rule, "en"), book.rule_steps(rule, "zh")
        assert en and len(en) == len(zh), rule
        assert all(cjk.search(s) for s in zh) and not any(cjk.search(s) for s in en), rule
