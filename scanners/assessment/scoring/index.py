"""The exposure index's arithmetic: mass to index (k x log10(1 + mass / m0)) and
back, rounding, bands, and the largest-remainder split that makes shares add up exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scanners.assessment.scoring.weights import BANDS, Weights

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


def band_of(value: float, thresholds: Sequence[float] = (25.0, 50.0, 75.0)) -> str:
    for name, limit in zip(BANDS, thresholds, strict=False):
        if value < limit:
            return name
    return BANDS[-1]
