"""The words of the command line's tables and summaries in its language (scanners.system.
language): bands, severities, categories, why an audit is incomplete, what was not looked at.

The engine keeps its own English (logs, JSON and the GUI read its codes); these rebuild the
sentences from the codes and counts, so that a Chinese terminal reads Chinese.
"""

from __future__ import annotations

from scanners.assessment.coverage import Coverage
from scanners.assessment.scoring.sentences import CATEGORY_WORDS_ZH
from scanners.model import ScanResult
from scanners.system.language import current, tr


def band(name: str | None) -> str:
    """low, medium, high, critical."""
    return tr(name) if name else "-"


def severity(label: str) -> str:
    return tr(label)


def category(name: object) -> str:
    text = str(name)
    return CATEGORY_WORDS_ZH.get(text, text) if current() == "zh" else text


def coverage_reasons(cov: Coverage) -> list[str]:
    """Why an audit is incomplete, one sentence per reason (scanners.assessment.coverage)."""
    out: list[str] = []
    for code in cov.codes:
        if code == "cancelled":
            out.append(tr("the audit was stopped before it finished ({read} files read)",
                          read=f"{cov.files_read:,}"))
        elif code == "failed":
            out.append(tr("these parts of the audit failed: {parts}",
                          parts=", ".join(cov.scanners_failed)))
        elif code == "unreadable":
            out.append(tr("{unread} of {tried} files could not be read",
                          unread=f"{cov.files_unread:,}",
                          tried=f"{cov.files_read + cov.files_unread:,}"))
    if len(out) < len(cov.reasons):  # a reason this module does not know yet: as written
        out += list(cov.reasons[len(out):])
    return out


def blind_spots(result: ScanResult) -> list[str]:
    """What could not be looked at: a missing tool must never read as "nothing found"."""
    lines: list[str] = []
    for st in result.statuses.values():
        # "no such store here" and "another OS's source" are normal; the rest is a blind spot
        if st.state == "failed":
            lines.append(tr("{scanner} failed", scanner=st.scanner))
        for reason, message in st.blind_spots():
            lines.append(f"{st.scanner}: {tr(message or reason)}")
    return lines


def legal(text: str) -> str:
    """A rule's legal anchors ("Civil Code 1034; PIPL 28"), each anchor looked up on its own."""
    if current() != "zh":
        return text
    return "；".join(tr(part.strip()) for part in text.split(";") if part.strip())


__all__ = ["band", "blind_spots", "category", "coverage_reasons", "current", "legal", "severity"]
