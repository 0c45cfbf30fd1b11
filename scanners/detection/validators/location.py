"""Location validators (`resources/rules/location.toml`): coordinates."""

from __future__ import annotations

import re

from scanners.detection.validators.address import division_name
from scanners.detection.validators.common import OK, Verdict

# --- location -----------------------------------------------------------------------------

_FLOAT = re.compile(r"-?[0-9]{1,3}\.[0-9]+")


def coordinates(value: str) -> Verdict | None:
    nums = _FLOAT.findall(value)
    if len(nums) != 2:
        return None
    lat, lon = float(nums[0]), float(nums[1])
    up = value.upper()
    if "S" in up.split(nums[0], 1)[1][:3]:
        lat = -abs(lat)
    if abs(lat) > 90 >= abs(lon):
        lat, lon = lon, lat  # longitude first (AMap's, Baidu's, GeoJSON's order)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or (abs(lat) < 1 and abs(lon) < 1):
        return None  # out of range, or next to 0,0 (small decimals: "seq 0 0.000001 0.0000031")
    if nums[0].split(".")[1] == nums[1].split(".")[1]:
        return None  # "1.2345, 1.2345": a repeated figure, not a position
    fracs = [n.split(".")[1] for n in nums]
    if all(f.endswith("00") for f in fracs) and min(len(f.rstrip("0")) for f in fracs) < 4:
        return None  # "100.200000, 10.800000": padding zeros are no precision (a shape's corner)
    return OK


# A time on a line: a track's point ("2024-05-01 08:30", "08:30:12", an epoch in seconds or
# milliseconds; not a 12-digit division code)
_TIME = re.compile(
    r"[0-9]{1,2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}|(?<![0-9.])1(?:[0-9]{9}|[0-9]{12})(?![0-9.])")


def in_place_list(text: str, start: int, end: int = 0) -> bool:
    """Whether the coordinates at `start` are a row of a list of places: a cell of their
    line is a division's name (GB/T 2260: "654324000000,哈巴河县,86.418621,48.060846") and
    the line holds no time. A person's positions come with times (a track, an app's
    export); a customer's address is no bare division name."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", start)
    line = text[lo:hi if hi != -1 else len(text)]
    if _TIME.search(line):
        return False
    return any(division_name(cell.strip(" \"'")) for cell in _CELLS.split(line))


_CELLS = re.compile(r"[,\t|;，]")


# A column header that says a table holds positions: a Chinese term anywhere, a Latin one as
# a word ("lat", not "latency" or "translation")
_POSITION_HEADER = re.compile(
    r"经度|纬度|坐标|經度|緯度|座標|坐標"
    r"|(?<![a-z])(?:longitude|latitude|lng|lat|lon|coordinates?|location|gps)(?![a-z])")


def place_rows(text: str, columns: tuple[str, ...] | None) -> list[tuple[int, int]]:
    """The (start, end) spans of a table's rows that are places, not whereabouts: the
    table's header names positions, and the row has a cell that is a division's name and no
    time (`in_place_list`). Empty for any other text."""
    if not columns or not any(_POSITION_HEADER.search(c.lower()) for c in columns):
        return []
    rows: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        if end > pos and in_place_list(text, pos):
            rows.append((pos, end))
        pos = end + 1
    return rows
