"""Whether an audit looked at what it was asked to: a cancelled, failed or largely unreadable
audit is incomplete, and an incomplete audit is never shown as clean.

A score says how exposed the scanned data is. When half of it was never read, a low score
is not good news, it is no news: front ends show an incomplete audit without a band, never
"nothing to do", and keep it out of the trend and of "since the previous audit".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanners.model import UNREAD, ScanResult

__all__ = ["UNREAD", "UNREAD_SHARE", "Coverage", "coverage_of"]
# An audit that could not read this share of the files it tried is incomplete.
UNREAD_SHARE = 0.25
CONTENT = "content.files"


@dataclass(frozen=True, slots=True)
class Coverage:
    """What an audit covered and, if incomplete, why (`codes` are stable; `reasons` say it)."""

    complete: bool
    codes: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    files_read: int = 0
    files_unread: int = 0
    scanners_failed: tuple[str, ...] = ()
    scanners_cancelled: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """The log's status for a finished audit: complete, partial or cancelled."""
        if self.complete:
            return "complete"
        return "cancelled" if "cancelled" in self.codes else "partial"

    def to_dict(self) -> dict[str, Any]:
        return {"complete": self.complete, "codes": list(self.codes),
                "reasons": list(self.reasons), "files_read": self.files_read,
                "files_unread": self.files_unread,
                "scanners_failed": list(self.scanners_failed),
                "scanners_cancelled": list(self.scanners_cancelled)}

    @classmethod
    def from_dict(cls, d: Any) -> Coverage:
        if not isinstance(d, dict):
            return cls(True)
        return cls(bool(d.get("complete", True)), tuple(d.get("codes", ())),
                   tuple(d.get("reasons", ())), int(d.get("files_read", 0) or 0),
                   int(d.get("files_unread", 0) or 0), tuple(d.get("scanners_failed", ())),
                   tuple(d.get("scanners_cancelled", ())))


def coverage_of(result: ScanResult) -> Coverage:
    """Judge one audit's result."""
    codes: list[str] = []
    reasons: list[str] = []
    # (a file that was not read is not among the files scanned: `ScanError.unread`)
    read = result.stats.files_scanned + result.stats.files_cached
    # A member of an archive that failed is part of a file that was read: only errors about
    # whole files count.
    unread = len({e.location for e in result.errors if e.scanner == CONTENT and e.unread})
    failed = tuple(sorted(s for s, st in result.statuses.items() if st.state == "failed"))
    stopped = tuple(sorted(s for s, st in result.statuses.items() if st.state == "cancelled"))
    if result.cancelled:
        codes.append("cancelled")
        reasons.append(f"the audit was stopped before it finished ({read:,} files read)")
    if failed:
        codes.append("failed")
        reasons.append("these parts of the audit failed: " + ", ".join(failed))
    tried = read + unread
    if unread and (read == 0 or unread / tried >= UNREAD_SHARE):
        codes.append("unreadable")
        reasons.append(f"{unread:,} of {tried:,} files could not be read")
    return Coverage(not codes, tuple(codes), tuple(reasons), read, unread, failed, stopped)
