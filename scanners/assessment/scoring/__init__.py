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

The package: `weights` (resources/scoring.toml), `index` (mass <-> index, bands, shares),
`factors` (one finding's points), `compute` (`score()`), `results` (`Score` and its parts),
`headline` and `sentences` (the score in words).
"""

from __future__ import annotations

from scanners.assessment.scoring.compute import Acceptance, is_accepted, score
from scanners.assessment.scoring.factors import Factors, access_factor, factors_of
from scanners.assessment.scoring.index import (
    band_of,
    index_of,
    largest_remainder,
    mass_for,
    rounded,
)
from scanners.assessment.scoring.results import (
    CategoryScore,
    Contribution,
    LocationScore,
    Score,
    score_dict,
)
from scanners.assessment.scoring.sentences import (
    CATEGORY_WORDS_ZH,
    PERSON_CATEGORIES,
    Headline,
    headline_sentence,
)
from scanners.assessment.scoring.weights import (
    BANDS,
    KIT_IDS,
    KIT_PEOPLE,
    KIT_REACH,
    SENSITIVE,
    Weights,
    default_weights,
)

__all__ = [
    "BANDS",
    "CATEGORY_WORDS_ZH",
    "KIT_IDS",
    "KIT_PEOPLE",
    "KIT_REACH",
    "PERSON_CATEGORIES",
    "SENSITIVE",
    "Acceptance",
    "CategoryScore",
    "Contribution",
    "Factors",
    "Headline",
    "LocationScore",
    "Score",
    "Weights",
    "access_factor",
    "band_of",
    "default_weights",
    "factors_of",
    "headline_sentence",
    "index_of",
    "is_accepted",
    "largest_remainder",
    "mass_for",
    "rounded",
    "score",
    "score_dict",
]
