"""Made-up machine-readable zones (ICAO Doc 9303) of passports, ID cards and visas.

The check digits are computed here from the document's definition (weights 7, 3, 1; digits
as themselves, A-Z as 10-35, "<" as 0), not with the detector's code: a test that makes a
zone here and finds it with the detector checks one against the other. Names, numbers and
dates are random; none is anybody's.
"""

from __future__ import annotations

import random

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STATES = ("DEU", "FRA", "GBR", "USA", "CHN", "JPN", "NLD", "ITA", "ESP", "CAN", "AUS", "D<<")
_SURNAMES = ("MUELLER", "DUPONT", "SMITH", "WANG", "TANAKA", "DE<VRIES", "ROSSI", "GARCIA")
_GIVEN = ("ANNA", "LUKAS", "CLAIRE", "JAMES", "WEI", "YUKI", "SANNE", "MARCO", "LUCIA")


def _check(field: str) -> str:
    total = 0
    for k, c in enumerate(field):
        value = int(c) if c.isdigit() else 0 if c == "<" else 10 + _LETTERS.index(c)
        total += value * (7, 3, 1)[k % 3]
    return str(total % 10)


def _name(r: random.Random, width: int) -> str:
    name = f"{r.choice(_SURNAMES)}<<{r.choice(_GIVEN)}"
    return (name + "<" * width)[:width]


def _number(r: random.Random) -> str:
    return r.choice(_LETTERS) + "".join(r.choice("0123456789" + _LETTERS) for _ in range(8))


def _yymmdd(r: random.Random, first: int, last: int) -> str:
    return f"{r.randint(first, last) % 100:02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"


def td3(r: random.Random, state: str | None = None) -> tuple[str, str]:
    """A passport's two lines of 44: the name line and the data line."""
    state = state or r.choice(_STATES)
    number, born = _number(r), _yymmdd(r, 1950, 2005)
    expires = _yymmdd(r, 2027, 2035)
    personal = "<" * 14
    line = (number + _check(number) + state + born + _check(born) + r.choice("MF")
            + expires + _check(expires) + personal + "<")
    composite = line[:10] + line[13:20] + line[21:43]
    return f"P<{state}{_name(r, 39)}", line + _check(composite)


def td2(r: random.Random) -> tuple[str, str]:
    """An ID card's (or MRV-B visa's) two lines of 36."""
    state = r.choice(_STATES)
    number, born = _number(r), _yymmdd(r, 1950, 2005)
    expires = _yymmdd(r, 2027, 2035)
    line = (number + _check(number) + state + born + _check(born) + r.choice("MF")
            + expires + _check(expires) + "<" * 7)
    composite = line[:10] + line[13:20] + line[21:35]
    return f"I<{state}{_name(r, 31)}", line + _check(composite)


def td1(r: random.Random) -> tuple[str, str, str]:
    """An ID card's three lines of 30."""
    state = r.choice(_STATES)
    number, born = _number(r), _yymmdd(r, 1950, 2005)
    expires = _yymmdd(r, 2027, 2035)
    first = "I<" + state + number + _check(number) + "<" * 15
    second = born + _check(born) + r.choice("MF") + expires + _check(expires) + state
    second += "<" * 11
    composite = first[5:30] + second[:7] + second[8:15] + second[18:29]
    return first, second + _check(composite), _name(r, 30)


def a_child_passport(r: random.Random, today_year: int) -> tuple[str, str]:
    """A TD3 passport of a child born six years before `today_year`."""
    name, line = td3(r)
    born = f"{(today_year - 6) % 100:02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
    line = line[:13] + born + _check(born) + line[20:43]
    composite = line[:10] + line[13:20] + line[21:43]
    return name, line + _check(composite)


def wrong_check(line: str) -> str:
    """The data line with its document number's check digit changed."""
    return line[:9] + str((int(line[9]) + 1) % 10) + line[10:]


def labelled_docs(seed: int) -> list[tuple[str, list[list[tuple[str, str, str]]]]]:
    """The labelled corpus's hotel check-in log (synth/labelled.py): per guest the OCR of
    a passport's or ID card's zone, the data line labelled; now and then the same line with
    its number's check digit changed (an OCR misread), which nothing may report. Rows are
    lists of (text, rule, kind) segments as in synth/national_ids.labelled_docs."""
    r = random.Random(seed * 7919 + 9303)
    rows: list[list[tuple[str, str, str]]] = [[("Front desk: documents read at check-in", "",
                                                "")]]
    for k in range(12):
        name, line = td3(r) if k % 3 else td2(r)
        rows.append([(f"Guest {k + 1:02d}, room {r.randint(101, 420)}", "", "")])
        rows.append([(name, "", "")])
        if k % 5 == 4:
            rows.append([(wrong_check(line), "", "mrz.check")])
        else:
            rows.append([(line, "identity.mrz", "")])
    return [("checkin_mrz", rows)]
