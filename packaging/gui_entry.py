"""PyInstaller entry of piaudit-gui (the bundle's windowed executable)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scan's worker processes re-enter here
    from desktop.app import main

    sys.exit(main())
