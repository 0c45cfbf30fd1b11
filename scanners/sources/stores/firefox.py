"""Firefox-family profiles (Firefox, Thunderbird, LibreWolf): saved logins and whether a
primary password guards them, history, form history, cookies, autofill addresses and cards.
Never decrypts a login; never reads a cookie or form value.

Locations: `[firefox]` in resources/stores.toml - `apps.<key>.{name,linux,macos,windows}`
(profile roots holding profiles.ini) and `profile_globs` (used when profiles.ini is absent).

Findings, one per store part per profile (rule ids are a public contract):
  stores.firefox.logins     credential  logins.json (or legacy signons.sqlite)
  stores.firefox.cards      financial   autofill-profiles.json creditCards
  stores.firefox.addresses  contact     autofill-profiles.json addresses
  stores.firefox.autofill   contact or basic  formhistory.sqlite moz_formhistory
  stores.firefox.history    behaviour   places.sqlite moz_places + moz_historyvisits
  stores.firefox.cookies    behaviour   cookies.sqlite moz_cookies

Detail keys (text): app ("Firefox", "Thunderbird", ...), profile (folder), profile_name
(profiles.ini Name=), path, records, protection, primary_password ("set", "not-set",
"unknown"), primary_password_reason, enc_types ("1:12"), sites, top_sites, schema, pages,
visits, first_visit, last_visit, hosts, top_hosts, entries, fields, field_names,
number_stored, brands.

Primary password: libnss3's PK11_NeedLogin on a private copy of key4.db
(scanners/sources/stores/nss.py),
"unknown" with a reason where libnss3 is absent; the empty-password test only with
ctx.nss_password_check (CLI --firefox-password-check).

Protection: logins with no primary password -> "weak-key" (the key sits next to them,
openable by anyone who reads the profile), with one -> "primary-password", unknown -> no
protection key (detail primary_password="unknown"); encType 0 (legacy clear text) ->
"plaintext". Cards keep only the last four digits in the clear and the number under the OS
key store -> "keyring". History, form history, cookies and addresses -> "plaintext".
"""

from __future__ import annotations

import configparser
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, ScanError, Severity
from scanners.sources.stores.browsers import (
    MAX_HOSTS,
    MAX_SAMPLES,
    PRTIME_RANGE,
    ProfileScanner,
    add_hosts,
    address_summary,
    brand_from_number,
    brand_name,
    card_sample,
    clean_host,
    clean_text,
    form_history_finding,
    read_json,
    span_sql,
    top_hosts,
    unix_us_date,
    worst,
)
from scanners.sources.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    display_path,
    expand,
    make_finding,
    os_key,
    read_store,
    scan_error,
    sqlite_copy,
    store_table,
    store_uri,
    strings,
    tables,
)
from scanners.sources.stores.nss import empty_password_test, nss_primary_password
from scanners.system.phrases import Phrase, join, say

SCANNER_ID = "stores.firefox"
KIND = "firefox"
STORE_FILES = ("logins.json", "signons.sqlite", "key4.db", "places.sqlite",
               "formhistory.sqlite", "cookies.sqlite", "autofill-profiles.json")
_FXA_HOSTS = ("chrome://FirefoxAccounts",)  # the Firefox Accounts key entry, not a login

@dataclass(frozen=True, slots=True)
class Profile:
    app: str  # "Firefox", "Thunderbird"
    root: Path
    path: Path
    folder: str  # path relative to the root ("abcd.default-release", "Profiles/x.default")
    name: str  # profiles.ini Name=, or the folder


def _ini_profiles(root: Path) -> tuple[list[tuple[Path, str]], ScanError | None]:
    ini = root / "profiles.ini"
    if not ini.is_file():
        return [], None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        with open(ini, encoding="utf-8", errors="replace") as fh:
            parser.read_string(fh.read(1024 * 1024))
    except PermissionError:
        return [], ScanError(SCANNER_ID, str(ini), "permission-denied", "profiles.ini")
    except (OSError, configparser.Error) as exc:
        return [], ScanError(SCANNER_ID, str(ini), "corrupt",
                             f"profiles.ini: {type(exc).__name__}")
    out: list[tuple[Path, str]] = []
    for section in parser.sections():
        if not section.lower().startswith("profile"):
            continue
        rel = parser.get(section, "Path", fallback="").strip()
        if not rel:
            continue
        relative = parser.get(section, "IsRelative", fallback="1").strip() != "0"
        path = root / rel if relative else Path(rel)
        out.append((path, clean_text(parser.get(section, "Name", fallback=rel))))
    return out, None


def find_profiles(ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
    cfg = store_table("firefox")
    globs = strings(cfg.get("profile_globs")) or ["*.default*", "Profiles/*"]
    osk = os_key(ctx)
    profiles: list[Profile] = []
    errors: list[ScanError] = []
    seen: set[Path] = set()
    apps = cfg.get("apps", {})
    for spec in apps.values() if isinstance(apps, dict) else ():
        if not isinstance(spec, dict):
            continue
        app = str(spec.get("name", "Firefox"))
        for pattern in strings(spec.get(osk)):
            for root in expand(ctx, pattern):
                if not root.is_dir():
                    continue
                where = store_uri(KIND, display_path(ctx, root))
                if not os.access(root, os.R_OK | os.X_OK):
                    errors.append(ScanError(SCANNER_ID, where, "permission-denied",
                                            f"{app}: the profile folder cannot be read"))
                    continue
                listed, err = _ini_profiles(root)
                if err is not None:
                    errors.append(ScanError(SCANNER_ID, where, err.reason, err.message))
                candidates = list(listed)
                # profiles not named in profiles.ini (or no profiles.ini at all) still count
                for g in globs:
                    for p in sorted(root.glob(g)):
                        candidates.append((p, p.name))
                for path, name in candidates:
                    try:
                        real = path.resolve()
                    except (OSError, RuntimeError):
                        continue
                    if real in seen or not path.is_dir():
                        continue
                    seen.add(real)
                    try:
                        inside = set(os.listdir(path))
                    except PermissionError:
                        errors.append(ScanError(
                            SCANNER_ID, store_uri(KIND, display_path(ctx, path)),
                            "permission-denied", f"{app}: the profile cannot be read"))
                        continue
                    except OSError:
                        continue
                    if not inside & set(STORE_FILES):
                        continue
                    try:
                        folder = path.relative_to(root).as_posix()
                    except ValueError:
                        folder = path.name
                    profiles.append(Profile(app, root, path, folder, name))
    return profiles, errors


_Part = tuple[StoreFinding, dict[str, object]]


class FirefoxScanner(ProfileScanner[Profile]):
    """Saved logins and primary password, history, forms, cookies, autofill per profile."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Firefox and Thunderbird"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{SCANNER_ID}.{part}" for part in (
        "logins", "cards", "addresses", "autofill", "history", "cookies"))

    def find(self, ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
        return find_profiles(ctx)

    def none_found(self, ctx: ScanContext) -> None:
        ctx.unavailable(self.id, "not-present", "no Firefox or Thunderbird profile found")

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for profile in self.profiles(ctx):
            ctx.check()
            primary = self._primary_password(ctx, profile)
            if (profile.path / "logins.json").exists():
                yield from self._run(ctx, profile, "logins.json", self._logins_json, primary)
            else:
                yield from self._run(ctx, profile, "signons.sqlite", self._signons, primary)
            yield from self._run(ctx, profile, "places.sqlite", self._places)
            yield from self._run(ctx, profile, "formhistory.sqlite", self._formhistory)
            yield from self._run(ctx, profile, "cookies.sqlite", self._cookies)
            yield from self._run(ctx, profile, "autofill-profiles.json", self._autofill)

    # ------------------------------------------------------------------------ plumbing

    def _primary_password(self, ctx: ScanContext, profile: Profile) -> tuple[str, str]:
        key4 = profile.path / "key4.db"
        if not os.path.lexists(key4):
            if (profile.path / "key3.db").exists():
                return "unknown", "old key3.db (Berkeley DB) profile"
            return "unknown", "no key4.db"
        try:
            if not stat.S_ISREG(os.lstat(key4).st_mode):
                return "unknown", "key4.db is not a regular file"
            state, why = nss_primary_password(key4)
            if state != "unknown" or not ctx.nss_password_check:
                return state, why
            # opt-in only: the empty-password test decrypts a fixed constant (see nss.py)
            with sqlite_copy(key4) as conn:
                state, test_why = empty_password_test(conn)
            return state, f"{test_why} (empty-password test; {why})"
        except ScanCancelled:
            raise
        except Exception as exc:
            err = scan_error(self.id, store_uri(KIND, display_path(ctx, key4)), exc)
            ctx.error(err)
            return "unknown", f"key4.db: {err.reason}"

    def _run(self, ctx: ScanContext, profile: Profile, name: str,
             reader: Callable[..., list[_Part]], *args: Any) -> Iterator[Finding]:
        path = profile.path / name
        where = display_path(ctx, path)
        parts = read_store(ctx, self.id, store_uri(KIND, where), path,
                           lambda source: reader(ctx, source, where, *args),
                           sqlite=name.endswith(".sqlite"))
        for sf, detail in parts or ():
            base: dict[str, object] = {"app": profile.app, "profile": profile.folder,
                                       "profile_name": profile.name, "path": where}
            base.update(detail)
            yield make_finding(ctx, self.id, sf, base)

    # ------------------------------------------------------------------------ logins

    def _login_finding(self, where: str, total: int, hosts: dict[str, int],
                       enc: Mapping[int, int], primary: tuple[str, str]) -> list[_Part]:
        state, why = primary
        level = {"not-set": "weak-key", "set": "primary-password"}.get(state)
        if enc.get(0):
            level = worst([level, "plaintext"])  # encType 0: the password in the clear
        meaning = say(f"firefox.primary.{state.replace('-', '_')}")
        summary = (say("logins", n=total, sites=say("sites", n=len(hosts)))
                   + say("paren", text=meaning))
        if enc.get(0):
            summary += say("firefox.clear_logins", n=enc[0])
        sev = Severity.HIGH if level in ("weak-key", "plaintext") else (
            Severity.LOW if level == "primary-password" else Severity.MEDIUM)
        sf = StoreFinding(
            rule="stores.firefox.logins", category=Category.CREDENTIAL, severity=sev,
            location=store_uri(KIND, where, "logins"), summary=summary, records=total,
            protection=level)
        return [(sf, {"primary_password": state, "primary_password_reason": why,
                      "enc_types": ", ".join(f"{k}:{v}" for k, v in sorted(enc.items())),
                      "sites": len(hosts), "top_sites": top_hosts(hosts) or None})]

    def _logins_json(self, ctx: ScanContext, path: Path, where: str,
                     primary: tuple[str, str]) -> list[_Part]:
        data = read_json(path)
        if not isinstance(data, dict) or not isinstance(data.get("logins"), list):
            raise StoreError("unknown-format", "logins.json has no 'logins' list")
        total = 0
        hosts: dict[str, int] = {}
        enc: dict[int, int] = {}
        for item in data["logins"]:
            if not isinstance(item, dict):
                continue
            hostname = item.get("hostname") or item.get("origin")
            if isinstance(hostname, str) and hostname in _FXA_HOSTS:
                continue
            total += 1
            add_hosts(hosts, [(hostname, 1)])
            kind = item.get("encType")
            key = kind if isinstance(kind, int) and not isinstance(kind, bool) else -1
            enc[key] = enc.get(key, 0) + 1
        if total == 0:
            return []
        parts = self._login_finding(where, total, hosts, enc, primary)
        parts[0][1]["schema"] = f"logins.json v{clean_text(data.get('version', '?'), 8)}"
        return parts

    def _signons(self, ctx: ScanContext, conn: sqlite3.Connection, where: str,
                 primary: tuple[str, str]) -> list[_Part]:
        if "moz_logins" not in tables(conn):
            raise StoreError("unknown-format", "no table 'moz_logins' in signons.sqlite")
        have = columns(conn, "moz_logins")
        if "hostname" not in have:
            raise StoreError("unknown-format", "moz_logins has no column 'hostname'")
        rows = conn.execute("SELECT hostname, count(*) FROM moz_logins GROUP BY hostname "
                            "LIMIT 100000").fetchall()
        total = sum(int(n) for _, n in rows)
        if total == 0:
            return []
        hosts: dict[str, int] = {}
        add_hosts(hosts, rows)
        enc: dict[int, int] = {}
        if "encType" in have:
            for kind, n in conn.execute("SELECT encType, count(*) FROM moz_logins GROUP BY 1"):
                enc[kind if isinstance(kind, int) else -1] = int(n)
        parts = self._login_finding(where, total, hosts, enc, primary)
        parts[0][1]["schema"] = "signons.sqlite (before Firefox 32)"
        return parts

    # ------------------------------------------------------------------------ places

    def _places(self, ctx: ScanContext, conn: sqlite3.Connection, where: str) -> list[_Part]:
        names = tables(conn)
        if "moz_places" not in names:
            raise StoreError("unknown-format", "no table 'moz_places' in places.sqlite")
        have = columns(conn, "moz_places")
        if "url" not in have:
            raise StoreError("unknown-format", "moz_places has no column 'url'")
        visited = "visit_count > 0" if "visit_count" in have else "1"
        pages = int(conn.execute(
            f"SELECT count(*) FROM moz_places WHERE {visited}").fetchone()[0])
        visits = 0
        first = last = None
        if "moz_historyvisits" in names and "visit_date" in columns(conn, "moz_historyvisits"):
            n, lo, hi = conn.execute(
                f"SELECT count(*), {span_sql('visit_date', PRTIME_RANGE)} "
                "FROM moz_historyvisits").fetchone()
            visits, first, last = int(n), unix_us_date(lo), unix_us_date(hi)
        if pages == 0 and visits == 0:
            return []
        ctx.check()
        hosts: dict[str, int] = {}
        n_hosts = 0
        if "rev_host" in have:
            # rev_host is the host reversed with a trailing dot ("moc.elpmaxe."): grouped in SQL
            weight = "max(visit_count, 1)" if "visit_count" in have else "1"
            rows = conn.execute(
                f"SELECT rev_host, sum({weight}) FROM moz_places WHERE {visited} "
                "GROUP BY rev_host ORDER BY 2 DESC LIMIT 5000").fetchall()
            add_hosts(hosts, [(str(r or "")[::-1], n) for r, n in rows], from_url=False)
            n_hosts = int(conn.execute(
                f"SELECT count(DISTINCT rev_host) FROM moz_places WHERE {visited}").fetchone()[0])
        summary = say("history", n=pages, visits=say("times_visited", n=visits),
                      sites=say("sites", n=n_hosts))
        if first and last:
            summary += say("history.span", first=first, last=last)
        schema = "moz_places + moz_origins" if "moz_origins" in names else "moz_places (legacy)"
        sf = StoreFinding(
            rule="stores.firefox.history", category=Category.BEHAVIOUR, severity=Severity.MEDIUM,
            location=store_uri(KIND, where, "history"), summary=summary, records=max(pages, 1),
            protection="plaintext")
        return [(sf, {"schema": schema, "pages": pages, "visits": visits, "hosts": n_hosts,
                      "top_hosts": top_hosts(hosts) or None, "first_visit": first,
                      "last_visit": last})]

    # ------------------------------------------------------------------------ form history

    def _formhistory(self, ctx: ScanContext, conn: sqlite3.Connection,
                     where: str) -> list[_Part]:
        if "moz_formhistory" not in tables(conn):
            raise StoreError("unknown-format", "no table 'moz_formhistory'")
        have = columns(conn, "moz_formhistory")
        if "fieldname" not in have:
            raise StoreError("unknown-format", "moz_formhistory has no column 'fieldname'")
        total, n_fields = conn.execute(
            "SELECT count(*), count(DISTINCT fieldname) FROM moz_formhistory").fetchone()
        total, n_fields = int(total), int(n_fields)
        if total == 0:
            return []
        field_counts: dict[str, int] = {}
        for name, n in conn.execute("SELECT fieldname, count(*) FROM moz_formhistory GROUP BY 1 "
                                    f"ORDER BY 2 DESC LIMIT {MAX_HOSTS}"):
            field_counts[clean_text(name or "", 32)] = int(n)
        first = last = None
        if "firstUsed" in have and "lastUsed" in have:
            lo, _ = conn.execute(f"SELECT {span_sql('firstUsed', PRTIME_RANGE)} "
                                 "FROM moz_formhistory").fetchone()
            _, hi = conn.execute(f"SELECT {span_sql('lastUsed', PRTIME_RANGE)} "
                                 "FROM moz_formhistory").fetchone()
            first, last = unix_us_date(lo), unix_us_date(hi)
        sf = form_history_finding("stores.firefox.autofill",
                                  store_uri(KIND, where, "formhistory"), field_counts, total,
                                  n_fields, first, last)
        return [(sf, {"schema": "moz_formhistory", "entries": total, "fields": n_fields,
                      "field_names": top_hosts(field_counts) or None, "first_used": first,
                      "last_used": last})]

    # ------------------------------------------------------------------------ cookies

    def _cookies(self, ctx: ScanContext, conn: sqlite3.Connection, where: str) -> list[_Part]:
        if "moz_cookies" not in tables(conn):
            raise StoreError("unknown-format", "no table 'moz_cookies'")
        have = columns(conn, "moz_cookies")
        host_col = "host" if "host" in have else None
        if host_col is None:
            raise StoreError("unknown-format", "moz_cookies has no column 'host'")
        total, n_hosts = conn.execute(
            "SELECT count(*), count(DISTINCT host) FROM moz_cookies").fetchone()
        total, n_hosts = int(total), int(n_hosts)
        if total == 0:
            return []
        hosts: dict[str, int] = {}
        for host, n in conn.execute("SELECT host, count(*) FROM moz_cookies GROUP BY host "
                                    "ORDER BY 2 DESC LIMIT 200"):
            h = clean_host(host)
            if h:
                hosts[h] = hosts.get(h, 0) + int(n)
        summary = say("cookies.clear", n=total, sites=say("sites", n=n_hosts))
        sf = StoreFinding(
            rule="stores.firefox.cookies", category=Category.BEHAVIOUR, severity=Severity.MEDIUM,
            location=store_uri(KIND, where, "cookies"), summary=summary, records=total,
            protection="plaintext")
        return [(sf, {"schema": "moz_cookies", "hosts": n_hosts,
                      "top_hosts": top_hosts(hosts) or None})]

    # ------------------------------------------------------------------------ autofill

    def _autofill(self, ctx: ScanContext, path: Path, where: str) -> list[_Part]:
        data = read_json(path)
        if not isinstance(data, dict):
            raise StoreError("unknown-format", "autofill-profiles.json is not an object")
        parts: list[_Part] = []
        addresses = [a for a in data.get("addresses") or [] if isinstance(a, dict)
                     and not a.get("deleted")]
        if addresses:
            fields: dict[str, int] = {}
            groups = {"name": ("name", "given-name", "family-name"), "email": ("email",),
                      "phone": ("tel",), "address": ("street-address", "address-level2",
                                                     "postal-code"),
                      "company": ("organization",)}
            for a in addresses:
                for group, keys in groups.items():
                    if any(a.get(k) for k in keys):
                        fields[group] = fields.get(group, 0) + 1
            field_text = ", ".join(f"{g} ({n})" for g, n in fields.items())
            summary = address_summary(len(addresses), list(fields.items()))
            sf = StoreFinding(
                rule="stores.firefox.addresses", category=Category.CONTACT,
                severity=Severity.MEDIUM, location=store_uri(KIND, where, "addresses"),
                summary=summary, records=len(addresses), protection="plaintext")
            parts.append((sf, {"schema": f"autofill-profiles.json v{data.get('version', '?')}",
                               "fields": field_text or None}))
        cards = [c for c in data.get("creditCards") or [] if isinstance(c, dict)
                 and not c.get("deleted")]
        if cards:
            samples: list[Phrase] = []
            clear = 0
            for c in cards:
                shown = str(c.get("cc-number") or "")
                digits = "".join(ch for ch in shown if ch.isdigit())
                # a number with no mask characters is the whole number, kept in the clear
                if len(digits) >= 12 and len(digits) == len(shown.replace(" ", "")):
                    clear += 1
                    brand = brand_from_number(digits)
                else:
                    brand = brand_name(c.get("cc-type"))
                if len(samples) < MAX_SAMPLES:
                    samples.append(card_sample(brand, digits[-4:], c.get("cc-exp-month"),
                                               c.get("cc-exp-year")))
            level = "plaintext" if clear else "keyring"
            summary = say("cards", n=len(cards), samples=join(samples))
            if len(cards) > len(samples):
                summary += say("more", n=len(cards) - len(samples))
            summary += (say("firefox.cards_clear", n=clear) if clear
                        else say("firefox.cards_keystore"))
            sf = StoreFinding(
                rule="stores.firefox.cards", category=Category.FINANCIAL,
                severity=Severity.HIGH if clear else Severity.MEDIUM,
                location=store_uri(KIND, where, "creditCards"), summary=summary,
                records=len(cards), protection=level)
            parts.append((sf, {"schema": f"autofill-profiles.json v{data.get('version', '?')}",
                               "number_stored": "in the clear" if clear else "encrypted"}))
        return parts
