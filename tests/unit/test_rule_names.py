"""Every rule a scanner can report has a human name in English and Chinese, and the legal
basis of every rule reads as Chinese citations in Chinese."""

from __future__ import annotations

import re

from scanners import registry
from scanners.detection.rules import load_rules
from scanners.system.language import words_in
from scanners.system.rule_names import legal_text, rule_legal, rule_name

CJK = re.compile(r"[\u3400-\u9fff]")


def _every_rule() -> set[str]:
    ids = {r.id for r in load_rules()}
    for cls in registry.select(None):
        ids |= set(getattr(cls, "rules", ()))
    return ids


def test_every_rule_has_a_name_in_both_languages():
    ids = _every_rule()
    assert len(ids) > 60
    for rid in ids:
        en, zh = rule_name(rid, "en"), rule_name(rid, "zh")
        assert en != rid and zh != rid, rid
        assert CJK.search(zh), (rid, zh)


def test_permission_rules_are_named_by_their_source():
    assert rule_name("permissions.flatpak.camera", "zh") == "camera（Flatpak 应用）"
    assert rule_name("permissions.flatpak.camera", "en") == "camera (Flatpak app)"


def test_legal_basis_in_chinese_cites_the_law_by_its_chinese_name():
    assert legal_text("Civil Code 1034; PIPL 28", "zh") == "《民法典》第1034条；《个人信息保护法》第28条"
    assert legal_text("Civil Code 1034; PIPL 28", "en") == "Civil Code 1034; PIPL 28"
    for rid in _every_rule():
        legal = rule_legal(rid)
        if not legal:
            continue
        zh = legal_text(legal, "zh")
        # what is left in Latin letters is a standard's code (GB/T, GDPR, CCPA, PCI DSS)
        rest = re.sub(r"GB/T|GDPR|CCPA|PCI DSS|SSN", "", zh)
        assert not re.search(r"[A-Za-z]{3,}", rest), (rid, zh)
        assert not re.search(r"[\u3400-\u9fff][,;(]|[,;(][\u3400-\u9fff]", zh), (rid, zh)


def test_scoring_words_and_revoke_steps_have_chinese():
    assert words_in("stored in the clear", "zh") == "明文保存"
    assert words_in("in a cloud-synced folder (Dropbox)", "zh") == "位于云同步文件夹（Dropbox）"
    step = words_in("On the phone: Settings > Apps > Special app access > Usage access > "
                    "Notes > Off", "zh")
    assert step.startswith("在手机上") and "Notes" in step
    assert words_in("stored in the clear", "en") == "stored in the clear"
