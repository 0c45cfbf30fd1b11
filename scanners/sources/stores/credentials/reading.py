"""Reading credential files safely: their locations (table [credentials] of
resources/stores.toml), who may read them, their bytes (capped, regular files only) and their
text (UTF-8, UTF-16, GB18030; binary content refused).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanners.base import ScanContext
from scanners.sources.stores.common import (
    StoreError,
    expand,
    os_key,
    store_table,
)

# ---------------------------------------------------------------------------- file helpers


def config() -> Mapping[str, Any]:
    return store_table("credentials")


def locations(ctx: ScanContext, kind: str) -> list[Path]:
    """Existing files of one kind on this OS (sorted, no duplicates)."""
    table = config().get(kind, {})
    patterns = [*table.get("any", []), *table.get(os_key(ctx), [])]
    seen: dict[Path, None] = {}
    for pattern in patterns:
        for p in expand(ctx, str(pattern)):
            seen.setdefault(p, None)
    return list(seen)


def mode_detail(st: os.stat_result) -> dict[str, str]:
    """Who may read the file, from its permission bits."""
    mode = stat.S_IMODE(st.st_mode)
    return {
        "mode": f"{mode:04o}",
        "world_readable": "yes" if mode & stat.S_IROTH else "no",
        "group_readable": "yes" if mode & stat.S_IRGRP else "no",
    }


def read_capped(path: Path, limit: int, *, tail: bool = False) -> tuple[bytes, bool]:
    """The bytes of a regular file, at most `limit` (the last `limit` when `tail`).

    Returns (data, truncated). Without `tail`, a larger file is refused: a credential
    config of many megabytes is not one, and reading it whole would cost memory.
    """
    try:
        st = os.stat(path)  # follows a symlink; a loop raises ELOOP (OSError)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError("not-a-file", "not a regular file")
        if st.st_size > limit and not tail:
            raise StoreError("too-large", f"larger than {limit} bytes: not read")
        with open(path, "rb") as fh:
            if st.st_size > limit:
                fh.seek(st.st_size - limit)
                return fh.read(limit), True
            return fh.read(limit + 1)[:limit], False
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except FileNotFoundError:
        raise StoreError("missing", "the file disappeared during the scan") from None
    except OSError as exc:
        raise StoreError("unreadable", (exc.strerror or type(exc).__name__)[:200]) from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(raw: bytes, *, lenient: bool = False) -> str:
    """Text of a config file: UTF-8 (with or without BOM), UTF-16 (BOM or NUL-interleaved,
    as Windows tools write it), else GB18030 (a superset of GBK). Binary data is refused
    with a "corrupt" StoreError unless `lenient` (histories hold stray bytes, e.g. zsh's
    metafied characters)."""
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[3:].decode("utf-8", "replace")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", "replace")
    elif len(raw) >= 4 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00" and raw[0:1] != b"\x00":
        text = raw.decode("utf-16-le", "replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "replace")
    if not lenient and text:
        sample = text[:4096]
        bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
        if bad * 20 > len(sample):  # more than 5% control or broken characters: not text
            raise StoreError("corrupt", "not a text file (binary content)")
    return text


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def stat_file(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except OSError as exc:
        raise StoreError("unreadable", (exc.strerror or type(exc).__name__)[:200]) from None
