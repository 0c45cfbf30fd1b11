"""A fake `adb` executable that replays recorded phone answers and logs every call.

`make_fake_adb(folder, devices)` writes `folder/adb` (a Python script run by this
interpreter) and `folder/adb-config.json`. The script answers:

  adb devices -l                   "List of devices attached" + one real-format line a device
  adb -s SERIAL shell WORD...      the file <recording>/<key>.txt of that device, bytes as
                                   recorded (so non-UTF-8 stays non-UTF-8), where key is the
                                   words joined by "_" with other characters turned into "_";
                                   <key>.exit / <key>.stderr give an exit code and stderr
  anything else, or no recording   "error: ..." on stderr, exit 1 (like a device refusing)

Every call is appended to `folder/adb-calls.jsonl` (one JSON argv per line) *before* it is
answered, so tests can prove that only read-only commands ran. `hang` maps "SERIAL key" (or
"devices") to seconds to sleep first: an adb that never answers.

Recordings live in synth/data/adb/<generation>/: android5 (5.1.1, install-time
grantedPermissions, CRLF from the pre-7 pty), android10 (runtime permissions, shared user),
android14 (Pixel 7, role holders, all-files access), android14work (Pixel 8 with a work
profile, user 10: `pm list users`, `pm list packages -3 --user 10`, a package dump with
"User 0:" and "User 10:" parts). android5/10/14 list a single user.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "adb"  # the recordings this replays

_SCRIPT = r'''#!{python}
import json, os, re, sys, time
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "adb-config.json"), encoding="utf-8") as fh:
    cfg = json.load(fh)
args = sys.argv[1:]
with open(os.path.join(here, "adb-calls.jsonl"), "a", encoding="utf-8") as fh:
    fh.write(json.dumps(args) + "\n")
def out(data):
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
if args[:1] == ["devices"]:
    time.sleep(cfg["hang"].get("devices", 0))
    lines = ["List of devices attached"]
    for d in cfg["devices"]:
        lines.append("%-22s %s %s" % (d["serial"], d["state"], d["words"]))
    out(("\n".join(lines) + "\n\n").encode())
    sys.exit(0)
if len(args) < 4 or args[0] != "-s" or args[2] != "shell":
    sys.stderr.write("error: fake adb does not answer %r\n" % (args,))
    sys.exit(1)
serial, words = args[1], args[3:]
dev = next((d for d in cfg["devices"] if d["serial"] == serial), None)
if dev is None:
    sys.stderr.write("adb: device '%s' not found\n" % serial)
    sys.exit(1)
if dev["state"] == "unauthorized":
    sys.stderr.write("adb: device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\n"
                     "Try 'adb kill-server' if that seems wrong.\nOtherwise check for a "
                     "confirmation dialog on your device.\n")
    sys.exit(1)
if dev["state"] != "device":
    sys.stderr.write("adb: device offline\n")
    sys.exit(1)
key = re.sub(r"[^A-Za-z0-9._-]", "_", "_".join(words))
time.sleep(cfg["hang"].get(serial + " " + key, 0))
base = os.path.join(dev["recording"] or "", key)
if not dev["recording"] or not os.path.exists(base + ".txt"):
    sys.stderr.write("error: fake adb has no recording for %r\n" % (" ".join(words),))
    sys.exit(1)
with open(base + ".txt", "rb") as fh:
    out(fh.read())
if os.path.exists(base + ".stderr"):
    with open(base + ".stderr", encoding="utf-8") as fh:
        sys.stderr.write(fh.read())
code = 0
if os.path.exists(base + ".exit"):
    with open(base + ".exit", encoding="utf-8") as fh:
        code = int(fh.read().strip())
sys.exit(code)
'''


@dataclass
class FakeDevice:
    serial: str
    state: str = "device"
    recording: Path | None = None  # a folder of <key>.txt files
    words: str = ""  # the rest of the `adb devices -l` line

    @classmethod
    def of(cls, serial: str, generation: str, model: str, product: str,
           usb: str = "1-1", transport: int = 1) -> FakeDevice:
        return cls(serial, "device", DATA / generation,
                   f"usb:{usb} product:{product} model:{model.replace(' ', '_')} "
                   f"device:{product} transport_id:{transport}")


@dataclass
class FakeAdb:
    folder: Path
    hang: dict[str, float] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / "adb"

    def calls(self) -> list[list[str]]:
        log = self.folder / "adb-calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    def shell_calls(self) -> list[list[str]]:
        return [c[3:] for c in self.calls() if c[:1] == ["-s"] and c[2:3] == ["shell"]]


def make_fake_adb(folder: Path, devices: Sequence[FakeDevice],
                  hang: Mapping[str, float] | None = None) -> FakeAdb:
    folder.mkdir(parents=True, exist_ok=True)
    cfg = {
        "devices": [{"serial": d.serial, "state": d.state, "words": d.words,
                     "recording": str(d.recording) if d.recording else None} for d in devices],
        "hang": dict(hang or {}),
    }
    (folder / "adb-config.json").write_text(json.dumps(cfg), encoding="utf-8")
    script = folder / "adb"
    script.write_text(_SCRIPT.replace("{python}", sys.executable), encoding="utf-8")
    script.chmod(0o755)
    return FakeAdb(folder, dict(hang or {}))


def copy_recording(generation: str, dest: Path) -> Path:
    """A writable copy of one recording, for tests that damage an answer."""
    shutil.copytree(DATA / generation, dest)
    return dest


def key_of(*words: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", "_".join(words))


def many_apps(dest: Path, count: int = 150) -> list[str]:
    """An Android 14 recording with `count` third-party apps, cloned from the recorded blocks
    (each app keeps a real block's permissions under a new name)."""
    copy_recording("android14", dest)
    text = (DATA / "android14" / "dumpsys_package_packages.txt").read_text(encoding="utf-8")
    head, _, rest = text.partition("Packages:\n")
    body, _, tail = rest.partition("\n\nHidden system packages:")
    blocks = re.split(r"(?m)^(?=  Package \[)", body)
    blocks = [b for b in blocks if b.strip() and "com.android.systemui" not in b[:60]]
    names: list[str] = []
    out: list[str] = []
    for i in range(count):
        src = blocks[i % len(blocks)]
        old = src[src.index("[") + 1:src.index("]")]
        new = f"com.vendor{i:03d}.app"
        names.append(new)
        out.append(src.replace(old, new))
    (dest / "dumpsys_package_packages.txt").write_text(
        head + "Packages:\n" + "".join(b if b.endswith("\n") else b + "\n" for b in out)
        + "\nHidden system packages:" + tail, encoding="utf-8")
    (dest / "pm_list_packages_-3.txt").write_text(
        "".join(f"package:{n}\n" for n in names), encoding="utf-8")
    for n, src in zip(names, out, strict=True):
        (dest / f"dumpsys_package_{n}.txt").write_text("Packages:\n" + src + "\n",
                                                       encoding="utf-8")
    return names
