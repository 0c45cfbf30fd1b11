"""National identifiers of other countries (validators/national_ids.py): numbers made here
with their check digits computed independently (synth/national_ids.py) are found next to
their keyword, by both candidate loops; one digit off, without the keyword where one is
needed, or made up by hand, they are not."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.prefilter import keyword_expression
from scanners.detection.rules import load_rules
from scanners.detection.validators import national_ids as V
from scanners.model import Severity
from synth import national_ids as S
from tests.unit.helpers import with_loop

_RULES = load_rules()
_IDS = sorted(S.SCHEMES)
# rules whose written form counts without a keyword (the generators write that form)
_ALONE = {"identity.uk_nino", "identity.it_fiscal_code", "identity.fi_hetu", "identity.kr_rrn",
          "identity.us_itin", "identity.mx_curp"}


@pytest.fixture(scope="module", params=[True, False], ids=["native", "python"])
def detector(request: pytest.FixtureRequest) -> Detector:
    return with_loop(Detector(_RULES), request.param)


def _found(det: Detector, text: str, rule_id: str) -> list[str]:
    return [m.value for m in det.detect(text) if m.rule.id == rule_id]


def test_every_scheme_has_its_rule_and_validator() -> None:
    for rule_id in _IDS:
        rule = _RULES.get(rule_id)
        assert rule is not None, rule_id
        assert rule.validator_name in V.VALIDATORS
        assert rule.title_zh


@pytest.mark.parametrize("rule_id", _IDS)
def test_made_up_numbers_are_found_next_to_their_keyword(detector: Detector,
                                                         rule_id: str) -> None:
    make, label = S.SCHEMES[rule_id]
    r = random.Random(rule_id)
    for _ in range(40):
        value = make(r)
        assert _found(detector, f"{label}{value}\n", rule_id) == [value], value


@pytest.mark.parametrize("rule_id", [i for i in _IDS if i not in S.NO_CHECK])
def test_one_digit_off_is_refused(detector: Detector, rule_id: str) -> None:
    """A changed check digit (or letter) fails the scheme's check: with its keyword, the
    value is not reported by its rule."""
    make, label = S.SCHEMES[rule_id]
    r = random.Random(rule_id + "off")
    for _ in range(40):
        value = S.wrong_check(rule_id, make(r))
        assert _found(detector, f"{label}{value}\n", rule_id) == [], value


def test_an_itin_group_the_irs_never_issues_is_refused(detector: Detector) -> None:
    for group, found in (("67", False), ("89", False), ("93", False), ("50", True),
                         ("88", True), ("94", True)):
        value = f"912-{group}-3456"
        assert _found(detector, f"ITIN {value}", "identity.us_itin") == ([value] if found
                                                                       else []), value


@pytest.mark.parametrize("rule_id", _IDS)
def test_without_keyword_only_the_distinctive_forms(detector: Detector, rule_id: str) -> None:
    make, _label = S.SCHEMES[rule_id]
    value = make(random.Random(rule_id + "alone"))
    found = _found(detector, f"ref {value} ok\n", rule_id)
    assert found == ([value] if rule_id in _ALONE else [])


def test_bare_forms_need_the_keyword(detector: Detector) -> None:
    r = random.Random(7)
    rrn = S.SCHEMES["identity.kr_rrn"][0](r).replace("-", "")
    assert _found(detector, f"ref {rrn}\n", "identity.kr_rrn") == []
    assert _found(detector, f"주민등록번호 {rrn}\n", "identity.kr_rrn") == [rrn]
    nino = S.SCHEMES["identity.uk_nino"][0](r).replace(" ", "")
    assert _found(detector, f"ref {nino}\n", "identity.uk_nino") == []
    assert _found(detector, f"NINO {nino}\n", "identity.uk_nino") == [nino]
    itin = S.SCHEMES["identity.us_itin"][0](r).replace("-", "")
    assert _found(detector, f"ref {itin}\n", "identity.us_itin") == []
    assert _found(detector, f"ITIN: {itin}\n", "identity.us_itin") == [itin]


def test_a_keyword_inside_a_word_is_no_keyword(detector: Detector) -> None:
    """"sin" in "using" or "sina.com", "fin" in "Finance": no context for a SIN or an NRIC."""
    sin = S.SCHEMES["identity.ca_sin"][0](random.Random(3))
    nric = S.SCHEMES["identity.sg_nric"][0](random.Random(3))
    assert _found(detector, f"using {sin}\n", "identity.ca_sin") == []
    assert _found(detector, f"a@sina.com {sin}\n", "identity.ca_sin") == []
    assert _found(detector, f"Finance {nric}\n", "identity.sg_nric") == []
    assert _found(detector, f"SIN: {sin}\n", "identity.ca_sin") == [sin]
    assert _found(detector, f"employeeSin={sin}\n", "identity.ca_sin") == [sin]


@pytest.mark.parametrize("text", ["SIN 046 454 286", "TFN: 123 456 782", "BSN: 123456782",
                                  "PESEL 12345678901", "Aadhaar: 2345 6789 0123",
                                  "NI number: AB 12 34 56 C", "NRIC S1234567D",
                                  "ITINs run to 999-88-9999",
                                  "900-90-0000 through 999-92-9999"])
def test_hand_made_numbers_are_no_numbers(detector: Detector, text: str) -> None:
    """Counting digits and the letters schemes never issue are made up by hand."""
    assert not [m for m in detector.detect(text) if m.rule.validator_name in V.VALIDATORS]


@pytest.mark.parametrize(("text", "rule_id"), [
    ("NHS number: 943 476 5919", "health.uk_nhs_number"), ("DNI 54362315-K", "identity.es_dni"),
    ("Henkilötunnus 131052-308T", "identity.fi_hetu"), ("BSN 111222333", "identity.nl_bsn"),
    ("CPF: 390.533.447-05", "identity.br_cpf"), ("valid code is 311280-888Y", "identity.fi_hetu"), ("codice fiscale RCCMNL83S18D969H",
                                                 "identity.it_fiscal_code")])
def test_published_examples_are_low_test_data(detector: Detector, text: str,
                                              rule_id: str) -> None:
    """The numbers the schemes' documentation prints (resources/data/published_examples.txt)."""
    [m] = [m for m in detector.detect(text) if m.rule.id == rule_id]
    assert m.severity is Severity.LOW and m.detail["test_data"] == "yes"


def test_a_table_under_a_keyword_header_is_searched_whole(detector: Detector) -> None:
    """value_shape = false: Hyperscan looks for the keywords alone, and a column whose
    header holds one is searched cell by cell all the same."""
    r = random.Random(11)
    make = S.SCHEMES["identity.pl_pesel"][0]
    rows = [("name", "PESEL")] + [(f"person {k}", make(r)) for k in range(30)]
    text = "\n".join(",".join(row) for row in rows) + "\n"
    found = [m.value for m in detector.detect(text, columns=["name", "PESEL"], delimiter=",")
             if m.rule.id == "identity.pl_pesel"]
    assert found == [v for _, v in rows[1:]]


@pytest.mark.parametrize("word", ["sin", "NI number", "C.F.", "身份证", "tfn", "PESEL"])
def test_keyword_expressions_take_what_first_word_takes(word: str) -> None:
    """The Hyperscan expression of a keyword hits wherever `first_word_py` takes the word,
    and ends at most KEYWORD_TAIL characters past it."""
    import hyperscan

    from scanners.detection.detect import first_word_py
    from scanners.detection.prefilter import KEYWORD_TAIL

    db = hyperscan.Database()
    db.compile(expressions=[keyword_expression(word)], ids=[0], flags=[hyperscan.HS_FLAG_UTF8])
    words = ((word.lower(), "a" <= word[0].lower() <= "z", "a" <= word[-1].lower() <= "z"),)
    r = random.Random(word)
    pieces = [word, word.upper(), word.lower(), "x", "X", " ", "s", "es", "_", "1", ".", "é"]
    for _ in range(400):
        text = "".join(r.choice(pieces) for _ in range(r.randint(1, 6)))
        ends: list[int] = []
        db.scan(text.encode(),
                match_event_handler=lambda _i, _s, e, _f, _c, ends=ends: ends.append(e))
        low = text.lower()
        taken = first_word_py(low, text, words) if len(low) == len(text) else ""
        if taken:
            assert ends, text
        data = text.encode()
        for end in ends:
            before = data[:end].decode("utf-8", "ignore")
            assert any(before[:len(before) - k].lower().endswith(word.lower())
                       for k in range(KEYWORD_TAIL + 1)), (text, end)


# --- What Presidio's recognizer tests showed (session 13) ----------------------------------

def test_singapore_m_series_letter_is_read_from_the_other_end(detector: Detector) -> None:
    """FINs of the M series (2022-): the letter is the (11 - remainder)th of KLJNPQRTUWX."""
    assert _found(detector, "FIN: M4332674T\n", "identity.sg_nric") == ["M4332674T"]
    assert _found(detector, "FIN: M4332674N\n", "identity.sg_nric") == []
    made = [S.sg_nric(random.Random(k)) for k in range(200)]
    assert sum(v[0] == "M" for v in made) > 20
    assert all(V.sg_nric(v) is not None for v in made)


@pytest.mark.parametrize("text", ["NI number: tw 98 76 54 a", "nino: PR 123612C",
                                  "NI No: PR 123612 C", "national insurance no. tw987654a"])
def test_nino_other_writings_next_to_a_keyword(detector: Detector, text: str) -> None:
    assert len(_found(detector, text + "\n", "identity.uk_nino")) == 1
    bare = text.split(": ")[-1].split("no. ")[-1]
    assert _found(detector, f"ref {bare}\n", "identity.uk_nino") == []


def test_fiscal_code_of_one_letter_is_a_placeholder(detector: Detector) -> None:
    assert _found(detector, "codice fiscale AAAAAA00B11C333Y\n", "identity.it_fiscal_code") == []


def test_finnish_temporary_codes_are_low_test_data(detector: Detector) -> None:
    [m] = [m for m in detector.detect("HETU: 010594Y9021\n") if m.rule.id == "identity.fi_hetu"]
    assert m.severity is Severity.LOW and m.detail["test_data"] == "yes"


def test_korean_numbers_since_2020_carry_no_check_digit(detector: Detector) -> None:
    """Born since October 2020 (sex digit 3 or 4): any last digit, next to a keyword only;
    a 2005 birth still needs its check digit."""
    assert _found(detector, "주민등록번호: 210315-3847261\n", "identity.kr_rrn") == [
        "210315-3847261"]
    assert _found(detector, "ref 210315-3847261\n", "identity.kr_rrn") == []
    assert _found(detector, "주민등록번호: 050315-3847261\n", "identity.kr_rrn") == []
    assert _found(detector, "주민등록번호: 200915-3847262\n", "identity.kr_rrn") == []


# --- found against python-stdnum's own test lists ------------------------------------------

@pytest.mark.parametrize(("text", "rule_id"), [
    ("PESEL: 50431512344\n", "identity.pl_pesel"),   # born 2150
    ("PESEL: 30210112341\n", "identity.pl_pesel"),   # born 2030
    ("991231-4019906\n", "identity.kr_rrn"),          # born 2099
    ("131052A308T\n", "identity.fi_hetu"),            # born 2052
])
def test_a_birth_date_in_the_future_is_no_persons_number(
        detector: Detector, text: str, rule_id: str) -> None:
    assert _found(detector, text, rule_id) == []


def test_the_same_numbers_born_in_the_past_are_found(detector: Detector) -> None:
    assert _found(detector, "PESEL: 02070803628\n", "identity.pl_pesel") == ["02070803628"]
    assert _found(detector, "131052-308T\n", "identity.fi_hetu") == ["131052-308T"]


@pytest.mark.parametrize(("text", "own", "other"), [
    ("PESEL: 15231512347\n", "identity.pl_pesel", "contact.cn_mobile"),
    ("CPF: 13173554663\n", "identity.br_cpf", "contact.cn_mobile"),
    ("주민등록번호: 4810102641329\n", "identity.kr_rrn", "financial.payment_card"),
])
def test_a_national_number_next_to_its_keyword_is_not_also_a_phone_or_card(
        detector: Detector, text: str, own: str, other: str) -> None:
    assert len(_found(detector, text, own)) == 1
    assert _found(detector, text, other) == []


@pytest.mark.parametrize("iban", ["DE 44 5001 0517 5407 3249 31", "ES 58 0049 0290 3424 1352 8341",
                                  "NO 02 15037577003"])
def test_an_iban_with_a_separator_after_its_country_code(detector: Detector, iban: str) -> None:
    assert _found(detector, f"IBAN: {iban}\n", "financial.iban") == [iban]


def test_published_examples_are_test_data(detector: Detector) -> None:
    for text, rule_id in (("IBAN: DE89 3704 0044 0532 0130 00\n", "financial.iban"),
                          ("GB29 NWBK 6016 1331 9268 19\n", "financial.iban"),
                          ("NHS number: 943 476 5870\n", "health.uk_nhs_number"),
                          ("My Number: 6214 9832 0257\n", "identity.jp_my_number")):
        [m] = [m for m in detector.detect(text) if m.rule.id == rule_id]
        assert m.severity is Severity.LOW and m.detail["test_data"] == "yes", text
    [m] = [m for m in detector.detect("IBAN: DE44 5001 0517 5407 3249 31\n")
           if m.rule.id == "financial.iban"]
    assert m.severity is Severity.HIGH


# --- More countries' numbers (session 17) ---------------------------------------------------

def test_a_danish_or_swedish_number_next_to_its_keyword_is_not_a_finnish_hetu(
        detector: Detector) -> None:
    """DDMMYY-NNNN has a HETU's shape (a dash is its century sign, the last digit its check
    character) one time in 31: next to CPR or personnummer the other country's rule owns it."""
    r = random.Random(31)
    both = []
    while len(both) < 3:
        cpr = S.dk_cpr(r)
        if V.VALIDATORS["fi_hetu"](cpr) is not None:
            both.append(cpr)
    for cpr in both:
        assert _found(detector, f"CPR-nr.: {cpr}\n", "identity.dk_cpr") == [cpr]
        assert _found(detector, f"CPR-nr.: {cpr}\n", "identity.fi_hetu") == []
        assert _found(detector, f"ref {cpr}\n", "identity.fi_hetu") == [cpr]


@pytest.mark.parametrize(("rule_id", "label"), [("identity.no_fodselsnummer", "Fødselsnummer: "),
                                                ("identity.tr_tckimlik", "TCKN "),
                                                ("identity.de_idnr", "IdNr ")])
def test_an_eleven_digit_number_next_to_its_keyword_is_no_chinese_mobile(
        detector: Detector, rule_id: str, label: str) -> None:
    make = S.SCHEMES[rule_id][0]
    r = random.Random(rule_id + "mobile")
    seen = 0
    for _ in range(4000):
        value = make(r).replace(" ", "")
        if not value.startswith(("13", "15", "17", "18", "19")):
            continue
        seen += 1
        text = f"{label}{value}\n"
        assert _found(detector, text, rule_id) == [value]
        assert _found(detector, text, "contact.cn_mobile") == []
        # one digit off, the number is nobody's: still no mobile next to that keyword
        off = f"{label}{S.wrong_check(rule_id, value)}\n"
        assert _found(detector, off, rule_id) == []
        assert _found(detector, off, "contact.cn_mobile") == []
        if seen == 5:
            break
    assert seen == 5


def _with_curp_check(body: str) -> str:
    """`body` (17 characters) and its CURP check digit, as RENAPO defines it."""
    total = sum("0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ".index(c) * (18 - k)
                for k, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def test_a_curp_starting_with_an_inconvenient_word_is_no_curp(detector: Detector) -> None:
    """RENAPO never issues a CURP whose first four letters spell a rude word (it writes X
    for the vowel): such a string with a valid check digit is made up."""
    made_up = _with_curp_check("BUEY870408HQTDGH9")
    assert _found(detector, f"CURP: {made_up}\n", "identity.mx_curp") == []
    issued = _with_curp_check("BXEY870408HQTDGH9")
    assert _found(detector, f"CURP: {issued}\n", "identity.mx_curp") == [issued]


@pytest.mark.parametrize(("text", "past"), [
    ("Personnummer: 20301231-1233", "Personnummer: 19301231-1233"),
    ("CPR-nr.: 311230-4006", "CPR-nr.: 311230-3006"),
    ("Fødselsnummer: 31123050099", "Fødselsnummer: 31123010038"),
    ("CNP: 5301231460016", "CNP: 1301231460019")])
def test_a_birth_in_the_future_is_no_persons_number(
        detector: Detector, text: str, past: str) -> None:
    """A number whose birth date (century included) is after today belongs to nobody yet;
    the same day a century before (the serial digit that says so) is a number."""
    assert not [m for m in detector.detect(text + "\n")
                if m.rule.validator_name in V.VALIDATORS]
    assert [m for m in detector.detect(past + "\n") if m.rule.validator_name in V.VALIDATORS]


def test_written_forms_other_than_the_schemes_own_are_refused(detector: Detector) -> None:
    nir = S.fr_nir(random.Random(4))
    assert _found(detector, f"NIR {nir}\n", "identity.fr_nir") == [nir]
    odd = nir.replace(" ", "")[:5] + " " + nir.replace(" ", "")[5:]
    assert _found(detector, f"NIR {odd}\n", "identity.fr_nir") == []
    rut = S.cl_rut(random.Random(4))
    assert _found(detector, f"RUT {rut}\n", "identity.cl_rut") == [rut]
    assert _found(detector, f"RUT {rut.replace('.', '').replace('-', '')}\n",
                  "identity.cl_rut") == []


def test_the_keyword_is_a_word_not_part_of_one(detector: Detector) -> None:
    """"rut" in "brute", "cnp" in a hex string, "nir" in "nirvana": no keyword."""
    rut = S.cl_rut(random.Random(9))
    cnp = S.ro_cnp(random.Random(9))
    nir = S.fr_nir(random.Random(9))
    assert _found(detector, f"brute {rut}\n", "identity.cl_rut") == []
    assert _found(detector, f"nirvana {nir}\n", "identity.fr_nir") == []
    assert _found(detector, f"xcnpx {cnp}\n", "identity.ro_cnp") == []
    assert _found(detector, f"CNP {cnp}\n", "identity.ro_cnp") == [cnp]
