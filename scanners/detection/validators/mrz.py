"""The machine-readable zone of passports, identity cards and visas (ICAO Doc 9303).

A scanned or photographed passport's OCR text, a travel agency's or hotel's export, a border
app's log hold the MRZ's data line: document number, nationality, birth date, sex and expiry,
each number field followed by its check digit (weights 7, 3, 1 over the characters read as
0-9, A-Z = 10-35, "<" = 0). Three check digits and two real dates: a random line of that shape
passes about once in ten thousand, so the rule needs no keyword.

The three layouts read here:

- TD3 (passports, 2 lines of 44) and MRV-A visas: the second line, 44 characters; a passport's
  also ends in the personal number's check and a composite check over the line.
- TD2 (2 lines of 36: older ID cards, MRV-B visas): the second line, 36 characters.
- TD1 (ID cards, 3 lines of 30): the first two lines (the document number and its check in the
  first, the dates and the composite check in the second), joined by their line break.

ICAO's specimens are issued by Utopia ("UTO"): test data, low.
"""

from __future__ import annotations

from datetime import date

from scanners.detection.validators.common import Verdict
from scanners.model import Severity

_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_VALUES["<"] = 0
_WEIGHTS = (7, 3, 1)
SPECIMEN_STATE = "UTO"


def check_digit(field: str) -> str:
    """ICAO 9303's check digit of `field` (its characters in 0-9, A-Z and "<")."""
    return str(sum(_VALUES[c] * _WEIGHTS[k % 3] for k, c in enumerate(field)) % 10)


def _checks(field: str, digit: str) -> bool:
    # An absent optional field may be all fillers with "<" (or 0) as its check
    if digit == "<":
        return field.strip("<") == ""
    return digit.isdigit() and check_digit(field) == digit


def _day(yymmdd: str, today: date, birth: bool) -> date | None:
    """The date a YYMMDD field names: a birth date is not in the future (this century's, or
    the one before's); an expiry is this century's."""
    if not yymmdd.isdigit():
        return None
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    for century in (2000, 1900) if birth else (2000,):
        try:
            day = date(century + yy, mm, dd)
        except ValueError:
            continue  # (29 February of 2000 is a day, of 1900 not)
        if not birth or day <= today:
            return day
    return None


def _state(code: str) -> bool:
    """An issuing state or nationality: three letters, or fewer padded with "<" ("D<<")."""
    letters = code.rstrip("<")
    return bool(letters) and letters.isalpha() and letters.isupper()


def _verdict(document: str, state: str, born: date) -> Verdict:
    # The birth date stays in the detector (a child's passport is a minor's finding); the
    # state is the holder's nationality on most layouts: personal, not said either.
    detail = {"type": document, "birth_date": born.isoformat()}
    if state == SPECIMEN_STATE:
        return Verdict(severity=Severity.LOW, detail={**detail, "test_data": "yes"})
    return Verdict(detail=detail)


def _data_line(line: str, today: date) -> tuple[str, date] | None:
    """TD3 / TD2 / MRV second line: number, its check, nationality, birth date, its check,
    sex, expiry, its check (the first 28 characters of both layouts)."""
    number, nationality = line[:9], line[10:13]
    if not (_checks(number, line[9]) and number.strip("<") and _state(nationality)):
        return None
    if not (_checks(line[13:19], line[19]) and line[20] in "MFX<"
            and _checks(line[21:27], line[27])):
        return None
    born = _day(line[13:19], today, birth=True)
    if born is None or _day(line[21:27], today, birth=False) is None:
        return None
    return nationality, born


def mrz_at(value: str, today: date) -> Verdict | None:
    """`mrz` for a given day (the tests' clock)."""
    if not all(c in _VALUES or c in "\r\n" for c in value):
        return None  # (what the rule's pattern takes never holds another character)
    if "\n" in value:  # TD1: two lines of 30
        first, _, second = value.partition("\n")
        first = first.rstrip("\r")
        if len(first) != 30 or len(second) != 30 or first[0] not in "ACI":
            return None
        number, state = first[5:14], first[2:5]
        if not (_checks(number, first[14]) and number.strip("<") and _state(state)):
            return None
        if not (_checks(second[:6], second[6]) and second[7] in "MFX<"
                and _checks(second[8:14], second[14]) and _state(second[15:18])):
            return None
        composite = first[5:30] + second[:7] + second[8:15] + second[18:29]
        if not _checks(composite, second[29]):
            return None
        born = _day(second[:6], today, birth=True)
        if born is None or _day(second[8:14], today, birth=False) is None:
            return None
        return _verdict("id_card", state, born)
    if len(value) not in (44, 36):
        return None
    read = _data_line(value, today)
    if read is None:
        return None
    nationality, born = read
    if len(value) == 36:  # TD2: the composite over the number, dates and optional data
        composite = value[:10] + value[13:20] + value[21:35]
        if value[35] != "<" and not _checks(composite, value[35]):
            return None
        return _verdict("travel_document", nationality, born)
    # TD3: the personal number and the composite check (an MRV-A visa has optional data
    # there instead: its line passes the first three checks, which suffice)
    composite = value[:10] + value[13:20] + value[21:43]
    passport = _checks(value[28:42], value[42]) and _checks(composite, value[43])
    return _verdict("passport" if passport else "visa", nationality, born)


def mrz(value: str) -> Verdict | None:
    """A machine-readable zone's data line(s) whose check digits and dates hold."""
    return mrz_at(value, date.today())
