"""Health validators (`resources/rules/health.toml`): record numbers."""

from __future__ import annotations

from scanners.detection.validators.common import OK, Verdict, digits_of

# --- health -------------------------------------------------------------------------------


def record_number(value: str) -> Verdict | None:
    d = digits_of(value)
    if len(d) < 4 or len(set(d)) < 3 or d in "01234567890123456789":
        return None
    return OK

