"""Web Data: saved cards (stores.chromium.cards), IBANs (.ibans), addresses
(.addresses) and form entries (.autofill). Each part is read on its own: the failure of one
is its own error. A card number is looked at only when the store keeps it in the clear.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Severity
from scanners.sources.stores.browsers import (
    MAX_HOSTS,
    MAX_SAMPLES,
    UNIX_S_RANGE,
    address_summary,
    brand_from_number,
    brand_name,
    card_sample,
    clean_text,
    form_history_finding,
    span_sql,
    top_hosts,
    unix_s_date,
    worst,
)
from scanners.sources.stores.chromium.profiles import KIND, SCANNER_ID, Profile
from scanners.sources.stores.chromium.protection import Mix, prefix_mix
from scanners.sources.stores.chromium.schema import Part, meta_version, need_columns
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    os_key,
    scan_error,
    store_uri,
    tables,
)
from scanners.system.phrases import Phrase, join, say

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


def _part_errors(ctx: ScanContext, where: str, part: str,
                 parts: list[Part], fn: Any, *args: Any) -> None:
    """Run one part of a multi-part store (Web Data); its failure is its own error."""
    try:
        got = fn(*args)
    except ScanCancelled:
        raise
    except Exception as exc:
        ctx.error(scan_error(SCANNER_ID, store_uri(KIND, where, part), exc))
        return
    if got is not None:
        parts.append(got)




def read_web_data(ctx: ScanContext, conn: sqlite3.Connection, where: str,
                  profile: Profile) -> list[Part]:
    names = tables(conn)
    known = {"autofill", "credit_cards", "masked_credit_cards", "ibans", "local_ibans",
             "masked_ibans", "autofill_profiles", "local_addresses", "contact_info",
             "addresses"}
    if not names & known:
        raise StoreError("unknown-format",
                         "no autofill, credit_cards or address table (unknown Web Data)")
    version = meta_version(conn, names)
    parts: list[Part] = []
    osk = os_key(ctx)
    _part_errors(ctx, where, "cards", parts, _cards, conn, names, where, osk)
    ctx.check()
    _part_errors(ctx, where, "ibans", parts, _ibans, conn, names, where, osk)
    ctx.check()
    _part_errors(ctx, where, "addresses", parts, _addresses, conn, names, where)
    ctx.check()
    _part_errors(ctx, where, "autofill", parts, _autofill, conn, names, where)
    for _, detail in parts:
        detail["db_version"] = version
    return parts


def _local_cards(conn: sqlite3.Connection, names: set[str], osk: str,
                 samples: list[Phrase]) -> tuple[int, Mix]:
    """Cards kept on this computer (credit_cards): their count, the numbers' prefixes, and
    a sample each (brand and last four digits only of a number kept in the clear)."""
    if "credit_cards" not in names:
        return 0, Mix({}, None)
    have = need_columns(conn, "credit_cards", ("card_number_encrypted",))
    local = int(conn.execute("SELECT count(*) FROM credit_cards").fetchone()[0])
    mix = prefix_mix(conn, "credit_cards", "card_number_encrypted", osk)
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
    return local, mix


def _server_cards(conn: sqlite3.Connection, names: set[str], samples: list[Phrase]) -> int:
    """Server copies (masked_credit_cards: last four digits only): their count and samples."""
    if "masked_credit_cards" not in names:
        return 0
    have = need_columns(conn, "masked_credit_cards", ("last_four",))
    server = int(conn.execute("SELECT count(*) FROM masked_credit_cards").fetchone()[0])
    sel = ", ".join(c if c in have else "NULL"
                    for c in ("network", "last_four", "exp_month", "exp_year"))
    for network, last4, month, year in conn.execute(
            f"SELECT {sel} FROM masked_credit_cards LIMIT {MAX_SAMPLES}").fetchall():
        if len(samples) < MAX_SAMPLES:
            samples.append(card_sample(brand_name(network), str(last4 or ""),
                                       month, year))
    return server


def _cards(conn: sqlite3.Connection, names: set[str], where: str,
           osk: str) -> Part | None:
    samples: list[Phrase] = []
    local, mix = _local_cards(conn, names, osk, samples)
    plain_numbers = mix.counts.get("none", 0)
    server = _server_cards(conn, names, samples)
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
        cmix = prefix_mix(conn, "local_stored_cvc", "value_encrypted", osk)
        cvc_prefixes = cmix.text() or None
        mix.protection = worst([mix.protection, cmix.protection])
    how = "clear" if plain_numbers else "encrypted" if local else "last_four"
    stored = str(say(f"cards.number_{how}"))
    summary = say("cards", n=total, samples=join(samples))
    if total > len(samples):
        summary += say("more", n=total - len(samples))
    if local and mix.counts:
        summary += say("cards.number", stored=say(f"cards.number_{how}"),
                       meaning=mix.meaning(osk))
    elif server and not local:
        summary += say("cards.server_only")
    if cvcs:
        summary += say("cards.cvc", n=cvcs)
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


def _ibans(conn: sqlite3.Connection, names: set[str], where: str,
           osk: str) -> Part | None:
    local = server = 0
    samples: list[str] = []
    levels: list[str | None] = []
    counts: dict[str, int] = {}
    schema: list[str] = []
    if "ibans" in names:  # 2022-23: the value in the clear
        need_columns(conn, "ibans", ("value",))
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
        need_columns(conn, "local_ibans", ("value_encrypted",))
        n = int(conn.execute("SELECT count(*) FROM local_ibans").fetchone()[0])
        if n:
            local += n
            mix = prefix_mix(conn, "local_ibans", "value_encrypted", osk)
            levels.append(mix.protection)
            for k, v in mix.counts.items():
                counts[k] = counts.get(k, 0) + v
            schema.append("local_ibans")
    if "masked_ibans" in names:
        have = need_columns(conn, "masked_ibans", ("suffix",))
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
    mix = Mix(counts, protection)
    summary = say("ibans", n=total)
    if samples:
        summary += say("samples", samples=", ".join(samples))
    if local and counts:
        summary += say("paren", text=mix.meaning(osk))
    elif server:
        summary += say("ibans.server_only")
    sev = Severity.HIGH if protection in ("weak-key", "plaintext") else (
        Severity.MEDIUM if local else Severity.LOW)
    sf = StoreFinding(
        rule="stores.chromium.ibans", category=Category.FINANCIAL, severity=sev,
        location=store_uri(KIND, where, "ibans"), summary=summary, records=total,
        protection=protection)
    return sf, {"schema": " + ".join(schema), "local_ibans": local,
                "server_ibans": server or None, "prefixes": mix.text() or None}


def _addresses(conn: sqlite3.Connection, names: set[str],
               where: str) -> Part | None:
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
                need_columns(conn, tokens, ("type", "value"))
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
    summary = address_summary(total, [(g, fields[g]) for g in order if g in fields])
    generation = ("2024+" if "addresses" in schema else
                  "2023-24" if {"local_addresses", "contact_info"} & set(schema) else
                  "before 2023")
    sf = StoreFinding(
        rule="stores.chromium.addresses", category=Category.CONTACT,
        severity=Severity.MEDIUM, location=store_uri(KIND, where, "addresses"),
        summary=summary, records=total, protection="plaintext")
    return sf, {"schema": " + ".join(schema), "generation": generation,
                "fields": field_text or None}


def _autofill(conn: sqlite3.Connection, names: set[str],
              where: str) -> Part | None:
    if "autofill" not in names:
        return None
    have = need_columns(conn, "autofill", ("name", "value"))
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
    sf = form_history_finding("stores.chromium.autofill", store_uri(KIND, where, "autofill"),
                              field_counts, total, n_fields, first, last)
    return sf, {"schema": "autofill", "entries": total, "fields": n_fields,
                "field_names": top_hosts(field_counts) or None,
                "first_used": first, "last_used": last}
