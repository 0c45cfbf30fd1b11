"""permissions.live: a fake /proc with real fd symlinks, and recorded pactl outputs."""

from __future__ import annotations

import os
from pathlib import Path

from scanners.sources.permissions.live import LiveScanner, parse_pactl_text
from synth.permission_fixtures import (
    DATA,
    fake_proc,
    fake_tool,
    nobody_can_enter,
    perm_ctx,
    unprivileged,
)

ME = os.getuid()


def machine(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    fake_proc(root, 1, "systemd", 0, {0: "/dev/null"})
    fake_proc(root, 4321, "firefox", ME, {0: "/dev/null", 41: "/dev/video0",
                                          42: "/dev/video1", 43: "socket:[123]"})
    fake_proc(root, 777, "arecord", ME, {3: "/dev/snd/pcmC0D0c", 4: "/dev/snd/controlC0"})
    fake_proc(root, 888, "aplay", ME, {3: "/dev/snd/pcmC0D0p"})  # playback only
    (root / "proc/self").symlink_to("4321")  # not a pid: ignored
    (root / "proc/cpuinfo").write_text("processor: 0\n")
    return root


def run(tmp_path: Path, root: Path, tools: dict | None = None, platform: str = "linux",
        rc: int = 0):
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    if tools is not None:
        fake_tool(bindir, "pactl", tools, rc=rc)
    ctx, errors = perm_ctx(tmp_path / "home", root, platform=platform, tools=bindir)
    s = LiveScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return found, errors, ctx


def test_processes_holding_camera_and_capture_devices(tmp_path):
    root = machine(tmp_path)
    found, errors, ctx = run(tmp_path, root)
    assert errors == []
    got = {(f.detail["app"], f.detail["permission"]) for f in found}
    assert got == {("firefox", "camera"), ("arecord", "microphone")}
    cam = next(f for f in found if f.detail["permission"] == "camera")
    assert cam.detail["state"] == "in-use" and cam.detail["exposes"] == "biometric"
    assert cam.detail["devices"] == "/dev/video0, /dev/video1"
    assert cam.detail["pid"] == "4321" and cam.detail["app_name"] == "firefox (pid 4321)"
    assert "revoke_argv" not in cam.detail  # nothing is killed
    notes = dict(ctx.statuses["permissions.live"].notes)
    assert "pactl" in notes["not-installed"]
    not_root = "only your own processes were checked (not root)"
    if os.geteuid() == 0:  # root sees every process: no note
        assert "permission-denied" not in notes
    else:
        assert notes["permission-denied"] == not_root


def test_without_root_the_partial_check_is_said():
    # as nobody when we are root, in a tree nobody can enter; as ourselves otherwise
    with nobody_can_enter() as base:
        root = machine(base)
        (base / "bin").mkdir()  # made here: nobody cannot write into base

        def notes() -> dict:
            found, errors, ctx = run(base, root)
            return {"notes": dict(ctx.statuses["permissions.live"].notes),
                    "errors": [e.reason for e in errors], "found": len(found)}

        out = unprivileged(notes)
    assert out["notes"]["permission-denied"] == "only your own processes were checked (not root)"
    assert out["errors"] == [] and out["found"] == 2  # the readable /proc entries still count


def test_pipewire_recording_clients_from_pactl(tmp_path):
    root = machine(tmp_path)
    found, errors, _ = run(tmp_path, root, {
        "-f json list source-outputs": DATA / "pactl-source-outputs.json"})
    assert errors == []
    mics = {(f.detail["app"], f.detail["pid"]) for f in found
            if f.detail["permission"] == "microphone"}
    assert mics == {("arecord", "777"), ("firefox", "4321"), ("zoom", "5150")}
    # old pactl without -f json: the text form is read instead
    found, errors, _ = run(tmp_path, root, {
        "list source-outputs": DATA / "pactl-source-outputs.txt"})
    assert errors == []
    assert ("firefox", "4321") in {(f.detail["app"], f.detail["pid"]) for f in found
                                   if f.detail["permission"] == "microphone"}


def test_bad_pactl_output_and_failing_pactl(tmp_path):
    root = machine(tmp_path)
    found, errors, _ = run(tmp_path, root, {"-f json list source-outputs": "[{" * 5})
    assert [e.reason for e in errors] == ["corrupt"]
    assert {f.detail["app"] for f in found} == {"firefox", "arecord"}  # /proc still read
    found, errors, _ = run(tmp_path, root, {}, rc=1)
    assert [e.reason for e in errors] == ["tool-failed"]
    assert parse_pactl_text("") == []


def test_hostile_proc_tree(tmp_path):
    root = machine(tmp_path)
    loop = root / "proc/999"
    loop.mkdir()
    (loop / "fd").symlink_to("fd")  # a symlink loop where the fd folder should be
    fake_proc(root, 1000, "weird", ME, {})
    (root / "proc/1000/fd/5").symlink_to("5")  # an fd link pointing at itself
    (root / "proc/1000/comm").write_bytes(b"\xff\xfe\x00bad")
    found, errors, _ = run(tmp_path, root)
    assert [(e.location, e.reason) for e in errors] == [("/proc/999/fd", "unreadable")]
    assert {f.detail["app"] for f in found} == {"firefox", "arecord"}


def test_other_os_and_no_proc(tmp_path):
    _f, _e, ctx = run(tmp_path, tmp_path / "root", platform="darwin")
    assert ctx.statuses["permissions.live"].notes[0][0] == "unsupported-os"
    _f, _e, ctx = run(tmp_path, tmp_path / "empty")
    assert ctx.statuses["permissions.live"].notes[0][0] == "not-present"
