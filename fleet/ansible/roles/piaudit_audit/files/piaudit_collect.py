"""Put one host's fetched result in place in the collection folder (the play runs this on
the controller, with the Python that runs Ansible):

    piaudit_collect.py HOST_DIR RECORD_JSON

HOST_DIR/.incoming/ holds what was just fetched (audit.json, audit.ocsf.jsonl; ignored by
`piaudit fleet`, whose layout this fills: docs/fleet.md, "The collection folder").
RECORD_JSON is the play's record of the run ({"rc": the scan's exit code, ...}). The run
counts as collected when the scan exited with 0 or 1 (1: the score is above the policy's
fail_above) and a non-empty audit.json was fetched. Then:

- the previous result (audit.json, audit.ocsf.jsonl, run.json) moves into a sub-folder named
  by when it was collected, YYYYMMDDTHHMMSSZ (UTC): an earlier collection, the host's trend;
- the new files replace it (a rename each: a reader never sees half a file);
- run.json records the run, also when it failed (the previous result then stays in place).

Everything written is private to whoever runs the play: the results say where personal
data lies. Prints the record as written, with "earlier": the folder the previous result went
to, or null.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = ("audit.json", "audit.ocsf.jsonl")
RECORD = "run.json"


def _earlier_folder(host_dir: Path, previous: Path) -> Path:
    stamp = datetime.fromtimestamp(previous.stat().st_mtime, UTC).strftime("%Y%m%dT%H%M%SZ")
    folder, n = host_dir / stamp, 1
    while folder.exists():  # two collections within one second
        n += 1
        folder = host_dir / f"{stamp}-{n}"
    folder.mkdir(mode=0o700)
    return folder


def _write_record(host_dir: Path, record: dict[str, object]) -> None:
    tmp = host_dir / f".{RECORD}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, host_dir / RECORD)


def put_in_place(host_dir: Path, record: dict[str, object]) -> dict[str, object]:
    """Judge the run, move the files, write run.json; the record as written."""
    incoming = host_dir / ".incoming"
    host_dir.chmod(0o700)
    fetched = incoming / RESULTS[0]
    collected = record.get("rc") in (0, 1) and fetched.is_file() and fetched.stat().st_size > 0
    record = {**record, "status": "collected" if collected else "failed",
              "above_threshold": collected and record.get("rc") == 1}
    earlier = None
    if collected:
        record.pop("stderr", None)  # piaudit's messages are kept for a failed run only
        if (host_dir / RESULTS[0]).exists():
            earlier = _earlier_folder(host_dir, host_dir / RESULTS[0])
            for name in (*RESULTS, RECORD):
                if (host_dir / name).exists():
                    os.replace(host_dir / name, earlier / name)
        for name in RESULTS:
            if (incoming / name).exists():
                (incoming / name).chmod(0o600)
                os.replace(incoming / name, host_dir / name)
    _write_record(host_dir, record)
    shutil.rmtree(incoming, ignore_errors=True)
    return {**record, "earlier": str(earlier) if earlier else None}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    os.umask(0o077)
    print(json.dumps(put_in_place(Path(argv[1]), json.loads(argv[2]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
