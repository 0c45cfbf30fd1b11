"""The key fingerprints are taken with: this machine's own random key, or an organisation's.

By default every user's data folder holds a random 32-byte key (`fingerprint.key`, 0600), so
a fingerprint means nothing outside this machine. An organisation that audits many machines
points `PIAUDIT_FINGERPRINT_KEY_FILE` at one shared key: the same ID number then has the same
fingerprint on every host, which is what lets the fleet view (`piaudit fleet`) link a value
found on several hosts without any host sending the value itself.

A key is named by its id, a short hash of the key (never the key): the scan's JSON document
and the log record which key family ("machine" or "fleet") and which id fingerprinted it, so
results keyed differently are never compared.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = "fingerprint.key"
FLEET_KEY_ENV = "PIAUDIT_FINGERPRINT_KEY_FILE"
MIN_KEY_BYTES = 32
# A key file is a few dozen bytes; anything this large is the wrong file named.
MAX_KEY_BYTES = 4096


class FingerprintKeyError(ValueError):
    """The fleet key file cannot be used (missing, unsafe, too short): said in one line."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """Which key fingerprinted an audit: "machine" (this user's random key) or "fleet"."""

    family: str
    key_id: str

    def to_dict(self) -> dict[str, str]:
        return {"family": self.family, "id": self.key_id}


def key_id(key: bytes) -> str:
    """A short public name of a key: domain-separated so it is no fingerprint of anything."""
    return hashlib.sha256(b"piaudit fingerprint key id\x00" + key).hexdigest()[:16]


def seal_key(key: bytes) -> bytes:
    """The key that seals a scan's JSON document: derived, so a seal never reuses the key that
    fingerprints values."""
    return hmac.new(key, b"piaudit fleet seal v1", hashlib.sha256).digest()


def load_key(folder: Path, *, warn: Callable[[str], None] | None = None) -> tuple[bytes, KeyInfo]:
    """The key to fingerprint with: the fleet key when PIAUDIT_FINGERPRINT_KEY_FILE names one,
    else this user's own key in `folder` (created on first use)."""
    fleet = os.environ.get(FLEET_KEY_ENV)
    if fleet:
        key = read_fleet_key(fleet, warn=warn)
        return key, KeyInfo("fleet", key_id(key))
    key = load_or_create_machine_key(folder)
    return key, KeyInfo("machine", key_id(key))


def load_or_create_machine_key(folder: Path) -> bytes:
    """Read the user's HMAC key, creating it (mode 0600, never overwritten) on first use."""
    path = folder / KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"fingerprint key {path} is damaged (too short)") from None
        return key
    key = secrets.token_bytes(MIN_KEY_BYTES)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def read_fleet_key(file: str | os.PathLike[str], *,
                   warn: Callable[[str], None] | None = None) -> bytes:
    """Read an organisation's key file: its bytes without a trailing line end (so that
    `openssl rand -hex 32 > fleet.key` and the same file saved without a newline agree).

    Checked on the descriptor that is read, like the log's passphrase file: refused when it
    belongs to another user (root excepted) or other users can change it (whoever can write
    it chooses the fingerprints); a warning when other users can read it (they could then
    test guesses of an ID number against the fingerprints).
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FingerprintKeyError(
            f"cannot read the fingerprint key file {file}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        _check_key_file(os.fstat(fh.fileno()), file, warn)
        try:
            data = fh.read(MAX_KEY_BYTES + 1)
        except OSError as exc:
            raise FingerprintKeyError(
                f"cannot read the fingerprint key file {file}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEY_BYTES:
        raise FingerprintKeyError(
            f"the fingerprint key file {file} is larger than {MAX_KEY_BYTES} bytes:"
            " is it the right file?")
    key = data.rstrip(b"\r\n")
    if len(key) < MIN_KEY_BYTES:
        raise FingerprintKeyError(
            f"the fingerprint key file {file} holds {len(key)} bytes; it needs at least"
            f" {MIN_KEY_BYTES} (make one with: openssl rand -hex 32 > {file})")
    return key


def _check_key_file(st: os.stat_result, file: str | os.PathLike[str],
                    warn: Callable[[str], None] | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise FingerprintKeyError(f"the fingerprint key file {file} is a folder")
        return  # a pipe (`<(vault read …)`) has no meaningful owner or mode
    if os.name != "posix":
        return
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (os.geteuid(), 0):
        raise FingerprintKeyError(
            f"refusing the fingerprint key file {file}: it belongs to another user (uid"
            f" {st.st_uid}); use a file of your own or root's that only its owner can read")
    if mode & 0o022:
        raise FingerprintKeyError(
            f"refusing the fingerprint key file {file}: other users can change it (mode"
            f" {mode:04o}); run chmod 600 {file}")
    if mode & 0o044:
        text = (f"warning: the fingerprint key file {file} is readable by other users (mode"
                f" {mode:04o}): they can test guessed values against fingerprints;"
                f" run chmod 600 {file}")
        if warn is not None:
            warn(text)
        else:
            print(f"piaudit: {text}", file=sys.stderr)
