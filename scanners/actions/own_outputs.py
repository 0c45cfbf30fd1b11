"""What piaudit itself wrote into the user's folders (redacted copies), so that a later scan
does not report its own output as new exposure.

Kept as (device, inode, size, mtime) in the private data folder: no path and no name, so the
list reveals nothing of where personal data lies. A copy the user edits afterwards changes
its size or mtime and is scanned again like any other file.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from scanners.system.paths import ensure_private_dir

FILE = "own-outputs.json"
LIMIT = 10_000  # the newest entries are kept


def load(folder: Path) -> frozenset[tuple[int, int, int, int]]:
    try:
        data = json.loads((folder / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    out: set[tuple[int, int, int, int]] = set()
    for row in data if isinstance(data, list) else []:
        if isinstance(row, list) and len(row) == 4 and all(isinstance(x, int) for x in row):
            out.add((row[0], row[1], row[2], row[3]))
    return frozenset(out)


def add(folder: Path, st: os.stat_result) -> None:
    """Remember one file piaudit wrote (from its `fstat`)."""
    path = folder / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = [r for r in data if isinstance(r, list)] if isinstance(data, list) else []
    except (OSError, ValueError):
        rows = []
    rows.append([st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns])
    rows = rows[-LIMIT:]
    ensure_private_dir(folder)
    tmp = folder / f".{FILE}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(rows, fh)
    os.replace(tmp, path)
