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
    walker = _Walker(Excluder(excludes), one_filesystem, on_error, on_skip, check, folders)
    for root in roots:
        yield from walker.root(os.path.abspath(os.fspath(root)))


class _Walker:
    """One walk's options and the files it has yielded (hard links are read once)."""

    def __init__(
        self,
        excluder: Excluder,
        one_filesystem: bool,
        on_error: Callable[[ScanError], None] | None,
        on_skip: Callable[[str, str], None] | None,
        check: Callable[[], None] | None,
        folders: bool,
    ) -> None:
        self.excluder = excluder
        self.one_filesystem = one_filesystem
        self.on_error = on_error
        self.on_skip = on_skip
        self.check = check
        self.folders = folders
        self.seen: set[tuple[int, int]] = set()

    def error(self, path: str, reason: str, exc: OSError) -> None:
        if self.on_error is not None:
            msg = exc.strerror or type(exc).__name__
            self.on_error(ScanError(SCANNER_ID, display_path(path), reason, msg))

    def skip(self, path: str, reason: str) -> None:
        if self.on_skip is not None:
            self.on_skip(display_path(path), reason)

    def root(self, root_s: str) -> Iterator[FileEntry]:
        """A root: a file is yielded itself, a folder walked; anything else is skipped."""
        try:
            st = os.lstat(root_s)
            if stat.S_ISLNK(st.st_mode):
                # A root named on purpose is followed (~/Documents -> /data/docs): skipping it
                # would scan nothing and say nothing. Below a root, links are still not
                # followed (loops, trees outside the one asked for). A dangling link is an
                # error ("missing"), never silence.
                st = os.stat(root_s)
        except OSError as exc:
            self.error(root_s, "missing" if isinstance(exc, FileNotFoundError) else "unreadable",
                       exc)
            return
        if stat.S_ISREG(st.st_mode):
            if (st.st_dev, st.st_ino) not in self.seen:
                self.seen.add((st.st_dev, st.st_ino))
                yield _entry(root_s, st)
            return
        if not stat.S_ISDIR(st.st_mode):
            self.skip(root_s, "not-a-file")
            return
        yield from self._tree(root_s, st.st_dev)

    def _listing(self, folder: str) -> list[os.DirEntry[str]] | None:
        """A folder's entries, last name first (popped from the stack in name order)."""
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            self.error(folder, "unreadable", exc)
            return None

    def _tree(self, root_s: str, root_dev: int) -> Iterator[FileEntry]:
        """The files (and, with `folders`, the folders) below one root folder."""
        excluded, seen, skip, check = self.excluder.excluded, self.seen, self.skip, self.check
        other_fs_skipped = self.one_filesystem
        stack: list[tuple[str, str]] = [(root_s, "")]
        while stack:
            if check is not None:
                check()
            folder, rel = stack.pop()
            if self.folders:
                try:
                    yield _folder_entry(folder, os.stat(folder))
                except OSError:
                    pass  # gone since it was listed: scandir below reports what it finds
            entries = self._listing(folder)
            if entries is None:
                continue
            for entry in entries:
                name = entry.name
                rel_child = f"{rel}/{name}" if rel else name
                if excluded(name, rel_child):
                    continue
                try:
                    est = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    self.error(entry.path, "unreadable", exc)
                    continue
                mode = est.st_mode
                if stat.S_ISLNK(mode):
                    skip(entry.path, "symlink")
                elif stat.S_ISDIR(mode):
                    if other_fs_skipped and est.st_dev != root_dev:
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
