"""A small read-only reader of GVDB files and the GVariant values inside them.

GVDB is GLib's on-disk hash table (GNOME/gvdb: gvdb-format.h, gvdb-builder.c). The flatpak
and xdg-desktop-portal permission store keeps one GVDB file per table in
~/.local/share/flatpak/db/ with two sub-tables: "main" (id -> GVariant "(va{sas})": data and
the sorted app -> permissions dictionary) and "apps" (app -> "as" of ids).

Layout, little-endian:
  header   "GVariant" signature (two u32), version u32, options u32, root pointer (start, end)
  table    bloom header u32 (shift << 27 | n words), n_buckets u32, bloom words, bucket
           starts, then 24-byte items: hash u32, parent u32, key_start u32, key_size u16,
           type char ('v' value, 'H' table, 'L' list), unused char, value pointer (start, end)
  key      an item's own part of its key; the full key is its parents' keys + its own
  value    a GVariant of type "v" in normal form, 8-aligned

Everything is bounds-checked: a truncated or hostile file raises ValueError, never reads
outside the buffer and never loops (nesting and parent chains are capped).
"""

from __future__ import annotations

import struct
from typing import Any

SIGNATURE = b"GVariant"
SWAPPED = b"raVGtnai"
_ITEM = struct.Struct("<IIIHccII")
MAX_DEPTH = 32
MAX_ITEMS = 1_000_000


class GvdbTable:
    """One hash table of a GVDB file: names and values (GVariant) or nested tables."""

    def __init__(self, data: bytes, start: int, end: int, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise ValueError("gvdb: tables nested too deeply")
        _check(data, start, end, 4, "table")
        if end - start < 8:
            raise ValueError("gvdb: table header truncated")
        self._data = data
        self._depth = depth
        bloom_hdr, n_buckets = struct.unpack_from("<II", data, start)
        n_bloom = bloom_hdr & ((1 << 27) - 1)
        pos = start + 8 + 4 * n_bloom + 4 * n_buckets
        if pos > end:
            raise ValueError("gvdb: bloom filter or buckets run past the table")
        n_items, rest = divmod(end - pos, _ITEM.size)
        if rest or n_items > MAX_ITEMS:
            raise ValueError("gvdb: item array has a bad size")
        self._items = [_ITEM.unpack_from(data, pos + i * _ITEM.size) for i in range(n_items)]

    def _key(self, index: int) -> str:
        parts: list[bytes] = []
        seen: set[int] = set()
        while index != 0xFFFFFFFF:
            if index in seen or index >= len(self._items):
                raise ValueError("gvdb: bad parent chain")
            seen.add(index)
            _h, parent, kstart, ksize, _t, _u, _s, _e = self._items[index]
            _check(self._data, kstart, kstart + ksize, 1, "key")
            parts.append(self._data[kstart:kstart + ksize])
            index = parent
        return b"".join(reversed(parts)).decode("utf-8")

    def names(self) -> list[str]:
        return [self._key(i) for i in range(len(self._items))]

    def _find(self, name: str) -> tuple[bytes, int, int]:
        for i, item in enumerate(self._items):
            if self._key(i) == name:
                return item[4], item[6], item[7]
        raise KeyError(name)

    def table(self, name: str) -> GvdbTable:
        kind, start, end = self._find(name)
        if kind != b"H":
            raise ValueError(f"gvdb: {name!r} is not a table")
        return GvdbTable(self._data, start, end, self._depth + 1)

    def value(self, name: str) -> Any:
        """The GVariant stored under `name`, decoded (the outer "v" unwrapped)."""
        kind, start, end = self._find(name)
        if kind != b"v":
            raise ValueError(f"gvdb: {name!r} is not a value")
        _check(self._data, start, end, 8, "value")
        _type, value = decode("v", self._data[start:end])
        return value

    def items(self) -> list[tuple[str, Any]]:
        out = []
        for i, item in enumerate(self._items):
            if item[4] == b"v":
                out.append((self._key(i), self.value(self._key(i))))
        return out


def open_gvdb(data: bytes) -> GvdbTable:
    """The root table of a GVDB file's bytes (ValueError when it is not one)."""
    if len(data) < 24:
        raise ValueError("gvdb: truncated header")
    if data[:8] == SWAPPED:
        raise ValueError("gvdb: big-endian file (not written on this machine)")
    if data[:8] != SIGNATURE:
        raise ValueError("gvdb: not a GVDB file")
    version, _options, start, end = struct.unpack_from("<IIII", data, 8)
    if version != 0:
        raise ValueError(f"gvdb: unknown version {version}")
    return GvdbTable(data, start, end)


def _check(data: bytes, start: int, end: int, align: int, what: str) -> None:
    if start > end or end > len(data) or start % align:
        raise ValueError(f"gvdb: {what} pointer out of bounds or misaligned")


# ------------------------------------------------------------------------------ GVariant

_FIXED = {"b": (1, 1), "y": (1, 1), "n": (2, 2), "q": (2, 2), "i": (4, 4), "u": (4, 4),
          "h": (4, 4), "x": (8, 8), "t": (8, 8), "d": (8, 8)}
_STRUCT = {"b": "<?", "y": "<B", "n": "<h", "q": "<H", "i": "<i", "u": "<I", "h": "<i",
           "x": "<q", "t": "<Q", "d": "<d"}


def type_end(sig: str, i: int = 0, depth: int = 0) -> int:
    """The index just after the one complete type starting at sig[i]."""
    if depth > MAX_DEPTH or i >= len(sig):
        raise ValueError("gvariant: bad type string")
    c = sig[i]
    if c in _FIXED or c in "sogv":
        return i + 1
    if c in "am":
        return type_end(sig, i + 1, depth + 1)
    if c in "({":
        close = ")" if c == "(" else "}"
        j = i + 1
        while j < len(sig) and sig[j] != close:
            j = type_end(sig, j, depth + 1)
        if j >= len(sig):
            raise ValueError("gvariant: unclosed container type")
        return j + 1
    raise ValueError(f"gvariant: unknown type {c!r}")


def members(sig: str) -> list[str]:
    """The member types of a tuple or dict-entry type."""
    out, j = [], 1
    while j < len(sig) - 1:
        k = type_end(sig, j)
        out.append(sig[j:k])
        j = k
    return out


def alignment(t: str) -> int:
    c = t[0]
    if c in _FIXED:
        return _FIXED[c][1]
    if c in "sog":
        return 1
    if c == "v":
        return 8
    if c in "am":
        return alignment(t[1:])
    return max((alignment(m) for m in members(t)), default=1)


def fixed_size(t: str) -> int | None:
    c = t[0]
    if c in _FIXED:
        return _FIXED[c][0]
    if c in "sogvam":
        return None
    size = 0
    for m in members(t):
        s = fixed_size(m)
        if s is None:
            return None
        size = _align(size, alignment(m)) + s
    if size == 0:
        return 1  # the unit type
    return _align(size, alignment(t))


def offset_size(n: int) -> int:
    if n == 0:
        return 0
    if n <= 0xFF:
        return 1
    if n <= 0xFFFF:
        return 2
    if n <= 0xFFFFFFFF:
        return 4
    return 8


def _align(n: int, a: int) -> int:
    return (n + a - 1) & ~(a - 1)


def _read_offset(data: bytes, at: int, size: int) -> int:
    return int.from_bytes(data[at:at + size], "little")


def decode(t: str, data: bytes, depth: int = 0) -> Any:
    """Decode a serialised GVariant of type `t` (normal form, little-endian).

    Returns Python values: str, int, bool, float, list, tuple, None for an empty maybe, and
    (type, value) for a variant. Raises ValueError on anything malformed.
    """
    if depth > MAX_DEPTH:
        raise ValueError("gvariant: nested too deeply")
    c = t[0]
    if c in _FIXED:
        if len(data) != _FIXED[c][0]:
            raise ValueError("gvariant: fixed-size value has the wrong size")
        return struct.unpack(_STRUCT[c], data)[0]
    if c in "sog":
        if not data or data[-1] != 0 or 0 in data[:-1]:
            raise ValueError("gvariant: string is not nul-terminated")
        return data[:-1].decode("utf-8")
    if c == "v":
        nul = data.rfind(b"\x00")
        if nul < 0:
            raise ValueError("gvariant: variant without a type")
        inner = data[nul + 1:].decode("ascii")
        if not inner or type_end(inner) != len(inner):
            raise ValueError("gvariant: variant with a bad type")
        return inner, decode(inner, data[:nul], depth + 1)
    if c == "m":
        elem = t[1:]
        if not data:
            return None
        if fixed_size(elem) is not None:
            return decode(elem, data, depth + 1)
        return decode(elem, data[:-1], depth + 1)
    if c == "a":
        return _decode_array(t[1:], data, depth)
    return _decode_tuple(t, data, depth)


def _decode_array(elem: str, data: bytes, depth: int) -> list[Any]:
    size = fixed_size(elem)
    if size is not None:
        if len(data) % size:
            raise ValueError("gvariant: array length is not a multiple of its element")
        return [decode(elem, data[i:i + size], depth + 1) for i in range(0, len(data), size)]
    if not data:
        return []
    osize = offset_size(len(data))
    last = _read_offset(data, len(data) - osize, osize)
    if last > len(data) or (len(data) - last) % osize:
        raise ValueError("gvariant: bad array framing")
    n = (len(data) - last) // osize
    out, start = [], 0
    a = alignment(elem)
    for k in range(n):
        end = _read_offset(data, last + k * osize, osize)
        start = _align(start, a)
        if not start <= end <= last:
            raise ValueError("gvariant: array element out of bounds")
        out.append(decode(elem, data[start:end], depth + 1))
        start = end
    return out


def _decode_tuple(t: str, data: bytes, depth: int) -> tuple[Any, ...]:
    ms = members(t)
    osize = offset_size(len(data))
    frames = 0  # framing offsets used so far, read from the end backwards
    pos = 0
    out = []
    for idx, m in enumerate(ms):
        pos = _align(pos, alignment(m))
        size = fixed_size(m)
        if size is not None:
            end = pos + size
        elif idx == len(ms) - 1:
            end = len(data) - osize * frames
        else:
            frames += 1
            at = len(data) - osize * frames
            if at < 0:
                raise ValueError("gvariant: tuple framing out of bounds")
            end = _read_offset(data, at, osize)
        if not pos <= end <= len(data) - osize * frames:
            raise ValueError("gvariant: tuple member out of bounds")
        out.append(decode(m, data[pos:end], depth + 1))
        pos = end
    return tuple(out)
