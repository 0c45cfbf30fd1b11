"""Compare an audit with the previous one in the log: new, resolved and unchanged findings (by
fingerprint and location) and the score's change with its reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scanners.assessment.scoring import Score
from scanners.model import Finding

if TYPE_CHECKING:
    from scanners.ledger import Ledger, ScanSummary

Key = tuple[str, str]  # (fingerprint, location)


def key_of(f: Finding) -> Key:
    return (f.fingerprint, f.location)


@dataclass(frozen=True, slots=True)
class Trend:
    previous_id: int | None
    previous_value: int
    current_value: int
    new: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    unchanged: int = 0
    reasons: tuple[str, ...] = field(default=())

    @property
    def delta(self) -> int:
        return self.current_value - self.previous_value

    def summary(self) -> str:
        sign = "+" if self.delta > 0 else ""
        since = f" since scan #{self.previous_id}" if self.previous_id is not None else ""
        return (f"Score {self.previous_value} -> {self.current_value} ({sign}{self.delta}){since}:"
                f" {len(self.new)} new, {len(self.resolved)} resolved, {self.unchanged}"
                " unchanged")

    def to_dict(self) -> dict[str, Any]:
        def brief(f: Finding) -> dict[str, Any]:
            return {"rule": f.rule, "category": str(f.category), "preview": f.preview,
                    "fingerprint": f.fingerprint, "location": f.location}

        return {
            "previous_scan": self.previous_id, "previous_score": self.previous_value,
            "score": self.current_value, "delta": self.delta,
            "new": [brief(f) for f in self.new], "resolved": [brief(f) for f in self.resolved],
            "unchanged": self.unchanged, "reasons": list(self.reasons),
        }


def _distinct(findings: Iterable[Finding]) -> dict[Key, Finding]:
    out: dict[Key, Finding] = {}
    for f in findings:
        k = key_of(f)
        if k not in out or f.severity > out[k].severity:
            out[k] = f
    return out


def _places(findings: Sequence[Finding], limit: int = 2) -> str:
    locs = Counter(f.location for f in findings)
    names = [loc for loc, _ in locs.most_common(limit)]
    more = len(locs) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def compare(previous: Iterable[Finding], current: Iterable[Finding], previous_score: Score,
            current_score: Score, previous_id: int | None = None) -> Trend:
    """What changed between two audits, and why the score moved."""
    before, after = _distinct(previous), _distinct(current)
    new = [after[k] for k in after if k not in before]
    resolved = [before[k] for k in before if k not in after]
    unchanged = sum(1 for k in after if k in before)
    reasons: list[str] = []
    old_parts = {str(p.category): p for p in previous_score.parts}
    new_parts = {str(p.category): p for p in current_score.parts}
    changes = []
    for cat in sorted(set(old_parts) | set(new_parts)):
        # A category changed when its exposure mass did; its share of the index can move
        # only because another category shrank (the shares always add up to the index), and
        # that is not a reason to name it.
        ma = old_parts[cat].mass if cat in old_parts else 0.0
        mb = new_parts[cat].mass if cat in new_parts else 0.0
        if abs(mb - ma) <= 1e-6 * max(ma, mb, 1.0):
            continue
        a = old_parts[cat].points if cat in old_parts else 0.0
        b = new_parts[cat].points if cat in new_parts else 0.0
        changes.append((b - a, cat))
    changes.sort(key=lambda x: -abs(x[0]))
    for diff, cat in changes:
        added = [f for f in new if str(f.category) == cat]
        gone = [f for f in resolved if str(f.category) == cat]
        why = []
        if added:
            why.append(f"{len(added)} new in {_places(added)}")
        if gone:
            why.append(f"{len(gone)} resolved in {_places(gone)}")
        if not why:
            why.append("who can read it or how it is protected changed")
        reasons.append(f"{cat} {'+' if diff > 0 else ''}{diff:.1f} points: " + "; ".join(why))
    old_locs = {s.location: s for s in previous_score.locations}
    touched = {f.location for f in new} | {f.location for f in resolved}
    for loc in current_score.locations:
        old = old_locs.get(loc.location)
        if old is None or loc.location in touched or old.value == loc.value:
            continue
        reasons.append(f"{loc.location}: {old.value} -> {loc.value} (now "
                       + (", ".join(loc.access) or "no special access") + ")")
    if previous_score.accepted != current_score.accepted:
        reasons.append(f"accepted risks: {previous_score.accepted} -> {current_score.accepted}"
                       " finding(s) not counted")
    return Trend(previous_id, previous_score.value, current_score.value, tuple(new),
                 tuple(resolved), unchanged, tuple(reasons))


def previous_scan(ledger: Ledger, scan_id: int) -> ScanSummary | None:
    """The latest finished scan before `scan_id`, preferring one of the same folders."""
    scans = [s for s in ledger.scans(decrypt=True) if s.id < scan_id and s.complete]
    if not scans:
        return None
    current = ledger.summary(scan_id)
    same = [s for s in scans if set(s.roots) == set(current.roots)]
    return (same or scans)[-1]
