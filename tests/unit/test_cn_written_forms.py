"""How Chinese documents write phone numbers, passports, masked numbers and office addresses,
taken from other projects' test suites (hutool's masking, util-helpers' passports, PII
benchmarks): each form found by its rule, once."""

from __future__ import annotations

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules

DETECTOR = Detector(load_rules())


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.rule.id, text[m.start:m.end]) for m in DETECTOR.detect(text + "\n")]


@pytest.mark.parametrize(("text", "value"), [
    ("电话：010-6234 5678", "010-6234 5678"),
    ("电话：(010) 6234-5678", "(010) 6234-5678"),
    ("电话：0571 8765 4321", "0571 8765 4321"),
    ("电话：020-8765 4321", "020-8765 4321"),
    ("电话：0086-21-62345678", "0086-21-62345678"),
    ("电话：86-21-62345678", "86-21-62345678"),
    ("传真 0755-86012345", "0755-86012345"),
    ("电话：010—62751234", "010—62751234"),
    ("电话：(86)10-62751234", "(86)10-62751234"),
])
def test_landlines_in_groups_and_after_the_country_code(text: str, value: str) -> None:
    assert _found(text) == [("contact.cn_landline", value)]


@pytest.mark.parametrize("text", ["电话：+86 10 62345678", "电话：+86-10-6234-5678",
                                  "Tel: +86 10 8888 6666", "电话：+861062345678"])
def test_beijing_numbers_after_plus_86_are_landlines_not_mobiles(text: str) -> None:
    """Beijing's area code is the only one that starts with 1: +86 10 is no mobile."""
    assert _found(text) == [("contact.intl_phone", text.split("：")[-1].split(": ")[-1])]


def test_mobiles_after_the_country_code_stay_mobiles() -> None:
    for text in ("手机：+86 138 0013 8000", "电话 0086 13800138000"):
        assert [rule for rule, _ in _found(text)] == ["contact.cn_mobile"]


def test_landline_groups_need_a_phone_keyword() -> None:
    assert _found("订单 010-6234 5678") == []
    assert _found("0571 8765 4321") == []


@pytest.mark.parametrize("number", ["SE1234567", "DE1234567", "PE1234567"])
def test_official_service_and_diplomatic_passports(number: str) -> None:
    assert _found(f"护照号码：{number}") == [("identity.cn_passport", number)]
    assert _found(number) == []


@pytest.mark.parametrize("masked", ["5***************1X", "51**************1X",
                                    "110***********1234"])
def test_ids_masked_with_few_characters_shown_next_to_a_keyword(masked: str) -> None:
    assert _found(f"身份证号：{masked}") == [("identity.cn_resident_id_masked", masked)]


def test_a_short_mask_alone_is_not_an_id() -> None:
    assert _found("5***************1X") == []
    assert _found("code 99**************1X") == []  # 99: no province


def test_a_nineteen_digit_card_masked_to_its_last_three() -> None:
    assert _found("银行卡号：6227 **** **** **** 123") == [
        ("financial.payment_card_masked", "6227 **** **** **** 123")]
    assert _found("卡号 6222 **** 123") == []  # too few positions for any card
    assert _found("银行卡号：6228 4804 **** **** 018") == [
        ("financial.payment_card_masked", "6228 4804 **** **** 018")]
    assert _found("card 62284804****0123") == []  # eight and four shown: no mask of a card


@pytest.mark.parametrize("address", [
    "上海市浦东新区张江高科技园区5号楼3层",
    "上海市浦东新区张江高科技园区5号楼301室",
    "北京市海淀区中关村软件园10号楼",
    "广东省深圳市南山区科技园12号楼",
])
def test_office_park_addresses(address: str) -> None:
    assert _found(f"地址：{address}") == [("contact.cn_address", address)]


def test_a_number_in_prose_after_a_place_is_not_an_address() -> None:
    assert _found("2023年北京市GDP增长6号") == []


@pytest.mark.parametrize("value", ["138.0013.8000", "1380 013 8000"])
def test_mobiles_in_dots_or_4_3_4_groups_next_to_a_phone_word(value: str) -> None:
    from scanners.detection.redact import normalize

    assert _found(f"手机：{value}") == [("contact.cn_mobile", value)]
    assert _found(f"version {value}") == []  # a version's or a table's look: a keyword needed
    assert _found(value) == []
    assert normalize(value, "contact.cn_mobile") == "+8613800138000"


def test_landlines_after_the_country_code_link_as_one_number() -> None:
    from scanners.detection.redact import normalize

    for value in ("(86)10-62751234", "86-10-62751234", "010—62751234", "0086 10 62751234"):
        assert normalize(value, "contact.cn_landline") == "+861062751234", value
