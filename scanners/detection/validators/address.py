"""Postal address validators (`contact.cn_address`, `contact.en_address`).

Chinese: the administrative part is read against the official division list (GB/T 2260,
resources/data/cn_divisions.tsv), as a chain whose codes nest (广东省 > 深圳市 > 南山区, not
广东省 > 南山区 of Hegang), then a road / compound / village / building part follows. A
chain of two levels and a numbered part (27号, 3栋, 2单元, 3组, B座) is an address on its
own; one level, or a part without a number (阳光小区, 李家村), or no chain at all (a
详细地址 cell: 中关村大街27号) passes only the weak test: it needs a label or a column header.

US: house number + street name + a USPS street suffix (Publication 28 C1,
resources/data/usps_street_suffixes.txt), then an optional unit (C2 designators and #), and
an optional city, state and ZIP. With a valid state code and a ZIP it is an address on its
own; a street line alone needs a label or a column header.

Both validators narrow the reported span to the address itself (prose before it, text after
it that is not part of it).
"""

from __future__ import annotations

import re
from functools import cache

from scanners.detection.validators.common import OK, WEAK, Verdict, after_label, data_lines
from scanners.model import Severity

# --- Chinese --------------------------------------------------------------------------------

Division = tuple[str, int]  # (code, level) with level 1 province, 2 prefecture, 3 county


@cache
def _divisions() -> tuple[dict[str, dict[str, tuple[Division, ...]]], dict[str, bool]]:
    """Names by first character ({char: {name: ((code, level), ...)}}, longest names first)
    and whether each name is a short form (广东, 深圳) rather than a full name."""
    full: dict[str, list[Division]] = {}
    for line in data_lines("cn_divisions.tsv"):
        code, name = line.split("\t")
        level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
        full.setdefault(name, []).append((code, level))
    short: dict[str, list[Division]] = {}
    for name, divs in full.items():
        for code, level in divs:
            if level < 3:
                s = _short_name(name)
                if s != name and s not in full:
                    short.setdefault(s, []).append((code, level))
    by_first: dict[str, dict[str, tuple[Division, ...]]] = {}
    is_short: dict[str, bool] = {}
    for table, flag in ((full, False), (short, True)):
        for name, divs in table.items():
            by_first.setdefault(name[0], {})[name] = tuple(divs)
            is_short[name] = flag
    for first, names in by_first.items():
        by_first[first] = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))
    return by_first, is_short


def division_name(cell: str) -> bool:
    """Whether `cell` is the name of a division, county level or above, full or short
    ("忠县", "克拉玛依市", "广东"): a gazetteer's place column, not somebody's address."""
    names = _divisions()[0].get(cell[:1])
    return names is not None and cell in names


_SHORT_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市", "地区", "盟",
)  # fmt: skip


def _short_name(name: str) -> str:
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _nests(code: str, level: int, parent: Division | None) -> bool:
    if parent is None:
        return True
    pcode, plevel = parent
    if level <= plevel:
        return False
    return code[: 2 * plevel] == pcode[: 2 * plevel]


@cache
def _division_index() -> dict[str, tuple[dict[str, tuple[Division, ...]], tuple[int, ...]]]:
    """_divisions()'s names by first character, with their lengths (longest first): a name
    at a position is found by looking up the text's slice of each length (a few), not by
    trying every name that starts with its character (up to 64)."""
    by_first, _ = _divisions()
    return {
        first: (names, tuple(sorted({len(name) for name in names}, reverse=True)))
        for first, names in by_first.items()
    }


def _division_at(
    v: str,
    i: int,
    parent: Division | None,
    index: dict[str, tuple[dict[str, tuple[Division, ...]], tuple[int, ...]]] | None = None,
) -> tuple[str, Division] | None:
    """The longest name at `v[i:]` with a division that nests in `parent` (names of one
    length differ: at most one of them is there). `index`: _division_index(), when the
    caller has it at hand."""
    if i >= len(v):
        return None
    entry = (index or _division_index()).get(v[i])
    if entry is None:
        return None
    names, lengths = entry
    room = len(v) - i
    if parent is None:
        for n in lengths:
            if n <= room:
                divs = names.get(v[i : i + n])
                if divs is not None:
                    return v[i : i + n], divs[0]  # every division nests in no parent
        return None
    pcode, plevel = parent
    k = 2 * plevel
    head = pcode[:k]
    for n in lengths:
        if n <= room:
            divs = names.get(v[i : i + n])
            if divs is not None:
                for div in divs:
                    if div[1] > plevel and div[0][:k] == head:  # _nests(*div, parent)
                        return v[i : i + n], div
    return None


# Words of prose, never inside an address's road or compound part: text is cut before them.
_PROSE = frozenset("的了是我你他她们这那吗呢吧啊呀很就也把被但而却着过在")
_PROSE_CHAR = re.compile("[" + "".join(sorted(_PROSE)) + "]")
_YEAR = re.compile(r"[0-9]{2,4}年")  # "2023年GDP增长": a date, not a road
_BEFORE = frozenset("的在是于到至和与及或我你他她们这那从把被给往向住址为：:，,。；;、 ()（）#-·")
_DETAIL_STOPS = _BEFORE | _PROSE  # where a 详细地址 without divisions starts, after them
# A numbered part: 27号, 7号楼, 3栋, 2单元, 501室, 3组, B座, 四区412号楼 ... (room digits after
# a building or unit part are part of it: 2单元1203, B座2301).
_NUMBERED = re.compile(
    r"(?:[0-9]{1,6}[A-Za-z]?|[A-Za-z]|[一二三四五六七八九十]{1,3})"
    r"(?:号楼|号院|号|弄|栋|幢|座|单元|室|层|楼|组)(?:[0-9]{2,5}(?![0-9])(?:室)?)?"
    r"|(?<=[区园苑村庭居寓厦])[0-9]{1,3}(?:-[0-9]{1,4}){1,2}(?![0-9])"  # 金龙小区5-3-2
)
_PLACE = re.compile(
    r"小区|社区|新村|花园|家园|华庭|名苑|嘉园|雅居|公寓|大厦|写字楼|广场|中心|宿舍|胡同|大道|街道"
    r"|园区|科技园|产业园|工业园|软件园"
    r"|[路街巷弄村苑庄屯院镇乡里]"
)
# A 详细地址 cell without divisions: a road and its number, or a compound and a building.
_DETAIL_ONLY = re.compile(
    r"(?:路|街|道|巷|弄|胡同|里)[0-9]{1,5}号"
    r"|(?:小区|花园|家园|公寓|苑|新村|华庭|嘉园|雅居|名苑|大厦) ?[0-9A-Za-z]{1,4}(?:栋|幢|号楼|座)"
)
_BUILDING = re.compile("栋|幢|座|单元|室|组|号楼|层")  # (…园区5号楼3层: an office's floor)
# Institutions, not homes: 人民医院, 人民法院, 教育委员会 ... (without a number after them).
_INSTITUTION = re.compile(
    r"(?:医院|法院|检察院|政府|学院|大学|中学|小学|学校|公司|银行|委员会|研究院|设计院|博物馆"
    r"|图书馆|体育馆|电视台|中心|广场)$"
)


def _chain(v: str) -> tuple[int, int, int]:
    """(start, end, levels) of the first division chain in `v`; levels 0 when none.

    Two-character names that are everyday words (城区, 郊区, 东区) and short forms only start
    a chain when a fuller name follows them."""
    _, is_short = _divisions()
    index = _division_index()
    for i in range(len(v)):
        if v[i] not in index:
            continue  # most characters start no name
        first = _division_at(v, i, None, index)
        if first is None:
            continue
        name, div = first
        levels, end, parent = 1, i + len(name), div
        weak = is_short[name] or len(name) <= 2
        while True:
            j = end + 1 if end < len(v) and v[end] == " " else end
            nxt = _division_at(v, j, parent, index)
            if nxt is None:
                break
            levels, end, parent = levels + 1, j + len(nxt[0]), nxt[1]
        if weak and levels == 1:
            continue
        return i, end, levels
    return 0, 0, 0


def _detail_end(detail: str) -> int:
    """Where the road / compound / building part ends (0: there is none)."""
    prose = _PROSE_CHAR.search(detail)
    if prose is not None:
        detail = detail[: prose.start()]
    year = _YEAR.search(detail)
    if year is not None:
        detail = detail[: year.start()]
    end = 0
    for m in _NUMBERED.finditer(detail):
        end = m.end()
    for m in _PLACE.finditer(detail, end):
        end = m.end()
    return end


def cn_address(value: str) -> Verdict | None:
    start, end, levels = _chain(value)
    if levels:
        lead = end + 1 if end < len(value) and value[end] == " " else end
        detail = value[lead:]
        stop = _detail_end(detail)
        if stop < 2:
            return None
        part = detail[:stop]
        numbered = _NUMBERED.search(part) is not None
        if not numbered and _INSTITUTION.search(part):
            return None
        if numbered and not _PLACE.search(part) and not _BUILDING.search(part):
            return None  # "2023年GDP增长6号": a number with no road, compound or building
        verdict = OK if levels >= 2 and numbered else WEAK
        return _narrowed(verdict, value, start, lead + stop)
    # No division: a 详细地址 cell (中关村大街27号院3号楼), counted only with a label.
    m = _DETAIL_ONLY.search(value)
    if m is None:
        return None
    begin = _after_last(value, m.start(), _DETAIL_STOPS)
    if m.start() - begin < 1:
        return None
    stop = _detail_end(value[begin:])
    if stop < m.end() - begin:
        return None
    return _narrowed(WEAK, value, begin, begin + stop)


def _after_last(text: str, end: int, stops: frozenset[str]) -> int:
    """Where an address without divisions starts: after the last of `stops` (prose,
    punctuation) before `end`; 0 without one."""
    for k in range(end - 1, -1, -1):
        if text[k] in stops:
            return k + 1
    return 0


def _narrowed(verdict: Verdict, value: str, start: int, end: int) -> Verdict:
    if (start, end) == (0, len(value)):
        return verdict
    return Verdict(checked=verdict.checked, span=(start, end))


# --- Hong Kong, Macau and Taiwan (contact.hk_mo_tw_address) -------------------------------


@cache
def _hk_mo_tw_places() -> dict[str, tuple[tuple[str, str], ...]]:
    """resources/data/hk_mo_tw_places.txt by first character: ((name, region), ...), the
    longest names first (香港島 before 香港)."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for line in data_lines("hk_mo_tw_places.txt"):
        region, name = line.split()
        by_first.setdefault(name[0], []).append((name, region))
    return {c: tuple(sorted(names, key=lambda n: -len(n[0]))) for c, names in by_first.items()}


# What may stand before the place and belongs to the address: the country or territory, a
# postal code (106臺北市, 100-01)
_TW_HEAD = re.compile(
    r"(?:[0-9]{3}(?:-?[0-9]{2,3})? ?)?(?:臺灣省?|中華民國|香港特別行政區|澳門特別行政區)?$")
# A road, lane, section or estate before the number: 忠孝東路四段, 彌敦道, 巷, 弄, 村, 新邨, 花園
_HK_TW_ROAD = re.compile(r"[路街道巷弄段里村邨園]|大廈|大樓|廣場|中心")
# Words of prose, in traditional script, that are never inside an address (not 和 of 和平東路,
# 將 of 將軍澳); with those that end the prose before one ("請寄到", "住址為") and punctuation,
# where an address without a place starts (not the PRC rule's _BEFORE: 和 of 永和巷 is a name's)
_TW_PROSE = "的了是我你他她們這那嗎呢吧啊呀很就也把被但而卻過在到於"
_TW_PROSE_CHAR = re.compile(f"[{_TW_PROSE}]")
_TW_BEFORE = frozenset(_TW_PROSE + "著寄送請為" + "：:，,。；;、 ()（）#-·")


def hk_mo_tw_address(value: str) -> Verdict | None:
    """A street address of Taiwan, Hong Kong or Macau in traditional script, ending in a
    house number (號; then a floor and a room): after one of their places (臺北市, 新北市,
    九龍, 旺角, 澳門, 氹仔 ...) it counts alone (OK, with the region); without one, a road and a
    number count next to an address label (WEAK). Leading prose is cut off."""
    text = value.replace("台", "臺")  # (the same length: offsets hold)
    places = _hk_mo_tw_places()
    for i, c in enumerate(text):
        for name, region in places.get(c, ()):
            if text.startswith(name, i):
                head = _TW_HEAD.search(text, 0, i)
                start = head.start() if head is not None else i
                if _HK_TW_ROAD.search(text, i + len(name)) is None:
                    return None  # 臺北市政府100號: a number after a city, no street
                if _TW_PROSE_CHAR.search(text, i + len(name)) is not None:
                    return None  # 臺北市長在中山路3號召開: a sentence, not an address
                return Verdict(detail={"region": region},
                               span=(start, len(value)) if start else None)
    road = _HK_TW_ROAD.search(text)
    if road is None:
        return None
    begin = _after_last(text, road.start(), _TW_BEFORE)
    if road.start() - begin < 1:
        return None  # a road word with no name before it
    return _narrowed(WEAK, value, begin, len(value))



# --- US -------------------------------------------------------------------------------------


def _forms(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """All forms on the lines of a USPS table, and the forms marked "-" (no number)."""
    forms: set[str] = set()
    bare: set[str] = set()
    for line in data_lines(name):
        words = line.split()
        no_number = words[-1] == "-"
        for w in words:
            if w != "-":
                forms.add(w)
                if no_number:
                    bare.add(w)
    return frozenset(forms), frozenset(bare)


@cache
def _suffixes() -> frozenset[str]:
    return _forms("usps_street_suffixes.txt")[0]


@cache
def _units() -> tuple[frozenset[str], frozenset[str]]:
    return _forms("usps_unit_designators.txt")


@cache
def _states() -> tuple[frozenset[str], frozenset[str]]:
    codes, names = set(), set()
    for line in data_lines("us_states.txt"):
        code, name = line.split("\t")
        codes.add(code)
        names.add(name.upper())
    return frozenset(codes), frozenset(names)


_DIRECTIONS = frozenset(("N", "S", "E", "W", "NE", "NW", "SE", "SW", "NORTH", "SOUTH", "EAST",
                         "WEST", "NORTHEAST", "NORTHWEST", "SOUTHEAST", "SOUTHWEST"))
# Numbered roads name the number after the road word: Highway 61, County Road 12.
_ROUTES = frozenset(("HIGHWAY", "HWY", "ROUTE", "RTE", "ROAD", "RD", "INTERSTATE", "FM"))
# Words that start titles and sentences, not street names ("Chapter 3 The Road").
_EN_STOP = frozenset(("THE", "A", "AN", "IN", "ON", "AT", "OF", "AND", "OR", "FOR", "TO", "BY",
                      "IS", "ARE", "WAS", "NEW", "MAJOR", "MINOR", "BUGS", "STEPS", "ITEMS",
                      "PAGES", "YEARS", "DAYS", "TIMES", "MORE", "MOST", "BEST", "TOP"))
_TOKEN = re.compile(r"(,?) ?(#? ?[0-9A-Za-z][0-9A-Za-z'.\-]*)")
_ORDINAL = re.compile(r"[0-9]{1,4}(?:ST|ND|RD|TH)")
_ZIP = re.compile(r"[0-9]{5}(?:-[0-9]{4})?")
_IDENT = re.compile(r"#?[0-9]{1,6}[A-Z]?|[A-Z]|[0-9]{1,4}-?[A-Z]")


class _Tokens:
    def __init__(self, value: str) -> None:
        self.items = [(m[1] == ",", m[2], m.end()) for m in _TOKEN.finditer(value)]

    def word(self, k: int) -> str:
        return self.items[k][1].upper().rstrip(".") if k < len(self.items) else ""

    def comma(self, k: int) -> bool:
        return k < len(self.items) and self.items[k][0]

    def end(self, k: int) -> int:
        return self.items[k][2]


def _street_end(t: _Tokens) -> int:
    """Index of the street's last token (suffix, route number or post-direction); -1: none."""
    k = 1
    if t.word(k) in _DIRECTIONS and t.word(k + 1) and not t.comma(k + 1):
        k += 1  # a pre-direction, unless it is the name itself ("12 North Street")
    name = k
    w = t.word(name)
    if not w or w in _EN_STOP or not (t.items[name][1][0].isupper() or _ORDINAL.fullmatch(w)):
        return -1
    for j in range(name, min(name + 6, len(t.items))):
        if j > name and t.comma(j):
            return -1
        w = t.word(j)
        if w in _ROUTES and j + 1 < len(t.items) and t.word(j + 1).isdigit():
            return j + 1  # Highway 61, County Road 12
        if j > name and w in _suffixes():
            while t.word(j + 1) in _suffixes() and not t.comma(j + 1):
                j += 1  # High Meadow Lane, Walkers Ridge Way
            if t.word(j + 1) in _DIRECTIONS and not t.comma(j + 1):
                j += 1
            return j
        if not (t.items[j][1][0].isupper() or _ORDINAL.fullmatch(w)):
            return -1
    return -1


def _unit_end(t: _Tokens, k: int) -> int:
    """Index of the last token of a unit after token `k` (Apt 4B, Suite 300, #12); k if none."""
    units, bare = _units()
    w = t.word(k + 1)
    if w.startswith("#"):
        if len(w) > 1:
            return k + 1
        return k + 2 if _IDENT.fullmatch(t.word(k + 2)) else k
    if w in bare:
        return k + 1
    if w in units and _IDENT.fullmatch(t.word(k + 2)):
        return k + 2
    return k


def _city_state_zip(t: _Tokens, k: int) -> tuple[int, bool]:
    """(last token index, complete) of ", City, ST 12345" after token `k`."""
    codes, names = _states()
    j = k + 1
    city = 0
    while j < len(t.items) and city < 4:
        w = t.word(j)
        if city and (w in codes or w in names) and t.items[j][1][:1].isupper():
            if _ZIP.fullmatch(t.items[j + 1][1] if j + 1 < len(t.items) else ""):
                return j + 1, True
            return j, False
        if not t.items[j][1][0].isupper() or (city and t.comma(j) and w not in codes):
            break
        city += 1
        j += 1
    if city and j >= len(t.items):
        return j - 1, False  # ", Springfield" at the end of the cell
    return k, False


# Military mail (Pub 28 chapter 2.6): PSC 3191, Box 2845 / Unit 7889 Box 1486 / USNS Ship,
# then APO, FPO or DPO, AA/AE/AP and a ZIP.
_MILITARY = re.compile(
    r"(?:(?:PSC|CMR|UNIT) [0-9]{1,5},? BOX [0-9]{1,5}|US(?:S|NS|NV|CGC) [A-Z]+)"
    r"((?:\\N|\n|, | )(?:APO|FPO|DPO) (?:AA|AE|AP) [0-9]{5})?",
    re.IGNORECASE,
)


_PO_BOX = re.compile(r"(?:P\.? ?O\.?|POST OFFICE) BOX ([0-9]{1,7})", re.IGNORECASE)


# Every address above holds an ASCII letter: a street name's capital or ordinal, "PO BOX",
# a military unit (whose IGNORECASE words have letters without a non-ASCII case fold).
_ASCII_LETTER = re.compile("[A-Za-z]")


def en_address(value: str) -> Verdict | None:
    if _ASCII_LETTER.search(value) is None:
        return None  # a run of digits (most candidates in exports: phone numbers)
    mil = _MILITARY.match(value)
    if mil is not None:
        return OK if mil.group(1) else WEAK
    t = _Tokens(value)
    box = _PO_BOX.match(value)
    if box is not None:  # PO Box 1234[, City, ST ZIP]
        k = next((i for i, item in enumerate(t.items) if item[2] == box.end()), -1)
        return _verdict(t, k, value) if k >= 0 else None
    if len(t.items) < 3:
        return None
    k = _street_end(t)
    if k < 0:
        return None
    return _verdict(t, _unit_end(t, k), value)


def _verdict(t: _Tokens, k: int, value: str) -> Verdict:
    """OK with a state and ZIP after token `k`, WEAK without; narrowed to the address."""
    k, complete = _city_state_zip(t, k)
    end = t.end(k)
    verdict = OK if complete else WEAK
    if end == len(value):
        return verdict
    return Verdict(checked=verdict.checked, span=(0, end))


# --- other countries' street addresses (contact.intl_address) -----------------------------


@cache
def _street_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(prefix words, suffixes) of resources/data/street_words.txt, lower case."""
    lines = data_lines("street_words.txt")
    return (frozenset(w[1:] for w in lines if w[0] == "+"),
            tuple(w[1:] for w in lines if w[0] == "-"))


# Postal codes as the countries write them: 5 digits (DE, FR, ES, IT, FI ...), 4 digits and two
# letters (NL), 2-3 (PL), 5-3 or 8 digits (BR), 6 digits (IN, RU, SG), 4 digits (AT, CH, BE,
# DK, AU ...), the UK's
_POSTCODE = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{5}(?:-[0-9]{3})?|[0-9]{4} ?[A-Z]{2}|[0-9]{2}-[0-9]{3}|[0-9]{8}"
    r"|[0-9]{6}"
    r"|[0-9]{4}|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})(?![0-9A-Za-z])")
_HOUSE = re.compile(r"(?<![0-9A-Za-z.])[0-9]{1,4}[a-zA-Z]?(?:[/\-][0-9]{1,4}[a-zA-Z]?)?(?![0-9])")
_ADDRESS_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'.\-]*")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_CODE_SIGNS = re.compile(r"[A-Za-z_]\(|[{}\[\]<>=;$\\`]")
_NAME = re.compile(r"[^\W\d_]{3}")
# Form placeholders (Musterstraße 1, 12345 Musterstadt): test data, as in every form's help
_SAMPLE_WORDS = ("muster", "beispiel", "example", "exemple", "ejemplo", "esempio", "voorbeeld")


def intl_address(value: str) -> Verdict | None:
    """A street address after an address label (`value` holds the label): a street word or a
    house number, a postal code and a capitalised town or street; or a street word and a
    house number."""
    label = after_label(value)
    if label is None:
        return None
    return _street_address(value, label[1])


def intl_street(value: str) -> Verdict | None:
    """Another country's street address without its label: a cell under an address or
    street column (Straße, Adresse, Street, Calle ...), a line near an address word. The
    parts `intl_address` asks for, and never more than a weak verdict: it counts only with
    such a word or column header (Hauptstraße 5 in a sentence is nobody's address yet)."""
    verdict = _street_address(value, 0)
    if verdict is None:
        return None
    span = None if verdict.span == (0, len(value)) else verdict.span
    return Verdict(checked=False, severity=verdict.severity, detail=verdict.detail, span=span)


def _street_address(value: str, start: int) -> Verdict | None:
    """`intl_address`'s checks on the address that starts at `start` in `value`."""
    address = value[start:].rstrip(" \t,;.")
    if len(address) < 8 or address.count(" ") > 16 or _CODE_SIGNS.search(address):
        return None  # a sentence or code (String(255) ...), not an address
    words = _ADDRESS_WORD.findall(address)
    if not words or not any(_CAPITAL.match(w) for w in words):
        return None
    prefixes, suffixes = _street_words()
    lowered = [w.lower() for w in words]
    # a suffix written onto a capitalised name (Hauptstraße, Dorpsstraat, Elontie; not
    # "string" or "untie")
    street = any(w in prefixes or w.rstrip(".") + "." in prefixes for w in lowered) or any(
        _CAPITAL.match(w) and len(w) >= len(x) + 3 and w.lower().endswith(x)
        for w in words for x in suffixes)
    if _NAME.search(address) is None and not any(
            len(w.rstrip(".")) > 1 and (w in prefixes or w.rstrip(".") + "." in prefixes)
            for w in lowered):
        return None  # no name of three letters, no street word but a letter ("C"): a MAC
    postcode = _POSTCODE.search(address)
    rest = address if postcode is None else address[:postcode.start()] + address[postcode.end():]
    house = _HOUSE.search(rest) is not None
    if not ((postcode is not None and (street or house)) or (street and house)):
        return None
    if "0x" in address.lower() or (address.count(".") >= 3 and not street):
        return None  # a memory or network address
    span = (start, start + len(address))
    if any(w.startswith(_SAMPLE_WORDS) for w in lowered):
        return Verdict(severity=Severity.LOW, detail={"test_data": "yes"}, span=span)
    return Verdict(span=span)
