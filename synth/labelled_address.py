"""A labelled regression set for postal addresses (issue 14): Chinese and US addresses in
CSV, JSON and XLSX exports with an address column or key, a few in labelled prose, and
prose / cells that hold no address (hard negatives).

    labels = write_address_corpus(folder, seed=1)   # files + the labels (synth/labelled.py)
    docs = address_docs(seed)                       # the text documents alone

Chinese addresses are built on real divisions (resources/data/cn_divisions.tsv: province,
city, district chains that exist) with made-up roads, compounds and villages; US addresses
use USPS suffixes and unit designators (resources/data/) with made-up streets. Several
shapes each: full chains, short forms (广东深圳南山区), district only, township + village +
组, compounds without a 号 number (阳光小区 3栋2单元), building letters (B座), street-only
cells of split exports, unit designators, ALL CAPS, numbered highways.
"""

from __future__ import annotations

import json
import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from synth.labelled import Doc, Line, P, Plant, Seg, Writer
from synth.people import PINYIN

ADDRESS_SEED = 14_200
CN_RULE = "contact.cn_address"
EN_RULE = "contact.en_address"
_DATA = Path(__file__).resolve().parent / "data" / "address_words.toml"
_DIVISIONS = Path(__file__).resolve().parent.parent / "resources" / "data" / "cn_divisions.tsv"
_STATES = Path(__file__).resolve().parent.parent / "resources" / "data" / "us_states.txt"


@cache
def words() -> dict[str, Any]:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Chain:
    province: str
    city: str  # "" under a municipality (北京市海淀区) or for a province-governed county
    district: str


@cache
def chains() -> tuple[Chain, ...]:
    names: dict[str, str] = {}
    for line in _DIVISIONS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names.setdefault(code, name)  # one name per code (the first, sorted)
    out = []
    for code, name in names.items():
        if code.endswith("00") or code.startswith(("71", "81", "82")):
            continue
        prov = names.get(code[:2] + "0000", "")
        city = names.get(code[:4] + "00", "")
        if not prov:
            continue
        if city == prov or code[:2] in ("11", "12", "31", "50"):
            city = ""
        out.append(Chain(prov, city, name))
    return tuple(out)


def _short(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _num(r: random.Random, hi: int = 999) -> str:
    return str(r.randint(1, hi))


def _cn_road(r: random.Random) -> str:
    w = words()["zh"]
    return f"{r.choice(w['road_stems'])}{r.choice(w['road_kinds'])}{_num(r)}号"


def _cn_building(r: random.Random) -> str:
    k = r.randrange(7)
    if k == 0:
        return f"{_num(r, 30)}栋{_num(r, 6)}单元{r.randint(1, 30)}{r.randint(1, 9):02d}室"
    if k == 1:
        return f"{_num(r, 20)}号楼{_num(r, 6)}单元{r.randint(1, 30)}{r.randint(1, 9):02d}"
    if k == 2:
        return f"{r.choice('ABCD')}座{r.randint(2, 40)}{r.randint(1, 20):02d}"
    if k == 3:
        return f"{_num(r, 40)}幢{r.randint(1, 30)}{r.randint(1, 9):02d}室"
    if k == 4:
        return f"{r.randint(1, 30)}{r.randint(1, 9):02d}室"
    return ""


def _cn_compound(r: random.Random) -> str:
    w = words()["zh"]
    return f"{r.choice(w['compound_stems'])}{r.choice(w['compound_kinds'])}"


def _admin(r: random.Random, c: Chain, style: int) -> str:
    """The division part: full chain, no province, short forms with spaces, district only."""
    if style == 0:
        return f"{c.province}{c.city}{c.district}"
    if style == 1:
        return f"{c.city or c.province}{c.district}"
    if style == 2:
        parts = [_short(c.province)] + ([_short(c.city)] if c.city else []) + [c.district]
        return r.choice(("", " ")).join(parts)
    return c.district


def cn_address(r: random.Random) -> str:
    """One Chinese address in one of the shapes of real exports."""
    w = words()["zh"]
    c = r.choice(chains())
    k = r.randrange(10)
    if k <= 2:  # road + number, maybe a building and a room
        return _admin(r, c, r.randrange(4)) + _cn_road(r) + _cn_building(r)
    if k == 3:  # township + village + 组, no 号
        town = f"{r.choice(w['township_stems'])}{r.choice(w['township_kinds'])}"
        village = f"{r.choice(w['village_stems'])}{r.choice(w['village_kinds'])}"
        tail = r.choice((f"{r.randint(1, 12)}组", f"{r.randint(1, 12)}组{r.randint(1, 99)}号",
                         f"{r.choice('一二三四五六七八')}组", ""))
        return _admin(r, c, r.randrange(3)) + town + village + tail
    if k == 4:  # compound without a road number: 阳光小区 3栋2单元
        sep = r.choice(("", " "))
        return (_admin(r, c, r.randrange(3)) + _cn_compound(r) + sep
                + f"{_num(r, 30)}栋{_num(r, 6)}单元" + r.choice(("", f"{r.randint(1, 30)}01")))
    if k == 5:  # road + number + compound + building
        return _admin(r, c, r.randrange(3)) + _cn_road(r) + _cn_compound(r) + _cn_building(r)
    if k == 6:  # office tower with a building letter
        tower = f"{r.choice(w['compound_stems'])}{r.choice(w['tower_kinds'])}"
        return (_admin(r, c, r.randrange(3)) + _cn_road(r) + tower
                + f"{r.choice('ABCD')}座{r.randint(2, 40)}{r.randint(1, 20):02d}")
    if k == 7:  # levels separated by spaces, as shop exports write them
        town = f"{r.choice(w['township_stems'])}街道"
        parts = [c.province] + ([c.city] if c.city else []) + [c.district, town, _cn_road(r)]
        return " ".join(parts)
    if k == 8 and r.random() < 0.5:  # a made-up city and county (test-data generators)
        fake = r.choice(w["compound_stems"])[:1] + r.choice(w["village_stems"])[-1:]
        return (f"{c.province}{fake}{r.choice('市县')}{r.choice(w['township_stems'])}"
                f"{r.choice(w['village_stems'])}{r.choice('路街')}{r.choice('ABCDEFGHpqrz')}座 "
                f"{r.randint(100000, 999999)}")
    if k == 8:  # compound with a building letter, no 号
        return _admin(r, c, r.randrange(3)) + _cn_compound(r) + f"{r.choice('ABCDEFG')}栋" + (
            f"{r.randint(1, 30)}{r.randint(1, 9):02d}室")
    return _admin(r, c, 0) + _cn_road(r)


def cn_detail(r: random.Random) -> str:
    """The 详细地址 cell of an export that keeps province, city and district in columns."""
    if r.random() < 0.5:
        return _cn_road(r) + _cn_building(r)
    return _cn_compound(r) + f"{_num(r, 30)}栋{_num(r, 6)}单元{r.randint(1, 30)}01室"


@cache
def _states() -> tuple[str, ...]:
    return tuple(ln.split("\t")[0] for ln in _STATES.read_text(encoding="utf-8").splitlines()
                 if ln and not ln.startswith("#"))[:51]


def us_street(r: random.Random) -> str:
    w = words()["en"]
    k = r.randrange(12)
    num = str(r.randint(1, 19999))
    if k == 0:
        road = r.choice(("Highway", "County Road", "State Route", "Hwy"))
        return f"{num} {road} {r.randint(1, 199)}"
    if k == 1:
        n = r.randint(1, 99)
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
        return f"{num} {r.choice(w['directions'])} {n}{suf} {r.choice(('St', 'Ave', 'Street'))}"
    pre = f"{r.choice(w['directions'])} " if k == 2 else ""
    letter = r.choice("ABC") if k == 3 else ""
    post = f" {r.choice(('NW', 'NE', 'SW', 'SE'))}" if k == 4 else ""
    return f"{num}{letter} {pre}{r.choice(w['street_names'])} {r.choice(w['suffixes'])}{post}"


def us_unit(r: random.Random) -> str:
    u = r.choice(words()["en"]["units"])
    ident = r.choice((str(r.randint(1, 999)), f"{r.randint(1, 40)}{r.choice('ABCD')}"))
    return f"#{ident}" if u == "#" else f"{u} {ident}"


def us_city_line(r: random.Random) -> str:
    zip5 = f"{r.randint(1001, 99899):05d}"
    if r.random() < 0.2:
        zip5 += f"-{r.randint(0, 9999):04d}"
    return f"{r.choice(words()['en']['cities'])}, {r.choice(_states())} {zip5}"


def us_military(r: random.Random) -> str:
    k = r.randrange(3)
    ship = r.choice(("USNS", "USS", "USNV", "USCGC"))
    base = (f"PSC {r.randint(1000, 9999)}, Box {r.randint(1000, 9999)}",
            f"Unit {r.randint(1000, 9999)} Box {r.randint(1000, 9999)}",
            f"{ship} {r.choice(words()['en']['street_names']).split()[0]}")[k]
    post = ("APO", "DPO", "FPO")[k]
    return f"{base}\n{post} {r.choice(('AA', 'AE', 'AP'))} {r.randint(10000, 99999)}"


def us_address(r: random.Random, full: bool | None = None, multiline: bool = False) -> str:
    """A US address; `multiline`: the city line on a line of its own (test-data generators
    write "0487 Hull Village Suite 759\\nLake Andrew, MI 52468"), or military mail."""
    if multiline and r.random() < 0.15:
        return us_military(r)
    if multiline:
        street = f"{r.randint(0, 9) if r.random() < 0.3 else ''}{us_street(r)}"
        if r.random() < 0.4:
            street += " " + us_unit(r)
        return street + "\n" + us_city_line(r)
    if r.random() < 0.05:
        box = f"{r.choice(('PO Box', 'P.O. Box', 'PO BOX'))} {r.randint(1, 99999)}"
        return box + (", " + us_city_line(r) if full else "")
    street = us_street(r)
    if r.random() < 0.3:
        street += r.choice((", ", " ")) + us_unit(r)
    if full if full is not None else r.random() < 0.6:
        street += ", " + us_city_line(r)
    return street.upper() if r.random() < 0.1 else street


# --- documents ----------------------------------------------------------------------------


# Names, phones and e-mails beside the addresses are labelled as optional: found or not, they
# count neither way (the set measures addresses; the main corpus holds it too).
def _person(r: random.Random) -> str:
    return r.choice(PINYIN).title() + " " + r.choice(PINYIN).title()


def _name(r: random.Random) -> Plant:
    return P(_person(r), "basic.person_name", optional=True)


def _pinyin(r: random.Random) -> Plant:
    return P(r.choice(PINYIN), "basic.person_name", optional=True)


def _phone(r: random.Random) -> Plant:
    mobile = f"1{r.choice('3589')}{r.randint(0, 9)}{r.randint(10_000_000, 99_999_999)}"
    return P(mobile, "contact.cn_mobile", optional=True)


def _csv_cell(seg: Seg) -> list[Seg]:
    text = seg if isinstance(seg, str) else seg.value
    return ['"', seg, '"'] if any(c in text for c in ',"\n') else [seg]


def _csv_line(cells: list[Seg]) -> Line:
    line: Line = []
    for i, cell in enumerate(cells):
        if i:
            line.append(",")
        line += _csv_cell(cell)
    return line


def _json_record(pairs: list[tuple[str, Seg]], indent: bool) -> list[Line]:
    """One JSON object, its string values as segments (no value here needs escaping)."""
    if not indent:
        line: Line = ["{"]
        for i, (key, val) in enumerate(pairs):
            line += [", " if i else "", f'"{key}": "', val, '"']
        return [[*line, "},"]]
    lines: list[Line] = [["  {"]]
    for i, (key, val) in enumerate(pairs):
        lines.append([f'    "{key}": "', val, '"' + ("," if i < len(pairs) - 1 else "")])
    lines.append(["  },"])
    return lines


def _zh_csv(r: random.Random, n: int) -> Doc:
    d = Doc(f"address_zh_{n:02d}", "zh")
    kind = n % 3
    if kind == 0:
        d.lines.append(_csv_line(["姓名", "手机", "地址"]))
        for _ in range(12):
            d.lines.append(_csv_line([_pinyin(r), _phone(r), P(cn_address(r), CN_RULE)]))
    elif kind == 1:
        d.lines.append(_csv_line(["订单号", "收货人", "单位", "联系电话", "收货地址", "备注"]))
        neg = words()["zh"]["negatives"]
        for _ in range(12):
            note: Seg = "工作日送货"
            if r.random() < 0.4:
                note = Plant(r.choice(neg), "", kind="zh_prose")
            d.lines.append(_csv_line([str(r.randint(10**11, 10**12)), _pinyin(r),
                                      Plant(_org(r), "", kind="zh_org"), _phone(r),
                                      P(cn_address(r), CN_RULE), note]))
    else:
        d.lines.append(_csv_line(["省份", "城市", "区县", "详细地址", "邮编"]))
        for _ in range(12):
            c = r.choice(chains())
            d.lines.append(_csv_line([Plant(c.province, "", kind="zh_admin_only"),
                                      c.city or c.province, c.district,
                                      P(cn_detail(r), CN_RULE), str(r.randint(100000, 850000))]))
    return d


def _org(r: random.Random) -> str:
    c = r.choice(chains())
    return c.city + c.district + r.choice(("人民法院", "教育委员会", "人民政府", "税务局",
                                           "第一中学", "人民医院"))


def _en_csv(r: random.Random, n: int) -> Doc:
    d = Doc(f"address_en_{n:02d}", "en")
    kind = n % 3
    if kind == 0:  # split columns (street only in the address column), piicatcher-like
        d.lines.append(_csv_line(["id", "fname", "lname", "address", "city", "state", "zip",
                                  "email"]))
        for i in range(12):
            street = us_street(r) + (" " + us_unit(r) if r.random() < 0.3 else "")
            first, last = (P(x, "basic.person_name", optional=True) for x in _person(r).split())
            d.lines.append(_csv_line([str(i + 1), first, last, P(street, EN_RULE),
                                      r.choice(words()["en"]["cities"]), r.choice(_states()),
                                      str(r.randint(10000, 99899)),
                                      P("x@example.com", "contact.email", optional=True)]))
    elif kind == 1:
        d.lines.append(_csv_line(["Name", "Company", "Shipping Address", "Notes"]))
        neg = words()["en"]["negatives"]
        for _ in range(12):
            note: Seg = "leave at door"
            if r.random() < 0.4:
                note = Plant(r.choice(neg), "", kind="en_prose")
            addr = us_address(r, True, multiline=r.random() < 0.3)
            d.lines.append(_csv_line([_name(r), "Acme Logistics", P(addr, EN_RULE), note]))
    else:
        d.lines.append(_csv_line(["customer", "street", "phone"]))
        for _ in range(12):
            phone = f"({r.randint(201, 989)}) 555-01{r.randint(10, 99)}"
            d.lines.append(_csv_line([_name(r), P(us_address(r, False), EN_RULE),
                                      P(phone, "contact.us_phone", optional=True)]))
    return d


_ZH_KEYS = ("地址", "收货地址", "address", "addr", "详细地址", "住址")
_EN_KEYS = ("address", "street", "addr", "shipping_address", "homeAddress", "mailing_address")


def _json_doc(r: random.Random, n: int, lang: str) -> Doc:
    d = Doc(f"address_{lang}_{n:02d}", lang)
    key = (_ZH_KEYS if lang == "zh" else _EN_KEYS)[n % 6]
    indent = n % 2 == 0
    d.lines.append(["["])
    for _ in range(10):
        if lang == "zh":
            addr = cn_address(r)
            if n == 5:  # json.dump's default: every Chinese character as a \\uXXXX escape
                addr = json.dumps(addr)[1:-1]
                key = json.dumps(_ZH_KEYS[n % 6])[1:-1]
            value: Plant = P(addr, CN_RULE)
            pairs: list[tuple[str, Seg]] = [("name", _pinyin(r)), ("phone", _phone(r)),
                                            (key, value)]
        else:
            value = P(us_address(r, multiline=r.random() < 0.3).replace("\n", "\\n"), EN_RULE)
            pairs = [("name", _name(r)), (key, value), ("plan", "basic")]
        d.lines += _json_record(pairs, indent)
    d.lines.append(["{}]"])
    return d


def _prose(r: random.Random, n: int, lang: str) -> Doc:
    """Prose: addresses after a label, and text with no address (no label near it)."""
    d = Doc(f"address_prose_{lang}_{n:02d}", lang)
    w = words()[lang]
    for i, neg in enumerate(w["negatives"]):
        d.lines.append([Plant(neg, "", kind=f"{lang}_prose")])
        if i % 4 == 3:
            d.lines.append(["――" * 30 if lang == "zh" else "-" * 60])
            if lang == "zh":
                label = r.choice(("我的地址是", "收货地址：", "家庭住址：", "请寄到以下地址："))
                d.lines.append([label, P(cn_address(r), CN_RULE), "。"])
            else:
                label = r.choice(("Ship to: ", "Mailing address: ", "I live at ",
                                  "Billing address: "))
                d.lines.append([label, P(us_address(r), EN_RULE), "."])
            d.lines.append(["――" * 30 if lang == "zh" else "-" * 60])  # keeps labels apart
    return d


def _xlsx(r: random.Random, n: int, lang: str) -> Doc:
    d = Doc(f"address_sheet_{lang}_{n:02d}", lang)
    if lang == "zh":
        d.table = [["姓名", "住址", "电话"]]
        for _ in range(10):
            d.table.append([_pinyin(r), P(cn_address(r), CN_RULE), _phone(r)])
    else:
        d.table = [["Name", "Street Address", "City", "State", "ZIP"]]
        for _ in range(10):
            d.table.append([_name(r), P(us_address(r, False), EN_RULE),
                            r.choice(words()["en"]["cities"]), r.choice(_states()),
                            str(r.randint(10000, 99899))])
    return d


def address_docs(seed: int) -> list[tuple[str, Doc]]:
    """(relative path, document) for every file of the set, from its own random stream."""
    r = random.Random(seed + ADDRESS_SEED)
    out: list[tuple[str, Doc]] = []
    for n in range(6):
        out.append((f"exports/address_zh_{n:02d}.csv", _zh_csv(r, n)))
        out.append((f"exports/address_en_{n:02d}.csv", _en_csv(r, n)))
    for n in range(6):
        out.append((f"data/address_zh_{n:02d}.json", _json_doc(r, n, "zh")))
        out.append((f"data/address_en_{n:02d}.json", _json_doc(r, n, "en")))
    for n in range(2):
        out.append((f"docs/address_prose_zh_{n:02d}.txt", _prose(r, n, "zh")))
        out.append((f"docs/address_prose_en_{n:02d}.txt", _prose(r, n, "en")))
    for n in range(3):
        out.append((f"exports/address_sheet_zh_{n:02d}.xlsx", _xlsx(r, n, "zh")))
        out.append((f"exports/address_sheet_en_{n:02d}.xlsx", _xlsx(r, n, "en")))
    return out


def write_address_corpus(root: Path, seed: int = 1) -> dict[str, Any]:
    """Write the set under `root`; the labels in synth/labelled.py's form (for `score`)."""
    from dataclasses import asdict

    w = Writer(root)
    for rel, doc in address_docs(seed):
        if rel.endswith(".xlsx"):
            w.write_extracted(doc, rel, "xlsx")
        else:
            w.write_text(doc, rel)
    return {"files": w.files, "labels": [asdict(lb) for lb in w.labels]}
