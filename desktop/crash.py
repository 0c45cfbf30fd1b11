"""The excepthook: a dialog in words and a crash log that holds no personal value.

The log keeps the exception's type and the code locations of the traceback (file, line,
function), never the exception's message or any variable: messages can quote a file name,
a path or a value found during a scan.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from scanners import __version__

_TITLE = QT_TRANSLATE_NOOP("Crash", "Unexpected error")
_MESSAGE = QT_TRANSLATE_NOOP(
    "Crash", "Something went wrong inside piaudit. Your files were not changed.")
_SAVED = QT_TRANSLATE_NOOP(
    "Crash", "A crash report without any personal data was saved to %1.")


def crash_text(kind: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    lines = [
        f"piaudit {__version__} crash at {datetime.now().astimezone().isoformat()}",
        f"python {sys.version.split()[0]} on {sys.platform}",
        f"exception: {kind.__module__}.{kind.__qualname__}",
        "traceback (code locations only):",
    ]
    for fr in frames:
        name = Path(fr.filename)
        short = "/".join(name.parts[-2:]) if len(name.parts) >= 2 else name.name
        lines.append(f"  {short}:{fr.lineno} in {fr.name}")
    return "\n".join(lines) + "\n"


def write_crash_log(kind: type[BaseException], tb: TracebackType | None) -> Path | None:
    from scanners.system.paths import data_dir, ensure_private_dir

    try:
        folder = data_dir() / "crash"
        ensure_private_dir(folder)
        path = folder / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S')}.log"
        from scanners.system.private_files import open_private

        with open_private(path, newline=None) as fh:  # 0600 whatever the umask
            fh.write(crash_text(kind, tb))
        return path
    except OSError:
        return None


def excepthook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    path = write_crash_log(kind, tb)
    if QApplication.instance() is None:
        sys.stderr.write(crash_text(kind, tb))
        return
    text = QCoreApplication.translate("Crash", str(_MESSAGE))
    if path is not None:
        text += "\n\n" + QCoreApplication.translate("Crash", str(_SAVED)).replace("%1", str(path))
    box = QMessageBox(QMessageBox.Icon.Critical,
                      QCoreApplication.translate("Crash", str(_TITLE)), text)
    box.exec()


def install() -> None:
    sys.excepthook = excepthook
