"""permissions.android: what third-party apps on an attached Android phone may read.

Over adb (USB debugging on, this computer authorised; no root). Per device: the third-party
packages (`pm list packages -3`), their *granted* dangerous permissions for user 0 (runtime
grants on Android 6+, install-time `grantedPermissions` before), and the special accesses
that read everything: accessibility services, notification listeners, device admins, usage
access, all-files access, the default SMS and phone apps. Read-only: every finding carries
the step that revokes it (and, where one exists, the adb command the GUI may run after the
user confirms); nothing is ever changed here.

Rule ids: permissions.android.<key> with keys from [android] in resources/permissions.toml.
Detail keys: see scanners/sources/permissions/common.py; device = "android:<serial>", device_name
"Pixel 7 (Android 14)". ctx.android_serial narrows the scan to one device (the CLI's
--android-serial, the GUI's device picker); otherwise every authorised device is read.

One `dumpsys package packages` per device gives every package's block in one call (150 apps:
1 call instead of 150); packages it lacks, apps sharing a user id (their grants sit in the
"Shared users" part) and devices where it fails are read per package with
`dumpsys package <name>`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, Progress, ScanError
from scanners.sources.permissions import adb as adbmod
from scanners.sources.permissions import catalog
from scanners.sources.permissions.adb import Adb, CorruptOutput, Device, PackagePerms
from scanners.sources.permissions.catalog import Entry, fill
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.system.tools import ToolError

SCANNER_ID = "permissions.android"
SOURCE = "android"
_MAX_TIMEOUTS = 3  # a device that stops answering this many times in a row is given up


def _table() -> tuple[Mapping[str, Entry], Mapping[str, Entry], str]:
    """[android] of permissions.toml: runtime permissions, special accesses, and the words
    for install-time grants (Android 5) that no command can revoke."""
    legacy = str(catalog.source_table("android").get("runtime", {}).get("legacy_revoke", ""))
    return catalog.entries("android", "runtime"), catalog.entries("android", "special"), legacy


@dataclass(slots=True)
class _Dump:
    """One device's `dumpsys package packages`, fetched once and shared by all its users."""

    blocks: dict[str, list[str]] | None = None  # None: not asked yet
    timeouts: int = 0  # timeouts in a row
    gave_up: bool = False


@dataclass(slots=True)
class _Phone:
    serial: str
    sdk: int
    release: str
    name: str
    adb: str = "adb"  # the adb that read the grants: a revoke runs the same one

    @property
    def device(self) -> str:
        return f"android:{self.serial}"


class AndroidPermissions:
    """Granted dangerous permissions and special accesses of third-party Android apps."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Android app permissions (adb)"
    timeout: ClassVar[float] = adbmod.DEFAULT_TIMEOUT  # per adb command; tests shorten it

    def __init__(self) -> None:
        self._adb: Adb | None = None
        self._devices: list[Device] = []

    # ------------------------------------------------------------------ which devices
    def applies(self, ctx: ScanContext) -> bool:
        path = adbmod.find_adb(ctx)
        if path is None:
            ctx.unavailable(SCANNER_ID, "not-installed", "adb was not found (install Android "
                            "platform tools, Debian: apt install adb)")
            return False
        self._adb = Adb(path, self.timeout)
        try:
            devices = self._adb.devices()
        except ToolError as exc:
            ctx.error(ScanError(SCANNER_ID, "adb devices", exc.reason, exc.message))
            ctx.unavailable(SCANNER_ID, exc.reason, f"adb devices failed: {exc.message}")
            return False
        wanted = ctx.android_serial
        if wanted:
            devices = [d for d in devices if d.serial == wanted]
            if not devices:
                ctx.unavailable(SCANNER_ID, "no-device", f"the phone {wanted} is not attached")
                return False
        if not devices:
            ctx.unavailable(SCANNER_ID, "no-device", "no Android phone is attached: connect it "
                            "by USB and enable USB debugging (Settings > Developer options)")
            return False
        for d in devices:
            if d.state == "unauthorized":
                ctx.unavailable(SCANNER_ID, "unauthorized", f"{_label(d)}: unlock the phone and "
                                "accept the 'Allow USB debugging' prompt, then scan again")
            elif d.state == "no permissions":
                ctx.unavailable(SCANNER_ID, "permission-denied", f"{_label(d)}: this user may "
                                "not open the USB device (udev rules; Debian: apt install "
                                "android-sdk-platform-tools-common)")
            elif not d.ready:
                ctx.unavailable(SCANNER_ID, "offline" if d.state == "offline" else "no-device",
                                f"{_label(d)} is {d.state}: unplug and replug it, unlock it")
        self._devices = [d for d in devices if d.ready]
        return bool(self._devices)

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        if self._adb is None and not self.applies(ctx):
            return
        assert self._adb is not None
        for dev in self._devices:
            ctx.check()
            yield from self._scan_device(ctx, self._adb, dev)

    # ------------------------------------------------------------------ one device
    def _scan_device(self, ctx: ScanContext, adb: Adb, dev: Device) -> Iterator[Finding]:
        where = f"adb:{dev.serial}"
        try:
            props = adbmod.parse_getprop(adb.shell(dev.serial, "getprop"))
            sdk = int(props.get("ro.build.version.sdk", ""))
        except ToolError as exc:
            ctx.error(ScanError(SCANNER_ID, where, exc.reason, f"getprop: {exc.message}"))
            return
        except ValueError:
            ctx.error(ScanError(SCANNER_ID, where, "corrupt",
                                "getprop gave no Android version (ro.build.version.sdk)"))
            return
        release = props.get("ro.build.version.release", "") or "?"
        model = props.get("ro.product.model", "") or dev.model or dev.serial
        phone = _Phone(dev.serial, sdk, release, f"{model} (Android {release})"[:120], adb.path)
        try:
            out = adb.shell(dev.serial, "pm", "list", "packages", "-3")
        except ToolError as exc:
            ctx.error(ScanError(SCANNER_ID, where, exc.reason, f"pm list packages: {exc.message}"))
            return
        packages, rejected = adbmod.parse_packages(out)
        if rejected:
            ctx.error(ScanError(SCANNER_ID, where, "corrupt",
                                f"pm list packages: {len(rejected)} line(s) that are not package "
                                "names were skipped"))
        third = set(packages)
        yield from self._special(ctx, adb, phone, third)
        dump = _Dump()
        yield from self._grants(ctx, adb, phone, packages, dump, None)
        if dump.gave_up:
            return
        for user in self._other_users(ctx, adb, phone):
            ctx.check()
            try:
                out = adb.shell(dev.serial, "pm", "list", "packages", "-3", "--user",
                                str(user.id))
            except ToolError as exc:
                ctx.error(ScanError(SCANNER_ID, f"{where}/user{user.id}", exc.reason,
                                    f"pm list packages --user {user.id}: {exc.message}"))
                continue
            upackages, urejected = adbmod.parse_packages(out)
            if urejected:
                ctx.error(ScanError(SCANNER_ID, f"{where}/user{user.id}", "corrupt",
                                    f"pm list packages --user {user.id}: {len(urejected)} "
                                    "line(s) that are not package names were skipped"))
            yield from self._grants(ctx, adb, phone, upackages, dump, user)
            if dump.gave_up:
                return

    def _other_users(self, ctx: ScanContext, adb: Adb,
                     phone: _Phone) -> list[adbmod.AndroidUser]:
        """Running users other than 0 (work profile, second user, dual apps); a stopped one
        is a status note: its grants are not read while it is paused or locked."""
        where = f"adb:{phone.serial}"
        try:
            out = adb.shell(phone.serial, "pm", "list", "users")
        except ToolError as exc:
            if exc.reason in ("unsupported", "tool-failed"):
                # Android before 4.2 has one user; elsewhere the answer is a refusal: either
                # way only the main user could be read, and the status says so.
                ctx.unavailable(SCANNER_ID, "not-listable", f"{phone.name}: other users and "
                                "work profiles cannot be listed; only the main user was read")
            else:
                ctx.error(ScanError(SCANNER_ID, where, exc.reason,
                                    f"pm list users: {exc.message}"))
            return []
        users, odd = adbmod.parse_users(out)
        if odd:
            ctx.error(ScanError(SCANNER_ID, where, "corrupt", f"pm list users: {odd} line(s) "
                                "that are not users were skipped"))
        others: list[adbmod.AndroidUser] = []
        for user in users:
            if user.id == 0:
                continue
            if user.running and not user.paused:
                others.append(user)
            elif user.managed:
                ctx.unavailable(SCANNER_ID, "not-listable", f"{phone.name}: the work profile "
                                "is paused or locked: turn on work apps, unlock it and scan "
                                "again")
            else:
                ctx.unavailable(SCANNER_ID, "not-listable", f"{phone.name}: the user "
                                f"{user.label} is not running: switch to it once, then scan "
                                "again")
        return others

    def _grants(self, ctx: ScanContext, adb: Adb, phone: _Phone, packages: Sequence[str],
                dump: _Dump, user: adbmod.AndroidUser | None) -> Iterator[Finding]:
        where = f"adb:{phone.serial}"
        uid = user.id if user is not None else 0
        if packages and dump.blocks is None:
            dump.blocks = {}
            try:
                text = adb.shell(phone.serial, "dumpsys", "package", "packages",
                                 timeout=adb.timeout * 4)
                dump.blocks = adbmod.split_package_blocks(text)
            except ToolError as exc:
                # Per-package dumps still work on phones whose full dump is too slow or refused.
                ctx.error(ScanError(SCANNER_ID, where, exc.reason,
                                    f"dumpsys package packages: {exc.message}; reading app by app"))
                dump.timeouts = 1 if exc.reason == "timeout" else 0
        blocks = dump.blocks or {}
        runtime, _special, legacy_words = _table()
        label = phone.name if user is None else f"{phone.name}, {user.label}"
        for i, pkg in enumerate(packages):
            ctx.check()
            ctx.report(Progress(scanner=SCANNER_ID, files_done=i, files_total=len(packages),
                                current=f"{label}: {pkg}"))
            loc = f"{where}#{pkg}" if user is None else f"{where}/user{uid}#{pkg}"
            try:
                perms = self._perms(adb, phone, pkg, blocks.get(pkg), uid)
                dump.timeouts = 0
            except ToolError as exc:
                ctx.error(ScanError(SCANNER_ID, loc, exc.reason,
                                    f"dumpsys package: {exc.message}"))
                dump.timeouts = dump.timeouts + 1 if exc.reason == "timeout" else 0
                if dump.timeouts >= _MAX_TIMEOUTS:
                    ctx.error(ScanError(SCANNER_ID, where, "timeout", f"{phone.name} stopped "
                                        "answering; its remaining apps were not read"))
                    dump.gave_up = True
                    return
                continue
            except CorruptOutput as exc:
                ctx.error(ScanError(SCANNER_ID, loc, "corrupt", f"dumpsys package: {exc}"))
                continue
            if not perms.installed or (user is not None and not perms.user_seen):
                continue  # listed for this user but the dump has no state for it: not read
            yield from self._app_grants(ctx, phone, pkg, perms, runtime, legacy_words, user)

    def _perms(self, adb: Adb, phone: _Phone, pkg: str,
               block: list[str] | None, user: int = 0) -> PackagePerms:
        if block is not None:
            perms = adbmod.parse_package_block(block, user)
            if not perms.shared_user:
                return perms
        # Not in the full dump, or a shared user id: its own dump has the "Shared users" part.
        text = adb.shell(phone.serial, "dumpsys", "package", pkg)
        own = adbmod.split_package_blocks(text).get(pkg)
        if own is None:
            raise CorruptOutput("the answer has no block for this app (garbage or truncated)")
        perms = adbmod.parse_package_block(own, user)
        if perms.shared_user:
            shared = adbmod.split_package_blocks(text, "Shared users:", "SharedUser")
            sblock = shared.get(perms.shared_user)
            if sblock is not None:
                extra = adbmod.parse_package_block(sblock, user)
                perms.runtime.update(extra.runtime)
                perms.install.update(extra.install)
                perms.legacy.extend(extra.legacy)
        return perms

    def _app_grants(self, ctx: ScanContext, phone: _Phone, pkg: str, perms: PackagePerms,
                    runtime: Mapping[str, Entry], legacy_words: str,
                    user: adbmod.AndroidUser | None = None) -> Iterator[Finding]:
        # key -> (entry, [(raw name, revocable at run time)])
        by_key: dict[str, tuple[Entry, list[tuple[str, bool]]]] = {}

        def add(name: str, revocable: bool) -> None:
            entry = runtime.get(name)
            if entry is not None and adbmod.PERMISSION_RE.fullmatch(name):
                by_key.setdefault(entry.key, (entry, []))[1].append((name, revocable))

        if phone.sdk >= 23:
            for name, granted in perms.runtime.items():
                if granted:
                    add(name, True)
            for name, granted in perms.install.items():
                if granted and name not in perms.runtime:
                    add(name, False)
        else:
            for name in perms.legacy:
                add(name, False)
            for name, granted in perms.install.items():
                if granted:
                    add(name, False)
        # Another user's grant: named with its profile, revoked with --user, told apart from the
        # same app of the main user by its location and fingerprint (scope).
        app_name = pkg if user is None else f"{pkg} ({user.label})"
        location = f"adb:{phone.serial}" if user is None else f"adb:{phone.serial}/user{user.id}"
        for key, (entry, names) in by_key.items():
            raws = [n for n, _ in names]
            revocable = [n for n, r in names if r]
            fields = {"app": pkg, "app_name": app_name, "page": entry.page,
                      "serial": phone.serial, "release": phone.release, "raw": " ".join(raws)}
            argv: tuple[str, ...] = ()
            template = entry.argv if user is None else _with_user(entry.argv, user.id)
            if revocable and len(revocable) == len(raws):
                words = fill(entry.revoke, **fields)
                argv = _with_adb(_revoke_argv(template, fields, revocable), phone)
            else:
                words = fill(legacy_words, **fields) if phone.sdk < 23 else fill(
                    "Installed with {page} granted at install time: uninstall {app_name} or "
                    "update it", **fields)
            extra = {"android_sdk": str(phone.sdk),
                     "grant_kind": "runtime" if argv else "install-time"}
            if user is not None:
                extra.update(user=str(user.id), user_name=user.label)
                where = ("the work profile (user {n}; its apps have a briefcase badge)"
                         if user.managed else "the user {name} (user {n}; switch to it first)")
                words = ("In " + where.format(n=user.id, name=user.label) + f": {words}").replace(
                    "adb shell pm revoke ", f"adb shell pm revoke --user {user.id} ")
            yield grant_finding(ctx, SCANNER_ID, Grant(
                source=SOURCE, app=pkg, app_name=app_name, permission=key,
                exposes=entry.exposes, severity=entry.severity, revoke=words,
                raw=" ".join(raws), broad=entry.broad, device=phone.device,
                device_name=phone.name, revoke_argv=argv, location=location, extra=extra,
                scope="" if user is None else f"user{user.id}"))

    # ------------------------------------------------------------------ special accesses
    def _special(self, ctx: ScanContext, adb: Adb, phone: _Phone,
                 third: set[str]) -> Iterator[Finding]:
        _runtime, special, _legacy = _table()
        access = _SpecialAccess(ctx, adb, phone, third)
        access.listeners()
        access.device_admins()
        access.app_ops()
        access.default_apps()
        for key, by_pkg in access.holders.items():
            entry = special[key]
            for pkg in sorted(by_pkg):
                yield self._special_finding(ctx, phone, entry, key, pkg, by_pkg[pkg])

    def _special_finding(self, ctx: ScanContext, phone: _Phone, entry: Entry, key: str, pkg: str,
                         held: list[str]) -> Finding:
        fields = {"app": pkg, "app_name": pkg, "serial": phone.serial,
                  "component": held[0] if held else "", "release": phone.release}
        argv: tuple[str, ...] = ()
        if entry.argv and phone.sdk >= entry.min_sdk and (
                "{component}" not in " ".join(entry.argv) or len(held) == 1):
            argv = _with_adb(tuple(fill(a, **fields) for a in entry.argv), phone)
        return grant_finding(ctx, SCANNER_ID, Grant(
            source=SOURCE, app=pkg, app_name=pkg, permission=entry.key,
            exposes=entry.exposes, severity=entry.severity,
            revoke=fill(entry.revoke, **fields), raw=" ".join(held) or key,
            broad=entry.broad, device=phone.device, device_name=phone.name,
            revoke_argv=argv, location=f"adb:{phone.serial}",
            extra={"android_sdk": str(phone.sdk), "grant_kind": "special"}))


class _SpecialAccess:
    """The third-party apps holding each special access on one phone, asked over adb."""

    def __init__(self, ctx: ScanContext, adb: Adb, phone: _Phone, third: set[str]) -> None:
        self.ctx, self.adb, self.phone, self.third = ctx, adb, phone, third
        self.where = f"adb:{phone.serial}"
        self.holders: dict[str, dict[str, list[str]]] = {}  # key -> package -> components

    def note(self, key: str, pkg: str, comp: str = "") -> None:
        if pkg in self.third:
            self.holders.setdefault(key, {}).setdefault(pkg, [])
            if comp:
                self.holders[key][pkg].append(comp)

    def ask(self, what: str, *args: str) -> str | None:
        ctx = self.ctx
        ctx.check()
        try:
            return self.adb.shell(self.phone.serial, *args)
        except ToolError as exc:
            if exc.reason == "unsupported":
                ctx.unavailable(SCANNER_ID, "not-listable", f"{self.phone.name}: {what} cannot "
                                "be listed on this Android version; check it in Settings")
            else:
                ctx.error(ScanError(SCANNER_ID, self.where, exc.reason, f"{what}: {exc.message}"))
            return None

    def listeners(self) -> None:
        """Accessibility services and notification listeners (secure settings)."""
        for key, setting in (("accessibility", "enabled_accessibility_services"),
                             ("notification-listener", "enabled_notification_listeners")):
            out = self.ask(key, "settings", "get", "secure", setting)
            if out is not None:
                comps, bad = adbmod.parse_components(out)
                if bad:
                    self.ctx.error(ScanError(SCANNER_ID, self.where, "corrupt",
                                             f"{setting}: {bad} unreadable entries skipped"))
                for pkg, comp in comps:
                    self.note(key, pkg, comp)

    def device_admins(self) -> None:
        out = self.ask("device admins", "dumpsys", "device_policy")
        if out is not None:
            for pkg, comp in adbmod.parse_device_admins(out):
                self.note("device-admin", pkg, comp)

    def app_ops(self) -> None:
        """Usage access and all-files access (app ops allowed)."""
        for key, op, min_sdk in (("usage-access", "GET_USAGE_STATS", 28),
                                 ("all-files", "MANAGE_EXTERNAL_STORAGE", 30)):
            if self.phone.sdk < min_sdk:
                if key == "usage-access":
                    self.ctx.unavailable(SCANNER_ID, "not-listable", f"{self.phone.name}: usage "
                                         "access cannot be listed over adb before Android 9; "
                                         "check Settings > Security > Apps with usage access")
                continue
            out = self.ask(key, "appops", "query-op", op, "allow")
            if out is not None:
                for pkg in adbmod.parse_package_lines(out):
                    self.note(key, pkg)

    def default_apps(self) -> None:
        """The default SMS app and dialer: the role holders, or the older settings."""
        for key, role, fallback in (
                ("default-sms", "android.app.role.SMS",
                 ("settings", "get", "secure", "sms_default_application")),
                ("default-dialer", "android.app.role.DIALER", ("telecom", "get-default-dialer"))):
            out = None
            if self.phone.sdk >= 29:
                try:
                    out = self.adb.shell(self.phone.serial, "cmd", "role", "get-role-holders",
                                         role)
                except ToolError as exc:
                    if exc.reason not in ("unsupported", "tool-failed"):
                        self.ctx.error(ScanError(SCANNER_ID, self.where, exc.reason,
                                                 f"{key}: {exc.message}"))
                        continue
            if out is None:
                if key == "default-dialer" and self.phone.sdk < 24:
                    continue  # no replaceable default dialer to ask about
                out = self.ask(key, *fallback)
            if out is not None:
                for pkg in adbmod.parse_package_lines(out):
                    self.note(key, pkg)


def _with_adb(argv: tuple[str, ...], phone: _Phone) -> tuple[str, ...]:
    """The revoke command names the adb found at scan time: it may live in a platform-tools
    folder that is not on the PATH of the desktop app that runs the command."""
    return (phone.adb, *argv[1:]) if argv and argv[0] == "adb" else argv


def _with_user(template: Sequence[str], user: int) -> tuple[str, ...]:
    """`pm revoke PKG PERM` -> `pm revoke --user N PKG PERM` (without it pm acts on user 0)."""
    out: list[str] = []
    for i, a in enumerate(template):
        out.append(a)
        if a == "revoke" and i > 0 and template[i - 1] == "pm":
            out.extend(("--user", str(user)))
    return tuple(out)


def _revoke_argv(template: Sequence[str], fields: Mapping[str, str],
                 raws: Sequence[str]) -> tuple[str, ...]:
    """`adb -s S shell pm revoke PKG PERM`; several names of one key are chained with ";"
    inside the one shell command line adb sends (every word was checked by a strict pattern)."""
    first = [fill(a, **{**fields, "raw": raws[0]}) for a in template]
    if "{raw}" not in template or len(raws) == 1:
        return tuple(first)
    start = next((i for i, a in enumerate(template) if a == "shell"), len(template) - 1) + 1
    argv = list(first)
    for raw in raws[1:]:
        argv.append(";")
        argv.extend(fill(a, **{**fields, "raw": raw}) for a in template[start:])
    return tuple(argv)


def _label(d: Device) -> str:
    return f"{d.model} ({d.serial})" if d.model else d.serial
