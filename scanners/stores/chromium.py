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
"""

from __future__ import annotations

import fnmatch
import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, ScanError, Severity
from scanners.stores.browsers import (
    CHROME_RANGE,
    MAX_HOSTS,
    MAX_SAMPLES,
    UNIX_S_RANGE,
    ProfileScanner,
    add_hosts,
    brand_from_number,
    brand_name,
    card_sample,
    chrome_date,
    clean_host,
    clean_text,
    plural,
    read_json,
    span_sql,
    top_hosts,
    unix_s_date,
    worst,
)
from scanners.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    display_path,
    expand,
    make_finding,
    os_key,
    read_store,
    scan_error,
    store_table,
    store_uri,
    strings,
    tables,
)

SCANNER_ID = "stores.chromium"
KIND = "chromium"

# Chrome's own flags on saved passwords (password_manager InsecureType).
_INSECURE = {0: "leaked", 1: "phished", 2: "weak", 3: "reused"}

# Chrome autofill FieldType numbers (components/autofill/core/browser/field_types.h) grouped
# into what a person would call them; the values themselves are never read.
_FIELD_GROUPS: dict[int, str] = {
    **{t: "name" for t in (3, 4, 5, 6, 7, 101, 102, 103, 104, 105, 106, 107)},
    9: "email",
    **{t: "phone" for t in (10, 11, 12, 13, 14)},
    **{t: "address" for t in (30, 31, 32, 33, 34, 35, 36, 77, 78, 79, 81)},
    **{t: "address" for t in range(110, 160)},
    60: "company",
}

_TOKEN_TABLES = {"addresses": "address_type_tokens",
                 "local_addresses": "local_addresses_type_tokens",
                 "contact_info": "contact_info_type_tokens"}

_PERSONAL_FIELD_WORDS = ("mail", "phone", "tel", "mobile", "addr", "name", "zip", "postal",
                         "city", "street", "birth", "card", "id_", "passport")


@dataclass(frozen=True, slots=True)
class Profile:
    browser: str  # "Google Chrome"
    root: Path  # the user-data folder (holds Local State)
    path: Path  # the profile folder (== root for Opera)
    folder: str  # "Default", "Profile 1", "" for Opera
    name: str  # the name shown in the browser (Local State), or the folder name
    app_bound_key: bool  # Local State holds an app-bound (v20) key


def _config() -> Mapping[str, Any]:
    return store_table("chromium")


def _store_files(cfg: Mapping[str, Any]) -> list[str]:
    files = strings(cfg.get("login_files")) + strings(cfg.get("web_data"))
    return files + strings(cfg.get("history")) + strings(cfg.get("cookies"))


def _local_state(root: Path) -> tuple[dict[str, str], bool]:
    """Profile names per folder and whether an app-bound key exists (key names only)."""
    path = root / "Local State"
    if not path.is_file():
        return {}, False
    try:
        data = read_json(path, 16 * 1024**2)
    except StoreError:
        return {}, False  # names are a nicety; the profiles are still found by folder
    if not isinstance(data, dict):
        return {}, False
    names: dict[str, str] = {}
    cache = (data.get("profile") or {}).get("info_cache") if isinstance(
        data.get("profile"), dict) else None
    if isinstance(cache, dict):
        for folder, info in cache.items():
            if isinstance(folder, str) and isinstance(info, dict) and info.get("name"):
                names[folder] = clean_text(info["name"])
    crypt = data.get("os_crypt")
    app_bound = isinstance(crypt, dict) and "app_bound_encrypted_key" in crypt
    return names, app_bound


def find_profiles(ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
    """Every Chromium-family profile with at least one store, for the scanned OS."""
    cfg = _config()
    globs = strings(cfg.get("profile_globs")) or ["Default", "Profile *"]
    files = _store_files(cfg)
    osk = os_key(ctx)
    profiles: list[Profile] = []
    errors: list[ScanError] = []
    seen: set[Path] = set()
    browsers = cfg.get("browsers", {})
    for spec in browsers.values() if isinstance(browsers, dict) else ():
        if not isinstance(spec, dict):
            continue
        browser = str(spec.get("name", "Chromium"))
        for pattern in strings(spec.get(osk)):
            for root in expand(ctx, pattern):
                if root in seen or not root.is_dir():
                    continue
                seen.add(root)
                where = store_uri(KIND, display_path(ctx, root))
                try:
                    entries = sorted(os.listdir(root))
                except PermissionError:
                    errors.append(ScanError(SCANNER_ID, where, "permission-denied",
                                            f"{browser}: the profile folder cannot be read"))
                    continue
                except OSError as exc:
                    errors.append(ScanError(SCANNER_ID, where, "unreadable",
                                            (exc.strerror or str(exc))[:200]))
                    continue
                names, app_bound = _local_state(root)
                folders = [e for e in entries
                           if any(fnmatch.fnmatchcase(e, g) for g in globs) or e in names]
                # Opera keeps its one profile in the user-data folder itself
                if any(f in entries for f in files):
                    folders.insert(0, "")
                for folder in folders:
                    path = root / folder if folder else root
                    if not path.is_dir():
                        continue
                    try:
                        inside = set(os.listdir(path))
                    except PermissionError:
                        errors.append(ScanError(
                            SCANNER_ID, store_uri(KIND, display_path(ctx, path)),
                            "permission-denied", f"{browser}: the profile cannot be read"))
                        continue
                    except OSError:
                        continue
                    heads = {f.split("/", 1)[0] for f in files}
                    if not inside & heads:
                        continue
                    name = names.get(folder, folder or browser)
                    profiles.append(Profile(browser, root, path, folder, name, app_bound))
    return profiles, errors


def _prefix(value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8", "replace")[:3]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)[:3]
    return str(value).encode()[:3]  # a number where a blob belongs: not an encryption prefix


def _label(prefix: bytes) -> str:
    if prefix in (b"v10", b"v11", b"v20"):
        return prefix.decode()
    if prefix == b"\x01\x00\x00":
        return "dpapi"
    return "none"


def protection_of(prefix: bytes, osk: str) -> str | None:
    """The protection a ciphertext prefix gives on an OS (see the module docstring)."""
    if not prefix:
        return None  # nothing stored (a federated login, a blocklisted site)
    label = _label(prefix)
    if label == "v10":
        return "weak-key" if osk == "linux" else "keyring"
    if label in ("v11", "v20", "dpapi"):
        return "keyring"
    return "plaintext"


def _meaning(label: str, osk: str) -> str:
    if label == "v10":
        return {"linux": "v10: fixed key, effectively plaintext",
                "macos": "v10: key in the macOS Keychain",
                "windows": "v10: DPAPI key, readable by programs you run"}[osk]
    return {"v11": "v11: key in the system keyring",
            "v20": "v20: app-bound key",
            "dpapi": "DPAPI-encrypted (before Chrome 80)",
            "none": "no encryption prefix: stored in the clear"}.get(label, label)


@dataclass(slots=True)
class _Mix:
    """How many values carry each encryption prefix."""

    counts: dict[str, int]
    protection: str | None

    def text(self) -> str:
        return ", ".join(f"{k}:{v}" for k, v in sorted(self.counts.items()))

    def meaning(self, osk: str) -> str:
        parts = [_meaning(k, osk) for k in sorted(self.counts, key=lambda k: -self.counts[k])]
        if len(self.counts) > 1:
            parts = [f"{_meaning(k, osk)} ×{self.counts[k]}"
                     for k in sorted(self.counts, key=lambda k: -self.counts[k])]
        return "; ".join(parts)


def _mix(conn: sqlite3.Connection, table: str, col: str, osk: str, where: str = "") -> _Mix:
    rows = conn.execute(
        f'SELECT substr("{col}", 1, 3) AS p, count(*) FROM "{table}"'
        + (f" WHERE {where}" if where else "") + " GROUP BY p").fetchall()
    counts: dict[str, int] = {}
    levels: list[str | None] = []
    for raw, n in rows:
        prefix = _prefix(raw)
        if not prefix:
            continue
        label = _label(prefix)
        counts[label] = counts.get(label, 0) + int(n)
        levels.append(protection_of(prefix, osk))
    return _Mix(counts, worst(levels))


def _meta_version(conn: sqlite3.Connection, names: set[str]) -> str | None:
    if "meta" not in names:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return clean_text(row[0], 12) if row and row[0] is not None else None


def _need(conn: sqlite3.Connection, table: str, cols: tuple[str, ...]) -> set[str]:
    have = columns(conn, table)
    missing = [c for c in cols if c not in have]
    if missing:
        raise StoreError("unknown-format",
                         f"table {table!r} has no column {missing[0]!r} (unknown schema version)")
    return have


_Part = tuple[StoreFinding, dict[str, object]]


class ChromiumScanner(ProfileScanner[Profile]):
    """Saved logins, cards, IBANs, addresses, form entries, history and cookies per profile."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Chromium-family browsers"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{SCANNER_ID}.{part}" for part in (
        "logins", "cards", "ibans", "addresses", "autofill", "history", "cookies"))

    def find(self, ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
        return find_profiles(ctx)

    def none_found(self, ctx: ScanContext) -> None:
        ctx.unavailable(self.id, "not-present", "no Chromium-family browser profile found")

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        cfg = _config()
        for profile in self.profiles(ctx):
            ctx.check()
            for name in strings(cfg.get("login_files")):
                yield from self._store(ctx, profile, profile.path / name, self._logins)
            for name in strings(cfg.get("web_data")):
                yield from self._store(ctx, profile, profile.path / name, self._web_data)
            for name in strings(cfg.get("history")):
                yield from self._store(ctx, profile, profile.path / name, self._history)
            for name in strings(cfg.get("cookies")):
                path = profile.path / name
                if os.path.lexists(path):  # the first that exists: Network/Cookies, then Cookies
                    yield from self._store(ctx, profile, path, self._cookies)
                    break

    # ------------------------------------------------------------------------ one store

    def _store(self, ctx: ScanContext, profile: Profile, path: Path,
               reader: Any) -> Iterator[Finding]:
        where = display_path(ctx, path)
        parts: list[_Part] | None = read_store(
            ctx, self.id, store_uri(KIND, where), path,
            lambda conn: reader(ctx, conn, where, profile))
        for sf, detail in parts or ():
            base: dict[str, object] = {
                "browser": profile.browser, "profile": profile.folder or "(single)",
                "profile_name": profile.name, "path": where,
            }
            if profile.app_bound_key:
                base["app_bound_key"] = "yes"
            base.update(detail)
            yield make_finding(ctx, self.id, sf, base)

    def _part_errors(self, ctx: ScanContext, where: str, part: str,
                     parts: list[_Part], fn: Any, *args: Any) -> None:
        """Run one part of a multi-part store (Web Data); its failure is its own error."""
        try:
            got = fn(*args)
        except ScanCancelled:
            raise
        except Exception as exc:
            ctx.error(scan_error(self.id, store_uri(KIND, where, part), exc))
            return
        if got is not None:
            parts.append(got)

    # ------------------------------------------------------------------------ logins

    def _logins(self, ctx: ScanContext, conn: sqlite3.Connection, where: str,
                profile: Profile) -> list[_Part]:
        names = tables(conn)
        if "logins" not in names:
            raise StoreError("unknown-format", "no table 'logins' (not a Login Data database)")
        have = _need(conn, "logins", ("password_value",))
        osk = os_key(ctx)
        keep = "blacklisted_by_user = 0" if "blacklisted_by_user" in have else ""
        total = int(conn.execute(
            "SELECT count(*) FROM logins" + (f" WHERE {keep}" if keep else "")).fetchone()[0])
        blocked = 0
        if keep:
            blocked = int(conn.execute(
                "SELECT count(*) FROM logins WHERE blacklisted_by_user <> 0").fetchone()[0])
        if total == 0:
            return []
        mix = _mix(conn, "logins", "password_value", osk, keep)
        site_col = "signon_realm" if "signon_realm" in have else (
            "origin_url" if "origin_url" in have else None)
        hosts: dict[str, int] = {}
        if site_col:
            rows = conn.execute(
                f"SELECT {site_col}, count(*) FROM logins" + (f" WHERE {keep}" if keep else "")
                + f" GROUP BY {site_col} LIMIT 100000").fetchall()
            add_hosts(hosts, rows)
        detail: dict[str, object] = {
            "schema": "logins", "db_version": _meta_version(conn, names),
            "prefixes": mix.text() or None, "sites": len(hosts),
            "top_sites": top_hosts(hosts) or None, "blocklisted": blocked or None,
        }
        if "insecure_credentials" in names and "insecurity_type" in columns(
                conn, "insecure_credentials"):
            for kind, n in conn.execute(
                    "SELECT insecurity_type, count(DISTINCT parent_id) FROM insecure_credentials "
                    "GROUP BY insecurity_type").fetchall():
                if isinstance(kind, int) and kind in _INSECURE:
                    detail[f"insecure_{_INSECURE[kind]}"] = int(n)
        summary = f"{plural(total, 'saved login')} on {plural(len(hosts), 'site')}"
        if mix.counts:
            summary += f" ({mix.meaning(osk)})"
        else:
            summary += " (no password stored)"
        flagged = [f"{detail[k]} {k[9:]}" for k in ("insecure_leaked", "insecure_reused",
                                                    "insecure_weak") if k in detail]
        if flagged:
            summary += "; Chrome flags " + ", ".join(flagged)
        sev = Severity.HIGH if mix.protection in ("weak-key", "plaintext") else Severity.MEDIUM
        part = where.rsplit("/", 1)[-1]  # "Login Data" or "Login Data For Account"
        sf = StoreFinding(
            rule="stores.chromium.logins", category=Category.CREDENTIAL, severity=sev,
            location=store_uri(KIND, where, "logins"), summary=summary, records=total,
            protection=mix.protection)
        detail["store"] = part
        return [(sf, detail)]

    # ------------------------------------------------------------------------ Web Data

    def _web_data(self, ctx: ScanContext, conn: sqlite3.Connection, where: str,
                  profile: Profile) -> list[_Part]:
        names = tables(conn)
        known = {"autofill", "credit_cards", "masked_credit_cards", "ibans", "local_ibans",
                 "masked_ibans", "autofill_profiles", "local_addresses", "contact_info",
                 "addresses"}
        if not names & known:
            raise StoreError("unknown-format",
                             "no autofill, credit_cards or address table (unknown Web Data)")
        version = _meta_version(conn, names)
        parts: list[_Part] = []
        osk = os_key(ctx)
        self._part_errors(ctx, where, "cards", parts, self._cards, conn, names, where, osk)
        ctx.check()
        self._part_errors(ctx, where, "ibans", parts, self._ibans, conn, names, where, osk)
        ctx.check()
        self._part_errors(ctx, where, "addresses", parts, self._addresses, conn, names, where)
        ctx.check()
        self._part_errors(ctx, where, "autofill", parts, self._autofill, conn, names, where)
        for _, detail in parts:
            detail["db_version"] = version
        return parts

    def _cards(self, conn: sqlite3.Connection, names: set[str], where: str,
               osk: str) -> _Part | None:
        local = server = 0
        samples: list[str] = []
        mix = _Mix({}, None)
        plain_numbers = 0
        if "credit_cards" in names:
            have = _need(conn, "credit_cards", ("card_number_encrypted",))
            local = int(conn.execute("SELECT count(*) FROM credit_cards").fetchone()[0])
            mix = _mix(conn, "credit_cards", "card_number_encrypted", osk)
            plain_numbers = mix.counts.get("none", 0)
            exp = ("expiration_month", "expiration_year")
            sel = ", ".join(c if c in have else "NULL" for c in exp)
            # Only a number the store keeps in the clear is looked at, for its brand and
            # last four digits; encrypted ones are never read past their prefix.
            for month, year, blob in conn.execute(
                    f"SELECT {sel}, CASE WHEN substr(card_number_encrypted, 1, 3) "
                    "IN (X'763130', X'763131', X'763230', 'v10', 'v11', 'v20') "
                    "OR substr(card_number_encrypted, 1, 3) = X'010000' THEN NULL "
                    "ELSE card_number_encrypted END FROM credit_cards "
                    f"LIMIT {MAX_SAMPLES}").fetchall():
                digits = ""
                if blob:
                    text = blob.decode("utf-8", "replace") if isinstance(
                        blob, (bytes, bytearray)) else str(blob)
                    digits = "".join(ch for ch in text if ch.isdigit())
                if len(digits) >= 12:
                    samples.append(card_sample(brand_from_number(digits), digits[-4:],
                                               month, year))
                else:
                    samples.append(card_sample("card", "", month, year))
        if "masked_credit_cards" in names:
            have = _need(conn, "masked_credit_cards", ("last_four",))
            server = int(conn.execute("SELECT count(*) FROM masked_credit_cards").fetchone()[0])
            sel = ", ".join(c if c in have else "NULL"
                            for c in ("network", "last_four", "exp_month", "exp_year"))
            for network, last4, month, year in conn.execute(
                    f"SELECT {sel} FROM masked_credit_cards LIMIT {MAX_SAMPLES}").fetchall():
                if len(samples) < MAX_SAMPLES:
                    samples.append(card_sample(brand_name(network), str(last4 or ""),
                                               month, year))
        total = local + server
        if total == 0:
            return None
        cvcs = 0
        for t in ("local_stored_cvc", "server_stored_cvc"):
            if t in names:
                cvcs += int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
        cvc_prefixes = None
        if "local_stored_cvc" in names and "value_encrypted" in columns(conn, "local_stored_cvc"):
            # a security code under the same key as the number: as exposed as the number
            cmix = _mix(conn, "local_stored_cvc", "value_encrypted", osk)
            cvc_prefixes = cmix.text() or None
            mix.protection = worst([mix.protection, cmix.protection])
        if plain_numbers:
            stored = "in the clear"
        elif local:
            stored = "encrypted"
        else:
            stored = "no (last four digits only)"
        summary = f"{plural(total, 'saved card')}: " + ", ".join(samples)
        if total > len(samples):
            summary += f", +{total - len(samples)} more"
        if local and mix.counts:
            summary += f" (number {stored}; {mix.meaning(osk)})"
        elif server and not local:
            summary += " (server copies: last four digits only, number not stored)"
        if cvcs:
            summary += f"; {plural(cvcs, 'security code')} stored"
        if mix.protection in ("weak-key", "plaintext"):
            sev = Severity.HIGH
        else:
            sev = Severity.MEDIUM if local else Severity.LOW
        sf = StoreFinding(
            rule="stores.chromium.cards", category=Category.FINANCIAL, severity=sev,
            location=store_uri(KIND, where, "credit_cards"), summary=summary, records=total,
            protection=mix.protection)
        return sf, {"schema": "credit_cards" + (" + masked_credit_cards" if server else ""),
                    "local_cards": local, "server_cards": server or None,
                    "number_stored": stored, "prefixes": mix.text() or None,
                    "cvc_stored": cvcs or None, "cvc_prefixes": cvc_prefixes}

    def _ibans(self, conn: sqlite3.Connection, names: set[str], where: str,
               osk: str) -> _Part | None:
        local = server = 0
        samples: list[str] = []
        levels: list[str | None] = []
        counts: dict[str, int] = {}
        schema: list[str] = []
        if "ibans" in names:  # 2022-23: the value in the clear
            _need(conn, "ibans", ("value",))
            n = int(conn.execute("SELECT count(*) FROM ibans WHERE value <> ''").fetchone()[0])
            if n:
                local += n
                levels.append("plaintext")
                counts["none"] = n
                schema.append("ibans")
                for (value,) in conn.execute(
                        f"SELECT value FROM ibans WHERE value <> '' LIMIT {MAX_SAMPLES}"):
                    text = "".join(ch for ch in str(value) if ch.isalnum()).upper()
                    if len(text) >= 8:
                        samples.append(f"{text[:2]}••{text[-4:]}")
        if "local_ibans" in names:
            _need(conn, "local_ibans", ("value_encrypted",))
            n = int(conn.execute("SELECT count(*) FROM local_ibans").fetchone()[0])
            if n:
                local += n
                mix = _mix(conn, "local_ibans", "value_encrypted", osk)
                levels.append(mix.protection)
                for k, v in mix.counts.items():
                    counts[k] = counts.get(k, 0) + v
                schema.append("local_ibans")
        if "masked_ibans" in names:
            have = _need(conn, "masked_ibans", ("suffix",))
            server = int(conn.execute("SELECT count(*) FROM masked_ibans").fetchone()[0])
            if server:
                schema.append("masked_ibans")
            pre = "prefix" if "prefix" in have else "NULL"
            for prefix, suffix in conn.execute(
                    f"SELECT {pre}, suffix FROM masked_ibans LIMIT {MAX_SAMPLES}"):
                if len(samples) < MAX_SAMPLES:
                    cc = "".join(ch for ch in str(prefix or "") if ch.isalpha())[:2].upper()
                    tail = "".join(ch for ch in str(suffix or "") if ch.isalnum())[-4:]
                    samples.append(f"{cc}••{tail}")
        total = local + server
        if total == 0:
            return None
        protection = worst(levels)
        mix = _Mix(counts, protection)
        summary = f"{plural(total, 'saved IBAN')}"
        if samples:
            summary += ": " + ", ".join(samples)
        if local and counts:
            summary += f" ({mix.meaning(osk)})"
        elif server:
            summary += " (server copies: first and last characters only)"
        sev = Severity.HIGH if protection in ("weak-key", "plaintext") else (
            Severity.MEDIUM if local else Severity.LOW)
        sf = StoreFinding(
            rule="stores.chromium.ibans", category=Category.FINANCIAL, severity=sev,
            location=store_uri(KIND, where, "ibans"), summary=summary, records=total,
            protection=protection)
        return sf, {"schema": " + ".join(schema), "local_ibans": local,
                    "server_ibans": server or None, "prefixes": mix.text() or None}

    def _addresses(self, conn: sqlite3.Connection, names: set[str],
                   where: str) -> _Part | None:
        total = 0
        schema: list[str] = []
        fields: dict[str, int] = {}
        # 2024-: addresses (record_type local/account); 2023-24: local_addresses + contact_info
        for table in ("addresses", "local_addresses", "contact_info"):
            if table not in names:
                continue
            n = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            tokens = _TOKEN_TABLES[table]
            if n:
                total += n
                schema.append(table)
                if tokens in names:
                    _need(conn, tokens, ("type", "value"))
                    for kind, k in conn.execute(
                            f'SELECT type, count(DISTINCT guid) FROM "{tokens}" '
                            "WHERE value IS NOT NULL AND value <> '' GROUP BY type"):
                        group = _FIELD_GROUPS.get(kind, "other") if isinstance(
                            kind, int) else "other"
                        fields[group] = max(fields.get(group, 0), int(k))
        # up to 2023: autofill_profiles and its side tables
        if "autofill_profiles" in names:
            n = int(conn.execute("SELECT count(*) FROM autofill_profiles").fetchone()[0])
            if n:
                total += n
                schema.append("autofill_profiles")
                side = {"autofill_profile_names": ("name", "full_name", "first_name"),
                        "autofill_profile_emails": ("email", "email", "email"),
                        "autofill_profile_phones": ("phone", "number", "number")}
                for table, (group, col_a, col_b) in side.items():
                    if table in names:
                        have = columns(conn, table)
                        conds = [f"({c} IS NOT NULL AND {c} <> '')"
                                 for c in {col_a, col_b} if c in have]
                        if conds:
                            k = int(conn.execute(
                                f"SELECT count(DISTINCT guid) FROM {table} WHERE "
                                + " OR ".join(conds)).fetchone()[0])
                            if k:
                                fields[group] = max(fields.get(group, 0), k)
                have = columns(conn, "autofill_profiles")
                addr = [f"({c} IS NOT NULL AND {c} <> '')" for c in
                        ("street_address", "city", "zipcode") if c in have]
                if addr:
                    k = int(conn.execute("SELECT count(*) FROM autofill_profiles WHERE "
                                         + " OR ".join(addr)).fetchone()[0])
                    if k:
                        fields["address"] = max(fields.get("address", 0), k)
                if "company_name" in have:
                    k = int(conn.execute("SELECT count(*) FROM autofill_profiles WHERE "
                                         "company_name <> ''").fetchone()[0])
                    if k:
                        fields["company"] = k
                if "autofill_profile_birthdates" in names and "year" in columns(
                        conn, "autofill_profile_birthdates"):
                    k = int(conn.execute(
                        "SELECT count(DISTINCT guid) FROM autofill_profile_birthdates "
                        "WHERE year > 0").fetchone()[0])
                    if k:
                        fields["birthdate"] = k
        if total == 0:
            return None
        order = ("name", "email", "phone", "address", "company", "birthdate", "other")
        field_text = ", ".join(f"{g} ({fields[g]})" for g in order if g in fields)
        summary = f"{plural(total, 'saved address', 'saved addresses')}"
        if field_text:
            summary += f" with {field_text}"
        summary += ", kept in the clear"
        generation = ("2024+" if "addresses" in schema else
                      "2023-24" if {"local_addresses", "contact_info"} & set(schema) else
                      "before 2023")
        sf = StoreFinding(
            rule="stores.chromium.addresses", category=Category.CONTACT,
            severity=Severity.MEDIUM, location=store_uri(KIND, where, "addresses"),
            summary=summary, records=total, protection="plaintext")
        return sf, {"schema": " + ".join(schema), "generation": generation,
                    "fields": field_text or None}

    def _autofill(self, conn: sqlite3.Connection, names: set[str],
                  where: str) -> _Part | None:
        if "autofill" not in names:
            return None
        have = _need(conn, "autofill", ("name", "value"))
        total = int(conn.execute("SELECT count(*) FROM autofill").fetchone()[0])
        if total == 0:
            return None
        field_counts: dict[str, int] = {}
        for name, n in conn.execute("SELECT name, count(*) FROM autofill GROUP BY name "
                                    f"ORDER BY 2 DESC LIMIT {MAX_HOSTS}"):
            field_counts[clean_text(name or "", 32)] = int(n)
        n_fields = int(conn.execute(
            "SELECT count(DISTINCT name) FROM autofill").fetchone()[0])
        first = last = None
        if "date_created" in have and "date_last_used" in have:
            lo, _ = conn.execute(
                f"SELECT {span_sql('date_created', UNIX_S_RANGE)} FROM autofill").fetchone()
            _, hi = conn.execute(
                f"SELECT {span_sql('date_last_used', UNIX_S_RANGE)} FROM autofill").fetchone()
            first, last = unix_s_date(lo), unix_s_date(hi)
        personal = any(w in f.lower() for f in field_counts for w in _PERSONAL_FIELD_WORDS)
        summary = (f"{plural(total, 'form entry', 'form entries')} in "
                   f"{plural(n_fields, 'field')}, kept in the clear")
        if first and last:
            summary += f", {first} to {last}"
        sf = StoreFinding(
            rule="stores.chromium.autofill",
            category=Category.CONTACT if personal else Category.BASIC,
            severity=Severity.MEDIUM if personal else Severity.LOW,
            location=store_uri(KIND, where, "autofill"), summary=summary, records=total,
            protection="plaintext")
        return sf, {"schema": "autofill", "entries": total, "fields": n_fields,
                    "field_names": top_hosts(field_counts) or None,
                    "first_used": first, "last_used": last}

    # ------------------------------------------------------------------------ History

    def _history(self, ctx: ScanContext, conn: sqlite3.Connection, where: str,
                 profile: Profile) -> list[_Part]:
        names = tables(conn)
        if "urls" not in names:
            raise StoreError("unknown-format", "no table 'urls' (not a History database)")
        _need(conn, "urls", ("url",))
        pages = int(conn.execute("SELECT count(*) FROM urls").fetchone()[0])
        visits = 0
        first = last = None
        if "visits" in names:
            _need(conn, "visits", ("visit_time",))
            n, lo, hi = conn.execute(
                f"SELECT count(*), {span_sql('visit_time', CHROME_RANGE)} FROM visits"
            ).fetchone()
            visits, first, last = int(n), chrome_date(lo), chrome_date(hi)
        if pages == 0 and visits == 0:
            return []
        ctx.check()
        # Hosts are cut out of the URL in SQL (one pass, no row loop in Python); the
        # user:password@ part and the port are dropped afterwards, per host.
        weight = "visit_count" if "visit_count" in columns(conn, "urls") else "1"
        rows = conn.execute(
            "WITH u AS (SELECT CASE WHEN instr(url, '://') > 0 "
            "THEN substr(url, instr(url, '://') + 3) ELSE url END AS rest, "
            f"max({weight}, 1) AS w FROM urls), "
            "h AS (SELECT CASE WHEN instr(rest, '/') > 0 "
            "THEN substr(rest, 1, instr(rest, '/') - 1) ELSE rest END AS host, w FROM u) "
            "SELECT host, sum(w) FROM h GROUP BY host ORDER BY 2 DESC LIMIT 5000").fetchall()
        hosts: dict[str, int] = {}
        add_hosts(hosts, rows, from_url=False)
        # all hosts fit in the grouped rows: count them after user:password@ and ports are cut
        n_hosts = len(hosts) if len(rows) < 5000 else int(conn.execute(
            "WITH u AS (SELECT CASE WHEN instr(url, '://') > 0 "
            "THEN substr(url, instr(url, '://') + 3) ELSE url END AS rest FROM urls) "
            "SELECT count(DISTINCT CASE WHEN instr(rest, '/') > 0 "
            "THEN substr(rest, 1, instr(rest, '/') - 1) ELSE rest END) FROM u").fetchone()[0])
        downloads = None
        if "downloads" in names:
            downloads = int(conn.execute("SELECT count(*) FROM downloads").fetchone()[0]) or None
        summary = (f"{plural(pages, 'page')} visited {plural(visits, 'time')} on "
                   f"{plural(n_hosts, 'site')}")
        if first and last:
            summary += f", {first} to {last}"
        if downloads:
            summary += f"; {plural(downloads, 'download')} listed"
        sf = StoreFinding(
            rule="stores.chromium.history", category=Category.BEHAVIOUR,
            severity=Severity.MEDIUM, location=store_uri(KIND, where, "history"),
            summary=summary, records=max(pages, 1), protection="plaintext")
        return [(sf, {"schema": "urls + visits", "db_version": _meta_version(conn, names),
                      "pages": pages, "visits": visits, "hosts": n_hosts,
                      "top_hosts": top_hosts(hosts) or None, "first_visit": first,
                      "last_visit": last, "downloads": downloads})]

    # ------------------------------------------------------------------------ Cookies

    def _cookies(self, ctx: ScanContext, conn: sqlite3.Connection, where: str,
                 profile: Profile) -> list[_Part]:
        names = tables(conn)
        if "cookies" not in names:
            raise StoreError("unknown-format", "no table 'cookies' (not a Cookies database)")
        have = _need(conn, "cookies", ("host_key",))
        total, n_hosts = conn.execute(
            "SELECT count(*), count(DISTINCT host_key) FROM cookies").fetchone()
        total, n_hosts = int(total), int(n_hosts)
        if total == 0:
            return []
        osk = os_key(ctx)
        hosts: dict[str, int] = {}
        rows = conn.execute("SELECT host_key, count(*) FROM cookies GROUP BY host_key "
                            "ORDER BY 2 DESC LIMIT 200").fetchall()
        for host, n in rows:
            h = clean_host(host)
            if h:
                hosts[h] = hosts.get(h, 0) + int(n)
        # A cookie's value is either in the clear ("value", old or unencrypted stores) or
        # encrypted ("encrypted_value" with a prefix): the session tokens are what matters.
        clear = 0
        if "value" in have:
            clear = int(conn.execute(
                "SELECT count(*) FROM cookies WHERE value IS NOT NULL AND value <> ''"
            ).fetchone()[0])
        mix = _Mix({}, None)
        if "encrypted_value" in have:
            mix = _mix(conn, "cookies", "encrypted_value", osk,
                       "value IS NULL OR value = ''" if "value" in have else "")
        if clear:
            mix.counts["none"] = mix.counts.get("none", 0) + clear
            mix.protection = "plaintext"
        protection = mix.protection or "plaintext"  # hosts alone are in the clear anyway
        storage = mix.meaning(osk) if mix.counts else "no values"
        summary = (f"{plural(total, 'cookie')} from {plural(n_hosts, 'site')} "
                   f"(values: {storage})")
        sf = StoreFinding(
            rule="stores.chromium.cookies", category=Category.BEHAVIOUR,
            severity=Severity.MEDIUM if protection in ("weak-key", "plaintext") else Severity.LOW,
            location=store_uri(KIND, where, "cookies"), summary=summary, records=total,
            protection=protection)
        schema = "cookies (top_frame_site_key)" if "top_frame_site_key" in have else "cookies"
        return [(sf, {"schema": schema, "db_version": _meta_version(conn, names),
                      "hosts": n_hosts, "top_hosts": top_hosts(hosts) or None,
                      "prefixes": mix.text() or None, "value_storage": storage})]
