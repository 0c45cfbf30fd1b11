"""Acting on exactly the file a scan saw: reached folder by folder through descriptors, never
through a symbolic link, checked by `fstat` and its hash, and then changed only through the
one descriptor that was checked.

A remediation may run as root over folders other users can write. Between the scan and the
action such a user can swap a name for a symbolic link (to /etc/shadow, say) or a folder on
the way for a link elsewhere; a path-based `open()`/`chmod()`/`unlink()` would then act on
the link's target. Here every folder below the scanned root is opened with O_NOFOLLOW
relative to its parent's descriptor, the file itself with O_NOFOLLOW, and what was opened
must be the same regular file (device, inode, size, mtime, SHA-256) the scan recorded.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

CHUNK = 1 << 20
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put in the file's place must not block
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
# Without descriptor-relative calls (Windows) the walk falls back to checked paths.
_BY_FD = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd


class Refused(Exception):
    """The file is not the one the scan saw, or lies where piaudit must not act."""


@dataclass(frozen=True, slots=True)
class Seen:
    """What the scan recorded of a file; None where it recorded nothing."""

    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    dev: int | None = None
    ino: int | None = None


def root_of(path: str, roots: Sequence[str]) -> str | None:
    """The scanned root `path` lies in (the deepest one), judged on the path's own text."""
    best: str | None = None
    for root in roots:
        r = root.rstrip(os.sep) or os.sep
        inside = path == r or path.startswith(r if r.endswith(os.sep) else r + os.sep)
        if inside and (best is None or len(r) > len(best)):
            best = r
    return best


def _parts(path: str, root: str) -> list[bytes]:
    rest = os.fsencode(path)[len(os.fsencode(root)):]
    parts = rest.split(os.fsencode(os.sep))
    parts = [p for p in parts if p != b""]
    if not parts or any(p in (b".", b"..") for p in parts):
        raise Refused(f"{_show(path)} is not a plain path inside {_show(root)}")
    return parts


def _show(path: str) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_dir(path: str, roots: Sequence[str]) -> tuple[int, bytes, str]:
    """A descriptor of the folder holding `path`, reached from its root without following
    links below the root; the file's own name; and the root."""
    if not os.path.isabs(path):
        raise Refused(f"{_show(path)} is not an absolute path")
    root = root_of(path, roots)
    if root is None:
        raise Refused(f"{_show(path)} lies outside the scanned folders"
                      f" ({', '.join(_show(r) for r in roots) or 'none recorded'}):"
                      " piaudit acts only inside what it scanned")
    parts = _parts(path, root)
    if not _BY_FD:
        return -1, parts[-1], root
    # The root itself is followed: it is what the user chose to scan.
    dfd = os.open(os.fsencode(root), os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                nfd = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC,
                              dir_fd=dfd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise Refused(f"{_show(path)}: the folder {part.decode('utf-8', 'replace')}"
                                  " on the way is no longer a plain folder (a symbolic link?);"
                                  " nothing was done") from None
                if exc.errno == errno.ENOENT:
                    raise Refused(f"{_show(path)} no longer exists; rescan") from None
                raise
            os.close(dfd)
            dfd = nfd
    except BaseException:
        os.close(dfd)
        raise
    return dfd, parts[-1], root


class Target:
    """One checked file, open by descriptor; close it (or use `with`)."""

    def __init__(self, path: str, dir_fd: int, name: bytes, fd: int, st: os.stat_result,
                 root: str) -> None:
        self.path = path
        self.dir_fd = dir_fd
        self.name = name
        self.fd = fd
        self.st = st
        self.root = root

    def __enter__(self) -> Target:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for fd in (self.fd, self.dir_fd):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.fd = self.dir_fd = -1

    @property
    def links(self) -> int:
        return int(self.st.st_nlink)

    def chunks(self) -> _Chunks:
        """The file's bytes from the descriptor, a chunk at a time (bounded memory)."""
        return _Chunks(self.fd)

    def unlink_name(self) -> None:
        """Remove the scanned name, only if it still names the checked file.

        The name is first renamed to a private one in the same folder, then that name is
        checked: if someone swapped the name in between, what was moved is put back.
        """
        if self.dir_fd < 0:
            now = os.lstat(self.path)
            if (now.st_dev, now.st_ino) != (self.st.st_dev, self.st.st_ino):
                raise Refused(f"{_show(self.path)} was replaced while acting; nothing removed")
            os.unlink(self.path)
            return
        hidden = f".piaudit-{secrets.token_hex(8)}.del".encode()
        os.rename(self.name, hidden, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd)
        st = os.stat(hidden, dir_fd=self.dir_fd, follow_symlinks=False)
        if (st.st_dev, st.st_ino) != (self.st.st_dev, self.st.st_ino):
            os.rename(hidden, self.name, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd)
            raise Refused(f"{_show(self.path)} was replaced while acting: what is there now"
                          " was left in place")
        os.unlink(hidden, dir_fd=self.dir_fd)
        _sync_dir(self.dir_fd)

    def create_beside(self, name: bytes, mode: int = 0o600) -> int:
        """A new file next to the target (O_EXCL, never through a link); its descriptor."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
        if self.dir_fd < 0:
            return os.open(os.path.join(os.path.dirname(self.path), os.fsdecode(name)), flags,
                           mode)
        return os.open(name, flags, mode, dir_fd=self.dir_fd)

    def exists_beside(self, name: bytes) -> bool:
        try:
            if self.dir_fd < 0:
                os.lstat(os.path.join(os.path.dirname(self.path), os.fsdecode(name)))
            else:
                os.stat(name, dir_fd=self.dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True


class _Chunks:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pos = 0

    def __iter__(self) -> _Chunks:
        return self

    def __next__(self) -> bytes:
        block = os.pread(self.fd, CHUNK, self.pos)
        if not block:
            raise StopIteration
        self.pos += len(block)
        return block


def _sync_dir(dir_fd: int) -> None:
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the unlink itself happened


def sha256_fd(fd: int) -> str:
    h = hashlib.sha256()
    pos = 0
    while block := os.pread(fd, CHUNK, pos):
        h.update(block)
        pos += len(block)
    return h.hexdigest()


def open_checked(path: str, roots: Sequence[str], seen: Seen, *, write: bool = False,
                 what: str = "the scan") -> Target:
    """Open `path` as the scan saw it, or raise Refused saying what is different.

    Checks, on the opened descriptor: a regular file (not a link, FIFO or device), the same
    device and inode, size and mtime as recorded, and the SHA-256 of its bytes (whatever the
    size). `write` opens it for writing (for an in-place overwrite).
    """
    flags = ((os.O_RDWR if write else os.O_RDONLY) | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC
             | _O_NOCTTY | _O_BINARY)
    target = _open_target(path, roots, flags)
    try:
        _check(target, seen, what)
    except BaseException:
        target.close()
        raise
    return target


def _open_target(path: str, roots: Sequence[str], flags: int) -> Target:
    """Reach `path` from its root folder by folder and open it with `flags` (never through a
    link); the caller checks what was opened."""
    dir_fd, name, root = open_dir(path, roots)
    try:
        try:
            fd = os.open(name, flags, dir_fd=dir_fd) if dir_fd >= 0 else _open_by_path(path,
                                                                                      flags)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Refused(f"{_show(path)} is now a symbolic link; nothing was done") from None
            if exc.errno == errno.ENOENT:
                raise Refused(f"{_show(path)} no longer exists; rescan") from None
            raise
    except BaseException:
        if dir_fd >= 0:
            os.close(dir_fd)
        raise
    return Target(path, dir_fd, name, fd, os.fstat(fd), root)


def _open_by_path(path: str, flags: int) -> int:
    if os.path.islink(path):
        raise OSError(errno.ELOOP, "symbolic link")
    return os.open(path, flags)


def _check(t: Target, seen: Seen, what: str) -> None:
    st = t.st
    shown = _show(t.path)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"{shown} is no longer a regular file; nothing was done")
    if seen.ino is not None and (st.st_dev, st.st_ino) != (seen.dev, seen.ino):
        raise Refused(f"{shown} was replaced by another file since {what}; nothing was done:"
                      " rescan it and act on the new scan")
    if (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
        raise Refused(f"{shown} changed since {what}; nothing was done: rescan it and act on"
                      " the new scan")
    if seen.sha256 is None:
        raise Refused(f"{shown}: {what} recorded no hash of this file, so piaudit cannot"
                      " tell it is unchanged; rescan it and act on the new scan")
    if sha256_fd(t.fd) != seen.sha256:
        raise Refused(f"{shown} changed since {what} (its content differs); nothing was done:"
                      " rescan it and act on the new scan")
    again = os.fstat(t.fd)
    if (again.st_size, again.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
        raise Refused(f"{shown} is being written to; nothing was done")


def overwrite(t: Target) -> None:
    """Overwrite the checked file's bytes with random data and empty it, through its descriptor.

    Never for a file with other hard links: their names would lose the content too.
    """
    if t.links > 1:
        raise Refused(f"{_show(t.path)} has {t.links} names (hard links): overwriting it would"
                      " destroy the other names' content too")
    size = t.st.st_size
    pos = 0
    while pos < size:
        n = min(CHUNK, size - pos)
        pos += os.pwrite(t.fd, os.urandom(n), pos)
    os.fsync(t.fd)
    os.ftruncate(t.fd, 0)
    os.fsync(t.fd)


def open_same(path: str, roots: Sequence[str], dev: int | None, ino: int | None) -> Target:
    """Open `path` (never through a link) for a change to its metadata, if it is still the
    file with this device and inode (an undo of a permission change)."""
    target = _open_target(path, roots, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC
                          | _O_NOCTTY | _O_BINARY)
    if not stat.S_ISREG(target.st.st_mode) or (
            ino is not None and (target.st.st_dev, target.st.st_ino) != (dev, ino)):
        target.close()
        raise Refused(f"{_show(path)} was replaced by another file; nothing was done")
    return target
