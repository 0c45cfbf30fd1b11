"""Made-up PRC licence plates and vehicle identification numbers, for tests.

A VIN's check digit is computed here from ISO 3779's definition (letters' values, position
weights, mod 11), not with the detector's code. Every plate and VIN is random; none is any
car's.
"""

from __future__ import annotations

import random

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_TRANSLIT = {c: v for c, v in zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                                   (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6,
                                    7, 8, 9), strict=True)}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model year codes: never I, O, Q, U, Z or 0


def vin_check(vin: str) -> str:
    """The check character (position 9) of a 17-character VIN."""
    total = sum((int(c) if c.isdigit() else _TRANSLIT[c]) * w
                for c, w in zip(vin, _WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def vin(r: random.Random) -> str:
    """A world manufacturer code, descriptors, the check digit, a model year, a plant and a
    serial number."""
    wmi = r.choice(("LSV", "LFV", "LHG", "WVW", "1HG", "5YJ", "JTD", "KMH"))
    body = wmi + "".join(r.choice(_VIN_CHARS) for _ in range(5)) + "0" + r.choice(_YEARS) \
        + r.choice(_VIN_CHARS) + f"{r.randint(0, 999999):06d}"
    return body[:8] + vin_check(body) + body[9:]


def plate(r: random.Random) -> str:
    """An ordinary plate (at most two letters in the serial) or a new energy vehicle's."""
    head = r.choice(_PROVINCES) + r.choice(_LETTERS)
    if r.random() < 0.3:
        return head + r.choice("DF") + r.choice(_LETTERS + "0123456789") + \
            "".join(r.choice("0123456789") for _ in range(4))
    while True:
        serial = "".join(r.choice("0123456789") for _ in range(5))
        if serial != "12345" and len(set(serial)) > 1:
            break
    for _ in range(r.randint(0, 2)):
        k = r.randrange(5)
        serial = serial[:k] + r.choice(_LETTERS) + serial[k + 1:]
    return head + serial
