"""``cli.py estimate`` with the Monte Carlo (percentiles, draws, seed, samples) and scenarios,
and ``cli.py export`` with bad input."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from accesscost.inputs.applying import load_with_scenario
from accesscost.inputs.loading import load_assumptions
from accesscost.model.simulation import simulate
from accesscost.model.summaries import figure_summary
from accesscost.text.report import add_uncertainty, estimate_summary, write_samples_csv

FIGURES = (
    "implementation_usd",
    "cash_usd_per_year",
    "labour_usd_per_year",
    "operations_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """One CLI run shared by the tests: 2,000 draws, seed 7, samples written."""
    from tests.conftest import _run_cli

    samples = tmp_path_factory.mktemp("samples") / "draws.csv"
    args = ("estimate", "--services", "50", "--draws", "2000", "--seed", "7", "--samples", samples)
    return _run_cli(*args), samples


def test_percentiles_are_the_simulation_with_that_seed(small_run, default_assumptions):
    completed, _ = small_run
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    sim = simulate(default_assumptions, 50, 2000, np.random.default_rng(7))
    for pattern in printed["patterns"]:
        assert set(pattern["percentiles"]) == set(FIGURES)
        for figure in FIGURES:
            expected = figure_summary(sim, pattern["id"], figure)
            for key in ("mean", "p10", "p50", "p90", "se"):
                assert pattern["percentiles"][figure][key] == pytest.approx(
                    getattr(expected, key), abs=0.006
                )
    valid = [p["p_cheapest"] for p in printed["patterns"] if p["meets_requirement"]]
    assert sum(valid) == pytest.approx(1, abs=1e-3)
    assert all(p["p_cheapest"] is None for p in printed["patterns"] if not p["meets_requirement"])


def test_samples_hold_every_draw_of_every_pattern(small_run):
    completed, samples = small_run
    rows = list(csv.DictReader(samples.open()))
    assert len(rows) == 2000 * 6
    assert "wrote 12,000 rows (2,000 draws x 6 patterns, one row a draw)" in completed.stderr
    first = rows[0]
    assert float(first["annual_usd"]) == pytest.approx(
        float(first["operations_usd_per_year"]) + float(first["compliance_usd_per_year"]), abs=0.02
    )


def test_the_same_seed_gives_the_same_numbers(default_assumptions):
    def printed(seed: int) -> dict:
        summary = estimate_summary(default_assumptions, 50)
        sim = simulate(default_assumptions, 50, 500, np.random.default_rng(seed))
        return add_uncertainty(summary, sim)

    assert printed(3) == printed(3)
    assert printed(3) != printed(4)


def test_write_samples_csv_counts_rows(default_assumptions):
    sim = simulate(default_assumptions, 10, 100, np.random.default_rng(1))
    out = io.StringIO()
    assert write_samples_csv(sim, out) == 600
    assert out.getvalue().count("\n") == 601


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--draws", "5"), "--draws: must be a whole number from 100 to 200,000, got '5'"),
        (("--draws", "lots"), "--draws: must be a whole number"),
        (("--seed", "-1"), "--seed: must be a whole number"),
        (("--samples", "/proc/no/such/dir/x.csv"), "--samples: cannot write"),
        (("--scenario", "no-such-file.yaml"), "no-such-file.yaml: file not found"),
    ],
)
def test_bad_estimate_options_get_one_line(run_cli, args, message):
    completed = run_cli("estimate", "--services", "5", "--draws", "200", *args)
    assert completed.returncode == 1
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout


def test_estimate_with_a_scenario_prints_its_figures(run_cli, repo_root):
    scenario = repo_root / "assumptions" / "scenarios" / "keys-rotated-monthly.yaml"
    completed = run_cli("estimate", "--services", "50", "--draws", "200", "--scenario", scenario)
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assumptions, loaded = load_with_scenario(repo_root / "assumptions", scenario)
    assert printed["scenario"] == loaded.name
    expected = estimate_summary(assumptions, 50)
    assert [p["annual_usd"] for p in printed["patterns"]] == [
        p["annual_usd"] for p in expected["patterns"]
    ]
    baseline = estimate_summary(load_assumptions(repo_root / "assumptions"), 50)
    assert printed["patterns"][3]["annual_usd"] > baseline["patterns"][3]["annual_usd"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--services", "0", "--out", "x"), "--services: must be a whole number"),
        (
            ("--services", "5", "--out", "/proc/forbidden"),
            "--out: cannot write into /proc/forbidden",
        ),
        (("--services", "5", "--scenario", "nope.yaml", "--out", "x"), "nope.yaml: file not found"),
    ],
)
def test_bad_export_options_get_one_line(run_cli, args, message):
    completed = run_cli("export", *args)
    assert completed.returncode == 1
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
