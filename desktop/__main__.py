"""python -m desktop -> the piaudit-gui window."""

import sys

from desktop.app import main

sys.exit(main())
