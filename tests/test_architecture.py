"""The engine is Qt-free and the registry is a clean contract."""

import subprocess
import sys

from scanners.registry import SCANNERS


def test_scanners_never_import_qt():
    code = (
        "import sys, scanners, scanners.cli, scanners.engine, scanners.registry\n"
        "for cls in scanners.registry.SCANNERS: __import__(cls.__module__)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_scanner_ids_are_unique_and_dotted():
    ids = [s.id for s in SCANNERS]
    assert len(ids) == len(set(ids))
    assert all("." in i and i == i.lower() for i in ids)
