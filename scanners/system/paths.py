"""Where resources and the user's private data live, in a checkout and in a frozen bundle."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path


def resources_dir() -> Path:
    """The read-only `resources/` folder: PIAUDIT_RESOURCES if set; else inside a PyInstaller
    bundle; else inside the installed package (a wheel carries it as piaudit/resources, see
    docs/install.md); else next to the package, in a checkout and its editable install."""
    override = os.environ.get("PIAUDIT_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    package = Path(__file__).resolve().parents[1]  # scanners/ in a checkout, piaudit/ installed
    inside = package / "resources"
    return inside if inside.is_dir() else package.parent / "resources"


def data_dir() -> Path:
    """The user's private piaudit folder (HMAC key, cache, log): 0700 (see ensure_private_dir)."""
    override = os.environ.get("PIAUDIT_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "piaudit"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "piaudit"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / "piaudit"
    return ensure_private_dir(base)


def cache_dir() -> Path:
    """Rebuildable caches that hold no personal data (compiled pattern databases)."""
    override = os.environ.get("PIAUDIT_CACHE_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        base = base / "piaudit" / "cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "piaudit"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "piaudit"
    return ensure_private_dir(base)


def write_cache_file(path: Path, data: bytes) -> bool:
    """Replace `path` (in the cache folder) by `data` atomically: concurrent scans may race to
    write the same file, and a reader sees the old content or the new, never a part. False
    when it could not be written (a cache is rebuildable: the caller just goes on); no
    temporary file is left behind either way."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name.split("-")[0] + "-")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def ensure_private_dir(path: Path) -> Path:
    """Make `path` a folder only its owner can enter (0700), whatever the umask.

    Missing parents are created 0700 too: Path.mkdir(parents=True) gives them 0777 minus
    the umask, world-writable under umask 000. Each new folder is chmod-ed after mkdir
    because mkdir's mode is itself filtered by the umask. An existing folder that is looser
    is tightened only if it is ours (never another user's, nor a shared parent).
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another process made it meanwhile
            continue
        folder.chmod(0o700)
    st = path.stat()
    if not stat.S_ISDIR(st.st_mode):  # never chmod a file someone named as the folder
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    if not missing and os.name == "posix" and st.st_mode & 0o077 \
            and st.st_uid == os.geteuid():
        path.chmod(0o700)
    return path


def scan_home() -> Path:
    """The home folder whose stores are inventoried (PIAUDIT_HOME overrides it)."""
    override = os.environ.get("PIAUDIT_HOME")
    return Path(override) if override else Path.home()


def sysroot() -> Path:
    """Where system-wide stores are read from ("/"; PIAUDIT_SYSROOT points at a fixture tree)."""
    return Path(os.environ.get("PIAUDIT_SYSROOT") or "/")


def tool_path() -> str | None:
    """Where external tools (adb, snap, flatpak) are looked up; None means the PATH."""
    return os.environ.get("PIAUDIT_TOOL_PATH")


def sqlite_readonly_uri(path: Path) -> str:
    """A SQLite URI opening `path` read-only ("file:///tmp/a%20b.db?mode=ro").

    Path.as_uri() percent-encodes like urllib's pathname2url without importing
    urllib.request (and http.client behind it) on every start.
    """
    return Path(path).absolute().as_uri() + "?mode=ro"
