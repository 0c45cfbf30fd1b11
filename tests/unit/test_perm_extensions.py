"""permissions.extensions: Chromium-family Preferences + manifests, Firefox extensions.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanners.model import Severity
from scanners.sources.permissions.extensions import ExtensionsScanner, read_json
from synth.permission_fixtures import nobody_can_enter, perm_ctx, unprivileged

UBO = "cjpalhdlnbpafiamejdnhcphjbkeiagm"
PDF = "mhjfbmdgcfjbbpaeojofohoefgiehjai"  # Chrome's built-in PDF viewer (component)
OLD = "aapocclcgogkmnckokdopfmhonfmgoek"
OFF = "ghbmnnjooekpmoecnnnilnnbdlolhkhi"
SPY = "abcdefghijklmnopabcdefghijklmnop"


def chrome_profile(home: Path, root: str, profile: str, settings: dict, secure: bool = False) -> Path:
    p = home / root / profile
    p.mkdir(parents=True, exist_ok=True)
    prefs = {"extensions": {"settings": settings}, "profile": {"name": "Person 1"}}
    name = "Secure Preferences" if secure else "Preferences"
    (p / name).write_text(json.dumps(prefs), encoding="utf-8")
    if secure and not (p / "Preferences").exists():
        (p / "Preferences").write_text(json.dumps({"profile": {"name": "x"}}), encoding="utf-8")
    return p


def manifest(profile: Path, ext_id: str, version: str, data: dict,
             messages: dict | None = None) -> Path:
    d = profile / "Extensions" / ext_id / version
    d.mkdir(parents=True)
    (d / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    if messages is not None:
        loc = d / "_locales" / data.get("default_locale", "en")
        loc.mkdir(parents=True)
        (loc / "messages.json").write_text(json.dumps(messages), encoding="utf-8")
    return d


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    return build_machine(tmp_path)


def build_machine(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    default = chrome_profile(home, ".config/google-chrome", "Default", {
        UBO: {"location": 1, "path": f"{UBO}/1.57.2_0", "from_webstore": True,
              "granted_permissions": {"api": ["contextMenus", "privacy", "storage", "tabs",
                                              "webNavigation", "webRequest"],
                                      "explicit_host": ["<all_urls>", "chrome://favicon/*"],
                                      "scriptable_host": ["<all_urls>"]}},
        PDF: {"location": 5, "manifest": {"name": "Chrome PDF Viewer", "version": "1",
                                          "permissions": ["<all_urls>"]}},
        OLD: {"location": 1, "state": 1, "manifest": {
            "name": "Old Clipper", "version": "2.3", "permissions": ["history", "cookies",
                                                                     "http://*/*"]}},
        OFF: {"location": 1, "disable_reasons": [1], "path": f"{OFF}/0.9_0"},
    })
    manifest(default, UBO, "1.57.2_0", {"name": "__MSG_extName__", "version": "1.57.2",
                                         "default_locale": "en", "manifest_version": 2},
             {"extName": {"message": "uBlock Origin", "description": "name"}})
    manifest(default, OFF, "0.9_0", {"name": "Dormant", "version": "0.9",
                                      "permissions": ["nativeMessaging"]})
    p1 = chrome_profile(home, ".config/BraveSoftware/Brave-Browser", "Profile 1", {
        SPY: {"location": 1, "path": f"{SPY}/3.0_0"}}, secure=True)
    manifest(p1, SPY, "3.0_0", {"name": "Coupon Helper", "version": "3.0", "manifest_version": 3,
                                "permissions": ["nativeMessaging", "clipboardRead", "debugger"],
                                "host_permissions": ["*://*/*"],
                                "content_scripts": [{"matches": ["https://shop.example/*"]}]})
    ff = home / ".mozilla/firefox/x1y2z3ab.default-release"
    ff.mkdir(parents=True)
    (ff / "extensions.json").write_text(json.dumps({"schemaVersion": 36, "addons": [
        {"id": "uBlock0@raymondhill.net", "type": "extension", "version": "1.57.2",
         "active": True, "userDisabled": False, "location": "app-profile",
         "defaultLocale": {"name": "uBlock Origin", "creator": "Raymond Hill"},
         "userPermissions": {"permissions": ["dns", "menus", "privacy", "storage", "tabs",
                                             "unlimitedStorage", "webNavigation", "webRequest",
                                             "webRequestBlocking"],
                             "origins": ["<all_urls>", "http://*/*", "https://*/*"]}},
        {"id": "formautofill@mozilla.org", "type": "extension", "version": "1.0.1",
         "active": True, "location": "app-system-defaults",
         "defaultLocale": {"name": "Form Autofill"},
         "userPermissions": {"permissions": ["<all_urls>"], "origins": []}},
        {"id": "firefox-compact-dark@mozilla.org", "type": "theme", "version": "1.2",
         "active": True, "location": "app-builtin", "defaultLocale": {"name": "Dark"}},
        {"id": "{d634138d-c276-4fc8-924b-40a0ea21d284}", "type": "extension",
         "version": "7.4", "active": False, "userDisabled": True, "location": "app-profile",
         "defaultLocale": {"name": "1Password"},
         "userPermissions": {"permissions": ["nativeMessaging"], "origins": ["<all_urls>"]}},
    ]}), encoding="utf-8")
    return home


def run(home: Path, platform: str = "linux"):
    ctx, errors = perm_ctx(home, home.parent / "root", platform=platform)
    s = ExtensionsScanner()
    found = list(s.scan(ctx)) if s.applies(ctx) else []
    return found, errors, ctx


def grants(found):
    return {(f.detail["source"], f.detail["app_name"], f.detail["permission"]) for f in found}


def test_chromium_profiles_and_manifests(machine):
    found, errors, _ = run(machine)
    assert errors == []
    g = grants(found)
    chrome = {(n, p) for s, n, p in g if s == "chromium-extension"}
    assert {("uBlock Origin", "all-sites"), ("uBlock Origin", "tabs"),
            ("uBlock Origin", "web-requests"), ("uBlock Origin", "privacy-settings")} <= chrome
    assert {("Old Clipper", "history"), ("Old Clipper", "cookies"),
            ("Old Clipper", "all-sites")} <= chrome
    assert ("Dormant", "installed") in chrome and ("Dormant", "native-messaging") not in chrome
    assert {("Coupon Helper", "native-messaging"), ("Coupon Helper", "clipboard"),
            ("Coupon Helper", "debugger"), ("Coupon Helper", "all-sites")} <= chrome
    # component: built in, listed once as such, never as a broad grant or with removal advice
    assert {p for n, p in chrome if n == "Chrome PDF Viewer"} <= {"installed"}
    for f in found:
        if f.detail["app"] == PDF:
            assert f.detail["builtin"] == "yes" and f.detail["installed_by"] == "browser"
            assert f.severity == Severity.INFO and f.detail["broad"] == "no"
            assert "remove" not in f.detail["revoke"].split("nothing to remove")[0]
    ubo = next(f for f in found if f.detail["app"] == UBO and f.detail["permission"] == "all-sites")
    assert ubo.detail["version"] == "1.57.2" and ubo.detail["broad"] == "yes"
    assert ubo.detail["exposes"] == "credential" and "revoke_argv" not in ubo.detail
    assert "chrome://extensions" in ubo.detail["revoke"]
    assert "webNavigation" in ubo.detail["permissions"]
    spy = next(f for f in found if f.detail["app"] == SPY and f.detail["permission"] == "debugger")
    assert "brave://extensions" in spy.detail["revoke"]
    assert spy.location.startswith("chromium-extension:~/.config/BraveSoftware")
    dormant = next(f for f in found if f.detail["app_name"] == "Dormant")
    assert dormant.severity == Severity.INFO and dormant.detail["enabled"] == "no"


def test_firefox_addons(machine):
    found, errors, _ = run(machine)
    ff = {(n, p) for s, n, p in grants(found) if s == "firefox-extension"}
    assert {("uBlock Origin", "all-sites"), ("uBlock Origin", "web-requests"),
            ("uBlock Origin", "tabs"), ("uBlock Origin", "privacy-settings")} <= ff
    assert ("1Password", "installed") in ff and ("1Password", "native-messaging") not in ff
    assert not any(n == "Dark" for n, _p in ff)  # a theme
    # shipped with the browser: listed as built-in, never as a broad grant
    assert {p for n, p in ff if n == "Form Autofill"} == {"installed"}
    autofill = next(f for f in found if f.detail["app_name"] == "Form Autofill")
    assert autofill.severity == Severity.INFO and autofill.detail["builtin"] == "yes"
    assert "nothing to remove" in autofill.detail["revoke"]
    one = next(f for f in found if f.detail["source"] == "firefox-extension")
    assert "about:addons" in one.detail["revoke"]


@pytest.mark.parametrize("bad", ["gbk", "truncated", "deep", "not-object", "settings-list"])
def test_bad_preferences_are_errors_and_other_profiles_still_scan(machine, bad):
    prefs = machine / ".config/google-chrome/Default/Preferences"
    text = prefs.read_text(encoding="utf-8")
    if bad == "gbk":
        prefs.write_bytes(text.replace("Person 1", "张三的配置").encode("gbk"))
    elif bad == "truncated":
        prefs.write_text(text[: len(text) // 2], encoding="utf-8")
    elif bad == "deep":
        prefs.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    elif bad == "not-object":
        prefs.write_text("[1, 2, 3]", encoding="utf-8")
    else:
        prefs.write_text(json.dumps({"extensions": {"settings": [1, 2]}}), encoding="utf-8")
    found, errors, _ = run(machine)
    if bad == "not-object":
        assert errors == []  # valid JSON without extensions: nothing installed there
    else:
        assert [e.reason for e in errors] == ["corrupt"]
        assert errors[0].location == "~/.config/google-chrome/Default/Preferences"
    assert ("chromium-extension", "Coupon Helper", "debugger") in grants(found)
    assert ("firefox-extension", "uBlock Origin", "all-sites") in grants(found)


def test_bad_manifest_and_messages_fall_back_to_the_id(machine):
    d = machine / ".config/google-chrome/Default/Extensions" / UBO / "1.57.2_0"
    (d / "_locales/en/messages.json").write_bytes(b"\xff\xfe{")
    found, errors, _ = run(machine)
    ubo = {f.detail["app_name"] for f in found if f.detail["app"] == UBO}
    assert ubo == {"__MSG_extName__"}  # the fallback name, and a recorded reason
    assert [(e.reason, e.location.rsplit("/", 3)[-3:]) for e in errors] == [
        ("corrupt", ["_locales", "en", "messages.json"])]
    assert "not UTF-8" in errors[0].message
    (d / "_locales/en/messages.json").write_text('{"extName": {"mess', encoding="utf-8")
    found, errors, _ = run(machine)
    assert [e.reason for e in errors] == ["corrupt"] and "not valid JSON" in errors[0].message
    # an extension without the locale file it names: nothing unread, no error
    (d / "_locales/en/messages.json").unlink()
    found, errors, _ = run(machine)
    assert errors == [] and {f.detail["app_name"] for f in found if f.detail["app"] == UBO} \
        == {"__MSG_extName__"}
    (d / "manifest.json").write_text('{"name": ', encoding="utf-8")
    found, errors, _ = run(machine)
    assert [e.reason for e in errors] == ["corrupt"]
    assert {f.detail["app_name"] for f in found if f.detail["app"] == UBO} == {UBO}


def test_unreadable_messages_json_is_an_error_and_the_name_falls_back():
    with nobody_can_enter() as base:
        home = build_machine(base)
        d = home / ".config/google-chrome/Default/Extensions" / UBO / "1.57.2_0"
        (d / "_locales/en/messages.json").chmod(0)

        def names() -> dict:
            found, errors, _ = run(home)
            return {"errors": [(e.reason, e.location) for e in errors],
                    "ubo": sorted({f.detail["app_name"] for f in found
                                   if f.detail["app"] == UBO})}

        out = unprivileged(names)  # as nobody when we are root: root reads mode-000 files
    assert out["errors"] == [["permission-denied", "~/.config/google-chrome/Default/Extensions/"
                              f"{UBO}/1.57.2_0/_locales/en/messages.json"]]
    assert out["ubo"] == ["__MSG_extName__"]


def test_hostile_default_locale_does_not_leave_the_extension(machine):
    d = machine / ".config/google-chrome/Default/Extensions" / UBO / "1.57.2_0"
    outside = machine / "secret" / "messages.json"
    outside.parent.mkdir()
    outside.write_text(json.dumps({"extName": {"message": "leaked"}}), encoding="utf-8")
    (d / "manifest.json").write_text(json.dumps({
        "name": "__MSG_extName__", "version": "1", "default_locale": "../../../../../../secret"
    }), encoding="utf-8")
    found, errors, _ = run(machine)
    assert {f.detail["app_name"] for f in found if f.detail["app"] == UBO} == {"__MSG_extName__"}
    assert [e.reason for e in errors] == ["corrupt"] and "locale" in errors[0].message


def test_huge_json_is_refused_before_parsing(tmp_path):
    p = tmp_path / "big.json"
    p.write_text(json.dumps({"a": "x" * 5000}), encoding="utf-8")
    with pytest.raises(ValueError, match="larger than"):
        read_json(p, limit=1024)


def _reasons_and_sources(home: Path) -> dict:
    found, errors, _ = run(home)
    return {"reasons": [e.reason for e in errors],
            "sources": sorted({f.detail["source"] for f in found})}


def test_unreadable_extensions_json():
    # as nobody when we are root (root reads mode-000 files), in a tree nobody can enter
    with nobody_can_enter() as base:
        home = build_machine(base)
        (home / ".mozilla/firefox/x1y2z3ab.default-release/extensions.json").chmod(0)
        out = unprivileged(lambda: _reasons_and_sources(home))
    assert out["reasons"] == ["permission-denied"]
    assert out["sources"] == ["chromium-extension"]  # the Chromium profiles still read


def test_windows_and_macos_roots(tmp_path):
    home = tmp_path / "home"
    chrome_profile(home, "AppData/Local/Microsoft/Edge/User Data", "Default", {
        SPY: {"location": 1, "manifest": {"name": "Edge Spy", "version": "1",
                                          "permissions": ["<all_urls>"]}}}, secure=True)
    found, _e, _c = run(home, platform="win32")
    assert ("chromium-extension", "Edge Spy", "all-sites") in grants(found)
    assert "edge://extensions" in found[0].detail["revoke"]
    assert run(home, platform="linux")[0] == []
    _f, _e, ctx = run(tmp_path / "empty", platform="darwin")
    assert ctx.statuses["permissions.extensions"].notes[0][0] == "not-present"
