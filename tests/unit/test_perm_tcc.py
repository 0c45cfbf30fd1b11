"""permissions.tcc: both TCC.db schema generations, FDA missing as a finding, locationd."""

from __future__ import annotations

import json
import plistlib
from pathlib import Path

import pytest

from scanners.model import Severity
from scanners.sources.permissions.tcc import TccScanner
from synth.permission_fixtures import nobody_can_enter, perm_ctx, tcc_db, unprivileged

USER_DB = "Library/Application Support/com.apple.TCC/TCC.db"


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, Path]:
    return build_machine(tmp_path)


def build_machine(tmp_path: Path) -> tuple[Path, Path]:
    home, sysroot = tmp_path / "home", tmp_path / "root"
    tcc_db(home / USER_DB, [
        ("kTCCServiceCamera", "us.zoom.xos", 0, 2),
        ("kTCCServiceMicrophone", "us.zoom.xos", 0, 0),
        ("kTCCServiceAddressBook", "/usr/local/bin/contacts-sync", 1, 2),
        ("kTCCServicePhotos", "com.example.Gallery", 0, 3),
        ("kTCCServiceCalendar", "com.example.Unknown", 0, 1),
        ("kTCCServiceUbiquity", "com.apple.Notes", 0, 2),
    ], big_sur=True)
    tcc_db(sysroot / USER_DB.replace("Library/", "Library/", 1), [
        ("kTCCServiceSystemPolicyAllFiles", "com.apple.Terminal", 0, 1),
        ("kTCCServiceScreenCapture", "com.example.Recorder", 0, 0),
        ("kTCCServiceAccessibility", "com.example.Keys", 0, 1),
    ], big_sur=False)
    return home, sysroot


def scan(home: Path, sysroot: Path, platform: str = "darwin") -> dict:
    ctx, errors = perm_ctx(home, sysroot, platform=platform)
    s = TccScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return {"found": [f.to_dict() for f in found],
            "errors": [e.to_dict() for e in errors],
            "notes": {k: v.notes for k, v in ctx.statuses.items()}}


def by_key(out: dict) -> dict[tuple[str, str], dict]:
    return {(f["detail"]["app"], f["detail"]["permission"]): f for f in out["found"]}


def test_both_schema_generations(machine):
    out = scan(*machine)
    assert out["errors"] == []
    g = by_key(out)
    assert set(g) == {
        ("us.zoom.xos", "camera"), ("us.zoom.xos", "microphone"),
        ("/usr/local/bin/contacts-sync", "contacts"), ("com.example.Gallery", "photos"),
        ("com.apple.Terminal", "full-disk-access"), ("com.example.Recorder", "screen-recording"),
        ("com.example.Keys", "accessibility"),
    }  # unknown decision (1) and unmapped services are left out
    cam = g[("us.zoom.xos", "camera")]
    assert cam["detail"]["state"] == "allowed" and cam["detail"]["exposes"] == "biometric"
    assert cam["detail"]["database"] == "user" and cam["detail"]["last_used"] == "2023-11-14 22:13"
    assert json.loads(cam["detail"]["revoke_argv"]) == ["tccutil", "reset", "Camera", "us.zoom.xos"]
    assert "Privacy & Security > Camera" in cam["detail"]["revoke"]
    mic = g[("us.zoom.xos", "microphone")]
    assert mic["detail"]["state"] == "denied" and mic["severity"] == "info"
    assert "revoke_argv" not in mic["detail"]
    path_client = g[("/usr/local/bin/contacts-sync", "contacts")]
    assert path_client["detail"]["app_name"] == "contacts-sync"
    assert "revoke_argv" not in path_client["detail"]  # tccutil takes bundle ids only
    assert g[("com.example.Gallery", "photos")]["detail"]["raw"].endswith("(limited)")
    fda = g[("com.apple.Terminal", "full-disk-access")]
    assert fda["detail"]["broad"] == "yes" and fda["detail"]["database"] == "system"
    assert fda["severity"] == Severity.HIGH.label
    assert g[("com.example.Recorder", "screen-recording")]["detail"]["state"] == "denied"


def test_unreadable_tcc_db_is_a_finding_not_an_error():
    with nobody_can_enter() as base:
        home, sysroot = build_machine(base)
        (home / USER_DB).chmod(0o600)
        (sysroot / USER_DB).chmod(0o600)  # root-only on a real Mac
        clients = sysroot / "var/db/locationd/clients.plist"
        clients.parent.mkdir(parents=True)
        clients.write_bytes(plistlib.dumps({"com.apple.weather": {"Authorized": True}}))
        clients.chmod(0o600)
        out = unprivileged(lambda: scan(home, sysroot))
    assert out["errors"] == []
    unread = [f for f in out["found"] if f["detail"]["permission"] == "tcc-unreadable"]
    assert len(unread) == 2  # neither database can be read without Full Disk Access
    assert unread[0]["severity"] == "info" and unread[0]["detail"]["state"] == "denied"
    assert "Full Disk Access" in unread[0]["detail"]["revoke"]
    notes = out["notes"]["permissions.tcc"]
    # both databases, then the root-only location clients
    assert [n[0] for n in notes] == ["permission-denied"] * 3
    assert "Full Disk Access" in notes[0][1] and "admin" in notes[2][1]


@pytest.mark.parametrize("bad", ["truncated", "not-sqlite", "no-access-table", "odd-columns"])
def test_damaged_database_is_an_error_and_the_other_is_still_read(machine, bad):
    home, sysroot = machine
    db = home / USER_DB
    if bad == "truncated":
        db.write_bytes(db.read_bytes()[:10])
    elif bad == "not-sqlite":
        db.write_bytes(b"\x00" * 4096)
    else:
        import sqlite3

        db.unlink()
        conn = sqlite3.connect(db)
        if bad == "no-access-table":
            conn.execute("CREATE TABLE admin (key TEXT, value INTEGER)")
        else:
            conn.execute("CREATE TABLE access (service TEXT, client TEXT, client_type INT)")
        conn.commit()
        conn.close()
    out = scan(home, sysroot)
    assert len(out["errors"]) == 1
    assert out["errors"][0]["reason"] in ("corrupt", "encrypted")
    assert ("com.apple.Terminal", "full-disk-access") in by_key(out)


def test_location_clients_plist(machine):
    home, sysroot = machine
    p = sysroot / "var/db/locationd/clients.plist"
    p.parent.mkdir(parents=True)
    p.write_bytes(plistlib.dumps({
        "com.apple.weather": {"Authorized": True, "BundleId": "com.apple.weather"},
        "i/usr/libexec/timed": {"Authorized": False, "Executable": "/usr/libexec/timed"},
        "com.example.NoDecision": {"BundleId": "com.example.NoDecision"},
    }, fmt=plistlib.FMT_BINARY))
    out = scan(home, sysroot)
    g = by_key(out)
    assert g[("com.apple.weather", "location")]["detail"]["state"] == "allowed"
    assert g[("/usr/libexec/timed", "location")]["detail"]["state"] == "denied"
    assert ("com.example.NoDecision", "location") not in g
    p.write_bytes(b"bplist00garbage")
    out = scan(home, sysroot)
    assert [e["reason"] for e in out["errors"]] == ["corrupt"]


def test_other_os_and_missing_databases(tmp_path, machine):
    out = scan(*machine, platform="linux")
    assert out["found"] == [] and out["notes"]["permissions.tcc"][0][0] == "unsupported-os"
    out = scan(tmp_path / "nohome", tmp_path / "noroot")
    assert out["notes"]["permissions.tcc"][0][0] == "not-present"
