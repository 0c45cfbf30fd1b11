"""The compiled twins of the digit validators that run most often (_numbers.c).

A dense export holds a card-shaped or ID-shaped number on nearly every line, so the card,
resident-ID, SSN and IMEI checks run hundreds of thousands of times a scan. `_numbers.c`
does them in C for ASCII values and hands everything else to the Python validator it twins,
which stays the reference (tests/unit/test_numbers_ext.py compares the two). Its tables are
the Python modules' own, given to it here: the rules live in one place.

The module is optional at install time (a machine without a C compiler): `compiled()` is
then empty and `VALIDATORS` keeps the Python validators.
"""

from __future__ import annotations

from typing import Any

from scanners.detection.validators import basic, common, financial, identity
from scanners.detection.validators.common import Validator

_numbers: Any
try:  # optional: built from _numbers.c where a C compiler was at hand (setup.py)
    import scanners.detection.validators._numbers as _numbers  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - exercised by the pure-Python install
    _numbers = None

# The brands _numbers.c's card rules name, in its order (its enum): bin-table brands follow.
BUILTIN_BRANDS = ("visa", "mastercard", "maestro", "amex", "jcb", "diners", "discover",
                  "unionpay")


def module() -> Any:
    """The compiled module, or None where it was not built."""
    return _numbers


def config() -> dict[str, Any]:
    """What `_numbers.setup` takes: the Python validators' tables and the validators."""
    bins = financial._card_bins()
    brands = list(BUILTIN_BRANDS)
    for _, brand, _, _ in bins:
        if brand not in brands:
            brands.append(brand)
    return {
        "twins": (financial.payment_card, identity.cn_ric, identity.us_ssn, basic.imei),
        "verdict": common.Verdict,
        "ok": common.OK,
        "weak": common.WEAK,
        # the verdicts financial._brand_verdict shares: the same objects either way
        "card_verdicts": tuple((financial._brand_verdict(b, True),
                                financial._brand_verdict(b, False)) for b in brands),
        "bins": tuple((prefix, brands.index(brand), lo, hi) for prefix, brand, lo, hi in bins),
        "test_cards": tuple(sorted(financial._test_cards())),
        "card_groups": tuple(tuple(g) for g in financial._CARD_GROUPS),
        "ric_groups": tuple(sorted(identity._RIC_GROUPS)),
        "ssn_invalid": tuple(sorted(identity._SSN_INVALID)),
        "ric_examples": tuple(sorted(common.published_examples_of("cn_ric"))),
        "test_data": common.TEST_DATA,
        "ric_weights": identity._RIC_WEIGHTS,
        "ric_check": identity._RIC_CHECK,
        "uscc_weights": identity._USCC_WEIGHTS,
        "uscc_chars": identity._USCC_CHARS,
        "provinces": tuple(sorted(identity._PROVINCES)),
    }


COMPILED = ("payment_card", "cn_ric", "us_ssn", "imei")


def compiled() -> dict[str, Validator]:
    """Validator name -> its compiled twin, for `VALIDATORS` ({} without the module)."""
    if _numbers is None:
        return {}
    _numbers.setup(config())
    return {name: getattr(_numbers, name) for name in COMPILED}


def remembered(validator: Validator | None) -> bool:
    """Whether the detector keeps this validator's verdicts per value: not for the compiled
    ones, which answer in less time than a memo lookup and a stored verdict costs (a resident
    ID's verdict, with its own birth date, takes about 350 bytes)."""
    if validator is None:
        return False
    return _numbers is None or getattr(validator, "__self__", None) is not _numbers
