"""The exposure index: 0-100 on a log scale of exposure mass, monotonic, and explained.

Each finding earns points = confidence x sensitivity x severity x identifiability x access
x kit (NIST SP 800-122's factors; ENISA's severity scale for sensitivity and ease of
identification). A value (fingerprint) counts once, with its worst occurrence, grown a little
by the number of places that hold it; its mass is those points times the people it stands
for. The machine's exposure mass is the plain sum over values: every person counts, so half
the people exposed is half the mass, whatever the category. The index is
k x log10(1 + mass / m0), rounded and capped at 100: a constant number of points per
doubling, so fixing half of the exposure always shows, and 100 is left for the extreme.
Categories, files and findings get shares of the index in proportion to their mass: they
add up to it exactly (largest remainder). Every factor is >= 0 and every aggregation is
non-decreasing, so more or worse exposure never lowers the index and removing exposure
never raises it. Weights live in resources/scoring.toml; docs/scoring.md explains
the model and its calibration.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import os
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanners.access import AccessFacts
from scanners.model import Category, Finding
from scanners.paths import resources_dir

SENSITIVE = 4.0  # ENISA's top data-processing context: the floor for minors' data
BANDS = ("low", "medium", "high", "critical")
KIT_IDS = frozenset({"identity"})
KIT_PEOPLE = frozenset({"basic.person_name"})
KIT_REACH = frozenset({"contact"})


@dataclass(frozen=True, slots=True)
class Weights:
    category: dict[str, float]
    severity: dict[str, float]
    k: float = 40.0  # index points per tenfold mass (12 per doubling)
    m0: float = 30.0  # the mass unit: the index is k x log10(1 + mass / m0)
    bands: tuple[float, float, float] = (25.0, 50.0, 75.0)
    spread: float = 0.25
    kit: float = 1.5
    max_records: int = 1_000_000
    unlocks: dict[str, str] = field(default_factory=dict)
    ident_direct: float = 1.0
    ident_quasi: float = 0.5
    ident_masked: float = 0.25
    quasi_categories: frozenset[str] = frozenset({"basic"})
    record_rules: frozenset[str] = frozenset()
    record_scanners: tuple[str, ...] = ()
    people_rules: frozenset[str] = frozenset()
    access: dict[str, float] = field(default_factory=dict)
    place: dict[str, float] = field(default_factory=dict)
    protection: dict[str, float] = field(default_factory=dict)
    profile: str = "GB/T 35273-2020"
    standards: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None, profile: str | None = None) -> Weights:
        with open(path or resources_dir() / "scoring.toml", "rb") as fh:
            data = tomllib.load(fh)
        legal = data.get("legal", {})
        chosen = profile or str(legal.get("profile", "GB/T 35273-2020"))
        category = {str(k): float(v) for k, v in data["category"].items()}
        overrides = legal.get("profiles", {}).get(chosen, {}).get("category", {})
        category.update({str(k): float(v) for k, v in overrides.items()})
        # Minors' data is sensitive by law (PIPL 28, 31) under every standard.
        category["minor"] = max(category.get("minor", SENSITIVE), SENSITIVE)
        ident = data.get("identifiability", {})
        quantity = data.get("quantity", {})
        index = data.get("index", {})
        access = dict(data.get("access", {}))
        place = access.pop("place", {})
        b = [float(x) for x in data.get("bands", (25, 50, 75))]
        return cls(
            category=category,
            severity={str(k): float(v) for k, v in data["severity"].items()},
            k=max(1.0, float(index.get("k", 40.0))),
            m0=max(1e-6, float(index.get("m0", 30.0))),
            bands=(b[0], b[1], b[2]),
            spread=float(data.get("spread", 0.25)),
            kit=max(1.0, float(data.get("kit", 1.5))),
            max_records=int(data.get("max_records", 1_000_000)),
            unlocks={str(k): str(v) for k, v in data.get("unlocks", {}).items()},
            ident_direct=float(ident.get("direct", 1.0)),
            ident_quasi=float(ident.get("quasi", 0.5)),
            ident_masked=float(ident.get("masked", 0.25)),
            quasi_categories=frozenset(ident.get("quasi_categories", ["basic"])),
            record_rules=frozenset(quantity.get("record_rules", ())),
            record_scanners=tuple(quantity.get("record_scanners", ())),
            people_rules=frozenset(quantity.get("people_rules", ())),
            access={str(k): max(1.0, float(v)) for k, v in access.items()},
            place={str(k): max(1.0, float(v)) for k, v in place.items()},
            protection={str(k): max(0.0, float(v))
                        for k, v in data.get("protection", {}).items()},
            profile=chosen,
            standards=tuple(str(s) for s in legal.get("standards", ())),
            labels={str(k): str(v) for k, v in legal.get("labels", {}).items()},
        )


_DEFAULT: Weights | None = None


def default_weights() -> Weights:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Weights.load()
    return _DEFAULT


# --------------------------------------------------------------------------- the index


def index_of(mass: float, w: Weights) -> float:
    """The unrounded index of an exposure mass: k x log10(1 + mass / m0), capped at 100."""
    if mass <= 0:
        return 0.0
    return min(100.0, w.k * math.log10(1.0 + mass / w.m0))


def rounded(index: float, mass: float) -> int:
    """0-100; 0 only for no mass at all, so a single exposed value never reads as nothing."""
    if mass <= 0:
        return 0
    return min(100, max(1, round(index)))


def mass_for(index: float, w: Weights) -> float:
    """The mass at which the index reaches `index` (the inverse of index_of, below 100)."""
    return w.m0 * (math.pow(10.0, index / w.k) - 1.0)


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to `weights` that sum to `total` exactly (Hamilton's method)."""
    s = sum(weights)
    if total <= 0 or s <= 0:
        return [0] * len(weights)
    exact = [total * x / s for x in weights]
    out = [math.floor(x) for x in exact]
    # ties go to the larger weight, then to the earlier part: the same input, the same split
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - out[i]), -weights[i], i))
    for i in order[:total - sum(out)]:
        out[i] += 1
    return out


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Factors:
    """The factors of one finding's points, each a number and (for explanations) in words."""

    confidence: float
    sensitivity: float
    severity: float
    identifiability: float
    access: float
    kit: float
    records: int = 1
    sensitivity_from: str = ""  # the category whose weight applied (credentials: what they unlock)
    access_words: tuple[str, ...] = ()
    sensitivity_via: str = "unlocks"  # "exposes" for a permission weighted by the data it reaches
    people: bool = False  # the records are distinct people (an address book), not one person's

    @property
    def points(self) -> float:
        return (self.confidence * self.sensitivity * self.severity * self.identifiability
                * self.access * self.kit)

    @property
    def quantity(self) -> float:
        """How many times the points count: people in full, one person's items slowly."""
        if self.records <= 1:
            return 1.0
        return float(self.records) if self.people else 1.0 + math.log10(self.records)

    def words(self) -> list[str]:
        out = [f"confidence {self.confidence:.2f}",
               f"sensitivity {self.sensitivity:g}"
               + (f" ({self.sensitivity_via} {self.sensitivity_from})"
                  if self.sensitivity_from else "")]
        if self.identifiability < 1:
            out.append("de-identified (masked)" if self.identifiability <= 0.25
                       else "identifies only in combination")
        if self.kit > 1:
            out.append("part of an identity kit (name + ID + phone or address in one record)")
        if self.records > 1:
            out.append(f"{self.records} {'people' if self.people else 'records'}")
        out.extend(self.access_words)
        return out

    def formula(self) -> str:
        """The per-finding formula with its numbers: the detail behind a share."""
        q = f" x quantity {self.quantity:.3g}" if self.records > 1 else ""
        return (f"{self.confidence:.2f} confidence x {self.sensitivity:g} sensitivity"
                f" x {self.severity:g} severity x {self.identifiability:g} identifiability"
                f" x {self.access:.3g} access x {self.kit:g} kit{q}")


@dataclass(frozen=True, slots=True)
class Contribution:
    """One value (fingerprint) of a category and what it adds to the index."""

    category: Category
    rule: str
    fingerprint: str
    preview: str
    location: str  # where its worst occurrence is
    places: int  # how many locations hold it
    points: float  # the per-finding formula's result (before quantity and places)
    added: float  # its share of the index, in index points (shares add up to the index)
    factors: Factors
    scanner: str = ""  # who found it, and how its store is kept: they pick the advice
    protection: str | None = None
    mass: float = 0.0  # points x quantity x places: what it adds to the exposure mass

    def explain(self) -> str:
        where = self.location + (f" and {self.places - 1} other place(s)" if self.places > 1
                                 else "")
        return (f"+{self.added:.2f} {self.rule} {self.preview} in {where} ("
                + ", ".join(self.factors.words()) + f"; mass {self.mass:.3g} ="
                + f" {self.factors.formula()})")


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: Category
    points: float  # its share of the index, unrounded (the shares add up to the index)
    distinct: int
    worst: str  # rule id of the worst value
    value: int = 0  # this category alone, 0-100 (not a part of the total: see `share`)
    people: int = 0  # distinct values + the people their records stand for
    label: str = ""  # its legal status under the standards (versioned)
    mass: float = 0.0  # its exposure mass
    share: int = 0  # its share of the index, rounded so that the shares sum to the index


@dataclass(frozen=True, slots=True)
class LocationScore:
    location: str
    points: float  # its share of the index (values counted at their worst place), unrounded
    value: int  # this location alone, 0-100
    findings: int
    categories: tuple[str, ...]
    access: tuple[str, ...] = ()
    mass: float = 0.0  # the mass of the values whose worst place it is


@dataclass(frozen=True, slots=True)
class Headline:
    """What "Why this score" says first: the largest group of exposure, language-neutral."""

    category: str  # the dominant category
    count: int  # people (or items, for credentials and the like) in it
    kinds: tuple[str, ...]  # rules or categories that make up the group, worst first
    files: int  # locations holding the dominant category's values
    folder: str  # the folder they share, relative to home ("" = the home folder itself)
    stores: tuple[str, ...] = ()  # application stores among the locations (scanner ids)
    access: tuple[str, ...] = ()  # access facts shared by every file of the group
    some_access: tuple[str, ...] = ()  # access facts of some of the files only


@dataclass(frozen=True, slots=True)
class Score:
    value: int  # 0-100
    raw: float  # the exposure mass
    parts: tuple[CategoryScore, ...] = ()
    top: tuple[Contribution, ...] = ()  # the largest contributions, largest first
    locations: tuple[LocationScore, ...] = ()
    accepted: int = 0  # findings left out because the user accepted their risk
    profile: str = ""
    standards: tuple[str, ...] = ()
    thresholds: tuple[float, float, float] = (25.0, 50.0, 75.0)
    headline: Headline | None = None
    location_shares: tuple[tuple[str, int], ...] = ()  # files' rounded shares, sum = value

    @property
    def band(self) -> str:
        return band_of(self.value, self.thresholds)

    @property
    def mass(self) -> float:
        return self.raw

    def sentence(self, lang: str = "en") -> str:
        """The score in one sentence: who is exposed, what, where and to whom."""
        return headline_sentence(self.headline, lang)

    def breakdown(self, lang: str = "en") -> str:
        """The category shares as a sum that equals the index: "identity 38 + ... = 81"."""
        if not self.parts:
            return "0"
        names = CATEGORY_WORDS_ZH if lang.startswith("zh") else {}
        terms = [f"{names.get(str(p.category), str(p.category))} {p.share}"
                 for p in self.parts if p.share > 0]
        return " + ".join(terms) + f" = {self.value}"

    def explain(self, limit: int = 5, lang: str = "en") -> list[str]:
        """Why this score: the sentence, the category shares that sum to it, the files and
        findings that carry it (each with its formula as detail)."""
        zh = lang.startswith("zh")
        lines = [self.sentence(lang)]
        if not self.parts:
            return lines
        lines.append(("指数 " if zh else f"Exposure {self.value}/100 ({self.band}) = ")
                     + (self.breakdown(lang) if not zh else
                        f"{self.value}/100 = {self.breakdown(lang)}"))
        for name, share in self.location_shares[:limit]:
            lines.append(f"+{share} {name}")
        rest = self.value - sum(s for _, s in self.location_shares[:limit])
        if len(self.location_shares) > limit and rest > 0:
            more = len(self.location_shares) - limit
            lines.append(f"+{rest} " + (f"其余 {more} 处" if zh else f"{more} other place(s)"))
        for p in self.parts[:limit]:
            lines.append(f"{p.category}: {p.share} of {self.value} points from {p.people}"
                         f" value(s), worst {p.worst}; {p.label}")
        for c in self.top[:limit]:
            lines.append(c.explain())
        if self.accepted:
            lines.append(f"{self.accepted} finding(s) with an accepted risk are not counted.")
        if self.profile:
            lines.append(f"Legal mapping: weights follow {self.profile}; labels cite "
                         + "; ".join(self.standards) + ".")
        return lines


def band_of(value: float, thresholds: Sequence[float] = (25.0, 50.0, 75.0)) -> str:
    for name, limit in zip(BANDS, thresholds, strict=False):
        if value < limit:
            return name
    return BANDS[-1]


# --------------------------------------------------------------------------- factors


def _is_masked(f: Finding) -> bool:
    return f.rule.endswith("_masked") or f.detail.get("masked") == "yes"


def _records(f: Finding, w: Weights) -> tuple[int, bool]:
    """How many records one finding stands for, and whether they are distinct people.

    Folded occurrences (distinct values beyond a file's cap), contact cards and address books
    are other people: each counts in full. Other counted store items (saved logins, history
    pages, cookies) are many items of one person, the user: they grow the quantity slowly.
    """
    if f.detail.get("folded") == "yes":  # occurrences beyond the per-file cap, counted
        n = f.detail.get("distinct")
        count = int(n) if n and str(n).isdigit() else f.count
        return max(1, min(count, w.max_records)), True
    if f.rule in w.record_rules or f.scanner.startswith(w.record_scanners):
        n = f.detail.get("records")
        count = int(n) if n and str(n).isdigit() else f.count
        people = f.rule in w.people_rules or f.detail.get("subject") == "others"
        return max(1, min(count, w.max_records)), people
    return 1, False


def access_factor(facts: AccessFacts | None, w: Weights) -> tuple[float, tuple[str, ...]]:
    """Product of the access multipliers (each >= 1, capped) and the protection factor."""
    if facts is None:
        return 1.0, ()
    a = 1.0
    if facts.world_readable:
        a *= w.access.get("world_readable", 1.5)
    elif facts.world_readable_mode:
        a *= w.access.get("world_readable_mode", 1.15)
    elif facts.group_readable:
        a *= w.access.get("group_readable", 1.1)
    for place in facts.places:
        a *= w.place.get(place, 1.0)
    a = min(a, max(w.access.get("max", 3.0), 1.0))
    if facts.protection:
        a *= w.protection.get(facts.protection, 1.0)
    return a, tuple(facts.describe())


def _kit_records(findings: Sequence[Finding]) -> set[tuple[str, int | None]]:
    """(location, line) records where a name, an identity number and a phone/address co-occur."""
    seen: dict[tuple[str, int | None], int] = {}  # kinds present, as bits: id 1, name 2, reach 4
    for f in findings:
        cat = f.category  # a StrEnum: compares and hashes as its text
        if cat in KIT_IDS:
            bit = 1
        elif f.rule in KIT_PEOPLE:
            bit = 2
        elif cat in KIT_REACH:
            bit = 4
        else:
            continue
        if f.line is None or _is_masked(f):
            continue
        key = (f.location, f.line)
        seen[key] = seen.get(key, 0) | bit
    return {k for k, kinds in seen.items() if kinds == 7}


def factors_of(
    f: Finding,
    facts: AccessFacts | None,
    w: Weights,
    in_kit: bool = False,
    access_pre: tuple[float, tuple[str, ...]] | None = None,
) -> Factors:
    cat = str(f.category)
    sensitivity = w.category.get(cat, 1.0)
    unlocked = ""
    target = w.unlocks.get(f.rule)
    via = "unlocks"
    if target is None and cat == "permission":
        # A permission weighs what it exposes (DESIGN): camera access as biometric data, a
        # home-folder grant as credentials. Like [unlocks], it can only raise the weight.
        target, via = f.detail.get("exposes") or None, "exposes"
    if target:
        inherited = w.category.get(target, sensitivity)
        if inherited > sensitivity:
            sensitivity, unlocked = inherited, target
    if cat == "minor" or f.rule.startswith("minor."):
        sensitivity = max(sensitivity, SENSITIVE)
    if _is_masked(f):
        ident = w.ident_masked
    elif cat in w.quasi_categories:
        ident = w.ident_quasi
    else:
        ident = w.ident_direct
    a, words = access_pre if access_pre is not None else access_factor(facts, w)
    records, people = _records(f, w)
    return Factors(
        confidence=min(max(f.confidence, 0.0), 1.0), sensitivity=sensitivity,
        severity=w.severity.get(f.severity.label, 1.0), identifiability=ident, access=a,
        kit=w.kit if in_kit else 1.0, records=records, people=people,
        sensitivity_from=unlocked,
        access_words=words, sensitivity_via=via,
    )


def _with_records(fac: Factors, records: int, people: bool) -> Factors:
    return dataclasses.replace(fac, records=records, people=people)


# --------------------------------------------------------------------------- score


@dataclass(frozen=True, slots=True)
class Acceptance:
    """An accepted risk: a fingerprint (optionally at one location) the user chose to keep."""

    fingerprint: str
    location: str | None = None
    reason: str = ""

    def covers(self, f: Finding) -> bool:
        return f.fingerprint == self.fingerprint and (self.location in (None, f.location))


def is_accepted(f: Finding, accepted: Iterable[Acceptance]) -> bool:
    return any(a.covers(f) for a in accepted)


def score(
    findings: Iterable[Finding],
    weights: Weights | None = None,
    access: Mapping[str, AccessFacts] | None = None,
    accepted: Iterable[Acceptance] = (),
    top: int = 10,
) -> Score:
    """Score findings (with their locations' access facts); accepted risks are left out."""
    w = weights or default_weights()
    facts = access or {}
    acc = list(accepted)
    all_findings = list(findings)
    kept = [f for f in all_findings if not (acc and is_accepted(f, acc))]
    kits = _kit_records(kept)
    kit_files = {loc for loc, _ in kits}  # folded findings (no line) of a file with kits

    # per category, per fingerprint: the best occurrence, the places, the records
    best: dict[Category, dict[str, tuple[float, Finding, Factors]]] = defaultdict(dict)
    # where each value was found: one location as a plain string (most values are found
    # once), a set from the second distinct one on
    places: dict[tuple[Category, str], str | set[str]] = {}
    # per location, each value's mass there: what the location alone would score
    per_location: dict[str, dict[tuple[Category, str], float]] = defaultdict(dict)
    counts: dict[str, int] = defaultdict(int)
    access_memo: dict[str, tuple[float, tuple[str, ...]]] = {}
    factor_memo: dict[tuple[object, ...], tuple[Factors, float]] = {}
    for f in kept:
        loc = f.location
        # (this loop runs once per finding - 69,000 in a home folder - so it avoids
        # builtins and repeated attribute lookups where it can)
        in_kit = bool(kits) and ((loc, f.line) in kits or (
            f.line is None and loc in kit_files and f.detail.get("folded") == "yes"))
        detail = f.detail
        fkey = (f.rule, f.category, f.severity, f.confidence, loc, in_kit, f.count,
                f.scanner, detail.get("folded"), detail.get("distinct"), detail.get("records"),
                detail.get("masked"), detail.get("exposes"), detail.get("subject"))
        memo = factor_memo.get(fkey)
        if memo is None:  # findings of one rule in one file mostly share their factors
            pre = access_memo.get(loc)
            if pre is None:  # one file holds many findings: its access factor once
                pre = access_memo[loc] = access_factor(facts.get(loc), w)
            fac = factors_of(f, facts.get(loc), w, in_kit, pre)
            memo = factor_memo[fkey] = (fac, fac.points)
        fac, pts = memo
        cat = f.category
        fp = f.fingerprint
        key = (cat, fp)
        seen = places.get(key)
        if seen is None:
            places[key] = loc
        elif isinstance(seen, set):
            seen.add(loc)
        elif seen != loc:
            places[key] = {seen, loc}
        in_cat = best[cat]
        old = in_cat.get(fp)
        if old is None:
            in_cat[fp] = (pts, f, fac)
        else:
            # value and quantity each take their maximum, so no occurrence lowers either
            old_fac = old[2]
            records = fac.records if fac.records > old_fac.records else old_fac.records
            people = fac.people or old_fac.people
            if pts > old[0]:
                in_cat[fp] = (pts, f, fac if (records, people) == (fac.records, fac.people)
                              else _with_records(fac, records, people))
            elif records > old_fac.records or people != old_fac.people:
                in_cat[fp] = (old[0], old[1], _with_records(old_fac, records, people))
        at = per_location[loc]
        m = pts * fac.quantity
        if m > at.get(key, 0.0):
            at[key] = m
        counts[loc] += 1

    # The mass: every value once, at its worst place, times the people it stands for.
    cat_mass: dict[Category, float] = {}
    cat_people: dict[Category, tuple[int, int]] = {}  # (people, items)
    loc_mass: dict[str, float] = defaultdict(float)  # values attributed to their worst place
    loc_cat_mass: dict[tuple[str, Category], float] = defaultdict(float)
    loc_rule_mass: dict[tuple[str, Category, str], float] = defaultdict(float)
    value_mass: list[tuple[float, str, str, Category]] = []  # mass, rule, value, category
    for cat, values in best.items():
        total, n_people, items = 0.0, 0, 0
        for fp, (pts, f, fac) in values.items():
            k = _count_places(places[(cat, fp)])
            m = pts * fac.quantity * (1.0 + w.spread * math.log10(k))
            total += m
            n_people += fac.records if fac.people else 1
            items += fac.records
            loc_mass[f.location] += m
            loc_cat_mass[f.location, cat] += m
            loc_rule_mass[f.location, cat, f.rule] += m
            value_mass.append((m, f.rule, fp, cat))
        cat_mass[cat] = total
        cat_people[cat] = (n_people, items)
    raw = sum(cat_mass.values())
    exact = index_of(raw, w)
    value = rounded(exact, raw)

    cats = sorted(best, key=lambda c: (-cat_mass[c], str(c)))
    shares = largest_remainder(value, [cat_mass[c] for c in cats])
    parts: list[CategoryScore] = []
    for cat, share in zip(cats, shares, strict=True):
        values = best[cat]
        worst = max(values.values(), key=lambda x: x[0])[1].rule
        mc = cat_mass[cat]
        parts.append(CategoryScore(
            category=cat, points=exact * mc / raw if raw > 0 else 0.0, distinct=len(values),
            worst=worst, value=rounded(index_of(mc, w), mc), people=cat_people[cat][0],
            label=w.labels.get(str(cat), ""), mass=mc, share=share,
        ))

    # Only the top contributions become objects: a machine can hold 100,000 distinct values.
    contributions: list[Contribution] = []
    # largest first; equal masses by rule, then value: the same findings, the same list
    for m, _rule, fp, cat in heapq.nsmallest(top, value_mass,
                                             key=lambda x: (-x[0], x[1], x[2])):
        pts, f, fac = best[cat][fp]
        contributions.append(Contribution(
            category=cat, rule=f.rule, fingerprint=fp, preview=f.preview,
            location=f.location, places=_count_places(places[(cat, fp)]), points=pts,
            added=exact * m / raw if raw > 0 else 0.0, factors=fac, scanner=f.scanner,
            protection=f.detail.get("protection"), mass=m,
        ))

    locations = []
    for loc, vals in per_location.items():
        alone = sum(vals.values())
        a = facts.get(loc)
        attributed = loc_mass.get(loc, 0.0)
        locations.append(LocationScore(
            location=loc, points=exact * attributed / raw if raw > 0 else 0.0,
            value=rounded(index_of(alone, w), alone), findings=counts[loc],
            categories=tuple(sorted({str(c) for c, _ in vals})),
            access=tuple(a.describe()) if a else (), mass=attributed,
        ))
    locations.sort(key=lambda s: (-s.mass, -s.value, s.location))
    held = [s for s in locations if s.mass > 0]
    loc_shares = largest_remainder(value, [s.mass for s in held])
    return Score(
        value=value, raw=raw, parts=tuple(parts),
        top=tuple(contributions), locations=tuple(locations),
        accepted=len(all_findings) - len(kept), profile=w.profile, standards=w.standards,
        thresholds=w.bands,
        headline=_headline(parts, cat_people, loc_cat_mass, loc_rule_mass, best, facts),
        location_shares=tuple((s.location, n) for s, n in zip(held, loc_shares, strict=True)
                              if n > 0),
    )


def _count_places(seen: str | set[str]) -> int:
    return len(seen) if isinstance(seen, set) else 1


# --------------------------------------------------------------------------- in words

# Categories whose values are people's data: the sentence counts people ("240 people's").
PERSON_CATEGORIES = frozenset({"identity", "financial", "contact", "health", "biometric",
                               "minor", "location", "basic"})
KIND_SHARE = 0.1  # a category co-located with the dominant one is named from 10% of the mass

CATEGORY_WORDS_ZH = {
    "identity": "身份", "financial": "金融", "credential": "凭据", "contact": "联系方式",
    "location": "位置", "health": "健康", "biometric": "生物识别", "minor": "未成年人",
    "behaviour": "行为", "communications": "通信", "basic": "基本信息", "permission": "权限",
}
# What a category's or a rule's values are, in the plural (en) and in Chinese.
_CATEGORY_NOUNS: dict[str, tuple[str, str]] = {
    "identity": ("identity document numbers", "证件号码"),
    "financial": ("financial account details", "金融账户信息"),
    "credential": ("credentials", "凭据"),
    "contact": ("phone numbers and addresses", "联系方式"),
    "location": ("locations", "位置信息"),
    "health": ("health records", "健康记录"),
    "biometric": ("biometric data", "生物识别信息"),
    "minor": ("details of children under 14", "未满十四周岁儿童的信息"),
    "behaviour": ("activity records", "行为记录"),
    "communications": ("messages", "通信内容"),
    "basic": ("names and birth dates", "姓名和出生日期"),
    "permission": ("app permissions", "应用权限"),
}
_RULE_NOUNS: dict[str, tuple[str, str]] = {
    "identity.cn_resident_id": ("ID numbers", "身份证号"),
    "identity.cn_resident_id_15": ("ID numbers", "身份证号"),
    "identity.cn_resident_id_masked": ("masked ID numbers", "脱敏身份证号"),
    "identity.cn_passport": ("passport numbers", "护照号"),
    "identity.us_ssn": ("social security numbers", "社会安全号"),
    "financial.payment_card": ("bank cards", "银行卡号"),
    "financial.payment_card_masked": ("masked bank cards", "脱敏银行卡号"),
    "financial.iban": ("IBANs", "IBAN 账号"),
    "contact.cn_mobile": ("mobile numbers", "手机号"),
    "contact.intl_phone": ("phone numbers", "电话号码"),
    "contact.cn_landline": ("phone numbers", "电话号码"),
    "contact.email": ("e-mail addresses", "电子邮箱"),
    "contact.cn_address": ("home addresses", "住址"),
    "contact.en_address": ("home addresses", "住址"),
    "contact.vcard_list": ("contact cards", "联系人名片"),
    "credential.private_key": ("private keys", "私钥"),
    "credential.aws_access_key": ("cloud access keys", "云服务密钥"),
    "credential.aws_secret_key": ("cloud access keys", "云服务密钥"),
    "credential.alibaba_access_key": ("cloud access keys", "云服务密钥"),
    "credential.tencent_secret_id": ("cloud access keys", "云服务密钥"),
    "credential.password_assignment": ("passwords", "密码"),
    "credential.url_password": ("passwords", "密码"),
    "basic.person_name": ("names", "姓名"),
    "basic.birth_date": ("birth dates", "出生日期"),
    "health.document": ("medical documents", "病历文件"),
    "health.medical_record_no": ("medical record numbers", "病历号"),
    "location.exif_gps": ("photo locations", "照片位置"),
    "location.coordinates": ("GPS coordinates", "坐标"),
    "minor.under14": ("children's ID numbers", "儿童身份证号"),
}
_STORE_NOUNS: dict[str, tuple[str, str]] = {
    "logins": ("saved passwords", "保存的密码"), "cards": ("saved bank cards", "保存的银行卡"),
    "credit_cards": ("saved bank cards", "保存的银行卡"),
    "history": ("browsing history", "浏览记录"), "cookies": ("cookies", "Cookie"),
    "autofill": ("form entries", "表单记录"), "addresses": ("saved addresses", "保存的地址"),
    "ibans": ("saved IBANs", "保存的 IBAN"),
    "aws": ("cloud access keys", "云服务密钥"), "azure": ("cloud access keys", "云服务密钥"),
    "gcloud": ("cloud access keys", "云服务密钥"), "netrc": ("passwords", "密码"),
    "git_credentials": ("passwords", "密码"),
}
_FOLDERS_ZH = {"Documents": "文档", "Downloads": "下载", "Desktop": "桌面", "Pictures": "图片",
               "Music": "音乐", "Videos": "视频", "Public": "公共"}
_ACCESS_WORDS: dict[str, tuple[str, str]] = {
    "world_readable": ("readable by every user of this computer", "本机所有用户均可读取"),
    "cloud": ("synced to the cloud", "会同步到云端"),
    "removable": ("on removable media", "位于移动存储设备上"),
    "shared": ("in a shared folder", "位于共享文件夹"),
    "unprotected-key": ("without a passphrase", "未设口令"),
    "weak-key": ("protected only by a publicly known key", "仅由公开的密钥保护"),
    "plaintext": ("stored in the clear", "以明文保存"),
}


def _noun(kind: str, zh: bool) -> str:
    pair = _RULE_NOUNS.get(kind)
    if pair is None and kind.startswith("stores."):  # stores.ssh.private_key, ...logins
        last = kind.rsplit(".", 1)[-1]
        pair = _STORE_NOUNS.get(last) or next(
            (v for k, v in _RULE_NOUNS.items() if k.endswith("." + last)), None)
    if pair is None:
        pair = _CATEGORY_NOUNS.get(kind.split(".", 1)[0], (kind, kind))
    return pair[1] if zh else pair[0]


def _join(words: Sequence[str], zh: bool) -> str:
    words = list(dict.fromkeys(words))  # two rules may share a noun (ID numbers, 15 and 18)
    if len(words) <= 1:
        return "".join(words)
    if zh:
        return "、".join(words[:-1]) + "和" + words[-1]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _facts_of(f: AccessFacts | None) -> set[str]:
    if f is None:
        return set()
    out = {"world_readable"} if f.world_readable else set()
    out |= {p for p in f.places if p in _ACCESS_WORDS}
    if f.protection in _ACCESS_WORDS:
        out.add(f.protection)
    return out


def _folder(paths: Sequence[str]) -> str:
    """The folder the files share, relative to the home folder; "" for the home itself."""
    try:
        common = os.path.commonpath([os.path.dirname(p) for p in paths])
    except ValueError:
        return ""
    home = os.path.expanduser("~")
    if common == home:
        return ""
    if common.startswith(home + os.sep):
        return os.path.relpath(common, home)
    return common


def _headline(parts: Sequence[CategoryScore], people: Mapping[Category, tuple[int, int]],
              loc_cat_mass: Mapping[tuple[str, Category], float],
              loc_rule_mass: Mapping[tuple[str, Category, str], float],
              best: Mapping[Category, Mapping[str, tuple[float, Finding, Factors]]],
              facts: Mapping[str, AccessFacts]) -> Headline | None:
    if not parts or parts[0].mass <= 0:
        return None
    top = parts[0].category
    group = sorted({loc for (loc, cat) in loc_cat_mass if cat == top})
    # what else the same files hold, worst first: "ID numbers and bank cards"
    by_cat: dict[Category, float] = defaultdict(float)
    for (loc, cat), m in loc_cat_mass.items():
        if loc in group:
            by_cat[cat] += m
    in_group = sum(by_cat.values())
    person = str(top) in PERSON_CATEGORIES
    kinds: list[str] = []
    count = 0
    for cat, m in sorted(by_cat.items(), key=lambda x: (-x[1], str(x[0]))):
        if cat != top and m < KIND_SHARE * in_group:
            continue
        rules: dict[str, float] = defaultdict(float)
        for (loc, c, rule), rm in loc_rule_mass.items():
            if c == cat and loc in group:
                rules[rule] += rm
        ranked = sorted(rules.items(), key=lambda x: (-x[1], x[0]))
        # people's data: one kind per category ("ID numbers and bank cards"); credentials and
        # the like: what they are ("private keys and cloud access keys")
        kinds.extend(r for r, _ in (ranked[:1] if person else ranked[:3]))
        if len(kinds) >= 3:
            break
    if person:
        # the same people are often found twice in one file (an address book's cards and
        # their phone numbers): the count is the largest kind's, never the sum
        per_rule: dict[str, int] = defaultdict(int)
        for _, f, fac in best[top].values():
            if f.location in group:
                per_rule[f.rule] += fac.records if fac.people else 1
        count = max(per_rule.values(), default=0)
    files = [loc for loc in group if os.path.isabs(loc)]
    stores = tuple(sorted({f.scanner for _, f, _ in best[top].values()
                           if not os.path.isabs(f.location)}))
    every: set[str] | None = None
    some: set[str] = set()
    for loc in group:
        got = _facts_of(facts.get(loc))
        every = got if every is None else every & got
        some |= got
    shared = every or set()
    if not person:
        count = people[top][1]
    return Headline(
        category=str(top), count=count, kinds=tuple(kinds), files=len(group),
        folder=_folder(files) if files else "", stores=stores,
        access=tuple(sorted(shared)), some_access=tuple(sorted(some - shared)),
    )


def _where(h: Headline, zh: bool) -> str:
    apps = [s.split(".", 1)[-1].split(".")[0].capitalize() for s in h.stores]
    if h.files == 1 and not h.stores:
        return ""  # the caller names the folder alone
    if h.stores and h.files == len(h.stores):
        return ("、".join(apps) + " 的数据中") if zh else "in " + _join(apps, False) + "'s data"
    return ""


def headline_sentence(h: Headline | None, lang: str = "en") -> str:
    """One sentence: "240 people's ID numbers and bank cards sit in 6 files in Documents,
    readable by every user of this computer." / "文档中 6 个文件存有 240 人的身份证号和银行卡号，
    本机所有用户均可读取。" """
    zh = lang.startswith("zh")
    if h is None:
        return "扫描范围内未发现暴露的个人信息。" if zh else \
            "No exposed personal information was found in what was scanned."
    kinds = _join([_noun(k, zh) for k in h.kinds], zh)
    person = h.category in PERSON_CATEGORIES
    folder = h.folder
    if zh:
        place = _FOLDERS_ZH.get(folder, folder) if folder else "主目录"
        where = _where(h, True) or (f"{place}中 {h.files} 个文件" if h.files > 1
                                    else f"{place}中的 1 个文件")
        what = (f"{h.count} 人的{kinds}" if person
                else f"{_CATEGORY_NOUNS.get(h.category, ('', h.category))[1]}（{kinds}）")
        access = [_ACCESS_WORDS[a][1] for a in h.access]
        if "world_readable" in h.some_access:
            access.append("其中部分文件本机所有用户均可读取")
        gap = " " if person else ""  # a space before a number, none before words
        return f"{where}存有{gap}{what}" + "".join("，" + a for a in access) + "。"
    place = folder if folder else "your home folder"
    where = _where(h, False) or (f"in {h.files} files in {place}" if h.files > 1
                                 else f"in a file in {place}")
    if person:
        who = "One person's" if h.count == 1 else f"{h.count:,} people's"
        what = f"{who} {kinds}"
    else:
        noun = _CATEGORY_NOUNS.get(h.category, (h.category, ""))[0]
        what = f"{noun.capitalize()} ({kinds})"
    verb = "sit"
    access = [_ACCESS_WORDS[a][0] for a in h.access]
    if "world_readable" in h.some_access:
        access.append("some of them readable by every user of this computer")
    return f"{what} {verb} {where}" + "".join(", " + a for a in access) + "."


def score_dict(s: Score) -> dict[str, Any]:
    """A JSON-ready form of a score (masked previews only)."""
    return {
        "value": s.value, "band": s.band, "raw": round(s.raw, 3), "accepted": s.accepted,
        "profile": s.profile, "standards": list(s.standards),
        "sentence": s.sentence("en"), "sentence_zh": s.sentence("zh"),
        "categories": [
            {"category": str(p.category), "share": p.share, "value": p.value,
             "points": round(p.points, 2), "mass": round(p.mass, 2), "distinct": p.distinct,
             "people": p.people, "worst_rule": p.worst, "legal": p.label}
            for p in s.parts
        ],
        "top": [
            {"category": str(c.category), "rule": c.rule, "preview": c.preview,
             "fingerprint": c.fingerprint, "location": c.location, "places": c.places,
             "points": round(c.added, 2), "mass": round(c.mass, 3),
             "formula": c.factors.formula(), "why": c.factors.words()}
            for c in s.top
        ],
        "locations": [
            {"location": ls.location, "value": ls.value, "points": round(ls.points, 2),
             "share": dict(s.location_shares).get(ls.location, 0), "mass": round(ls.mass, 2),
             "findings": ls.findings, "categories": list(ls.categories),
             "access": list(ls.access)}
            for ls in s.locations
        ],
    }
