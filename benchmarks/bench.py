"""How fast the model, the page and the export are, side by side with pyfair: one table.

    python benchmarks/bench.py        # print the table; exit 1 if a target is missed
    python benchmarks/bench.py --write benchmarks/RESULTS.md    # and keep it, dated
    python benchmarks/bench.py --only 8 --write benchmarks/RESULTS.md    # add some rows, dated

Needs the test tools (``requirements-dev.txt``: AppTest, Playwright), Debian's ``chromium`` for
items 4 and 5, and ``pip install -r benchmarks/requirements.txt`` (pyfair) for item 6; a row that
cannot run says why. Timed here, never in the tests, so a busy machine fails no test. Each time is
the median of repeated runs, with the min and max; memory is the peak traced by tracemalloc during
one run (numpy reports its arrays to it), or for item 9 the child process's peak resident size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accesscost.inputs.loading import load_assumptions  # noqa: E402
from accesscost.model.bands import sweep_bands  # noqa: E402
from accesscost.model.engine import estimate  # noqa: E402
from accesscost.model.simulation import simulate  # noqa: E402
from benchmarks import page  # noqa: E402
from benchmarks.single_risk import (  # noqa: E402
    EXPECTED_LOSS_USD,
    PATTERN_ID,
    bare_draws,
    single_risk_assumptions,
    single_threat_assumptions,
)

ASSUMPTIONS = load_assumptions(ROOT / "assumptions")
SEED = 20261129
BAND_COUNTS = np.unique(np.linspace(1, 1000, 100).round().astype(np.int64))  # 100 counts
RISK_DRAWS = (10_000, 100_000)


@dataclass
class Row:
    """One line of the table: a measurement, its figures and its target."""

    item: str
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    target: str = ""
    ok: bool | None = None  # None: no target, or not measured
    note: str = ""

    def cells(self) -> list[str]:
        if not self.seconds:
            timing = ["", "", ""]
        else:
            timing = [
                _time(statistics.median(self.seconds)),
                _time(min(self.seconds)),
                _time(max(self.seconds)),
            ]
        memory = "" if self.peak_mib is None else f"{self.peak_mib:.0f} MiB"
        verdict = {True: "ok", False: "**missed**", None: ""}[self.ok]
        return [self.item, self.name, *timing, memory, self.target, verdict, self.note]


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timed(function: Callable, repeats: int) -> tuple[list[float], object]:
    """Seconds of each of ``repeats`` calls (after an untimed warm-up), and the last result."""
    result = function()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def peak_mib(function: Callable) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def median(row: Row) -> float:
    return statistics.median(row.seconds)


# --- 1, 2: the model ---------------------------------------------------------------------------


def model_rows() -> list[Row]:
    seconds, _ = timed(lambda: estimate(ASSUMPTIONS, 50), 200)
    one = Row("1", "Deterministic estimate, 6 patterns at 50 services", seconds, target="< 5 ms")
    one.ok = median(one) < 0.005

    def bands():
        rng = np.random.default_rng(SEED)
        return sweep_bands(ASSUMPTIONS, BAND_COUNTS, 10_000, rng, with_tco=False)

    seconds, _ = timed(bands, 9)
    two = Row(
        "2",
        "P10-P90 bands: 100 counts over 1..1,000 x 10,000 draws, 6 patterns",
        seconds,
        peak_mib=peak_mib(bands),
        target="< 250 ms, < 300 MiB",
    )
    two.ok = median(two) < 0.25 and two.peak_mib < 300
    return [one, two]


# --- 3, 5: the page ----------------------------------------------------------------------------


def page_rows(cold_starts: int) -> list[Row]:
    times = page.reruns()
    rerun = Row(
        "3",
        f"Page rerun after a service-count change (AppTest, {len(times.apptest)} "
        "moves between 51 and 500)",
        times.apptest,
        target="< 300 ms",
    )
    rerun.ok = median(rerun) < 0.3
    rerun.note = (
        f"the script itself: {_time(statistics.median(times.script))}, of which "
        f"{_time(statistics.median(times.script_cpu))} CPU"
    )
    times = page.reruns(selected=True)
    opened = Row(
        "3",
        "Page rerun after a count change, a cell's story open in the decision "
        "matrix and in the pattern x count matrix (AppTest)",
        times.apptest,
        target="< 300 ms",
    )
    opened.ok = median(opened) < 0.3
    opened.note = (
        f"the script itself: {_time(statistics.median(times.script))}, of which "
        f"{_time(statistics.median(times.script_cpu))} CPU"
    )
    cold = Row(
        "5", "Cold start: `streamlit run` to the first chart in headless Chromium", target="< 8 s"
    )
    try:
        cold.seconds = page.cold_start_seconds(cold_starts)
        cold.ok = median(cold) < 8
    except Exception as error:  # the row says why it could not run
        cold.note = f"not measured: {error}"
    return [rerun, opened, cold]


def browser_rows() -> list[Row]:
    matrix = Row(
        "10",
        "Browser (Chromium, 1280x720): count entered in the box (Enter) to the matrix updated",
        target="< 0.5 s",
    )
    charts = Row(
        "10", "Browser: count entered (Enter) to the FinOps charts updated", target="< 1 s"
    )
    try:
        times = page.browser_count_changes()
    except Exception as error:  # the row says why it could not run
        matrix.note = charts.note = f"not measured: {error}"
        return [matrix, charts]
    matrix.seconds, charts.seconds = times.matrix, times.charts
    matrix.ok, charts.ok = median(matrix) < 0.5, median(charts) < 1
    typing = statistics.median(times.typing)
    matrix.note = f"typing the count before Enter (the harness's, not timed): {_time(typing)}"
    return [matrix, charts]


# --- 4: export ---------------------------------------------------------------------------------


def export_rows() -> list[Row]:
    from accesscost.export import images
    from accesscost.export.context import make_context
    from accesscost.export.deck import build_deck

    context = make_context(ASSUMPTIONS, 50)
    seconds, deck = timed(lambda: build_deck(make_context(ASSUMPTIONS, 50)), 5)
    deck_row = Row(
        "4",
        f"Deck export (.pptx, {len(deck) // 1024} KiB): model, charts, slides",
        seconds,
        target="< 3 s",
    )
    deck_row.ok = median(deck_row) < 3
    png = Row("4", "PNG export per chart (1920x1080), browser warm", target="< 0.5 s")
    if images.browser_available() is None:
        png.note = f"not measured: {images.NO_BROWSER_MESSAGE}"
        return [deck_row, png]
    figures = context.figures
    for fig in figures.values():
        png.seconds += timed(lambda fig=fig: images.figure_image(fig, "png"), 3)[0]
    png.note = f"{len(figures)} charts x 3"
    png.ok = median(png) < 0.5
    return [deck_row, png]


# --- 9: the worst rerun the caps allow ---------------------------------------------------------


def worst_rows(bound: float) -> list[Row]:
    from benchmarks.worst_rerun import measure

    run = measure(bound)
    row = Row(
        "9",
        "Worst page run the caps allow (`benchmarks/worst_rerun.py`), bounded",
        [run.seconds] if run.seconds is not None else [],
        peak_mib=run.peak_mib,
        target="< 10 s, < 2 GiB",
        note=run.note,
    )
    row.ok = run.seconds is not None and run.seconds < 10 and run.peak_mib < 2048
    return [row]


# --- 6, 7: one risk against pyfair and against numpy alone --------------------------------------


def engine_run(draws: int, threat: bool = False):
    single = (single_threat_assumptions if threat else single_risk_assumptions)(ASSUMPTIONS)

    def run() -> float:
        sim = simulate(
            single, 10, draws, np.random.default_rng(SEED), hourly_rate_usd=70.0, horizon_years=1
        )
        # the mean every page and CLI figure reports: each world's expected loss given its
        # drawn beliefs, averaged (conditional expectation, ``mean_basis``), not the events'
        # sample mean; read as that array's mean, so the timing is the simulation's alone (the
        # percentiles a summary adds are not part of what pyfair is timed doing)
        return float(sim.patterns[PATTERN_ID].expected_compliance_usd_per_year.mean())

    return run


def pyfair_side(repeats: int) -> dict:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "pyfair_side.py"),
        *map(str, RISK_DRAWS),
        "--repeats",
        str(repeats),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        hint = "pip install -r benchmarks/requirements.txt"
        raise RuntimeError(f"pyfair did not run ({last}); {hint}")
    return {int(k): v for k, v in json.loads(done.stdout).items()}


# pyfair's process and ours take turns this many times, each with a share of the repeats: a slow
# spell of this shared machine (timings here drift by a third) then falls on both sides alike,
# not on whichever ran during it
ROUNDS = 3


def _our_runs(draws: int) -> dict:
    """Our side at ``draws``: the engine's one risk, numpy alone, the shared threat."""
    return {
        "risk": engine_run(draws),
        "bare": lambda: bare_draws(draws, SEED),
        "threat": engine_run(draws, threat=True),
    }


def _pooled(repeats: int, with_pyfair: bool = True) -> tuple[dict, dict]:
    """pyfair's timings (by draws) and ours (by (name, draws)), pooled over ``ROUNDS``
    alternating rounds (one round of all the repeats without pyfair)."""
    fair: dict = {}
    ours: dict = {}
    rounds = ROUNDS if with_pyfair else 1
    share = max(1, repeats // rounds)
    for _ in range(rounds):
        for draws, got in (pyfair_side(share) if with_pyfair else {}).items():
            fair.setdefault(draws, {"seconds": [], "mean_usd": got["mean_usd"]})
            fair[draws]["seconds"] += got["seconds"]
        for draws in RISK_DRAWS:
            for name, run in _our_runs(draws).items():
                seconds, result = timed(run, share)
                entry = ours.setdefault((name, draws), {"seconds": [], "result": result})
                entry["seconds"] += seconds
    return fair, ours


def risk_rows(repeats: int) -> list[Row]:
    rows = []
    try:
        fair, ours = _pooled(repeats)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        rows.append(Row("6", "pyfair", note=f"not measured: {error}"))
        fair, ours = _pooled(repeats, with_pyfair=False)
    for draws in RISK_DRAWS:
        risk, threat = ours[("risk", draws)], ours[("threat", draws)]
        mean = risk["result"]
        one = Row(
            "6",
            f"One risk, {draws:,} draws: our engine (`simulate`)",
            risk["seconds"],
            note=f"mean ${mean:,.0f} (exact ${EXPECTED_LOSS_USD:,.0f})",
        )
        rows.append(one)
        if draws in fair:
            rows.append(_pyfair_row(draws, fair[draws], one, mean))
        bare_seconds = ours[("bare", draws)]["seconds"]
        ratio = median(one) / statistics.median(bare_seconds)
        bare = Row(
            "7",
            f"One risk, {draws:,} draws: numpy alone, same variates",
            bare_seconds,
            target="engine <= 1.5 x",
            ok=ratio <= 1.5,
            note=f"engine / bare = {ratio:.2f}",
        )
        rows.append(bare)
        name = f"One shared threat, {draws:,} draws: our engine (common random numbers)"
        note = f"mean ${threat['result']:,.0f} (exact ${EXPECTED_LOSS_USD:,.0f})"
        shared = Row("11", name, threat["seconds"], note=note)
        rows.append(shared)
        if draws in fair:  # more work per event than pyfair does (see SHARED_THREAT_NEED)
            versus = _pyfair_row(draws, fair[draws], shared, threat["result"], SHARED_THREAT_NEED)
            versus.item = "11"
            versus.name = f"One shared threat, {draws:,} draws: pyfair 0.1a13 (own process)"
            rows.append(versus)
    return rows


# How much faster than pyfair: the single risk of item 6 (issue 14's targets), and the shared
# threat of item 11. Issue 16 asks item 11 to report the ratio and the gap between the means;
# its engine does per event what pyfair does not model (shared uniforms that thin the events by
# each pattern's vulnerability, a secondary-loss chain and a clean-up draw: eight variates an
# event against pyfair's two a year), so its target is to stay faster than pyfair, not 5x.
SINGLE_RISK_NEED = {10_000: 5.0, 100_000: 3.0}
SHARED_THREAT_NEED = {10_000: 1.0, 100_000: 1.0}


def _pyfair_row(
    draws: int, fair: dict, ours: Row, our_mean: float, needs: dict = SINGLE_RISK_NEED
) -> Row:
    ratio = statistics.median(fair["seconds"]) / median(ours)
    gap = abs(our_mean - fair["mean_usd"]) / fair["mean_usd"]
    need = needs[draws]
    return Row(
        "6",
        f"One risk, {draws:,} draws: pyfair 0.1a13 (own process)",
        fair["seconds"],
        target=f">= {need:g}x faster, means within 2%",
        ok=ratio >= need and gap <= 0.02,
        note=f"pyfair / ours = {ratio:.1f}x; mean ${fair['mean_usd']:,.0f}, {gap:.1%} from ours",
    )


# --- the table ---------------------------------------------------------------------------------


# --- 8: the CLI as whole processes ------------------------------------------------------------

CLI_COMMANDS = (
    ("validate", ["validate", "assumptions/"]),
    ("estimate, deterministic", ["estimate", "--services", "50", "--deterministic"]),
    (
        "diff of a scenario against the baseline",
        ["diff", "assumptions", "assumptions/scenarios/keys-rotated-monthly.yaml"],
    ),
)


def _cli_environment(cache: str) -> dict[str, str]:
    """Bytecode cached as on a user's machine (this machine's shell disables it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": cache}


def cli_rows(repeats: int) -> list[Row]:
    """Interpreter start to answer, each command its own process, after one warm-up run."""
    import resource
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = _cli_environment(cache)
        for name, args in CLI_COMMANDS:
            command = [sys.executable, str(ROOT / "cli.py"), *args]
            seconds, cpu = [], []
            for index in range(repeats + 1):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if index:  # the first run writes the bytecode cache
                    seconds.append(time.perf_counter() - start)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            row = Row(
                "8", f"`cli.py {' '.join(args)}`: {name}, whole process", seconds, target="< 0.5 s"
            )
            row.ok = median(row) < 0.5
            row.note = f"CPU {_time(statistics.median(cpu))} (median)"
            rows.append(row)
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else platform.machine()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 2**20:.0f} GiB"
    load = ", load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg())
    versions = ", ".join(
        f"{name} {__import__(name).__version__}"
        for name in ("numpy", "pandas", "plotly", "streamlit")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}{load}; {platform.platform()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def table(rows: list[Row]) -> str:
    header = ["#", "measurement", "median", "min", "max", "peak memory", "target", "", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="also write the table, dated, to this file")
    parser.add_argument("--repeats", type=int, default=21, help="runs of the risk timings")
    parser.add_argument("--cold-starts", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=11, help="runs of each CLI command")
    parser.add_argument("--only", help="measure only these items, e.g. 8 or 1,2")
    parser.add_argument(
        "--worst-bound",
        type=float,
        default=120,
        help="seconds the worst-case page run (item 9) may take before it is stopped",
    )
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    about = machine()
    # run in this order, printed by item: the side-by-side with pyfair first, while this process
    # is as fresh as pyfair's own (our 10,000-draw run is under a millisecond, and this shared
    # machine's speed drifts: it measured 0.8 ms alone and 1.2-1.3 ms inside whole runs, first
    # or after the page's items alike)
    groups = {
        ("6", "7", "11"): lambda: risk_rows(args.repeats),
        ("1", "2"): model_rows,
        ("3", "5"): lambda: page_rows(args.cold_starts),
        ("4",): export_rows,
        ("8",): lambda: cli_rows(args.cli_runs),
        ("9",): lambda: worst_rows(args.worst_bound),
        ("10",): browser_rows,
    }
    wanted = set(args.only.split(",")) if args.only else None
    rows = [
        row
        for items, measure in groups.items()
        if wanted is None or wanted & set(items)
        for row in measure()
    ]
    rows.sort(key=lambda row: int(row.item))
    text = f"Benchmark of {started:%Y-%m-%d %H:%M} UTC on {about}.\n\n{table(rows)}\n"
    print(text)
    if args.write and args.only and args.write.exists():  # a partial run adds its rows, dated
        with args.write.open("a", encoding="utf-8") as out:
            out.write(f"\n`python benchmarks/bench.py --only {args.only}`: {text}")
    elif args.write:
        args.write.write_text(f"# Benchmark results\n\n`python benchmarks/bench.py`: {text}")
    return 1 if any(row.ok is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
