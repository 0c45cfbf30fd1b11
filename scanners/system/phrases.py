"""Sentences a scanner composes for people (a store's summary), kept as message ids with
parameters so that each front end renders them in its own language.

A scanner writes `say("cred.aws", n=2) + say("mode.everyone", mode="0644")`; the finding's
preview stays the English text (exports, logs and old readers see what they always saw) and
its detail gains "summary_msg", a JSON list of {"id", "args"} (docs/engine.md, "Structured
summaries"). The templates live in resources/i18n/summaries.toml: `en` (and `en_other`, the
plural, chosen when the argument `n` is not 1) and `zh`. An id or language the file lacks
falls back to English, and a finding without "summary_msg" to its preview. No Qt here.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

DETAIL_KEY = "summary_msg"
CATALOG = "summaries.toml"

@dataclass(frozen=True, slots=True)
class Phrase:
    """A run of messages read one after the other; `str()` is the English text."""

    parts: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]

    def __add__(self, other: Phrase | str) -> Phrase:
        if isinstance(other, str):
            other = verbatim(other)
        return Phrase(self.parts + other.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return render(self.as_list(), "en")

    def as_list(self) -> list[dict[str, Any]]:
        return [{"id": mid, "args": {k: (v.as_list() if isinstance(v, Phrase) else v)
                                     for k, v in args}} for mid, args in self.parts]

    def to_json(self) -> str:
        return json.dumps(self.as_list(), ensure_ascii=False, separators=(",", ":"))


def say(message_id: str, /, **args: Any) -> Phrase:
    """One message of summaries.toml with its arguments (ints, texts or other Phrases)."""
    return Phrase(((message_id, tuple(sorted(args.items()))),))


def verbatim(text: str) -> Phrase:
    """Text that reads the same in every language (a masked sample, a file name)."""
    return say("text", text=text)


def join(phrases: Iterable[Phrase], separator: str = "list.sep") -> Phrase:
    """Phrases with a separator message between them (", " in English, "、" in Chinese)."""
    out = Phrase(())
    for i, p in enumerate(phrases):
        out = out + (say(separator) + p if i else p)
    return out


@lru_cache(maxsize=1)
def templates() -> Mapping[str, Mapping[str, str]]:
    from scanners.system.paths import resources_dir

    try:
        with open(resources_dir() / "i18n" / CATALOG, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    out: dict[str, dict[str, str]] = {}
    _flatten(data, "", out)
    return out


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, dict[str, str]]) -> None:
    if "en" in table and isinstance(table["en"], str):
        out[prefix] = {k: str(v) for k, v in table.items() if isinstance(v, str)}
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}.{key}" if prefix else key, out)


def _language(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def render(parts: object, language: str) -> str:
    """The text of a list of {"id", "args"} in `language` ("en", "zh", "zh_CN")."""
    lang = _language(language)
    out = []
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, dict):
            continue
        mid, args = str(part.get("id", "")), part.get("args") or {}
        if not isinstance(args, dict):
            args = {}
        values = {k: (render(v, lang) if isinstance(v, list) else v) for k, v in args.items()}
        if mid == "text":
            out.append(str(values.get("text", "")))
            continue
        forms = templates().get(mid, {})
        plural = values.get("n", 1) != 1
        template = (forms.get("zh") if lang == "zh" else None) or (
            forms.get("en_other") if plural else None) or forms.get("en")
        if template is None:  # an id from a newer version: its arguments, plainly
            out.append(" ".join(str(v) for v in values.values()))
            continue
        try:
            out.append(template.format(**values))
        except (KeyError, IndexError, ValueError):
            out.append(template)
    return "".join(out)


def summary_text(detail: Mapping[str, str], preview: str, language: str) -> str:
    """A finding's summary in `language`: its structured message when it has one (and the
    language is not English, whose text the preview already is), else the preview."""
    raw = detail.get(DETAIL_KEY)
    if not raw or _language(language) == "en":
        return preview
    try:
        parts = json.loads(raw)
    except ValueError:
        return preview
    return render(parts, language) or preview
