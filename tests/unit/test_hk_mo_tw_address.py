"""Street addresses of Taiwan, Hong Kong and Macau in traditional script
(`contact.hk_mo_tw_address`): found after their places with the region named, without a place
only beside an address label, never a document's number or a sentence."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def _found(det: Detector, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.rule.id, m.value, m.detail.get("region")) for m in det.detect(text)]


@pytest.mark.parametrize(("text", "value", "region"), [
    ("地址：臺北市大安區忠孝東路四段100號5樓", "臺北市大安區忠孝東路四段100號5樓", "TW"),
    ("住址: 新北市板橋區文化路一段188巷10號3樓", "新北市板橋區文化路一段188巷10號3樓", "TW"),
    ("通訊地址：台中市西屯區台灣大道三段99號", "台中市西屯區台灣大道三段99號", "TW"),
    ("106臺北市大安區羅斯福路四段1號", "106臺北市大安區羅斯福路四段1號", "TW"),
    ("我住在臺北市信義區松仁路100號", "臺北市信義區松仁路100號", "TW"),
    ("地址：臺北市大安區和平東路二段106號", "臺北市大安區和平東路二段106號", "TW"),
    ("寄件人 花蓮縣花蓮市中正路5之1號2樓之3", "花蓮縣花蓮市中正路5之1號2樓之3", "TW"),
    ("地址：香港九龍旺角彌敦道580號12樓A室", "香港九龍旺角彌敦道580號12樓A室", "HK"),
    ("香港新界將軍澳唐德街9號", "香港新界將軍澳唐德街9號", "HK"),
    ("澳門氹仔柯維納馬路123號", "澳門氹仔柯維納馬路123號", "MO"),
])
def test_an_address_after_its_place_is_found_with_its_region(det, text, value, region):
    assert _found(det, text) == [("contact.hk_mo_tw_address", value, region)]


def test_a_road_and_number_without_a_place_need_a_label(det):
    assert _found(det, "地址：忠孝東路四段100號5樓") == [
        ("contact.hk_mo_tw_address", "忠孝東路四段100號5樓", None)]
    assert _found(det, "請寄到忠孝東路四段100號") == []


@pytest.mark.parametrize("text", [
    "臺北市政府府授法字第1090012345號函",  # a document's number
    "本案依據第3號決議辦理",
    "臺北市長在中山路3號召開記者會",  # a sentence
    "高雄市的中山路3號出口",
    "臺北市100號",  # no street
    "地址：北京市朝阳区建国路88号",  # the PRC rule's (simplified script)
])
def test_numbers_that_are_no_address(det, text):
    assert all(rule != "contact.hk_mo_tw_address" for rule, _, _ in _found(det, text))


def test_the_prc_rule_yields_a_taiwan_district_to_it(det):
    # 西屯區: 屯 ends a PRC village's name; the PRC rule's "台中市西屯" is not reported
    found = _found(det, "通訊地址：台中市西屯區台灣大道三段99號")
    assert [rule for rule, _, _ in found] == ["contact.hk_mo_tw_address"]


def test_found_as_without_hyperscan_and_hostile_text():
    rules = load_rules()
    fast, slow = Detector(rules), Detector(rules, use_hyperscan=False)
    rng = random.Random(8)
    parts = ["地址：", "臺北市", "台中市", "九龍", "澳門", "大安區", "忠孝東路四段", "100號", "5樓",
             "A室", "第", "3號", "的", "，", "\n", "106", "巷", "之2", "號", "中山路"]
    text = "".join(rng.choice(parts) for _ in range(6000))

    def key(d: Detector) -> list[tuple[str, int, int]]:
        return [(m.rule.id, m.start, m.end) for m in d.detect(text)]

    assert key(fast) == key(slow)
    assert any(rule == "contact.hk_mo_tw_address" for rule, _, _ in key(fast))
    # (bounded repeats: a long run of its characters is read in linear time)
    for hostile in ("號" * 200_000, "臺北市" + "路" * 100_000 + "1號", "1號" * 100_000):
        assert not [m for m in fast.detect(hostile) if m.rule.id == "contact.hk_mo_tw_address"]
