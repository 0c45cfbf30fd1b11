"""What a ciphertext's prefix says about its protection on each OS
(chromium/chromium: components/os_crypt): Linux "v10" is AES under a key derived from the
public string "peanuts" -> "weak-key"; Linux "v11" -> "keyring"; macOS "v10" (Keychain),
Windows "v10" (DPAPI-wrapped key), Windows "v20" (app-bound) and raw DPAPI blobs ->
"keyring"; no prefix on a non-empty value (legacy) -> "plaintext". Only the first three
bytes of a value are ever read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from scanners.sources.stores.browsers import (
    worst,
)
from scanners.system.phrases import Phrase, join, say, verbatim


def _prefix(value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8", "replace")[:3]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)[:3]
    return str(value).encode()[:3]  # a number where a blob belongs: not an encryption prefix


def _label(prefix: bytes) -> str:
    if prefix in (b"v10", b"v11", b"v20"):
        return prefix.decode()
    if prefix == b"\x01\x00\x00":
        return "dpapi"
    return "none"


def protection_of(prefix: bytes, osk: str) -> str | None:
    """The protection a ciphertext prefix gives on an OS (see the module docstring)."""
    if not prefix:
        return None  # nothing stored (a federated login, a blocklisted site)
    label = _label(prefix)
    if label == "v10":
        return "weak-key" if osk == "linux" else "keyring"
    if label in ("v11", "v20", "dpapi"):
        return "keyring"
    return "plaintext"


def _meaning(label: str, osk: str) -> Phrase:
    if label == "v10":
        return say(f"chromium.prefix.v10_{osk}")
    if label in ("v11", "v20", "dpapi", "none"):
        return say(f"chromium.prefix.{label}")
    return verbatim(label)


@dataclass(slots=True)
class Mix:
    """How many values carry each encryption prefix."""

    counts: dict[str, int]
    protection: str | None

    def text(self) -> str:
        return ", ".join(f"{k}:{v}" for k, v in sorted(self.counts.items()))

    def meaning(self, osk: str) -> Phrase:
        """What the prefixes mean, most common first ("v10: fixed key..." or, for a
        mixture, each with its count); str() of it is the English text."""
        order = sorted(self.counts, key=lambda k: -self.counts[k])
        if len(self.counts) > 1:
            return join((_meaning(k, osk) + say("times", n=self.counts[k]) for k in order),
                        "list.semicolon")
        return join((_meaning(k, osk) for k in order), "list.semicolon")


def prefix_mix(conn: sqlite3.Connection, table: str, col: str, osk: str, where: str = "") -> Mix:
    rows = conn.execute(
        f'SELECT substr("{col}", 1, 3) AS p, count(*) FROM "{table}"'
        + (f" WHERE {where}" if where else "") + " GROUP BY p").fetchall()
    counts: dict[str, int] = {}
    levels: list[str | None] = []
    for raw, n in rows:
        prefix = _prefix(raw)
        if not prefix:
            continue
        label = _label(prefix)
        counts[label] = counts.get(label, 0) + int(n)
        levels.append(protection_of(prefix, osk))
    return Mix(counts, worst(levels))
