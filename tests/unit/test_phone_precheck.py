"""The calling-code pre-check before phonenumbers refuses only what phonenumbers refuses."""

from __future__ import annotations

import random

import phonenumbers

from scanners.detection.validators import contact


def _phonenumbers_verdict(value: str) -> bool:
    """What `contact._intl_phone` answered before the pre-check: phonenumbers alone."""
    if contact.digits_of(value).startswith(("861", "00861")):
        return False
    try:
        num = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(num) and not (
        num.country_code == 86 and str(num.national_number)[:1] == "1")


def test_intl_phone_precheck_agrees_with_phonenumbers() -> None:
    r = random.Random(7)
    refused_early = accepted = 0
    for _ in range(6000):
        cc = str(r.choice((r.randint(1, 999), r.choice((1, 44, 49, 33, 81, 61, 7, 380)))))
        body = "".join(r.choice("0123456789 -.") for _ in range(r.randint(5, 13)))
        value = "+" + cc + r.choice(("", " ", "-", ".", " (0)")) + body + str(r.randint(0, 9))
        want = _phonenumbers_verdict(value)
        assert (contact._intl_phone(value) is not None) == want, value
        refused_early += not contact._known_country_code(contact.digits_of(value))
        accepted += want
    assert refused_early > 150 and accepted > 300  # both paths run many times
