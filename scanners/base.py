"""The scanner protocol and the context every scanner runs in."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from scanners.model import Finding, Progress, ScanError, ScannerStatus, ScanStats

if TYPE_CHECKING:
    from scanners.detection.redact import Redactor
    from scanners.detection.rules import RuleSet


class ScanCancelled(Exception):
    """Raised by `ScanContext.check()` once the user asked to stop."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep one hostile file from hanging or flooding a scan."""

    max_file_bytes: int = 2 * 1024**3  # larger files are skipped with a reason
    max_text_bytes: int = 256 * 1024**2  # text streamed beyond this is not read
    chunk_chars: int = 256 * 1024  # text is detected in chunks of this size...
    overlap_chars: int = 512  # ...overlapping so values on a boundary are not lost
    max_depth: int = 4  # archive nesting
    max_member_bytes: int = 256 * 1024**2  # one archive member, uncompressed
    max_archive_bytes: int = 1024**3  # all members of one archive, uncompressed
    max_ratio: int = 200  # compression ratio beyond which a member is a bomb
    max_members: int = 20_000
    file_seconds: float = 60.0  # per-file time limit
    sqlite_rows: int = 20_000  # rows sampled per table
    max_findings_per_file: int = 100_000
    # Beyond this many findings of one rule in one file or archive (an export with 80,000 ID
    # numbers), the rest are folded into one finding that counts them: reports stay
    # readable and memory stays bounded. 0 reports every occurrence separately.
    max_findings_per_rule: int = 50


@dataclass(slots=True)
class ScanContext:
    """What a scanner needs: where to look, which rules, and how to report and stop."""

    roots: Sequence[Path]
    rules: RuleSet
    redactor: Redactor
    cancel: threading.Event = field(default_factory=threading.Event)
    progress: Callable[[Progress], None] | None = None
    on_error: Callable[[ScanError], None] | None = None
    jobs: int = 0  # 0 = one per CPU
    excludes: Sequence[str] = ()
    one_filesystem: bool = True
    use_cache: bool = True
    cache_path: Path | None = None
    today: date = field(default_factory=date.today)
    limits: Limits = field(default_factory=Limits)
    rules_dir: Path | None = None  # where `rules` came from: worker processes reload them
    stats: ScanStats = field(default_factory=ScanStats)
    on_skip: Callable[[str, str], None] | None = None  # (location, reason) for files not read
    # SHA-256 of each file with findings, as read by the scan (path -> hex): remediation
    # later refuses to touch a file whose content changed since.
    file_hashes: dict[str, str] = field(default_factory=dict)
    pause: threading.Event | None = None  # set = paused: check() waits until cleared or cancel
    # Where store and permission scanners look. Tests point these at a fixture tree (built by
    # synth/); the defaults are the real machine. engine.make_context fills them from
    # scanners.system.paths: scan_home(), sysroot() and tool_path(), which PIAUDIT_HOME,
    # PIAUDIT_SYSROOT and PIAUDIT_TOOL_PATH override.
    home: Path = field(default_factory=Path.home)
    sysroot: Path = field(default_factory=lambda: Path("/"))  # system-wide files: /var/lib/flatpak
    platform: str = field(default_factory=lambda: sys.platform)  # "linux", "darwin", "win32"
    tool_path: str | None = None  # where tools (adb, snap, flatpak) are looked up; None: PATH
    android_serial: str | None = None  # the one phone permissions.android reads; None: all
    # stores.firefox: when libnss3 cannot tell whether a primary password is set, try whether
    # the empty password decrypts key4.db's fixed "password-check" constant (never a login).
    nss_password_check: bool = False
    # Scanners that could not look (no such store, tool missing, OS unsupported, no device)
    # say so here: "not found" must never read as "nothing exposed".
    statuses: dict[str, ScannerStatus] = field(default_factory=dict)
    # Files a store scanner has read, by (device, inode) -> scanner id. The engine runs the
    # store scanners before the file scan, which then skips these: a browser database or an
    # SSH key is one finding with its store's facts, not a second one as a plain file.
    claimed: dict[tuple[int, int], str] = field(default_factory=dict)
    # (device, inode, size, mtime) of what piaudit itself wrote (redacted copies): never
    # reported as new exposure. Filled from the data folder by make_context.
    own_outputs: frozenset[tuple[int, int, int, int]] = frozenset()
    data_folder: Path | None = None  # piaudit's own data (log, cache, vault): never scanned
    # (user, home) of every local user (--all-users): store and permission scanners then run
    # once per home, their findings labelled by user (scanners.sources.homes); () = `home` only
    homes: Sequence[tuple[str, Path]] = ()

    def check(self) -> None:
        """Call between files and rows: raises `ScanCancelled` once a stop was asked."""
        while self.pause is not None and self.pause.is_set() and not self.cancel.is_set():
            self.cancel.wait(0.05)  # paused: hold here, still answering a cancel at once
        if self.cancel.is_set():
            raise ScanCancelled()

    def report(self, progress: Progress) -> None:
        if self.progress is not None:
            self.progress(progress)

    def error(self, err: ScanError) -> None:
        if self.on_error is not None:
            self.on_error(err)

    def unavailable(self, scanner: str, reason: str, message: str = "") -> None:
        """Record why a scanner (or one of its sources) could not look. Several notes add up.

        `reason` is a short stable code: "not-installed", "unsupported-os", "no-device",
        "unauthorized", "permission-denied", "not-present", "not-listable" (the source cannot
        say, e.g. usage access on Android before 9).
        """
        st = self.statuses.setdefault(scanner, ScannerStatus(scanner))
        st.notes.append((reason, message))

    def claim(self, path: str | os.PathLike[str], scanner: str) -> None:
        """Say that `scanner` has read the file at `path` (see `claimed`)."""
        try:
            st = os.stat(path)
        except OSError:
            return
        self.claimed.setdefault((st.st_dev, st.st_ino), scanner)

    def skip(self, location: str, reason: str) -> None:
        self.stats.files_skipped += 1
        if self.on_skip is not None:
            self.on_skip(location, reason)


class Scanner(Protocol):
    """A scanner is a plain class in `registry.SCANNERS`; ids are a public contract."""

    id: ClassVar[str]
    title: ClassVar[str]

    def applies(self, ctx: ScanContext) -> bool:
        """Whether this scanner has anything to look at on this machine (OS, store present)."""
        ...

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        """Yield findings; report unreadable things through `ctx.error`; call `ctx.check()`."""
        ...
