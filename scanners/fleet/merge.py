"""The fleet view: many hosts' results as one ranking, with what they share and miss.

    view = merge(read_collection(DIR, key))

- hosts ranked by score (the worst first), with band (none for an incomplete audit),
  completeness, categories, blind spots and, where earlier collections exist, the trend;
- values found on several hosts, linked by fingerprint and shown only as a masked preview.
  Fingerprints are compared only between results keyed by the same fleet key: with each
  machine's own key the same ID number has a different fingerprint on every host;
- rejected results, named with the reason.

The view is plain JSON-ready data (resources/fleet/fleet.schema.json).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scanners import __version__
from scanners.fleet.collect import Collection, HostResult, Value
from scanners.model import NORMAL_ABSENCE

MAX_SHARED = 1000  # listed in the view; the total is given
SEVERITY_ORDER = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def merge(collection: Collection, *, now: datetime | None = None) -> dict[str, Any]:
    linked_key = _linked_key(collection)
    hosts = [_host(r, collection.earlier.get(r.host, []), linked_key) for r in collection.latest]
    hosts.sort(key=lambda h: (-h["score"], not h["complete"], h["host"]))
    for rank, h in enumerate(hosts, 1):
        h["rank"] = rank
    shared, total = _shared_values([r for r in collection.latest
                                    if _key_of(r.doc).get("id") == linked_key])
    return {
        "tool": "piaudit", "version": __version__, "kind": "fleet",
        "generated": (now or datetime.now(UTC)).isoformat(),
        "folder": collection.folder,
        "fingerprint_key": {"id": linked_key, "verified": collection.key_id is not None},
        "hosts": hosts,
        "shared_values": shared,
        "shared_values_total": total,
        "rejected": [{"host": r.host, "file": r.file, "reason": r.reason}
                     for r in collection.rejected],
    }


def _key_of(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    key = doc.get("fingerprint_key")
    return key if isinstance(key, Mapping) else {}


def _linked_key(collection: Collection) -> str | None:
    """The fleet key whose fingerprints are compared: the verifying key when one was given,
    else the fleet key most hosts were scanned with (None: no two hosts share one)."""
    if collection.key_id is not None:
        return collection.key_id
    ids = Counter(str(_key_of(r.doc).get("id")) for r in collection.latest
                  if _key_of(r.doc).get("family") == "fleet")
    if not ids:
        return None
    best, count = max(ids.items(), key=lambda kv: (kv[1], kv[0]))
    return best if count >= 2 else None


def _host(r: HostResult, earlier: Sequence[HostResult], linked_key: str | None) -> dict[str, Any]:
    doc = r.doc
    score = doc["score"]
    key = _key_of(doc)
    counts = r.categories
    categories = [{"category": str(c["category"]), "value": c["value"],
                   "findings": counts.get(str(c["category"]), 0)}
                  for c in score["categories"]]
    listed = {c["category"] for c in categories}
    categories += [{"category": c, "value": 0, "findings": n}
                   for c, n in sorted(counts.items()) if c not in listed]
    trend = [_point(e.doc) for e in earlier] + [_point(doc)]
    trend.sort(key=lambda p: p["started"] or "")
    change = trend[-1]["score"] - trend[-2]["score"] if len(trend) > 1 else None
    return {
        "rank": 0, "host": r.host, "reported_host": doc["host"],
        "score": score["value"], "band": score["band"] if doc["complete"] else None,
        "complete": bool(doc["complete"]), "status": doc["status"], "started": doc["started"],
        "findings": r.findings, "categories": categories,
        "fingerprint_key": {"family": key.get("family"), "id": key.get("id")},
        "verified": r.verified,
        "linked": linked_key is not None and key.get("id") == linked_key,
        "blind_spots": blind_spots(doc),
        "unreadable": _unreadable(doc),
        "trend": trend, "change": change,
        "file": r.file,
    }


def _point(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {"started": doc["started"], "score": doc["score"]["value"],
            "band": doc["score"]["band"] if doc["complete"] else None,
            "complete": bool(doc["complete"])}


def blind_spots(doc: Mapping[str, Any]) -> list[dict[str, str]]:
    """What the host's audit could not look at: why it is incomplete, scanners that failed
    or lacked a tool or device, and how many files it could not read."""
    out: list[dict[str, str]] = [{"kind": "coverage", "scanner": "", "text": str(reason)}
                                 for reason in doc["coverage"]["reasons"]]
    for st in doc["statuses"]:
        if st["state"] == "failed":
            out.append({"kind": "failed", "scanner": st["scanner"], "text": "the scanner failed"})
        for note in st["notes"]:
            if note["reason"] not in NORMAL_ABSENCE:
                out.append({"kind": note["reason"], "scanner": st["scanner"],
                            "text": note["message"] or note["reason"]})
    unreadable = _unreadable(doc)
    if unreadable and not doc["coverage"]["reasons"]:
        out.append({"kind": "unreadable", "scanner": "",
                    "text": f"{unreadable} file(s) could not be read"})
    return out


def _unreadable(doc: Mapping[str, Any]) -> int:
    return max(int(doc["coverage"]["files_unread"]), len(doc["errors"]))


def _shared_values(results: Sequence[HostResult]) -> tuple[list[dict[str, Any]], int]:
    """Values (by fingerprint) found on two hosts or more: masked preview, rule, hosts."""
    where: dict[str, dict[str, int]] = {}
    what: dict[str, Value] = {}
    for r in results:
        for v in r.values:
            per_host = where.setdefault(v.fingerprint, {})
            per_host[r.host] = per_host.get(r.host, 0) + v.count
            seen = what.get(v.fingerprint)
            if seen is None or _worse(v.severity, seen.severity):
                what[v.fingerprint] = v
    shared: list[dict[str, Any]] = [
        {"fingerprint": fp, "rule": what[fp].rule, "category": what[fp].category,
         "severity": what[fp].severity, "preview": what[fp].preview,
         "hosts": sorted(hosts), "host_count": len(hosts),
         "occurrences": sum(hosts.values())}
        for fp, hosts in where.items() if len(hosts) > 1
    ]
    shared.sort(key=lambda v: (-v["host_count"], -SEVERITY_ORDER.get(v["severity"], 0),
                               v["rule"], v["fingerprint"]))
    return shared[:MAX_SHARED], len(shared)


def _worse(a: str, b: str) -> bool:
    return SEVERITY_ORDER.get(a, 0) > SEVERITY_ORDER.get(b, 0)
