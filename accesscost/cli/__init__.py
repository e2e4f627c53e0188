"""Headless entry point: the same models the page uses, for scripts and reviews.

    python cli.py estimate --services 50 [--assumptions DIR] [--scenario FILE] [--reference ID]
                           [--format json|csv|table|markdown] [--deterministic]
    python cli.py estimate ... [--draws K] [--seed S] [--samples FILE]
    python cli.py tornado --services 50 --of ID [--against ID] [--figure F] [--format json|table]
    python cli.py export --services 50 [--scenario FILE] --out DIR
    python cli.py adr --services 50 [--scenario FILE] [--status S] [--decision-makers A,B] --out DIR
    python cli.py diff BASE HEAD [--services N] [--format table|json|markdown]
                      [--fail-if-recommendation-changes]
    python cli.py diff [HEAD] --git-base REV [--git-head REV] ...
    python cli.py validate PATH... [--scenario FILE --assumptions DIR]
    python cli.py import FILE... --out SCENARIO.yaml [--decision ecs-s3] [--as-of DATE]

``--services`` defaults to the scenario's (or org.yaml's) ``default_services``.

Bad input never produces a traceback: each problem is one line ``file: field.path: reason`` on
standard error and the exit code is 1.
"""

from __future__ import annotations

import argparse
import os
import sys

# pydantic looks for plugins among every installed distribution's entry points on its first model
# (importlib.metadata, about a tenth of a validate run); the CLI uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from accesscost.cli.arguments import build_parser
from accesscost.cli.commands import (
    run_adr,
    run_diff,
    run_estimate,
    run_export,
    run_import,
    run_tornado,
    run_validate,
)
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import terminal_text


def _choose_decision(args: argparse.Namespace) -> None:
    """``--decision ID``: the assumptions folder becomes that decision's folder."""
    from accesscost.inputs.decisions import decision_folder

    if getattr(args, "decision_id", None) is not None:
        args.assumptions = str(decision_folder(args.assumptions, args.decision_id))
        if args.command == "validate" and not args.paths and not args.scenario:
            args.paths = [args.assumptions]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _choose_decision(args)
        commands = {
            "estimate": run_estimate,
            "export": run_export,
            "validate": run_validate,
            "adr": run_adr,
            "diff": run_diff,
            "import": run_import,
            "tornado": run_tornado,
        }
        code = commands[args.command](args)
        sys.stdout.flush()
        return code
    except AssumptionErrors as errors:
        for problem in errors.problems:
            print(terminal_text(str(problem)), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``cli.py estimate | head``): stop quietly, as ``yes | head`` does,
        # and point stdout at /dev/null so the interpreter's last flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + 13  # SIGPIPE
