"""The command line: ``python cli.py --help`` (the same as the ``accesscost`` console command)."""

import sys

from accesscost.cli import main

if __name__ == "__main__":
    sys.exit(main())
