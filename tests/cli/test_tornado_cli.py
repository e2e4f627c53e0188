"""``cli.py tornado``: every uncertain input of every kind, swung from its P10 to its P90, sorted
by swing, with plain-word labels (main had no such command, swung PERT inputs min -> max and
lognormal ones P5 -> P95, and left the 25 probabilities, 25 hours and the rate as points)."""

from __future__ import annotations

import json

import pytest

from accesscost import cli
from accesscost.model.sensitivity import KINDS, Output, tornado


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["tornado", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_input_sorted_by_swing(capsys, default_assumptions):
    code, out, _ = run(
        capsys, "--services", 50, "--of", "b-task-role", "--against", "d-iam-user-keys"
    )
    assert code == 0
    document = json.loads(out)
    assert document["figure"] == "tco_usd" and document["percentiles"] == [10.0, 90.0]
    inputs = document["inputs"]
    assert {"path", "label", "kind", "low", "high", "swing"} <= set(inputs[0])
    swings = [row["swing"] for row in inputs]
    assert swings == sorted(swings, reverse=True)
    assert {row["kind"] for row in inputs} == {"frequency", "impact", "hours", "usd", "rate"}
    assert all(
        row["swing"] == pytest.approx(abs(row["high"] - row["low"]), abs=0.02) for row in inputs
    )
    engine = tornado(default_assumptions, Output("b-task-role", "d-iam-user-keys"), 50)
    assert document["base"] == pytest.approx(engine.base_usd, abs=0.01)
    # the judgement frequencies, hours and the rate are ranges now, so they are inputs
    paths = [row["path"] for row in inputs]
    assert "org/labour/hourly rate/hourly_rate_usd" in paths
    assert any(p.endswith("/vulnerability") for p in paths)
    assert not any("·" in row["label"] or "_usd" in row["label"] for row in inputs)


def test_a_figure_other_than_the_tco(capsys):
    code, out, _ = run(
        capsys, "--services", 10, "--of", "d-iam-user-keys", "--figure", "compliance_usd_per_year"
    )
    document = json.loads(out)
    assert code == 0 and document["figure"] == "compliance_usd_per_year"
    kinds = {row["kind"] for row in document["inputs"] if row["swing"] > 0}
    assert kinds == {"frequency", "impact"}  # only risk inputs move the expected loss


def test_the_table_names_the_output_and_the_percentiles(capsys):
    code, out, _ = run(capsys, "--services", 50, "--of", "b-task-role", "--format", "table")
    assert code == 0
    assert out.splitlines()[0].startswith("TCO of B) IAM task role")
    assert "each input from its P10 to its P90" in out.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--of", "zz"), "unknown pattern 'zz'"),
        (("--of", "b-task-role", "--figure", "nope"), "unknown figure 'nope'"),
        (("--of", "b-task-role", "--services", "0"), "--services"),
    ],
)
def test_bad_requests_are_one_line_each(capsys, args, message):
    full = ("--services", 50, *args) if "--services" not in args else args
    code, out, err = run(capsys, *full)
    assert code == 1 and out == "" and message in err and "Traceback" not in err


def test_every_kind_has_a_unit():
    assert {kind for kind, _ in KINDS.values()} == {"frequency", "impact", "hours", "usd", "rate"}
