"""Exporting one recorded scan, decrypted (masked previews and fingerprints only)."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from scanners.ledger.store import Ledger


def export_scan(ledger: Ledger, scan_id: int, fmt: str, out: TextIO) -> int:
    """Write one scan, decrypted (masked previews and fingerprints only), as json or csv: the
    one export shape of scanners.export.records, as `scan` and `report` write it."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    # loaded here, as before the split: the log loads without the writers and scoring
    from scanners.actions.remediate import accepted_risks
    from scanners.export.records import AuditHead, FindingStream, document, dump_json

    summary, findings, errors = ledger.scan(scan_id)
    head = AuditHead(scan_id, socket.gethostname(), summary.status, summary.started,
                     summary.finished, summary.roots)
    ctx = head.context(accepted_risks(ledger))
    if fmt == "json":
        dump_json(document(head, findings, errors, ctx, {"summary": summary.to_dict()}), out)
    else:
        FindingStream(out, "csv", ctx).write_all(findings)
    return len(findings)
