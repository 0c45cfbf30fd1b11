"""Deterministic synthetic people and identifiers with valid checksums, plus hard negatives.

Everything here is invented: names are drawn from common-character lists, numbers are built
from a seeded `random.Random` and given correct check digits (GB 11643, HKID, Taiwan ID, Luhn,
ISO 13616 mod-97, GB 32100 ...), so detectors can be scored on them. No real person's data.

    f = Factory(seed=7, today=date(2025, 6, 1))
    p = f.person()              # a Person with name, IDs, phones, address, card ...
    f.resident_id(child=True)   # an ID that puts the holder under 14 on `today`
    f.negative()                # (kind, text) of a look-alike that must stay silent
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import random
import string
import struct
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

# --- checksums --------------------------------------------------------------------------

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"


def ric_check(first17: str) -> str:
    return RIC_CHECK[sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]


def ric_valid(value: str) -> bool:
    """Check digit and a real, past birth date (what a GB 11643 validator accepts)."""
    v = value.upper()
    if len(v) != 18 or not v[:17].isdigit() or ric_check(v[:17]) != v[17]:
        return False
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    return born.year >= 1900 and born <= date.today()


def luhn_sum(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10


def luhn_ok(digits: str) -> bool:
    return luhn_sum(digits) == 0


def luhn_complete(partial: str) -> str:
    """`partial` + the Luhn check digit."""
    return partial + str((10 - luhn_sum(partial + "0")) % 10)


def _hk_char_value(c: str) -> int:
    return 36 if c == " " else (ord(c) - 55 if c.isalpha() else int(c))


def hkid_check(prefix: str, digits: str) -> str:
    body = prefix.rjust(2)  # a one-letter prefix is padded with a space (value 36)
    chars = body + digits
    total = sum(_hk_char_value(c) * w for c, w in zip(chars, range(9, 1, -1), strict=True))
    check = 11 - total % 11
    return "A" if check == 10 else "0" if check == 11 else str(check)


TW_LETTERS = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "I": 34,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "O": 35,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "W": 32,
    "X": 30,
    "Y": 31,
    "Z": 33,
}


def tw_id_sum(value: str) -> int:
    n = TW_LETTERS[value[0]]
    total = n // 10 + 9 * (n % 10)
    total += sum(int(c) * w for c, w in zip(value[1:9], range(8, 0, -1), strict=True))
    return (total + int(value[9])) % 10


def tw_id_complete(first9: str) -> str:
    return first9 + str((10 - tw_id_sum(first9 + "0")) % 10)


def iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(num) % 97:02d}"


def iban_valid(value: str) -> bool:
    v = value.replace(" ", "")
    num = "".join(str(int(c, 36)) for c in v[4:] + v[:4])
    return int(num) % 97 == 1


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(width, "0")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- vocabularies -------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "慕容", "东方")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志红梅晓"
    "文斌宇浩然子轩欣怡梓涵思远俊杰嘉怡雨萱一诺博文佳琪天佑若曦瑞泽诗涵家豪晨曦铭宸欣妍"
)
EN_FIRST = (
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Emily",
    "Daniel",
    "Olivia",
    "Matthew",
    "Sophia",
    "Andrew",
    "Grace",
)
EN_LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
)
PINYIN = (
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "gao",
    "lin",
    "luo",
    "wei",
    "fang",
    "jun",
    "hua",
    "ming",
    "xiao",
    "yu",
    "hao",
    "jie",
    "ting",
    "lei",
    "qiang",
    "min",
    "jing",
    "yan",
    "fei",
    "bo",
)
MAIL_DOMAINS = (
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "huaxin-tech.cn",
    "dongfang-trade.com.cn",
    "mail.szu.edu.cn",
    "acme-logistics.co.uk",
    "northwind.de",
    "contoso.fr",
)

# (code, province, city, district) -- real county-level codes.
REGIONS = (
    ("110101", "北京市", "", "东城区"),
    ("110105", "北京市", "", "朝阳区"),
    ("110108", "北京市", "", "海淀区"),
    ("310104", "上海市", "", "徐汇区"),
    ("310115", "上海市", "", "浦东新区"),
    ("120101", "天津市", "", "和平区"),
    ("500103", "重庆市", "", "渝中区"),
    ("440305", "广东省", "深圳市", "南山区"),
    ("440106", "广东省", "广州市", "天河区"),
    ("510104", "四川省", "成都市", "锦江区"),
    ("320102", "江苏省", "南京市", "玄武区"),
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("420102", "湖北省", "武汉市", "江岸区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
    ("370202", "山东省", "青岛市", "市南区"),
    ("350102", "福建省", "福州市", "鼓楼区"),
    ("430104", "湖南省", "长沙市", "岳麓区"),
    ("210102", "辽宁省", "沈阳市", "和平区"),
)
ROADS = (
    "建国路",
    "人民路",
    "中山路",
    "解放路",
    "长安街",
    "科技园南路",
    "淮海中路",
    "南京西路",
    "天府大道",
    "文三路",
    "珞喻路",
    "雁塔北路",
    "香港中路",
    "五四路",
    "麓山南路",
    "青年大街",
    "滨海大道",
    "学院路",
    "和平里东街",
    "延安西路",
)
BUILDINGS = ("", "", "", "3栋", "A座", "2单元", "7号楼", "B座")
EN_STREETS = (
    "Maple",
    "Oak",
    "Pine",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Sunset",
    "Highland",
    "Church",
    "Mill",
    "River",
    "Forest",
    "Meadow",
)
EN_SUFFIX = ("Street", "St.", "Avenue", "Ave", "Road", "Rd.", "Lane", "Drive", "Boulevard", "Court")
EN_CITIES = (
    ("Springfield", "IL"),
    ("Portland", "OR"),
    ("Austin", "TX"),
    ("Denver", "CO"),
    ("Columbus", "OH"),
    ("Madison", "WI"),
    ("Raleigh", "NC"),
    ("Boise", "ID"),
    ("Sacramento", "CA"),
    ("Albany", "NY"),
)
CN_LANDLINE_AREAS = ("010", "021", "022", "023", "020", "0755", "028", "025", "0571", "027", "029")
CN_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "170",
    "171",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "196",
    "197",
    "198",
    "199",
)
HOSPITALS = ("北京协和医院", "复旦大学附属华山医院", "四川大学华西医院", "中山大学附属第一医院")
DIAGNOSES = ("2型糖尿病", "原发性高血压", "急性支气管炎", "腰椎间盘突出症", "焦虑障碍", "慢性胃炎")


@dataclass(slots=True)
class Person:
    name: str
    name_en: str
    sex: str
    birth: date
    resident_id: str
    mobile: str
    email: str
    address: str
    card: str
    child: bool = False
    extra: dict[str, str] = field(default_factory=dict)


class Factory:
    """All generators share one seeded RNG: the same seed gives the same corpus."""

    def __init__(self, seed: int = 0, today: date | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today or date.today()

    # -- small helpers --
    def digits(self, n: int, first: str = "0123456789") -> str:
        r = self.rng
        return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))

    def alnum(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return self.rng.choice(seq)

    # -- names --
    def cn_name(self) -> str:
        r = self.rng
        surname = r.choice(COMPOUND_SURNAMES) if r.random() < 0.04 else r.choice(SURNAMES)
        given = "".join(r.choice(GIVEN_CHARS) for _ in range(r.choice((1, 2, 2, 2))))
        return surname + given

    def en_name(self) -> str:
        return f"{self.pick(EN_FIRST)} {self.pick(EN_LAST)}"

    # -- dates --
    def birth_date(self, child: bool = False) -> date:
        """Adults are 18-80; children 2-12 on `today` (well clear of the 14-year line)."""
        lo, hi = (2, 12) if child else (18, 80)
        days = self.rng.randint(lo * 366, hi * 365)
        return self.today - timedelta(days=days)

    def dob_text(self, born: date, lang: str = "zh") -> str:
        r = self.rng.random()
        if lang == "zh":
            if r < 0.5:
                return f"{born.year}年{born.month}月{born.day}日"
            return born.isoformat() if r < 0.8 else f"{born.year}/{born.month:02d}/{born.day:02d}"
        if r < 0.5:
            return born.isoformat()
        if r < 0.8:
            return f"{born.month:02d}/{born.day:02d}/{born.year}"
        return born.strftime("%B ") + f"{born.day}, {born.year}"

    # -- identity --
    def resident_id(
        self, child: bool = False, born: date | None = None, region: str | None = None
    ) -> str:
        born = born or self.birth_date(child)
        region = region or self.pick(REGIONS)[0]
        first17 = region + born.strftime("%Y%m%d") + self.digits(3)
        return first17 + ric_check(first17)

    def resident_id_15(self) -> str:
        born = date(self.rng.randint(1930, 1984), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return self.pick(REGIONS)[0] + born.strftime("%y%m%d") + self.digits(3)

    def resident_id_masked(self) -> str:
        rid = self.resident_id()
        return (
            rid[:6] + "*" * 8 + rid[14:]
            if self.rng.random() < 0.5
            else rid[:3] + "*" * 11 + rid[14:]
        )

    def passport(self) -> str:
        return "E" + self.digits(8)

    def hk_macau_permit(self) -> str:
        return self.pick("HM") + self.digits(8, "0123")

    def tw_compatriot_permit(self) -> str:
        return self.digits(8, "0123456789")

    def hkid(self, with_parens: bool = True) -> str:
        r = self.rng
        prefix = r.choice(string.ascii_uppercase)
        if r.random() < 0.1:
            prefix = r.choice("WX") + prefix
        digits = self.digits(6)
        check = hkid_check(prefix, digits)
        return f"{prefix}{digits}({check})" if with_parens else f"{prefix}{digits}{check}"

    def tw_id(self) -> str:
        first9 = self.pick("ABCDEFGHJKLMNPQRSTUVXYWZIO") + self.pick("12") + self.digits(7)
        return tw_id_complete(first9)

    def macau_id(self) -> str:
        return f"{self.pick('157')}{self.digits(6)}({self.digits(1)})"

    def us_ssn(self, dashes: bool = True) -> str:
        r = self.rng
        while True:
            area = r.randint(1, 899)
            if area != 666:
                break
        s = f"{area:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if s in ("078051120", "457555462", "219099999"):
            return self.us_ssn(dashes)
        return f"{s[:3]}-{s[3:5]}-{s[5:]}" if dashes else s

    # -- financial --
    CARD_BRANDS = (
        "unionpay",
        "unionpay",
        "unionpay",
        "visa",
        "mastercard",
        "mastercard2",
        "amex",
        "jcb",
        "discover",
        "diners",
    )

    def card_number(self, brand: str | None = None) -> str:
        r = self.rng
        brand = brand or r.choice(self.CARD_BRANDS)
        prefix, length = {
            "unionpay": (
                r.choice(("6222", "6217", "6228", "6212", "6230", "6259")),
                r.choice((16, 16, 17, 18, 19, 19)),
            ),
            "visa": ("4" + self.digits(3), 16),
            "mastercard": (str(r.randint(51, 55)), 16),
            "mastercard2": (str(r.randint(2221, 2720)), 16),
            "amex": (r.choice(("34", "37")), 15),
            "jcb": (str(r.randint(3528, 3589)), 16),
            "discover": (r.choice(("6011", "65")), 16),
            "diners": (r.choice(("36", "38", "300", "305")), 14),
        }[brand]
        while True:
            partial = prefix + "".join(
                r.choice(string.digits) for _ in range(length - len(prefix) - 1)
            )
            full = luhn_complete(partial)
            if len(set(full)) >= 4:
                return full

    def format_card(self, number: str) -> str:
        r = self.rng.random()
        if r < 0.45 or len(number) not in (15, 16, 19):
            return number
        sep = " " if r < 0.8 else "-"
        if len(number) == 15:
            return sep.join((number[:4], number[4:10], number[10:]))
        return sep.join(number[i : i + 4] for i in range(0, len(number), 4))

    def card_masked(self) -> str:
        n = self.card_number(self.pick(("unionpay", "visa", "mastercard")))
        if len(n) != 16:
            n = n[:16]
        return self.pick(
            (f"{n[:4]} **** **** {n[-4:]}", f"{n[:6]}******{n[-4:]}", f"**** **** **** {n[-4:]}")
        )

    def cvv(self, amex: bool = False) -> str:
        return self.digits(4 if amex else 3)

    def expiry(self) -> str:
        m, y = self.rng.randint(1, 12), self.rng.randint(25, 31)
        return self.pick((f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-20{y}"))

    IBAN_SPECS = ("DE", "GB", "FR", "NL", "CH", "ES")

    def iban(self, country: str | None = None, spaced: bool | None = None) -> str:
        r = self.rng
        c = country or r.choice(self.IBAN_SPECS)
        if c == "DE":
            bban = self.digits(8, "123456789") + self.digits(10)
        elif c == "GB":
            bban = r.choice(("NWBK", "BARC", "HBUK", "LOYD", "MIDL")) + self.digits(14)
        elif c == "FR":
            bank, branch, acct = self.digits(5, "123456789"), self.digits(5), self.digits(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif c == "NL":
            bban = r.choice(("ABNA", "INGB", "RABO")) + self.digits(10)
        elif c == "CH":
            bban = self.digits(5) + self.digits(12)
        else:  # ES: bank(4) branch(4) 2 national check digits, account(10)
            bank, branch, acct = self.digits(4), self.digits(4), self.digits(10)

            def es_check(digits: str) -> str:
                w = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
                s = 11 - sum(int(d) * x for d, x in zip(digits.rjust(10, "0"), w, strict=True)) % 11
                return "0" if s == 11 else "1" if s == 10 else str(s)

            bban = bank + branch + es_check("00" + bank + branch) + es_check(acct) + acct
        value = c + iban_check_digits(c, bban) + bban
        if spaced is None:
            spaced = r.random() < 0.6
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if spaced else value

    # -- contact --
    def cn_mobile(self, styled: bool = True) -> str:
        num = self.pick(CN_MOBILE_PREFIXES) + self.digits(8)
        if not styled:
            return num
        r = self.rng.random()
        if r < 0.55:
            return num
        if r < 0.7:
            return f"{num[:3]} {num[3:7]} {num[7:]}"
        if r < 0.8:
            return f"{num[:3]}-{num[3:7]}-{num[7:]}"
        if r < 0.92:
            return f"+86 {num}" if r < 0.86 else f"+86-{num}"
        return f"0086{num}" if r < 0.96 else f"(+86){num}"

    def cn_mobile_masked(self) -> str:
        num = self.cn_mobile(styled=False)
        return num[:3] + "****" + num[7:]

    def cn_landline(self) -> str:
        import phonenumbers  # a project dependency; used to keep only assignable numbers

        while True:
            area = self.pick(CN_LANDLINE_AREAS)
            local = self.digits(8, "2345678")  # these big cities all use 8-digit local numbers
            if phonenumbers.is_valid_number(phonenumbers.parse(area + local, "CN")):
                break
        return self.pick((f"{area}-{local}", f"({area}){local}", f"{area} {local}"))

    def intl_phone(self) -> str:
        r = self.rng
        k = r.randrange(6)
        if k == 0:
            return f"+44 20 7946 0{r.randint(0, 999):03d}"
        if k == 1:
            return f"+1 212 555 01{r.randint(0, 99):02d}"
        if k == 2:
            return f"+1 ({self.pick(('202', '415', '617', '312'))}) 555-01{r.randint(0, 99):02d}"
        if k == 3:
            return f"+49 30 {self.digits(4, '2345678')} {self.digits(4)}"
        if k == 4:
            return f"+33 1 {' '.join(self.digits(2) for _ in range(4))}"
        return f"+81 3 {self.digits(4, '23456789')} {self.digits(4)}"

    def email(self, name_en: str | None = None) -> str:
        r = self.rng
        if name_en and r.random() < 0.5:
            first, last = name_en.lower().split()[:2]
            local = r.choice(
                (f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}{r.randint(1, 99)}")
            )
        else:
            local = r.choice(PINYIN) + r.choice(("", ".", "_")) + r.choice(PINYIN)
            if r.random() < 0.5:
                local += str(r.randint(1, 9999))
        return f"{local}@{r.choice(MAIL_DOMAINS)}"

    def cn_address(self) -> str:
        r = self.rng
        _, prov, city, district = r.choice(REGIONS)
        road = r.choice(ROADS)
        num = f"{r.randint(1, 999)}号"
        tail = r.choice(BUILDINGS)
        room = f"{r.randint(1, 30)}{r.randint(1, 9):02d}室" if r.random() < 0.5 else ""
        return f"{prov}{city}{district}{road}{num}{tail}{room}"

    def en_address(self) -> str:
        r = self.rng
        city, state = r.choice(EN_CITIES)
        apt = f", Apt {r.randint(1, 40)}{r.choice('ABCD')}" if r.random() < 0.3 else ""
        return (
            f"{r.randint(10, 9899)} {r.choice(EN_STREETS)} {r.choice(EN_SUFFIX)}{apt}, "
            f"{city}, {state} {r.randint(10000, 99899)}"
        )

    def coordinates(self) -> str:
        r = self.rng
        lat = r.uniform(22.0, 45.0)
        lon = r.uniform(100.0, 122.0)
        d = r.choice((4, 5, 6))
        return f"{lat:.{d}f}, {lon:.{d}f}" if r.random() < 0.7 else f"{lat:.{d}f},{lon:.{d}f}"

    # -- health --
    def medical_record_no(self) -> str:
        return self.pick(("MR", "BL", "")) + str(self.rng.randint(2015, 2024)) + self.digits(6)

    def insurance_no(self) -> str:
        return self.digits(2, "123456789") + self.digits(10)  # 医保卡号-like 12 digits

    def admission_no(self) -> str:
        return "ZY" + str(self.rng.randint(2015, 2024)) + self.digits(6)

    # -- devices / network --
    def imei(self) -> str:
        tac = self.pick(("35", "86", "01", "99")) + self.digits(6)
        return luhn_complete(tac + self.digits(6))

    def mac(self) -> str:
        first = self.rng.randrange(0, 256) & 0b11111100  # unicast, globally administered
        octets = [first] + [self.rng.randrange(256) for _ in range(5)]
        sep = self.pick((":", ":", "-"))
        return sep.join(f"{o:02X}" if sep == "-" else f"{o:02x}" for o in octets)

    def public_ipv4(self) -> str:
        while True:
            a = ipaddress.IPv4Address(self.rng.getrandbits(32))
            octets = str(a).split(".")
            # no network or broadcast-looking host parts (x.x.x.0, x.x.x.255)
            if (
                a.is_global
                and not a.is_multicast
                and octets[0] not in ("0", "100")
                and octets[3] not in ("0", "255")
            ):
                return str(a)

    # -- secrets --
    def aws_access_key(self) -> str:
        return "AKIA" + self.alnum(16, string.ascii_uppercase + "234567")

    def aws_secret_key(self) -> str:
        return self.alnum(40, string.ascii_letters + string.digits + "/+")

    def github_token(self) -> str:
        body = self.alnum(30)
        return "ghp_" + body + _base62(binascii.crc32(body.encode()), 6)

    def gitlab_token(self) -> str:
        return "glpat-" + self.alnum(20, string.ascii_letters + string.digits + "_-")

    def slack_token(self) -> str:
        return (
            f"xoxb-{self.digits(11, '123456789')}-{self.digits(13, '123456789')}-{self.alnum(24)}"
        )

    def google_api_key(self) -> str:
        return "AIza" + self.alnum(35, string.ascii_letters + string.digits + "_-")

    def stripe_key(self) -> str:
        return "sk_live_" + self.alnum(24)

    def alibaba_key(self) -> str:
        return "LTAI" + self.alnum(20)

    def tencent_secret_id(self) -> str:
        return "AKID" + self.alnum(32)

    def jwt(self) -> str:
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = _b64url(
            json.dumps(
                {
                    "sub": self.digits(8),
                    "name": self.en_name(),
                    "iat": 1700000000 + self.rng.randint(0, 10**7),
                }
            ).encode()
        )
        sig = _b64url(hashlib.sha256(self.alnum(16).encode()).digest())
        return f"{header}.{payload}.{sig}"

    def password(self) -> str:
        r = self.rng
        return (
            r.choice(("Summer", "Dragon", "Passw0rd", "Welcome", "Tiger", "Qwerty"))
            + str(r.randint(10, 9999))
            + r.choice("!@#$%&*")
        )

    def pem_private_key(self, encrypted: bool = False) -> str:
        raw = bytes(self.rng.getrandbits(8) for _ in range(600))
        b64 = base64.b64encode(raw).decode()
        lines = "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
        if encrypted:
            if self.rng.random() < 0.5:
                tag = "ENCRYPTED PRIVATE KEY"
                return f"-----BEGIN {tag}-----\n{lines}\n-----END {tag}-----\n"
            iv = self.alnum(32, "0123456789ABCDEF")
            return (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                f"DEK-Info: AES-128-CBC,{iv}\n\n{lines}\n-----END RSA PRIVATE KEY-----\n"
            )
        kind = self.pick(("RSA ", "EC ", ""))
        return f"-----BEGIN {kind}PRIVATE KEY-----\n{lines}\n-----END {kind}PRIVATE KEY-----\n"

    def openssh_private_key(self, encrypted: bool = False) -> str:
        def s(b: bytes) -> bytes:
            return struct.pack(">I", len(b)) + b

        rng = self.rng
        pub = s(b"ssh-ed25519") + s(bytes(rng.getrandbits(8) for _ in range(32)))
        if encrypted:
            cipher, kdf = b"aes256-ctr", b"bcrypt"
            kdfopts = s(bytes(rng.getrandbits(8) for _ in range(16))) + struct.pack(">I", 16)
        else:
            cipher, kdf, kdfopts = b"none", b"none", b""
        private = bytes(rng.getrandbits(8) for _ in range(144))
        blob = (
            b"openssh-key-v1\0"
            + s(cipher)
            + s(kdf)
            + s(kdfopts)
            + struct.pack(">I", 1)
            + s(pub)
            + s(private)
        )
        b64 = base64.b64encode(blob).decode()
        lines = "\n".join(b64[i : i + 70] for i in range(0, len(b64), 70))
        return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{lines}\n-----END OPENSSH PRIVATE KEY-----\n"

    def url_with_password(self) -> str:
        r = self.rng
        scheme = r.choice(("postgres", "mysql", "https", "ftp", "redis", "mongodb"))
        host = r.choice(
            ("db.internal.example.net", "10.0.3.17", "cache.corp.local", "files.huaxin-tech.cn")
        )
        user = r.choice(("admin", "root", "deploy", r.choice(PINYIN)))
        return f"{scheme}://{user}:{self.password()}@{host}/{r.choice(('app', 'prod', 'data'))}"

    # -- a whole person --
    def person(self, child: bool | None = None) -> Person:
        if child is None:
            child = self.rng.random() < 0.1
        born = self.birth_date(child)
        rid = self.resident_id(born=born)
        name_en = self.en_name()
        return Person(
            name=self.cn_name(),
            name_en=name_en,
            sex="男" if int(rid[16]) % 2 else "女",
            birth=born,
            resident_id=rid,
            mobile=self.cn_mobile(),
            email=self.email(name_en),
            address=self.cn_address(),
            card=self.format_card(self.card_number()),
            child=child,
        )

    # -- hard negatives ----------------------------------------------------------------
    NEGATIVE_KINDS = (
        "order_no",
        "tracking_no",
        "timestamp10",
        "timestamp13",
        "uuid",
        "md5",
        "sha1",
        "sha256",
        "version",
        "version_phone",
        "bad_ric",
        "bad_hkid",
        "bad_twid",
        "bad_iban",
        "uscc",
        "phone_in_run",
        "bad_card",
        "git_sha",
    )

    def negative(self, kind: str | None = None) -> tuple[str, str, str]:
        """(kind, value, a sentence around it). The value must not produce any finding."""
        kind = kind or self.pick(self.NEGATIVE_KINDS)
        while True:
            value = getattr(self, f"_neg_{kind}")()
            plain = value.replace("(", "").replace(")", "")
            # A look-alike must not be a valid card/IMEI by accident (a 10% chance for Luhn).
            if not (plain.isdigit() and 12 <= len(plain) <= 19 and luhn_ok(plain)):
                return kind, value, self._neg_sentence(kind, value)

    def _safe_digits(self, n: int, first: str = "123456789") -> str:
        """A digit run that passes neither Luhn nor GB 11643 nor a mobile shape."""
        while True:
            d = self.digits(n, first)
            if not luhn_ok(d) and not (n == 18 and ric_valid(d)):
                return d

    def _neg_order_no(self) -> str:
        return self._safe_digits(self.rng.choice((18, 19, 20)), "2")

    def _neg_tracking_no(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return "SF" + self.digits(13)
        if r < 0.7:
            return self.pick(("YT", "JD", "JT")) + self.digits(13)
        return "7731" + self._safe_digits(11, "0123456789")

    def _neg_timestamp10(self) -> str:
        return str(self.rng.randint(1_500_000_000, 1_760_000_000))

    def _neg_timestamp13(self) -> str:
        while True:
            t = str(self.rng.randint(1_500_000_000_000, 1_760_000_000_000))
            if not luhn_ok(t):
                return t

    def _neg_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _hex(self, n: int) -> str:
        return self.alnum(n, "0123456789abcdef")

    def _neg_md5(self) -> str:
        return self._hex(32)

    def _neg_sha1(self) -> str:
        return self._hex(40)

    def _neg_git_sha(self) -> str:
        return self._hex(40)

    def _neg_sha256(self) -> str:
        return self._hex(64)

    def _neg_version(self) -> str:
        r = self.rng
        return self.pick(
            (
                f"Chrome/{r.randint(90, 131)}.0.{r.randint(1000, 6999)}.{r.randint(0, 200)}",
                f"Chrome/{r.randint(90, 131)}.0.0.0",
                f"v{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 99)}",
            )
        )

    def _neg_version_phone(self) -> str:
        return f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 9)}.{self.cn_mobile(styled=False)}"

    def _neg_bad_ric(self) -> str:
        rid = self.resident_id()
        wrong = self.pick([c for c in RIC_CHECK if c != rid[17]])
        return rid[:17] + wrong

    def _neg_bad_hkid(self) -> str:
        good = self.hkid(with_parens=False)
        wrong = self.pick([c for c in "0123456789A" if c != good[-1]])
        return f"{good[:-1]}({wrong})"

    def _neg_bad_twid(self) -> str:
        good = self.tw_id()
        return good[:9] + str((int(good[9]) + self.rng.randint(1, 9)) % 10)

    def _neg_bad_iban(self) -> str:
        good = self.iban(spaced=False)
        while True:
            bad = good[:2] + f"{self.rng.randint(2, 98):02d}" + good[4:]
            if not iban_valid(bad):
                return bad

    def _neg_uscc(self) -> str:
        r = self.rng
        region = self.pick(REGIONS)[0]
        body = self.alnum(
            8, "0123456789ABCDEFGHJKLMNPQRTUWXY" if r.random() < 0.6 else string.digits
        )
        org = body + org_code_check(body)
        first17 = self.pick(("91", "92", "93", "12", "52")) + region + org
        if not all(c in USCC_CHARS for c in first17):
            return self._neg_uscc()
        code = first17 + uscc_check(first17)
        if ric_valid(code):
            return self._neg_uscc()
        return code

    def _neg_phone_in_run(self) -> str:
        # A mobile-shaped run glued inside a longer number (serial or account numbers).
        while True:
            v = self.digits(3, "123456789") + self.cn_mobile(styled=False) + self.digits(3)
            if not luhn_ok(v):
                return v

    def _neg_bad_card(self) -> str:
        good = self.card_number(self.pick(("visa", "mastercard", "jcb", "discover")))
        return good[:-1] + str((int(good[-1]) + self.rng.randint(1, 9)) % 10)

    def _neg_sentence(self, kind: str, value: str) -> str:
        zh = self.rng.random() < 0.5
        templates = {
            "order_no": ("订单号：{v}，已发货", "Order #{v} shipped"),
            "tracking_no": ("快递单号 {v} 已签收", "Tracking number: {v}"),
            "timestamp10": ("时间戳={v}", "ts={v} event=login_ok"),
            "timestamp13": ('"createdAt": {v}', "timestamp_ms={v}"),
            "uuid": ("请求ID {v}", "request_id={v}"),
            "md5": ("文件校验 md5={v}", "md5sum {v}"),
            "sha1": ("sha1: {v}", "sha1 {v}"),
            "git_sha": ("提交 {v}", "commit {v}"),
            "sha256": ("sha256={v}", "sha256: {v}"),
            "version": (
                "浏览器 UA: Mozilla/5.0 {v} Safari/537.36",
                "User-Agent: Mozilla/5.0 {v} Safari/537.36",
            ),
            "version_phone": ("版本 {v}", "build {v}"),
            "bad_ric": ("编号 {v} 作废", "ref {v}"),
            "bad_hkid": ("参考编号 {v}", "ref code {v}"),
            "bad_twid": ("批次 {v}", "batch {v}"),
            "bad_iban": ("参考 {v}", "reference {v}"),
            "uscc": ("统一社会信用代码：{v}", "Unified social credit code: {v}"),
            "phone_in_run": ("流水号 {v}", "serial {v}"),
            "bad_card": ("序列号 {v}", "serial no. {v}"),
        }
        t = templates[kind][0 if zh else 1]
        return t.replace("{v}", value)
