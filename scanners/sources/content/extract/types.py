"""The shape every format extractor has (kept apart to avoid import cycles)."""

from __future__ import annotations

from collections.abc import Callable

from scanners.base import Limits
from scanners.sources.content.parts import ItemStream, Source

Extractor = Callable[[Source, Limits], ItemStream]
