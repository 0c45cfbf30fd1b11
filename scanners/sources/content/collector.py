"""Python's cycle collector, tuned for reading files.

Reading a file makes and drops hundreds of thousands of small objects (matches, windows,
rows) that reference counting frees at once; none of them forms a cycle. The collector's
default (a pass every 700 allocations, and full passes over everything alive, the compiled
rules and the division tables included) then costs 3-5% of a dense export's CPU for
nothing. While files are read it runs every 50,000 allocations, and a worker process moves
what it built at start (rules, patterns, tables: alive until it exits) out of its passes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_READING = (50_000, 20, 20)  # generation 0 every 50,000 allocations (default 700, 10, 10)


def tune_worker() -> None:
    """For a worker process, once its readers are built: its start-up objects live as long
    as it does, and later collections need not walk them again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_READING)


@contextmanager
def reading() -> Iterator[None]:
    """Thresholds for reading files in this process (an inline scan), restored afterwards:
    the window or the CLI that runs it keeps Python's defaults for the rest of its life."""
    before = gc.get_threshold()
    gc.set_threshold(*_READING)
    try:
        yield
    finally:
        gc.set_threshold(*before)
