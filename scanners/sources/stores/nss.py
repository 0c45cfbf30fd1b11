"""Is a Firefox / Thunderbird primary password set? Answered read-only, from a copy of key4.db.

Default method - no decryption at all: the system's (or Firefox's) libnss3 opens a private copy
of the profile's key database read-only (`NSS_Initialize("sql:<copy>", "", "", "secmod.db",
NSS_INIT_READONLY | NSS_INIT_NOROOTINIT | NSS_INIT_NOMODDB)`) and `PK11_NeedLogin` on the
internal key slot answers 1 when a primary password guards the keys, 0 when it does not. NSS
keeps global state per process and a damaged database could crash or hang it, so this runs in
a short-lived child Python process with a timeout: several profiles each get a fresh NSS, and a
failure there is an "unknown" with a reason, never a broken scan. Without libnss3 the answer is
"unknown" ("libnss3 not found").

Opt-in fallback (`ScanContext.nss_password_check`, CLI `--firefox-password-check`), pure
Python with `cryptography`: NSS keeps in key4.db's metaData row id='password' the global salt
(item1) and the fixed string "password-check" encrypted under a key derived from the salt and
the primary password (item2). If the *empty* password decrypts that constant, no primary
password is set. It never touches a saved login or a key, but it does decrypt something, so it
only runs when the user asked for it. (Method: NSS lib/softoken/sftkpwd.c and the published
analyses of key4.db, e.g. lclevy/firepwd.)

Both return ("set" | "not-set" | "unknown", why).
"""

from __future__ import annotations

import ctypes.util
import hashlib
import hmac
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from scanners.sources.stores.common import StoreError
from scanners.system.private_files import copy_private, create_private, private_dir

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


def empty_password_test(conn: sqlite3.Connection) -> tuple[str, str]:
    """The opt-in test: does the empty password decrypt "password-check"? `conn` is an open,
    copied, read-only key4.db."""
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


# ---------------------------------------------------------------------------- the NSS method

LIBNSS3_ENV = "PIAUDIT_LIBNSS3"  # a path to libnss3 to use instead of searching (tests: absent)
NSS_TIMEOUT = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
# NSS_Initialize flags (nss.h): NSS_INIT_READONLY 0x1 | NSS_INIT_NOMODDB 0x4 |
# NSS_INIT_NOROOTINIT 0x10. NOMODDB also means a profile's pkcs11.txt, which can name any
# PKCS#11 module to load, is never read; it is not copied either.
_NSS_FLAGS = 0x1 | 0x4 | 0x10
# NSS's softoken opens a read-only "sql:" directory only when both cert9.db and key4.db hold
# their object table (sdb.c refuses a missing table unless it may create it). PK11_NeedLogin
# reads only key4.db, so the copy gets an empty certificate database instead of the user's.
_EMPTY_CERT9 = "CREATE TABLE nssPublic (id PRIMARY KEY UNIQUE ON CONFLICT ABORT, a0, a1, a2, a3)"


def _known_paths() -> list[str]:
    if sys.platform == "darwin":
        return [f"/Applications/{app}.app/Contents/MacOS/libnss3.dylib"
                for app in ("Firefox", "Thunderbird", "LibreWolf")]
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramFiles(x86)")]
        return [os.path.join(r, app, "nss3.dll") for r in roots if r
                for app in ("Mozilla Firefox", "Mozilla Thunderbird")]
    return ["/usr/lib/x86_64-linux-gnu/libnss3.so", "/usr/lib/aarch64-linux-gnu/libnss3.so",
            "/usr/lib64/libnss3.so", "/usr/lib/libnss3.so", "/usr/lib/firefox/libnss3.so",
            "/usr/lib/thunderbird/libnss3.so"]


def find_libnss3() -> str | None:
    """The libnss3 to load: $PIAUDIT_LIBNSS3 when set (only that one), a known install path,
    or what the dynamic linker finds; None when there is none."""
    override = os.environ.get(LIBNSS3_ENV)
    if override is not None:
        return override if override and os.path.isfile(override) else None
    for candidate in _known_paths():
        if os.path.isfile(candidate):
            return candidate
    return ctypes.util.find_library("nss3")


# Runs in a child `python -I -S -c`: stdlib only, no piaudit import. argv: library, folder.
# Prints exactly one line: "set", "not-set" or "unknown:<reason>".
_CHILD = r"""
import ctypes, os, sys
lib_path, folder = sys.argv[1], sys.argv[2]
try:
    if os.name == "nt" and os.path.dirname(lib_path):
        os.add_dll_directory(os.path.dirname(lib_path))  # nss3.dll loads mozglue.dll beside it
    nss = ctypes.CDLL(lib_path)
    nss.NSS_Initialize.argtypes = [ctypes.c_char_p] * 4 + [ctypes.c_uint32]
    nss.NSS_Initialize.restype = ctypes.c_int
    nss.PORT_GetError.restype = ctypes.c_int
    nss.PK11_GetInternalKeySlot.restype = ctypes.c_void_p
    nss.PK11_NeedLogin.argtypes = [ctypes.c_void_p]
    nss.PK11_NeedLogin.restype = ctypes.c_int
    nss.PK11_FreeSlot.argtypes = [ctypes.c_void_p]
    nss.NSS_Shutdown.restype = ctypes.c_int
except (OSError, AttributeError) as exc:
    print("unknown:libnss3 could not be loaded (%s)" % type(exc).__name__)
    sys.exit(0)
if nss.NSS_Initialize(b"sql:" + os.fsencode(folder), b"", b"", b"secmod.db", FLAGS) != 0:
    print("unknown:NSS could not open key4.db (NSS error %d)" % nss.PORT_GetError())
    sys.exit(0)
slot = nss.PK11_GetInternalKeySlot()
if not slot:
    print("unknown:NSS has no internal key slot")
else:
    need = nss.PK11_NeedLogin(slot)
    nss.PK11_FreeSlot(slot)
    print("set" if need else "not-set")
nss.NSS_Shutdown()
""".replace("FLAGS", str(_NSS_FLAGS))


CHILD_FLAG = "--piaudit-nss-child"


def child_main(argv: list[str]) -> None:
    """Run the child code in this process (a bundled app's entry point calls this when its
    first argument is CHILD_FLAG): argv = [library, folder]."""
    sys.argv = ["nss-child", *argv]
    exec(compile(_CHILD, "<nss-child>", "exec"), {"__name__": "__nss_child__"})


@contextmanager
def key_db_copy(key4: Path) -> Iterator[Path]:
    """A private 0700 folder holding a 0600 copy of `key4` (and its journal) plus an empty
    cert9.db, deleted afterwards. The original is only read. Raises StoreError."""
    try:
        with open(key4, "rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except OSError as exc:
        raise StoreError("unreadable", exc.strerror or type(exc).__name__) from None
    if head != _SQLITE_MAGIC:
        raise StoreError("corrupt", "key4.db is not a SQLite database")
    with private_dir("nss") as tmp:  # 0700 in the run's folder, removed on every exit
        copy_private(key4, tmp / "key4.db")
        for suffix in ("-journal", "-wal", "-shm"):
            side = key4.with_name(key4.name + suffix)
            try:
                if stat.S_ISREG(os.lstat(side).st_mode):
                    copy_private(side, tmp / f"key4.db{suffix}", follow=False)
            except OSError:
                pass  # absent, or gone mid-copy: the main file still reads
        # created 0600 first: SQLite would make it with the umask's mode
        os.close(create_private(tmp / "cert9.db"))
        with closing(sqlite3.connect(tmp / "cert9.db")) as db:
            db.execute(_EMPTY_CERT9)
            db.commit()
        yield tmp


def need_login(library: str, folder: Path, *, timeout: float = NSS_TIMEOUT) -> tuple[str, str]:
    """PK11_NeedLogin on the NSS databases in `folder` (a copy), asked of a child process."""
    if getattr(sys, "frozen", False):
        # a bundled app's sys.executable is the app itself: its entry point runs the child
        # code when given CHILD_FLAG (packaging/*_entry.py)
        argv = [sys.executable, CHILD_FLAG, library, str(folder)]
    else:
        argv = [sys.executable, "-I", "-S", "-c", _CHILD, library, str(folder)]
    env = dict(os.environ, LC_ALL="C", NSS_SDB_USE_CACHE="no")
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return "unknown", f"NSS did not answer in {timeout:.0f} s"
    except OSError as exc:
        return "unknown", f"the NSS check could not start ({type(exc).__name__})"
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    answer = lines[-1].strip() if lines else ""
    if proc.returncode != 0 or not answer:
        return "unknown", f"the NSS check stopped (exit code {proc.returncode})"
    if answer == "set":
        return "set", "NSS: the key database needs the primary password (PK11_NeedLogin)"
    if answer == "not-set":
        return "not-set", "NSS: the key database opens without a password (PK11_NeedLogin)"
    if answer.startswith("unknown:"):
        return "unknown", answer[len("unknown:"):][:200]
    return "unknown", "the NSS check gave no answer"


def nss_primary_password(key4: Path, *, timeout: float = NSS_TIMEOUT) -> tuple[str, str]:
    """("set" | "not-set" | "unknown", why) for the profile's key4.db, through libnss3.

    Raises StoreError when key4.db cannot be read or is not a SQLite database."""
    library = find_libnss3()
    if library is None:
        return "unknown", "libnss3 not found"
    with key_db_copy(key4) as folder:
        return need_login(library, folder, timeout=timeout)


if __name__ == "__main__":  # python -m scanners.sources.stores.nss PROFILE_DIR: a manual check
    for arg in sys.argv[1:]:
        try:
            print(arg, *nss_primary_password(Path(arg) / "key4.db"), sep="\t")
        except StoreError as err:
            print(arg, "unknown", err.message, sep="\t")
