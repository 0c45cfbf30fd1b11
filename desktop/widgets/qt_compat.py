"""Work-arounds for bugs of the Qt binding, detected at run time (so a fixed binding costs 0).

PySide6 6.12.0 on Python 3.11: every `SignalInstance.emit()` called from Python drops one
reference to `True` that it never took. `True` is not immortal before Python 3.12, so after
a few thousand emits (a scan emits one per batch, per progress tick) the interpreter aborts
with "bool_dealloc: deallocating True or False". `emit()` below pays the reference back when,
and only when, the probe at import time saw the leak.

The same binding also drops a reference to `None` on calls of methods that return nothing
(QLabel.setText, QTreeWidgetItem.setData, QListWidget.clear ...): the screenshot tool, a long
session, died with "none_dealloc: deallocating None" after some thousands of them. There is
no one call to compensate, so when the probe sees that leak, None, True and False are made
what Python 3.12 made them (PEP 683, immortal objects): their reference counts are raised so
far that no leak can bring them to zero. They are never freed anyway; freeing one is fatal.
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


def _void_call_leaks_none(tries: int = 8) -> bool:
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(tries):
        timer.setInterval(1)  # returns nothing
    return before - sys.getrefcount(None) >= tries


# Far above any count a session reaches, far below the counter's range (a signed 64-bit size).
_PINNED = 1 << 48


def _pin_singletons() -> bool:
    """Raise the reference counts of None, True and False by _PINNED (CPython before 3.12,
    where ob_refcnt is the first field of every object)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _PINNED
    return True


VOID_CALLS_LEAK_NONE = _void_call_leaks_none()
SINGLETONS_PINNED = _pin_singletons() if VOID_CALLS_LEAK_NONE else False


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, compensating the binding's reference leak if it has one."""
    signal.emit(*args)
    for _ in range(EMIT_LEAKS_TRUE):
        _incref(True)
