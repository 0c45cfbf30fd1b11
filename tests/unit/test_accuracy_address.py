"""Issue 14, postal addresses: Chinese addresses anchored in the official division list and US
street addresses with USPS suffixes and units, found in CSV, JSON and XLSX exports under an
address column or key, in labelled prose, and not in text that holds no address."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from scanners.base import Limits
from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators.address import cn_address, en_address
from scanners.sources.content.extract import extract
from scanners.sources.content.parts import Source, TextPart
from synth.labelled import RuleScore, score
from synth.labelled_address import CN_RULE, EN_RULE, write_address_corpus

DETECTOR = Detector(load_rules())


def found(text: str, rule: str) -> list[str]:
    return [m.value for m in DETECTOR.detect(text) if m.rule.id == rule]


def f1(s: RuleScore) -> float:
    return 2 * s.precision * s.recall / (s.precision + s.recall) if s.tp else 0.0


# --- the labelled exports ------------------------------------------------------------------


def _scan(root: Path, labels: dict[str, Any]) -> list[dict[str, Any]]:
    """Every file through the real extractors (CSV header, XLSX sheet, JSON text), then the
    detector with the columns the extractor passes."""
    out: list[dict[str, Any]] = []
    for rel in labels["files"]:
        path = root / rel
        src = Source(name=rel, size=path.stat().st_size, path=path)
        for item in extract(src, Limits()):
            if isinstance(item, TextPart):
                for m in DETECTOR.detect(item.text, item.columns, item.delimiter):
                    out.append({"path": rel, "rule": m.rule.id, "start": item.offset + m.start,
                                "end": item.offset + m.end, "preview": m.value})
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("addresses")
    labels = write_address_corpus(root, seed=5)
    return labels, _scan(root, labels)


@pytest.mark.parametrize("rule", [CN_RULE, EN_RULE])
def test_address_f1_per_language(
    corpus: tuple[dict[str, Any], list[dict[str, Any]]], rule: str
) -> None:
    labels, findings = corpus
    s = score(labels, findings)[rule]
    assert s.tp >= 120, (rule, s.tp)
    assert f1(s) >= 0.85, (rule, s.precision, s.recall, s.fn_examples, s.fp_examples)


@pytest.mark.parametrize("ext", [".csv", ".json", ".xlsx", ".txt"])
def test_every_format_finds_addresses(
    corpus: tuple[dict[str, Any], list[dict[str, Any]]], ext: str
) -> None:
    labels, findings = corpus
    planted = Counter(lb["rule"] for lb in labels["labels"]
                      if lb["path"].endswith(ext) and lb["rule"] in (CN_RULE, EN_RULE))
    got = Counter(f["rule"] for f in findings
                  if f["path"].endswith(ext) and f["rule"] in (CN_RULE, EN_RULE))
    for rule in (CN_RULE, EN_RULE):
        assert planted[rule] > 0
        assert got[rule] >= 0.85 * planted[rule], (ext, rule, got[rule], planted[rule])


def test_offsets_are_whole_addresses(
    corpus: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    """In CSV/JSON/prose the reported span is the planted address itself, not a piece of it
    nor the cell around it; a city line on a line of its own (JSON "\\n", a CSV cell's
    newline) and a trailing postcode may be left out."""
    labels, findings = corpus
    got = {(f["path"], f["start"]): f["end"] for f in findings
           if f["rule"] in (CN_RULE, EN_RULE) and labels["files"][f["path"]] == "offsets"}
    total = exact = 0
    for lb in labels["labels"]:
        if lb["rule"] not in (CN_RULE, EN_RULE) or lb["start"] is None or "\\u" in lb["value"]:
            continue  # an escaped JSON string is found decoded, inside its span
        total += 1
        end = got.get((lb["path"], lb["start"]))
        if end is None:
            continue
        rest = lb["value"][end - lb["start"]:]
        if not rest or rest.startswith(("\n", "\\n")) or rest.lstrip(" ").isdigit():
            exact += 1
    assert exact >= 0.95 * total, (exact, total)


# --- single cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("地址：北京市朝阳区望京西园四区412号楼3单元501", "北京市朝阳区望京西园四区412号楼3单元501"),
        ("住址：重庆市渝北区龙溪街道金龙路 金龙小区5-3-2", "重庆市渝北区龙溪街道金龙路 金龙小区5-3-2"),
        ("户籍地址：河北省保定市涿州市码头镇东街村123号", "河北省保定市涿州市码头镇东街村123号"),
        ("我家住在四川省成都市武侯区一环路南一段24号", "四川省成都市武侯区一环路南一段24号"),
        ("地址：湖北省武汉市洪山区珞喻路1037号华中科技大学", "湖北省武汉市洪山区珞喻路1037号"),
        ("地址：青海海东化隆回族自治县青年路258号", "青海海东化隆回族自治县青年路258号"),
        ("地址：河南省周口市商水县张庄乡李家村3组", "河南省周口市商水县张庄乡李家村3组"),
        ("住址：上海市闵行区莘庄镇阳光小区 3栋2单元", "上海市闵行区莘庄镇阳光小区 3栋2单元"),
        ("详细地址：盛世公寓5栋6单元2301室", "盛世公寓5栋6单元2301室"),
        ("地址：阳光小区 3栋2单元", "阳光小区 3栋2单元"),
        ("甘肃省兰州市城关区天水南路222号", "甘肃省兰州市城关区天水南路222号"),
    ],
)
def test_cn_addresses_found(text: str, value: str) -> None:
    assert found(text, CN_RULE) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "北京市海淀区人民政府2024年工作报告",
        "广东省深圳市南山区科技园是高新技术企业聚集地",
        "上海市第一人民医院",
        "国务院办公厅关于印发通知（国办发〔2021〕33号）",
        "他在北京市海淀区工作了3年",
        "深圳市南山区2023年GDP增长6号",
        "地址：河池市大化瑶族自治县人民医院",
        "广东省海淀区科技园路1号",  # 海淀区 is not in Guangdong: one level, no label
        "盛世公寓5栋6单元2301室",  # no division and no label
    ],
)
def test_cn_non_addresses(text: str) -> None:
    assert found(text, CN_RULE) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Please deliver to 55 W 46th St Fl 3, New York, NY 10036",
         "55 W 46th St Fl 3, New York, NY 10036"),
        ("residence: 1 Infinite Loop, Cupertino, CA 95014", "1 Infinite Loop, Cupertino, CA 95014"),
        ("billing address: 500 S Buena Vista St", "500 S Buena Vista St"),
        ("Address: 1234 Elm St Apt #5", "1234 Elm St Apt #5"),
        ("Address: 10-20 Jackson Ave", "10-20 Jackson Ave"),
        ("address: 4213 High Meadow Lane", "4213 High Meadow Lane"),
        ("address: 2183 Roy Alley", "2183 Roy Alley"),
        ("address: 100 Cedar Cove, Memphis, TN 38103", "100 Cedar Cove, Memphis, TN 38103"),
        ("address: 1200 Highway 61", "1200 Highway 61"),
        ("ADDRESS: 77 HARBOR VIEW PKWY UNIT 4", "77 HARBOR VIEW PKWY UNIT 4"),
    ],
)
def test_us_addresses_found(text: str, value: str) -> None:
    assert found(text, EN_RULE) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "John Smith, 742 Evergreen Terrace, Springfield",  # a street line without a label
        "We have 3 Park Avenue locations",
        "the address of 2 Main Hall is unknown",
        "See Table 2 Data Path for the memory address decoder.",
        "Step 5 Run the installer (address it to IT).",
        "Free Software Foundation, Inc., 59 Temple Place, Suite 330, Boston, MA 02111-1307 USA",
        "address: 12 Angry Men",
    ],
)
def test_us_non_addresses(text: str) -> None:
    assert found(text, EN_RULE) == []


def test_csv_column_header_is_the_label() -> None:
    text = "id,name,street,city\n1,Ann Lee,4469 Sherman Street,Goff\n2,Bo Ng,582 Thrash Trail,Dallas\n"
    values = [m.value for m in DETECTOR.detect(text, ["id", "name", "street", "city"], ",")
              if m.rule.id == EN_RULE]
    assert values == ["4469 Sherman Street", "582 Thrash Trail"]
    zh = "姓名,电话,备注,详细地址\n" + "\n".join(
        f"王{i},1381234567{i},周末送货,阳光花园{i + 1}栋2单元" for i in range(5))
    cols = ["姓名", "电话", "备注", "详细地址"]
    assert len([m for m in DETECTOR.detect(zh, cols, ",") if m.rule.id == CN_RULE]) == 5


def test_division_chain_must_nest() -> None:
    # 南山区 of Shenzhen nests in 广东省; 南山区 of Hegang (Heilongjiang) does not
    assert cn_address("广东省深圳市南山区科技园路1号3栋") is not None
    strong = cn_address("黑龙江省鹤岗市南山区科技园路1号3栋")
    assert strong is not None and strong.checked
    weak = cn_address("广东省鹤岗市南山区科技园路1号")
    assert weak is not None and not weak.checked  # one level only: needs a label


def test_us_state_and_zip_make_it_stand_alone() -> None:
    full = en_address("88 N. Maple Dr., Boise, ID 83702")
    assert full is not None and full.checked
    street = en_address("88 N. Maple Dr.")
    assert street is not None and not street.checked
    assert en_address("88 N. Maple Dr., Boise, ZZ 83702") is not None  # a street line still
    bad = en_address("88 N. Maple Dr., Boise, ZZ 83702")
    assert bad is not None and not bad.checked


def test_quoted_commas_do_not_shift_the_column() -> None:
    """A delimiter inside a quoted cell starts no column: the billing street line still
    sits under its "billing_address" header."""
    text = ('name,shipping_address,billing_address\n'
            '"Doe, Jane","1 Main St, Boise, ID 83702","2 Oak Ave, Apt 4"\n')
    values = [m.value for m in DETECTOR.detect(text, ["name", "shipping_address",
                                                      "billing_address"], ",")
              if m.rule.id == EN_RULE]
    assert values == ["1 Main St, Boise, ID 83702", "2 Oak Ave, Apt 4"]


def test_escaped_json_is_read_decoded(tmp_path: Path) -> None:
    """json.dump's default output (\\uXXXX for every Chinese character): the address is
    found, inside the escaped string's span, on its line, and the plain phone only once."""
    import json

    rec = {"name": "Wang", "phone": "13812345678", "地址": "北京市朝阳区望京西园四区412号楼3单元501"}
    text = json.dumps([rec, rec], indent=1)
    path = tmp_path / "export.json"
    path.write_text(text, encoding="ascii")
    hits: list[tuple[str, int, int, int]] = []
    for item in extract(Source(name="export.json", size=path.stat().st_size, path=path), Limits()):
        if isinstance(item, TextPart):
            for m in DETECTOR.detect(item.text, item.columns, item.delimiter):
                line = item.line + item.text.count("\n", 0, m.start)
                hits.append((m.rule.id, item.offset + m.start, item.offset + m.end, line))
    escaped = json.dumps(rec["地址"])
    addresses = [h for h in hits if h[0] == CN_RULE]
    assert len(addresses) == 2
    for _, start, end, line in addresses:
        assert text[start - 1 : start] == '"' and end < text.index('"', start) + 1
        assert text[start - 1 :].startswith(escaped)
        assert "\\u" in text.splitlines()[line - 1]
    assert len([h for h in hits if h[0] == "contact.cn_mobile"]) == 2
