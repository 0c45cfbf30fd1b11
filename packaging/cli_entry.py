"""PyInstaller entry of the console piaudit (no Qt in this bundle)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scan's worker processes re-enter here
    from scanners.cli import main

    sys.exit(main())
