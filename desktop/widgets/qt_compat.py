"""Work-arounds for bugs of the Qt binding, detected at run time (so a fixed binding costs 0).

PySide6 6.12.0 on Python 3.11: every `SignalInstance.emit()` called from Python drops one
reference to `True` that it never took. `True` is not immortal before Python 3.12, so after
a few thousand emits (a scan emits one per batch, per progress tick) the interpreter aborts
with "bool_dealloc: deallocating True or False". `emit()` below pays the reference back when,
and only when, the probe at import time saw the leak.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _measure_leak(tries: int = 8) -> int:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(tries):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):  # pay back what the probe itself cost
        _incref(True)
    return lost // tries if lost > 0 else 0


EMIT_LEAKS_TRUE = _measure_leak()


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, compensating the binding's reference leak if it has one."""
    signal.emit(*args)
    for _ in range(EMIT_LEAKS_TRUE):
        _incref(True)
