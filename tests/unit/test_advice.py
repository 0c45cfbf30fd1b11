"""Advice: every rule and category has steps in English and Simplified Chinese with a legal basis."""

from __future__ import annotations

import re

import pytest

from scanners.assessment.advice import AdviceBook, advise
from scanners.detection.rules import load_rules
from scanners.model import Category

BOOK = AdviceBook.load()
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("rule", [r.id for r in load_rules()])
def test_every_rule_has_advice_in_both_languages(rule):
    en, zh = BOOK.rule_steps(rule, "en"), BOOK.rule_steps(rule, "zh")
    assert en and zh and len(en) == len(zh), rule
    assert all(CJK.search(s) for s in zh) and not any(CJK.search(s) for s in en)


def test_no_advice_for_unknown_rules():
    from scanners.registry import SCANNERS

    known = {r.id for r in load_rules()}
    # store and permission scanners name their own rules ("stores.chromium.logins")
    known |= {rule for s in SCANNERS for rule in getattr(s, "rules", ())}
    prefixes = tuple(f"{s.id}." for s in SCANNERS if not s.id.startswith("content."))
    assert {r for r in BOOK.rules if not r.startswith(prefixes)} <= known


@pytest.mark.parametrize("category", list(Category))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_category_has_why_legal_basis_and_steps(category, lang):
    a = BOOK.for_category(category, lang)
    assert a.title and a.why and a.steps and a.general
    assert re.search(r"PIPL|CC |GB/T|个人信息保护法|民法典|GB/T", a.legal), a.legal
    if lang == "zh":
        assert CJK.search(a.title) and CJK.search(a.why)


def test_finding_advice_puts_the_rule_and_store_steps_first():
    a = advise("credential.private_key", Category.CREDENTIAL, "content.files", "en")
    assert "ssh-keygen -p" in a.steps[0]
    assert any("password manager" in s for s in a.steps)
    b = advise("stores.chromium.logins", Category.CREDENTIAL, "stores.chromium", "en")
    assert "password-store" in b.steps[0]
    firefox = advise("stores.firefox.logins", Category.CREDENTIAL, "stores.firefox", "zh")
    assert "主密码" in firefox.steps[0]
    assert advise("contact.vcard_list", "contact", lang="zh").title == "联系方式与通讯录"


def test_store_advice_follows_how_the_store_is_kept_on_this_computer():
    """The issue's examples: a fixed-key Chromium and a Firefox without primary password get
    that said first; the same rule kept under a keyring does not."""
    weak = advise("stores.chromium.logins", Category.CREDENTIAL, "stores.chromium", "en",
                  protection="weak-key")
    assert "fixed key" in weak.steps[0] and "keyring" in weak.steps[0]
    kept = advise("stores.chromium.logins", Category.CREDENTIAL, "stores.chromium", "en",
                  protection="keyring")
    assert "fixed key published" not in kept.steps[0]
    ff = advise("stores.firefox.logins", Category.CREDENTIAL, "stores.firefox", "zh",
                protection="weak-key")
    assert "主密码" in ff.steps[0]
    none = advise("stores.firefox.logins", Category.CREDENTIAL, "stores.firefox", "en")
    assert none.steps == advise("stores.firefox.logins", Category.CREDENTIAL,
                                "stores.firefox", "en", protection="unknown-level").steps


def test_every_protection_advice_names_a_known_level_and_scanner_in_both_languages():
    import tomllib

    from scanners.registry import SCANNERS
    from scanners.system.paths import resources_dir

    with open(resources_dir() / "scoring.toml", "rb") as fh:
        levels = set(tomllib.load(fh)["protection"])
    ids = {s.id for s in SCANNERS}
    assert BOOK.protections
    for level, entries in BOOK.protections.items():
        assert level in levels, level
        for prefix, entry in entries.items():
            assert any(i == prefix or i.startswith(prefix + ".") for i in ids), prefix
            assert len(entry["steps"]) == len(entry["steps_zh"]) >= 1
            assert all(CJK.search(s) for s in entry["steps_zh"])


def test_store_advice_does_not_misfire_on_other_parts_of_the_same_store():
    history = advise("stores.chromium.history", Category.BEHAVIOUR, "stores.chromium", "en",
                     protection="plaintext")
    assert not any("keyring" in s.lower() for s in history.steps[:3]), history.steps
    protected = advise("stores.ssh.private_key", Category.CREDENTIAL, "stores.ssh", "en",
                       protection="passphrase")
    assert "has a passphrase" in protected.steps[0]
    bare = advise("stores.ssh.private_key", Category.CREDENTIAL, "stores.ssh", "en",
                  protection="unprotected-key")
    assert "no passphrase" in bare.steps[0] and "ssh-keygen -p" in bare.steps[0]
