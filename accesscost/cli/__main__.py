"""``python -m accesscost.cli``: the same as ``python cli.py`` and the ``accesscost`` command."""

import sys

from accesscost.cli import main

sys.exit(main())
