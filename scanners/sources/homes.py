"""Several users' homes in one audit (`piaudit scan --all-users`).

Store and permission scanners read one home (`ScanContext.home`). With `ctx.homes` set, the
engine runs each of them once per user, the context pointing at that user's home, and every
finding says whose it is (`detail["user"]`); a file finding is labelled by the home it lies
in. Everything else (the claimed files, statuses, stats) is shared by the runs.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scanners.model import Finding, ScannerStatus

if TYPE_CHECKING:
    from scanners.base import ScanContext, Scanner

# Scanners that read the machine, not a home: an attached phone (adb), Snap's system-wide
# connections, the processes using the camera or microphone now. They run once; run per
# home they would report the same phone or process once per user.
MACHINE_WIDE = frozenset({"permissions.android", "permissions.snap", "permissions.live"})


def reads_each_home(scanner_id: str) -> bool:
    """Whether a scanner runs once per user's home (stores and per-user permissions)."""
    return not scanner_id.startswith("content.") and scanner_id not in MACHINE_WIDE


def per_home(cls: type[Scanner], ctx: ScanContext, status: ScannerStatus) -> Iterator[Finding]:
    """The findings of `cls` in each of `ctx.homes`, labelled by user."""
    original = ctx.home
    applied = False
    try:
        for user, home in ctx.homes:
            ctx.home = home
            scanner = cls()
            if not scanner.applies(ctx):
                continue
            applied = True
            for finding in scanner.scan(ctx):
                yield labelled(finding, user)
    finally:
        ctx.home = original
    if not applied:
        status.state = "not-applicable"
        if not status.notes:
            status.notes.append(("not-present", "nothing of this kind was found in any home"))


def labelled(finding: Finding, user: str) -> Finding:
    if finding.detail.get("user") == user:
        return finding
    return dataclasses.replace(finding, detail={**finding.detail, "user": user})


def label_by_home(finding: Finding, homes: Sequence[tuple[str, Path]]) -> Finding:
    """A file finding labelled with the user whose home holds it (unchanged elsewhere)."""
    where = finding.file or finding.path
    if not where:
        return finding
    for user, home in homes:
        prefix = os.path.join(str(home), "")
        if where.startswith(prefix):
            return labelled(finding, user)
    return finding
