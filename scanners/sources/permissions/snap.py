"""permissions.snap: connected snap interfaces that reach personal data.

Read: the output of `snap connections` (columns Interface, Plug, Slot, Notes; one connection
per line; a Slot of "-" is a plug that is not connected). `snap` is looked up with
tools.which (ctx.tool_path in tests). Mapping and revoke command (`snap disconnect
<snap>:<plug>`): resources/permissions.toml [snap.interfaces]. Extra detail keys: "plug",
"slot", "notes" ("manual" = the user connected it, "-" = auto-connected).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.system import tools

SCANNER = "permissions.snap"
MAX_OUTPUT = 8 * 1024 * 1024


def parse_connections(text: str) -> tuple[list[tuple[str, str, str, str]], int]:
    """(interface, plug, slot, notes) rows and how many lines could not be read.

    Raises ValueError when the text is not `snap connections` output at all.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return [], 0  # no snaps with interfaces: snap prints nothing
    head = lines[0].split()
    if head[:3] != ["Interface", "Plug", "Slot"]:
        raise ValueError("not the output of `snap connections` (no Interface/Plug/Slot header)")
    rows, bad = [], 0
    for line in lines[1:]:
        parts = line.split(None, 3)
        if len(parts) < 3 or not parts[1].partition(":")[0] or ":" not in parts[1]:
            bad += 1
            continue
        notes = parts[3].strip() if len(parts) > 3 else "-"
        rows.append((parts[0], parts[1], parts[2], notes))
    return rows, bad


class SnapScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "Snap interface connections"

    def applies(self, ctx: ScanContext) -> bool:
        if not ctx.platform.startswith("linux"):
            ctx.unavailable(SCANNER, "unsupported-os", "snapd runs on Linux only")
            return False
        if tools.which(ctx, "snap") is None:
            # Without snapd there are no snaps to audit; snaps on disk without the command
            # that lists their connections are a blind spot, and said so.
            if any((ctx.sysroot / p).is_dir() for p in ("var/lib/snapd/snaps", "snap")):
                ctx.unavailable(SCANNER, "not-installed",
                                "snaps are installed but the snap command was not found")
            else:
                ctx.unavailable(SCANNER, "not-present", "snapd is not installed")
            return False
        return True

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        snap = tools.which(ctx, "snap")
        if snap is None:
            return
        argv = [snap, *catalog.strings("snap", "command")[1:]]
        where = "snap connections"
        try:
            out = tools.run(argv, timeout=60)
        except tools.ToolError as exc:
            ctx.error(ScanError(SCANNER, where, exc.reason, exc.message))
            return
        if len(out) > MAX_OUTPUT:
            ctx.error(ScanError(SCANNER, where, "too-large", "snap printed more than 8 MB"))
            return
        try:
            rows, bad = parse_connections(out)
        except ValueError as exc:
            ctx.error(ScanError(SCANNER, where, "corrupt", str(exc)))
            return
        if bad:
            ctx.error(ScanError(SCANNER, where, "corrupt", f"{bad} line(s) could not be read"))
        seen: set[tuple[str, str]] = set()
        for interface, plug, slot, notes in rows:
            ctx.check()
            if slot == "-":
                continue  # a plug that is not connected grants nothing
            base = interface.split("[", 1)[0]
            e = catalog.lookup("snap", "interfaces", base)
            if e is None:
                continue
            app = plug.split(":", 1)[0]
            if (app, e.key + plug) in seen:
                continue
            seen.add((app, e.key + plug))
            fields = {"app": app, "app_name": app, "plug": plug, "name": base, "raw": interface}
            g = Grant(
                source="snap", app=app, app_name=app, permission=e.key, exposes=e.exposes,
                severity=e.severity, broad=e.broad, raw=f"{interface} {plug} -> {slot}",
                revoke=e.revoke_words(**fields), revoke_argv=e.revoke_argv(**fields),
                location=where, extra={"plug": plug, "slot": slot, "notes": notes},
            )
            yield grant_finding(ctx, SCANNER, g)
