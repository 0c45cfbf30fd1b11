"""Walk the scan roots: regular files only, one file system by default; symlinks are not
followed below a root (a root that is itself a symlink is followed: the user named it).

An explicit stack (not recursion) keeps very deep trees from overflowing; not following
symlinks makes symlink loops harmless; FIFOs, devices and sockets are never opened.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from scanners.model import ScanError

SCANNER_ID = "content.files"


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  # as the OS needs it (may hold surrogate-escaped bytes)
    display: str  # printable UTF-8 form for reports
    size: int
    dev: int
    ino: int
    mtime_ns: int
    mode: int
    # A folder, yielded (with walk(folders=True)) so that its name is scanned once: names
    # can themselves hold personal data. Its size and mtime are 0: a folder's name does not
    # change when its content does, so a cached result for it stays valid.
    folder: bool = False


def display_path(path: str) -> str:
    """A printable form of a path whose bytes may not be valid UTF-8."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


class Excluder:
    """Glob patterns matched on names, or on root-relative paths when they contain '/'."""

    def __init__(self, patterns: Sequence[str]) -> None:
        names = [p for p in patterns if "/" not in p.strip("/")]
        paths = [p.strip("/") for p in patterns if "/" in p.strip("/")]
        self._name_re = self._compile(names)
        self._path_re = self._compile(paths)

    @staticmethod
    def _compile(patterns: Sequence[str]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))

    def excluded(self, name: str, rel: str) -> bool:
        if self._name_re is not None and self._name_re.match(name):
            return True
        if self._path_re is not None:
            # "a/b" excludes any path ending in a/b, wherever below the root it sits.
            parts = rel.split("/")
            for i in range(len(parts)):
                if self._path_re.match("/".join(parts[i:])):
                    return True
        return False


def walk(
    roots: Sequence[Path],
    excludes: Sequence[str] = (),
    one_filesystem: bool = True,
    on_error: Callable[[ScanError], None] | None = None,
    on_skip: Callable[[str, str], None] | None = None,
    check: Callable[[], None] | None = None,
    folders: bool = False,
) -> Iterator[FileEntry]:
    """Yield the regular files under `roots`, each once; with `folders`, each folder too."""
    excluder = Excluder(excludes)
    seen: set[tuple[int, int]] = set()

    def error(path: str, reason: str, exc: OSError) -> None:
        if on_error is not None:
            msg = exc.strerror or type(exc).__name__
            on_error(ScanError(SCANNER_ID, display_path(path), reason, msg))

    def skip(path: str, reason: str) -> None:
        if on_skip is not None:
            on_skip(display_path(path), reason)

    for root in roots:
        root_s = os.path.abspath(os.fspath(root))
        try:
            st = os.lstat(root_s)
            if stat.S_ISLNK(st.st_mode):
                # A root named on purpose is followed (~/Documents -> /data/docs): skipping it
                # would scan nothing and say nothing. Below a root, links are still not
                # followed (loops, trees outside the one asked for). A dangling link is an
                # error ("missing"), never silence.
                st = os.stat(root_s)
        except OSError as exc:
            error(root_s, "missing" if isinstance(exc, FileNotFoundError) else "unreadable", exc)
            continue
        if stat.S_ISREG(st.st_mode):
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                yield _entry(root_s, st)
            continue
        if not stat.S_ISDIR(st.st_mode):
            skip(root_s, "not-a-file")
            continue
        root_dev = st.st_dev
        stack: list[tuple[str, str]] = [(root_s, "")]
        while stack:
            if check is not None:
                check()
            folder, rel = stack.pop()
            if folders:
                try:
                    yield _folder_entry(folder, os.stat(folder))
                except OSError:
                    pass  # gone since it was listed: scandir below reports what it finds
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name, reverse=True)
            except OSError as exc:
                error(folder, "unreadable", exc)
                continue
            for entry in entries:
                name = entry.name
                rel_child = f"{rel}/{name}" if rel else name
                if excluder.excluded(name, rel_child):
                    continue
                try:
                    est = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    error(entry.path, "unreadable", exc)
                    continue
                mode = est.st_mode
                if stat.S_ISLNK(mode):
                    skip(entry.path, "symlink")
                elif stat.S_ISDIR(mode):
                    if one_filesystem and est.st_dev != root_dev:
                        skip(entry.path, "other-filesystem")
                    else:
                        stack.append((entry.path, rel_child))
                elif stat.S_ISREG(mode):
                    key = (est.st_dev, est.st_ino)
                    if key in seen:  # hard links: scan the content once
                        continue
                    seen.add(key)
                    yield _entry(entry.path, est)
                else:
                    skip(entry.path, "not-a-file")  # FIFO, socket, device: never opened


def _entry(path: str, st: os.stat_result) -> FileEntry:
    return FileEntry(
        path=path,
        display=display_path(path),
        size=st.st_size,
        dev=st.st_dev,
        ino=st.st_ino,
        mtime_ns=st.st_mtime_ns,
        mode=st.st_mode,
    )


def _folder_entry(path: str, st: os.stat_result) -> FileEntry:
    return FileEntry(path=path, display=display_path(path), size=0, dev=st.st_dev, ino=st.st_ino,
                     mtime_ns=0, mode=st.st_mode, folder=True)
