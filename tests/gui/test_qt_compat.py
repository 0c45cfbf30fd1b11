"""The emit() work-around keeps `True` alive however many signals the GUI emits."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from desktop.widgets.qt_compat import emit


class _Sender(QObject):
    batch = Signal(list)


def test_many_emits_keep_the_refcount_of_true_stable(qtbot):
    sender = _Sender()
    got: list[int] = []
    sender.batch.connect(lambda b: got.append(len(b)))
    before = sys.getrefcount(True)
    for _ in range(20_000):  # far more than True's refcount on a leaking binding
        emit(sender.batch, [1])
    assert abs(sys.getrefcount(True) - before) < 50
    assert len(got) == 20_000


_MANY_VOID_CALLS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidget, QTreeWidgetItem
app = QApplication([])
import desktop.widgets.qt_compat as q
label, tree = QLabel(), QTreeWidget()
for i in range(20_000):  # several times None's reference count at start
    label.setText(str(i))
    QTreeWidgetItem(tree, ["row"])
    tree.clear()
print("alive", q.VOID_CALLS_LEAK_NONE, q.SINGLETONS_PINNED)
"""


def test_calls_returning_nothing_never_free_none():
    """On a binding that drops None on calls returning nothing (PySide6 6.12 on Python 3.11),
    tens of thousands of them (a long session) no longer abort the interpreter."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", _MANY_VOID_CALLS], cwd=root,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("alive")
    leaks, pinned = run.stdout.split()[1:3]
    assert pinned == leaks or sys.version_info >= (3, 12)
