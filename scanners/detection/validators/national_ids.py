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
    luhn_ok,
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
    scheme: str, length: int, sizes: tuple[int, ...] | None = None, separators: str = " -"
) -> Callable[[str], Verdict | None]:
    """A validator of a digits-only scheme: `length` digits, in `sizes` groups (joined by
    one of `separators`) or none, not made by hand (`patterned`), valid by python-stdnum's
    check of `scheme`."""

    def check(value: str) -> Verdict | None:
        d = digits_of(value)
        if len(d) != length or patterned(d) or len(set(d)) < 3:
            return None
        if sizes is not None and not _grouped(value, sizes, separators):
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

_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def kr_rrn(value: str) -> Verdict | None:
    """Korean resident registration number: birth date, a dash, 7 digits (the last a check
    digit). The dashed form is distinctive; the bare 13 digits need a keyword."""
    d = digits_of(value)
    if len(d) != 13 or not _grouped(value, (6, 7), "-"):
        return None
    # Most candidates are other 13-digit runs: the check digit refuses nine in ten before
    # python-stdnum's slower check (13 us a number) is asked.
    total = sum(int(c) * w for c, w in zip(d[:12], _RRN_WEIGHTS, strict=True))
    checks = (11 - total % 11) % 10 == int(d[12])
    if checks and _std("kr.rrn").is_valid(d, allow_future=False):
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



# --- More of Europe -------------------------------------------------------------------------
# Each needs its keyword (`require_context`): most are short digit runs a random number
# passes one time in ten to a hundred; the validators check the written form, the check
# digits (python-stdnum) and that the birth date they hold is a real day not in the future.

def _born_by_today(scheme: str, compact: str) -> bool:
    """The birth date `scheme` reads from `compact` is a real day, today or before."""
    try:
        born = _std(scheme).get_birth_date(compact)
    except ValueError:
        return False
    return bool(born <= date.today())


def _forms(value: str, *groupings: tuple[tuple[int, ...], str]) -> bool:
    """`value` is written bare (its digits alone) or in one of `groupings` (sizes, allowed
    separators)."""
    return value.isdigit() or any(_grouped(value, sizes, seps) for sizes, seps in groupings)


def fr_nir(value: str) -> Verdict | None:
    """French NIR (social security number): sex, birth year and month, department (2A/2B
    for Corsica), commune, order number, and the two-digit key 97 - (the rest mod 97);
    written bare or as on the carte Vitale, 1 85 05 78 006 084 36."""
    v = value.upper()
    if not _forms(v, ((1, 2, 2, 2, 3, 3, 2), " "), ((13, 2), " ")):
        return None
    compact = v.replace(" ", "")
    if len(compact) != 15 or compact[0] not in "1234" or not compact[3:5].isdigit():
        return None
    month = int(compact[3:5])
    # 01-12; 20 or more: the month was unknown when the number was given (INSEE)
    if not (1 <= month <= 12 or month >= 20):
        return None
    if patterned(compact) or not _std("fr.nir").is_valid(compact):
        return None
    return OK


# German tax identification number (Steuer-ID): 11 digits, the first not 0, one digit two or
# three times among the first ten, the last the ISO 7064 MOD 11,10 check digit; bare or in
# groups 2 3 3 3.
de_idnr = _checked("de.idnr", 11, (2, 3, 3, 3), " /")


def se_personnummer(value: str) -> Verdict | None:
    """Swedish personnummer (or samordningsnummer: the day plus 60): YYMMDD or YYYYMMDD,
    a dash (a plus from the hundredth birthday), the birth number and the Luhn digit of the
    ten digits."""
    d = digits_of(value)
    if len(d) not in (10, 12) or not _forms(value, ((len(d) - 4, 4), "-+")):
        return None
    if patterned(d) or not _std("se.personnummer").is_valid(value):
        return None
    return OK if _born_by_today("se.personnummer", value) else None


def _dated(
    scheme: str, length: int, *groupings: tuple[tuple[int, ...], str]
) -> Callable[[str], Verdict | None]:
    """A validator of a digits-only scheme that holds its holder's birth date: `length`
    digits, bare or in one of `groupings`, not made by hand, valid by python-stdnum's check
    of `scheme`, and a birth on a real day not after today."""

    def check(value: str) -> Verdict | None:
        d = digits_of(value)
        if len(d) != length or not _forms(value, *groupings) or patterned(d):
            return None
        if not _std(scheme).is_valid(d) or not _born_by_today(scheme, d):
            return None
        return OK

    return check


# Danish CPR: DDMMYY, a dash and four digits (the first, with the year, telling the century);
# no check digit since 2007, so the birth date is all there is to check.
dk_cpr = _dated("dk.cpr", 10, ((6, 4), "- "))
# Norwegian fødselsnummer (or D-number: the day plus 40): DDMMYY, the individual number (its
# range tells the century) and two mod-11 check digits; bare or DDMMYY NNNNN.
no_fodselsnummer = _dated("no.fodselsnummer", 11, ((6, 5), " "))


def be_nn(value: str) -> Verdict | None:
    """Belgian national register number: YYMMDD, a serial and 97 - (the nine digits mod 97;
    with a 2 before them for a birth since 2000); bare, YY.MM.DD-SSS.CC as on the identity
    card, or YYMMDD-SSS-CC / YYMMDD SSS CC."""
    d = digits_of(value)
    if len(d) != 11 or patterned(d):
        return None
    dotted = (len(value) == 15 and value[2] == value[5] == value[12] == "."
              and value[8] == "-")
    if not (dotted or _forms(value, ((6, 3, 2), " -"))):
        return None
    return OK if _std("be.nn").is_valid(d) else None


# Romanian CNP: sex and century, YYMMDD, county code, a serial and the check digit (weights
# 279146358279, mod 11); bare only.
ro_cnp = _dated("ro.cnp", 13)


def cz_rc(value: str) -> Verdict | None:
    """Czech or Slovak rodné číslo: YYMMDD (a woman's month plus 50), a slash and four digits,
    all ten divisible by 11 (nine digits and no check before 1954)."""
    d = digits_of(value)
    if len(d) not in (9, 10) or not _forms(value, ((6, len(d) - 6), "/ ")) or patterned(d):
        return None
    if not _std("cz.rc").is_valid(d):
        return None
    return OK if _born_by_today("cz.rc", d) else None


# --- The Americas, Africa, the Middle East, Asia ----------------------------------------------

def mx_curp(value: str) -> Verdict | None:
    """Mexican CURP: the holder's initials, birth date, sex, state, inner consonants, a
    century character and the check digit: 18 characters no other string has by chance,
    so it counts without its keyword."""
    v = value.upper()
    if len(v) != 18 or not _std("mx.curp").is_valid(v):
        return None
    return OK if _born_by_today("mx.curp", v) else None


# Turkish T.C. Kimlik No: 11 digits, the first not 0, the last two check digits; bare only.
tr_tckimlik = _checked("tr.tckimlik", 11, (11,))


def za_idnr(value: str) -> Verdict | None:
    """South African identity number: YYMMDD, a sequence number, citizenship (0 citizen,
    1 permanent resident, 2 refugee), a digit and the Luhn digit; bare or YYMMDD SSSS CAZ."""
    d = digits_of(value)
    if len(d) != 13 or not _forms(value, ((6, 4, 3), " ")) or patterned(d) or d[10] not in "012":
        return None
    if not _std("za.idnr").is_valid(d):
        return None
    return OK if _born_by_today("za.idnr", d) else None


def cl_rut(value: str) -> Verdict | None:
    """Chilean RUT/RUN: 7 or 8 digits and the mod-11 check (K for 10), written with a dash
    before the check, and dots between thousands or none (12.345.678-5, 12345678-5)."""
    v = value.upper()
    body, dash, check = v.rpartition("-")
    if not dash or len(check) != 1 or not body:
        return None
    plain = body.replace(".", "")
    if not plain.isdigit() or not 7 <= len(plain) <= 8 or int(plain) < 1_000_000:
        return None
    if "." in body and body != f"{int(plain):,}".replace(",", "."):
        return None
    return OK if _std("cl.rut").is_valid(plain + check) and not patterned(plain) else None


# Israeli identity number (Teudat Zehut): 9 digits, the last the Luhn check digit.
il_idnr = _checked("il.idnr", 9, (8, 1))


# Thai national ID number: 13 digits, the first 1-8, the last a mod-11 check digit; bare or
# 1-2345-67890-12-1 as on the card.
th_pin = _checked("th.pin", 13, (1, 4, 5, 2, 1))


# --- United States: prescribers and providers --------------------------------------------

_DEA_TYPES = frozenset("ABCDEFGHJKLMPRSTUX")


def us_dea(value: str) -> Verdict | None:
    """DEA registration number (a prescriber's): the registrant type letter, the first
    letter of the registrant's surname (or 9 for a business name), six digits and the check
    digit, the last digit of d1 + d3 + d5 + 2 x (d2 + d4 + d6)."""
    v = value.upper()
    if len(v) != 9 or v[0] not in _DEA_TYPES or not (v[1].isalpha() or v[1] == "9"):
        return None
    d = v[2:]
    if not d.isdigit() or patterned(d) or len(set(d)) < 3:
        return None
    total = int(d[0]) + int(d[2]) + int(d[4]) + 2 * (int(d[1]) + int(d[3]) + int(d[5]))
    return OK if total % 10 == int(d[6]) else None


def us_npi(value: str) -> Verdict | None:
    """National Provider Identifier: 10 digits, the first 1 or 2, the last the Luhn check
    digit of the nine before it with the card-issuer prefix 80840 in front."""
    d = digits_of(value)
    if len(d) != 10 or len(value) != 10 or d[0] not in "12" or patterned(d) or len(set(d)) < 3:
        return None
    return OK if luhn_ok("80840" + d) else None


def us_mbi(value: str) -> Verdict | None:
    """Medicare Beneficiary Identifier: the rule's pattern holds CMS's layout (no check
    digit); a number whose digits are all one was made by hand. CMS's own example
    (1EG4-TE5-MK73) is test data (resources/data/published_examples.txt)."""
    v = value.replace("-", "")
    if len(v) != 11 or not v.isascii() or len({c for c in v if c.isdigit()}) < 2:
        return None
    return OK



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
    "fr_nir": fr_nir,
    "de_idnr": de_idnr,
    "se_personnummer": se_personnummer,
    "dk_cpr": dk_cpr,
    "no_fodselsnummer": no_fodselsnummer,
    "be_nn": be_nn,
    "ro_cnp": ro_cnp,
    "cz_rc": cz_rc,
    "mx_curp": mx_curp,
    "tr_tckimlik": tr_tckimlik,
    "za_idnr": za_idnr,
    "cl_rut": cl_rut,
    "il_idnr": il_idnr,
    "th_pin": th_pin,
    "us_dea": us_dea,
    "us_npi": us_npi,
    "us_mbi": us_mbi,
}


VALIDATORS: dict[str, Callable[[str], Verdict | None]] = {
    name: _with_examples(check) for name, check in _SCHEMES.items()}
