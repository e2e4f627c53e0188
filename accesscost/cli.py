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
import io
import os
import sys
from pathlib import Path

# pydantic looks for plugins among every installed distribution's entry points on its first model
# (importlib.metadata, about a tenth of a validate run); the CLI uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import terminal_text
from accesscost.inputs.scenario import load_with_scenario

DEFAULT_ASSUMPTIONS = Path(__file__).resolve().parent.parent / "assumptions"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (_estimate_parser, _tornado_parser, _export_parser, _adr_parser, _diff_parser,
                _validate_parser, _import_parser):  # fmt: skip
        add(commands)
    return parser


def _folder_arguments(parser: argparse.ArgumentParser, services: str | None = None) -> None:
    """--services (``services``: its help, or required when None), --assumptions, --decision."""
    if services is None:
        parser.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    else:
        parser.add_argument("--services", help=services)
    folder = str(DEFAULT_ASSUMPTIONS)
    parser.add_argument("--assumptions", default=folder, help="assumptions folder")
    _decision_argument(parser)


def _estimate_parser(commands) -> None:
    est = commands.add_parser("estimate", help="price every access pattern at N services")
    _folder_arguments(est, "number of services, 1 to 10,000 (default: org's)")
    est.add_argument("--reference", help="pattern id savings and migration are measured from")
    est.add_argument("--scenario", help="a what-if scenario YAML file to apply to the assumptions")
    est.add_argument("--draws", help="Monte Carlo draws (default: org.yaml simulation.draws)")
    est.add_argument("--seed", help="random seed (default: org.yaml simulation.seed)")
    est.add_argument("--samples", help="also write every draw of every pattern to this CSV file")
    est.add_argument("--format", choices=["json", "csv", "table", "markdown"], default="json")
    _view_options(est)
    est.add_argument(
        "--deterministic",
        action="store_true",
        help="the figures at the inputs' means only, without the Monte Carlo (fast)",
    )


def _tornado_parser(commands) -> None:
    tor = commands.add_parser("tornado", help="which uncertain inputs move a figure most")
    _folder_arguments(tor)
    tor.add_argument("--of", required=True, help="pattern id whose figure is explained")
    tor.add_argument("--against", help="explain the saving of --of against this pattern id")
    tor.add_argument("--figure", default="tco_usd", help="tco_usd (default), annual_usd, ...")
    tor.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    tor.add_argument("--format", choices=["json", "table"], default="json")
    _view_options(tor, shown=False)


def _export_parser(commands) -> None:
    exp = commands.add_parser("export", help="write the deck, images, CSV, workbook and YAML")
    _folder_arguments(exp, "number of services, 1 to 10,000 (default: org's)")
    exp.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    exp.add_argument("--reference", help="pattern id savings are measured against")
    exp.add_argument("--out", required=True, help="folder to write into (created if missing)")
    _view_options(exp)


def _validate_parser(commands) -> None:
    val = commands.add_parser("validate", help="check assumption files or folders")
    val.add_argument("paths", nargs="*", help="YAML files or assumptions folders")
    val.add_argument(
        "--scenario",
        action="append",
        default=[],
        help="a scenario file from anywhere, checked against --assumptions (repeatable)",
    )
    val.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="for --scenario")
    _decision_argument(val)


def _import_parser(commands) -> None:
    imp = commands.add_parser(
        "import", help="credential report, task definitions, Prowler findings -> a scenario"
    )
    imp.add_argument("files", nargs="+", help="exported files (read in memory, never copied)")
    imp.add_argument("--out", required=True, help="the scenario YAML file to write")
    imp.add_argument("--decision", default="ecs-s3", help="the decision (only ecs-s3 today)")
    imp.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    imp.add_argument("--as-of", help="date the key ages are counted to (default: the report's)")
    imp.add_argument("--name", default="Imported from the account", help="the scenario's name")


def _view_options(parser: argparse.ArgumentParser, shown: bool = True) -> None:
    """The page's sidebar settings that the service count and reference do not cover."""
    parser.add_argument("--horizon", help="years the TCO counts, 1 to 10 (default: org.yaml's)")
    parser.add_argument(
        "--rate", help="loaded hourly rate in USD, a what-if on org.labour (default: the files')"
    )
    if shown:
        parser.add_argument(
            "--shown", help="pattern ids to list and recommend among, separated by commas"
        )


def _settings(args: argparse.Namespace, assumptions):
    """The reviewer's settings from the command line, defaults resolved from the assumptions."""
    from accesscost.inputs.settings import Settings

    return Settings.resolve(
        assumptions,
        services=args.services,
        horizon=getattr(args, "horizon", None),
        rate=getattr(args, "rate", None),
        shown=getattr(args, "shown", None),
        reference=getattr(args, "reference", None),
        draws=getattr(args, "draws", None),
        seed=getattr(args, "seed", None),
    )


def _load(args: argparse.Namespace):
    """The assumptions with ``--scenario`` and ``--rate`` applied, the scenario, the settings."""
    from accesscost.inputs.settings import checked_rate

    rate = checked_rate(getattr(args, "rate", None))
    assumptions, scenario = load_with_scenario(args.assumptions, args.scenario, rate=rate)
    return assumptions, scenario, _settings(args, assumptions)


def _decision_argument(command) -> None:
    command.add_argument(
        "--decision",
        dest="decision_id",
        help="the decision: the folder's own (default) or one of its decisions/<id>/",
    )


def _adr_parser(commands) -> None:
    adr = commands.add_parser("adr", help="write a MADR 4.0 decision record and its assets")
    adr.add_argument("--services", required=True, help="number of services, 1 to 10,000")
    adr.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="assumptions folder")
    _decision_argument(adr)
    adr.add_argument("--scenario", help="a what-if scenario YAML file to apply")
    adr.add_argument("--reference", help="pattern id savings are measured against")
    adr.add_argument("--status", default="proposed", help="proposed (default), accepted, ...")
    adr.add_argument("--decision-makers", default="", help="names, separated by commas")
    adr.add_argument("--consulted", default="", help="names, separated by commas")
    adr.add_argument("--informed", default="", help="names, separated by commas")
    adr.add_argument("--out", required=True, help="the records folder, e.g. docs/decisions/")
    _view_options(adr, shown=False)


def _diff_parser(commands) -> None:
    diff = commands.add_parser("diff", help="what a change of assumptions does to the answer")
    diff.add_argument("paths", nargs="*", help="BASE HEAD: assumption folders or scenario files")
    diff.add_argument("--git-base", help="compare with HEAD's path as it is in this git revision")
    diff.add_argument("--git-head", help="take HEAD's path from this git revision too")
    diff.add_argument("--services", help="number of services (default: org.yaml's)")
    diff.add_argument("--assumptions", default=str(DEFAULT_ASSUMPTIONS), help="for scenario files")
    _decision_argument(diff)
    diff.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    diff.add_argument(
        "--fail-if-recommendation-changes",
        action="store_true",
        help="exit 2 when the recommended pattern differs between BASE and HEAD",
    )


def _estimate(args: argparse.Namespace) -> int:
    from accesscost.text.report import (
        add_uncertainty,
        estimate_rows,
        estimate_summary,
        write_csv,
        write_table,
    )

    if args.samples and (args.deterministic or args.format == "markdown"):
        reason = "writes the simulated draws: use it with json, csv or table, not --deterministic"
        raise AssumptionErrors.one("--samples", "", reason)
    assumptions, scenario, settings = _load(args)
    if args.format == "markdown":
        return _estimate_markdown(assumptions, scenario, settings, args)
    summary = estimate_summary(assumptions, settings.services, reference_id=settings.reference,
                               horizon_years=settings.horizon_years)  # fmt: skip
    summary["scenario"] = scenario.name
    summary["patterns"] = [p for p in summary["patterns"] if p["id"] in settings.shown]
    if not args.deterministic:
        sim = _simulate(assumptions, settings)
        add_uncertainty(summary, sim)
        if args.samples:
            _write_samples(sim, Path(args.samples))
    if args.format == "json":
        import json

        print(json.dumps(summary, indent=2))  # control characters come out as \u escapes
        return 0
    out = io.StringIO()
    write = write_csv if args.format == "csv" else write_table
    write(estimate_rows(summary), out)
    sys.stdout.write(terminal_text(out.getvalue()))
    return 0


def _estimate_markdown(assumptions, scenario, settings, args: argparse.Namespace) -> int:
    from accesscost.text.markdown_tables import estimate_markdown
    from accesscost.text.records import record_figures

    if args.deterministic:
        reason = "the Markdown tables show P10-P90 from the Monte Carlo; leave it out"
        raise AssumptionErrors.one("--deterministic", "", reason)
    if settings.shown != tuple(assumptions.patterns):
        reason = "the Markdown tables list every pattern; use json, csv or table with --shown"
        raise AssumptionErrors.one("--shown", "", reason)
    figures = record_figures(
        assumptions, settings.services, scenario=scenario, reference_id=settings.reference,
        horizon_years=settings.horizon_years, draws=settings.draws, seed=settings.seed,
    )  # fmt: skip
    sys.stdout.write(estimate_markdown(figures))
    return 0


def _adr(args: argparse.Namespace) -> int:
    from accesscost.export.decision_record import write_record
    from accesscost.text.record_meta import RecordMeta, people

    meta = RecordMeta(
        status=args.status, decision_makers=people(args.decision_makers),
        consulted=people(args.consulted), informed=people(args.informed),
    )  # fmt: skip
    assumptions, scenario, settings = _load(args)
    progress = lambda line: print(line, file=sys.stderr)  # noqa: E731
    try:
        record = write_record(assumptions, settings.services, args.out, meta=meta,
                              scenario=scenario, reference_id=settings.reference,
                              horizon_years=settings.horizon_years, progress=progress)  # fmt: skip
    except OSError as error:
        raise AssumptionErrors.one("--out", "", f"cannot write into {args.out}: {error}") from None
    print(record)
    return 0


def _diff_sides(args: argparse.Namespace):
    from accesscost.inputs.sides import git_side, load_side

    if args.git_base is None:
        if args.git_head is not None or len(args.paths) != 2:
            reason = "give BASE and HEAD, or --git-base REV and at most one path"
            raise AssumptionErrors.one("diff", "", reason)
        base, head = args.paths
        return (load_side(base, args.assumptions, "BASE"),
                load_side(head, args.assumptions, "HEAD"))  # fmt: skip
    if len(args.paths) > 1:
        raise AssumptionErrors.one("diff", "", "with --git-base give at most one path (HEAD)")
    path = args.paths[0] if args.paths else args.assumptions
    base = git_side(args.git_base, path, args.assumptions, "--git-base")
    if args.git_head is None:
        return base, load_side(path, args.assumptions, "HEAD")
    return base, git_side(args.git_head, path, args.assumptions, "--git-head")


def _diff(args: argparse.Namespace) -> int:
    from accesscost.text.diff import assumptions_diff, diff_document, diff_markdown, diff_text
    from accesscost.text.records import record_figures

    base, head = _diff_sides(args)
    services = _settings(args, head.assumptions).services
    org = head.assumptions.org.simulation
    before, after = (
        record_figures(
            side.assumptions, services, scenario=side.scenario, draws=org.draws, seed=org.seed
        )
        for side in (base, head)
    )
    names = (base.name, head.name)
    diff = assumptions_diff(before, after, base.assumptions, head.assumptions, names)
    if args.format == "json":
        import json

        print(json.dumps(diff_document(diff), indent=2))
    else:
        sys.stdout.write(diff_markdown(diff) if args.format == "markdown" else diff_text(diff))
    return 2 if args.fail_if_recommendation_changes and diff.recommendation_changed else 0


def _simulate(assumptions, settings):
    import numpy as np

    from accesscost.model.simulation import simulate

    rng = np.random.default_rng(settings.seed)
    return simulate(assumptions, settings.services, settings.draws, rng,
                    horizon_years=settings.horizon_years,
                    reference_id=settings.reference)  # fmt: skip


def _write_samples(sim, path: Path) -> None:
    from accesscost.core.files import write_atomic
    from accesscost.text.report import write_samples_csv

    try:
        rows = write_atomic(path, lambda out: write_samples_csv(sim, out))
    except OSError as error:
        reason = f"cannot write {path}: {error.strerror or error}"
        raise AssumptionErrors.one("--samples", "", reason) from None
    draws = f"{sim.draws:,} draws x {len(sim.patterns)} patterns"
    print(f"wrote {rows:,} rows ({draws}, one row a draw) to {path}", file=sys.stderr)


def _tornado(args: argparse.Namespace) -> int:
    from accesscost.model.sensitivity import Output, tornado, tornado_document

    assumptions, _, settings = _load(args)
    output = Output(args.of, args.against, args.figure)
    result = tornado(assumptions, output, settings.services, horizon_years=settings.horizon_years)
    document = tornado_document(result, args.figure)
    if args.format == "json":
        import json

        print(json.dumps(document, indent=2))
        return 0
    count = assumptions.decision.count_words(settings.services)
    print(terminal_text(f"{document['output']} at {count}: base ${document['base']:,.0f}; "
                        "each input from its P10 to its P90"))  # fmt: skip
    width = max((len(row["label"]) for row in document["inputs"]), default=5)
    for row in document["inputs"]:
        print(f"{row['label']:<{width}}  {row['kind']:<9}  ${row['low']:>13,.0f}  "
              f"${row['high']:>13,.0f}  swing ${row['swing']:>12,.0f}")  # fmt: skip
    return 0


def _export(args: argparse.Namespace) -> int:
    from accesscost.export.bundle import export_files

    _refuse_out_inside(Path(args.out), Path(args.assumptions))
    assumptions, scenario, settings = _load(args)
    try:
        export_files(
            assumptions,
            settings.services,
            args.out,
            scenario_name=scenario.name,
            overrides=scenario.overrides_document(),
            reference_id=settings.reference,
            horizon_years=settings.horizon_years,
            shown=settings.shown,
        )
    except OSError as error:
        reason = f"cannot write into {args.out}: {error.strerror or error}"
        raise AssumptionErrors.one("--out", "", reason) from None
    return 0


def _refuse_out_inside(out: Path, assumptions: Path) -> None:
    """The export folder must not be the assumptions folder or inside it: its YAML and CSV files
    would then be read as assumption files or scenarios."""
    from accesscost.inputs.safe_yaml import is_within

    if is_within(out, assumptions):
        reason = f"must be outside the assumptions folder {assumptions}, got {str(out)!r}"
        raise AssumptionErrors.one("--out", "", reason)


def _validate(args: argparse.Namespace) -> int:
    from accesscost.inputs.validation import validate_paths

    if not args.paths and not args.scenario:
        raise AssumptionErrors.one("validate", "", "give a file, a folder or --scenario FILE")
    scenarios = [Path(p) for p in args.scenario]
    results = validate_paths([Path(p) for p in args.paths], scenarios, Path(args.assumptions))
    for line in results.ok:
        print(terminal_text(f"{line}: ok"))
    for problem in results.problems:
        print(terminal_text(str(problem)), file=sys.stderr)
    return 1 if results.problems else 0


def _import(args: argparse.Namespace) -> int:
    from accesscost.evidence.importing import import_files

    for line in import_files(
        [Path(f) for f in args.files],
        Path(args.out),
        decision=args.decision,
        assumptions_folder=Path(args.assumptions),
        as_of=args.as_of,
        name=args.name,
    ):
        print(line)
    return 0


def _choose_decision(args: argparse.Namespace) -> None:
    """``--decision ID``: the assumptions folder becomes that decision's folder."""
    from accesscost.inputs.decisions import decision_folder

    if getattr(args, "decision_id", None) is not None:
        args.assumptions = str(decision_folder(args.assumptions, args.decision_id))
        if args.command == "validate" and not args.paths and not args.scenario:
            args.paths = [args.assumptions]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _choose_decision(args)
        commands = {
            "estimate": _estimate,
            "export": _export,
            "validate": _validate,
            "adr": _adr,
            "diff": _diff,
            "import": _import,
            "tornado": _tornado,
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


if __name__ == "__main__":
    sys.exit(main())
