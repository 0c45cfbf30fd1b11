"""permissions.flatpak: what each installed Flatpak app may reach, after overrides.

Read (no flatpak binary needed):
- every installation: /var/lib/flatpak (ctx.sysroot), the installations listed in
  /etc/flatpak/installations.d/*.conf (Path=), and ~/.local/share/flatpak (ctx.home);
- per app <installation>/app/<id>/current/active/metadata: [Context] filesystems, devices,
  sockets, shared; [Session Bus Policy] and [System Bus Policy];
- overrides, applied in flatpak's order (flatpak-override(1)): the app's metadata, then the
  system installation's overrides/global and overrides/<id>, then the user's: a later
  "!home" takes back an earlier "home", a later "home:ro" replaces "home";
- portal grants in the permission store, ~/.local/share/flatpak/db/{devices,location,
  screenshot} (GVDB files, see scanners.sources.permissions.gvdb): camera, microphone, location,
  screenshots, allowed ("yes", a location accuracy) or denied ("no", "NONE").

Mapping to permission keys, categories and revoke commands: resources/permissions.toml
[flatpak.*]. Extra detail keys: "installation" (system/user/<name>), "set_by" (the file that
granted it last: metadata, system-override, user-override, ...).
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.sources.permissions.gvdb import open_gvdb
from scanners.sources.stores.common import display_path, expand

SCANNER = "permissions.flatpak"
MAX_KEYFILE = 4 * 1024 * 1024
MAX_DB = 64 * 1024 * 1024
PORTAL_TABLES = ("devices", "location", "screenshot")
DENIED = frozenset({"no", "NONE"})


@dataclass(slots=True)
class Context:
    """The merged permissions of one app: name -> (mode or "", the file that set it last)."""

    filesystems: dict[str, tuple[str, str]] = field(default_factory=dict)
    devices: dict[str, tuple[bool, str]] = field(default_factory=dict)
    sockets: dict[str, tuple[bool, str]] = field(default_factory=dict)
    session_bus: dict[str, tuple[str, str]] = field(default_factory=dict)
    system_bus: dict[str, tuple[str, str]] = field(default_factory=dict)

    def merge(self, kf: configparser.ConfigParser, origin: str) -> None:
        ctx = kf["Context"] if kf.has_section("Context") else {}
        for raw in _split(ctx.get("filesystems", "")):
            if raw.startswith("!"):
                name = _fs_name(raw[1:])
                if name == "host-reset":  # "!host:reset": forget everything granted before
                    self.filesystems.clear()
                self.filesystems[name] = ("", origin)
            else:
                name = _fs_name(raw)
                mode = raw.rpartition(":")[2] if ":" in raw else "rw"
                self.filesystems[name] = (mode, origin)
        for key, table in (("devices", self.devices), ("sockets", self.sockets)):
            for raw in _split(ctx.get(key, "")):
                table[raw.lstrip("!")] = (not raw.startswith("!"), origin)
        for section, bus in (("Session Bus Policy", self.session_bus),
                             ("System Bus Policy", self.system_bus)):
            if kf.has_section(section):
                for name, policy in kf[section].items():
                    bus[name] = (policy.strip(), origin)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _fs_name(raw: str) -> str:
    """"home:ro" -> "home", "~/Music:create" -> "~/Music", "!host:reset" -> "host-reset"."""
    name, sep, mode = raw.rpartition(":")
    if sep and mode in ("ro", "rw", "create"):
        return name
    if sep and mode == "reset":
        return name + "-reset"
    return raw


def _keyfile(path: Path) -> configparser.ConfigParser:
    """A GKeyFile (metadata or override) parsed strictly enough to notice garbage."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_KEYFILE + 1)
    if len(data) > MAX_KEYFILE:
        raise ValueError("larger than a flatpak keyfile can be")
    text = data.decode("utf-8")  # GKeyFile is UTF-8; anything else is corrupt
    kf = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",),
                                   comment_prefixes=("#",), empty_lines_in_values=False)
    kf.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    kf.read_string(text, source=str(path))
    return kf


@dataclass(frozen=True, slots=True)
class Installation:
    name: str  # "system", "user" or the name in installations.d
    root: Path


def installations(ctx: ScanContext) -> list[Installation]:
    t = catalog.source_table("flatpak")
    found: list[Installation] = []
    for p in expand(ctx, str(t["system_installation"])):
        found.append(Installation("system", p))
    for pattern in catalog.strings("flatpak", "installations_d"):
        for conf in expand(ctx, pattern):
            try:
                kf = _keyfile(conf)
            except (OSError, ValueError, UnicodeError, configparser.Error) as exc:
                ctx.error(ScanError(SCANNER, display_path(ctx, conf), "corrupt", str(exc)[:200]))
                continue
            for section in kf.sections():
                path = kf[section].get("Path", "").strip()
                if path:
                    name = section.removeprefix("Installation").strip().strip('"') or section
                    for p in expand(ctx, path if path.startswith("/") else "/" + path):
                        found.append(Installation(name, p))
    for p in expand(ctx, str(t["user_installation"])):
        found.append(Installation("user", p))
    return found


class FlatpakScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "Flatpak app permissions"

    def applies(self, ctx: ScanContext) -> bool:
        if not ctx.platform.startswith("linux"):
            ctx.unavailable(SCANNER, "unsupported-os", "Flatpak runs on Linux only")
            return False
        if any((i.root / "app").is_dir() for i in installations(ctx)):
            return True
        if expand(ctx, str(catalog.source_table("flatpak")["portal_db"])):
            return True
        # no installation means no Flatpak apps: nothing was missed (unlike a missing adb)
        ctx.unavailable(SCANNER, "not-present",
                        "no Flatpak installation (/var/lib/flatpak, ~/.local/share/flatpak)")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        insts = installations(ctx)
        by_name = {i.name: i for i in insts}
        names: dict[str, str] = {}
        for inst in insts:
            yield from self._installation(ctx, inst, by_name, names)
        yield from self._portals(ctx, names)

    # ------------------------------------------------------------------ static permissions

    def _overrides(self, ctx: ScanContext, by_name: dict[str, Installation],
                   app: str) -> list[tuple[Path, str]]:
        out = []
        for inst_name in ("system", "user"):
            inst = by_name.get(inst_name)
            if inst is None:
                continue
            for target, label in (("global", "global-override"), (app, "override")):
                p = inst.root / "overrides" / target
                if p.is_file():
                    out.append((p, f"{inst_name}-{label}"))
        return out

    def _installation(self, ctx: ScanContext, inst: Installation,
                      by_name: dict[str, Installation], names: dict[str, str]) -> Iterator[Finding]:
        app_dir = inst.root / "app"
        try:
            apps = sorted(os.listdir(app_dir))
        except FileNotFoundError:
            return
        except OSError as exc:
            reason = "permission-denied" if isinstance(exc, PermissionError) else "unreadable"
            ctx.error(ScanError(SCANNER, display_path(ctx, app_dir), reason,
                                exc.strerror or str(exc)))
            return
        for app in apps:
            ctx.check()
            meta = app_dir / app / "current" / "active" / "metadata"
            if not meta.is_file():
                continue
            merged = Context()
            app_name = app
            try:
                kf = _keyfile(meta)
                if kf.has_section("Application"):
                    app_name = kf["Application"].get("name", app) or app
                merged.merge(kf, "metadata")
            except PermissionError:
                ctx.error(ScanError(SCANNER, display_path(ctx, meta), "permission-denied",
                                    "permission denied"))
                continue
            except (OSError, ValueError, UnicodeError, configparser.Error) as exc:
                ctx.error(ScanError(SCANNER, display_path(ctx, meta), "corrupt",
                                    f"{type(exc).__name__}: {exc}"[:200]))
                continue
            for path, origin in self._overrides(ctx, by_name, app):
                try:
                    merged.merge(_keyfile(path), origin)
                except (OSError, ValueError, UnicodeError, configparser.Error) as exc:
                    reason = "permission-denied" if isinstance(exc, PermissionError) else "corrupt"
                    ctx.error(ScanError(SCANNER, display_path(ctx, path), reason,
                                        f"{type(exc).__name__}: {exc}"[:200]))
            names.setdefault(app, app_name)
            where = f"flatpak:{display_path(ctx, meta.parent.parent.parent)}"
            for g in self._grants(merged, app, app_name, inst.name, where):
                yield grant_finding(ctx, SCANNER, g)

    def _grants(self, c: Context, app: str, app_name: str, inst: str,
                where: str) -> Iterator[Grant]:
        def grant(section: str, name: str, raw: str, origin: str) -> Grant | None:
            e = catalog.lookup("flatpak", section, name)
            if e is None:
                return None
            fields = {"app": app, "app_name": app_name, "name": name, "raw": raw}
            return Grant(
                source="flatpak", app=app, app_name=app_name, permission=e.key,
                exposes=e.exposes, severity=e.severity, broad=e.broad, raw=raw,
                revoke=e.revoke_words(**fields), revoke_argv=e.revoke_argv(**fields),
                location=where, extra={"installation": inst, "set_by": origin},
            )

        out: list[Grant | None] = []
        for name, (mode, origin) in sorted(c.filesystems.items()):
            if mode and not name.endswith("-reset"):
                raw = f"filesystems={name}" + ("" if mode == "rw" else f":{mode}")
                out.append(grant("filesystems", name, raw, origin))
        for name, (on, origin) in sorted(c.devices.items()):
            if on:
                out.append(grant("devices", name, f"devices={name}", origin))
        for name, (on, origin) in sorted(c.sockets.items()):
            if on:
                out.append(grant("sockets", name, f"sockets={name}", origin))
        for section, bus in (("session-bus", c.session_bus), ("system-bus", c.system_bus)):
            for name, (policy, origin) in sorted(bus.items()):
                if policy in ("talk", "own", "see"):
                    out.append(grant(section, name, f"{section}:{name}={policy}", origin))
        seen: set[str] = set()
        for g in out:
            # "home" and "~" (or two bus names) can map to one key: report it once
            if g is not None and g.permission not in seen:
                seen.add(g.permission)
                yield g

    # ------------------------------------------------------------------ portal grants

    def _portals(self, ctx: ScanContext, names: dict[str, str]) -> Iterator[Finding]:
        for db_dir in expand(ctx, str(catalog.source_table("flatpak")["portal_db"])):
            for table in PORTAL_TABLES:
                ctx.check()
                path = db_dir / table
                if not path.is_file():
                    continue
                where = display_path(ctx, path)
                try:
                    with open(path, "rb") as fh:
                        data = fh.read(MAX_DB + 1)
                    if len(data) > MAX_DB:
                        raise ValueError("larger than a permission store can be")
                    main = open_gvdb(data).table("main")
                    entries = [(i, main.value(i)) for i in main.names()]
                except PermissionError:
                    ctx.error(ScanError(SCANNER, where, "permission-denied", "permission denied"))
                    continue
                except (OSError, ValueError, KeyError, UnicodeError, RecursionError) as exc:
                    ctx.error(ScanError(SCANNER, where, "corrupt",
                                        f"not a readable permission store: {exc}"[:200]))
                    continue
                for ident, value in entries:
                    yield from self._portal_entry(ctx, table, ident, value, names, where)

    def _portal_entry(self, ctx: ScanContext, table: str, ident: str, value: object,
                      names: dict[str, str], where: str) -> Iterator[Finding]:
        e = catalog.lookup("flatpak", "portal", f"{table}/{ident}")
        if e is None:
            return
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)):
            ctx.error(ScanError(SCANNER, where, "corrupt", f"entry {ident!r} has another shape"))
            return
        for pair in value[1]:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                continue
            app, perms = pair
            if not app or not isinstance(perms, list) or not perms:
                continue  # "" is the host (unsandboxed apps): not a Flatpak grant
            first = str(perms[0])
            state = "denied" if first in DENIED else "allowed"
            app_name = names.get(app) or str(app)
            fields = {"app": app, "app_name": app_name, "table": table, "id": ident,
                      "name": ident, "raw": first}
            g = Grant(
                source="flatpak", app=app, app_name=app_name, permission=e.key,
                exposes=e.exposes, severity=e.severity, broad=e.broad, state=state,
                raw=f"portal {table}/{ident}={','.join(map(str, perms))}",
                revoke=e.revoke_words(**fields),
                revoke_argv=e.revoke_argv(**fields) if state == "allowed" else (),
                location=f"flatpak:{where}", extra={"installation": "portal",
                                                     "set_by": "portal"},
            )
            yield grant_finding(ctx, SCANNER, g)

