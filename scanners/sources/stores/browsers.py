"""Small helpers the browser store scanners share (Chromium family, Firefox family).

Nothing here reads a secret: host names out of URLs (never the rest of a URL, never its
user:password part), dates out of browser timestamps, a card's brand and last four digits,
and the order of protection levels.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlsplit

from scanners.base import ScanContext
from scanners.model import Category, ScanError, Severity
from scanners.sources.stores.common import StoreError, StoreFinding
from scanners.system.phrases import Phrase, join, say, verbatim

P = TypeVar("P")


class ProfileScanner(Generic[P]):
    """A scanner over browser profiles: looks for them once per audit (applies() and scan()
    share the answer) and says so when there are none."""

    id: ClassVar[str]

    def __init__(self) -> None:
        self._found: tuple[list[P], list[ScanError]] | None = None

    def find(self, ctx: ScanContext) -> tuple[list[P], list[ScanError]]:
        raise NotImplementedError

    def none_found(self, ctx: ScanContext) -> None:
        """Record (ctx.unavailable) that this machine has no such profile."""
        raise NotImplementedError

    def _discover(self, ctx: ScanContext) -> tuple[list[P], list[ScanError]]:
        if self._found is None:
            self._found = self.find(ctx)
        return self._found

    def applies(self, ctx: ScanContext) -> bool:
        profiles, errors = self._discover(ctx)
        if profiles or errors:
            return True
        self.none_found(ctx)
        return False

    def profiles(self, ctx: ScanContext) -> list[P]:
        """The profiles to read; what went wrong finding them is reported here, once."""
        profiles, errors = self._discover(ctx)
        for err in errors:
            ctx.error(err)
        return profiles

MAX_HOSTS = 20  # host lists in detail stay short: the point is "which kind of sites"
MAX_SAMPLES = 5  # masked card / IBAN samples in a preview
MAX_JSON_BYTES = 64 * 1024**2  # a JSON store (logins.json, Local State) larger than this: refused

# Worst first: a finding's protection is the worst level among what it holds.
_RANK = {"plaintext": 0, "weak-key": 1, "unprotected-key": 1, "keyring": 2,
         "primary-password": 3, "passphrase": 3, "encrypted": 4}

# Chromium: microseconds since 1601-01-01; Firefox PRTime: microseconds since 1970.
_WINDOWS_EPOCH_OFFSET_S = 11_644_473_600
# Dates outside this window are a broken or hostile value, not a visit: left out.
_MIN_TS, _MAX_TS = 631_152_000, 4_102_444_800  # 1990-01-01 .. 2100-01-01
# The same window in each store's clock, for min()/max() in SQL that skip absurd values.
CHROME_RANGE = ((_MIN_TS + _WINDOWS_EPOCH_OFFSET_S) * 1_000_000,
                (_MAX_TS + _WINDOWS_EPOCH_OFFSET_S) * 1_000_000)
PRTIME_RANGE = (_MIN_TS * 1_000_000, _MAX_TS * 1_000_000)
UNIX_S_RANGE = (_MIN_TS, _MAX_TS)


def span_sql(col: str, bounds: tuple[int, int]) -> str:
    """'min(..), max(..)' of a timestamp column, over plausible values only."""
    lo, hi = bounds
    inside = f"CASE WHEN {col} BETWEEN {lo} AND {hi} THEN {col} END"
    return f"min({inside}), max({inside})"


def worst(levels: Iterable[str | None]) -> str | None:
    """The weakest protection of several ("plaintext" beats "weak-key" beats "keyring")."""
    found = [lv for lv in levels if lv]
    if not found:
        return None
    return min(found, key=lambda lv: _RANK.get(lv, 0))


def _date(seconds: float) -> str | None:
    if not _MIN_TS <= seconds <= _MAX_TS:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d")


def chrome_date(value: object) -> str | None:
    """A Chromium timestamp (µs since 1601) as YYYY-MM-DD, or None when absent or absurd."""
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    return _date(value / 1_000_000 - _WINDOWS_EPOCH_OFFSET_S)


def unix_us_date(value: object) -> str | None:
    """A PRTime (µs since 1970) as YYYY-MM-DD."""
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    return _date(value / 1_000_000)


def unix_ms_date(value: object) -> str | None:
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    return _date(value / 1000)


def unix_s_date(value: object) -> str | None:
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    return _date(float(value))


def clean_text(value: object, limit: int = 40) -> str:
    """Printable text only, capped: names of profiles, form fields, hosts from a store."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_host(value: object) -> str | None:
    """A host name as stored (cookie host_key, rev_host) made safe to show, or None."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")
    text = text.strip().lstrip(".").lower()
    if "@" in text:  # "user:password@host": only the host ever leaves this function
        text = text.rsplit("@", 1)[1]
    if text.startswith("[") and "]" in text:
        text = text[: text.index("]") + 1]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    if not text or len(text) > 253 or any(not ch.isprintable() or ch.isspace() for ch in text):
        return None
    return text


def host_of(url: object) -> str | None:
    """The host of a URL ("https://u:p@mail.example.com:8443/x" -> "mail.example.com")."""
    text = url.decode("utf-8", "replace") if isinstance(url, bytes) else str(url or "")
    try:
        parts = urlsplit(text.strip())
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    return clean_host(host)


def top_hosts(counts: Mapping[str, int], limit: int = MAX_HOSTS) -> str:
    """'a.com (12), b.org (3)' - the most frequent hosts, capped."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return ", ".join(f"{h} ({n})" for h, n in ranked)


def add_hosts(into: dict[str, int], rows: Iterable[tuple[object, object]],
              from_url: bool = True) -> None:
    """Fold (url-or-host, count) rows into host -> count."""
    for value, n in rows:
        host = host_of(value) if from_url else clean_host(value)
        if host is None:
            continue
        into[host] = into.get(host, 0) + (n if isinstance(n, int) and n > 0 else 1)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


# ---------------------------------------------------------------------------- cards

_BRANDS = {"visa": "Visa", "mastercard": "Mastercard", "amex": "Amex",
           "americanexpress": "Amex", "unionpay": "UnionPay", "discover": "Discover",
           "jcb": "JCB", "diners": "Diners", "dinersclub": "Diners", "mir": "Mir",
           "elo": "Elo", "troy": "Troy", "verve": "Verve"}


def brand_name(network: object) -> str:
    """A card network as stored ("visaCC", "mastercard", "UnionPay") in a fixed spelling."""
    key = "".join(ch for ch in str(network or "").lower() if ch.isalpha())
    key = key.removesuffix("cc")
    return _BRANDS.get(key, "card")


def brand_from_number(digits: str) -> str:
    """The network of a card number from its first digits (IIN ranges, ISO/IEC 7812)."""
    if digits.startswith("4"):
        return "Visa"
    two, four = int(digits[:2] or 0), int(digits[:4] or 0)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return "Mastercard"
    if two in (34, 37):
        return "Amex"
    if two == 62:
        return "UnionPay"
    if digits.startswith("6011") or two == 65:
        return "Discover"
    if 3528 <= four <= 3589:
        return "JCB"
    if two in (36, 38) or 300 <= int(digits[:3] or 0) <= 305:
        return "Diners"
    return "card"


def card_sample(brand: str, last4: str, month: object = None, year: object = None) -> Phrase:
    """'Visa ••4242 exp 2027-09': never more than the last four digits ("card" when the
    brand is unknown; str() of it is the English text)."""
    digits = "".join(ch for ch in last4 if ch.isdigit())[-4:]
    text = say("card.brand", brand=brand) if brand and brand != "card" else say("card.unknown")
    if digits:
        text += verbatim(f" ••{digits}")
    if isinstance(month, int) and isinstance(year, int) and 1 <= month <= 12 \
            and 1990 <= year <= 2200:
        text += say("card.exp", date=f"{year}-{month:02d}")
    return text


def read_json(path: Path, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """A JSON store read whole (it is replaced atomically by the app, never locked)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError("not-a-file", "not a regular file")
        if st.st_size > max_bytes:
            raise StoreError("too-large", f"larger than {max_bytes // 1024**2} MB")
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except FileNotFoundError:
        raise StoreError("missing", "the file disappeared during the scan") from None
    except OSError as exc:
        raise StoreError("unreadable", exc.strerror or str(exc)) from None
    if not raw.strip():
        raise StoreError("corrupt", "empty file")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError("corrupt", "not UTF-8 JSON (encrypted or another format)") from None
    except (ValueError, RecursionError) as exc:
        raise StoreError("corrupt", f"not valid JSON: {exc}"[:200]) from None


# Field names that say a browser's saved form entries hold contact or identity details.
PERSONAL_FIELD_WORDS = ("mail", "phone", "tel", "mobile", "addr", "name", "zip", "postal",
                        "city", "street", "birth", "card", "id_", "passport")


def address_summary(total: int, fields: list[tuple[str, int]]) -> Phrase:
    """"3 saved addresses with name (3), phone (2), kept in the clear": the field groups by
    their message ids (address.name, address.phone...), so each language names them."""
    summary = say("addresses", n=total)
    if fields:
        summary += say("addresses.with", fields=join(
            say(f"address.{g}") + say("paren_count", n=n) for g, n in fields))
    return summary + say("kept_in_clear")


def form_history_finding(rule: str, location: str, field_counts: Mapping[str, int],
                         total: int, n_fields: int, first: str | None,
                         last: str | None) -> StoreFinding:
    """Saved form entries (Chromium autofill, Firefox form history): contact data when a field
    name says so, kept in the clear either way."""
    personal = any(w in f.lower() for f in field_counts for w in PERSONAL_FIELD_WORDS)
    summary = say("forms", n=total, fields=say("fields", n=n_fields))
    if first and last:
        summary += say("history.span", first=first, last=last)
    return StoreFinding(
        rule=rule, category=Category.CONTACT if personal else Category.BASIC,
        severity=Severity.MEDIUM if personal else Severity.LOW, location=location,
        summary=summary, records=total, protection="plaintext")
