"""``python -m scanners`` runs the CLI."""

import sys

from scanners.cli import main

sys.exit(main())
