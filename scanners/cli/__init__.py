"""The command line: `main` (scan and the subcommand table) and one module per group
of subcommands (log, report and remediation, revoke)."""

from scanners.cli.entry import main

__all__ = ["main"]
