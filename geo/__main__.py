"""``python -m geo`` runs the ``ironriver`` command line."""

import sys

from geo.cli import main

sys.exit(main())
