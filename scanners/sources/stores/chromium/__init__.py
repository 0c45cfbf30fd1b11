"""Chromium-family browsers (Chrome, Chromium, Edge, Brave, Vivaldi, Opera): what each
profile keeps, and how well it is protected. Never decrypts; never reads a password, a card
number or a cookie value beyond its first three bytes (the encryption version prefix).

Locations: `[chromium]` in resources/stores.toml - `browsers.<key>.{name,linux,macos,windows}`
(user-data folders), `profile_globs`, `login_files`, `web_data`, `history`, `cookies`.

Findings, one per store part per profile (rule ids are a public contract):
  stores.chromium.logins     credential  Login Data / Login Data For Account: saved logins
  stores.chromium.cards      financial   Web Data: credit_cards (+ masked server cards, CVCs)
  stores.chromium.ibans      financial   Web Data: ibans / local_ibans (+ masked_ibans)
  stores.chromium.addresses  contact     Web Data: autofill_profiles* / local_addresses,
                                         contact_info / addresses (+ *_type_tokens)
  stores.chromium.autofill   contact or basic  Web Data: autofill (form entries)
  stores.chromium.history    behaviour   History: urls, visits, downloads
  stores.chromium.cookies    behaviour   Network/Cookies (or Cookies): cookies

Detail keys (all text): browser, profile (folder name), profile_name (from Local State),
path (display path of the file), records, protection, schema (generation), db_version (meta
table), and per part: prefixes ("v10:3, v11:9"), sites, top_sites, blocklisted,
insecure_* (Chrome's own leaked/phished/weak/reused flags), local_cards, server_cards,
number_stored, cvc_stored, local_ibans, server_ibans, fields, field_names, entries,
pages, visits, first_visit, last_visit, downloads, hosts, top_hosts, value_storage,
app_bound_key.

Protection from the ciphertext prefix (chromium/chromium: components/os_crypt): Linux "v10"
is AES under a key derived from the public string "peanuts" -> "weak-key" (effectively
plaintext); Linux "v11" has its key in the keyring -> "keyring"; macOS "v10" (Keychain),
Windows "v10" (DPAPI-wrapped key), Windows "v20" (app-bound) and raw DPAPI blobs ->
"keyring"; no prefix on a non-empty value (legacy) -> "plaintext". Autofill entries,
addresses, history and host names are kept in the clear -> "plaintext".

The package: `profiles` (where profiles are), `protection` (what a ciphertext prefix says),
`scanner` (stores.chromium), one reader per database (`logins`, `web_data`, `history`,
`cookies`) and what they share (`schema`).
"""

from __future__ import annotations

from scanners.sources.stores.chromium.profiles import KIND, SCANNER_ID, Profile, find_profiles
from scanners.sources.stores.chromium.protection import protection_of
from scanners.sources.stores.chromium.scanner import ChromiumScanner

__all__ = ["KIND", "SCANNER_ID", "ChromiumScanner", "Profile", "find_profiles", "protection_of"]
