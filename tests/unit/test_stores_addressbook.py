"""stores.addressbook against every schema generation it reads (Thunderbird user_version 2
and 4, Evolution EBookSqlite and the older sqlitedb, macOS Core Data with and without the
entity map), plus locked, corrupt, encrypted, unknown and unreadable books."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from scanners import engine
from scanners.model import Finding, ScanError
from scanners.sources.stores import common
from scanners.sources.stores.addressbook import AddressBookScanner, vcard_fields
from synth import other_stores as S

TB = ".thunderbird/abcd1234.default-release"
EVO = ".local/share/evolution/addressbook"
MAC = "Library/Application Support/AddressBook"


def _run(home: Path, platform: str = "linux") -> tuple[list[Finding], list[ScanError]]:
    ctx = engine.make_context([home], use_cache=False, cache=False)
    ctx.home, ctx.platform = home, platform
    errors: list[ScanError] = []
    ctx.on_error = errors.append
    assert AddressBookScanner().applies(ctx)
    return list(AddressBookScanner().scan(ctx)), errors


def _no_personal_value(findings: list[Finding], errors: list[ScanError]) -> None:
    blob = json.dumps([f.to_dict() for f in findings]) + json.dumps([e.to_dict() for e in errors])
    for s in S.SECRETS:
        assert s not in blob, s
    assert "Beijing" not in blob and "friend" not in blob


@pytest.mark.parametrize("version", [1, 2, 4])
def test_thunderbird_generations(tmp_path, version):
    S.thunderbird_abook(tmp_path / TB / "abook.sqlite", version, contacts=3)
    findings, errors = _run(tmp_path)
    assert not errors
    (f,) = findings
    assert f.rule == "stores.addressbook.thunderbird" and f.category == "contact"
    assert f.count == 3 and f.detail["subject"] == "others"
    assert f.detail["emails"] == "3" and f.detail["phones"] == "1"
    assert f.detail["addresses"] == "1" and f.detail["birthdays"] == "1"
    assert f.detail["lists"] == "1" and f.detail["schema"] == f"thunderbird v{version}"
    assert f.detail["protection"] == "plaintext"
    assert f.location == f"thunderbird:~/{TB}/abook.sqlite#contacts"
    _no_personal_value(findings, errors)


def test_thunderbird_history_and_empty_books(tmp_path):
    S.thunderbird_abook(tmp_path / TB / "history.sqlite", 4, contacts=2)
    S.thunderbird_abook(tmp_path / TB / "abook.sqlite", 4, contacts=0)
    findings, errors = _run(tmp_path)
    assert not errors
    (f,) = findings  # the empty personal book exposes no one
    assert "collected addresses" in f.preview and f.count == 2


def test_thunderbird_book_open_in_wal_mode_is_read_from_a_copy(tmp_path):
    path = S.thunderbird_abook(tmp_path / TB / "abook.sqlite", 4, contacts=2)
    writer = sqlite3.connect(path)  # Thunderbird running: a pending write in the -wal
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("INSERT INTO properties VALUES ('new-card', '_vCard', 'BEGIN:VCARD\r\n"
                   "TEL:1\r\nEND:VCARD\r\n')")
    writer.commit()
    writer.execute("BEGIN EXCLUSIVE")
    try:
        findings, errors = _run(tmp_path)
    finally:
        writer.rollback()
        writer.close()
    assert not errors and findings[0].count == 3


@pytest.mark.parametrize("generation", ["ebsql", "sqlitedb"])
def test_evolution_generations(tmp_path, generation):
    S.evolution_contacts(tmp_path / EVO / "system/contacts.db", generation, contacts=3)
    findings, errors = _run(tmp_path)
    assert not errors
    (f,) = findings
    assert f.rule == "stores.addressbook.evolution" and f.count == 3
    assert f.detail["emails"] == "3"
    if generation == "ebsql":
        assert f.detail["phones"] == "2" and f.detail["birthdays"] == "1"
        assert f.detail["notes"] == "1" and f.detail["lists"] == "1"
        assert f.detail["schema"] == "evolution ebsql v13"
    else:
        assert f.detail["phones"] == "1" and f.detail["addresses"] == "1"
        assert f.detail["schema"] == "evolution sqlitedb v7"
    _no_personal_value(findings, errors)


@pytest.mark.parametrize("entity_map", [True, False])
def test_macos_contacts_and_account_sources(tmp_path, entity_map):
    S.macos_abcddb(tmp_path / MAC / "AddressBook-v22.abcddb", 3, entity_map)
    S.macos_abcddb(tmp_path / MAC / "Sources/4F1D-UUID/AddressBook-v22.abcddb", 2, entity_map)
    findings, errors = _run(tmp_path, "darwin")
    assert not errors
    assert sorted(f.count for f in findings) == [2, 3]
    big = max(findings, key=lambda f: f.count)
    assert big.rule == "stores.addressbook.macos"
    assert big.detail["phones"] == "2" and big.detail["emails"] == "3"
    assert big.detail["addresses"] == "1" and big.detail["notes"] == "1"
    assert big.detail["birthdays"] == "1"
    assert big.detail["lists"] == ("1" if entity_map else "0")
    _no_personal_value(findings, errors)


def test_other_os_books_are_not_looked_for(tmp_path):
    S.macos_abcddb(tmp_path / MAC / "AddressBook-v22.abcddb")
    ctx = engine.make_context([tmp_path], use_cache=False, cache=False)
    ctx.home, ctx.platform = tmp_path, "linux"
    assert not AddressBookScanner().applies(ctx)
    assert ctx.statuses["stores.addressbook"].notes[0][0] == "not-present"


def test_bad_books_become_errors_and_the_scan_goes_on(tmp_path, monkeypatch):
    base = tmp_path / TB
    S.thunderbird_abook(base / "abook.sqlite", 4, contacts=2)
    S.write(base / "abook-1.sqlite", b"SQLite format 3\x00" + b"\x13" * 2000)  # corrupt
    S.write(base / "abook-2.sqlite", b"SQLite form")  # truncated
    S.write(base / "abook-3.sqlite", bytes(range(256)) * 8)  # encrypted / other format
    unknown = base / "abook-4.sqlite"
    with sqlite3.connect(unknown) as c:
        c.execute("CREATE TABLE moz_cards (id INTEGER, data BLOB)")
    c.close()
    S.thunderbird_abook(base / "abook-5.sqlite", 4, contacts=1)
    real_open = open

    def guarded(file, *a, **k):  # root ignores modes: deny the file as the OS would
        if str(file).endswith("abook-5.sqlite"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.setattr(common, "open", guarded, raising=False)
    findings, errors = _run(tmp_path)
    assert [f.count for f in findings] == [2]
    reasons = {e.location.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert reasons == {"abook-1.sqlite#contacts": "corrupt",
                       "abook-2.sqlite#contacts": "corrupt",
                       "abook-3.sqlite#contacts": "encrypted",
                       "abook-4.sqlite#contacts": "unknown-schema",
                       "abook-5.sqlite#contacts": "permission-denied"}


def test_vcard_fields_by_property_name_only():
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.TEL;type=CELL:1\r\nemail;type=INTERNET:a@b\r\n"
            "NOTE:TEL:not a phone\r\nX-ADR:nope\r\nEND:VCARD\r\n")
    assert vcard_fields(card) == {"phones", "emails", "notes"}


def test_audit_end_to_end(tmp_path, monkeypatch):
    home = tmp_path / "home"
    S.thunderbird_abook(home / TB / "abook.sqlite", 4, contacts=3)
    S.evolution_contacts(home / EVO / "system/contacts.db")
    files = [p for p in home.rglob("*") if p.is_file()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    result = engine.audit(engine.make_context([home], use_cache=False, cache=False),
                          ["stores.addressbook"])
    assert result.statuses["stores.addressbook"].state == "ran" and not result.errors
    assert sorted(f.rule for f in result.findings) == ["stores.addressbook.evolution",
                                                      "stores.addressbook.thunderbird"]
    for f in result.findings:
        assert result.access[f.location].protection == "plaintext"
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert sorted(p for p in home.rglob("*") if p.is_file()) == sorted(files)
    _no_personal_value(result.findings, result.errors)
