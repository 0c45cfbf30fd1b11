"""``python -m scanners`` runs the CLI."""

import sys

from scanners.cli.entry import main

if __name__ == "__main__":  # worker processes import this module; they must not scan
    sys.exit(main())
