"""The demo's recorded phone: a fake `adb` inside the sandbox that answers the Android
scanner's read-only commands from a state file, and `pm revoke` by changing that file, so a
rescan after the fix shows the grants gone.

The phone holds a chat app with the address book, precise location and SMS, and a
"cleaner" app running an accessibility service (it reads everything on screen). The script
is plain Python run by `python3` (the sandbox is a Linux/macOS demo); every command it was
given is appended to adb-calls.log beside it, so a trainer can show what was asked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SERIAL = "DEMO0PHONE01"
CHAT = "com.demo.chat"
CLEANER = "com.demo.cleaner"
CLEANER_SERVICE = f"{CLEANER}/{CLEANER}.service.BoostService"
STATE = "phone-state.json"
ADB = "adb"

_CHAT_GRANTS = {
    "android.permission.READ_CONTACTS": True,
    "android.permission.WRITE_CONTACTS": True,
    "android.permission.ACCESS_FINE_LOCATION": True,
    "android.permission.ACCESS_COARSE_LOCATION": True,
    "android.permission.READ_SMS": True,
    "android.permission.RECEIVE_SMS": True,
    "android.permission.CAMERA": False,
    "android.permission.POST_NOTIFICATIONS": True,
}
_CLEANER_GRANTS = {
    "android.permission.READ_EXTERNAL_STORAGE": True,
    "android.permission.POST_NOTIFICATIONS": True,
}


def initial_state() -> dict[str, Any]:
    return {
        "serial": SERIAL, "model": "Demo_Phone", "product": "demophone", "release": "14",
        "sdk": 34,
        "apps": {CHAT: {"appId": 10271, "runtime": dict(_CHAT_GRANTS)},
                 CLEANER: {"appId": 10312, "runtime": dict(_CLEANER_GRANTS)}},
        "accessibility": [CLEANER_SERVICE],
    }


_SCRIPT = r'''#!/usr/bin/env python3
# piaudit demo: a recorded phone. Answers the read-only commands of piaudit's Android scanner
# from phone-state.json beside it; "pm revoke" changes that file. Synthetic demo data only.
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
state_path = os.path.join(here, "phone-state.json")
with open(state_path, encoding="utf-8") as fh:
    st = json.load(fh)
args = sys.argv[1:]
with open(os.path.join(here, "adb-calls.log"), "a", encoding="utf-8") as fh:
    fh.write(json.dumps(args) + "\n")
def out(text):
    sys.stdout.write(text)
    sys.stdout.flush()
def fail(text):
    sys.stderr.write(text + "\n")
    sys.exit(1)
if args[:1] == ["devices"]:
    out("List of devices attached\n%-22s device usb:1-1 product:%s model:%s device:%s "
        "transport_id:1\n\n" % (st["serial"], st["product"], st["model"], st["product"]))
    sys.exit(0)
if len(args) < 4 or args[0] != "-s" or args[2] != "shell":
    fail("error: the demo phone does not answer %r" % (args,))
if args[1] != st["serial"]:
    fail("adb: device '%s' not found" % args[1])
words = " ".join(args[3:]).split()
def block(pkg):
    app = st["apps"][pkg]
    lines = ["  Package [%s] (0d3m0%s):" % (pkg, app["appId"]), "    appId=%d" % app["appId"],
             "    pkg=Package{0d3m0 %s}" % pkg, "    versionCode=100 minSdk=24 targetSdk=34",
             "    versionName=1.0", "    timeStamp=2024-01-02 03:04:06",
             "    install permissions:",
             "      android.permission.INTERNET: granted=true",
             "    User 0: ceDataInode=1 installed=true hidden=false suspended=false stopped=false"
             " notLaunched=false enabled=0 instant=false virtual=false",
             "      firstInstallTime=2024-01-02 03:04:06", "      runtime permissions:"]
    for perm in sorted(app["runtime"]):
        lines.append("        %s: granted=%s, flags=[ USER_SET ]"
                     % (perm, "true" if app["runtime"][perm] else "false"))
    return "\n".join(lines) + "\n"
def answer(cmd):
    if cmd == ["getprop"]:
        return ("[ro.build.version.release]: [%s]\n[ro.build.version.sdk]: [%d]\n"
                "[ro.product.brand]: [demo]\n[ro.product.manufacturer]: [Demo]\n"
                "[ro.product.model]: [%s]\n[ro.product.name]: [%s]\n"
                % (st["release"], st["sdk"], st["model"].replace("_", " "), st["product"]))
    if cmd == ["pm", "list", "packages", "-3"]:
        return "".join("package:%s\n" % p for p in sorted(st["apps"]))
    if cmd == ["pm", "list", "users"]:
        return "Users:\n\tUserInfo{0:Owner:c13} running\n"
    if cmd == ["dumpsys", "package", "packages"]:
        return "Packages:\n" + "".join(block(p) for p in sorted(st["apps"])) + "\n"
    if cmd[:2] == ["dumpsys", "package"] and len(cmd) == 3 and cmd[2] in st["apps"]:
        return "Packages:\n" + block(cmd[2]) + "\n"
    if cmd == ["settings", "get", "secure", "enabled_accessibility_services"]:
        return (":".join(st["accessibility"]) or "null") + "\n"
    if cmd[:3] == ["settings", "get", "secure"]:
        return "null\n"
    if cmd[:1] == ["dumpsys"] and cmd[1:2] == ["device_policy"]:
        return "Current Device Policy Manager state:\n"
    if cmd[:1] in (["appops"], ["cmd"]):
        return ""
    if cmd[:2] == ["pm", "revoke"] and len(cmd) == 4:
        app = st["apps"].get(cmd[2])
        if app is None or cmd[3] not in app["runtime"]:
            raise SystemExit("Exception occurred while executing 'revoke': unknown " + cmd[3])
        app["runtime"][cmd[3]] = False
        with open(state_path, "w", encoding="utf-8") as fh:
            json.dump(st, fh, indent=1, sort_keys=True)
        return ""
    raise SystemExit("/system/bin/sh: %s: not found" % cmd[0])
text = ""
for cmd in " ".join(words).split(";"):
    part = cmd.split()
    if part:
        text += answer(part)
out(text)
'''


def make_phone(folder: Path) -> Path:
    """Write the fake `adb` (0755) and its state into `folder`; returns the adb path."""
    folder.mkdir(parents=True, exist_ok=True)
    write_state(folder, initial_state())
    adb = folder / ADB
    adb.write_text(_SCRIPT, encoding="utf-8")
    adb.chmod(0o755)
    return adb


def read_state(folder: Path) -> dict[str, Any]:
    with open(folder / STATE, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError("the demo phone's state is not an object")
    return data


def write_state(folder: Path, state: dict[str, Any]) -> None:
    (folder / STATE).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")


def turn_off_accessibility(folder: Path) -> int:
    """What the user does on the phone (Settings > Accessibility > the app > off): no adb
    command does it, so the fix changes the recorded phone itself. Returns how many."""
    state = read_state(folder)
    n = len(state.get("accessibility", []))
    state["accessibility"] = []
    write_state(folder, state)
    return n
