"""Named validators: checksums and format checks that turn a pattern match into a finding.

A validator takes the matched value and returns a `Verdict` (accepted, maybe with details and a
severity change) or None (rejected). Rules name validators; `VALIDATORS` is the table.

The validators live in one module per rule family, mirroring `resources/rules/*.toml`
(`identity`, `financial`, `credential`, `contact`, `location`, `health`, `basic`); shared
helpers (`Verdict`, `digits_of`, Luhn, ...) are in `common`, the checks of the text around a
match (`NOISE_CHECKS`) in `noise`.

Validators run once per regex candidate, which is the hot path on dense data: they must be
cheap. Tables are precomputed at import (or loaded lazily once from `resources/data/`), and
the common rejection paths return before any allocation.
"""

from __future__ import annotations

from scanners.detection.validators import national_ids, native
from scanners.detection.validators.accounts import bank_account, qq_number, wechat_id
from scanners.detection.validators.address import (
    cn_address,
    en_address,
    hk_mo_tw_address,
    intl_address,
    intl_street,
)
from scanners.detection.validators.basic import (
    birth_date,
    imei,
    ip_address,
    mac_address,
    person_name,
)
from scanners.detection.validators.common import (
    OK,
    TEST_DATA,
    WEAK,
    Validator,
    Verdict,
    digits_of,
    luhn,
    luhn_ok,
    present,
)
from scanners.detection.validators.contact import (
    cn_landline,
    cn_mobile,
    cn_mobile_masked,
    email,
    intl_phone,
    national_phone,
    us_phone,
)
from scanners.detection.validators.credential import (
    aws_key,
    aws_secret,
    discord_token,
    jwt,
    password_value,
    private_key,
    secret_value,
    service_token,
    slack_token,
    token,
    url_password,
)
from scanners.detection.validators.financial import (
    alipay_key,
    braintree_token,
    card_brand,
    card_expiry,
    card_masked,
    crypto_wallet,
    cvv,
    iban,
    merchant_id,
    payment_card,
    stripe_key,
    wechatpay_key,
)
from scanners.detection.validators.health import record_number
from scanners.detection.validators.identity import (
    cn_ric,
    cn_ric15,
    cn_ric_masked,
    cn_uscc,
    hkid,
    tw_id,
    tw_permit,
    us_ssn,
)
from scanners.detection.validators.location import coordinates
from scanners.detection.validators.mrz import mrz
from scanners.detection.validators.noise import NOISE_CHECKS, NoiseCheck
from scanners.detection.validators.passports import driver_license, passport_number
from scanners.detection.validators.vehicle import cn_plate, vin

VALIDATORS: dict[str, Validator] = {
    "cn_ric": cn_ric,
    "cn_ric15": cn_ric15,
    "cn_ric_masked": cn_ric_masked,
    "cn_uscc": cn_uscc,
    "hkid": hkid,
    "tw_id": tw_id,
    "us_ssn": us_ssn,
    "tw_permit": tw_permit,
    "payment_card": payment_card,
    "card_masked": card_masked,
    "card_expiry": card_expiry,
    "cvv": cvv,
    "crypto_wallet": crypto_wallet,
    "iban": iban,
    "stripe_key": stripe_key,
    "braintree_token": braintree_token,
    "alipay_key": alipay_key,
    "wechatpay_key": wechatpay_key,
    "merchant_id": merchant_id,
    "token": token,
    "aws_key": aws_key,
    "aws_secret": aws_secret,
    "slack_token": slack_token,
    "service_token": service_token,
    "discord_token": discord_token,
    "jwt": jwt,
    "private_key": private_key,
    "password_value": password_value,
    "secret_value": secret_value,
    "url_password": url_password,
    "cn_mobile": cn_mobile,
    "cn_mobile_masked": cn_mobile_masked,
    "cn_landline": cn_landline,
    "intl_phone": intl_phone,
    "national_phone": national_phone,
    "us_phone": us_phone,
    "email": email,
    "cn_address": cn_address,
    "hk_mo_tw_address": hk_mo_tw_address,
    "en_address": en_address,
    "intl_address": intl_address,
    "intl_street": intl_street,
    "coordinates": coordinates,
    "mrz": mrz,
    "passport_number": passport_number,
    "driver_license": driver_license,
    "bank_account": bank_account,
    "qq_number": qq_number,
    "wechat_id": wechat_id,
    "cn_plate": cn_plate,
    "vin": vin,
    "record_number": record_number,
    "person_name": person_name,
    "birth_date": birth_date,
    "imei": imei,
    "mac_address": mac_address,
    "ip_address": ip_address,
    "luhn": luhn,
    "present": present,
    **national_ids.VALIDATORS,
}
# The hottest digit checks, compiled where _numbers.c was built (their Python twins above stay
# the reference, and run for what the compiled ones leave to them).
VALIDATORS.update(native.compiled())

__all__ = [
    "NOISE_CHECKS",
    "OK",
    "TEST_DATA",
    "VALIDATORS",
    "WEAK",
    "NoiseCheck",
    "Validator",
    "Verdict",
    "alipay_key",
    "aws_key",
    "aws_secret",
    "braintree_token",
    "card_brand",
    "card_expiry",
    "card_masked",
    "cn_address",
    "cn_landline",
    "cn_mobile",
    "cn_mobile_masked",
    "cn_plate",
    "cn_ric",
    "cn_ric15",
    "cn_ric_masked",
    "cn_uscc",
    "crypto_wallet",
    "cvv",
    "digits_of",
    "discord_token",
    "email",
    "en_address",
    "hk_mo_tw_address",
    "hkid",
    "iban",
    "intl_address",
    "intl_phone",
    "intl_street",
    "jwt",
    "luhn",
    "luhn_ok",
    "merchant_id",
    "mrz",
    "national_phone",
    "password_value",
    "payment_card",
    "present",
    "private_key",
    "secret_value",
    "service_token",
    "slack_token",
    "stripe_key",
    "token",
    "tw_id",
    "tw_permit",
    "url_password",
    "us_phone",
    "us_ssn",
    "vin",
    "wechatpay_key",
]
