"""The attacker's view: scattered findings linked up into one card per person.

Facts that are harmless alone (a name here, a phone there, a card number in an expense
claim) become a kit for fraud together; the seeds' point about re-identification. This
module shows it with what an audit found, never with a raw value: every fact is a
finding's masked preview, and findings are linked by their keyed fingerprints.

How records are linked:

- a *record* is what one entry of a source says about one person: a row of a table (same
  file and line), a whole document that names a single person (a résumé, a real-name kit
  zipped with its photos), one store entry;
- records that share a value that points at one person (an ID number, a card, a phone, an
  e-mail, a name) are the same person: union-find over those fingerprints. Addresses and
  photo positions are shown but never link (a household shares them);
- what the home's own stores and the phone's grants reveal (the sites of saved passwords, a
  saved card, an app reading the address book and location) belongs to the home's user:
  the person who recurs in the most sources.

Pure functions over findings (no Qt, no I/O): the CLI and the desktop share them.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scanners.model import Category, Finding

# what is a fact about a person (the rest is about the machine)
_PERSONAL = frozenset({Category.IDENTITY, Category.FINANCIAL, Category.CONTACT, Category.BASIC,
                       Category.LOCATION, Category.HEALTH, Category.MINOR,
                       Category.BIOMETRIC})
# rules whose value points at one person: they link records
_LINKING_RULES_PREFIXES = ("identity.", "financial.payment_card", "financial.iban",
                           "contact.cn_mobile", "contact.intl_phone", "contact.us_phone",
                           "contact.national_phone",
                           "contact.email", "basic.person_name", "health.")
_NAME_RULE = "basic.person_name"
# what the home's stores and the phone's grants tell about their user
_OWNER_FACTS = {
    "stores.chromium.logins": "credential", "stores.firefox.logins": "credential",
    "stores.chromium.cards": "financial", "stores.chromium.addresses": "contact",
    "stores.firefox.addresses": "contact", "stores.ssh.private_key": "credential",
}
_GRANT_FACTS = {"location": "location", "contacts": "contact", "sms": "communications",
                "call-log": "communications", "accessibility": "credential",
                "filesystem-home": "permission"}


@dataclass(frozen=True, slots=True)
class Fact:
    category: str
    preview: str  # masked, as the finding shows it
    source: str  # the file (or member) or store it came from
    also_in: tuple[str, ...] = ()  # other sources holding the same value
    fingerprint: str = ""  # keyed HMAC: links, never shown

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"category": self.category, "preview": self.preview,
                                "source": self.source}
        if self.also_in:
            d["also_in"] = list(self.also_in)
        return d


@dataclass(frozen=True, slots=True)
class Profile:
    """One linked person: a label (their masked name, or ID number) and what is known."""

    label: str
    facts: tuple[Fact, ...]
    files: tuple[str, ...] = field(default=())  # distinct sources (files or stores)

    @property
    def sources(self) -> int:
        return len(self.files)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "sources": self.sources,
                "facts": [f.to_dict() for f in self.facts]}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _doc(f: Finding) -> str:
    return f.file or f.location


def _record_keys(findings: Sequence[Finding]) -> list[str]:
    """Each finding's record: its whole document when the document holds at most one value
    of each linking kind (one person's papers), else its row (location and line)."""
    values: dict[tuple[str, str], set[str]] = {}
    for f in findings:
        if _links(f):
            values.setdefault((_doc(f), f.rule), set()).add(f.fingerprint)
    crowded = {doc for (doc, _rule), fps in values.items() if len(fps) > 1}
    keys = []
    for f in findings:
        doc = _doc(f)
        if doc not in crowded:
            keys.append(f"doc\x00{doc}")
        else:
            keys.append(f"row\x00{f.location}\x00{f.line}")
    return keys


def _links(f: Finding) -> bool:
    return f.rule.startswith(_LINKING_RULES_PREFIXES)


def _personal(findings: Iterable[Finding]) -> list[Finding]:
    """Content findings about one value each: not a count of many, not a document score
    (a value has a line, a photo's position has none but is one value)."""
    return [f for f in findings
            if f.scanner.startswith("content") and f.category in _PERSONAL and f.fingerprint
            and f.count == 1 and (f.line is not None or f.rule == "location.exif_gps")]


def _owner_facts(findings: Iterable[Finding]) -> list[Fact]:
    out: list[Fact] = []
    for f in findings:
        category = _OWNER_FACTS.get(f.rule)
        if category is not None:
            preview = f.preview
            sites = f.detail.get("top_sites")
            if category == "credential" and sites:
                preview = f"{preview}: {sites}"
            out.append(Fact(category, preview, f.location, fingerprint=f.fingerprint))
            continue
        if f.category == Category.PERMISSION and f.detail.get("state", "allowed") != "denied":
            perm = f.detail.get("permission", "")
            category = _GRANT_FACTS.get(perm)
            if category is None or f.scanner not in ("permissions.android",
                                                     "permissions.flatpak"):
                continue
            app = f.detail.get("app_name") or f.detail.get("app", "")
            where = f.detail.get("device_name") or ""
            out.append(Fact(category, f"{app} may read: {perm}" + (f" ({where})" if where else ""),
                            f.location, fingerprint=f.fingerprint))
    return out


def link(findings: Iterable[Finding], *, limit: int = 50) -> list[Profile]:
    """The people the findings describe, most exposed first (at most `limit`)."""
    items = list(findings)
    personal = _personal(items)
    keys = _record_keys(personal)
    u = _Union()
    first_record: dict[str, str] = {}
    for f, key in zip(personal, keys, strict=True):
        u.find(key)
        if _links(f):
            seen = first_record.setdefault(f"{f.rule.split('.')[0]}\x00{f.fingerprint}", key)
            u.join(seen, key)
    clusters: dict[str, list[Finding]] = {}
    for f, key in zip(personal, keys, strict=True):
        clusters.setdefault(u.find(key), []).append(f)
    people = [p for p in (_profile(group) for group in clusters.values()) if p is not None]
    people.sort(key=lambda p: (-p.sources, -len(p.facts), p.label))
    owner = _owner_facts(items)
    if owner and people:
        top = people[0]
        files = tuple(dict.fromkeys([*top.files, *(f.source for f in owner)]))
        people[0] = Profile(top.label, (*top.facts, *owner), files)
    return people[:limit]


def _profile(group: Sequence[Finding]) -> Profile | None:
    names = Counter(f.preview for f in group if f.rule == _NAME_RULE)
    ids = [f.preview for f in group if f.category == Category.IDENTITY]
    if names:
        label = names.most_common(1)[0][0]
    elif ids:
        label = ids[0]
    else:
        return None  # a phone or an address alone is not yet a person
    by_value: dict[str, list[Finding]] = {}
    for f in group:
        by_value.setdefault(f.fingerprint or f"{f.location}\x00{f.preview}", []).append(f)
    facts = []
    for found in by_value.values():
        sources = list(dict.fromkeys(f.location for f in found))
        head = found[0]
        facts.append(Fact(str(head.category), head.preview, sources[0], tuple(sources[1:]),
                          head.fingerprint))
    facts.sort(key=lambda x: (_ORDER.get(x.category, 99), x.preview))
    files = tuple(dict.fromkeys(_doc(f) for f in group))
    return Profile(label, tuple(facts), files)


_ORDER = {c: i for i, c in enumerate(("basic", "identity", "contact", "financial", "location",
                                      "health", "credential", "communications", "permission"))}


# ------------------------------------------------------------------------------- output


def to_json(people: Sequence[Profile]) -> dict[str, object]:
    """{"people": [{"label", "sources", "facts": [{"category", "preview", "source"}]}]}"""
    return {"people": [p.to_dict() for p in people]}


_CSS = """body{font:20px/1.45 system-ui,sans-serif;margin:2em;background:#fafafa;color:#222}
h1{font-size:2em}.card{background:#fff;border:2px solid #c0392b;border-radius:10px;
padding:1em 1.4em;margin:1em 0;max-width:60em}.card h2{margin:.2em 0 .5em;font-size:1.5em}
table{border-collapse:collapse;width:100%}td{padding:.25em .6em;border-top:1px solid #eee;
vertical-align:top}td.cat{font-weight:600;white-space:nowrap}td.src{color:#666;font-size:.8em;
word-break:break-all}.note{color:#555;max-width:60em}"""


def to_html(people: Sequence[Profile], title: str = "What an attacker can link up",
            note: str = "") -> str:
    """A self-contained page, large type: one card per person, every value masked."""
    e = html.escape
    cards = []
    for p in people:
        rows = "".join(
            f'<tr><td class="cat">{e(f.category)}</td><td>{e(f.preview)}</td>'
            f'<td class="src">{e(f.source)}'
            + (f" (+{len(f.also_in)} more)" if f.also_in else "") + "</td></tr>"
            for f in p.facts)
        cards.append(f'<div class="card"><h2>{e(p.label)}</h2><p>{len(p.facts)} facts from '
                     f"{p.sources} sources</p><table>{rows}</table></div>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}'
            f"</title><style>{_CSS}</style></head><body><h1>{e(title)}</h1>"
            f'<p class="note">{e(note)}</p>{"".join(cards)}</body></html>\n')
