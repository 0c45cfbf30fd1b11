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
