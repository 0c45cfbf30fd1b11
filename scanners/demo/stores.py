"""The application stores of the demo home, in the formats their scanners read: a Chromium
profile under Linux's fixed "v10" key (saved logins, a saved card, an address), a Firefox
profile without a primary password, an SSH key without passphrase, cloud credentials and a
Flatpak app with access to the whole home.

Nothing is random: blobs, salts and keys derive from the seed by SHA-256, so the same seed
gives the same bytes. The "ciphertexts" are version prefix + bytes derived from the value:
shaped like the browsers' blobs, and no password of the demo is ever stored in the clear.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import struct
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from scanners.demo.cast import SITES, TEST_CARDS, DemoPerson
from scanners.demo.der import der as _der
from scanners.demo.der import integer as _int
from scanners.demo.der import oid as _oid
from scanners.demo.der import sequence as _seq
from scanners.demo.schemas import KEY4, LOGIN_DATA_V41, WEB_DATA_2024

CHROME_T = (1_704_164_646 + 11_644_473_600) * 1_000_000  # 2024-01-02 in Chromium's clock (µs)
FIREFOX_T = 1_704_164_646_000  # the same moment in Firefox's (ms since 1970)
CHROMIUM_ROOT = ".config/google-chrome"
FIREFOX_ROOT = ".mozilla/firefox"
FIREFOX_PROFILE = "demo0001.default-release"
SSH_KEY = ".ssh/id_ed25519"
AWS_CREDENTIALS = ".aws/credentials"
FLATPAK_APP = "org.demo.Notes"


def derive(seed: int, label: str, n: int = 32) -> bytes:
    """`n` bytes that depend only on the seed and the label."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"piaudit-demo:{seed}:{label}:{counter}".encode()).digest()
        counter += 1
    return out[:n]


def fake_cipher(prefix: bytes, value: str) -> bytes:
    """Shaped like a Chromium blob: prefix + 12-byte nonce + ciphertext + 16-byte tag."""
    body = hashlib.sha256(value.encode()).digest()
    return prefix + body[:12] + body + body[:16]


def new_db(path: Path, script: str) -> sqlite3.Connection:
    """A new SQLite file at `path` (any old one removed) made by `script`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    conn.executescript(script)
    return conn


# ------------------------------------------------------------------------------- Chromium


def chromium_profile(home: Path, owner: DemoPerson, seed: int,
                     sites: Sequence[str] = SITES) -> Path:
    """Local State and Default/{Login Data, Web Data}: logins for `sites` and one card."""
    base = home / CHROMIUM_ROOT
    prof = base / "Default"
    prof.mkdir(parents=True, exist_ok=True)
    state = {"os_crypt": {}, "profile": {"info_cache": {"Default": {
        "name": owner.name_en, "user_name": owner.email}}}}
    (base / "Local State").write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    with closing(new_db(prof / "Login Data", LOGIN_DATA_V41)) as db:
        for i, site in enumerate(sites):
            origin = f"https://{site}/"
            secret = derive(seed, f"password:{site}", 12).hex()
            db.execute(
                "INSERT INTO logins (origin_url, action_url, username_element, username_value,"
                " password_element, password_value, submit_element, signon_realm, date_created,"
                " blacklisted_by_user, scheme, password_type, times_used)"
                " VALUES (?, ?, 'user', ?, 'pass', ?, '', ?, ?, 0, 0, 0, ?)",
                (origin, origin, owner.email if i % 2 else owner.mobile,
                 fake_cipher(b"v10", secret), origin, CHROME_T, 1 + i))
        db.commit()
    with closing(new_db(prof / "Web Data", WEB_DATA_2024)) as db:
        db.execute("INSERT INTO credit_cards (guid, name_on_card, expiration_month,"
                   " expiration_year, card_number_encrypted) VALUES ('card-0', ?, 9, 2029, ?)",
                   (owner.name_en, fake_cipher(b"v10", TEST_CARDS[0])))
        db.execute("INSERT INTO local_stored_cvc VALUES ('card-0', ?, 1)",
                   (fake_cipher(b"v10", "123"),))
        db.execute("INSERT INTO addresses (guid, record_type) VALUES ('addr-0', 0)")
        for kind, value in ((7, owner.name), (9, owner.email), (14, owner.mobile),
                            (77, owner.address)):
            db.execute("INSERT INTO address_type_tokens (guid, type, value) VALUES"
                       " ('addr-0', ?, ?)", (kind, value))
        db.commit()
    return prof


# -------------------------------------------------------------------------------- Firefox

_OID_PBES2 = "1.2.840.113549.1.5.13"
_OID_PBKDF2 = "1.2.840.113549.1.5.12"
_OID_HMAC_SHA256 = "1.2.840.113549.2.9"
_OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"


def password_check(global_salt: bytes, password: str, entry_salt: bytes, iv14: bytes,
                   iterations: int) -> bytes:
    """key4.db's metaData 'password' item2 as NSS >= 3.41 writes it: "password-check"
    under PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) keyed by SHA-1(global salt + password).
    With the empty password NSS opens it without asking: no primary password."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    k = hashlib.sha1(global_salt + password.encode()).digest()
    key = hashlib.pbkdf2_hmac("sha256", k, entry_salt, iterations, dklen=32)
    plain = b"password-check"
    plain += bytes([16 - len(plain) % 16]) * (16 - len(plain) % 16)
    enc = Cipher(algorithms.AES(key), modes.CBC(b"\x04\x0e" + iv14)).encryptor()
    ct = enc.update(plain) + enc.finalize()
    params = _seq(
        _seq(_oid(_OID_PBKDF2), _seq(_der(0x04, entry_salt), _int(iterations), _int(32),
                                     _seq(_oid(_OID_HMAC_SHA256)))),
        _seq(_oid(_OID_AES256_CBC), _der(0x04, iv14)))
    return _seq(_seq(_oid(_OID_PBES2), params), _der(0x04, ct))


def write_key4(path: Path, seed: int, primary_password: str = "") -> Path:
    salt = derive(seed, "key4 global salt", 20)
    check = password_check(salt, primary_password, derive(seed, "key4 entry salt"),
                           derive(seed, "key4 iv", 14), 1 if not primary_password else 10_000)
    with closing(new_db(path, KEY4)) as db:
        db.execute("INSERT INTO metaData VALUES ('password', ?, ?)", (salt, check))
        db.execute("INSERT INTO metaData VALUES ('Version', 1, NULL)")
        db.commit()
    return path


def firefox_profile(home: Path, owner: DemoPerson, seed: int,
                    sites: Sequence[str] = SITES) -> Path:
    """profiles.ini, logins.json (encrypted fields shaped like NSS's) and key4.db without a
    primary password."""
    root = home / FIREFOX_ROOT
    prof = root / FIREFOX_PROFILE
    prof.mkdir(parents=True, exist_ok=True)
    (root / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default-release\n"
        f"IsRelative=1\nPath={FIREFOX_PROFILE}\nDefault=1\n", encoding="utf-8")
    logins = []
    for i, site in enumerate(sites):
        blob = derive(seed, f"firefox:{site}").hex()
        logins.append({
            "id": i + 1, "hostname": f"https://{site}", "httpRealm": None,
            "formSubmitURL": f"https://{site}", "usernameField": "user",
            "passwordField": "pass",
            "encryptedUsername": "MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA" + blob[:16],
            "encryptedPassword": "MEIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA" + blob,
            "guid": f"{{{i:08d}-0000-4000-8000-000000000000}}", "encType": 1,
            "timeCreated": FIREFOX_T, "timeLastUsed": FIREFOX_T,
            "timePasswordChanged": FIREFOX_T, "timesUsed": 1 + i})
    data = {"nextId": len(logins) + 1, "logins": logins, "potentiallyVulnerablePasswords": [],
            "dismissedBreachAlertsByLoginGUID": {}, "version": 3}
    (prof / "logins.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    write_key4(prof / "key4.db", seed)
    return prof


# ------------------------------------------------------------------------------------ SSH


def _ssh_string(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def openssh_key(seed: int, comment: str, encrypted_with: str | None = None) -> bytes:
    """An ed25519 key in OpenSSH's own container (PROTOCOL.key), from the seed.

    Written by hand: `cryptography` picks a random check number. `encrypted_with` writes
    the container `ssh-keygen -p` leaves (aes256-ctr, bcrypt KDF header); the private
    part is sealed under a key derived from the passphrase by PBKDF2, not bcrypt (not a
    dependency): what the scanner reads, the header, is ssh-keygen's.
    """
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ed25519

    private = derive(seed, "ssh ed25519")
    key = ed25519.Ed25519PrivateKey.from_private_bytes(private)
    public = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    pub_blob = _ssh_string(b"ssh-ed25519") + _ssh_string(public)
    check = derive(seed, "ssh check", 4)
    section = (check + check + _ssh_string(b"ssh-ed25519") + _ssh_string(public)
               + _ssh_string(private + public) + _ssh_string(comment.encode()))
    block = 16 if encrypted_with else 8
    section += bytes(range(1, 1 + (-len(section) % block)))
    cipher, kdf, options = b"none", b"none", b""
    if encrypted_with is not None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        salt = derive(seed, "ssh kdf salt", 16)
        material = hashlib.pbkdf2_hmac("sha256", encrypted_with.encode(), salt, 16, 48)
        enc = Cipher(algorithms.AES(material[:32]), modes.CTR(material[32:])).encryptor()
        section = enc.update(section) + enc.finalize()
        cipher, kdf, options = b"aes256-ctr", b"bcrypt", _ssh_string(salt) + struct.pack(">I", 16)
    body = (b"openssh-key-v1\0" + _ssh_string(cipher) + _ssh_string(kdf) + _ssh_string(options)
            + struct.pack(">I", 1) + _ssh_string(pub_blob) + _ssh_string(section))
    b64 = base64.b64encode(body).decode()
    lines = [b64[i:i + 70] for i in range(0, len(b64), 70)]
    return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
            + "\n-----END OPENSSH PRIVATE KEY-----\n").encode()


def aws_credentials(seed: int) -> str:
    """An AWS credentials file: an access key id and its secret (shaped like AWS's)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    raw = derive(seed, "aws", 56)
    key_id = "AKIA" + "".join(alphabet[b % 32] for b in raw[:16])
    secret = base64.b64encode(raw[16:46]).decode()[:40].replace("+", "k").replace("/", "Q")
    return f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"


# ------------------------------------------------------------------------------- Flatpak

FLATPAK_METADATA = f"""[Application]
name={FLATPAK_APP}
runtime=org.freedesktop.Platform/x86_64/23.08
sdk=org.freedesktop.Sdk/x86_64/23.08
command=demo-notes

[Context]
shared=network;ipc;
sockets=x11;wayland;pulseaudio;
devices=dri;
filesystems=home;
"""


def flatpak_app(home: Path) -> Path:
    """A user-installed app as flatpak deploys it (current -> arch/branch, active ->
    commit), whose manifest asks for the whole home folder."""
    base = home / ".local/share/flatpak/app" / FLATPAK_APP
    deploy = base / "x86_64" / "stable" / "0d3m0c0mm1t"
    deploy.mkdir(parents=True, exist_ok=True)
    (deploy / "metadata").write_text(FLATPAK_METADATA, encoding="utf-8")
    (base / "x86_64" / "stable" / "active").symlink_to("0d3m0c0mm1t")
    (base / "current").symlink_to("x86_64/stable")
    return deploy / "metadata"


def flatpak_override_path(home: Path) -> Path:
    """Where `flatpak override --user` writes an app's overrides."""
    return home / ".local/share/flatpak/overrides" / FLATPAK_APP
