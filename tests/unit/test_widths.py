"""Full-width and spaced forms (issue 14): `scanners/detection/widths.py` folds the text the
way NFKC does, the detector matches the folded text, and findings point into the original."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from scanners.actions.remediate import redact_text
from scanners.detection.detect import Detector
from scanners.detection.redact import mask, normalize
from scanners.detection.rules import load_rules
from scanners.detection.validators.identity import cn_ric
from scanners.detection.widths import TABLE, fold, fold_value
from synth.labelled import Writer, score
from synth.labelled_widths import RULES, wide, widths14_docs
from synth.people import Factory

TODAY = date(2026, 6, 1)
DET = Detector(load_rules())
F = Factory(1414, TODAY)
RID = F.resident_id()  # made-up adult with a valid check character
RID_CHILD = F.resident_id(child=True)
MOBILE = F.cn_mobile(styled=False)
MAIL = F.email()
CARD = F.card_number("visa")


def found(text: str, **kw: object) -> list[tuple[str, int, int, str, float]]:
    return [(m.rule.id, m.start, m.end, m.value, m.confidence)
            for m in DET.detect(text, today=TODAY, **kw)]  # type: ignore[arg-type]


# --- the fold itself -------------------------------------------------------------------------


def test_text_without_wide_characters_is_not_copied() -> None:
    for text in ("身份证号：11011319491231002X，电话13800138000；谢谢。", "plain ascii", ""):
        assert fold(text) is None
        assert fold_value(text) is text


def test_table_is_nfkc_except_for_hyphens() -> None:
    # Every fold is NFKC's, except the hyphens NFKC keeps (U+2010-2012) and the ideographic
    # and typographic spaces it folds to one space anyway; prose punctuation is not folded.
    for code, to in TABLE.items():
        ch = chr(code)
        if ch in "\u2010\u2011\u2012":
            assert to == "-"
        else:
            assert unicodedata.normalize("NFKC", ch) == to, hex(code)
        assert to.isascii()
    for ch in "，：；。、":
        assert ord(ch) not in TABLE


def test_offsets_map_back_over_expanding_signs() -> None:
    text = "ﬁle №7 ℡：" + wide(MOBILE) + " mail ｏﬃｃｅ＠ｑｑ．ｃｏｍ end"
    wide_text = fold(text)
    assert wide_text is not None and len(wide_text.text) > len(text)
    for i, ch in enumerate(text):
        # each original character's folded form starts at a folded offset mapping back to it
        j = len(text[:i].translate(TABLE))
        assert wide_text.start(j) == i, (i, ch)
        assert wide_text.end(j + len(ch.translate(TABLE))) == i + 1
    got = {rule: text[s:e] for rule, s, e, _, _ in found(text)}
    assert got["contact.cn_mobile"] == wide(MOBILE)
    assert got["contact.email"] == "ｏﬃｃｅ＠ｑｑ．ｃｏｍ"


def test_offset_map_on_random_mixtures() -> None:
    import random

    r = random.Random(14)
    alphabet = "aZ9 @.-，：张\u3000\u00a0\u2011ﬁﬃ№℡１Ｘ＠．－（"
    for _ in range(300):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(1, 40)))
        folded = fold(text)
        if folded is None:
            assert text.translate(TABLE) == text
            continue
        assert folded.text == text.translate(TABLE)
        pos = 0
        for i, ch in enumerate(text):  # the naive map, one original character at a time
            width = len(ch.translate(TABLE))
            for k in range(width):
                assert folded.start(pos + k) == i
                assert folded.end(pos + k + 1) == i + 1
            pos += width
        assert folded.span(0, len(folded.text)) == (0, len(text))


# --- full-width text is found exactly like its half-width form ---------------------------------

HALF_CASES = [
    f"身份证号：{RID}",
    f"ID:{RID}",
    f"持卡人证件号 {RID}，手机 {MOBILE}",
    f"手机 {MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}",
    f"联系电话：+86 {MOBILE}",
    f"邮箱：{MAIL}",
    f"Email: {MAIL}",
    f"卡号 {' '.join(CARD[i:i + 4] for i in range(0, 16, 4))}",
    f"身份证号 {RID[:6]} {RID[6:14]} {RID[14:]}",
    f"订单号 {RID[:17]}1",
    f"身份证号：{RID[:17]}{'0' if RID[17] != '0' else '1'}",
    f"password={F.password()}",
    f"身份证号：{RID_CHILD}",
]


@pytest.mark.parametrize("half", HALF_CASES)
def test_full_width_is_found_like_half_width(half: str) -> None:
    full = wide(half)
    assert full != half
    a, b = found(half), found(full)
    # same rules, same offsets (one character for one), same confidence ...
    assert [(r, s, e, c) for r, s, e, _, c in a] == [(r, s, e, c) for r, s, e, _, c in b]
    # ... and the value is the original's characters, whose fold is the half-width value
    for (_, s, e, v_half, _), (_, _, _, v_full, _) in zip(a, b, strict=True):
        assert v_full == full[s:e]
        assert fold_value(v_full) == v_half


def test_ideographic_spaces_and_full_width_hyphens() -> None:
    ideo = "\u3000".join((wide(RID[:6]), wide(RID[6:14]), wide(RID[14:])))
    text = f"身份证{ideo}。电话{wide(MOBILE[:3])}－{wide(MOBILE[3:7])}－{wide(MOBILE[7:])}"
    got = found(text)
    assert [(r, v) for r, _, _, v, _ in got] == [
        ("identity.cn_resident_id", ideo),
        ("contact.cn_mobile", f"{wide(MOBILE[:3])}－{wide(MOBILE[3:7])}－{wide(MOBILE[7:])}"),
    ]
    for _, s, e, v, _ in got:
        assert text[s:e] == v


def test_csv_columns_with_full_width_cells() -> None:
    text = f"姓名,证件\n张伟,{wide(RID)}\n"
    got = found(text, columns=["姓名", "证件"], delimiter=",")
    rid = [(s, e) for r, s, e, _, _ in got if r == "identity.cn_resident_id"]
    assert rid == [(text.index(wide(RID)), text.index(wide(RID)) + 18)]


def test_preview_fingerprint_and_redaction_of_full_width_values() -> None:
    full = wide(RID)
    preview = mask(full, "digits")
    assert preview.startswith(full[:4]) and preview.endswith(full[-4:])
    assert full[4:14] not in preview
    # one value, one fingerprint, however it is typed
    assert normalize(full, "identity.cn_resident_id") == normalize(RID, "identity.cn_resident_id")
    assert normalize(wide(MOBILE), "contact.cn_mobile") == normalize(MOBILE, "contact.cn_mobile")
    assert normalize(wide(MAIL), "contact.email") == normalize(MAIL, "contact.email")
    text = f"身份证号：{full}。邮箱：{wide(MAIL)}"
    redacted, n = redact_text(text)
    assert n == 2
    assert full not in redacted and wide(MAIL) not in redacted
    assert redacted.startswith("身份证号：" + full[:4])


def test_minor_found_in_full_width() -> None:
    rules = {r for r, *_ in found(f"身份证号：{wide(RID_CHILD)}")}
    assert rules == {"identity.cn_resident_id", "minor.under14"}


# --- spaced forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "grouped",
    [
        f"{RID[:6]} {RID[6:14]} {RID[14:]}",
        f"{RID[:6]}-{RID[6:14]}-{RID[14:]}",
        f"{RID[:6]} {RID[6:10]} {RID[10:14]} {RID[14:]}",
        " ".join(RID[i:i + 4] for i in range(0, 18, 4)),
        "-".join(RID[i:i + 4] for i in range(0, 18, 4)),
    ],
)
def test_grouped_id_numbers(grouped: str) -> None:
    for text in (f"身份证号：{grouped}", f"ID number {grouped}.", f"{grouped}"):
        got = [(r, v) for r, _, _, v, _ in found(text) if r == "identity.cn_resident_id"]
        assert got == [("identity.cn_resident_id", grouped)], text
    assert cn_ric(grouped) is not None


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号 {RID[:6]} {RID[6:14]}-{RID[14:]}",  # mixed separators
        f"身份证号 {RID[:5]} {RID[5:13]} {RID[13:]}",  # not a grouping anyone writes
        f"卡号 6222 {' '.join(RID[i:i + 4] for i in range(0, 18, 4))}",  # tail of a longer run
        f"身份证号 {RID[:6]}  {RID[6:14]}  {RID[14:]}",  # two spaces
    ],
)
def test_odd_groupings_are_not_ids(text: str) -> None:
    assert not [r for r, *_ in found(text) if r == "identity.cn_resident_id"]


# --- the labelled set of full-width and spaced cases --------------------------------------------


def test_labelled_full_width_set(tmp_path: Path) -> None:
    w = Writer(tmp_path)
    docs = widths14_docs(seed=7, today=TODAY)
    findings = []
    for doc in docs:
        rel = f"widths14/{doc.name}.txt"
        assert w.write_text(doc, rel)
        text = (tmp_path / rel).read_text(encoding="utf-8")
        for m in DET.detect(text, today=TODAY):
            findings.append({"path": rel, "rule": m.rule.id, "start": m.start, "end": m.end,
                             "preview": mask(m.value, m.rule.mask)})
    labels = {"files": w.files, "labels": [asdict(lb) for lb in w.labels]}
    planted = {lb.rule for lb in w.labels if lb.rule}
    assert planted == set(RULES)
    assert sum(1 for lb in w.labels if lb.negative) > 10
    scores = score(labels, findings, tmp_path)
    for rule in RULES:
        s = scores[rule]
        assert s.tp > 15, rule
        assert s.precision >= 0.99 and s.recall >= 0.97, (rule, s)


def test_grouped_legacy_15_digit_id() -> None:
    old = F.resident_id_15()
    grouped = f"{old[:6]} {old[6:12]} {old[12:]}"
    got = [v for r, _, _, v, _ in found(f"旧身份证号：{grouped}") if r == "identity.cn_resident_id_15"]
    assert got == [grouped]
    assert not found(grouped)  # no check digit: only beside an ID keyword
    mixed = f"{old[:6]} {old[6:12]}-{old[12:]}"
    assert not [r for r, *_ in found(f"旧身份证号：{mixed}") if r.startswith("identity.")]
