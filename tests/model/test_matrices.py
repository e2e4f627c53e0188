"""The data behind the page's three matrices (issue 20): the pattern x service-count matrix, a
cell's story, and the risk matrix's (pattern, risk) points."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from accesscost.cli import main as cli_main
from accesscost.model.count_matrix import COUNTS, FIGURES, count_matrix, matrix_counts
from accesscost.model.engine import estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.limits import first_count_over, over_limit
from accesscost.model.matrix import decision_matrix, recommended_id
from accesscost.model.risk_matrix import (
    heat_band,
    heat_map,
    residual,
    risk_points,
    tolerance_curve,
)
from accesscost.model.simulation import simulate
from accesscost.model.stories import cell_story

CLI_FIGURES = {"annual_usd", "tco_usd", "compliance_usd_per_year", "operations_hours_per_year"}


def cli_estimate(services: int, capsys) -> dict:
    assert cli_main(["estimate", "--services", str(services), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_columns_are_the_fixed_counts_and_the_chosen_one_once():
    assert matrix_counts(77).tolist() == [1, 5, 10, 25, 50, 77, 100, 250, 500, 1_000, 10_000]
    assert matrix_counts(50).tolist() == list(COUNTS)  # 50 is a column already: not twice


def test_every_cell_is_cli_estimate_at_its_columns_count(default_assumptions, capsys):
    """Each column of each figure is what ``cli.py estimate --services N`` prints at that N, and
    the marked pattern is the one the CLI's figures make cheapest (lowest TCO among valid
    patterns no limit rules out)."""
    matrices = {f: count_matrix(default_assumptions, 77, f) for f in FIGURES}
    some = matrices["annual_usd"]
    for column, count in enumerate(some.counts.tolist()):
        printed = {p["id"]: p for p in cli_estimate(count, capsys)["patterns"]}
        for figure, matrix in matrices.items():
            for row, pid in enumerate(matrix.pattern_ids):
                assert matrix.values[row, column] == pytest.approx(printed[pid][figure], abs=0.01)
                assert matrix.ruled_out[row, column] == printed[pid]["ruled_out_by_limit"]
        valid = [
            p for p in printed.values() if p["meets_requirement"] and not p["ruled_out_by_limit"]
        ]
        cheapest = min(valid, key=lambda p: p["tco_usd"])["id"]
        assert some.recommended[column] == cheapest, count


def test_bands_at_the_chosen_count_are_the_decision_matrix_bands(default_assumptions):
    result = estimate(default_assumptions, 77)
    rows = {r.pattern.id: r for r in decision_matrix(result, default_assumptions.org.bands)}
    columns = {
        "annual_usd": "cost_impact",
        "compliance_usd_per_year": "compliance_risk",
        "operations_hours_per_year": "operational_overhead",
    }
    for figure, column in columns.items():
        matrix = count_matrix(default_assumptions, 77, figure)
        at = matrix.column(77)
        for row, pid in enumerate(matrix.pattern_ids):
            assert matrix.bands[row, at] == rows[pid].cells[column].band, (figure, pid)


def test_a_published_limit_rules_the_task_role_out_from_5001_services(default_assumptions):
    """B makes one IAM role per service; one account holds at most 5,000 roles (its YAML's
    limit), so B stops at 5,001 and 10,000 services recommends another pattern."""
    b = default_assumptions.patterns["b-task-role"]
    assert first_count_over(b, default_assumptions) == 5_001
    matrix = count_matrix(default_assumptions, 50, "annual_usd")
    row = matrix.pattern_ids.index("b-task-role")
    assert matrix.ruled_out[row].tolist() == [False] * 9 + [True]  # only the 10,000 column
    assert matrix.recommended[matrix.column(1_000)] == "b-task-role"
    assert matrix.recommended[matrix.column(10_000)] not in (None, "b-task-role")
    assert matrix.changes() == [(10_000, matrix.recommended[-1])]
    at_10k = estimate(default_assumptions, 10_000)
    assert recommended_id(at_10k) == matrix.recommended[-1]
    rows = decision_matrix(at_10k, default_assumptions.org.bands)
    flag = next(r.flag for r in rows if r.pattern.id == "b-task-role")
    assert flag.startswith(
        "does not meet the requirement: exceeds a published limit at 10,000 services: IAM roles "
        "in one AWS account (one task role per service) needs 10,000, quota 1,000 by default, "
        "at most 5,000 (AWS IAM User Guide"
    )


def test_a_cells_story_adds_up_to_its_figure(default_assumptions):
    """The implementation cell's items sum to the engine's hours; the band edges are org.yaml's
    (Low <= 8 h, Medium <= 40, High <= 160); the distribution comes from the simulation."""
    org = default_assumptions.org
    result = estimate(default_assumptions, 50)
    sim = simulate(default_assumptions, 50, 2_000, np.random.default_rng(7))
    story = cell_story(result, org.bands, "d-iam-user-keys", "implementation_time", sim=sim)
    figures = result.patterns["d-iam-user-keys"]
    assert story.total_hours == pytest.approx(float(figures.implementation_hours[0]))
    assert story.total_usd == pytest.approx(float(figures.implementation_usd[0]))
    assert all(item.section == "implementation" and item.source for item in story.items)
    assert story.bands.edges == (("Low", 8), ("Medium", 40), ("High", 160), ("Very High", None))
    assert story.bands.value == pytest.approx(story.total_hours)
    spread = story.distribution
    assert spread.p10 <= spread.p50 <= spread.p90
    assert sum(spread.counts) == 2_000 and len(spread.edges) == len(spread.counts) + 1


def test_the_compliance_cells_story_names_its_threats_and_controls(default_assumptions):
    result = estimate(default_assumptions, 50)
    story = cell_story(result, default_assumptions.org.bands, "d-iam-user-keys", "compliance_risk")
    pattern = default_assumptions.patterns["d-iam-user-keys"]
    threats = default_assumptions.threats  # issue 16: the pattern's risk is per shared threat
    assert [t.name for t in story.threats] == [threats[r.threat].name for r in pattern.risks]
    assert sum(t.usd for t in story.threats) == pytest.approx(
        float(result.patterns["d-iam-user-keys"].compliance_usd_per_year[0])
    )
    assert story.controls == tuple(pattern.controls) and story.controls
    assert story.band == "Critical" and story.bands.edges[-1] == ("Critical", None)


def test_risk_points_add_up_to_the_engines_expected_loss(default_assumptions):
    """ALE = LEF x magnitude per risk; a pattern's points sum to its expected loss a year."""
    result = estimate(default_assumptions, 50)
    points = risk_points(default_assumptions, 50)
    for pid, figures in result.patterns.items():
        mine = [p for p in points if p.pattern_id == pid]
        assert len(mine) == len(figures.pattern.risks) + len(figures.pattern.compliance)
        assert all(p.ale_usd == pytest.approx(p.lef * p.magnitude_usd) for p in mine)
        total = sum(p.ale_usd for p in mine)
        assert total == pytest.approx(float(figures.compliance_usd_per_year[0]))


def test_residual_risk_is_never_above_inherent(default_assumptions):
    inherent = risk_points(default_assumptions, 50)
    guarded = risk_points(default_assumptions, 50, guarded=True)
    assert [(p.pattern_id, p.name) for p in guarded] == [(p.pattern_id, p.name) for p in inherent]
    assert all(g.lef <= i.lef + 1e-12 for g, i in zip(guarded, inherent, strict=True))
    assert sum(g.ale_usd for g in guarded) < sum(i.ale_usd for i in inherent)
    b = residual(default_assumptions).patterns["b-task-role"]
    assert b.risks != default_assumptions.patterns["b-task-role"].risks  # guardrails act on them
    mine = [
        (g.ale_usd, i.ale_usd)
        for g, i in zip(guarded, inherent, strict=True)
        if i.pattern_id == "b-task-role"
    ]
    assert sum(g for g, _ in mine) < sum(i for _, i in mine)


def test_tolerance_curve_by_hand(default_assumptions):
    """Tolerance at 50 services: P(loss > $100K) <= 5%.
    - one event of $200K already exceeds it: P(N >= 1) = 1 - e^-f = 0.05, f = -ln 0.95 = 0.05129;
    - $50K an event needs 3 events (floor(100K / 50K) + 1): 1 - e^-f (1 + f + f^2 / 2) = 0.05,
      f = 0.8177 (check: e^-0.8177 = 0.44144; 1 + 0.8177 + 0.33432 = 2.15202; 0.44144 x 2.15202
      = 0.95000)."""
    tolerance = tolerance_at(default_assumptions.org, 50)
    curve = tolerance_curve(tolerance, np.array([200_000.0, 50_000.0, 10.0]))
    assert curve[0] == pytest.approx(-math.log(0.95), rel=1e-6)
    assert curve[1] == pytest.approx(0.8177, abs=1e-4)
    assert math.isnan(curve[2])  # 10,001 events: beyond the curve's reach, not drawn


def test_heat_map_counts_every_point_once_with_org_edges(default_assumptions):
    org = default_assumptions.org
    points = risk_points(default_assumptions, 50)
    grid = heat_map(points, org)
    assert grid.counts.sum() == len(points)
    assert grid.ale_usd.sum() == pytest.approx(sum(p.ale_usd for p in points))
    edges = org.risk_heat_map.frequency_per_year  # [0.01, 0.1, 1, 10]
    assert [heat_band(v, edges) for v in (0.01, 0.011, 1, 10, 11)] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("per", "max_units", "first"),
    [
        ("service", 5_000, 5_001),
        ("host", 100, 401),  # 4 services a host: 400 fill 100 hosts, the 401st needs a 101st
        ("deployment", 1, None),
        ("access-key", 1, None),  # the org's one key fits
        ("service", 10_000, None),  # the count never goes past 10,000
    ],
)
def test_where_a_limit_starts_agrees_with_the_units_it_counts(
    default_assumptions, per, max_units, first
):
    base = default_assumptions.patterns["b-task-role"]
    update = {"per": per, "limit": max_units, "adjustable": False, "maximum": None}
    limit = base.limits[0].model_copy(update=update)
    pattern = base.model_copy(update={"limits": [limit]})
    assert first_count_over(pattern, default_assumptions) == first
    over = over_limit(pattern, default_assumptions, np.arange(1, 10_001))
    assert (int(np.argmax(over)) + 1 if over.any() else None) == first
