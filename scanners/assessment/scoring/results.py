"""What a score is: the index with its category, location and value shares
(`Score`, `CategoryScore`, `LocationScore`, `Contribution`), and its JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanners.assessment.scoring.factors import Factors
from scanners.assessment.scoring.index import band_of
from scanners.assessment.scoring.sentences import CATEGORY_WORDS_ZH, Headline, headline_sentence
from scanners.model import Category


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
    summary_msg: str = ""  # a store's structured summary (scanners.system.phrases)

    def explain(self, lang: str = "en") -> str:
        if lang.startswith("zh"):
            return self._explain_zh()
        where = self.location + (f" and {self.places - 1} other place(s)" if self.places > 1
                                 else "")
        return (f"+{self.added:.2f} {self.rule} {self.preview} in {where} ("
                + ", ".join(self.factors.words()) + f"; mass {self.mass:.3g} ="
                + f" {self.factors.formula()})")


    def _explain_zh(self) -> str:
        from scanners.system.phrases import DETAIL_KEY, summary_text
        from scanners.system.rule_names import rule_name

        where = self.location + (f" 等 {self.places} 处" if self.places > 1 else "")
        summary = summary_text({DETAIL_KEY: self.summary_msg}, self.preview, "zh")
        return (f"+{self.added:.2f} {rule_name(self.rule, 'zh')} {summary}，位于 {where}（"
                + "，".join(self.factors.words("zh")) + f"；暴露量 {self.mass:.3g} ="
                + f" {self.factors.formula('zh')}）")


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
        if zh:
            return lines + self._explain_zh(limit)
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

    def _explain_zh(self, limit: int) -> list[str]:
        from scanners.system.language import words_in
        from scanners.system.rule_names import rule_name

        lines = []
        for p in self.parts[:limit]:
            name = CATEGORY_WORDS_ZH.get(str(p.category), str(p.category))
            lines.append(f"{name}：{self.value} 分中占 {p.share} 分，涉及 {p.people} 个值，"
                         f"最严重的是{rule_name(p.worst, 'zh')}；{words_in(p.label, 'zh')}")
        lines += [c.explain("zh") for c in self.top[:limit]]
        if self.accepted:
            lines.append(f"{self.accepted} 条已接受风险的发现未计入。")
        if self.profile:
            lines.append(f"法律映射：权重依据 {self.profile}；标注引用 "
                         + "；".join(words_in(s, "zh") for s in self.standards) + "。")
        return lines


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
