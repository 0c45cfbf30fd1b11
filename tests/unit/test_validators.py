"""Validators: valid vectors built by code (synth/people.py), and near misses."""

from __future__ import annotations

import base64
import json
import random
import struct
from datetime import date, timedelta

import pytest

from scanners.detection import validators as v
from scanners.model import Severity
from synth.people import (
    Factory,
    hkid_check,
    luhn_complete,
    org_code_check,
    ric_check,
    tw_id_complete,
    uscc_check,
)

F = Factory(seed=11, today=date(2025, 6, 1))


def _flip(s: str, i: int) -> str:
    c = s[i]
    return s[:i] + ("0" if c != "0" else "1") + s[i + 1 :]


# --- resident ID ----------------------------------------------------------------------


def test_cn_ric_generated_vectors_and_near_misses() -> None:
    for _ in range(300):
        rid = F.resident_id()
        verdict = v.cn_ric(rid)
        assert verdict is not None, rid
        assert verdict.detail["birth_date"] == f"{rid[6:10]}-{rid[10:12]}-{rid[12:14]}"
        for i in (0, 7, 16):  # one digit changed: the check character no longer fits
            bad = _flip(rid, i)
            if bad[:17] != rid[:17] and ric_check(bad[:17]) != bad[17]:
                assert v.cn_ric(bad) is None, bad


def test_cn_ric_dates() -> None:
    future = (date.today() + timedelta(days=400)).strftime("%Y%m%d")
    first17 = "110105" + future + "002"
    assert v.cn_ric(first17 + ric_check(first17)) is None
    bad_month = "110105" + "19901301" + "002"
    assert v.cn_ric(bad_month + ric_check(bad_month)) is None
    feb30 = "110105" + "19900230" + "002"
    assert v.cn_ric(feb30 + ric_check(feb30)) is None
    assert v.cn_ric("11011319491231002x") is not None  # lower-case check character


def test_cn_ric_region_only_boosts() -> None:
    known = "110105" + "19800101" + "123"
    unknown = "990105" + "19800101" + "123"
    a, b = v.cn_ric(known + ric_check(known)), v.cn_ric(unknown + ric_check(unknown))
    assert a is not None and b is not None
    assert a.boost > b.boost


def test_cn_ric15() -> None:
    for _ in range(50):
        rid = F.resident_id_15()
        verdict = v.cn_ric15(rid)
        assert verdict is not None and not verdict.checked
    assert v.cn_ric15("110105491331002") is None  # month 13
    assert v.cn_ric15("990105491231002") is None  # no such province
    assert v.cn_ric15("11010549123100") is None


def test_cn_ric_masked() -> None:
    for _ in range(50):
        assert v.cn_ric_masked(F.resident_id_masked()) is not None
    assert v.cn_ric_masked("11011319491231002X") is None  # nothing masked
    assert v.cn_ric_masked("110101****1234") is None  # wrong length


# --- organisation credit codes never count as IDs --------------------------------------


def _uscc() -> str:
    _, value, _ = F.negative("uscc")
    return value


def test_cn_uscc_and_ids() -> None:
    assert v.cn_uscc("91350100M000100Y43") is not None
    assert v.cn_uscc("91350100M000100Y44") is None
    for _ in range(100):
        code = _uscc()
        assert v.cn_uscc(code) is not None, code
        verdict = v.cn_ric(code)
        assert verdict is None or not verdict.checked, code


def test_uscc_that_is_also_a_valid_ric_needs_a_keyword() -> None:
    # An all-digit USCC whose first 17 also make a valid RIC is only a weak ID.
    collisions = [
        first17
        for first17 in ("911101" + "19800101" + f"{n:03d}" for n in range(1000))
        if uscc_check(first17) == ric_check(first17)
    ]
    assert collisions  # 31 of these 1000 share their check character
    for first17 in collisions:
        verdict = v.cn_ric(first17 + ric_check(first17))
        assert verdict is not None and not verdict.checked, first17


def test_org_code_helper_is_consistent() -> None:
    assert len(org_code_check("D2143569")) == 1


# --- HK / TW / Macau / US -------------------------------------------------------------


def test_hkid() -> None:
    for _ in range(200):
        hk = F.hkid(with_parens=True)
        assert v.hkid(hk) is not None and v.hkid(hk).checked, hk  # type: ignore[union-attr]
        bare = hk.replace("(", "").replace(")", "")
        weak = v.hkid(bare)
        assert weak is not None and not weak.checked
    assert v.hkid("A123456(3)") is not None
    assert hkid_check("A", "123456") == "3"
    assert v.hkid("A123456(4)") is None
    assert v.hkid("C668668(9)") is not None
    assert v.hkid("C668668(E)") is None
    two = "AB987654(" + hkid_check("AB", "987654") + ")"
    assert v.hkid(two) is not None


def test_tw_id() -> None:
    for _ in range(200):
        tid = F.tw_id()
        assert v.tw_id(tid) is not None, tid
        bad = tid[:9] + str((int(tid[9]) + 3) % 10)
        assert v.tw_id(bad) is None
    assert v.tw_id(tw_id_complete("A80000001")) is not None  # resident certificate
    assert v.tw_id("A323456789") is None  # second digit must be 1, 2, 8 or 9
    test = v.tw_id("A123456789")
    assert test is not None and test.severity == Severity.LOW


def test_us_ssn() -> None:
    for _ in range(100):
        s = F.us_ssn()
        assert v.us_ssn(s) is not None and v.us_ssn(s).checked  # type: ignore[union-attr]
        bare = v.us_ssn(s.replace("-", ""))
        assert bare is not None and not bare.checked
    for bad in ("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000",
                "078-05-1120", "219-09-9999", "457-55-5462"):  # fmt: skip
        assert v.us_ssn(bad) is None, bad


# --- cards, IBAN ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "brand", ["unionpay", "visa", "mastercard", "mastercard2", "amex", "jcb", "discover", "diners"]
)
def test_payment_card_brands(brand: str) -> None:
    expected = {"mastercard2": "mastercard"}.get(brand, brand)
    for _ in range(40):
        number = F.card_number(brand)
        verdict = v.payment_card(number)
        assert verdict is not None and verdict.checked, number
        got = verdict.detail["brand"]
        assert got == expected or (expected == "unionpay" and got == "discover"), (number, got)
        assert v.payment_card(F.format_card(number)) is not None


def test_payment_card_near_misses() -> None:
    visa = luhn_complete("453914880343646")
    assert v.payment_card(visa) is not None
    assert v.payment_card(visa[:-1] + str((int(visa[-1]) + 1) % 10)) is None
    # UnionPay failing Luhn: kept, weak, medium.
    up = luhn_complete("622202123456789012")
    bad_up = up[:-1] + str((int(up[-1]) + 1) % 10)
    verdict = v.payment_card(bad_up)
    assert verdict is not None and not verdict.checked and verdict.severity == Severity.MEDIUM
    # Published test numbers are low severity.
    test = v.payment_card("4111 1111 1111 1111")
    assert test is not None and test.severity == Severity.LOW
    assert v.payment_card("4539 1488-0343 6467") is None  # mixed separators
    assert v.payment_card("1234567890123456") is None  # no brand


def test_card_masked_expiry_cvv() -> None:
    for _ in range(30):
        assert v.card_masked(F.card_masked()) is not None
    assert v.card_masked("1222 **** **** 0123") is None
    for _ in range(30):
        assert v.card_expiry(F.expiry()) is not None
    assert v.card_expiry("13/27") is None
    assert v.card_expiry("00/27") is None
    assert v.cvv("123") is not None and v.cvv("12") is None


def test_iban() -> None:
    for c in F.IBAN_SPECS:
        for _ in range(20):
            iban = F.iban(c)
            assert v.iban(iban) is not None, iban
    for _ in range(50):
        _, bad, _ = F.negative("bad_iban")
        assert v.iban(bad) is None, bad
    assert v.iban("GB82WEST12345698765432") is not None
    assert v.iban("GB82WEST1234569876543") is None  # wrong length for GB
    assert v.iban("ZZ82WEST12345698765432") is None  # unknown country


# --- contact ------------------------------------------------------------------------------


def test_cn_mobile() -> None:
    for _ in range(200):
        assert v.cn_mobile(F.cn_mobile()) is not None
    for bad in ("12012345678", "14012345678", "1381234567", "13900000000", "10012345678"):
        assert v.cn_mobile(bad) is None, bad
    assert v.cn_mobile("+86 138 1234 5678") is not None
    assert v.cn_mobile("008613812345678") is not None
    assert v.cn_mobile_masked("138****5678") is not None
    assert v.cn_mobile_masked("108****5678") is None


def test_landline_and_intl() -> None:
    for _ in range(30):
        assert v.cn_landline(F.cn_landline()) is not None
    assert v.cn_landline("010-12751234") is None  # local numbers do not start with 1
    for _ in range(30):
        assert v.intl_phone(F.intl_phone()) is not None
    assert v.intl_phone("+86 138 1234 5678") is None  # a PRC mobile: contact.cn_mobile
    assert v.intl_phone("+999 1234 5678") is None


def test_email() -> None:
    for _ in range(100):
        assert v.email(F.email()) is not None
    for bad in ("icon@2x.png", "lodash@4.17.21", "a@host.local", ".a@b.com", "a..b@c.com"):
        assert v.email(bad) is None, bad
    reserved = v.email("someone@example.com")
    assert reserved is not None and reserved.severity == Severity.LOW


def test_cn_address() -> None:
    for _ in range(60):
        addr = F.cn_address()
        verdict = v.cn_address(addr)
        assert verdict is not None and verdict.span is None, addr
    trimmed = v.cn_address("我住在北京市海淀区中关村大街27号")
    assert trimmed is not None and trimmed.span == (3, 17)
    assert v.cn_address("北京市海淀区") is None
    assert v.cn_address("城市的发展区3号") is None


# --- location, health, basic ---------------------------------------------------------------


def test_coordinates() -> None:
    for _ in range(50):
        assert v.coordinates(F.coordinates()) is not None
    assert v.coordinates("95.1234, 116.4074") is None
    assert v.coordinates("39.1234, 186.4074") is None
    assert v.coordinates("0.0000, 0.0000") is None


def test_record_number() -> None:
    assert v.record_number(F.medical_record_no()) is not None
    assert v.record_number("1111111") is None
    assert v.record_number("123456") is None


def test_person_name() -> None:
    for _ in range(100):
        name = F.cn_name()
        verdict = v.person_name("姓名：" + name)
        assert verdict is not None and verdict.span == (3, 3 + len(name)), name
    cut = v.person_name("姓名：王芳性别")
    assert cut is not None and cut.span == (3, 5)
    assert v.person_name("姓名：请填写") is None
    en = v.person_name("Name: John Smith Phone")
    assert en is not None and en.span == (6, 16)
    assert v.person_name("Name: Not Available") is None
    cell = v.person_name("\n欧阳娜娜")
    assert cell is not None and not cell.checked and cell.span == (1, 5)
    assert v.person_name(",北京") is None  # 北 is a surname but the cell is a city


def test_birth_date() -> None:
    for _ in range(100):
        born = F.birth_date()
        for lang in ("zh", "en"):
            text = F.dob_text(born, lang)
            verdict = v.birth_date(text)
            assert verdict is not None, text
            assert verdict.detail["birth_date"] == born.isoformat(), text
    assert v.birth_date("1990-13-01") is None
    assert v.birth_date("1990-02-30") is None
    assert v.birth_date((date.today() + timedelta(days=30)).isoformat()) is None
    assert v.birth_date("1850-01-01") is None


def test_imei_mac_ip() -> None:
    for _ in range(50):
        imei = F.imei()
        assert v.imei(imei) is not None
        assert v.imei(imei[:-1] + str((int(imei[-1]) + 1) % 10)) is None
        assert v.mac_address(F.mac()) is not None
        assert v.ip_address(F.public_ipv4()) is not None
    for bad in ("ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "01:00:5e:00:00:fb"):
        assert v.mac_address(bad) is None
    randomised = v.mac_address("3e:22:fb:8a:11:07")
    assert randomised is not None and randomised.severity == Severity.LOW
    for bad in ("192.168.1.1", "10.0.0.1", "127.0.0.1", "169.254.1.1", "203.0.113.5",
                "224.0.0.251", "2001:db8::1", "fe80::1", "::1", "120.0.0.0"):  # fmt: skip
        assert v.ip_address(bad) is None, bad
    assert v.ip_address("2400:3200::1") is not None


# --- secrets ----------------------------------------------------------------------------


def _openssh(cipher: bytes) -> str:
    blob = b"openssh-key-v1\0" + struct.pack(">I", len(cipher)) + cipher + b"\0" * 40
    body = base64.b64encode(blob).decode()[:70]
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}"


def test_private_key_protection() -> None:
    plain = v.private_key(_openssh(b"none"))
    assert plain is not None and plain.detail["protected"] == "no" and plain.severity is None
    enc = v.private_key(_openssh(b"aes256-ctr"))
    assert enc is not None and enc.detail["protected"] == "yes"
    assert enc.severity == Severity.MEDIUM
    for encrypted in (True, False):
        for _ in range(4):
            key = F.pem_private_key(encrypted)
            head = key[: key.index("\n", key.index("\n") + 1)]
            verdict = v.private_key(head)
            assert verdict is not None
            assert verdict.detail["protected"] == ("yes" if encrypted else "no")
        ssh = F.openssh_private_key(encrypted).split("\n")
        verdict = v.private_key(ssh[0] + "\n" + ssh[1])
        assert verdict is not None and verdict.detail["protected"] == ("yes" if encrypted else "no")
    assert v.private_key("-----BEGIN RSA PRIVATE KEY-----") is None  # no body: code or docs


def test_jwt() -> None:
    for _ in range(10):
        token = F.jwt()
        verdict = v.jwt(token)
        assert verdict is not None and verdict.detail["alg"] == "HS256"
    no_alg = base64.urlsafe_b64encode(json.dumps({"typ": "JWT"}).encode()).decode().rstrip("=")
    assert v.jwt(no_alg + ".eyJzdWIiOjF9.c2ln") is None
    assert v.jwt("eyJub3QganNvbg.eyJzdWIiOjF9.c2ln") is None


def test_tokens() -> None:
    for make in (F.github_token, F.gitlab_token, F.google_api_key, F.alibaba_key, F.tencent_secret_id):
        assert v.token(make()) is not None
    assert v.token("ghp_" + "x" * 36) is None
    assert v.aws_key(F.aws_access_key()) is not None
    assert v.aws_key("AKIAIOSFODNN7EXAMPLE") == v.TEST_DATA
    assert v.aws_secret(F.aws_secret_key()) is not None
    assert v.aws_secret("da39a3ee5e6b4b0d3255bfef95601890afd80709") is None  # a sha1
    assert v.stripe_key(F.stripe_key()) is not None
    test = v.stripe_key("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
    assert test is not None and test.severity == Severity.LOW
    assert v.slack_token(F.slack_token()) is not None
    assert v.slack_token("xoxb-not-a-real-token-this-will-not-work") is None


@pytest.mark.parametrize(
    "value",
    ["****", "${DB_PASSWORD}", "<password>", "changeme", "null", "none", "xxx", "", "{{ pwd }}",
     "os.environ['X']", "get_password()", "self.password", "5f4dcc3b5aa765d61d8327deb882cf99"],
)  # fmt: skip
def test_password_placeholders_rejected(value: str) -> None:
    assert v.password_value(value) is None if value else True


def test_password_values_and_urls() -> None:
    for _ in range(30):
        assert v.password_value(F.password()) is not None
        assert v.url_password(F.url_with_password()) is not None
    assert v.url_password("postgres://admin:${DB_PASS}@db/app") is None
    assert v.url_password("https://user:password@example.com") is None


def test_merchant_and_wechat() -> None:
    assert v.merchant_id("2088102146225135") is not None
    assert v.merchant_id("1230000109") is not None
    assert v.merchant_id("3088102146225135") is None
    assert v.wechatpay_key("Qw3rTy7uIo9pAs2dFg4hJk6lZx8cVb1n") == v.OK
    hexkey = v.wechatpay_key("192006250b4c09247ec02edce69f6a2d")
    assert hexkey is not None and not hexkey.checked
    assert v.wechatpay_key("x" * 32) is None


def test_every_validator_rejects_garbage_quickly() -> None:
    """No validator raises, whatever it is given: short, empty, other scripts' digits and
    letters, fillers and separators in any order (random strings of a fixed seed)."""
    rng = random.Random(9303)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz<-. /\n\r2A京粤·学٣０@:"
    drawn = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
             for _ in range(3000)]
    for name, fn in v.VALIDATORS.items():
        for junk in ("0", "abc", "-----", "@", "1" * 40, "", "\n", "<" * 44, "京A", *drawn):
            try:
                fn(junk)
            except Exception as exc:  # pragma: no cover - the assertion reports it
                raise AssertionError(f"{name}({junk!r}) raised {exc!r}") from exc


def test_intl_phone_answers_are_kept_and_the_same():
    from scanners.detection.validators import contact as v

    v._intl_phone.cache_clear()
    first = v.intl_phone("+1 650-253-0000")
    again = v.intl_phone("+1 650-253-0000")
    assert first is not None and first.detail["region"] == "US"
    assert again is first and v._intl_phone.cache_info().hits == 1
    assert v.intl_phone("+86 138 0013 8000") is None  # PRC mobiles belong to cn_mobile


def test_the_standards_own_example_id_is_test_data():
    """GB 11643-1999's example (11010519491231002X) is in every tutorial and check-digit
    library's README: test data (low), in every way it is written, in Python and in C; a
    number one district away is somebody's."""
    from scanners.detection.validators import VALIDATORS, identity
    from scanners.model import Severity

    for check in (identity.cn_ric, VALIDATORS["cn_ric"]):
        for form in ("11010519491231002X", "11010519491231002x", "110105 19491231 002X",
                     "110105-1949-1231-002X", "1101 0519 4912 3100 2X"):
            verdict = check(form)
            assert verdict is not None and verdict.severity is Severity.LOW, (check, form)
            assert verdict.detail == {"test_data": "yes"}
        other = check("11011319491231002X")
        assert other is not None and other.severity is None
        assert other.detail == {"birth_date": "1949-12-31", "sex": "female"}
