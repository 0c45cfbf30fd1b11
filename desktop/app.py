"""Entry point of piaudit-gui. The full window arrives with the desktop issue (4/6)."""

from __future__ import annotations

import sys


def main() -> int:
    print("piaudit-gui: the desktop window is not built yet; use `piaudit scan` meanwhile.",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
