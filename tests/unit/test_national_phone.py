"""Phone numbers written in their country's national form (contact.national_phone), and the
rule's yielding to the PRC landline rule and to US SSNs (`yields_to`).

A German address book writes `Telefon: 030 23456789`, a French one `06 27 63 17 06`, a
Japanese one `090-1777-6317`: before this rule none was found (only +CC numbers were). The
same digits are often valid in several numbering plans; the regions whose own way of writing
the number groups its digits as the text does are named.
"""

from __future__ import annotations

import functools
from pathlib import Path

from scanners.detection.detect import Detector
from scanners.detection.redact import normalize
from scanners.detection.rules import load_rules
from scanners.detection.validators import cn_landline, national_phone


@functools.cache
def _det() -> Detector:
    return Detector(load_rules())


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.rule.id, m.value, m.detail.get("region", "")) for m in _det().detect(text)]


def test_national_forms_of_many_countries_are_found_with_their_region() -> None:
    cases = {
        "Telefon: 030 23456789": "DE",
        "Téléphone : 06 27 63 17 06": "FR",
        "Phone: (07) 4066 9074": "AU",
        "Telefon: (05823) 58267": "DE",
        "携帯番号：080-1234-5678": "JP",
        "휴대폰: 010-2345-6789": "KR",  # Beijing's shape, without the landline rule's keyword
        "電話：02-2345-6789": "TW",  # Taipei: seven digits after 02 are no PRC landline
    }
    for text, region in cases.items():
        found = _found(text)
        assert [f[0] for f in found] == ["contact.national_phone"], (text, found)
        assert region in found[0][2].split("/"), (text, found)


def test_the_written_grouping_names_the_region() -> None:
    # 06 27 63 17 06 is valid in fifteen plans; only France writes it in pairs
    verdict = national_phone("06 27 63 17 06")
    assert verdict is not None and verdict.detail["region"] == "FR"
    # unseparated, every plan that holds it is named
    verdict = national_phone("0612345678")
    assert verdict is not None and {"FR", "DE", "NL"} <= set(verdict.detail["region"].split("/"))


def test_the_00_prefix_is_the_international_form() -> None:
    verdict = national_phone("0049 30 23456789")
    assert verdict is not None and verdict.detail["region"] == "DE"
    assert normalize("0049 30 23456789", "contact.national_phone") == "+493023456789"
    assert normalize("+49 30 23456789", "contact.intl_phone") == "+493023456789"
    # the PRC's 0086 numbers are the PRC rules'
    assert national_phone("0086 138 1234 5678") is None
    assert _found("电话：0086 138 1234 5678")[0][0] == "contact.cn_mobile"


def test_what_is_no_national_number() -> None:
    for value in ("030 2345",  # too short
                  "0000 000 000",  # no plan has it
                  "05.12.2023 10",  # a date and its hour
                  "13812345678",  # no trunk prefix
                  "02110-1301"):  # a US ZIP+4 code (the GNU licence's Boston address)
        assert national_phone(value) is None, value
    assert _found("030 23456789") == []  # no phone word near it
    assert _found("Tel. Sprechzeiten 05.12.2023 10:30") == []


def test_the_prc_landline_rule_owns_what_it_reports() -> None:
    # London's and Guangzhou's shape, and "tel" is a landline keyword: one finding, the PRC's
    assert [f[0] for f in _found("Tel: 020 7946 0018")] == ["contact.cn_landline"]
    assert [f[0] for f in _found("电话：010-62751234")] == ["contact.cn_landline"]
    # a 02x number with seven local digits is not the PRC's (its cities dial eight)
    assert cn_landline("029 4480659") is None
    assert cn_landline("029 84480659") is not None
    # a US SSN beside a phone label is the SSN rule's
    found = _found("SSN: 086-34-1159  Phone: +44 20 7946 0267")
    assert [f[0] for f in found] == ["identity.us_ssn", "contact.intl_phone"]


def test_yields_to_names_known_rules() -> None:
    rules = load_rules()
    rule = rules.get("contact.national_phone")
    assert rule is not None and rule.yields_to
    for other in rule.yields_to:
        assert rules.get(other) is not None


def test_a_rule_yielding_to_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    import pytest

    from scanners.detection.rules import RuleError

    (tmp_path / "x.toml").write_text(
        '[[rule]]\nid = "contact.x"\ntitle = "X"\ncategory = "contact"\nseverity = "low"\n'
        "pattern = '''0[0-9]{9}'''\nyields_to = [\"contact.nowhere\"]\n"
        'examples.match = ["0123456789"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"yields_to names unknown contact\.nowhere"):
        load_rules(tmp_path)


def test_the_rule_is_found_from_its_shape_not_its_words() -> None:
    """"mobile" and "phone" stand on every row of an export: Hyperscan looks for the number's
    shape (rare), and the phone word is checked beside each candidate."""
    det = _det()
    if det.prefilter.engine != "hyperscan":
        return  # (the pure-Python fallback runs every rule over the whole text)
    assert det.prefilter.modes["contact.national_phone"] != "keyword"
    assert det.prefilter.modes["contact.cn_landline"] == "keyword"
