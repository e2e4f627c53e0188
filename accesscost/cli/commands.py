"""What each command does: thin, over the library (the page reads the same registries and
settings); a problem is an ``AssumptionErrors`` that ``main`` prints."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import terminal_text
from accesscost.inputs.applying import load_with_scenario


def settings_of(args: argparse.Namespace, assumptions):
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


def load_inputs(args: argparse.Namespace):
    """The assumptions with ``--scenario`` and ``--rate`` applied, the scenario, the settings."""
    from accesscost.inputs.settings import checked_rate

    rate = checked_rate(getattr(args, "rate", None))
    assumptions, scenario = load_with_scenario(args.assumptions, args.scenario, rate=rate)
    return assumptions, scenario, settings_of(args, assumptions)


def run_estimate(args: argparse.Namespace) -> int:
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
    assumptions, scenario, settings = load_inputs(args)
    if args.format == "markdown":
        return _estimate_markdown(assumptions, scenario, settings, args)
    summary = estimate_summary(
        assumptions,
        settings.services,
        reference_id=settings.reference,
        horizon_years=settings.horizon_years,
    )
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
        assumptions,
        settings.services,
        scenario=scenario,
        reference_id=settings.reference,
        horizon_years=settings.horizon_years,
        draws=settings.draws,
        seed=settings.seed,
    )
    sys.stdout.write(estimate_markdown(figures))
    return 0


def run_adr(args: argparse.Namespace) -> int:
    from accesscost.export.decision_record import write_record
    from accesscost.text.record_meta import RecordMeta, people

    meta = RecordMeta(
        status=args.status,
        decision_makers=people(args.decision_makers),
        consulted=people(args.consulted),
        informed=people(args.informed),
    )
    assumptions, scenario, settings = load_inputs(args)
    progress = lambda line: print(line, file=sys.stderr)  # noqa: E731
    try:
        record = write_record(
            assumptions,
            settings.services,
            args.out,
            meta=meta,
            scenario=scenario,
            reference_id=settings.reference,
            horizon_years=settings.horizon_years,
            progress=progress,
        )
    except OSError as error:
        raise AssumptionErrors.one("--out", "", f"cannot write into {args.out}: {error}") from None
    print(record)
    return 0


DIFF_SIDES = 2  # BASE and HEAD
RECOMMENDATION_CHANGED = 2  # diff's exit code under --fail-if-recommendation-changes


def _diff_sides(args: argparse.Namespace):
    from accesscost.inputs.sides import git_side, load_side

    if args.git_base is None:
        if args.git_head is not None or len(args.paths) != DIFF_SIDES:
            reason = "give BASE and HEAD, or --git-base REV and at most one path"
            raise AssumptionErrors.one("diff", "", reason)
        base, head = args.paths
        return (
            load_side(base, args.assumptions, "BASE"),
            load_side(head, args.assumptions, "HEAD"),
        )
    if len(args.paths) > 1:
        raise AssumptionErrors.one("diff", "", "with --git-base give at most one path (HEAD)")
    path = args.paths[0] if args.paths else args.assumptions
    base = git_side(args.git_base, path, args.assumptions, "--git-base")
    if args.git_head is None:
        return base, load_side(path, args.assumptions, "HEAD")
    return base, git_side(args.git_head, path, args.assumptions, "--git-head")


def run_diff(args: argparse.Namespace) -> int:
    from accesscost.text.diff import assumptions_diff, diff_document, diff_markdown, diff_text
    from accesscost.text.records import record_figures

    base, head = _diff_sides(args)
    services = settings_of(args, head.assumptions).services
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
    changed = args.fail_if_recommendation_changes and diff.recommendation_changed
    return RECOMMENDATION_CHANGED if changed else 0


def _simulate(assumptions, settings):
    import numpy as np

    from accesscost.model.simulation import simulate

    rng = np.random.default_rng(settings.seed)
    return simulate(
        assumptions,
        settings.services,
        settings.draws,
        rng,
        horizon_years=settings.horizon_years,
        reference_id=settings.reference,
    )


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


def run_tornado(args: argparse.Namespace) -> int:
    from accesscost.model.sensitivity import Output, tornado, tornado_document

    assumptions, _, settings = load_inputs(args)
    output = Output(args.of, args.against, args.figure)
    result = tornado(assumptions, output, settings.services, horizon_years=settings.horizon_years)
    document = tornado_document(result, args.figure)
    if args.format == "json":
        import json

        print(json.dumps(document, indent=2))
        return 0
    count = assumptions.decision.count_words(settings.services)
    print(
        terminal_text(
            f"{document['output']} at {count}: base ${document['base']:,.0f}; "
            "each input from its P10 to its P90"
        )
    )
    width = max((len(row["label"]) for row in document["inputs"]), default=5)
    for row in document["inputs"]:
        print(
            f"{row['label']:<{width}}  {row['kind']:<9}  ${row['low']:>13,.0f}  "
            f"${row['high']:>13,.0f}  swing ${row['swing']:>12,.0f}"
        )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from accesscost.export.bundle import export_files

    _refuse_out_inside(Path(args.out), Path(args.assumptions))
    assumptions, scenario, settings = load_inputs(args)
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


def run_validate(args: argparse.Namespace) -> int:
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


def run_import(args: argparse.Namespace) -> int:
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
