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
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accesscost.inputs.loading import load_assumptions  # noqa: E402
from accesscost.model.bands import sweep_bands  # noqa: E402
from accesscost.model.engine import estimate  # noqa: E402
from benchmarks import page  # noqa: E402
from benchmarks.rows import Row, median, peak_mib, table, time_text, timed  # noqa: E402
from benchmarks.versus import risk_rows  # noqa: E402

ASSUMPTIONS = load_assumptions(ROOT / "assumptions")
SEED = 20261129
BAND_COUNTS = np.unique(np.linspace(1, 1000, 100).round().astype(np.int64))  # 100 counts


# --- 1, 2: the model ---------------------------------------------------------------------------


def model_rows() -> list[Row]:
    seconds, _ = timed(lambda: estimate(ASSUMPTIONS, 50), 200)
    one = Row("1", "Deterministic estimate, 6 patterns at 50 services", seconds, target="< 5 ms")
    one.ok = median(one) < 0.005

    def bands():
        rng = np.random.default_rng(SEED)
        return sweep_bands(ASSUMPTIONS, BAND_COUNTS, 10_000, rng, with_tco=False)

    seconds, _ = timed(bands, 9)
    peak = peak_mib(bands)
    two = Row(
        "2",
        "P10-P90 bands: 100 counts over 1..1,000 x 10,000 draws, 6 patterns",
        seconds,
        peak_mib=peak,
        target="< 250 ms, < 300 MiB",
    )
    two.ok = median(two) < 0.25 and peak < 300
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
        f"the script itself: {time_text(statistics.median(times.script))}, of which "
        f"{time_text(statistics.median(times.script_cpu))} CPU"
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
        f"the script itself: {time_text(statistics.median(times.script))}, of which "
        f"{time_text(statistics.median(times.script_cpu))} CPU"
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
    matrix.note = f"typing the count before Enter (the harness's, not timed): {time_text(typing)}"
    return [matrix, charts]


# --- 4: export ---------------------------------------------------------------------------------


def export_rows() -> list[Row]:
    from accesscost.export import images
    from accesscost.export.context import make_context
    from accesscost.export.deck import build_deck

    context = make_context(ASSUMPTIONS, 50)
    seconds, deck = timed(lambda: build_deck(make_context(ASSUMPTIONS, 50)), 5)
    assert isinstance(deck, bytes)
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
            row.note = f"CPU {time_text(statistics.median(cpu))} (median)"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="also write the table, dated, to this file")
    parser.add_argument(
        "--turns", type=int, default=6, help="turns of pyfair's runs and ours (items 6, 7, 11)"
    )
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
    # is as fresh as pyfair's own (the two take turns on one core: ``benchmarks/versus.py``)
    groups = {
        ("6", "7", "11"): lambda: risk_rows(ASSUMPTIONS, SEED, args.turns),
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
