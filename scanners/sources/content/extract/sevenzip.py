"""7z archives through py7zr, members extracted into capped in-memory buffers."""

from __future__ import annotations

import io
from typing import Any

import py7zr
import py7zr.exceptions
from py7zr.io import Py7zIO, WriterFactory

from scanners.base import Limits
from scanners.sources.content.extract.budget import MIN_BOMB_BYTES, Bomb, Budget, MemberBomb
from scanners.sources.content.parts import (
    Encrypted,
    ExtractError,
    ItemStream,
    Problem,
    Source,
    TooLarge,
)


class _CappedIO(Py7zIO):
    """py7zr's own BytesIO silently drops bytes past its limit; this one fails instead."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.buf = io.BytesIO()

    def write(self, s: bytes | bytearray) -> int:
        if self.buf.tell() + len(s) > self.cap:
            raise MemberBomb(f"member decompresses to more than {self.cap} bytes")
        return self.buf.write(s)

    def read(self, size: int | None = None) -> bytes:
        return self.buf.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.buf.seek(offset, whence)

    def flush(self) -> None:
        self.buf.flush()

    def size(self) -> int:
        return len(self.buf.getbuffer())


class _Factory(WriterFactory):
    def __init__(self, caps: dict[str, int]) -> None:
        self.caps = caps
        self.products: dict[str, _CappedIO] = {}

    def create(self, filename: str) -> Py7zIO:
        product = _CappedIO(self.caps.get(filename, 0))
        self.products[filename] = product
        return product


def extract_7z(src: Source, limits: Limits) -> ItemStream:
    budget = Budget(limits)
    with src.open() as fh:
        try:
            archive = py7zr.SevenZipFile(fh, mode="r")
        except py7zr.exceptions.PasswordRequired:
            raise Encrypted("password-protected 7z archive (encrypted headers)") from None
        with archive:
            if archive.needs_password():
                raise Encrypted("password-protected 7z archive")
            infos: list[Any] = [i for i in archive.list() if not i.is_directory]
            declared = sum(int(i.uncompressed or 0) for i in infos)
            if declared > max(MIN_BOMB_BYTES, src.size * limits.max_ratio):
                raise Bomb(f"compression ratio above {limits.max_ratio}")
            # Extract in batches of at most one member limit: a solid archive is decoded
            # once per batch, and memory stays bounded.
            batch: dict[str, int] = {}
            batch_bytes = 0
            for info in infos:
                name = f"{src.name}!{info.filename}"
                size = int(info.uncompressed or 0)
                try:
                    cap = budget.admit(size, None)
                except ExtractError as exc:
                    yield Problem(name, exc.reason, str(exc))
                    if isinstance(exc, Bomb) and not isinstance(exc, MemberBomb):
                        return
                    continue
                if batch and batch_bytes + size > limits.max_member_bytes:
                    yield from _run(archive, src, batch)
                    batch, batch_bytes = {}, 0
                batch[info.filename] = cap
                batch_bytes += size
                budget.total += size
            if batch:
                yield from _run(archive, src, batch)


def _run(archive: py7zr.SevenZipFile, src: Source, caps: dict[str, int]) -> ItemStream:
    factory = _Factory(caps)
    archive.reset()
    try:
        archive.extract(targets=list(caps), factory=factory)
    except (MemberBomb, TooLarge) as exc:
        yield Problem(src.name, exc.reason, str(exc))
    for filename, product in factory.products.items():
        if filename in caps:
            yield src.member(filename, product.buf.getvalue())
