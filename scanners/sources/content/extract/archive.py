"""Archives and compressed files: members become nested `Source`s, within bomb limits.

Declared sizes are checked first (cheap refusals), but headers lie, so every read is also
capped on the bytes actually decompressed.
"""

from __future__ import annotations

import bz2
import io
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO

from scanners.base import Limits
from scanners.sources.content.extract.budget import MIN_BOMB_BYTES, Bomb, Budget, MemberBomb
from scanners.sources.content.extract.problems import problem_for
from scanners.sources.content.parts import (
    Encrypted,
    ExtractError,
    ItemStream,
    Problem,
    Source,
    TooLarge,
)


def _fatal(exc: ExtractError) -> bool:
    """Bombs that concern the whole archive stop it; per-member problems do not."""
    return isinstance(exc, Bomb) and not isinstance(exc, MemberBomb)


# --- zip -------------------------------------------------------------------------------


def _declared_entries(fh: BinaryIO) -> int:
    """Entry count from the end-of-central-directory record, before zipfile parses it all."""
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - 65557))
    tail = fh.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return 0
    count = int.from_bytes(tail[pos + 10 : pos + 12], "little")
    if count == 0xFFFF:  # zip64: the real count is in the zip64 record
        z64 = tail.rfind(b"PK\x06\x06", 0, pos)
        if z64 >= 0 and z64 + 40 <= len(tail):
            count = int.from_bytes(tail[z64 + 32 : z64 + 40], "little")
    fh.seek(0)
    return count


def open_zip(fh: BinaryIO, limits: Limits) -> zipfile.ZipFile:
    """A ZipFile, refused up front when its directory declares too many entries."""
    count = _declared_entries(fh)
    if count > limits.max_members:
        raise Bomb(f"{count} members > limit {limits.max_members}")
    return zipfile.ZipFile(fh)


def read_zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    if info.flag_bits & 0x1:
        raise Encrypted("password-protected member")
    cap = budget.admit(info.file_size, info.compress_size)
    with zf.open(info) as fh:
        return budget.read(fh, cap)


def extract_zip(src: Source, limits: Limits) -> ItemStream:
    budget = Budget(limits)
    with src.open() as fh, open_zip(fh, limits) as zf:
        for info in zf.infolist():
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            name = f"{src.name}!{info.filename}"
            try:
                data = read_zip_member(zf, info, budget)
            except ExtractError as exc:
                yield Problem(name, exc.reason, str(exc))
                if _fatal(exc):
                    return
                continue
            except Exception as exc:  # one bad member must not hide the others
                yield problem_for(name, exc)
                continue
            yield src.member(info.filename, data)


# --- tar and single-file compression ----------------------------------------------------


class CappedReader(io.RawIOBase):
    """A read-only stream that fails once more than `cap` bytes came out of `raw`."""

    def __init__(self, raw: IO[bytes] | io.BufferedIOBase, cap: int, prefix: bytes = b"") -> None:
        super().__init__()
        self.raw, self.cap, self.prefix, self.count = raw, cap, prefix, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.prefix:
            data, self.prefix = self.prefix[: len(buffer)], self.prefix[len(buffer) :]
        else:
            data = self.raw.read(len(buffer))
            self.count += len(data)
            if self.count > self.cap:
                raise Bomb(f"decompresses to more than {self.cap} bytes")
        buffer[: len(data)] = data
        return len(data)


def _tar_members(src: Source, fh: IO[bytes], limits: Limits) -> ItemStream:
    budget = Budget(limits)
    with tarfile.open(fileobj=fh, mode="r|") as tf:
        for ti in tf:
            if not ti.isreg():
                continue  # links, devices and FIFOs inside archives are not content
            name = f"{src.name}!{ti.name}"
            try:
                cap = budget.admit(ti.size, None)
                member = tf.extractfile(ti)
                if member is None:
                    continue
                data = budget.read(member, cap)
            except ExtractError as exc:
                yield Problem(name, exc.reason, str(exc))
                if _fatal(exc):
                    return
                continue
            yield src.member(ti.name, data)


def extract_tar(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        yield from _tar_members(src, fh, limits)


_SUFFIX = re.compile(r"\.(gz|gzip|z|bz2|bzip2|xz|lzma|tgz|tbz2?|txz)$", re.IGNORECASE)


def _inner_name(name: str) -> str:
    """ "logs/app.log.gz" -> "app.log"; "x.tgz" -> "x.tar"; no suffix -> name + ".out"."""
    base = re.split(r"[!/\\]", name)[-1]
    match = _SUFFIX.search(base)
    if not match:
        return base + ".out"
    ext = match.group(1).lower()
    return base[: match.start()] + (".tar" if ext.startswith("t") else "")


def _compressed(
    src: Source, limits: Limits, opener: Callable[[BinaryIO], io.BufferedIOBase]
) -> ItemStream:
    # No refusal from a gzip's ISIZE trailer: it is the size mod 2**32 of the last member only,
    # any writer can put anything there, and in a truncated file it is compressed data. The
    # cap on bytes actually decompressed is the budget.
    cap = min(limits.max_archive_bytes, max(MIN_BOMB_BYTES, src.size * limits.max_ratio))
    with src.open() as fh:
        yield from _decompress(src, limits, opener(fh), cap)


class GzipStream(io.RawIOBase):
    """Gzip members inflated as they come, at most CHUNK bytes per step.

    Unlike `gzip.GzipFile`, a stream that ends before its end marker (a cut download) or turns
    to garbage part-way ends the output there instead of discarding what came before, and the
    trailer's CRC and size (which anyone can write) are not trusted for anything; `damage`
    says what happened. Padding after the last member is ignored, as gzip(1) does.
    """

    CHUNK = 1 << 20

    def __init__(self, fh: BinaryIO) -> None:
        super().__init__()
        self._fh = fh
        self._d: zlib._Decompress | None = None
        self._in = b""  # input read but not yet given to the inflater
        self._out = b""
        self._done = False
        self._total = 0
        self.damage: tuple[str, str] | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._out and not self._done:
            self._step()
        data, self._out = self._out[: len(buffer)], self._out[len(buffer) :]
        buffer[: len(data)] = data
        return len(data)

    def _need(self, n: int) -> bool:
        while len(self._in) < n:
            more = self._fh.read(max(self.CHUNK, n - len(self._in)))
            if not more:
                return False
            self._in += more
        return True

    def _member(self) -> bool:
        """Skip a member's header (RFC 1952); False when none starts here."""
        if not self._need(10) or self._in[:3] != b"\x1f\x8b\x08":
            return False
        flags, pos = self._in[3], 10
        if flags & 4:  # FEXTRA
            if not self._need(pos + 2):
                return False
            pos += 2 + int.from_bytes(self._in[pos : pos + 2], "little")
        for bit in (8, 16):  # FNAME, FCOMMENT: zero-terminated
            if flags & bit:
                while (end := self._in.find(b"\0", pos)) < 0:
                    if not self._need(len(self._in) + 1):
                        return False
                pos = end + 1
        if flags & 2:  # FHCRC
            pos += 2
        if not self._need(pos):
            return False
        self._in = self._in[pos:]
        self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        return True

    def _step(self) -> None:
        if self._d is None or self._d.eof:
            if self._d is not None:  # a member ended: skip its trailer; another may follow
                self._in = self._d.unused_data + self._in
                if not self._need(8):
                    self.damage = ("truncated", "the gzip trailer is cut short")
                self._in = self._in[8:]
            if not self._member():
                if self._d is None:
                    raise zlib.error("not gzip data")
                self._done = True  # end of file, or padding after the last member
                return
        assert self._d is not None
        data = self._d.unconsumed_tail or self._in or self._fh.read(self.CHUNK)
        self._in = b""
        if not data:
            self._done = True
            self._out = self._d.flush()
            self._total += len(self._out)
            self.damage = ("truncated", f"the compressed data ends early: read {self._total} bytes")
            return
        try:
            self._out = self._d.decompress(data, self.CHUNK)
        except zlib.error as exc:
            if not self._total:
                raise  # nothing readable at all: the file is corrupt
            self._done = True
            self.damage = ("corrupt", f"damaged compressed data after {self._total} bytes: {exc}")
        self._total += len(self._out)


def _decompress(src: Source, limits: Limits, stream: io.BufferedIOBase, cap: int) -> ItemStream:
    with stream:
        head = stream.read(512)
        reader = CappedReader(stream, cap, head)
        if len(head) == 512 and head[257:262] == b"ustar":
            yield from _tar_members(src, io.BufferedReader(reader), limits)
        else:
            inner = _inner_name(src.name)
            data = head + _read_single(reader, limits)
            yield src.member(inner, data)
        damage = getattr(getattr(stream, "raw", None), "damage", None)
        if damage is not None:  # what was there has been read; the file is still damaged
            yield Problem(src.name, *damage)


def _read_single(reader: CappedReader, limits: Limits) -> bytes:
    reader.prefix = b""  # the head is already kept by the caller
    cap = limits.max_member_bytes
    chunks: list[bytes] = []
    n = 0
    while True:
        block = reader.read(1 << 20)
        if not block:
            return b"".join(chunks)
        n += len(block)
        if n > cap:
            raise TooLarge(f"decompresses to more than {cap} bytes")
        chunks.append(block)


def extract_gzip(src: Source, limits: Limits) -> ItemStream:
    yield from _compressed(src, limits, lambda fh: io.BufferedReader(GzipStream(fh)))


def extract_bzip2(src: Source, limits: Limits) -> ItemStream:
    yield from _compressed(src, limits, lambda fh: bz2.BZ2File(fh, "rb"))


def extract_xz(src: Source, limits: Limits) -> ItemStream:
    yield from _compressed(src, limits, lambda fh: lzma.LZMAFile(fh, "rb"))  # noqa: SIM115


# --- 7z ----------------------------------------------------------------------------------


def extract_7z(src: Source, limits: Limits) -> ItemStream:
    # Imported when a 7z is met: py7zr costs ~0.1 s to import in every worker.
    from scanners.sources.content.extract import sevenzip

    yield from sevenzip.extract_7z(src, limits)


def iter_problems(items: Iterator[object]) -> Iterator[Problem]:
    """The problems in a stream of items (for tests and callers that only count failures)."""
    for item in items:
        if isinstance(item, Problem):
            yield item
