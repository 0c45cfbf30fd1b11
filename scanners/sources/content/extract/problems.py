"""Turning an extractor failure into a `Problem` that never quotes the file."""

from __future__ import annotations

import lzma
import sqlite3
import struct
import tarfile
import zipfile
import zlib
from xml.parsers import expat

from scanners.sources.content.parts import ExtractError, Problem

# Exceptions whose message describes the structure, never the content, of a file.
_SAFE_MESSAGES = (
    zipfile.BadZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    sqlite3.Error,
    NotImplementedError,
    expat.ExpatError,
)


def problem_for(name: str, exc: BaseException) -> Problem:
    """A `Problem` for an extractor failure: a reason and a message without file content."""
    if isinstance(exc, ExtractError):
        return Problem(name, exc.reason, str(exc)[:200])
    if isinstance(exc, MemoryError):
        return Problem(name, "too-large", "not enough memory to read it")
    if isinstance(exc, RecursionError):
        return Problem(name, "corrupt", "structure nested too deeply")
    if isinstance(exc, OSError) and exc.errno is not None:
        return Problem(name, "unreadable", exc.strerror or type(exc).__name__)
    if isinstance(exc, _SAFE_MESSAGES):
        return Problem(name, "corrupt", f"{type(exc).__name__}: {str(exc)[:160]}")
    # Other messages (parsers, int(), codecs) can quote bytes of the file: name the type only.
    return Problem(name, "corrupt", f"unreadable structure ({type(exc).__name__})")
