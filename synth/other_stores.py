"""Fixtures for the address-book, credential-file and messaging scanners, in the real
formats: SQLite files made with each schema generation's own CREATE TABLE statements, SSH
keys made by `cryptography`, config files as the tools write them, and chat/mail folders
laid out as the apps do. Every secret, phone and e-mail here is made up; SECRETS lists the
values no finding or error may contain.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import struct
from pathlib import Path

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# Synthetic secrets and personal values: none may appear in a finding or error.
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYSYNTHETIC01"
AWS_SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENSYNTH"
NETRC_PW = "netrc-Pa55word-synth"
# Random-looking bodies: a sequential alphabet would read as a placeholder (issue 14).
GIT_TOKEN = "ghp_Synth0Tok7qLmW2xRv9KpZt4NbHc8YjEs3U1"
DOCKER_PW = "dockerPa55-synth"
KUBE_TOKEN = "kubeTokenSynthEyJhbGciOiJSUzI1NiJ9abc"
NPM_TOKEN = "npm_SynthTok7qLmW2xRv9KpZt4NbHc8YjEs3Ud"
PYPI_TOKEN = "pypi-AgEIcHlwaS5vcmcSynthTokenXYZ123"
AZURE_SECRET = "eyJ0eXAiOiJKV1QiSynthAzureAccessToken"
AZURE_REFRESH = "0.AAAA-SynthAzureRefreshTokenValue-1"
GCLOUD_REFRESH = "1//0gSynthGcloudRefreshTokenValue"
HISTORY_PW = "MyHist0ryPw-synth"
PHONE = "+86 138 0013 8000"
EMAIL = "zhang.wei@example.com"
SECRETS = (AWS_SECRET, AWS_SESSION, NETRC_PW, GIT_TOKEN, DOCKER_PW, KUBE_TOKEN, NPM_TOKEN,
           PYPI_TOKEN, AZURE_SECRET, AZURE_REFRESH, GCLOUD_REFRESH, HISTORY_PW, PHONE,
           "13800138000", EMAIL, "zhang.wei", "Zhang Wei", "hunter-user")


def _p(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write(path: Path, data: str | bytes, mode: int = 0o600) -> Path:
    _p(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    os.chmod(path, mode)
    return path


# ---------------------------------------------------------------------------- SSH keys


def _ssh_string(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def _read_string(buf: bytes, pos: int) -> tuple[bytes, int]:
    n = struct.unpack(">I", buf[pos:pos + 4])[0]
    return buf[pos + 4:pos + 4 + n], pos + 4 + n


def openssh_encrypted(key: ed25519.Ed25519PrivateKey) -> bytes:
    """An OpenSSH key in the real aes256-ctr/bcrypt container (PROTOCOL.key).

    `cryptography` needs the bcrypt module to derive the key from a passphrase; it is not a
    dependency, so the private section of a real unencrypted key is encrypted with a random
    AES key instead. The container - what the scanner reads - is byte-for-byte the format
    ssh-keygen writes (same prefix as the reference's ssh-keygen 9.2 sample).
    """
    pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())
    body = base64.b64decode(b"".join(pem.splitlines()[1:-1]))
    assert body.startswith(b"openssh-key-v1\0")
    pos = len(b"openssh-key-v1\0")
    _, pos = _read_string(body, pos)  # cipher "none"
    _, pos = _read_string(body, pos)  # kdf "none"
    _, pos = _read_string(body, pos)  # kdf options ""
    nkeys = body[pos:pos + 4]
    pos += 4
    pub, pos = _read_string(body, pos)
    private, pos = _read_string(body, pos)
    private += bytes(range(1, 1 + (-len(private) % 16)))  # aes block padding
    enc = Cipher(algorithms.AES(os.urandom(32)), modes.CTR(os.urandom(16))).encryptor()
    blob = enc.update(private) + enc.finalize()
    out = (b"openssh-key-v1\0" + _ssh_string(b"aes256-ctr") + _ssh_string(b"bcrypt")
           + _ssh_string(_ssh_string(os.urandom(16)) + struct.pack(">I", 16)) + nkeys
           + _ssh_string(pub) + _ssh_string(blob))
    b64 = base64.b64encode(out).decode()
    lines = [b64[i:i + 70] for i in range(0, len(b64), 70)]
    return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
            + "\n-----END OPENSSH PRIVATE KEY-----\n").encode()


def ssh_key(path: Path, kind: str, passphrase: bytes | None = None, mode: int = 0o600) -> Path:
    """kind: openssh (ed25519), pem-rsa (PKCS#1), pkcs8-ec, putty."""
    if kind == "openssh":
        k = ed25519.Ed25519PrivateKey.generate()
        data = openssh_encrypted(k) if passphrase else k.private_bytes(
            ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())
    elif kind == "pem-rsa":
        r = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        enc: ser.KeySerializationEncryption = (
            ser.BestAvailableEncryption(passphrase) if passphrase else ser.NoEncryption())
        data = r.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, enc)
    elif kind == "pkcs8-ec":
        e = ec.generate_private_key(ec.SECP256R1())
        enc = ser.BestAvailableEncryption(passphrase) if passphrase else ser.NoEncryption()
        data = e.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, enc)
    elif kind == "putty":
        data = ("PuTTY-User-Key-File-3: ssh-ed25519\n"
                f"Encryption: {'aes256-cbc' if passphrase else 'none'}\n"
                "Comment: eddsa-key-20240102\nPublic-Lines: 2\n"
                "AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake\n"
                "AAAA\nPrivate-Lines: 1\nAAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake\n"
                "Private-MAC: 00\n").encode()
    else:
        raise ValueError(kind)
    return write(path, data, mode)


# ---------------------------------------------------------------------------- credential files


def aws_credentials(home: Path) -> Path:
    return write(home / ".aws/credentials", (
        "[default]\n"
        "aws_access_key_id = AKIAIOSFODNN7SYNTH01\n"
        f"aws_secret_access_key = {AWS_SECRET}\n\n"
        "[temp]\n"
        "aws_access_key_id = ASIAIOSFODNN7SYNTH02\n"
        f"aws_secret_access_key = {AWS_SECRET}\n"
        f"aws_session_token = {AWS_SESSION}\n\n"
        "[sso-dev]\n"
        "credential_process = /usr/local/bin/aws-vault exec dev --json\n"
    ))


def azure_msal(home: Path) -> Path:
    cache = {
        "AccessToken": {"k1": {"credential_type": "AccessToken", "secret": AZURE_SECRET,
                               "home_account_id": "uid.utid",
                               "environment": "login.microsoftonline.com"}},
        "RefreshToken": {"k2": {"credential_type": "RefreshToken", "secret": AZURE_REFRESH},
                         "k3": {"credential_type": "RefreshToken", "secret": AZURE_REFRESH + "2"}},
        "IdToken": {}, "Account": {"a1": {"username": EMAIL}}, "AppMetadata": {},
    }
    return write(home / ".azure/msal_token_cache.json", json.dumps(cache, indent=2))


def azure_legacy(home: Path) -> Path:
    entries = [{"tokenType": "Bearer", "accessToken": AZURE_SECRET,
                "refreshToken": AZURE_REFRESH, "userId": EMAIL}]
    return write(home / ".azure/accessTokens.json", json.dumps(entries))


GCLOUD_CREDENTIALS_DDL = ('CREATE TABLE IF NOT EXISTS "credentials" '
                          "(account_id TEXT PRIMARY KEY, value BLOB)")
GCLOUD_ACCESS_DDL = ('CREATE TABLE IF NOT EXISTS "access_tokens" (account_id TEXT PRIMARY KEY, '
                     "access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT, id_token TEXT)")


def gcloud(home: Path, accounts: int = 2) -> list[Path]:
    base = home / ".config/gcloud"
    base.mkdir(parents=True, exist_ok=True)
    creds = base / "credentials.db"
    with sqlite3.connect(creds) as c:
        c.execute(GCLOUD_CREDENTIALS_DDL)
        for i in range(accounts):
            c.execute("INSERT INTO credentials VALUES (?, ?)", (
                f"user{i}@example.com",
                json.dumps({"type": "authorized_user", "refresh_token": GCLOUD_REFRESH})))
    c.close()
    os.chmod(creds, 0o600)
    adc = write(base / "application_default_credentials.json", json.dumps({
        "client_id": "764086051850-synth.apps.googleusercontent.com",
        "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty", "refresh_token": GCLOUD_REFRESH,
        "type": "authorized_user"}))
    return [creds, adc]


def netrc(home: Path) -> Path:
    return write(home / ".netrc", (
        f"machine api.example.com login hunter-user password {NETRC_PW}\n"
        "machine ftp.example.org\n  login anon\n  password " + NETRC_PW + "x\n"
        "macdef init\n  cd /pub\n  password notcounted\n\n"
        "default login anonymous\n"
    ))


def git_credentials(home: Path) -> Path:
    return write(home / ".git-credentials", (
        f"https://hunter-user:{GIT_TOKEN}@github.com\n"
        f"https://oauth2:{GIT_TOKEN}x@gitlab.example.com\n"
        "https://nopassword@example.org\n"
    ))


def docker_config(home: Path, helper: bool = False) -> Path:
    auth = base64.b64encode(f"hunter-user:{DOCKER_PW}".encode()).decode()
    if helper:
        data: dict[str, object] = {"auths": {"https://index.docker.io/v1/": {},
                                             "ghcr.io": {}}, "credsStore": "desktop"}
    else:
        data = {"auths": {"https://index.docker.io/v1/": {"auth": auth},
                          "registry.example.com": {"auth": auth}}}
    return write(home / ".docker/config.json", json.dumps(data, indent="\t"))


def podman_auth(home: Path) -> Path:
    auth = base64.b64encode(f"hunter-user:{DOCKER_PW}".encode()).decode()
    return write(home / ".config/containers/auth.json",
                 json.dumps({"auths": {"quay.io": {"auth": auth}}}, indent=2))


KUBECONFIG = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://10.0.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: admin
  name: prod
current-context: prod
kind: Config
preferences: {{}}
users:
- name: admin
  user:
    token: {KUBE_TOKEN}
- name: cert-user
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args:
      - eks
      - get-token
      - --cluster-name
      - prod
"""


def kubeconfig(home: Path, text: str = KUBECONFIG) -> Path:
    return write(home / ".kube/config", text)


def npmrc(home: Path) -> Path:
    return write(home / ".npmrc", (
        f"//registry.npmjs.org/:_authToken={NPM_TOKEN}\n"
        "//npm.pkg.github.com/:_authToken=${GITHUB_NPM_TOKEN}\n"
        "registry=https://registry.npmjs.org/\n"
    ))


def pypirc(home: Path) -> Path:
    return write(home / ".pypirc", (
        "[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n"
        f"[pypi]\nusername = __token__\npassword = {PYPI_TOKEN}\n\n"
        "[testpypi]\nusername = hunter-user\n"
    ))


def bash_history(home: Path) -> Path:
    return write(home / ".bash_history", (
        "ls -la\n"
        f"mysql -u root -p{HISTORY_PW} shop\n"
        f"curl -u hunter-user:{HISTORY_PW} https://api.example.com/v1\n"
        f"export AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n"
        "cd $OLDPWD\nexport PWD=/home/synth\n"
        f"git clone https://x:{GIT_TOKEN}@github.com/o/r.git\n"
        f"echo {GIT_TOKEN}\n"
        "git status\n"
    ))


def zsh_history(home: Path) -> Path:
    return write(home / ".zsh_history", (
        ": 1704164646:0;ls\n"
        f": 1704164650:0;sshpass -p '{HISTORY_PW}' ssh admin@10.0.0.2\n"
        ": 1704164660:0;vim notes.txt\n"
    ).encode() + b": 1704164670:0;echo \x83\xa1 metafied\n")


def fish_history(home: Path) -> Path:
    return write(home / ".local/share/fish/fish_history", (
        "- cmd: ls\n  when: 1704164646\n"
        f"- cmd: psql --password={HISTORY_PW} -h db\n  when: 1704164650\n"
    ))


# ---------------------------------------------------------------------------- address books

TB_DDL_V1 = (
    "CREATE TABLE cards (uid TEXT PRIMARY KEY, localId INTEGER)",
    "CREATE TABLE properties (card TEXT, name TEXT, value TEXT)",
    "CREATE TABLE lists (uid TEXT PRIMARY KEY, localId INTEGER, name TEXT, nickName TEXT, "
    "description TEXT)",
    "CREATE TABLE list_cards (list TEXT, card TEXT, PRIMARY KEY(list, card))",
)
TB_INDEXES = ("CREATE INDEX properties_card ON properties(card)",
              "CREATE INDEX properties_name ON properties(name)")


def _vcard(i: int, *, phone: bool, email: bool, adr: bool, bday: bool, note: bool) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:Zhang Wei {i}", f"UID:card-{i}"]
    if email:
        lines.append(f"EMAIL;PREF=1:{EMAIL}")
    if phone:
        lines.append(f"item1.TEL;TYPE=cell;VALUE=TEXT:{PHONE}")
    if adr:
        lines.append("ADR;TYPE=home:;;1 Chang'an Ave;Beijing;;100000;China")
    if bday:
        lines.append("BDAY:19900101")
    if note:
        lines.append("NOTE:met at the conference")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def thunderbird_abook(path: Path, version: int, contacts: int = 3) -> Path:
    """user_version 2: cards + per-field properties; 4: no cards table, _vCard property."""
    _p(path)
    c = sqlite3.connect(path)
    c.execute("PRAGMA journal_mode=WAL")
    for ddl in TB_DDL_V1:
        if version >= 3 and ddl.startswith("CREATE TABLE cards"):
            continue
        c.execute(ddl)
    if version >= 2:
        for ddl in TB_INDEXES:
            c.execute(ddl)
    for i in range(contacts):
        uid = f"0000{i:04d}-38fd-4d17-9364-038d11da77e6"
        if version < 3:
            c.execute("INSERT INTO cards VALUES (?, ?)", (uid, i + 1))
            props = [("DisplayName", f"Zhang Wei {i}"), ("PrimaryEmail", EMAIL)]
            if i == 0:
                props += [("CellularNumber", PHONE), ("HomeCity", "Beijing"),
                          ("BirthYear", "1990"), ("Notes", "friend")]
        else:
            props = [("_vCard", _vcard(i, phone=i == 0, email=True, adr=i == 0, bday=i == 0,
                                       note=False)), ("LastModifiedDate", "1704164646")]
        c.executemany("INSERT INTO properties VALUES (?, ?, ?)", [(uid, n, v) for n, v in props])
    c.execute("INSERT INTO lists (uid, name, nickName, description) VALUES "
              "('list-1', 'Team', '', '')")
    c.execute(f"PRAGMA user_version = {version}")
    c.commit()
    c.close()
    return path


def evolution_contacts(path: Path, generation: str = "ebsql", contacts: int = 3) -> Path:
    """generation "ebsql" (EBookSqlite, aux e-mail/phone tables) or "sqlitedb" (legacy)."""
    _p(path)
    c = sqlite3.connect(path)
    if generation == "ebsql":
        c.execute("CREATE TABLE IF NOT EXISTS folders (folder_id TEXT PRIMARY KEY, version "
                  "INTEGER, multivalues TEXT, lc_collate TEXT, countrycode VARCHAR(2))")
        c.execute("CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, value TEXT, "
                  "folder_id TEXT REFERENCES folders)")
        c.execute("INSERT INTO folders VALUES ('folder_id', 13, 'email;prefix:tel;phone', "
                  "'en_US.UTF-8', 'CN')")
        c.execute("CREATE TABLE IF NOT EXISTS 'folder_id' (uid TEXT PRIMARY KEY, Rev TEXT, "
                  "file_as TEXT, file_as_localized TEXT, nickname TEXT, full_name TEXT, "
                  "given_name TEXT, given_name_localized TEXT, family_name TEXT, "
                  "family_name_localized TEXT, is_list INTEGER, list_show_addresses INTEGER, "
                  "wants_html INTEGER, x509Cert INTEGER, pgpCert INTEGER, vcard TEXT, "
                  "bdata TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS 'folder_id_email_list' (uid TEXT NOT NULL "
                  "REFERENCES 'folder_id'(uid) ON DELETE CASCADE, value TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS 'folder_id_phone_list' (uid TEXT NOT NULL "
                  "REFERENCES 'folder_id'(uid) ON DELETE CASCADE, value TEXT, value_phone "
                  "TEXT, value_country INTEGER DEFAULT 0)")
        for i in range(contacts):
            uid = f"pas-id-{i:04d}"
            vc = _vcard(i, phone=i < 2, email=True, adr=False, bday=i == 0, note=i == 1)
            c.execute("INSERT INTO folder_id (uid, Rev, full_name, is_list, vcard) VALUES "
                      "(?, '2024-01-02T03:04:06Z', ?, 0, ?)", (uid, f"Zhang Wei {i}", vc))
            c.execute("INSERT INTO folder_id_email_list VALUES (?, ?)", (uid, EMAIL))
            if i < 2:
                c.execute("INSERT INTO folder_id_phone_list VALUES (?, ?, ?, 86)",
                          (uid, PHONE, "13800138000"))
        c.execute("INSERT INTO folder_id (uid, full_name, is_list, vcard) VALUES "
                  "('pas-id-list', 'Team', 1, 'BEGIN:VCARD\r\nX-EVOLUTION-LIST:TRUE\r\n"
                  "END:VCARD\r\n')")
        c.execute("PRAGMA user_version = 13")
    else:
        c.execute("CREATE TABLE IF NOT EXISTS folders (folder_id TEXT PRIMARY KEY, sync_data "
                  "TEXT, is_populated INTEGER DEFAULT 0, partial_content INTEGER DEFAULT 0, "
                  "version INTEGER, revision TEXT, multivalues TEXT)")
        c.execute("INSERT INTO folders (folder_id, version) VALUES ('folder_id', 7)")
        c.execute("CREATE TABLE IF NOT EXISTS 'folder_id' ( uid TEXT PRIMARY KEY, Rev TEXT, "
                  "file_as TEXT, nickname TEXT, full_name TEXT, given_name TEXT, family_name "
                  "TEXT, email_1 TEXT, email_2 TEXT, email_3 TEXT, email_4 TEXT, is_list "
                  "INTEGER, list_show_addresses INTEGER, wants_html INTEGER, vcard TEXT, "
                  "bdata TEXT)")
        for i in range(contacts):
            vc = _vcard(i, phone=i == 0, email=True, adr=i == 0, bday=False, note=False)
            c.execute("INSERT INTO folder_id (uid, full_name, email_1, is_list, vcard) VALUES "
                      "(?, ?, ?, 0, ?)", (f"pas-id-{i}", f"Zhang Wei {i}", EMAIL, vc))
    c.commit()
    c.close()
    return path


# Core Data schema of AddressBook-v22.abcddb (the columns the scanner uses, with the real
# names and types; releases add more columns).
ABCD_DDL = (
    "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, "
    "Z_MAX INTEGER)",
    "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)",
    "CREATE TABLE ZABCDRECORD ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
    "ZCONTACTINDEX INTEGER, ZME INTEGER, ZBIRTHDAY TIMESTAMP, ZCREATIONDATE TIMESTAMP, "
    "ZFIRSTNAME VARCHAR, ZLASTNAME VARCHAR, ZMIDDLENAME VARCHAR, ZNICKNAME VARCHAR, "
    "ZORGANIZATION VARCHAR, ZNAME VARCHAR, ZUNIQUEID VARCHAR )",
    "CREATE TABLE ZABCDPHONENUMBER ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
    "ZISPRIMARY INTEGER, ZORDERINGINDEX INTEGER, ZOWNER INTEGER, ZAREACODE VARCHAR, "
    "ZCOUNTRYCODE VARCHAR, ZEXTENSION VARCHAR, ZFULLNUMBER VARCHAR, ZLABEL VARCHAR, "
    "ZLASTFOURDIGITS VARCHAR, ZLOCALNUMBER VARCHAR, ZUNIQUEID VARCHAR )",
    "CREATE TABLE ZABCDEMAILADDRESS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
    "ZISPRIMARY INTEGER, ZORDERINGINDEX INTEGER, ZOWNER INTEGER, ZADDRESS VARCHAR, "
    "ZADDRESSNORMALIZED VARCHAR, ZLABEL VARCHAR, ZUNIQUEID VARCHAR )",
    "CREATE TABLE ZABCDPOSTALADDRESS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
    "ZISPRIMARY INTEGER, ZORDERINGINDEX INTEGER, ZOWNER INTEGER, ZCITY VARCHAR, "
    "ZCOUNTRYNAME VARCHAR, ZLABEL VARCHAR, ZSTATE VARCHAR, ZSTREET VARCHAR, ZZIPCODE VARCHAR, "
    "ZUNIQUEID VARCHAR )",
    "CREATE TABLE ZABCDNOTE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
    "ZCONTACT INTEGER, ZTEXT VARCHAR, ZRICHTEXTDATA BLOB )",
    "CREATE TABLE ZABCDMESSAGINGADDRESS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT "
    "INTEGER, ZOWNER INTEGER, ZADDRESS VARCHAR, ZLABEL VARCHAR, ZSERVICE INTEGER )",
)


def macos_abcddb(path: Path, contacts: int = 3, entity_map: bool = True) -> Path:
    """Entities as on macOS 13 (ABCDRecord 19 > ABCDContact 22, ABCDGroup 23, ABCDInfo 20,
    ABCDContainer 21); `entity_map=False` leaves Z_PRIMARYKEY without ABCDContact."""
    _p(path)
    c = sqlite3.connect(path)
    for ddl in ABCD_DDL:
        c.execute(ddl)
    ents = [(19, "ABCDRecord", 0), (20, "ABCDInfo", 19), (21, "ABCDContainer", 19),
            (22, "ABCDContact", 19), (23, "ABCDGroup", 19), (24, "ABCDSubscribedInfo", 20)]
    if not entity_map:
        ents = [e for e in ents if e[1] not in ("ABCDContact",)]
    c.executemany("INSERT INTO Z_PRIMARYKEY VALUES (?, ?, ?, 0)", ents)
    c.execute("INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, ZNAME) VALUES (1, 21, 'On My Mac')")
    c.execute("INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, ZNAME) VALUES (2, 23, 'Family')")
    c.execute("INSERT INTO ZABCDRECORD (Z_PK, Z_ENT) VALUES (3, 20)")
    for i in range(contacts):
        pk = 10 + i
        c.execute("INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, ZFIRSTNAME, ZLASTNAME, ZBIRTHDAY, "
                  "ZUNIQUEID) VALUES (?, 22, 'Wei', 'Zhang', ?, ?)",
                  (pk, 631152000.0 if i == 0 else None, f"UUID-{i}:ABPerson"))
        c.execute("INSERT INTO ZABCDEMAILADDRESS (Z_ENT, ZOWNER, ZADDRESS, ZLABEL) VALUES "
                  "(7, ?, ?, '_$!<Home>!$_')", (pk, EMAIL))
        if i < 2:
            c.execute("INSERT INTO ZABCDPHONENUMBER (Z_ENT, ZOWNER, ZFULLNUMBER, ZLABEL) VALUES "
                      "(12, ?, ?, '_$!<Mobile>!$_')", (pk, PHONE))
        if i == 0:
            c.execute("INSERT INTO ZABCDPOSTALADDRESS (Z_ENT, ZOWNER, ZCITY, ZSTREET) VALUES "
                      "(14, ?, 'Beijing', '1 Changan Ave')", (pk,))
            c.execute("INSERT INTO ZABCDNOTE (Z_ENT, ZCONTACT, ZTEXT) VALUES (11, ?, 'friend')",
                      (pk,))
    c.commit()
    c.close()
    return path


# ---------------------------------------------------------------------------- messaging


def sqlcipher_like(path: Path, size: int = 8192) -> Path:
    """What an SQLCipher database looks like on disk: a random salt, then ciphertext."""
    return write(path, os.urandom(size))


def wechat_windows(home: Path) -> Path:
    root = home / "Documents/WeChat Files"
    acct = root / "wxid_synth0001"
    sqlcipher_like(acct / "Msg/Multi/MSG0.db")
    sqlcipher_like(acct / "Msg/MicroMsg.db")
    write(acct / "FileStorage/File/2024-01/report.docx", b"PK\x03\x04" + b"\0" * 100)
    write(root / "All Users/config/config.data", b"\0" * 10)
    return root


def wechat4(home: Path) -> Path:
    root = home / "Documents/xwechat_files"
    sqlcipher_like(root / "wxid_synth0002_a1b2/db_storage/message/message_0.db")
    sqlcipher_like(root / "wxid_synth0002_a1b2/db_storage/contact/contact.db")
    return root


def qq_nt_linux(home: Path) -> Path:
    root = home / ".config/QQ"
    # QQNT prefixes its SQLCipher database with a 1024-byte header of its own
    write(root / "nt_qq_5f3e/nt_db/nt_msg.db", b"SQLite header 3\x00" + os.urandom(4096))
    return root


def telegram(home: Path, accounts: int = 1) -> Path:
    root = home / ".local/share/TelegramDesktop/tdata"
    write(root / "key_datas", TDF_MAGIC_BYTES + os.urandom(300))
    write(root / "settingss", TDF_MAGIC_BYTES + os.urandom(200))
    names = ["D877F783D5D3EF8C", "A7FDF864FBC10B77", "F8806DD0C461824F"][:accounts]
    for n in names:
        write(root / n / "maps", TDF_MAGIC_BYTES + os.urandom(100))
        write(root / f"{n}s", TDF_MAGIC_BYTES + os.urandom(100))
    write(root / "user_data/media_cache/0/a.bin", os.urandom(100))
    return root


TDF_MAGIC_BYTES = b"TDF$"


def signal(home: Path, key: str = "encryptedKey") -> Path:
    root = home / ".config/Signal"
    sqlcipher_like(root / "sql/db.sqlite")
    write(root / "config.json", json.dumps({key: "763a2f" * 10, "mediaPermissions": True}))
    return root


def slack(home: Path) -> Path:
    root = home / ".config/Slack"
    write(root / "IndexedDB/https_app.slack.com_0.indexeddb.leveldb/000003.log", b"\0" * 500)
    write(root / "storage/root-state.json", b"{}")
    return root


def thunderbird_mail(home: Path) -> list[Path]:
    prof = home / ".thunderbird/abcd1234.default-release"
    mbox = "From - Tue Jan 02 03:04:06 2024\nSubject: hello\n\nbody\n"
    write(prof / "Mail/Local Folders/Inbox", mbox)
    write(prof / "Mail/Local Folders/Inbox.msf", "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    write(prof / "ImapMail/imap.example.com/INBOX", mbox * 3)
    write(prof / "ImapMail/imap.example.com/INBOX.msf", "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    write(prof / "ImapMail/imap.example.com/Sent.msf", "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    return [prof / "ImapMail", prof / "Mail"]


def pst(path: Path, unicode: bool = True, crypt: int = 1) -> Path:
    """A PST header (MS-PST 2.2.2.6): !BDN, wVer 23 (Unicode) or 14 (ANSI), bCryptMethod."""
    head = bytearray(1024)
    head[0:4] = b"!BDN"
    head[8:10] = b"SM"
    head[10:12] = struct.pack("<H", 23 if unicode else 14)
    head[12:14] = struct.pack("<H", 19)
    head[14] = head[15] = 1
    offset = 513 if unicode else 461
    head[offset - 1] = 0x80  # bSentinel
    head[offset] = crypt
    return write(path, bytes(head) + os.urandom(4096))
