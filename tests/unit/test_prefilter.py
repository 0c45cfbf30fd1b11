"""The Hyperscan prefilter may narrow where rules look, never change what they find."""

from __future__ import annotations

import random
import re

import pytest

from scanners.detection.detect import Detector
from scanners.detection.prefilter import (
    consume_final_lookaheads,
    hyperscan_available,
    relax_repeats,
    strip_lookarounds,
)
from scanners.detection.rules import load_rules

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="needs the hyperscan wheel (x86_64)")


def _sample_texts() -> list[str]:
    rules = load_rules()
    pieces = [e for r in rules for e in (*r.examples_match, *r.examples_no_match)]
    filler = ["的", "客户", "资料", " ", "\n", "note", "2024-01-01 ", "订单", "x", "，", "\t", "é"]
    rng = random.Random(7)
    texts = []
    for _ in range(60):
        parts = [rng.choice(pieces) if rng.random() < 0.4 else rng.choice(filler) for _ in range(40)]
        texts.append("".join(parts))
    texts.append("\n".join(pieces))
    return texts


def _key(matches):
    return sorted((m.rule.id, m.start, m.end, m.value, round(m.confidence, 3)) for m in matches)


def test_hyperscan_and_pure_python_agree():
    rules = load_rules()
    fast, slow = Detector(rules, use_hyperscan=True), Detector(rules, use_hyperscan=False)
    assert fast.prefilter.engine == "hyperscan" and slow.prefilter.engine == "python"
    total = 0
    for text in _sample_texts():
        a, b = _key(fast.detect(text)), _key(slow.detect(text))
        assert a == b, text
        total += len(a)
    assert total > 50  # the comparison saw real matches


def test_every_rule_is_prefiltered():
    # A rule Hyperscan cannot compile runs over every whole text: keep that list empty.
    assert Detector(load_rules()).prefilter.unfiltered == ()


def _agree(text: str) -> list[tuple[object, ...]]:
    rules = load_rules()
    fast, slow = Detector(rules, use_hyperscan=True), Detector(rules, use_hyperscan=False)
    a, b = _key(fast.detect(text)), _key(slow.detect(text))
    assert a == b, text
    return a


def test_a_window_never_ends_inside_a_longer_run():
    # A window that ended right after "759Phys" would let the address's look-ahead take the
    # window's end for the text's end, and report "... Suite 759Phys" (the regex alone, over
    # the whole text, backs off to "... Suite").
    found = _agree("address: 0487 Hull Village Suite 759Physical Address. . . : A4-83-E7-12-34")
    assert ("contact.en_address", 9, 32) in [k[:3] for k in found]


def test_a_dot_before_a_number_is_a_candidate():
    # "Tel.13812345678": the rule's boundary accepts a "." after a letter; the Hyperscan
    # stand-in once refused every ".", and the number was never a candidate.
    found = _agree("Tel.13812345678 ok; 版本 3.7.13812345678 不是")
    assert [k[:2] for k in found] == [("contact.cn_mobile", 4)]


def test_values_repeated_in_one_file_keep_their_verdicts():
    det = Detector(load_rules())
    row = "张三,11011319491231002X,13812345678,6222021234567890128\n"
    once = _key(det.detect(row))
    det.forget()
    many = det.detect(row * 50)
    assert len(many) == 50 * len(once) and once
    assert _key(det.detect(row)) == once


def test_verdicts_are_kept_across_texts_within_a_bound(monkeypatch):
    """A value met in an earlier file keeps its verdict (the same customers in many exports);
    a compiled validator is asked every time instead (its verdicts would only take room);
    the memo never holds more than _MEMO_LIMIT values."""
    from scanners.detection import detect as D
    from scanners.detection.validators.native import module

    det = Detector(load_rules())
    first = "邮箱: zhang.wei@example.com, 身份证 11011319491231002X\n"
    assert _key(det.detect(first))
    remembered = {v for memo in det._verdicts.values() for v in memo}
    assert "zhang.wei@example.com" in remembered
    assert ("11011319491231002X" in remembered) == (module() is None)
    second = "联系人 王芳 电话 13912345678\n"
    det.detect(second)
    assert "zhang.wei@example.com" in {v for memo in det._verdicts.values() for v in memo}
    monkeypatch.setattr(D, "_MEMO_LIMIT", 3)
    rows = "".join(f"mail{i}@example.com 与 13812345{i:03d}\n" for i in range(20))
    det.detect(rows)
    det.detect(second)  # (the bound is applied before each rule's pass)
    assert sum(map(len, det._verdicts.values())) <= 3 + 2


def test_most_rules_are_found_with_their_start():
    modes = Detector(load_rules()).prefilter.modes
    assert "always" not in modes.values()
    exact = [r for r, m in modes.items() if m in ("som", "som-relaxed", "som-loose")]
    # The rules dense data is full of are checked only on their candidates.
    for rid in ("identity.cn_resident_id", "contact.cn_mobile", "contact.email",
                "financial.payment_card", "financial.iban", "basic.person_name"):
        assert rid in exact, (rid, modes[rid])
    # The street address with its suffix list is too large for start tracking: Hyperscan
    # finds its ends (its repeats loosened, as bytes), and a window reaches back its width.
    assert modes["contact.en_address"] == "end-loose"
    assert list(modes.values()).count("end-loose") == 1


def test_a_street_address_is_a_candidate_only_with_its_suffix():
    """A number and capitalised words are everywhere (tables, titles, code); the street
    address's expression holds its USPS suffix (`{{words:usps_street_suffixes}}`), so only
    lines with one are searched: no window in a text of such lines, one per address."""
    det = Detector(load_rules())
    index = [r.id for r in det.prefilter.rules].index("contact.en_address")
    noise = "".join(f"Item {i} Project Planning Notes, Draft {i + 1} Board Review\n"
                    for i in range(2000))
    assert index not in det.prefilter.windows_and_values(noise)[0]
    text = noise + "Ship to: 4570 Oak Avenue, Apt 12B, Denver, CO 80203\n" + noise
    windows = det.prefilter.windows_and_values(text)[0][index]
    assert len(windows) == 1 and windows[0][1] - windows[0][0] < 1200
    assert [f.value for f in det.detect(text) if f.rule.id == "contact.en_address"] == [
        "4570 Oak Avenue, Apt 12B, Denver, CO 80203"]


def test_loose_windows_hold_every_street_address():
    # Addresses of 2 to 16 words, long words, numbered streets, PO boxes, military
    # addresses: the loose expression's windows end where the candidates do, and the
    # regex over them finds what it finds over the whole text.
    rng = random.Random(11)
    words = ["Main", "Street", "Oak", "Avenue", "Apt", "12B", "Springfield", "CO", "80203",
             "Pennsylvania", "Ave", "NW", "Washington", "DC", "20500", "#411", "63rd", "St.",
             "Suite", "759", "Boulevardofthelongestnamesever", "County", "Road", "12"]
    lines = []
    for _ in range(300):
        n = rng.randint(1, 18)
        body = ", ".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
                         for _ in range(n))
        label = rng.choice(["Address: ", "ship to ", "", "Table 3 ", "street,", "\"address\": \""])
        lines.append(f"{label}{rng.randint(1, 99999)} {body}")
    lines += ["PO Box 1234, Boise, ID 83702", "PSC 3191, Box 2845, APO AE 79585",
              "USS Estrada\nFPO AA 77340", "P.O. Box 77 Boise"]
    found = _agree("\n".join(lines))
    assert sum(1 for f in found if f[0] == "contact.en_address") > 30


def test_pattern_rewrites_for_hyperscan():
    assert strip_lookarounds(r"(?<![0-9])a(?=[)b])[(?=]\(?!x") == r"a[(?=]\(?!x"
    assert strip_lookarounds(r"x(?!(?:ab|c)d)y") == "xy"
    assert relax_repeats(r"a{1,64}[{]{2,3}\{1,99}b{0,16}x{3}c{2,15}") == (
        r"a{1,}[{]{2,3}\{1,99}b{0,}x{3}c{2,15}")


def test_a_final_look_ahead_is_consumed_only_at_the_end():
    assert consume_final_lookaheads(r"a(?=b)") == r"a(?:b|$)"
    assert consume_final_lookaheads(r"(a|b(?=[,;)]))") == r"(a|b(?:[,;)]|$))"
    for kept in (r"a(?=b)c", r"a(?=b)+", r"(a(?=b))*", r"a(?!b)", r"(?=a)b", r"a\(?=b"):
        assert consume_final_lookaheads(kept) == kept


def test_names_in_cells_and_prose_are_found_as_without_hyperscan():
    """The person name's cell shape ends in a look-ahead on the next delimiter, which
    Hyperscan now consumes (`consume_final_lookaheads`): names in CSV rows, tab- and
    pipe-separated lines, at the end of a text, and Chinese prose whose lines start with
    names are found exactly as the regex alone finds them."""
    rules = load_rules()
    fast, slow = Detector(rules, use_hyperscan=True), Detector(rules, use_hyperscan=False)
    rng = random.Random(3)
    names = ["张伟", "欧阳娜娜", "王·小明", "John Smith", "Mary Ann Lee", "李雷", "姓名", "name",
             "客户", "customer"]  # (and the keywords a name needs near it)
    seps = [",", "\t", "|", ";", "\n", "\r\n", " ", "。"]
    texts = []
    for _ in range(250):
        parts = []
        for _ in range(rng.randint(1, 12)):
            parts.append(rng.choice(seps) + rng.choice(['"', " ", ""]) + rng.choice(names)
                         + rng.choice(['"', " ", "", "先生说", "Jr"]))
        texts.append("".join(parts) + rng.choice(["", ",", "\n"]))
    found = 0
    for text in texts:
        a = [k for k in _key(fast.detect(text)) if k[0] == "basic.person_name"]
        assert a == [k for k in _key(slow.detect(text)) if k[0] == "basic.person_name"], text
        found += len(a)
    assert found > 100


def test_a_keyword_in_the_column_header_is_found_as_before():
    # Every cell of a table asks which keyword its column's header holds: the answer is
    # kept per header, and must be the one the whole window gives.
    rules = load_rules()
    fast, general = Detector(rules), Detector(rules)
    general._header_word = lambda _rid, _header, words: ("", words, None)  # type: ignore[method-assign]
    cols = ["姓名", "身份证号", "手机号码", "card number", "备注"]
    body = ("张三,11011319491231002X,13812345678,4539148803436467,订单 6222021234567890128\n"
            "李四,110105194912310021,13912345678,6222021234567890128,ID card 11011319491231002X\n")
    a = _key(fast.detect(body, cols, ","))
    assert a == _key(general.detect(body, cols, ","))
    assert {m.keyword for m in fast.detect(body, cols, ",") if m.rule.id.startswith("identity")}


def test_a_keyword_header_searches_its_value_shape_not_the_whole_table():
    # "电话" over a column makes every landline below it a finding, however far from the
    # header: the rule looks at the candidates of its value shape (Hyperscan finds them
    # too), not at every character of the table, and finds what the whole-text scan finds.
    rules = load_rules()
    fast, slow = Detector(rules), Detector(rules, use_hyperscan=False)
    pf = fast.prefilter
    rid = {r.id: i for i, r in enumerate(pf.rules)}
    for name in ("contact.cn_landline", "identity.cn_resident_id_15", "location.coordinates",
                 "basic.mac_address", "basic.imei"):
        assert rid[name] in pf.keyword_rules and rid[name] in pf.value_rules, name
    rng = random.Random(5)
    cols = ["姓名", "电话", "旧身份证", "经纬度", "MAC", "IMEI", "备注"]
    rows = []
    for k in range(400):
        rows.append(",".join([
            "张三", rng.choice(["010-62751234", "(021)64581234", "0755 26881234", "13812345678"]),
            rng.choice(["110105491231002", "11011319491231002X", "-"]),
            rng.choice(["39.9042, 116.4074", "n/a"]), rng.choice(["00:1A:2B:3C:4D:5E", "-"]),
            rng.choice(["490154203237518", "-"]), "备注 " + str(k) * rng.randint(1, 5)]))
    text = "\n".join(rows) + "\n"
    windows, values = pf.windows_and_values(text)
    landline = values[rid["contact.cn_landline"]]
    assert sum(hi - lo for lo, hi in landline) < len(text) // 2  # not the whole table
    a = _key(fast.detect(text, cols, ","))
    assert a == _key(slow.detect(text, cols, ","))
    found = {k[0] for k in a}
    assert {"contact.cn_landline", "identity.cn_resident_id_15", "location.coordinates",
            "basic.mac_address"} <= found


def test_patterns_read_as_bytes_only_where_that_changes_nothing():
    from scanners.detection.prefilter import byte_safe

    # (a caseless group too: the rules are compiled with re.ASCII, which folds "k" and "K"
    # only, not the Kelvin sign, as Hyperscan reading bytes does)
    for core in (r"[0-9]{3}", r"1[3-9]\d{9}", r"(?:ab|c)[A-Z]{2}\s?\w+", r"x(?:[-. ]?y){0,4}",
                 r"(?i:k)", r"[0-9] (?i:st|ave)\.?"):
        assert byte_safe(core), core
        assert re.compile(core, re.ASCII).search("\u212a") is None
    # anything that may match a character beyond ASCII, or where reading it is not sure
    for core in (r"[^0-9]", r".x", r"\D", r"\W", r"\S", r"[一-龥]", r"姓名", r"é", r"(?i:é)",
                 r"(a)\1", r"a(?=b)", r"[\x00-\xff]", r"(?i)kb"):
        assert not byte_safe(core), core
    modes = Detector(load_rules()).prefilter
    flags = {modes.rules[i].id: modes._expression(i, "som")[1] for i in range(len(modes.rules))}
    import hyperscan

    utf8 = {rid for rid, f in flags.items() if f & hyperscan.HS_FLAG_UTF8}
    assert "identity.cn_resident_id" not in utf8 and "contact.cn_mobile" not in utf8
    assert {"basic.person_name", "contact.cn_address", "contact.cn_mobile_masked"} <= utf8
    assert "contact.en_address" not in utf8  # its suffix list, caseless, read as bytes


@pytest.mark.parametrize("seed", range(4))
def test_reading_bytes_finds_what_reading_utf8_finds(seed, monkeypatch):
    # Values against Chinese, full-width and accented characters on both sides: a boundary
    # byte inside a character, a window ending inside one, text that is not ASCII at all.
    from scanners.detection import prefilter

    rules = load_rules()
    rng = random.Random(seed)
    values = [e for r in rules for e in r.examples_match]
    around = ["电话", "，", "号", "é", "：", "（", "）", "ñ", "𠀀", "１", " ", "\n", "a", "7", "-"]
    texts = ["".join(rng.choice(around) + rng.choice(values) + rng.choice(around)
                     for _ in range(30)) for _ in range(15)]
    found = []
    for as_bytes in (True, False):
        monkeypatch.setattr(prefilter, "BYTE_MODE", as_bytes)
        detector = Detector(rules)
        assert detector.prefilter.engine == "hyperscan"
        found.append([_key(detector.detect(t)) for t in texts])
    assert found[0] == found[1]
    assert found[0] == [_key(Detector(rules, use_hyperscan=False).detect(t)) for t in texts]
    assert sum(map(len, found[0])) > 100


# Three rows of the home corpus's generated export where a keyword's window ended inside an
# 18-digit ID, then empty rows: the header's keyword counts for the whole column, and the rule
# for 15-digit legacy IDs took "310104200102059" out of "310104200102059944".
_EXPORT = """姓名,身份证号,手机号,邮箱,地址,银行卡号,订单号
诸葛玉嘉,12010119980316849X,18250716416,mary_jackson95@huaxin-tech.cn,辽宁省沈阳市和平区人民路876号,\
2612736320456671,2948818649960746248
白梅涛,350102197111094725,19187407459,sarah_robinson8@126.com,重庆市渝中区麓山南路649号2单元2109室,\
3551331405649498,2755987475083055718
孔佑,310104200102059944,13390233450,chenming@qq.com,浙江省杭州市西湖区人民路448号A座,\
622228072663468516,27702279178951361021
""" + "某某,,,,,,\n" * 30


def test_a_keyword_window_never_cuts_a_longer_number_in_a_table():
    rules = load_rules()
    fast, slow = Detector(rules), Detector(rules, use_hyperscan=False)
    columns = _EXPORT.split("\n", 1)[0].split(",")
    for pad in range(0, 8):  # the rows' first cells a character longer each time
        text = _EXPORT.replace("\n孔佑,", "\n孔佑" + "某" * pad + ",")
        found = _key(fast.detect(text, columns, ","))
        assert found == _key(slow.detect(text, columns, ",")), pad
        assert not any(k[0] == "identity.cn_resident_id_15" for k in found), pad
        assert sum(1 for k in found if k[0] == "identity.cn_resident_id") == 3


def test_value_candidates_meet_keyword_windows():
    from scanners.detection.prefilter import _meeting

    assert _meeting([(0, 5), (10, 20), (30, 40), (50, 60)], [(18, 25), (40, 45)]) == [
        (10, 20), (30, 40)]
    assert _meeting([(0, 5)], []) == [] and _meeting([], [(0, 5)]) == []
    assert _meeting([(10, 12), (14, 16)], [(0, 100)]) == [(10, 12), (14, 16)]
