"""The command line's language and its words.

`--lang` picks English or Chinese, else the locale does (LC_ALL, LC_MESSAGES, LANG, then
LANGUAGE as GNU gettext reads them). `tr()` looks an English text up in
resources/i18n/cli_zh_CN.toml, a catalog keyed by the English text itself, so that a text
missing from it still reads (in English) rather than vanish. No Qt: the GUI has its own .ts.
"""

from __future__ import annotations

import argparse
import os
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
def catalog() -> Mapping[str, str]:
    """English text -> Chinese text. A missing or unreadable catalog leaves English."""
    from scanners.system.paths import resources_dir

    try:
        with open(resources_dir() / "i18n" / CATALOG, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    messages = data.get("messages", {})
    return {str(k): str(v) for k, v in messages.items()} if isinstance(messages, dict) else {}


def tr(text: str, /, **fields: Any) -> str:
    """`text` in the current language, with `{name}` fields filled in after the look-up."""
    words = catalog().get(text, text) if _state["language"] == "zh" else text
    return words.format(**fields) if fields else words


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
