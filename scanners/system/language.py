"""The command line's language and its words.

`--lang` picks English or Chinese, else the locale does (LC_ALL, LC_MESSAGES, LANG, then
LANGUAGE as GNU gettext reads them). `tr()` looks an English text up in
resources/i18n/cli_zh_CN.toml, a catalog keyed by the English text itself, so that a text
missing from it still reads (in English) rather than vanish. No Qt: the GUI has its own .ts.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "zh")
CATALOG = "cli_zh_CN.toml"

_state = {"language": "en"}


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """ "zh" when the locale asks for Chinese (zh_CN.UTF-8, zh_TW, zh_SG...), else "en"."""
    env = os.environ if environ is None else environ
    name = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if not name and sys.platform == "win32":  # no POSIX variables: the user's Windows locale
        import locale

        name = locale.getlocale()[0] or ""
    if not name or name in ("C", "POSIX") or name.startswith(("C.", "POSIX.")):
        return "en"  # gettext ignores LANGUAGE under the C locale too
    preferred = (env.get("LANGUAGE") or "").split(":")[0]
    name = (preferred or name).lower()
    return "zh" if name.startswith(("zh", "chinese")) else "en"


def current() -> str:
    return _state["language"]


def set_language(language: str) -> str:
    """Use `language` ("en" or "zh") from now on; returns the one used before."""
    previous = _state["language"]
    _state["language"] = "zh" if language.lower().startswith("zh") else "en"
    return previous


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    from scanners.system.paths import resources_dir

    try:
        with open(resources_dir() / "i18n" / CATALOG, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _table(name: str) -> dict[str, str]:
    table = _data().get(name, {})
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


@lru_cache(maxsize=1)
def catalog() -> Mapping[str, str]:
    """English text -> Chinese text. A missing or unreadable catalog leaves English."""
    return _table("messages")


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Sentences other modules compose with values in them (an error naming a scan, a plan
    naming a file): a regular expression over the whole English sentence, and the Chinese
    with the expression's named groups as {fields}."""
    out = []
    for expression, words in _table("patterns").items():
        try:
            out.append((re.compile(expression, re.S), words))
        except re.error:
            continue
    return tuple(out)


def tr(text: str, /, **fields: Any) -> str:
    """`text` in the current language, with `{name}` fields filled in after the look-up."""
    if _state["language"] != "zh" or not text:  # argparse asks for _(None) too
        return text.format(**fields) if fields else text
    words = catalog().get(text)
    if words is None and not fields:
        return _by_pattern(text)
    words = text if words is None else words
    return words.format(**fields) if fields else words


def _by_pattern(text: str) -> str:
    for expression, words in patterns():
        match = expression.fullmatch(text)
        if match is not None:
            # a captured part may itself be a catalogued sentence (a seal's problem inside
            # "tampered ...: {what}"): it is looked up too
            return words.format(**{k: tr(v) if v else "" for k, v in match.groupdict().items()})
    return text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


@contextmanager
def argparse_words() -> Iterator[None]:
    """argparse's own words ("usage:", "options", "invalid choice: ...") in the current
    language. argparse looks them up through its module's gettext functions at the moment it
    builds a parser, formats help or reports an error; they are put back afterwards."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = tr  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def words_in(text: str, language: str) -> str:
    """`text` in `language` whatever the command line's language is (a report written in
    Chinese from an English shell): the catalog's words, then its patterns, else `text`."""
    if not text or not language.lower().startswith("zh"):
        return text
    words = catalog().get(text)
    return words if words is not None else _by_pattern(text)
