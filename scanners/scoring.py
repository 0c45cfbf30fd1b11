"""The exposure score: 0-100, monotonic, saturating and explainable (pure functions).

Each finding earns points = confidence x sensitivity x severity x identifiability x access
x kit (NIST SP 800-122's factors; ENISA's severity scale for sensitivity and ease of
identification). A value found in several places counts as one person exposed in several
places: its best points, grown a little by the number of places. A category adds its values
largest first with log weights (n equal values give value x (1 + log10 n): quantity grows,
saturating), the machine adds its categories, and every total maps to 0-100 as
100 x (1 - exp(-points / scale)). Every factor is >= 0 and every aggregation is
non-decreasing, so more or worse exposure never lowers a score. Weights live in
resources/scoring.toml; docs/scoring.md explains the model for users.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
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
    scale: float = 25.0
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
        access = dict(data.get("access", {}))
        place = access.pop("place", {})
        b = [float(x) for x in data.get("bands", (25, 50, 75))]
        return cls(
            category=category,
            severity={str(k): float(v) for k, v in data["severity"].items()},
            scale=float(data.get("scale", 25.0)),
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

    @property
    def points(self) -> float:
        return (self.confidence * self.sensitivity * self.severity * self.identifiability
                * self.access * self.kit)

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
            out.append(f"{self.records} records")
        out.extend(self.access_words)
        return out


@dataclass(frozen=True, slots=True)
class Contribution:
    """One value (fingerprint) of a category and what it adds to the score."""

    category: Category
    rule: str
    fingerprint: str
    preview: str
    location: str  # where its worst occurrence is
    places: int  # how many locations hold it
    points: float  # before quantity weighting
    added: float  # what it adds to its category's points (after the log weights)
    factors: Factors
    scanner: str = ""  # who found it, and how its store is kept: they pick the advice
    protection: str | None = None

    def explain(self) -> str:
        where = self.location + (f" and {self.places - 1} other place(s)" if self.places > 1
                                 else "")
        return (f"{self.rule} {self.preview} in {where}: +{self.added:.1f} points ("
                + ", ".join(self.factors.words()) + ")")


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: Category
    points: float
    distinct: int
    worst: str  # rule id of the worst value
    value: int = 0  # this category alone, 0-100
    people: int = 0  # distinct values + records they stand for
    label: str = ""  # its legal status under the standards (versioned)


@dataclass(frozen=True, slots=True)
class LocationScore:
    location: str
    points: float
    value: int
    findings: int
    categories: tuple[str, ...]
    access: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    value: int  # 0-100
    raw: float
    parts: tuple[CategoryScore, ...] = ()
    top: tuple[Contribution, ...] = ()  # the largest contributions, largest first
    locations: tuple[LocationScore, ...] = ()
    accepted: int = 0  # findings left out because the user accepted their risk
    profile: str = ""
    standards: tuple[str, ...] = ()
    thresholds: tuple[float, float, float] = (25.0, 50.0, 75.0)

    @property
    def band(self) -> str:
        return band_of(self.value, self.thresholds)

    def explain(self, limit: int = 5) -> list[str]:
        """The score in words: its band, its categories and its top findings with factors."""
        lines = [f"Exposure {self.value}/100 ({self.band})."]
        for p in self.parts[:limit]:
            lines.append(f"{p.category}: {p.value}/100 from {p.people} value(s), worst"
                         f" {p.worst}; {p.label}")
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


def saturate(points: float, scale: float) -> int:
    """0-100, non-decreasing in points; exactly 0 for no points."""
    if points <= 0:
        return 0
    return min(100, max(1, round(100.0 * (1.0 - math.exp(-points / scale)))))


def log_weighted(values: Iterable[tuple[float, int]]) -> float:
    """Sum (value, multiplicity) pairs largest first with weights Q(i) - Q(i-1), Q = 1+log10.

    n equal values give value x (1 + log10 n). Adding a value or raising one never lowers
    the sum (the weights are positive and decreasing).
    """
    total, pos = 0.0, 0
    for v, m in sorted(values, key=lambda x: -x[0]):
        if v <= 0 or m <= 0:
            continue
        before = 0.0 if pos == 0 else 1.0 + math.log10(pos)
        pos += m
        total += v * (1.0 + math.log10(pos) - before)
    return total


# --------------------------------------------------------------------------- factors


def _is_masked(f: Finding) -> bool:
    return f.rule.endswith("_masked") or f.detail.get("masked") == "yes"


def _records(f: Finding, w: Weights) -> int:
    if f.detail.get("folded") == "yes":  # occurrences beyond the per-file cap, counted
        n = f.detail.get("distinct")
        count = int(n) if n and str(n).isdigit() else f.count
        return max(1, min(count, w.max_records))
    if f.rule in w.record_rules or f.scanner.startswith(w.record_scanners):
        n = f.detail.get("records")
        count = int(n) if n and str(n).isdigit() else f.count
        return max(1, min(count, w.max_records))
    return 1


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
    return Factors(
        confidence=min(max(f.confidence, 0.0), 1.0), sensitivity=sensitivity,
        severity=w.severity.get(f.severity.label, 1.0), identifiability=ident, access=a,
        kit=w.kit if in_kit else 1.0, records=_records(f, w), sensitivity_from=unlocked,
        access_words=words, sensitivity_via=via,
    )


def _with_records(fac: Factors, records: int) -> Factors:
    return dataclasses.replace(fac, records=records)


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
    per_location: dict[str, dict[tuple[Category, str], tuple[float, int]]] = defaultdict(dict)
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
                detail.get("masked"), detail.get("exposes"))
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
            if pts > old[0]:
                in_cat[fp] = (pts, f, fac if records == fac.records
                              else _with_records(fac, records))
            elif records > old_fac.records:
                in_cat[fp] = (old[0], old[1], _with_records(old_fac, records))
        at = per_location[loc]
        prev = at.get(key)
        if prev is None:
            at[key] = (pts, fac.records)
        elif pts > prev[0] or fac.records > prev[1]:
            at[key] = (pts if pts > prev[0] else prev[0],
                       fac.records if fac.records > prev[1] else prev[1])
        counts[loc] += 1

    parts: list[CategoryScore] = []
    # Only the top contributions become objects: a machine can hold 100,000 distinct values.
    candidates: list[tuple[float, str, str, Category]] = []
    raw = 0.0
    for cat, values in best.items():
        items: list[tuple[float, int, str]] = []
        for fp, (pts, _f, fac) in values.items():
            k = _count_places(places[(cat, fp)])
            items.append((pts * (1.0 + w.spread * math.log10(k)), fac.records, fp))
        points = log_weighted((v, m) for v, m, _ in items)
        raw += points
        # each value's share: its marginal weight in the ordered sum
        pos = 0
        for v, m, fp in sorted(items, key=lambda x: -x[0]):
            before = 0.0 if pos == 0 else 1.0 + math.log10(pos)
            pos += m
            added = v * (1.0 + math.log10(pos) - before)
            candidates.append((-added, values[fp][1].rule, fp, cat))
        worst = max(values.values(), key=lambda x: x[0])[1].rule
        parts.append(CategoryScore(
            category=cat, points=points, distinct=len(values), worst=worst,
            value=saturate(points, w.scale), people=sum(m for _, m, _ in items),
            label=w.labels.get(str(cat), ""),
        ))
    parts.sort(key=lambda p: (-p.points, str(p.category)))
    contributions: list[Contribution] = []
    for neg_added, _rule, fp, cat in heapq.nsmallest(top, candidates):
        pts, f, fac = best[cat][fp]
        contributions.append(Contribution(
            category=cat, rule=f.rule, fingerprint=fp, preview=f.preview,
            location=f.location, places=_count_places(places[(cat, fp)]), points=pts,
            added=-neg_added, factors=fac, scanner=f.scanner,
            protection=f.detail.get("protection"),
        ))

    locations = []
    for loc, vals in per_location.items():
        pts = log_weighted(vals.values())
        a = facts.get(loc)
        locations.append(LocationScore(
            location=loc, points=pts, value=saturate(pts, w.scale), findings=counts[loc],
            categories=tuple(sorted({str(c) for c, _ in vals})),
            access=tuple(a.describe()) if a else (),
        ))
    locations.sort(key=lambda s: (-s.points, s.location))
    return Score(
        value=saturate(raw, w.scale), raw=raw, parts=tuple(parts),
        top=tuple(contributions), locations=tuple(locations),
        accepted=len(all_findings) - len(kept), profile=w.profile, standards=w.standards,
        thresholds=w.bands,
    )


def _count_places(seen: str | set[str]) -> int:
    return len(seen) if isinstance(seen, set) else 1


def score_dict(s: Score) -> dict[str, Any]:
    """A JSON-ready form of a score (masked previews only)."""
    return {
        "value": s.value, "band": s.band, "raw": round(s.raw, 3), "accepted": s.accepted,
        "profile": s.profile, "standards": list(s.standards),
        "categories": [
            {"category": str(p.category), "value": p.value, "points": round(p.points, 2),
             "distinct": p.distinct, "people": p.people, "worst_rule": p.worst, "legal": p.label}
            for p in s.parts
        ],
        "top": [
            {"category": str(c.category), "rule": c.rule, "preview": c.preview,
             "fingerprint": c.fingerprint, "location": c.location, "places": c.places,
             "points": round(c.added, 2), "why": c.factors.words()}
            for c in s.top
        ],
        "locations": [
            {"location": ls.location, "value": ls.value, "points": round(ls.points, 2),
             "findings": ls.findings, "categories": list(ls.categories),
             "access": list(ls.access)}
            for ls in s.locations
        ],
    }
