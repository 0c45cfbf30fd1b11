"""The factors of one finding's points (NIST SP 800-122's factors; ENISA's scales):
confidence x sensitivity x severity x identifiability x access x kit, and the records
(people or items) a finding stands for.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring.weights import KIT_IDS, KIT_PEOPLE, KIT_REACH, SENSITIVE, Weights
from scanners.model import Finding

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

    def words(self, lang: str = "en") -> list[str]:
        if lang.startswith("zh"):
            return self._words_zh()
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

    def _words_zh(self) -> list[str]:
        from scanners.assessment.scoring.sentences import CATEGORY_WORDS_ZH
        from scanners.system.language import words_in

        via = {"unlocks": "可解锁", "exposes": "可触及"}.get(self.sensitivity_via, "")
        out = [f"置信度 {self.confidence:.2f}", f"敏感度 {self.sensitivity:g}"
               + (f"（{via}{CATEGORY_WORDS_ZH.get(self.sensitivity_from, self.sensitivity_from)}）"
                  if self.sensitivity_from else "")]
        if self.identifiability < 1:
            out.append("已去标识化（脱敏）" if self.identifiability <= 0.25
                       else "需与其他信息结合才能识别")
        if self.kit > 1:
            out.append("属于身份信息组合（同一条记录中有姓名、证件号和电话或地址）")
        if self.records > 1:
            out.append(f"{self.records} {'人' if self.people else '条记录'}")
        out.extend(words_in(w, "zh") for w in self.access_words)
        return out

    def formula(self, lang: str = "en") -> str:
        """The per-finding formula with its numbers: the detail behind a share."""
        if lang.startswith("zh"):
            q = f" × 数量 {self.quantity:.3g}" if self.records > 1 else ""
            return (f"置信度 {self.confidence:.2f} × 敏感度 {self.sensitivity:g}"
                    f" × 严重程度 {self.severity:g} × 可识别性 {self.identifiability:g}"
                    f" × 可访问性 {self.access:.3g} × 身份组合 {self.kit:g}{q}")
        q = f" x quantity {self.quantity:.3g}" if self.records > 1 else ""
        return (f"{self.confidence:.2f} confidence x {self.sensitivity:g} sensitivity"
                f" x {self.severity:g} severity x {self.identifiability:g} identifiability"
                f" x {self.access:.3g} access x {self.kit:g} kit{q}")


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


def kit_records(findings: Sequence[Finding]) -> set[tuple[str, int | None]]:
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


def with_records(fac: Factors, records: int, people: bool) -> Factors:
    return dataclasses.replace(fac, records=records, people=people)
