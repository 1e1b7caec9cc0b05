"""``python -m qiteach`` runs the command line."""

import sys

from qiteach.cli import main

sys.exit(main())
