"""Cookies (Network/Cookies or Cookies): how many, from which hosts, and how their
values are stored (stores.chromium.cookies). A value is never read past its prefix.
"""

from __future__ import annotations

import sqlite3

from scanners.base import ScanContext
from scanners.model import Category, Severity
from scanners.sources.stores.browsers import (
    clean_host,
    top_hosts,
)
from scanners.sources.stores.chromium.profiles import KIND, Profile
from scanners.sources.stores.chromium.protection import Mix, prefix_mix
from scanners.sources.stores.chromium.schema import Part, meta_version, need_columns
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    os_key,
    store_uri,
    tables,
)
from scanners.system.phrases import say


def read_cookies(ctx: ScanContext, conn: sqlite3.Connection, where: str,
                 profile: Profile) -> list[Part]:
    names = tables(conn)
    if "cookies" not in names:
        raise StoreError("unknown-format", "no table 'cookies' (not a Cookies database)")
    have = need_columns(conn, "cookies", ("host_key",))
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
    mix = Mix({}, None)
    if "encrypted_value" in have:
        mix = prefix_mix(conn, "cookies", "encrypted_value", osk,
                   "value IS NULL OR value = ''" if "value" in have else "")
    if clear:
        mix.counts["none"] = mix.counts.get("none", 0) + clear
        mix.protection = "plaintext"
    protection = mix.protection or "plaintext"  # hosts alone are in the clear anyway
    meaning = mix.meaning(osk) if mix.counts else say("cookies.no_values")
    storage = str(meaning)
    summary = say("cookies", n=total, sites=say("sites", n=n_hosts), storage=meaning)
    sf = StoreFinding(
        rule="stores.chromium.cookies", category=Category.BEHAVIOUR,
        severity=Severity.MEDIUM if protection in ("weak-key", "plaintext") else Severity.LOW,
        location=store_uri(KIND, where, "cookies"), summary=summary, records=total,
        protection=protection)
    schema = "cookies (top_frame_site_key)" if "top_frame_site_key" in have else "cookies"
    return [(sf, {"schema": schema, "db_version": meta_version(conn, names),
                  "hosts": n_hosts, "top_hosts": top_hosts(hosts) or None,
                  "prefixes": mix.text() or None, "value_storage": storage})]
