"""The audit log's speed for `make bench`: record and read back 100,000 synthetic findings.

Usage: python bench/ledger_bench.py [N]  -> one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanners.ledger import bench_ledger

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps(bench_ledger(n)))
