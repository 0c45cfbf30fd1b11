"""`score()`: findings (with their locations' access facts) to an explained
exposure index. A value (fingerprint) counts once, with its worst occurrence, grown a little
by the number of places that hold it; accepted risks are left out.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring.factors import (
    Factors,
    access_factor,
    factors_of,
    kit_records,
    with_records,
)
from scanners.assessment.scoring.headline import headline_of
from scanners.assessment.scoring.index import index_of, largest_remainder, rounded
from scanners.assessment.scoring.results import CategoryScore, Contribution, LocationScore, Score
from scanners.assessment.scoring.weights import Weights, default_weights
from scanners.model import Category, Finding

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
    seen = _collect(_without_listed_contacts(kept, w), facts, w)
    masses = _masses(seen, w)
    raw = sum(masses.cat_mass.values())
    exact = index_of(raw, w)
    value = rounded(exact, raw)
    parts = _category_parts(seen, masses, w, exact, raw, value)
    locations = _location_scores(seen, masses, facts, w, exact, raw)
    held = [s for s in locations if s.mass > 0]
    loc_shares = largest_remainder(value, [s.mass for s in held])
    return Score(
        value=value, raw=raw, parts=tuple(parts),
        top=tuple(_top_contributions(seen, masses, exact, raw, top)),
        locations=tuple(locations),
        accepted=len(all_findings) - len(kept), profile=w.profile, standards=w.standards,
        thresholds=w.bands,
        headline=headline_of(parts, masses.cat_people, masses.loc_cat_mass,
                             masses.loc_rule_mass, seen.best, facts),
        location_shares=tuple((s.location, n) for s, n in zip(held, loc_shares, strict=True)
                              if n > 0),
    )


def _without_listed_contacts(kept: list[Finding], w: Weights) -> list[Finding]:
    """A contact list (a vCard file) counts its people in full; the phone numbers and
    addresses inside that same file are those people, not more of them."""
    lists = {f.file for f in kept if f.rule in w.people_rules and f.file}
    if not lists:
        return kept
    return [f for f in kept if not (f.file in lists and f.category is Category.CONTACT
                                    and f.rule not in w.people_rules)]


@dataclass(slots=True)
class _Seen:
    """What the pass over the findings keeps: per category, per fingerprint, the best
    occurrence (points, finding, factors); where each value was found (one location as a
    plain string - most values are found once - a set from the second distinct one on); per
    location, each value's mass there (what the location alone would score) and its count of
    findings."""

    best: defaultdict[Category, dict[str, tuple[float, Finding, Factors]]] = field(
        default_factory=lambda: defaultdict(dict))
    places: dict[tuple[Category, str], str | set[str]] = field(default_factory=dict)
    per_location: defaultdict[str, dict[tuple[Category, str], float]] = field(
        default_factory=lambda: defaultdict(dict))
    counts: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))


def _collect(kept: list[Finding], facts: Mapping[str, AccessFacts], w: Weights) -> _Seen:
    """One pass over the findings: every value's worst occurrence and where it is."""
    kits = kit_records(kept)
    kit_files = {loc for loc, _ in kits}  # folded findings (no line) of a file with kits
    seen_ = _Seen()
    best, places, per_location, counts = (seen_.best, seen_.places, seen_.per_location,
                                          seen_.counts)
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
                              else with_records(fac, records, people))
            elif records > old_fac.records or people != old_fac.people:
                in_cat[fp] = (old[0], old[1], with_records(old_fac, records, people))
        at = per_location[loc]
        m = pts * fac.quantity
        if m > at.get(key, 0.0):
            at[key] = m
        counts[loc] += 1
    return seen_


@dataclass(slots=True)
class _Masses:
    """The exposure mass: every value once, at its worst place, times the people it stands
    for; summed per category, per location (values attributed to their worst place), per
    location and category, per location, category and rule; and each value's own."""

    cat_mass: dict[Category, float] = field(default_factory=dict)
    cat_people: dict[Category, tuple[int, int]] = field(default_factory=dict)  # people, items
    loc_mass: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    loc_cat_mass: defaultdict[tuple[str, Category], float] = field(
        default_factory=lambda: defaultdict(float))
    loc_rule_mass: defaultdict[tuple[str, Category, str], float] = field(
        default_factory=lambda: defaultdict(float))
    value_mass: list[tuple[float, str, str, Category]] = field(
        default_factory=list)  # mass, rule, value, category


def _masses(seen: _Seen, w: Weights) -> _Masses:
    out = _Masses()
    for cat, values in seen.best.items():
        total, n_people, items = 0.0, 0, 0
        for fp, (pts, f, fac) in values.items():
            k = _count_places(seen.places[(cat, fp)])
            m = pts * fac.quantity * (1.0 + w.spread * math.log10(k))
            total += m
            n_people += fac.records if fac.people else 1
            items += fac.records
            out.loc_mass[f.location] += m
            out.loc_cat_mass[f.location, cat] += m
            out.loc_rule_mass[f.location, cat, f.rule] += m
            out.value_mass.append((m, f.rule, fp, cat))
        out.cat_mass[cat] = total
        out.cat_people[cat] = (n_people, items)
    return out


def _category_parts(seen: _Seen, masses: _Masses, w: Weights, exact: float, raw: float,
                    value: int) -> list[CategoryScore]:
    """Each category's share of the index (the shares add up to it) and its own index."""
    best, cat_mass = seen.best, masses.cat_mass
    cats = sorted(best, key=lambda c: (-cat_mass[c], str(c)))
    shares = largest_remainder(value, [cat_mass[c] for c in cats])
    parts: list[CategoryScore] = []
    for cat, share in zip(cats, shares, strict=True):
        values = best[cat]
        worst = max(values.values(), key=lambda x: x[0])[1].rule
        mc = cat_mass[cat]
        parts.append(CategoryScore(
            category=cat, points=exact * mc / raw if raw > 0 else 0.0, distinct=len(values),
            worst=worst, value=rounded(index_of(mc, w), mc),
            people=masses.cat_people[cat][0],
            label=w.labels.get(str(cat), ""), mass=mc, share=share,
        ))
    return parts


def _top_contributions(seen: _Seen, masses: _Masses, exact: float, raw: float,
                       top: int) -> list[Contribution]:
    """Only the top contributions become objects: a machine can hold 100,000 distinct
    values."""
    contributions: list[Contribution] = []
    # largest first; equal masses by rule, then value: the same findings, the same list
    for m, _rule, fp, cat in heapq.nsmallest(top, masses.value_mass,
                                             key=lambda x: (-x[0], x[1], x[2])):
        pts, f, fac = seen.best[cat][fp]
        contributions.append(Contribution(
            category=cat, rule=f.rule, fingerprint=fp, preview=f.preview,
            location=f.location, places=_count_places(seen.places[(cat, fp)]), points=pts,
            added=exact * m / raw if raw > 0 else 0.0, factors=fac, scanner=f.scanner,
            protection=f.detail.get("protection"), mass=m,
            summary_msg=f.detail.get("summary_msg", ""),
        ))
    return contributions


def _location_scores(seen: _Seen, masses: _Masses, facts: Mapping[str, AccessFacts],
                     w: Weights, exact: float, raw: float) -> list[LocationScore]:
    """Each location alone, and its share of the index; the largest first."""
    locations = []
    for loc, vals in seen.per_location.items():
        alone = sum(vals.values())
        a = facts.get(loc)
        attributed = masses.loc_mass.get(loc, 0.0)
        locations.append(LocationScore(
            location=loc, points=exact * attributed / raw if raw > 0 else 0.0,
            value=rounded(index_of(alone, w), alone), findings=seen.counts[loc],
            categories=tuple(sorted({str(c) for c, _ in vals})),
            access=tuple(a.describe()) if a else (), mass=attributed,
        ))
    locations.sort(key=lambda s: (-s.mass, -s.value, s.location))
    return locations


def _count_places(seen: str | set[str]) -> int:
    return len(seen) if isinstance(seen, set) else 1
