"""permissions.live: which processes are using the camera or the microphone right now (Linux).

Read:
- /proc/<pid>/fd/* symlinks (under ctx.sysroot, so tests build a fake /proc with real
  symlinks): a process holding /dev/video* uses the camera, one holding a capture device
  /dev/snd/pcmC*D*c records sound. Process name and user come from psutil on the real
  machine (sysroot "/"), from /proc/<pid>/comm and status otherwise.
- PipeWire/PulseAudio clients recording (the sound server, not the app, holds /dev/snd/*):
  `pactl -f json list source-outputs` when pactl is found (falls back to the text form of
  older pactl).
Without root only the user's own processes can be looked at: that is said in the status
("permission-denied": "only your own processes were checked (not root)"), never hidden.
Findings have state "in-use", exposes biometric (resources/permissions.toml [live]); the
step is in words (closing an app is the user's call, nothing is killed). Extra detail keys:
"pid", "user", "device" is kept as the standard "this computer", "devices" lists the nodes.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.system import tools

SCANNER = "permissions.live"
GONE = {errno.ENOENT, errno.ESRCH}


def _kind(target: str) -> str | None:
    t = catalog.source_table("live")
    if any(fnmatch.fnmatchcase(target, p) for p in t.get("camera_devices", [])):
        return "camera"
    if any(fnmatch.fnmatchcase(target, p) for p in t.get("capture_devices", [])):
        return "microphone"
    return None


def parse_pactl_json(text: str) -> list[dict[str, str]]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("pactl JSON is not a list")
    out = []
    for item in data:
        props = item.get("properties") if isinstance(item, dict) else None
        if isinstance(props, dict):
            out.append({str(k): str(v) for k, v in props.items()})
    return out


def parse_pactl_text(text: str) -> list[dict[str, str]]:
    """`pactl list source-outputs`: blocks "Source Output #N" with key = "value" properties."""
    out: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if line.startswith("Source Output #"):
            current = {}
            out.append(current)
        elif current is not None and " = " in line:
            k, _, v = line.strip().partition(" = ")
            current[k] = v.strip().strip('"')
    if text.strip() and not out:
        raise ValueError("not the output of `pactl list source-outputs`")
    return out


class LiveScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "Camera and microphone in use now"

    def applies(self, ctx: ScanContext) -> bool:
        if not ctx.platform.startswith("linux"):
            ctx.unavailable(SCANNER, "unsupported-os",
                            "live camera and microphone use is checked on Linux only")
            return False
        if not (ctx.sysroot / "proc").is_dir():
            ctx.unavailable(SCANNER, "not-present", "no /proc to look at")
            return False
        return True

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        proc = ctx.sysroot / "proc"
        if os.geteuid() != 0:
            ctx.unavailable(SCANNER, "permission-denied",
                            "only your own processes were checked (not root)")
        seen: set[tuple[str, str]] = set()
        try:
            pids = sorted(int(p) for p in os.listdir(proc) if p.isdigit())
        except OSError as exc:
            ctx.error(ScanError(SCANNER, "/proc", "unreadable", exc.strerror or str(exc)))
            pids = []
        for pid in pids:
            ctx.check()
            for kind, devices in self._holds(ctx, proc, pid).items():
                name, user = self._who(ctx, proc, pid)
                seen.add((str(pid), kind))
                yield grant_finding(ctx, SCANNER, self._grant(kind, name, pid, user,
                                                              sorted(devices)))
        yield from self._pactl(ctx, seen)

    def _holds(self, ctx: ScanContext, proc: Path, pid: int) -> dict[str, set[str]]:
        fd_dir = proc / str(pid) / "fd"
        try:
            fds = os.listdir(fd_dir)
        except PermissionError:
            return {}  # another user's process: covered by the status note
        except OSError as exc:
            if exc.errno not in GONE:  # a process that exited meanwhile is no error
                ctx.error(ScanError(SCANNER, f"/proc/{pid}/fd", "unreadable",
                                    exc.strerror or str(exc)))
            return {}
        out: dict[str, set[str]] = {}
        for fd in fds:
            try:
                target = os.readlink(fd_dir / fd)
            except OSError:
                continue  # closed meanwhile, or not a link
            kind = _kind(target)
            if kind:
                out.setdefault(kind, set()).add(target)
        return out

    @staticmethod
    def _who(ctx: ScanContext, proc: Path, pid: int) -> tuple[str, str]:
        if ctx.sysroot == Path("/"):
            try:
                import psutil

                p = psutil.Process(pid)
                return p.name(), p.username()
            except Exception:  # gone or denied: fall back to /proc
                pass
        name, user = str(pid), ""
        try:
            name = (proc / str(pid) / "comm").read_text("utf-8", "replace").strip() or name
            for line in (proc / str(pid) / "status").read_text("utf-8", "replace").splitlines():
                if line.startswith("Uid:"):
                    uid = int(line.split()[1])
                    user = _user(uid)
        except (OSError, ValueError, IndexError):
            pass
        return name, user

    @staticmethod
    def _grant(kind: str, name: str, pid: int, user: str, devices: list[str]) -> Grant:
        e = catalog.lookup("live", "devices", kind)
        assert e is not None, f"permissions.toml lacks [live.devices.map] {kind}"
        revoke = str(catalog.source_table("live").get("revoke", ""))
        words = revoke.format_map({"app_name": name, "name": kind})
        return Grant(
            source="live", app=name, app_name=f"{name} (pid {pid})", permission=e.key,
            exposes=e.exposes, severity=e.severity, broad=e.broad, state="in-use",
            raw=", ".join(devices), revoke=words,
            location=f"live:{devices[0]}" if devices else "live:",
            extra={"pid": str(pid), "user": user, "devices": ", ".join(devices)},
        )

    def _pactl(self, ctx: ScanContext, seen: set[tuple[str, str]]) -> Iterator[Finding]:
        pactl = tools.which(ctx, "pactl")
        if pactl is None:
            ctx.unavailable(SCANNER, "not-installed",
                            "pactl was not found: PipeWire/PulseAudio recording apps not listed")
            return
        where = "pactl list source-outputs"
        try:
            try:
                streams = parse_pactl_json(
                    tools.run([pactl, "-f", "json", "list", "source-outputs"], timeout=15))
            except tools.ToolError:
                streams = parse_pactl_text(tools.run([pactl, "list", "source-outputs"],
                                                     timeout=15))
        except tools.ToolError as exc:
            ctx.error(ScanError(SCANNER, where, exc.reason, exc.message))
            return
        except (ValueError, RecursionError) as exc:
            ctx.error(ScanError(SCANNER, where, "corrupt", str(exc)[:200]))
            return
        for props in streams:
            ctx.check()
            pid_text = props.get("application.process.id", "")
            if (pid_text, "microphone") in seen:
                continue  # already found holding the device itself
            seen.add((pid_text, "microphone"))
            name = (props.get("application.process.binary") or props.get("application.name")
                    or "unknown app")
            g = self._grant("microphone", name, int(pid_text) if pid_text.isdigit() else 0,
                            props.get("application.process.user", ""),
                            [props.get("media.name", "recording stream")])
            yield grant_finding(ctx, SCANNER, _with(g, location=f"live:{where}"))


def _with(g: Grant, **changes: Any) -> Grant:
    from dataclasses import replace

    return replace(g, **changes)


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)
