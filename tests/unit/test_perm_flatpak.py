"""permissions.flatpak: metadata + overrides in flatpak's order, portal grants from GVDB."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
from pathlib import Path

import pytest

from scanners.model import Category, Severity
from scanners.sources.permissions.flatpak import FlatpakScanner
from scanners.sources.permissions.gvdb import decode, open_gvdb
from synth.permission_fixtures import (
    EDITOR_METADATA,
    FIREFOX_METADATA,
    flatpak_app,
    flatpak_override,
    gv_encode,
    gvdb_bytes,
    nobody_can_enter,
    perm_ctx,
    permission_store,
    unprivileged,
)


@pytest.fixture
def machine(tmp_path: Path):
    return build_machine(tmp_path)


def build_machine(tmp_path: Path):
    home, sysroot = tmp_path / "home", tmp_path / "root"
    system = sysroot / "var/lib/flatpak"
    user = home / ".local/share/flatpak"
    flatpak_app(system, "org.mozilla.firefox", FIREFOX_METADATA)
    flatpak_app(user, "org.example.Editor", EDITOR_METADATA)
    return home, sysroot, system, user


def run(home: Path, sysroot: Path, platform: str = "linux"):
    ctx, errors = perm_ctx(home, sysroot, platform=platform)
    s = FlatpakScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return found, errors, ctx


def by_app(found):
    out: dict[str, dict[str, object]] = {}
    for f in found:
        out.setdefault(f.detail["app"], {})[f.detail["permission"]] = f
    return out


def test_metadata_grants_are_mapped_and_broad_ones_flagged(machine):
    home, sysroot, _system, _user = machine
    found, errors, _ = run(home, sysroot)
    assert errors == []
    apps = by_app(found)
    ff = apps["org.mozilla.firefox"]
    assert {"devices-all", "x11", "microphone", "smartcard", "filesystem-downloads"} <= set(ff)
    assert "filesystem-home" not in ff  # Firefox's metadata does not ask for home
    assert ff["devices-all"].detail["broad"] == "yes"
    assert ff["devices-all"].detail["exposes"] == "biometric"
    assert ff["devices-all"].detail["installation"] == "system"
    assert json.loads(ff["devices-all"].detail["revoke_argv"]) == [
        "flatpak", "override", "--user", "--nodevice=all", "org.mozilla.firefox"]
    ed = apps["org.example.Editor"]
    home_grant = ed["filesystem-home"]
    assert home_grant.category == Category.PERMISSION
    assert home_grant.detail["broad"] == "yes" and home_grant.detail["exposes"] == "credential"
    assert home_grant.detail["raw"] == "filesystems=home"
    assert json.loads(home_grant.detail["revoke_argv"]) == [
        "flatpak", "override", "--user", "--nofilesystem=home", "org.example.Editor"]
    assert "flatpak override --user --nofilesystem=home" in home_grant.detail["revoke"]
    assert ed["filesystem-host-os"].detail["raw"] == "filesystems=host-os:ro"
    assert ed["sandbox-escape"].severity == Severity.CRITICAL
    assert ed["secret-service"].detail["raw"] == "session-bus:org.freedesktop.secrets=talk"
    assert "x11" not in ed  # fallback-x11 only, not mapped


def test_overrides_apply_in_flatpak_order(machine):
    home, sysroot, system, user = machine
    # system global grants home to everyone, the user takes it back for Firefox only
    flatpak_override(system, "global", "[Context]\nfilesystems=home;\n")
    flatpak_override(user, "org.mozilla.firefox",
                     "[Context]\nfilesystems=!home;~/.ssh:ro;\ndevices=!all;\n"
                     "[System Bus Policy]\norg.freedesktop.GeoClue2=talk\n")
    # the user's global override removes x11 from every app; the Editor's own system
    # override cannot bring it back because user overrides come later
    flatpak_override(user, "global", "[Context]\nsockets=!x11;\n")
    flatpak_override(system, "org.example.Editor",
                     "[Context]\nsockets=x11;\n[Session Bus Policy]\norg.freedesktop.Flatpak=none\n")
    found, errors, _ = run(home, sysroot)
    assert errors == []
    apps = by_app(found)
    ff, ed = apps["org.mozilla.firefox"], apps["org.example.Editor"]
    assert "filesystem-home" not in ff and "devices-all" not in ff and "x11" not in ff
    assert ff["filesystem-ssh"].detail["raw"] == "filesystems=~/.ssh:ro"
    assert ff["filesystem-ssh"].detail["set_by"] == "user-override"
    assert ff["location"].detail["exposes"] == "location"
    assert ed["filesystem-home"].detail["set_by"] == "system-global-override"
    assert "x11" not in ed
    assert "sandbox-escape" not in ed  # policy "none" in an override takes the name back


def test_portal_grants_from_the_permission_store(machine):
    home, sysroot, _system, _user = machine
    db = home / ".local/share/flatpak/db"
    permission_store(db / "devices", {
        "camera": {"org.mozilla.firefox": ["yes"], "org.example.Editor": ["no"], "": ["yes"]},
        "microphone": {"org.mozilla.firefox": ["yes"]},
        "speakers": {"org.mozilla.firefox": ["yes"]},
    })
    permission_store(db / "location", {"location": {"org.gnome.Maps": ["EXACT", "0"],
                                                    "org.mozilla.firefox": ["NONE", "0"]}})
    found, errors, _ = run(home, sysroot)
    assert errors == []
    portal = [f for f in found if f.detail["set_by"] == "portal"]
    got = {(f.detail["app"], f.detail["permission"], f.detail["state"]) for f in portal}
    assert got == {
        ("org.mozilla.firefox", "camera", "allowed"),
        ("org.example.Editor", "camera", "denied"),
        ("org.mozilla.firefox", "microphone", "allowed"),
        ("org.gnome.Maps", "location", "allowed"),
        ("org.mozilla.firefox", "location", "denied"),
    }
    cam = next(f for f in portal if f.detail["app"] == "org.mozilla.firefox"
               and f.detail["permission"] == "camera")
    assert json.loads(cam.detail["revoke_argv"]) == [
        "flatpak", "permission-remove", "devices", "camera", "org.mozilla.firefox"]
    denied = next(f for f in portal if f.detail["state"] == "denied")
    assert denied.severity == Severity.INFO and "revoke_argv" not in denied.detail


def test_gvariant_serialisation_matches_glib():
    """Our writer and reader agree byte for byte with GLib's own normal form."""
    lib = ctypes.CDLL(ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0")
    lib.g_variant_type_new.restype = ctypes.c_void_p
    lib.g_variant_type_new.argtypes = [ctypes.c_char_p]
    lib.g_variant_parse.restype = ctypes.c_void_p
    lib.g_variant_parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
                                    ctypes.c_void_p, ctypes.c_void_p]
    lib.g_variant_get_normal_form.restype = ctypes.c_void_p
    lib.g_variant_get_normal_form.argtypes = [ctypes.c_void_p]
    lib.g_variant_get_size.restype = ctypes.c_size_t
    lib.g_variant_get_size.argtypes = [ctypes.c_void_p]
    lib.g_variant_store.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cases = [
        ("(va{sas})", "(<byte 0>, {'org.a': ['yes'], 'org.b': ['NONE', '0']})",
         (("y", 0), [("org.a", ["yes"]), ("org.b", ["NONE", "0"])])),
        ("v", "<(<byte 0>, @a{sas} {})>", ("(va{sas})", (("y", 0), []))),
        ("as", "['camera', 'microphone']", ["camera", "microphone"]),
        ("(sux)", "('a', 7, -3)", ("a", 7, -3)),
        ("a(sy)", "[('x', 1), ('yy', 2)]", [("x", 1), ("yy", 2)]),
    ]
    for t, text, value in cases:
        vt = lib.g_variant_type_new(t.encode())
        v = lib.g_variant_get_normal_form(lib.g_variant_parse(vt, text.encode(), None, None, None))
        buf = ctypes.create_string_buffer(lib.g_variant_get_size(v))
        lib.g_variant_store(v, buf)
        glib = buf.raw
        assert gv_encode(t, value) == glib, t
        assert decode(t, glib) == value


def test_gvdb_round_trip_and_nested_tables():
    data = gvdb_bytes({"main": {"a": ("s", "x"), "b": ("as", ["1"])}, "apps": {}})
    root = open_gvdb(data)
    assert sorted(root.names()) == ["apps", "main"]
    assert dict(root.table("main").items()) == {"a": "x", "b": ["1"]}
    assert root.table("apps").names() == []


@pytest.mark.parametrize("damage", ["truncated", "garbage", "bad-pointer", "big-endian",
                                    "self-loop"])
def test_damaged_permission_store_is_an_error_and_the_scan_goes_on(machine, damage):
    home, sysroot, _system, _user = machine
    db = home / ".local/share/flatpak/db"
    good = permission_store(db / "devices", {"camera": {"org.mozilla.firefox": ["yes"]}})
    data = good.read_bytes()
    bad = db / "location"
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        bad.write_bytes(os.urandom(300))
    elif damage == "bad-pointer":
        bad.write_bytes(data[:16] + (10**6).to_bytes(4, "little") * 2 + data[24:])
    elif damage == "big-endian":
        bad.write_bytes(b"raVGtnai" + data[8:])
    else:  # root table's "main" item points back at the root table itself
        root = open_gvdb(data)
        start = int.from_bytes(data[16:20], "little")
        end = int.from_bytes(data[20:24], "little")
        n_buckets = int.from_bytes(data[start + 4:start + 8], "little")
        items = start + 8 + 4 * n_buckets
        patched = bytearray(data)
        for i in range(len(root.names())):
            at = items + 24 * i
            patched[at + 16:at + 20] = start.to_bytes(4, "little")
            patched[at + 20:at + 24] = end.to_bytes(4, "little")
        bad.write_bytes(bytes(patched))
    found, errors, _ = run(home, sysroot)
    assert [e.reason for e in errors] == ["corrupt"]
    assert errors[0].location.endswith("flatpak/db/location")
    assert any(f.detail["set_by"] == "portal" for f in found)  # the good table still read
    assert any(f.detail["permission"] == "filesystem-home" for f in found)


def _reasons_and_apps(home: Path, sysroot: Path) -> dict:
    found, errors, _ = run(home, sysroot)
    return {"reasons": {e.location.split("/app/")[1].split("/")[0]: e.reason for e in errors},
            "apps": sorted({f.detail["app"] for f in found})}


def test_bad_metadata_is_an_error_and_other_apps_still_scan():
    with nobody_can_enter() as base:
        home, sysroot, system, _user = build_machine(base)
        flatpak_app(system, "org.broken.Gbk", "")
        meta = system / "app/org.broken.Gbk/current/active/metadata"
        meta.write_bytes("[Context]\nfilesystems=主目录;\n".encode("gbk"))
        flatpak_app(system, "org.broken.NoHeader", "filesystems=home\n")
        flatpak_app(system, "org.broken.Huge", "")
        (system / "app/org.broken.Huge/current/active/metadata").write_bytes(
            b"[Context]\nfilesystems=" + b"x;" * (3 * 1024 * 1024) + b"\n")
        locked = flatpak_app(system, "org.broken.Locked", "[Context]\nfilesystems=home;\n")
        locked.chmod(0)
        # as nobody when we are root (root reads mode-000 files), in a tree nobody can enter
        out = unprivileged(lambda: _reasons_and_apps(home, sysroot))
    reasons = out["reasons"]
    assert reasons["org.broken.Gbk"] == "corrupt"
    assert reasons["org.broken.NoHeader"] == "corrupt"
    assert reasons["org.broken.Huge"] == "corrupt"
    assert reasons["org.broken.Locked"] == "permission-denied"
    assert {"org.mozilla.firefox", "org.example.Editor"} <= set(out["apps"])


def test_not_installed_and_other_os_are_reported(tmp_path):
    found, _errors, ctx = run(tmp_path / "h", tmp_path / "r")
    assert found == [] and ctx.statuses["permissions.flatpak"].notes[0][0] == "not-present"
    found, _errors, ctx = run(tmp_path / "h", tmp_path / "r", platform="darwin")
    assert ctx.statuses["permissions.flatpak"].notes[0][0] == "unsupported-os"


def test_extra_installation_from_installations_d(machine, tmp_path):
    home, sysroot, _s, _u = machine
    conf = sysroot / "etc/flatpak/installations.d/extra.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text('[Installation "extra"]\nPath=/opt/flatpak\nDisplayName=Extra\n')
    flatpak_app(sysroot / "opt/flatpak", "com.example.Spy",
                "[Context]\nfilesystems=host;\n")
    found, errors, _ = run(home, sysroot)
    spy = [f for f in found if f.detail["app"] == "com.example.Spy"]
    assert errors == []
    assert spy[0].detail["permission"] == "filesystem-host"
    assert spy[0].detail["installation"] == "extra"


# ------------------------------------------------------------------ scoring and end to end


def _perm(exposes: str, state: str = "allowed", severity: Severity = Severity.HIGH):
    from scanners.model import Finding

    sev = Severity.INFO if state == "denied" else severity
    return Finding(scanner="permissions.flatpak", rule=f"permissions.flatpak.x-{exposes}",
                   category=Category.PERMISSION, severity=sev, location="flatpak:x#app",
                   preview="app: x", fingerprint=f"fp-{exposes}-{state}", confidence=1.0,
                   detail={"exposes": exposes, "state": state})


def test_score_weighs_a_permission_by_what_it_exposes():
    from scanners.assessment.scoring import default_weights, factors_of, score

    w = default_weights()
    cred = factors_of(_perm("credential"), None, w)
    assert cred.sensitivity == w.category["credential"] > w.category["permission"]
    assert "sensitivity 3.5 (exposes credential)" in cred.words()
    # exposing basic data never weighs less than the permission category itself
    assert factors_of(_perm("basic"), None, w).sensitivity == w.category["permission"]
    assert score([_perm("biometric")]).raw > score([_perm("behaviour")]).raw > 0
    assert score([_perm("biometric", state="denied")]).value == 0  # denied: listed, scores 0


def test_engine_end_to_end_on_a_fixture_machine(tmp_path, monkeypatch):
    from scanners import engine
    from scanners.assessment.scoring import score
    from synth.permission_fixtures import DATA, fake_proc, fake_tool

    home, sysroot = tmp_path / "home", tmp_path / "root"
    flatpak_app(home / ".local/share/flatpak", "org.example.Editor", EDITOR_METADATA)
    bindir = tmp_path / "bin"
    fake_tool(bindir, "snap", {"connections": DATA / "snap-connections.txt"})
    fake_proc(sysroot, 4321, "cheese", os.getuid(), {7: "/dev/video0"})
    ff = home / ".mozilla/firefox/abc.default"
    ff.mkdir(parents=True)
    (ff / "extensions.json").write_text(json.dumps({"addons": [
        {"id": "spy@example.com", "type": "extension", "version": "1", "active": True,
         "location": "app-profile", "defaultLocale": {"name": "Spy"},
         "userPermissions": {"permissions": ["cookies"], "origins": ["<all_urls>"]}}]}))
    monkeypatch.delenv("PIAUDIT_WINREG_EXPORT", raising=False)
    ctx = engine.make_context([tmp_path / "empty"], cache=False, jobs=1)
    ctx.home, ctx.sysroot, ctx.platform, ctx.tool_path = home, sysroot, "linux", str(bindir)
    result = engine.audit(ctx, ["permissions"])
    assert result.errors == []
    sources = {f.detail["source"] for f in result.findings}
    assert sources == {"flatpak", "snap", "firefox-extension", "live"}
    st = result.statuses
    assert st["permissions.tcc"].state == "not-applicable"
    assert st["permissions.tcc"].notes[0][0] == "unsupported-os"
    assert st["permissions.windows"].notes[0][0] == "unsupported-os"
    assert st["permissions.flatpak"].state == "ran" and st["permissions.flatpak"].findings > 0
    assert st["permissions.live"].findings == 1
    s = score(result.findings)
    assert s.value > 0
    home_grant = next(c for c in s.top if c.rule == "permissions.flatpak.filesystem-home")
    assert "exposes credential" in ", ".join(home_grant.factors.words())
    without = score([f for f in result.findings
                     if f.rule != "permissions.flatpak.filesystem-home"])
    assert without.raw < s.raw  # the broad home-folder grant counts
