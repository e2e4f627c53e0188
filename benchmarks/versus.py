"""Benchmark items 6, 7 and 11: one risk and one shared threat simulated by our engine, by pyfair
and by numpy alone, at 10,000 and 100,000 draws.

pyfair runs in a worker process of its own (``benchmarks/pyfair_side.py``: it reseeds numpy's
global generator). The two sides take turns, ``TURN_RUNS`` runs each, both pinned to the same
core, and the core changes from one turn to the next. This machine's two cores differ in speed
from moment to moment, and by workload: one minute, our 10,000-draw run in a tight loop took
0.72-0.85 ms on one core and 0.88-1.31 ms on the other (minutes later, the same on both), while
pyfair's, which spends its time in the interpreter and pandas, took 4.3-6.0 ms on either. Which
core each process happened to run on decided a pass or a miss. A turn compares the two sides at
the same moment on the same core, and the ratio reported is the median over the turns of
pyfair's median time over ours.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from accesscost.inputs.loading import Assumptions
from accesscost.model.simulation import simulate
from benchmarks.rows import Row
from benchmarks.single_risk import (
    EXPECTED_LOSS_USD,
    PATTERN_ID,
    bare_draws,
    single_risk_assumptions,
    single_threat_assumptions,
)

ROOT = Path(__file__).resolve().parent.parent
RISK_DRAWS = (10_000, 100_000)
# How much faster than pyfair: the single risk of item 6 (issue 14's targets), and the shared
# threat of item 11. Issue 16 asks item 11 to report the ratio and the gap between the means;
# its engine does per event what pyfair does not model (shared uniforms that thin the events by
# each pattern's vulnerability, a secondary-loss chain and a clean-up draw: eight variates an
# event against pyfair's two a year), so its target is to stay faster than pyfair, not 5x.
SINGLE_RISK_NEED = {10_000: 5.0, 100_000: 3.0}
SHARED_THREAT_NEED = {10_000: 1.0, 100_000: 1.0}
PYFAIR = "pyfair 0.1a13 (own process, same core, turn about)"
TURN_RUNS = 5  # runs of each side in a turn: the first after the other side's, the rest warm


def engine_run(assumptions: Assumptions, seed: int, draws: int, threat: bool = False):
    """Our side: ``simulate`` of the one risk (or the one shared threat) over one year."""
    single = (single_threat_assumptions if threat else single_risk_assumptions)(assumptions)

    def run() -> float:
        sim = simulate(
            single, 10, draws, np.random.default_rng(seed), hourly_rate_usd=70.0, horizon_years=1
        )
        # the mean every page and CLI figure reports: each world's expected loss given its
        # drawn beliefs, averaged (conditional expectation, ``mean_basis``), not the events'
        # sample mean; read as that array's mean, so the timing is the simulation's alone (the
        # percentiles a summary adds are not part of what pyfair is timed doing)
        return float(sim.patterns[PATTERN_ID].expected_compliance_usd_per_year.mean())

    return run


class PyfairWorker:
    """pyfair's side: one run per request, timed in its own process."""

    def __init__(self) -> None:
        command = [sys.executable, str(ROOT / "benchmarks" / "pyfair_side.py")]
        pipe = subprocess.PIPE  # our own script, no shell
        self.process = subprocess.Popen(command, stdin=pipe, stdout=pipe, stderr=pipe, text=True)
        self._answer()  # imported and warmed up

    def run(self, draws: int, runs: int) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{draws} {runs}\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.kill()
            error = self.process.stderr.read() if self.process.stderr else ""
            last = (error.strip().splitlines() or ["no output"])[-1]
            hint = "pip install -r benchmarks/requirements.txt"
            raise RuntimeError(f"pyfair did not run ({last}); {hint}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def _cores() -> list[int]:
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


@contextlib.contextmanager
def _pinned(pids: list[int]) -> Iterator[Callable[[int], None]]:
    """A function that pins ``pids`` (0: this process) to the turn's core; unpinned after."""
    cores = _cores()

    def pin(turn: int) -> None:
        for pid in pids if cores else []:
            os.sched_setaffinity(pid, {cores[turn % len(cores)]})

    try:
        yield pin
    finally:
        for pid in pids if cores else []:
            with contextlib.suppress(ProcessLookupError):  # the worker has ended
                os.sched_setaffinity(pid, set(cores))


def _turns(ours: dict[tuple[str, int], Callable], turns: int, with_pyfair: bool) -> dict:
    """``turns`` turns: in each, at each number of draws, ``TURN_RUNS`` runs of pyfair (if
    any) and then of each of ours. Returns by (side, draws) each turn's timings and the last
    result."""
    for run in ours.values():  # first calls: set-up and caches, not timed
        run()
    worker = PyfairWorker() if with_pyfair else None
    found: dict = {}
    try:
        with _pinned([0] + ([worker.process.pid] if worker else [])) as pin:
            for turn in range(turns):
                pin(turn)
                _turn(worker, ours, found)
    finally:
        if worker:
            worker.close()
    return found


def _turn(worker: PyfairWorker | None, ours: dict, found: dict) -> None:
    def note(key, seconds: list[float], result: float) -> None:
        found.setdefault(key, {"turns": [], "result": result})["turns"].append(seconds)

    for draws in RISK_DRAWS:
        if worker:
            got = worker.run(draws, TURN_RUNS)
            note(("pyfair", draws), got["seconds"], got["mean_usd"])
        for (name, at), run in ours.items():
            if at == draws:
                seconds = []
                for _ in range(TURN_RUNS):
                    start = time.perf_counter()
                    result = run()
                    seconds.append(time.perf_counter() - start)
                note((name, draws), seconds, result)


def risk_rows(assumptions: Assumptions, seed: int, turns: int) -> list[Row]:
    ours = {}
    for draws in RISK_DRAWS:
        ours[("risk", draws)] = engine_run(assumptions, seed, draws)
        ours[("bare", draws)] = lambda draws=draws: bare_draws(draws, seed)
        ours[("threat", draws)] = engine_run(assumptions, seed, draws, threat=True)
    rows = []
    try:
        found = _turns(ours, turns, with_pyfair=True)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        rows.append(Row("6", "pyfair", note=f"not measured: {error}"))
        found = _turns(ours, turns, with_pyfair=False)
    for entry in found.values():  # every run, for the table's median, min and max
        entry["seconds"] = [s for turn in entry["turns"] for s in turn]
    for draws in RISK_DRAWS:
        rows += _draws_rows(found, draws)
    return rows


def _draws_rows(found: dict, draws: int) -> list[Row]:
    risk, threat, bare = (found[(name, draws)] for name in ("risk", "threat", "bare"))
    fair = found.get(("pyfair", draws))
    exact = f"(exact ${EXPECTED_LOSS_USD:,.0f})"
    one = Row(
        "6",
        f"One risk, {draws:,} draws: our engine (`simulate`)",
        risk["seconds"],
        note=f"mean ${risk['result']:,.0f} {exact}",
    )
    rows = [one]
    if fair:
        need = SINGLE_RISK_NEED[draws]
        rows.append(_versus_row("6", f"One risk, {draws:,} draws", fair, risk, need))
    ratio = statistics.median(risk["seconds"]) / statistics.median(bare["seconds"])
    rows.append(
        Row(
            "7",
            f"One risk, {draws:,} draws: numpy alone, same variates",
            bare["seconds"],
            target="engine <= 1.5 x",
            ok=ratio <= 1.5,
            note=f"engine / bare = {ratio:.2f}",
        )
    )
    name = f"One shared threat, {draws:,} draws"
    note = f"mean ${threat['result']:,.0f} {exact}"
    rows.append(
        Row("11", f"{name}: our engine (common random numbers)", threat["seconds"], note=note)
    )
    if fair:  # more work per event than pyfair does (see SHARED_THREAT_NEED)
        rows.append(_versus_row("11", name, fair, threat, SHARED_THREAT_NEED[draws]))
    return rows


def _versus_row(item: str, name: str, fair: dict, ours: dict, need: float) -> Row:
    """pyfair's row: the median over the turns of pyfair's time over ours in the same turn,
    and how far apart the two means are."""
    pairs = zip(fair["turns"], ours["turns"], strict=True)
    ratio = statistics.median(statistics.median(f) / statistics.median(o) for f, o in pairs)
    gap = abs(ours["result"] - fair["result"]) / fair["result"]
    return Row(
        item,
        f"{name}: {PYFAIR}",
        fair["seconds"],
        target=f">= {need:g}x faster, means within 2%",
        ok=ratio >= need and gap <= 0.02,
        note=(
            f"pyfair / ours = {ratio:.1f}x (median of the turns); "
            f"mean ${fair['result']:,.0f}, {gap:.1%} from ours"
        ),
    )
