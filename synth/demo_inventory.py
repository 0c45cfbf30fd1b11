"""Synthetic store and permission findings, built with the scanners' own shapes
(`StoreFinding` + `make_finding`, `Grant` + `grant_finding`): GUI tests and the screenshots
(tools/screenshots.py) use them besides the real scanners. Counts and names only, never a
real value. Run `python -m synth.demo_inventory` to print them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from scanners.base import ScanContext
from scanners.detection.redact import Redactor
from scanners.detection.rules import RuleSet
from scanners.model import Category, Finding, Severity
from scanners.sources.permissions.common import THIS_COMPUTER, Grant, grant_finding
from scanners.sources.stores.common import StoreFinding, make_finding, store_uri
from scanners.system.phrases import join, say


def demo_context(home: Path | None = None) -> ScanContext:
    return ScanContext(roots=[], rules=RuleSet(()), redactor=Redactor(b"\x01" * 32),
                       home=home or Path.home())


def store_findings(ctx: ScanContext | None = None) -> list[Finding]:
    ctx = ctx or demo_context()
    chrome = "~/.config/google-chrome/Default"
    fx = "~/.mozilla/firefox/abcd1234.default-release"
    rows: list[tuple[str, StoreFinding, dict[str, object]]] = [
        ("stores.chromium", StoreFinding(
            "stores.chromium.logins", Category.CREDENTIAL, Severity.HIGH,
            store_uri("chromium", f"{chrome}/Login Data", "logins"),
            say("logins", n=12, sites=say("sites", n=9))
            + say("paren", text=say("chromium.prefix.v10_linux")), 12, "weak-key"),
         {"browser": "Google Chrome", "profile": "Default", "part": "logins",
          "encryption": "v10"}),
        ("stores.chromium", StoreFinding(
            "stores.chromium.cards", Category.FINANCIAL, Severity.HIGH,
            store_uri("chromium", f"{chrome}/Web Data", "credit_cards"),
            say("cards", n=2, samples="Visa ****1111, Mastercard ****4444"), 2, "keyring"),
         {"browser": "Google Chrome", "profile": "Default", "part": "credit_cards"}),
        ("stores.chromium", StoreFinding(
            "stores.chromium.history", Category.BEHAVIOUR, Severity.MEDIUM,
            store_uri("chromium", f"{chrome}/History", "urls"),
            say("history", n=4210, visits=say("times_visited", n=9832),
                sites=say("sites", n=612)), 4210, "plaintext"),
         {"browser": "Google Chrome", "profile": "Default", "part": "history"}),
        ("stores.firefox", StoreFinding(
            "stores.firefox.logins", Category.CREDENTIAL, Severity.HIGH,
            store_uri("firefox", f"{fx}/logins.json", "logins"),
            say("logins", n=8, sites=say("sites", n=6))
            + say("paren", text=say("firefox.primary.not_set")), 8, "weak-key"),
         {"browser": "Firefox", "profile": "default-release", "part": "logins"}),
        ("stores.addressbook", StoreFinding(
            "stores.addressbook.contacts", Category.CONTACT, Severity.MEDIUM,
            store_uri("addressbook", "~/.local/share/evolution/addressbook/system/contacts.db"),
            say("addressbook.contacts", app="Evolution", n=134,
                what=join([say("addressbook.phones"), say("addressbook.emails")])),
            134, "plaintext"),
         {"app": "Evolution", "book": "Personal"}),
        ("stores.ssh", StoreFinding(
            "stores.ssh.private_key", Category.CREDENTIAL, Severity.CRITICAL,
            store_uri("ssh", "~/.ssh/id_ed25519"),
            say("ssh.no_passphrase", kind="ed25519"), 1, "unprotected-key"),
         {"app": "OpenSSH", "kind": "ed25519"}),
        ("stores.messaging", StoreFinding(
            "stores.messaging.messages", Category.COMMUNICATIONS, Severity.MEDIUM,
            store_uri("telegram", "~/.local/share/TelegramDesktop/tdata"),
            say("messaging.data", app="Telegram Desktop", size="38 MB")
            + say("messaging.encrypted") + say("messaging.accounts", n=1), 1, "encrypted"),
         {"app": "Telegram Desktop", "account": "1 account"}),
    ]
    return [make_finding(ctx, sid, sf, detail) for sid, sf, detail in rows]


def grants(android_serial: str = "R58N12ABCDE") -> list[Grant]:
    phone = f"android:{android_serial}"
    pm = "pm revoke"
    fp_home = ("flatpak", "override", "--user", "--nofilesystem=home")
    return [
        Grant("flatpak", "org.telegram.desktop", "filesystem-home", Category.BASIC,
              Severity.HIGH, "Flatseal, or: flatpak override --user --nofilesystem=home"
              " org.telegram.desktop", app_name="Telegram", raw="filesystems=home",
              broad=True, revoke_argv=(*fp_home, "org.telegram.desktop"),
              location="~/.local/share/flatpak/app/org.telegram.desktop/current/active/"
              "metadata"),
        Grant("flatpak", "org.telegram.desktop", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "Settings > Apps > Telegram > Camera", app_name="Telegram",
              raw="devices=all", broad=True),
        Grant("flatpak", "com.spotify.Client", "filesystem-home", Category.BASIC,
              Severity.LOW, "flatpak override --user --nofilesystem=home com.spotify.Client",
              app_name="Spotify", raw="filesystems=xdg-music:ro", state="denied"),
        Grant("snap", "zoom-client", "camera", Category.BIOMETRIC, Severity.MEDIUM,
              "snap disconnect zoom-client:camera", app_name="Zoom", raw="camera",
              revoke_argv=("snap", "disconnect", "zoom-client:camera")),
        Grant("snap", "zoom-client", "microphone", Category.COMMUNICATIONS, Severity.MEDIUM,
              "snap disconnect zoom-client:audio-record", app_name="Zoom",
              raw="audio-record", state="in-use", last_used="2025-05-02 10:14"),
        Grant("chromium-extension", "aapbdbdomjkkjkaonfhkkikfgjllcleb", "all-sites",
              Category.BEHAVIOUR, Severity.HIGH, "chrome://extensions > Details > Site access",
              app_name="Translate helper", raw="<all_urls>", broad=True),
        Grant("android", "com.example.shop", "contacts", Category.CONTACT, Severity.HIGH,
              f"adb shell {pm} com.example.shop android.permission.READ_CONTACTS",
              app_name="Example Shop", raw="android.permission.READ_CONTACTS",
              device=phone, device_name="Pixel 7 (Android 14)",
              revoke_argv=("adb", "-s", android_serial, "shell", "pm", "revoke",
                           "com.example.shop", "android.permission.READ_CONTACTS"),
              location=f"adb:{android_serial}"),
        Grant("android", "com.example.shop", "location", Category.LOCATION, Severity.HIGH,
              "Settings > Apps > Example Shop > Permissions > Location",
              app_name="Example Shop", raw="android.permission.ACCESS_FINE_LOCATION",
              device=phone, device_name="Pixel 7 (Android 14)", last_used="2025-05-01",
              location=f"adb:{android_serial}"),
        Grant("android", "com.example.maps", "location", Category.LOCATION, Severity.MEDIUM,
              "Settings > Apps > Maps > Permissions > Location", app_name="Maps",
              raw="android.permission.ACCESS_BACKGROUND_LOCATION", broad=True,
              device=phone, device_name="Pixel 7 (Android 14)",
              location=f"adb:{android_serial}"),
    ]


_SCANNER = {"chromium-extension": "extensions", "firefox-extension": "extensions"}


def grant_findings(items: Sequence[Grant] | None = None,
                   ctx: ScanContext | None = None) -> list[Finding]:
    ctx = ctx or demo_context()
    return [grant_finding(ctx, f"permissions.{_SCANNER.get(g.source, g.source)}", g)
            for g in (grants() if items is None else items)]


def this_computer() -> str:
    return THIS_COMPUTER


if __name__ == "__main__":  # print them, to look at the shapes
    for f in store_findings() + grant_findings():
        print(f.scanner, f.rule, f.preview, dict(f.detail), file=sys.stdout)
