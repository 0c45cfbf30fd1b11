"""Exporting one recorded scan, decrypted (masked previews and fingerprints only)."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, TextIO

from scanners import __version__

if TYPE_CHECKING:
    from scanners.ledger.store import Ledger


def export_scan(ledger: Ledger, scan_id: int, fmt: str, out: TextIO) -> int:
    """Write one scan, decrypted (masked previews and fingerprints only), as json or csv."""
    # loaded here, as before the split: the log loads without the writers and scoring
    from scanners.output.writers import CSV_FIELDS, csv_safe

    summary, findings, errors = ledger.scan(scan_id)
    if fmt == "json":
        doc = {
            "tool": "piaudit", "version": __version__, "scan": summary.to_dict(),
            "findings": [f.to_dict() for f in findings],
            "errors": [e.to_dict() for e in errors],
        }
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(("scan", *CSV_FIELDS))
        for f in findings:
            d = f.to_dict()
            w.writerow([str(scan_id), *(csv_safe(d.get(k)) for k in CSV_FIELDS)])
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(findings)
