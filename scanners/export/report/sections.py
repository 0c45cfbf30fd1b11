"""The report's sections, in order, as plain data: the HTML and the PDF render the same list.

`sections(data)` runs `BUILDERS` in order; each builder turns a `ReportData` into one section
(or None when it has nothing to show) holding only text and numbers, already in the report's
language. A renderer (`html.py`, `pdf.py`) maps each section type to a drawing function and
decides nothing about content: what a report says is decided here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from scanners.assessment.advice import book
from scanners.export.band_words import band_word
from scanners.export.report.data import BAND_COLOURS, ReportData, rule_titles, words
from scanners.model import Category, Finding
from scanners.system.language import words_in
from scanners.system.phrases import summary_text
from scanners.system.rule_names import rule_name

TREND_ITEMS = 50  # new and resolved findings listed per group
TOP_RISKS = 8  # contributions looked at for the risk cards
TOP_LOCATIONS = 25
ERROR_LINES = 500


def category_label(cat: str) -> str:
    b = book()
    en, zh = b.category_title(cat, "en"), b.category_title(cat, "zh")
    return f"{en} / {zh}" if en != zh else en


def severity_word(w: Mapping[str, object], label: str) -> str:
    """A finding's severity in the report's language (tables for people; CSV stays English)."""
    words = w.get("severities")
    return str(words.get(label, label)) if isinstance(words, Mapping) else label


def finding_severity_word(w: Mapping[str, object], f: Finding) -> str:
    """The severity of a finding in a table, with "(example)" when it is low because it is
    documentation's or a test suite's value (detail "example", or published test data)."""
    word = severity_word(w, f.severity.label)
    return str(w.get("example", "{severity}")).replace("{severity}", word) if f.is_example else word


def category_word(cat: str, lang: str) -> str:
    return book().category_title(cat, lang)


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    meta: str  # computer, audit, status, start, folders


@dataclass(frozen=True, slots=True)
class ScoreSection:
    heading: str
    value: int
    band: str
    band_label: str
    colour: str
    sentence: str  # why this score, in one sentence
    breakdown: str  # the parts that add up to the number ("" without parts)


@dataclass(frozen=True, slots=True)
class CategoryRow:
    label: str
    share: int
    people: int
    legal: str


@dataclass(frozen=True, slots=True)
class Categories:
    heading: str
    value: int  # the index the shares add up to
    band: str
    rows: tuple[CategoryRow, ...]
    columns: tuple[str, str]  # category, legal basis
    none: str


@dataclass(frozen=True, slots=True)
class Why:
    heading: str
    lines: tuple[str, ...]
    mapping: str  # the legal mapping's profile and standards


@dataclass(frozen=True, slots=True)
class TrendItem:
    rule: str
    preview: str
    location: str


@dataclass(frozen=True, slots=True)
class TrendSection:
    heading: str
    summary: str  # the "first audit" sentence when there is nothing to compare
    first: bool
    reasons: tuple[str, ...]
    groups: tuple[tuple[str, str, int, tuple[TrendItem, ...]], ...]  # label, kind, n, items


@dataclass(frozen=True, slots=True)
class RiskCard:
    title: str
    preview: str
    points: str  # "+12.5 points"
    where: str  # location · why it weighs
    why: str
    legal: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FixFirst:
    heading: str
    cards: tuple[RiskCard, ...]
    labels: tuple[str, str, str]  # why it matters, legal basis, steps
    general_heading: str
    general: tuple[str, ...]
    colon: str = ": "  # "：" in Chinese


@dataclass(frozen=True, slots=True)
class Table:
    """A table of rows: `paths` are the columns that hold locations (cut at their start)."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    none: str
    kind: str  # "locations", "findings", "accepted"
    paths: tuple[int, ...] = ()
    code: tuple[int, ...] = ()  # the columns that hold masked values
    marked: tuple[bool, ...] = ()  # per row: an accepted finding
    always: bool = False  # drawn as a table even without rows


@dataclass(frozen=True, slots=True)
class Lines:
    """A heading and a list of short lines (errors, blind spots)."""

    heading: str
    lines: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Footer:
    text: str


Section = Title | ScoreSection | Categories | Why | TrendSection | FixFirst | Table | Lines | Footer
Words = Mapping[str, object]


def _title(data: ReportData, w: Words) -> Title:
    scan = "#" + str(data.scan_id) if data.scan_id is not None else ""
    colon = str(w.get("colon", ": "))
    status = words_in(data.status, data.lang)
    status = f"（{status}）" if data.lang == "zh" else f" ({status})"
    meta = (f"{w['host']}{colon}{data.host} · {w['scan']} {scan}{status} ·"
            f" {w['started']}{colon}{data.started[:19].replace('T', ' ')} UTC ·"
            f" {w['folders']}{colon}{', '.join(data.roots) or '-'}")
    if data.summary_only:
        meta += " · " + str(w["summary_note"]).format(total=len(data.findings))
        return Title(str(w["summary_title"]).format(title=w["title"]), meta)
    return Title(str(w["title"]), meta)


def _score(data: ReportData, w: Words) -> ScoreSection:
    s = data.score
    label = band_word(s.band, data.lang)  # the window's word too (resources/bands.toml)
    return ScoreSection(str(w["score"]), s.value, s.band, label, BAND_COLOURS[s.band],
                        s.sentence(data.lang), s.breakdown(data.lang) if s.parts else "")


def _categories(data: ReportData, w: Words) -> Categories:
    s = data.score
    # each row is the category's share of the index, so the shares add up to the number
    rows = tuple(CategoryRow(category_label(str(p.category)), p.share, p.people,
                             words_in(p.label, data.lang)) for p in s.parts)
    return Categories(str(w["by_category"]), s.value, s.band, rows,
                      (str(w["category"]), str(w["legal_basis"])), str(w["none"]))


def _why(data: ReportData, w: Words) -> Why:
    s = data.score
    return Why(str(w["why"]), tuple(s.explain(limit=8, lang=data.lang)[2:]),
               f"{w['legal_mapping']}{w.get('colon', ': ')}{s.profile} — "
               + ("；" if data.lang == "zh" else "; ").join(
                   words_in(x, data.lang) for x in s.standards))


def _trend(data: ReportData, w: Words) -> TrendSection:
    t = data.trend
    if t is None:
        return TrendSection(str(w["trend"]), str(w["no_trend"]), True, (), ())
    groups = tuple(
        (str(label), kind, len(items),
         tuple(TrendItem(f.rule, summary_text(f.detail, f.preview, data.lang), f.location)
               for f in items[:TREND_ITEMS]))
        for label, kind, items in ((w["new"], "new", t.new), (w["resolved"], "resolved",
                                                              t.resolved))
        if items
    )
    return TrendSection(str(w["trend"]), t.summary(), False, tuple(t.reasons), groups)


def _fix_first(data: ReportData, w: Words) -> FixFirst:
    """The largest contributions with their advice, and the general advice."""
    titles = rule_titles(data.lang)
    cards: list[RiskCard] = []
    seen: set[tuple[str, str]] = set()
    for c in data.score.top[:TOP_RISKS]:
        if (c.rule, c.location) in seen:
            continue
        seen.add((c.rule, c.location))
        a = book().for_finding(c.rule, c.category, c.scanner, data.lang, c.protection)
        summary = summary_text({"summary_msg": c.summary_msg}, c.preview, data.lang)
        sep = "，" if data.lang == "zh" else ", "
        cards.append(RiskCard(titles.get(c.rule, c.rule), summary,
                              f"+{c.added:.1f} {w['points']}",
                              f"{c.location} · {sep.join(c.factors.words(data.lang))}",
                              a.why, a.legal, tuple(a.steps)))
    general = book().for_category(Category.IDENTITY, data.lang).general
    return FixFirst(str(w["top_risks"]), tuple(cards),
                    (str(w["why_it_matters"]), str(w["legal_basis"]), str(w["steps"])),
                    str(w["general"]), tuple(general), str(w.get("colon", ": ")))


def _locations(data: ReportData, w: Words) -> Table:
    sep = "、" if data.lang == "zh" else ", "
    rows = tuple((loc.location, str(loc.value), str(loc.findings),
                  sep.join(category_word(c, data.lang) for c in loc.categories),
                  ("；" if data.lang == "zh" else "; ").join(
                      words_in(a, data.lang) for a in loc.access))
                 for loc in data.score.locations[:TOP_LOCATIONS])
    return Table(str(w["locations"]), (str(w["location"]), "0-100", "n", str(w["category"]),
                                       str(w["access"])), rows, str(w["none"]), "locations",
                 paths=(0,))


def _findings(data: ReportData, w: Words) -> Table:
    """Every finding, the most severe first (accepted ones marked)."""
    found = data.sorted_findings()
    if data.row_limit is not None:
        found = found[:data.row_limit]
    rows = tuple((finding_severity_word(w, f), category_word(str(f.category), data.lang),
                  _rule_words(f, data.lang), summary_text(f.detail, f.preview, data.lang),
                  f.location, str(f.line or ""), f"{f.confidence:.2f}")
                 for f in found)
    columns = tuple(str(w[k]) for k in ("severity", "category", "rule", "preview", "location",
                                        "line", "confidence"))
    return Table(f"{w['findings']} ({len(data.findings)})", columns, rows, str(w["none"]),
                 "findings", paths=(4,), code=(3,),
                 marked=tuple(data.is_accepted(f) for f in found))


def _rule_words(f: Finding, lang: str) -> str:
    """The rule's name, and what its validator named the value: "... (OpenAI)"."""
    kind = f.named_kind
    return f"{rule_name(f.rule, lang)} ({kind})" if kind else rule_name(f.rule, lang)


def _accepted(data: ReportData, w: Words) -> Table | None:
    if not data.accepted:
        return None
    found = [f for f in data.sorted_findings() if data.is_accepted(f)]
    rows = []
    for f in found:
        acc = data.acceptance_of(f)
        rows.append((rule_name(f.rule, data.lang), summary_text(f.detail, f.preview, data.lang),
                     f.location, acc.reason if acc else ""))
    columns = tuple(str(w[k]) for k in ("rule", "preview", "location", "reason"))
    return Table(f"{w['accepted']} ({len(found)})", columns, tuple(rows), str(w["none"]),
                 "accepted", paths=(2,), code=(1,), always=True)


def _errors(data: ReportData, w: Words) -> Lines | None:
    if not data.errors:
        return None
    lines = tuple(f"{e.reason}: {e.location}" + (f" — {e.message}" if e.message else "")
                  for e in data.errors[:ERROR_LINES])
    return Lines(f"{w['errors']} ({len(data.errors)})", lines, "errors")


def _blind_spots(data: ReportData, w: Words) -> Lines | None:
    """What the audit could not look at: not the same as nothing found."""
    if not data.blind_spots:
        return None
    return Lines(str(w.get("blind_spots", "Not looked at")), data.blind_spots, "blind_spots")


def _footer(data: ReportData, w: Words) -> Footer:
    return Footer(f"{w['footer']} piaudit {data.version} · {data.generated}")


Builder = Callable[[ReportData, Words], Section | None]
BUILDERS: Sequence[Builder] = (
    _title, _score, _categories, _why, _trend, _fix_first, _locations, _findings, _accepted,
    _errors, _blind_spots, _footer,
)


# what a summary-only report leaves out: the lists of every place, finding and error
DETAIL_BUILDERS = frozenset({_locations, _findings, _accepted, _errors})


def sections(data: ReportData) -> list[Section]:
    """The report's sections in order, in its language (the summary's only, when asked)."""
    w = words(data.lang)
    builders = [b for b in BUILDERS if not (data.summary_only and b in DETAIL_BUILDERS)]
    built = (build(data, w) for build in builders)
    out = [s for s in built if s is not None]
    if data.summary_only:
        return [_summary_trend(s) if isinstance(s, TrendSection) else s for s in out]
    return out


def _summary_trend(s: TrendSection) -> TrendSection:
    """The change in one sentence and its reasons; the lists of new and resolved findings
    belong to the full report."""
    groups = tuple((label, kind, n, ()) for label, kind, n, _items in s.groups)
    return TrendSection(s.heading, s.summary, s.first, s.reasons, groups)
