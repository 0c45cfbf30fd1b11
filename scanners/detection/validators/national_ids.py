"""National identifiers outside Greater China and the US SSN (`resources/rules/identity.toml`,
`health.toml`): the check digits of each scheme, through python-stdnum where it has the
scheme, and the shape rules that keep hand-made numbers out.

Most of these numbers are short digit runs that a random number passes one time in ten or
eleven, so their rules require a keyword; the validators here only say whether the value is
a well-formed number of its scheme. Where a scheme's written form is distinctive (a Finnish
HETU's century sign, an Italian fiscal code's letters, a dashed Korean RRN or ITIN), the
validator returns OK for that form and WEAK for the bare digits: a keyword is then needed
only for the bare form.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from scanners.detection.validators.common import (
    OK,
    TEST_DATA,
    WEAK,
    Verdict,
    digits_of,
    patterned,
    published_examples,
)
from scanners.model import Severity


@cache
def _std(name: str) -> Any:
    """python-stdnum's module for a scheme ("gb.nhs"), imported when first needed: its
    package costs 40 ms to import, which a rescan answered from the cache never pays."""
    return importlib.import_module(f"stdnum.{name}")


def _grouped(value: str, sizes: tuple[int, ...], separators: str = " -") -> bool:
    """`value` is its characters alone, or in groups of `sizes` joined by one separator
    (the same one throughout) from `separators`."""
    if len(value) == sum(sizes):
        return True
    if len(value) != sum(sizes) + len(sizes) - 1:
        return False
    sep = value[sizes[0]]
    if sep not in separators:
        return False
    at = 0
    for size in sizes[:-1]:
        at += size
        if value[at] != sep:
            return False
        at += 1
    return True


def _checked(
    scheme: str, length: int, sizes: tuple[int, ...] | None = None
) -> Callable[[str], Verdict | None]:
    """A validator of a digits-only scheme: `length` digits, in `sizes` groups or none, not
    made by hand (`patterned`), valid by python-stdnum's check of `scheme`."""

    def check(value: str) -> Verdict | None:
        d = digits_of(value)
        if len(d) != length or patterned(d) or len(set(d)) < 3:
            return None
        if sizes is not None and not _grouped(value, sizes):
            return None
        return OK if _std(scheme).is_valid(d) else None

    return check


# --- United Kingdom ----------------------------------------------------------------------

uk_nhs = _checked("gb.nhs", 10, (3, 3, 4))

# HMRC's rules: the first letter is not D, F, I, Q, U or V, the second not those nor O;
# prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued; the suffix is A-D.
_NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]")
_NINO_NEVER = frozenset(("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"))


def uk_nino(value: str) -> Verdict | None:
    """UK National Insurance number: AB 12 34 56 C (spaced, distinctive) or AB123456C (a
    keyword needed)."""
    v = value.upper()
    spaced = len(v) == 13
    if spaced:
        if not _grouped(v, (2, 2, 2, 2, 1), " "):
            return None
    elif len(v) > 9 and not (_grouped(v, (2, 6, 1), " ") or _grouped(v, (2, 7), " ")):
        return None  # AB 123456 C, AB 123456C; not RL 55 6815 A
    v = v.replace(" ", "")
    if len(v) != 9 or not _NINO.fullmatch(v) or v[:2] in _NINO_NEVER:
        return None
    digits = v[2:8]
    if len(set(digits)) < 3 or digits in ("123456", "654321"):
        return None  # documentation's AB123456C, QQ 12 34 56 C
    # HMRC's spaced form in capitals counts alone; the other writings (unspaced, one space,
    # lower case: "ni no. tw987654a") next to a keyword
    return OK if spaced and value.isupper() else WEAK


# --- Spain -------------------------------------------------------------------------------

def es_dni(value: str) -> Verdict | None:
    """Spanish DNI / NIF: 8 digits and their mod-23 letter."""
    v = value.upper().replace("-", "").replace(" ", "")
    if len(v) != 9 or patterned(v[:8]) or len(set(v[:8])) < 3:
        return None
    return OK if _std("es.dni").is_valid(v) else None


def es_nie(value: str) -> Verdict | None:
    """Spanish NIE (foreigner's number): X, Y or Z, 7 digits and the mod-23 letter."""
    v = value.upper().replace("-", "").replace(" ", "")
    if len(v) != 9 or patterned(v[1:8]) or len(set(v[1:8])) < 3:
        return None
    return OK if _std("es.nie").is_valid(v) else None


# --- Italy -------------------------------------------------------------------------------

def it_fiscal_code(value: str) -> Verdict | None:
    """Codice fiscale: 16 characters (surname, name, birth date and place, check letter),
    digits possibly replaced by letters (omocodia). Its shape and check letter are
    distinctive: no keyword needed."""
    v = value.upper()
    if len(v) != 16 or len(set(v[:6])) < 2 or not _std("it.codicefiscale").is_valid(v):
        return None  # (one letter six times: a form's placeholder, AAAAAA00B11C333Y)
    return OK


# --- Poland, the Netherlands -------------------------------------------------------------

_pesel_checked = _checked("pl.pesel", 11)


def pl_pesel(value: str) -> Verdict | None:
    """PESEL: 11 digits with its check digit, and a birth date (the century in the month)
    that is not in the future: a number given at birth."""
    verdict = _pesel_checked(value)
    if verdict is None:
        return None
    try:
        born = _std("pl.pesel").get_birth_date(digits_of(value))
    except ValueError:
        return None
    return verdict if born <= date.today() else None


_bsn_checked = _checked("nl.bsn", 9)


def nl_bsn(value: str) -> Verdict | None:
    """BSN: 9 digits and the eleven test, plain, as 123 456 782 / 123-456-782, or as
    1234.56.782, the form Dutch documents print."""
    if not (_grouped(value, (3, 3, 3)) or _grouped(value, (4, 2, 3), ".")):
        return None
    return _bsn_checked(value)


# --- Finland -----------------------------------------------------------------------------

def fi_hetu(value: str) -> Verdict | None:
    """Finnish personal identity code: DDMMYY, the century sign, 3 digits and the check
    character; the century sign makes it distinctive."""
    v = value.upper()
    if len(v) != 11:
        return None
    hetu = _std("fi.hetu")
    try:
        hetu.validate(v, allow_temporary=True)
    except ValueError:
        return None
    century = getattr(hetu, "_century_codes", {}).get(v[6])
    if century is not None and date(century + int(v[4:6]), int(v[2:4]), int(v[:2])) > (
            date.today()):
        return None  # born in the future: no person's code
    # Individual numbers 900-999 are temporary codes, the range the Digital and Population
    # Data Services Agency has test systems use: test data rather than a person's number.
    return _FI_TEMPORARY if v[7] == "9" else OK


# said as what it is, not as "published test data"
FI_TEMPORARY_WORDS = "a temporary or test code (individual number 900-999)"
_FI_TEMPORARY = Verdict(severity=Severity.LOW,
                        detail={"test_data": "yes", "example": FI_TEMPORARY_WORDS})


# --- Singapore ---------------------------------------------------------------------------

_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NRIC_LETTERS = {
    "S": ("JZIHGFEDCBA", 0), "T": ("JZIHGFEDCBA", 4),
    "F": ("XWUTRQPNMLK", 0), "G": ("XWUTRQPNMLK", 4),
    "M": ("KLJNPQRTUWX", 3),
}


def sg_nric(value: str) -> Verdict | None:
    """Singapore NRIC / FIN: S, T, F, G or M, 7 digits and the check letter."""
    v = value.upper()
    if len(v) != 9 or v[0] not in _NRIC_LETTERS or not v[1:8].isdigit():
        return None
    if patterned(v[1:8]) or len(set(v[1:8])) < 3:
        return None
    letters, offset = _NRIC_LETTERS[v[0]]
    total = offset + sum(int(c) * w for c, w in zip(v[1:8], _NRIC_WEIGHTS, strict=True))
    # The M series (FINs since 2022) reads its letter table from the other end: ICA's letter
    # is the (11 - remainder)th of KLJNPQRTUWX (GovTech's FormSG validator).
    index = 10 - total % 11 if v[0] == "M" else total % 11
    return OK if letters[index] == v[8] else None


# --- India -------------------------------------------------------------------------------

in_aadhaar = _checked("in_.aadhaar", 12, (4, 4, 4))


def in_pan(value: str) -> Verdict | None:
    """Indian PAN: 5 letters (the 4th the holder's kind), 4 digits, a letter."""
    v = value.upper()
    if len(v) != 10 or len(set(v[5:9])) < 2 or not _std("in_.pan").is_valid(v):
        return None
    return OK


# --- Korea, Japan --------------------------------------------------------------------------

def kr_rrn(value: str) -> Verdict | None:
    """Korean resident registration number: birth date, a dash, 7 digits (the last a check
    digit). The dashed form is distinctive; the bare 13 digits need a keyword."""
    d = digits_of(value)
    if len(d) != 13 or not _grouped(value, (6, 7), "-"):
        return None
    if _std("kr.rrn").is_valid(d, allow_future=False):
        return OK if len(value) == 14 else WEAK
    # Numbers issued since October 2020 end in six random digits, no check digit: a birth on
    # or after that date (sex digit 3, 4, 7 or 8: born in the 2000s) next to a keyword.
    if d[6] in "3478" and d[:4] >= "2010" and not patterned(d[7:]) and len(set(d[7:])) > 2:
        try:
            _std("kr.rrn").get_birth_date(d, allow_future=False)
        except ValueError:
            return None
        return WEAK
    return None


jp_my_number = _checked("jp.in_", 12, (4, 4, 4))


# --- Australia ---------------------------------------------------------------------------

au_tfn = _checked("au.tfn", 9, (3, 3, 3))


def au_medicare(value: str) -> Verdict | None:
    """Australian Medicare card number: 10 digits (the 9th a check digit over the first 8,
    weights 1 3 7 9), optionally the holder's position on the card (1-9)."""
    d = digits_of(value)
    if len(d) not in (10, 11) or d[0] not in "23456" or patterned(d[:8]):
        return None
    card = value
    if len(d) == 11:  # the holder's number, after one separator or none ("6/2", "6 2", "62")
        card = value[:-1]
        if card[-1] in " -/":
            card = card[:-1]
    if not _grouped(card, (4, 5, 1)):
        return None
    total = sum(int(c) * w for c, w in zip(d[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    if total % 10 != int(d[8]) or (len(d) == 11 and d[10] == "0"):
        return None
    return OK


# --- the Americas ------------------------------------------------------------------------

# The IRS's middle groups: 50-65, 70-88, 90-92 and 94-99 (python-stdnum knows only 70-99)
_ITIN_GROUPS = frozenset(f"{g:02d}" for g in (*range(50, 66), *range(70, 89), 90, 91, 92,
                                                *range(94, 100)))


def us_itin(value: str) -> Verdict | None:
    """US ITIN: 9XX-GG-XXXX, the middle group one the IRS issues. Dashed, it counts alone,
    like an SSN; bare or spaced it needs a keyword."""
    d = digits_of(value)
    if len(d) != 9 or d[0] != "9" or d[3:5] not in _ITIN_GROUPS or d[5:] == "0000":
        return None
    if not _grouped(value, (3, 2, 4)) or patterned(d):
        return None
    if d[:3] == d[0] * 3 and d[5:] == d[5] * 4:
        return None  # (999-92-9999: a range's bound in documentation)
    return OK if len(value) == 11 and value[3] == "-" else WEAK


ca_sin = _checked("ca.sin", 9, (3, 3, 3))


def br_cpf(value: str) -> Verdict | None:
    """Brazilian CPF: 11 digits with two check digits, written 123.456.789-09 or bare."""
    d = digits_of(value)
    if len(d) != 11 or patterned(d) or len(set(d)) < 3 or not _std("br.cpf").is_valid(d):
        return None
    if len(value) == 11 or (len(value) == 14 and value[3] == value[7] == "."
                            and value[11] == "-"):
        return OK
    return None




def _compact(value: str) -> str:
    return "".join(c for c in value.upper() if c not in " -./")


def _with_examples(check: Callable[[str], Verdict | None]) -> Callable[[str], Verdict | None]:
    """`check`, and a published example number it accepts is test data (low severity)."""

    def validate(value: str) -> Verdict | None:
        verdict = check(value)
        if verdict is not None and _compact(value) in published_examples():
            return TEST_DATA
        return verdict

    validate.__doc__ = check.__doc__
    return validate


_SCHEMES: dict[str, Callable[[str], Verdict | None]] = {
    "uk_nhs": uk_nhs,
    "uk_nino": uk_nino,
    "es_dni": es_dni,
    "es_nie": es_nie,
    "it_fiscal_code": it_fiscal_code,
    "pl_pesel": pl_pesel,
    "nl_bsn": nl_bsn,
    "fi_hetu": fi_hetu,
    "sg_nric": sg_nric,
    "in_aadhaar": in_aadhaar,
    "in_pan": in_pan,
    "kr_rrn": kr_rrn,
    "jp_my_number": jp_my_number,
    "au_tfn": au_tfn,
    "au_medicare": au_medicare,
    "us_itin": us_itin,
    "ca_sin": ca_sin,
    "br_cpf": br_cpf,
}


VALIDATORS: dict[str, Callable[[str], Verdict | None]] = {
    name: _with_examples(check) for name, check in _SCHEMES.items()}
