"""Headless entry point: the same models the page uses, for scripts and reviews.

    python cli.py estimate --services 50 [--assumptions DIR] [--scenario FILE] [--reference ID]
                           [--format json|csv|table]
    python cli.py validate PATH...

Bad input never produces a traceback: each problem is one line ``file: field.path: reason`` on
standard error and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.engine import services_array
from models.errors import AssumptionErrors
from models.report import estimate_rows, estimate_summary, write_rows_csv, write_table
from models.scenario import load_with_scenario
from models.validation import validate_paths

DEFAULT_ASSUMPTIONS = Path(__file__).resolve().parent / "assumptions"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    est = commands.add_parser("estimate", help="price every access pattern at N services")
    est.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    est.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    est.add_argument("--reference", help="pattern id savings and migration are measured from")
    est.add_argument("--scenario", help="a what-if scenario YAML file to apply to the assumptions")
    est.add_argument("--format", choices=["json", "csv", "table"], default="json")
    val = commands.add_parser("validate", help="check assumption files or folders")
    val.add_argument("paths", nargs="+", help="YAML files or assumptions folders")
    return parser


def _estimate(args: argparse.Namespace) -> int:
    assumptions, scenario = load_with_scenario(args.assumptions, args.scenario)
    services = _services(args.services)
    summary = estimate_summary(assumptions, services, reference_id=args.reference)
    summary["scenario"] = scenario.name
    if args.format == "json":
        import json

        print(json.dumps(summary, indent=2))
    elif args.format == "csv":
        write_rows_csv(estimate_rows(summary), sys.stdout)
    else:
        write_table(estimate_rows(summary), sys.stdout)
    return 0


def _services(raw: str) -> int:
    try:
        number = float(raw)
    except ValueError:
        raise AssumptionErrors.one(
            "--services", "", f"must be a whole number, got {raw!r}"
        ) from None
    return int(services_array(number, "--services")[0])


def _validate(args: argparse.Namespace) -> int:
    results = validate_paths([Path(p) for p in args.paths])
    for line in results.ok:
        print(f"{line}: ok")
    for problem in results.problems:
        print(problem, file=sys.stderr)
    return 1 if results.problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"estimate": _estimate, "validate": _validate}[args.command](args)
    except AssumptionErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
