"""Every file of the hostile-input corpus (``tests/hostile/``) through ``cli.py`` as a user runs it.

Each case is copied into its slot of a fresh copy of ``assumptions/``; ``cli.py validate FOLDER``
(and, for a scenario, ``cli.py estimate --scenario FILE`` and ``cli.py validate --scenario`` on a
copy of it kept outside the folder) must exit 1 with exactly the case's
``file: field.path: reason`` lines, print no traceback, run no code from the file, change no
file, and finish quickly: the child's CPU time (interpreter start included) stays under 2 s and
its peak memory under 200 MiB, so an alias bomb or a 50 MiB file is refused, not expanded. CPU
time, unlike the wall clock, does not grow when the machine is busy with other tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.hostile_corpus import (
    ASSUMPTIONS,
    CASES,
    HOSTILE,
    MARKER,
    REFUSED,
    Case,
    copy_assumptions,
    place,
    snapshot,
    unmatched,
)

CLI = REPO_ROOT / "cli.py"
CPU_SECONDS = 2.0
PEAK_BYTES = 200 * 2**20
SCENARIOS = [case for case in REFUSED if case.is_scenario]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    wall_seconds: float
    cpu_seconds: float
    peak_bytes: int


# Runs cli.py as its child and writes the child's exit code, CPU time and peak memory as JSON.
# A small interpreter forks cli.py, so the peak is cli.py's own, not the size of the pytest
# process it was forked from (Linux keeps a process's peak across exec).
MEASURE = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
figures = {"returncode": os.waitstatus_to_exitcode(status), "peak": usage.ru_maxrss * 1024,
           "cpu": usage.ru_utime + usage.ru_stime}
with open(sys.argv[1], "w") as out:
    json.dump(figures, out)
"""


def run_cli(args: list[str], cwd: Path) -> Run:
    """``python cli.py ARGS`` in ``cwd``, with the child's own CPU time and peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        figures = Path(scratch) / "figures.json"
        command = [sys.executable, "-c", MEASURE, str(figures), sys.executable, str(CLI), *args]
        start = time.perf_counter()
        done = subprocess.run(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            start_new_session=True,
        )
        wall = time.perf_counter() - start
        measured = json.loads(figures.read_text())
    assert done.returncode == 0, done.stderr
    return Run(
        measured["returncode"], done.stdout, done.stderr, wall, measured["cpu"], measured["peak"]
    )


@dataclass
class Prepared:
    """A case in its own copy of the assumptions, and the commands started on it."""

    home: Path
    folder: Path
    path: Path
    before: dict
    validate: Future
    scenario_runs: dict = field(default_factory=dict)  # name: (scenario file, Future)


def _start(pool: ThreadPoolExecutor, case: Case, home: Path, path: Path) -> Prepared:
    """``validate FOLDER``; for a scenario also ``estimate --scenario`` and ``validate --scenario``
    on a copy of it outside the folder."""
    folder = home / "assumptions"
    before = snapshot(folder)
    prepared = Prepared(
        home, folder, path, before, pool.submit(run_cli, ["validate", str(folder)], home)
    )
    if case.is_scenario:
        elsewhere = home / "elsewhere.yaml"
        shutil.copy(path, elsewhere)
        estimate = ["estimate", "--services", "5", "--assumptions", str(folder), "--scenario"]
        prepared.scenario_runs = {
            "estimate": (path, pool.submit(run_cli, [*estimate, str(path)], home)),
            "validate": (
                elsewhere,
                pool.submit(
                    run_cli,
                    ["validate", "--assumptions", str(folder), "--scenario", str(elsewhere)],
                    home,
                ),
            ),
        }
    return prepared


@pytest.fixture(scope="session")
def hostile_runs(tmp_path_factory) -> dict[str, Prepared]:
    """Every case placed in its own folder, and its commands started in worker threads."""
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    prepared = {}
    for case in REFUSED:
        home = tmp_path_factory.mktemp(case.id)
        folder = copy_assumptions(home / "assumptions")
        prepared[case.id] = _start(pool, case, home, place(case, folder))
    pool.shutdown(wait=False)
    yield prepared
    for entry in prepared.values():  # the 50 MiB files go at once, not with the tmp folders
        for path in {entry.path, *(path for path, _ in entry.scenario_runs.values())}:
            if path.stat().st_size > 2**20:
                path.unlink()


@pytest.mark.start_early
def test_the_hostile_commands_start_before_the_in_process_tests(hostile_runs):
    assert len(hostile_runs) == len(REFUSED)


def test_the_corpus_holds_every_file_and_at_least_30_cases():
    files = {case.file for case in CASES if case.file}
    on_disk = {p.name for p in HOSTILE.iterdir() if p.is_file() and p.name != "cases.yaml"}
    assert files == on_disk
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(bool(case.expect) != case.accepted for case in CASES)


def assert_refused(run: Run, case: Case, file: Path) -> None:
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert unmatched(lines, case, str(file)) == []
    assert f"{file.parent.parent}: ok" not in run.stdout


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_validate_names_file_field_and_reason_quickly_and_changes_nothing(hostile_runs, case):
    prepared = hostile_runs[case.id]
    run = prepared.validate.result()
    assert_refused(run, case, prepared.path)
    assert run.cpu_seconds < CPU_SECONDS, f"{run.cpu_seconds:.2f} s of CPU"
    assert run.peak_bytes < PEAK_BYTES, f"{run.peak_bytes / 2**20:.0f} MiB"
    assert snapshot(prepared.folder) == prepared.before


@pytest.mark.parametrize("command", ["estimate", "validate"])
@pytest.mark.parametrize("case", SCENARIOS, ids=[case.id for case in SCENARIOS])
def test_estimate_and_validate_refuse_each_hostile_scenario(hostile_runs, case, command):
    """``estimate --scenario FILE``, and ``validate --scenario FILE`` on a copy kept elsewhere."""
    prepared = hostile_runs[case.id]
    path, future = prepared.scenario_runs[command]
    run = future.result()
    assert_refused(run, case, path)
    assert run.stdout == ""
    assert run.cpu_seconds < CPU_SECONDS, f"{run.cpu_seconds:.2f} s of CPU"
    assert snapshot(prepared.folder) == prepared.before


def test_no_hostile_file_runs_code(hostile_runs):
    for prepared in hostile_runs.values():
        prepared.validate.result()
        for _, run in prepared.scenario_runs.values():
            run.result()
        assert not (prepared.home / MARKER).exists()
    assert not (CLI.parent / MARKER).exists()


def test_validate_accepts_a_good_scenario_kept_anywhere(tmp_path):
    scenario = tmp_path / "keys-monthly.yaml"
    shutil.copy(ASSUMPTIONS / "scenarios" / "keys-rotated-monthly.yaml", scenario)
    run = run_cli(["validate", "--scenario", str(scenario)], tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, f"{scenario}: ok\n", "")
