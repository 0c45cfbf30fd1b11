"""Times as the screens show them: an ISO timestamp from the log in local time, to the minute.
Shared by History, its Accepted risks and vault tab, Reports and the Dashboard's trend."""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str | None) -> str:
    """"2026-05-02T08:14:03+00:00" -> "2026-05-02 10:14" in this computer's time zone."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16].replace("T", " ")
