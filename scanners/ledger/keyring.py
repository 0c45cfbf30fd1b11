"""Where the passphrase comes from besides a prompt: a file or the OS keyring."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from scanners.ledger.errors import NoPassphrase
from scanners.ledger.location import default_path

KEYRING_SERVICE = "piaudit"
PASSPHRASE_ENV = "PIAUDIT_PASSPHRASE_FILE"
KEYRING_ENV = "PIAUDIT_KEYRING"  # "0" / "off" / "no": never touch the OS keyring


def _keyring_enabled() -> bool:
    return os.environ.get(KEYRING_ENV, "").strip().lower() not in ("0", "off", "no", "false")


def _keyring_user(path: Path) -> str:
    return f"audit-log:{path.resolve()}"


def keyring_get(path: Path | None = None) -> str | None:
    """The passphrase kept in the OS keyring, or None (no backend, no entry, any failure)."""
    if not _keyring_enabled():
        return None
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(path or default_path()))
    except Exception:  # no backend on a headless machine, D-Bus down, locked keychain...
        return None
    return value or None


def keyring_set(passphrase: str, path: Path | None = None) -> bool:
    """Keep the passphrase in the OS keyring; False when there is no usable keyring."""
    if not _keyring_enabled():
        return False
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(path or default_path()), passphrase)
    except Exception:
        return False
    return True


def keyring_delete(path: Path | None = None) -> bool:
    if not _keyring_enabled():
        return False
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(path or default_path()))
    except Exception:
        return False
    return True


def passphrase_from_file(file: str | os.PathLike[str], *,
                         warn: Callable[[str], None] | None = None) -> str:
    """Read a passphrase file (first line, without its line end).

    The file's owner and mode are checked on the descriptor that is read, so a rename in
    between cannot swap in another file. Refused (NoPassphrase): a file that other users can
    write to or that belongs to another user (root excepted): whoever can change it chooses
    the passphrase of the next log created. Readable by other users: `warn` (default: one
    line on stderr), since they can then open the log.
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NoPassphrase(
            f"cannot read the passphrase file {file}: {exc.strerror or exc}") from None
    with os.fdopen(fd, encoding="utf-8") as fh:
        _check_passphrase_file(os.fstat(fh.fileno()), file, warn)
        try:
            text = fh.readline().rstrip("\r\n")
        except UnicodeDecodeError:
            raise NoPassphrase(f"the passphrase file {file} is not UTF-8 text") from None
        except OSError as exc:
            raise NoPassphrase(
                f"cannot read the passphrase file {file}: {exc.strerror or exc}") from None
    if not text:
        raise NoPassphrase(f"the passphrase file {file} is empty")
    return text


def _check_passphrase_file(st: os.stat_result, file: str | os.PathLike[str],
                           warn: Callable[[str], None] | None) -> None:
    # Only regular files: a pipe or /dev/fd/N (`<(pass show piaudit)`) lives as long as the
    # command and has no meaningful mode. Windows has no such modes.
    if os.name != "posix" or not stat.S_ISREG(st.st_mode):
        return
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (os.geteuid(), 0):
        raise NoPassphrase(
            f"refusing the passphrase file {file}: it belongs to another user (uid"
            f" {st.st_uid}); use a file of your own that only you can read (chmod 600)"
        )
    if mode & 0o022:
        raise NoPassphrase(
            f"refusing the passphrase file {file}: other users can change it (mode"
            f" {mode:04o}); run chmod 600 {file}"
        )
    if mode & 0o044:
        text = (f"warning: the passphrase file {file} is readable by other users (mode"
                f" {mode:04o}); run chmod 600 {file}")
        if warn is not None:
            warn(text)
        else:
            print(f"piaudit: {text}", file=sys.stderr)


def passphrase_from_env_or_keyring(path: Path | None = None) -> tuple[str | None, str]:
    """(passphrase, source): from PIAUDIT_PASSPHRASE_FILE, else the keyring, else (None, "")."""
    file = os.environ.get(PASSPHRASE_ENV)
    if file:
        return passphrase_from_file(file), "file"
    value = keyring_get(path)
    if value:
        return value, "keyring"
    return None, ""
