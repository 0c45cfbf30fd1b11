"""Passport and driving licence numbers of any country, after their keyword
(`resources/rules/identity.toml`: `identity.passport_number`, `identity.driver_license`).
Outside the machine-readable zone (`mrz.py`) a passport number carries no check digit, and
each country writes its own: these checks refuse what no passport office or licensing
authority issues rather than prove a number one did (a British licence's birth date
aside)."""

from __future__ import annotations

import re

from scanners.detection.validators.common import OK, Verdict, date_like, patterned

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


# A DVLA driving licence number: surname (5, padded with 9), the birth decade, month (+50
# for a woman), day, the year's last digit, two initials (padded with 9), a digit (9 but for
# a duplicate surname and initials) and two check letters
_UK = re.compile(r"[A-Z9]{5}([0-9])([0-9]{2})([0-9]{2})([0-9])[A-Z9]{2}[0-9][A-Z]{2}")


def driver_license(value: str) -> Verdict | None:
    """A British DVLA number with a real month and day, or another country's number of
    5-15 letters and digits (dashes and spaces aside) with at least five digits and at most
    three letters, the digits neither a date nor made by hand."""
    v = value.replace("-", "").replace(" ", "")
    if not v.isascii() or not v.isalnum():
        return None
    uk = _UK.fullmatch(v) if len(v) == 16 else None
    if uk is not None:
        month, day = int(uk.group(2)), int(uk.group(3))
        month = month - 50 if month > 50 else month
        return OK if 1 <= month <= 12 and 1 <= day <= 31 else None
    if not 5 <= len(v) <= 15:
        return None
    digits = "".join(c for c in v if c.isdigit())
    if len(digits) < 5 or len(v) - len(digits) > 3 or len(set(digits)) < 3:
        return None
    if patterned(digits) or date_like(digits):
        return None
    return OK
