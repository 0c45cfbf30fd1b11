"""The local users whose homes `piaudit scan --all-users` reads, and whether we may.

Homes come from the user database (pwd: /etc/passwd, LDAP or NIS through NSS) on Linux and
macOS. People's accounts only: a uid from the system's first login uid up (1000 on Linux,
/etc/login.defs UID_MIN when set; 501 on macOS), with a home folder that exists. With
PIAUDIT_SYSROOT pointing at a fixture tree, its etc/passwd is read instead and each home is
taken inside that tree, like every other system-wide file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from scanners.system.paths import sysroot

NOBODY_UID = 65534
NO_HOME = ("/nonexistent", "/dev/null", "/var/empty")


@dataclass(frozen=True, slots=True)
class LocalUser:
    name: str
    uid: int
    home: Path


ADMIN_NEEDED = "reading every user's files (--all-users) needs root (sudo) or an administrator"


def is_admin(euid: int | None = None) -> bool:
    """Root on Linux and macOS (`euid`: whose; default this process's); an elevated
    administrator on Windows."""
    if os.name == "posix":
        return (os.geteuid() if euid is None else euid) == 0
    try:
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def local_users() -> list[LocalUser]:
    """Every person's account with a home here, by name (none on Windows)."""
    if sys.platform == "win32":
        return _windows_users()
    root = sysroot()
    if root != Path("/"):
        return _from_passwd_file(root, root / "etc" / "passwd")
    import pwd

    first = _first_uid(root)
    users = [LocalUser(p.pw_name, p.pw_uid, Path(p.pw_dir)) for p in pwd.getpwall()
             if _a_person(p.pw_uid, p.pw_dir, first)]
    return _existing(users)


def _from_passwd_file(root: Path, passwd: Path) -> list[LocalUser]:
    first = _first_uid(root)
    users: list[LocalUser] = []
    try:
        text = passwd.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 7 or line.startswith("#"):
            continue
        try:
            uid = int(fields[2])
        except ValueError:
            continue
        if _a_person(uid, fields[5], first):
            users.append(LocalUser(fields[0], uid, root / fields[5].lstrip("/")))
    return _existing(users)


def _a_person(uid: int, home: str, first: int) -> bool:
    return first <= uid != NOBODY_UID and bool(home) and home not in NO_HOME


def _first_uid(root: Path) -> int:
    if sys.platform == "darwin":
        return 501
    try:
        for line in (root / "etc" / "login.defs").read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "UID_MIN" and parts[1].isdigit():
                return int(parts[1])
    except OSError:
        pass
    return 1000


def _existing(users: list[LocalUser]) -> list[LocalUser]:
    seen: set[Path] = set()
    out: list[LocalUser] = []
    for u in sorted(users, key=lambda u: u.name):
        if u.home in seen or not u.home.is_dir():
            continue
        seen.add(u.home)
        out.append(u)
    return out


def _windows_users() -> list[LocalUser]:
    """C:\\Users\\<name> folders that are people's profiles (not Public or Default)."""
    base = Path(os.environ.get("SYSTEMDRIVE", "C:") + "\\") / "Users"
    skip = {"public", "default", "default user", "all users", "defaultapppool"}
    try:
        return [LocalUser(p.name, -1, p) for p in sorted(base.iterdir())
                if p.is_dir() and p.name.lower() not in skip]
    except OSError:
        return []
