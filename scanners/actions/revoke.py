"""Revoking an app-permission grant, for every front end (the desktop Permissions screen and
`piaudit revoke`): the command a permission scanner wrote into the grant (`revoke_argv`), run
only after the user confirmed it, without a shell, with a time limit, and recorded in the
audit log (the command and its exit code, never its output). Also the phones adb sees, for a
front end's phone picker.

Qt-free. Nothing here decides to revoke: callers confirm first.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanners.model import Category, Finding

if TYPE_CHECKING:
    from scanners.base import ScanContext
    from scanners.sources.permissions.adb import Device

REVOKE_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class RevokeResult:
    argv: tuple[str, ...]
    ok: bool
    returncode: int | None  # None: it did not run to an exit code
    reason: str  # "done", "failed", "not-found", "timeout", "error"
    message: str  # for the user (the last line of the command's output), never logged


# ---------------------------------------------------------------------------- the command


def revoke_argv(argv_json: str | None) -> list[str]:
    """The JSON argv of a grant, or [] when absent or not a list of strings."""
    if not argv_json:
        return []
    try:
        argv = json.loads(argv_json)
    except ValueError:
        return []
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        return []
    return argv


def command_text(argv_json: str) -> str:
    """The revoke command as a shell would show it (it is run without a shell)."""
    argv = revoke_argv(argv_json)
    return shlex.join(argv) if argv else argv_json


def is_grant(f: Finding) -> bool:
    """A permission finding with a permission key (what the Permissions screen shows)."""
    return f.category == Category.PERMISSION and bool(f.detail.get("permission"))


def revocable_argv(grant: Finding) -> list[str]:
    """The command that revokes `grant`, or [] when none can: a denied grant, a grant whose
    step is manual (a settings page), or a finding that is not a grant."""
    if not is_grant(grant) or grant.detail.get("state") == "denied":
        return []
    return revoke_argv(grant.detail.get("revoke_argv"))


def first_revocable(grants: Sequence[Finding]) -> Finding | None:
    """The first of `grants` a command can revoke."""
    return next((g for g in grants if revocable_argv(g)), None)


# ---------------------------------------------------------------------------- running


def resolve(argv: Sequence[str], tool_path: str | None = None) -> tuple[str, ...]:
    """The command with its program found the way the scanners find tools.

    A grant names its program by path where the scanner knew it (an Android grant names the
    very adb that read it, which may sit in a platform-tools folder off the PATH): that path
    is kept. A bare name ("flatpak", "snap") is looked up in PIAUDIT_TOOL_PATH or the PATH,
    absolute folders only (scanners.system.tools.which): never the current folder. Unresolved, the
    name is kept and running it reports "not-found".
    """
    args = tuple(argv)
    if not args or os.path.dirname(args[0]):
        return args
    from scanners.system.tools import which

    extra: list[str] = []
    ctx = _context(tool_path)
    if args[0] == "adb":
        from scanners.sources.permissions.adb import platform_tools_dirs

        extra = platform_tools_dirs(ctx)
    found = which(ctx, args[0], extra_dirs=extra)
    return (found, *args[1:]) if found else args


def run_revoke(argv: Sequence[str], timeout: float = REVOKE_TIMEOUT) -> RevokeResult:
    """Run one confirmed revoke command: no shell, no stdin, `timeout` seconds at most.

    The result's argv is the command as the grant gave it (what the user was shown and what
    the log records), whichever path the program was found at.
    """
    args = tuple(argv)
    if not args:
        return RevokeResult(args, False, None, "error", "no command")
    run_args = resolve(args)
    try:
        proc = subprocess.run(list(run_args), shell=False, capture_output=True, text=True,
                              errors="replace", timeout=timeout, stdin=subprocess.DEVNULL,
                              check=False)
    except FileNotFoundError:
        return RevokeResult(args, False, None, "not-found", args[0])
    except subprocess.TimeoutExpired:
        return RevokeResult(args, False, None, "timeout", f"{timeout:g} s")
    except OSError as exc:
        return RevokeResult(args, False, None, "error", exc.strerror or type(exc).__name__)
    out = (proc.stderr or proc.stdout or "").strip().splitlines()
    last = out[-1][:300] if out else ""
    return RevokeResult(args, proc.returncode == 0, proc.returncode,
                        "done" if proc.returncode == 0 else "failed", last)


def record_revoke(ledger: Any, grant: Finding, result: RevokeResult,
                  scan_id: int | None) -> int:
    """Record a revoke that ran in the audit log: the command, its exit code and the grant
    it was for; never the command's output. Returns the action id; LedgerError when the log
    could not record it (the revoke itself is not undone)."""
    d = grant.detail
    return int(ledger.record_action(
        "revoke", grant.location, "done" if result.ok else "failed", scan_id=scan_id,
        detail={"command": list(result.argv), "returncode": result.returncode,
                "reason": result.reason, "source": d.get("source", ""),
                "device": d.get("device", ""), "app": d.get("app", ""),
                "permission": d.get("permission", ""), "rule": grant.rule}))


# ---------------------------------------------------------------------------- phones


def _context(tool_path: str | None = None) -> ScanContext:
    """A context with no roots and no rules: enough to find tools the scanners' way (the
    tool path, the home's platform-tools folder). Nothing is fingerprinted with it, so its
    key is a throwaway one and the user's key file is not touched."""
    from scanners.base import ScanContext
    from scanners.detection.redact import Redactor
    from scanners.detection.rules import RuleSet
    from scanners.system.paths import scan_home, sysroot
    from scanners.system.paths import tool_path as default_tool_path

    return ScanContext(roots=[], rules=RuleSet(()), redactor=Redactor(os.urandom(32)),
                       home=scan_home(), sysroot=sysroot(),
                       tool_path=tool_path if tool_path is not None else default_tool_path())


def attached_devices() -> list[Device]:
    """Every device `adb devices -l` lists (ready or not), with the adb the Android scanner
    would use; scanners.system.tools.ToolError when adb is missing or fails."""
    from scanners.sources.permissions.adb import list_devices

    return list_devices(_context())
