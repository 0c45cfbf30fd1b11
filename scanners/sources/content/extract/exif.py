"""EXIF GPS position of photos (JPEG, TIFF, HEIC), read without an imaging library.

Only the metadata is read: JPEG APP1 segments before the image data, a TIFF's IFDs, and
the 'Exif' item of an HEIF file located through its meta/iinf/iloc boxes. Every offset
comes from the file, so every read is bounds-checked and loops are capped.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from scanners.base import Limits
from scanners.sources.content.parts import ExtractError, Hit, ItemStream, Source

RULE = "location.exif_gps"
_MAX_ENTRIES = 512  # per IFD
_MAX_META = 4 << 20  # an HEIF meta box larger than this is not a photo's


class ExifError(ExtractError, ValueError):
    """Metadata that points outside itself or is cut short: a corrupt photo (recorded)."""


class Tiff:
    """Random access to a TIFF structure that starts at `base` in `fh`."""

    def __init__(self, fh: BinaryIO, base: int, size: int) -> None:
        self.fh, self.base, self.size = fh, base, size
        order = self.read(0, 2)
        if order == b"II":
            self.bo = "<"
        elif order == b"MM":
            self.bo = ">"
        else:
            raise ExifError("not a TIFF header")
        if self.unpack("H", 2) != 42:
            raise ExifError("not a TIFF header")

    def read(self, offset: int, n: int) -> bytes:
        if offset < 0 or n < 0 or offset + n > self.size:
            raise ExifError("offset outside the EXIF data")
        self.fh.seek(self.base + offset)
        data = self.fh.read(n)
        if len(data) != n:
            raise ExifError("truncated EXIF data")
        return data

    def unpack(self, fmt: str, offset: int) -> int:
        value: int = struct.unpack(self.bo + fmt, self.read(offset, struct.calcsize(fmt)))[0]
        return value

    def ifd(self, offset: int) -> dict[int, tuple[int, int, int]]:
        """Tag -> (type, count, offset of the value or of the 4-byte inline value)."""
        entries: dict[int, tuple[int, int, int]] = {}
        count = min(self.unpack("H", offset), _MAX_ENTRIES)
        for i in range(count):
            at = offset + 2 + 12 * i
            tag, typ, n = struct.unpack(self.bo + "HHI", self.read(at, 8))
            size = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8}.get(typ, 1) * n
            entries[tag] = (typ, n, at + 8 if size <= 4 else self.unpack("I", at + 8))
        return entries

    def ascii(self, entry: tuple[int, int, int] | None) -> str:
        if entry is None or entry[0] != 2:
            return ""
        raw = self.read(entry[2], min(entry[1], 256))
        return raw.split(b"\x00", 1)[0].decode("utf-8", "replace").strip()

    def rationals(self, entry: tuple[int, int, int] | None) -> list[float] | None:
        if entry is None or entry[0] not in (5, 10) or entry[1] < 3:
            return None
        fmt = "II" if entry[0] == 5 else "ii"
        values = []
        for i in range(3):
            num, den = struct.unpack(self.bo + fmt, self.read(entry[2] + 8 * i, 8))
            if den == 0:
                return None
            values.append(num / den)
        return values

    def pointer(self, entry: tuple[int, int, int] | None) -> int | None:
        if entry is None or entry[0] not in (4, 13):
            return None
        return self.unpack("I", entry[2])


def _degrees(dms: list[float] | None, ref: str, negative: str) -> float | None:
    if dms is None:
        return None
    deg, minutes, seconds = dms
    if not (0 <= minutes < 60 and 0 <= seconds < 60):
        return None
    value = deg + minutes / 60 + seconds / 3600
    return -value if ref.upper().startswith(negative) else value


def gps_hit(tiff: Tiff, path: str) -> Hit | None:
    """The GPS position of an EXIF TIFF structure as a hit, if present and plausible."""
    ifd0 = tiff.ifd(tiff.unpack("I", 4))
    gps_at = tiff.pointer(ifd0.get(0x8825))
    if gps_at is None:
        return None
    gps = tiff.ifd(gps_at)
    lat = _degrees(tiff.rationals(gps.get(2)), tiff.ascii(gps.get(1)), "S")
    lon = _degrees(tiff.rationals(gps.get(4)), tiff.ascii(gps.get(3)), "W")
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    if lat == 0 and lon == 0:
        return None  # "null island": cameras write zeros when they had no fix
    detail = {"make": tiff.ascii(ifd0.get(0x010F)), "model": tiff.ascii(ifd0.get(0x0110))}
    when = tiff.ascii(ifd0.get(0x0132))
    exif_at = tiff.pointer(ifd0.get(0x8769))
    if exif_at is not None:
        try:
            when = tiff.ascii(tiff.ifd(exif_at).get(0x9003)) or when
        except (ValueError, struct.error):
            pass
    detail["datetime"] = when
    return Hit(
        path=path,
        rule=RULE,
        value=f"{lat:.6f},{lon:.6f}",
        detail={k: v for k, v in detail.items() if v},
    )


def _size(fh: BinaryIO) -> int:
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    return size


def _jpeg_exif(fh: BinaryIO) -> tuple[int, int] | None:
    """(offset, length) of the TIFF data in the first Exif APP1 segment."""
    pos = 2
    for _ in range(64):  # markers before the image data; real files have a handful
        fh.seek(pos)
        marker = fh.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind in (0xD9, 0xDA):  # end of image, start of scan: no metadata after this
            return None
        length = int.from_bytes(marker[2:4], "big")
        if length < 2:
            return None
        if kind == 0xE1 and fh.read(6) == b"Exif\x00\x00":
            return pos + 10, length - 8
        pos += 2 + length
    return None


def extract_jpeg(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        found = _jpeg_exif(fh)
        if found is not None:
            hit = gps_hit(Tiff(fh, found[0], found[1]), src.name)
            if hit is not None:
                yield hit


def extract_tiff(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        hit = gps_hit(Tiff(fh, 0, _size(fh)), src.name)
        if hit is not None:
            yield hit


# --- HEIF/HEIC (ISO base media file format) ------------------------------------------------


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in data[start:end]."""
    out: list[tuple[bytes, int, int]] = []
    pos = start
    while pos + 8 <= end and len(out) < 4096:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        head = 8
        if size == 1:
            if pos + 16 > end:
                break
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            head = 16
        elif size == 0:
            size = end - pos
        if size < head or pos + size > end:
            break
        out.append((kind, pos + head, pos + size))
        pos += size
    return out


def _top_meta(fh: BinaryIO) -> bytes | None:
    """The payload of the top-level 'meta' box, read from the file box by box."""
    pos = 0
    for _ in range(64):
        fh.seek(pos)
        header = fh.read(16)
        if len(header) < 8:
            return None
        size, kind = struct.unpack(">I4s", header[:8])
        head = 8
        if size == 1 and len(header) == 16:
            size, head = struct.unpack(">Q", header[8:16])[0], 16
        if size < head:
            return None
        if kind == b"meta":
            if size > _MAX_META:
                return None
            fh.seek(pos + head)
            return fh.read(size - head)
        pos += size
    return None


def _uint(data: bytes, pos: int, size: int) -> tuple[int, int]:
    if size == 0:
        return 0, pos
    if pos + size > len(data):
        raise ExifError("truncated box")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _exif_item_id(meta: bytes, iinf: tuple[int, int]) -> int | None:
    start, end = iinf
    version = meta[start]
    pos = start + 4 + (2 if version == 0 else 4)
    for kind, b_start, _b_end in _boxes(meta, pos, end):
        if kind != b"infe" or b_start + 4 > len(meta):
            continue
        infe_version = meta[b_start]
        p = b_start + 4
        if infe_version < 2:
            continue
        item_id, p = _uint(meta, p, 2 if infe_version == 2 else 4)
        p += 2  # protection index
        if meta[p : p + 4] == b"Exif":
            return item_id
    return None


def _item_extent(meta: bytes, iloc: tuple[int, int], wanted: int) -> tuple[int, int] | None:
    """(file offset, length) of the first extent of item `wanted`."""
    pos, _end = iloc
    version = meta[pos]
    pos += 4
    sizes = meta[pos] << 8 | meta[pos + 1]
    off_size, len_size, base_size = sizes >> 12, (sizes >> 8) & 15, (sizes >> 4) & 15
    idx_size = sizes & 15 if version in (1, 2) else 0
    pos += 2
    count, pos = _uint(meta, pos, 2 if version < 2 else 4)
    for _ in range(min(count, 4096)):
        item_id, pos = _uint(meta, pos, 2 if version < 2 else 4)
        if version in (1, 2):
            pos += 2  # construction method
        pos += 2  # data reference index
        base, pos = _uint(meta, pos, base_size)
        extents, pos = _uint(meta, pos, 2)
        first: tuple[int, int] | None = None
        for _e in range(min(extents, 4096)):
            _index, pos = _uint(meta, pos, idx_size)
            offset, pos = _uint(meta, pos, off_size)
            length, pos = _uint(meta, pos, len_size)
            if first is None:
                first = (base + offset, length)
        if item_id == wanted:
            return first
    return None


def extract_heic(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        meta = _top_meta(fh)
        if meta is None or len(meta) < 4:
            return
        children = {kind: (s, e) for kind, s, e in _boxes(meta, 4, len(meta))}  # full box
        if b"iinf" not in children or b"iloc" not in children:
            return
        item = _exif_item_id(meta, children[b"iinf"])
        if item is None:
            return
        extent = _item_extent(meta, children[b"iloc"], item)
        if extent is None:
            return
        offset, length = extent
        fh.seek(offset)
        skip = int.from_bytes(fh.read(4), "big")  # exif_tiff_header_offset
        if skip > length:
            return
        tiff_at = offset + 4 + skip
        hit = gps_hit(Tiff(fh, tiff_at, length - 4 - skip), src.name)
        if hit is not None:
            yield hit
