"""Headless entry point: the same models the page uses, for scripts and reviews.

    python cli.py estimate --services 50 [--assumptions DIR] [--scenario FILE] [--reference ID]
                           [--format json|csv|table]
    python cli.py estimate ... [--draws K] [--seed S] [--samples FILE]
    python cli.py tornado --services 50 --of ID [--against ID] [--figure F] [--format json|table]
    python cli.py export --services 50 [--scenario FILE] --out DIR
    python cli.py validate PATH... [--scenario FILE --assumptions DIR]

Bad input never produces a traceback: each problem is one line ``file: field.path: reason`` on
standard error and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.errors import AssumptionErrors
from models.scenario import load_with_scenario

DEFAULT_ASSUMPTIONS = Path(__file__).resolve().parent / "assumptions"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    est = commands.add_parser("estimate", help="price every access pattern at N services")
    est.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    est.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    est.add_argument("--reference", help="pattern id savings and migration are measured from")
    est.add_argument("--scenario", help="a what-if scenario YAML file to apply to the assumptions")
    est.add_argument("--draws", help="Monte Carlo draws (default: org.yaml simulation.draws)")
    est.add_argument("--seed", help="random seed (default: org.yaml simulation.seed)")
    est.add_argument("--samples", help="also write every simulated year to this CSV file")
    est.add_argument("--format", choices=["json", "csv", "table"], default="json")
    tor = commands.add_parser("tornado", help="which uncertain inputs move a figure most")
    tor.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    tor.add_argument("--of", required=True, help="pattern id whose figure is explained")
    tor.add_argument("--against", help="explain the saving of --of against this pattern id")
    tor.add_argument("--figure", default="tco_usd", help="tco_usd (default), annual_usd, ...")
    tor.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    tor.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    tor.add_argument("--format", choices=["json", "table"], default="json")
    exp = commands.add_parser("export", help="write the deck, images, CSV, workbook and YAML")
    exp.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    exp.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    exp.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    exp.add_argument("--reference", help="pattern id savings are measured against")
    exp.add_argument("--out", required=True, help="folder to write into (created if missing)")
    val = commands.add_parser("validate", help="check assumption files or folders")
    val.add_argument("paths", nargs="*", help="YAML files or assumptions folders")
    val.add_argument(
        "--scenario",
        action="append",
        default=[],
        help="a scenario file from anywhere, checked against --assumptions (repeatable)",
    )
    val.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="for --scenario")
    return parser


def _estimate(args: argparse.Namespace) -> int:
    from models.report import (
        add_uncertainty,
        estimate_rows,
        estimate_summary,
        write_rows_csv,
        write_table,
    )

    assumptions, scenario = load_with_scenario(args.assumptions, args.scenario)
    services = _services(args.services)
    summary = estimate_summary(assumptions, services, reference_id=args.reference)
    summary["scenario"] = scenario.name
    sim = _simulate(assumptions, services, args)
    add_uncertainty(summary, sim)
    if args.samples:
        _write_samples(sim, Path(args.samples))
    if args.format == "json":
        import json

        print(json.dumps(summary, indent=2))
    elif args.format == "csv":
        write_rows_csv(estimate_rows(summary), sys.stdout)
    else:
        write_table(estimate_rows(summary), sys.stdout)
    return 0


def _whole(raw: str | None, name: str, low: int, high: int, default: int) -> int:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (low <= value <= high and value.is_integer()):
        reason = f"must be a whole number from {low:,} to {high:,}, got {raw!r}"
        raise AssumptionErrors.one(name, "", reason)
    return int(value)


def _simulate(assumptions, services: int, args: argparse.Namespace):
    import numpy as np

    from models.simulation import simulate

    settings = assumptions.org.simulation
    draws = _whole(args.draws, "--draws", 100, 200_000, settings.draws)
    seed = _whole(args.seed, "--seed", 0, 2**63 - 1, settings.seed)
    rng = np.random.default_rng(seed)
    return simulate(assumptions, services, draws, rng, reference_id=args.reference)


def _write_samples(sim, path: Path) -> None:
    from models.report import write_samples_csv
    from models.scenario import write_atomic_with

    try:
        rows = write_atomic_with(path, lambda out: write_samples_csv(sim, out))
    except OSError as error:
        raise AssumptionErrors.one("--samples", "", f"cannot write {path}: {error}") from None
    print(f"wrote {rows:,} simulated years to {path}", file=sys.stderr)


def _tornado(args: argparse.Namespace) -> int:
    from models.sensitivity import Output, tornado, tornado_document

    assumptions, _ = load_with_scenario(args.assumptions, args.scenario)
    output = Output(args.of, args.against, args.figure)
    document = tornado_document(tornado(assumptions, output, _services(args.services)), args.figure)
    if args.format == "json":
        import json

        print(json.dumps(document, indent=2))
        return 0
    print(f"{document['output']} at {document['services']:,} services: base "
          f"${document['base']:,.0f}; each input from its P10 to its P90")  # fmt: skip
    width = max((len(row["label"]) for row in document["inputs"]), default=5)
    for row in document["inputs"]:
        print(f"{row['label']:<{width}}  {row['kind']:<9}  ${row['low']:>13,.0f}  "
              f"${row['high']:>13,.0f}  swing ${row['swing']:>12,.0f}")  # fmt: skip
    return 0


def _export(args: argparse.Namespace) -> int:
    from charts.bundle import export_files

    assumptions, scenario = load_with_scenario(args.assumptions, args.scenario)
    services = _services(args.services)
    try:
        export_files(
            assumptions,
            services,
            args.out,
            scenario_name=scenario.name,
            overrides=scenario.overrides_document(),
            reference_id=args.reference,
        )
    except OSError as error:
        raise AssumptionErrors.one("--out", "", f"cannot write into {args.out}: {error}") from None
    return 0


def _services(raw: str) -> int:
    from models.engine import services_array

    try:
        number = float(raw)
    except ValueError:
        raise AssumptionErrors.one(
            "--services", "", f"must be a whole number, got {raw!r}"
        ) from None
    return int(services_array(number, "--services")[0])


def _validate(args: argparse.Namespace) -> int:
    from models.validation import validate_paths

    if not args.paths and not args.scenario:
        raise AssumptionErrors.one("validate", "", "give a file, a folder or --scenario FILE")
    scenarios = [Path(p) for p in args.scenario]
    results = validate_paths([Path(p) for p in args.paths], scenarios, Path(args.assumptions))
    for line in results.ok:
        print(f"{line}: ok")
    for problem in results.problems:
        print(problem, file=sys.stderr)
    return 1 if results.problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        commands = {"estimate": _estimate, "export": _export, "validate": _validate,
                    "tornado": _tornado}  # fmt: skip
        return commands[args.command](args)
    except AssumptionErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
