"""permissions.tcc: macOS privacy grants (TCC) per service, allowed or denied, per app.

Read (ctx.platform == "darwin"): the user's ~/Library/Application Support/com.apple.TCC/
TCC.db and the system's /Library/Application Support/com.apple.TCC/TCC.db, through a private
read-only copy (stores.common.sqlite_copy). Table `access`, both schema generations:
- Big Sur and later: auth_value (0 denied, 1 unknown, 2 allowed, 3 limited), auth_reason,
  last_modified;
- Catalina and earlier: allowed (0/1), prompt_count.
client_type 0 is a bundle id, 1 an absolute path. Services (contacts, calendars, photos,
camera, microphone, full-disk access, screen recording, accessibility, input monitoring,
files and folders) map through resources/permissions.toml [tcc.services]. Location is not in
TCC: /var/db/locationd/clients.plist (root only) is read when readable.

Reading TCC.db needs Full Disk Access for the terminal running piaudit. Without it the
database is unreadable: that is a finding of its own ("tcc-unreadable", severity info, state
denied, with the step to grant access), plus a "permission-denied" status note - never
"no grants". Extra detail keys: "database" (user/system/locationd), "auth_reason".
"""

from __future__ import annotations

import os
import plistlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from scanners.base import ScanContext
from scanners.model import Category, Finding, ScanError, Severity
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.sources.stores.common import (
    StoreError,
    columns,
    display_path,
    scan_error,
    sqlite_copy,
)

SCANNER = "permissions.tcc"
STATES = {0: "denied", 2: "allowed", 3: "allowed"}  # 1 = unknown: not a decision
FDA_STEP = ("To audit app permissions: System Settings > Privacy & Security > Full Disk "
            "Access: allow the terminal (or piaudit) you scan with, then scan again")


def _path(ctx: ScanContext, pattern: str) -> Path:
    if pattern.startswith("~/"):
        return ctx.home / pattern[2:]
    return ctx.sysroot / pattern.lstrip("/")


def _when(seconds: object) -> str | None:
    if not isinstance(seconds, int) or seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return None


class TccScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "macOS privacy permissions (TCC)"

    def applies(self, ctx: ScanContext) -> bool:
        if ctx.platform != "darwin":
            ctx.unavailable(SCANNER, "unsupported-os", "TCC exists on macOS only")
            return False
        return True

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        t = catalog.source_table("tcc")
        seen_any = False
        for label in ("user", "system"):
            ctx.check()
            path = _path(ctx, str(t[f"{label}_db"]))
            where = display_path(ctx, path)
            try:
                rows = self._rows(path)
            except FileNotFoundError:
                continue
            except StoreError as exc:
                if exc.reason == "missing":
                    continue
                seen_any = True
                if exc.reason == "permission-denied":
                    ctx.unavailable(SCANNER, "permission-denied",
                                    f"{where} is not readable without Full Disk Access")
                    yield grant_finding(ctx, SCANNER, self._fda(label, where))
                else:
                    ctx.error(scan_error(SCANNER, where, exc))
                continue
            except Exception as exc:  # a damaged database must not end the scan
                seen_any = True
                ctx.error(scan_error(SCANNER, where, exc))
                continue
            seen_any = True
            for service, client, ctype, value, reason, modified in rows:
                g = self._grant(label, where, service, client, ctype, value, reason, modified)
                if g is not None:
                    yield grant_finding(ctx, SCANNER, g)
        if not seen_any:
            ctx.unavailable(SCANNER, "not-present", "no TCC.db was found")
        yield from self._location(ctx, str(t["locationd_clients"]))

    @staticmethod
    def _rows(path: Path) -> list[tuple[object, ...]]:
        with sqlite_copy(path) as conn:
            cols = columns(conn, "access")
            if not cols:
                raise StoreError("corrupt", "no access table: not a TCC database")
            modified = "last_modified" if "last_modified" in cols else "0"
            if "auth_value" in cols:  # Big Sur and later
                reason = "auth_reason" if "auth_reason" in cols else "NULL"
                sql = (f"SELECT service, client, client_type, auth_value, {reason}, {modified}"
                       " FROM access")
            elif "allowed" in cols:  # Catalina and earlier: allowed 1 -> 2 (allowed)
                sql = (f"SELECT service, client, client_type, allowed * 2, NULL, {modified}"
                       " FROM access")
            else:
                raise StoreError("corrupt", "access table has neither auth_value nor allowed")
            return [tuple(r) for r in conn.execute(sql)]

    @staticmethod
    def _fda(label: str, where: str) -> Grant:
        return Grant(
            source="tcc", app=f"piaudit ({label} TCC.db)", app_name="this terminal (piaudit)",
            permission="tcc-unreadable", exposes=Category.PERMISSION, severity=Severity.INFO,
            state="denied", raw="TCC.db unreadable without Full Disk Access",
            revoke=FDA_STEP, location=f"tcc:{where}", extra={"database": label},
        )

    @staticmethod
    def _grant(label: str, where: str, service: object, client: object, ctype: object,
               value: object, reason: object, modified: object) -> Grant | None:
        if not isinstance(service, str) or not isinstance(client, str) or not client:
            return None
        state = STATES.get(value if isinstance(value, int) else -1)
        e = catalog.lookup("tcc", "services", service)
        if e is None or state is None:
            return None
        name = os.path.basename(client) if ctype == 1 else client
        short = service.removeprefix("kTCCService")
        fields = {"app": client, "app_name": name, "service": short}
        argv = e.revoke_argv(**fields) if state == "allowed" and ctype == 0 else ()
        words = e.revoke_words(**fields)
        if ctype != 0:  # tccutil resets by bundle id only
            words = words.split(" (or run:")[0]
        return Grant(
            source="tcc", app=client, app_name=name, permission=e.key, exposes=e.exposes,
            severity=e.severity, broad=e.broad, state=state,
            raw=service + (" (limited)" if value == 3 else ""), revoke=words, revoke_argv=argv,
            last_used=_when(modified), location=f"tcc:{where}",
            extra={"database": label, "auth_reason": str(reason) if reason is not None else ""},
        )

    def _location(self, ctx: ScanContext, pattern: str) -> Iterator[Finding]:
        path = _path(ctx, pattern)
        where = display_path(ctx, path)
        try:
            with open(path, "rb") as fh:
                data = plistlib.load(fh)
        except FileNotFoundError:
            return
        except PermissionError:
            ctx.unavailable(SCANNER, "permission-denied",
                            f"location clients ({where}) are readable by admin only")
            return
        except (OSError, ValueError, plistlib.InvalidFileException) as exc:
            ctx.error(scan_error(SCANNER, where, exc if isinstance(exc, OSError)
                                 else ValueError(f"not a readable plist: {exc}")))
            return
        if not isinstance(data, dict):
            ctx.error(ScanError(SCANNER, where, "corrupt", "clients.plist is not a dictionary"))
            return
        e = catalog.lookup("tcc", "services", "kTCCServiceLocation")
        if e is None:
            return
        for key, client in sorted(data.items()):
            if not isinstance(client, dict) or "Authorized" not in client:
                continue
            app = str(client.get("BundleId") or client.get("Executable") or key)
            name = os.path.basename(app) if app.startswith("/") else app
            state = "allowed" if client.get("Authorized") else "denied"
            yield grant_finding(ctx, SCANNER, Grant(
                source="tcc", app=app, app_name=name, permission=e.key, exposes=e.exposes,
                severity=e.severity, broad=e.broad, state=state, raw="locationd Authorized",
                revoke=e.revoke_words(app=app, app_name=name, service="Location").split(
                    " (or run:")[0],
                location=f"tcc:{where}", extra={"database": "locationd"},
            ))
