"""The encrypted vault: files moved out of the way, each kept as one self-describing item.

An item is `<id>.vault`: a magic line, then length-prefixed AES-256-GCM records. Record 0 is
the item's metadata (where the file was, its mode, size, mtime and SHA-256); the records after
it are the file's bytes in 1 MiB chunks, each bound to the item id, its number and whether it
is the last, so a chunk cannot be moved, dropped or cut off unnoticed. So:

- memory stays bounded whatever the file's size (one chunk at a time);
- there is no shared index to lose or to race on: the vault's contents are its items, listed
  by opening their metadata records; concurrent adds write different files;
- an item is written under a unique temporary name, synced, and renamed into place, so a
  kill leaves either no item or a whole one, and a full disk leaves nothing behind.

Vaults written before this format (one sealed blob per item and a sealed `index.bin`) are
still listed and restored.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, overload

from scanners.system.paths import ensure_private_dir

MAGIC = b"PIAUDIT-VAULT-2\n"
SUFFIX = ".vault"
CHUNK = 1 << 20
_LEN = struct.Struct(">I")
_LAST = 1 << 31
_MAX_RECORD = CHUNK + 64 * 1024  # metadata or one chunk plus nonce and tag
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class VaultError(Exception):
    """A vault operation that cannot be done, with a message for the user."""


def disk_error(exc: OSError, doing: str) -> VaultError:
    """One line for a failed write: a full disk named as such, never a traceback."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return VaultError(f"{doing}: the disk is full; nothing was changed (free some space"
                          " and try again)")
    return VaultError(f"{doing}: {exc.strerror or type(exc).__name__}; nothing was changed")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def encode_path(path: str) -> str:
    """A path as text that round-trips any bytes (names need not be valid UTF-8)."""
    return base64.b64encode(os.fsencode(path)).decode("ascii")


def decode_path(text: str) -> str:
    return os.fsdecode(base64.b64decode(text))


class Vault:
    """The items in one vault folder, sealed under one key."""

    def __init__(self, key: bytes, folder: Path) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)
        self.folder = folder
        ensure_private_dir(folder)  # 0700 with its parents, whatever the umask

    # ---- sealing

    def _aad(self, item: str, kind: str, n: int = 0, last: bool = False) -> bytes:
        return f"piaudit-vault\x1f{item}\x1f{kind}\x1f{n}\x1f{'last' if last else 'more'}".encode()

    def _seal(self, data: bytes, aad: bytes, last: bool = False) -> bytes:
        # The length's top bit says "last chunk" so a reader knows which AAD to check; the
        # AAD binds it, so flipping the bit fails authentication.
        nonce = os.urandom(12)
        box = nonce + self._aead.encrypt(nonce, data, aad)
        return _LEN.pack(len(box) | (_LAST if last else 0)) + box

    def _open(self, box: bytes, aad: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        try:
            return self._aead.decrypt(box[:12], box[12:], aad)
        except (InvalidTag, ValueError):
            raise VaultError("a vault item does not open with this key (altered, or another"
                             " log's vault)") from None

    # ---- listing

    def items(self) -> Iterator[str]:
        for p in sorted(self.folder.glob(f"*{SUFFIX}")):
            yield p.name[: -len(SUFFIX)]

    def index(self) -> dict[str, dict[str, Any]]:
        """Every item's metadata, read from the items themselves (and a legacy index)."""
        out = self._legacy_index()
        for item in self.items():
            try:
                out[item] = self.meta(item)
            except VaultError as exc:
                out[item] = {"path": "", "error": str(exc)}
        return out

    def meta(self, item: str) -> dict[str, Any]:
        path = self.folder / f"{item}{SUFFIX}"
        try:
            with open(path, "rb") as fh:
                if fh.read(len(MAGIC)) != MAGIC:
                    raise VaultError(f"vault item {item} is not a vault item")
                box = _read_record(fh)
        except OSError as exc:
            raise VaultError(f"vault item {item} cannot be read:"
                             f" {exc.strerror or type(exc).__name__}") from None
        if box is None:
            raise VaultError(f"vault item {item} is truncated")
        meta: dict[str, Any] = json.loads(self._open(box, self._aad(item, "meta")))
        meta["path"] = decode_path(meta["path_b64"]) if "path_b64" in meta else meta.get("path")
        return meta

    # ---- adding

    def add(self, chunks: Iterable[bytes], *, path: str, mode: int, size: int, mtime_ns: int,
            sha256: str, scan_id: int | None, root: str | None = None) -> str:
        """Seal the file's bytes (from `chunks`) as a new item; its id.

        The item is complete and synced under its final name before this returns, and its
        content is checked against `sha256` (what the scan saw) twice: while sealing and by
        reading the item back. On any failure nothing is left in the vault.
        """
        item = secrets.token_hex(8)
        final = self.folder / f"{item}{SUFFIX}"
        tmp = self.folder / f".{item}.{secrets.token_hex(4)}.tmp"
        meta = {"path_b64": encode_path(path), "shown": os.fsencode(path).decode(
                    "utf-8", "backslashreplace"),
                "root_b64": encode_path(root) if root else None,
                "mode": mode, "size": size, "mtime_ns": mtime_ns, "sha256": sha256,
                "added": _now(), "scan": scan_id, "format": 2}
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
                         | _O_BINARY, 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(MAGIC)
                    fh.write(self._seal(json.dumps(meta).encode(), self._aad(item, "meta")))
                    h = hashlib.sha256()
                    written = 0
                    for n, block in enumerate(_with_last(chunks), 1):
                        data, last = block
                        h.update(data)
                        written += len(data)
                        fh.write(self._seal(data, self._aad(item, "data", n, last), last))
                    fh.flush()
                    os.fsync(fh.fileno())
                if h.hexdigest() != sha256 or written != size:
                    raise VaultError(f"{meta['shown']} changed while it was being sealed; the"
                                     " original was kept")
                os.replace(tmp, final)
                _sync_dir(self.folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            raise disk_error(exc, "could not write to the vault") from None
        try:
            if self.digest(item) != sha256:
                raise VaultError("the vault copy did not verify; the original was kept")
        except VaultError:
            with contextlib.suppress(OSError):
                final.unlink()
            raise
        return item

    # ---- reading back

    def chunks(self, item: str) -> Iterator[bytes]:
        """The item's plaintext, chunk by chunk, authenticated (order, count and the end)."""
        path = self.folder / f"{item}{SUFFIX}"
        if not path.exists():
            yield from self._legacy_chunks(item)
            return
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise VaultError(f"vault item {item} is not a vault item")
            if _read_record(fh) is None:
                raise VaultError(f"vault item {item} is truncated")
            n = 0
            while True:
                box = _read_record(fh)
                if box is None:
                    raise VaultError(f"vault item {item} is truncated (its last part is"
                                     " missing)")
                n += 1
                try:
                    data = self._open(box, self._aad(item, "data", n, True))
                    last = True
                except VaultError:
                    data = self._open(box, self._aad(item, "data", n, False))
                    last = False
                yield data
                if last:
                    if fh.read(1):
                        raise VaultError(f"vault item {item} has data after its end")
                    return

    def digest(self, item: str) -> str:
        h = hashlib.sha256()
        for block in self.chunks(item):
            h.update(block)
        return h.hexdigest()

    def restore(self, item: str, target: Path | None = None) -> Path:
        """Write the item back (to where it was, or `target`) and remove it from the vault.

        Never overwrites: the file is written under a temporary name in the destination folder
        and linked into place only if nothing is there by then.
        """
        entry = self.index().get(item)
        if entry is None or not entry.get("path"):
            raise VaultError(f"there is no item {item} in the vault (piaudit vault list)")
        dest = Path(target) if target is not None else Path(entry["path"])
        with self._locked():
            if os.path.lexists(dest):
                raise VaultError(f"{_shown(dest)} exists: restore it elsewhere (--to PATH) or"
                                 " move it")
            dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = dest.with_name(f".{dest.name}.piaudit-{secrets.token_hex(4)}")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
                             | _O_CLOEXEC | _O_BINARY, 0o600)
                try:
                    h = hashlib.sha256()
                    with os.fdopen(fd, "wb") as fh:
                        for block in self.chunks(item):
                            h.update(block)
                            fh.write(block)
                        fh.flush()
                        os.fsync(fh.fileno())
                    want = entry.get("sha256")
                    if want and h.hexdigest() != want:
                        raise VaultError(f"vault item {item} does not match what was sealed")
                    os.chmod(tmp, int(entry.get("mode", 0o600)) & 0o7777)
                    mtime = int(entry.get("mtime_ns") or 0)
                    if mtime:
                        os.utime(tmp, ns=(mtime, mtime))
                    try:
                        os.link(tmp, dest)  # fails if anything appeared at dest meanwhile
                    except FileExistsError:
                        raise VaultError(f"{_shown(dest)} exists: restore it elsewhere"
                                         " (--to PATH) or move it") from None
                finally:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
            except OSError as exc:
                raise disk_error(exc, f"could not restore {_shown(dest)}") from None
            self._remove(item)
        return dest

    def _remove(self, item: str) -> None:
        path = self.folder / f"{item}{SUFFIX}"
        if path.exists():
            path.unlink()
        else:
            self._legacy_remove(item)
        _sync_dir(self.folder)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One restore or legacy-index change at a time (the lock file holds nothing)."""
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; restores are O_EXCL-safe anyway
            yield
            return
        fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT | _O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # ---- vaults written before items described themselves

    def _legacy_index(self) -> dict[str, dict[str, Any]]:
        path = self.folder / "index.bin"
        if not path.exists():
            return {}
        from cryptography.exceptions import InvalidTag

        box = path.read_bytes()
        try:
            data = self._aead.decrypt(box[:12], box[12:], b"index")
        except (InvalidTag, ValueError):
            raise VaultError("the vault does not open with this audit log's key (altered, or"
                             " another log)") from None
        index: dict[str, dict[str, Any]] = json.loads(data)
        return {k: v for k, v in index.items() if (self.folder / f"{k}.bin").exists()}

    def _legacy_chunks(self, item: str) -> Iterator[bytes]:
        from cryptography.exceptions import InvalidTag

        path = self.folder / f"{item}.bin"
        if not path.exists():
            raise VaultError(f"there is no item {item} in the vault (piaudit vault list)")
        box = path.read_bytes()
        try:
            yield self._aead.decrypt(box[:12], box[12:], item.encode())
        except (InvalidTag, ValueError):
            raise VaultError("a vault item does not open with this key") from None

    def _legacy_remove(self, item: str) -> None:
        (self.folder / f"{item}.bin").unlink(missing_ok=True)
        index_path = self.folder / "index.bin"
        if not index_path.exists():
            return
        index = self._legacy_index()
        index.pop(item, None)
        nonce = os.urandom(12)
        box = nonce + self._aead.encrypt(nonce, json.dumps(index).encode(), b"index")
        tmp = self.folder / f".index.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(box)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_path)


@overload
def _read_record(fh: Any) -> bytes | None: ...
@overload
def _read_record(fh: Any, with_flag: Literal[True]) -> tuple[bytes, bool] | None: ...
def _read_record(fh: Any, with_flag: bool = False) -> Any:
    head = fh.read(_LEN.size)
    if len(head) < _LEN.size:
        return None
    (word,) = _LEN.unpack(head)
    n, last = word & ~_LAST, bool(word & _LAST)
    if n > _MAX_RECORD:
        return None
    box: bytes = fh.read(n)
    if len(box) != n:
        return None
    return (box, last) if with_flag else box


def _with_last(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Each chunk with whether it is the last; an empty file is one empty last chunk."""
    it = iter(chunks)
    prev = next(it, None)
    if prev is None:
        yield b"", True
        return
    for block in it:
        yield prev, False
        prev = block
    yield prev, True


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _shown(path: Path) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")
