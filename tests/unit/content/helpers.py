"""Shared helpers for the extractor tests."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from scanners.base import Limits
from scanners.sources.content.extract import extract
from scanners.sources.content.parts import Hit, Problem, Source, TextPart

ID = "11011319491231002X"  # synthetic, valid GB 11643 check digit
PHONE = "13812345678"


def source(path: Path | str) -> Source:
    p = Path(path)
    return Source(name=str(p), size=p.stat().st_size, path=p)


def run(path: Path | str, limits: Limits | None = None, **kw: object) -> list[object]:
    return list(extract(source(path), limits or Limits(), **kw))  # type: ignore[arg-type]


def run_bytes(name: str, data: bytes, limits: Limits | None = None) -> list[object]:
    return list(extract(Source(name=name, size=len(data), data=data), limits or Limits()))


def texts(items: list[object]) -> dict[str, str]:
    """The full extracted text per path, rebuilt from overlapping parts by their offsets."""
    out: dict[str, str] = defaultdict(str)
    for item in items:
        if isinstance(item, TextPart):
            prev = out[item.path]
            assert item.offset <= len(prev), "gap between chunks"
            assert prev[item.offset :] == item.text[: len(prev) - item.offset], "overlap differs"
            out[item.path] = prev[: item.offset] + item.text
    return dict(out)


def parts(items: list[object]) -> list[TextPart]:
    return [i for i in items if isinstance(i, TextPart)]


def problems(items: list[object]) -> list[Problem]:
    return [i for i in items if isinstance(i, Problem)]


def hits(items: list[object]) -> list[Hit]:
    return [i for i in items if isinstance(i, Hit)]


def reasons(items: list[object]) -> list[str]:
    return [p.reason for p in problems(items)]


def all_text(items: list[object]) -> str:
    return "\n".join(texts(items).values())
