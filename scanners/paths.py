"""Where resources and the user's private data live, in a checkout and in a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The read-only `resources/` folder (next to the package, or inside a PyInstaller bundle)."""
    override = os.environ.get("PIAUDIT_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The user's private piaudit folder (HMAC key, cache, log); created with mode 0700."""
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
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


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
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


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
