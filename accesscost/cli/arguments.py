"""The command line's arguments: one small builder per command, the options they share."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_ASSUMPTIONS = Path(__file__).resolve().parents[2] / "assumptions"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (
        estimate_parser,
        tornado_parser,
        export_parser,
        adr_parser,
        diff_parser,
        validate_parser,
        import_parser,
    ):
        add(commands)
    return parser


def folder_arguments(parser: argparse.ArgumentParser, services: str | None = None) -> None:
    """--services (``services``: its help, or required when None), --assumptions, --decision."""
    if services is None:
        parser.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    else:
        parser.add_argument("--services", help=services)
    folder = str(DEFAULT_ASSUMPTIONS)
    parser.add_argument("--assumptions", default=folder, help="assumptions folder")
    decision_argument(parser)


def estimate_parser(commands) -> None:
    est = commands.add_parser("estimate", help="price every access pattern at N services")
    folder_arguments(est, "number of services, 1 to 10,000 (default: org's)")
    est.add_argument("--reference", help="pattern id savings and migration are measured from")
    est.add_argument("--scenario", help="a what-if scenario YAML file to apply to the assumptions")
    est.add_argument("--draws", help="Monte Carlo draws (default: org.yaml simulation.draws)")
    est.add_argument("--seed", help="random seed (default: org.yaml simulation.seed)")
    est.add_argument("--samples", help="also write every draw of every pattern to this CSV file")
    est.add_argument("--format", choices=["json", "csv", "table", "markdown"], default="json")
    view_options(est)
    est.add_argument(
        "--deterministic",
        action="store_true",
        help="the figures at the inputs' means only, without the Monte Carlo (fast)",
    )


def tornado_parser(commands) -> None:
    tor = commands.add_parser("tornado", help="which uncertain inputs move a figure most")
    folder_arguments(tor)
    tor.add_argument("--of", required=True, help="pattern id whose figure is explained")
    tor.add_argument("--against", help="explain the saving of --of against this pattern id")
    tor.add_argument("--figure", default="tco_usd", help="tco_usd (default), annual_usd, ...")
    tor.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    tor.add_argument("--format", choices=["json", "table"], default="json")
    view_options(tor, shown=False)


def export_parser(commands) -> None:
    exp = commands.add_parser("export", help="write the deck, images, CSV, workbook and YAML")
    folder_arguments(exp, "number of services, 1 to 10,000 (default: org's)")
    exp.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    exp.add_argument("--reference", help="pattern id savings are measured against")
    exp.add_argument("--out", required=True, help="folder to write into (created if missing)")
    view_options(exp)


def validate_parser(commands) -> None:
    val = commands.add_parser("validate", help="check assumption files or folders")
    val.add_argument("paths", nargs="*", help="YAML files or assumptions folders")
    val.add_argument(
        "--scenario",
        action="append",
        default=[],
        help="a scenario file from anywhere, checked against --assumptions (repeatable)",
    )
    val.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="for --scenario")
    decision_argument(val)


def import_parser(commands) -> None:
    imp = commands.add_parser(
        "import", help="credential report, task definitions, Prowler findings -> a scenario"
    )
    imp.add_argument("files", nargs="+", help="exported files (read in memory, never copied)")
    imp.add_argument("--out", required=True, help="the scenario YAML file to write")
    imp.add_argument("--decision", default="ecs-s3", help="the decision (only ecs-s3 today)")
    imp.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    imp.add_argument("--as-of", help="date the key ages are counted to (default: the report's)")
    imp.add_argument("--name", default="Imported from the account", help="the scenario's name")


def view_options(parser: argparse.ArgumentParser, shown: bool = True) -> None:
    """The page's sidebar settings that the service count and reference do not cover."""
    parser.add_argument("--horizon", help="years the TCO counts, 1 to 10 (default: org.yaml's)")
    parser.add_argument(
        "--rate", help="loaded hourly rate in USD, a what-if on org.labour (default: the files')"
    )
    if shown:
        parser.add_argument(
            "--shown", help="pattern ids to list and recommend among, separated by commas"
        )


def decision_argument(command) -> None:
    command.add_argument(
        "--decision",
        dest="decision_id",
        help="the decision: the folder's own (default) or one of its decisions/<id>/",
    )


def adr_parser(commands) -> None:
    adr = commands.add_parser("adr", help="write a MADR 4.0 decision record and its assets")
    adr.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    adr.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    decision_argument(adr)
    adr.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    adr.add_argument("--reference", help="pattern id savings are measured against")
    adr.add_argument("--status", default="proposed", help="proposed (default), accepted, ...")
    adr.add_argument("--decision-makers", default="", help="names, separated by commas")
    adr.add_argument("--consulted", default="", help="names, separated by commas")
    adr.add_argument("--informed", default="", help="names, separated by commas")
    adr.add_argument("--out", required=True, help="the records folder, e.g. docs/decisions/")
    view_options(adr, shown=False)


def diff_parser(commands) -> None:
    diff = commands.add_parser("diff", help="what a change of assumptions does to the answer")
    diff.add_argument("paths", nargs="*", help="BASE HEAD: assumption folders or scenario files")
    diff.add_argument("--git-base", help="compare with HEAD's path as it is in this git revision")
    diff.add_argument("--git-head", help="take HEAD's path from this git revision too")
    diff.add_argument("--services", help="number of services (default: org.yaml's)")
    diff.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="for scenario files")
    decision_argument(diff)
    diff.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    diff.add_argument(
        "--fail-if-recommendation-changes",
        action="store_true",
        help="exit 2 when the recommended pattern differs between BASE and HEAD",
    )
