"""Item 9 of the benchmark: the worst single rerun of the page that the caps allow.

The assumptions are the committed ones made as heavy as validation lets them be: every risk of
every pattern counted per service with an annual probability of 1 (the cap: 10,000 events a year
per item at 10,000 services), and every guardrail that applies switched on; the page is opened at
10,000 services (the sidebar's cap) and 100,000 Monte Carlo draws (its cap). One page run is timed
in a child process under a wall-clock bound and an address-space limit, so a rerun that the caps
do not bound is reported as such instead of stalling the machine:

    python benchmarks/worst_rerun.py FOLDER      # the child: prints {"seconds": ...} as JSON
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES, DRAWS = 10_000, 100_000  # the sidebar's caps (dashboard.MAX_SERVICES, DRAWS)
BOUND_SECONDS = 120
MEMORY_LIMIT = 4 * 2**30  # address space of the child: a runaway rerun fails, not the machine


def worst_folder(into: Path) -> Path:
    """A copy of the committed assumptions with every risk per service at probability 1, and a
    scenario switching every applicable guardrail on, saved as ``scenarios/worst.yaml``."""
    folder = into / "assumptions"
    shutil.copytree(ROOT / "assumptions", folder)
    for path in (folder / "patterns").glob("*.yaml"):
        document = yaml.safe_load(path.read_text())
        for item in document.get("compliance", []):
            item.update(per="service", annual_probability=1)
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    guardrails = yaml.safe_load((folder / "guardrails.yaml").read_text())["guardrails"]
    toggles: dict[str, list[str]] = {}
    for guardrail in guardrails:
        for pattern_id in guardrail["applies_to"]:
            toggles.setdefault(pattern_id, []).append(guardrail["id"])
    scenario = {"name": "Worst", "guardrails": toggles}
    (folder / "scenarios" / "worst.yaml").write_text(yaml.safe_dump(scenario))
    return folder


@dataclass
class WorstRerun:
    seconds: float | None  # None: not finished within the bound
    peak_mib: float
    note: str


def measure(bound: float = BOUND_SECONDS) -> WorstRerun:
    """One page run on the worst folder, in a child process bounded in time and memory."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = worst_folder(Path(scratch))
        command = [sys.executable, __file__, str(folder)]
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_limit_memory,
            start_new_session=True,
        )
        start = time.perf_counter()
        try:
            out, err = child.communicate(timeout=bound)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, 9)
            child.communicate()
            return WorstRerun(None, _children_peak(), f"stopped after {bound:.0f} s")
        wall = time.perf_counter() - start
    if child.returncode != 0:
        last = (err.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        return WorstRerun(None, _children_peak(), f"failed after {wall:.0f} s: {last[:120]}")
    figures = json.loads(out)
    return WorstRerun(figures["seconds"], _children_peak(), figures["note"])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _children_peak() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _child(folder: str) -> None:
    """One page run (AppTest) on ``folder`` at the caps, with the worst scenario loaded."""
    from streamlit.testing.v1 import AppTest

    from accesscost.inputs.scenario_files import load_scenario

    os.environ["ASSUMPTIONS_DIR"] = folder
    scenario = load_scenario(Path(folder) / "scenarios" / "worst.yaml")
    page = AppTest.from_file(str(ROOT / "benchmarks" / "timed_page.py"), default_timeout=3600)
    page.query_params.update({"services": str(SERVICES), "draws": str(DRAWS)})
    state = {
        "scenario_start": scenario,
        "editor_version": 1,
        "scenario_name": scenario.name,
        "scenario_description": "",
        "flash": [],
        "baseline_rate": 70.0,
    }
    # as the Load button leaves them (accesscost.app.state.start_from)
    for key, value in state.items():
        page.session_state[key] = value
    start = time.perf_counter()
    page.run()
    seconds = time.perf_counter() - start
    if page.exception:
        raise SystemExit(f"the page failed: {page.exception[0].value}")
    guardrails = sum(map(len, scenario.guardrails.values()))
    note = (
        f"{SERVICES:,} services, {DRAWS:,} draws, every risk per service at p = 1, "
        f"{guardrails} guardrails"
    )
    print(json.dumps({"seconds": seconds, "note": note}))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _child(sys.argv[1])
