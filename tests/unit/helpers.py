"""Small synthetic values shared by the engine tests (made-up people, valid checksums)."""

from __future__ import annotations

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ric(region: str, birth: str, seq: str) -> str:
    """A PRC resident ID with a correct GB 11643 check character."""
    body = region + birth + seq
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W, strict=True)) % 11]


ADULT_ID = ric("110105", "19491231", "002")  # 11010519491231002X
CHILD_ID = ric("440305", "20180101", "001")
OTHER_ID = ric("310104", "19800229", "123")
