"""Every rule file loads, every rule's own examples behave, and the rule set is well formed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from scanners.detection.detect import Detector
from scanners.detection.prefilter import Prefilter, hyperscan_available
from scanners.detection.rules import RuleError, compile_rule, load_rules
from scanners.detection.validators import VALIDATORS
from scanners.model import Category

RULES = load_rules()
DETECTOR = Detector(RULES)
PLAIN = Detector(RULES, use_hyperscan=False)
TODAY = date(2025, 6, 1)

# The detector ids the issue names: a public contract (stored in logs), never renamed.
REQUIRED_IDS_TEXT = """
identity.cn_resident_id identity.cn_resident_id_15 identity.cn_resident_id_masked
identity.cn_passport identity.hk_macau_permit identity.tw_compatriot_permit identity.hk_id
identity.tw_id identity.macau_id identity.us_ssn
financial.payment_card financial.payment_card_masked financial.card_cvv financial.card_expiry
financial.iban financial.stripe_key financial.paypal_braintree_token financial.alipay_key
financial.wechatpay_key financial.merchant_id
credential.private_key credential.aws_access_key credential.aws_secret_key
credential.github_token credential.gitlab_token credential.slack_token
credential.google_api_key credential.alibaba_access_key credential.tencent_secret_id
credential.jwt credential.url_password credential.password_assignment
contact.cn_mobile contact.cn_mobile_masked contact.cn_landline contact.intl_phone
contact.email contact.cn_address contact.en_address contact.vcard_list
location.coordinates location.exif_gps
health.medical_record_no health.insurance_no health.admission_no health.document
basic.person_name basic.birth_date basic.imei basic.mac_address basic.ip_address
minor.under14
"""
REQUIRED_IDS = REQUIRED_IDS_TEXT.split()

MATCH = [(r.id, ex) for r in RULES for ex in r.examples_match]
NO_MATCH = [(r.id, ex) for r in RULES for ex in r.examples_no_match]


def _ids(detector: Detector, text: str) -> set[str]:
    return {m.rule.id for m in detector.detect(text, today=TODAY)}


@pytest.mark.parametrize(("rule_id", "text"), MATCH, ids=[f"{r}:{i}" for i, (r, _) in enumerate(MATCH)])
def test_match_examples(rule_id: str, text: str) -> None:
    assert rule_id in _ids(DETECTOR, text), f"{rule_id} should match {text!r}"
    assert rule_id in _ids(PLAIN, text), f"{rule_id} should match {text!r} without Hyperscan"


@pytest.mark.parametrize(
    ("rule_id", "text"), NO_MATCH, ids=[f"{r}:{i}" for i, (r, _) in enumerate(NO_MATCH)]
)
def test_no_match_examples(rule_id: str, text: str) -> None:
    assert rule_id not in _ids(DETECTOR, text), f"{rule_id} must not match {text!r}"
    assert rule_id not in _ids(PLAIN, text), f"{rule_id} must not match {text!r} (no Hyperscan)"


def test_required_ids_exist() -> None:
    missing = [rid for rid in REQUIRED_IDS if rid not in RULES.by_id]
    assert not missing


def test_ids_unique_dotted_and_prefixed_by_category() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", r.id)
        assert r.id.split(".")[0] == r.category.value, r.id
        assert isinstance(r.category, Category)


def test_every_rule_is_documented() -> None:
    for r in RULES:
        assert r.title and r.title_zh and r.description and r.legal, r.id


def test_validators_named_by_rules_exist() -> None:
    for r in RULES:
        if r.validator_name:
            assert r.validator_name in VALIDATORS
            assert r.validator is VALIDATORS[r.validator_name]


def test_pattern_rules_have_enough_examples() -> None:
    for r in RULES.of_kind("pattern"):
        assert len(r.examples_match) >= 4, r.id
        assert len(r.examples_no_match) >= 4, r.id


def test_structural_and_density_rules() -> None:
    assert {r.id for r in RULES.of_kind("structural")} >= {
        "contact.vcard_list",
        "location.exif_gps",
        "minor.under14",
    }
    health = RULES.get("health.document")
    assert health is not None and health.kind == "density"
    assert health.density_min_hits > 0 and health.density_per_kchar > 0


def test_near_rules_point_at_cards() -> None:
    for rid in ("financial.card_cvv", "financial.card_expiry"):
        rule = RULES.get(rid)
        assert rule is not None and "financial.payment_card" in rule.near_rules


@pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan wheel not installed")
def test_every_pattern_compiles_in_hyperscan() -> None:
    p = Prefilter(RULES.of_kind("pattern"))
    assert p.engine == "hyperscan"
    assert p.unfiltered == ()


def test_no_unicode_word_boundaries_or_nested_quantifiers() -> None:
    for r in RULES.of_kind("pattern"):
        assert r"\b" not in r.pattern, f"{r.id}: use boundary=, not \\b"
        # (x+)+ / (x*)* style nesting is the catastrophic-backtracking shape.
        assert not re.search(r"[+*]\)[+*]", r.pattern), r.id


def test_rule_errors_are_clear() -> None:
    base = {"id": "x.y", "title": "t", "category": "identity", "severity": "low"}
    with pytest.raises(RuleError, match="pattern"):
        compile_rule({**base, "kind": "pattern"}, "f.toml")
    with pytest.raises(RuleError, match="category"):
        compile_rule({**base, "category": "nope", "pattern": "a"}, "f.toml")
    with pytest.raises(RuleError, match="validator"):
        compile_rule({**base, "pattern": "a", "validator": "nope"}, "f.toml")
    with pytest.raises(RuleError, match="boundary"):
        compile_rule({**base, "pattern": "a", "boundary": "word"}, "f.toml")


def test_rule_files_that_compiled_before_compile_on_first_use(tmp_path: Path) -> None:
    """A rescan answered from the cache needs no regex: rule files whose exact text compiled
    before are not compiled at load. A changed file is compiled (and checked) again."""
    from scanners.detection import rules as rules_module

    folder = tmp_path / "rules"
    folder.mkdir()
    good = ('[[rule]]\nid = "x.y"\ntitle = "t"\ncategory = "identity"\nseverity = "low"\n'
            'pattern = "A[0-9]{3}"\nboundary = "alnum"\nexamples.match = ["A123"]\n')
    (folder / "a.toml").write_text(good, encoding="utf-8")
    rules_module._regex.cache_clear()
    first = load_rules(folder)
    assert rules_module._regex.cache_info().currsize == 1  # checked: compiled at load
    rules_module._regex.cache_clear()
    again = load_rules(folder)
    assert rules_module._regex.cache_info().currsize == 0  # known good: not compiled
    rule = again.get("x.y")
    assert rule is not None and rule.regex is not None
    assert [m.group() for m in rule.regex.finditer("A123 xA123 A1234")] == ["A123"]
    assert rule.regex_source == first.rules[0].regex_source
    (folder / "a.toml").write_text(good.replace("A[0-9]", "(A[0-9]"), encoding="utf-8")
    with pytest.raises(RuleError, match="bad pattern"):
        load_rules(folder)


# A health-record document fires the density rule; a news article that mentions a hospital
# does not. The threshold is applied as the file scanner applies it.
MEDICAL = (
    "门诊病历\n患者：张某  性别：女\n主诉：反复咳嗽两周。\n现病史：两周前受凉后出现咳嗽。\n"
    "既往史：高血压病史5年。过敏史：青霉素过敏。\n体格检查：体温36.8℃。\n辅助检查：血常规示白细胞升高。\n"
    "诊断：急性支气管炎。\n处方：阿莫西林胶囊 0.5g 口服 每日三次。\n医嘱：多饮水，一周后复诊。\n"
)
NEWS = (
    "本报讯 昨日，市第一人民医院新院区正式启用。新院区位于城市东部，总建筑面积二十万平方米，"
    "设置床位一千二百张。院方表示，新院区将进一步缓解东部地区群众看病难的问题。"
    "据悉，医院还将引进一批先进的诊断设备，并与多所高校开展合作。市民王女士说，以后看病方便多了。"
    "交通部门也新开通了两条公交线路，方便市民前往。"
) * 2


def _density_fires(text: str, detector: Detector = DETECTOR) -> bool:
    rule = RULES.get("health.document")
    assert rule is not None
    terms = detector.density(text).get(rule.id, {})
    hits = sum(terms.values())
    per_k = hits / max(len(text), 1) * 1000
    return (hits >= rule.density_min_hits and per_k >= rule.density_per_kchar
            and len(terms) >= rule.density_min_terms)


# Generated getters and setters of an SDK's data model (alipay-sdk-python's domain classes)
SETTERS = "".join(
    f"    @property\n    def {name}(self):\n        return self._{name}\n\n"
    f"    @{name}.setter\n    def {name}(self, value):\n        self._{name} = value\n\n"
    for name in ("route_diagnosis", "symptoms", "dosage_form"))


@pytest.mark.parametrize("hyperscan", [True, False])
def test_health_document_density(hyperscan: bool) -> None:
    detector = DETECTOR if hyperscan else Detector(RULES, use_hyperscan=False)
    assert _density_fires(MEDICAL, detector)
    assert _density_fires(MEDICAL.replace("诊断", "Diagnosis").replace("处方", "Prescription"),
                          detector)
    assert not _density_fires(NEWS, detector)
    assert not _density_fires("The patient was discharged. " * 3, detector)
    # one or two terms repeated, however dense, are no medical record
    assert not _density_fires("诊断 诊断 诊断 处方 处方 处方 诊断", detector)
    assert not _density_fires(SETTERS, detector)


def test_detectors_doc_is_current() -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "gen_detectors_doc.py"
    spec = importlib.util.spec_from_file_location("gen_detectors_doc", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0, "run: python tools/gen_detectors_doc.py"


def test_a_pattern_takes_a_word_list_from_resources():
    """`{{words:NAME}}` is every word of resources/data/NAME.txt (each line's forms, not its
    "-" marker), longest first: a suffix is tried as "STREET" before "ST"."""
    raw = {"id": "t.street", "title": "t", "category": "contact", "severity": "low",
           "pattern": r"[0-9]+ [A-Z][a-z]+ (?i:{{words:usps_street_suffixes}})\b",
           "examples": {"match": ["12 Main Street"]}}
    rule = compile_rule(raw)
    assert "{{" not in rule.pattern and "|STREET|" in rule.pattern
    assert rule.pattern.index("|STREET|") < rule.pattern.index("|ST|")
    assert "|-|" not in rule.pattern
    regex = rule.regex
    assert regex is not None
    assert [m.group() for m in regex.finditer("12 Main Street, 9 Oak ave. 7 Mill Gate")] == [
        "12 Main Street", "9 Oak ave"]
    with pytest.raises(RuleError, match="no word list"):
        compile_rule({**raw, "pattern": "{{words:no_such_list}}"})


def test_a_word_list_can_be_one_kind_of_its_lines():
    """`{{words:NAME:+}}` takes the lines that start with "+" (street_words.txt's prefixes,
    "+rue"), `:-` those with "-" (its suffixes, "-straße"), without the mark."""
    from scanners.detection.rules import expand_words

    before, after = expand_words("{{words:street_words:+}}"), expand_words(
        "{{words:street_words:-}}")
    assert "|rue|" in before and "straße" not in before and "+" not in before
    assert "straße" in after and "|rue|" not in after and "-|" not in after
    assert re.fullmatch(after, "gracht") and not re.fullmatch(after, "-gracht")
