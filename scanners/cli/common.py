"""What the piaudit subcommands share: exit codes, one-line messages, error handling."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from scanners.system.language import tr

# 0 done, 1 failed (or --fail-above exceeded, or a tampered log), 2 usage, 130 interrupted;
# 141 (128 + SIGPIPE) when the reader of stdout left early (`piaudit rules | head`)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

Handler = Callable[[argparse.Namespace], int]


YES_WORDS = ("y", "yes", "是", "是的", "好", "确定")


def yes_answer(text: str) -> bool:
    """A confirmation prompt's answer: yes in English or in Chinese."""
    return text.strip().lower() in YES_WORDS


def say(text: str, err: TextIO | None = None) -> None:
    """One line on stderr, prefixed so users know which program spoke."""
    print(f"piaudit: {text}", file=err or sys.stderr)


def run_handler(
    handler: Handler,
    args: argparse.Namespace,
    errors: Sequence[tuple[type[BaseException] | tuple[type[BaseException], ...], str, int]],
) -> int:
    """Run a subcommand; each listed exception becomes "<prefix>: <message>" and its exit code.

    Earlier entries win, so list subclasses first (LedgerTampered before LedgerError).
    A Ctrl-C or a closed stdin at a prompt ends with "interrupted" and 130.
    """
    try:
        return handler(args)
    except (KeyboardInterrupt, EOFError):
        say(tr("interrupted"))
        return EXIT_INTERRUPTED
    except BaseException as exc:
        for kinds, prefix, code in errors:
            if isinstance(exc, kinds):
                say(f"{tr(prefix)}{tr(': ')}{tr(str(exc))}")
                return code
        raise
