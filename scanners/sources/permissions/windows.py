"""permissions.windows: Windows privacy grants from CapabilityAccessManager's ConsentStore.

Read, through scanners.sources.permissions.winreg_backend (read-only):
  HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\<cap>
  (and the same under each HKEY_USERS\\<SID> of an export) - `Value` Allow/Deny is the
  user's switch for the capability; subkeys are packaged apps (package family name, their own
  `Value`) and NonPackaged\\<exe path with '#' for '\\'> for desktop apps (allowed when the
  NonPackaged switch is); LastUsedTimeStart/Stop are FILETIMEs (REG_QWORD or 8-byte
  REG_BINARY): a start with stop 0 means the app is using it now ("in-use").
  HKLM\\...\\ConsentStore\\<cap> `Value` is the device-wide switch: Deny there denies all.
Capabilities (location, webcam, microphone, contacts, call history, messages, documents,
pictures, ...) map through resources/permissions.toml [windows.capabilities].

Where it runs: on Windows, the live registry (winreg). On any other OS only when the
environment variable PIAUDIT_WINREG_EXPORT names one or more .reg exports (separated by the
OS path separator), e.g. `reg export HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\
CapabilityAccessManager\\ConsentStore consent.reg` taken on the Windows machine; otherwise the
scanner reports "unsupported-os". Revoke: the Settings page in words (no command).
Extra detail keys: "scope" (packaged/desktop app), "hive" (HKCU or the SID), "switch"
(why a grant is denied: app, user, device).
"""

from __future__ import annotations

import ntpath
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.sources.permissions.winreg_backend import RegExport, RegistryBackend, RegValue

SCANNER = "permissions.windows"
EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def filetime(value: RegValue | None) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, bytes) and len(value) == 8:
        return int.from_bytes(value, "little")
    return 0


def filetime_text(ft: int) -> str | None:
    if ft <= 0:
        return None
    try:
        return (EPOCH + timedelta(microseconds=ft // 10)).strftime("%Y-%m-%d %H:%M")
    except OverflowError:
        return None


def _switch(values: Mapping[str, RegValue]) -> str | None:
    v = values.get("value")
    return v.strip().lower() if isinstance(v, str) else None


def backends(ctx: ScanContext) -> list[RegistryBackend]:
    """The live registry on Windows, else the configured exports (parse errors recorded)."""
    env = str(catalog.source_table("windows").get("export_env", "PIAUDIT_WINREG_EXPORT"))
    exports = [p for p in os.environ.get(env, "").split(os.pathsep) if p.strip()]
    out: list[RegistryBackend] = []
    for p in exports:
        try:
            out.append(RegExport.from_file(Path(p)))
        except PermissionError:
            ctx.error(ScanError(SCANNER, p, "permission-denied", "permission denied"))
        except (OSError, ValueError, UnicodeError) as exc:
            reason = "unreadable" if isinstance(exc, OSError) else "corrupt"
            ctx.error(ScanError(SCANNER, p, reason, str(exc)[:200]))
    if not exports and ctx.platform == "win32":
        from scanners.sources.permissions import winreg_backend

        live = getattr(winreg_backend, "WinregBackend", None)
        if live is not None:
            out.append(live())
    return out


class WindowsScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "Windows app permissions (privacy settings)"

    def applies(self, ctx: ScanContext) -> bool:
        env = str(catalog.source_table("windows").get("export_env", "PIAUDIT_WINREG_EXPORT"))
        if ctx.platform == "win32" or os.environ.get(env, "").strip():
            return True
        ctx.unavailable(SCANNER, "unsupported-os",
                        f"the Windows registry exists on Windows only (or set {env} to a "
                        ".reg export)")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        store = str(catalog.source_table("windows")["consent_store"])
        for backend in backends(ctx):
            users = [("HKCU", "HKEY_CURRENT_USER")]
            users += [(sid, f"HKEY_USERS\\{sid}") for sid in backend.subkeys("HKEY_USERS")
                      if backend.subkeys(f"HKEY_USERS\\{sid}\\{store}")]
            device = f"HKEY_LOCAL_MACHINE\\{store}"
            for hive, root in users:
                base = f"{root}\\{store}"
                for cap in backend.subkeys(base):
                    ctx.check()
                    try:
                        yield from self._capability(ctx, backend, hive, base, device, cap)
                    except (ValueError, TypeError) as exc:
                        ctx.error(ScanError(SCANNER, f"{backend.describe()}:{base}\\{cap}",
                                            "corrupt", str(exc)[:200]))

    def _capability(self, ctx: ScanContext, b: RegistryBackend, hive: str, base: str,
                    device: str, cap: str) -> Iterator[Finding]:
        e = catalog.lookup("windows", "capabilities", cap)
        if e is None:
            return
        device_sw = _switch(b.values(f"{device}\\{cap}"))
        user_sw = _switch(b.values(f"{base}\\{cap}"))
        where = f"windows:{b.describe()}:{hive}\\ConsentStore\\{cap}"

        def grant(app: str, name: str, scope: str, values: Mapping[str, RegValue],
                  fallback: str | None) -> Grant:
            own = _switch(values) or fallback
            if device_sw == "deny":
                state, why = "denied", "device"
            elif user_sw == "deny":
                state, why = "denied", "user"
            elif own == "deny":
                state, why = "denied", "app"
            else:
                state, why = "allowed", ""
            start = filetime(values.get("lastusedtimestart"))
            stop = filetime(values.get("lastusedtimestop"))
            if state == "allowed" and start > 0 and stop == 0:
                state = "in-use"
            fields = {"app": app, "app_name": name, "name": cap}
            return Grant(
                source="windows", app=app, app_name=name, permission=e.key,
                exposes=e.exposes, severity=e.severity, broad=e.broad, state=state,
                raw=f"ConsentStore\\{cap}={own or 'Allow'}", revoke=e.revoke_words(**fields),
                last_used=filetime_text(stop or start), location=where,
                extra={"scope": scope, "hive": hive, **({"switch": why} if why else {})},
            )

        for sub in b.subkeys(f"{base}\\{cap}"):
            if sub.lower() == "nonpackaged":
                np = f"{base}\\{cap}\\{sub}"
                np_sw = _switch(b.values(np))
                for exe in b.subkeys(np):
                    ctx.check()
                    path = exe.replace("#", "\\")
                    g = grant(path, ntpath.basename(path), "desktop app", b.values(f"{np}\\{exe}"),
                              np_sw)
                    yield grant_finding(ctx, SCANNER, g)
            else:
                # package family name "Microsoft.WindowsCamera_8wekyb3d8bbwe": name before "_"
                g = grant(sub, sub.split("_", 1)[0], "packaged", b.values(f"{base}\\{cap}\\{sub}"),
                          None)
                yield grant_finding(ctx, SCANNER, g)
