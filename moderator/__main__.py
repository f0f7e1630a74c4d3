"""`python -m moderator` runs the same command as the `moderator` entry point."""

import sys

from moderator.cli import main

sys.exit(main())
