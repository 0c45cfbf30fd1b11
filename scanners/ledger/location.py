"""Where the log lives (the user's data folder) and how its file is created (0600)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from scanners.ledger.errors import LedgerUnwritable
from scanners.system.paths import data_dir, ensure_private_dir

LOG_FILE = "audit-log.sqlite"


def default_path() -> Path:
    """The log file in the user's data dir (PIAUDIT_DATA_DIR overrides)."""
    return data_dir() / LOG_FILE


def _create_file(path: Path) -> None:
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            why = f"its folder is read-only ({why})"
        elif exc.errno == errno.ENOSPC:
            why = "the disk is full"
        raise LedgerUnwritable(f"cannot create the audit log {path}: {why}") from None
