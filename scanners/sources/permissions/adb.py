"""The adb boundary: find adb, list devices, run read-only shell commands, parse their answers.

Every command is one `adb` subprocess (scanners.system.tools.run: no shell on this side, a timeout,
the C locale). On the phone, `adb shell a b c` joins its arguments into ONE command line for
the device's `sh`, so anything passed here is checked first: commands must be on the
read-only allow-list below and every argument must match a strict pattern (package,
permission and component names from a phone are data, never shell text).

Formats (ref. device-stores-and-permissions.md 4.6; AOSP Settings.dumpPackageLPr):
  adb devices -l           "<serial>   <state> usb:1-1 product:x model:Pixel_7 device:x ..."
  getprop                  "[ro.build.version.sdk]: [34]"
  pm list packages -3      "package:<name>" (`--user <id>`: that user's apps)
  pm list users            "Users:" then "\tUserInfo{<id>:<name>:<hex flags>} running" per user
                           (Pm.runListUsers / UserManagerServiceShellCommand; " running" is
                           absent for a stopped user, e.g. a paused work profile)
  dumpsys package ...      "Packages:" / "  Package [<name>] (<hash>):" blocks; install
                           permissions "<perm>: granted=true"; per user "User 0: ..." then
                           "runtime permissions:" "<perm>: granted=true, flags=[ ... ]";
                           before Android 6 "grantedPermissions:" then bare names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from scanners.base import ScanContext
from scanners.system.tools import ToolError, run, which

DEFAULT_TIMEOUT = 30.0

# Android package names: at least two dot-separated Java identifiers (PackageParser rules).
PACKAGE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+")
PERMISSION_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,200}")
COMPONENT_RE = re.compile(r"([A-Za-z][A-Za-z0-9_.]*)/(\.?[A-Za-z][A-Za-z0-9_.$]*)")
# adb serials: USB serial numbers, "emulator-5554", "192.168.1.20:5555", mDNS names.
SERIAL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-\[\]%@]{0,127}")
# Shell arguments that are safe to hand to the device's sh: words, dots, slashes, dashes.
_ARG_RE = re.compile(r"[A-Za-z0-9_.:/$\-]{1,256}")
# Android user ids (UserHandle): 0 is the main user, 10+ secondary users and profiles.
USER_ID_RE = re.compile(r"[0-9]{1,6}")

# What may run on the phone: (leading words, how many more words may follow). Nothing here
# changes the device; `pm revoke` and friends only ever appear as suggested argv in findings.
_READ_ONLY: tuple[tuple[tuple[str, ...], int], ...] = (
    (("getprop",), 1),
    (("pm", "list", "packages"), 3),
    (("pm", "list", "users"), 0),
    (("dumpsys", "package"), 1),
    (("dumpsys", "device_policy"), 0),
    (("settings", "get", "secure"), 1),
    (("appops", "query-op"), 2),
    (("cmd", "role", "get-role-holders"), 1),
    (("telecom", "get-default-dialer"), 0),
)

# `adb devices` states (adb/transport.cpp to_string): "no permissions" is two words.
STATES = ("device", "unauthorized", "offline", "no permissions", "authorizing", "connecting",
          "bootloader", "recovery", "rescue", "sideload", "host", "unknown")


@dataclass(frozen=True, slots=True)
class Device:
    """One line of `adb devices -l`."""

    serial: str
    state: str
    model: str = ""  # "Pixel 7" (adb writes "Pixel_7")
    product: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.state == "device"


def platform_tools_dirs(ctx: ScanContext) -> list[str]:
    """Where Android Studio and the SDK installers put platform-tools, per OS, plus env vars."""
    dirs: list[str] = []
    for var in ("ANDROID_HOME", "ANDROID_SDK_ROOT"):
        root = os.environ.get(var)
        if root:
            dirs.append(os.path.join(root, "platform-tools"))
    home = ctx.home
    if ctx.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        dirs.append(os.path.join(local, "Android", "Sdk", "platform-tools"))
    elif ctx.platform == "darwin":
        dirs.append(str(home / "Library" / "Android" / "sdk" / "platform-tools"))
    else:
        dirs.append(str(home / "Android" / "Sdk" / "platform-tools"))
    return dirs


def find_adb(ctx: ScanContext) -> str | None:
    return which(ctx, "adb", extra_dirs=platform_tools_dirs(ctx))


def parse_devices(text: str) -> list[Device]:
    """`adb devices -l` -> devices; daemon chatter ("* daemon started") is skipped."""
    out: list[Device] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("*") or line.startswith("List of devices"):
            continue
        parts = line.split()
        serial, rest = parts[0], line[len(parts[0]):].strip()
        state = next((s for s in STATES if rest == s or rest.startswith(s + " ")), "")
        if not state:
            state = parts[1] if len(parts) > 1 else "unknown"
        if not SERIAL_RE.fullmatch(serial):
            continue  # never passed to "-s": a hostile or garbled line
        extra: dict[str, str] = {}
        for word in rest[len(state):].split():
            key, sep, value = word.partition(":")
            if sep and key.isidentifier():
                extra[key] = value
        out.append(Device(serial, state, extra.get("model", "").replace("_", " "),
                          extra.get("product", ""), extra))
    return out


class Adb:
    """One adb executable; `timeout` is per command (dumpsys of all packages gets 4x)."""

    def __init__(self, path: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout

    def devices(self) -> list[Device]:
        return parse_devices(run([self.path, "devices", "-l"], timeout=self.timeout))

    def shell(self, serial: str, *args: str, timeout: float | None = None) -> str:
        """stdout of a read-only command on the device; ToolError on failure or refusal."""
        check_read_only(args)
        if not SERIAL_RE.fullmatch(serial):
            raise ToolError("corrupt", "refused an adb serial with unexpected characters")
        try:
            out = run([self.path, "-s", serial, "shell", *args],
                      timeout=timeout if timeout is not None else self.timeout)
        except ToolError as exc:
            if exc.reason == "tool-failed" and "nknown command" in exc.message:
                raise ToolError("unsupported", exc.message) from None
            raise
        # Before Android 7 `adb shell` exits 0 and mixes stderr into stdout: unknown commands
        # answer in words instead of an exit code.
        head = out.lstrip()[:200]
        if head.startswith(("Unknown command", "Error: Unknown command", "/system/bin/sh:")) \
                or "inaccessible or not found" in head:
            raise ToolError("unsupported", head.splitlines()[0][:200] if head else "")
        return out


def check_read_only(args: Sequence[str]) -> None:
    """Raise ValueError unless `args` is an allow-listed read-only command with safe words."""
    for lead, more in _READ_ONLY:
        if tuple(args[:len(lead)]) == lead and len(args) - len(lead) <= more:
            bad = [a for a in args if not _ARG_RE.fullmatch(a)]
            if bad:
                raise ValueError("refused an adb shell argument with unexpected characters")
            for i, a in enumerate(args):
                # "--user" takes a number and nothing else ("--user all" reads every user at
                # once, a user id from a hostile dump never gets to be a word of its own)
                if a == "--user" and not (i + 1 < len(args)
                                          and USER_ID_RE.fullmatch(args[i + 1])):
                    raise ValueError("refused an adb --user argument that is not a user id")
            return
    raise ValueError(f"not a read-only adb command: {' '.join(args[:3])!r}")


def list_devices(ctx: ScanContext, timeout: float = DEFAULT_TIMEOUT) -> list[Device]:
    """Attached devices for the GUI's picker; ToolError("not-installed") without adb."""
    path = find_adb(ctx)
    if path is None:
        raise ToolError("not-installed", "adb was not found (install Android platform tools, "
                                         "Debian: apt install adb)")
    return Adb(path, timeout).devices()


# ------------------------------------------------------------------------------ parsing

_PROP_RE = re.compile(r"^\[([^\]]+)\]: \[(.*)\]\s*$")


def parse_getprop(text: str) -> dict[str, str]:
    props: dict[str, str] = {}
    for line in text.splitlines():
        m = _PROP_RE.match(line)
        if m:
            props[m.group(1)] = m.group(2)
    return props


class CorruptOutput(Exception):
    """Output that does not have the shape it must have (truncated, garbage, undecodable)."""


def parse_packages(text: str) -> tuple[list[str], list[str]]:
    """`pm list packages` -> (valid names, rejected lines); order kept, duplicates dropped."""
    names: list[str] = []
    rejected: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("package:"):
            rejected.append(line)
            continue
        name = line[len("package:"):].split()[0] if line[len("package:"):].strip() else ""
        if PACKAGE_RE.fullmatch(name) and len(name) <= 255:
            if name not in names:
                names.append(name)
        else:
            rejected.append(line)
    return names, rejected


# UserInfo.toString(): "UserInfo{" + id + ":" + name + ":" + Integer.toHexString(flags) + "}".
# The name is free text set on the phone (it may hold ":" or "}"), so the id and the flags
# are taken from the ends.
_USER_RE = re.compile(r"^UserInfo\{([0-9]{1,6}):(.{0,200}):([0-9a-fA-F]{1,8})\}( running)?$")
FLAG_MANAGED_PROFILE = 0x20  # UserInfo.FLAG_MANAGED_PROFILE: a work profile
FLAG_QUIET_MODE = 0x80  # UserInfo.FLAG_QUIET_MODE: "work apps paused"
FLAG_PROFILE = 0x1000  # UserInfo.FLAG_PROFILE (Android 11+): any profile (clone, private)


@dataclass(frozen=True, slots=True)
class AndroidUser:
    """One line of `pm list users`."""

    id: int
    name: str
    flags: int
    running: bool

    @property
    def managed(self) -> bool:
        return bool(self.flags & FLAG_MANAGED_PROFILE)

    @property
    def paused(self) -> bool:
        return bool(self.flags & FLAG_QUIET_MODE)

    @property
    def label(self) -> str:
        """How findings name it: its own name, or what it is when the name is unusable."""
        if self.name:
            return self.name
        return "Work profile" if self.managed else f"user {self.id}"


def _clean_name(name: str) -> str:
    # a user name is typed on the phone: keep it printable and short (it is shown and logged)
    kept = "".join(ch for ch in name if ch.isprintable() and ch != "\ufffd").strip()
    return kept[:40]


def parse_users(text: str) -> tuple[list[AndroidUser], int]:
    """`pm list users` -> (users in order, count of lines that are not a UserInfo line).

    The "Users:" header and blank lines are not counted; a repeated id keeps its first line.
    """
    users: list[AndroidUser] = []
    odd = 0
    for line in text.splitlines():
        body = line.strip()
        if not body or body == "Users:":
            continue
        m = _USER_RE.match(body)
        if not m:
            odd += 1
            continue
        uid = int(m.group(1))
        if any(u.id == uid for u in users):
            odd += 1
            continue
        users.append(AndroidUser(uid, _clean_name(m.group(2)), int(m.group(3), 16),
                                 bool(m.group(4))))
    return users, odd


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split_package_blocks(text: str, section: str = "Packages:",
                         header: str = "Package") -> dict[str, list[str]]:
    """The first block per package of one top-level section of a `dumpsys package` dump.

    A block starts at "  Package [<name>] (<hash>):" and ends at the next line indented two
    spaces or less. Only the first block of a name counts: an updated system app appears a
    second time under "Hidden system packages:", which is another section anyway.
    """
    blocks: dict[str, list[str]] = {}
    lines = text.splitlines()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.rstrip() == section)
    except StopIteration:
        return blocks
    current: list[str] | None = None
    prefix = f"{header} ["
    for line in lines[start + 1:]:
        if not line.strip():
            continue
        ind = _indent(line)
        if ind == 0:
            break  # the next section
        if ind <= 2:
            current = None
            body = line.strip()
            if body.startswith(prefix) and "]" in body:
                name = body[len(prefix):body.index("]")]
                if name not in blocks:
                    current = blocks[name] = []
            continue
        if current is not None:
            current.append(line)
    return blocks


_GRANT_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*): granted=(true|false)(?:, .*)?$")


@dataclass(slots=True)
class PackagePerms:
    """What one package block says about one user (0 unless asked for another)."""

    runtime: dict[str, bool] = field(default_factory=dict)  # Android 6+, per user
    install: dict[str, bool] = field(default_factory=dict)  # install-time, all users
    legacy: list[str] = field(default_factory=list)  # before Android 6: grantedPermissions
    installed: bool = True  # for that user
    shared_user: str = ""  # "name" of sharedUser=SharedUserSetting{hash name/uid}
    users_seen: bool = False
    user_seen: bool = False  # the block has a "User <that user>:" line


_SHARED_RE = re.compile(r"sharedUser=SharedUserSetting\{\S+ ([^/}\s]+)/")


_SECTIONS = {"install permissions:": "install", "runtime permissions:": "runtime",
             "grantedPermissions:": "legacy"}


def parse_package_block(lines: Sequence[str], user: int = 0) -> PackagePerms:
    """Permissions of one block (a package's, or a shared user's); CorruptOutput if it is
    truncated (no per-user line) or a permission line does not parse."""
    perms = PackagePerms()
    if any("\ufffd" in ln for ln in lines):
        raise CorruptOutput("the dump is not valid UTF-8")
    section: str | None = None  # "install", "runtime", "legacy", "skip"
    section_indent = 0
    current_user: int | None = None
    for line in lines:
        ind = _indent(line)
        body = line.strip()
        if section is not None and ind > section_indent:
            if section != "skip":
                _permission_line(perms, section, body, user, current_user)
            continue
        section = None
        if body.startswith("User ") and ":" in body:
            num = body[5:body.index(":")]
            if num.isdigit():
                current_user = int(num)
                perms.users_seen = True
                if current_user == user:
                    perms.user_seen = True
                    if "installed=false" in body:
                        perms.installed = False
            continue
        if body in _SECTIONS:
            section, section_indent = _SECTIONS[body], ind
        elif body.endswith(":"):
            section, section_indent = "skip", ind  # requested permissions, overlay paths, ...
        else:
            m2 = _SHARED_RE.search(body)
            if m2 and body.startswith("sharedUser="):
                perms.shared_user = m2.group(1)
    if not perms.users_seen:
        raise CorruptOutput("the dump ends before its per-user part (truncated?)")
    return perms


def _permission_line(perms: PackagePerms, section: str, body: str, user: int,
                     current_user: int | None) -> None:
    """One line inside an install, runtime or legacy (grantedPermissions) section."""
    if section == "legacy":
        if not PERMISSION_RE.fullmatch(body):
            raise CorruptOutput("an unreadable line in grantedPermissions")
        perms.legacy.append(body)
        return
    m = _GRANT_RE.match(body)
    if not m:
        raise CorruptOutput(f"an unreadable line in {section} permissions")
    granted = m.group(2) == "true"
    if section == "install":
        if ", userId=" in body and not body.endswith(f", userId={user}"):
            return  # another user's differing install state
        perms.install[m.group(1)] = granted
    elif current_user == user:
        perms.runtime[m.group(1)] = granted


def parse_components(value: str) -> tuple[list[tuple[str, str]], int]:
    """A "pkg/cls:pkg/cls" secure setting -> ([(package, component)], rejected count)."""
    value = value.strip()
    if value in ("", "null"):
        return [], 0
    out: list[tuple[str, str]] = []
    bad = 0
    for part in value.split(":"):
        part = part.strip()
        if not part:
            continue
        m = COMPONENT_RE.fullmatch(part)
        if m and PACKAGE_RE.fullmatch(m.group(1)):
            out.append((m.group(1), part))
        else:
            bad += 1
    return out, bad


def parse_device_admins(text: str, user: int = 0) -> list[tuple[str, str]]:
    """Active admins of `user` from `dumpsys device_policy` (any Android 5-14 layout)."""
    out: list[tuple[str, str]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        body = line.strip()
        if not body.startswith(f"Enabled Device Admins (User {user}"):
            continue
        head = _indent(line)
        child: int | None = None
        for nxt in lines[i + 1:]:
            if not nxt.strip():
                continue
            ind = _indent(nxt)
            if ind <= head:
                break
            if child is None:
                child = ind  # admins sit one level below the header; attributes below them
            if ind == child:
                m = COMPONENT_RE.fullmatch(nxt.strip().rstrip(":"))
                if m and PACKAGE_RE.fullmatch(m.group(1)):
                    out.append((m.group(1), nxt.strip().rstrip(":")))
    return out


def parse_package_lines(text: str) -> list[str]:
    """Bare package names one per line (appops query-op, cmd role); other lines ignored."""
    return [ln.strip() for ln in text.splitlines() if PACKAGE_RE.fullmatch(ln.strip())]
