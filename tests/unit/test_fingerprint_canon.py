"""One value, one fingerprint (issue 12): however a number or address is written."""

from __future__ import annotations

import os

import pytest

from scanners.detection.redact import Redactor, normalize


@pytest.fixture
def red() -> Redactor:
    return Redactor(os.urandom(32))


@pytest.mark.parametrize("forms,kind", [
    (["13912345678", "+86 139 1234 5678", "139-1234-5678", "+86-139-1234-5678",
      "0086 13912345678", "(+86) 139 1234 5678"], "contact.cn_mobile"),
    (["010-12345678", "+86 10 1234 5678", "(010) 1234 5678", "0086-10-12345678"],
     "contact.cn_landline"),
    (["+44 20 7946 0958", "+442079460958", "+44 (0)20 7946 0958"], "contact.intl_phone"),
    (["(415) 902-5092", "415.902.5092", "1-415-902-5092"], "contact.us_phone"),
    (["GB82 WEST 1234 5698 7654 32", "gb82west12345698765432"], "financial.iban"),
    (["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111"],
     "financial.payment_card"),
    (["11011319491231002x", "11011319491231002X"], "identity.cn_resident_id"),
    (["Zhang.San@Example.COM", "Zhang.San@example.com"], "contact.email"),
])
def test_every_form_of_a_value_has_one_fingerprint(red, forms, kind):
    assert len({red.fingerprint(f, kind) for f in forms}) == 1, [normalize(f, kind)
                                                                 for f in forms]


def test_canonical_forms():
    assert normalize("139-1234-5678", "contact.cn_mobile") == "+8613912345678"
    assert normalize("010-12345678", "contact.cn_landline") == "+861012345678"
    assert normalize("+44 20 7946 0958", "contact.intl_phone") == "+442079460958"
    # a US number written nationally and with +1 is one number
    assert normalize("(415) 902-5092", "contact.us_phone") == normalize(
        "+1 415-902-5092", "contact.intl_phone") == "+14159025092"
    assert normalize("A.B@Example.COM", "contact.email") == "A.B@example.com"


def test_different_values_stay_different(red):
    assert red.fingerprint("13912345678", "contact.cn_mobile") != red.fingerprint(
        "13912345679", "contact.cn_mobile")
    # the local part of an address is not folded: a.b@x and ab@x may be different people
    assert red.fingerprint("a.b@x.com", "contact.email") != red.fingerprint(
        "ab@x.com", "contact.email")


def test_scan_gives_one_fingerprint_for_one_phone(tmp_path):
    from scanners import engine

    home = tmp_path / "home"
    home.mkdir()
    (home / "a.txt").write_text("手机 13912345678\n", encoding="utf-8")
    (home / "b.txt").write_text("Mobile: +86 139 1234 5678\n", encoding="utf-8")
    (home / "c.txt").write_text("电话：139-1234-5678\n", encoding="utf-8")
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    phones = [f for f in result.findings if f.rule == "contact.cn_mobile"]
    assert len({f.location for f in phones}) == 3
    assert len({f.fingerprint for f in phones}) == 1
