"""Contact validators (`resources/rules/contact.toml`): PRC mobile and landline
numbers, international and US phone numbers, e-mail addresses (postal addresses: `address`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from scanners.detection.validators.common import (
    OK,
    TEST_DATA,
    WEAK,
    Verdict,
    data_lines,
    digits_of,
    mask_count,
)

# --- contact ------------------------------------------------------------------------------

# phonenumbers' CN mobile ranges (metadata 9.0): 13x, 145/147, 15[0-35-9], 16[25-7], 17[0-35-8],
# 18x, 19[0-35-9], plus 1610x and 1740[0-5].
_CN_MOBILE_PREFIX3 = frozenset(
    [f"13{i}" for i in range(10)] + ["145", "147"]
    + [f"15{i}" for i in "012356789"] + ["162", "165", "166", "167"]
    + [f"17{i}" for i in "01235678"] + [f"18{i}" for i in range(10)]
    + [f"19{i}" for i in "012356789"]
)  # fmt: skip


def cn_mobile(value: str) -> Verdict | None:
    d = digits_of(value)
    n = len(d)
    if n == 11:
        pass
    elif n == 13 and d.startswith("86"):
        d = d[2:]
    elif n == 15 and d.startswith("0086"):
        d = d[4:]
    else:
        return None
    p3 = d[:3]
    if p3 not in _CN_MOBILE_PREFIX3 and not (d[:4] == "1610" or (d[:4] == "1740" and d[4] <= "5")):
        return None
    if d[3:] == d[3] * 8:
        return None  # 13900000000-style placeholders
    if "." in value or _GROUPS_434.search(value):
        # 138.0013.8000 and 1380 013 8000 are how some write a number, and how a version or
        # a row of figures looks: next to a phone word only
        return WEAK
    return OK


_GROUPS_434 = re.compile(r"1[3-9][0-9]{2} [0-9]{3} [0-9]{4}$")


def cn_mobile_masked(value: str) -> Verdict | None:
    masked = mask_count(value)
    digits = digits_of(value)
    if masked + len(digits) != 11 or masked < 3 or digits[:3] not in _CN_MOBILE_PREFIX3:
        return None
    return Verdict(detail={"masked": "yes"})


def cn_landline(value: str) -> Verdict | None:
    d = digits_of(value)
    if d[:1] == "8" or d[:4] == "0086":  # after the country code the area drops its 0
        d = d[4:] if d[:4] == "0086" else d[2:]
        d = d if d[:1] == "0" else "0" + d
    if not 10 <= len(d) <= 12 or d[0] != "0":
        return None
    area = 3 if d[1] in "12" else 4
    local = d[area:]
    if len(local) not in (7, 8) or local[0] in "01":
        return None
    if area == 3 and len(local) != 8:
        # Beijing, Shanghai and the 02x cities have dialled eight local digits since the
        # 1990s: a 0 with two digits and seven more is another country's number written in
        # its national form (Paris 01 45 .., Sydney 02 94..), not a PRC landline.
        return None
    return OK


def intl_phone(value: str) -> Verdict | None:
    """A +CC number that phonenumbers calls valid (PRC mobiles are `contact.cn_mobile`).

    The pattern is greedy: "+1 917-902-5092 12 items" takes " 12" too. When the whole value
    is not a number, up to two trailing space-separated groups are cut off and the rest is
    tried again (the finding is narrowed to it).
    """
    verdict = _intl_phone(value)
    cut = value
    for _ in range(2):
        if verdict is not None:
            break
        i = cut.rfind(" ")
        if i < 4:
            return None
        cut = cut[:i].rstrip(" -.")
        verdict = _intl_phone(cut)
        if verdict is not None:
            return Verdict(detail=verdict.detail, span=(0, len(cut)))
    return verdict


# PRC mobiles (13x-19x) after the country code; Beijing's landlines start 10
_MOBILE_HEADS = tuple(f"1{d}" for d in "3456789")
_CN_MOBILE_HEADS = tuple(p + h for p in ("86", "0086") for h in _MOBILE_HEADS)


# phonenumbers takes about 100 µs a number; logs and exports repeat the same numbers (a
# hotline, a sender), so the answers are kept. Verdicts are never modified by their users.
@lru_cache(maxsize=8192)
def _intl_phone(value: str) -> Verdict | None:
    import phonenumbers

    # PRC mobiles belong to `contact.cn_mobile`: refuse them before the costly parse (they
    # are most candidates in Chinese exports).
    digits = digits_of(value)
    if digits.startswith(_CN_MOBILE_HEADS):
        return None  # (Beijing's landlines, +86 10 ..., are this rule's)
    if value[:1] == "+" and not _known_country_code(digits):
        return None  # phonenumbers.parse would refuse it (INVALID_COUNTRY_CODE), 30x slower
    try:
        num = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    # `is_valid_number` is `is_valid_number_for_region` for `region_code_for_number` (which,
    # for a code that many regions share, tries each): that region is asked once.
    region = phonenumbers.region_code_for_number(num)
    if region is None or not phonenumbers.is_valid_number_for_region(num, region):
        return None
    national = str(num.national_number)
    if num.country_code == 86 and national.startswith(_MOBILE_HEADS):
        return None  # a mobile
    return Verdict(detail={"region": region or "?"})


def _known_country_code(digits: str) -> bool:
    """Whether the digits after "+" start with a calling code phonenumbers knows: it reads the
    code as the shortest of the first one to three digits that is in its table."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE as codes

    return any(int(digits[:k]) in codes for k in range(1, min(3, len(digits)) + 1))


# Regions whose numbers are written nationally after the trunk prefix 0 (Italy keeps its 0 in
# the number). Plans without a written prefix (Spain,
# Poland, Portugal, Scandinavia but Sweden and Finland) are nine bare digits, too like any
# other number to tell.
_NATIONAL_REGIONS = (
    "GB", "DE", "FR", "IT", "NL", "BE", "AT", "CH", "SE", "FI", "IE", "JP", "KR", "TW", "AU",
    "NZ", "IN", "TR", "ZA", "IL", "TH", "VN", "ID", "MY", "PH", "EG", "NG", "PE", "AR", "UA",
)  # fmt: skip


def national_phone(value: str) -> Verdict | None:
    """A number in its country's national form (0 + area + subscriber: "030 23456789",
    "06 27 63 17 06", "090-1777-6317") or after the 00 international prefix ("0049 30
    23456789"), which phonenumbers validates for one of `_NATIONAL_REGIONS` (for the 00
    form: for its calling code). 0086 numbers are the PRC rules'; where the PRC landline
    rule reports the number too, it is its (the rule `yields_to` it: "Tel: 020 7946 0018"
    is London's and Guangzhou's; "휴대폰: 010-2345-6789", a Korean mobile, is Beijing's
    shape without the landline rule's keyword)."""
    d = digits_of(value)
    if not 9 <= len(d) <= 15 or d[0] != "0" or d.startswith("0086"):
        return None
    if _DATE_START.match(value) or _US_SHAPES.fullmatch(value):
        # "05.12.2023 10", a date and its hour; a US SSN beside "Phone:", a ZIP+4 code
        # (the GNU licence's "Boston, MA 02110-1301" above "Mobile Equipment Identifier")
        return None
    if d[1] == "0":
        return _national_phone("+" + d[2:], "")
    return _national_phone(d, _grouping(value))


def _grouping(value: str) -> str:
    """The lengths of a number's digit groups ("06 27 63 17 06": "2,2,2,2,2")."""
    return ",".join(str(len(g)) for g in _DIGIT_GROUPS.findall(value))


_DIGIT_GROUPS = re.compile(r"[0-9]+")
_US_SHAPES = re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{5}-[0-9]{4}")
_DATE_START = re.compile(r"\(?[0-9]{1,2}([./\-])[0-9]{1,2}\1(?:19|20)[0-9]{2}(?![0-9])")


@lru_cache(maxsize=8192)
def _national_phone(number: str, grouping: str) -> Verdict | None:
    import phonenumbers

    if number[0] == "+":
        return _intl_phone(number)  # (the 00 form: what its calling code's plan says)
    if len(number) > 12:
        return None
    regions = []
    written = []
    for region in _NATIONAL_REGIONS:
        try:
            num = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(num, region):
            regions.append(region)
            national = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
            if _grouping(national) == grouping:
                written.append(region)
    # Several plans may hold the same digits (030 is Berlin's area and a British
    # non-geographic range; 010 Genoa's and Korea's mobiles): those whose own way of
    # writing the number groups its digits as the text does are named, else all.
    if not regions:
        return None
    return Verdict(detail={"region": "/".join(written or regions)})


_US_STRICT = re.compile(r"\([2-9][0-9]{2}\) [2-9][0-9]{2}-[0-9]{4}")


def us_phone(value: str) -> Verdict | None:
    """A US (NANP) number in national format that phonenumbers validates with region US.

    Only the strict "(415) 902-5092" shape stands on its own; 415-902-5092, 415.902.5092 and
    1-415-902-5092 look like many other things (part numbers, dotted versions) and pass
    only the weak test: the detector then needs a phone keyword.
    """
    found = _EXTENSION.search(value)
    ext = found.start() if found is not None else 0
    if ext > 0:  # "559.787.2148x7141": the number, its extension left off
        verdict = us_phone(value[:ext])
        return None if verdict is None else Verdict(
            checked=verdict.checked, detail=verdict.detail, span=(0, ext))
    verdict = _us_phone(value)
    if verdict is None:
        return None
    if _US_STRICT.fullmatch(value):
        return verdict
    return Verdict(checked=False, detail=verdict.detail)


_EXTENSION = re.compile(r"x[0-9]{1,6}$")


@lru_cache(maxsize=8192)
def _us_phone(value: str) -> Verdict | None:
    import phonenumbers

    d = digits_of(value)
    if len(d) == 11:
        d = d[1:]
    if len(d) != 10:
        return None
    try:
        num = phonenumbers.parse(d, "US")
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(num)  # as in _intl_phone
    if region is None or not phonenumbers.is_valid_number_for_region(num, region):
        return None
    return Verdict(detail={"region": region or "US"})


@cache
def _tlds() -> frozenset[str]:
    return frozenset(data_lines("tlds.txt"))


_RESERVED_MAIL = ("example.com", "example.org", "example.net", "test.com", "localhost")
# Service accounts of SSH remotes (git@github.com, hg@bitbucket.org): not a person's mailbox.
_SSH_USERS = frozenset(("git", "hg", "svn", "gitlab", "gitea", "forgejo"))


def email(value: str) -> Verdict | None:
    at = value.rfind("@")
    local, domain = value[:at], value[at + 1 :].lower()
    if not local or local[0] == "." or local[-1] == "." or ".." in value:
        return None
    if local.lower() in _SSH_USERS:
        return None  # git@github.com: an SSH remote, not an address
    tld = domain[domain.rfind(".") + 1 :]
    if tld not in _tlds():
        return None  # image@2x.png, version@1.2.3, user@host.local
    if domain.endswith(_RESERVED_MAIL) or domain.endswith(".example"):
        return TEST_DATA
    return OK
