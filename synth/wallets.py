"""Made-up Bitcoin addresses with valid checksums, for tests and the labelled corpus.

Encoded here from their definitions (Base58Check: version byte, 20 random bytes, the first
four bytes of their double SHA-256; segwit: BIP 173's bech32 for version 0, BIP 350's
bech32m for version 1), not with the detector's decoder: a test that makes an address here
and finds it checks the two against each other. The bytes are random: no key belongs to
any address, and no coin was ever sent to one.
"""

from __future__ import annotations

import hashlib
import random

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = _BASE58[digit] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def p2pkh(r: random.Random) -> str:
    return _base58check(b"\x00" + r.randbytes(20))


def p2sh(r: random.Random) -> str:
    return _base58check(b"\x05" + r.randbytes(20))


def _polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _segwit(version: int, program: bytes) -> str:
    groups, acc, bits = [], 0, 0
    for byte in program:  # 8-bit bytes to 5-bit groups, the last one padded with zeros
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            groups.append((acc >> bits) & 31)
    if bits:
        groups.append((acc << (5 - bits)) & 31)
    data = [version, *groups]
    const = 1 if version == 0 else 0x2BC830A3
    hrp = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"]
    mod = _polymod(hrp + data + [0] * 6) ^ const
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(_BECH32[d] for d in data + checksum)


def p2wpkh(r: random.Random) -> str:
    return _segwit(0, r.randbytes(20))


def p2tr(r: random.Random) -> str:
    return _segwit(1, r.randbytes(32))


KINDS = {"p2pkh": p2pkh, "p2sh": p2sh, "p2wpkh": p2wpkh, "p2tr": p2tr}


def eip55(hex40: str) -> str:
    """EIP-55's casing of a lower-case address body: a letter is upper case where the
    Keccak-256 of the body has a nibble of 8 or more (the hash is tested against the
    published Keccak and EIP-55 vectors in tests/unit/test_crypto_wallet.py)."""
    from scanners.detection.validators.keccak import keccak256

    digest = keccak256(hex40.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if c in "abcdef" and int(h, 16) >= 8 else c
                          for c, h in zip(hex40, digest, strict=False))


def ethereum(r: random.Random) -> str:
    """An Ethereum address in EIP-55's mixed case (one with no letter is drawn again: it has
    no case to check)."""
    while True:
        body = r.randbytes(20).hex()
        address = eip55(body)
        if address[2:] != body:
            return address


def any_address(r: random.Random) -> str:
    return KINDS[r.choice(sorted(KINDS))](r)


def labelled_docs(seed: int) -> list[tuple[str, list[list[tuple[str, str, str]]]]]:
    """The labelled corpus's payout list (synth/labelled.py): a member number and an address
    per line, labelled; now and then an address with one character changed (a typo its
    checksum catches), which nothing may report. Rows are lists of (text, rule, kind)
    segments as in synth/national_ids.labelled_docs."""
    r = random.Random(seed * 7919 + 173)
    rows: list[list[tuple[str, str, str]]] = [[("Monthly payouts, bitcoin", "", "")]]
    for k in range(10):
        address = any_address(r)
        if k % 4 == 3:
            i = r.randrange(5, len(address))
            alphabet = _BECH32 if address.startswith("bc1") else _BASE58
            address = address[:i] + alphabet[(alphabet.index(address[i]) + 7) % len(alphabet)] \
                + address[i + 1:]
            rows.append([(f"M-{k + 1:04d} ", "", ""), (address, "", "wallet.check")])
        else:
            rows.append([(f"M-{k + 1:04d} ", "", ""), (address, "financial.crypto_wallet", "")])
    docs = [("payouts_btc", rows)]
    r = random.Random(seed * 7919 + 181)
    eth: list[list[tuple[str, str, str]]] = [[("Monthly payouts, ETH", "", "")]]
    for k in range(8):
        address = ethereum(r)
        if k % 4 == 3:  # one letter's case changed: EIP-55's checksum catches it
            i = next(i for i in range(2, 42) if address[i].isalpha())
            address = address[:i] + address[i].swapcase() + address[i + 1:]
            eth.append([(f"E-{k + 1:04d} ", "", ""), (address, "", "wallet.check")])
        else:
            eth.append([(f"E-{k + 1:04d} ", "", ""), (address, "financial.crypto_wallet", "")])
    docs.append(("payouts_eth", eth))
    return docs
