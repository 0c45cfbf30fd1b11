"""permissions.windows: ConsentStore read from a recorded regedit export (UTF-16LE, BOM)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanners.model import Severity
from scanners.sources.permissions.windows import WindowsScanner, filetime_text
from scanners.sources.permissions.winreg_backend import RegExport, decode_export
from synth.permission_fixtures import DATA, perm_ctx

EXPORT = DATA / "consentstore.reg"


def run(tmp_path: Path, exports: list[Path] | None, platform: str = "linux",
        monkeypatch: pytest.MonkeyPatch | None = None):
    assert monkeypatch is not None
    if exports is None:
        monkeypatch.delenv("PIAUDIT_WINREG_EXPORT", raising=False)
    else:
        monkeypatch.setenv("PIAUDIT_WINREG_EXPORT", os.pathsep.join(map(str, exports)))
    ctx, errors = perm_ctx(tmp_path / "home", tmp_path / "root", platform=platform)
    s = WindowsScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return found, errors, ctx


def test_export_is_real_regedit_text():
    raw = EXPORT.read_bytes()
    assert raw.startswith(b"\xff\xfeW\x00i\x00n\x00")  # UTF-16LE with BOM, as regedit writes
    reg = RegExport(decode_export(raw))
    base = ("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager"
            "\\ConsentStore")
    assert "webcam" in reg.subkeys(base) and "activity" not in reg.subkeys(base)  # [-key]
    cam = reg.values(base + "\\webcam\\Microsoft.WindowsCamera_8wekyb3d8bbwe")
    assert cam["value"] == "Allow"
    assert cam["installlocation"] == "%ProgramFiles%\\WindowsApps\\Microsoft.WindowsCamera"
    assert filetime_text(int(cam["lastusedtimestart"])) == "2024-03-01 09:00"


def test_consent_store_grants(tmp_path, monkeypatch):
    found, errors, _ = run(tmp_path, [EXPORT], monkeypatch=monkeypatch)
    assert errors == []
    g = {(f.detail["app_name"], f.detail["permission"]): f for f in found}
    assert set(g) == {
        ("Microsoft.WindowsCamera", "camera"), ("Zoom.exe", "camera"),
        ("Microsoft.WindowsSoundRecorder", "microphone"), ("Discord.exe", "microphone"),
        ("Microsoft.WindowsMaps", "location"), ("Microsoft.People", "contacts"),
        ("Microsoft.YourPhone", "call-history"),
    }  # bluetoothSync is not mapped; activity was deleted in the export
    zoom = g[("Zoom.exe", "camera")]
    assert zoom.detail["state"] == "in-use" and zoom.detail["scope"] == "desktop app"
    assert zoom.detail["app"] == "C:\\Program Files\\Zoom\\bin\\Zoom.exe"
    assert zoom.detail["last_used"] == "2024-03-02 14:30"
    assert "ms-settings:privacy-webcam" in zoom.detail["revoke"]
    assert "revoke_argv" not in zoom.detail
    assert g[("Discord.exe", "microphone")].detail["last_used"] == "2024-02-28 21:15"  # REG_BINARY
    assert g[("Microsoft.WindowsCamera", "camera")].detail["state"] == "allowed"
    rec = g[("Microsoft.WindowsSoundRecorder", "microphone")]
    assert rec.detail["state"] == "denied" and rec.detail["switch"] == "app"
    assert rec.severity == Severity.INFO
    maps = g[("Microsoft.WindowsMaps", "location")]
    assert maps.detail["state"] == "denied" and maps.detail["switch"] == "user"
    calls = g[("Microsoft.YourPhone", "call-history")]
    assert calls.detail["state"] == "denied" and calls.detail["switch"] == "device"
    assert g[("Microsoft.People", "contacts")].detail["exposes"] == "contact"


def test_hkey_users_sid_from_an_offline_hive(tmp_path, monkeypatch):
    text = decode_export(EXPORT.read_bytes()).replace(
        "HKEY_CURRENT_USER", "HKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001")
    p = tmp_path / "hku.reg"
    p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    found, errors, _ = run(tmp_path, [p], monkeypatch=monkeypatch)
    assert errors == [] and found
    assert {f.detail["hive"] for f in found} == {"S-1-5-21-1004336348-1177238915-682003330-1001"}


@pytest.mark.parametrize("bad", ["truncated-utf16", "no-header", "bad-hex", "gbk", "missing"])
def test_bad_exports_are_errors_and_the_good_one_is_still_read(tmp_path, monkeypatch, bad):
    raw = EXPORT.read_bytes()
    p = tmp_path / "bad.reg"
    if bad == "truncated-utf16":
        p.write_bytes(raw[:1001])  # odd length: half a UTF-16 code unit
    elif bad == "no-header":
        p.write_bytes(b"\xff\xfe" + "[HKEY_CURRENT_USER\\x]\r\n".encode("utf-16-le"))
    elif bad == "bad-hex":
        text = decode_export(raw).replace("hex(b):00,64", "hex(b):zz,64")
        p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    elif bad == "gbk":  # REGEDIT4 is ANSI; a GBK export still reads (values are ASCII here)
        text = decode_export(raw).replace("Windows Registry Editor Version 5.00", "REGEDIT4")
        text = text.replace("Zoom.exe", "视频会议.exe")
        p.write_bytes(text.encode("gbk"))
    found, errors, _ = run(tmp_path, [p, EXPORT], monkeypatch=monkeypatch)
    assert any(f.detail["app_name"] == "Zoom.exe" for f in found)  # the good export
    if bad == "gbk":
        assert errors == []
    else:
        assert len(errors) == 1 and errors[0].reason in ("corrupt", "unreadable")
        assert errors[0].location == str(p)


def test_not_windows_without_an_export(tmp_path, monkeypatch):
    found, _e, ctx = run(tmp_path, None, monkeypatch=monkeypatch)
    assert found == []
    assert ctx.statuses["permissions.windows"].notes[0][0] == "unsupported-os"
    assert "PIAUDIT_WINREG_EXPORT" in ctx.statuses["permissions.windows"].notes[0][1]
