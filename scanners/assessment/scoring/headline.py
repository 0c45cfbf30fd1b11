"""Which group of exposure the headline names: the dominant category, the
files that hold it, what else they hold, the folder they share and the access facts they
have in common.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence

from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring.factors import Factors
from scanners.assessment.scoring.results import CategoryScore
from scanners.assessment.scoring.sentences import ACCESS_WORDS, PERSON_CATEGORIES, Headline
from scanners.model import Category, Finding

KIND_SHARE = 0.1  # a category co-located with the dominant one is named from 10% of the mass


def _facts_of(f: AccessFacts | None) -> set[str]:
    if f is None:
        return set()
    out = {"world_readable"} if f.world_readable else set()
    out |= {p for p in f.places if p in ACCESS_WORDS}
    if f.protection in ACCESS_WORDS:
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


def headline_of(parts: Sequence[CategoryScore], people: Mapping[Category, tuple[int, int]],
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
