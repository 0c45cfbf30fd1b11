"""The demo's synthetic people: a dozen who recur across the sandbox, and the customers of
the lists they keep. Everything comes from one seeded `random.Random`: the same seed gives
the same people, byte for byte.

Values are invented but pass the detectors' checks, as a real leak would: resident ID
numbers carry their GB 11643 check digit and a real past birth date, bank cards their Luhn
digit and an issuer prefix, mobiles an assigned prefix. Where a reserved range exists it is
used for what the detectors do not need to see: e-mail at example.com (RFC 2606), saved
browser cards from the issuers' published test numbers. China has no reserved mobile or ID
range, so those are random and marked as demo data in the sandbox's README.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

TODAY = date(2025, 6, 1)  # fixed: a birth date must not move with the day the demo is built

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜"
    "叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚玉萍红玲芬燕彬鹏辉建国志梅晓文斌宇"
    "浩然轩欣怡涵思远俊嘉雨萱博佳琪瑞泽诗豪晨铭妍"
)
_PINYIN = ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu",
           "sun", "ma", "zhu", "hu", "guo", "lin", "he", "gao", "luo")
# region code, province, city (empty for the municipalities), district
_REGIONS = (
    ("110105", "北京市", "", "朝阳区"), ("110108", "北京市", "", "海淀区"),
    ("310104", "上海市", "", "徐汇区"), ("310115", "上海市", "", "浦东新区"),
    ("440305", "广东省", "深圳市", "南山区"), ("440106", "广东省", "广州市", "天河区"),
    ("510104", "四川省", "成都市", "锦江区"), ("320102", "江苏省", "南京市", "玄武区"),
    ("330106", "浙江省", "杭州市", "西湖区"), ("420102", "湖北省", "武汉市", "江岸区"),
)
_ROADS = ("建国路", "人民路", "中山路", "解放路", "长江路", "和平路", "文化路", "新华路")
_MOBILE_PREFIXES = ("130", "131", "135", "136", "137", "138", "139", "150", "151", "158",
                    "159", "177", "180", "186", "187", "188", "189", "199")
_CARD_PREFIXES = ("622202", "621700", "622848", "621226", "623058", "625900")  # UnionPay debit
# Coordinates of the people's cities (what a phone photo of them would carry).
_CITY_GPS = {"北京市": (39.9288, 116.3889), "上海市": (31.2222, 121.4581),
             "深圳市": (22.5431, 114.0579), "广州市": (23.1291, 113.2644),
             "成都市": (30.6598, 104.0633), "南京市": (32.0603, 118.7969),
             "杭州市": (30.2741, 120.1551), "武汉市": (30.5928, 114.3055)}
# Published test numbers of the card schemes: what the sandbox's browsers keep.
TEST_CARDS = ("4111111111111111", "5555555555554444", "4242424242424242")
SITES = ("mail.example.com", "bank.example.cn", "shop.example.com", "pay.example.net",
         "social.example.org", "travel.example.com")


def ric_check(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of a resident ID number."""
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=True)) % 11]


def luhn_complete(partial: str) -> str:
    """`partial` followed by its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(partial + "0")):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return partial + str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One invented person. `key` names them in file names (pinyin, no value)."""

    key: str
    name: str
    name_en: str
    birth: date
    resident_id: str
    mobile: str
    email: str
    address: str
    city: str
    card: str
    gps: tuple[float, float]

    @property
    def mobile_spaced(self) -> str:
        return f"{self.mobile[:3]} {self.mobile[3:7]} {self.mobile[7:]}"

    @property
    def card_spaced(self) -> str:
        return " ".join(self.card[i:i + 4] for i in range(0, len(self.card), 4))


class Casting:
    """Invents people from one seed; names never repeat within a cast."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._names: set[str] = set()
        self._n = 0

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _name(self) -> str:
        while True:
            r = self.rng
            name = r.choice(_SURNAMES) + "".join(r.choice(_GIVEN) for _ in range(r.choice((1, 2))))
            if name not in self._names:
                self._names.add(name)
                return name

    def person(self) -> DemoPerson:
        r = self.rng
        self._n += 1
        code, prov, city, district = r.choice(_REGIONS)
        born = TODAY - timedelta(days=r.randint(22 * 366, 70 * 365))
        first17 = code + born.strftime("%Y%m%d") + self._digits(3)
        first, last = r.choice(_PINYIN), r.choice(_PINYIN)
        town = city or prov
        lat, lon = _CITY_GPS.get(town, (39.9288, 116.3889))
        return DemoPerson(
            key=f"{last}{self._n:02d}",
            name=self._name(),
            name_en=f"{first.title()} {last.title()}",
            birth=born,
            resident_id=first17 + ric_check(first17),
            mobile=r.choice(_MOBILE_PREFIXES) + self._digits(8),
            email=f"{first}.{last}{self._n}@example.com",
            address=(f"{prov}{city}{district}{r.choice(_ROADS)}{r.randint(1, 399)}号"
                     f"{r.randint(1, 20)}{r.randint(1, 9):02d}室"),
            city=town,
            card=luhn_complete(r.choice(_CARD_PREFIXES) + self._digits(12)),
            gps=(round(lat + r.uniform(-0.05, 0.05), 5), round(lon + r.uniform(-0.05, 0.05), 5)),
        )


@dataclass(frozen=True, slots=True)
class Cast:
    """Who is in one sandbox: `owner` (whose home it is), the recurring `people` (the owner
    first), and the `customers` of the lists (each appears once)."""

    people: tuple[DemoPerson, ...]
    customers: tuple[DemoPerson, ...]

    @property
    def owner(self) -> DemoPerson:
        return self.people[0]


def cast(seed: int, people: int = 12, customers: int = 240) -> Cast:
    c = Casting(seed)
    return Cast(tuple(c.person() for _ in range(people)),
                tuple(c.person() for _ in range(customers)))
