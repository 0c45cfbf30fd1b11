"""External tools (adb, snap, flatpak): found on the PATH (or ctx.tool_path), run without a
shell, with a timeout, in the C locale, and never given a value found by a scan.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence

from scanners.base import ScanContext


class ToolError(Exception):
    """A tool that is missing, timed out or failed; `reason` is a ScannerStatus/ScanError code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def which(ctx: ScanContext, name: str, extra_dirs: Sequence[str] = ()) -> str | None:
    """The tool's path, looked up in ctx.tool_path (or PATH), then in `extra_dirs`.

    Only absolute folders are searched: an empty PATH entry (`PATH=":/usr/bin"`, a trailing
    colon) or a relative one means the current folder to a shell, and an `adb` planted in
    whatever folder piaudit was started from must never be run. Nor is the current folder
    searched first, as Windows lookups do by default.
    """
    search = ctx.tool_path if ctx.tool_path is not None else os.environ.get("PATH", "")
    folders = [*search.split(os.pathsep), *(os.path.expanduser(d) for d in extra_dirs)]
    for folder in folders:
        if not folder or not os.path.isabs(folder):
            continue
        found = shutil.which(name, path=folder)
        # which() on Windows also tries the current folder first: keep only what lies in
        # the folder asked for.
        if found and os.path.dirname(os.path.abspath(found)) == os.path.normpath(folder):
            return found
    return None


def run(argv: Sequence[str], *, timeout: float = 30.0, input_text: str | None = None) -> str:
    """stdout of `argv` as text; raises ToolError on a missing tool, a timeout or exit != 0."""
    env = dict(os.environ, LC_ALL="C", LANG="C")
    try:
        proc = subprocess.run(
            list(argv), capture_output=True, timeout=timeout, env=env, check=False,
            input=input_text.encode() if input_text is not None else None,
            stdin=None if input_text is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise ToolError("not-installed", f"{argv[0]} was not found") from None
    except PermissionError:
        raise ToolError("permission-denied",
                        f"{argv[0]} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        name = os.path.basename(argv[0])
        raise ToolError("timeout", f"{name} did not answer in {timeout:.0f} s") from None
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        lines = (proc.stderr.decode("utf-8", "replace").strip() or out.strip()).splitlines()
        last = lines[-1] if lines else ""
        raise ToolError("tool-failed",
                        f"{os.path.basename(argv[0])} exited with {proc.returncode}: {last}"[:300])
    return out
