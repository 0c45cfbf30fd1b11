"""Passport numbers of any country, next to a passport keyword (`resources/rules/identity.toml`,
`identity.passport_number`). Outside the machine-readable zone (`mrz.py`) a passport number
carries no check digit, and each country writes its own: this check refuses what no
passport office issues rather than proving a number one did."""

from __future__ import annotations

import re

from scanners.detection.validators.accounts import date_like
from scanners.detection.validators.common import OK, Verdict, patterned

# A Unicode code point as locale and glyph tables write it ("<U0001F6C2> % PASSPORT CONTROL")
_CODE_POINT = re.compile("U0[0-9A-F]{3,7}")


def passport_number(value: str) -> Verdict | None:
    """8 or 9 capital letters and digits (what the passports of most countries hold), at
    least four digits and at most four letters, 9 if all digits, the digits neither a date
    nor made by hand, nor a Unicode code point."""
    if not 8 <= len(value) <= 9 or not value.isascii() or not value.isalnum():
        return None
    digits = "".join(c for c in value if c.isdigit())
    letters = len(value) - len(digits)
    if len(digits) < 4 or letters > 4 or len(set(digits)) < 3:
        return None
    if not letters and len(digits) != 9:
        return None  # (all digits: the US, UK and Russian books' 9; 8 is a count or a date)
    if patterned(digits) or date_like(digits) or _CODE_POINT.fullmatch(value):
        return None
    return OK
