"""Python's cycle collector, run rarely while a scan makes and holds many objects.

Reading a file makes and drops hundreds of thousands of small objects (matches, windows,
rows) that reference counting frees at once, and a scan keeps tens of thousands of findings
alive; none of them forms a cycle. With the default thresholds (a pass every 700 net
allocations) the collector walks them again and again: 40% of an unchanged rescan
(1.9 s -> 1.3 s on the home benchmark) and 3-5% of reading a dense export. Cycles are still
collected, after 100,000 net allocations instead of 700.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_FEW = (100_000, 50, 100)  # generation 0 every 100,000 net allocations (default 700, 10, 10)


@contextmanager
def few_passes() -> Iterator[None]:
    """Rare collections for the block (a scan, reading one file), the thresholds before it
    restored afterwards: the window or the command that runs it keeps Python's defaults."""
    before = gc.get_threshold()
    gc.set_threshold(*_FEW)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def tune_worker() -> None:
    """For a worker process, once its readers are built: its start-up objects (rules,
    patterns, tables) live as long as it does, so later collections need not walk them, and
    it does nothing but read files."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_FEW)
