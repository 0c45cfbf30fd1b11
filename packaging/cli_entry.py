"""PyInstaller entry of the console piaudit (no Qt in this bundle)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scan's worker processes re-enter here
    if sys.argv[1:2] == ["--piaudit-nss-child"]:  # Firefox primary-password check (NSS)
        from scanners.sources.stores.nss import child_main

        child_main(sys.argv[2:])
        sys.exit(0)
    from scanners.cli.entry import main

    sys.exit(main())
