"""SSH private keys (stores.ssh): one finding per key file, judged by its header only
(PEM "Proc-Type: 4,ENCRYPTED", PKCS#8 "ENCRYPTED PRIVATE KEY", OpenSSH cipher name), as the
content rule credential.private_key does (scanners.detection.validators.credential.private_key).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from scanners.base import ScanContext
from scanners.detection.validators.credential import private_key
from scanners.model import Category, Finding, Severity
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    display_path,
    expand,
    make_finding,
    scan_error,
)
from scanners.sources.stores.credentials.reading import config, mode_detail, read_capped
from scanners.system.phrases import say

SSH_ID = "stores.ssh"


# ---------------------------------------------------------------------------- SSH keys


@dataclass(frozen=True, slots=True)
class KeyInfo:
    keys: int
    protected: str  # "yes", "no", "unknown"
    kind: str  # openssh, rsa, ec, dsa, pkcs8, encrypted, putty


_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----")


def key_info(head: str) -> KeyInfo | None:
    """Whether text (the first KB of a file) is a private key, and if it has a passphrase."""
    if head.startswith("PuTTY-User-Key-File-"):
        m = re.search(r"^Encryption:\s*(\S+)", head, re.M)
        if not m:
            return None
        return KeyInfo(1, "no" if m.group(1) == "none" else "yes", "putty")
    found = list(_BEGIN.finditer(head))
    if not found:
        return None
    first = found[0]
    verdict = private_key(head[first.start(): first.start() + 400])
    if verdict is None:
        return None
    return KeyInfo(len(found), verdict.detail.get("protected", "unknown"),
                   verdict.detail.get("type", "pkcs8"))


def _openssh_cipher(head: str) -> str | None:
    """The cipher name of an OpenSSH key ("none", "aes256-ctr"), from its base64 header."""
    m = re.search(r"-----BEGIN OPENSSH PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]{40,})", head)
    if not m:
        return None
    body = "".join(m.group(1).split())[:64]
    try:
        raw = base64.b64decode(body[: len(body) - len(body) % 4])
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(b"openssh-key-v1\0"):
        return None
    n = int.from_bytes(raw[15:19], "big")
    return raw[19:19 + n].decode("ascii", "replace") if n < 40 else None


def _skip_ssh_name(name: str, patterns: list[str]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatch(low, p.lower()) for p in patterns)


def ssh_candidates(ctx: ScanContext) -> list[Path]:
    cfg = config()
    skip = [str(p) for p in cfg.get("ssh_skip", [])]
    out: list[Path] = []
    for pattern in cfg.get("ssh_dirs", ["~/.ssh"]):
        for folder in expand(ctx, str(pattern)):
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                out.append(folder)  # reported as an error by the scan
                continue
            for e in entries:
                if _skip_ssh_name(e.name, skip):
                    continue
                try:
                    if e.is_dir():  # follows links; a loop is an OSError
                        continue
                except OSError:
                    pass
                out.append(Path(e.path))
    return out


class SshKeysScanner:
    """SSH private keys: passphrase or not, and who may read them."""

    id: ClassVar[str] = SSH_ID
    title: ClassVar[str] = "SSH private keys"
    rules: ClassVar[tuple[str, ...]] = ("stores.ssh.private_key",)

    def applies(self, ctx: ScanContext) -> bool:
        if ssh_candidates(ctx):
            return True
        ctx.unavailable(SSH_ID, "not-present", "no ~/.ssh folder with files")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for path in ssh_candidates(ctx):
            ctx.check()
            try:
                if path.is_dir():
                    os.scandir(path).close()  # the folder itself could not be listed
                    continue
                f = self._one(ctx, path)
            except Exception as exc:  # one unreadable file must not end the scan
                ctx.error(scan_error(SSH_ID, str(path), exc))
                continue
            if f is not None:
                yield f

    def _one(self, ctx: ScanContext, path: Path) -> Finding | None:
        try:
            st = os.stat(path)
        except OSError as exc:
            raise StoreError("unreadable", (exc.strerror or "unreadable")[:200]) from None
        if not stat.S_ISREG(st.st_mode) or st.st_size > 256 * 1024:
            return None  # keys are a few KB: a big or special file is not one
        raw, _ = read_capped(path, 16 * 1024)
        head = raw.decode("ascii", "replace")
        info = key_info(head)
        if info is None:
            return None
        detail = mode_detail(st)
        detail.update({"key_type": info.kind, "passphrase": info.protected,
                       "path": display_path(ctx, path)})
        if info.kind == "openssh":
            cipher = _openssh_cipher(head)
            if cipher:
                detail["cipher"] = cipher
        if info.protected == "yes":
            protection, severity = "passphrase", Severity.MEDIUM
            summary = say("ssh.passphrase", kind=info.kind)
        elif info.protected == "no":
            protection, severity = "unprotected-key", Severity.CRITICAL
            summary = say("ssh.no_passphrase", kind=info.kind)
        else:
            protection, severity = None, Severity.HIGH
            summary = say("ssh.unknown", kind=info.kind)
        if detail["world_readable"] == "yes" or detail["group_readable"] == "yes":
            summary += say("mode.others", mode=detail["mode"])
            severity = Severity.CRITICAL if protection != "passphrase" else Severity.HIGH
        sf = StoreFinding("stores.ssh.private_key", Category.CREDENTIAL, severity, str(path),
                          summary, info.keys, protection, file=str(path))
        return make_finding(ctx, SSH_ID, sf, detail)
