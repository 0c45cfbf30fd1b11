"""Address books (stores.addressbook): Thunderbird, Evolution / GNOME Contacts, macOS Contacts.

One finding per book: how many contacts it holds (other people's data, detail
"subject" = "others") and how many of them have phones, e-mails, postal addresses,
birthdays and notes. Values are never read into a finding: fields are counted in SQL or by
the property names of a vCard, never by their values.

Schema generations, detected by table and column presence (not by version number, so a
newer release with the same shape still reads):
- Thunderbird abook.sqlite / history.sqlite: user_version 1-2 (`cards` + `properties` with
  one row per field: PrimaryEmail, CellularNumber, HomeCity, BirthYear, Notes...), and
  user_version 3-4 (`cards` dropped; contacts are the distinct `properties.card`, fields
  inside a `_vCard` property).
- Evolution contacts.db: EBookSqlite (3.12+: `folders(folder_id, version, multivalues,
  lc_collate, countrycode)`, summary table named after the folder id, e-mails and phones in
  `<folder>_email_list` / `<folder>_phone_list`, full vCard in `vcard`), and the older
  EBookBackendSqliteDB (email_1..email_4 columns, `vcard`).
- macOS AddressBook-v22.abcddb (Core Data): people are the ZABCDRECORD rows whose Z_ENT
  is the ABCDContact entity (resolved through Z_PRIMARYKEY, it differs per release); phones,
  e-mails, postal addresses in ZABCDPHONENUMBER / ZABCDEMAILADDRESS / ZABCDPOSTALADDRESS
  (ZOWNER), notes in ZABCDNOTE (ZCONTACT), birthdays in ZABCDRECORD.ZBIRTHDAY.

Locations: table [addressbook] of resources/stores.toml, one sub-table per kind with
"name" and per-OS lists ("linux", "macos", "windows").
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanContext
from scanners.model import Category, Finding, Severity
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    display_path,
    expand,
    make_finding,
    os_key,
    read_store,
    store_table,
    store_uri,
    tables,
)
from scanners.system.phrases import join, say

SCANNER_ID = "stores.addressbook"
KINDS = ("thunderbird", "evolution", "macos")
FIELDS = ("phones", "emails", "addresses", "birthdays", "notes")
# vCard property -> field (RFC 6350 names; X-EVOLUTION-* and item1.TEL groups handled)
_VCARD_FIELDS = {"TEL": "phones", "EMAIL": "emails", "ADR": "addresses", "BDAY": "birthdays",
                 "NOTE": "notes"}
_VCARD_LINE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z-]+)[;:]", re.M)
# Thunderbird's per-field properties (user_version 1-2) and what they are
_TB_PROPS: dict[str, tuple[str, ...]] = {
    "phones": ("WorkPhone", "HomePhone", "FaxNumber", "PagerNumber", "CellularNumber"),
    "emails": ("PrimaryEmail", "SecondEmail"),
    "addresses": ("HomeAddress", "HomeAddress2", "HomeCity", "HomeZipCode", "WorkAddress",
                  "WorkAddress2", "WorkCity", "WorkZipCode"),
    "birthdays": ("BirthDay", "BirthMonth", "BirthYear"),
    "notes": ("Notes",),
}
MAX_VCARDS = 200_000  # vCards parsed per book; beyond this the field counts are a floor


@dataclass(slots=True)
class Book:
    """What one address book holds, counts only."""

    contacts: int
    fields: dict[str, int] = field(default_factory=dict)
    lists: int = 0
    schema: str = ""
    capped: bool = False


def vcard_fields(text: str) -> set[str]:
    """Which of FIELDS a vCard fills, from its property names only."""
    out: set[str] = set()
    for m in _VCARD_LINE.finditer(text):
        f = _VCARD_FIELDS.get(m.group(1).upper())
        if f:
            out.add(f)
    return out


def _count_vcards(ctx: ScanContext, rows: Any, book: Book) -> None:
    counts = dict.fromkeys(FIELDS, 0)
    for i, (text,) in enumerate(rows):
        if i % 2000 == 0:
            ctx.check()
        if i >= MAX_VCARDS:
            book.capped = True
            break
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if not isinstance(text, str):
            continue
        for f in vcard_fields(text):
            counts[f] += 1
    for f, n in counts.items():
        book.fields[f] = max(book.fields.get(f, 0), n)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------- Thunderbird


def read_thunderbird(ctx: ScanContext, conn: sqlite3.Connection) -> Book:
    names = tables(conn)
    if "properties" not in names or not {"card", "name", "value"} <= columns(conn, "properties"):
        raise StoreError("unknown-schema", "no Thunderbird properties(card, name, value) table")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    n = int(conn.execute("SELECT count(DISTINCT card) FROM properties").fetchone()[0])
    if "cards" in names:  # generations 1-2 list every card, even one without properties
        n = max(n, int(conn.execute("SELECT count(*) FROM cards").fetchone()[0]))
    book = Book(n, schema=f"thunderbird v{version}")
    for f, props in _TB_PROPS.items():
        marks = ",".join("?" * len(props))
        book.fields[f] = int(conn.execute(
            f"SELECT count(DISTINCT card) FROM properties WHERE name IN ({marks}) "
            "AND value IS NOT NULL AND value != ''", props).fetchone()[0])
    _count_vcards(ctx, conn.execute("SELECT value FROM properties WHERE name = '_vCard'"), book)
    if "lists" in names:
        book.lists = int(conn.execute("SELECT count(*) FROM lists").fetchone()[0])
    return book


# ---------------------------------------------------------------------------- Evolution


def read_evolution(ctx: ScanContext, conn: sqlite3.Connection) -> Book:
    names = tables(conn)
    if "folders" not in names or "folder_id" not in columns(conn, "folders"):
        raise StoreError("unknown-schema", "no Evolution folders table")
    row = conn.execute("SELECT folder_id FROM folders LIMIT 1").fetchone()
    folder = str(row[0]) if row and row[0] else "folder_id"
    if folder not in names:
        raise StoreError("unknown-schema", "the folder's summary table is missing")
    cols = columns(conn, folder)
    if not {"uid", "vcard"} <= cols:
        raise StoreError("unknown-schema", "the summary table has no uid/vcard columns")
    version_col = "version" in columns(conn, "folders")
    version = conn.execute("SELECT version FROM folders LIMIT 1").fetchone() if version_col \
        else None
    contact = "is_list IS NULL OR is_list = 0" if "is_list" in cols else "1"
    n = int(conn.execute(f"SELECT count(*) FROM {_q(folder)} WHERE {contact}").fetchone()[0])
    lists = int(conn.execute(f"SELECT count(*) FROM {_q(folder)}").fetchone()[0]) - n
    legacy = "email_1" in cols
    book = Book(n, lists=lists,
                schema=("evolution sqlitedb" if legacy else "evolution ebsql")
                + (f" v{version[0]}" if version and version[0] is not None else ""))
    _count_vcards(ctx, conn.execute(f"SELECT vcard FROM {_q(folder)} WHERE {contact}"), book)
    # Books kept without vCards (a "lean" summary) still have the multi-valued aux tables.
    for f, aux in (("emails", f"{folder}_email_list"), ("phones", f"{folder}_phone_list")):
        if aux in names and "uid" in columns(conn, aux):
            k = int(conn.execute(f"SELECT count(DISTINCT uid) FROM {_q(aux)}").fetchone()[0])
            book.fields[f] = max(book.fields.get(f, 0), k)
    if legacy:
        k = int(conn.execute(
            f"SELECT count(*) FROM {_q(folder)} WHERE ({contact}) AND email_1 IS NOT NULL "
            "AND email_1 != ''").fetchone()[0])
        book.fields["emails"] = max(book.fields.get("emails", 0), k)
    return book


# ---------------------------------------------------------------------------- macOS


def read_macos(ctx: ScanContext, conn: sqlite3.Connection) -> Book:
    names = tables(conn)
    if "ZABCDRECORD" not in names:
        raise StoreError("unknown-schema", "no ZABCDRECORD table (not an AddressBook database)")
    rcols = columns(conn, "ZABCDRECORD")
    where = ""
    ent_known = False
    if "Z_PRIMARYKEY" in names and "Z_ENT" in rcols:
        ents = [int(r[0]) for r in conn.execute(
            "SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'ABCDContact' OR Z_SUPER IN "
            "(SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'ABCDContact')")]
        if ents:
            where = f"Z_ENT IN ({','.join(str(e) for e in ents)})"
            ent_known = True
    if not ent_known:
        # Without the entity map, a person is a record with a name or an organisation.
        named = [c for c in ("ZFIRSTNAME", "ZLASTNAME", "ZORGANIZATION") if c in rcols]
        if not named:
            raise StoreError("unknown-schema", "ZABCDRECORD has no name columns")
        where = " OR ".join(f"({c} IS NOT NULL AND {c} != '')" for c in named)
    n = int(conn.execute(f"SELECT count(*) FROM ZABCDRECORD WHERE {where}").fetchone()[0])
    book = Book(n, schema="macos abcddb" + ("" if ent_known else " (no entity map)"))
    people = f"SELECT Z_PK FROM ZABCDRECORD WHERE {where}"
    for f, table, owner in (("phones", "ZABCDPHONENUMBER", "ZOWNER"),
                            ("emails", "ZABCDEMAILADDRESS", "ZOWNER"),
                            ("addresses", "ZABCDPOSTALADDRESS", "ZOWNER"),
                            ("notes", "ZABCDNOTE", "ZCONTACT")):
        if table in names and owner in columns(conn, table):
            extra = " AND ZTEXT IS NOT NULL AND ZTEXT != ''" if table == "ZABCDNOTE" and \
                "ZTEXT" in columns(conn, table) else ""
            book.fields[f] = int(conn.execute(
                f"SELECT count(DISTINCT {owner}) FROM {table} WHERE {owner} IN ({people})"
                + extra).fetchone()[0])
    if "ZBIRTHDAY" in rcols:
        book.fields["birthdays"] = int(conn.execute(
            f"SELECT count(*) FROM ZABCDRECORD WHERE ({where}) AND ZBIRTHDAY IS NOT NULL"
        ).fetchone()[0])
    if "ZNOTE" in rcols and "notes" not in book.fields:  # notes inline in older releases
        book.fields["notes"] = int(conn.execute(
            f"SELECT count(*) FROM ZABCDRECORD WHERE ({where}) AND ZNOTE IS NOT NULL "
            "AND ZNOTE != ''").fetchone()[0])
    if ent_known:
        groups = conn.execute(
            "SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'ABCDGroup'").fetchone()
        if groups:
            book.lists = int(conn.execute(
                f"SELECT count(*) FROM ZABCDRECORD WHERE Z_ENT = {int(groups[0])}").fetchone()[0])
    return book


READERS = {"thunderbird": read_thunderbird, "evolution": read_evolution, "macos": read_macos}


# ---------------------------------------------------------------------------- scanner


def book_paths(ctx: ScanContext) -> list[tuple[str, str, Path]]:
    """(kind, app name, file) for every address book on this OS."""
    out: list[tuple[str, str, Path]] = []
    seen: set[Path] = set()
    table: Mapping[str, Any] = store_table("addressbook")
    for kind in KINDS:
        entry = table.get(kind, {})
        for pattern in entry.get(os_key(ctx), []):
            for p in expand(ctx, str(pattern)):
                if p not in seen:
                    seen.add(p)
                    out.append((kind, str(entry.get("name", kind)), p))
    return out


class AddressBookScanner:
    """Contacts kept by mail and desktop apps: how many people, which of their details."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Address books"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{SCANNER_ID}.{k}" for k in KINDS)

    def applies(self, ctx: ScanContext) -> bool:
        if book_paths(ctx):
            return True
        ctx.unavailable(SCANNER_ID, "not-present", "no Thunderbird, Evolution or macOS "
                        "Contacts address book was found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for kind, app, path in book_paths(ctx):
            ctx.check()
            where = display_path(ctx, path)
            location = store_uri(kind, where, "contacts")
            reader = READERS[kind]
            book = read_store(ctx, SCANNER_ID, location, path,
                              lambda conn: reader(ctx, conn))  # noqa: B023 - called at once
            if book is None or book.contacts <= 0:
                continue  # an empty book (every Thunderbird profile has one) exposes no one
            yield make_finding(ctx, SCANNER_ID, _store_finding(kind, app, location, path,
                                                               book), _detail(app, where, book))


def _store_finding(kind: str, app: str, location: str, path: Path, book: Book) -> StoreFinding:
    present = [f for f in FIELDS if book.fields.get(f)]
    what = join(say(f"addressbook.{f}") for f in present) if present else say(
        "addressbook.names_only")
    label = "collected" if path.name == "history.sqlite" else "contacts"
    severity = Severity.MEDIUM if book.contacts >= 100 or "birthdays" in present or \
        "addresses" in present else Severity.LOW
    return StoreFinding(
        rule=f"stores.addressbook.{kind}",
        category=Category.CONTACT,
        severity=severity,
        location=location,
        summary=say(f"addressbook.{label}", app=app, n=book.contacts, what=what),
        records=book.contacts,
        protection="plaintext",  # all three keep contacts in a plain SQLite file
    )


def _detail(app: str, where: str, book: Book) -> dict[str, str]:
    d = {"subject": "others", "app": app, "path": where, "contacts": str(book.contacts),
         "fields": ", ".join(f for f in FIELDS if book.fields.get(f)), "schema": book.schema,
         "lists": str(book.lists)}
    for f in FIELDS:
        d[f] = str(book.fields.get(f, 0))
    if book.capped:
        d["capped"] = f"fields counted in the first {MAX_VCARDS} vCards"
    return d
