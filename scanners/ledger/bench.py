"""The log's benchmark (`make bench`): record, read and verify synthetic findings."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from scanners.ledger.location import LOG_FILE
from scanners.ledger.store import Ledger
from scanners.model import Category, Finding, Severity


def _synthetic_findings(n: int) -> Iterator[Finding]:
    cats = list(Category)
    for i in range(n):
        yield Finding(
            scanner="content.files", rule="identity.ric18", category=cats[i % len(cats)],
            severity=Severity(i % 5), location=f"/home/demo/Documents/export-{i // 50}.csv",
            preview="1101**********002X", fingerprint=f"{i:032x}", confidence=0.95,
            line=i % 400 + 1, start=i % 4000, end=i % 4000 + 18,
            path=f"/home/demo/Documents/export-{i // 50}.csv",
        )


def bench_ledger(n: int = 100_000, folder: Path | None = None) -> dict[str, float | int]:
    """Time recording `n` synthetic findings and reading them back (for `make bench`)."""
    with tempfile.TemporaryDirectory(prefix="piaudit-ledger-bench-") as tmp:
        path = Path(folder or tmp) / LOG_FILE
        t0 = time.perf_counter()
        ledger = Ledger.open(path, passphrase="bench passphrase", kdf_n=2**14)
        t_open = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            scan_id = ledger.begin_scan(["/home/demo"], ["content.files"], {"jobs": 2})
            recorder_findings = _synthetic_findings(n)
            ledger.add_findings(scan_id, recorder_findings)
            ledger.finish_scan(scan_id, None, None, status="complete")
            t_record = time.perf_counter() - t0
            t0 = time.perf_counter()
            _, found, _ = ledger.scan(scan_id)
            t_read = time.perf_counter() - t0
            t0 = time.perf_counter()
            report = ledger.verify()
            t_verify = time.perf_counter() - t0
            assert len(found) == n and report.ok, report
        finally:
            ledger.close()
        size = sum(p.stat().st_size for p in path.parent.glob(LOG_FILE + "*"))
    return {
        "findings": n, "open_s": round(t_open, 3), "record_s": round(t_record, 3),
        "read_s": round(t_read, 3), "verify_s": round(t_verify, 3),
        "record_per_s": round(n / t_record), "read_per_s": round(n / t_read), "bytes": size,
    }
