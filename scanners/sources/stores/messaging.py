"""Messaging and mail data on disk (stores.messaging): WeChat, QQ, DingTalk, Feishu/Lark,
Telegram Desktop, Signal Desktop, Slack, Thunderbird mail folders, Outlook data files.

One finding per data folder (or data file): present, how big, how many accounts when the
layout shows it, and whether the message databases are encrypted. Nothing is parsed
beyond that: the walk reads names and sizes, and only the first bytes of the files the
app keeps its messages in (SQLite magic or not; a PST header's encryption byte; Telegram's
"TDF$" magic; the key *names* in Signal's config.json).

What "encrypted" means per app (detail "encrypted", protection accordingly):
- WeChat (MSG*.db, MicroMsg.db, message_*.db) and QQ (Msg3.0.db, nt_msg.db): SQLCipher or
  Tencent's own format, no SQLite magic -> "yes". The key lives in the running client's
  memory, and received files and images (FileStorage/, msg/attach) are kept in the clear.
- Telegram Desktop tdata: every file is encrypted ("TDF$") with a local key that is itself
  wrapped by a key derived from the local passcode - which is empty unless the user set
  one, so without a passcode a copy of tdata opens the session ("weak-key").
- Signal Desktop: db.sqlite is SQLCipher. Its key is in config.json: "key" (plain, next to
  the database: "weak-key") or "encryptedKey" (wrapped by the OS keyring: "keyring").
- Slack: the message cache is Chromium IndexedDB/LevelDB, not encrypted -> "plaintext".
- Thunderbird: mbox files, plain text -> "plaintext".
- Outlook .pst/.ost: the header's bCryptMethod says none, "compressible" (a fixed byte
  substitution) or "high" (a keyless cipher); neither needs a key ("weak-key"), and a PST
  password is only a checksum. Outlook for Mac keeps a plain SQLite database.

Locations: table [messaging] of resources/stores.toml (one sub-table per app: "name",
per-OS lists, "databases", "accounts", "encrypted").
"""

from __future__ import annotations

import fnmatch
import glob
import json
import os
import stat
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, Severity
from scanners.sources.stores.common import (
    SQLITE_MAGIC,
    StoreError,
    StoreFinding,
    display_path,
    expand,
    make_finding,
    os_key,
    scan_error,
    store_table,
    store_uri,
)
from scanners.system.phrases import Phrase, say, verbatim

SCANNER_ID = "stores.messaging"
APPS = ("wechat", "qq", "dingtalk", "feishu", "telegram", "signal", "slack", "thunderbird",
        "outlook")
MAX_ENTRIES = 200_000  # directory entries looked at per data folder
MAX_SECONDS = 10.0  # per data folder; the size is then "at least"
MAX_HEADERS = 200  # database headers read per data folder
TDF_MAGIC = b"TDF$"
PST_MAGIC = b"!BDN"
_PST_CRYPT = {0: "none", 1: "compressible", 0x10: "high"}


@dataclass(slots=True)
class Walk:
    """What a bounded walk of one data folder saw."""

    size: int = 0
    files: int = 0
    capped: bool = False
    unreadable: int = 0
    plain_dbs: int = 0
    encrypted_dbs: int = 0
    mail_folders: int = 0  # Thunderbird .msf summaries (one per mail folder)
    tdf_files: int = 0
    names: set[str] = field(default_factory=set)


def walk(ctx: ScanContext, root: Path, databases: list[str], *,
         max_entries: int = MAX_ENTRIES, max_seconds: float = MAX_SECONDS) -> Walk:
    """Sizes below `root` (no symlinks followed, so loops cannot trap it), with headers of
    the files named like `databases`. Stops at `max_entries` or `max_seconds`."""
    w = Walk()
    deadline = time.monotonic() + max_seconds
    stack = [root]
    seen = 0
    headers = 0
    while stack:
        folder = stack.pop()
        try:
            it = os.scandir(folder)
        except PermissionError:
            if folder == root:
                raise StoreError("permission-denied", "permission denied") from None
            w.unreadable += 1
            continue
        except OSError:
            w.unreadable += 1
            continue
        with it:
            for e in it:
                seen += 1
                if seen % 1000 == 0:
                    ctx.check()
                    if time.monotonic() > deadline:
                        w.capped = True
                if seen > max_entries or w.capped:
                    w.capped = True
                    return w
                try:
                    if e.is_symlink():
                        continue
                    if e.is_dir(follow_symlinks=False):
                        stack.append(Path(e.path))
                        continue
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    w.unreadable += 1
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                w.files += 1
                w.size += st.st_size
                name = e.name
                if name.endswith(".msf"):
                    w.mail_folders += 1
                if headers < MAX_HEADERS and any(fnmatch.fnmatch(name, p) for p in databases):
                    headers += 1
                    head = _head(Path(e.path), 16)
                    if head is None:
                        w.unreadable += 1
                    elif head == SQLITE_MAGIC:
                        w.plain_dbs += 1
                    elif st.st_size > 0:
                        w.encrypted_dbs += 1
                if name in ("key_datas", "key_data", "settingss") and headers < MAX_HEADERS:
                    headers += 1
                    if _head(Path(e.path), 4) == TDF_MAGIC:
                        w.tdf_files += 1
    return w


def _head(path: Path, n: int) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return None


def pst_crypt(path: Path) -> tuple[str, str]:
    """(format, crypt method) of a PST/OST from its header (MS-PST 2.2.2.6)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(520)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except OSError as exc:
        raise StoreError("unreadable", (exc.strerror or "unreadable")[:200]) from None
    if len(head) < 16 or head[:4] != PST_MAGIC:
        raise StoreError("corrupt", "not a PST/OST file (no !BDN header)")
    version = int.from_bytes(head[10:12], "little")
    if version in (14, 15):
        fmt, offset = "ansi", 461
    elif version in (23, 36):  # 36: Unicode with 4K pages (OST of Outlook 2013+)
        fmt, offset = "unicode", 513
    else:
        raise StoreError("unknown-version", f"PST format version {version} is not known")
    if len(head) <= offset:
        raise StoreError("corrupt", "truncated PST header")
    method = _PST_CRYPT.get(head[offset])
    if method is None:
        raise StoreError("unknown-version", f"unknown PST encryption method {head[offset]}")
    return fmt, method


def signal_key(folder: Path) -> str:
    """"keyring", "plain" or "unknown": how Signal Desktop keeps its database key."""
    raw = _head(folder / "config.json", 64 * 1024)
    if not raw:
        return "unknown"
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return "unknown"
    if not isinstance(data, dict):
        return "unknown"
    if data.get("encryptedKey"):
        return "keyring"
    return "plain" if data.get("key") else "unknown"


def _apps() -> Mapping[str, Any]:
    return store_table("messaging")


def app_paths(ctx: ScanContext) -> list[tuple[str, Mapping[str, Any], Path]]:
    out: list[tuple[str, Mapping[str, Any], Path]] = []
    seen: set[Path] = set()
    table = _apps()
    for app in APPS:
        entry = table.get(app, {})
        for pattern in entry.get(os_key(ctx), []):
            for p in expand(ctx, str(pattern)):
                if p not in seen:
                    seen.add(p)
                    out.append((app, entry, p))
    return out


def _count_accounts(root: Path, patterns: list[str]) -> int:
    found: set[str] = set()
    for pattern in patterns:
        for hit in glob.glob(os.path.join(glob.escape(str(root)), pattern)):
            rel = os.path.relpath(hit, root)
            found.add(rel.split(os.sep, 1)[0])  # one account per top-level folder
    return len(found)


class MessagingScanner:
    """Chat and mail data kept on this computer: where, how much, encrypted or not."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Messaging and mail data"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{SCANNER_ID}.{app}" for app in APPS)

    def applies(self, ctx: ScanContext) -> bool:
        if app_paths(ctx):
            return True
        ctx.unavailable(SCANNER_ID, "not-present", "no chat or mail client data was found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for app, entry, path in app_paths(ctx):
            ctx.check()
            where = display_path(ctx, path)
            location = store_uri(app, where)
            try:
                f = self._one(ctx, app, entry, path, where, location)
            except ScanCancelled:
                raise
            except Exception as exc:  # one unreadable folder must not end the scan
                ctx.error(scan_error(SCANNER_ID, location, exc))
                continue
            if f is not None:
                yield f

    def _one(self, ctx: ScanContext, app: str, entry: Mapping[str, Any], path: Path,
             where: str, location: str) -> Finding | None:
        name = str(entry.get("name", app))
        detail: dict[str, str] = {"app": name, "path": where}
        try:
            st = os.stat(path)
        except PermissionError:
            raise StoreError("permission-denied", "permission denied") from None
        except OSError as exc:
            raise StoreError("unreadable", (exc.strerror or "unreadable")[:200]) from None
        records = 1
        encrypted = "unknown"
        protection: str | None = None
        if stat.S_ISREG(st.st_mode):  # a data file (Outlook .pst/.ost)
            detail["size_bytes"] = str(st.st_size)
            fmt, method = pst_crypt(path)
            detail.update({"format": f"pst {fmt}", "pst_encryption": method})
            encrypted = "no"
            protection = "weak-key" if method != "none" else "plaintext"
            summary = (say("messaging.file", app=name, format=path.suffix.lstrip(".").upper(),
                           size=_size(st.st_size))
                       + (say("messaging.obfuscated", method=method) if method != "none"
                          else say("messaging.not_encrypted")))
        else:
            w = walk(ctx, path, [str(p) for p in entry.get("databases", [])])
            accounts = _count_accounts(path, [str(p) for p in entry.get("accounts", [])])
            records = max(1, accounts)
            detail.update({
                "size_bytes": str(w.size), "size_capped": "yes" if w.capped else "no",
                "files": str(w.files), "accounts": str(accounts),
                "databases_plain": str(w.plain_dbs),
                "databases_encrypted": str(w.encrypted_dbs),
            })
            if w.unreadable:
                detail["unreadable_entries"] = str(w.unreadable)
            mode = str(entry.get("encrypted", "unknown"))
            encrypted, protection = self._protection(app, mode, w, path, detail)
            if app == "thunderbird":
                detail["mail_folders"] = str(w.mail_folders)
            size = (say("messaging.at_least", size=_size(w.size)) if w.capped
                    else verbatim(_size(w.size)))
            state = {"yes": "encrypted", "no": "not_encrypted",
                     "partly": "partly_encrypted"}.get(encrypted, "encryption_unknown")
            summary = (say("messaging.data", app=name, size=size)
                       + (say("messaging.accounts", n=accounts) if accounts else Phrase(()))
                       + say(f"messaging.{state}"))
        detail["encrypted"] = encrypted
        severity = Severity.LOW if protection in ("encrypted", "keyring") else Severity.MEDIUM
        sf = StoreFinding(f"stores.messaging.{app}", Category.COMMUNICATIONS, severity,
                          location, summary, records, protection)
        return make_finding(ctx, SCANNER_ID, sf, detail)

    @staticmethod
    def _protection(app: str, mode: str, w: Walk, path: Path,
                    detail: dict[str, str]) -> tuple[str, str | None]:
        if mode == "tdata":
            detail["passcode"] = "unknown"
            if w.tdf_files:
                # Encrypted, but with a key anyone can unwrap unless a local passcode is set.
                return "yes", "weak-key"
            return "unknown", None
        if mode == "signal":
            key = signal_key(path)
            detail["key_storage"] = key
            if w.plain_dbs and not w.encrypted_dbs:
                return "no", "plaintext"
            if not w.encrypted_dbs:
                return "unknown", None
            return "yes", {"keyring": "keyring", "plain": "weak-key"}.get(key, "encrypted")
        if w.plain_dbs or w.encrypted_dbs:
            if w.plain_dbs and w.encrypted_dbs:
                return "partly", "plaintext"
            return ("yes", "encrypted") if w.encrypted_dbs else ("no", "plaintext")
        if mode == "no":
            return "no", "plaintext"
        if mode == "yes":
            return "yes", "encrypted"
        return "unknown", None


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    v, unit = n / 1024, "KB"
    for bigger in ("MB", "GB"):
        if v < 1024:
            break
        v, unit = v / 1024, bigger
    return f"{v:.1f} {unit}"
