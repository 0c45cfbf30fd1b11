"""Is a Firefox / Thunderbird primary password set? Answered from key4.db, read-only.

NSS keeps in key4.db's metaData row id='password' the global salt (item1) and the string
"password-check" encrypted under a key derived from the salt and the primary password
(item2). If the *empty* password decrypts it, no primary password is set and anyone who can
read the profile can open every saved login; if it does not, one is set. This tests whether
the empty password opens the store - exactly what Firefox itself does at start-up - and
never touches a saved login or any key. (Method: NSS lib/softoken/sftkpwd.c and the
published analyses of key4.db, e.g. lclevy/firepwd.)

Pure Python with `cryptography`; no libnss3 needed. Returns "set", "not-set" or "unknown"
(an algorithm this code does not know, key3.db only, no password row, corrupt ASN.1).
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass

_OID_PBES2 = "1.2.840.113549.1.5.13"
_OID_PBKDF2 = "1.2.840.113549.1.5.12"
_OID_HMAC_SHA256 = "1.2.840.113549.2.9"
_OID_HMAC_SHA1 = "1.2.840.113549.2.7"
_OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"
_OID_PBE_SHA1_3DES = "1.2.840.113549.1.12.5.1.3"

_CHECK = b"password-check"
MAX_ITERATIONS = 1_000_000  # beyond this a hostile key4.db would make the check hang


class _Bad(Exception):
    """The ASN.1 is not what NSS writes."""


@dataclass(frozen=True, slots=True)
class _Node:
    tag: int
    body: bytes


def _read(data: bytes, pos: int = 0) -> tuple[_Node, int]:
    if pos + 2 > len(data):
        raise _Bad("truncated")
    tag, n = data[pos], data[pos + 1]
    pos += 2
    if n & 0x80:
        width = n & 0x7F
        if width == 0 or width > 4 or pos + width > len(data):
            raise _Bad("bad length")
        n = int.from_bytes(data[pos:pos + width], "big")
        pos += width
    if pos + n > len(data):
        raise _Bad("truncated")
    return _Node(tag, data[pos:pos + n]), pos + n


def _children(node: _Node) -> list[_Node]:
    if node.tag != 0x30:
        raise _Bad("not a SEQUENCE")
    out: list[_Node] = []
    pos = 0
    while pos < len(node.body):
        child, pos = _read(node.body, pos)
        out.append(child)
        if len(out) > 64:
            raise _Bad("too many items")
    return out


def _oid(node: _Node) -> str:
    if node.tag != 0x06 or not node.body:
        raise _Bad("not an OID")
    first = node.body[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    value = 0
    for b in node.body[1:]:
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def _octets(node: _Node) -> bytes:
    if node.tag != 0x04:
        raise _Bad("not an OCTET STRING")
    return node.body


def _integer(node: _Node) -> int:
    if node.tag != 0x02 or not node.body or len(node.body) > 8:
        raise _Bad("not a small INTEGER")
    return int.from_bytes(node.body, "big", signed=False)


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if len(data) % 16 or not data:
        raise _Bad("ciphertext length")
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def _3des_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

    if len(data) % 8 or not data:
        raise _Bad("ciphertext length")
    dec = Cipher(TripleDES(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def _opens(global_salt: bytes, item2: bytes, password: bytes = b"") -> bool:
    """Whether `password` decrypts the password-check entry (raises _Bad when unknown)."""
    top, _ = _read(item2)
    algo_seq, cipher = _children(top)[:2]
    algo = _children(algo_seq)
    oid = _oid(algo[0])
    ciphertext = _octets(cipher)
    if oid == _OID_PBES2:
        kdf, enc = _children(algo[1])[:2]
        kdf_parts = _children(kdf)
        if _oid(kdf_parts[0]) != _OID_PBKDF2:
            raise _Bad("key derivation is not PBKDF2")
        params = _children(kdf_parts[1])
        salt, iterations = _octets(params[0]), _integer(params[1])
        key_len = 32
        prf = _OID_HMAC_SHA1
        for extra in params[2:]:
            if extra.tag == 0x02:
                key_len = _integer(extra)
            elif extra.tag == 0x30:
                prf = _oid(_children(extra)[0])
        if not 1 <= iterations <= MAX_ITERATIONS or key_len != 32:
            raise _Bad("unsupported PBKDF2 parameters")
        enc_parts = _children(enc)
        if _oid(enc_parts[0]) != _OID_AES256_CBC:
            raise _Bad("cipher is not AES-256-CBC")
        iv = b"\x04\x0e" + _octets(enc_parts[1])  # NSS's 14-byte IV with its DER header
        if len(iv) != 16:
            raise _Bad("IV length")
        digest = "sha256" if prf == _OID_HMAC_SHA256 else "sha1"
        k = hashlib.sha1(global_salt + password).digest()
        key = hashlib.pbkdf2_hmac(digest, k, salt, iterations, dklen=key_len)
        return _aes_cbc(key, iv, ciphertext).startswith(_CHECK)
    if oid == _OID_PBE_SHA1_3DES:
        params = _children(algo[1])
        entry_salt = _octets(params[0])
        if len(entry_salt) > 64:
            raise _Bad("entry salt length")
        hp = hashlib.sha1(global_salt + password).digest()
        pes = entry_salt + b"\x00" * (20 - len(entry_salt))
        chp = hashlib.sha1(hp + entry_salt).digest()
        k1 = hmac.new(chp, pes + entry_salt, hashlib.sha1).digest()
        tk = hmac.new(chp, pes, hashlib.sha1).digest()
        k2 = hmac.new(chp, tk + entry_salt, hashlib.sha1).digest()
        k = k1 + k2
        return _3des_cbc(k[:24], k[-8:], ciphertext).startswith(_CHECK)
    raise _Bad(f"unknown algorithm {oid}")


def primary_password_state(conn: sqlite3.Connection) -> tuple[str, str]:
    """("set" | "not-set" | "unknown", why) for an open (copied, read-only) key4.db."""
    try:
        names = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        if "metaData" not in names and "metadata" not in {n.lower() for n in names}:
            return "unknown", "no metaData table (not an NSS key database)"
        row = conn.execute(
            "SELECT item1, item2 FROM metaData WHERE id = 'password'").fetchone()
    except sqlite3.DatabaseError as exc:
        return "unknown", f"database error: {exc}"[:200]
    if row is None:
        # NSS writes this row when the database is initialised; without it no password
        # has ever been set, but a database this empty holds no keys either.
        return "unknown", "no password entry in key4.db"
    salt, item2 = row
    if not isinstance(salt, bytes) or not isinstance(item2, bytes):
        return "unknown", "password entry is not binary"
    try:
        opened = _opens(salt, item2)
    except (_Bad, IndexError, ValueError) as exc:
        return "unknown", f"password check not understood: {exc}"[:200]
    except ImportError:  # cryptography < 43 has no decrepit.TripleDES (pre-2019 key4.db)
        return "unknown", "this cryptography version cannot run the 3DES check"
    return ("not-set", "the empty password opens the store") if opened else (
        "set", "the empty password does not open the store")
