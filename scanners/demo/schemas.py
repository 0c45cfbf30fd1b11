"""The SQLite schemas of the browser stores the demo sandbox holds, as the browsers create
them (the store scanners read these very tables). The test corpus (synth.browser_stores)
builds its stores from the same statements.

Chromium: components/test/data/password_manager (Login Data, version 41) and
components/test/data/web_database (Web Data, 2024+ generation). Firefox: NSS softoken's
key4.db (lib/softoken/sdb.c).
"""

from __future__ import annotations

LOGIN_DATA_V41 = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('version','41');
INSERT INTO meta VALUES('last_compatible_version','40');
CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR,
username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR,
signon_realm VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,
scheme INTEGER NOT NULL, password_type INTEGER, times_used INTEGER, form_data BLOB,
display_name VARCHAR, icon_url VARCHAR, federation_url VARCHAR, skip_zero_click INTEGER,
generation_upload_status INTEGER, possible_username_pairs BLOB,
id INTEGER PRIMARY KEY AUTOINCREMENT, date_last_used INTEGER, moving_blocked_for BLOB,
date_password_modified INTEGER, sender_email VARCHAR, sender_name VARCHAR, date_received INTEGER,
sharing_notification_displayed INTEGER NOT NULL DEFAULT 0, keychain_identifier BLOB,
sender_profile_image_url VARCHAR,
UNIQUE (origin_url, username_element, username_value, password_element, signon_realm));
CREATE INDEX logins_signon ON logins (signon_realm);
CREATE TABLE insecure_credentials (parent_id INTEGER REFERENCES logins ON UPDATE CASCADE
ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, insecurity_type INTEGER NOT NULL,
create_time INTEGER NOT NULL, is_muted INTEGER NOT NULL DEFAULT 0,
trigger_notification_from_backend INTEGER NOT NULL DEFAULT 0, UNIQUE (parent_id, insecurity_type));
CREATE INDEX foreign_key_index ON insecure_credentials (parent_id);
CREATE TABLE password_notes (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
parent_id INTEGER NOT NULL REFERENCES logins ON UPDATE CASCADE ON DELETE CASCADE
DEFERRABLE INITIALLY DEFERRED, key VARCHAR NOT NULL, value BLOB, date_created INTEGER NOT NULL,
confidential INTEGER, UNIQUE (parent_id, key));
CREATE TABLE stats (origin_domain VARCHAR NOT NULL, username_value VARCHAR,
dismissal_count INTEGER, update_time INTEGER NOT NULL, UNIQUE(origin_domain, username_value));
"""

WEB_COMMON = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE autofill (name VARCHAR, value VARCHAR, value_lower VARCHAR,
date_created INTEGER DEFAULT 0, date_last_used INTEGER DEFAULT 0, count INTEGER DEFAULT 1,
PRIMARY KEY (name, value));
CREATE INDEX autofill_name ON autofill (name);
CREATE INDEX autofill_name_value_lower ON autofill (name, value_lower);
CREATE TABLE credit_cards ( guid VARCHAR PRIMARY KEY, name_on_card VARCHAR,
expiration_month INTEGER, expiration_year INTEGER, card_number_encrypted BLOB,
date_modified INTEGER NOT NULL DEFAULT 0, origin VARCHAR DEFAULT '', use_count INTEGER NOT NULL
DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, billing_address_id VARCHAR, nickname VARCHAR);
CREATE TABLE masked_credit_cards (id VARCHAR,name_on_card VARCHAR,network VARCHAR,
last_four VARCHAR,exp_month INTEGER DEFAULT 0,exp_year INTEGER DEFAULT 0, bank_name VARCHAR,
nickname VARCHAR, card_issuer INTEGER DEFAULT 0, instrument_id INTEGER DEFAULT 0,
virtual_card_enrollment_state INTEGER DEFAULT 0, card_art_url VARCHAR,
product_description VARCHAR, card_issuer_id VARCHAR, virtual_card_enrollment_type INTEGER
DEFAULT 0);
CREATE TABLE server_card_metadata (id VARCHAR NOT NULL,use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, billing_address_id VARCHAR);
CREATE TABLE autofill_sync_metadata (model_type INTEGER NOT NULL, storage_key VARCHAR NOT NULL,
value BLOB, PRIMARY KEY (model_type, storage_key));
CREATE TABLE keywords (id INTEGER PRIMARY KEY,short_name VARCHAR NOT NULL,keyword VARCHAR NOT
NULL,favicon_url VARCHAR NOT NULL,url VARCHAR NOT NULL,safe_for_autoreplace INTEGER,
originating_url VARCHAR,date_created INTEGER DEFAULT 0,usage_count INTEGER DEFAULT 0,
input_encodings VARCHAR,suggest_url VARCHAR,prepopulate_id INTEGER DEFAULT 0,created_by_policy
INTEGER DEFAULT 0,last_modified INTEGER DEFAULT 0,sync_guid VARCHAR,alternate_urls VARCHAR);
"""

# 2024+: one addresses table with record_type, address_type_tokens
WEB_DATA_2024 = WEB_COMMON + """
INSERT INTO meta VALUES('version','135');
CREATE TABLE local_ibans (guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, value_encrypted VARCHAR, nickname VARCHAR);
CREATE TABLE masked_ibans (instrument_id VARCHAR PRIMARY KEY NOT NULL, prefix VARCHAR NOT NULL,
suffix VARCHAR NOT NULL, length INTEGER NOT NULL DEFAULT 0, nickname VARCHAR);
CREATE TABLE local_stored_cvc (guid VARCHAR PRIMARY KEY NOT NULL, value_encrypted VARCHAR
NOT NULL, last_updated_timestamp INTEGER NOT NULL);
CREATE TABLE addresses (guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0,
use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0,
language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0,
last_modifier_id INTEGER DEFAULT 0, record_type INTEGER, use_date2 INTEGER, use_date3 INTEGER);
CREATE TABLE address_type_tokens (guid VARCHAR, type INTEGER, value VARCHAR,
verification_status INTEGER DEFAULT 0, observations BLOB, PRIMARY KEY (guid, type));
CREATE TABLE plus_addresses (profile_id VARCHAR PRIMARY KEY, facet VARCHAR,
plus_address VARCHAR);
"""


# NSS softoken (lib/softoken/sdb.c): "CREATE TABLE metaData (id PRIMARY KEY UNIQUE ON CONFLICT
# REPLACE, item1, item2)"; object tables hold one column per PKCS#11 attribute ("a" + hex).
KEY4 = """
CREATE TABLE metaData (id PRIMARY KEY UNIQUE ON CONFLICT REPLACE, item1, item2);
CREATE TABLE nssPrivate (id PRIMARY KEY UNIQUE ON CONFLICT ABORT, a0, a1, a2, a3, a10, a11, a12,
a80, a81, a82, a83, a84, a85, a86, a100, a101, a102, a103, a104, a105, a106, a107, a108, a109,
a10a, a10b, a10c, a110, a111, a120, a121, a122, a123, a124, a125, a126, a127, a128, a129, a130,
a131, a132, a133, a134, a160, a161, a162, a163, a164, a165, a166, a170, a180, a181, a200, a201,
a202, a210, a300, a301, a302, a400, a401, a402, a403, a404, a405, a406, a480, a481, a482, a500,
a501, a502, a503, ace534351, ace534352, ace534353, ace534354, ace534355, ace534356, ace534357,
ace534358, ace534364, ace534365, ace534366, ace534367, ace534368, ace534369, ace5343ea,
ace5343eb);
CREATE TABLE nssPublic (id PRIMARY KEY UNIQUE ON CONFLICT ABORT, a0, a1, a2, a3, a10, a11, a81,
a82, a83, a84, a100, a102, a110, a120, a121);
"""
