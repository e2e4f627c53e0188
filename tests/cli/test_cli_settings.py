"""``cli.py`` takes the page's settings (``--horizon``, ``--rate``, ``--shown``), writes CSV with
one column per percentile, says what its samples file holds, and stops quietly on a closed pipe.
In process through ``main(argv)``, but for the broken pipe, which needs a real one."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from accesscost.cli import main
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import read_folder
from accesscost.inputs.scenario import BASELINE, with_rate
from accesscost.model.engine import estimate
from tests.conftest import ASSUMPTIONS, REPO_ROOT
from tests.pattern_ids import B, D, F


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def patterns(document: dict) -> dict[str, dict]:
    return {p["id"]: p for p in document["patterns"]}


def test_horizon_changes_the_tco_only(capsys):
    code, out, _ = run(capsys, "estimate", "--services", "50", "--deterministic", "--horizon", "5")
    assert code == 0
    b = patterns(json.loads(out))[B]
    # By hand: TCO = implementation + 5 x annual cost (no discount rate in org.yaml).
    assert b["tco_usd"] == pytest.approx(b["implementation_usd"] + 5 * b["annual_usd"], abs=0.02)
    _, three, _ = run(capsys, "estimate", "--services", "50", "--deterministic")
    assert patterns(json.loads(three))[B]["annual_usd"] == b["annual_usd"]


def test_rate_prices_labour_as_the_page_does(capsys):
    code, out, _ = run(capsys, "estimate", "--services", "50", "--deterministic", "--rate", "120")
    assert code == 0
    files = read_folder(ASSUMPTIONS)
    expected = estimate(apply_scenario(files, with_rate(BASELINE, 120.0), "--rate"), 50)
    d = patterns(json.loads(out))[D]
    assert json.loads(out)["hourly_rate_usd"] == 120.0
    assert d["labour_usd_per_year"] == pytest.approx(
        float(expected.patterns[D].labour_usd_per_year[0]), abs=0.01
    )
    # By hand: labour is hours x rate, so 120 / 70 of the rate-70 labour.
    _, base, _ = run(capsys, "estimate", "--services", "50", "--deterministic")
    at_70 = patterns(json.loads(base))[D]
    ratio = 120 / json.loads(base)["hourly_rate_usd"]
    assert d["labour_usd_per_year"] == pytest.approx(at_70["labour_usd_per_year"] * ratio, rel=1e-6)


def test_shown_lists_and_ranks_only_those_patterns(capsys):
    code, out, _ = run(
        capsys, "estimate", "--services", "50", "--draws", "1000", "--shown", f"{F},{B}"
    )
    assert code == 0
    document = json.loads(out)
    assert [p["id"] for p in document["patterns"]] == [B, F]
    # P(cheapest) is among the shown patterns that meet the requirement: B's and F's add to 1.
    assert sum(p["p_cheapest"] for p in document["patterns"]) == pytest.approx(1.0, abs=1e-3)
    # Savings are still measured against the org's reference, D, which is not shown.
    assert document["reference"] == D


def test_csv_has_one_column_per_percentile(capsys):
    code, out, _ = run(capsys, "estimate", "--services", "50", "--draws", "1000", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "percentiles" not in rows[0]
    assert not any("{" in value for row in rows for value in row.values() if value)
    b = next(row for row in rows if row["id"] == B)
    p10, p50, p90 = (float(b[f"percentiles.tco_usd.{k}"]) for k in ("p10", "p50", "p90"))
    assert p10 <= p50 <= p90


def test_samples_say_what_a_row_is(capsys, tmp_path):
    samples = tmp_path / "draws.csv"
    code, _, err = run(
        capsys,
        "estimate",
        "--services",
        "5",
        "--draws",
        "1000",
        "--samples",
        str(samples),
        "--format",
        "table",
    )
    assert code == 0
    # 1,000 draws x 6 patterns, one row each, plus the header.
    assert (
        err.strip() == f"wrote 6,000 rows (1,000 draws x 6 patterns, one row a draw) to {samples}"
    )
    assert len(samples.read_text().splitlines()) == 6_001


@pytest.mark.parametrize("argv", [["--rate", "0"], ["--horizon", "12"], ["--shown", "zz"]])
def test_bad_settings_exit_1_naming_the_option(capsys, argv):
    code, out, err = run(capsys, "estimate", "--deterministic", *argv)
    assert (code, out) == (1, "")
    assert err.startswith(f"{argv[0]}: ")


def test_a_closed_pipe_ends_quietly():
    """``cli.py estimate | head -c 10``: the reader has gone (here before the first write, so the
    test does not race the child); no traceback, exit 141 as a shell tool killed by SIGPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        child = subprocess.run(
            [sys.executable, "cli.py", "estimate", "--services", "50", "--deterministic"],
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert child.returncode == 141
    assert child.stderr.decode() == ""
