"""Which file each finding of a bulk fix touches, and the action proposed for it.

One row per file (many findings in one file, or many sheets of one workbook, are one action).
"Safe" means reversible: a file others can read is made private, a private file in an exposed
place (Downloads, Desktop, a synced folder...) is moved to the vault; anything else is listed
unticked. Deleting is never proposed: the user picks it per row, and is told it is final.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scanners.assessment.access_facts import AccessFacts
from scanners.model import Finding

SAFE_KINDS = ("restrict", "vault")  # reversible: History can undo them
ALL_KINDS = ("restrict", "vault", "delete")
REVERSIBLE = frozenset(SAFE_KINDS)


@dataclass(slots=True)
class BulkItem:
    """One file and what the bulk fix will do to it."""

    path: str  # the file on disk (a container for a sheet or an archive member)
    findings: list[Finding] = field(default_factory=list)
    kind: str = "restrict"
    checked: bool = True
    container: bool = False  # the values are inside it (sheets, archive members)
    exists: bool = True
    private: bool = False  # no group or other permission bits already
    result: str = ""  # after the run: what happened, in a sentence
    short: str = ""  # the same in a few words, for the table
    done: bool | None = None  # None: not run yet

    @property
    def target(self) -> Finding | str:
        """What the Remediator is given: the finding itself, or the container's path."""
        if self.container or len(self.findings) != 1:
            return self.path
        return self.findings[0]

    @property
    def reversible(self) -> bool:
        return self.kind in REVERSIBLE


def _mode(path: str) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _exposed(facts: AccessFacts | None) -> bool:
    return facts is not None and bool(facts.places)


def plan_items(findings: Iterable[Finding],
               facts: Mapping[str, AccessFacts] | None = None) -> list[BulkItem]:
    """The rows of the preview, most severe file first; findings without a file (a browser
    store, an app permission) are left out: they are fixed in their application."""
    facts = facts or {}
    by_path: dict[str, BulkItem] = {}
    for f in findings:
        if f.file is None:
            continue
        item = by_path.get(f.file)
        if item is None:
            item = by_path[f.file] = BulkItem(f.file)
        item.findings.append(f)
        item.container = item.container or bool(f.member)
    for item in by_path.values():
        mode = _mode(item.path)
        item.exists = mode is not None
        item.private = mode is not None and not mode & 0o077
        seen = next((facts[f.location] for f in item.findings if f.location in facts), None)
        if not item.exists:
            item.checked = False
        elif not item.private:
            item.kind = "restrict"
        else:
            item.kind = "vault"
            item.checked = _exposed(seen)
    return sorted(by_path.values(),
                  key=lambda i: (-max(int(f.severity) for f in i.findings), i.path))
