"""The words of the exposure-index bands (resources/bands.toml), shared by the window and the
reports: one source, so both say the same word for the same band."""

from __future__ import annotations

import tomllib
from functools import cache

from scanners.system.paths import resources_dir

BAND_IDS = ("low", "medium", "high", "critical")


@cache
def _table(folder: str) -> dict[str, dict[str, str]]:
    with open(f"{folder}/bands.toml", "rb") as fh:
        data = tomllib.load(fh)
    return {lang: {k: str(v) for k, v in words.items()} for lang, words in data.items()}


def band_word(band: str, lang: str = "en") -> str:
    """The band's word in `lang` ("zh" or "en"); an unknown band id is returned as given."""
    table = _table(str(resources_dir()))
    words = table.get("zh" if lang.startswith("zh") else "en") or table["en"]
    return words.get(band, band)
