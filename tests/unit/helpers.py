"""Small synthetic values shared by the engine tests (made-up people, valid checksums), and
a snapshot of a tree to show that nothing in it changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanners.detection.detect import Detector

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ric(region: str, birth: str, seq: str) -> str:
    """A PRC resident ID with a correct GB 11643 check character."""
    body = region + birth + seq
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W, strict=True)) % 11]


ADULT_ID = ric("110113", "19491231", "002")  # 11011319491231002X (not GB 11643's example: test data)
CHILD_ID = ric("440305", "20180101", "001")
OTHER_ID = ric("310104", "19800229", "123")


def tree_snapshot(*roots: Path) -> dict[str, tuple[int, int, str]]:
    """Every folder (its mtime) and file (size, mtime, SHA-256; a symlink by its target,
    never followed) under `roots`: equal before and after means nothing there changed."""
    import hashlib
    import os

    out: dict[str, tuple[int, int, str]] = {}
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            out[folder] = (0, os.stat(folder).st_mtime_ns, "")
            for name in files:
                p = Path(folder) / name
                st = p.lstat()
                what = ("-> " + os.readlink(p) if p.is_symlink()
                        else hashlib.sha256(p.read_bytes()).hexdigest())
                out[str(p)] = (st.st_size, st.st_mtime_ns, what)
    return out


def with_loop(det: Detector, native: bool) -> Detector:
    """`det` with the compiled candidate loop and prefilter windows (`native`) or their pure
    Python twins: tests run each detector fixture both ways."""
    det.native_loop = native
    if not native:
        det.prefilter.native = False
    return det
