"""Bitcoin and Ethereum addresses (`financial.crypto_wallet`): addresses encoded by
synth/wallets.py (their checksums computed there, apart from the validator's decoder) are
found with or without a keyword; one character off, mixed case in bech32, glued to more
characters or another network's prefix, they are not; the Bitcoin wiki's, the BIPs' and
EIP-55's examples are test data. Ethereum addresses in one case need a keyword."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators.financial import crypto_wallet
from scanners.detection.validators.keccak import keccak256
from scanners.model import Severity
from synth import wallets as W


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def _found(det: Detector, text: str) -> list[str]:
    return [m.value for m in det.detect(text) if m.rule.id == "financial.crypto_wallet"]


@pytest.mark.parametrize("kind", sorted(W.KINDS))
def test_made_up_addresses_are_found_with_their_kind(det: Detector, kind: str) -> None:
    r = random.Random(kind)
    for _ in range(30):
        address = W.KINDS[kind](r)
        assert _found(det, f"Donations: {address}\n") == [address]
        assert _found(det, f'{{"payout": "{address}"}}') == [address]
        verdict = crypto_wallet(address)
        assert verdict is not None and verdict.detail["type"] == kind


@pytest.mark.parametrize("kind", sorted(W.KINDS))
def test_one_character_off_is_refused(det: Detector, kind: str) -> None:
    r = random.Random(kind + "off")
    alphabet = ("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
                if kind.startswith("p2pk") or kind == "p2sh" else "qpzry9x8gf2tvdw0s3jn54khce6mua7l")
    for _ in range(30):
        address = W.KINDS[kind](r)
        k = r.randrange(4, len(address))
        other = alphabet[(alphabet.index(address[k]) + 1 + r.randrange(len(alphabet) - 1))
                         % len(alphabet)]
        changed = address[:k] + other + address[k + 1:]
        assert changed != address
        assert _found(det, f"BTC {changed}\n") == [], changed


def test_bech32_in_one_case_only_and_within_its_word(det: Detector) -> None:
    address = W.p2wpkh(random.Random(5))
    assert _found(det, address.upper()) == [address.upper()]
    mixed = address[:10] + address[10:].upper()
    assert _found(det, mixed) == []
    legacy = W.p2pkh(random.Random(5))
    assert _found(det, "x" + legacy) == []
    assert _found(det, legacy + "9") == []
    assert _found(det, "tb1" + address[3:]) == []  # the test network's prefix


def test_published_examples_are_test_data(det: Detector) -> None:
    for address in ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"):
        [m] = [m for m in det.detect(f"e.g. {address}") if m.rule.id == "financial.crypto_wallet"]
        assert m.severity is Severity.LOW and m.detail["test_data"] == "yes", address
    [m] = [m for m in det.detect(W.p2sh(random.Random(1))) if m.rule.id ==
           "financial.crypto_wallet"]
    assert m.severity is Severity.MEDIUM


def test_presidios_crypto_cases() -> None:
    """Presidio's CryptoRecognizer tests: a valid address alone or after a label; one more
    character makes it none."""
    det = Detector(load_rules())
    assert _found(det, "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ") == ["16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ"]
    assert _found(det, "my wallet address is: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ") == [
        "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ"]
    assert _found(det, "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2") == []
    assert _found(det, "my wallet address is: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2") == []


def test_hostile_base58_runs_cost_nothing(det: Detector) -> None:
    text = " ".join("1" + "z" * 33 for _ in range(20_000)) + "\n" + "bc1" + "q" * 100_000
    assert _found(det, text) == []


# --- Ethereum (EIP-55) -------------------------------------------------------------------

def test_keccak256_gives_the_published_digests() -> None:
    """The original Keccak padding, as Ethereum uses it (not SHA-3's): the empty string's and
    "abc"'s digests as the Keccak team and Ethereum print them, and a message of more than
    one block (the rate is 136 bytes)."""
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    assert keccak256(b"abc").hex() == (
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    assert keccak256(b"a" * 200) != keccak256(b"a" * 199)
    assert len(keccak256(b"x" * 1000)) == 32


@pytest.mark.parametrize("address", ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                                     "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                                     "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                                     "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"])
def test_eip55_vectors_pass_and_are_test_data(det: Detector, address: str) -> None:
    assert W.eip55(address[2:].lower()) == address  # (EIP-55's own table)
    [m] = [m for m in det.detect(f"to {address}\n") if m.rule.id == "financial.crypto_wallet"]
    assert m.severity is Severity.LOW and m.detail["test_data"] == "yes"


def test_checksummed_ethereum_addresses_are_found_alone(det: Detector) -> None:
    r = random.Random("eth")
    for _ in range(30):
        address = W.ethereum(r)
        assert _found(det, f"Payout {address} done\n") == [address]
        assert crypto_wallet(address).detail["type"] == "ethereum"  # type: ignore[union-attr]
        i = next(i for i in range(2, 42) if address[i].isalpha())
        flipped = address[:i] + address[i].swapcase() + address[i + 1:]
        assert _found(det, f"Payout {flipped} done\n") == [], flipped


def test_an_address_in_one_case_needs_a_keyword(det: Detector) -> None:
    address = W.ethereum(random.Random(7)).lower()
    assert _found(det, f"commit {address}\n") == []
    assert _found(det, f"ETH wallet: {address}\n") == [address]
    assert _found(det, f"以太坊钱包地址：{address.upper()[:2].lower()}{address[2:].upper()}\n")
    for made_up in ("0x" + "0" * 40, "0x" + "dead" * 10, "0x" + "f" * 40):
        assert _found(det, f"ETH wallet: {made_up}\n") == [], made_up


def test_ethereum_addresses_glued_to_more_hex_are_not(det: Detector) -> None:
    address = W.ethereum(random.Random(8))
    assert _found(det, f"{address}ab\n") == []
    assert _found(det, f"x{address}\n") == []
