"""Vehicle identifiers that lead to their owner (`resources/rules/basic.toml`): PRC licence
plates (GA 36-2018) and vehicle identification numbers (ISO 3779, GB 16735).

A plate or a VIN names a car, and the registration behind it names its keeper: China's
rules on car data (汽车数据安全管理若干规定, 2021) count both as personal information when
they can be tied to a person, as a parking log, a rental contract or a fleet export ties them.
"""

from __future__ import annotations

from scanners.detection.validators.common import OK, TEST_DATA, Verdict, published_examples

# GA 36-2018: the issuing office's letter and the serial never use I or O (read as 1 and 0)
_SERIAL = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
_SPECIAL = frozenset("学警港澳挂领使")  # a school's, police, Hong Kong / Macau, trailer ...
_SEPARATORS = "·• "


def cn_plate(value: str) -> Verdict | None:
    """A PRC licence plate: the province's character, the office's letter, an optional dot
    or space, and the serial: five characters with at most two letters (ordinary), a new
    energy vehicle's D or F and five more (small) or five digits and D or F (large), or four
    characters and a special class character."""
    if not 7 <= len(value) <= 9:
        return None
    serial = value[2:].lstrip(_SEPARATORS)
    if len(value) - len(serial) > 3 or value[1] not in _SERIAL or value[1].isdigit():
        return None
    if len(serial) == 6:  # new energy: D/F first (small cars) or last (large)
        if serial[0] in "DF" and serial[1] in _SERIAL and serial[2:].isdigit():
            return OK
        if serial[:5].isdigit() and serial[5] in "DF":
            return OK
        return None
    if len(serial) != 5:
        return None
    if serial[-1] in _SPECIAL:
        serial = serial[:-1]
        return OK if all(c in _SERIAL for c in serial) and any(c.isdigit() for c in serial) \
            else None
    if not all(c in _SERIAL for c in serial):
        return None
    # at most two letters in an ordinary serial; 12345 or one digit five times is the
    # plate examples and forms print (京A12345)
    if sum(c.isalpha() for c in serial) > 2:
        return None
    return TEST_DATA if serial == "12345" or serial == serial[0] * 5 else OK


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin(value: str) -> Verdict | None:
    """A vehicle identification number: 17 characters without I, O or Q, the ninth the
    check digit (the weighted sum of the characters' values mod 11, 10 written X) that North
    America and China require; the model year (10th) is never U, Z or 0."""
    v = value.upper()
    if len(v) != 17 or any(c not in _VIN_VALUES for c in v) or v[9] in "UZ0":
        return None
    if sum(c.isdigit() for c in v) < 5 or len(set(v)) < 6:
        return None
    total = sum(_VIN_VALUES[c] * w for c, w in zip(v, _VIN_WEIGHTS, strict=True)) % 11
    if v[8] != ("X" if total == 10 else str(total)):
        return None
    return TEST_DATA if v in published_examples() else OK
