"""Made-up national identifiers with valid check digits, for tests and the labelled corpus.

Each scheme's check is computed here from its published definition, not with python-stdnum
(which the validators use): a test that generates here and finds with the detector checks
the two against each other. Every number is random; none belongs to anybody.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from synth.people import luhn_complete

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digits(r: random.Random, n: int) -> str:
    while True:
        d = "".join(r.choice("0123456789") for _ in range(n))
        if len(set(d)) >= min(4, n):
            return d


def _hand_made(value: str) -> bool:
    """Six equal or counting digits in a row: what the detectors take for a number made up
    by hand (`validators.common.patterned`), which a random draw now and then is."""
    d = "".join(c for c in value if c.isdigit())
    run = up = down = 1
    for a, b in itertools.pairwise(d):
        run = run + 1 if a == b else 1
        up = up + 1 if ord(b) == ord(a) + 1 else 1
        down = down + 1 if ord(b) == ord(a) - 1 else 1
        if max(run, up, down) >= 6:
            return True
    return False


def _issued(make: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    """`make`, drawn again while its number looks made up by hand."""

    def draw(r: random.Random) -> str:
        while True:
            v = make(r)
            if not _hand_made(v):
                return v

    draw.__doc__ = make.__doc__
    return draw


def uk_nhs(r: random.Random) -> str:
    """10 digits, the last the mod-11 check of the first nine (weights 10..2); 3 3 4."""
    while True:
        d = _digits(r, 9)
        check = 11 - sum(int(c) * w for c, w in zip(d, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        v = d + str(check % 11)
        return f"{v[:3]} {v[3:6]} {v[6:]}"


def uk_nino(r: random.Random) -> str:
    first = r.choice("ABCEGHJKLMNPRSTWXYZ")
    while True:
        second = r.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = _digits(r, 6)
    return f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {r.choice('ABCD')}"


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni(r: random.Random) -> str:
    d = _digits(r, 8)
    return d + _DNI_LETTERS[int(d) % 23]


def es_nie(r: random.Random) -> str:
    prefix = r.choice("XYZ")
    d = _digits(r, 7)
    return prefix + d + _DNI_LETTERS[int(str("XYZ".index(prefix)) + d) % 23]


_CF_ODD = dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True))
_CF_ODD.update(zip(_LETTERS, (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                              12, 14, 16, 10, 22, 25, 24, 23), strict=True))
_CF_MONTHS = "ABCDEHLMPRST"
_CF_PLACES = ("H501", "F205", "L219", "A944", "G273", "D612", "F839", "C351")


def it_fiscal_code(r: random.Random) -> str:
    """Surname and name consonants, birth year, month letter, day (+40 for women), the
    municipality's Belfiore code and the check letter."""
    consonants = "BCDFGLMNPRSTVZ"
    day = r.randint(1, 28) + r.choice((0, 40))
    body = ("".join(r.choice(consonants) for _ in range(6)) + f"{r.randint(0, 99):02d}"
            + r.choice(_CF_MONTHS) + f"{day:02d}" + r.choice(_CF_PLACES))
    total = sum(_CF_ODD[c] if k % 2 == 0 else
                (int(c) if c.isdigit() else _LETTERS.index(c)) for k, c in enumerate(body))
    return body + _LETTERS[total % 26]


def pl_pesel(r: random.Random) -> str:
    year = r.randint(1940, 2012)
    month = r.randint(1, 12) + (20 if year >= 2000 else 0)
    body = f"{year % 100:02d}{month:02d}{r.randint(1, 28):02d}{_digits(r, 4)}"
    total = sum(int(c) * w for c, w in zip(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=True))
    return body + str((10 - total % 10) % 10)


def nl_bsn(r: random.Random) -> str:
    while True:
        d = str(r.randint(1, 9)) + _digits(r, 7)
        total = sum(int(c) * w for c, w in zip(d, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return d + str(check)


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def fi_hetu(r: random.Random) -> str:
    year = r.randint(1940, 2015)
    dob = f"{r.randint(1, 28):02d}{r.randint(1, 12):02d}{year % 100:02d}"
    serial = f"{r.randint(2, 899):03d}"
    return dob + ("-" if year < 2000 else "A") + serial + _HETU_CHECK[int(dob + serial) % 31]


_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def sg_nric(r: random.Random) -> str:
    prefix = r.choice("STFGM")
    d = _digits(r, 7)
    total = sum(int(c) * w for c, w in zip(d, _NRIC_WEIGHTS, strict=True))
    if prefix == "M":  # FINs since 2022: offset 3, the letter P = 11 - remainder, 1-based
        return prefix + d + "KLJNPQRTUWX"[11 - (total + 3) % 11 - 1]
    total += 4 if prefix in "TG" else 0
    letters = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return prefix + d + letters[total % 11]


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6), (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4), (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2), (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff_check(body: str) -> str:
    c = 0
    for k, ch in enumerate(reversed(body)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[(k + 1) % 8][int(ch)]]
    return str(_VERHOEFF_INV[c])


def in_aadhaar(r: random.Random) -> str:
    while True:
        body = str(r.randint(2, 9)) + _digits(r, 10)
        v = body + _verhoeff_check(body)
        if v != v[::-1]:
            return f"{v[:4]} {v[4:8]} {v[8:]}"


def in_pan(r: random.Random) -> str:
    d = _digits(r, 4)
    return ("".join(r.choice(_LETTERS) for _ in range(3)) + "P" + r.choice(_LETTERS) + d
            + r.choice(_LETTERS))


def kr_rrn(r: random.Random) -> str:
    year = r.randint(1950, 1999)
    # the sex and century digit, the birth place (00-96: python-stdnum refuses higher), the
    # community centre and the order of registration
    body = (f"{year % 100:02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
            + r.choice("12") + f"{r.randint(0, 96):02d}" + _digits(r, 3))
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    v = body + str((11 - total % 11) % 10)
    return f"{v[:6]}-{v[6:]}"


def jp_my_number(r: random.Random) -> str:
    body = _digits(r, 11)
    total = sum(int(p) * (n + 1 if n <= 6 else n - 5)
                for n, p in enumerate(reversed(body), start=1))
    rest = total % 11
    v = body + str(0 if rest <= 1 else 11 - rest)
    return f"{v[:4]} {v[4:8]} {v[8:]}"


def au_tfn(r: random.Random) -> str:
    weights = (1, 4, 3, 7, 5, 8, 6, 9, 10)
    while True:
        body = _digits(r, 8)
        partial = sum(int(c) * w for c, w in zip(body, weights, strict=False))
        for last in "0123456789":
            if (partial + int(last) * 10) % 11 == 0:
                v = body + last
                return f"{v[:3]} {v[3:6]} {v[6:]}"


def au_medicare(r: random.Random) -> str:
    body = str(r.randint(2, 6)) + _digits(r, 7)
    total = sum(int(c) * w for c, w in zip(body, (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return f"{body[:4]} {body[4:]}{total % 10} {r.randint(1, 9)}"


_ITIN_GROUPS = [*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100)]


def us_itin(r: random.Random) -> str:
    return f"9{r.randint(0, 99):02d}-{r.choice(_ITIN_GROUPS)}-{r.randint(1, 9999):04d}"


def ca_sin(r: random.Random) -> str:
    while True:
        body = r.choice("1234567") + _digits(r, 7)
        for last in "0123456789":
            v = body + last
            total = 0
            for k, c in enumerate(reversed(v)):
                n = int(c) * (2 if k % 2 else 1)
                total += n - 9 if n > 9 else n
            if total % 10 == 0:
                return f"{v[:3]} {v[3:6]} {v[6:]}"


def br_cpf(r: random.Random) -> str:
    d = _digits(r, 9)
    for size in (10, 11):
        total = sum(int(c) * w for c, w in zip(d, range(size, 1, -1), strict=True))
        d += str(total * 10 % 11 % 10)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


# --- Session 17: more of Europe, the Americas, Africa and Asia ---------------------------

def _birth(r: random.Random, first: int = 1940, last: int = 2012) -> tuple[int, int, int]:
    return r.randint(first, last), r.randint(1, 12), r.randint(1, 28)


def fr_nir(r: random.Random) -> str:
    """Sex, birth year and month, department (Corsica 2A/2B), commune, order number and the
    key 97 - (the 13 digits mod 97); Corsica counts as 19 (2A) and 18 (2B)."""
    year, month, _ = _birth(r)
    dept = r.choice((f"{r.randint(1, 95):02d}", "2A", "2B", "75", "69", "13"))
    if dept == "20":
        dept = "21"
    body = f"{r.choice('12')}{year % 100:02d}{month:02d}{dept}{r.randint(1, 990):03d}" \
           f"{r.randint(1, 999):03d}"
    number = int(body.replace("2A", "19").replace("2B", "18"))
    key = 97 - number % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key:02d}"


def de_idnr(r: random.Random) -> str:
    """Steuer-ID: 10 digits, the first not 0, one digit twice and one never, then the ISO 7064
    MOD 11,10 check digit; written in groups 2 3 3 3."""
    while True:
        digits = r.sample("0123456789", 9)
        digits.append(r.choice(digits))
        r.shuffle(digits)
        if digits[0] != "0":
            break
    product = 10
    for c in digits:
        total = (int(c) + product) % 10 or 10
        product = total * 2 % 11
    v = "".join(digits) + str((11 - product) % 10)
    return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"


def se_personnummer(r: random.Random) -> str:
    """YYMMDD-NNNN: the birth date, a birth number and the Luhn digit of all ten."""
    year, month, day = _birth(r)
    body = f"{year % 100:02d}{month:02d}{day:02d}{r.randint(0, 999):03d}"
    return f"{body[:6]}-{luhn_complete(body)[6:]}"


def dk_cpr(r: random.Random) -> str:
    """DDMMYY-SSSS; the first serial digit tells the century (4-9 with a year 37-99: 1900s;
    0-3 always 1900s); no check digit since 2007."""
    year, month, day = _birth(r, 1940, 1999)
    return f"{day:02d}{month:02d}{year % 100:02d}-{r.randint(0, 3)}{_digits(r, 3)}"


def no_fodselsnummer(r: random.Random) -> str:
    """DDMMYY, the individual number (000-499: born 1900-1999) and two mod-11 check digits."""
    while True:
        year, month, day = _birth(r, 1940, 1999)
        body = f"{day:02d}{month:02d}{year % 100:02d}{r.randint(0, 499):03d}"
        k1 = 11 - sum(int(c) * w for c, w in zip(body, (3, 7, 6, 1, 8, 9, 4, 5, 2),
                                                  strict=True)) % 11
        k1 %= 11
        if k1 == 10:
            continue
        body += str(k1)
        k2 = 11 - sum(int(c) * w for c, w in zip(body, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2),
                                                  strict=True)) % 11
        k2 %= 11
        if k2 == 10:
            continue
        return body + str(k2)


def be_nn(r: random.Random) -> str:
    """YY.MM.DD-SSS.CC: birth date, a serial and 97 - (the nine digits mod 97), with 2 before
    them for a birth since 2000."""
    year, month, day = _birth(r)
    body = f"{year % 100:02d}{month:02d}{day:02d}{r.randint(1, 997):03d}"
    check = 97 - int(("2" if year >= 2000 else "") + body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{check:02d}"


_CURP_STATES = ("AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG",
                "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR",
                "TC", "TS", "TL", "VZ", "YN", "ZS", "NE")
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"
# RENAPO's inconvenient words: a CURP never starts with one (its second letter becomes X)
_CURP_INCONVENIENT = frozenset((
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE",
    "COGI", "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI",
    "GUEY", "JETA", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI",
    "KOJA", "KOJE", "KOJI", "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO",
    "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO",
    "NACA", "NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO",
    "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO", "TETA", "VACA", "VAGA", "VAGO", "VAKA",
    "VUEI", "VUEY", "WUEI", "WUEY",
))


def mx_curp(r: random.Random) -> str:
    """Letters of the surnames and name, birth date, sex, state, inner consonants, the
    century character (a digit before 2000) and the check digit."""
    consonants = "BCDFGHJKLMNPQRSTVWXYZ"
    year, month, day = _birth(r)
    body = (r.choice("BCDFGLMPRST") + r.choice("AEIOU") + r.choice("BCDFGLMPRST")
            + r.choice("AEIOU") + f"{year % 100:02d}{month:02d}{day:02d}" + r.choice("HM")
            + r.choice(_CURP_STATES) + "".join(r.choice(consonants) for _ in range(3))
            + (str(r.randint(0, 9)) if year < 2000 else r.choice("ABCDEF")))
    if body[:4] in _CURP_INCONVENIENT:
        body = body[0] + "X" + body[2:]
    total = sum(_CURP_ALPHABET.index(c) * (18 - k) for k, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def tr_tckimlik(r: random.Random) -> str:
    """11 digits, the first not 0; the 10th from the odd and even places' sums, the 11th
    the sum of the first ten, both mod 10."""
    d = str(r.randint(1, 9)) + _digits(r, 8)
    odd = sum(int(c) for c in d[0::2])
    even = sum(int(c) for c in d[1::2])
    d += str((odd * 7 - even) % 10)
    return d + str(sum(int(c) for c in d) % 10)


def za_idnr(r: random.Random) -> str:
    """YYMMDD, a sequence number (0000-4999 female, 5000-9999 male), citizenship (0 or 1),
    8, and the Luhn digit."""
    year, month, day = _birth(r, 1940, 1999)
    body = f"{year % 100:02d}{month:02d}{day:02d}{_digits(r, 4)}{r.choice('01')}8"
    return luhn_complete(body)


def ro_cnp(r: random.Random) -> str:
    """Sex and century (1/2: 1900s, 5/6: 2000s), YYMMDD, county (01-46, 51, 52), a serial,
    and the check digit (weights 279146358279, mod 11, 10 -> 1)."""
    year, month, day = _birth(r)
    sex = r.choice("12") if year < 2000 else r.choice("56")
    county = r.choice((*range(1, 47), 51, 52))
    body = f"{sex}{year % 100:02d}{month:02d}{day:02d}{county:02d}{r.randint(1, 999):03d}"
    check = sum(int(c) * int(w) for c, w in zip(body, "279146358279", strict=True)) % 11
    return body + ("1" if check == 10 else str(check))


def cl_rut(r: random.Random) -> str:
    """7 or 8 digits and the mod-11 check (weights 2-7 from the right; 10 is K), written
    12.345.678-5."""
    body = str(r.randint(5_000_000, 25_000_000))
    total = sum(int(c) * (2 + k % 6) for k, c in enumerate(reversed(body)))
    check = "0123456789K"[(11 - total % 11) % 11]
    grouped = f"{int(body):,}".replace(",", ".")
    return f"{grouped}-{check}"


def il_idnr(r: random.Random) -> str:
    """Teudat Zehut: 8 digits and the Luhn digit."""
    body = _digits(r, 8)
    return luhn_complete(body)


def th_pin(r: random.Random) -> str:
    """13 digits, the first 1-8, the last (11 - the weighted sum mod 11) mod 10; written
    1-2345-67890-12-1."""
    body = str(r.randint(1, 8)) + _digits(r, 11)
    check = (11 - sum(int(c) * (13 - k) for k, c in enumerate(body)) % 11) % 10
    v = body + str(check)
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


def cz_rc(r: random.Random) -> str:
    """Rodné číslo: YYMMDD (a woman's month + 50), a slash, 4 digits; all ten divisible by
    11 (born since 1954)."""
    while True:
        year, month, day = _birth(r, 1954, 2012)
        body = f"{year % 100:02d}{month + r.choice((0, 50)):02d}{day:02d}{r.randint(0, 999):03d}"
        check = int(body) % 11
        if check == 10:
            continue
        return f"{body[:6]}/{body[6:]}{check}"


def us_dea(r: random.Random) -> str:
    """A registrant type, the surname's first letter, six digits and the check digit."""
    d = _digits(r, 6)
    total = int(d[0]) + int(d[2]) + int(d[4]) + 2 * (int(d[1]) + int(d[3]) + int(d[5]))
    return r.choice("ABFGM") + r.choice(_LETTERS) + d + str(total % 10)


def us_npi(r: random.Random) -> str:
    """1 or 2, eight digits and the Luhn digit over 80840 and the nine."""
    body = r.choice("12") + _digits(r, 8)
    total = 0
    for k, c in enumerate(reversed("80840" + body)):
        n = int(c) * (1 if k % 2 else 2)
        total += n - 9 if n > 9 else n
    return body + str(-total % 10)


# rule id -> (generator, a label written before the value)
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # (CMS leaves out S, L, O, I, B and Z)


def us_mbi(r: random.Random) -> str:
    """CMS's Medicare Beneficiary Identifier: C A AN N - A AN N - A A N N (C: 1-9, A: a letter
    CMS uses, AN: either), printed with dashes half of the time. No check digit."""
    def an() -> str:
        return r.choice(_MBI_LETTERS + "0123456789")
    v = (r.choice("123456789") + r.choice(_MBI_LETTERS) + an() + r.choice("0123456789")
         + r.choice(_MBI_LETTERS) + an() + r.choice("0123456789")
         + r.choice(_MBI_LETTERS) + r.choice(_MBI_LETTERS) + _digits(r, 2))
    return f"{v[:4]}-{v[4:7]}-{v[7:]}" if r.random() < 0.5 else v


SCHEMES: dict[str, tuple[Callable[[random.Random], str], str]] = {
    "health.uk_nhs_number": (_issued(uk_nhs), "NHS number: "),
    "health.us_mbi": (us_mbi, "Medicare Beneficiary Identifier: "),
    "identity.uk_nino": (_issued(uk_nino), "National Insurance number "),
    "identity.es_dni": (_issued(es_dni), "DNI: "),
    "identity.es_nie": (_issued(es_nie), "NIE "),
    "identity.it_fiscal_code": (_issued(it_fiscal_code), "Codice fiscale: "),
    "identity.pl_pesel": (_issued(pl_pesel), "PESEL: "),
    "identity.nl_bsn": (_issued(nl_bsn), "BSN "),
    "identity.fi_hetu": (_issued(fi_hetu), "Henkilötunnus: "),
    "identity.sg_nric": (_issued(sg_nric), "NRIC: "),
    "identity.in_aadhaar": (_issued(in_aadhaar), "Aadhaar No: "),
    "identity.in_pan": (_issued(in_pan), "PAN: "),
    "identity.kr_rrn": (_issued(kr_rrn), "주민등록번호: "),
    "identity.jp_my_number": (_issued(jp_my_number), "マイナンバー："),
    "identity.au_tfn": (_issued(au_tfn), "TFN: "),
    "health.au_medicare": (_issued(au_medicare), "Medicare card: "),
    "identity.us_itin": (_issued(us_itin), "ITIN "),
    "identity.ca_sin": (_issued(ca_sin), "SIN: "),
    "identity.br_cpf": (_issued(br_cpf), "CPF: "),
    "identity.fr_nir": (_issued(fr_nir), "N° de sécurité sociale : "),
    "identity.de_idnr": (_issued(de_idnr), "Steuer-ID: "),
    "identity.se_personnummer": (_issued(se_personnummer), "Personnummer: "),
    "identity.dk_cpr": (_issued(dk_cpr), "CPR-nr.: "),
    "identity.no_fodselsnummer": (_issued(no_fodselsnummer), "Fødselsnummer: "),
    "identity.be_nn": (_issued(be_nn), "Rijksregisternummer: "),
    "identity.ro_cnp": (_issued(ro_cnp), "CNP: "),
    "identity.cz_rc": (_issued(cz_rc), "Rodné číslo: "),
    "identity.mx_curp": (_issued(mx_curp), "CURP: "),
    "identity.tr_tckimlik": (_issued(tr_tckimlik), "T.C. Kimlik No: "),
    "identity.za_idnr": (_issued(za_idnr), "ID number: "),
    "identity.cl_rut": (_issued(cl_rut), "RUT: "),
    "identity.il_idnr": (_issued(il_idnr), "תעודת זהות: "),
    "identity.th_pin": (_issued(th_pin), "เลขประจำตัวประชาชน "),
    "health.us_dea": (_issued(us_dea), "DEA: "),
    "health.us_npi": (_issued(us_npi), "NPI: "),
}


# Column headers of an HR or customer export per scheme (a table's header is every cell's
# keyword)
HEADERS: dict[str, str] = {
    "health.uk_nhs_number": "NHS number",
    "health.us_mbi": "MBI",
    "identity.uk_nino": "NI number",
    "identity.es_dni": "DNI",
    "identity.pl_pesel": "PESEL",
    "identity.nl_bsn": "BSN",
    "identity.sg_nric": "NRIC",
    "identity.in_aadhaar": "Aadhaar",
    "identity.kr_rrn": "주민등록번호",
    "identity.au_tfn": "TFN",
    "identity.ca_sin": "SIN",
    "identity.br_cpf": "CPF",
    "identity.fr_nir": "N° sécurité sociale",
    "identity.de_idnr": "Steuer-ID",
    "identity.se_personnummer": "Personnummer",
    "identity.no_fodselsnummer": "Fødselsnummer",
    "identity.be_nn": "INSZ",
    "identity.ro_cnp": "CNP",
    "identity.mx_curp": "CURP",
    "identity.tr_tckimlik": "TC Kimlik No",
    "identity.za_idnr": "ID Number",
    "identity.cl_rut": "RUT",
    "identity.th_pin": "Thai ID",
    "health.us_npi": "NPI",
}


# Schemes without a check character: a NINO's suffix and a PAN's last letter may be any of
# theirs, an ITIN has no check digit
NO_CHECK = frozenset(("identity.uk_nino", "identity.in_pan", "identity.us_itin",
                      "identity.dk_cpr", "health.us_mbi"))


def wrong_check(rule_id: str, value: str) -> str:
    """`value` with its check character changed, so that its scheme's check fails (the
    Medicare number's check is its 9th digit; the holder's number comes after it)."""
    at = len(value) - 3 if rule_id == "health.au_medicare" else len(value) - 1
    c = value[at]
    other = str((int(c) + 1) % 10) if c.isdigit() else chr((ord(c) - 65 + 1) % 26 + 65)
    return value[:at] + other + value[at + 1:]


def labelled_docs(seed: int) -> list[tuple[str, list[list[tuple[str, str, str]]]]]:
    """The labelled corpus's documents of national numbers (synth/labelled.py turns them into
    its Docs): per document a name and its lines, each line a list of (text, rule, kind)
    segments; rule "" with a kind is a hard negative, rule "" without one plain text.

    A letter of notes (a labelled number per scheme, twice, and the same number with its
    check character changed, which nothing may report) and an export whose header names
    the scheme (the first line: the header row)."""
    r = random.Random(seed * 7919 + 14)
    letter: list[list[tuple[str, str, str]]] = [[("Staff records, for the payroll office", "", "")]]
    for rule_id, (make, label) in SCHEMES.items():
        for _ in range(2):
            letter.append([(label, "", ""), (make(r), rule_id, "")])
        if rule_id not in NO_CHECK:
            letter.append([(label, "", ""), (wrong_check(rule_id, make(r)), "",
                                              "national_id.check")])
    docs = [("national_ids_letter", letter)]
    for k, (rule_id, header) in enumerate(HEADERS.items()):
        docs.append((f"national_ids_export_{k:02d}",
                     export_rows(r, f"E{k:02d}", header, SCHEMES[rule_id][0], rule_id, 12)))
    return docs


def export_rows(r: random.Random, prefix: str, header: str,
                make: Callable[[random.Random], str], rule_id: str,
                n: int) -> list[list[tuple[str, str, str]]]:
    """An export of `n` rows under the header ("id", `header`): a row id, then a value of
    `make` labelled with `rule_id` (the segments of `labelled_docs`)."""
    rows: list[list[tuple[str, str, str]]] = [[("id", "", ""), (header, "", "")]]
    for k in range(n):
        rows.append([(f"{prefix}{k:03d}", "", ""), (make(r), rule_id, "")])
    return rows
