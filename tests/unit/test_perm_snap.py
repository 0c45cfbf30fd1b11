"""permissions.snap: a fake `snap` replays recorded `snap connections` output."""

from __future__ import annotations

import json
from pathlib import Path

from scanners.model import Severity
from scanners.sources.permissions.snap import SnapScanner, parse_connections
from synth.permission_fixtures import DATA, fake_tool, perm_ctx


def run(tmp_path: Path, output: str | Path | None, rc: int = 0, platform: str = "linux"):
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    if output is not None:
        fake_tool(bindir, "snap", {"connections": output}, rc=rc)
    ctx, errors = perm_ctx(tmp_path / "home", tmp_path / "root", tools=bindir, platform=platform)
    s = SnapScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return found, errors, ctx


def test_connected_personal_data_interfaces(tmp_path):
    found, errors, _ = run(tmp_path, DATA / "snap-connections.txt")
    assert errors == []
    got = {(f.detail["app"], f.detail["permission"]) for f in found}
    assert got == {
        ("firefox", "microphone"), ("firefox", "camera"), ("firefox", "filesystem-home"),
        ("thunderbird", "filesystem-home"), ("firefox", "personal-files"),
        ("thunderbird", "personal-files"), ("firefox", "removable-media"),
        ("thunderbird", "removable-media"), ("firefox", "x11"), ("thunderbird", "x11"),
    }
    cam = next(f for f in found if f.detail["permission"] == "camera")
    assert cam.detail["notes"] == "manual" and cam.detail["exposes"] == "biometric"
    assert json.loads(cam.detail["revoke_argv"]) == ["snap", "disconnect", "firefox:camera"]
    pf = next(f for f in found if f.detail["app"] == "thunderbird"
              and f.detail["permission"] == "personal-files")
    assert pf.detail["broad"] == "yes" and pf.severity == Severity.HIGH
    assert json.loads(pf.detail["revoke_argv"]) == [
        "snap", "disconnect", "thunderbird:dot-thunderbird"]


def test_unconnected_plugs_grant_nothing(tmp_path):
    found, errors, _ = run(tmp_path, DATA / "snap-connections-all.txt")
    assert errors == []
    assert [(f.detail["app"], f.detail["permission"]) for f in found] == [
        ("zoom-client", "camera")]


def test_missing_snap_and_other_os_are_reported(tmp_path):
    found, _e, ctx = run(tmp_path, None)
    assert found == [] and ctx.statuses["permissions.snap"].notes == [
        ("not-present", "snapd is not installed")]
    # snaps on disk but no command to list their connections: a blind spot, said so
    (tmp_path / "root" / "var/lib/snapd/snaps").mkdir(parents=True)
    found, _e, ctx = run(tmp_path, None)
    assert found == [] and ctx.statuses["permissions.snap"].notes == [
        ("not-installed", "snaps are installed but the snap command was not found")]
    _f, _e, ctx = run(tmp_path, DATA / "snap-connections.txt", platform="win32")
    assert ctx.statuses["permissions.snap"].notes[0][0] == "unsupported-os"


def test_snapd_down_is_a_tool_error(tmp_path):
    found, errors, _ = run(tmp_path, "error: cannot communicate with server: "
                                     "connection refused\n", rc=1)
    assert found == []
    assert [e.reason for e in errors] == ["tool-failed"]


def test_garbage_and_partly_damaged_output(tmp_path):
    found, errors, _ = run(tmp_path, "\x00\x01 binary junk\n" * 5)
    assert found == [] and [e.reason for e in errors] == ["corrupt"]
    text = (DATA / "snap-connections.txt").read_text()
    damaged = text.replace("camera                    firefox:camera", "camera") + "???\n"
    found, errors, _ = run(tmp_path, damaged)
    assert [e.reason for e in errors] == ["corrupt"]
    assert "2 line(s)" in errors[0].message
    assert ("firefox", "filesystem-home") in {(f.detail["app"], f.detail["permission"])
                                             for f in found}


def test_empty_output_means_no_connections():
    assert parse_connections("") == ([], 0)
