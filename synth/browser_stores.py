"""Browser stores with their real schemas, built at test time (fake values only).

Chromium: the CREATE TABLE statements are those of Chromium's own migration fixtures
(chromium/chromium: components/test/data/web_database/version_110.sql, version_120.sql,
version_132.sql; components/test/data/password_manager/login_db_v28.sql and the v41
login_database.cc schema; History and Cookies from history_database / sqlite_persistent_
cookie_store). Firefox: nsPlacesTables.h, FormHistory.sys.mjs, CookiePersistentStorage.cpp,
LoginStore.sys.mjs, NSS sdb.c (key4.db) - see ../shared/reference/device-stores-and-permissions.md.

"Ciphertext" is the version prefix followed by bytes derived from the value by SHA-256:
it looks like a store's blob, and the test can still assert the value never leaks.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from scanners.demo.der import der as _der
from scanners.demo.der import integer as _int
from scanners.demo.der import oid as _oid
from scanners.demo.der import sequence as _seq
from scanners.demo.schemas import KEY4, LOGIN_DATA_V41, WEB_COMMON, WEB_DATA_2024
from scanners.demo.stores import fake_cipher, new_db

# 2024-01-02 03:04:06 UTC in each store's clock
CHROME_T = (1_704_164_646 + 11_644_473_600) * 1_000_000  # µs since 1601
PR_T = 1_704_164_646 * 1_000_000  # µs since 1970
DAY_US = 86_400 * 1_000_000


# ============================================================================ Chromium

# LOGIN_DATA_V41, WEB_COMMON, WEB_DATA_2024, KEY4: scanners.demo.schemas (imported above)

LOGIN_DATA_V28 = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('last_compatible_version','28');
INSERT INTO meta VALUES('version','28');
CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR,
username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR,
signon_realm VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,
scheme INTEGER NOT NULL, password_type INTEGER, times_used INTEGER, form_data BLOB,
date_synced INTEGER, display_name VARCHAR, icon_url VARCHAR, federation_url VARCHAR,
skip_zero_click INTEGER, generation_upload_status INTEGER, possible_username_pairs BLOB,
id INTEGER PRIMARY KEY AUTOINCREMENT, date_last_used INTEGER, moving_blocked_for BLOB,
UNIQUE (origin_url, username_element, username_value, password_element, signon_realm));
"""

# Web Data, three generations of the address tables.
_WEB_COMMON = WEB_COMMON  # scanners.demo.schemas: one copy for the product and the tests

WEB_DATA = {
    # version 110 (2022-23): autofill_profiles + side tables, plaintext ibans, empty contact_info
    "2022": _WEB_COMMON + """
INSERT INTO meta VALUES('version','110');
CREATE TABLE ibans ( guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, value VARCHAR, nickname VARCHAR);
CREATE TABLE autofill_profiles ( guid VARCHAR PRIMARY KEY, company_name VARCHAR,
street_address VARCHAR, dependent_locality VARCHAR, city VARCHAR, state VARCHAR, zipcode VARCHAR,
sorting_code VARCHAR, country_code VARCHAR, date_modified INTEGER NOT NULL DEFAULT 0,
origin VARCHAR DEFAULT '', language_code VARCHAR, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, label VARCHAR, disallow_settings_visible_updates INTEGER
NOT NULL DEFAULT 0);
CREATE TABLE autofill_profile_names ( guid VARCHAR, first_name VARCHAR, middle_name VARCHAR,
last_name VARCHAR, full_name VARCHAR, honorific_prefix VARCHAR, first_last_name VARCHAR,
conjunction_last_name VARCHAR, second_last_name VARCHAR, honorific_prefix_status INTEGER
DEFAULT 0, first_name_status INTEGER DEFAULT 0, middle_name_status INTEGER DEFAULT 0,
last_name_status INTEGER DEFAULT 0, first_last_name_status INTEGER DEFAULT 0,
conjunction_last_name_status INTEGER DEFAULT 0, second_last_name_status INTEGER DEFAULT 0,
full_name_status INTEGER DEFAULT 0, full_name_with_honorific_prefix VARCHAR,
full_name_with_honorific_prefix_status INTEGER DEFAULT 0);
CREATE TABLE autofill_profile_emails ( guid VARCHAR, email VARCHAR);
CREATE TABLE autofill_profile_phones ( guid VARCHAR, number VARCHAR);
CREATE TABLE autofill_profile_birthdates ( guid VARCHAR, day INTEGER DEFAULT 0,
month INTEGER DEFAULT 0, year INTEGER DEFAULT 0);
CREATE TABLE contact_info( guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0,
language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0,
last_modifier_id INTEGER DEFAULT 0);
CREATE TABLE contact_info_type_tokens( guid VARCHAR, type INTEGER, value VARCHAR,
verification_status INTEGER DEFAULT 0, PRIMARY KEY (guid, type));
""",
    # version 120 (2023-24): local_addresses + contact_info with type tokens, local_ibans
    "2023": _WEB_COMMON + """
INSERT INTO meta VALUES('version','120');
CREATE TABLE contact_info( guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0,
language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0,
last_modifier_id INTEGER DEFAULT 0);
CREATE TABLE contact_info_type_tokens( guid VARCHAR, type INTEGER, value VARCHAR,
verification_status INTEGER DEFAULT 0, observations BLOB, PRIMARY KEY (guid, type));
CREATE TABLE local_addresses ( guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0,
language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0,
last_modifier_id INTEGER DEFAULT 0);
CREATE TABLE local_addresses_type_tokens( guid VARCHAR, type INTEGER, value VARCHAR,
verification_status INTEGER DEFAULT 0, observations BLOB, PRIMARY KEY (guid, type));
CREATE TABLE local_stored_cvc (guid VARCHAR PRIMARY KEY NOT NULL, value_encrypted VARCHAR
NOT NULL, last_updated_timestamp INTEGER NOT NULL);
CREATE TABLE server_stored_cvc (instrument_id INTEGER PRIMARY KEY NOT NULL, value_encrypted
VARCHAR NOT NULL, last_updated_timestamp INTEGER NOT NULL);
CREATE TABLE masked_ibans_metadata (instrument_id VARCHAR PRIMARY KEY NOT NULL,use_count INTEGER
NOT NULL DEFAULT 0,use_date INTEGER NOT NULL DEFAULT 0);
CREATE TABLE masked_ibans (instrument_id VARCHAR PRIMARY KEY NOT NULL,prefix VARCHAR NOT NULL,
suffix VARCHAR NOT NULL,length INTEGER NOT NULL DEFAULT 0,nickname VARCHAR);
CREATE TABLE local_ibans (guid VARCHAR PRIMARY KEY,use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0,value_encrypted VARCHAR,nickname VARCHAR);
""",
    # 2024+: one addresses table with record_type, address_type_tokens
    "2024": WEB_DATA_2024,
}

HISTORY = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('version','69');
CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,
visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,
last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL);
CREATE INDEX urls_url_index ON urls (url);
CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT,url INTEGER NOT NULL,
visit_time INTEGER NOT NULL,from_visit INTEGER,external_referrer_url TEXT,
transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,visit_duration INTEGER DEFAULT 0 NOT
NULL,incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL,opener_visit INTEGER,
originator_cache_guid TEXT,originator_visit_id INTEGER,originator_from_visit INTEGER,
originator_opener_visit INTEGER,is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL,
consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL,visited_link_id INTEGER DEFAULT 0
NOT NULL,app_id TEXT);
CREATE INDEX visits_url_index ON visits (url);
CREATE INDEX visits_time_index ON visits (visit_time);
CREATE TABLE downloads (id INTEGER PRIMARY KEY,guid VARCHAR NOT NULL,current_path LONGVARCHAR NOT
NULL,target_path LONGVARCHAR NOT NULL,start_time INTEGER NOT NULL,received_bytes INTEGER NOT
NULL,total_bytes INTEGER NOT NULL,state INTEGER NOT NULL,danger_type INTEGER NOT NULL,
interrupt_reason INTEGER NOT NULL,hash BLOB NOT NULL,end_time INTEGER NOT NULL,opened INTEGER
NOT NULL,last_access_time INTEGER NOT NULL,transient INTEGER NOT NULL,referrer VARCHAR NOT NULL,
site_url VARCHAR NOT NULL,embedder_download_data VARCHAR NOT NULL,tab_url VARCHAR NOT NULL,
tab_referrer_url VARCHAR NOT NULL,http_method VARCHAR NOT NULL,by_ext_id VARCHAR NOT NULL,
by_ext_name VARCHAR NOT NULL,etag VARCHAR NOT NULL,last_modified VARCHAR NOT NULL,
mime_type VARCHAR(255) NOT NULL,original_mime_type VARCHAR(255) NOT NULL);
"""

COOKIES = {
    # sqlite_persistent_cookie_store.cc, schema 22 (Network/Cookies)
    "v22": """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('version','22');
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT
NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,
expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,
last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,
priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,
source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,
has_cross_site_ancestor INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key,
has_cross_site_ancestor, name, path, source_scheme, source_port);
""",
    # schema 11 (2019, profile/Cookies): values may still be in the clear
    "v11": """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('version','11');
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,name TEXT NOT NULL,
value TEXT NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,
is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL
DEFAULT 1,is_persistent INTEGER NOT NULL DEFAULT 1,priority INTEGER NOT NULL DEFAULT 1,
encrypted_value BLOB DEFAULT '',samesite INTEGER NOT NULL DEFAULT -1,source_scheme INTEGER NOT
NULL DEFAULT 0,UNIQUE (host_key, name, path));
""",
}

# Synthetic secrets: tests assert none of them ever appears in a finding.
PASSWORDS = ["Hunter2-synthetic!", "correct horse battery staple 42", "s3cr3t-Ünïcode-密码"]
CARD_NUMBERS = ["4242424242424242", "6212345678900018"]  # Visa, UnionPay (test ranges)
IBAN = "DE89370400440532013000"
COOKIE_VALUE = "SESSIONID-synthetic-0123456789abcdef"


def write_login_data(path: Path, prefix: bytes = b"v10", *, schema: str = "v41",
                     logins: Sequence[tuple[str, str, str]] | None = None,
                     blocklisted: int = 1, leaked: int = 1) -> Path:
    """Login Data: (origin, username, password) rows; password_value = prefix + "ciphertext".

    An empty prefix stores the password itself (Chromium's legacy "no prefix" case).
    """
    rows = list(logins if logins is not None else [
        ("https://mail.example.com/login", "alice", PASSWORDS[0]),
        ("https://u:pw@shop.example.org/", "alice@example.org", PASSWORDS[1]),
        ("https://bank.example.cn/", "13800000000", PASSWORDS[2]),
    ])
    with closing(new_db(path, LOGIN_DATA_V41 if schema == "v41" else LOGIN_DATA_V28)) as db:
        for origin, user, password in rows:
            value = password.encode() if not prefix else fake_cipher(prefix, password)
            realm = origin.split("/", 3)
            db.execute(
                "INSERT INTO logins (origin_url, action_url, username_element, username_value,"
                " password_element, password_value, submit_element, signon_realm, date_created,"
                " blacklisted_by_user, scheme, password_type, times_used)"
                " VALUES (?, ?, 'user', ?, 'pass', ?, '', ?, ?, 0, 0, 0, 1)",
                (origin, origin, user, value, "/".join(realm[:3]) + "/", CHROME_T))
        for i in range(blocklisted):
            db.execute(
                "INSERT INTO logins (origin_url, signon_realm, date_created, blacklisted_by_user,"
                " scheme, password_value) VALUES (?, ?, ?, 1, 0, X'')",
                (f"https://never{i}.example.net/", f"https://never{i}.example.net/", CHROME_T))
        if schema == "v41":
            for pid in range(1, min(leaked, len(rows)) + 1):
                db.execute("INSERT INTO insecure_credentials VALUES (?, 0, ?, 0, 0)",
                           (pid, CHROME_T))
        db.commit()
    return path


def write_web_data(path: Path, generation: str = "2024", prefix: bytes = b"v10", *,
                   cards: Sequence[tuple[str, int, int]] = ((CARD_NUMBERS[0], 9, 2027),),
                   server_cards: Sequence[tuple[str, str, int, int]] = (
                       ("unionpay", "0018", 3, 2028),),
                   addresses: int = 2, entries: int = 3, ibans: bool = True) -> Path:
    """Web Data of one schema generation ("2022", "2023", "2024") with fake values."""
    with closing(new_db(path, WEB_DATA[generation])) as db:
        for i, (number, month, year) in enumerate(cards):
            blob = number.encode() if not prefix else fake_cipher(prefix, number)
            db.execute("INSERT INTO credit_cards (guid, name_on_card, expiration_month,"
                       " expiration_year, card_number_encrypted) VALUES (?, ?, ?, ?, ?)",
                       (f"card-{i}", "Alice Example", month, year, blob))
            if generation != "2022":
                db.execute("INSERT INTO local_stored_cvc VALUES (?, ?, ?)",
                           (f"card-{i}", fake_cipher(prefix or b"v10", "123"), 1))
        for i, (network, last4, month, year) in enumerate(server_cards):
            db.execute("INSERT INTO masked_credit_cards (id, name_on_card, network, last_four,"
                       " exp_month, exp_year) VALUES (?, 'Alice Example', ?, ?, ?, ?)",
                       (f"srv-{i}", network, last4, month, year))
        for i in range(entries):
            name, value = [("email", "alice@example.com"), ("q", "weather tomorrow"),
                           ("name", "Alice Example")][i % 3]
            db.execute("INSERT INTO autofill VALUES (?, ?, ?, ?, ?, ?)",
                       (name, f"{value}{i}", f"{value}{i}".lower(), 1_704_164_646 + i,
                        1_704_164_646 + 86_400 * (i + 1), 1 + i))
        tokens = [(7, "Alice Example"), (9, "alice@example.com"), (14, "+8613800000000"),
                  (77, "1 Example Road"), (33, "Beijing"), (35, "100000")]
        for i in range(addresses):
            guid = f"addr-{i}"
            if generation == "2022":
                db.execute("INSERT INTO autofill_profiles (guid, company_name, street_address,"
                           " city, zipcode, country_code) VALUES (?, '', ?, ?, ?, 'CN')",
                           (guid, "1 Example Road", "Beijing", "100000"))
                db.execute("INSERT INTO autofill_profile_names (guid, first_name, last_name,"
                           " full_name) VALUES (?, 'Alice', 'Example', 'Alice Example')",
                           (guid,))
                db.execute("INSERT INTO autofill_profile_emails VALUES (?, ?)",
                           (guid, "alice@example.com"))
                db.execute("INSERT INTO autofill_profile_phones VALUES (?, ?)",
                           (guid, "+8613800000000"))
            else:
                table, tok = (("addresses", "address_type_tokens") if generation == "2024"
                              else ("local_addresses", "local_addresses_type_tokens"))
                if generation == "2024":
                    db.execute("INSERT INTO addresses (guid, record_type) VALUES (?, ?)",
                               (guid, i % 2))
                else:
                    db.execute(f"INSERT INTO {table} (guid) VALUES (?)", (guid,))
                for t, v in tokens:
                    db.execute(f"INSERT INTO {tok} (guid, type, value) VALUES (?, ?, ?)",
                               (guid, t, v))
        if ibans:
            if generation == "2022":
                db.execute("INSERT INTO ibans (guid, value) VALUES ('iban-0', ?)", (IBAN,))
            else:
                db.execute("INSERT INTO local_ibans (guid, value_encrypted) VALUES ('iban-0', ?)",
                           (fake_cipher(prefix or b"v10", IBAN),))
                db.execute("INSERT INTO masked_ibans VALUES ('m-0', 'FR', '0189', 27, '')")
        db.commit()
    return path


HOSTS = ["www.example.com", "news.example.org", "mail.example.cn"]


def write_history(path: Path, pages: int = 30, visits_per_page: int = 2) -> Path:
    with closing(new_db(path, HISTORY)) as db:
        for i in range(pages):
            host = HOSTS[i % len(HOSTS)]
            url = f"https://{host}/page/{i}?q=x"
            if i == 1:
                url = f"https://user:{PASSWORDS[0]}@{host}:8443/secret"
            db.execute("INSERT INTO urls (url, title, visit_count, typed_count, last_visit_time)"
                       " VALUES (?, ?, ?, 0, ?)", (url, f"Page {i}", visits_per_page,
                                                   CHROME_T + i * DAY_US))
            for v in range(visits_per_page):
                db.execute("INSERT INTO visits (url, visit_time, transition) VALUES (?, ?, 0)",
                           (i + 1, CHROME_T + (i * visits_per_page + v) * DAY_US))
        db.execute("INSERT INTO downloads (id, guid, current_path, target_path, start_time,"
                   " received_bytes, total_bytes, state, danger_type, interrupt_reason, hash,"
                   " end_time, opened, last_access_time, transient, referrer, site_url,"
                   " embedder_download_data, tab_url, tab_referrer_url, http_method, by_ext_id,"
                   " by_ext_name, etag, last_modified, mime_type, original_mime_type) VALUES"
                   " (1, 'g', '/tmp/a.pdf', '/tmp/a.pdf', 0, 1, 1, 1, 0, 0, X'', 0, 0, 0, 0, '',"
                   " '', '', '', '', 'GET', '', '', '', '', 'application/pdf', '')")
        db.commit()
    return path


def write_cookies(path: Path, prefix: bytes = b"v10", schema: str = "v22",
                  count: int = 12) -> Path:
    with closing(new_db(path, COOKIES[schema])) as db:
        for i in range(count):
            host = "." + HOSTS[i % len(HOSTS)]
            clear = COOKIE_VALUE if not prefix else ""
            enc = fake_cipher(prefix, COOKIE_VALUE) if prefix else b""
            if schema == "v22":
                db.execute("INSERT INTO cookies VALUES (?, ?, '', ?, ?, ?, '/', 0, 1, 1, 0, 1, 1,"
                           " 1, 0, 2, 443, 0, 0, 0)", (CHROME_T + i, host, f"c{i}", clear, enc))
            else:
                db.execute("INSERT INTO cookies (creation_utc, host_key, name, value, path,"
                           " expires_utc, is_secure, is_httponly, last_access_utc,"
                           " encrypted_value) VALUES (?, ?, ?, ?, '/', 0, 1, 1, 0, ?)",
                           (CHROME_T + i, host, f"c{i}", clear, enc))
        db.commit()
    return path


CHROMIUM_ROOTS = {
    "linux": ".config/google-chrome",
    "macos": "Library/Application Support/Google/Chrome",
    "windows": "AppData/Local/Google/Chrome/User Data",
}


def chromium_profile(home: Path, os_name: str = "linux", profile: str = "Default", *,
                     prefix: bytes = b"v10", generation: str = "2024",
                     root: str | None = None, profile_name: str = "Person 1",
                     app_bound: bool = False) -> Path:
    """A whole profile: Local State, Login Data, Web Data, History, Network/Cookies."""
    base = home / (root or CHROMIUM_ROOTS[os_name])
    prof = base / profile if profile else base
    prof.mkdir(parents=True, exist_ok=True)
    state_path = base / "Local State"
    state: dict[str, object] = {}
    if state_path.exists():
        state = json.loads(state_path.read_text(encoding="utf-8"))
    cache = state.setdefault("profile", {"info_cache": {}})
    assert isinstance(cache, dict)
    cache["info_cache"][profile] = {"name": profile_name, "user_name": "alice@example.com"}
    crypt: dict[str, str] = {}
    if os_name == "windows":
        crypt["encrypted_key"] = "RFBBUEk="  # base64("DPAPI"): a key name, never read
        if app_bound:
            crypt["app_bound_encrypted_key"] = "QVBQQg=="
    state["os_crypt"] = crypt
    state_path.write_text(json.dumps(state), encoding="utf-8")
    write_login_data(prof / "Login Data", prefix)
    write_web_data(prof / "Web Data", generation, prefix)
    write_history(prof / "History")
    write_cookies(prof / "Network" / "Cookies", prefix)
    return prof


def corrupt_sqlite(path: Path, size: int = 4096) -> Path:
    """SQLite magic followed by random bytes: the header lies, the pages are garbage."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(size - 16))
    return path


# ============================================================================ Firefox

PLACES = {
    # current (2023+): moz_origins, alt_frecency
    "current": """
CREATE TABLE moz_origins ( id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL,
frecency INTEGER NOT NULL, recalc_frecency INTEGER NOT NULL DEFAULT 0, alt_frecency INTEGER,
recalc_alt_frecency INTEGER NOT NULL DEFAULT 0, UNIQUE (prefix, host) );
CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR,
rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL,
typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER ,
guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL, url_hash INTEGER DEFAULT 0 NOT NULL ,
description TEXT, preview_image_url TEXT, site_name TEXT, origin_id INTEGER REFERENCES
moz_origins(id), recalc_frecency INTEGER NOT NULL DEFAULT 0, alt_frecency INTEGER,
recalc_alt_frecency INTEGER NOT NULL DEFAULT 0);
CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER,
visit_date INTEGER, visit_type INTEGER, session INTEGER, source INTEGER DEFAULT 0 NOT NULL,
triggeringPlaceId INTEGER);
CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, type INTEGER, fk INTEGER DEFAULT NULL,
parent INTEGER, position INTEGER, title LONGVARCHAR, keyword_id INTEGER, folder_type TEXT,
dateAdded INTEGER, lastModified INTEGER, guid TEXT, syncStatus INTEGER NOT NULL DEFAULT 0,
syncChangeCounter INTEGER NOT NULL DEFAULT 1);
CREATE INDEX moz_places_hostindex ON moz_places (rev_host);
CREATE INDEX moz_historyvisits_dateindex ON moz_historyvisits (visit_date);
""",
    # Firefox 4-60 era: no moz_origins, favicon_id in moz_places
    "legacy": """
CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR,
rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL,
typed INTEGER DEFAULT 0 NOT NULL, favicon_id INTEGER, frecency INTEGER DEFAULT -1 NOT NULL,
last_visit_date INTEGER , guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL,
url_hash INTEGER DEFAULT 0 NOT NULL);
CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER,
visit_date INTEGER, visit_type INTEGER, session INTEGER);
""",
}

FORMHISTORY = """
CREATE TABLE moz_formhistory (id INTEGER PRIMARY KEY, fieldname TEXT NOT NULL,
value TEXT NOT NULL, timesUsed INTEGER, firstUsed INTEGER, lastUsed INTEGER, guid TEXT);
CREATE TABLE moz_deleted_formhistory (id INTEGER PRIMARY KEY, timeDeleted INTEGER, guid TEXT);
CREATE TABLE moz_sources (id INTEGER PRIMARY KEY, source TEXT NOT NULL);
CREATE TABLE moz_history_to_sources (history_id INTEGER, source_id INTEGER,
PRIMARY KEY (history_id, source_id),
FOREIGN KEY (history_id) REFERENCES moz_formhistory(id) ON DELETE CASCADE,
FOREIGN KEY (source_id) REFERENCES moz_sources(id) ON DELETE CASCADE) WITHOUT ROWID;
CREATE INDEX moz_formhistory_index ON moz_formhistory (fieldname);
"""

MOZ_COOKIES = """
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',
name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER,
creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0,
sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER
DEFAULT 0, updateTime INTEGER, CONSTRAINT moz_uniqueid UNIQUE (name, host, path,
originAttributes));
"""


_OID_PBES2 = "1.2.840.113549.1.5.13"
_OID_PBKDF2 = "1.2.840.113549.1.5.12"
_OID_HMAC_SHA256 = "1.2.840.113549.2.9"
_OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"
_OID_PBE_SHA1_3DES = "1.2.840.113549.1.12.5.1.3"


def _pad(data: bytes, block: int) -> bytes:
    n = block - len(data) % block
    return data + bytes([n]) * n


def password_check_pbes2(global_salt: bytes, password: str, *, entry_salt: bytes = b"E" * 32,
                         iterations: int = 1, iv14: bytes = b"I" * 14,
                         claimed_iterations: int | None = None) -> bytes:
    """metaData 'password'.item2 as NSS >= 3.41 writes it: PBES2 (PBKDF2-HMAC-SHA256,
    AES-256-CBC) over "password-check", keyed by SHA-1(global salt + password).

    `claimed_iterations` writes another count than the one used (a hostile file)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    k = hashlib.sha1(global_salt + password.encode()).digest()
    key = hashlib.pbkdf2_hmac("sha256", k, entry_salt, iterations, dklen=32)
    iv = b"\x04\x0e" + iv14  # NSS keeps the DER header of the 14-byte IV as its first bytes
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = enc.update(_pad(b"password-check", 16)) + enc.finalize()
    params = _seq(
        _seq(_oid(_OID_PBKDF2), _seq(_der(0x04, entry_salt),
                                     _int(claimed_iterations or iterations), _int(32),
                                     _seq(_oid(_OID_HMAC_SHA256)))),
        _seq(_oid(_OID_AES256_CBC), _der(0x04, iv14)))
    return _seq(_seq(_oid(_OID_PBES2), params), _der(0x04, ct))


def password_check_3des(global_salt: bytes, password: str, *,
                        entry_salt: bytes = b"S" * 20) -> bytes:
    """metaData 'password'.item2 as NSS < 3.41 (Firefox 58-71 key4.db) writes it."""
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

    hp = hashlib.sha1(global_salt + password.encode()).digest()
    pes = entry_salt + b"\x00" * (20 - len(entry_salt))
    chp = hashlib.sha1(hp + entry_salt).digest()
    k1 = hmac.new(chp, pes + entry_salt, hashlib.sha1).digest()
    tk = hmac.new(chp, pes, hashlib.sha1).digest()
    k2 = hmac.new(chp, tk + entry_salt, hashlib.sha1).digest()
    k = k1 + k2
    enc = Cipher(TripleDES(k[:24]), modes.CBC(k[-8:])).encryptor()
    ct = enc.update(_pad(b"password-check", 8)) + enc.finalize()
    return _seq(_seq(_oid(_OID_PBE_SHA1_3DES), _seq(_der(0x04, entry_salt), _int(1))),
                _der(0x04, ct))


def write_key4(path: Path, primary_password: str = "", *, algo: str = "pbes2") -> Path:
    """key4.db whose password check opens with `primary_password` ("" = none set).

    The real libnss3 agrees (tests/unit/test_stores_firefox.py asks it, through
    scanners.sources.stores.nss, on every run): for both algorithms PK11_NeedLogin is 0 without a
    primary password and 1 with one; the empty password opens only the first."""
    salt = hashlib.sha1(b"global salt " + path.as_posix().encode()).digest()
    if algo == "pbes2":
        check = password_check_pbes2(salt, primary_password,
                                     iterations=1 if not primary_password else 10_000)
    else:
        check = password_check_3des(salt, primary_password)
    with closing(new_db(path, KEY4)) as db:
        db.execute("INSERT INTO metaData VALUES ('password', ?, ?)", (salt, check))
        db.execute("INSERT INTO metaData VALUES ('Version', 1, NULL)")
        db.commit()
    return path


def write_logins_json(path: Path, n: int = 3, *, enc_type: int = 1, fxa: bool = True) -> Path:
    logins = []
    hosts = ["https://mail.example.com", "https://shop.example.org", "https://bank.example.cn",
             "https://a.example.net"]
    for i in range(n):
        secret = PASSWORDS[i % len(PASSWORDS)]
        blob = hashlib.sha256(secret.encode()).digest().hex()
        logins.append({
            "id": i + 1, "hostname": hosts[i % len(hosts)], "httpRealm": None,
            "formSubmitURL": hosts[i % len(hosts)], "usernameField": "user",
            "passwordField": "pass",
            "encryptedUsername": "MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA" + blob[:16],
            "encryptedPassword": ("MEIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA" + blob
                                  if enc_type else secret),
            "guid": f"{{{i:08d}-0000-4000-8000-000000000000}}", "encType": enc_type,
            "timeCreated": 1_704_164_646_000, "timeLastUsed": 1_704_164_646_000,
            "timePasswordChanged": 1_704_164_646_000, "timesUsed": 1,
        })
    if fxa:
        logins.append({"id": n + 1, "hostname": "chrome://FirefoxAccounts", "httpRealm":
                       "Firefox Accounts credentials", "formSubmitURL": None,
                       "usernameField": "", "passwordField": "", "encryptedUsername": "MDo=",
                       "encryptedPassword": "MDo=", "guid": "{fxa}", "encType": 1,
                       "timeCreated": 0, "timeLastUsed": 0, "timePasswordChanged": 0,
                       "timesUsed": 1})
    data = {"nextId": n + 2, "logins": logins, "potentiallyVulnerablePasswords": [],
            "dismissedBreachAlertsByLoginGUID": {}, "version": 3}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_places(path: Path, schema: str = "current", pages: int = 20,
                 visits_per_page: int = 3) -> Path:
    with closing(new_db(path, PLACES[schema])) as db:
        for i in range(pages):
            host = HOSTS[i % len(HOSTS)]
            url = f"https://{host}/p/{i}"
            if i == 2:
                url = f"https://user:{PASSWORDS[1]}@{host}/private"
            db.execute("INSERT INTO moz_places (id, url, title, rev_host, visit_count,"
                       " last_visit_date, guid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (i + 1, url, f"P{i}", host[::-1] + ".", visits_per_page,
                        PR_T + i * DAY_US, f"g{i:010d}"))
            for v in range(visits_per_page):
                db.execute("INSERT INTO moz_historyvisits (place_id, visit_date, visit_type,"
                           " session) VALUES (?, ?, 1, 0)",
                           (i + 1, PR_T + (i * visits_per_page + v) * DAY_US))
        # a bookmark never visited: a place, not history
        db.execute("INSERT INTO moz_places (id, url, rev_host, visit_count, guid) VALUES"
                   " (?, 'https://bookmark.example.com/', 'moc.elpmaxe.kramkoob.', 0, 'bm')",
                   (pages + 1,))
        db.commit()
    return path


def write_formhistory(path: Path, n: int = 4) -> Path:
    with closing(new_db(path, FORMHISTORY)) as db:
        for i in range(n):
            field, value = [("email", "alice@example.com"), ("searchbar-history", "flu"),
                            ("tel", "13800000000"), ("name", "Alice")][i % 4]
            db.execute("INSERT INTO moz_formhistory (fieldname, value, timesUsed, firstUsed,"
                       " lastUsed, guid) VALUES (?, ?, 1, ?, ?, ?)",
                       (field, f"{value}{i}", PR_T + i, PR_T + i * DAY_US, f"f{i}"))
        db.commit()
    return path


def write_moz_cookies(path: Path, n: int = 9) -> Path:
    with closing(new_db(path, MOZ_COOKIES)) as db:
        for i in range(n):
            db.execute("INSERT INTO moz_cookies (name, value, host, path, expiry, lastAccessed,"
                       " creationTime, isSecure, isHttpOnly) VALUES (?, ?, ?, '/', 0, ?, ?, 1, 1)",
                       (f"c{i}", COOKIE_VALUE, "." + HOSTS[i % len(HOSTS)], PR_T, PR_T))
        db.commit()
    return path


def write_autofill_profiles(path: Path, addresses: int = 1, cards: int = 1,
                            plain_number: bool = False) -> Path:
    data: dict[str, object] = {
        "version": 1,
        "addresses": [{"guid": f"a{i}", "name": "Alice Example", "street-address": "1 Road",
                       "address-level2": "Beijing", "postal-code": "100000", "country": "CN",
                       "tel": "+8613800000000", "email": "alice@example.com",
                       "timeCreated": 1_704_164_646_000, "timesUsed": 1, "version": 1}
                      for i in range(addresses)]
        + [{"guid": "gone", "deleted": True, "timeLastModified": 1}],
        "creditCards": [{"guid": f"c{i}", "cc-name": "Alice Example",
                         "cc-number": (CARD_NUMBERS[i % 2] if plain_number
                                       else "*" * 12 + CARD_NUMBERS[i % 2][-4:]),
                         "cc-number-encrypted": "" if plain_number else "MIIB" + "A" * 40,
                         "cc-exp-month": 9, "cc-exp-year": 2027,
                         "cc-type": ["visa", "unionpay"][i % 2], "version": 3}
                        for i in range(cards)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


FIREFOX_ROOTS = {
    ("firefox", "linux"): ".mozilla/firefox",
    ("firefox", "macos"): "Library/Application Support/Firefox",
    ("firefox", "windows"): "AppData/Roaming/Mozilla/Firefox",
    ("thunderbird", "linux"): ".thunderbird",
    ("thunderbird", "macos"): "Library/Thunderbird",
    ("thunderbird", "windows"): "AppData/Roaming/Thunderbird",
}


def firefox_profile(home: Path, app: str = "firefox", os_name: str = "linux",
                    folder: str = "abcd1234.default-release", *, primary_password: str = "",
                    ini: bool = True, full: bool = True) -> Path:
    """A Firefox/Thunderbird profile with profiles.ini and every store."""
    root = home / FIREFOX_ROOTS[(app, os_name)]
    rel = folder if os_name == "linux" else f"Profiles/{folder}"
    prof = root / rel
    prof.mkdir(parents=True, exist_ok=True)
    if ini:
        existing = (root / "profiles.ini").read_text() if (root / "profiles.ini").exists() else \
            "[General]\nStartWithLastProfile=1\nVersion=2\n"
        n = existing.count("[Profile")
        existing += f"\n[Profile{n}]\nName=default-{n}\nIsRelative=1\nPath={rel}\nDefault=1\n"
        (root / "profiles.ini").write_text(existing, encoding="utf-8")
    write_logins_json(prof / "logins.json")
    write_key4(prof / "key4.db", primary_password)
    if full:
        write_places(prof / "places.sqlite")
        write_formhistory(prof / "formhistory.sqlite")
        write_moz_cookies(prof / "cookies.sqlite")
        write_autofill_profiles(prof / "autofill-profiles.json")
    return prof


# ============================================================================ running a scanner

SECRETS = [*PASSWORDS, *CARD_NUMBERS, IBAN, COOKIE_VALUE, "alice@example.com", "Alice Example",
           "13800000000", "1 Example Road", "weather tomorrow"]


def run_scanner(cls: type, home: Path, platform: str = "linux",
                **options: object) -> tuple[list, list, object]:
    """(findings, errors, ctx) of one store scanner over a fixture home; `options` are more
    ScanContext fields (nss_password_check=True)."""
    from scanners.base import ScanContext
    from scanners.detection.redact import Redactor

    errors: list = []
    ctx = ScanContext(roots=[home], rules=None, redactor=Redactor(b"k" * 32),  # type: ignore[arg-type]
                      home=home, sysroot=home / "no-sysroot", platform=platform,
                      on_error=errors.append, **options)  # type: ignore[arg-type]
    scanner = cls()
    findings = list(scanner.scan(ctx)) if scanner.applies(ctx) else []
    return findings, errors, ctx


def leaked(findings: Sequence[object]) -> list[str]:
    """Synthetic secrets that appear anywhere in the findings' JSON (must be none)."""
    text = "\n".join(json.dumps(f.to_dict(), ensure_ascii=False) for f in findings)  # type: ignore[attr-defined]
    return [s for s in SECRETS if s in text or s.lower() in text.lower()]


UNPRIVILEGED_SKIP = dict(
    condition=os.geteuid() == 0 and shutil.which("unshare") is None,
    reason="root ignores file modes and unshare is missing to run the case unprivileged",
)


def scan_unprivileged(module: str, cls: str, home: Path) -> dict[str, list[Any]]:
    """Run a store scanner over `home` in a child process that file modes bind: as root
    (which reads through mode 000) under `unshare` as a mapped ordinary user.
    Returns {"rules": [...], "errors": [[location, reason], ...]}, sorted."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        f"from {module} import {cls}\n"
        "from synth.browser_stores import run_scanner\n"
        f"f, e, _ = run_scanner({cls}, Path(sys.argv[1]))\n"
        "print(json.dumps({'rules': sorted({x.rule for x in f}),\n"
        "                  'errors': sorted((x.location, x.reason) for x in e)}))\n"
    )
    prefix: list[str] = []
    if os.geteuid() == 0:
        prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    root = Path(__file__).resolve().parents[1]  # the repo root, where `synth` imports from
    proc = subprocess.run([*prefix, sys.executable, "-c", script, str(home)],
                          capture_output=True, text=True, cwd=root, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out: dict[str, list[Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out
