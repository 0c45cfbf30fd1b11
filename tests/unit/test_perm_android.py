"""permissions.android: granted dangerous permissions and special accesses over a fake adb
that replays recorded Android 5.1, 10 and 14 answers (synth/data/adb) and logs every call."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from scanners import engine
from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, Progress, ScanError, Severity
from scanners.sources.permissions import adb as adbmod
from scanners.sources.permissions.android import AndroidPermissions
from scanners.system.tools import ToolError
from synth.fake_adb import (
    FakeAdb,
    FakeDevice,
    copy_recording,
    key_of,
    make_fake_adb,
    many_apps,
)

PIXEL = FakeDevice.of("28291FDH2001K8", "android14", "Pixel 7", "panther")
PIXEL_WORK = FakeDevice.of("39051JEHN04712", "android14work", "Pixel 8", "shiba", transport=5)
SAMSUNG = FakeDevice.of("R58M3418ZXY", "android10", "SM-A505F", "a50dd", transport=2)
MOTO = FakeDevice.of("ZY2239KXQ7", "android5", "MotoG3", "osprey_retbr", transport=3)
LOCKED = FakeDevice("0123456789ABCDEF", "unauthorized", None, "usb:1-4 transport_id:4")
WRITES = {"revoke", "grant", "uninstall", "install", "push", "put", "set", "reset", "disable",
          "enable", "clear", "kill", "reboot", "rm", "disallow_listener", "remove-active-admin"}


def make_ctx(tmp_path: Path, fake: FakeAdb | None) -> tuple[ScanContext, list[ScanError]]:
    ctx = engine.make_context([tmp_path], cache=False)
    ctx.home = tmp_path / "home"
    ctx.platform = "linux"
    ctx.tool_path = str(fake.folder) if fake else str(tmp_path / "empty-bin")
    errors: list[ScanError] = []
    ctx.on_error = errors.append
    return ctx, errors


def run(ctx: ScanContext) -> tuple[bool, list[Finding]]:
    s = AndroidPermissions()
    if not s.applies(ctx):
        return False, []
    return True, list(s.scan(ctx))


def grants(found: list[Finding], device: str | None = None) -> dict[tuple[str, str], Finding]:
    return {(f.detail["app"], f.detail["permission"]): f for f in found
            if device is None or f.detail["device"] == f"android:{device}"}


def assert_read_only(fake: FakeAdb) -> None:
    for words in fake.shell_calls():
        adbmod.check_read_only(words)  # raises on anything off the allow-list
        assert not WRITES & set(words), words


@pytest.fixture(autouse=True)
def _no_sdk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANDROID_HOME", raising=False)
    monkeypatch.delenv("ANDROID_SDK_ROOT", raising=False)


# ------------------------------------------------------------------ three generations

def test_android14_runtime_grants_and_special_accesses(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    g = grants(found)
    wa = g[("com.whatsapp", "contacts")]
    assert wa.rule == "permissions.android.contacts" and wa.category == Category.PERMISSION
    d = wa.detail
    assert d["device"] == "android:28291FDH2001K8" and d["device_name"] == "Pixel 7 (Android 14)"
    assert d["exposes"] == "contact" and d["state"] == "allowed" and d["source"] == "android"
    assert set(d["raw"].split()) == {"android.permission.READ_CONTACTS",
                                     "android.permission.WRITE_CONTACTS",
                                     "android.permission.GET_ACCOUNTS"}
    argv = json.loads(d["revoke_argv"])
    # the adb that read the grant runs the revoke, wherever it lives (a platform-tools
    # folder need not be on the desktop app's PATH)
    assert argv[:6] == [str(tmp_path / "bin" / "adb"), "-s", "28291FDH2001K8", "shell", "pm",
                        "revoke"]
    assert argv.count(";") == 2 and "Settings > Apps > com.whatsapp > Permissions > Contacts" \
        in d["revoke"]
    # denied runtime permissions are not findings; system apps are not read
    assert ("com.whatsapp", "location") not in g
    assert not any(k[0] == "com.android.systemui" for k in g)
    # installed only in a work profile: nothing for user 0, but its all-files access counts
    assert {k[1] for k in g if k[0] == "org.proninyaroslav.libretorrent"} == {"all-files"}
    bg = g[("com.familytrack.helper", "location-background")]
    assert bg.detail["broad"] == "yes" and bg.severity == Severity.HIGH
    assert json.loads(bg.detail["revoke_argv"])[-1] == "android.permission.ACCESS_BACKGROUND_LOCATION"
    assert g[("com.fitbit.FitbitMobile", "body-sensors")].detail["exposes"] == "health"
    # special accesses of the stalkerware-like app; Google's own holders are not third-party
    for key in ("accessibility", "notification-listener", "device-admin", "usage-access"):
        f = g[("com.familytrack.helper", key)]
        assert f.detail["broad"] == "yes" and f.detail["grant_kind"] == "special"
    assert "revoke_argv" not in g[("com.familytrack.helper", "accessibility")].detail
    assert "Settings > Accessibility" in g[("com.familytrack.helper", "accessibility")].detail["revoke"]
    assert json.loads(g[("com.familytrack.helper", "usage-access")].detail["revoke_argv"])[-3:] \
        == ["com.familytrack.helper", "GET_USAGE_STATS", "ignore"]
    assert g[("com.textra", "default-sms")].severity == Severity.HIGH
    assert not any(k[1] == "default-dialer" for k in g)  # Google's dialer is a system app
    assert not any(k[0] == "com.google.android.gms" for k in g)
    # spotify was not in the full dump: read on its own
    assert ("com.spotify.music", "microphone") in g
    calls = fake.shell_calls()
    assert ["dumpsys", "package", "com.spotify.music"] in calls
    assert sum(c[:2] == ["dumpsys", "package"] for c in calls) == 2
    assert_read_only(fake)


def test_android10_shared_user_and_role_holders(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [SAMSUNG])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    g = grants(found)
    assert g[("com.tencent.mm", "storage")].detail["device_name"] == "SM-A505F (Android 10)"
    assert ("com.tencent.mm", "location-background") not in g  # granted=false
    assert ("com.life360.android.safetymapd", "location-background") in g
    # a shared user id: its grants come from the "Shared users" part of its own dump
    assert {k[1] for k in g if k[0] == "com.acme.suite.contacts"} == {
        "contacts", "call-log", "notification-listener"}
    assert ["dumpsys", "package", "com.acme.suite.contacts"] in fake.shell_calls()
    # Samsung's own SMS app, dialer and Knox admin are system apps: not findings
    assert not any(k[1] in ("default-sms", "default-dialer", "device-admin") for k in g)
    assert ("com.life360.android.safetymapd", "usage-access") in g
    assert not any(c[:2] == ["appops", "query-op"] and "MANAGE_EXTERNAL_STORAGE" in c
                   for c in fake.shell_calls())  # all-files access exists from Android 11
    assert_read_only(fake)


def test_android5_install_time_grants_cannot_be_revoked(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [MOTO])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    g = grants(found)
    wa = g[("com.whatsapp", "contacts")]
    assert wa.detail["device_name"] == "MotoG3 (Android 5.1.1)"
    assert "revoke_argv" not in wa.detail and wa.detail["grant_kind"] == "install-time"
    assert "uninstall" in wa.detail["revoke"] and "5.1.1" in wa.detail["revoke"]
    assert {k[1] for k in g if k[0] == "com.facebook.katana"} >= {
        "calendar", "contacts", "camera", "microphone", "location", "phone", "storage", "sms"}
    assert ("com.whatsapp", "sms") in g  # RECEIVE_SMS
    assert g[("com.textra", "default-sms")].detail["broad"] == "yes"
    assert ("com.pushbullet.android", "notification-listener") in g
    assert "revoke_argv" not in g[("com.pushbullet.android", "notification-listener")].detail
    # Android 5 cannot list usage access: said so, not silently skipped
    notes = ctx.statuses["permissions.android"].notes
    assert any(r == "not-listable" and "usage access" in m for r, m in notes)
    calls = fake.shell_calls()
    assert not any(c[0] in ("cmd", "appops", "telecom") for c in calls)
    assert_read_only(fake)


# ------------------------------------------------------------------ users and work profiles

def test_work_profile_grants_are_read_per_user(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL_WORK])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    assert "permissions.android" not in ctx.statuses  # no note: nothing left unread
    main = {(f.detail["app"], f.detail["permission"]): f for f in found
            if "user" not in f.detail}
    work = {(f.detail["app"], f.detail["permission"]): f for f in found
            if f.detail.get("user") == "10"}
    assert len(main) + len(work) == len(found)
    # the main user: whatsapp's camera and contacts, textra's SMS; the work apps are not
    # installed for user 0
    assert {k[1] for k in main if k[0] == "com.whatsapp"} == {"contacts", "camera",
                                                              "notifications"}
    assert ("com.textra", "sms") in main
    assert not any(k[0].startswith("com.microsoft.") for k in main)
    # the work profile: its own grants (location and microphone, camera denied there)
    assert {k[1] for k in work if k[0] == "com.whatsapp"} == {"contacts", "location",
                                                              "microphone", "notifications"}
    assert {k[1] for k in work if k[0] == "com.microsoft.teams"} == {
        "contacts", "microphone", "camera", "notifications"}  # calendar: granted=false
    assert {k[1] for k in work if k[0] == "com.microsoft.office.outlook"} == {
        "contacts", "calendar", "notifications"}
    assert not any(k[0] == "com.textra" for k in work)  # installed=false for user 10
    wa0, wa10 = main[("com.whatsapp", "contacts")], work[("com.whatsapp", "contacts")]
    assert wa10.detail["user_name"] == "Work profile"
    assert wa10.detail["app_name"] == "com.whatsapp (Work profile)"
    assert wa10.detail["app"] == "com.whatsapp" and wa0.detail["app_name"] == "com.whatsapp"
    assert wa10.detail["device"] == wa0.detail["device"] == "android:39051JEHN04712"
    assert wa0.location == "adb:39051JEHN04712#com.whatsapp"
    assert wa10.location == "adb:39051JEHN04712/user10#com.whatsapp"
    assert wa0.fingerprint != wa10.fingerprint
    assert len({f.fingerprint for f in found}) == len(found)
    # revoking: pm acts on user 0 unless told, so the work grant names its user in every
    # chained command; the words say which profile
    argv = json.loads(wa10.detail["revoke_argv"])
    assert argv[1:9] == ["-s", "39051JEHN04712", "shell", "pm", "revoke", "--user", "10",
                         "com.whatsapp"]
    assert argv.count(";") == 2 and argv.count("--user") == 3
    for i, word in enumerate(argv):
        if word == "revoke":
            assert argv[i + 1:i + 3] == ["--user", "10"]
    assert "work profile" in wa10.detail["revoke"]
    assert "pm revoke --user 10 com.whatsapp" in wa10.detail["revoke"]
    assert "com.whatsapp (Work profile) > Permissions" in wa10.detail["revoke"]
    assert "--user" not in json.loads(wa0.detail["revoke_argv"])
    assert "work profile" not in wa0.detail["revoke"]
    calls = fake.shell_calls()
    assert ["pm", "list", "users"] in calls
    assert ["pm", "list", "packages", "-3", "--user", "10"] in calls
    assert sum(c[:2] == ["dumpsys", "package"] for c in calls) == 1  # one dump for both users
    assert_read_only(fake)


def test_single_user_recordings_read_only_user_0(tmp_path: Path) -> None:
    for dev in (PIXEL, SAMSUNG, MOTO):
        fake = make_fake_adb(tmp_path / dev.serial, [dev])
        ctx, errors = make_ctx(tmp_path, fake)
        ok, found = run(ctx)
        assert ok and errors == [] and found
        assert not any("user" in f.detail or "/user" in f.location for f in found)
        calls = fake.shell_calls()
        assert ["pm", "list", "users"] in calls
        assert not any("--user" in c for c in calls)
        st = ctx.statuses.get("permissions.android")
        assert all(r != "not-listable" or "user" not in m for r, m in (st.notes if st else []))


@pytest.mark.parametrize("answer", ["missing", "unknown"])
def test_no_pm_list_users_reads_user_0_as_before_with_a_note(tmp_path: Path,
                                                             answer: str) -> None:
    base = make_fake_adb(tmp_path / "base", [PIXEL])
    ctx0, _ = make_ctx(tmp_path, base)
    _ok, before = run(ctx0)
    rec = copy_recording("android14", tmp_path / "rec")
    users = rec / "pm_list_users.txt"
    if answer == "missing":
        users.unlink()  # the fake answers "error: ..." and exit 1, like a refusing device
    else:
        users.write_text("Error: Unknown command: users\n")  # old pm: exit 0, words
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(PIXEL.serial, "device", rec, PIXEL.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    assert sorted(f.fingerprint for f in found) == sorted(f.fingerprint for f in before)
    notes = ctx.statuses["permissions.android"].notes
    assert ("not-listable", "Pixel 7 (Android 14): other users and work profiles cannot be "
            "listed; only the main user was read") in notes


def test_paused_work_profile_and_stopped_user_are_notes(tmp_path: Path) -> None:
    rec = copy_recording("android14work", tmp_path / "rec")
    # work apps paused: quiet mode (0x80) and the profile stopped; a second user not running
    (rec / "pm_list_users.txt").write_text(
        "Users:\n\tUserInfo{0:Owner:4c13} running\n\tUserInfo{10:Work profile:10b0}\n"
        "\tUserInfo{11:Second space:410}\n")
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(PIXEL_WORK.serial, "device", rec,
                                                       PIXEL_WORK.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == [] and found
    assert not any("user" in f.detail for f in found)
    assert ctx.statuses["permissions.android"].notes == [
        ("not-listable", "Pixel 8 (Android 14): the work profile is paused or locked: turn on "
         "work apps, unlock it and scan again"),
        ("not-listable", "Pixel 8 (Android 14): the user Second space is not running: switch "
         "to it once, then scan again")]
    assert not any("--user" in c for c in fake.shell_calls())


def test_odd_and_hostile_pm_list_users(tmp_path: Path) -> None:
    rec = copy_recording("android14work", tmp_path / "rec")
    (rec / "pm_list_users.txt").write_bytes(
        b"Users:\n\tUserInfo{0:Owner:4c13} running\n"
        b"\tUserInfo{10;reboot:x:30} running\n"  # not a number
        b"\tUserInfo{$(id):Evil:30} running\n"
        b"\tUserInfo{99999999:Huge:30} running\n"  # too long for a user id
        b"\tgarbage \xff\xfe\x00 line\n"
        b"\tUserInfo{10:Work\xe2\x80\xae\x07 profile:1030} running\n"  # bidi + bell in the name
        b"\tUserInfo{10:Duplicate:1030} running\n"
        b"\tUserInfo{12:Cut:10\n")
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(PIXEL_WORK.serial, "device", rec,
                                                       PIXEL_WORK.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok
    assert [(e.reason, e.message) for e in errors] == [
        ("corrupt", "pm list users: 6 line(s) that are not users were skipped")]
    names = {f.detail["user_name"] for f in found if "user" in f.detail}
    assert names == {"Work profile"}  # control and bidi characters dropped
    users_asked = [c[5] for c in fake.shell_calls() if "--user" in c]
    assert users_asked == ["10"]
    assert_read_only(fake)
    # nothing at all, or binary junk: no other user, no crash
    for text in ("", "\x00\x01\x02", "Users:\n", "UserInfo{", "}" * 5000):
        users, _odd = adbmod.parse_users(text)
        assert users == []


def test_parse_users_formats() -> None:
    users, odd = adbmod.parse_users(
        "Users:\n\tUserInfo{0:Jason:4c13} running\n\tUserInfo{10:Work Profile:1030} running\n"
        "\tUserInfo{11:Private space:1090}\n\tUserInfo{12:Dual:apps:1010} running\n"
        "  UserInfo{13::30} running\r\n")
    assert odd == 0
    assert [(u.id, u.name, u.flags, u.running) for u in users] == [
        (0, "Jason", 0x4c13, True), (10, "Work Profile", 0x1030, True),
        (11, "Private space", 0x1090, False), (12, "Dual:apps", 0x1010, True),
        (13, "", 0x30, True)]
    assert [u.managed for u in users] == [False, True, False, False, True]
    assert users[2].paused and not users[1].paused
    assert users[4].label == "Work profile" and users[3].label == "Dual:apps"


def test_user_argument_is_checked_at_the_boundary() -> None:
    adbmod.check_read_only(["pm", "list", "users"])
    adbmod.check_read_only(["pm", "list", "packages", "-3", "--user", "10"])
    for words in (["pm", "list", "packages", "-3", "--user", "all"],
                  ["pm", "list", "packages", "-3", "--user"],
                  ["pm", "list", "packages", "--user", "10;reboot"],
                  ["pm", "list", "packages", "-3", "--user", "1234567"],
                  ["pm", "list", "users", "-v"], ["pm", "remove-user", "10"],
                  ["pm", "list", "users;reboot"]):
        with pytest.raises(ValueError):
            adbmod.check_read_only(words)


# ------------------------------------------------------------------ nothing to look at

def test_no_adb_is_reported_not_installed(tmp_path: Path) -> None:
    ctx, _ = make_ctx(tmp_path, None)
    result = engine.audit(ctx, ["permissions.android"])
    st = result.statuses["permissions.android"]
    assert st.state == "not-applicable"
    assert st.notes[0][0] == "not-installed" and "apt install adb" in st.notes[0][1]


def test_adb_in_platform_tools_folder_is_found(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_fake_adb(home / "Android" / "Sdk" / "platform-tools", [PIXEL])
    ctx, _ = make_ctx(tmp_path, None)
    assert adbmod.find_adb(ctx) == str(home / "Android" / "Sdk" / "platform-tools" / "adb")
    ctx.platform = "darwin"
    assert adbmod.find_adb(ctx) is None  # macOS looks in ~/Library/Android/sdk


def test_no_device(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [])
    ctx, _ = make_ctx(tmp_path, fake)
    ok, _found = run(ctx)
    assert not ok
    assert ctx.statuses["permissions.android"].notes[0][0] == "no-device"
    assert "USB debugging" in ctx.statuses["permissions.android"].notes[0][1]


def test_unauthorised_device_is_skipped_with_a_note(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [LOCKED])
    ctx, _ = make_ctx(tmp_path, fake)
    ok, _found = run(ctx)
    assert not ok
    reason, message = ctx.statuses["permissions.android"].notes[0]
    assert reason == "unauthorized" and "Allow USB debugging" in message
    assert fake.shell_calls() == []


def test_two_devices_one_authorised(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [LOCKED, SAMSUNG])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == [] and found
    assert {f.detail["device"] for f in found} == {"android:R58M3418ZXY"}
    assert [r for r, _ in ctx.statuses["permissions.android"].notes] == ["unauthorized"]
    assert all(c[1] == "R58M3418ZXY" for c in fake.calls() if c[0] == "-s")


def test_several_devices_all_read_or_one_chosen(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, MOTO])
    ctx, _ = make_ctx(tmp_path, fake)
    _ok, found = run(ctx)
    assert {f.detail["device"] for f in found} == {"android:28291FDH2001K8", "android:ZY2239KXQ7"}
    ctx2, _ = make_ctx(tmp_path, fake)
    ctx2.android_serial = "ZY2239KXQ7"
    _ok, found2 = run(ctx2)
    assert {f.detail["device"] for f in found2} == {"android:ZY2239KXQ7"}
    ctx3, _ = make_ctx(tmp_path, fake)
    ctx3.android_serial = "NOPE"
    ok3, _ = run(ctx3)
    assert not ok3 and ctx3.statuses["permissions.android"].notes[0][0] == "no-device"


def test_list_devices_for_the_picker(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, LOCKED])
    ctx, _ = make_ctx(tmp_path, fake)
    devs = adbmod.list_devices(ctx)
    assert [(d.serial, d.state, d.model, d.ready) for d in devs] == [
        ("28291FDH2001K8", "device", "Pixel 7", True),
        ("0123456789ABCDEF", "unauthorized", "", False)]
    ctx_none, _ = make_ctx(tmp_path, None)
    with pytest.raises(ToolError) as exc:
        adbmod.list_devices(ctx_none)
    assert exc.value.reason == "not-installed"


def test_devices_line_states() -> None:
    text = ("* daemon not running; starting now at tcp:5037\n* daemon started successfully\n"
            "List of devices attached\n"
            "emulator-5554          offline transport_id:3\n"
            "R58M123               no permissions (missing udev rules? user is in the plugdev "
            "group); see [http://developer.android.com/tools/device.html] usb:1-3\n"
            "192.168.1.20:5555      device product:a50dd model:SM_A505F device:a50 "
            "transport_id:7\n"
            "-evil;rm              device\n\n")
    devs = adbmod.parse_devices(text)
    assert [(d.serial, d.state) for d in devs] == [
        ("emulator-5554", "offline"), ("R58M123", "no permissions"),
        ("192.168.1.20:5555", "device")]
    assert devs[2].model == "SM A505F"


def test_no_permissions_and_offline_notes(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [
        FakeDevice("R58M123", "no permissions (missing udev rules? user is in the plugdev group);"
                   " see [http://developer.android.com/tools/device.html]", None, "usb:1-3"),
        FakeDevice("emulator-5554", "offline", None, "transport_id:3")])
    ctx, _ = make_ctx(tmp_path, fake)
    ok, _ = run(ctx)
    assert not ok
    assert [r for r, _ in ctx.statuses["permissions.android"].notes] == [
        "permission-denied", "offline"]


# ------------------------------------------------------------------ hangs, garbage, hostility

def test_adb_that_hangs_times_out_and_the_scan_goes_on(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AndroidPermissions, "timeout", 1.0)
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, SAMSUNG], hang={
        f"{PIXEL.serial} {key_of('dumpsys', 'package', 'com.spotify.music')}": 30,
        f"{PIXEL.serial} {key_of('dumpsys', 'device_policy')}": 30})
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok
    timeouts = [e for e in errors if e.reason == "timeout"]
    assert {e.location for e in timeouts} == {"adb:28291FDH2001K8#com.spotify.music",
                                              "adb:28291FDH2001K8"}
    g = grants(found)
    assert ("com.whatsapp", "camera") in g and ("com.spotify.music", "microphone") not in g
    assert ("com.familytrack.helper", "device-admin") not in g  # its source timed out
    assert ("com.familytrack.helper", "accessibility") in g
    assert ("com.tencent.mm", "camera") in g  # the next device was read


def test_adb_devices_that_hangs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AndroidPermissions, "timeout", 1.0)
    fake = make_fake_adb(tmp_path / "bin", [PIXEL], hang={"devices": 30})
    ctx, errors = make_ctx(tmp_path, fake)
    ok, _ = run(ctx)
    assert not ok and [e.reason for e in errors] == ["timeout"]
    assert ctx.statuses["permissions.android"].notes[0][0] == "timeout"


def test_device_that_stops_answering_is_given_up(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AndroidPermissions, "timeout", 0.5)
    rec = many_apps(tmp_path / "rec", 8)
    hang = {f"S1 {key_of('dumpsys', 'package', n)}": 30 for n in rec}
    hang[f"S1 {key_of('dumpsys', 'package', 'packages')}"] = 30
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice("S1", "device", tmp_path / "rec", "")],
                         hang=hang)
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok
    assert sum(c[:2] == ["dumpsys", "package"] for c in fake.shell_calls()) == 3
    assert errors[-1].reason == "timeout" and "stopped answering" in errors[-1].message


def test_garbage_truncated_and_non_utf8_dumps(tmp_path: Path) -> None:
    rec = copy_recording("android14", tmp_path / "rec")
    full = (rec / "dumpsys_package_packages.txt").read_bytes()
    # whatsapp: a byte that is not UTF-8 inside its block
    full = full.replace(b"versionName=2.24.2.76", b"versionName=2.24\xff\xfe.76")
    # fitbit: cut before its per-user part
    start = full.index(b"  Package [com.fitbit.FitbitMobile]")
    user0 = full.index(b"    User 0:", start)
    end = full.index(b"  Package [com.textra]")
    full = full[:user0] + full[end:]
    # textra: a permission line garbled mid-way
    full = full.replace(b"android.permission.SEND_SMS: granted=true", b"android.permission.SEND_SMS: gr\x00")
    (rec / "dumpsys_package_packages.txt").write_bytes(full)
    # spotify (read on its own): garbage
    (rec / "dumpsys_package_com.spotify.music.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(PIXEL.serial, "device", rec, PIXEL.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok
    corrupt = {e.location.split("#")[1] for e in errors if e.reason == "corrupt"}
    assert corrupt == {"com.whatsapp", "com.fitbit.FitbitMobile", "com.textra",
                       "com.spotify.music"}
    assert all("\x00" not in e.message and "\ufffd" not in e.message for e in errors)
    g = grants(found)
    assert ("com.familytrack.helper", "sms") in g  # the other apps still count
    assert not any(k[0] == "com.whatsapp" for k in g)
    assert ("com.textra", "default-sms") in g  # special accesses come from elsewhere


def test_hostile_package_names_never_reach_the_phone(tmp_path: Path) -> None:
    rec = copy_recording("android14", tmp_path / "rec")
    (rec / "pm_list_packages_-3.txt").write_text(
        "package:com.whatsapp\npackage:com.evil;reboot\npackage:$(rm -rf /sdcard)\n"
        "package:-s.evil\npackage:com.x`id`\npackage:\npackage:a\nrandom line\n"
        "package:" + "a." * 300 + "b\n", encoding="utf-8")
    (rec / key_of("settings", "get", "secure", "enabled_accessibility_services")
     ).with_suffix(".txt").write_text("com.whatsapp/.A;reboot:com.whatsapp/.Real\n")
    # the full dump fails: every app is read on its own, so names would reach adb argv
    (rec / "dumpsys_package_packages.txt").unlink()
    spotify = (rec / "dumpsys_package_com.spotify.music.txt").read_bytes()
    (rec / "dumpsys_package_com.whatsapp.txt").write_bytes(
        spotify.replace(b"com.spotify.music", b"com.whatsapp"))
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(PIXEL.serial, "device", rec, PIXEL.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok
    pkg_args = [c[2] for c in fake.shell_calls() if c[:2] == ["dumpsys", "package"]]
    assert pkg_args == ["packages", "com.whatsapp"]
    assert any(e.reason == "corrupt" and "8 line(s)" in e.message for e in errors)
    assert any(e.reason == "corrupt" and "enabled_accessibility_services" in e.message
               for e in errors)
    g = grants(found)
    assert ("com.whatsapp", "microphone") in g and ("com.whatsapp", "accessibility") in g
    assert_read_only(fake)


def test_write_commands_are_refused_at_the_boundary() -> None:
    for words in (["pm", "revoke", "com.a.b", "android.permission.CAMERA"],
                  ["settings", "put", "secure", "x", "y"], ["pm", "uninstall", "com.a.b"],
                  ["appops", "set", "com.a.b", "CAMERA", "ignore"], ["reboot"],
                  ["dumpsys", "package", "com.a.b;reboot"], ["getprop", "a", "b"]):
        with pytest.raises(ValueError):
            adbmod.check_read_only(words)
    adbmod.check_read_only(["dumpsys", "package", "com.a.b"])


def test_unknown_role_command_falls_back(tmp_path: Path) -> None:
    rec = copy_recording("android10", tmp_path / "rec")
    sms = rec / (key_of("cmd", "role", "get-role-holders", "android.app.role.SMS") + ".txt")
    sms.write_text("")
    sms.with_suffix(".stderr").write_text("Unknown command: get-role-holders\n")
    sms.with_suffix(".exit").write_text("255\n")
    (rec / (key_of("settings", "get", "secure", "sms_default_application") + ".txt")
     ).write_text("com.tencent.mm\n")
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice(SAMSUNG.serial, "device", rec,
                                                       SAMSUNG.words)])
    ctx, errors = make_ctx(tmp_path, fake)
    _ok, found = run(ctx)
    assert errors == []
    assert ("com.tencent.mm", "default-sms") in grants(found)
    assert ["settings", "get", "secure", "sms_default_application"] in fake.shell_calls()


# ------------------------------------------------------------------ progress, cancel, scale

def test_progress_per_app_and_cancel_mid_device(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, SAMSUNG])
    ctx, _ = make_ctx(tmp_path, fake)
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if len(seen) == 2:
            ctx.cancel.set()

    ctx.progress = progress
    s = AndroidPermissions()
    assert s.applies(ctx)
    got: list[Finding] = []
    with pytest.raises(ScanCancelled):
        for f in s.scan(ctx):
            got.append(f)
    assert [p.current for p in seen] == ["Pixel 7 (Android 14): com.whatsapp",
                                         "Pixel 7 (Android 14): org.proninyaroslav.libretorrent"]
    assert seen[0].files_total == 6
    assert not any(f.detail["device"] == "android:R58M3418ZXY" for f in got)
    assert not any(f.detail["app"] == "com.fitbit.FitbitMobile" for f in got)


def test_150_apps_take_one_package_dump(tmp_path: Path) -> None:
    names = many_apps(tmp_path / "rec", 150)
    fake = make_fake_adb(tmp_path / "bin", [FakeDevice("S150", "device", tmp_path / "rec", "")])
    ctx, errors = make_ctx(tmp_path, fake)
    ok, found = run(ctx)
    assert ok and errors == []
    apps = {f.detail["app"] for f in found if f.detail["grant_kind"] == "runtime"}
    # clones of the five recorded blocks in turn: whatsapp first, libretorrent (not installed
    # for user 0) second
    assert apps >= set(names[0::5]) and not apps & set(names[1::5])
    assert len(apps) == 120
    assert sum(c[:2] == ["dumpsys", "package"] for c in fake.shell_calls()) == 1
    assert len(fake.shell_calls()) <= 11  # 10 reads + `pm list users` (one user here)


# ------------------------------------------------------------------ end to end

def test_engine_audit_end_to_end(tmp_path: Path) -> None:
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, LOCKED])
    ctx, _ = make_ctx(tmp_path, fake)
    ctx.cancel = threading.Event()
    result = engine.audit(ctx, ["permissions.android"])
    st = result.statuses["permissions.android"]
    assert st.state == "ran" and st.findings == len(result.findings) > 20
    assert [r for r, _ in st.notes] == ["unauthorized"]
    assert result.errors == []
    rules = {f.rule for f in result.findings}
    assert {"permissions.android.contacts", "permissions.android.location-background",
            "permissions.android.accessibility", "permissions.android.sms"} <= rules
    assert len({f.fingerprint for f in result.findings}) == len(result.findings)
    assert all(f.location.startswith("adb:28291FDH2001K8#") for f in result.findings)
    assert_read_only(fake)


def test_cli_option_narrows_to_one_phone() -> None:
    from scanners.cli.entry import build_parser

    args = build_parser().parse_args(["scan", "--android-serial", "R58M3418ZXY", "/tmp"])
    assert args.android_serial == "R58M3418ZXY"
    assert build_parser().parse_args(["scan"]).android_serial is None
