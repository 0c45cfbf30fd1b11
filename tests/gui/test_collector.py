"""Cycles are collected in the window's thread only (desktop/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from pytestqt.qtbot import QtBot

from desktop import collector
from desktop.main_window import MainWindow


class _Node:
    def __init__(self) -> None:
        self.other: Any = self  # a cycle: only the collector frees it


def test_with_a_window_cycles_are_collected_by_its_timer(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert not gc.isenabled()
    gc.collect()
    node = _Node()
    gone = weakref.ref(node)
    del node
    # allocations past the first generation's threshold, all in another thread: no
    # collection runs there
    def churn() -> None:
        keep = [_Node() for _ in range(gc.get_threshold()[0] * 3)]
        del keep

    t = threading.Thread(target=churn)
    t.start()
    t.join()
    assert gone() is not None
    qtbot.waitUntil(lambda: gone() is None, timeout=3000)


def test_the_collector_is_made_once_and_gives_the_collector_back(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    first = collector.install()
    assert first is collector.install()
    collector.uninstall()
    assert gc.isenabled()
    assert collector.install() is not None  # (the next window's)
    assert not gc.isenabled()
