"""The exposure index's fix-then-rescan sequence on issue 12's leaky reference home.

    python bench/score_sequence.py

Builds the reference homes of synth/homes.py in a temporary HOME (a 755 home under
/tmp, so "readable by every user" is real), scans them end to end, then applies the
recommended fixes to the leaky one with the remediation actions (vault, restrict, accept) or
by changing the file (a passphrase on the SSH key), rescanning after each step, and prints the
index, its band, the exposure mass and the sentence after every step. Printed, not asserted:
tests/unit/test_score_calibration.py asserts the bands.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="piaudit-score-"))
    os.chmod(work, 0o755)  # homes other users can reach, as the leaky home needs
    os.environ.update({
        "PIAUDIT_DATA_DIR": str(work / "data"), "PIAUDIT_KEYRING": "0",
        # the machine's own browsers, tools and permissions stay out of the reference homes
        "PIAUDIT_SYSROOT": str(work / "sysroot"), "PIAUDIT_TOOL_PATH": str(work / "no-tools"),
    })
    for sub in ("data", "sysroot", "no-tools"):
        (work / sub).mkdir()
    from scanners.ledger import Ledger
    from synth.homes import FixRun, empty_home, leaky_fix_sequence, leaky_home, typical_home
    from synth.people import Factory

    try:
        for name in ("empty", "typical", "leaky"):
            home = work / name
            home.mkdir()
            os.environ["HOME"] = str(home)
            ledger = Ledger.open(work / "data" / f"{name}.sqlite", "bench passphrase",
                                 kdf_n=2**10)
            run = FixRun(home, ledger)
            t = time.perf_counter()
            if name == "empty":
                empty_home(home)
                run.scan("as found")
            elif name == "typical":
                typical_home(home, Factory(7))
                run.scan("as found")
            else:
                print("\nFix-then-rescan sequence, leaky reference home (issue 12):")
                leaky_fix_sequence(run, leaky_home(home, Factory(7)))
            for label, s in run.steps:
                print(f"  {name:<8} {s.value:>3}/100 {s.band:<8} mass {s.raw:>8.1f}  {label}")
                print(f"           {s.sentence()}")
                if s.parts:
                    print(f"           {s.breakdown()}")
            print(f"  ({time.perf_counter() - t:.1f} s)")
            ledger.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
