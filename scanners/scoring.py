"""Exposure score: 0-100, monotonic, saturating, explainable (pure functions).

Per category, each distinct value (by fingerprint) contributes weight x severity x confidence;
a category counts its worst value, grown by the log of how many distinct values it holds
(one ID number is not a customer database). The sum saturates towards 100.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scanners.model import Category, Finding
from scanners.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Weights:
    category: dict[str, float]
    severity: dict[str, float]
    scale: float

    @classmethod
    def load(cls, path: Path | None = None) -> Weights:
        with open(path or resources_dir() / "scoring.toml", "rb") as fh:
            data = tomllib.load(fh)
        return cls(
            category={str(k): float(v) for k, v in data["category"].items()},
            severity={str(k): float(v) for k, v in data["severity"].items()},
            scale=float(data.get("scale", 40.0)),
        )


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: Category
    points: float
    distinct: int
    worst: str  # rule id of the worst value


@dataclass(frozen=True, slots=True)
class Score:
    value: int  # 0-100
    raw: float
    parts: tuple[CategoryScore, ...] = field(default=())

    @property
    def band(self) -> str:
        v = self.value
        return "low" if v < 25 else "medium" if v < 50 else "high" if v < 75 else "very high"


def score(findings: Iterable[Finding], weights: Weights | None = None) -> Score:
    w = weights or Weights.load()
    best: dict[Category, dict[str, tuple[float, str]]] = {}
    for f in findings:
        points = (
            w.category.get(str(f.category), 1.0) * w.severity.get(f.severity.label, 1.0)
            * f.confidence
        )
        per_value = best.setdefault(f.category, {})
        old = per_value.get(f.fingerprint)
        if old is None or points > old[0]:
            per_value[f.fingerprint] = (points, f.rule)
    parts: list[CategoryScore] = []
    raw = 0.0
    for cat, values in best.items():
        worst_points, worst_rule = max(values.values())
        n = sum(1 for p, _ in values.values() if p > 0)
        points = worst_points * (1.0 + math.log10(max(n, 1))) * 10.0
        raw += points
        parts.append(CategoryScore(cat, points, len(values), worst_rule))
    parts.sort(key=lambda p: p.points, reverse=True)
    value = round(100.0 * (1.0 - math.exp(-raw / w.scale)))
    return Score(value=value, raw=raw, parts=tuple(parts))
