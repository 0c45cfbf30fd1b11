"""The weights of the exposure index, from `resources/scoring.toml`: category
sensitivities, severities, the index's scale, identifiability, access and place multipliers,
and the legal profile (which standards the labels cite).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from scanners.system.paths import resources_dir

SENSITIVE = 4.0  # ENISA's top data-processing context: the floor for minors' data
BANDS = ("low", "medium", "high", "critical")
KIT_IDS = frozenset({"identity"})
KIT_PEOPLE = frozenset({"basic.person_name"})
KIT_REACH = frozenset({"contact"})


@dataclass(frozen=True, slots=True)
class Weights:
    category: dict[str, float]
    severity: dict[str, float]
    k: float = 40.0  # index points per tenfold mass (12 per doubling)
    m0: float = 30.0  # the mass unit: the index is k x log10(1 + mass / m0)
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
    people_rules: frozenset[str] = frozenset()
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
        index = data.get("index", {})
        access = dict(data.get("access", {}))
        place = access.pop("place", {})
        b = [float(x) for x in data.get("bands", (25, 50, 75))]
        return cls(
            category=category,
            severity={str(k): float(v) for k, v in data["severity"].items()},
            k=max(1.0, float(index.get("k", 40.0))),
            m0=max(1e-6, float(index.get("m0", 30.0))),
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
            people_rules=frozenset(quantity.get("people_rules", ())),
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
