"""What one archive may cost: member count and bytes decompressed, and the bombs that
exceed them. Shared by the zip/tar/gzip readers (`archive.py`, `ooxml.py`) and the 7z reader
(`sevenzip.py`), which import it and not each other.
"""

from __future__ import annotations

from typing import IO

from scanners.base import Limits
from scanners.sources.content.parts import ExtractError, TooLarge

# Below this size a high compression ratio is normal, not a bomb: the XML of a long Word
# document or a log of repeated lines deflates 200-500x. (Deflate's ceiling is ~1032x, so
# real bombs are still caught by ratio from here on, and by the size caps regardless.)
MIN_BOMB_BYTES = 32 << 20


class Bomb(ExtractError):
    """The archive as a whole is a bomb (member count, total size): stop reading it."""

    reason = "bomb"


class MemberBomb(Bomb):
    """One member is a bomb (compression ratio): skip it, read the others."""


class Budget:
    """Running totals over one archive: member count and bytes decompressed so far."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.members = 0
        self.total = 0

    def admit(self, declared: int, compressed: int | None) -> int:
        """Check a member's declared size; return the cap for actually reading it."""
        lim = self.limits
        self.members += 1
        if self.members > lim.max_members:
            raise Bomb(f"more than {lim.max_members} members")
        ratio_cap = None
        if compressed is not None:
            ratio_cap = max(MIN_BOMB_BYTES, compressed * lim.max_ratio)
            if declared > ratio_cap:
                raise MemberBomb(f"compression ratio above {lim.max_ratio}")
        if self.total + declared > lim.max_archive_bytes:
            raise Bomb(f"more than {lim.max_archive_bytes} bytes uncompressed in all")
        if declared > lim.max_member_bytes:
            raise TooLarge(f"{declared} bytes uncompressed > limit {lim.max_member_bytes}")
        cap = min(lim.max_member_bytes, lim.max_archive_bytes - self.total)
        return cap if ratio_cap is None else min(cap, ratio_cap)

    def read(self, fh: IO[bytes], cap: int) -> bytes:
        """Read a member, failing as soon as it decompresses to more than `cap` bytes."""
        chunks: list[bytes] = []
        n = 0
        while True:
            block = fh.read(min(1 << 20, cap + 1 - n))
            if not block:
                break
            n += len(block)
            if n > cap:
                if n > self.limits.max_member_bytes:
                    raise TooLarge(
                        f"member decompresses beyond {self.limits.max_member_bytes} bytes"
                    )
                if self.total + n > self.limits.max_archive_bytes:
                    raise Bomb(f"more than {self.limits.max_archive_bytes} bytes uncompressed")
                raise MemberBomb(f"compression ratio above {self.limits.max_ratio}")
            chunks.append(block)
        self.total += n
        return b"".join(chunks)
