"""Login Data / Login Data For Account: saved logins (stores.chromium.logins),
their sites, the password's encryption prefix and Chrome's own leaked/phished/weak/reused
flags. A password is never read past its prefix.
"""

from __future__ import annotations

import sqlite3

from scanners.base import ScanContext
from scanners.model import Category, Severity
from scanners.sources.stores.browsers import (
    add_hosts,
    top_hosts,
)
from scanners.sources.stores.chromium.profiles import KIND, Profile
from scanners.sources.stores.chromium.protection import prefix_mix
from scanners.sources.stores.chromium.schema import Part, meta_version, need_columns
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    os_key,
    store_uri,
    tables,
)
from scanners.system.phrases import join, say

# Chrome's own flags on saved passwords (password_manager InsecureType).
_INSECURE = {0: "leaked", 1: "phished", 2: "weak", 3: "reused"}




def read_logins(ctx: ScanContext, conn: sqlite3.Connection, where: str,
                profile: Profile) -> list[Part]:
    names = tables(conn)
    if "logins" not in names:
        raise StoreError("unknown-format", "no table 'logins' (not a Login Data database)")
    have = need_columns(conn, "logins", ("password_value",))
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
    mix = prefix_mix(conn, "logins", "password_value", osk, keep)
    site_col = "signon_realm" if "signon_realm" in have else (
        "origin_url" if "origin_url" in have else None)
    hosts: dict[str, int] = {}
    if site_col:
        rows = conn.execute(
            f"SELECT {site_col}, count(*) FROM logins" + (f" WHERE {keep}" if keep else "")
            + f" GROUP BY {site_col} LIMIT 100000").fetchall()
        add_hosts(hosts, rows)
    detail: dict[str, object] = {
        "schema": "logins", "db_version": meta_version(conn, names),
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
    summary = say("logins", n=total, sites=say("sites", n=len(hosts)))
    if mix.counts:
        summary += say("paren", text=mix.meaning(osk))
    else:
        summary += say("logins.no_password")
    flagged = [say(f"chromium.{k}", n=detail[k]) for k in ("insecure_leaked",
                                                           "insecure_reused",
                                                           "insecure_weak") if k in detail]
    if flagged:
        summary += say("chromium.flags", list=join(flagged))
    sev = Severity.HIGH if mix.protection in ("weak-key", "plaintext") else Severity.MEDIUM
    part = where.rsplit("/", 1)[-1]  # "Login Data" or "Login Data For Account"
    sf = StoreFinding(
        rule="stores.chromium.logins", category=Category.CREDENTIAL, severity=sev,
        location=store_uri(KIND, where, "logins"), summary=summary, records=total,
        protection=mix.protection)
    detail["store"] = part
    return [(sf, detail)]
