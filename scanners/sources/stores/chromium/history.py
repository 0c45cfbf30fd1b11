"""History: pages, visits and downloads (stores.chromium.history); the hosts are
cut out of the URLs in SQL.
"""

from __future__ import annotations

import sqlite3

from scanners.base import ScanContext
from scanners.model import Category, Severity
from scanners.sources.stores.browsers import (
    CHROME_RANGE,
    add_hosts,
    chrome_date,
    span_sql,
    top_hosts,
)
from scanners.sources.stores.chromium.profiles import KIND, Profile
from scanners.sources.stores.chromium.schema import Part, meta_version, need_columns
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    store_uri,
    tables,
)
from scanners.system.phrases import say


def read_history(ctx: ScanContext, conn: sqlite3.Connection, where: str,
                 profile: Profile) -> list[Part]:
    names = tables(conn)
    if "urls" not in names:
        raise StoreError("unknown-format", "no table 'urls' (not a History database)")
    need_columns(conn, "urls", ("url",))
    pages = int(conn.execute("SELECT count(*) FROM urls").fetchone()[0])
    visits = 0
    first = last = None
    if "visits" in names:
        need_columns(conn, "visits", ("visit_time",))
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
    summary = say("history", n=pages, visits=say("times_visited", n=visits),
                  sites=say("sites", n=n_hosts))
    if first and last:
        summary += say("history.span", first=first, last=last)
    if downloads:
        summary += say("history.downloads", n=downloads)
    sf = StoreFinding(
        rule="stores.chromium.history", category=Category.BEHAVIOUR,
        severity=Severity.MEDIUM, location=store_uri(KIND, where, "history"),
        summary=summary, records=max(pages, 1), protection="plaintext")
    return [(sf, {"schema": "urls + visits", "db_version": meta_version(conn, names),
                  "pages": pages, "visits": visits, "hosts": n_hosts,
                  "top_hosts": top_hosts(hosts) or None, "first_visit": first,
                  "last_visit": last, "downloads": downloads})]
