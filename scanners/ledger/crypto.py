"""Keys and sealed records of the audit log.

A random 256-bit data key encrypts every record (AES-256-GCM, a fresh 96-bit nonce each). The
data key is stored only wrapped: encrypted under a key derived from the user's passphrase with
scrypt, whose parameters and salt sit in the log's header. Changing the passphrase re-wraps
the data key; records are never rewritten for it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

NONCE = 12
TAG = 16
GENESIS = bytes(TAG)  # the "previous tag" of the first record
DEFAULT_SCRYPT_N = 2**15  # ~32 MiB and ~0.1 s: once per open, not per record
_WRAP_AAD = b"piaudit-ledger data key|"


class BadKey(Exception):
    """The passphrase does not unwrap the data key (or the wrapped key was altered)."""


class BadRecord(Exception):
    """A record does not authenticate under its associated data."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    n: int
    r: int
    p: int
    salt: bytes

    @classmethod
    def fresh(cls, n: int = DEFAULT_SCRYPT_N) -> KdfParams:
        if n < 2 or n & (n - 1):
            raise ValueError("scrypt n must be a power of two")
        return cls(n=n, r=8, p=1, salt=secrets.token_bytes(16))

    def to_json(self) -> str:
        return json.dumps(
            {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex()},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> KdfParams:
        """Parse a header's or key slot's parameters; ValueError (never quoting them) if bad.

        The costs are bounded so that an edited file cannot make opening it take all memory.
        """
        try:
            d = json.loads(text)
            params = cls(n=int(d["n"]), r=int(d["r"]), p=int(d["p"]),
                         salt=bytes.fromhex(d["salt"]))
            ok = d["name"] == "scrypt"
        except (TypeError, KeyError, ValueError, AttributeError):
            raise ValueError("damaged key derivation parameters") from None
        if not ok or not (2 <= params.n <= 2**22 and not params.n & (params.n - 1)) \
                or not (1 <= params.r <= 32 and 1 <= params.p <= 16):
            raise ValueError("unknown or out-of-range key derivation parameters")
        return params

    def derive(self, passphrase: str) -> bytes:
        kdf = Scrypt(salt=self.salt, length=32, n=self.n, r=self.r, p=self.p)
        return kdf.derive(passphrase.encode("utf-8"))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(data_key: bytes, passphrase: str, params: KdfParams, log_id: str) -> bytes:
    nonce = os.urandom(NONCE)
    kek = params.derive(passphrase)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, _WRAP_AAD + log_id.encode())


def unwrap_key(wrapped: bytes, passphrase: str, params: KdfParams, log_id: str) -> bytes:
    kek = params.derive(passphrase)
    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE], wrapped[NONCE:], _WRAP_AAD + log_id.encode())
    except InvalidTag:
        raise BadKey from None


def unwrap_entries(entries: Mapping[str, str], passphrase: str,
                   log_id: str) -> tuple[bytes, KdfParams]:
    """The data key wrapped in a header or a key slot (BadKey: wrong passphrase)."""
    params = KdfParams.from_json(entries["kdf"])
    return unwrap_key(bytes.fromhex(entries["wrapped_key"]), passphrase, params, log_id), params


class Sealer:
    """Seals and opens records under the data key; `tag(box)` is what the next record binds."""

    __slots__ = ("_aead", "_mac_key", "_sub_key")

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)
        self._mac_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"piaudit-ledger head"
        ).derive(data_key)
        self._sub_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"piaudit-ledger subkeys"
        ).derive(data_key)

    def subkey(self, purpose: str) -> bytes:
        """A 256-bit key for another use of the log's key (e.g. the vault), one per purpose."""
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None,
            info=b"piaudit-ledger subkey|" + purpose.encode("utf-8"),
        ).derive(self._sub_key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, box: bytes, aad: bytes) -> bytes:
        try:
            return self._aead.decrypt(box[:NONCE], box[NONCE:], aad)
        except (InvalidTag, ValueError):
            raise BadRecord from None

    def head_mac(self, log_id: str, seq: int, tag: bytes) -> str:
        msg = f"{log_id}|{seq}|".encode() + tag
        return hmac.new(self._mac_key, msg, hashlib.sha256).hexdigest()

    def head_ok(self, log_id: str, seq: int, tag: bytes, mac: str) -> bool:
        return hmac.compare_digest(self.head_mac(log_id, seq, tag), mac)


def tag_of(box: bytes) -> bytes:
    return box[-TAG:]
