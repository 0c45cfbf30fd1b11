"""Chinese text uses full-width punctuation ("快速：文档", not "快速:文档") in every catalog:
the window's .ts, the command line's catalog, the summaries and the rule names."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
HALF = re.compile(r"[\u3400-\u9fff][,;:?!(]|[,;:?(][\u3400-\u9fff]")


def _ts() -> Iterator[str]:
    for msg in ET.parse(I18N / "piaudit_zh_CN.ts").getroot().iter("message"):
        tr = msg.find("translation")
        if tr is not None and tr.text and tr.get("type") not in ("obsolete", "vanished"):
            yield tr.text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def test_chinese_catalogs_use_full_width_punctuation():
    texts = list(_ts())
    with open(I18N / "cli_zh_CN.toml", "rb") as fh:
        texts += list(_strings(tomllib.load(fh)))  # keys are English: only values are read
    for name in ("summaries.toml", "rule_names.toml"):
        with open(I18N / name, "rb") as fh:
            texts += list(_strings(tomllib.load(fh)))
    assert len(texts) > 1000
    bad = [t for t in texts if HALF.search(t)]
    assert not bad, bad[:20]


def test_the_check_sees_half_width_punctuation():
    assert HALF.search("快速:文档") and HALF.search("日志,且") and not HALF.search("快速：文档")
