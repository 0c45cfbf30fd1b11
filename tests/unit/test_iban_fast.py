"""The fast IBAN check accepts and refuses exactly what python-stdnum does.

`financial.iban_valid` runs the mod-97 sum and the registry's BBAN shape in plain Python and
calls python-stdnum only for the national checks; these tests hold it to
`stdnum.iban.is_valid` on the labelled corpus's IBANs and on random near misses built for every
registry country (right length and check digits with a wrong national check, one character
changed, two swapped, cut, lengthened, lower case, other alphabets)."""

from __future__ import annotations

import random
import re
from datetime import date

from stdnum import iban as std_iban

from scanners.detection.validators import financial
from synth.labelled import Plant, financial14_docs
from synth.people import Factory, iban_check_digits

_ALPHABET = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
             "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _registry() -> dict[str, str]:
    """Country -> BBAN structure ("4!n4!n12!c"), from python-stdnum's registry copy."""
    out = {}
    for a in _ALPHABET["a"]:
        for b in _ALPHABET["a"]:
            info = std_iban._ibandb.info(a + b + "00")
            if info and info[0][1] and info[0][1].get("bban"):
                out[a + b] = str(info[0][1]["bban"])
    return out


def _bban(r: random.Random, structure: str) -> str:
    return "".join("".join(r.choice(_ALPHABET[k]) for _ in range(int(n)))
                   for n, k in re.findall(r"([0-9]+)!?([nac])", structure))


def _near_misses(r: random.Random, v: str) -> list[str]:
    i = r.randrange(len(v))
    j = r.randrange(len(v) - 1)
    return [
        v,
        v[:i] + r.choice(_ALPHABET["c"]) + v[i + 1:],
        v[:j] + v[j + 1] + v[j] + v[j + 2:],
        v[:-1],
        v + r.choice(_ALPHABET["n"]),
        v.lower(),
        v[:2].lower() + v[2:],
        v[:i] + r.choice("٣５ßıſ") + v[i + 1:],  # digits and letters of other scripts
        v[:4] + "0" + v[5:],
        "",
    ]


def test_fast_iban_check_matches_stdnum_on_registry_near_misses() -> None:
    r = random.Random(13616)
    registry = _registry()
    assert len(registry) > 60
    tried = accepted = 0
    for country, structure in registry.items():
        for _ in range(40):
            bban = _bban(r, structure)
            value = country + iban_check_digits(country, bban) + bban
            for s in _near_misses(r, value):
                want = std_iban.is_valid(s)
                assert financial.iban_valid(s) == want, (country, s)
                tried += 1
                accepted += want
    # Both answers are exercised in quantity (mod-97 passes by construction, national checks
    # refuse some).
    assert accepted > 2000 and tried - accepted > 10000


def test_fast_iban_check_matches_stdnum_on_labelled_ibans() -> None:
    # The labelled corpus's two IBAN sources: issue 14's documents (every formatting, good and
    # bad check digits) and the people factory's (DE, GB, FR, NL, CH, ES).
    values = [seg.value for doc in financial14_docs(1, date(2026, 1, 1)) for line in doc.lines
              for seg in line if isinstance(seg, Plant)
              and (seg.rule == "financial.iban" or seg.kind == "iban_bad")]
    f = Factory(1, date(2026, 1, 1))
    values += [f.iban() for _ in range(300)]
    assert len(values) > 320
    for value in values:
        compact = "".join(c for c in value if c not in " -.")
        assert financial.iban_valid(compact) == std_iban.is_valid(compact), value
        assert (financial.iban(value) is not None) == std_iban.is_valid(compact), value
