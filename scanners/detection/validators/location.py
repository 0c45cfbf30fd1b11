"""Location validators (`resources/rules/location.toml`): coordinates."""

from __future__ import annotations

import re

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
