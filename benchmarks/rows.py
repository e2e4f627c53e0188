"""A line of the benchmark's table and how it is timed (``benchmarks/bench.py``)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field


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
                time_text(statistics.median(self.seconds)),
                time_text(min(self.seconds)),
                time_text(max(self.seconds)),
            ]
        memory = "" if self.peak_mib is None else f"{self.peak_mib:.0f} MiB"
        verdict = {True: "ok", False: "**missed**", None: ""}[self.ok]
        return [self.item, self.name, *timing, memory, self.target, verdict, self.note]


def time_text(seconds: float) -> str:
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


def table(rows: list[Row]) -> str:
    header = ["#", "measurement", "median", "min", "max", "peak memory", "target", "", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)
